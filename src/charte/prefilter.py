"""A pre-check for regular expressions: the substrings every match must contain, found in one Aho-Corasick pass.

Most posts hold none of them, and then the regex (or RE2, whose Python wrapper costs ~10 µs a call) is not
run at all. Derived from the pattern itself by the standard library's parser, so a pattern and its
pre-check never disagree. Used by the detectors' phrase patterns, the models' word lists and the listening
layer's intent cues (:class:`AnyOf`, case-insensitive) alike, hence its place below all three.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import ahocorasick_rs

# The standard library's own regex parser, used only to derive the pre-check. Private modules: typeshed does
# not describe them, hence the two ignores.
try:
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another Python: every fragment then runs without pre-check
    _c = _parser = None

_REPEATS = (
    ()
    if _c is None
    else tuple(
        getattr(_c, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_c, name)
    )
)


def required_in(pattern: str) -> frozenset[str] | None:
    """:func:`required` of the pattern's source (None: this Python has no parser to read it with)."""
    return required(_parser.parse(pattern)) if _parser is not None else None


def read_part(pattern: str) -> tuple[bool, frozenset[str] | None]:
    """Whether ``pattern`` sets inline flags for the whole of itself (``(?i)…``: it cannot be put inside a
    group), and :func:`required` of it (None: none found, or no parser). A malformed pattern raises
    :class:`re.error`, with re's message. Remembered with :func:`split_top`'s check of each part, so a part
    just split off is not parsed again."""
    if _parser is None:
        return False, None
    inline, gate = _read(pattern, 0)
    return inline != _read("", 0)[0], gate


@lru_cache(maxsize=4096)
def _read(pattern: str, flags: int) -> tuple[int, frozenset[str] | None]:
    """The inline flags and :func:`required` of the parsed ``pattern`` (a tree of a long part weighs tens of
    kilobytes: only these are kept). ``flags`` is always passed, positionally: the cache is keyed on the
    arguments as written."""
    parsed = _parser.parse(pattern, flags)
    try:
        gate = required(parsed)
    except (TypeError, ValueError, IndexError, AttributeError):  # unusual: no pre-check
        gate = None
    return parsed.state.flags, gate


def required(
    items: Iterable[tuple[Any, Any]],
    fold: Callable[[str], str] | None = None,
    rank: Callable[[str], int] | None = None,
    least: int = 0,
) -> frozenset[str] | None:
    """Substrings of which one must occur in any match of the parsed sequence ``items`` (None: unknown).

    A necessary condition only: literal runs that every match must contain, alternatives through
    branches. Used as a cheap ``in`` test before running the regular expression. ``fold``: the literals as a
    case-insensitive pattern compares them (:class:`AnyOf`); without it they are compared as written, and a
    part under a local ``(?i:…)`` requires nothing (its literals could match in another case).

    Of the sets found, the most selective is kept: the highest ``rank`` of its least selective literal
    (:func:`weight` by default), then the fewest literals. A set whose least literal ranks below ``least`` is
    dropped at every level, so that a sharper one found beside it is kept instead.
    """
    score = rank or weight
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def keep(found: frozenset[str] | None) -> None:
        if found and min(map(score, found)) >= least:
            candidates.append(found)

    def flush() -> None:
        if run:
            joined = "".join(run)
            keep(frozenset([fold(joined) if fold is not None else joined]))
            run.clear()

    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg))
            continue
        flush()
        if op is _c.SUBPATTERN:
            adds_case = fold is None and arg[1] & re.IGNORECASE
            found = None if adds_case else required(arg[-1], fold, rank, least)
        elif op is _c.BRANCH:
            parts = [required(branch, fold, rank, least) for branch in arg[1]]
            known = [p for p in parts if p is not None]
            found = frozenset[str]().union(*known) if len(known) == len(parts) else None
        elif op in _REPEATS and arg[0] >= 1:
            found = required(arg[2], fold, rank, least)
        else:
            found = None  # classes, anchors, look-arounds, optional parts: no literal required
        keep(found)
    flush()
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(score, c)), -len(c)))


