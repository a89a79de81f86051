"""Crisis mode in the browser: the active crisis with its paused posts and the end form (a decision per post, or
one for all), the declare form, past crises and their reports (:mod:`charte.service.crisis`). Who may declare and
end is the policy's ``crisis.declare_roles``; the service refuses the others, the page only hides the forms."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_, gettext
from charte.service import crisis, crisis_report
from charte.service.errors import FieldError, Invalid
from charte.service.permissions import Permission
from charte.web.deps import Requires, StoreDep
from charte.web.flash import flash
from charte.web.language import request_lang
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
register_nav(
    NavItem(
        "/crisis",
        N_("Crisis"),
        N_(
            "Declare a crisis (scheduled posts paused, approvals to the crisis team), end it, read its report."
        ),
        needs=(Permission.CRISIS,),
        order=67,
    )
)
Member = Annotated[Viewer, Requires(Permission.CRISIS)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _page(
    request: Request,
    store: StoreDep,
    viewer: Viewer,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
    alert: int | None = None,
) -> Response:
    actor = viewer.principal
    manage = crisis.may_manage(store, actor)
    readable = manage or actor.can(Permission.AUDIT_READ)
    active = crisis.active(store, actor.org_id)
    team = store.teams.by_key(actor.org_id, active.team) if active is not None and active.team else None
    values = {
        "active": active,
        "team_name": team.name if team is not None else (active.team if active is not None else None),
        "manage": manage,
        "paused": crisis.paused_posts(store, actor, active) if active is not None and readable else [],
        "past": crisis.history(store, actor, limit=50, offset=0).items if readable else [],
        "accounts": store.safety.organisation_accounts(actor.org_id) if manage else [],
        "errors": errors or {},
        "alert": alert,  # the spike alert whose proposal the declare form confirms
    }
    return render(request, "crisis/index.html", values, viewer=viewer, status=status)


@router.get("/crisis", name="crisis")
def crisis_page(
    request: Request,
    store: StoreDep,
    viewer: Member,
    alert: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> Response:
    return _page(request, store, viewer, alert=alert)


def _errors(exc: Invalid) -> dict[str, str]:
    return {e.field.split("[")[0]: e.message for e in exc.errors}


@router.post("/crisis")
def declare(
    request: Request,
    store: StoreDep,
    viewer: Member,
    summary: Annotated[str, Form(max_length=2000)] = "",
    account_ids: Annotated[list[int], Form()] = [],  # noqa: B006 (FastAPI copies the default)
    alert_id: Annotated[int | None, Form(ge=1, le=2_147_483_647)] = None,
) -> Response:
    try:
        row = crisis.declare(
            store, viewer.principal, summary=summary, account_ids=account_ids, alert_id=alert_id
        )
    except Invalid as exc:
        return _page(request, store, viewer, errors=_errors(exc), status=422, alert=alert_id)
    response = RedirectResponse("/crisis", status_code=303)
    flash(request, response, N_("Crisis declared: {n} scheduled posts paused."), n=row.paused_count)
    return response


def _decisions(ids: list[int], choices: list[str], times: list[str]) -> list[crisis.Decision]:
    """One decision per row the person chose something for (``""``: left to the choice for all)."""
    out = []
    for i, (ident, choice) in enumerate(zip(ids, choices, strict=False)):
        if not choice:
            continue
        when = None
        raw = times[i].strip() if i < len(times) else ""
        if choice == "reschedule":
            try:
                when = dt.datetime.fromisoformat(raw)
            except ValueError:
                raise Invalid(
                    [FieldError("decisions", gettext("Give a date and time, e.g. 2026-12-24 09:30."))]
                ) from None
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)  # the field says UTC
        out.append(crisis.Decision(ident, choice, when))
    return out


@router.post("/crisis/end")
def end(
    request: Request,
    store: StoreDep,
    viewer: Member,
    publication_id: Annotated[list[int], Form()] = [],  # noqa: B006
    choice: Annotated[list[str], Form()] = [],  # noqa: B006
    scheduled_at: Annotated[list[str], Form()] = [],  # noqa: B006
    rest: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    if len(publication_id) > crisis.MAX_DECISIONS:
        raise Invalid.one("decisions", gettext("give at most {n} decisions", n=crisis.MAX_DECISIONS))
    try:
        ending = crisis.end(
            store,
            viewer.principal,
            decisions=_decisions(publication_id, choice, scheduled_at),
            rest=rest or None,
        )
    except Invalid as exc:
        return _page(request, store, viewer, errors=_errors(exc), status=422)
    c = ending.counts
    response = RedirectResponse("/crisis", status_code=303)
    flash(
        request,
        response,
        N_("Crisis ended: {resume} resumed, {reschedule} rescheduled, {cancel} cancelled."),
        resume=c["resume"],
        reschedule=c["reschedule"],
        cancel=c["cancel"],
    )
    return response


@router.get("/crisis/{crisis_id}/report.pdf")
def report(request: Request, store: StoreDep, viewer: Member, crisis_id: Id) -> Response:
    content = crisis_report.to_pdf(
        crisis_report.build(store, viewer.principal, crisis_id), request_lang(request)
    )
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="crisis-{crisis_id}.pdf"'},
    )
