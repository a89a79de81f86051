"""Cue words and patterns of the language detectors, matched on the *folded* view: where in a post
the threat (``toxicity``) or the complaint (``negativity``) that a model scored is, and explicit offers
and requests of illegal goods (``illegal``), strong enough alone.

Only detectors read these; the lists a model also reads (illegal-conduct evidence) and the
:class:`~charte.models.lexicons.Lexicon` matcher are in :mod:`charte.models.lexicons`. Patterns are plain
alternations with bounded gaps (no nested quantifiers), so they run in linear time on any input.
"""

from __future__ import annotations

import itertools
import re

import ahocorasick_rs

from charte.detectors.support.deal_acts import composed_deals
from charte.detectors.support.deal_shapes import (
    ILLICIT_GATE,
    ILLICIT_GOODS,
    ILLICIT_GOODS_RE,
    own_loss,
    vendor_cue_near,
)
from charte.models.lexicons import MAX_HITS, WEAPONS, Lexicon, compile_words

# --- threats (toxicity) ----------------------------------------------------------------------------------------
THREATS = [
    r"(?:je |j'|j ?)(?:vais|vai|v|vas) te (?:\w+ )?(?:retrouver|tuer|buter|defoncer|demonter|peter|exploser|crever|"
    r"defigurer|frapper|niquer|faire la peau|egorger|bruler|soulever|briser|casser|detruire|taper|planter|"
    r"saigner|massacrer|eclater|allumer|fumer|retrouver et)",
    r"on (?:va|vas) (?:te|vous|le|la|les) (?:retrouver|tuer|buter|defoncer|niquer|faire|attendre|bruler|"
    r"egorger|crever)",
    r"(?:t'es|t es|tu es|vous etes) (?:mort|morte|morts|fini|finie)s?",
    r"je sais ou tu (?:habites|vis|bosses|travailles)",
    r"(?:tu vas|vous allez) (?:le )?(?:payer|regretter|voir ce qui)",
    r"fais gaffe a toi",
    r"fais attention a toi",
    r"je te retrouverai",
    r"i(?:'m| am|ll| will)? (?:gonna |going to |will )?(?:kill|find|hurt|shoot|stab|beat|murder|destroy|end) "
    r"(?:you|u|him|her|them|your)",
    r"i know where you (?:live|work|sleep)",
    r"watch your back",
    r"you(?:'re| are) (?:dead|done|finished)",
    r"(?:you|u)(?:'ll| will) (?:pay|regret)",
    r"put a bullet in",
    r"(?:burn|blow) (?:it|your \w+) (?:down|up)",
    r"(?:poser|mettre) une bombe",
    r"(?:plant|put) a bomb",
]
# Whole words: inside a word "i will end u" is "will end up" ("the dog will end up in the pond").
THREAT_RE = Lexicon("|".join(f"(?:{p})" for p in THREATS))

# --- negativity towards a brand --------------------------------------------------------------------
NEGATIVE = [
    # French
    "nul",
    "nulle",
    "nuls",
    "naze",
    "pourri*",
    "arnaque*",
    "arnaqueur*",
    "escroc*",
    "escroquerie",
    "honte*",
    "honteux",
    "honteuse",
    "lamentable*",
    "inadmissible",
    "inacceptable",
    "scandale*",
    "scandaleux",
    "catastrophe",
    "catastrophique",
    "pire",
    "pires",
    "deplorable",
    "decevant*",
    "decu*",
    "deception",
    "incompetent*",
    "incapable*",
    "mediocre*",
    "minable*",
    "a fuir",
    "fuyez",
    "evitez",
    "boycott*",
    "degueulasse",
    "degueu",
    "voleur*",
    "voleurs",
    "menteur*",
    "mensonge*",
    "bidon",
    "merdique",
    "a chier",
    "plus jamais",
    "jamais plus",
    "ne marche pas",
    "marche pas",
    "en panne",
    "panne*",
    "dangereux",
    "toxique",
    "mauvais*",
    "horrible*",
    "inutile*",
    "ridicule*",
    "naze",
    "galere",
    "injoignable",
    "cher pour rien",
    # English
    "terrible",
    "awful",
    "horrible",
    "worst",
    "bad",
    "sucks",
    "suck",
    "crap*",
    "garbage",
    "trash",
    "scam*",
    "rip-off",
    "ripoff",
    "rip off",
    "fraud*",
    "liar*",
    "lying",
    "useless",
    "pathetic",
    "disgrace*",
    "disgusting",
    "unacceptable",
    "shameful",
    "shame on",
    "incompetent",
    "avoid",
    "boycott*",
    "never again",
    "broken",
    "doesn't work",
    "does not work",
    "dangerous",
    "toxic",
    "overpriced",
    "joke",
    "nightmare",
    "disappointing",
    "disappointed",
    "rubbish",
    "crooks",
    "thieves",
    "misleading",
]
NEGATIVE_RE = compile_words(NEGATIVE)
# "pas nul", "not bad": a negator right before flips the cue.
NEGATOR_RE = re.compile(r"(?:pas|plus|jamais|not|never|n't|no)\s+(?:si\s+|trop\s+|that\s+|so\s+)?$")


