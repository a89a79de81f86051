"""Rule evidence of abuse for the toxicity detector, FR and EN, on the *folded* view of a post.

The models score how toxic a post sounds; these rules say what it does, and they decide on their own
where a word list is reliable and a model is not (short posts, evasions, hate without a rude word):

* **words** — slurs, insults and profanity, found even when misspelt to dodge a filter: letters
  doubled, dropped or swapped ("connnard", "conard", "salpoe"), spaces added or removed ("con nard",
  "fermetagueule"), letters masked ("f*ck", "b***h"), emoji for letters ("🅱itch"), plus what the
  folded view already undoes (leetspeak, separators "c.o.n.n.a.r.d", homoglyphs "connаrd").
* **targets** — an insult counts alone when it is aimed at someone (you, @someone, "ce connard",
  "he is an idiot", a vocative "Connard !"); untargeted profanity ("this is f***ing great") and abuse
  of objects or of non-protected groups ("politicians are clowns") are left to the model.
* **hate** — a protected group named with a hostile predicate, no rude word needed: derogation and
  dehumanisation ("X are vermin"), calls for violence ("X should be deported"), hatred ("I hate X"),
  negated positives ("X are not human"), as a question or an opinion, in a subordinate clause, or
  through a pronoun for a group named earlier ("… immigrants. They are parasites").
* **threats** — violence promised to a person, direct or conditional, in any tense, and violence wished
  on or called for against one ("someone should strangle him", "il faut le pendre").
* **guards** — counter-speech (the hateful words quoted, reported or condemned), reclaimed in-group
  use of a slur ("fière d'être gouine", "my nigga"), and negations ("immigrants are not criminals").
  A group named only in such statements, or in a positive one ("X built this country"), is reported as
  countered: the bag-of-words model, which reads group names as hate, may not flag the post alone.

Every pattern is an alternation with bounded gaps, run on short windows, so the cost is linear.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from charte.detectors.support import (
    abuse_fuzzy,
    hate_antecedent,
    hate_clause,
    hate_frames,
    hate_praise,
    hate_shapes,
    hate_singular,
    hate_words,
    threat_frames,
    threat_senses,
)
from charte.detectors.support.hate_words import squeeze, variants
from charte.detectors.support.threat_implicit import _KIN_EN, _KIN_FR  # whose harm is wished, pets included
from charte.models.lexicons import Lexicon
from charte.prefilter import Gated

# --- words -----------------------------------------------------------------------------------------
# Folded forms (lower case, no accents). A trailing "*" allows any ending. Slurs attack a protected
# group; insults attack a person; profanity is rude but aimed at no one by itself.
SLURS = [
    # French
    "pd",
    "pede",
    "pedes",
    "tapette*",
    "tarlouze*",
    "tantouze*",
    "gouine*",
    "bougnoul*",
    "bicot*",
    "negro",
    "negros",
    "negre",
    "negres",
    "negresse*",
    "youpin*",
    "youtre*",
    "bamboula*",
    "chinetoque*",
    "niakoue*",
    "travelo*",
    "crouille*",
    "mongol",
    "mongole",
    "mongols",
    "mongoles",
    "gogol*",
    "triso",
    "trisos",
    "sale race",
    "sale arabe",
    "sale noir",
    "sale juif",
    "sales arabes",
    "sales noirs",
    "sales juifs",
    "sale negre",
    "sale musulman",
    "sales musulmans",
    "sale bougnoule",
    # English
    "nigger*",
    "nigga",
    "niggas",
    "niggaz",
    "faggot*",
    "fag",
    "fags",
    "dyke",
    "dykes",
    "tranny",
    "trannies",
    "retard",
    "retards",
    "retarded",
    "kike",
    "kikes",
    "spic",
    "spics",
    "chink",
    "chinks",
    "gook",
    "gooks",
    "wetback*",
    "towelhead*",
    "raghead*",
    "muzzie*",
    "muzrat*",
    "sand nigger*",
    "coon",
    "coons",
    "paki",
    "pakis",
    "beaner*",
    "shemale*",
    "spaz",
    "spazz",
    "gyppo*",
    "pikey*",
    "camel jockey*",
    "porch monkey*",
    "jungle bunny",
    "mongoloid*",
]
INSULTS = [
    # French
    "con",
    "conne",
    "connard*",
    "connasse*",
    "conard*",
    "conasse*",
    "abruti*",
    # "bande de tarés" names a crowd; "t'es taré" alone is "you're crazy", often banter, so only the phrase.
    "bande de tares",
    "bande de tarees",
    "debile*",
    "cretin*",
    "idiot*",
    "imbecile*",
    "salope*",
    "salopard*",
    "pute*",
    "encule*",
    "enfoire*",
    "batard*",
    "ordure*",
    "nique ta mere",
    "ntm",
    "fdp",
    "fils de pute",
    "tg",
    "ta gueule",
    "ferme ta gueule",
    "va te faire foutre",
    "boloss*",
    "bouffon*",
    "naze*",
    "sous-merde",
    "raclure*",
    "pourriture*",
    "trou du cul",
    "casse-toi",
    "grosse vache",
    "gros porc",
    "sale chien*",
    "clochard*",
    "escroc*",
    "voleur*",
    "menteur*",
    "minable*",
    "guignol*",
    "incapable*",
    "pauvre type",
    "tocard*",
    "blaireau*",
    "cassos",
    "tebe",
    "teube",
    "merdeux",
    "merdeuse",
    "pouffiasse*",
    "grognasse*",
    "petasse*",
    "chienne",
    "sale merde",
    # English
    "motherfuck*",
    "bitch*",
    "bastard*",
    "asshole*",
    "arsehole*",
    "dick",
    "dicks",
    "dickhead*",
    "jerk",
    "jerks",
    "cunt*",
    "whore*",
    "slut*",
    "moron*",
    "stupid",
    "dumbass*",
    "dumb cow",
    "stupid cow",
    "silly cow",
    "fat cow",
    "jackass*",
    "loser*",
    "scumbag*",
    "piece of shit",
    "stfu",
    "gtfo",
    "wanker*",
    "twat*",
    "douchebag*",
    "douche",
    "crook*",
    "liar*",
    "fraudster*",
    "clown*",
    "pathetic",
    "worthless",
    "idiot*",
    "imbecile*",
    "cretin*",
    "fuck you",
    "fuck u",
    "fuck off",
    "screw you",
    "son of a bitch",
    "prick",
    "pricks",
    "skank*",
    "hoe",
    "hoes",
    "bellend*",
    "tosser*",
    "numbnuts",
    "shithead*",
    "dipshit*",
    "halfwit*",
]
PROFANITY = [
    "putain",
    "ptn",
    "merde*",
    "bordel",
    "nique",
    "niquer",
    "fuck*",
    "shit*",
    "bullshit",
    "damn",
    "crap*",
    "wtf",
    "trash",
    "garbage",
    "foutre",
    "chier",
    "nul a chier",
    "pisse*",
    # rude but said of a situation or a complaint, not names to call someone
    "bitching",
    "bitchin",
    "idiotic",
]
# Words too common in the other language to be read as abuse there ("retard" is a French delay).
_LANG_ONLY = {
    "pd": "fr",
    "pede": "fr",
    "pedes": "fr",
    "retard": "en",
    "retards": "en",
    "con": "fr",
    "pute": "fr",
    "dick": "en",
    "dicks": "en",
    "tg": "fr",
    "douche": "en",
    "coon": "en",
    "coons": "en",
    "spic": "en",
    "hoe": "en",
    "hoes": "en",
    "fag": "en",
    "chienne": "fr",
    "naze": "fr",
    "nazes": "fr",
    "trash": "en",
    "garbage": "en",
    "clown": "en",
    "clowns": "en",
    "crook": "en",
    "crooks": "en",
    "stupid": "en",
    "prick": "en",
    "mongol": "fr",
    "mongols": "fr",
    "triso": "fr",
    "trisos": "fr",
    "negre": "fr",
    "negro": "fr",
    "negros": "fr",
    "negres": "fr",
    "incapable": "fr",
    "incapables": "fr",
}
_KIND_ORDER = {"slur": 0, "insult": 1, "profanity": 2}

# Emoji used for letters, folded before matching ("🅱itch", "sh❗t", "🇫🇺🇨🇰").
EMOJI_LETTERS = {
    "🅰": "a",
    "🅱": "b",
    "🅾": "o",
    "🅿": "p",
    "❌": "x",
    "✖": "x",
    "⭕": "o",
    "💲": "s",
    "❗": "i",
    "❕": "i",
    "⚡": "s",
    "🆗": "ok",
    "🆘": "sos",
    "💯": "",
    "➕": "t",
    "✝": "t",
    "🌀": "o",
    "🍩": "o",
    "💩": "o",
    "⚪": "o",
    "⚫": "o",
    "🔴": "o",
    "🔵": "o",
}
EMOJI_LETTERS.update({chr(0x1F1E6 + i): chr(ord("a") + i) for i in range(26)})  # regional indicators
# Negative circled and negative squared capitals ("🅲🅾🅽🅽🅰🆁🅳", "🅘🅓🅘🅞🅣"), which NFKC leaves alone.
EMOJI_LETTERS.update({chr(base + i): chr(ord("a") + i) for base in (0x1F150, 0x1F170) for i in range(26)})


def fold_word(word: str) -> str:
    if word.isascii():  # nothing to decompose (most words)
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class Hit:
    """Where (folded view offsets), what kind, and the canonical word or rule that matched."""

    start: int
    end: int
    kind: str
    word: str


class _Words:
    """Exact and misspelt forms of the word lists, looked up token by token (a hash per token)."""

    def __init__(self, lists: dict[str, list[str]], vocabulary: frozenset[str]) -> None:
        self.vocabulary = vocabulary
        self.exact: dict[str, tuple[str, str]] = {}  # form -> (kind, canonical)
        self.prefixes: list[tuple[str, str]] = []  # (prefix, kind) for "connard*"
        self.phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        self.fuzzy: dict[str, tuple[str, str]] = {}  # misspelt skeleton -> (kind, canonical)
        for kind, words in lists.items():
            for entry in words:
                prefix = entry.endswith("*")
                word = entry.rstrip("*")
                parts = tuple(re.split(r"[ \-]", word))
                if len(parts) > 1:
                    self.phrases.setdefault(parts, (kind, word))
                    self.exact.setdefault("".join(parts), (kind, word))  # "fermetagueule", "sousmerde"
                    continue
                self.exact.setdefault(word, (kind, word))
                if prefix:
                    self.prefixes.append((word, kind))
                for variant in variants(word):
                    if variant not in self.exact:
                        self.fuzzy.setdefault(variant, (kind, word))
        self.prefixes.sort(key=lambda p: -len(p[0]))
        self.prefix_kind = {p: k for p, k in reversed(self.prefixes)}
        self.prefix_lengths = sorted({len(p) for p, _ in self.prefixes})
        self.first_words = frozenset(p[0] for p in self.phrases)
        # Doubled letters undone ("biiiitch", "morrrron"); short words excluded ("conne" is not "cone").
        self.squeezed: dict[str, tuple[str, str]] = {}
        for k, v in self.exact.items():
            if len(q := squeeze(k)) >= 4:
                self.squeezed.setdefault(q, v)  # the first listed word wins ("connard" before "conard")
        # Tokens that can open a word split by a space ("con nard", "b itch"): short heads of the forms.
        self.join_lefts = frozenset(
            f[:n] for f in (*self.exact, *self.squeezed) if f.isalpha() for n in range(1, min(6, len(f)))
        )
        # Misspellings that are also real words ("fagot", "banner" squeezed): abuse only when aimed at
        # someone right before ("you fagot"), see ``word_hits``.
        self.risky = frozenset(
            k for k in (*self.fuzzy, *self.squeezed) if k in vocabulary and k not in self.exact
        )
        #: token -> its plain form, for tokens that can be no word of this table (see ``_cannot_hit``).
        self.inert: dict[str, str] = {}

    def lookup_risky(self, token: str) -> tuple[str, str] | None:
        """A misspelling that is also a real word ("fagot"): only for a word right after "you", "t'es un"…"""
        squeezed = squeeze(token)
        if squeezed not in self.risky and squeezed.endswith("s") and squeezed[:-1] in self.risky:
            squeezed = squeezed[:-1]  # "dirty fagots!": the plural of a risky form
        if squeezed in self.risky:
            return self.squeezed.get(squeezed) or self.fuzzy.get(squeezed)
        return None

    def is_abusive(self, word: str) -> bool:
        """Whether ``word`` is one of the listed words or an ending of a listed stem (not a misspelling)."""
        if word in self.exact:
            return True
        # One dict look-up per prefix length rather than a scan of every prefix: run on each word of the
        # language identifier's vocabulary when the table is built (start-up time of every process).
        size = len(word)
        return any(n <= size <= n + 4 and word[:n] in self.prefix_kind for n in self.prefix_lengths)

    def lookup(self, token: str) -> tuple[str, str] | None:
        found = self.exact.get(token)
        if found is not None:
            return found
        for n in self.prefix_lengths:
            if n > len(token):
                break
            kind = self.prefix_kind.get(token[:n])
            if kind is not None and len(token) - n <= 4 and token not in self.vocabulary:
                # A real word that merely starts like a stem is no ending of it ("salopette", "salope*").
                return kind, token[:n]
        if len(token) >= 4:
            squeezed = squeeze(token)
            found = self.squeezed.get(squeezed) or self.fuzzy.get(squeezed)
            if found is not None and squeezed not in self.risky:
                return found
        if len(token) >= 5 and token[0] in "aiuy" and token not in self.vocabulary:
            # Spaced-out letters swallow a one-letter word before them: "a f a g g o t" is "afaggot",
            # "a c*u*n*t" is "acunt" (five letters: only when that is no word of its own).
            found = self.exact.get(token[1:])
            if found is not None:
                return found
        for head in _GLUED_HEADS if token.startswith(_GLUED_HEADS) else ():
            # An address glued to the insult: "youpieceofshit", "salepute", "tesunconnard".
            if token.startswith(head) and len(token) - len(head) >= 5:
                found = self.exact.get(token[len(head) :])
                if found is not None:
                    return found
        return None


_GLUED_HEADS = ("you", "your", "ur", "tes", "tesun", "tesune", "sale", "espece", "especede", "gros", "grosse")


LISTS = {"slur": SLURS, "insult": INSULTS, "profanity": PROFANITY}


def abuse_table(collisions: frozenset[str] | None = None) -> _Words:
    """The word table; ``collisions`` are misspellings that are real words (default: the shipped list plus
    the language identifier's vocabulary of tweets)."""
    if collisions is None:
        collisions = _collisions()
    return _Words(LISTS, collisions | _NOT_ABUSE)


@cache
def _words() -> _Words:
    return abuse_table()


@cache
def _collisions() -> frozenset[str]:
    """Real words one misspelling away from abuse: the list built from dictionaries
    (``data/abuse_collisions.txt``, scripts/build_abuse_collisions.py) and the words of tweets the
    language identifier knows (unless they are abuse themselves: "connard" is a tweet word)."""
    from importlib import resources

    data = (resources.files("charte.detectors.support") / "data" / "abuse_collisions.txt").read_text(
        encoding="utf-8"
    )
    built = {line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#")}
    plain = _Words(LISTS, frozenset())
    tweets = {squeezed for word, squeezed in hate_words.vocabulary() if not plain.is_abusive(word)}
    return frozenset(built | tweets)


# Real words a misspelling rule would otherwise take for abuse.
_NOT_ABUSE = frozenset(
    [
        "conard",
        "canard",
        "bitc",
        "batch",
        "cone",
        "connu",
        "salop",
        "liars",
        "idot",
        "dickens",
        "pute",
        "bastide",
        "bitcoin",
        "putin",
        "crete",
        "crepe",
        "idio",
        "loser",
        "moro",
        "mongo",
        "debit",
        "ordre",
        "trash",
        "encul",
        "encule",
        "menteurs",
        "voleurs",
        "clochar",
        "naze",
        "retrd",
        "pathe",
        "spice",
        "shitake",
        "cunard",
        "scunthorpe",
        "twatt",
        "wankel",
        "youpi",
        "youpie",
        "salopette",
        "salopettes",
        # Dictionary words that start like a listed stem or hide one after a first letter (a dictionary
        # scan of wfrench and wamerican through the table): "aspic", "batardeau", "travelogue".
        "aspic",
        "aspics",
        "batardeau",
        "batardeaux",
        "travelog",
        "travelogs",
        "travelogue",
        "travelogues",
        "crapaud",
        "crapauds",
        "crapette",
        "crape",
        "crapes",
        "pissenlit",
        "pissenlits",
        "pissette",
        "guignolet",
        "liard",
        "liards",
        "inique",
        "unique",
        "uniquer",
        "apathetic",
        "achier",
    ]
) - {"conard", "encule", "menteurs", "voleurs", "loser", "naze"}

# A token of the folded view: letters and digits, with masks ("f*ck", "b**ch") and inner separators.
# A French elided word ("d'", "l'", "qu'") is a token of its own, so the word after it is read as written:
# "bande d'abrutis", "espèce d'abruti", "l'enfoiré" ("dabrutis" is no word).
_TOKEN = re.compile(
    r"(?<![a-z0-9])(?:jusqu|lorsqu|puisqu|qu|[cdjlmnst])'(?=[a-z])|[a-z0-9](?:[a-z0-9*#]|[.\-_'](?=[a-z0-9*]))*|"
    r"\*+[a-z]+"
)
_MASK = frozenset("*#")
_ANY_LETTER = re.compile(r"[a-z]")


def _plain_token(token: str) -> str:
    return (
        token.replace(".", "").replace("-", "").replace("_", "").replace("'", "")
        if not token.isalnum()
        else token
    )


def _cannot_hit(text: str, words: _Words) -> bool:
    """Whether :func:`word_hits` would find nothing in ``text``, decided from its tokens alone: none is
    masked, opens a phrase or is a word of the table (exact, misspelt or risky), and none of those that
    may open a word split by a space joins the next token into one. A cheap pass that most posts end at;
    the others go through the full loop, which alone decides. A new way for that loop to find a word must
    make this return False too (tests/detectors/test_abuse_fast_path.py compares both)."""
    tokens = _TOKEN.findall(text)
    inert = words.inert
    plains = []
    for token in tokens:
        plain = inert.get(token)
        if plain is None:
            if "*" in token or "#" in token or token in words.first_words:
                return False
            plain = _plain_token(token)
            if _lookup(plain) != (None, None):
                return False
            if _identifier(token) and any(_lookup(_plain_token(p))[0] for p in token.split("_")):
                return False
            if len(inert) >= _INERT_MAX:
                inert.clear()
            inert[token] = plain
        plains.append(plain)
    join_lefts = words.join_lefts
    for i, plain in enumerate(plains[:-1]):
        if plain in join_lefts:
            nxt = tokens[i + 1]
            if nxt.isalpha() and len(plain + nxt) >= 5 and _joined(plain, nxt) is not None:
                return False
    return True


#: Tokens remembered as inert (see _cannot_hit), per table; cleared whole when full.
_INERT_MAX = 200_000


def word_hits(folded: str, lang: str | None) -> list[Hit]:
    """Slurs, insults and profanity in the folded text, misspelt or not, in text order."""
    if not folded:
        return []
    words = _words()
    text = _emoji_letters(folded)
    if not _ANY_LETTER.search(text) or _cannot_hit(text, words):
        return []
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    hits: list[Hit] = []
    taken = -1
    for i, (start, end, token) in enumerate(tokens):
        if start < taken:
            continue
        found = None
        span_end = end
        # Phrases ("fils de pute", "piece of shit"), also glued ("filsdepute" is an exact form).
        masked = "*" in token or "#" in token
        if token in words.first_words or masked:
            for parts, value in words.phrases.items():
                n = len(parts)
                if (
                    (parts[0] == token or (masked and _mask_eq(token, parts[0])))
                    and tuple(t[2] for t in tokens[i + 1 : i + n]) == parts[1:]
                    and _adjacent(text, tokens[i : i + n])
                ):
                    found, span_end = value, tokens[i + n - 1][1]
                    break
        plain = _plain_token(token)
        risky = None
        if found is None:
            if masked:
                found = _masked(plain, words)
            elif _identifier(token):
                # "api_key" is code, not "pikey" misspelt: its joined form or one of its words, exactly.
                found = words.exact.get(plain) or next(
                    (hit for p in token.split("_") if (hit := _lookup(_plain_token(p))[0]) is not None), None
                )
            else:
                found, risky = _lookup(plain)
        if (
            found is None
            and risky is not None
            and _VOCATIVE_BEFORE.search(text, max(0, start - 24), start)
            and _ADDRESS_END.match(text, end)
        ):
            found = risky  # "you fagot!", not "u pick up"
        if found is None and plain in words.join_lefts and i + 1 < len(tokens):
            # A space added inside a word ("con nard", "sal ope"): the two halves joined.
            nxt = tokens[i + 1]
            if text[end : nxt[0]] == " " and nxt[2].isalpha() and len(plain + nxt[2]) >= 5:
                joined = _joined(plain, nxt[2])
                if joined is not None:
                    found, span_end = joined, nxt[1]
        if found is None:
            continue
        kind, canonical = found
        if canonical in ("fuck you", "fuck u") and text[max(0, start - 4) : start] == "the ":
            kind = "profanity"  # "how the fuck you gonna …": an intensifier, not "fuck you"
        if start and text[start - 1] == "@":
            continue  # a handle ("@DICKS"), not a word
        if _in_compound(canonical, tokens, i):
            continue  # "knee jerk", "jerk chicken": a word of a compound, not an insult
        only = _LANG_ONLY.get(canonical) or _LANG_ONLY.get(plain)
        if only is not None and lang in ("fr", "en") and only != lang:
            continue
        hits.append(Hit(start, span_end, kind, canonical))
        taken = span_end
    return hits


Found = tuple[str, str]

#: Insults that are also a word of an everyday compound, with the words before or after that make it one.
_COMPOUNDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "jerk": (
        frozenset({"knee"}),
        frozenset({"chicken", "pork", "sauce", "seasoning", "spice", "reaction", "reactions"}),
    ),
}
_COMPOUNDS["jerks"] = _COMPOUNDS["jerk"]


def _in_compound(canonical: str, tokens: list[tuple[int, int, str]], i: int) -> bool:
    compound = _COMPOUNDS.get(canonical)
    if compound is None:
        return False
    before, after = compound
    return (i > 0 and tokens[i - 1][2] in before) or (i + 1 < len(tokens) and tokens[i + 1][2] in after)


def _identifier(token: str) -> bool:
    """A name from code or a file ("api_key", "votre_cle_ici"): words of two letters or more joined by
    underscores. Its exact joined form counts, or its words read one by one ("sale_pute"), not the joined
    form misspelt ("c_o_n_n_a_r_d", single letters, is still a word spelt out)."""
    return "_" in token and all(len(piece) >= 2 for piece in token.split("_"))


@lru_cache(maxsize=1 << 16)
def _lookup(token: str) -> tuple[Found | None, Found | None]:
    """The word a token stands for, and what it would stand for as an address ("you fagot"). Cached: most
    tokens are everyday words seen in post after post."""
    words = _words()
    found = words.lookup(token) or _fuzzy().lookup(token)
    if found is not None:
        return found, None
    if len(token) < 4:
        return None, _SKELETONS.get(token)
    return None, words.lookup_risky(token) or _SKELETONS.get(token)


#: Slurs with their vowels deleted ("fgt", "nggr", "rtrd"): no words of their own, but too short or too much
#: like an abbreviation to count alone, so, like a misspelling that is a real word, only as an address.
_SKELETONS: dict[str, Found] = {
    **dict.fromkeys(("fgt", "fgts", "fggt", "fggts"), ("slur", "faggot")),
    **dict.fromkeys(("nggr", "nggrs", "ngr", "ngrs"), ("slur", "nigger")),
    **dict.fromkeys(("trny", "trnny", "trnnies"), ("slur", "tranny")),
    **dict.fromkeys(("rtrd", "rtrds"), ("slur", "retard")),
}


@cache
def _fuzzy() -> abuse_fuzzy.Fuzzy:
    """Spellings the table misses (one edit, doubled letters, leet, glued adjective), vetoed by real words."""
    words = _words()
    return abuse_fuzzy.Fuzzy(words.exact, words.prefixes, words.vocabulary | abuse_fuzzy.real_words())


@lru_cache(maxsize=1 << 16)
def _joined(left: str, right: str) -> tuple[str, str] | None:
    words = _words()
    if (
        (left in words.vocabulary and right in words.vocabulary)
        or left in words.exact
        or right in words.exact
    ):
        return None  # two real words ("you in"), or a word found on its own
    return words.exact.get(left + right) or words.squeezed.get(squeeze(left + right))


# Right before a word, what makes it an address to someone: "you fagot", "t'es un conard", "espèce de …".
_VOCATIVE_BEFORE = re.compile(
    r"(?:\b(?:you|u|ur|you're|youre|you are|ya|t'es|tes|t es|tu es|vous etes|"
    r"espece d[e']|sale|sales|quel|quelle|what an?|such an?|bande d[e']|"
    # a hostile adjective right before: "dirty fagot", "filthy niger", "stfu fgt"
    r"dirty|filthy|stinking|fucking|fuckin|fkn|stfu|shut up)"
    r"(?: (?:a|an|un|une|des|qu'un|qu'une|little|big|stupid|dumb|fucking|gros|grosse|petit|"
    r"petite|sale|vrai|vraie|pauvre|vraiment|really|so|such|totally|trop|juste)){0,2}) $"
)


_ADDRESS_END = re.compile(r"\s*(?:$|[.!?,;:)\n@#]|[^\w\s'])")


def _adjacent(text: str, tokens: list[tuple[int, int, str]]) -> bool:
    return all(
        text[a[1] : b[0]].strip(" -'") == "" and b[0] - a[1] <= 3 for a, b in itertools.pairwise(tokens)
    )


def _mask_eq(token: str, word: str) -> bool:
    """ "f***" is "fuck": same length, same first letter, the other letters shown equal."""
    return (
        len(token) == len(word)
        and token[0] == word[0]
        and all(a == b or a in _MASK for a, b in zip(token, word, strict=True))
    )


def _masked(token: str, words: _Words) -> tuple[str, str] | None:
    """ "f*ck", "b***h", "c*nnard": masked letters; two real letters at least, the first one shown."""
    letters = sum(c.isalpha() for c in token)
    if letters < 2 or not token[0].isalpha():
        return None
    pattern = re.compile("".join("[a-z]" if c in _MASK else re.escape(c) for c in token))
    for form, value in words.exact.items():
        if form[0] == token[0] and len(form) == len(token) and pattern.fullmatch(form):
            return value
    for prefix, kind in words.prefixes:
        if (
            prefix[0] == token[0]
            and len(prefix) <= len(token) <= len(prefix) + 4
            and token[len(prefix) :].isalpha()
        ):
            head = re.compile("".join("[a-z]" if c in _MASK else re.escape(c) for c in token[: len(prefix)]))
            if head.fullmatch(prefix):
                return kind, prefix
    return None


_EMOJI_TABLE = {ord(k): v for k, v in EMOJI_LETTERS.items() if len(k) == 1 and len(v) == 1}


def _emoji_letters(text: str) -> str:
    """Emoji standing for letters replaced by them (same length: one code point each)."""
    return text if text.isascii() else text.translate(_EMOJI_TABLE)


# --- targets -----------------------------------------------------------------------------------------
_SECOND = r"(?:tu|toi|te|t'|vous|you|u|ur|your|yours|ya|y'all|yall)"
_SECOND_RE = re.compile(rf"(?<![\w']){_SECOND}(?![\w'])|(?<![\w])t'(?=\w)")
_MENTION_NEXT = re.compile(
    r"@\w+[,:]? (?:(?:t'es|you're|ur|is|est|le|la|the|a|an|un|une|sale|espece de|quel|"
    r"quelle|what an?|such an?|gros|grosse|petit|petite|pauvre|big|fat|stupid) ){0,2}$"
)
# Words that point an insult at a person: demonstratives, vocative openers, third-person subjects.
_POINTER = re.compile(
    r"(?:\b(?:ce|cet|cette|ces|sale|sales|espece d[e']|bande d[e']|gros|grosse|pauvre|quel|quelle|quels|quelles|"
    r"this|that|these|those|what an?|such an?|you(?:'re| are)?(?: a| an| such a| so)?|u r(?: a)?|ur(?: a)?|"
    r"(?:il|elle|he|she|he's|she's|il est|elle est|he is|she is|c'est|t'es|t es|tu es|vous etes|"
    r"ton|ta|tes|votre|vos|your)"
    r"(?: (?:vraiment|un|une|really|such|so|total|complete|grand|grande|gros|grosse|vrai|vraie|a|an|"
    r"putain de|fucking|bloody|sacre|sacree|petit|petite|big|little|stupid|sale|fat|old|vieux|vieille)){0,3}"
    r"|(?:boss|patron|patronne|chef|manager|voisin|voisine|collegue|coworker|colleague|prof|teacher|mec|meuf|gars|"
    r"type|nana|guy|girl|man|woman|dude|bro|client|cliente|customer|maire|mayor|president|ex|husband|wife|mari|"
    r"femme|copain|copine|frere|soeur|brother|sister|pere|mere|dad|mum|mom|father|mother)"
    r"(?: (?:is|est|was|etait|c'est))?(?: (?:vraiment|really|such|so|totally))?(?: (?:a|an|un|une|le|la|the))?)"
    r" ?$)"
)
# A person named just before ("Mark is a liar", "Julie est une menteuse"): a capitalised word plus a copula.
_NAMED = re.compile(
    r"\b[A-Z][a-zà-ÿ]+(?: [A-Z][a-zà-ÿ]+)? (?:is|est|was|etait|était)(?: (?:vraiment|really|such|so|"
    r"totally|completely))?(?: (?:a|an|un|une|le|la|the))? ?$"
)
# "<insult> de <person>" ("enculé de conseiller", "connard de voisin"): the French construction that calls
# the person the insult (checked against ``_PERSON_NOUNS``), also through an article ("le conard de la
# voisine", "l'abruti du voisin").
_DE_PERSON = re.compile(
    r" (?:d(?:e |')(?:(?:ce|cet|cette|mon|ma|ton|ta|son|sa|votre|notre|leur|la) |l')?|du )([a-z]+)"
)
_NAME_AFTER = re.compile(r"^ (?:de |d')?(?:[A-Z][a-zà-ÿ]+|@\w+)")  # "connard de Julien", "idiot @bob"
_VOCATIVE_END = re.compile(r"^ ?(?:[!?.,]|$|va\b|vas\b|\.\.\.)")
_SENTENCE_END = re.compile(r"[.!?\n…]")


# A word in quotes in a sentence about words or insults ("writing 'i.d.i.o.t' with dots is still an
# insult"): the word is mentioned, not used.
_QUOTE_MARKS = "'\"«»“”‘’"
_ABOUT_WORDS = re.compile(r"(?<![a-z])(?:insult|insulte|word|mot|term|terme|slur|report|signal)")
_NAME_NEXT = re.compile(r"^ [A-Z][a-zà-ÿ]+")


def mentioned(folded: str, hit: Hit) -> bool:
    """Whether the word stands in quotes in a sentence about words, insults or reporting them: mentioned
    ("writing 'i.d.i.o.t' with dots is still an insult", "le mot « connard » est une insulte"), not used."""
    before = folded[max(0, hit.start - 2) : hit.start].strip()
    after = folded[hit.end : hit.end + 2].strip()
    if not (before and after and before[-1] in _QUOTE_MARKS and after[0] in _QUOTE_MARKS):
        return False
    lo = max(0, _last_break(folded, hit.start))
    return _ABOUT_WORDS.search(folded, lo, _next_break(folded, hit.end)) is not None


def targeted(folded: str, original: str, hit: Hit, span: tuple[int, int]) -> bool:
    """Whether an insult is aimed at a person rather than said about a thing or in the air."""
    lo = max(0, _last_break(folded, hit.start))
    hi = _next_break(folded, hit.end)
    sentence = folded[lo:hi]
    if hit.word in _ADJECTIVAL | _NOT_VOCATIVE and _IT_IS.search(folded[lo : hit.start]):
        return False  # "this is so pathetic": said of a situation
    if hit.word in _SITUATION_ADJECTIVES and _IT_IS_BARE.search(folded, max(lo, hit.start - 30), hit.start):
        return False  # "c'est con, j'ai raté le bus": "c'est" with no article says it of what happened
    thing = _YOUR_THING.search(folded, max(lo, hit.start - 30), hit.start)
    if hit.word in _ADJECTIVAL | _NOT_VOCATIVE and thing is not None and thing.group(1) not in _PERSON_NOUNS:
        return False  # "makes your site worthless": said of the site
    if _SECOND_RE.search(sentence) or _MENTION_NEXT.search(original[max(0, span[0] - 24) : span[0]]):
        return True  # "you …", "@bob idiot" ("@user" elsewhere in a tweet is only who it answers)
    before = folded[max(lo, hit.start - 40) : hit.start]
    if _SELF.search(before) or _SELF_AFTER.match(folded, hit.end):
        return False  # "I'm such an idiot", "je suis vraiment con", "quel con je suis": said of oneself
    if _POINTER.search(before):
        return not _adjective_of_thing(folded, hit)  # "ce connard", not "this stupid app"
    obefore = original[max(0, span[0] - 40) : span[0]]
    written = original[span[0] : span[1]]
    after = original[span[1] : span[1] + 30]
    person_after = _DE_PERSON.match(folded, hit.end)
    if person_after is not None and person_after.group(1) in _PERSON_NOUNS:
        return True  # "enculé de conseiller", "espèce d'abruti de voisin": the insult names the person
    if _NAMED.search(obefore) or (
        _NAME_AFTER.match(after) and not (written.istitle() and _NAME_NEXT.match(after))
    ):
        return True  # "connard de Julien", "idiot @bob" (not "Dick Van Dyke": a first name before a surname)
    # A vocative: the insult alone at the start of a sentence ("Connard !", "C0NNARD, va.").
    return (
        hit.word not in _ADJECTIVAL
        and hit.word not in _NOT_VOCATIVE
        and folded[lo : hit.start].strip(" \"'«»“”-") == ""
        and bool(_VOCATIVE_END.match(folded[hit.end : hit.end + 4]))
    )


# The writer as the insult's subject ("i'm such an idiot", "je suis un vrai boulet", "chuis trop con").
_SELF = re.compile(
    r"(?<![\w'])(?:i'm|im|i am|je suis|j'suis|jsuis|chuis|suis)(?: (?:such|so|a|an|un|une|vraiment|really|"
    r"total|complete|totally|completely|vrai|vraie|gros|grosse|trop|the|la|le|biggest|plus grand|plus grande)){0,3} ?$"
)


# The writer after the insult: "what an idiot I am", "quel con je suis".
_SELF_AFTER = re.compile(r" (?:i am|i'm|im|je suis|j'suis|jsuis|chuis)(?![\w'])")


def self_directed(folded: str, hit: Hit) -> bool:
    """Whether the writer calls themself the word ("i'm such an idiot, left my keys…"): no one is insulted."""
    lo = max(0, _last_break(folded, hit.start))
    return hit.kind == "insult" and (
        _SELF.search(folded, max(lo, hit.start - 40), hit.start) is not None
        or _SELF_AFTER.match(folded, hit.end) is not None
    )


_YOUR_THING = re.compile(
    r"\b(?:your|ur|ton|ta|tes|vos|votre) ([a-z]+) (?:is |are |est |sont |so |si |trop |really )*$"
)
# Adjectives said of a situation ("Pathetic." after a complaint), not names to call someone.
_NOT_VOCATIVE = frozenset(["pathetic", "worthless", "stupid", "minable", "incapable", "naze", "debile"])


def _last_break(text: str, pos: int) -> int:
    for i in range(pos - 1, max(-1, pos - 200), -1):
        if text[i] in ".!?\n…":
            return i + 1
    return max(0, pos - 200)


def _next_break(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos, pos + 200)
    return m.start() if m else min(len(text), pos + 200)


# Nouns for people: an insult said of one of them is aimed at a person ("my boss is an idiot").
_PERSON_NOUNS = frozenset(
    [
        "boss",
        "patron",
        "patronne",
        "chef",
        "manager",
        "voisin",
        "voisine",
        "collegue",
        "coworker",
        "colleague",
        "prof",
        "teacher",
        "mec",
        "meuf",
        "gars",
        "type",
        "nana",
        "guy",
        "girl",
        "man",
        "woman",
        "dude",
        "bro",
        "client",
        "cliente",
        "customer",
        "maire",
        "mayor",
        "president",
        "presidente",
        "ex",
        "husband",
        "wife",
        "mari",
        "femme",
        "copain",
        "copine",
        "frere",
        "soeur",
        "brother",
        "sister",
        "pere",
        "mere",
        "dad",
        "mum",
        "mom",
        "father",
        "mother",
        "fils",
        "fille",
        "son",
        "daughter",
        "gamin",
        "gamine",
        "kid",
        "mari",
        "uncle",
        "aunt",
        "oncle",
        "tante",
        "cousin",
        "cousine",
        "neighbour",
        "neighbor",
        "friend",
        "ami",
        "amie",
        "pote",
        "bf",
        "gf",
        "boyfriend",
        "girlfriend",
        "guy",
        "gars",
        "keum",
        "meuf",
        "daron",
        "daronne",
        "vendeur",
        "vendeuse",
        "conseiller",
        "conseillere",
        "agent",
        "employe",
        "employee",
        "caissier",
        "caissiere",
        "serveur",
        "serveuse",
        "waiter",
        "waitress",
        "driver",
        "chauffeur",
        "livreur",
        "coach",
        "arbitre",
        "referee",
        "joueur",
        "player",
        "ministre",
        "minister",
        "depute",
        "senator",
        "senateur",
        "journaliste",
        "journalist",
        "he",
        "she",
        "il",
        "elle",
        "lui",
        "him",
        "her",
    ]
)
_THING_SUBJECT = re.compile(
    r"(?:^|[\s,;:(])(?:(?:this|that|these|those|the|my|our|their|ce|cet|cette|ces|le|la|les|l'|mon|ma|mes|notre|"
    r"nos|leur|leurs|all|tous les|toutes les|all the|all these) ?)?((?:[a-z']+ ){0,2}?[a-z']+) "
    r"(?:is|are|was|were|'s|'re|est|sont|etait|etaient|c'est|ce sont|sont vraiment|is really|are really|"
    r"is such|are such|is just|are just|sont juste|sont tous|are all)(?: (?:a|an|un|une|des|de|du|total|"
    r"complete|absolute|fucking|putain de|vrai|vraie|vrais|vraies|bunch of|bande de|such|so|tellement|"
    r"vraiment|really|totally|completely|just|juste|all|tous|toutes))*(?: [a-z]{3,12})? ?$"
)
_THING_DE = re.compile(
    r"(?<![\w'])(?!espece |bande |sac |tas |fils |tete |gros |grosse )([a-z]{3,}) (?:de|of) $"
)
_THING_AFTER = re.compile(r"^ (?:de |d'|of )?(?:la |le |l'|les |this |that |the )?([a-z]+)")


_IT_IS = re.compile(
    r"\b(?:this|that|it|it's|its|thats|that's|ca|c'est|cest|cela|this one|that one) (?:is |was |"
    r"est |etait |looks |sounds |seems |feels )?(?:so |too |really |just |vraiment |trop |tellement |"
    r"absolutely |totally )*$"
)


def aimed_at_thing(folded: str, hit: Hit) -> bool:
    """An insult said of an object or of a group of people that the law does not protect ("this phone is
    a piece of shit", "politicians are clowns", "putain de train"), which the policy leaves to tone."""
    lo = _last_break(folded, hit.start)
    before = folded[lo : hit.start]
    if hit.word in _ADJECTIVAL | _NOT_VOCATIVE and _IT_IS.search(before):
        return True
    de = _THING_DE.search(before)
    if de is not None and de.group(1) not in _PERSON_NOUNS and hit.kind == "profanity":
        return True  # "lundi de merde", "service of shit"
    m = _THING_SUBJECT.search(before)
    if m is not None:
        words = m.group(1).split()
        return (
            not (set(words) & _PERSON_NOUNS)
            and not _GROUP_RE.search(m.group(1))
            and words[-1]
            not in ("you", "u", "tu", "vous", "they", "ils", "elles", "we", "nous", "on", "it's", "i", "je")
        )
    return _adjective_of_thing(folded, hit)


def _adjective_of_thing(folded: str, hit: Hit) -> bool:
    after = folded[hit.end : hit.end + 30]
    m = _THING_AFTER.match(after)
    adjectival = hit.word in _ADJECTIVAL or (hit.word in _ADJECTIVAL_DE and after.startswith((" de ", " d'")))
    return (
        m is not None
        and adjectival
        and m.group(1) not in _PERSON_NOUNS
        and len(m.group(1)) > 2
        and not _GROUP_RE.fullmatch(m.group(1))
        and m.group(1) not in _NOT_NOUNS
    )


# Words after an insult that show it is not an adjective of a thing ("you idiot and", "con va").
_NOT_NOUNS = frozenset(
    [
        "and",
        "et",
        "or",
        "ou",
        "va",
        "vas",
        "is",
        "are",
        "est",
        "sont",
        "was",
        "of",
        "que",
        "qui",
        "who",
        "which",
        "that",
        "if",
        "si",
        "but",
        "mais",
        "you",
        "tu",
        "toi",
        "u",
        "te",
        "ta",
        "ton",
        "your",
    ]
)


# Insults that also work as adjectives or "X de …" before a thing ("stupid app", "putain de train").
# French words that after a bare "c'est" (no article) describe a situation: "c'est con", "c'est débile".
_SITUATION_ADJECTIVES = frozenset(["con", "conne", "debile", "stupide", "bete", "nul"])
_IT_IS_BARE = re.compile(
    r"(?<![\w'])(?:c'est|cest|c est|c'etait|ce serait|ca serait)(?: (?:vraiment|trop|tellement|un peu|assez|super))? $"
)
_ADJECTIVAL = frozenset(
    [
        "stupid",
        "pathetic",
        "worthless",
        "fuck",
        "shit",
        "crap",
        "damn",
        "bullshit",
        "garbage",
        "trash",
        "piece of shit",
        "piece of crap",
        "piece of junk",
    ]
)
# French ones only before "de" ("putain de train", "saloperie de machine"; "ce con de voisin" is a person).
_ADJECTIVAL_DE = frozenset(["putain", "merde", "bordel", "con", "debile", "naze", "minable", "pourriture"])


# --- reclaimed slurs -------------------------------------------------------------------------------
_RECLAIM_BEFORE = re.compile(
    r"(?:\b(?:i'm|im|i am|as an?|as a proud|we(?:'re| are)?|us|our|my|mah|fellow|proud|je suis|j'suis|chui|"
    r"suis|en tant que|on est|nous(?: sommes)?|nous les|fier d'etre|fiere d'etre|fiers d'etre|fieres d'etre|"
    r"mes|nos|mon|ma|entre|being|etre|d'etre|proud to be|happy to be|glad to be|heureuse d'etre|heureux d'etre)(?: (?:une|un|des|a|an|proud|fiere|fier|big|vraie|vrai|old|grosse|gros|petite|"
    r"petit|copines|copains|potes|amis|amies|soeurs|freres|friends|sisters|brothers|homies|girls|boys|fellow|"
    r"other|autres)){0,2} ?$)"
)
_RECLAIM_AFTER = re.compile(
    r"^(?: (?:and|et) (?:proud|fier|fiere|fiers|fieres)| pride| march| et fier| power| bar"
    r"| club| culture| joy| love| family|s? (?:unite|forever)| (?:et moi|and i|and me|like me|comme moi))"
)
_RECLAIMABLE = frozenset(
    [
        "nigga",
        "niggas",
        "niggaz",
        "dyke",
        "dykes",
        "pd",
        "pede",
        "pedes",
        "gouine",
        "fag",
        "fags",
        "faggot",
        "tapette",
        "tranny",
        "travelo",
        "queer",
        "bitch",
        "bitches",
        "pute",
        "tarlouze",
        "tarlouzes",
        "travelos",
    ]
)


def reclaimed(folded: str, hit: Hit) -> bool:
    """In-group use of a reclaimed slur: said of oneself or one's own ("je suis gouine et fière", "my niggas").
    The "-a" spellings ("nigga", "niggas") are in-group speech unless something hostile comes with them."""
    if hit.word not in _RECLAIMABLE and not any(
        hit.word.startswith(w) for w in ("gouine", "tapette", "faggot", "tarlouze", "travelo")
    ):
        return False
    before = folded[max(0, hit.start - 30) : hit.start]
    if re.search(r"\bsale|\bsales|\bdirty|\bfucking|\bstupid|\bespece|\bkill|\bhate|\bugly|\bfilthy", before):
        return False
    if hit.word in ("nigga", "niggas", "niggaz"):
        return True
    if hit.word.startswith("bitch") and before.endswith(("bad ", "baddest ")):
        return True  # "she a bad bitch": praise
    return bool(
        _RECLAIM_BEFORE.search(before)
        or _RECLAIM_AFTER.match(folded[hit.end : hit.end + 20])
        or hate_shapes.pride_context(folded)
    )


# --- counter-speech ----------------------------------------------------------------------------------
_QUOTES = {'"': '"', "«": "»", "“": "”", "‘": "’", "'": "'", "„": "“", "‹": "›"}
# Verbs that report someone else's words: the abuse that follows is cited, not used.
_REPORTING = re.compile(
    r"\b(?:call(?:s|ed|ing)?|yell(?:s|ed|ing)?(?: at)?|shout(?:s|ed|ing)?(?: at)?|scream(?:s|ed|ing)?|"
    r"said|says|saying|say|tell(?:s|ing)?|told|wrote|write|writes|tweet(?:s|ed)?|post(?:s|ed)?|claim(?:s|ed|ing)?|"
    r"(?:who|qui) (?:think|thinks|believe|believes|pensent|pense|croient|croit)|people think|hearing|hear that|"
    r"heard that|entendre|entends|entendu|selon (?:lequel|laquelle|lesquels|lesquelles)|"
    r"(?:the|this|that) (?:claim|idea|notion|lie|myth) that|(?:l'idee|le mythe|le cliche) (?:que|selon)|"
    r"repeat(?:s|ed|ing)?|spread(?:s|ing)?|the word|the term|words like|slurs? like|"
    r"traite(?:r|nt|s|e|es)?|m'a traite|m'ont traite|nous traite(?:nt)?|dire|disent|dit|dites|disant|disai(?:t|ent|s)|ecrire|ecrit|"
    r"crie(?:r|nt)?|hurle(?:r|nt)?|insulte(?:r|nt)?|pretendre|pretend(?:ent)?|affirme(?:r|nt)?|pensent|croient|"
    r"repete(?:r|nt)?|le mot|le terme|des mots comme|des insultes comme|qualifie(?:r|nt)?|"
    r"if (?:you|u|ya) (?:think|believe|say|feel)|(?:you|u|ya) (?:really |actually |seriously |still )(?:think|believe)|"
    r"(?:tu|vous|t') (?:penses?|pensez|crois|croyez) (?:vraiment|serieusement|encore)|if (?:your|ur) (?:argument|point|logic|take|reasoning) is|"
    r"si (?:ton|votre) (?:argument|raisonnement|avis|point) c'?est|anyone who (?:thinks|says|believes)|those who (?:think|say)|"
    r"si (?:tu|vous|t') (?:penses?|pensez|crois|croyez|dis|dites|trouves?|trouvez)|quiconque (?:pense|dit|croit)|"
    r"ceux qui (?:pensent|disent|croient))\b"
)
# Condemnation of what is reported ("is racist", "c'est inacceptable", "stop saying").
_CONDEMN = re.compile(
    r"\b(?:racis[mt]\w*|\w+phob(?:e|es|ia|ic|ie|ique|iques)\b|ableis[mt]\w*|validis[mt]\w*|capacitis[mt]\w*|homophob\w*|transphob\w*|sexis[mt]\w*|misogyn\w*|antisemit\w*|islamophob\w*|bigot\w*|"
    r"xenophob\w*|hateful|hate speech|discours de haine|haineu\w*|unacceptable|inacceptable|inadmissible|"
    r"not ok(?:ay)?|pas ok|never ok(?:ay)?|wrong|faux|shame|shameful|honte\w*|disgust\w*|degout\w*|"
    r"condemn\w*|condamn\w*|denonc\w*|signale\w*|stop(?! pretend| deny| denying| lying| acting| ignoring)|arrete[zr]?(?! de nier| de faire semblant| de mentir)|plus jamais|never again|"
    r"no one deserves|personne ne merite|has no place|n'a pas sa place|n'ont pas leur place dans nos|"
    r"hurtful|blessant\w*|offensi\w*|ignorant\w*|ignoran\w*|not acceptable|pas acceptable|outrag\w*|"
    r"scandal\w*|choqu\w*|shock\w*|vile|ignoble|abject|nauseabond\w*|sick of|marre|tired of|fed up|"
    r"this is why|voila pourquoi|people like you|des gens comme toi|les gens comme toi|never say|ne dites jamais|"
    r"don't say|dites pas|is a slur|est une insulte|slur|insulte raciste|insultes racistes|are the problem|"
    r"is the problem|sont le probleme|are (?:so |dead )?wrong|se trompent|educate yourself|renseignez-vous|"
    r"tired of hearing|marre d'entendre|sick of hearing|fatigue d'entendre|bullshit|n'importe quoi|nonsense|"
    r"myth|mythe|cliche|stereotype\w*|prejudice\w*|prejuge\w*|debunk\w*|false|lie|mensonge|"
    r"spread(?:s|ing)? hate|(?:i|we) reject|je rejette|nous rejetons|propag\w* la haine|repand\w* la haine|"
    r"(?:you(?:'re| are)|ur|u r) the (?:problem|bigot|racist)|le probleme c'?(?:est|) (?:toi|vous)|"
    r"c'?est (?:toi|vous) le probleme|haine (?:qu'il faut|a) combattre|combat(?:tre|tons|tez)? (?:cette|la) haine|"
    r"fight(?:ing)? (?:this|the|against) (?:hate|hatred|racism|bigotry)|must be fought|lutter contre|"
    r"voila la haine|this is (?:the )?hate|this is what hate looks like|bloque|blocked|reported|"
    r"report and block|report (?:it|them|him|her)|block (?:them|him|her)|bloquez|"
    r"(?:le|ce) genre de (?:phrase|propos|discours)s? qui|(?:the|this) kind of (?:thing|talk|rhetoric|statement)s? "
    r"that|ne (?:le |la )?partagez pas|don't share|do not share|"
    r"(?:got|was|been|gets|is now) (?:banned|suspended|fired|kicked off)|(?:a|ont) ete (?:banni|suspendu|vire)\w*|"
    # a mocking answer to the words, and the claim's loser or the one it describes ("makes you the animal")
    r"how original|so original|trop original\w*|grow up|grandis(?:sez)? un peu|get a grip|"
    r"(?:you've|you have|you|u|u've) (?:already )?lost|(?:t'as|tu as|vous avez) (?:deja )?perdu|"
    r"makes? (?:you|u) (?:the|an?) \w+|c'?est (?:toi|vous) (?:le|la|l')|"
    r"(?:nobody|no one|noone) (?:should|must|has the right)|personne (?:ne )?(?:devrait|doit|a le droit)|"
    r"yikes|wtf|cringe|crowd|brigade|beurk|berk|should be (?:banned|blocked|ashamed)|"
    r"(?:devraient|doivent|devrait|doit) etre (?:bannis?|bloques?))"
)


# Reports that on their own say the words are someone else's ("he called me a …", "le mot …").
_STRONG_REPORT = re.compile(
    r"\b(?:call(?:s|ed|ing)? (?:me|us|him|her|them|my \w+|our \w+)(?! what| whatever| racist| a racist| names)|yell(?:s|ed|ing)? at|shout(?:s|ed|ing)? at|"
    r"scream(?:s|ed|ing)? at|the word|the term|the n-word|words like|slurs? like|names like|"
    r"(?:m'|nous |l'|les )?(?:a|ont|avait|avaient) traite(?:e|s|es)? (?:de|d')|m'a traite|m'ont traite|"
    r"me traite(?:nt)? de|nous traite(?:nt)? de|traite(?:e|s|es)? de|le mot|le terme|des mots comme|"
    r"des insultes comme|se faire traiter de|se fait traiter de|was called|got called|been called|"
    r"graffiti|tag(?:ue|ged)?|spray-?painted|ecrit sur|written on|wrote on|"
    r"whoever (?:says?|said|wrote|writes|thinks|posted)|"
    r"(?<!agree with )(?<!d'accord avec )(?:people|those|anyone|ceux|celles|celui|les gens|quiconque) (?:who|qui) "
    r"(?:say|says|said|claim|claims|think|believe|keep saying|wrote|write|writes|posted|disent|pensent|"
    r"pretendent|affirment|croient|repetent|ecrivent|ont ecrit|a ecrit)(?: that| que| qu')?)\b[^.!?\n]{0,30}$"
)


def _following_end(text: str, hi: int) -> int:
    """The end of the sentence after the one ending at ``hi``, a run of stops ("...", "?!") read as one."""
    if hi >= len(text):
        return hi
    nxt = hi + 1
    while nxt < len(text) and text[nxt] in ".!?…":
        nxt += 1
    return _next_break(text, nxt)


def counter_speech(folded: str, start: int, end: int) -> bool:
    """Whether the words at ``[start, end)`` are quoted, reported or condemned rather than used."""
    lo = _last_break(folded, start)
    hi = _next_break(folded, end)
    hi2 = _following_end(folded, hi)
    lo2 = _last_break(folded, lo - 1) if lo > 0 else lo
    outside = folded[lo2:start] + " | " + folded[end:hi2]
    if _AFFIRMED.search(folded, end, hi2) or hate_frames.agreed_by_litotes(folded[end:hi2]):
        return False  # "people say X are … and they're right": the report is the author's claim
    if _STRONG_REPORT.search(folded[max(lo, start - 60) : start]):
        return True
    if (
        hate_frames.speech_act_judged(folded[lo:start], folded[end:hi])
        or hate_frames.third_party_report(folded[lo:start])
        or hate_frames.heard_by_group(folded[start:end])
        or hate_frames.attributed_claim(
            folded[lo:start], folded[end:hi2], _CONDEMN.search(outside) is not None
        )
    ):
        return True  # "Calling X a plague is …", "comments saying X …", "X had been told they were …"
    if _SARCASM_TAG.search(folded, end, hi2):
        return True  # "yes, because clearly all X are Y /s": the tag takes the words back
    condemned = _CONDEMN.search(outside) is not None
    if _inside_quotes(folded, start, end):
        return condemned or _REPORTING.search(outside) is not None
    if _NOT_RACIST.search(folded[lo:start]):
        return False  # "I'm not racist but …": the disclaimer that comes before hate, not a condemnation
    if _CONDEMN_NAMES.search(folded[lo:start]):
        return True  # "Islamophobia describes the fear that … we may hate Muslims"
    return (
        condemned
        and _REPORTING.search(folded[max(lo, start - 60) : start]) is not None
        and _AUTHOR_SAYS.search(folded[max(lo, start - 30) : start]) is None
    )


#: An opener of mock agreement that starts the sentence before the group ("oh sure, X are …", "ouais c'est
#: ça, les X sont …"); only determiners and quantifiers may follow it.
_MOCK_OPENER = re.compile(
    r"^\W*(?:(?:oh|ah|yeah|yea|ouais|oui|mais) ){0,2}(?:sure|of course|ofc|clearly|obviously|totally|right|"
    r"because|bc|cuz|bien sur|c'?est ca|evidemment|carrement|because clearly)(?: (?:because|bc|clearly|"
    r"bien sur))?[ ,]*(?:(?:all|the|les|tous|toutes|des|ces|these|those) )*$"
)
#: A laugh, an eye-roll, a sarcasm tag or a trailing ellipsis after the praise: it is not meant.
_MOCK_MARKER = re.compile(r"(?<![\w])(?:lol|lmao|mdr|ptdr|/s)(?![\w])|🙄|😂|🤣|\.\.\.|…")


def _sarcastic(folded: str, start: int, end: int) -> bool:
    """Praise of the group opened by mock agreement and closed by a laugh or an eye-roll ("oh sure, women
    make great leaders... ", "ouais c'est ça, les Roms sont très honnêtes mdr"): the opposite is meant, and
    praise reversed is derogation. A sincere "of course X make great leaders" has no such marker."""
    if _MOCK_OPENER.search(folded[_last_break(folded, start) : start]) is None:
        return False
    return _MOCK_MARKER.search(folded, end, _following_end(folded, _next_break(folded, end)) + 1) is not None


#: The reported words agreed with after them ("… and they're right", "… mais c'est la vérité").
_SPEAKERS_RIGHT = (
    r"(?:\b(?:and|but|et|mais)(?: \w+)?,? |, )(?:(?:he|she|they)(?:'re| are| is| was| were) (?:right|correct)(?![\w-])|"
    r"(?:il|elle|ils|elles|on) (?:a|ont|avait|avaient) (?:raison|pas tort))"
)
#: Only the speakers of a report can be agreed with: "I don't think X are …, and it's true" keeps its denial.
_AGREED = re.compile(_SPEAKERS_RIGHT)
_AFFIRMED = re.compile(
    _SPEAKERS_RIGHT
    + r"|\b(?:and|but|et|mais)(?: \w+)?,? (?:(?:it's|its|it is|that's|thats) (?:true|the truth|"
    r"a fact)|c'?est (?:vrai|la verite|un fait))"
)
#: A tag that says the sentence before it is sarcasm ("… /s", "#sarcasme"): the words are not meant.
_SARCASM_TAG = re.compile(r"(?<![\w/])/s(?![\w/])|#sarcas(?:m|me|tic|tique)\b")
#: The author says the words ("when I say that X …", "quand je dis que X …"): the claim is theirs, and
#: other people's shock around it is no condemnation of it.
_AUTHOR_SAYS = re.compile(
    r"\b(?:i|i'm|i am|je|j'|moi je) (?:just |only |always |juste |toujours )?(?:say|said|saying|write|wrote|"
    r"dis|disais|ai dit|ecris|repete)(?: that| que| qu')?\s*$"
)


_NOT_RACIST = re.compile(
    r"\b(?:not|no|pas|ni|never|jamais|isn't|ne suis pas|suis pas) (?:a |un |une )?(?:racist|raciste|"
    r"homophob\w*|sexist\w*|xenophob\w*|islamophob\w*|antisemit\w*|bigot)\w*,? (?:but|mais)\b"
)
# Naming the prejudice before the words makes them its example ("c'est raciste de dire …").
_CONDEMN_NAMES = re.compile(
    r"\b(?:racis[mt]\w*|\w+phob(?:e|es|ia|ic|ie|ique|iques)\b|ableis[mt]\w*|validis[mt]\w*|capacitis[mt]\w*|homophob\w*|transphob\w*|sexis[mt]\w*|misogyn\w*|antisemit\w*|"
    r"islamophob\w*|xenophob\w*|bigot\w*|hate speech|discours de haine|prejudice|prejuge\w*|"
    r"stereotype\w*|cliche\w*)"
)


def counter_speech_context(folded: str, start: int, end: int) -> bool:
    """Whether the sentences around ``[start, end)`` condemn what is said there."""
    lo = _last_break(folded, start)
    hi = _next_break(folded, end)
    lo2 = _last_break(folded, lo - 1) if lo > 0 else lo
    hi2 = _following_end(folded, hi)
    return _CONDEMN.search(folded[lo2:start] + " | " + folded[end:hi2]) is not None


def _inside_quotes(text: str, start: int, end: int) -> bool:
    for opening, closing in _QUOTES.items():
        left = text.rfind(opening, max(0, start - 120), start)
        if left < 0:
            continue
        if opening == "'" and left > 0 and text[left - 1].isalpha():
            continue  # an apostrophe ("l'", "don't"), not a quote
        right = text.find(closing, end, end + 120)
        if right >= 0 and (opening != "'" or right + 1 >= len(text) or not text[right + 1].isalpha()):
            return True
    # "'That's just what X do' is …": the last apostrophe before the words was an elision, not the quote
    return (
        "'" in text[max(0, start - 120) : start] and hate_clause.closing_quote(text, start, end) is not None
    )


# --- hate against protected groups -----------------------------------------------------------------
_GROUPS_EN = (
    r"immigrants?|migrants?|refugees?|asylum seekers?|foreigners?|muslims?|moslems?|islamists?|jews|jewish people|"
    r"jewish folks?|black (?:people|folks?|men|women|guys)|blacks|africans?|arabs?|asians?|chinese(?: people)?|"
    r"(?:gay|trans|black|brown|disabled|jewish|muslim|asian|queer|lgbtq?\+?) (?:people|ppl|folks?|persons|guys|kids)|"
    r"mexicans?|latinos?|latinas?|hispanics?|gay (?:men|women)|gays?|lesbians?|homosexuals?|queers|"
    r"bisexuals?|trans (?:people|women|men|folks?|kids)|transgenders?|transgender (?:people|women|men)|"
    r"transsexuals?|non-binary people|lgbtq?\+?(?: people| folks?| community)?|women|females|girls|"
    r"disabled (?:people|folks?)|the disabled|handicapped people|cripples|autistic people|roma|gypsies|gipsies|"
    r"travellers|indians|pakistanis|christians|catholics|hindus|sikhs|romanians|polish people|"
    r"people of colou?r|poc|brown people|indigenous people|natives|aboriginals?|jew|"
    # Origins and faiths a post may single out: nationalities count as a protected origin.
    r"turks|somalis?|nigerians?|syrians?|afghans?|iraqis?|iranians?|kurds|albanians|palestinians|israelis|"
    r"moroccans|algerians|tunisians|egyptians|ethiopians|eritreans|sudanese|haitians|jamaicans|filipinos|"
    r"vietnamese|koreans|japanese|bangladeshis|chechens|gipsy|gypsy|travelers|buddhists|atheists|"
    r"(?:autistic|deaf|blind|mentally ill|handicapped|black|muslim|jewish|asian|gay|trans|immigrant|arab|"
    r"african|mexican|chinese|indian|brown) (?:women|men|girls|boys|families|children|kids|ppl)|"
    r"people with disabilities|wheelchair users|people in wheelchairs|the deaf|the blind"
)
_GROUPS_FR = (
    r"immigres|immigrees|immigrants?|migrants?|refugies|refugiees|demandeurs d'asile|etrangers|etrangeres|"
    r"musulmans?|musulmanes?|islamistes|juifs?|juives?|noirs|noires|blacks|renois|africains?|africaines?|arabes|"
    r"rebeus?|beurs|maghrebins?|maghrebines?|asiatiques|chinois|chinoises|roms?|gitans?|gitanes?|tsiganes|"
    r"gens du voyage|homosexuels?|homosexuelles?|homos|gays?|lesbiennes?|bisexuels?|trans|transgenres?|"
    r"personnes trans|transsexuels?|non-binaires|lgbt\+?|femmes|meufs|filles|nanas|handicapes|handicapees|"
    r"personnes handicapees|autistes|chretiens|catholiques|hindous|sikhs|roumains|polonais|portugais|turcs|"
    r"personnes de couleur|basanes|indigenes|comoriens|senegalais|algeriens|marocains|tunisiens|"
    r"kurdes|syriens|afghans|somaliens|nigerians|maliens|ivoiriens|camerounais|congolais|haitiens|pakistanais|"
    r"indiens|vietnamiens|tchetchenes|albanais|palestiniens|israeliens|bouddhistes|athees|asiats|feujs|"
    r"immigre(?:e|s|es)?|refugie(?:e|s|es)?|juive|arabe|"
    r"personnes (?:noires|racisees|lgbt|homosexuelles|autistes|sourdes|aveugles|musulmanes|juives|immigrees)|"
    r"femmes (?:noires|voilees|musulmanes|juives|arabes|trans)|sourds|aveugles|"
    r"(?:gens|personnes) en fauteuils?(?: roulants?)?|personnes a mobilite reduite"
)
_GROUP = rf"(?:{_GROUPS_EN}|{_GROUPS_FR})"
_GROUP_RE = re.compile(rf"(?<![\w-])(?:{_GROUP})(?![\w-])")
_PRONOUN = (
    r"they|them|these people|those people|their kind|that lot|ils|elles|eux|ces gens(?:-la| la)?|"
    r"(?:people|ppl|folks) like (?:that|them|those|this)|des gens comme (?:ca|eux)|"
    r"cette engeance|leur espece|ce genre de personnes?|ces personnes|ces individus|ce peuple|"
    # "… Ce sont des sangsues", "c'est tous des voyous": the French plural demonstrative, not "c'est" alone
    r"ce(?= sont )"
)

# Dehumanising nouns: hateful next to a group even without a verb ("Immigrants? Vermin, all of them.").
_DEHUMANISING = (
    r"vermin|vermine|rats?|cockroach(?:es)?|roach(?:es)?|cafards?|parasites?|pests?|nuisibles?|insects?|insectes?|"
    r"leech(?:es)?|sangsues?|locusts?|criquets|sub-?humans?|sous-hommes?|sous-humains?|untermensch\w*|scum|"
    r"racailles?|filth|plague|peste|infestation|invaders|envahisseurs|abominations?|degenerates?|degeneres?|"
    r"cancer|tumeur|virus|vermines?|beasts|betes sauvages|savages|sauvages|apes|singes|monkeys|macaques|"
    r"swine|pigs|porcs|dogs|chiens|animals|animaux|bestiaux|cattle|betail|trash|garbage|ordures|dechets|"
    r"a disease|une maladie|a virus|un virus|a cancer|un cancer|a plague|une plaie|une peste|"
    r"microbes?|bacteri(?:a|es)|bacteries|lice|poux|maggots|asticots|cloportes|sauterelles|fleas|puces|"
    r"flies|mouches|moustiques|mosquitoes|termites|weeds|mauvaises? herbes?|gangrene|tumou?rs?|infections?|"
    r"a scourge|un fleau|a blight|a swarm|une invasion|a horde|une horde|hyenas|hyenes|snakes|serpents|"
    r"mongrels|batards|savages?|barbarians|bestioles|betes|beasts|monsters?|zombies"
)
# Derogatory predicates: hateful when said *of* the group ("X are lazy", "les X sont des voleurs").
_DEROGATORY = (
    rf"{_DEHUMANISING}|stupid|dumb|idiots|morons|imbeciles|inferior|inferieur(?:e|s|es)?|primitive?s?|primitifs?|"
    r"lazy|paresseu(?:x|ses)|faineant(?:e|s|es)?|feignant(?:e|s|es)?|dirty|sales|disgusting|degoutant(?:e|s|es)?|"
    r"degueulasses?|criminals|criminel(?:le|s|les)?|thieves|voleu(?:rs|ses)|rapists|violeurs|terrorists|"
    r"terroristes|pedophiles|pedos|paedophiles|worthless|useless|inutiles|bons? a rien|evil|mauvais(?:es)?|"
    r"dangerous|dangereu(?:x|ses)|a threat|une menace|a danger|un danger|a burden|un fardeau|freaks|monstres|"
    r"monsters|sick in the head|mentally ill|malades? mentaux|malades?|perverts?|pervers(?:es)?|unnatural|"
    r"contre nature|liars|menteu(?:rs|ses)|pathetic|pathetiques|ugly|moches|hysterical|hysteriques|debiles|"
    r"cretins|attarde(?:e|s|es)?|tare(?:e|s|es)?|a disgrace|une honte|the worst|les pires|good for nothing|"
    r"incapables|cons|connes|stupides|idiot(?:e|s|es)|abrutis|barbares|barbarians|a problem|un probleme|"
    r"le probleme|the problem|too stupid|trop cons|trop betes|betes|greedy|rapaces|sournois|fourbes|"
    r"not to be trusted|untrustworthy|traitres|traitors|vicious|violent(?:e|s|es)?|weak|faibles|inferior beings|"
    r"a waste of space|une perte de temps|a mistake|une erreur de la nature|nothing|rien|des moins que rien|"
    r"moins que rien|less than human|beneath us|en dessous de nous|clowns|bouffons|sluts|whores|salopes|putes|"
    r"bitches|chiennes|hoes|"
    r"filthy|vile|repulsive|revolting|repugnant|subhuman|brainless|degenerate|barbaric|treacherous|backward|"
    r"nasty|parasitic|sneaky|cowardly|smelly|stinking|stinky|retarded|inbred|uncivili[sz]ed|wicked|corrupt|"
    r"deceitful|dishonest|hypocrit(?:es|ical)|abhorrent|abominable|deranged|psychos?|psychopaths|thugs|"
    r"gangsters|freeloaders|scroungers|leeches|a drain on \w+|a waste of (?:oxygen|air|skin)|a stain|"
    r"beneath contempt|filth|trash|garbage|scum|the scum of the earth|"
    r"repugnant(?:e|s|es)|abject(?:e|s|es)?|ignobles?|immondes?|infames?|malfaisant(?:e|s|es)?|pourri(?:e|s|es)?|"
    r"hypocrites|arriere(?:e|s|es)?|puant(?:e|s|es)?|crasseu(?:x|ses)|ecoeurant(?:e|s|es)?|vicieu(?:x|ses)|"
    r"malhonnetes|fous|folles|cingle(?:e|s|es)|malsains?|racailles?|delinquants?|voyous|profiteurs|assistes|"
    r"des moins que rien|la lie de \w+|la honte de \w+|nuisibles|une calamite|un fleau|une plaie|"
    r"sales|crades|degeneres|inferieurs|sous-developpes|des batards|batards"
)
# Positive predicates: hateful when negated ("X are not human", "les X ne sont pas intelligents").
_POSITIVE = (
    r"humans?|human beings?|people|persons|des gens|des personnes|des etres humains|humain(?:e|s|es)?|"
    r"intelligent(?:e|s|es)?|smart|clever|honest|honnetes?|trustworthy|dignes? de confiance|capables?|competent(?:e|s|es)?|"
    r"welcome|bienvenu(?:e|s|es)?|equal|egaux|egales?|normal|normaux|normales?|real (?:women|men|people)|"
    r"de vraies femmes|de vrais hommes|des vraies femmes|des vrais hommes|des vrais|vraies femmes|vrais hommes|good|bons|bonnes|decent|civili[sz]ed|civilises|worth anything|"
    r"worth it|worth saving|dignes? de respect|fit to \w+|aptes?|able to \w+|as good as|aussi bons?|valuable|"
    r"citoyens|citizens|francais|french|american|americans|british|part of (?:this|our) country|d'ici|from here|"
    r"our equals|nos egaux|nos semblables|like us|comme nous|worthy|dignes|ppl|humains comme nous"
)
_COPULA = (
    r"(?:are|r|'re|=|c|c'est|cest|ct|were|be|being|is|can't help being|cannot help being|can't help but be|ne peuvent pas s'empecher d'etre|will (?:always |forever )?be|will|would|can|could|shall|remain|stay|"
    r"seem|look|act|behave|"
    r"sont|seront|etaient|restent|resteront|semblent|ressemblent|c'est|ce sont|c'etait|se comportent)"
)
_FILL = (
    r"(?: (?:all|just|only|simply|basically|really|truly|nothing but|nothing more than|merely|like|so|such|"
)
_FILL += r"all just|literally|a bunch of|a pack of|a horde of|of|the|a|an|tous|toutes|juste|que|vraiment|tellement|"
_FILL += r"si|trop|des|de|d'|du|les|la|le|une|un|bande de|troupeau de|horde de|comme|tous des|toutes des|"
_FILL += (
    r"rien que|rien d'autre que|than|more|plus|always|toujours|forever|a|à|a la base|naturally|par nature|"
)
_FILL += r"-ils|-elles|ils|elles|genetically|genetiquement|inherently|foncierement|tout|simplement|"
_FILL += r"tout simplement|franchement|clairement|evidemment|aussi|vraiment|toujours aussi|etre|real|true|proper|actual|"
_FILL += r"vrais|vraies|veritables)){0,4}"
_NEGATOR = (
    r"(?: (?:not|n't|never|no longer|ne|n'|pas|jamais|plus|aucunement|nullement|hardly|barely|aren't|arent|"
    r"isn't|isnt|weren't|werent|ain't|aint|won't|wont|can't|cant|cannot|will never|can never|will not)){1,2}"
)

_HOSTILE_VERB = (
    r"hate|hates|despise|despises|loathe|loathes|detest|detests|can't stand|cannot stand|can't bear|can not stand|"
    r"hais|hait|haissons|haissent|deteste|detestons|detestent|execre|ne supporte pas|ne supporte plus|supporte pas|"
    r"supporte plus|peux pas voir|peux plus voir|vomis|ai horreur des|ai horreur de|have had enough of|am sick of|"
    r"sick of|fed up with|en ai marre des|en a marre des|marre des"
)
_VIOLENT_VERB = (
    r"kill|murder|exterminate|eradicate|gas|hang|shoot|deport|expel|get rid of|wipe out|burn|lynch|ban|lock up|"
    r"round up|purge|eliminate|slaughter|beat up|stone|bomb|drown|sterili[sz]e|castrate|tuer|buter|exterminer|"
    r"eradiquer|gazer|pendre|fusiller|expulser|virer|se debarrasser des|se debarrasser de|nous debarrasser des|"
    r"eliminer|bruler|lyncher|interdire|enfermer|degager|renvoyer|deporter|massacrer|noyer|abattre|frapper|"
    r"casser du|ratonner|sterilise?r|chasser|foutre dehors|mettre dehors|jeter dehors|jeter a la mer|"
    r"remettre dans (?:les|des) bateaux|renvoyer chez eux|raser"
)
_SHOULD = (
    r"should|must|need to|faut|needs to|ought to|deserve to|deserves to|have to|has to|gotta|should all|must all|"
    r"devraient|doivent|meritent de|faut|faudrait|il faut|il faudrait|on devrait|on doit|we should|we must|"
    r"we need to|let's|allons|on va|va falloir"
)
_BE_VIOLENCE = (
    r"(?:be )?(?:killed|shot|deported|gassed|exterminated|removed|hanged|hung|burned|burnt|locked up|sterili[sz]ed|"
    r"banned|eliminated|wiped out|lynched|expelled|kicked out|thrown out|sent back|put down|rounded up|beaten|"
    r"executed|drowned|castrated|(?:etre )?(?:(?:tue|bute|expulse|gaze|extermine|enferme|elimine|brule|vire|renvoye|"
    r"deporte|fusille|chasse|massacre|noye|sterilise|castre|interdit|pendu|abattu|jete dehors|mis dehors|"
    r"foutu dehors|jete a la mer)(?:e|s|es)?))|die|mourir|crever|disparaitre|disappear|go back|go home|leave|partir|"
    r"degager|rentrer chez eux|retourner chez eux|retourner dans leur pays|be wiped out|be eradicated|burn|"
    r"rot|pourrir|suffer|souffrir|se faire tuer|get out|sortir|foutre le camp"
)
_NO_PLACE = (
    r"don't belong(?: here| in \w+)?|do not belong|have no place(?: in \w+)?|has no place|have no right|"
    r"shouldn't be allowed(?: to \w+| in \w+)?|should not be allowed(?: to \w+)?|should be banned from|"
    r"n'ont rien a faire(?: ici| en \w+| chez nous| dans ce pays)?|n'ont pas leur place|n'ont pas le droit|"
    r"ne devraient pas avoir le droit(?: de \w+)?|ne devraient pas etre autorises|can't be trusted|cannot be trusted|"
    r"ne sont pas dignes de confiance|on ne peut pas leur faire confiance|never trust|jamais confiance|"
    r"are ruining|are destroying|are invading|are taking over|are replacing|ruinent|detruisent|envahissent|"
    r"pourrissent|remplacent|are a stain|sont une tache|should go back|go back to (?:your|their) \w+|"
    r"rentrez chez vous|retournez (?:chez vous|dans votre pays|en afrique)|qu'ils rentrent chez eux|"
    r"are the reason for|sont la cause de|"
    # kept out or kept from children: "X should never have been let in", "X should be kept away from kids"
    r"should(?: never|n't| not) have been (?:let|allowed) in|"
    r"(?:should|must|need to) be kept (?:away from|out of|well away from) (?:our |the |my )?(?:children|kids|schools?)|"
    r"n'auraient jamais du (?:entrer|etre admis|etre accueillis|venir)|"
    r"(?:doivent|devraient) etre (?:tenu|garde|eloigne)(?:e|s|es)? (?:a l'ecart|loin) (?:des|de nos) "
    r"(?:enfants|gosses|ecoles)"
)

# What may sit between the group and its predicate: a head noun ("transgender people"), a short relative
# clause ("women who work should …", "les immigrés qui arrivent sont …") and a French dislocation
# ("les X, ils sont …", "le problème avec les X, c'est qu'ils sont …", "les X, c'est des …", "the trouble with X is
# that they're …").
_HEAD_NOUN = r"(?: (?:people|ppl|folks?|persons|men|women|kids|guys|families|communities|community))?"
_BRIDGE = (
    r"(?:,? (?:c'est qu'(?:ils|elles)|c qu'(?:ils|elles)|ils|elles|they|"
    # "the trouble with X is that they're …"
    r"(?:is|'s) (?:that )?they)|,(?= ))?"
)
_REL = rf"{_HEAD_NOUN}(?: (?:who|that|qui|que) [a-z']+(?: [a-z']+)?)?{_BRIDGE}"
_COP_ANY = rf"(?: {_COPULA}|'re|'s|'ll be|'d be)"
# Verbs that derogate a group on their own ("X steal", "les X vivent de nos impôts").
_HABIT = (
    r"steal|lie|cheat|smell|stink|rape (?:our|women|children|kids)|breed like \w+|"
    r"spread (?:disease|diseases|crime|their \w+)|live off (?:our|the|us)|leech off|sponge off|"
    r"ruin (?:everything|every \w+|our \w+)|destroy (?:everything|every \w+|our \w+)|infest \w+|"
    rf"bring (?:crime|disease|diseases|drugs|trouble|problems|chaos|nothing but (?!(?:\w+ )?{hate_praise.GOOD}\b)\w+)|"
    r"(?:cause|are (?:always |constantly |forever )?causing) (?:trouble|crime|problems)|"
    r"(?:ne )?(?:causent|creent|provoquent)(?: toujours| sans cesse| que| partout)? (?:des )?(?:problemes|ennuis|"
    r"emmerdes|embrouilles)|ne (?:font|savent) que (?:causer|creer|provoquer|semer) (?:des |le |la )?(?:problemes|"
    r"ennuis|emmerdes|embrouilles|bordel|desordre|merde)|"
    r"refuse to (?:work|integrate|assimilate)|take our (?:jobs|money|benefits|homes|houses|women)|"
    r"commit (?:all the )?crimes?|control (?:the|our) (?:media|banks|world|government)|do nothing but \w+|"
    r"volent(?! (?:vers|au-dessus|en avion|jusqu|dans le ciel|haut|bas|pour la premiere))|mentent|puent|trichent|violent nos \w+|se reproduisent comme \w+|"
    r"vivent (?:de nos \w+|des aides|aux crochets|sur notre dos)|profitent (?:du systeme|des aides|de nous)|"
    r"foutent (?:le bordel|la merde)|ramenent (?:la delinquance|des maladies|le crime|la drogue)|"
    r"propagent (?:des maladies|le crime|leur \w+)|refusent de (?:travailler|s'integrer)|nous volent|"
    r"nous remplacent|prennent (?:nos|notre) (?:emplois|boulots|travail|place|aides|logements|femmes)|"
    r"controlent (?:les medias|les banques|le monde)|(?:salissent|cassent|pourrissent|detruisent|gachent) tout|"
    r"ne foutent rien|ne servent a rien|infestent \w+|grouillent|pullulent|swarm \w+|crawl everywhere"
)
#: A habit said as an unending aspect (a doubly negated "stop", "keep", "ne … que"): the verb in the
#: gerund or the infinitive, not in the forms of ``_HABIT``.
_ASPECT = (
    r"(?:never stop|can't stop|cant stop|don't stop|dont stop|won't stop|wont stop|keep on|keep|"
    r"ne font que|font que|n'arretent (?:pas|jamais) de|arretent (?:pas|jamais) de|passent leur (?:vie|temps) a) "
    r"(?:lying|stealing|cheating|complaining|whining|begging|scrounging|leeching|breeding|stinking|looting|"
    r"mentir|voler|tricher|puer|pleurnicher|mendier|piller|raler|chouiner|se plaindre)(?![\w-])"
)
# Worth denied ("X have no value", "X don't deserve to live", "les X ne valent rien").
_WORTHLESS = (
    r"(?:have|has) no (?:value|worth|soul|souls|brains?|morals|dignity|right to (?:live|exist|be here|breathe))|"
    r"(?:are|r|is)(?: not|n't| never) worth (?:the air|anything|a thing|saving|the oxygen|the space|shit|a penny|"
    r"respect)|(?:are|r) worth (?:less than|nothing)|"
    r"(?:don't|do not|dont|never|shouldn't|should not) deserve (?:to live|to exist|to breathe|to be (?:here|alive|"
    r"free|happy)|rights|any rights|respect|anything|a place|compassion|kindness|love|our \w+)|"
    r"ne (?:meritent|merite) (?:pas|aucun \w+) (?:de vivre|d'exister|de respirer|le respect|nos \w+|notre \w+|"
    r"leur place|d'etre (?:ici|aides|soignes|respectes|libres|en vie))|ne meritent rien|"
    r"ne valent (?:rien|pas (?:mieux|plus|grand-chose|la corde|un clou))|valent moins que (?:rien|\w+)|"
    r"n'ont (?:aucune|pas de) (?:valeur|ame|dignite|cerveau)|n'auront jamais (?:leur place|le droit|notre respect|"
    r"de place)|ne seront jamais (?:chez eux|des notres|humains|acceptes|les bienvenus|nos egaux)|"
    r"will never (?:belong|be (?:welcome|accepted|one of us|equal|human|our equals))"
)
_DESERVE_VIOLENCE = (
    r"(?:deserves?|meritent|merite|need|needs) (?:a bullet|bullets|une balle|des balles|to die|to be shot|to hang|"
    r"to be hanged|la mort|la corde|the rope|a rope|to be gassed|d'etre (?:tue|abattu|pendu|fusille|gaze|brule|"
    r"extermine|massacre)\w*|to be (?:killed|exterminated|burned|lynched|executed|put down))"
)
_WISHED_END = (
    r"(?:would|will|could|'d|to)(?: all| just| finally| simply| go and){0,2} (?:die|disappear|vanish|"
    r"drop dead|go extinct|burn|rot|perish|get cancer|be gone|be wiped out)"
)
#: The same after a contracted "would" ("I wish they'd all die").
_WISHED_D = (
    r"(?:all |just |finally |simply ){0,2}(?:die|disappear|vanish|drop dead|go extinct|burn|rot|perish|"
    r"get cancer|be gone|be wiped out)"
)
_DISGUSTS_ME = (
    r"(?: (?:everywhere|partout|around|autour de moi|here|ici|on tv|a la tele|in the street|dans la rue))?"
    r",? (?:makes? me (?:sick|want to (?:puke|vomit|throw up))|disgusts? me|my blood boils|i see red|"
    r"j'ai la haine|je vois rouge|j'ai envie de (?:vomir|gerber)|"
    r"me (?:file|filent|donne|donnent) (?:la nausee|envie de vomir|la gerbe)|me (?:degoute|degoutent|debecte|"
    r"debectent|repugne|repugnent|font vomir|fait vomir|rend malade|rendent malade|font gerber|fait gerber))"
)
_HATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "X are closer to apes than humans", "X are predisposed to crime": nearer animals, made for crime
    (
        "dehumanisation",
        re.compile(
            rf"^{_REL}{_FILL}{_COP_ANY}{_FILL} (?:closer to|plus proches? des?) (?:apes|animals|monkeys|beasts|"
            r"singes|animaux|betes) (?:than|que)"
        ),
    ),
    (
        "derogation",
        re.compile(
            rf"^{_REL}{_FILL}{_COP_ANY}{_FILL} (?:predisposed|prone|programmed|wired|predisposes|predisposees|"
            r"programmes|programmees) (?:to|for|a|au|aux) (?:crime|violence|steal|stealing|lie|lying|rape|terror|"
            r"terrorism|la criminalite|la violence|voler|mentir|violer|terrorisme)"
        ),
    ),
    # "X are vermin", "les X sont des parasites", "X are all just lazy"
    ("derogation", re.compile(rf"^{_REL}{_FILL}{_COP_ANY}{_FILL} (?:{_DEROGATORY})(?![\w-])")),
    (
        "habit",
        re.compile(
            rf"^{_REL}(?: (?:all|always|just|only|ever|constantly|keep|really|toujours|tous|toutes|"
            rf"que|juste|encore))* (?:{_HABIT})(?![\w-])"
        ),
    ),
    # the habit as an aspect: "they never stop lying", "ils ne font que mentir", "keep on stealing"
    (
        "habit",
        re.compile(rf"^{_REL}(?: (?:all|always|just|really|tous|toutes|toujours|juste))* (?:{_ASPECT})"),
    ),
    ("negated-positive", re.compile(rf"^{_REL}{_FILL} (?:{_WORTHLESS})(?![\w-])")),
    ("violence", re.compile(rf"^{_REL}{_FILL} (?:{_DESERVE_VIOLENCE})(?![\w-])")),
    ("hatred", re.compile(rf"^{_REL}{_DISGUSTS_ME}(?![\w-])")),
    # negated positive: "X are not human", "les X ne sont pas intelligents"
    (
        "negated-positive",
        re.compile(
            rf"^{_REL}{_FILL}(?: {_COPULA})?{_FILL}{_NEGATOR}(?: {_COPULA})?{_FILL}(?:{_NEGATOR})?{_FILL}"
            rf" (?:{_POSITIVE})(?![\w-])"
        ),
    ),
    # calls for violence: "X should be deported", "les X doivent crever"
    ("violence", re.compile(rf"^{_REL}{_FILL} (?:{_SHOULD}){_FILL} (?:{_BE_VIOLENCE})(?![\w-])")),
    ("exclusion", re.compile(rf"^{_REL}{_FILL} (?:{_NO_PLACE})(?![\w-])")),
    # a slogan that closes its clause: "X dehors !", "X out", "les X à la mer", "X into the sea"
    (
        "exclusion",
        re.compile(
            r"^ (?:dehors|out|a la porte|a la mer|into the sea)(?: (?:now|maintenant|tous|all of them|all))?"
            r" ?(?:[,;:]|$)"
        ),
    ),
]
# Said after the group only when something before makes it a wish or a demand: "I wish X would die",
# "que les X soient fusillés", "j'aimerais que les X disparaissent".
_WISH_BEFORE = re.compile(
    r"\b(?:wish|hope|pray|if only|can't wait (?:for|until)|espere|aimerais|voudrais|souhaite|"
    r"vivement|si seulement|veux|want)\b"
)
_SUBJUNCTIVE_BEFORE = re.compile(
    r"(?:^|\W)(?:que|qu'|ke)(?: (?:tous|toutes))?(?: (?:les|des|ces|tous les|toutes les))? ?$"
)
_WISHED = re.compile(
    rf"^{_REL}(?: {_WISHED_END}|'d {_WISHED_D}| (?:crevent|disparaissent|meurent|degagent|brulent|pourrissent|"
    rf"soient (?:tous |toutes )?(?:{_BE_VIOLENCE})))(?![\w-])"
)
# Positive or negated-hostile statements about a group: what the bag-of-words model misreads as hate
# ("les immigrés ne sont pas des criminels", "X should never be attacked", "X built this country").
_BENIGN_GROUP_AFTER = [
    re.compile(
        rf"^{_REL}{_FILL}(?: {_COPULA})?{_FILL}{_NEGATOR}(?: {_COPULA})?{_FILL}(?:{_NEGATOR})?{_FILL}"
        rf" (?:{_DEROGATORY})(?![\w-])"
    ),
    re.compile(
        rf"^{_REL}{_FILL}(?: (?:{_SHOULD}|will|would|can|could|shall|doivent|devraient))?{_FILL}{_NEGATOR}"
        rf"{_FILL}(?: (?:{_SHOULD}|etre))?{_FILL}(?:{_NEGATOR})?{_FILL} (?:be |get |etre )?(?:{_BE_VIOLENCE}|"
        rf"strung up|attacked|harmed|hurt|abused|harassed|mistreated|persecuted|discriminated against|"
        rf"insulted|targeted|(?:attaque|agresse|maltraite|persecute|discrimine|insulte|harcele|frappe|"
        rf"vise|menace)(?:e|s|es)?)(?![\w-])"
    ),
    re.compile(
        rf"^{_REL}{_FILL}{_COP_ANY}{_FILL} (?:{_POSITIVE}|welcome|valued|loved|safe|neighbours|neighbors|"
        rf"friends|amis|voisins|great|wonderful|amazing|lovely|kind|brilliant|talented|generous|"
        rf"hard-working|travailleurs|gentils|genereux|formidables|une chance|an asset|une richesse)(?![\w-])"
    ),
    re.compile(
        rf"^{_REL}{_FILL} (?:built|helped build|make|made|enrich|enrichissent|contribute|contribuent|"
        rf"deserve (?:respect|rights|dignity|love|safety|better|the same)|meritent (?:le respect|mieux|"
        rf"les memes droits|notre respect)|belong here|ont leur place|font partie|are part of|"
        rf"sont chez eux)(?![\w-])"
    ),
]
_BENIGN_BEFORE = re.compile(
    r"(?:blam(?:e|es|ed|ing)|scapegoat(?:s|ed|ing)?|discriminat\w+ against|attacks? on|violence against|"
    r"hate crimes? against|stand with|support(?:s|ing)?|love|respect|welcome|protect|defend|accueillir|soutenir|"
    r"soutien aux|defendre|proteger|respecter|j'aime|violences? contre|discriminations? (?:contre|envers)|"
    r"racisme (?:contre|envers)|accuser|accusent|stigmatis\w+|solidarite avec|fier de nos|proud of (?:our )?)"
    r"(?: (?:the|all|our|les|des|nos|aux|ces|these|those|tous les)){0,2} ?$"
)
_NEGATED_BEFORE = re.compile(r"\b(?:not|don't|dont|do not|never|ne|n'|pas|jamais|no|stop|arrete\w*)\b")
# Patterns where the group comes last: "I hate X", "kill all X", "mort aux X", "il faut expulser les X".
_BEFORE_GROUP: list[tuple[str, re.Pattern[str]]] = [
    (
        "hatred",
        re.compile(
            rf"(?<![\w])(?:{_HOSTILE_VERB})(?: (?:all|the|these|those|every|tous les|toutes les|les|"
            rf"ces|des|d'|de|tout|toute|ce|cette)){{0,2}} ?$"
        ),
    ),
    (
        "violence",
        re.compile(
            rf"(?<![\w])(?:(?:{_SHOULD})(?: (?:all|the|tous|les|us|nous|them))? )?(?:{_VIOLENT_VERB})"
            rf"(?: (?:all|the|these|those|every|each|tous les|toutes les|les|ces|des|tous|toutes|"
            rf"of the|off)){{0,2}} ?$"
        ),
    ),
    (
        "violence",
        re.compile(
            r"(?<![\w])(?:death to|mort aux|a mort les|dehors les|out with the|down with the|"
            r"a bas les|no more|stop the|halte aux|kill all|kill every|tuez les|"
            r"tuons les|exterminez les|final solution (?:for|to)(?: the)?|open season on(?: the| all)?|"
            r"solution finale (?:pour|contre)(?: les)?|solution finale aux|"
            r"(?:cleanse|purge|rid) (?:\w+ ){0,3}of(?: the| all| all the)?|"
            r"(?:nettoyer|epurer|purger|debarrasser) (?:\w+ ){0,3}(?:des|de tous les)) ?$"
        ),
    ),
    (
        "line-up",
        re.compile(
            r"(?<![\w])(?:line|lining|aligner|alignez|alignons)(?: up)?(?: all| tous)?(?: the| les| ces)? ?$"
        ),
    ),
    (
        "removal-condition",
        re.compile(
            r"(?<![\w])(?:if|si|once|une fois qu')(?: we| you| they| the government| on| l'on| nous)"
            r"(?: (?:just|finally|simply|juste|enfin))? (?:got rid of|get rid of|deported|deport|kicked out|"
            r"kick out|expelled|expel|banned|ban|removed|remove|locked up|lock up|exterminated|killed|"
            r"virait|virerait|expulsait|renvoyait|se debarrassait des?|nous debarrassions des?|enfermait|"
            r"avait vire|avait expulse|avait renvoye)"
            r"(?: (?:all|the|every|these|those|tous les|toutes les|les|ces|des|de|d')){0,2} ?$"
        ),
    ),
    (
        "dehumanisation",
        re.compile(
            rf"(?<![\w])(?:{_DEHUMANISING})(?: (?:like|comme|called|appeles|nommes|aka))?"
            rf"(?: (?:the|les|ces|these|those|all|tous les))? ?$"
        ),
    ),
    # "my hatred for X", "le monde serait meilleur sans les X", "impossible de rester dans la même pièce que des X"
    (
        "hatred",
        re.compile(
            r"(?:my|our|ma|mon|notre|i have (?:a|such)|i feel|j'ai (?:une|de la)) (?:deep |pure |total |"
            r"profonde |sincere |visceral |viscerale )?(?:hatred|hate|contempt|disgust|loathing|haine|mepris|"
            r"degout|aversion) (?:for|of|towards?|against|des|pour les|envers les|contre les|pour)"
            r"(?: all| the| these| those| les| ces)? ?$"
        ),
    ),
    (
        "hatred",
        re.compile(
            r"(?:world|country|planet|society|france|europe|america|city|town|neighbou?rhood|monde|pays|"
            r"planete|societe|ville|quartier|we|on)(?: \w+){0,2} (?:would be|will be|serait|sera|is|est|'d be|"
            r"vivrait|vivrions|would live) (?:a )?(?:much |so |bien |tellement |far )?(?:better|safer|"
            r"cleaner|meilleure?|plus sure?|plus propre|mieux)(?: place| endroit)?(?: off)? (?:without|sans)"
            r"(?: the| all| any| les| des| ces| tous les)? ?$"
        ),
    ),
    (
        "hatred",
        re.compile(
            r"(?:can't|cannot|can not|could never|refuse to|won't|impossible de|peux pas|peux plus|"
            r"refuse de|jamais je)(?: [a-z']+){0,5} (?:same (?:room|bus|street|building|country|table|"
            r"school|place) as|meme (?:piece|bus|rue|immeuble|pays|table|ecole|endroit|quartier) que)"
            r"(?: the| any| des| les| ces)? ?$"
        ),
    ),
    (
        "derogation",
        re.compile(
            rf"(?:nothing|no one|nobody|rien|personne|nothing is|rien n'est) (?:is |de )?(?:more|as|"
            rf"plus|aussi) (?:{_DEROGATORY}) (?:than|que|qu'|as)(?: the| les| des| ces)? ?$"
        ),
    ),
    (
        "question-open",
        re.compile(
            r"(?:(?:what'?s|what is|whats) the (?:point|use|purpose) of(?: the| all| any| having)?|why do we (?:even )?"
            r"(?:need|have|keep|tolerate|accept|allow|let in|put up with)(?: the| all| any| so many| more)?|"
            r"why (?:are|do) we (?:still |keep |even )?(?:letting|allowing|accepting|taking)(?: in)?(?: the| more| all| so many)?|"
            r"a quoi (?:servent|sert|ca sert|bon)(?: les| des)?|pourquoi (?:est-ce qu')?(?:on|nous|la france) "
            r"(?:laisse|accepte|tolere|garde|accueille|laissons|acceptons|supporte|supportons)(?: encore| toujours)?"
            r"(?: entrer| venir| rentrer| vivre ici)?(?: des| les| ces| autant de| tous ces)?|who (?:even )?(?:needs|wants)"
            r"(?: the| more| any)?|qui a besoin (?:des|de)) ?$"
        ),
    ),
    (
        "hatred",
        re.compile(
            r"(?:rather|plutot|prefere) (?:die|crever|mourir)(?: [a-z']+){0,4} (?:next to|near|with|a cote de|"
            r"pres de|avec)(?: the| any| des| les| de)? ?$"
        ),
    ),
    (
        "violence",
        re.compile(
            r"(?:a bullet|bullets|une balle|des balles|la corde|the rope|a rope|death|la mort|the chair)"
            r" (?:for|pour)(?: every| each| all| the| chaque| tous les| toutes les| les)? ?$"
        ),
    ),
    # "what good have X ever done?", "why can't X just go back …?": the tail decides
    (
        "worth-question",
        re.compile(
            r"(?:what good (?:have|are|did|do)|qu'est-ce que|qu'ont)"
            r"(?: the| les| ces)? ?$"
        ),
    ),
    (
        "go-back-question",
        re.compile(
            r"(?:why can't|why don't|why won't|why do|pourquoi(?: est-ce que| est-ce qu')?)"
            r"(?: the| all| les| ces)? ?$"
        ),
    ),
    # "typical X, lazy as always"
    ("typical", re.compile(r"(?<![\w])(?:typical|typique(?: des| de ces)?|so typical of|classic) ?$")),
    # questions and opinions: "why are X so lazy?", "pourquoi les X sont-ils tous des voleurs"
    (
        "question",
        re.compile(
            r"(?<![\w])(?:why|how come|pourquoi|pk|pq|pkoi|est-ce que|isn't it true that|n'est-ce pas que)"
            r" (?:are|r|is|do|les|sont|all) ?$"
        ),
    ),
]
_TAILS = {
    "line-up": re.compile(rf"^{_REL}(?: all| tous)?(?: up)? (?:against|contre) (?:a|the|un|le) (?:wall|mur)"),
    # the removal as the condition of a better world: "if we got rid of all the X, crime would drop overnight"
    "removal-condition": re.compile(
        rf"^{_REL},? (?:(?:the |this |our )?(?:crime|country|world|city|town|streets?|problems?|everything|"
        r"life|things|la criminalite|le pays|le monde|la ville|les rues|les problemes|tout|la vie) "
        r"(?:would|will|'d|serait|seraient|irait|iraient|baisserait|disparaitrait|disparaitraient)"
        r"(?: \w+)?(?: be)? (?:drop|fall|go down|disappear|vanish|improve|better|safer|cleaner|great|fine|solved|"
        r"sorted|paradise|overnight|beaucoup mieux|mieux|plus sur|plus sure|plus propre|regle|regles|du jour)|"
        r"problem solved|probleme regle)"
    ),
    "worth-question": re.compile(
        rf"^{_REL}(?: (?:ever|really|jamais))? (?:done|given|brought|contributed|achieved|"
        rf"ont (?:jamais )?(?:apporte|fait) de (?:bien|bon))"
    ),
    "go-back-question": re.compile(
        rf"^{_REL}(?: (?:just|simply|all|ne|pas))* (?:go back|go home|get out|leave|stay home|"
        rf"rentrent pas|retournent pas|degagent pas|partent pas|restent pas chez eux|"
        rf"ne rentrent pas|ne retournent pas)"
    ),
}
_TYPICAL_TAIL = re.compile(
    rf"^{_REL}[,:!]?(?: (?:so|si|aussi|toujours|always|as|comme|encore|all|tous|just|juste|"
    rf"being|etre|trop|too))* (?:{_DEROGATORY})(?![\w-])"
)
_QUESTION_TAIL = re.compile(
    rf"^{_FILL}(?: {_COPULA})?{_FILL} (?:so |si |aussi |tellement |always |toujours |all |tous |toutes )?"
    rf"(?:{_DEROGATORY})"
    rf"(?![\w-])"
)
# A dehumanising noun right before or after the group, with nothing in between but punctuation.
_NEAR = re.compile(rf"^[?!:,.\- ]{{1,4}}(?:{_FILL} )?(?:{_DEHUMANISING})(?![\w-])")
# "treated like animals", "compared to rats": a complaint about how the group is treated.
_TREATED = re.compile(
    r"(?:treated|treat|traites|traitees|traiter|compared|compares|comparer|called|appeles|"
    r"like|comme|victims? of|victimes? de) ?(?:as |en |to |a |aux |des |comme )?$"
)
_OTHER_SUBJECT = re.compile(
    r"\b(?:you|u|ya|he|she|they|who|people|tu|vous|il|elle|ils|elles|qui|"
    r"les gens)(?: (?:just|really|all|only|clearly|obviously|do|does|did|still|tous|"
    r"juste|vraiment|encore))* ?$"
)
_PRONOUN_RE = re.compile(
    rf"(?<![\w'])(?:(?:{_PRONOUN})(?![\w]|'(?!re|s |ll be|d be|d {_WISHED_D}))|c'(?=est (?:tous |toutes )?des |est un peuple |est (?:de la|du) ))"
)
# Object pronouns for a group named earlier: "I hate them", "je les déteste", "il faut les expulser".
_PRONOUN_OBJECT = re.compile(
    rf"(?:(?:{_HOSTILE_VERB})(?: them| em| 'em)(?! \w+ (?:so|too) )|je les (?:deteste|hais|vomis|execre)|"
    # a quantifier for the object: "I despise every single one of them", "je méprise chacun d'entre eux"
    rf"(?:{_HOSTILE_VERB}|meprise) (?:every (?:single )?one|each(?: and every)?(?: one)?|all|any) of them\b|"
    rf"(?:{_HOSTILE_VERB}|meprise) (?:chacun|chacune|tous|toutes|n'importe lequel) (?:d'entre |de )?(?:eux|elles)\b|"
    r"(?:want|wish|need) (?:them|every (?:single )?one of them|all of them|each of them)(?: all)? "
    r"(?:gone|out|dead|deported|removed|expelled|wiped out)\b|"
    rf"(?:{_SHOULD}) (?:les|leur) (?:{_VIOLENT_VERB})|(?:{_VIOLENT_VERB}) (?:them|em|'em)(?: all)?|"
    rf"(?:il faut|faut|on doit|on devrait|il faudrait) (?:tous )?les (?:{_VIOLENT_VERB})|"
    rf"(?:{_SHOULD}) (?:kill|shoot|gas|deport|hang|burn|exterminate) (?:them|em)|"
    rf"(?:qu'ils|qu'elles|they|ils|elles) (?:{_SHOULD}|doivent|devraient){_FILL} (?:{_BE_VIOLENCE})(?![\w-])|"
    rf"(?:qu'ils|qu'elles) (?:tous |toutes )?(?:crevent|degagent|meurent|disparaissent|brulent|pourrissent|"
    r"(?:retournent|rentrent) (?:chez eux|d'ou ils viennent|d'ou elles viennent|dans leur pays|au bled|en afrique))|"
    r"(?:espere|souhaite|parie) qu'(?:ils|elles) (?:\w+ )?(?:creveront|mourront|disparaitront|bruleront|"
    r"pourriront)|"
    # an order or a subjunctive wish: "send them all back", "renvoyez-les", "qu'on les renvoie tous"
    r"(?:send|ship) (?:them|em|'em)(?: all)? (?:back|home|out)\b|"
    r"keep (?:them|em|'em) (?:away from|out of) (?:our |the |my )?(?:children|kids|schools?)\b|"
    r"\b(?:renvoyez|expulsez|virez|chassez|degagez|butez|tuez|pendez|brulez|enfermez|gazez|exterminez|"
    r"eliminez|deportez|noyez)-les\b|"
    r"\bqu'on (?:tous )?les (?:renvoie|expulse|vire|chasse|degage|bute|tue|pende|brule|enferme|gaze|fusille|"
    r"noie|extermine|elimine|deporte|massacre|abatte|foute dehors|mette dehors|jette dehors|jette a la mer)\b)"
)
# One RE2 pass (linear, a few µs) finds whether any group or group pronoun is named at all.
_HATE_GATE = Lexicon(_GROUP)  # pronouns count only after a group is named


