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
* **threats** — violence promised to a person, direct or conditional, in any tense.
* **guards** — counter-speech (the hateful words quoted, reported or condemned), reclaimed in-group
  use of a slur ("fière d'être gouine", "my nigga"), and negations ("immigrants are not criminals").

Every pattern is an alternation with bounded gaps, run on short windows, so the cost is linear.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from charte.detectors._phrases import Gated
from charte.models.lexicons import Lexicon

# --- words -----------------------------------------------------------------------------------------
# Folded forms (lower case, no accents). A trailing "*" allows any ending. Slurs attack a protected
# group; insults attack a person; profanity is rude but aimed at no one by itself.
SLURS = [
    # French
    "pd", "pede", "pedes", "tapette*", "tarlouze*", "tantouze*", "gouine*", "bougnoul*", "bicot*", "negre", "negres",
    "negresse*", "youpin*", "youtre*", "bamboula*", "chinetoque*", "niakoue*", "travelo*", "crouille*", "mongol",
    "mongole", "mongols", "mongoles", "gogol*", "triso", "trisos", "sale race", "sale arabe", "sale noir", "sale juif",
    "sales arabes", "sales noirs", "sales juifs", "sale negre", "sale musulman", "sales musulmans", "sale bougnoule",
    # English
    "nigger*", "nigga", "niggas", "niggaz", "faggot*", "fag", "fags", "dyke", "dykes", "tranny", "trannies", "retard",
    "retards", "retarded", "kike", "kikes", "spic", "spics", "chink", "chinks", "gook", "gooks", "wetback*",
    "towelhead*", "raghead*", "sand nigger*", "coon", "coons", "paki", "pakis", "beaner*", "shemale*", "spaz",
    "spazz", "gyppo*", "pikey*", "camel jockey*", "porch monkey*", "jungle bunny", "mongoloid*",
]
INSULTS = [
    # French
    "con", "conne", "connard*", "connasse*", "conard*", "conasse*", "abruti*", "debile*", "cretin*", "idiot*", "imbecile*", "salope*",
    "pute*", "encule*", "enfoire*", "batard*", "ordure*", "nique ta mere", "ntm", "fdp", "fils de pute", "tg",
    "ta gueule", "ferme ta gueule", "va te faire foutre", "boloss*", "bouffon*", "naze*", "sous-merde", "raclure*",
    "pourriture*", "trou du cul", "casse-toi", "grosse vache", "gros porc", "sale chien*", "clochard*", "escroc*",
    "voleur*", "menteur*", "minable*", "guignol*", "incapable*", "pauvre type", "tocard*", "blaireau*", "cassos",
    "tebe", "teube", "merdeux", "merdeuse", "pouffiasse*", "grognasse*", "petasse*", "chienne", "sale merde",
    # English
    "motherfuck*", "bitch*", "bastard*", "asshole*", "arsehole*", "dick", "dicks", "dickhead*", "cunt*", "whore*",
    "slut*", "moron*", "stupid", "dumbass*", "jackass*", "loser*", "scumbag*", "piece of shit", "stfu", "gtfo",
    "wanker*", "twat*", "douchebag*", "douche", "crook*", "liar*", "fraudster*", "clown*", "pathetic", "worthless",
    "idiot*", "imbecile*", "cretin*", "fuck you", "fuck u", "fuck off", "screw you", "son of a bitch", "prick",
    "pricks", "skank*", "hoe", "hoes", "bellend*", "tosser*", "numbnuts", "shithead*", "dipshit*", "halfwit*",
]
PROFANITY = ["putain", "ptn", "merde*", "bordel", "nique", "niquer", "fuck*", "shit*", "bullshit", "damn", "crap*",
             "wtf", "trash", "garbage", "foutre", "chier", "nul a chier", "pisse*"]
# Words too common in the other language to be read as abuse there ("retard" is a French delay).
_LANG_ONLY = {"pd": "fr", "pede": "fr", "pedes": "fr", "retard": "en", "retards": "en", "con": "fr", "pute": "fr", "dick": "en", "dicks": "en", "tg": "fr",
              "douche": "en", "coon": "en", "coons": "en", "spic": "en", "hoe": "en", "hoes": "en", "fag": "en",
              "chienne": "fr", "naze": "fr", "nazes": "fr", "trash": "en", "garbage": "en", "clown": "en",
              "clowns": "en", "crook": "en", "crooks": "en", "stupid": "en", "prick": "en", "mongol": "fr",
              "mongols": "fr", "triso": "fr", "trisos": "fr", "negre": "fr", "negres": "fr"}
_KIND_ORDER = {"slur": 0, "insult": 1, "profanity": 2}

# Emoji used for letters, folded before matching ("🅱itch", "sh❗t", "🇫🇺🇨🇰").
EMOJI_LETTERS = {"🅰": "a", "🅱": "b", "🅾": "o", "🅿": "p", "❌": "x", "✖": "x", "⭕": "o", "💲": "s", "❗": "i",
                 "❕": "i", "⚡": "s", "🆗": "ok", "🆘": "sos", "💯": "", "➕": "t", "✝": "t", "🌀": "o", "🍩": "o",
                 "💩": "o", "⚪": "o", "⚫": "o", "🔴": "o", "🔵": "o"}
EMOJI_LETTERS.update({chr(0x1F1E6 + i): chr(ord("a") + i) for i in range(26)})  # regional indicators


def fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_DOUBLED = re.compile(r"(.)\1+")