# --- illegal deals: explicit offers and requests ------------------------------------------------------
# Not model features (``charte.models.lexicons.illegal_hits`` is): the detector's own rules, strong enough alone. An
# item right after (or just before) a selling or buying phrase: "selling weed", "where can I buy coke",
# "qui a de la beuh", "vends beuh", "dm for plugs", "cherche un plan shit".
_DEAL_ITEMS = {
    "drugs": [
        "cocaine",
        "coke",
        "c0ke",
        "heroine",
        "heroin",
        "l'hero",
        "meth",
        "metha",
        "methamphetamine",
        "mdma",
        "ecstasy",
        "extasy",
        "molly",
        "lsd",
        "acid tabs",
        "ketamine",
        "keta",
        "ket",
        "beuh",
        "beu",
        "weed",
        "herbe",
        "cannabis",
        "haschich",
        "hasch",
        "shit",
        "pollen",
        "resine",
        "cachetons",
        "xanax",
        "xans",
        "xannies",
        "oxy",
        "oxys",
        "oxycodone",
        "percs",
        "percocet",
        "bars",
        "zaza",
        "carts",
        "fentanyl",
        "fent",
        "codeine",
        "lean",
        "purple drank",
        "ghb",
        "amphet*",
        "champignons",
        "champis",
        "shrooms",
        "taz",
        "ecsta",
        "pills",
        "bud",
        "kush",
        "gram*",
        "grammes",
        "pochon*",
        "barrette*",
        "10g",
        "5g",
        "20g",
        "drugs",
        "drogue*",
        "dope",
        "crack",
        "cc",
        "zipette*",
        "plugs",
        "plug",
        # "stup*" would take "stupid", "stupide", "stupeur" for drugs
        "stup",
        "stups",
        "stupefiant*",
        "speed",
        "tusi",
        "ritaline",
        "adderall",
        "addys",
        "md",
        "mdma",
        "3mmc",
        "3-mmc",
        "3 mmc",
        "4-mmc",
        "2c-b",
        "2cb",
        "ecstas*",
        "8ths",
        "tabs of acid",
        "frappe",
        "eighths",
        "qps",
        "blow",
        "lyrica",
        "rivotril",
        "tramadol",
        "subutex",
        "pregabaline",
        "valium",
        "vicodin",
        "dilaudid",
    ],
    # the words the models' evidence shares (charte.models.lexicons.WEAPONS), then the deal rules' own
    "weapons": [
        *WEAPONS,
        "ghost gun*",
        # "arme*" would take "armée" (an army) and "armed" for weapons
        "arme",
        "armes",
        "armement*",
        "firearm*",
        "handgun*",
        "taser*",
        "calibre*",
    ],
    "fraud": [
        "faux billets",
        "fake bills",
        "counterfeit money",
        "counterfeit notes",
        "faux papiers",
        "fake id*",
        "faux permis",
        "fake passport*",
        "faux passeport*",
        "fausse carte d'identite",
        "fausses cartes",
        "cvv",
        "fullz",
        "stolen card*",
        "cloned card*",
        "cloned credit card*",
        "cartes clonees",
        "cartes bancaires clonees",
        "cb clonee*",
        "cartes volees",
        "cb volee*",
        "numeros de carte",
        "card numbers",
        "stolen credit card*",
        "cc dump*",
        "dumps",
        "faux diplome*",
        "fake diploma*",
        "fausse ordonnance*",
        "fake prescription*",
        "faux arret*",
        "comptes bancaires",
        "bank logs",
        "logs bancaires",
        "fausses fiches de paie",
        "fake payslip*",
        "fake euros",
        "fake dollars",
        "counterfeit euros",
        "faux euros",
        "stolen paypal*",
        "paypal accounts",
        "comptes paypal*",
        "hacked accounts",
        "stolen accounts",
        "comptes pirates",
        "stolen logins",
        "hacked logins",
        "stolen spotify*",
        "cracked software",
        "logiciels crackes",
    ],
    "piracy": [
        "compte netflix crack*",
        "comptes netflix",
        "netflix account*",
        "cracked account*",
        "cracked netflix",
        "iptv",
        "keygen",
        "warez",
        "cle windows",
        "windows key*",
        "comptes crack*",
        "comptes premium",
        "premium accounts",
        "spotify premium crack*",
    ],
}
# Phrases that sell or ask for something; "weak" ones ("need", "j'ai", "got") are also everyday talk, so the
# item after them must be unambiguous ("need a coke" is a drink).
_STRONG_CUE = (
    # texting drops the apostrophe and the "g" ("jvend", "sellin")
    r"(?:je |j'|j|on |we |i |im |i'm )?(?:vends?|vend|revends?|selling|sellin'?|sell|sells|for sale|a vendre|dispo|disponibles?|"
    r"available|en stock|in stock|livraison|livre|delivery|deliver|dm for|dm me for|dm pour|mp pour|hmu for|"
    r"hit me up for|plugs? pour|plugs? for|supply|supplying|fournis|fourni|"
    r"where (?:can|do|could|to) (?:i |we |u |you |one )?(?:buy|get|find|cop|score|order|grab)|"
    r"where to (?:buy|get|find|cop|score)|anyone (?:selling|sell|got|have|has|know where to (?:get|buy|find))|"
    r"any1 (?:selling|got|have)|who(?:'s| is) selling|who(?:'s| has) got|who (?:sells|has|got|have|can get|can sell|delivers)|"
    r"looking to (?:buy|get|cop)|lf|wtb|want to buy|wanna buy|need a plug for|need a connect for|connect for|"
    r"seller of|dealer of|vendor of|supplier of|"
    r"(?:qui|ki) (?:a|as|aurait|vend|vends|peut me (?:vendre|trouver|avoir|fournir)|connait un plan|a un plan)|"
    r"(?:vous savez|tu sais|tu connais|vous connaissez|qq1 sait|qqn sait|quelqu'un sait|jsais pas) "
    r"(?:ou|ki|qui) (?:on peut |je peux |jpeux )?(?:acheter|trouver|choper|avoir|pecho|vend)|"
    r"where (?:i|we|u|you) (?:can|could) (?:get|buy|find|cop|score)|tryna (?:cop|buy|score|grab)|"
    # a go-between offered: "my guy has xans", "mon plug a de la beuh"
    r"(?:my|our) (?:guy|plug|connect|dealer|cousin's guy) (?:has|got|is holding|sells|is selling|can get)|"
    r"(?:mon|notre|le) (?:plug|gars|dealer|contact) (?:a|vend|peut avoir|peut trouver)|"
    r"qqn a|qlq a|quelqu'un a|quelqu'un (?:vend|aurait|peut me (?:vendre|trouver|avoir))|"
    r"ou (?:acheter|trouver|choper|avoir|pecho|se procurer|commander)|"
    r"ou (?:est-ce qu'on|on|je) (?:peut|peux) (?:acheter|trouver|choper|avoir)|"
    r"(?:cherche|besoin d')un plan(?: pour| de)?|un plan (?:pour|de)|plan|"
    # requests put as how-to questions: "how do I get my hands on …", "comment je peux me procurer …"
    r"how (?:do|can|could|would) (?:i|we|u|you|one) (?:get|buy|find|cop|score|order|source|get hold of|"
    r"get (?:my|our) hands on)|get (?:my|our) hands on|get hold of|does (?:anyone|anybody|any1) (?:sell|have|got)|"
    r"anybody (?:selling|sell|got|have)|who can (?:hook me up with|get me|sort me out with)|hook me up with|"
    r"i can (?:do|get|sort|make) (?:you|u|ya)|je (?:peux|peut|px) (?:te|vous) (?:faire|avoir|trouver|fournir|procurer)|"
    r"(?:anyone|anybody|any1|some1|someone|somebody) know where to (?:get|buy|find|cop)|qui me vend|qui nous vend|"
    r"vente de|(?:vendor|seller|dealer|plug|connect)s? (?:that|who) (?:ships?|sells?|has|have|delivers?|does)|"
    r"comment (?:je peux|on peut|peut-on|puis-je|je pourrais|faire pour) (?:me |nous |se )?(?:procurer|acheter|"
    r"trouver|avoir|choper|pecho)|(?:me|se) procurer|qui (?:peut|pourrait) me (?:depanner|fournir|trouver))"
)
_WEAK_CUE = (
    r"(?:need|needs|got|have|j'ai|jai|(?<!\d )g|ya|y'a|il y a|cherche|je cherche|jcherche|recherche|besoin de|"
    r"besoin d'|je veux|jveux|j'veux|je voudrais|jvoudrais|moyen d'avoir|moyen de trouver|moyen d'acheter|"
    r"acheter|achete|commander|cheap|pas cher|prix|propose|offre|looking for|"
    # "can u get me some ket": a favour asked, a deal only for goods that are not everyday ("a coke")
    r"(?:can|could) (?:u|you|someone|anyone|any1|somebody|anybody) (?:get|sort|find) me)"
)
_GAP = r"(?: (?:some|any|a|an|the|good|cheap|real|du|de la|des|de|d'|un|une|le|la|les|quelques|bonne|bon|"
_GAP += (
    r"decent|reliable|legit|fiable|sure|serieux|2|3|5|10|20|50|100|\w+g|grams?|grammes?|pack of|pochon de|"
    r"few|couple of|couple|bit of|of|sum|sm|som|d la|dla|d'la|d|ptit|ptite|petit|petite|"
)
_GAP += r"barrette de|boite de|box of|bottle of|plaquette de|tonight|ce soir|asap|urgent|vite)){0,4}"