@lru_cache(maxsize=8192)
def weight(piece: str) -> int:
    """How selective a required substring is: its letters, but a symbol such as "%" or "«" is rare."""
    if not any(ch.isalnum() or ch.isspace() for ch in piece):
        return 4
    return sum(not ch.isspace() for ch in piece)  # " to " is as common as "to"


def split_top(fragment: str, flags: int = 0) -> list[str]:
    """``a|b(c|d)`` → ``["a", "b(c|d)"]``: each alternative gets its own, sharper pre-check.

    The cut is made in the source text, outside groups and character classes (``[|]``, ``[]|]``, ``[^]|]``,
    ``[\\]|]`` hold no alternative). Where the parts would not mean together what the whole means — a pattern
    whose inline flags (``(?i)``, ``(?x)``…) apply to every part, or a part that is no pattern of its own —
    the fragment is kept whole. A bad fragment raises :class:`re.error` here when the parser is available."""
    parts = _cut(fragment)
    if _parser is None:
        return parts
    base = _read("", flags)[0]
    if len(parts) > 1 and "(?P<" not in fragment:
        # Parts that are patterns of their own, none with global flags and no group named twice: their
        # alternation is a valid pattern without global flags, so the whole — as long as all its parts
        # together, the threat patterns run to thousands of characters — need not be parsed to check it.
        try:
            if all(_read(part, flags)[0] == base for part in parts):
                return parts
        except re.error:
            pass
    whole = _parser.parse(fragment, flags)  # a bad pattern fails here, with re's message
    if whole.state.flags != base:
        return [fragment]  # global inline flags: they would stay with the first part only
    if len(parts) > 1:
        try:
            for part in parts:
                _read(part, flags)
        except re.error:
            return [fragment]
    return parts


def _cut(fragment: str) -> list[str]:
    """``fragment`` cut at each ``|`` outside groups and character classes."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(fragment):
        ch = fragment[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = _class_end(fragment, i)
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


def _class_end(fragment: str, start: int) -> int:
    """The index after the character class opened at ``start`` (its first ``]``, or one after ``[^``, is a
    member; escapes inside it are skipped)."""
    i = start + 1
    if fragment.startswith("^", i):
        i += 1
    if fragment.startswith("]", i):
        i += 1
    while i < len(fragment):
        if fragment[i] == "\\":
            i += 2
            continue
        if fragment[i] == "]":
            return i + 1
        i += 1
    return len(fragment)


#: The shared pass's automaton, how many substrings it holds, and the answers it gave for the last texts.
_State = tuple[ahocorasick_rs.AhoCorasick | None, int, dict[str, frozenset[int]]]


class SharedScan:
    """One Aho-Corasick pass over a text for the pre-checks of every pattern registered, instead of one pass
    per pattern: a post is read by a few dozen gated patterns (the word lists, the phrase books of each
    detector, the threat and leak cues), most of them over the same two or three views of it.

    Each pattern registers the substrings one of which its matches contain (:meth:`register`, at start-up or
    when a policy is compiled); :meth:`present` gives the ids of the registered substrings that occur in a
    text, remembered for the last texts read. A substring occurs in the text exactly when a pattern's own
    automaton over it would have found a match, so the answers are those of separate passes.
    """

    #: Most distinct substrings shared: beyond, a new pattern keeps its own automaton (a service compiling
    #: policy after policy with new phrases cannot grow the shared one without bound).
    MAX_KEYS = 200_000
    #: Texts whose answer is remembered (the views of the post being checked).
    MAX_TEXTS = 32

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}
        self._lock = threading.Lock()
        #: (automaton, number of substrings in it, remembered answers): replaced whole, never changed in place
        #: but for the answers, so a reader always sees an automaton and answers that go together.
        self._state: _State = (None, 0, {})

    def register(self, keys: Iterable[str]) -> frozenset[int] | None:
        """The ids of ``keys`` in the shared pass (``None``: it is full, keep an automaton of your own)."""
        wanted = list(dict.fromkeys(keys))
        with self._lock:
            new = [k for k in wanted if k not in self._ids]
            if len(self._ids) + len(new) > self.MAX_KEYS:
                return None
            for key in new:
                self._ids[key] = len(self._ids)
            return frozenset(self._ids[k] for k in wanted)

    def ids_of(self, keys: Iterable[str]) -> list[int]:
        """The id of each of ``keys``, in order (each one registered before)."""
        with self._lock:
            return [self._ids[k] for k in keys]

    def present(self, text: str) -> frozenset[int]:
        """The ids of the registered substrings that occur in ``text``; raises what the automaton raises on
        a text it cannot read (a lone surrogate), as a pattern's own automaton would."""
        automaton, size, seen = self._state
        if size != len(self._ids):
            automaton, size, seen = self._rebuild()
        else:
            found = seen.get(text)
            if found is not None:
                return found
        if automaton is None:
            return frozenset()
        found = frozenset([hit[0] for hit in automaton.find_matches_as_indexes(text, overlapping=True)])
        if len(seen) >= self.MAX_TEXTS:
            seen.clear()
        seen[text] = found
        return found

    def _rebuild(self) -> _State:
        with self._lock:
            keys = list(self._ids)  # in id order: an id is the key's index in the automaton
        state: _State = (ahocorasick_rs.AhoCorasick(keys) if keys else None, len(keys), {})
        self._state = state
        return state