@dataclass(frozen=True, slots=True)
class _Span:
    """A group mention, read like a match (``start()``, ``end()``)."""

    lo: int
    hi: int

    def start(self) -> int:
        return self.lo

    def end(self) -> int:
        return self.hi


def hate_hits(folded: str, lang: str | None = None) -> list[Hit]:
    """Hostile statements about a protected group, in the folded text (no insult word needed)."""
    return hate_evidence(folded, lang)[0]


@dataclass(frozen=True, slots=True)
class HateReading:
    """What the hate rules read in a post: the hostile statements used, whether the group statements were
    benign instead, and where a hostile predicate is negated ("les X ne sont pas des ordures": the insult
    word there is not used)."""

    hits: list[Hit]
    countered: bool
    negated: list[tuple[int, int]]
    #: A derogatory statement about people who are no protected group ("tax evaders are parasites").
    nonprotected: bool = False


def hate_evidence(folded: str, lang: str | None = None) -> tuple[list[Hit], bool]:
    """The hostile statements used, and whether the group statements were benign instead: quoted, reported
    or condemned hate, a negated hostile statement ("les immigrés ne sont pas des criminels") or a positive
    one ("X built this country"), which the model alone must not turn into a flag."""
    reading = hate_reading(folded, lang)
    return reading.hits, reading.countered