def _deal_pattern(words: list[str]) -> str:
    parts = [re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words]
    return "|".join(sorted(parts, key=len, reverse=True))


_AFTER_ITEM = (
    r"(?:for sale|a vendre|dispo|disponibles?|available|en stock|in stock|livraison|delivery|for cheap|"
    r"going cheap|pas cher|dm me|dm moi|hmu|cash only|no paperwork|no questions asked|sans ordonnance|"
    r"no script|no prescription|sans ordo|mp moi|ecrivez-moi|message me|inbox me)"
)
_SEP = r"[^\w']{1,4}"  # a space, or emoji and punctuation between a cue and its item ("dispo 🍃 pochons")
# An item word that is only the first half of an everyday thing: "weed killer", "coke zero", "crack filler".
_NOT_THE_ITEM = (
    r"(?![ \-]?(?:killers?|control|whackers?|wackers?|eaters?|barrier|membrane|fabric|zero|light|cola"
    r"|fillers?|repair|dryers?|dry|up|out|torch|jobs?|screens?|windscreens?|windshields?|glass|ecrans?|pare-brise"
    r"|eggs?|ribs?|tooth|teeth)(?![\w]))"
)
#: The item alternation of each category: its words, and for fraud the goods named by their illegality
#: ("fake driver's license", "comptes insta piratés": ``deal_shapes.ILLICIT_GOODS``).
_ITEM_RES = {
    cat: _deal_pattern(items) + (f"|{ILLICIT_GOODS}" if cat == "fraud" else "")
    for cat, items in _DEAL_ITEMS.items()
}
_DEALS = {
    cat: (
        re.compile(
            rf"(?<![\w'])(?:{_STRONG_CUE}{_GAP}{_SEP}(?P<item>{items})(?![\w]){_NOT_THE_ITEM}"
            rf"|(?P<item2>{items}){_GAP},? {_AFTER_ITEM})"
        ),
        # "du shit-ake": a hyphen and letters after the item make another word
        re.compile(rf"(?<![\w']){_WEAK_CUE}{_GAP}{_SEP}(?P<item>{items})(?![\w]|-\w){_NOT_THE_ITEM}"),
    )
    for cat, items in _ITEM_RES.items()
}
# Items that are also everyday words: after a strong cue they need a drug word elsewhere in the post
# ("plug for my charger"); after a weak cue they never count ("need a coke", "I have a gun licence").
_AMBIGUOUS_ITEMS = frozenset(
    [
        "shit",
        "plug",
        "plugs",
        "speed",
        "crack",
        "lean",
        "bud",
        "pills",
        "gram",
        "grams",
        "cc",
        "herbe",
        "pollen",
        "champignons",
        "dope",
        "blow",
        "frappe",
        "acid tabs",
        "carte",
        "bars",
        "carts",
        "10g",
        "5g",
        "20g",
    ]
)
_EVERYDAY_ITEMS = _AMBIGUOUS_ITEMS | {
    "md",
    "coke",
    "gun",
    "guns",
    "arme",
    "armes",
    "ammo",
    "taser",
    "calibre",
    "drugs",
    "drogue",
    "drogues",
    "pistolet",
    "fusil",
    "revolver",
    "iptv",
    "munitions",
    "comptes bancaires",
    "card numbers",
    "numeros de carte",
    "stup",
    "stups",
}
# A price per gram ("10€ le g", "60 le gramme", "£10 a gram", "$20/g"): how street drugs are priced. Gold and
# saffron are too, so it is one drug cue among two, never an offer alone (see ``_priced_deal``).
_PER_GRAM = (
    r"(?<![\w.,])(?:[£$]\s?)?[0-9]{1,4}(?:[.,][0-9]{1,2})?\s?(?:e|eur|euros?|€|£|\$|balles|quid|bucks|dollars?|"
    r"pounds?)?\s?(?:le|la|l'|the|a|an|per|par|/)\s?(?:g|gr|gramme|gram|grams)(?!\w)"
)
_PER_GRAM_RE = re.compile(_PER_GRAM)
#: Every price per gram holds a digit: a post without one (seven in ten) skips ``_PER_GRAM_RE``, whose
#: leading look-behind and optional currency make the regex engine try it at every position.
_ANY_DIGIT = re.compile(r"[0-9]")
_DRUG_CONTEXT = re.compile(
    r"(?<!\w)(?:weed|beuh|coke|molly|xanax|xans|oxy|mdma|lsd|ketamine|shit|hasch|"
    r"plugs?|grammes?|\d+g|pochon|barrette|zip|joint|pilon|buzz|defonce|high|stoned|420|"
    r"dealer|tarpe|spliff|bedo|bedot|teuchi|teush|chichon|weed|un plan|percs?|zaza|carts|xanax bars|"
    r"(?:bonne|grosse|de la) frappe)(?!\w)|💊|🍃|🌿|❄|" + _PER_GRAM
)