#: The pass every gated pattern of the process shares.
SHARED = SharedScan()


class Gate:
    """The pre-check of one pattern: whether a text holds one of the substrings every match contains, read
    from the shared pass (:data:`SHARED`), or from an automaton of its own when that one is full."""

    __slots__ = ("_ids", "_own", "keys")

    def __init__(self, keys: Iterable[str]) -> None:
        self.keys = frozenset(keys)
        self._ids = SHARED.register(sorted(self.keys))
        self._own = ahocorasick_rs.AhoCorasick(sorted(self.keys)) if self._ids is None else None

    def passes(self, text: str) -> bool:
        """Whether ``text`` holds one of the substrings (raises on a lone surrogate, as an automaton does)."""
        ids = self._ids
        if ids is None:
            assert self._own is not None  # built when the shared pass had no room
            return bool(self._own.find_matches_as_indexes(text))
        return not SHARED.present(text).isdisjoint(ids)


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
        self.automaton = Gate(gate) if useful and gate else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.automaton is not None and not self.automaton.passes(text):
            return iter(())
        return self.pattern.finditer(text)


def automaton(pattern: str) -> Gate | None:
    """The pre-check (:class:`Gate`) of the substrings every match of ``pattern`` contains (as
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
    return Gate(gate)


# -- many case-insensitive patterns at once (the listening layer's intent cues) -----------------------------------
#: The fewest characters a literal of :class:`AnyOf` needs: shorter ones occur in most texts, so testing them
#: first saves nothing (a part with none longer is always searched). Ranked by length, spaces included:
#: ``" my "`` and ``"no "`` are sharper among mentions than ``"los"`` or a lone ``"#"``.
MIN_LITERAL = 3


#: Where a character that ``re.IGNORECASE`` matches to a given one can be: in the same plane (Unicode's case
#: pairs never cross planes), so the BMP for a BMP member, plane 1 (Deseret, Osage, Adlam…) for another.
@lru_cache(maxsize=2)
def _plane(astral: bool) -> str:
    if astral:
        return "".join(map(chr, range(0x10000, 0x20000)))
    return "".join(chr(code) for code in range(128, 0x10000) if not 0xD800 <= code < 0xE000)


@lru_cache(maxsize=64)
def _case_classes(members: frozenset[str]) -> tuple[dict[str, str], dict[int, str]]:
    """For the characters ``members`` of case-insensitive literals: each one's canonical form, the same for every
    character ``re.IGNORECASE`` matches to it (a lower-case one: ``k`` for K and the Kelvin sign, ``s`` for S and
    the long s, ``i`` for I, the dotted capital I and the dotless i, ``ς`` for Σ and σ), and the table that maps
    every character of the text whose ``str.lower`` is not its canonical form (the dotted capital I, whose lower
    case is two characters; σ; the long s…) to it. With both, a text the pattern matches holds the folded literal
    in its folded form: one character of a literal matches one of the text exactly when their forms are equal."""
    ordered = "".join(sorted(members))
    universe = _plane(False) + (_plane(True) if any(ord(m) >= 0x10000 for m in ordered) else "")
    found = set(re.findall(f"[{re.escape(ordered)}]", universe, re.IGNORECASE)) | set(members)
    canon: dict[str, str] = {}
    table: dict[int, str] = {}
    for member in ordered:
        if member in canon:
            continue
        same = [t for t in found if re.fullmatch(re.escape(member), t, re.IGNORECASE)] or [member]
        stable = [t for t in same if t.lower() == t]
        form = min(stable or same)
        for t in same:
            canon[t] = form
            if t.lower() != form:
                table[ord(t)] = form
    return {m: canon[m] for m in members}, table


class AnyOf:
    """Whether any of many (by default case-insensitive) regular expressions matches a text, without trying them
    all everywhere.

    Python's ``re`` has no prefilter: one alternation of thirty word-bounded phrases (the intent cues,
    ``charte.listening.intent``) is tried branch by branch at every position of the text, about 0.1 ms a post.
    Each pattern is cut at its top-level ``|`` (:func:`split_top`) and each part keeps, from its syntax tree
    (:func:`required`), the literals one of which every match contains (``\\bstill (?:waiting|no\\b)`` →
    ``"still "``). One Aho-Corasick pass over the folded text says which literals occur; only the parts one of
    whose literals occurs are searched, and a part with no selective literal (:data:`MIN_LITERAL`) always is.
    ``AnyOf(patterns).search(text)`` is true exactly when ``re.compile("|".join(patterns), re.IGNORECASE)``
    finds a match: an alternation matches somewhere when one of its branches does, and the literals are only a
    necessary condition.

    Case: literals and text are folded alike, to one form per set of characters ``re.IGNORECASE`` matches to
    each other (:func:`_case_classes`), so a literal absent from the folded text cannot be matched.
    """

    def __init__(self, patterns: Sequence[str], flags: int = re.IGNORECASE) -> None:
        self.patterns: list[re.Pattern[str]] = []
        always: list[int] = []
        found: list[frozenset[str] | None] = []
        for source in patterns:
            for part in split_top(source, flags):
                self.patterns.append(re.compile(part, flags))
                found.append(_literals(part, flags))
        members = frozenset("".join(lit for f in found if f for lit in f))
        self._canon, self._table = _case_classes(members)
        literals: dict[str, list[int]] = {}
        for index, gate in enumerate(found):
            if gate is None:
                always.append(index)
                continue
            for literal in gate:
                key = "".join(self._canon[ch] for ch in literal)
                literals.setdefault(key, []).append(index)
        self._always = tuple(always)
        self._keys = list(literals)
        self._owners = [tuple(literals[k]) for k in self._keys]
        self._automaton = ahocorasick_rs.AhoCorasick(self._keys) if self._keys else None

    def fold(self, text: str) -> str:
        """``text`` as the literals are kept: characters whose lower case is not their canonical form mapped,
        then lower case (an ASCII text needs only the latter)."""
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


def _literals(part: str, flags: int) -> frozenset[str] | None:
    """The selective literals of one part, lower-cased character by character (``str.lower`` of a whole run
    would write a final sigma, or two characters for the dotted capital I); None: none usable."""
    if _parser is None:
        return None
    return required(_parser.parse(part, flags), _lower_each, len, MIN_LITERAL)


def _lower_each(run: str) -> str:
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in run)
