"""Phrase matching shared by the policy detectors (spokesperson, disclosure, attribution, regulated…).

Patterns are written for the *folded* view (lower case, no accents), so "Nous annonçons",
"NOUS ANNONCONS" and "nous annonçons" are one pattern. Built-in patterns are small regular
expressions without nested quantifiers; phrases that come from a policy are escaped literals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick_rs

from charte import normalize, prefilter
from charte.detectors.support.terms import TermPattern
from charte.domain import Span
from charte.policy.model import Policy
from charte.prefilter import Gated

#: An apostrophe as typed on any keyboard: straight, curly, or a space ("l abus").
APOS = "['’ ]"
_RIGHT = r"(?![a-z0-9])"


def gated(pattern: re.Pattern[str] | TermPattern | None) -> Gated | TermPattern | None:
    """``pattern`` behind its :class:`Gated` pre-check (``None`` stays ``None``: nothing to find). Policy
    terms (:class:`~._terms.TermPattern`) are one Aho-Corasick pass already: they need no pre-check."""
    if pattern is None or isinstance(pattern, TermPattern):
        return pattern
    return Gated(pattern)


@dataclass(frozen=True, slots=True)
class Matcher:
    """A handle on a group of fragments registered in a :class:`Phrases` book."""

    ids: frozenset[int]


class Phrases:
    """All the phrase patterns of one detector, behind one Aho-Corasick pre-check.

    Every fragment has substrings of which one must occur in any of its matches. One pass of an
    Aho-Corasick automaton over the text (:meth:`scan`) finds which are present, and only those
    fragments' regular expressions — the slow part — run. Most posts open none.
    """

    def __init__(self) -> None:
        #: Each fragment's right-bounded source, and its compiled form once compiled (``None`` before).
        self.sources: list[str] = []
        self._patterns: list[re.Pattern[str] | None] = []
        self.always: set[int] = set()
        self.gates: dict[str, list[int]] = {}
        self.automaton: ahocorasick_rs.AhoCorasick | None = None
        self.gate_ids: list[tuple[int, ...]] = []
        #: The fragments each substring of the shared pass (prefilter.SHARED) opens, by its id there; ``None``
        #: when the shared pass is full and this book keeps its own automaton.
        self.shared: dict[int, tuple[int, ...]] | None = None

    def words(self, fragments: Iterable[str]) -> Matcher | None:
        """Folded regex fragments, each bounded by non-alphanumerics; ``None`` when there are none.

        A fragment with no pre-check is compiled here; a gated one on the first post that opens its gate
        (:meth:`pattern`): most of the threat book's hundreds never are, in a run or a whole service life.
        Its source is parsed here all the same (to find the gate), so a malformed one fails here."""
        ids = []
        for fragment in dict.fromkeys(p for f in fragments if f for p in _split_top(f) if p):
            index = len(self.sources)
            source, gate = _gated(fragment)
            self.sources.append(source)
            self._patterns.append(None)
            ids.append(index)
            if gate is None:
                self.always.add(index)
                self.pattern(index)
            else:
                for piece in gate:
                    self.gates.setdefault(piece, []).append(index)
        return Matcher(frozenset(ids)) if ids else None

    def pattern(self, index: int) -> re.Pattern[str]:
        """Fragment ``index``'s compiled pattern, compiled on first use (two threads may both compile it:
        the same pattern, harmless)."""
        compiled = self._patterns[index]
        if compiled is None:
            compiled = self._patterns[index] = _compile(self.sources[index])
        return compiled

    def literals(self, phrases: Iterable[str]) -> Matcher | None:
        """Word-bounded user phrases (escaped)."""
        return self.words(literal(p) for p in phrases if p and p.strip())

    def build(self) -> None:
        """Compile the pre-check; call once, after the last :meth:`words`."""
        keys = list(self.gates)
        self.gate_ids = [tuple(self.gates[k]) for k in keys]
        ids = prefilter.SHARED.register(keys) if keys else None
        if ids is not None:
            # One id per key: register gives them back as a set, read each key's own.
            self.shared = dict(zip(prefilter.SHARED.ids_of(keys), self.gate_ids, strict=True))
            self.automaton = None
        else:
            self.shared = None
            self.automaton = ahocorasick_rs.AhoCorasick(keys) if keys else None

    def scan(self, view: normalize.View) -> Scan:
        opened = set(self.always)
        shared = self.shared
        if shared is not None:
            present = prefilter.SHARED.present(view.text)
            # The fewer of the two sides walked: a post holds a few dozen of the shared substrings.
            if len(present) <= len(shared):
                for key in present:
                    found = shared.get(key)
                    if found is not None:
                        opened.update(found)
            else:
                for key, found in shared.items():
                    if key in present:
                        opened.update(found)
        elif self.automaton is not None:
            # Distinct gates first: a post of 100,000 dashes hits the gate "-" 100,000 times.
            for gate in {
                hit[0] for hit in self.automaton.find_matches_as_indexes(view.text, overlapping=True)
            }:
                opened.update(self.gate_ids[gate])
        return Scan(self, view, opened)


class Scan:
    """The matches of one detector's phrases in one view; regexes run only for opened fragments."""

    __slots__ = ("opened", "phrases", "view")

    def __init__(self, phrases: Phrases, view: normalize.View, opened: set[int]) -> None:
        self.phrases = phrases
        self.view = view
        self.opened = opened

    def _raw(self, matcher: Matcher | None) -> list[tuple[int, int]]:
        if matcher is None:
            return []
        found: list[tuple[int, int]] = []
        text = self.view.text
        hits = self.opened.intersection(matcher.ids)
        if not hits:
            return found
        for index in sorted(hits):
            found.extend(_bounded(self.phrases.pattern(index), text))
        if len(found) < 2:
            return found
        # Leftmost-longest, without overlaps, as one alternation would give them.
        found.sort(key=lambda se: (se[0], -se[1]))
        out = [found[0]]
        for start, end in found[1:]:
            if start >= out[-1][1]:
                out.append((start, end))
        return out

    def hit(self, matcher: Matcher | None) -> bool:
        """Whether any of ``matcher``'s fragments passed the pre-check (cheap; may still not match)."""
        return matcher is not None and not self.opened.isdisjoint(matcher.ids)

    def spans(self, matcher: Matcher | None) -> list[Span]:
        """Original-text spans of every match."""
        return [self.view.to_original(s, e) for s, e in self._raw(matcher)]

    def first(self, matcher: Matcher | None) -> Span | None:
        found = self.spans(matcher)
        return found[0] if found else None

    def found(self, matcher: Matcher | None) -> bool:
        if matcher is None:
            return False
        text = self.view.text
        return any(
            next(_bounded(self.phrases.pattern(i), text), None) is not None
            for i in self.opened.intersection(matcher.ids)
        )


