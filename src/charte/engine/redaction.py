"""Confidential terms kept out of the policy document that employees read.

A policy lists confidential terms and code names (``legal.confidential``, and extra ``terms`` on a
``confidential`` rule) so that the check can block them. The rendered document counts them and never lists
them, but a policy owner may still write one elsewhere: a quiet period named after the embargoed deal, a
clause text that says "do not mention Phénix", a routing rule's keywords. The document is a file that gets
printed and forwarded, so every string of it is passed through the same matcher the detector uses (folded,
evasion-proof, Aho-Corasick) and each match is replaced by a visible marker. It lives beside the engine so the
service, the web pages and the command line redact the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any, TypeVar, cast

from charte import normalize
from charte.detectors.support.terms import TermPattern, term_pattern
from charte.i18n import _
from charte.policy.document import PolicyDocument
from charte.policy.model import Policy

T = TypeVar("T")


def confidential_terms(policy: Policy) -> list[str]:
    """Every term the policy protects: its legal list, its code names, and the extra terms of its rules."""
    conf = policy.legal.confidential
    terms = [*conf.terms, *conf.code_names]
    for rule in policy.rules:
        extra = rule.params.get("terms") if rule.detector == "confidential" else None
        if isinstance(extra, list):
            terms += [t for t in extra if isinstance(t, str)]
    return [t for t in terms if t.strip()]


class Redactor:
    """Replaces the policy's confidential terms, however spelled, in any text or document."""

    def __init__(self, terms: Iterable[str]) -> None:
        self._pattern: TermPattern | None = term_pattern(list(terms))

    @classmethod
    def for_policy(cls, policy: Policy) -> Redactor:
        return cls(confidential_terms(policy))

    def redact(self, text: str, marker: str) -> str:
        """``text`` with each confidential term (matched on the folded view) replaced by ``marker``."""
        if self._pattern is None or not text:
            return text
        view = normalize.folded(text)
        spans = [view.to_original(m.start(), m.end()) for m in self._pattern.finditer(view.text)]
        for span in sorted(spans, key=lambda s: s.start, reverse=True):
            text = text[: span.start] + marker + text[span.end :]
        return text

    def document(self, doc: PolicyDocument) -> PolicyDocument:
        """A copy of ``doc`` whose every string is redacted, the marker in the document's language."""
        if self._pattern is None:
            return doc
        marker = _("[confidential]", lang=doc.lang)
        return self._walk(doc, marker)

    def _walk(self, value: T, marker: str) -> T:
        result: Any
        if isinstance(value, str):
            result = self.redact(value, marker)
        elif isinstance(value, tuple):
            result = tuple(self._walk(v, marker) for v in value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: self._walk(getattr(value, f.name), marker) for f in dataclasses.fields(value)}
            result = dataclasses.replace(value, **changes)
        else:
            result = value
        return cast(T, result)
