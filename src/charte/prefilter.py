"""A pre-check for regular expressions: the substrings every match must contain, found in one Aho-Corasick pass.

Most posts hold none of them, and then the regex (or RE2, whose Python wrapper costs ~10 µs a call) is not
run at all. Derived from the pattern itself by the standard library's parser, so a pattern and its
pre-check never disagree. Used by the detectors' phrase patterns and by the models' word lists alike,
hence its place below both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import ahocorasick_rs

# The standard library's own regex parser, used only to derive the pre-check. Private modules: typeshed does
# not describe them, hence the two ignores.
try:
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: every fragment then runs without pre-check
    _c = _parser = None


def required_in(pattern: str) -> frozenset[str] | None:
    """:func:`required` of the pattern's source (None: this Python has no parser to read it with)."""
    return required(_parser.parse(pattern)) if _parser is not None else None


def required(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """Substrings of which one must occur in any match of the parsed sequence ``items`` (None: unknown).

    A necessary condition only: literal runs that every match must contain, alternatives through
    branches. Used as a cheap ``in`` test before running the regular expression.
    """
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        flush()
        if op is _c.SUBPATTERN:
            found = required(arg[-1])
        elif op is _c.BRANCH:
            parts = [required(branch) for branch in arg[1]]
            known = [p for p in parts if p is not None]
            found = frozenset[str]().union(*known) if len(known) == len(parts) else None
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and arg[0] >= 1:
            found = required(arg[2])
        else:
            found = None
        if found:
            candidates.append(found)
    flush()
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(weight, c)), -len(c)))


def weight(piece: str) -> int:
    """How selective a required substring is: its letters, but a symbol such as "%" or "«" is rare."""
    if not any(ch.isalnum() or ch.isspace() for ch in piece):
        return 4
    return sum(not ch.isspace() for ch in piece)  # " to " is as common as "to"


def split_top(fragment: str) -> list[str]:
    """``a|b(c|d)`` → ``["a", "b(c|d)"]``: each alternative gets its own, sharper pre-check."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(fragment):
        ch = fragment[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            close = fragment.find("]", i + 2)
            i = close + 1 if close != -1 else len(fragment)
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(fragment[start:i])
            start = i + 1
        i += 1
    parts.append(fragment[start:])
    return parts


class Gated:
    """A compiled pattern behind an Aho-Corasick pre-check of the substrings that every match contains
    (:func:`required`): a text holding none of them cannot match, so the regex is not run on it."""

    __slots__ = ("automaton", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        gate = None
        if _parser is not None and not pattern.flags & re.IGNORECASE:
            try:
                gate = required(_parser.parse(pattern.pattern))
            except (re.error, TypeError, ValueError, IndexError, AttributeError):
                gate = None
        useful = gate is not None and all(weight(g) >= 2 for g in gate)
        self.automaton = ahocorasick_rs.AhoCorasick(sorted(gate)) if useful and gate else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.automaton is not None and not self.automaton.find_matches_as_indexes(text):
            return iter(())
        return self.pattern.finditer(text)


def automaton(pattern: str) -> ahocorasick_rs.AhoCorasick | None:
    """An Aho-Corasick automaton over the substrings every match of ``pattern`` contains (as
    :class:`Gated` uses), or ``None`` when there is no selective one. For patterns run by another engine
    (RE2 in ``charte.models.lexicons``) written in the common syntax; an unparsable one gets no gate."""
    if _parser is None:
        return None
    try:
        parsed = _parser.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        gate = required(parsed)
    except (re.error, TypeError, ValueError, IndexError, AttributeError, RecursionError):
        return None
    if not gate or not all(weight(g) >= 2 for g in gate):
        return None
    return ahocorasick_rs.AhoCorasick(sorted(gate))
