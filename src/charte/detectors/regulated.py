"""Regulated industries: rule packs chosen by the policy's industry, each finding citing its rule.

Packs (rules in ``support/packs.py``): ``finance`` (promissory returns, performance without the risk
warning, unbalanced claims, unregistered crypto promotion), ``health`` (cure claims, patient
information), ``alcohol`` (loi Évin), ``public-sector`` (duty of restraint), ``pharma`` (off-label,
unbalanced and safety claims). The packs in force are ``organisation.industry``, plus
``legal.regulated_packs``, plus the rule's own ``packs``; ``rules`` / ``exclude`` narrow them to
some pack rules, so one policy rule can block promises while another only reviews warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import phrases as ph
from charte.detectors.support.packs import PACK_RULES, PACKS, RULE_IDS, PackRule
from charte.domain import Finding, Fix, Span
from charte.policy.model import Policy, Rule


def _known_pack(name: str) -> str:
    if name not in PACKS:
        raise ValueError(f"unknown industry pack {name!r}; the packs are {', '.join(PACKS)}")
    return name


def _known_rule(name: str) -> str:
    if name not in RULE_IDS:
        raise ValueError(f"unknown pack rule {name!r}; the pack rules are {', '.join(RULE_IDS)}")
    return name


PackName = Annotated[str, AfterValidator(_known_pack)]
PackRuleId = Annotated[str, AfterValidator(_known_rule)]


class RegulatedParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    packs: list[PackName] = []
    """Packs to apply on top of the policy's industry and ``legal.regulated_packs``."""
    industry: bool = True
    """Apply the pack of ``organisation.industry`` (when it has one); ``false`` also leaves it out of
    ``legal.regulated_packs`` (the sector's own rules apply it)."""
    regulated_packs: bool = True
    """Apply the packs listed in ``legal.regulated_packs``."""
    rules: list[PackRuleId] = []
    """Apply only these pack rules (e.g. ``FINANCE_GUARANTEED_RETURN``); empty: every rule of the packs."""
    exclude: list[PackRuleId] = []
    """Pack rules to leave out."""


@dataclass(frozen=True)
class _Compiled:
    rule: PackRule
    claims: ph.Matcher
    context: ph.Matcher | None
    unless: ph.Matcher | None


def _compile(rule: PackRule, org: str, book: ph.Phrases) -> _Compiled:
    def sub(patterns: tuple[str, ...]) -> ph.Matcher | None:
        return book.words(p.replace("{org}", org) for p in patterns)

    claims = sub(rule.claims)
    assert claims is not None
    return _Compiled(rule, claims, sub(rule.context), sub(rule.unless))


def selected_packs(params: RegulatedParams, policy: Policy) -> list[str]:
    """The packs this rule applies. ``industry: false`` leaves the organisation's own pack out even when
    ``legal.regulated_packs`` lists it too: a rule saying so (the starters' ``regulated.other-packs``) is
    the catch-all for *other* industries, the sector's own rules already apply that pack, and applying
    it twice reported every sector finding twice."""
    chosen = list(params.packs)
    if params.industry:
        chosen.append(policy.organisation.industry)
    if params.regulated_packs:
        own = policy.organisation.industry
        chosen += [p for p in policy.legal.regulated_packs if params.industry or p != own]
    return sorted({p for p in chosen if p in PACKS})


@register
class RegulatedDetector(Detector[RegulatedParams]):
    id = "regulated"
    category = "regulated"

    def __init__(self, rule: Rule, params: RegulatedParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        packs = selected_packs(params, policy)
        org = "|".join(ph.employer_terms(policy)) or "(?!x)x"
        self.book = ph.Phrases()
        self.rules = [
            _compile(r, org, self.book)
            for r in PACK_RULES
            if r.pack in packs and (not params.rules or r.id in params.rules) and r.id not in params.exclude
        ]
        self.packs = packs
        self.book.build()

    def detect(self, ctx: Context) -> Sequence[Finding]:
        if not self.rules:
            return ()
        scan = self.book.scan(ctx.folded)
        out: list[Finding] = []
        if not scan.opened:
            return out
        for c in self.rules:
            if not scan.hit(c.claims):
                continue
            spans = scan.spans(c.claims)
            if not spans:
                continue
            if c.context is not None and not scan.found(c.context):
                continue
            if scan.found(c.unless):
                continue
            for span in spans[:1] if c.rule.once else spans:
                out.append(self._finding(ctx, c.rule, span))
        return out

    def _finding(self, ctx: Context, rule: PackRule, span: Span) -> Finding:
        words = ctx.text[span.start : span.end]
        message = ctx._(
            "“{words}” {what} — {regulation}. [{rule}]",
            words=words,
            what=ctx._(rule.what),
            regulation=ctx._(rule.regulation),
            rule=rule.id,
        )
        if rule.fix is not None:
            text = ctx._(rule.fix)
            end = len(ctx.text.rstrip())
            fix = Fix(
                "add_disclaimer",
                ctx._("Add “{text}”.", text=text),
                replacement=" " + text,
                span=Span(end, end),
            )
        else:
            fix = Fix(
                "rephrase", ctx._("Rephrase or remove this claim; ask compliance if in doubt."), span=span
            )
        return self.finding(ctx, span, message, entity=rule.id, fix=fix)
