"""Small FR/EN lexicons and patterns, matched on the *folded* view (lower case, no accents, leetspeak
and spaced letters undone), so "c0ca1ne", "k a l a c h" and "cocaïne" are the same word.

Here: the :class:`Lexicon` matcher and the per-category evidence of illegal conduct (for which no public
dataset exists), which the scorer reports as ``illegal_categories`` and the ``illegal`` detector reads
too. The cue words only detectors use (threats, negativity, illegal deals) live with them, in
:mod:`charte.detectors.support.cues`. Patterns are plain alternations with bounded gaps (no nested
quantifiers), so they run in linear time on any input.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator

import re2

from charte import prefilter


def _alt(words: Iterable[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


class Lexicon:
    """A whole-word pattern run by RE2 (linear time, a few µs even for a large alternation, where
    Python's backtracking ``re`` tries every alternative at every position).

    RE2 has no look-around and its ``\\b`` is ASCII-only, so a match is kept only if the characters
    around it are not Unicode letters or digits: "con" in "conñ" or "écon" is rejected.
    """

    def __init__(self, body: str, *, whole_words: bool = True) -> None:
        self.whole_words = whole_words
        self.fast = re2.compile(rf"\b(?:{body})\b" if whole_words else body)
        # The substrings every match contains, found in the Aho-Corasick pass all gated patterns share
        # (prefilter.SHARED): most posts hold none, and then RE2 (whose Python wrapper costs ~10 µs a call)
        # is not run at all.
        self.gate = prefilter.automaton(body)

    def finditer(self, text: str) -> Iterator[re2._Match]:
        """Lazy: stop consuming early to bound the cost on spam (RE2's Python wrapper is slow per match)."""
        if self.gate is not None:
            try:
                if not self.gate.passes(text):
                    return
            except (UnicodeEncodeError, ValueError, TypeError):  # lone surrogates: no pre-check
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
_OFFER = [
    "vend*",
    "revend*",
    "achete*",
    "achat",
    "dispo",
    "plan",
    "plug",
    "livr*",
    "commande*",
    "selling",
    "sell*",
    "buy*",
    "cop",
    "hmu",
    "dm",
    "deal*",
    "fournis*",
    "cherche",
    "need",
    "want",
    "stock",
    "for sale",
    "a vendre",
    "a dispo",
    "prix",
    "price",
    "cash",
    "qui a",
    "who has",
    "got",
]
_HOWTO = [
    "comment fabriquer",
    "comment faire",
    "tuto*",
    "how to make",
    "how to build",
    "how to",
    "recette",
    "astuce*",
    "methode pour",
    "guide",
]

#: Weapons as both the illegal-conduct evidence below and the deal rules of ``charte.detectors.support.cues``
#: name them: one list, so that a word added here reaches both (each adds its own words after it).
WEAPONS: tuple[str, ...] = (
    "flingue*",
    "gun",
    "guns",
    "glock*",
    "kalash*",
    "kalachnikov",
    "ak47",
    "ak-47",
    "ar15",
    "ar-15",
    "pistolet*",
    "revolver",
    "fusil",
    "fusils",  # not "fusil*": a "fusillade" is news of a shooting
    "munitions",
    "ammo",
    "9mm",
    "silencieux",
    "silencer",
    "explosif*",
    "explosives",
    "grenade*",
)

ILLEGAL: dict[str, dict[str, list[str]]] = {
    "drugs": {
        "items": [
            "cocaine",
            "coke",
            # "heroine" alone is also a heroine ("une héroïne de roman")
            "de l'heroine",
            "d'heroine",
            "heroin",
            "crack",
            "meth",
            "methamphetamine",
            "mdma",
            "ecstasy",
            "extasy",
            "molly",
            "lsd",
            "ketamine",
            "keta",
            "beuh",
            "shit",
            "weed",
            "herbe",
            "cannabis",
            "haschich",
            "hasch",
            "pollen",
            "resine",
            "cachetons",
            "cachets",
            "xanax",
            "oxy",
            "oxycodone",
            "fentanyl",
            "codeine",
            "lean",
            "purple drank",
            "ghb",
            "speed",
            "amphet*",
            "champignons magiques",
            "shrooms",
            "10g",
            "barrette",
            "pochon*",
            "taz",
        ],
        "strong": [
            "dealer",
            "dealeur",
            "trafic de drogue",
            "drug dealing",
            "deal de",
            "go fast",
            "point de deal",
            "sans ordonnance",
            "no prescription",
            "no script",
        ],
    },
    "weapons": {
        # the shared words, then the evidence's own (bombs; "calibre" alone, where the deal rules take any ending)
        "items": [*WEAPONS, "calibre", "bombe", "bomb", "pipe bomb", "ghost gun"],
        "strong": [
            "sans papiers",
            "no paperwork",
            "non declare*",
            "numero lime",
            "serial filed",
            "bombe artisanale",
            "pipe bomb",
            "ghost gun",
            "arme non declaree",
            "untraceable",
        ],
    },
    "fraud": {
        "items": [
            "faux billets",
            "fake bills",
            "counterfeit",
            "contrefa*",
            "faux papiers",
            "fake id*",
            "faux permis",
            "fake passport*",
            "cvv",
            "fullz",
            "carte bancaire",
            "cc dump*",
            "dumps",
            "blanchi*",
            "launder*",
            "money laundering",
            "fraude*",
            "frauder",
            "fraud",
            "arnaque*",
            "scam*",
            "phishing",
            "hameconnage",
            "usurpation",
            "identity theft",
            "cheques voles",
            "stolen cards",
            "faux arret maladie",
            "fausse facture*",
            "fake invoice*",
            "ponzi",
            "travail au noir",
            "evasion fiscale",
            "tax evasion",
            "tax fraud",
            "paie en liquide",
        ],
        "strong": [
            "faux billets",
            "fake bills",
            "counterfeit money",
            "fullz",
            "cvv",
            "faux papiers",
            "fake ids",
            "blanchiment",
            "money laundering",
            "sans se faire prendre",
            "without getting caught",
            "cheques voles",
            "stolen cards",
            "faux arret maladie",
            "frauder la",
            "frauder les",
        ],
    },
    "piracy": {
        "items": [
            "crack*",
            "keygen",
            "warez",
            "torrent*",
            "streaming illegal",
            "telechargement illegal",
            "iptv",
            "compte netflix",
            "netflix account*",
            "cle windows",
            "windows key*",
            "serial",
            "pirate*",
            "pirater",
            "hack*",
            "ddl",
            "free download*",
        ],
        "strong": [
            "compte netflix crack*",
            "cracked account*",
            "iptv illimite",
            "keygen",
            "warez",
            "streaming illegal",
            "pirater le wifi",
            "hack wifi",
            "cle windows piratee",
            "film gratuit en dl",
        ],
    },
    "violence": {
        "items": [
            "braquer",
            "braquage",
            "rob",
            "robbery",
            "loot*",
            "piller",
            "caillasser",
            "casser du flic",
            "tabasser",
            "lyncher",
            "agresser",
            "incendier",
            "bruler",
            "burn down",
            "attack",
            "attentat",
            # "voler" is also to fly ("comment voler en parapente"): stealing has an object
            "voler des",
            "voler du",
            "voler un",
            "voler une",
            "voler le",
            "voler la",
            "voler les",
            "voler dans",
            "vole dans",
            "shoplift*",
            "steal*",
            "vol a l'etalage",
            "racket*",
            "kidnap*",
            "sequestrer",
        ],
        "strong": [
            "on va braquer",
            "let's rob",
            "gonna rob",
            "caillasser les flics",
            "vol a l'etalage",
            "shoplifting",
            "on va piller",
            "gonna loot",
            "mettre le feu a",
            "burn it down",
            "je vole dans les magasins",
            # an attack planned, not one reported ("les victimes de l'attentat")
            "preparer un attentat",
            "prepare un attentat",
            "preparent un attentat",
            "commettre un attentat",
            "planifier un attentat",
            "fomenter un attentat",
        ],
    },
}

_ILLEGAL_WORDS = {cat: compile_words(spec["items"]) for cat, spec in ILLEGAL.items()}
_ILLEGAL_STRONG = {cat: compile_words(spec["strong"]) for cat, spec in ILLEGAL.items()}
_CUES = compile_words(_OFFER + _HOWTO)
_ANY_ILLEGAL = compile_words([w for spec in ILLEGAL.values() for ws in spec.values() for w in ws])
_CUE_WINDOW = 60  # characters between a cue ("vends", "how to") and an item
MAX_HITS = 50  # per category and strength: enough to find the strongest, bounded on spam


def illegal_hits(folded: str) -> list[tuple[str, int, int, float]]:
    """``(category, start, end, strength)`` in the folded text: 0.9 for a strong phrase or an item near
    an offer/how-to cue, 0.4 for an item alone (mentions are common in news and jokes)."""
    hits: list[tuple[str, int, int, float]] = []
    if next(_ANY_ILLEGAL.finditer(folded), None) is None:
        return hits
    cues = [m.start() for m in _CUES.finditer(folded)]
    for cat in ILLEGAL:
        for m in itertools.islice(_ILLEGAL_STRONG[cat].finditer(folded), MAX_HITS):
            hits.append((cat, m.start(), m.end(), 0.9))
        for m in itertools.islice(_ILLEGAL_WORDS[cat].finditer(folded), MAX_HITS):
            i = bisect.bisect_left(cues, m.start() - _CUE_WINDOW)
            near = i < len(cues) and cues[i] <= m.start() + _CUE_WINDOW
            hits.append((cat, m.start(), m.end(), 0.8 if near else 0.4))
    return hits
