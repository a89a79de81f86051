"""Policy-supplied terms (confidential terms, code names, brand and competitor names) matched in time
linear in the post, whatever the terms hold and however many there are.

A policy is written by an organisation admin, not by us. Compiled for Python's backtracking engine
(each space of a term a gap ``[\\s\\-_.]*``), a term such as ``"x - - - - - y"`` took minutes on a post of
a few hundred dashes; an automaton regex engine (RE2) is linear but slows to microseconds per character
once a list holds a few hundred terms. So terms are matched by Aho-Corasick on a *squeezed* view of the
folded text: every run of separators (spaces, dashes, underscores, dots) removed, in the text as in the
terms. "Projet Atlas", "projet-atlas", "projet_atlas", "projetatlas" and the evasion "pro-jet at.las" are
then one string, found in one pass whatever the number of terms.

A match must start and end on a word boundary of the folded text (no ``[a-z0-9]`` just before or after).
Matches are leftmost-longest and never overlap; when the longest term at a position ends inside a word,
the longest shorter term that ends on a boundary is taken instead ("atlas v" and "atlas" in "atlas va").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator

import ahocorasick_rs

from charte import normalize

#: What the squeezed view keeps: runs of characters other than spaces, dashes, underscores and dots.
_RUNS = re.compile(r"[^\s\-_.]+")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
#: Most characters of terms one pattern compiles (about 5,000 terms of 20 letters). Building the automaton
#: is linear in them; the bound keeps a 1 MB policy's compile within the loader's budget.
MAX_TERM_CHARS = 100_000
#: Shorter terms tried at a position whose longest term ends inside a word (bounds the work per match).
_FALLBACKS = 32


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
        return self._text[self._start : self._end]


class TermPattern:
    """Folded terms, matched whole-word on the squeezed view by one Aho-Corasick automaton."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.keys = sorted({key for t in terms if (key := squeeze(t))}, key=len, reverse=True)
        total = sum(map(len, self.keys))
        if total > MAX_TERM_CHARS:
            raise ValueError(
                f"{len(self.keys):,} terms of {total:,} characters in all: at most {MAX_TERM_CHARS:,} "
                "characters of terms (code names, confidential terms, brand names) per rule"
            )
        self._keys = frozenset(self.keys)
        self._lengths = sorted({len(k) for k in self.keys}, reverse=True)
        self._automaton = ahocorasick_rs.AhoCorasick(
            self.keys, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest
        )

    def finditer(self, text: str) -> Iterator[TermMatch]:
        """Matches in ``text`` (a folded view), left to right, as spans of ``text``."""
        squeezed = squeeze(text)
        hits = self._automaton.find_matches_as_indexes(squeezed) if squeezed else []
        if not hits:
            return
        original = _Offsets(text).original
        size = len(text)
        for _, s, e in hits:
            start = original(s)
            if start and text[start - 1] in _WORD:
                continue  # starts inside a word
            end = original(e - 1) + 1
            if end < size and text[end] in _WORD:
                end = self._shorter(squeezed, s, e, original, text)
                if end < 0:
                    continue
            yield TermMatch(text, start, end)

    def _shorter(self, squeezed: str, s: int, e: int, original: Callable[[int], int], text: str) -> int:
        """End of the longest shorter term at ``s`` that ends on a word boundary; -1 when none does."""
        tried = 0
        for length in self._lengths:
            if length >= e - s:
                continue
            if tried >= _FALLBACKS:
                break
            tried += 1
            if squeezed[s : s + length] in self._keys:
                end = original(s + length - 1) + 1
                if end >= len(text) or text[end] not in _WORD:
                    return end
        return -1


class _Offsets:
    """Squeezed index → index in the text, mapping runs only as far as asked (most posts ask for the first
    few words, or nothing)."""

    __slots__ = ("_end", "_runs", "_squeezed", "_starts")

    def __init__(self, text: str) -> None:
        self._runs = _RUNS.finditer(text)
        self._squeezed: list[int] = []  # squeezed index where each mapped run starts
        self._starts: list[int] = []  # its index in the text
        self._end = 0

    def original(self, i: int) -> int:
        while i >= self._end:
            run = next(self._runs)
            self._squeezed.append(self._end)
            self._starts.append(run.start())
            self._end += run.end() - run.start()
        k = bisect.bisect_right(self._squeezed, i) - 1
        return self._starts[k] + i - self._squeezed[k]


def squeeze(text: str) -> str:
    r"""``text`` without its spaces, dashes, underscores and dots (the characters ``_RUNS`` skips: ``\s`` is
    ``str.isspace``, as ``str.split`` uses). Splitting and replacing in C is five times faster than
    ``re.sub`` on a tweet."""
    return "".join(text.split()).replace("-", "").replace("_", "").replace(".", "")


def term_pattern(phrases: Iterable[str]) -> TermPattern | None:
    """The :class:`TermPattern` of the folded ``phrases`` (``None``: no term left to find)."""
    phrases = [p for p in phrases if p.strip()]
    if sum(len(squeeze(p)) for p in phrases) > MAX_TERM_CHARS:  # refuse before folding them all
        TermPattern(squeeze(p) for p in phrases)  # raises, naming the count
    pattern = TermPattern(normalize.folded(p).text for p in phrases)
    return pattern if pattern.keys else None