def hate_reading(folded: str, lang: str | None = None) -> HateReading:
    """:func:`hate_evidence` with the spans of negated hostile predicates."""
    folded = hate_clause.unleet(folded.replace("’", "'"))  # same length: offsets are kept
    negated: list[tuple[int, int]] = []
    raw, benign = _raw_hate(folded, lang, negated)
    if not raw and (worship := hate_clause.worship_attack(folded, lang)) is not None:
        raw = [Hit(worship.start, worship.end, "hate", worship.rule)]  # "il faut cramer la mosquée"
    if not raw:
        other = (
            not benign
            and not negated
            and (
                hate_clause.nonprotected_derogation(folded, lang) is not None
                or hate_clause.hated_thing(folded, lang) is not None
            )
            and not _mentions(folded, lang)
        )
        return HateReading([], benign, negated, other)
    kept = [h for h in raw if not counter_speech(folded, h.start, h.end)]
    return HateReading(kept, len(kept) < len(raw) or (benign and not kept), negated)


def _mentions(
    folded: str, lang: str | None, singulars: list[tuple[int, int, str]] | None = None
) -> list[tuple[int, int]]:
    """Where protected groups are named: the names of ``_GROUP_RE`` and, beside them, one-word names in any
    inflection or misspelt (``hate_clause.group_mentions``), in text order; one member named ("a Muslim") goes
    to ``singulars`` when given."""
    named = []
    if next(_HATE_GATE.finditer(folded), None) is not None:
        named = [(m.start(), m.end()) for m in itertools.islice(_GROUP_RE.finditer(folded), 20)]
    for start, end, lemma in hate_clause.group_mentions(folded, lang, singulars)[:20]:
        if not any(s < end and start < e for s, e in named):
            named.append((start, end) if lemma not in hate_clause.SINGULAR_NAMES else (start, -end))
    return sorted(named, key=lambda se: se[0])


