"""Negativity towards a target: a negative statement about one of the policy's brands or competitors
(policy clause 4.3, disparagement), not the overall tone of the post.

For each mention of a target (folded view, so "G l o b e x" counts), the clause around it — bounded by
sentence ends and contrast words such as "mais"/"but" — is scored by the sentiment model and checked
against a small FR/EN lexicon of negative words (a negator right before a word cancels it: "pas nul").
"Globex is great but the weather is awful" does not fire; "the weather is great but Globex is a scam"
does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from pydantic import BaseModel, ConfigDict, Field

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import lang_tools
from charte.detectors.support.cues import NEGATIVE_RE, NEGATOR_RE
from charte.domain import Finding, Fix, Span
from charte.policy.model import Policy, Rule

#: At most this many clauses are scored per post (each costs one model call): bounded cost on spam.
MAX_CLAUSES = 20


class NegativityParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    brands: bool = True
    """Watch the organisation's own name and brands."""
    competitors: bool = True
    """Watch the competitors listed in the policy."""
    targets: list[str] = []
    """Extra names to watch (products, partners)."""
    threshold: float = Field(0.75, ge=0.0, le=1.0)
    """Negative probability of the clause above which it is flagged without a lexicon cue."""
    cue_threshold: float = Field(0.35, ge=0.0, le=1.0)
    """Negative probability needed when the clause also contains a negative word."""


@register
class NegativityDetector(Detector[NegativityParams]):
    id = "negativity"
    category = "negativity"

    def __init__(self, rule: Rule, params: NegativityParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        org = policy.organisation
        own = [org.name, *org.brands] if params.brands else []
        self.own = lang_tools.gated_targets(own + params.targets)
        self.rivals = lang_tools.gated_targets(org.competitors) if params.competitors else None

    def _clauses(self, ctx: Context) -> list[tuple[str, int, int, int, int]]:
        """``(kind, start, end, left, right)``: each target mention and its clause, a clause once."""
        key = (self, "clauses")
        if key not in ctx.memo:
            ctx.memo[key] = list(self._find_clauses(ctx))
        clauses: list[tuple[str, int, int, int, int]] = ctx.memo[
            key
        ]  # the memo holds every detector's values
        return clauses

    def _find_clauses(self, ctx: Context) -> Iterator[tuple[str, int, int, int, int]]:
        view = ctx.folded
        done: set[tuple[int, int]] = set()
        bounds = None  # clause breaks, found once and only for a post that names a target
        for pattern, kind in ((self.rivals, "COMPETITOR"), (self.own, "BRAND")):
            if pattern is None:
                continue
            for m in pattern.finditer(view.text):
                if bounds is None:
                    bounds = lang_tools.clause_bounds(view.text)
                left, right = lang_tools.clause_around(view.text, m.start(), m.end(), bounds)
                if (left, right) in done:
                    continue
                if len(done) >= MAX_CLAUSES:
                    break
                done.add((left, right))
                yield kind, m.start(), m.end(), left, right

    def parts_to_score(self, ctx: Context) -> Sequence[str]:
        return [self._clause(ctx, left, right)[1] for _, _, _, left, right in self._clauses(ctx)]

    def detect(self, ctx: Context) -> Sequence[Finding]:
        out: list[Finding] = []
        for kind, start, end, left, right in self._clauses(ctx):
            finding = self._check(ctx, kind, start, end, left, right)
            if finding is not None:
                out.append(finding)
        return out

    def _clause(self, ctx: Context, left: int, right: int) -> tuple[Span, str]:
        """The clause's span in the original text, and the text the model scores for it."""
        span = _strip(ctx.text, ctx.folded.to_original(left, right))
        whole = span == Span(0, len(ctx.text))
        return span, ctx.text if whole else ctx.text[span.start : span.end]

    def _check(self, ctx: Context, kind: str, start: int, end: int, left: int, right: int) -> Finding | None:
        view = ctx.folded
        clause_view = view.text[left:right]
        cue = None
        for c in NEGATIVE_RE.finditer(clause_view):
            if not NEGATOR_RE.search(clause_view[: c.start()]):
                cue = c
                break
        span, clause = self._clause(ctx, left, right)
        scores = lang_tools.score(ctx, clause)
        p_neg = float(scores.get("sentiment", {}).get("negative", 0.0))
        has_model = "sentiment" in scores
        if not (
            p_neg >= self.params.threshold
            or (cue is not None and (p_neg >= self.params.cue_threshold or not has_model))
        ):
            return None
        target_span = view.to_original(start, end)
        name = ctx.text[target_span.start : target_span.end]
        if kind == "COMPETITOR":
            message = ctx._(
                "Negative statement about the competitor “{name}”: disparaging a competitor exposes "
                "the company to unfair-competition claims.",
                name=name,
            )
        else:
            message = ctx._(
                "Negative statement about “{name}”: criticism of the company belongs in internal "
                "channels, not in public posts.",
                name=name,
            )
        return self.finding(
            ctx,
            span,
            message,
            entity=kind,
            score=round(max(p_neg, 0.5 if cue else 0.0), 4),
            fix=Fix(
                "rephrase", ctx._("Rephrase factually, or talk about your own offer instead."), span=span
            ),
        )


def _strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and (text[start].isspace() or text[start] in ",;:-"):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