# Every item as one RE2 pass: a post naming none of them (almost all) skips the deal patterns.
_DEAL_GATE = compile_words([w for items in _DEAL_ITEMS.values() for w in items])


#: Emoji that stand for drugs in offers ("🍃❄️ dispo, DM"): leaf (weed), snowflake (cocaine), pill,
#: mushroom, plug (dealer), syringe. One alone is weather or gardening; two kinds, or one with a drug
#: word, next to a selling cue, are a coded menu.
_DRUG_EMOJI = re.compile("[🍃❄💊🍄🔌💉]")
_COMPOUND_AFTER = re.compile(_NOT_THE_ITEM.replace("(?!", "(?=", 1))


def everyday_compound(folded: str, end: int) -> bool:
    """Whether the item word ending at ``end`` is the first half of an everyday thing ("weed killer")."""
    return _COMPOUND_AFTER.match(folded, end) is not None


_ANY_EMOJI = re.compile("[🍃❄💊🍄🔌💉🌿]")
#: Emoji that mean drugs more than anything else in a selling post (a pill, a plug, a syringe).
_STRONG_EMOJI = frozenset("💊🔌💉")
#: Slang names of drugs that only next to drug emoji mean drugs ("that loud 🍃", "snow ❄️").
#: Not "snow" or "neige" next to a snowflake, nor "green" next to a leaf: those say what the emoji shows.
_EMOJI_SLANG = re.compile(r"(?<!\w)(?:loud|gas|za|zaza|exotics?|carts?|beans|blow|yayo|perico)(?!\w)")
_EMOJI_SALE_CUE = re.compile(
    r"(?<!\w)(?:dm|dms|mp|inbox|dispo|disponibles?|available|livraison|livre|delivery|deliver|drop|same day"
    r"|hmu|snap|telegram|tg|signal|wickr|whatsapp|menu|in bio|en bio|discret|discreet|24/7|cash|prix|prices?"
    r"|for sale|a vendre|vends?|selling|plug)(?!\w)"
)