#: "The only good X is a dead X", "le seul bon X est un X mort".
_ONLY_GOOD_DEAD = re.compile(
    r"\b(?:the only good (?P<who>[a-z]+) is a dead (?P=who)|le seul bon (?P<qui>[a-z]+) est un (?P=qui) mort|"
    r"la seule bonne (?P<quie>[a-z]+) est une (?P=quie) morte)\b"
)
#: A place or an event that stands for the group who gathers there: a plural pronoun after it can take the
#: group up ("Saw the pride parade yesterday. They're subhuman.", "Passé devant la mosquée. Ils sont tous …").
_GATHERING = re.compile(
    r"\b(?:(?:gay )?pride (?:parade|march|marches|parades|event|festival)|gay pride|mosques?|synagogues?|"
    r"refugee camps?|migrant camps?|asylum hotels?|migrant hotels?|gypsy camps?|traveller camps?|"
    r"marches? des fiertes|mosquees?|camps? de (?:migrants|refugies|roms|gitans)|foyers? de migrants)\b"
)


def _raw_hate(
    folded: str, lang: str | None = None, negated: list[tuple[int, int]] | None = None
) -> tuple[list[Hit], bool]:
    dead = _ONLY_GOOD_DEAD.search(folded)
    if dead is not None and any(
        (found := hate_words.lookup(next(g for g in dead.groups() if g), lg)) is not None
        and found[0] == "group"
        for lg in ((lang,) if lang in ("en", "fr") else ("en", "fr"))
    ):
        return [Hit(dead.start(), dead.end(), "hate", "violence")], False
    singulars: list[tuple[int, int, str]] = []
    mentions = _mentions(folded, lang, singulars)
    if not mentions:
        members = _member_hits(folded, [(s, e) for s, e, _ in singulars], lang, singular=True)
        if not members and singulars:  # "Mon collègue est musulman. Tous des terroristes, ces gens-là."
            first = singulars[0][0]
            lone = _lone_judgement(folded, _next_break(folded, first), first, lang, [], back=True)
            members = [lone] if lone is not None else []
        gathering = _GATHERING.search(folded) if not members else None
        if gathering is not None and not _VICTIM.search(
            folded, _last_break(folded, gathering.start()), _next_break(folded, gathering.end())
        ):  # "Saw the pride parade yesterday. They're subhuman."
            members = _pronoun_hits(folded, gathering.start(), lang)
        return members, False
    out: list[Hit] = []
    first_group = None
    benign = False
    for start, end in mentions[:20]:
        # A name of the whole group in the singular ("l'islam", a negative end) is judged by the clause
        # judge alone: the patterns expect people ("the flag of islam flies" is no swarm of flies).
        m = _Span(start, abs(end))
        if first_group is None:
            first_group = m.start()
        hit = _judge_group(folded, m.start(), m.end()) if end > 0 else None
        no_member = hate_shapes.no_member(folded[: m.start()])  # "no refugee should be deported"
        # "people who say X are … and they're right": the reported words are agreed with
        agreed = _AGREED.search(folded, m.end(), _following_end(folded, _next_break(folded, m.end())))
        if hit is not None and (
            (hate_clause.denied(folded, m.start()) and agreed is None)
            or (no_member and hit.word == "violence")
        ):
            if negated is not None:
                negated.append((hit.start, hit.end))
            benign = True  # "it is false that X are thieves", "je ne pense pas que les X soient …"
            continue
        if hit is not None:
            out.append(hit)
            continue
        if end > 0 and (asked := hate_shapes.questioned_right(folded, m.start(), m.end())) is not None:
            out.append(Hit(m.start(), asked, "hate", "question-right"))  # "why are X allowed to vote?"
            continue
        # The patterns above know the shapes they were written for; the clause judge reads any shape.
        verdict = hate_clause.judge(folded, m.start(), m.end(), lang)
        if verdict is not None and verdict.hate and no_member and verdict.rule.startswith("violence"):
            verdict = hate_clause.Verdict(False, verdict.start, verdict.end, "negated:" + verdict.rule)
        elif verdict is not None and agreed is not None and verdict.rule.startswith("denied:"):
            verdict = hate_clause.Verdict(True, verdict.start, verdict.end, verdict.rule[len("denied:") :])
        elif (
            verdict is not None
            and verdict.rule.startswith("positive:")
            and _sarcastic(folded, m.start(), verdict.end)
        ):
            verdict = hate_clause.Verdict(True, verdict.start, verdict.end, "derogation:sarcasm")
        if verdict is not None and verdict.hate:
            out.append(Hit(verdict.start, verdict.end, "hate", verdict.rule))
        else:
            if verdict is not None and negated is not None and not verdict.rule.startswith("victim"):
                negated.append((verdict.start, verdict.end))
            if not benign:
                benign = verdict is not None or _benign_group(folded, m.start(), m.end(), lang)
    if not out:
        out.extend(_member_hits(folded, [(s, abs(e)) for s, e in mentions], lang))
        out.extend(_member_hits(folded, [(s, e) for s, e, _ in singulars], lang, singular=True))
    if out and _answered(folded, out):
        return [], True  # "women don't belong in the kitchen, they belong wherever they want"
    sentence = folded[_last_break(folded, mentions[0][0]) : _next_break(folded, mentions[0][0])]
    if hate_singular.condemned_claim(sentence, _CONDEMN.search(sentence) is not None):
        return [], True  # "calling disabled people a burden is how eugenics started"
    if first_group is not None and not out:
        out.extend(_pronoun_hits(folded, first_group, lang))
    if first_group is not None and not out:
        out.extend(_identified_pronouns(folded, mentions, lang))
    if first_group is not None and not out:
        # "il faudrait tous les tuer, ces X": the pronoun may come before the group it stands for
        verdict = hate_clause.pronoun_objects(folded, 0, lang)
        if verdict is not None:
            out.append(Hit(verdict.start, verdict.end, "hate", verdict.rule))
    return out, benign


