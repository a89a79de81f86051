"""Small FR/EN lexicons and patterns, matched on the *folded* view (lower case, no accents, leetspeak
and spaced letters undone), so "c0ca1ne", "k a l a c h" and "cocaïne" are the same word.

They serve two purposes: locating the offending words for a finding's span (the models score the
whole post, the lexicon says where), and the per-category evidence of illegal conduct, for which no
public dataset exists. Patterns are plain alternations with bounded gaps (no nested quantifiers), so
they run in linear time on any input.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator

import re2


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


class Lexicon:
    """A whole-word pattern run by RE2 (linear time, a few µs even for a large alternation, where
    Python's backtracking ``re`` tries every alternative at every position).

    RE2 has no look-around and its ``\\b`` is ASCII-only, so a match is kept only if the characters
    around it are not Unicode letters or digits: "con" in "conñ" or "écon" is rejected.
    """

    def __init__(self, body: str, *, whole_words: bool = True) -> None:
        from charte.detectors._phrases import prefilter

        self.whole_words = whole_words
        self.fast = re2.compile(rf"\b(?:{body})\b" if whole_words else body)
        # The substrings every match contains, found in one Aho-Corasick pass: most posts hold none, and
        # then RE2 (whose Python wrapper costs ~10 µs a call) is not run at all.
        self.gate = prefilter(body)

    def finditer(self, text: str) -> Iterator[re2._Match]:
        """Lazy: stop consuming early to bound the cost on spam (RE2's Python wrapper is slow per match)."""
        if self.gate is not None:
            try:
                if not self.gate.find_matches_as_indexes(text):
                    return
            except (UnicodeEncodeError, ValueError, TypeError):   # lone surrogates: no pre-check
                pass
        try:
            matches = self.fast.finditer(text)
            first = next(matches, None)
        except UnicodeEncodeError:  # lone surrogates: same-length replacement keeps the offsets
            text = _SURROGATE.sub("\ufffd", text)
            matches = self.fast.finditer(text)
            first = next(matches, None)
        if first is None:
            return
        for m in itertools.chain((first,), matches):
            if self.whole_words and (_is_word(text, m.start() - 1) or _is_word(text, m.end())):
                continue
            yield m


_SURROGATE = re.compile("[\ud800-\udfff]")


def _is_word(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def compile_words(words: Iterable[str]) -> Lexicon:
    """Whole-word alternation; a trailing ``*`` in a word allows any word ending (inflections)."""
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return Lexicon(_alt(parts))


# --- illegal conduct -------------------------------------------------------------------------------
_OFFER = ["vend*", "revend*", "achete*", "achat", "dispo", "plan", "plug", "livr*", "commande*", "selling",
          "sell*", "buy*", "cop", "hmu", "dm", "deal*", "fournis*", "cherche", "need", "want", "stock",
          "for sale", "a vendre", "a dispo", "prix", "price", "cash", "qui a", "who has", "got"]
_HOWTO = ["comment fabriquer", "comment faire", "tuto*", "how to make", "how to build", "how to", "recette",
          "astuce*", "methode pour", "guide"]

ILLEGAL: dict[str, dict[str, list[str]]] = {
    "drugs": {
        "items": ["cocaine", "coke", "heroine", "heroin", "crack", "meth", "methamphetamine", "mdma", "ecstasy",
                  "extasy", "molly", "lsd", "ketamine", "keta", "beuh", "shit", "weed", "herbe", "cannabis",
                  "haschich", "hasch", "pollen", "resine", "cachetons", "cachets", "xanax", "oxy", "oxycodone",
                  "fentanyl", "codeine", "lean", "purple drank", "ghb", "speed", "amphet*", "champignons magiques",
                  "shrooms", "10g", "barrette", "pochon*", "taz"],
        "strong": ["dealer", "dealeur", "trafic de drogue", "drug dealing", "deal de", "go fast", "point de deal",
                   "sans ordonnance", "no prescription", "no script"],
    },
    "weapons": {
        "items": ["flingue*", "gun", "guns", "glock*", "kalash*", "kalachnikov", "ak47", "ak-47", "ar15", "ar-15",
                  "pistolet*", "revolver", "fusil*", "calibre", "munitions", "ammo", "9mm", "silencieux",
                  "silencer", "bombe", "bomb", "explosif*", "explosives", "grenade*", "pipe bomb", "ghost gun"],
        "strong": ["sans papiers", "no paperwork", "non declare*", "numero lime", "serial filed",
                   "bombe artisanale", "pipe bomb", "ghost gun", "arme non declaree", "untraceable"],
    },
    "fraud": {
        "items": ["faux billets", "fake bills", "counterfeit", "contrefa*", "faux papiers", "fake id*",
                  "faux permis", "fake passport*", "cvv", "fullz", "carte bancaire", "cc dump*", "dumps",
                  "blanchi*", "launder*", "money laundering", "fraude*", "frauder", "fraud", "arnaque*", "scam*",
                  "phishing", "hameconnage", "usurpation", "identity theft", "cheques voles", "stolen cards",
                  "faux arret maladie", "fausse facture*", "fake invoice*", "ponzi", "travail au noir",
                  "evasion fiscale", "tax evasion", "tax fraud", "paie en liquide"],
        "strong": ["faux billets", "fake bills", "counterfeit money", "fullz", "cvv", "faux papiers", "fake ids",
                   "blanchiment", "money laundering", "sans se faire prendre", "without getting caught",
                   "cheques voles", "stolen cards", "faux arret maladie", "frauder la", "frauder les"],
    },
    "piracy": {
        "items": ["crack*", "keygen", "warez", "torrent*", "streaming illegal", "telechargement illegal",
                  "iptv", "compte netflix", "netflix account*", "cle windows", "windows key*", "serial",
                  "pirate*", "pirater", "hack*", "ddl", "free download*"],
        "strong": ["compte netflix crack*", "cracked account*", "iptv illimite", "keygen", "warez",
                   "streaming illegal", "pirater le wifi", "hack wifi", "cle windows piratee", "film gratuit en dl"],
    },
    "violence": {
        "items": ["braquer", "braquage", "rob", "robbery", "loot*", "piller", "caillasser", "casser du flic",
                  "tabasser", "lyncher", "agresser", "incendier", "bruler", "burn down", "attack", "attentat",
                  "voler", "vole dans", "shoplift*", "steal*", "vol a l'etalage", "racket*", "kidnap*",
                  "sequestrer"],
        "strong": ["on va braquer", "let's rob", "gonna rob", "caillasser les flics", "vol a l'etalage",
                   "shoplifting", "on va piller", "gonna loot", "mettre le feu a", "burn it down",
                   "je vole dans les magasins", "attentat"],
    },
}

_ILLEGAL_WORDS = {cat: compile_words(spec["items"]) for cat, spec in ILLEGAL.items()}
_ILLEGAL_STRONG = {cat: compile_words(spec["strong"]) for cat, spec in ILLEGAL.items()}
_CUES = compile_words(_OFFER + _HOWTO)
_ANY_ILLEGAL = compile_words([w for spec in ILLEGAL.values() for ws in spec.values() for w in ws])
_CUE_WINDOW = 60  # characters between a cue ("vends", "how to") and an item
_MAX_HITS = 50  # per category and strength: enough to find the strongest, bounded on spam


def illegal_hits(folded: str) -> list[tuple[str, int, int, float]]:
    """``(category, start, end, strength)`` in the folded text: 0.9 for a strong phrase or an item near
    an offer/how-to cue, 0.4 for an item alone (mentions are common in news and jokes)."""
    hits: list[tuple[str, int, int, float]] = []
    if next(_ANY_ILLEGAL.finditer(folded), None) is None:
        return hits
    cues = [m.start() for m in _CUES.finditer(folded)]
    for cat in ILLEGAL:
        for m in itertools.islice(_ILLEGAL_STRONG[cat].finditer(folded), _MAX_HITS):
            hits.append((cat, m.start(), m.end(), 0.9))
        for m in itertools.islice(_ILLEGAL_WORDS[cat].finditer(folded), _MAX_HITS):
            i = bisect.bisect_left(cues, m.start() - _CUE_WINDOW)
            near = i < len(cues) and cues[i] <= m.start() + _CUE_WINDOW
            hits.append((cat, m.start(), m.end(), 0.8 if near else 0.4))
    return hits


# --- toxicity ----------------------------------------------------------------------------------------
INSULTS = [
    # French
    "con", "conne", "connard*", "connasse*", "abruti*", "debile*", "cretin*", "idiot*", "imbecile*", "salope*",
    "pute*", "putain", "encule*", "enfoire*", "batard*", "ordure*", "merde*", "pd", "tapette*", "gouine*",
    "nique", "niquer", "ntm", "fdp", "tg", "ta gueule", "ferme ta gueule", "va te faire foutre", "boloss*",
    "bouffon*", "naze*", "nul a chier", "sous-merde", "raclure*", "pourriture*", "trou du cul", "casse-toi",
    "grosse vache", "gros porc", "sale chien*", "sale race", "mongol", "mongole", "mongols", "clochard*", "escroc*",
    "voleur*", "menteur*", "minable*", "guignol*", "incapable*", "pauvre type", "tocard*", "blaireau*",
    # English
    "fuck*", "motherfuck*", "shit*", "bullshit", "bitch*", "bastard*", "asshole*", "dick", "dicks", "dickhead*",
    "cunt*", "whore*", "slut*", "moron*", "stupid", "dumbass*", "jackass*", "retarded", "loser*", "scumbag*",
    "piece of shit", "stfu", "gtfo", "wanker*", "twat*", "douchebag*", "crook*", "liar*", "fraudster*",
    "clown*", "pathetic", "worthless", "trash", "garbage",
]
THREATS = [
    r"(?:je |j'|j ?)(?:vais|vai|v|vas) te (?:\w+ )?(?:retrouver|tuer|buter|defoncer|demonter|peter|exploser|crever|"
    r"defigurer|frapper|niquer|faire la peau|egorger|bruler|soulever|briser|casser|detruire|taper|planter|"
    r"saigner|massacrer|eclater|allumer|fumer|retrouver et)",
    r"on (?:va|vas) (?:te|vous|le|la|les) (?:retrouver|tuer|buter|defoncer|niquer|faire|attendre|bruler|"
    r"egorger|crever)",
    r"(?:t'es|t es|tu es|vous etes) (?:mort|morte|morts|fini|finie)s?",
    r"je sais ou tu (?:habites|vis|bosses|travailles)",
    r"(?:tu vas|vous allez) (?:le )?(?:payer|regretter|voir ce qui)",
    r"fais gaffe a toi", r"fais attention a toi", r"je te retrouverai",
    r"i(?:'m| am|ll| will)? (?:gonna |going to |will )?(?:kill|find|hurt|shoot|stab|beat|murder|destroy|end) "
    r"(?:you|u|him|her|them|your)",
    r"i know where you (?:live|work|sleep)", r"watch your back", r"you(?:'re| are) (?:dead|done|finished)",
    r"(?:you|u)(?:'ll| will) (?:pay|regret)", r"put a bullet in", r"(?:burn|blow) (?:it|your \w+) (?:down|up)",
    r"(?:poser|mettre) une bombe", r"(?:plant|put) a bomb",
]
THREAT_RE = Lexicon("|".join(f"(?:{p})" for p in THREATS), whole_words=False)
INSULT_RE = compile_words(INSULTS)

# --- negativity towards a brand --------------------------------------------------------------------
NEGATIVE = [
    # French
    "nul", "nulle", "nuls", "naze", "pourri*", "arnaque*", "arnaqueur*", "escroc*", "escroquerie", "honte*",
    "honteux", "honteuse", "lamentable*", "inadmissible", "inacceptable", "scandale*", "scandaleux",
    "catastrophe", "catastrophique", "pire", "pires", "deplorable", "decevant*", "decu*", "deception",
    "incompetent*", "incapable*", "mediocre*", "minable*", "a fuir", "fuyez", "evitez", "boycott*",
    "degueulasse", "degueu", "voleur*", "voleurs", "menteur*", "mensonge*", "bidon", "merdique", "a chier",
    "plus jamais", "jamais plus", "ne marche pas", "marche pas", "en panne", "panne*", "dangereux", "toxique",
    "mauvais*", "horrible*", "inutile*", "ridicule*", "naze", "galere", "injoignable", "cher pour rien",
    # English
    "terrible", "awful", "horrible", "worst", "bad", "sucks", "suck", "crap*", "garbage", "trash", "scam*",
    "rip-off", "ripoff", "rip off", "fraud*", "liar*", "lying", "useless", "pathetic", "disgrace*",
    "disgusting", "unacceptable", "shameful", "shame on", "incompetent", "avoid", "boycott*", "never again",
    "broken", "doesn't work", "does not work", "dangerous", "toxic", "overpriced", "joke", "nightmare",
    "disappointing", "disappointed", "rubbish", "crooks", "thieves", "misleading",
]
NEGATIVE_RE = compile_words(NEGATIVE)
# "pas nul", "not bad": a negator right before flips the cue.
NEGATOR_RE = re.compile(r"(?:pas|plus|jamais|not|never|n't|no)\s+(?:si\s+|trop\s+|that\s+|so\s+)?$")


# --- illegal deals: explicit offers and requests ------------------------------------------------------
# Not model features (``illegal_hits`` is): these are the detector's own rules, strong enough alone. An
# item right after (or just before) a selling or buying phrase: "selling weed", "where can I buy coke",
# "qui a de la beuh", "vends beuh", "dm for plugs", "cherche un plan shit".
_DEAL_ITEMS = {
    "drugs": ["cocaine", "coke", "c0ke", "heroine", "heroin", "meth", "methamphetamine", "mdma", "ecstasy", "extasy",
              "molly", "lsd", "acid tabs", "ketamine", "keta", "beuh", "weed", "herbe", "cannabis", "haschich",
              "hasch", "shit", "pollen", "resine", "cachetons", "xanax", "xans", "xannies", "oxy", "oxys",
              "oxycodone", "percs", "percocet", "fentanyl", "fent", "codeine", "lean", "purple drank", "ghb",
              "amphet*", "champignons", "champis", "shrooms", "taz", "ecsta", "pills", "bud", "kush", "gram*",
              "grammes", "pochon*", "barrette*", "10g", "5g", "20g", "drugs", "drogue*", "dope", "crack", "cc",
              "zipette*", "plugs", "plug", "stup*", "speed", "tusi", "ritaline", "adderall", "addys", "md", "mdma",
              "3mmc", "ecstas*"],
    "weapons": ["flingue*", "gun", "guns", "glock*", "kalash*", "kalachnikov", "ak47", "ak-47", "ar15", "ar-15",
                "pistolet*", "revolver", "fusil*", "munitions", "ammo", "9mm", "silencieux", "silencer",
                "explosif*", "explosives", "grenade*", "ghost gun*", "arme*", "firearm*", "handgun*", "taser*",
                "calibre*"],
    "fraud": ["faux billets", "fake bills", "counterfeit money", "counterfeit notes", "faux papiers", "fake id*",
              "faux permis", "fake passport*", "faux passeport*", "fausse carte d'identite", "fausses cartes",
              "cvv", "fullz", "stolen card*", "cartes volees", "cb volee*", "numeros de carte", "card numbers",
              "stolen credit card*", "cc dump*", "dumps", "faux diplome*", "fake diploma*", "fausse ordonnance*",
              "fake prescription*", "faux arret*", "comptes bancaires", "bank logs", "logs bancaires",
              "fausses fiches de paie", "fake payslip*"],
    "piracy": ["compte netflix crack*", "comptes netflix", "netflix account*", "cracked account*",
               "cracked netflix", "iptv", "keygen", "warez", "cle windows", "windows key*", "comptes crack*",
               "comptes premium", "premium accounts", "spotify premium crack*"],
}
# Phrases that sell or ask for something; "weak" ones ("need", "j'ai", "got") are also everyday talk, so the
# item after them must be unambiguous ("need a coke" is a drink).
_STRONG_CUE = (
    r"(?:je |j'|on |we |i |im |i'm )?(?:vends?|vend|revends?|selling|sell|sells|for sale|a vendre|dispo|disponibles?|"
    r"available|en stock|in stock|livraison|livre|delivery|deliver|dm for|dm me for|dm pour|mp pour|hmu for|"
    r"hit me up for|plugs? pour|plugs? for|supply|supplying|fournis|fourni|"
    r"where (?:can|do|could|to) (?:i |we |u |you |one )?(?:buy|get|find|cop|score|order|grab)|"
    r"where to (?:buy|get|find|cop|score)|anyone (?:selling|sell|got|have|has|know where to (?:get|buy|find))|"
    r"any1 (?:selling|got|have)|who(?:'s| is) selling|who (?:sells|has|got|have|can get|can sell|delivers)|"
    r"looking to (?:buy|get|cop)|lf|wtb|want to buy|wanna buy|need a plug for|need a connect for|connect for|"
    r"seller of|dealer of|vendor of|supplier of|"
    r"qui (?:a|as|aurait|vend|vends|peut me (?:vendre|trouver|avoir|fournir)|connait un plan|a un plan)|"
    r"qqn a|qlq a|quelqu'un a|quelqu'un (?:vend|aurait|peut me (?:vendre|trouver|avoir))|"
    r"ou (?:acheter|trouver|choper|avoir|pecho|se procurer|commander)|"
    r"ou (?:est-ce qu'on|on|je) (?:peut|peux) (?:acheter|trouver|choper|avoir)|"
    r"(?:cherche|besoin d')un plan(?: pour| de)?|un plan (?:pour|de)|plan)")
_WEAK_CUE = (r"(?:need|needs|got|have|j'ai|jai|ya|y'a|il y a|cherche|je cherche|recherche|besoin de|besoin d'|"
             r"acheter|achete|commander|cheap|pas cher|prix|propose|offre|looking for)")
_GAP = r"(?: (?:some|any|a|an|the|good|cheap|real|du|de la|des|de|d'|un|une|le|la|les|quelques|bonne|bon|"
_GAP += r"decent|reliable|legit|fiable|sure|serieux|2|3|5|10|20|50|100|\w+g|grams?|grammes?|pack of|pochon de|"
_GAP += r"barrette de|boite de|box of|bottle of|plaquette de|tonight|ce soir|asap|urgent|vite)){0,3}"


def _deal_pattern(words: list[str]) -> str:
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return "|".join(sorted(parts, key=len, reverse=True))


_AFTER_ITEM = (r"(?:for sale|a vendre|dispo|disponibles?|available|en stock|in stock|livraison|delivery|for cheap|"
               r"going cheap|pas cher|dm me|dm moi|hmu|cash only|no paperwork|no questions asked|sans ordonnance|"
               r"no script|no prescription|mp moi|ecrivez-moi|message me|inbox me)")
_SEP = r"[^\w']{1,4}"   # a space, or emoji and punctuation between a cue and its item ("dispo 🍃 pochons")
_DEALS = {cat: (re.compile(rf"(?<![\w'])(?:{_STRONG_CUE}{_GAP}{_SEP}(?P<item>{_deal_pattern(items)})(?![\w])"
                           rf"|(?P<item2>{_deal_pattern(items)}){_GAP},? {_AFTER_ITEM})"),
                re.compile(rf"(?<![\w']){_WEAK_CUE}{_GAP}{_SEP}(?P<item>{_deal_pattern(items)})(?![\w])"))
          for cat, items in _DEAL_ITEMS.items()}
# Items that are also everyday words: after a strong cue they need a drug word elsewhere in the post
# ("plug for my charger"); after a weak cue they never count ("need a coke", "I have a gun licence").
_AMBIGUOUS_ITEMS = frozenset(["shit", "plug", "plugs", "speed", "crack", "lean", "bud", "pills", "gram", "grams",
                              "cc", "herbe", "pollen", "champignons", "dope", "acid tabs", "carte"])
_EVERYDAY_ITEMS = _AMBIGUOUS_ITEMS | {"md", "coke", "gun", "guns", "arme", "armes", "ammo", "taser", "calibre", "drugs",
                                      "drogue", "drogues", "pistolet", "fusil", "revolver", "iptv", "munitions",
                                      "comptes bancaires", "card numbers", "numeros de carte", "stup", "stups"}
_DRUG_CONTEXT = re.compile(r"(?<!\w)(?:weed|beuh|coke|molly|xanax|xans|oxy|mdma|lsd|ketamine|shit|hasch|"
                           r"plugs?|grammes?|\d+g|pochon|barrette|zip|joint|pilon|buzz|defonce|high|stoned|420|"
                           r"dealer|tarpe|spliff|bedo|bedot|teuchi|teush|chichon|weed|un plan)(?!\w)|💊|🍃|🌿|❄")


# Every item as one RE2 pass: a post naming none of them (almost all) skips the deal patterns.
_DEAL_GATE = compile_words([w for items in _DEAL_ITEMS.values() for w in items])


def illegal_deals(folded: str) -> list[tuple[str, int, int]]:
    """``(category, start, end)`` of explicit offers and requests of illegal goods (the item's span)."""
    out: list[tuple[str, int, int]] = []
    if next(_DEAL_GATE.finditer(folded), None) is None:
        return out
    for cat, (strong, weak) in _DEALS.items():
        for m in itertools.islice(strong.finditer(folded), _MAX_HITS):
            group = "item" if m.group("item") is not None else "item2"
            item = m.group(group)
            if item in _AMBIGUOUS_ITEMS and len(_DRUG_CONTEXT.findall(folded)) < 2:
                continue
            out.append((cat, m.start(group), m.end(group)))
        for m in itertools.islice(weak.finditer(folded), _MAX_HITS):
            if m.group("item") not in _EVERYDAY_ITEMS:
                out.append((cat, m.start("item"), m.end("item")))
    return out
