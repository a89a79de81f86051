"""One brand account's safety: 2FA attestation (and when it expires), credential rotation, who has access,
recovery contacts, open incident, rotation tasks; its owners attest and record rotations here
(:mod:`charte.service.account_register`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_, gettext
from charte.service import account_register, holds
from charte.service.errors import Invalid
from charte.service.permissions import Permission
from charte.store.models import utcnow
from charte.web.deps import Requires, StoreDep
from charte.web.flash import flash
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
Reader = Annotated[Viewer, Requires(Permission.ACCOUNTS_READ)]
AccountId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _page(
    request: Request, store: StoreDep, viewer: Viewer, account_id: int, status: int = 200, **context: Any
) -> Response:
    standing = account_register.standing(store, viewer.principal, account_id)
    account = standing.account
    people = store.users.list(
        viewer.principal.org_id, role=None, active=None, q=None, limit=500, offset=0
    ).items
    security = holds.security_of(store, viewer.principal.org_id)
    values = {
        "s": standing,
        "a": account,
        "names": {u.id: u.display_name for u in people},
        "is_owner": viewer.principal.user_id in account_register.owner_ids(account),
        "tasks": store.safety.open_tasks(viewer.principal.org_id, account.id),
        "rotation_days": security.credential_rotation_days if security else holds.DEFAULT_VALIDITY_DAYS,
        "review_days": security.access_review_days if security else None,
        "errors": {},
        "form": {"attested_on": "", "rotated_on": ""},
        **context,
    }
    return render(request, "accounts/detail.html", values, viewer=viewer, status=status)


def _day(value: str, field: str, errors: dict[str, str]) -> dt.datetime | None:
    """A date typed in the form, as the end of that day in UTC capped at now (``None``: today, now)."""
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        errors[field] = gettext("Write a date as YYYY-MM-DD.")
        return None
    if day > utcnow().date():
        errors[field] = gettext("This date is in the future: give the day it was done.")
        return None
    return min(utcnow(), dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC))


@router.get("/accounts/{account_id}", name="account")
def account_page(request: Request, store: StoreDep, viewer: Reader, account_id: AccountId) -> Response:
    return _page(request, store, viewer, account_id)


def _dated_record(
    request: Request,
    store: StoreDep,
    viewer: Viewer,
    account_id: int,
    field: str,
    typed: str,
    record: Callable[[dt.datetime | None], object],
    done: str,
) -> Response:
    """Record a dated fact typed in a form (an attestation, a rotation): back to the page with a
    message, or the page again with the error under ``field``."""
    errors: dict[str, str] = {}
    at = _day(typed, field, errors)
    if not errors:
        try:
            record(at)
        except Invalid as exc:
            errors = {field: "; ".join(e.message for e in exc.errors)}
        else:
            response = RedirectResponse(f"/accounts/{account_id}", status_code=303)
            flash(request, response, done)
            return response
    form = {"attested_on": "", "rotated_on": "", field: typed}
    return _page(request, store, viewer, account_id, 422, errors=errors, form=form)


@router.post("/accounts/{account_id}/attest")
def attest(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    account_id: AccountId,
    attested_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    return _dated_record(
        request,
        store,
        viewer,
        account_id,
        "attested_on",
        attested_on,
        lambda at: account_register.attest_2fa(store, viewer.principal, account_id, at=at),
        N_("Two-factor sign-in is attested; held posts are released."),
    )


@router.post("/accounts/{account_id}/rotate")
def rotate(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    account_id: AccountId,
    rotated_on: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    return _dated_record(
        request,
        store,
        viewer,
        account_id,
        "rotated_on",
        rotated_on,
        lambda at: account_register.record_rotation(store, viewer.principal, account_id, at=at),
        N_("The credential rotation is recorded."),
    )


@router.post("/accounts/{account_id}/recovery")
def recovery(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    account_id: AccountId,
    contacts: Annotated[str, Form(max_length=2200)] = "",
) -> Response:
    lines = [line for line in contacts.splitlines() if line.strip()]
    try:
        account_register.set_recovery_contacts(store, viewer.principal, account_id, lines)
    except Invalid as exc:
        return _page(
            request,
            store,
            viewer,
            account_id,
            422,
            errors={"contacts": "; ".join(e.message for e in exc.errors)},
        )
    response = RedirectResponse(f"/accounts/{account_id}", status_code=303)
    flash(request, response, N_("The recovery contacts are saved."))
    return response