#: The pronoun said to be the group: "They're women after all", "Ce sont des juifs", "they're just Muslims".
_IDENTIFIES = re.compile(
    r"(?:\bthey(?:'re| are| r)|\btheyre|\bce sont|\bc'est|\bils sont|\belles sont)"
    r"(?: (?:just|only|all|simply|still|juste|que|tous|toutes|seulement))*(?: des| d')?\s*$"
)


def _identified_pronouns(folded: str, mentions: list[tuple[int, int]], lang: str | None) -> list[Hit]:
    """Hostile statements through pronouns that a later sentence says are the group ("Of course they are
    stupid. They are women after all."): the identity binds the pronouns before it to the group."""
    for start, _ in mentions[:8]:
        lo = _last_break(folded, start)
        if _IDENTIFIES.search(folded, lo, start) is None or lo == 0:
            continue
        for m in _PRONOUN_RE.finditer(folded, 0, lo):
            hit = _judge_group(folded, m.start(), m.end())
            if hit is not None:
                return [Hit(hit.start, hit.end, "hate", "pronoun-" + hit.word)]
            verdict = hate_clause.judge(folded, m.start(), m.end(), lang)
            if verdict is not None and verdict.hate:
                return [Hit(verdict.start, verdict.end, "hate", "pronoun-" + verdict.rule)]
    return []