def squeeze(word: str) -> str:
    """Doubled letters collapsed: "connnard", "connard" and "conard" are the same skeleton."""
    return _DOUBLED.sub(r"\1", word)


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
        self.exact: dict[str, tuple[str, str]] = {}    # form -> (kind, canonical)
        self.prefixes: list[tuple[str, str]] = []      # (prefix, kind) for "connard*"
        self.phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        self.fuzzy: dict[str, tuple[str, str]] = {}    # misspelt skeleton -> (kind, canonical)
        for kind, words in lists.items():
            for entry in words:
                prefix = entry.endswith("*")
                word = entry.rstrip("*")
                parts = tuple(re.split(r"[ \-]", word))
                if len(parts) > 1:
                    self.phrases.setdefault(parts, (kind, word))
                    self.exact.setdefault("".join(parts), (kind, word))   # "fermetagueule", "sousmerde"
                    continue
                self.exact.setdefault(word, (kind, word))
                if prefix:
                    self.prefixes.append((word, kind))
                for variant in _variants(word):
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
                self.squeezed.setdefault(q, v)   # the first listed word wins ("connard" before "conard")
        # Tokens that can open a word split by a space ("con nard", "b itch"): short heads of the forms.
        self.join_lefts = frozenset(f[:n] for f in (*self.exact, *self.squeezed) if f.isalpha()
                                    for n in range(1, min(6, len(f))))
        # Misspellings that are also real words ("fagot", "banner" squeezed): abuse only when aimed at
        # someone right before ("you fagot"), see ``word_hits``.
        self.risky = frozenset(k for k in (*self.fuzzy, *self.squeezed)
                               if k in vocabulary and k not in self.exact)
        #: token -> its plain form, for tokens that can be no word of this table (see ``_cannot_hit``).
        self.inert: dict[str, str] = {}

    def lookup_risky(self, token: str) -> tuple[str, str] | None:
        """A misspelling that is also a real word ("fagot"): only for a word right after "you", "t'es un"…"""
        squeezed = squeeze(token)
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
            if kind is not None and len(token) - n <= 4:
                return kind, token[:n]
        if len(token) >= 4:
            squeezed = squeeze(token)
            found = self.squeezed.get(squeezed) or self.fuzzy.get(squeezed)
            if found is not None and squeezed not in self.risky:
                return found
        if len(token) >= 6 and token[0] in "aiuy":
            # Spaced-out letters swallow a one-letter word before them: "a f a g g o t" is "afaggot".
            found = self.exact.get(token[1:])
            if found is not None:
                return found
        for head in _GLUED_HEADS if token.startswith(_GLUED_HEADS) else ():
            # An address glued to the insult: "youpieceofshit", "salepute", "tesunconnard".
            if token.startswith(head) and len(token) - len(head) >= 5:
                found = self.exact.get(token[len(head):])
                if found is not None:
                    return found
        return None


_GLUED_HEADS = ("you", "your", "ur", "tes", "tesun", "tesune", "sale", "espece", "especede", "gros", "grosse")


def _variants(word: str) -> set[str]:
    """Misspellings that keep a word recognisable (words of 5 letters or more): doubled letters
    collapsed, one inner letter dropped, two neighbours swapped; all compared squeezed."""
    if len(word) < 5 or not word.isalpha():
        return set()
    out = {squeeze(word)}
    for i in range(1, len(word)):               # the first letter stays: "onnard" is too far
        out.add(squeeze(word[:i] + word[i + 1:]))
    for i in range(1, len(word) - 1):
        out.add(squeeze(word[:i] + word[i + 1] + word[i] + word[i + 2:]))
    return {v for v in out if len(v) >= 4}


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

    from charte.detectors import lang

    data = (resources.files("charte.detectors") / "data" / "abuse_collisions.txt").read_text(encoding="utf-8")
    built = {line.strip() for line in data.splitlines() if line.strip() and not line.startswith("#")}
    plain = _Words(LISTS, frozenset())
    tweets = {squeeze(w) for w in map(fold_word, lang.vocabulary()) if not plain.is_abusive(w)}
    return frozenset(built | tweets)


# Real words a misspelling rule would otherwise take for abuse.
_NOT_ABUSE = frozenset(["conard", "canard", "bitc", "batch", "cone", "connu", "salop", "liars", "idot", "dickens",
                        "pute", "bastide", "bitcoin", "putin", "crete", "crepe", "idio", "loser", "moro", "mongo",
                        "debit", "ordre", "trash", "encul", "encule", "menteurs", "voleurs", "clochar", "naze",
                        "retrd", "pathe", "spice", "shitake", "cunard", "scunthorpe", "twatt", "wankel"]) - {
                            "conard", "encule", "menteurs", "voleurs", "loser", "naze"}

# A token of the folded view: letters and digits, with masks ("f*ck", "b**ch") and inner separators.
_TOKEN = re.compile(r"[a-z0-9](?:[a-z0-9*#]|[.\-_'](?=[a-z0-9*]))*|\*+[a-z]+")
_MASK = frozenset("*#")
_ANY_LETTER = re.compile(r"[a-z]")


def _plain_token(token: str) -> str:
    return token.replace(".", "").replace("-", "").replace("_", "").replace("'", "") if not token.isalnum() else token


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
                if (parts[0] == token or (masked and _mask_eq(token, parts[0]))) and tuple(
                        t[2] for t in tokens[i + 1:i + n]) == parts[1:] and _adjacent(text, tokens[i:i + n]):
                    found, span_end = value, tokens[i + n - 1][1]
                    break
        plain = _plain_token(token)
        risky = None
        if found is None:
            if masked:
                found = _masked(plain, words)
            else:
                found, risky = _lookup(plain)
        if (found is None and risky is not None
                and _VOCATIVE_BEFORE.search(text, max(0, start - 24), start) and _ADDRESS_END.match(text, end)):
            found = risky   # "you fagot!", not "u pick up"
        if found is None and plain in words.join_lefts and i + 1 < len(tokens):
            # A space added inside a word ("con nard", "sal ope"): the two halves joined.
            nxt = tokens[i + 1]
            if text[end:nxt[0]] == " " and nxt[2].isalpha() and len(plain + nxt[2]) >= 5:
                joined = _joined(plain, nxt[2])
                if joined is not None:
                    found, span_end = joined, nxt[1]
        if found is None:
            continue
        kind, canonical = found
        if start and text[start - 1] == "@":
            continue   # a handle ("@DICKS"), not a word
        only = _LANG_ONLY.get(canonical) or _LANG_ONLY.get(plain)
        if only is not None and lang in ("fr", "en") and only != lang:
            continue
        hits.append(Hit(start, span_end, kind, canonical))
        taken = span_end
    return hits


Found = tuple[str, str]


@lru_cache(maxsize=1 << 16)
def _lookup(token: str) -> tuple[Found | None, Found | None]:
    """The word a token stands for, and what it would stand for as an address ("you fagot"). Cached: most
    tokens are everyday words seen in post after post."""
    words = _words()
    found = words.lookup(token)
    if found is not None or len(token) < 4:
        return found, None
    return None, words.lookup_risky(token)


@lru_cache(maxsize=1 << 16)
def _joined(left: str, right: str) -> tuple[str, str] | None:
    words = _words()
    if (left in words.vocabulary and right in words.vocabulary) or left in words.exact or right in words.exact:
        return None   # two real words ("you in"), or a word found on its own
    return words.exact.get(left + right) or words.squeezed.get(squeeze(left + right))


# Right before a word, what makes it an address to someone: "you fagot", "t'es un conard", "espèce de …".
_VOCATIVE_BEFORE = re.compile(r"(?:\b(?:you|u|ur|you're|youre|you are|ya|t'es|tes|t es|tu es|vous etes|"
                              r"espece d[e']|sale|sales|quel|quelle|what an?|such an?|bande d[e'])"
                              r"(?: (?:a|an|un|une|des|qu'un|qu'une|little|big|stupid|dumb|fucking|gros|grosse|petit|"
                              r"petite|sale|vrai|vraie|pauvre|vraiment|really|so|such|totally|trop|juste)){0,2}) $")