def _emoji_deal(folded: str) -> tuple[int, int] | None:
    """The span of the first drug emoji of a coded offer, or ``None``."""
    emoji = list(itertools.islice(_DRUG_EMOJI.finditer(folded), MAX_HITS))
    if not emoji:
        return None
    kinds = {m.group() for m in emoji}
    words = _ANY_EMOJI.sub(" ", folded)
    named = _DRUG_CONTEXT.search(words) is not None or _EMOJI_SLANG.search(words) is not None
    if not named and (len(kinds) < 2 or not (kinds & _STRONG_EMOJI or len(kinds) >= 3)):
        return None  # "winter sale ❄️🍃": two seasonal emoji and nothing else that points at drugs
    if _EMOJI_SALE_CUE.search(folded) is None:
        return None
    return emoji[0].start(), emoji[0].end()


#: Drug words of the deal items (not the units): what makes a price per gram a drug price.
_DRUG_ITEM = compile_words(
    [w for w in _DEAL_ITEMS["drugs"] if not w.startswith(("gram", "10g", "5g", "20g"))]
)
# Any unit of weight ("gramme", "grams") is as everyday as "gram": a drug unit only with another drug cue.
#: Ambiguous items that a French partitive article makes a substance: "de la cc", "du shit", "de la dope" are
#: drugs where "un plug", "le speed" or "cc tout le monde" are not.
_PARTITIVE_ITEMS = frozenset({"cc", "shit", "dope", "crack", "speed", "lean", "bud", "md", "coke", "frappe"})
_PARTITIVE_BEFORE = re.compile(r"(?:\bde la|\bdu|\bde l'|\bd la|\bdla|\bd'la)\s?$")