def _benign_group(folded: str, start: int, end: int, lang: str | None = None) -> bool:
    """A group named in a negated hostile statement, a positive one (praise: ``hate_praise``), or as the
    victim of hostility."""
    after = folded[end : _next_break(folded, end)]
    if any(p.match(after) for p in _BENIGN_GROUP_AFTER) or hate_praise.praised(after, lang):
        return True
    if _inside_quotes(folded, start, end) and counter_speech_context(folded, start, end):
        return True  # « Les X devr@ient être … » : voilà la haine qu'il faut combattre
    before = folded[_last_break(folded, start) : start]
    m = _BENIGN_BEFORE.search(before)
    return m is not None and not _NEGATED_BEFORE.search(before[max(0, m.start() - 25) : m.start()])


_HOSTILE_START = re.compile(rf"(?:{_HOSTILE_VERB})\b")
_NOUN_BEFORE = re.compile(r"\b(?:the|this|that|such|much|their|our|la|cette|leur)\s*$")
_CANT_HELP = re.compile(
    r"can't help being|cannot help being|can't help but be|ne peuvent pas s'empecher d'etre"
)


def _judge_group(folded: str, start: int, end: int) -> Hit | None:
    hi = _next_break(folded, end)
    after = folded[end:hi]
    lo = _last_break(folded, start)
    before = folded[lo:start]
    for name, pattern in _HATE_PATTERNS:
        m = pattern.match(after)
        if m is None:
            continue
        if name == "derogation" and re.search(
            _NEGATOR + r"(?: |$)", " " + _CANT_HELP.sub("", after[: m.end()]) + " "
        ):
            continue  # "immigrants are not criminals"
        if name == "derogation" and _TREATED.search(after[: m.end()].rsplit(" ", 2)[0] + " "):
            continue
        return Hit(start, end + m.end(), "hate", name)
    m = _WISHED.match(after)
    if (
        m is not None
        and (_WISH_BEFORE.search(before) or _SUBJUNCTIVE_BEFORE.search(before))
        and not re.search(r"\b(?:not|don't|never|ne|pas|jamais)\b", before)
    ):
        return Hit(lo, end + m.end(), "hate", "violence")
    if before and not _TREATED.search(before):
        for name, pattern in _BEFORE_GROUP:
            m = pattern.search(before)
            if m is None:
                continue
            if name == "question" and not _QUESTION_TAIL.match(after):
                continue
            if name in _TAILS:
                tail = _TAILS[name].match(after)
                if tail is None:
                    continue
                return Hit(lo + m.start(), end + tail.end(), "hate", "question")
            if name == "typical":
                tail = _TYPICAL_TAIL.match(after)
                if tail is None:
                    continue
                return Hit(lo + m.start(), end + tail.end(), "hate", "derogation")
            if name in ("hatred", "violence") and re.search(
                r"\b(?:not|don't|do not|never|ne|pas|jamais|n')\s*$", before[: m.start()]
            ):
                continue  # "I don't hate immigrants"
            if (
                name == "hatred"
                and _HOSTILE_START.match(before, m.start())
                and _NOUN_BEFORE.search(before[: m.start()])
            ):
                continue  # "the hate Muslims face": a noun, not the author's verb
            if name == "hatred" and _OTHER_SUBJECT.search(before[: m.start()]):
                continue  # "why do you hate women?", "he hates Muslims": an accusation, not the author's hatred
            # A question's tail matched above (it is skipped otherwise); the checker cannot carry that over.
            return Hit(
                lo + m.start(),
                end + (_QUESTION_TAIL.match(after).end() if name == "question" else 0),  # type: ignore[union-attr]
                "hate",
                name,
            )
    m = _NEAR.match(folded[end : end + 60])
    if m is not None and not _TREATED.search(before):
        return Hit(start, end + m.end(), "hate", "dehumanisation")
    return None