_ADDRESS_END = re.compile(r"\s*(?:$|[.!?,;:)\n@#]|[^\w\s'])")


def _adjacent(text: str, tokens: list[tuple[int, int, str]]) -> bool:
    return all(text[a[1]:b[0]].strip(" -'") == "" and b[0] - a[1] <= 3 for a, b in itertools.pairwise(tokens))


def _mask_eq(token: str, word: str) -> bool:
    """"f***" is "fuck": same length, same first letter, the other letters shown equal."""
    return (len(token) == len(word) and token[0] == word[0]
            and all(a == b or a in _MASK for a, b in zip(token, word, strict=True)))


def _masked(token: str, words: _Words) -> tuple[str, str] | None:
    """"f*ck", "b***h", "c*nnard": masked letters; two real letters at least, the first one shown."""
    letters = sum(c.isalpha() for c in token)
    if letters < 2 or not token[0].isalpha():
        return None
    pattern = re.compile("".join("[a-z]" if c in _MASK else re.escape(c) for c in token))
    for form, value in words.exact.items():
        if form[0] == token[0] and len(form) == len(token) and pattern.fullmatch(form):
            return value
    for prefix, kind in words.prefixes:
        if prefix[0] == token[0] and len(prefix) <= len(token) <= len(prefix) + 4 and token[len(prefix):].isalpha():
            head = re.compile("".join("[a-z]" if c in _MASK else re.escape(c) for c in token[:len(prefix)]))
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
_MENTION_NEXT = re.compile(r"@\w+[,:]? (?:(?:t'es|you're|ur|is|est|le|la|the|a|an|un|une|sale|espece de|quel|"
                           r"quelle|what an?|such an?|gros|grosse|petit|petite|pauvre|big|fat|stupid) ){0,2}$")
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
_NAMED = re.compile(r"\b[A-Z][a-zà-ÿ]+(?: [A-Z][a-zà-ÿ]+)? (?:is|est|was|etait|était)(?: (?:vraiment|really|such|so|"
                    r"totally|completely))?(?: (?:a|an|un|une|le|la|the))? ?$")
_NAME_AFTER = re.compile(r"^ (?:de |d')?(?:[A-Z][a-zà-ÿ]+|@\w+)")   # "connard de Julien", "idiot @bob"
_VOCATIVE_END = re.compile(r"^ ?(?:[!?.,]|$|va\b|vas\b|\.\.\.)")
_SENTENCE_END = re.compile(r"[.!?\n…]")


def targeted(folded: str, original: str, hit: Hit, span: tuple[int, int]) -> bool:
    """Whether an insult is aimed at a person rather than said about a thing or in the air."""
    lo = max(0, _last_break(folded, hit.start))
    hi = _next_break(folded, hit.end)
    sentence = folded[lo:hi]
    if hit.word in _ADJECTIVAL | _NOT_VOCATIVE and _IT_IS.search(folded[lo:hit.start]):
        return False   # "this is so pathetic": said of a situation
    if _SECOND_RE.search(sentence) or _MENTION_NEXT.search(original[max(0, span[0] - 24):span[0]]):
        return True   # "you …", "@bob idiot" ("@user" elsewhere in a tweet is only who it answers)
    before = folded[max(lo, hit.start - 40):hit.start]
    if _POINTER.search(before):
        return not _adjective_of_thing(folded, hit)   # "ce connard", not "this stupid app"
    obefore = original[max(0, span[0] - 40):span[0]]
    if _NAMED.search(obefore) or _NAME_AFTER.match(original[span[1]:span[1] + 30]):
        return True
    # A vocative: the insult alone at the start of a sentence ("Connard !", "C0NNARD, va.").
    return (hit.word not in _ADJECTIVAL and hit.word not in _NOT_VOCATIVE
            and folded[lo:hit.start].strip(" \"'«»“”-") == "" and bool(_VOCATIVE_END.match(folded[hit.end:hit.end + 4])))


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
    ["boss", "patron", "patronne", "chef", "manager", "voisin", "voisine", "collegue", "coworker",
     "colleague", "prof", "teacher", "mec", "meuf", "gars", "type", "nana", "guy", "girl", "man", "woman",
     "dude", "bro", "client", "cliente", "customer", "maire", "mayor", "president", "presidente", "ex",
     "husband", "wife", "mari", "femme", "copain", "copine", "frere", "soeur", "brother", "sister", "pere",
     "mere", "dad", "mum", "mom", "father", "mother", "fils", "fille", "son", "daughter", "gamin", "gamine",
     "kid", "mari", "uncle", "aunt", "oncle", "tante", "cousin", "cousine", "neighbour", "neighbor", "friend",
     "ami", "amie", "pote", "bf", "gf", "boyfriend", "girlfriend", "guy", "gars", "keum", "meuf", "daron",
     "daronne", "vendeur", "vendeuse", "conseiller", "conseillere", "agent", "employe", "employee",
     "caissier", "caissiere", "serveur", "serveuse", "waiter", "waitress", "driver", "chauffeur", "livreur",
     "coach", "arbitre", "referee", "joueur", "player", "ministre", "minister", "depute", "senator",
     "senateur", "journaliste", "journalist", "he", "she", "il", "elle", "lui", "him", "her"])
_THING_SUBJECT = re.compile(
    r"(?:^|[\s,;:(])(?:(?:this|that|these|those|the|my|our|their|ce|cet|cette|ces|le|la|les|l'|mon|ma|mes|notre|"
    r"nos|leur|leurs|all|tous les|toutes les|all the|all these) ?)?((?:[a-z']+ ){0,2}?[a-z']+) "
    r"(?:is|are|was|were|'s|'re|est|sont|etait|etaient|c'est|ce sont|sont vraiment|is really|are really|"
    r"is such|are such|is just|are just|sont juste|sont tous|are all)(?: (?:a|an|un|une|des|de|du|total|"
    r"complete|absolute|fucking|putain de|vrai|vraie|vrais|vraies|bunch of|bande de|such|so|tellement|"
    r"vraiment|really|totally|completely|just|juste|all|tous|toutes))*(?: [a-z]{3,12})? ?$")
_THING_DE = re.compile(r"(?<![\w'])(?!espece |bande |sac |tas |fils |tete |gros |grosse )([a-z]{3,}) (?:de|of) $")
_THING_AFTER = re.compile(r"^ (?:de |d'|of )?(?:la |le |l'|les |this |that |the )?([a-z]+)")


