"""Which events name the organisation: one Aho-Corasick automaton over its handles, names and keywords.

Matching is case-insensitive (both sides lower-cased) and on substrings: ``acme`` matches ``@acme.bsky.social``
and ``#AcmeSupport``. One automaton pass finds every term at once, whatever the length of the watch list, so
the cost per event does not grow with the number of terms.
"""

from __future__ import annotations

from collections.abc import Iterable

import ahocorasick_rs

from charte.errors import InputError
from charte.listening.text import replace_surrogates


class Watchlist:
    """The terms to look for; ``matches(text)`` says whether any occurs in ``text``."""

    def __init__(self, terms: Iterable[str]) -> None:
        cleaned = sorted({t.strip().lower() for t in terms if t and t.strip()})
        if not cleaned:
            raise InputError("watch: give at least one handle, name or keyword to listen for")
        self.terms: tuple[str, ...] = tuple(cleaned)
        self._automaton = ahocorasick_rs.AhoCorasick(list(self.terms))
        #: Terms with a character JSON may escape as ``\\uXXXX`` (a raw-line pre-filter cannot see those).
        self.has_non_ascii = any(not t.isascii() for t in self.terms)

    def matches(self, text: str) -> bool:
        try:
            return bool(self._automaton.find_matches_as_indexes(text.lower()))
        except UnicodeEncodeError:  # a lone surrogate (from a JSON escape): match on the repaired text
            return bool(self._automaton.find_matches_as_indexes(replace_surrogates(text).lower()))

    def found(self, text: str) -> list[str]:
        """The distinct terms found in ``text``, in the order of the watch list."""
        hits = {
            self.terms[i]
            for i, _, _ in self._automaton.find_matches_as_indexes(text.lower(), overlapping=True)
        }
        return [t for t in self.terms if t in hits]