def _answered(folded: str, hits: list[Hit]) -> bool:
    """Whether every hit is an exclusion answered in its sentence (``hate_singular.answered_exclusion``)."""
    return all(
        h.word == "exclusion" and hate_singular.answered_exclusion(folded, h.end, _next_break(folded, h.end))
        for h in hits
    )


_FLAW_WORDS = re.compile(r"[\w'-]+")


def _flaw_at(folded: str, pos: int, lang: str | None) -> int | None:
    """The end of a derogatory word among the three after ``pos`` ("who isn't [a] groomer"), if any; an
    article counts as one ("a groomer")."""
    for m in itertools.islice(_FLAW_WORDS.finditer(folded, pos, pos + 40), 3):
        found = hate_words.lookup(m.group(), lang) if lang in ("en", "fr") else None
        if found is not None and found[0] == "derog":
            return m.end()
    return None


def _member_hits(
    folded: str, spans: list[tuple[int, int]], lang: str | None, singular: bool = False
) -> list[Hit]:
    """Hostile statements where one member stands for the group (``hate_singular``), and, for a singular, a
    plural pronoun later in its sentence ("another Muslim at the station, they're all extremists")."""
    if not spans:
        return []
    toks = hate_clause.tokens(folded)
    for start, end in spans[:8]:
        span = (
            hate_singular.typical_member(toks, start, end)
            or hate_singular.distrusted(toks, start)
            or hate_singular.none_worthy(toks, folded, start, end)
            or hate_singular.removal_call(toks, start, end)
        )
        if span is not None:
            return [Hit(span[0], span[1], "hate", "derogation-member")]
        if (good := hate_singular.never_good(folded, start, end)) is not None:
            return [Hit(start, good, "hate", "negated-positive-member")]
        stop = hate_singular.challenged(folded, start, end)
        if stop is None:
            stop = hate_singular.necessarily(folded, end, _next_break(folded, end))
        if stop is not None and (flaw := _flaw_at(folded, stop, lang)) is not None:
            return [Hit(start, flaw, "hate", "derogation-member")]
        if (hit := _pronoun_in_sentence(folded, end, lang)) is not None:
            return [hit]
    return []


_CLAUSE_BREAK = re.compile(r"[,;:\-]| and | et | but | mais ")


def _pronoun_in_sentence(folded: str, end: int, lang: str | None) -> Hit | None:
    """A hostile statement through a pronoun after a clause break in the sentence of the name at ``end``."""
    hi = _next_break(folded, end)
    brk = _CLAUSE_BREAK.search(folded, end, hi)
    if brk is None:
        return None
    for m in _PRONOUN_RE.finditer(folded, brk.start(), hi):
        hit = _judge_group(folded, m.start(), m.end())
        if hit is not None:
            return Hit(hit.start, hit.end, "hate", "pronoun-" + hit.word)
        verdict = hate_clause.judge(folded, m.start(), m.end(), lang)
        if verdict is not None and verdict.hate:
            return Hit(verdict.start, verdict.end, "hate", "pronoun-" + verdict.rule)
    return None


def _pronoun_hits(folded: str, first_group: int, lang: str | None = None) -> list[Hit]:
    """Hostile statements about a group named earlier, through a pronoun ("They are parasites")."""
    out: list[Hit] = []
    rest_start = _next_break(folded, first_group)
    groups = [(s, abs(e)) for s, e in _mentions(folded, lang)]
    for m in _PRONOUN_RE.finditer(folded, rest_start):
        if hate_antecedent.elsewhere(folded, first_group, m.start(), lang, groups):
            continue  # "Rats got into the immigrant centre. They are vermin": the rats are
        hit = _judge_group(folded, m.start(), m.end())
        if hit is not None:
            return [Hit(hit.start, hit.end, "hate", "pronoun-" + hit.word)]
        verdict = hate_clause.judge(folded, m.start(), m.end(), lang)
        if verdict is not None and verdict.hate:
            return [Hit(verdict.start, verdict.end, "hate", "pronoun-" + verdict.rule)]
    lone = _lone_judgement(folded, rest_start, first_group, lang, groups)
    if lone is not None:
        return [lone]
    obj = _PRONOUN_OBJECT.search(folded, first_group)
    if obj is not None and hate_antecedent.elsewhere(folded, first_group, obj.start(), lang, groups):
        return out
    if obj is not None:
        out.append(Hit(obj.start(), obj.end(), "hate", "pronoun-violence"))
    else:
        verdict = hate_clause.pronoun_objects(folded, first_group, lang)
        if verdict is not None:
            out.append(Hit(verdict.start, verdict.end, "hate", verdict.rule))
    return out


#: The group as the victim in the sentence that names it ("Immigrants attacked in Leeds. Animals."): a
#: judgement after it is of the attackers.
_VICTIM = re.compile(
    r"\b(?:(?:(?:was|were|got|get|gets|been|being|are|is|sont|ont ete|a ete|se sont fait|se font) (?:\w+ )?)"
    r"(?:attacked|assaulted|beaten|stabbed|killed|murdered|harassed|targeted|abused|insulted|threatened|"
    r"agresse|agresses|agressees|attaque|attaques|attaquees|tabasse|tabasses|tue|tues|tuees|harcele|harceles|"
    r"insulte|insultes|menace|menaces|vise|vises|agresser|attaquer|tabasser|tuer|harceler|insulter)|"
    r"(?:attacked|assaulted|beaten|stabbed|killed|murdered|harassed|targeted|abused|threatened|agresse|agresses|"
    r"agressees|attaque|attaques|attaquees|tabasse|tabasses|tues|tuees|harceles|menaces|vises) "
    r"(?:by|in|at|on|outside|near|par|a|au|aux|en|dans|pres|devant))\b"
)


def _lone_judgement(
    folded: str,
    rest_start: int,
    first_group: int,
    lang: str | None,
    groups: list[tuple[int, int]],
    back: bool = False,
) -> Hit | None:
    """A sentence after the group's that is only a judgement ("… Chinese students at uni. Filthy vermin, the
    lot of them.", "Des Roms sur le parking. Tous des voleurs."), unless a nearer plural subject takes it
    (``hate_antecedent``) or the group was the victim in its sentence; ``back``: only with a quantifier that
    points back at a plural (after one member named: "My colleague is Muslim. Terrorists, all of them.")."""
    if _VICTIM.search(folded, _last_break(folded, first_group), rest_start) is not None:
        return None
    sentence: list[hate_clause.Token] = []
    for tok in (*hate_clause.tokens(folded), None):
        if tok is not None and tok.start < rest_start:
            continue
        if tok is not None and tok.text not in (".", "!", "?"):
            sentence.append(tok)
            continue
        if (
            sentence
            and (lemma := hate_shapes.lone_judgement([t.text for t in sentence], lang, back)) is not None
        ):
            start = sentence[0].start
            if not hate_antecedent.elsewhere(folded, first_group, start, lang, groups):
                return Hit(start, sentence[-1].end, "hate", "pronoun-" + lemma)
        sentence = []
    return None


_KILL_EN = (
    r"kill|killed|murder|murdered|stab|stabbed|shoot|shot|strangle|choke|beat|beaten|punch|bury|hurt|end|"
    r"destroy|skin|gut|rape|hunt|cut|run over|come for|come after|find|slap|smack|knock out|cripple|torture"
)
# A time after "this"/"that" is no victim: "we're going to shoot this weekend" (a photo shoot, the range).
_TIME_EN = (
    r"(?:weekend|week|morning|afternoon|evening|night|summer|winter|spring|autumn|fall|year|month|season|time|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
)
# Phrases that hold their own object ("break your legs", "make you suffer").
_KILL_EN_OBJ = (
    r"slit (?:your|ur) throat|beat the (?:shit|crap|hell|life) out of (?:you|u|ya)|"
    r"break (?:your|ur) (?:legs?|neck|face|jaw|bones|teeth|arms?|skull)|"
    r"smash (?:your|ur) (?:face|head|skull|teeth)|burn (?:your|ur) (?:house|car|shop|branch|office) down|"
    r"burn (?:down )?(?:your|ur) (?:house|car|shop|branch|office)|put a bullet in (?:you|your|ur|him|her)|"
    r"blow (?:your|ur) (?:head|brains) off|make (?:you|u) (?:pay(?! for (?:the |my |our |a |this )?(?:dinner|lunch|breakfast|drinks?|coffees?|beers?|"
    r"rounds?|bill|tickets?|pizza|food|gas|petrol|parking|uber|taxi|next one)\b)|suffer|regret|bleed)|"
    r"wipe (?:you|u) out|come to your house|show up at your (?:house|door|work)"
)
_THREAT_EN = re.compile(
    rf"\b(?:i|we|i'm|im|i am|we're|we are|ill|i'll|we'll|imma|ima|gonna)(?: (?:will|'ll|shall|would|'d|am|are|"
    rf"gonna|going to|gon|fixing to|about to|have|swear i'll|swear|promise|will personally|personally|literally|"
    rf"definitely|totally|really|fucking|come and|come to your house and|find you and|find u and|hunt you down and|"
    rf"wait for you and|should have|should've|could|can|want to|wanna|did not|didn't|just|gonna go)){{0,3}} "
    rf"(?:(?:{_KILL_EN}) (?:you|u|ya|him|her|them|(?:this|that) (?!{_TIME_EN}\b)\w+|all of you|y'all|you all)(?![\w'])|"
    rf"{_KILL_EN_OBJ})"
    r"|\b(?:you(?:'re| are| r)|u're|youre|ur|u r|you will be|you'll be|you(?:'re| are) gonna be) (?:so |fucking |a )?"
    r"(?:dead|dead meat|a dead man|a dead woman|finished|done for|going to die|gonna die|next)\b"
    r"|\b(?:you|u)(?:'ll| will| are going to| are gonna| gonna| r gonna) (?:pay|regret|die|bleed|suffer|be sorry)\b"
    r"|\b(?:watch your back|watch ur back|sleep with one eye open|i know where you (?:live|work|sleep|park)|"
    r"your days are numbered|you won't see (?:it|me) coming)\b"
    r"|\b(?:if (?:you|u|i see you|i catch you|i find you)|should you|one more word|one more time)\b.{0,60}"
    r"\b(?:i(?:'ll| will| am going to| am gonna|'m gonna|'m going to| would|'d)|ill|imma|you(?:'re| are)|ur)"
    r"(?: (?:personally|swear|really|fucking))? (?:" + _KILL_EN + r"|" + _KILL_EN_OBJ + r"|dead)\b"
)
_KILL_FR = (
    r"tu(?:e|er|erai|erais|era|erons|eront)\b|bute|buter|buterai|crev|egorg|defonc|demont|frapp|plant|"
    r"saign|massacr|eclat|allum|fum|defigur|etrangl|cass\w* (?:la gueule|les dents|les jambes|la tete|"
    r"la figure|les genoux|les bras|les doigts|la machoire|le nez|en deux)|pet\w* (?:la gueule|les dents|les genoux)|"
    r"faire la peau|faire payer|"
    r"faire regretter|faire du mal|brul|cram|retrouv|chop|attrap|tabass|niquer ta race|niquer ta mere|"
    r"viol|trouer|mettre une balle|achev|enterr|decoup|cogn|regler ton compte|pourrir la vie|soulev|"
    r"termin|bris|detrui|explos|abatt|fusill|poignard|descend"
)
# Verbs of the list said of things as often as of people: after "le", "la", "les" they are no threat ("je vais
# le terminer demain" a book, "le démonter" a wardrobe, "les planter" bulbs, "l'abattre" a tree, "la brûler" a
# letter, "les descendre à la cave"); after "te", "vous" or "lui" they still are.
_THING_VERBS_FR = (
    r"(?:termin|achev|demont|plant|abatt|explos|detrui|bris|decoup|enterr|allum|fum|descend|soulev|brul|cram)"
)
_THREAT_FR = re.compile(
    rf"\b(?:je |j'|j|on |nous |moi je )(?:(?:vais|vai|v|va|vas|allons|irai|ira|viendrai|viendra|te jure|jure|"
    rf"promets|devrais|pourrais|aurais du|aurais|aurai|vais venir|vais aller|vais finir par|compte|veux|voulais|"
    rf"vas|sais pas ce qui me retient de|me retiens de) )?"
    rf"(?:(?:te |t'|vous |lui )|(?:le |la |les |l')(?!{_THING_VERBS_FR}))(?:{_KILL_FR})\w*"
    r"|\b(?:je |j'|j|on |nous )(?:(?:vais|va|vai|allons|te jure que je vais) )?(?:brul|cram|explos|detrui|saccag|"
    r"defonc|casse|incendi|braqu)\w* (?:votre|ta|ton|vos|tes|leur) (?:agence|maison|voiture|bureau|boutique|"
    r"magasin|baraque|appart|caisse|gueule|tete|famille)\b"
    r"|\b(?:je|j'|on|nous)(?: (?:vais|allons|va)) (?:venir|passer|aller) (?:chez (?:toi|vous)|a ton boulot|"
    r"te chercher|a ta sortie)\b"
    rf"|\bje (?:te|vous|t') (?:{_KILL_FR})\w*"
    r"|\b(?:t'es|t es|tu es|vous etes|t'est|tes) (?:un homme mort|une femme morte|mort|morte|morts|fini|finie|"
    r"finis|cuit|cuite|foutu|foutue)\b"
    r"|\b(?:tu vas|vous allez|tu va|tu vas le|tu le)(?: (?:bientot|vite|vraiment|tellement|bien))? (?:le |la )?"
    r"(?:payer|regretter|crever|mourir|saigner|souffrir|voir ce qui|prendre (?:une balle|un coup de couteau|"
    r"une raclee|cher)|finir (?:a l'hopital|aux urgences|dans un fosse|six pieds sous terre|en morceaux))\w*"
    r"|\b(?:t'es|t es|tu es|vous etes|tu seras|vous serez) (?:le prochain|la prochaine|les prochains)\b(?! (?:a|sur|dans|de|d'|pour|en)\b)"
    r"|\b(?:je sais ou tu (?:habites|vis|bosses|travailles|dors|te gares)|fais gaffe a toi|fais attention a toi|"
    r"tes jours sont comptes|ca va mal finir pour toi|dernier avertissement|tu perds rien pour attendre|"
    r"gare a toi|surveille tes arrieres|numerote tes abattis)\b"
    rf"|\bsi (?:tu|vous|je te|je vous|je t)\b.{{0,60}}\b(?:je|j'|on)(?: (?:vais|va|te|vous|t'))* ?(?:{_KILL_FR})"
)
# "I'll find you a table", "je vais te retrouver à la gare": meeting, not hunting.
_BENIGN_AFTER = re.compile(
    r"^\w* (?:a table|a seat|a place|a spot|a job|a room|at the|a la gare|au|a l'|devant|"
    r"a \d|at \d|tomorrow|demain|ce soir|tonight|later|plus tard|dans \d|in \d|some|un|une)"
)
# Verbs of meeting someone: harmless when a place or a time follows ("je vais te retrouver à la gare").
_MEETING = ("find", "retrouv", "chop", "attrap", "come for", "come after", "rejoindre", "voir")
_WEAK_THREAT = (
    "regret",
    "be sorry",
    "find",
    "retrouv",
    "chop",
    "attrap",
    "end",
    "termin",
    "cut",
    "destroy",
    "detrui",
    "explos",
    "allum",
    "fum",
    "beat",
    "hunt",
    "come for",
    "come after",
    "soulev",
    "eclat",
    "defonc",
    "bris",
    "descend",
    "plant",
    "trou",
    "enterr",
    "achev",
)