_IT_IS = re.compile(r"\b(?:this|that|it|it's|its|thats|that's|ca|c'est|cest|cela|this one|that one) (?:is |was |"
                    r"est |etait |looks |sounds |seems |feels )?(?:so |too |really |just |vraiment |trop |tellement |"
                    r"absolutely |totally )*$")


def aimed_at_thing(folded: str, hit: Hit) -> bool:
    """An insult said of an object or of a group of people that the law does not protect ("this phone is
    a piece of shit", "politicians are clowns", "putain de train"), which the policy leaves to tone."""
    lo = _last_break(folded, hit.start)
    before = folded[lo:hit.start]
    if hit.word in _ADJECTIVAL | _NOT_VOCATIVE and _IT_IS.search(before):
        return True
    de = _THING_DE.search(before)
    if de is not None and de.group(1) not in _PERSON_NOUNS and hit.kind == "profanity":
        return True   # "lundi de merde", "service of shit"
    m = _THING_SUBJECT.search(before)
    if m is not None:
        words = m.group(1).split()
        return not (set(words) & _PERSON_NOUNS) and not _GROUP_RE.search(m.group(1)) and words[-1] not in (
            "you", "u", "tu", "vous", "they", "ils", "elles", "we", "nous", "on", "it's", "i", "je")
    return _adjective_of_thing(folded, hit)


def _adjective_of_thing(folded: str, hit: Hit) -> bool:
    after = folded[hit.end:hit.end + 30]
    m = _THING_AFTER.match(after)
    adjectival = hit.word in _ADJECTIVAL or (hit.word in _ADJECTIVAL_DE and after.startswith((" de ", " d'")))
    return (m is not None and adjectival and m.group(1) not in _PERSON_NOUNS and len(m.group(1)) > 2
            and not _GROUP_RE.fullmatch(m.group(1)) and m.group(1) not in _NOT_NOUNS)


# Words after an insult that show it is not an adjective of a thing ("you idiot and", "con va").
_NOT_NOUNS = frozenset(["and", "et", "or", "ou", "va", "vas", "is", "are", "est", "sont", "was", "of", "que",
                        "qui", "who", "which", "that", "if", "si", "but", "mais", "you", "tu", "toi", "u",
                        "te", "ta", "ton", "your"])


# Insults that also work as adjectives or "X de …" before a thing ("stupid app", "putain de train").
_ADJECTIVAL = frozenset(["stupid", "pathetic", "worthless", "fuck", "shit", "crap", "damn", "bullshit", "garbage",
                         "trash", "piece of shit", "piece of crap", "piece of junk"])
# French ones only before "de" ("putain de train", "saloperie de machine"; "ce con de voisin" is a person).
_ADJECTIVAL_DE = frozenset(["putain", "merde", "bordel", "con", "debile", "naze", "minable", "pourriture"])


# --- reclaimed slurs -------------------------------------------------------------------------------
_RECLAIM_BEFORE = re.compile(
    r"(?:\b(?:i'm|im|i am|as an?|as a proud|we(?:'re| are)?|us|our|my|mah|fellow|proud|je suis|j'suis|chui|"
    r"suis|en tant que|on est|nous(?: sommes)?|nous les|fier d'etre|fiere d'etre|fiers d'etre|fieres d'etre|"
    r"mes|nos|entre)(?: (?:une|un|des|a|an|proud|fiere|fier|big|vraie|vrai|old|grosse|gros|petite|petit)){0,2} ?$)")
_RECLAIM_AFTER = re.compile(r"^(?: (?:and|et) (?:proud|fier|fiere|fiers|fieres)| pride| march| et fier| power| bar"
                            r"| club| culture| joy| love| family|s? (?:unite|forever))")
_RECLAIMABLE = frozenset(["nigga", "niggas", "niggaz", "dyke", "dykes", "pd", "pede", "pedes", "gouine", "fag",
                          "fags", "faggot", "tapette", "tranny", "travelo", "queer", "bitch", "bitches", "pute"])


def reclaimed(folded: str, hit: Hit) -> bool:
    """In-group use of a reclaimed slur: said of oneself or one's own ("je suis gouine et fière", "my niggas").
    The "-a" spellings ("nigga", "niggas") are in-group speech unless something hostile comes with them."""
    if hit.word not in _RECLAIMABLE and not any(hit.word.startswith(w) for w in ("gouine", "tapette", "faggot")):
        return False
    before = folded[max(0, hit.start - 30):hit.start]
    if re.search(r"\bsale|\bsales|\bdirty|\bfucking|\bstupid|\bespece|\bkill|\bhate|\bugly|\bfilthy", before):
        return False
    if hit.word in ("nigga", "niggas", "niggaz"):
        return True
    return bool(_RECLAIM_BEFORE.search(before) or _RECLAIM_AFTER.match(folded[hit.end:hit.end + 20]))


# --- counter-speech ----------------------------------------------------------------------------------
_QUOTES = {'"': '"', "«": "»", "“": "”", "‘": "’", "'": "'", "„": "“", "‹": "›"}
# Verbs that report someone else's words: the abuse that follows is cited, not used.
_REPORTING = re.compile(
    r"\b(?:call(?:s|ed|ing)?|yell(?:s|ed|ing)?(?: at)?|shout(?:s|ed|ing)?(?: at)?|scream(?:s|ed|ing)?|"
    r"said|says|saying|say|tell(?:s|ing)?|told|wrote|write|writes|tweet(?:s|ed)?|post(?:s|ed)?|claim(?:s|ed|ing)?|"
    r"(?:who|qui) (?:think|thinks|believe|believes|pensent|pense|croient|croit)|people think|hearing|hear that|"
    r"heard that|entendre|entends|entendu|"
    r"repeat(?:s|ed|ing)?|spread(?:s|ing)?|the word|the term|words like|slurs? like|"
    r"traite(?:r|nt|s|e|es)?|m'a traite|m'ont traite|nous traite(?:nt)?|dire|disent|dit|dites|disant|ecrire|ecrit|"
    r"crie(?:r|nt)?|hurle(?:r|nt)?|insulte(?:r|nt)?|pretendre|pretend(?:ent)?|affirme(?:r|nt)?|pensent|croient|"
    r"repete(?:r|nt)?|le mot|le terme|des mots comme|des insultes comme|qualifie(?:r|nt)?)\b")
