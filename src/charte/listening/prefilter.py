"""Whether any of many case-insensitive regular expressions matches a text, without trying them all everywhere.

Python's ``re`` has no prefilter: one alternation of thirty word-bounded phrases (the intent cues,
``charte.listening.intent``) is tried branch by branch at every position of the text, about 0.1 ms per post
of ingestion, more than anything else the ingesting process does per mention. :class:`AnyOf` keeps each
top-level alternative as its own pattern and, from its syntax tree, the literal strings one of which every
match must contain (``\\bstill (?:waiting|no\\b)`` → ``"still "``). One Aho-Corasick pass over the folded
text says which literals occur; only the patterns one of whose literals occurs are searched. A pattern with no usable literal is always searched. ``AnyOf(patterns).search(text)`` is true exactly when
``re.compile("|".join(patterns), re.IGNORECASE).search(text)`` finds a match: an alternation matches
somewhere when one of its branches does, and the literals are only a necessary condition.

Case: the text is folded the way ``re.IGNORECASE`` compares characters (lower case, plus the few characters
such as the Kelvin sign or the long s that it matches to a letter of the literals), so a literal absent from
the folded text cannot be matched by the pattern.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from re import _constants as sre  # type: ignore[attr-defined]  # the parser's opcodes, stable since 3.11
from re import _parser as sre_parse  # type: ignore[attr-defined]  # private, untyped in typeshed

import ahocorasick_rs

#: A literal shorter than this is not worth testing (it occurs in most texts): the pattern is always searched.
MIN_LITERAL = 3

Literals = frozenset[str] | None  # one of these occurs in every match; None: no usable set


def _better(a: Literals, b: Literals) -> Literals:
    """The more selective of two literal sets: longer shortest literal, then fewer literals."""
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _usable(found: Literals) -> Literals:
    return found if found and min(map(len, found)) >= MIN_LITERAL else None


def _required(items: Sequence[tuple[object, object]]) -> Literals:
    """The most selective literal set required by a sequence of parsed items (``re._parser``'s tree)."""
    best: Literals = None
    run: list[str] = []

    def close() -> None:
        nonlocal best, run
        if run:
            best = _better(best, _usable(frozenset(["".join(run).lower()])))
            run = []

    # The parser's items are untyped (op, arg) pairs whose arg's shape depends on op: indexed as
    # ``re._parser`` builds them (LITERAL: a code point; SUBPATTERN, BRANCH, REPEAT: tuples).
    for op, arg in items:
        if op is sre.LITERAL:
            run.append(chr(arg))  # type: ignore[arg-type]  # an untyped parser item
            continue
        close()
        if op is sre.SUBPATTERN:
            best = _better(best, _usable(_required(arg[-1])))  # type: ignore[index]  # an untyped parser item
        elif op is sre.BRANCH:
            options = [_usable(_required(alt)) for alt in arg[1]]  # type: ignore[index]  # an untyped parser item
            # the same untyped parser items as above
            if all(o is not None for o in options):
                best = _better(best, frozenset().union(*options))  # type: ignore[arg-type]  # an untyped parser item
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and arg[0] >= 1:  # type: ignore[index]  # an untyped parser item
            best = _better(best, _usable(_required(arg[2])))  # type: ignore[index]  # an untyped parser item
        # anything else (classes, anchors, look-arounds, optional parts) requires no literal
    close()
    return best


_BMP = "".join(chr(code) for code in range(128, 0x10000) if not 0xD800 <= code < 0xE000)


@lru_cache(maxsize=16)
def _case_table(chars: frozenset[str]) -> dict[int, str]:
    """Characters ``re.IGNORECASE`` matches to one of ``chars`` although ``str.lower`` does not give it (the
    Kelvin sign for ``k``, the long s for ``s``, the dotted capital I for ``i``…): mapped to it."""
    table: dict[int, str] = {}
    members = "".join(sorted(chars))
    for char in set(re.findall(f"[{re.escape(members)}]", _BMP, re.IGNORECASE)):
        if char.lower() in chars:
            continue
        for target in members:
            if re.fullmatch(re.escape(target), char, re.IGNORECASE):
                table[ord(char)] = target
                break
    return table


class AnyOf:
    """Case-insensitive patterns searched at once with a literal prefilter (see the module's docstring)."""

    def __init__(self, patterns: Sequence[str], flags: int = re.IGNORECASE) -> None:
        self.patterns: list[re.Pattern[str]] = []
        always: list[int] = []
        literals: dict[str, list[int]] = {}
        for source in patterns:
            for branch in _top_branches(source, flags):
                index = len(self.patterns)
                self.patterns.append(re.compile(branch, flags))
                found = _required(sre_parse.parse(branch, flags))
                if found is None:
                    always.append(index)
                else:
                    for literal in found:
                        literals.setdefault(literal, []).append(index)
        self._always = tuple(always)
        self._keys = list(literals)
        self._owners = [tuple(literals[k]) for k in self._keys]
        self._automaton = ahocorasick_rs.AhoCorasick(self._keys) if self._keys else None
        self._table = _case_table(frozenset("".join(self._keys)))

    def fold(self, text: str) -> str:
        """``text`` as ``re.IGNORECASE`` compares it with the literals: special characters mapped, lower case."""
        if not text.isascii() and any(chr(code) in text for code in self._table):
            text = text.translate(self._table)
        return text.lower()

    def search(self, text: str) -> bool:
        """Whether one of the patterns matches somewhere in ``text``."""
        for index in self._always:
            if self.patterns[index].search(text):
                return True
        if self._automaton is None:
            return False
        candidates: set[int] = set()
        for key in self._automaton.find_matches_as_indexes(self.fold(text), overlapping=True):
            candidates.update(self._owners[key[0]])
        return any(self.patterns[index].search(text) for index in sorted(candidates))


def _top_branches(source: str, flags: int) -> list[str]:
    """``source`` cut at its top-level ``|`` (outside groups and classes), each part a pattern of its own."""
    sre_parse.parse(source, flags)  # a bad pattern fails here, with re's message
    parts, depth, start, index, in_class = [], 0, 0, 0, False
    while index < len(source):
        char = source[index]
        if char == "\\":
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if source[index + 1 : index + 2] == "]":
                index += 1  # "[]…]": the first "]" is a member
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:index])
            start = index + 1
        index += 1
    parts.append(source[start:])
    return parts