# Violence wished on or called for against a person, not only promised by the author: "someone should
# strangle her", "I hope someone stabs him", "he should be hanged", "string them up", "on retrouvera
# jamais ton corps", "you'll be begging me not to …".
_OBJ_EN = r"(?:him|her|you|u|ya|them|em|'em|these \w+|those \w+|that \w+|this \w+|the \w+|his \w+|her \w+)"
_STRONG_EN = (
    r"kill|murder|stab|strangle|lynch|behead|poison|choke|gut|torture|rape|shoot|hang|drown|execute|"
    r"slaughter|butcher|smother|suffocate|run over|beat up|beat the (?:shit|crap|hell|life) out of|"
    r"put a bullet in|blow the brains out of|slit the throat of|break the legs of|smash the face of"
)
_STRONG_FR = (
    r"tu(?:e|er)|bute(?:r)?|egorge(?:r)?|etrangle(?:r)?|poignarde(?:r)?|fusille(?:r)?|flingue(?:r)?|"
    r"lynche(?:r)?|massacre(?:r)?|abattre|saigne(?:r)?|creve(?:r)?|defonce(?:r)?|cramer|bruler|pendre|"
    r"eclater|demolir|ecraser|planter|casser (?:les jambes|la gueule|les dents)|"
    r"faire la peau|refaire le portrait|achever|noyer|violer|tabasser"
)
_WISHED_THREAT = re.compile(
    rf"\b(?:someone|somebody|some1|sb|anyone|somebody (?:please|pls)) (?:should|needs to|ought to|oughta|has to|"
    rf"gotta|is going to|is gonna|will|better|must|could|pls|please|go|just)(?: (?:just|really|finally|go|come and))? "
    rf"(?:{_STRONG_EN}) (?:him|her|you|u|ya|them|em|'em|(?:that|this|the) (?:guy|man|woman|bitch|bastard|idiot|"
    rf"clown|girl|dude|fucker|prick|cunt|traitor|kid|cop|judge)|(?!(?:a|an|some|the|this|that|my|our|their|his|her|it|"
    rf"its|up|down|out|off|for|at|in|on|me|us|something|anything|everything)\b)[a-z']+)"
    rf"|\b(?:i hope|hopefully|i wish|i pray|i want|i'd love (?:for|to see)) (?:someone|somebody|you|u|he|she|they)"
    rf" (?:gets?|get|is|are) (?:killed|shot|stabbed|murdered|raped|run over|lynched|hanged|hung|beaten|strangled|"
    rf"executed|tortured|butchered)"
    rf"|\b(?:i hope|hopefully|i wish|i pray) (?:someone|somebody) (?:kills|shoots|stabs|strangles|murders|hangs|"
    rf"rapes|beats|runs over|chokes|tortures|poisons) [a-z']+"
    rf"|\b(?:i hope|hope|hopefully) (?:you|u|he|she) (?:die|dies|rot|rots|burn|burns|choke|chokes)\b"
    # harm wished on the reader or their family: "I hope your kids get hit by a car", "hope ur family dies in a fire"
    rf"|\b(?:i hope|hope|hopefully|i wish|i pray|may) (?:you|u|(?:your|ur|yo) (?:\w+ )?{_KIN_EN})"
    rf" (?:(?:gets?|will get|would get|'ll get) (?:hit|run over|mowed down) by (?:a|an|the) (?:\w+ )?"
    rf"(?:car|bus|truck|lorry|train|tram|drunk driver)|(?:die|dies|burn|burns|drown|drowns|rot|rots|choke|chokes|"
    rf"get cancer|gets cancer|get raped|gets raped|get shot|gets shot|get stabbed|gets stabbed)\b"
    rf"(?! (?:laughing|of laughter|happy|old|of old age|peacefully|in (?:their|his|her|your) sleep at)))"
    rf"|\b(?:should|needs? to|must|ought to|deserves? to|has to|have to) "
    rf"(?:all )?(?:be )?(?:hung|hanged|executed|flayed|lynched|put down|strung up|gassed|beheaded|guillotined|"
    rf"shot on sight|shot dead|boiled alive|burned alive|burnt alive|drawn and quartered|"
    rf"put (?:in front of|before) a firing squad|put to death)"
    rf"|\b(?:hang|string) ?(?:them|him|her|em|'em|these \w+|those \w+|it|that \w+)(?: all)?(?: up)?(?![\w'])"
    rf"|\b(?:put|take) (?:them|him|her|em|'em|these \w+|those \w+)(?: \w+){{0,2}} (?:down|out)(?= *(?:$|[.!,;]| like|"
    rf" now| all| permanently| for good| once and for all))"
    rf"|\bblow (?:their|his|her|your|ur) (?:\w+ )?brains out|\brun (?:his|her|their|your) (?:\w+ )?over\b"
    rf"|\b(?:burn|light) (?:them|him|her|that \w+|these \w+) (?:down|alive|on fire)|\bsmother (?:her|him|them)\b"
    rf"|\bboil (?:him|her|them) alive|\btime for (?:some )?(?:assassinations|executions|hangings|a purge|a lynching)"
    rf"|\b(?:kill|shoot|hang|lynch|execute) (?:every|all|them all|em all|all of them)\b"
    # executions called for ("needs a guillotine", "arrest, convict and execute", "should be arrested and hung")
    rf"|\b(?:needs?|deserves?|should get|gets?) (?:a guillotine|the guillotine|the electric chair|the chair|a firing squad|"
    rf"the firing squad|the death penalty|the gallows)"
    rf"|\b(?:arrest(?:ed)?|tried|convict(?:ed)?|court[- ]martiall?ed|indicted)(?:,? (?:and |an )?\w+){{0,6}},? (?:and|an|&|then) "
    rf"(?:hanged|hung|executed|shot|lynched|put to death)\b"
    rf"|\b(?:needs?|must|should)(?: to)?(?: be)? (?:eradicated|purged|exterminated|rounded up and (?:removed|shot|killed))\b"
    rf"|\b(?:needs? to|should|must|deserves? to|ought to) hang\b(?! out| around| in there| on\b| up\b| with| together)"
    rf"|\bexecute (?:him|her|them|em|'em)\b"
    rf"|\b(?:throw|thrown|threw|toss) (?:him|her|them|em|'em) (?:off|from) (?:a|the) (?:cliff|bridge|roof|building|balcony)"
    rf"|\b(?:see|watch) (?:him|her|them|em|'em) (?:hanged|hung|executed|shot|lynched|burn|burned|die)\b"
    rf"|\bput (?:him|her|them|em|'em) down like\b|\bdelete yourself\b|\b(?:go )?kill yourself\b|\bkys\b"
    rf"|\b(?:il faut|faut|faudrait|il faudrait|on devrait|on doit|qu'on) (?:le|la|les|l') ?(?:pendre|fusiller|tuer|buter|"
    rf"abattre|lyncher|executer|guillotiner|bruler|egorger)\b|\bqu'on (?:le|la|les|l') ?(?:pende|fusille|tue|bute|abatte|"
    rf"lynche|execute|guillotine|brule|egorge)\b|\b(?:merite|meritent|mérite) (?:la guillotine|la chaise electrique|"
    rf"la peine de mort|le peloton|d'etre (?:pendu|fusille|execute|abattu|guillotine)\w*)"
    rf"|\b(?:they(?:'ll| will)|nobody(?:'ll| will)|no one(?:'ll| will)|cops(?:'ll| will)) (?:never )?find (?:your|ur) "
    rf"(?:body|corpse|remains)"
    rf"|\b(?:you(?:'ll| will)|u(?:'ll| will| gonna)|you(?:'re| are) (?:gonna|going to)) (?:be )?(?:begging|beg|"
    rf"crying|pleading|screaming) (?:me )?(?:for (?:mercy|your life)|not to|to stop)"
    rf"|\bquelqu'un (?:devrait|doit|va|pourrait|finira par|devra|aurait du|pourrait pas) (?:te |t'|le |la |l'|les |lui )?"
    rf"(?:{_STRONG_FR})(?! (?:le temps|des arbres|un arbre|des fleurs|une tente|le decor)\b)"
    rf"|\bj'espere (?:que|qu') ?(?:quelqu'un|qqn|on|il|elle|ils) (?:va |vas |finira par |finisse par )?(?:te |t'|le |la |"
    rf"l'|les |lui )?(?:{_STRONG_FR})"
    rf"|\bj'espere (?:que tu|que vous|qu'il|qu'elle) (?:vas |va |allez )?(?:crever|creves|meurs|mourir|pourrir)"
    rf"|\b(?:j'espere|j'souhaite|je souhaite|vivement) (?:que|qu') ?(?:ton|ta|tes|vos|votre|ta petite|ton petit) "
    rf"(?:\w+ )?{_KIN_FR} (?:se (?:fera|fasse|fassent|feront) |va se faire |vont se faire |soi(?:en)?t |"
    rf"sera |seront |finisse(?:nt)? )?(?:agresse|viole|tue|renverse|ecrase|bute|poignarde|creve|meure|meurent|crevent|"
    rf"brule|brulent|pourrisse|pourrissent)"
    rf"|\b(?:on|ils|personne) (?:ne )?(?:retrouvera|retrouveront) (?:jamais |pas |plus )?(?:ton|ta|votre) (?:corps|cadavre)"
    rf"|\b(?:tu vas|vous allez|tu va) me supplier|\btu me supplieras"
)
# One RE2 pass (linear) says whether any word the wished threats start with is there at all (a quarter of posts).
_WISHED_GATE = Lexicon(
    r"someone|somebody|some1|anyone|hope|wish|pray|want|love|should|need|must|ought|deserve|"
    r"has to|have to|hang|string|put|take|blow|run|burn|light|smother|boil|time for|kill|shoot|"
    r"lynch|execute|find|beg|crying|pleading|screaming|quelqu|espere|retrouver|supplie|delete|kys|yourself|"
    r"guillotine|chair|squad|penalty|gallows|arrest|convict|eradicat|purge|throw|thrown|threw|see her|see him|"
    r"see them|see em|watch her|watch him|watch them|faut|on devrait|on doit|qu'on|merite|may you|may your|may ur",
    whole_words=False,
)
# A game named right after the "threat": "you're dead meat at chess tonight", "je te bats à Fortnite".
_GAME_AFTER = re.compile(
    r"^(?: \w+)?(?: at| in| on| a| au| aux| en)(?: the| la| le| a)? (?:chess|poker|tennis|mario ?kart|fifa|fortnite|"
    r"scrabble|ping-?pong|monopoly|uno|cards|smash|call of duty|cod|valorant|overwatch|bowling|darts|pool|golf|"
    r"quiz|trivia|echecs|belote|petanque|cartes|baby-?foot|tarot|mario|minecraft|the game|ce jeu|la partie|"
    r"badminton|squash|foot|basket|babyfoot)\b"
)


# Idioms of killing and dying that threaten no one: with no threat found by the rules, the model's threat
# score alone does not make these posts threats ("we need to kill some time", "you'll be the death of me").
_IDIOMS = re.compile(
    r"\b(?:kill(?:ing)? (?:some |the )?time|tuer le temps|the death of me|dying to|to die for|"
    r"would kill for|could kill for|tuerais pour|killed it|killing it|dead tired|mort de fatigue|"
    r"morte de fatigue|mort de rire|morte de rire|dead meat at|mort (?:au|aux|a la) |"
    r"(?:kill|crush|smash|destroy) (?:this|that|the|my|tomorrow's|today's) (?:\w+ )?(?:exam|test|quiz|interview|"
    r"presentation|audition|workout|deadline|essay|match|race)|"
    r"(?:tuer|defoncer|exploser|dechirer) (?:cet|ce|cette|l'|le|la|mon|ma) ?(?:exam|examen|partiel|entretien|"
    r"oral|concours|match|seance))"
)
#: A threat reported as news: someone charged, convicted or arrested for it ("un homme condamné pour avoir
#: menacé de brûler une mosquée", "man charged with threatening to bomb a synagogue").
_REPORTED_THREAT = re.compile(
    r"\b(?:condamnee?s?|poursuivie?s?|interpellee?s?|arretee?s?|inculpee?s?|jugee?s?|mise? en examen|"
    r"charged|arrested|convicted|jailed|sentenced|indicted|detained|held|on trial)"
    r" (?:\w+ ){0,2}(?:pour|for|with|of|after) (?:\w+ ){0,3}"
    r"(?:menace|menaces|menacer|threat|threats|threatening|plotting|planning|attempting|tentative)"
)


def reported_threat(folded: str) -> bool:
    """Whether the post reports a threat as news (a charge or a sentence), not one made by the author."""
    return _REPORTED_THREAT.search(folded) is not None


def idiom(folded: str) -> bool:
    """Whether the post uses one of the idioms above."""
    return _IDIOMS.search(folded) is not None


def game_talk(folded: str, end: int) -> bool:
    """Whether a game is named right after ``end`` ("t'es mort au poker", "dead meat at chess")."""
    return _GAME_AFTER.match(folded[end : end + 30].replace("’", "'")) is not None


def threat_hits(folded: str) -> list[Hit]:
    """Violence promised to a person, in French or English."""
    out = []
    folded = folded.replace("’", "'")  # same length: offsets are kept
    patterns: tuple[Gated | re.Pattern[str], ...] = _threat_patterns()
    if next(_WISHED_GATE.finditer(folded), None) is not None:
        patterns = (*patterns, _WISHED_THREAT)
    for pattern in patterns:
        for m in itertools.islice(pattern.finditer(folded), 5):
            words = m.group()
            if _BENIGN_AFTER.match(folded[m.end() : m.end() + 20]) and any(w in words for w in _MEETING):
                continue
            if _GAME_AFTER.match(folded[m.end() : m.end() + 30]):
                continue
            if re.search(
                r"\b(?:killed it|tue sur scene|tu m'as tue|ca m'a tue|you're killing me|killing it|"
                r"when you(?:'re| are) dead|quand tu seras mort)\b",
                folded[max(0, m.start() - 12) : m.end() + 5],
            ) or _IDIOMS.search(folded[m.start() : m.end() + 40]):
                continue  # "gonna kill this exam": an idiom of effort, not violence
            strong = not any(re.search(rf"\b{re.escape(w)}", words) for w in _WEAK_THREAT) or bool(
                re.search(
                    r"retrouver et|find you and|hunt you down|ton corps|ton cadavre|your body|your corpse",
                    words,
                )
            )
            out.append(Hit(m.start(), m.end(), "threat" if strong else "weak-threat", words))
    out += [  # the chat constructions, where no pattern above found a (strong) threat already
        Hit(start, end, "threat", words)
        for start, end, words in [
            *threat_frames.threat_spans(folded),
            *((s, e, folded[s:e]) for s, e in threat_senses.calls(folded)),
        ]
        if not any(h.kind == "threat" and h.start < end and start < h.end for h in out)
    ]
    return [
        h
        for h in out
        if not (counter_speech(folded, h.start, h.end) and not threat_frames.self_quoted(folded, h.start))
        and not threat_frames.dismissed(folded, h.start, h.end)
    ]


@cache
def _threat_patterns() -> tuple[Gated, Gated]:
    """The threat patterns behind an Aho-Corasick pre-check of the words every match holds (derived from
    the patterns themselves): nine posts in ten hold none, and the two long patterns are not run on them."""
    return Gated(_THREAT_EN), Gated(_THREAT_FR)


def kinds(hits: Iterable[Hit]) -> set[str]:
    return {h.kind for h in hits}
