"""The dashboard: posts checked, verdicts by clause over time, approval lead time, top findings, as charts
drawn on the server (:mod:`charte.web.charts`) with the same numbers in tables. The figures are
:func:`charte.service.dashboard.build`'s; this module only lays them out in the reader's language."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from babel import dates
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from charte.i18n import N_, gettext, ngettext
from charte.service import dashboard
from charte.service.errors import Invalid
from charte.service.permissions import Permission
from charte.web.charts import Chart, bar_chart, hbar_chart, line_chart
from charte.web.deps import Requires, StoreDep
from charte.web.language import request_lang
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import babel_locale, render

router = APIRouter()
register_nav(
    NavItem(
        "/dashboard",
        N_("Dashboard"),
        N_("Posts checked, verdicts by clause, approval lead time and the most frequent findings."),
        needs=(Permission.METRICS_READ,),
        order=45,
    )
)
Reader = Annotated[Viewer, Requires(Permission.METRICS_READ)]
SHOWN_CLAUSES = 5


def day_cache(request: Request) -> dashboard.DayCache:
    cache: dashboard.DayCache = request.app.state.metrics_days
    return cache


def charts(board: dashboard.Dashboard, lang: str) -> list[Chart]:
    locale = babel_locale(lang)
    fmt = "d MMM" if board.granularity == "day" else "'S'w d MMM" if lang == "fr" else "'W'w d MMM"
    labels = [dates.format_date(b, fmt, locale=locale) for b in board.buckets]
    first = gettext("Day") if board.granularity == "day" else gettext("Week of")
    verdicts = {s.key: s.total for s in board.checks}
    checked = bar_chart(
        "chart-checks",
        gettext("Posts checked"),
        gettext(
            "{total} checks: {allow} allowed, {review} to review, {block} blocked.",
            total=board.total_checks,
            allow=verdicts.get("allow", 0),
            review=verdicts.get("review", 0),
            block=verdicts.get("block", 0),
        ),
        labels,
        [(s.label, list(s.values)) for s in board.checks],
        first_column=first,
    )
    shown = board.clauses[:SHOWN_CLAUSES]
    clauses = line_chart(
        "chart-clauses",
        gettext("Findings by clause"),
        gettext("Checks that found a breach of each clause, for the {n} clauses breached most.", n=len(shown))
        if shown
        else gettext("No clause was breached in this period."),
        labels,
        [(s.label, list(s.values)) for s in shown],
        first_column=first,
    )
    lead = board.lead_time
    lead_chart = bar_chart(
        "chart-lead",
        gettext("Approval lead time (median, hours)"),
        gettext(
            "{n} posts approved; median {median} h, 90th percentile {p90} h.",
            n=lead.approved,
            median=_hours(lead.median_hours),
            p90=_hours(lead.p90_hours),
        )
        if lead.approved
        else gettext("No post was approved in this period."),
        labels,
        [(gettext("median hours"), [None if v is None else round(v, 1) for v in lead.by_bucket])],
        first_column=first,
        whole=False,
    )
    top = hbar_chart(
        "chart-top",
        gettext("Top findings"),
        ngettext(
            "{n} rule, the one that fired most often.",
            "{n} rules, those that fired most often.",
            len(board.top_findings),
            n=len(board.top_findings),
        ),
        [f"{t.rule_id} ({t.clause} {t.clause_title})".replace(" ()", "") for t in board.top_findings],
        [t.count for t in board.top_findings],
        first_column=gettext("Rule (clause)"),
        value_column=gettext("Checks"),
    )
    return [checked, clauses, lead_chart, top]


def _hours(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


@router.get("/dashboard", name="dashboard")
def dashboard_page(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
) -> Response:
    errors: dict[str, str] = {}
    start = _date(since, "since", errors)
    end = _date(until, "until", errors)
    lang = request_lang(request)
    board = None
    if not errors:
        try:
            inclusive_end = end + dt.timedelta(days=1) if end else None
            board = dashboard.build(
                store, viewer.principal, start, inclusive_end, lang=lang, cache=day_cache(request)
            )
        except Invalid as exc:
            errors = {e.field: e.message for e in exc.errors}
    if board is None:
        board = dashboard.build(store, viewer.principal, lang=lang, cache=day_cache(request))
    context = {
        "board": board,
        "charts": charts(board, lang),
        "since": since or board.since.isoformat(),
        "until": until or (board.until - dt.timedelta(days=1)).isoformat(),
        "last_day": board.until - dt.timedelta(days=1),
        "errors": errors,
    }
    return render(request, "dashboard/index.html", context, viewer=viewer, status=422 if errors else 200)


def _date(value: str, field: str, errors: dict[str, str]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        errors[field] = gettext("Write a date as YYYY-MM-DD.")
        return None