# Condemnation of what is reported ("is racist", "c'est inacceptable", "stop saying").
_CONDEMN = re.compile(
    r"\b(?:racis[mt]\w*|homophob\w*|transphob\w*|sexis[mt]\w*|misogyn\w*|antisemit\w*|islamophob\w*|bigot\w*|"
    r"xenophob\w*|hateful|hate speech|discours de haine|haineu\w*|unacceptable|inacceptable|inadmissible|"
    r"not ok(?:ay)?|pas ok|never ok(?:ay)?|wrong|faux|shame|shameful|honte\w*|disgust\w*|degout\w*|"
    r"condemn\w*|condamn\w*|denonc\w*|signale\w*|stop|arrete[zr]?|plus jamais|never again|"
    r"no one deserves|personne ne merite|has no place|n'a pas sa place|n'ont pas leur place dans nos|"
    r"hurtful|blessant\w*|offensi\w*|ignorant\w*|ignoran\w*|not acceptable|pas acceptable|outrag\w*|"
    r"scandal\w*|choqu\w*|shock\w*|vile|ignoble|abject|nauseabond\w*|sick of|marre|tired of|fed up|"
    r"this is why|voila pourquoi|people like you|des gens comme toi|les gens comme toi|never say|ne dites jamais|"
    r"don't say|dites pas|is a slur|est une insulte|slur|insulte raciste|insultes racistes|are the problem|"
    r"is the problem|sont le probleme|are (?:so |dead )?wrong|se trompent|educate yourself|renseignez-vous|"
    r"tired of hearing|marre d'entendre|sick of hearing|fatigue d'entendre|bullshit|n'importe quoi|nonsense|"
    r"myth|mythe|cliche|stereotype\w*|prejudice\w*|prejuge\w*|debunk\w*|false|lie|mensonge|"
    r"spread(?:s|ing)? hate|(?:i|we) reject|je rejette|nous rejetons|propag\w* la haine|repand\w* la haine)")


# Reports that on their own say the words are someone else's ("he called me a …", "le mot …").
_STRONG_REPORT = re.compile(
    r"\b(?:call(?:s|ed|ing)? (?:me|us|him|her|them|my \w+|our \w+)|yell(?:s|ed|ing)? at|shout(?:s|ed|ing)? at|"
    r"scream(?:s|ed|ing)? at|the word|the term|the n-word|words like|slurs? like|names like|"
    r"(?:m'|nous |l'|les )?(?:a|ont|avait|avaient) traite(?:e|s|es)? (?:de|d')|m'a traite|m'ont traite|"
    r"me traite(?:nt)? de|nous traite(?:nt)? de|traite(?:e|s|es)? de|le mot|le terme|des mots comme|"
    r"des insultes comme|se faire traiter de|se fait traiter de|was called|got called|been called|"
    r"graffiti|tag(?:ue|ged)?|spray-?painted|ecrit sur|written on|wrote on)\b[^.!?\n]{0,30}$")


def counter_speech(folded: str, start: int, end: int) -> bool:
    """Whether the words at ``[start, end)`` are quoted, reported or condemned rather than used."""
    lo = _last_break(folded, start)
    hi = _next_break(folded, end)
    hi2 = _next_break(folded, hi + 1) if hi < len(folded) else hi
    lo2 = _last_break(folded, lo - 1) if lo > 0 else lo
    outside = folded[lo2:start] + " | " + folded[end:hi2]
    if _STRONG_REPORT.search(folded[max(lo, start - 60):start]):
        return True
    condemned = _CONDEMN.search(outside) is not None
    if _inside_quotes(folded, start, end):
        return condemned or _REPORTING.search(outside) is not None
    if _CONDEMN_NAMES.search(folded[lo:start]):
        return True   # "Islamophobia describes the fear that … we may hate Muslims"
    return condemned and _REPORTING.search(folded[max(lo, start - 60):start]) is not None


# Naming the prejudice before the words makes them its example ("c'est raciste de dire …").
_CONDEMN_NAMES = re.compile(r"\b(?:racis[mt]\w*|homophob\w*|transphob\w*|sexis[mt]\w*|misogyn\w*|antisemit\w*|"
                            r"islamophob\w*|xenophob\w*|bigot\w*|hate speech|discours de haine|prejudice|prejuge\w*|"
                            r"stereotype\w*|cliche\w*)")


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
    return False


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
    r"people of colou?r|poc|brown people|indigenous people|natives|aboriginals?"
)
_GROUPS_FR = (
    r"immigres|immigrees|immigrants?|migrants?|refugies|refugiees|demandeurs d'asile|etrangers|etrangeres|"
    r"musulmans?|musulmanes?|islamistes|juifs?|juives?|noirs|noires|blacks|renois|africains?|africaines?|arabes|"
    r"rebeus?|beurs|maghrebins?|maghrebines?|asiatiques|chinois|chinoises|roms?|gitans?|gitanes?|tsiganes|"
    r"gens du voyage|homosexuels?|homosexuelles?|homos|gays?|lesbiennes?|bisexuels?|trans|transgenres?|"
    r"personnes trans|transsexuels?|non-binaires|lgbt\+?|femmes|meufs|filles|nanas|handicapes|handicapees|"
    r"personnes handicapees|autistes|chretiens|catholiques|hindous|sikhs|roumains|polonais|portugais|turcs|"
    r"personnes de couleur|basanes|indigenes|comoriens|senegalais|algeriens|marocains|tunisiens"
)
_GROUP = rf"(?:{_GROUPS_EN}|{_GROUPS_FR})"
_GROUP_RE = re.compile(rf"(?<![\w-])(?:{_GROUP})(?![\w-])")
_PRONOUN = (r"they|them|these people|those people|their kind|that lot|ils|elles|eux|ces gens(?:-la| la)?|"
            r"cette engeance|leur espece|ce genre de personnes?|ces personnes|ces individus|ce peuple")

