"""Quiet periods: topics (results, revenue, a deal…) blocked between two dates of the policy.

Each window of ``legal.quiet_periods`` is active from ``start`` to ``end`` inclusive, judged on
``ctx.today``. A topic is matched on the folded view as a whole word or phrase; with ``synonyms``
on, a topic that belongs to a built-in group (results / résultats / earnings…) brings the whole
group, French and English, so "chiffre d'affaires" in the policy also catches "revenue" and "CA".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from charte import normalize
from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import phrases as ph
from charte.domain import Finding, Fix
from charte.policy.model import Policy, Rule

#: Groups of interchangeable topics (folded). A policy topic equal to any member brings the group.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    (
        "resultats",
        "resultat",
        "resultats trimestriels",
        "resultats annuels",
        "resultats semestriels",
        "results",
        "earnings",
        "quarterly results",
        "annual results",
        "full-year results",
        "half-year results",
        "resultats du trimestre",
        "q1",
        "q2",
        "q3",
        "q4",
    ),
    ("chiffre d'affaires", "ventes", "revenue", "revenues", "sales", "turnover", "top line"),
    (
        "benefice",
        "benefices",
        "marge",
        "marges",
        "ebitda",
        "ebit",
        "resultat net",
        "resultat operationnel",
        "profit",
        "profits",
        "margin",
        "margins",
        "net income",
        "operating income",
        "eps",
        "bpa",
    ),
    (
        "guidance",
        "previsions",
        "prevision",
        "objectifs financiers",
        "outlook",
        "forecast",
        "forecasts",
        "projections",
    ),
    (
        "acquisition",
        "acquisitions",
        "rachat",
        "rachete",
        "racheter",
        "fusion",
        "fusions",
        "opa",
        "ope",
        "deal",
        "merger",
        "mergers",
        "takeover",
        "buyout",
        "m&a",
        "cession",
        "divestiture",
        "rapprochement",
    ),
    ("dividende", "dividendes", "dividend", "dividends", "rachat d'actions", "share buyback", "buyback"),
    ("introduction en bourse", "ipo", "cotation", "listing", "going public"),
)


#: A blocked group brings these along: before results, profit, guidance and dividend are results too.
RELATED: dict[int, tuple[int, ...]] = {0: (2, 3, 5)}


class QuietPeriodParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    synonyms: bool = True
    """Extend each topic with its built-in French/English synonyms."""
    extra_topics: list[str] = []
    """Topics blocked in every quiet period on top of each period's own ``topics``."""
    ignore: list[str] = []
    """Phrases inside which a topic does not count: the mandatory warnings that name one ("Past performance
    is not a reliable indicator of future results" must not break the quiet period it is required in)."""


@dataclass(frozen=True)
class _Window:
    name: str
    start: dt.date
    end: dt.date
    matcher: ph.Matcher


def expand(topics: list[str], synonyms: bool) -> list[str]:
    """The topics, plus the groups they belong to when ``synonyms`` is on."""
    out = list(topics)
    if synonyms:
        folded = {normalize.folded(t).text.strip() for t in topics}
        chosen = {i for i, group in enumerate(SYNONYMS) if folded & set(group)}
        chosen |= {r for i in chosen for r in RELATED.get(i, ())}
        for i in sorted(chosen):
            out.extend(SYNONYMS[i])
    return out


@register
class QuietPeriodDetector(Detector[QuietPeriodParams]):
    id = "quiet_period"
    category = "confidential"

    def __init__(self, rule: Rule, params: QuietPeriodParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        self.book = ph.Phrases()
        self.windows = []
        for period in policy.legal.quiet_periods:
            matcher = self.book.literals(expand([*period.topics, *params.extra_topics], params.synonyms))
            if matcher is not None:
                self.windows.append(_Window(period.name, period.start, period.end, matcher))
        self.ignored = self.book.literals(params.ignore)
        self.book.build()

    def detect(self, ctx: Context) -> Sequence[Finding]:
        out: list[Finding] = []
        active = [w for w in self.windows if w.start <= ctx.today <= w.end]
        if not active:
            return out
        scan = self.book.scan(ctx.folded)
        ignored = scan.spans(self.ignored)
        for w in active:
            for span in scan.spans(w.matcher):
                if ph.inside(span, ignored):
                    continue
                words = ctx.text[span.start : span.end]
                message = ctx._(
                    "“{words}” is a blocked topic during the quiet period “{period}” "
                    "(until {until:%Y-%m-%d}).",
                    words=words,
                    period=w.name,
                    until=w.end,
                )
                fix = Fix(
                    "remove",
                    ctx._("Wait until after {until:%Y-%m-%d} to talk about it.", until=w.end),
                    replacement="",
                    span=span,
                )
                out.append(self.finding(ctx, span, message, entity="QUIET_PERIOD_TOPIC", fix=fix))
        return out