#: What names the goods of a priced offer besides a deal item: drug emoji and street slang for quality.
_PRICED_NAMES = re.compile(r"[🍃❄💊🍄🌿]|(?<!\w)(?:(?:bonne|grosse|de la) frappe|loud|gas|za|exotics?)(?!\w)")


def _priced_deal(folded: str) -> tuple[int, int] | None:
    """The span of a price per gram in a selling post that names a drug ("bud, £10 a gram, same day drop",
    "bonne frappe dispo, 60 le gramme"), or ``None``: a price per gram alone is also gold or saffron."""
    price = _PER_GRAM_RE.search(folded)
    if price is None or _EMOJI_SALE_CUE.search(folded) is None:
        return None
    if next(_DRUG_ITEM.finditer(folded), None) is None and _PRICED_NAMES.search(folded) is None:
        return None  # "gold at $80 a gram from any dealer": nothing names a drug
    return price.start(), price.end()


#: The other categories' items that name illicit goods whatever the words around them ("cc dumps", "fullz",
#: "glock"), for vendor talk; everyday ones ("gun", "iptv", "card numbers") need an explicit cue.
_VENDOR_GOODS = {
    cat: compile_words(
        [w for w in _DEAL_ITEMS[cat] if w not in _EVERYDAY_ITEMS and not w.startswith(("arme", "calibre"))]
    )
    for cat in ("weapons", "fraud", "piracy")
}


#: Item words that name illicit goods whatever the words around them, per category, for ``composed_deals``
#: (the slang and everyday words are read there in context).
_CLEAR_GOODS = {
    "drugs": compile_words(
        [
            w
            for w in _DEAL_ITEMS["drugs"]
            if w not in _EVERYDAY_ITEMS
            and not w.startswith(("gram", "10g", "5g", "20g", "drog", "stup", "pochon", "barrette"))
        ]
    ),
    # guns are legal somewhere: only street names here, the others need a qualifier ("untraceable 9mm")
    "weapons": compile_words(["flingue*", "kalash*", "kalachnikov", "ghost gun*"]),
    "fraud": _VENDOR_GOODS["fraud"],
    "piracy": _VENDOR_GOODS["piracy"],
}