# Parsing and compiling a fragment is the slow part of building a book (the threat patterns' hundreds of
# alternatives, each rule's phrases): remembered per process, so the second rule of a policy that uses the
# same detector (two ``spokesperson`` rules, two ``disclosure`` rules) and a policy reloaded by the service
# find them done. Pure functions of the fragment's text; what they return is never changed.
@lru_cache(maxsize=4096)
def _split_top(fragment: str) -> tuple[str, ...]:
    if "|" not in fragment:
        # No alternative to cut at: split_top would only parse it to return it whole. A malformed one is
        # still refused at build, by the parse in _gated.
        return (fragment,)
    return tuple(prefilter.split_top(fragment))


@lru_cache(maxsize=4096)
def _gated(fragment: str) -> tuple[str, frozenset[str] | None]:
    """The fragment's source, right-bounded, and its pre-check (``None``: none selective, always run)."""
    # The left boundary is checked in Python (see Scan): a leading look-behind would stop the regex engine
    # from jumping to the fragment's first characters, and cost ten times more.
    pattern = f"(?:{fragment}){_RIGHT}"
    # What every match of the bounded pattern holds is what every match of the fragment holds (the group
    # adds nothing, the look-ahead requires nothing): the fragment's own reading, which split_top has just
    # made and remembered, gives it. A malformed fragment raises re.error here, as split_top would; one
    # with global inline flags cannot be bounded and fails to compile in words (no gate: compiled at once).
    inline, gate = prefilter.read_part(fragment)
    if inline:
        return pattern, None
    if gate is None or any(prefilter.weight(g) < 2 for g in gate):
        return pattern, None
    return pattern, gate


@lru_cache(maxsize=4096)
def _compile(source: str) -> re.Pattern[str]:
    return re.compile(source)


def _bounded(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Matches of ``pattern`` that do not start inside a word (the left half of a word boundary)."""
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        start, end = m.span()
        if start and (text[start - 1].isascii() and text[start - 1].isalnum()):
            pos = start + 1
            continue
        yield start, end
        pos = end if end > start else start + 1


def literal(phrase: str) -> str:
    """A user-supplied phrase as a folded regex fragment: its words escaped, each run of spaces and
    apostrophes between them matching any run of spaces and apostrophes ("l'abus", "l’abus", "l abus").

    One gap per run, and every word starts and ends with a character the gap cannot match, so the
    fragment never backtracks more than once per gap: linear time on any post, whatever the policy
    writes (``"x ' ' ' y"`` as two adjacent overlapping gaps took seconds on 40 spaces).
    """
    words = _GAP_RUN.split(normalize.folded(phrase).text)
    return _GAP.join(re.escape(w) for w in words if w)


_GAP_RUN = re.compile(r"[\s'’]+")
_GAP = r"[\s'’]+"


def hashtag_or_word(tag: str) -> str:
    """A disclosure tag such as ``#ad`` as a fragment; ``#`` tags must keep their ``#``."""
    body = literal(tag.lstrip("#"))
    return rf"#\s?{body}" if tag.startswith("#") else body


def employer_terms(policy: Policy) -> list[str]:
    """Organisation, brands, products and own domains, as folded regex fragments."""
    names = [literal(n) for n in policy.employer_names() if n.strip()]
    domains = [re.escape(d) for d in policy.organisation.domains]
    return sorted(set(names + domains), key=len, reverse=True)


# Quotations: French guillemets, curly quotes, straight double quotes. Bounded, no nesting. A straight
# quote opens only where a word can start and closes only where one ends: in `the global" crap? … a very
# "liberal" position` the first mark closes a quote whose opening mark is missing, so the words between
# it and the next mark are not a quotation.
_QUOTES = re.compile(
    r"«([^«»]{1,2000})»|“([^“”]{1,2000})”|(?<![\w])\"(?=[^\s\"])([^\"\n]{1,2000})(?<=\S)\"(?![\w])"
    r"|„([^„“”]{1,2000})[“”]"
)


def quotations(text: str, limit: int = 1000) -> list[tuple[Span, Span]]:
    """``(whole, inner)`` spans of the first ``limit`` quotations in ``text``, in order."""
    out: list[tuple[Span, Span]] = []
    for m in _QUOTES.finditer(text):
        if len(out) >= limit:
            break
        group = next(i for i in range(1, 5) if m.group(i) is not None)
        out.append((Span(m.start(), m.end()), Span(m.start(group), m.end(group))))
    return out


def inside(span: Span, ranges: Iterable[Span]) -> bool:
    return any(r.contains(span) for r in ranges)
