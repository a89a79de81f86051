"""Policy-supplied terms (confidential terms, code names, brand and competitor names) as whole-word
patterns that run in time linear in the post, whatever the terms hold.

A policy is written by an organisation admin, not by us: a term such as ``"x - - - - - y"`` compiled for
Python's backtracking engine (each space a gap ``[\\s\\-_.]*``) took minutes on a post of a few hundred
dashes. Here the alternation runs on RE2 (an automaton: no backtracking), and the word boundaries RE2
lacks as look-arounds are rebuilt around it: the right one inside the pattern (a consumed character
or the end), the left one in Python on the byte before the match (see :meth:`TermPattern.finditer`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import re2

from charte.detectors import normalize

#: Between two words of a term: any run of spaces, dashes, underscores and dots ("projet-atlas",
#: "projet_atlas", "projet  atlas", "projetatlas"). ``\p{Z}`` adds the Unicode spaces RE2's ``\s`` lacks.
GAP = r"[\s\p{Z}\-_.]*"
_PY_GAP = r"[\s\-_.]*"
_SPACES = re.compile(r"\s+")
#: RE2's default program budget (8 MB) is too small for a few thousand terms; 64 MB stays within the
#: loader's memory budget (docs/security-policy.md).
_OPTIONS = re2.Options()
_OPTIONS.max_mem = 64 << 20


class TermMatch:
    """The part of a match the detectors use: its span in the searched text and its text."""

    __slots__ = ("_end", "_start", "_text")

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def span(self) -> tuple[int, int]:
        return self._start, self._end

    def group(self, index: int = 0) -> str:
        if index:
            raise IndexError("a term match has no groups")
        return self._text[self._start:self._end]


class TermPattern:
    """Whole-word alternation of folded terms, longest first, run by RE2.

    Same matches as ``(?<![a-z0-9])(?:t1|t2|…)(?![a-z0-9])`` in Python (kept in :attr:`pattern` for
    reference), in linear time. :attr:`required` holds, for every term, a piece that each of its
    matches contains (its longest word), for the Aho-Corasick pre-check of :class:`~._phrases.Gated`.
    """

    flags = 0

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        body = "|".join(GAP.join(map(re.escape, _SPACES.split(t))) for t in terms)
        try:
            self._re = re2.compile(f"({body})(?:[^a-z0-9]|$)", options=_OPTIONS)
        except re2.error as exc:
            raise ValueError(f"{len(terms)} terms are too many to compile ({exc}): shorten the list") from None
        python_body = "|".join(_PY_GAP.join(map(re.escape, _SPACES.split(t))) for t in terms)
        self.pattern = rf"(?<![a-z0-9])(?:{python_body})(?![a-z0-9])"
        self.required = frozenset(max(_SPACES.split(t), key=len) for t in terms)

    def finditer(self, text: str) -> Iterator[TermMatch]:
        """Leftmost-first matches that do not start or end inside a word, without overlaps."""
        data = text.encode("utf-8", "surrogatepass")
        ascii_only = len(data) == len(text)
        last_byte = last_char = 0  # incremental byte → character offsets, for non-ASCII text
        pos, size = 0, len(data)
        while pos <= size:
            m = self._re.search(data, pos)
            if m is None:
                return
            start, end = m.span(1)
            if start and not _is_boundary(data[start - 1]):
                pos = start + 1  # starts inside a word: look again from the next character
                while pos < size and 0x80 <= data[pos] < 0xC0:
                    pos += 1
                continue
            if ascii_only:
                yield TermMatch(text, start, end)
            else:
                char_start = last_char + len(data[last_byte:start].decode("utf-8", "surrogatepass"))
                char_end = char_start + len(data[start:end].decode("utf-8", "surrogatepass"))
                last_byte, last_char = end, char_end
                yield TermMatch(text, char_start, char_end)
            pos = end if end > start else end + 1  # (terms are never empty; never loop forever)


def _is_boundary(byte: int) -> bool:
    """Not an ASCII lower-case letter or digit (UTF-8 continuation bytes are all ≥ 0x80)."""
    return not (0x61 <= byte <= 0x7A or 0x30 <= byte <= 0x39)


def term_pattern(phrases: Iterable[str]) -> TermPattern | None:
    """The folded, de-duplicated, longest-first :class:`TermPattern` of ``phrases`` (``None``: no term)."""
    folded = sorted({normalize.folded(p).text.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    return TermPattern(folded) if folded else None
