"""Text normalisation that defeats evasions while keeping a map back to the original offsets.

Two views of a post are built, each lazily and at most once per post:

* ``basic``  — Unicode NFKC (full-width digits, ligatures, mathematical letters), zero-width and
  control characters removed. Used by detectors of structured data (PII, secrets, links).
* ``folded`` — ``basic`` plus lower case, accents stripped, homoglyphs (Cyrillic, Greek) and emoji
  letters (negative circled and squared "🅲🅾🅺🅴", three or more regional indicators "🇨🇴🇰🇪") mapped
  to Latin, leetspeak undone inside words ("c0nfidentiel") and spaced-out letters joined
  ("c o n f i d e n t i e l", "c~o~n", "c👏o👏n"). Used by detectors that match words and phrases.

Every character of a view remembers the original ``[start, end)`` it came from, so a match in a
view maps back to a span of the original text. When a view is character-for-character the same
length as the original (the common case), no map is stored at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from charte.domain import Span

# Zero-width, bidi controls, soft hyphen, variation selectors and the BOM: invisible, so removable.
_INVISIBLE = set(
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200c\u200d\u200e\u200f"
    "\u202a\u202b\u202c\u202d\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069"
    "\u206a\u206b\u206c\u206d\u206e\u206f\u3164\ufeff\uffa0"
) | {chr(c) for c in range(0xFE00, 0xFE10)}

# Visual look-alikes of Latin letters that NFKC leaves alone (Unicode confusables, Latin targets).
_HOMOGLYPHS = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l", "ɡ": "g", "ո": "n", "ս": "u", "օ": "o", "ց": "g",
    # Greek
    "α": "a", "β": "b", "γ": "y", "ε": "e", "ζ": "z", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ϲ": "c", "ϳ": "j",
    # Latin extensions and symbols that look like letters
    "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ß": "ss",
    "æ": "ae", "œ": "oe", "ð": "d", "þ": "th", "ƅ": "b", "ɑ": "a", "ɩ": "i", "ʋ": "u",
    "ℓ": "l", "∂": "d", "€": "e",
}  # fmt: skip
# Emoji letters that NFKC leaves alone (it folds circled "ⓒ", squared "🄲", full-width and mathematical
# letters): negative circled "🅒" and negative squared "🅲" capitals.
_HOMOGLYPHS.update({chr(base + i): chr(ord("a") + i) for base in (0x1F150, 0x1F170) for i in range(26)})
# Regional indicators: two make a flag ("🇫🇷"), so only a run of three or more spells a word ("🇨🇴🇰🇪"),
# unless it is one flag repeated ("🇨🇴🇨🇴"). One code point each, so the view's offsets stay valid.
_REGIONAL = re.compile("[\U0001f1e6-\U0001f1ff]{3,}")
_REGIONAL_TABLE = {0x1F1E6 + i: chr(ord("a") + i) for i in range(26)}

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}
_LEET_CHARS = "".join(_LEET)
_LEET_TABLE = str.maketrans(_LEET)
_LEET_ANY = re.compile(r"[0-9@$!|][a-z]")
# A leet character that ``_unleet`` would rewrite: inside a word, before its last non-leet character
# (a leading "@" is a handle). Without one, the substitution returns the text unchanged, so it is
# skipped: most posts hold only handles and numbers ("@acme", "2nd").
_LEET_CHANGE = re.compile(r"(?:[013457$!|]|(?<=[a-z0-9@$!|])@)[a-z0-9@$!|]*[a-z2689]")
# A whole word holding a leet character, matched from the word's start only, so the scan is linear.
_LEET_RE = re.compile(r"(?<![a-z0-9@$!|])[a-z]*[0-9@$!|][a-z0-9@$!|]*")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Four or more single letters separated by spaces, dots, dashes, underscores, stars, tildes or emoji
# ("c👏o👏n👏n👏a👏r👏d").
_SEP = " .\\-_*·/~\u2600-\u27bf\U0001f300-\U0001faff"
_SPACED_RE = re.compile(rf"(?<![a-z0-9])(?:[a-z0-9][{_SEP}]{{1,3}}){{3,}}[a-z0-9](?![a-z0-9])")
_SEP_CHAR = re.compile(f"[{_SEP}]")
# What every spaced-out run holds (its second and third letters between separators): a cheap search
# that rules out ``_SPACED_RE`` (whose look-behind is tried at every position) for almost every post.
_SPACED_GATE = re.compile(rf"[{_SEP}][a-z0-9][{_SEP}]{{1,3}}[a-z0-9][{_SEP}]")


class _Table(dict[str, str]):
    """Per-character translation computed on first sight and remembered."""

    def __init__(self, fold: bool) -> None:
        super().__init__()
        self.fold = fold

    def __missing__(self, char: str) -> str:
        out = _translate_char(char, self.fold)
        self[char] = out
        return out


def _translate_char(char: str, fold: bool) -> str:
    if char in _INVISIBLE:
        return ""
    category = unicodedata.category(char)
    if category == "Cc" and char not in "\n\t\r":
        return ""
    if category == "Cf":
        return ""
    out = unicodedata.normalize("NFKC", char)
    if not fold:
        return out
    folded = []
    for c in out.casefold():
        c = _HOMOGLYPHS.get(c, c)
        decomposed = unicodedata.normalize("NFD", c)
        base = "".join(d for d in decomposed if not unicodedata.combining(d))
        folded.append(_HOMOGLYPHS.get(base, base))
    return "".join(folded)


_BASIC = _Table(fold=False)
_FOLDED = _Table(fold=True)


@dataclass(frozen=True, slots=True)
class View:
    """A normalised view of ``original``; ``starts``/``ends`` are ``None`` when offsets are identical."""

    text: str
    original: str
    starts: Sequence[int] | None = None
    ends: Sequence[int] | None = None

    def to_original(self, start: int, end: int) -> Span:
        """Map ``[start, end)`` in this view to the original text."""
        if self.starts is None or self.ends is None:
            return Span(start, end)
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return Span(pos, pos)
        return Span(self.starts[start], self.ends[end - 1])


def _apply_table(text: str, table: _Table) -> View:
    parts = list(map(table.__getitem__, text))
    out = "".join(parts)
    if len(out) == len(parts) and "" not in parts:
        return View(out, text)  # every character mapped to exactly one: offsets unchanged
    # Each output character comes from one original character i, so it maps to [i, i + 1). numpy's
    # repeat builds the map ~4x faster than one ``itertools.repeat`` per character ("…" -> "...",
    # emoji variation selectors removed: a sixth of the posts that are not plain ASCII).
    starts = np.repeat(np.arange(len(parts)), np.fromiter(map(len, parts), dtype=np.intp, count=len(parts)))
    return View(out, text, starts.tolist(), (starts + 1).tolist())


def _rewrite(view: View, pieces: list[tuple[int, int, str]]) -> View:
    """Replace view ranges ``(start, end, replacement)``; each replacement char maps to the whole range."""
    if not pieces:
        return view
    starts = view.starts if view.starts is not None else range(len(view.text))
    ends = view.ends if view.ends is not None else range(1, len(view.text) + 1)
    out: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for start, end, replacement in pieces:
        out.append(view.text[pos:start])
        new_starts.extend(starts[pos:start])
        new_ends.extend(ends[pos:start])
        if replacement is not _KEEP and len(replacement) == end - start:
            out.append(replacement)
            new_starts.extend(starts[start:end])
            new_ends.extend(ends[start:end])
        else:
            # Joined spaced letters: each kept letter maps to its own original character.
            kept = [i for i in range(start, end) if _SEP_CHAR.match(view.text[i]) is None]
            out.append(
                "".join(view.text[i] if replacement is _KEEP else replacement[j] for j, i in enumerate(kept))
            )
            new_starts.extend(starts[i] for i in kept)
            new_ends.extend(ends[i] for i in kept)
        pos = end
    out.append(view.text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return View("".join(out), view.original, new_starts, new_ends)


_KEEP = "\x00keep"


# A number glued to its unit ("10g", "250mg", "5km", "2h", "10€" folded to "10e"): a quantity, not a word in
# leetspeak, and the illegal-deal cues need it as written ("need 10g", "iog" would name nothing).
_QUANTITY = re.compile(r"[0-9]+(?:g|gr|kg|mg|mcg|ml|cl|dl|l|km|cm|mm|m|k|h|mn|min|e|eur)")


def _unleet(match: re.Match[str]) -> str:
    """Undo leetspeak in one word up to its last letter ("c0nfidentiel!" but not "covid19", nor "10g").

    Replacements keep the length, so the view's offsets stay valid. A leading "@" is a handle.
    """
    token = match.group()
    if _QUANTITY.fullmatch(token):
        return token
    word = token.rstrip(_LEET_CHARS)
    if not word:
        return token
    if len(token) - len(word) == 1 and any(c in _LEET_CHARS for c in word[1:]):
        word = token  # one more leet letter closes a word already in leetspeak ("h0l3", "d1ckh34d")
    # "@" first is a handle ("@acme"), unless symbols follow that no handle holds ("@$$h0l3").
    handle = word[0] == "@" and not any(c in "$!|@" for c in word[1:])
    head = word[0] if handle else _LEET.get(word[0], word[0])
    return head + word[1:].translate(_LEET_TABLE) + token[len(word) :]


def _clean_ascii(text: str) -> bool:
    return text.isascii() and _ASCII_CONTROL.search(text) is None


def basic(text: str) -> View:
    """NFKC with invisible and control characters removed."""
    if _clean_ascii(text):
        return View(text, text)
    return _apply_table(text, _BASIC)


#: The folded views of the texts folded last: the models fold each post before the detectors do (and
#: an explanation or a stage-2 routing again), so each post is folded once. Bounded, and cleared whole
#: when full (thread-safe: a lost entry is only computed again).
_FOLDED_MEMO: dict[str, View] = {}
_MEMO_MAX = 1024
_MEMO_CHARS = 4000


def folded(text: str) -> View:
    """The ``basic`` view, lower-cased, accent-free, with homoglyphs, leetspeak and spacing undone."""
    view = _FOLDED_MEMO.get(text)
    if view is not None:
        return view
    view = _folded(text)
    if len(text) <= _MEMO_CHARS:
        if len(_FOLDED_MEMO) >= _MEMO_MAX:
            _FOLDED_MEMO.clear()
        _FOLDED_MEMO[text] = view
    return view


def _regional_word(match: re.Match[str]) -> str:
    run = match.group()
    if len(run) % 2 == 0 and run == run[:2] * (len(run) // 2):
        return run  # one flag repeated: "🇫🇷🇫🇷🇫🇷"
    return run.translate(_REGIONAL_TABLE)


def _folded(text: str) -> View:
    if _clean_ascii(text):
        view = View(text.lower(), text)
    else:
        view = _apply_table(text, _FOLDED)
        if _REGIONAL.search(view.text) is not None:
            view = View(_REGIONAL.sub(_regional_word, view.text), text, view.starts, view.ends)
    if _LEET_ANY.search(view.text) and _LEET_CHANGE.search(view.text):
        view = View(_LEET_RE.sub(_unleet, view.text), text, view.starts, view.ends)
    if _SPACED_GATE.search(view.text) is None:
        return view
    spaced = [
        piece
        for m in _SPACED_RE.finditer(view.text)
        for piece in _spaced_words(view.text, m.start(), m.end())
    ]
    return _rewrite(view, spaced)


_GAP_RE = re.compile(rf"[{_SEP}]{{1,3}}")
# English words after which a lone "a" is the article, not the first letter of a spaced-out word.
_ARTICLE_BEFORE = re.compile(
    r"(?<![a-z'])(?:what|such|quite|is|was|are|were|you're|youre|ur|be|being|called|call|like|as|total|absolute) $"
)


def _spaced_words(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The pieces of one spaced-out run to join: the whole run, or, when its letters are set apart by dots or
    dashes and a bare space parts two groups ("p.a.u.v.r.e c.o.n", "s-t-u-p-i-d c-o-w"), each group on its
    own, so two words spelt out stay two words ("pauvre con", not "pauvrecon"). An English article "a" that
    opens the run after a word that takes one ("what a d u m b a s s", "you're a l o s e r") stays a word."""
    if (
        text.startswith("a ", start)
        and end - start >= 9
        and _ARTICLE_BEFORE.search(text, max(0, start - 12), start) is not None
    ):
        start += 2
    gaps = list(_GAP_RE.finditer(text, start, end))
    words = [g for g in gaps if g.group().strip(" ") == ""]
    if not words or len(words) == len(gaps):
        return [(start, end, _KEEP)]
    pieces = []
    lo = start
    for gap in [*words, None]:
        hi = end if gap is None else gap.start()
        if hi - lo >= 3:  # two letters at least (a letter, a separator, a letter)
            pieces.append((lo, hi, _KEEP))
        if gap is not None:
            lo = gap.end()
    return pieces