def _vendor_deals(folded: str) -> list[tuple[str, int, int]]:
    """Goods that a seller's way of taking orders is near ("100x oxy 30mg, stealth shipping, escrow only",
    "comptes insta piratés … à vendre", "bars and lean if anyone tryna link"): see ``deal_shapes``. An item that
    is also an everyday word needs a second drug cue (another item, a drug emoji or slang); everyday goods
    (guns, drinks) never count here."""
    found = [
        (cat, m.start(), m.end())
        for cat, lexicon in _VENDOR_GOODS.items()
        for m in itertools.islice(lexicon.finditer(folded), MAX_HITS)
    ]
    drugs = list(itertools.islice(_DRUG_ITEM.finditer(folded), MAX_HITS))
    for m in drugs:
        item = m.group()
        if item in _EVERYDAY_ITEMS and item not in _AMBIGUOUS_ITEMS:
            continue
        if item in _AMBIGUOUS_ITEMS or everyday_compound(folded, m.end()):
            others = sum(1 for o in drugs if o.group() != item) + len(
                _DRUG_CONTEXT.findall(_drop(folded, m.start(), m.end()))
            )
            if everyday_compound(folded, m.end()) or others == 0:
                continue
        found.append(("drugs", m.start(), m.end()))
    found += [
        ("fraud", m.start(), m.end())
        for m in itertools.islice(ILLICIT_GOODS_RE.finditer(folded), MAX_HITS)
        if not own_loss(folded, m.start())
    ]
    return [hit for hit in found if vendor_cue_near(folded, hit[1], hit[2])][:1]


def _drop(folded: str, start: int, end: int) -> str:
    """The post with one match blanked out, so that an item is not its own second cue."""
    return folded[:start] + " " * (end - start) + folded[end:]


# "une héroïne de roman", "la nouvelle héroïne de Marvel": a heroine, not heroin (sold bare or as "de l'héroïne").
_HEROINE_PERSON = re.compile(
    r"(?<![\w'])(?:une|la|cette|ma|ta|sa|notre|votre|leur|nouvelle|vraie|grande|jeune|petite|belle)"
    r"(?: [a-z]+)? $"
)


def _a_heroine(folded: str, start: int, end: int) -> bool:
    """Whether the item at ``start:end`` is "héroïne" read as a heroine (a determiner of a person before it)."""
    return (
        folded[start:end] == "heroine"
        and _HEROINE_PERSON.search(folded, max(0, start - 30), start) is not None
    )


def illegal_deals(folded: str) -> list[tuple[str, int, int]]:
    """``(category, start, end)`` of explicit offers and requests of illegal goods (the item's span), and of
    offers written in drug emoji (see ``_emoji_deal``)."""
    out: list[tuple[str, int, int]] = []
    # A word that names the drug is the span to show ("weed" rather than the "🍃" next to it).
    coded = _emoji_deal(folded) if _DRUG_EMOJI.search(folded) is not None else None
    if coded is None and _ANY_DIGIT.search(folded) is not None and _PER_GRAM_RE.search(folded) is not None:
        coded = _priced_deal(folded)
    if next(_DEAL_GATE.finditer(folded), None) is None and next(ILLICIT_GATE.finditer(folded), None) is None:
        if coded is not None:
            return [("drugs", *coded)]
        return composed_deals(folded, _CLEAR_GOODS)
    for cat, (strong, weak) in _DEALS.items():
        for m in itertools.islice(strong.finditer(folded), MAX_HITS):
            group = "item" if m.group("item") is not None else "item2"
            item = m.group(group)
            # A gram's own price ("a gram, available") is no second cue for the gram.
            seen = _PER_GRAM_RE.sub(" ", folded) if item.startswith("gram") else folded
            if (
                (item in _AMBIGUOUS_ITEMS or item.startswith("gram"))
                and len(_DRUG_CONTEXT.findall(seen)) < 2
                and not (item in _PARTITIVE_ITEMS and _PARTITIVE_BEFORE.search(folded, 0, m.start(group)))
            ):
                continue
            out.append((cat, m.start(group), m.end(group)))
        for m in itertools.islice(weak.finditer(folded), MAX_HITS):
            item = m.group("item")
            partitive = item in _PARTITIVE_ITEMS and _PARTITIVE_BEFORE.search(folded, 0, m.start("item"))
            if partitive or (item not in _EVERYDAY_ITEMS and not item.startswith("gram")):
                out.append((cat, m.start("item"), m.end("item")))
    # one hit per span (a strong and a weak cue can both name it: "où acheter de la coke")
    out = [hit for hit in dict.fromkeys(out) if not own_loss(folded, hit[1])]
    if not out:
        out = _vendor_deals(folded)
    if not out:
        out = composed_deals(folded, _CLEAR_GOODS)
    if coded is not None and not any(cat == "drugs" for cat, _, _ in out):
        out.append(("drugs", *coded))  # only when no word of the post names the drug
    return [hit for hit in out if not _a_heroine(folded, *hit[1:])]  # whichever rule found it


