"""Confidential information: the policy's terms and code names, and classification markers.

Matching runs on the folded view, so "C0NFIDENTIEL", "c o n f i d e n t i e l" and Cyrillic
look-alikes are caught; spans point back into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from charte import normalize
from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support.phrases import gated
from charte.detectors.support.terms import term_pattern
from charte.domain import Finding, Fix
from charte.policy.model import Policy, Rule

# Classification markers, French and English (folded: lower case, no accents).
MARKERS: dict[str, tuple[str, ...]] = {
    "fr": (
        "confidentiel",
        "strictement confidentiel",
        "usage interne",
        "a usage interne uniquement",
        "diffusion restreinte",
        "ne pas diffuser",
        "document interne",
        "interne uniquement",
        "sous nda",
        "sous embargo",
        "secret professionnel",
        "secret des affaires",
        "note interne",
        "ne pas partager",
        "ne pas transmettre",
        "ne pas faire suivre",
        "a ne pas divulguer",
        "ne pas divulguer",
    ),
    "en": (
        "confidential",
        "strictly confidential",
        "internal only",
        "for internal use",
        "internal use only",
        "do not share",
        "do not distribute",
        "do not forward",
        "restricted distribution",
        "under nda",
        "nda",
        "under embargo",
        "embargoed",
        "company confidential",
        "proprietary and confidential",
        "internal memo",
        "internal document",
        "not for distribution",
        "do not disclose",
    ),
}


class ConfidentialParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: list[str] = []
    """Extra terms on top of ``legal.confidential.terms`` and ``code_names``."""
    markers: bool | None = None
    """Detect classification markers; ``None`` follows ``legal.confidential.markers``."""


def _markers_pattern() -> re.Pattern[str]:
    """The built-in markers as one regex (fixed text, no repeated separators: safe to backtrack on)."""
    folded = sorted({normalize.folded(m).text for ms in MARKERS.values() for m in ms}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"[\s\-_.]*") for p in folded)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


_MARKERS = _markers_pattern()


@register
class ConfidentialDetector(Detector[ConfidentialParams]):
    id = "confidential"
    category = "confidential"

    def __init__(self, rule: Rule, params: ConfidentialParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        legal = policy.legal.confidential
        self.terms = gated(term_pattern([*legal.terms, *legal.code_names, *params.terms]))
        use_markers = legal.markers if params.markers is None else params.markers
        self.markers = gated(_MARKERS) if use_markers else None

    def detect(self, ctx: Context) -> Sequence[Finding]:
        view = ctx.folded
        out = []
        for pattern, entity in ((self.terms, "CONFIDENTIAL_TERM"), (self.markers, "CLASSIFICATION_MARKER")):
            if pattern is None:
                continue
            for m in pattern.finditer(view.text):
                span = view.to_original(m.start(), m.end())
                if entity == "CONFIDENTIAL_TERM":
                    message = ctx._(
                        "“{term}” is a confidential term (code name or internal project) and must not "
                        "be published.",
                        term=ctx.text[span.start : span.end],
                    )
                else:
                    message = ctx._("This post carries a classification marker: the content looks internal.")
                fix = Fix("remove", ctx._("Remove the confidential information."), replacement="", span=span)
                out.append(self.finding(ctx, span, message, entity=entity, fix=fix))
        return out