# Dehumanising nouns: hateful next to a group even without a verb ("Immigrants? Vermin, all of them.").
_DEHUMANISING = (
    r"vermin|vermine|rats?|cockroach(?:es)?|roach(?:es)?|cafards?|parasites?|pests?|nuisibles?|insects?|insectes?|"
    r"leech(?:es)?|sangsues?|locusts?|criquets|sub-?humans?|sous-hommes?|sous-humains?|untermensch\w*|scum|"
    r"racailles?|filth|plague|peste|infestation|invaders|envahisseurs|abominations?|degenerates?|degeneres?|"
    r"cancer|tumeur|virus|vermines?|beasts|betes sauvages|savages|sauvages|apes|singes|monkeys|macaques|"
    r"swine|pigs|porcs|dogs|chiens|animals|animaux|bestiaux|cattle|betail|trash|garbage|ordures|dechets|"
    r"a disease|une maladie|a virus|un virus|a cancer|un cancer|a plague|une plaie|une peste"
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
    r"bitches|chiennes|hoes"
)
# Positive predicates: hateful when negated ("X are not human", "les X ne sont pas intelligents").
_POSITIVE = (
    r"humans?|human beings?|people|persons|des gens|des personnes|des etres humains|humain(?:e|s|es)?|"
    r"intelligent(?:e|s|es)?|smart|clever|honest|honnetes?|trustworthy|dignes? de confiance|capables?|competent(?:e|s|es)?|"
    r"welcome|bienvenu(?:e|s|es)?|equal|egaux|egales?|normal|normaux|normales?|real (?:women|men|people)|"
    r"de vraies femmes|de vrais hommes|des vraies femmes|des vrais hommes|des vrais|vraies femmes|vrais hommes|good|bons|bonnes|decent|civili[sz]ed|civilises|worth anything|"
    r"worth it|worth saving|dignes? de respect|fit to \w+|aptes?|able to \w+|as good as|aussi bons?|valuable|"
    r"citoyens|citizens|francais|french|american|americans|british|part of (?:this|our) country|d'ici|from here|"
    r"our equals|nos egaux|nos semblables|like us|comme nous|worthy|dignes"
)
_COPULA = (r"(?:are|r|'re|=|c|c'est|cest|ct|were|be|being|is|will (?:always |forever )?be|will|would|can|could|shall|remain|stay|"
           r"seem|look|act|behave|"
           r"sont|seront|etaient|restent|resteront|semblent|ressemblent|c'est|ce sont|c'etait|se comportent)")
_FILL = r"(?: (?:all|just|only|simply|basically|really|truly|nothing but|nothing more than|merely|like|so|such|"
_FILL += r"all just|literally|a bunch of|a pack of|a horde of|of|the|a|an|tous|toutes|juste|que|vraiment|tellement|"
_FILL += r"si|trop|des|de|d'|du|les|la|le|une|un|bande de|troupeau de|horde de|comme|tous des|toutes des|"
_FILL += r"rien que|rien d'autre que|than|more|plus|always|toujours|forever|a|à|a la base|naturally|par nature|"
_FILL += r"-ils|-elles|ils|elles|genetically|genetiquement|inherently|foncierement|tout|simplement|"
_FILL += r"tout simplement|franchement|clairement|evidemment|aussi|vraiment|toujours aussi|etre)){0,4}"
_NEGATOR = (r"(?: (?:not|n't|never|no longer|ne|n'|pas|jamais|plus|aucunement|nullement|hardly|barely|aren't|arent|"
            r"isn't|isnt|weren't|werent|ain't|aint|won't|wont|can't|cant|cannot|will never|can never|will not)){1,2}")

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
_SHOULD = (r"should|must|need to|faut|needs to|ought to|deserve to|deserves to|have to|has to|gotta|should all|must all|"
           r"devraient|doivent|meritent de|faut|faudrait|il faut|il faudrait|on devrait|on doit|we should|we must|"
           r"we need to|let's|allons|on va|va falloir")
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
    r"are the reason for|sont la cause de"
)

# A short relative clause after the group: "women who work should …", "les immigrés qui arrivent sont …".
_REL = r"(?: (?:who|that|qui|que) [a-z']+(?: [a-z']+)?)?"
_HATE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "X are vermin", "les X sont des parasites", "X are all just lazy"
    ("derogation", re.compile(rf"^{_REL}{_FILL} {_COPULA}{_FILL} (?:{_DEROGATORY})(?![\w-])")),
    # negated positive: "X are not human", "les X ne sont pas intelligents"
    ("negated-positive", re.compile(rf"^{_REL}{_FILL}(?: {_COPULA})?{_FILL}{_NEGATOR}(?: {_COPULA})?{_FILL}(?:{_NEGATOR})?{_FILL}"
                                    rf" (?:{_POSITIVE})(?![\w-])")),
    # calls for violence: "X should be deported", "les X doivent crever"
    ("violence", re.compile(rf"^{_REL}{_FILL} (?:{_SHOULD}){_FILL} (?:{_BE_VIOLENCE})(?![\w-])")),
    ("exclusion", re.compile(rf"^{_FILL} (?:{_NO_PLACE})(?![\w-])")),
]
# Patterns where the group comes last: "I hate X", "kill all X", "mort aux X", "il faut expulser les X".
_BEFORE_GROUP: list[tuple[str, re.Pattern[str]]] = [
    ("hatred", re.compile(rf"(?<![\w])(?:{_HOSTILE_VERB})(?: (?:all|the|these|those|every|tous les|toutes les|les|"
                          rf"ces|des|d'|de|tout|toute|ce|cette)){{0,2}} ?$")),
    ("violence", re.compile(rf"(?<![\w])(?:(?:{_SHOULD})(?: (?:all|the|tous|les|us|nous|them))? )?(?:{_VIOLENT_VERB})"
                            rf"(?: (?:all|the|these|those|every|each|tous les|toutes les|les|ces|des|tous|toutes|"
                            rf"of the|off)){{0,2}} ?$")),
    ("violence", re.compile(r"(?<![\w])(?:death to|mort aux|a mort les|dehors les|out with the|down with the|"
                            r"a bas les|no more|stop the|halte aux|kill all|kill every|tuez les|"
                            r"tuons les|exterminez les) ?$")),
    ("dehumanisation", re.compile(rf"(?<![\w])(?:{_DEHUMANISING})(?: (?:like|comme|called|appeles|nommes|aka))?"
                                  rf"(?: (?:the|les|ces|these|those|all|tous les))? ?$")),
    # questions and opinions: "why are X so lazy?", "pourquoi les X sont-ils tous des voleurs"
    ("question", re.compile(r"(?<![\w])(?:why|how come|pourquoi|pk|pq|pkoi|est-ce que|isn't it true that|n'est-ce pas que)"
                            r" (?:are|r|is|do|les|sont|all) ?$")),
]
_QUESTION_TAIL = re.compile(rf"^{_FILL}(?: {_COPULA})?{_FILL} (?:so |si |aussi |tellement |always |toujours |all |tous |toutes )?"
                            rf"(?:{_DEROGATORY})"
                            rf"(?![\w-])")
# A dehumanising noun right before or after the group, with nothing in between but punctuation.
_NEAR = re.compile(rf"^[?!:,.\- ]{{1,4}}(?:{_FILL} )?(?:{_DEHUMANISING})(?![\w-])")
# "treated like animals", "compared to rats": a complaint about how the group is treated.
_TREATED = re.compile(r"(?:treated|treat|traites|traitees|traiter|compared|compares|comparer|called|appeles|"
                      r"like|comme|victims? of|victimes? de) ?(?:as |en |to |a |aux |des |comme )?$")