# --- drug names split in two or three ("coc aine", "mé tha", "keta-mine") ------------------------------------
# The folded view joins letters spaced out one by one ("c o k e"); a name cut into pieces of two letters or more
# is joined here, for the deal rules and the illegal-conduct word list only (each piece alone is no word of them).
_SPLIT_NAMES = (
    "cocaine",
    "cocaina",
    "heroine",
    "heroin",
    "ketamine",
    "methadone",
    "metha",
    "meth",
    "mdma",
    "ecstasy",
    "extasy",
    "fentanyl",
    "xanax",
    "molly",
    "coke",
    "cannabis",
    "oxycodone",
    "percocet",
)
_SPLIT_GAP = r"[ .\-_*]{1,2}"


#: Cuts whose every piece is a French or English word (the system dictionaries, read once when writing this):
#: "the hero in the film", "met had one", "canna bis" are words as written.
_WORDS_AS_WRITTEN = frozenset(
    [
        "coca ina",
        "co ca ina",
        "he roi ne",
        "hero in",
        "me thad one",
        "met ha done",
        "met had one",
        "met ha",
        "me th",
        "md ma",
        "canna bis",
        "can na bis",
        "can nab is",
        "per co cet",
    ]
)


def _cuts(word: str) -> list[tuple[str, ...]]:
    """``word`` cut once or twice, every piece two letters or more, not all of them words."""
    n = len(word)
    cuts: list[tuple[str, ...]] = [(word[:i], word[i:]) for i in range(2, n - 1)]
    cuts += [(word[:i], word[i:j], word[j:]) for i in range(2, n - 3) for j in range(i + 2, n - 1)]
    return [cut for cut in cuts if " ".join(cut) not in _WORDS_AS_WRITTEN]


_CUTS = [cut for word in sorted(_SPLIT_NAMES, key=len, reverse=True) for cut in _cuts(word)]
_SPLIT_RE = Lexicon("|".join(_SPLIT_GAP.join(cut) for cut in _CUTS))
# What every cut name holds: its first piece, the gap and two letters of the next ("coc ai", "me-th"), one
# Aho-Corasick pass that almost every post fails (the lexicon's own gate, a piece alone, passes most).
_SPLIT_GATE = ahocorasick_rs.AhoCorasick(
    sorted(
        {
            f"{cut[0]}{gap}{cut[1][:2]}"
            for cut in _CUTS
            for gap in [f"{a}{b}" for a in " .-_*" for b in ("", *" .-_*")]
        }
    )
)
_SPLIT_SEP = re.compile(_SPLIT_GAP)


def rejoin_split_names(folded: str) -> tuple[str, list[tuple[int, int]]]:
    """The folded text with split drug names joined ("coc aine" -> "cocaine "), padded with spaces to keep the
    offsets, and the ``[start, end)`` of each joined name (a span inside one covers all of it)."""
    try:
        if not _SPLIT_GATE.find_matches_as_indexes(folded):
            return folded, []
    except (UnicodeEncodeError, ValueError, TypeError):  # lone surrogates: no pre-check
        pass
    matches = list(itertools.islice(_SPLIT_RE.finditer(folded), MAX_HITS))
    if not matches:
        return folded, []
    out: list[str] = []
    pos = 0
    for m in matches:
        word = _SPLIT_SEP.sub("", m.group())
        out += [folded[pos : m.start()], word.ljust(m.end() - m.start())]
        pos = m.end()
    out.append(folded[pos:])
    return "".join(out), [(m.start(), m.end()) for m in matches]
