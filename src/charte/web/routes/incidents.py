"""Incidents on brand accounts: open one (publishing to the account is held at once), tick the playbook's
steps, close it (:mod:`charte.service.incidents`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_
from charte.service import incidents
from charte.service.errors import Invalid
from charte.service.permissions import Permission
from charte.web.deps import Requires, StoreDep
from charte.web.flash import flash
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
register_nav(
    NavItem(
        "/incidents",
        N_("Incidents"),
        N_(
            "A compromised or hijacked brand account: publishing held, the playbook worked through step by step."
        ),
        needs=(Permission.ACCOUNTS_READ,),
        order=66,
    )
)
Reader = Annotated[Viewer, Requires(Permission.ACCOUNTS_READ)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/incidents", name="incidents")
def incidents_page(request: Request, store: StoreDep, viewer: Reader, account: int | None = None) -> Response:
    rows = incidents.list_incidents(
        store, viewer.principal, open_only=False, account_id=None, limit=200, offset=0
    )
    accounts = store.safety.organisation_accounts(viewer.principal.org_id)
    values = {
        "incidents": rows.items,
        "accounts": {a.id: a for a in accounts},
        "chosen": account,
        "errors": {},
        "summary": "",
    }
    return render(request, "incidents/index.html", values, viewer=viewer)


@router.post("/incidents")
def open_incident(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    account_id: Annotated[int, Form(ge=1, le=2_147_483_647)],
    summary: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        incident = incidents.open_incident(store, viewer.principal, account_id, summary)
    except Invalid as exc:
        rows = incidents.list_incidents(
            store, viewer.principal, open_only=False, account_id=None, limit=200, offset=0
        )
        accounts = store.safety.organisation_accounts(viewer.principal.org_id)
        values = {
            "incidents": rows.items,
            "accounts": {a.id: a for a in accounts},
            "chosen": account_id,
            "errors": {"summary": "; ".join(e.message for e in exc.errors)},
            "summary": summary,
        }
        return render(request, "incidents/index.html", values, viewer=viewer, status=422)
    response = RedirectResponse(f"/incidents/{incident.id}", status_code=303)
    flash(request, response, N_("Incident opened: publishing to the account is held."))
    return response


@router.get("/incidents/{incident_id}", name="incident")
def incident_page(request: Request, store: StoreDep, viewer: Reader, incident_id: Id) -> Response:
    incident = incidents.get(store, viewer.principal, incident_id)
    account = store.accounts.get(viewer.principal.org_id, incident.account_id)
    people = store.users.list(
        viewer.principal.org_id, role=None, active=None, q=None, limit=500, offset=0
    ).items
    values = {
        "i": incident,
        "account": account,
        "names": {u.id: u.display_name for u in people},
        "may_handle": account is not None and incidents.may_handle(store, viewer.principal, account),
        "builtin": incidents.BUILTIN_LABELS,
    }
    return render(request, "incidents/detail.html", values, viewer=viewer)


@router.post("/incidents/{incident_id}/steps/{step}")
def tick(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    incident_id: Id,
    step: Annotated[str, Path(max_length=32, pattern=r"^[a-z0-9_-]+$")],
) -> Response:
    incidents.tick(store, viewer.principal, incident_id, step)
    response = RedirectResponse(f"/incidents/{incident_id}", status_code=303)
    flash(request, response, N_("Step ticked."))
    return response


@router.post("/incidents/{incident_id}/close")
def close(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    incident_id: Id,
    override_reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    incidents.close(store, viewer.principal, incident_id, override_reason=override_reason or None)
    response = RedirectResponse(f"/incidents/{incident_id}", status_code=303)
    flash(request, response, N_("Incident closed: publishing to the account resumes."))
    return response