_OTHER_SUBJECT = re.compile(r"\b(?:you|u|ya|he|she|they|who|people|tu|vous|il|elle|ils|elles|qui|"
                            r"les gens)(?: (?:just|really|all|only|clearly|obviously|do|does|did|still|tous|"
                            r"juste|vraiment|encore))* ?$")
_PRONOUN_RE = re.compile(rf"(?<![\w'])(?:{_PRONOUN})(?![\w'])")
# Object pronouns for a group named earlier: "I hate them", "je les déteste", "il faut les expulser".
_PRONOUN_OBJECT = re.compile(
    rf"(?:(?:{_HOSTILE_VERB})(?: them| em| 'em)(?! \w+ (?:so|too) )|je les (?:deteste|hais|vomis|execre)|"
    rf"(?:{_SHOULD}) (?:les|leur) (?:{_VIOLENT_VERB})|(?:{_VIOLENT_VERB}) (?:them|em|'em)(?: all)?|"
    rf"(?:il faut|faut|on doit|on devrait|il faudrait) (?:tous )?les (?:{_VIOLENT_VERB})|"
    rf"(?:{_SHOULD}) (?:kill|shoot|gas|deport|hang|burn|exterminate) (?:them|em)|"
    rf"(?:qu'ils|qu'elles|they|ils|elles) (?:{_SHOULD}|doivent|devraient){_FILL} (?:{_BE_VIOLENCE})(?![\w-])|"
    rf"(?:qu'ils|qu'elles) (?:crevent|degagent|meurent|retournent chez eux|rentrent chez eux))")
# One RE2 pass (linear, a few µs) finds whether any group or group pronoun is named at all.
_HATE_GATE = Lexicon(_GROUP)   # pronouns count only after a group is named


def hate_hits(folded: str) -> list[Hit]:
    """Hostile statements about a protected group, in the folded text (no insult word needed)."""
    return hate_evidence(folded)[0]


def hate_evidence(folded: str) -> tuple[list[Hit], bool]:
    """The hostile statements used, and whether others were only quoted, reported or condemned."""
    raw = _raw_hate(folded)
    if not raw:
        return [], False
    kept = [h for h in raw if not counter_speech(folded, h.start, h.end)]
    return kept, len(kept) < len(raw)


def _raw_hate(folded: str) -> list[Hit]:
    if next(_HATE_GATE.finditer(folded), None) is None:
        return []
    out: list[Hit] = []
    first_group = None
    for m in _GROUP_RE.finditer(folded):
        if first_group is None:
            first_group = m.start()
        hit = _judge_group(folded, m.start(), m.end())
        if hit is not None:
            out.append(hit)
    if first_group is not None and not out:
        out.extend(_pronoun_hits(folded, first_group))
    return out


def _judge_group(folded: str, start: int, end: int) -> Hit | None:
    hi = _next_break(folded, end)
    after = folded[end:hi]
    lo = _last_break(folded, start)
    before = folded[lo:start]
    for name, pattern in _HATE_PATTERNS:
        m = pattern.match(after)
        if m is None:
            continue
        if name == "derogation" and re.search(_NEGATOR + r"(?: |$)", " " + after[:m.end()] + " "):
            continue  # "immigrants are not criminals"
        if name == "derogation" and _TREATED.search(after[:m.end()].rsplit(" ", 2)[0] + " "):
            continue
        return Hit(start, end + m.end(), "hate", name)
    if before and not _TREATED.search(before):
        for name, pattern in _BEFORE_GROUP:
            m = pattern.search(before)
            if m is None:
                continue
            if name == "question" and not _QUESTION_TAIL.match(after):
                continue
            if name in ("hatred", "violence") and re.search(r"\b(?:not|don't|do not|never|ne|pas|jamais|n')\s*$",
                                                           before[:m.start()]):
                continue  # "I don't hate immigrants"
            if name == "hatred" and _OTHER_SUBJECT.search(before[:m.start()]):
                continue  # "why do you hate women?", "he hates Muslims": an accusation, not the author's hatred
            return Hit(lo + m.start(), end + (_QUESTION_TAIL.match(after).end() if name == "question" else 0),  # type: ignore[union-attr]
                       "hate", name)
    m = _NEAR.match(folded[end:end + 60])
    if m is not None and not _TREATED.search(before):
        return Hit(start, end + m.end(), "hate", "dehumanisation")
    return None


def _pronoun_hits(folded: str, first_group: int) -> list[Hit]:
    """Hostile statements about a group named earlier, through a pronoun ("They are parasites")."""
    out = []
    rest_start = _next_break(folded, first_group)
    for m in _PRONOUN_RE.finditer(folded, rest_start):
        hit = _judge_group(folded, m.start(), m.end())
        if hit is not None:
            return [Hit(hit.start, hit.end, "hate", "pronoun-" + hit.word)]
    m = _PRONOUN_OBJECT.search(folded, first_group)
    if m is not None:
        out.append(Hit(m.start(), m.end(), "hate", "pronoun-violence"))
    return out


# --- threats -------------------------------------------------------------------------------------------
_KILL_EN = (r"kill|killed|murder|murdered|stab|stabbed|shoot|shot|strangle|choke|beat|beaten|punch|bury|hurt|end|"
            r"destroy|skin|gut|rape|hunt|cut|run over|come for|come after|find|slap|smack|knock out|cripple|torture")
# Phrases that hold their own object ("break your legs", "make you suffer").
_KILL_EN_OBJ = (r"slit (?:your|ur) throat|beat the (?:shit|crap|hell|life) out of (?:you|u|ya)|"
                r"break (?:your|ur) (?:legs?|neck|face|jaw|bones|teeth|arms?|skull)|"
                r"smash (?:your|ur) (?:face|head|skull|teeth)|burn (?:your|ur) (?:house|car|shop|branch|office) down|"
                r"burn (?:down )?(?:your|ur) (?:house|car|shop|branch|office)|put a bullet in (?:you|your|ur|him|her)|"
                r"blow (?:your|ur) (?:head|brains) off|make (?:you|u) (?:pay|suffer|regret|bleed)|"
                r"wipe (?:you|u) out|come to your house|show up at your (?:house|door|work)")
