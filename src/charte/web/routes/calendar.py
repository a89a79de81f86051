"""The publishing calendar: a week or a month of posts per brand account, with where each one stands, and a
retry button on a failed publication for those who may publish it (:mod:`charte.service.calendar`,
:func:`charte.service.drafts.retry_publication`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import groupby
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Path, Query, Request
from starlette.responses import RedirectResponse, Response

from charte.errors import Conflict
from charte.i18n import N_
from charte.service import calendar, drafts
from charte.service.calendar import Entry
from charte.service.permissions import Permission
from charte.web.deps import Requires, StoreDep, ViewerDep, host_state
from charte.web.flash import flash
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import render
from charte.web.words import words
from charte.workers.jobs import JobName

router = APIRouter()
PAGE_SIZE = 50
Publisher = Annotated[Viewer, Requires(Permission.DRAFTS_PUBLISH)]

register_nav(
    NavItem(
        "/calendar",
        N_("Calendar"),
        N_("What goes out when, per account: planned, scheduled, published, and failed posts to retry."),
        (Permission.DRAFTS_WRITE, Permission.DRAFTS_READ_ALL),
        order=40,
    )
)


def _window(start: dt.date | None, view: str, today: dt.date) -> tuple[dt.date, int, dt.date, dt.date]:
    """The first day, the number of days, and the first days of the previous and next windows."""
    day = start or today
    if view == "month":
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        return first, (following - first).days, previous, following
    first = day - dt.timedelta(days=day.weekday())
    return first, 7, first - dt.timedelta(days=7), first + dt.timedelta(days=7)


def _days(entries: Sequence[Entry]) -> list[tuple[dt.date, list[Entry]]]:
    return [
        (day, list(group)) for day, group in groupby(entries, key=lambda e: e.at.astimezone(dt.UTC).date())
    ]


@router.get("/calendar", name="calendar")
def calendar_page(
    request: Request,
    store: StoreDep,
    viewer: ViewerDep,
    start: Annotated[dt.date | None, Query()] = None,
    view: Annotated[Literal["week", "month"], Query()] = "week",
    account: Annotated[int | None, Query(ge=1, le=2**31)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    first, days, previous, following = _window(start, view, dt.datetime.now(dt.UTC).date())
    begin = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    result = calendar.entries(
        store,
        viewer.principal,
        start=begin,
        days=days,
        account_id=account,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    accounts = calendar.accounts(store, viewer.principal)
    keep = {"view": view, **({"account": str(account)} if account else {})}
    return render(
        request,
        "calendar/calendar.html",
        {
            "days": _days(result.items),
            "page": result,
            "number": page,
            "pages": max(1, -(-result.total // PAGE_SIZE)),
            "pager_query": urlencode({"start": first.isoformat(), **keep}),
            "first": first,
            "last": first + dt.timedelta(days=days - 1),
            "view": view,
            "account": account,
            "accounts": accounts,
            "previous_url": "/calendar?" + urlencode({"start": previous.isoformat(), **keep}),
            "next_url": "/calendar?" + urlencode({"start": following.isoformat(), **keep}),
            "words": words(),
        },
        viewer=viewer,
    )


@router.post("/calendar/retry/{draft_id}", name="calendar_retry")
def retry(
    request: Request,
    store: StoreDep,
    viewer: Publisher,
    background: BackgroundTasks,
    draft_id: Annotated[int, Path(ge=1, le=2**31)],
) -> Response:
    back = request.headers.get("referer", "")
    target = back if back.startswith(str(request.base_url)) else "/calendar"
    response = RedirectResponse(target, status_code=303)
    try:
        row = drafts.retry_publication(store, viewer.principal, draft_id)
    except Conflict as exc:
        store.session.rollback()
        flash(request, response, N_("Not retried: {reason}"), kind="error", reason=str(exc))
        return response
    jobs = getattr(host_state(request), "jobs", None)
    if jobs is not None:  # after the commit (the store commits before the answer is sent)
        background.add_task(jobs.enqueue, JobName.PUBLISH, {"publication_id": row.id})
    flash(request, response, N_("Publication of draft {id} queued again."), id=draft_id)
    return response
