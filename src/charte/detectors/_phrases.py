"""Phrase matching shared by the policy detectors (spokesperson, disclosure, attribution, regulated…).

Patterns are written for the *folded* view (lower case, no accents), so "Nous annonçons",
"NOUS ANNONCONS" and "nous annonçons" are one pattern. Built-in patterns are small regular
expressions without nested quantifiers; phrases that come from a policy are escaped literals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from charte.detectors import normalize
from charte.domain import Span
from charte.policy.model import Policy

#: An apostrophe as typed on any keyboard: straight, curly, or a space ("l abus").
APOS = "['’ ]"
_LEFT = r"(?<![a-z0-9])"
_RIGHT = r"(?![a-z0-9])"


def words(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One alternation of folded regex fragments, each bounded by non-alphanumerics."""
    body = "|".join(f"(?:{p})" for p in patterns if p)
    if not body:
        return None
    return re.compile(f"{_LEFT}(?:{body}){_RIGHT}")


def literal(phrase: str) -> str:
    """A user-supplied phrase as a folded regex fragment (escaped; any run of spaces matches)."""
    folded = normalize.folded(phrase).text.strip()
    escaped = re.escape(folded)
    return re.sub(r"(?:\\ )+", r"\\s+", escaped).replace("'", APOS)


def literals(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Word-bounded alternation of user phrases, longest first so the longest match wins."""
    unique = sorted({literal(p) for p in phrases if p and p.strip()}, key=len, reverse=True)
    return words(unique)


def hashtag_or_word(tag: str) -> str:
    """A disclosure tag such as ``#ad`` as a fragment; ``#`` tags must keep their ``#``."""
    body = literal(tag.lstrip("#"))
    return rf"#\s?{body}" if tag.startswith("#") else body


def employer_terms(policy: Policy) -> list[str]:
    """Organisation, brands, products and own domains, as folded regex fragments."""
    names = [literal(n) for n in policy.employer_names() if n.strip()]
    # The folded view reads "@" as a leet "a", so the handle "@Acme" becomes "aacme".
    names += [f"a{n}" for n in names if n[:1].isalpha()]
    domains = [re.escape(d) for d in policy.organisation.domains]
    return sorted(set(names + domains), key=len, reverse=True)


def employer_pattern(policy: Policy) -> re.Pattern[str] | None:
    return words(employer_terms(policy))


def finditer(pattern: re.Pattern[str] | None, view: normalize.View) -> Iterator[Span]:
    """Original-text spans of every match of ``pattern`` in ``view``."""
    if pattern is None:
        return
    for m in pattern.finditer(view.text):
        yield view.to_original(m.start(), m.end())


def first(pattern: re.Pattern[str] | None, view: normalize.View) -> Span | None:
    if pattern is None:
        return None
    m = pattern.search(view.text)
    return view.to_original(m.start(), m.end()) if m else None


# Quotations: French guillemets, curly quotes, straight double quotes. Bounded, no nesting.
_QUOTES = re.compile(r"«([^«»]{1,2000})»|“([^“”]{1,2000})”|\"([^\"\n]{1,2000})\"|„([^„“”]{1,2000})[“”]")


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