_THREAT_EN = re.compile(
    rf"\b(?:i|we|i'm|im|i am|we're|we are|ill|i'll|we'll|imma|ima|gonna)(?: (?:will|'ll|shall|would|'d|am|are|"
    rf"gonna|going to|gon|fixing to|about to|swear i'll|swear|promise|will personally|personally|literally|"
    rf"definitely|totally|really|fucking|come and|come to your house and|find you and|find u and|hunt you down and|"
    rf"wait for you and|should have|should've|could|can|want to|wanna|did not|didn't|just|gonna go)){{0,3}} "
    rf"(?:(?:{_KILL_EN}) (?:you|u|ya|him|her|them|this \w+|that \w+|all of you|y'all|you all)(?![\w'])|{_KILL_EN_OBJ})"
    r"|\b(?:you(?:'re| are| r)|ur|u r|you will be|you'll be|you(?:'re| are) gonna be) (?:so |fucking |a )?"
    r"(?:dead|dead meat|a dead man|a dead woman|finished|done for|going to die|gonna die|next)\b"
    r"|\b(?:you|u)(?:'ll| will| are going to| are gonna| gonna| r gonna) (?:pay|regret|die|bleed|suffer|be sorry)\b"
    r"|\b(?:watch your back|watch ur back|sleep with one eye open|i know where you (?:live|work|sleep|park)|"
    r"your days are numbered|you won't see (?:it|me) coming)\b"
    r"|\b(?:if (?:you|u|i see you|i catch you|i find you)|should you|one more word|one more time)\b.{0,60}"
    r"\b(?:i(?:'ll| will| am going to| am gonna|'m gonna|'m going to| would|'d)|ill|imma|you(?:'re| are)|ur)"
    r"(?: (?:personally|swear|really|fucking))? (?:" + _KILL_EN + r"|" + _KILL_EN_OBJ + r"|dead)\b")
_KILL_FR = (r"tu(?:e|er|erai|erais|era|erons|eront)\b|bute|buter|buterai|crev|egorg|defonc|demont|frapp|plant|"
            r"saign|massacr|eclat|allum|fum|defigur|etrangl|casser (?:la gueule|les dents|les jambes|la tete|"
            r"la figure|les genoux|en deux)|peter (?:la gueule|les dents|les genoux)|faire la peau|faire payer|"
            r"faire regretter|faire du mal|brul|cram|retrouv|chop|attrap|tabass|niquer ta race|niquer ta mere|"
            r"viol|trouer|mettre une balle|achev|enterr|decoup|cogn|regler ton compte|pourrir la vie|soulev|"
            r"termin|bris|detrui|explos|abatt|fusill|poignard|descend")
_THREAT_FR = re.compile(
    rf"\b(?:je |j'|j|on |nous |moi je )(?:(?:vais|vai|v|va|vas|allons|irai|ira|viendrai|viendra|te jure|jure|"
    rf"promets|devrais|pourrais|aurais du|aurais|aurai|vais venir|vais aller|vais finir par|compte|veux|voulais|"
    rf"vas|sais pas ce qui me retient de|me retiens de) )?(?:te |t'|vous |le |la |les |l'|lui )(?:{_KILL_FR})\w*"
    r"|\b(?:je |j'|j|on |nous )(?:(?:vais|va|vai|allons|te jure que je vais) )?(?:brul|cram|explos|detrui|saccag|"
    r"defonc|casse|incendi|braqu)\w* (?:votre|ta|ton|vos|tes|leur) (?:agence|maison|voiture|bureau|boutique|"
    r"magasin|baraque|appart|caisse|gueule|tete|famille)\b"
    r"|\b(?:je|j'|on|nous)(?: (?:vais|allons|va)) (?:venir|passer|aller) (?:chez (?:toi|vous)|a ton boulot|"
    r"te chercher|a ta sortie)\b"
    rf"|\bje (?:te|vous|t') (?:{_KILL_FR})\w*"
    r"|\b(?:t'es|t es|tu es|vous etes|t'est|tes) (?:un homme mort|une femme morte|mort|morte|morts|fini|finie|"
    r"finis|cuit|cuite|foutu|foutue)\b"
    r"|\b(?:tu vas|vous allez|tu va|tu vas le|tu le) (?:le |la )?(?:payer|regretter|crever|mourir|saigner|souffrir|"
    r"voir ce qui)\w*"
    r"|\b(?:je sais ou tu (?:habites|vis|bosses|travailles|dors|te gares)|fais gaffe a toi|fais attention a toi|"
    r"tes jours sont comptes|ca va mal finir pour toi|dernier avertissement|tu perds rien pour attendre|"
    r"gare a toi|surveille tes arrieres|numerote tes abattis)\b"
    rf"|\bsi (?:tu|vous|je te|je vous|je t)\b.{{0,60}}\b(?:je|j'|on)(?: (?:vais|va|te|vous|t'))* ?(?:{_KILL_FR})")
# "I'll find you a table", "je vais te retrouver à la gare": meeting, not hunting.
_BENIGN_AFTER = re.compile(r"^\w* (?:a table|a seat|a place|a spot|a job|a room|at the|a la gare|au|a l'|devant|"
                           r"a \d|at \d|tomorrow|demain|ce soir|tonight|later|plus tard|dans \d|in \d|some|un|une)")
# Verbs of meeting someone: harmless when a place or a time follows ("je vais te retrouver à la gare").
_MEETING = ("find", "retrouv", "chop", "attrap", "come for", "come after", "rejoindre", "voir")
_WEAK_THREAT = ("regret", "be sorry", "find", "retrouv", "chop", "attrap", "end", "termin", "cut", "destroy", "detrui", "explos", "allum",
                "fum", "beat", "hunt", "come for", "come after", "soulev", "eclat", "defonc", "bris", "descend", "plant",
                "trou", "enterr", "achev")


def threat_hits(folded: str) -> list[Hit]:
    """Violence promised to a person, in French or English."""
    out = []
    for pattern in _threat_patterns():
        for m in itertools.islice(pattern.finditer(folded), 5):
            words = m.group()
            if _BENIGN_AFTER.match(folded[m.end():m.end() + 20]) and any(w in words for w in _MEETING):
                continue
            if re.search(r"\b(?:killed it|tue sur scene|tu m'as tue|ca m'a tue|you're killing me|killing it|"
                         r"when you(?:'re| are) dead|quand tu seras mort)\b", folded[max(0, m.start() - 12):m.end() + 5]):
                continue
            strong = not any(re.search(rf"\b{re.escape(w)}", words) for w in _WEAK_THREAT) or bool(
                re.search(r"retrouver et|find you and|hunt you down", words))
            out.append(Hit(m.start(), m.end(), "threat" if strong else "weak-threat", words))
    return [h for h in out if not counter_speech(folded, h.start, h.end)]


@cache
def _threat_patterns() -> tuple[Gated, Gated]:
    """The threat patterns behind an Aho-Corasick pre-check of the words every match holds (derived from
    the patterns themselves): nine posts in ten hold none, and the two long patterns are not run on them."""
    return Gated(_THREAT_EN), Gated(_THREAT_FR)


def kinds(hits: Iterable[Hit]) -> set[str]:
    return {h.kind for h in hits}
