"""The register of brand accounts: platform, handle, owners, who may post, two-factor attested, last
credential rotation (overdue against the active policy's period). Charte never stores the platforms'
passwords. Changes go through :mod:`charte.service.accounts` (``accounts:write``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_, gettext
from charte.service import account_register, accounts, targets
from charte.service.engines import active_policy_or_none
from charte.service.errors import Conflict, Invalid
from charte.service.permissions import Permission
from charte.store.models import utcnow
from charte.web.deps import Requires, StoreDep
from charte.web.flash import flash
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
register_nav(
    NavItem(
        "/accounts",
        N_("Brand accounts"),
        N_("The register of the brand's accounts: owners, posters, two-factor, credential rotation."),
        needs=(Permission.ACCOUNTS_READ,),
        order=65,
    )
)
Reader = Annotated[Viewer, Requires(Permission.ACCOUNTS_READ)]
Writer = Annotated[Viewer, Requires(Permission.ACCOUNTS_WRITE)]
PLATFORMS = ("linkedin", "x", "mastodon", "bluesky", "facebook", "instagram", "youtube", "tiktok", "other")


def _page(request: Request, store: StoreDep, viewer: Viewer, status: int = 200, **context: Any) -> Response:
    org = viewer.principal.org_id
    rows = accounts.list_accounts(
        store, viewer.principal, platform=None, q=None, owner_id=None, two_factor=None, limit=500, offset=0
    ).items
    people = store.users.list(org, role=None, active=True, q=None, limit=500, offset=0).items
    policy = active_policy_or_none(store, None, org)
    rotation_days = policy.security.credential_rotation_days if policy else None
    now = utcnow()
    overdue = {
        a.id: rotation_days is not None
        and (a.last_rotation_at is None or _utc(a.last_rotation_at) < now - dt.timedelta(days=rotation_days))
        for a in rows
    }
    values = {
        "accounts": rows,
        "names": {u.id: u.display_name for u in people},
        "handles": {a.id: a.handle for a in rows},
        "people": people,
        "platforms": PLATFORMS,
        "rotation_days": rotation_days,
        "require_2fa": policy.security.require_2fa if policy else True,
        "overdue": overdue,
        "standing": {row.account.id: row for row in account_register.standings(store, viewer.principal, now)},
        "form": {"platform": "linkedin", "handle": "", "display_name": "", "last_rotation": ""},
        # Where the organisation publishes, with each target's health (credentials refused, last failure).
        "targets": targets.list_targets(store, viewer.principal, limit=500, offset=0).items
        if viewer.principal.can(Permission.TARGETS_READ) or viewer.principal.can(Permission.TARGETS_WRITE)
        else None,
        **context,
    }
    return render(request, "accounts/index.html", values, viewer=viewer, status=status)


def _utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _day(value: str, errors: dict[str, str]) -> dt.datetime | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        errors["last_rotation"] = gettext("Write a date as YYYY-MM-DD.")
        return None
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


@router.get("/accounts", name="accounts")
def accounts_page(request: Request, store: StoreDep, viewer: Reader) -> Response:
    return _page(request, store, viewer)


@router.post("/accounts")
def add_account(
    request: Request,
    store: StoreDep,
    viewer: Writer,
    platform: Annotated[str, Form(max_length=32)] = "",
    handle: Annotated[str, Form(max_length=200)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    owners: Annotated[list[int] | None, Form(max_length=500)] = None,
    posters: Annotated[list[int] | None, Form(max_length=500)] = None,
    two_factor: Annotated[str, Form(max_length=5)] = "",
    last_rotation: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    form = {
        "platform": platform,
        "handle": handle,
        "display_name": display_name,
        "last_rotation": last_rotation,
    }
    errors: dict[str, str] = {}
    rotated = _day(last_rotation, errors)
    if not errors:
        try:
            row = accounts.create(
                store,
                viewer.principal,
                platform=platform,
                handle=handle,
                display_name=display_name or None,
                owner_ids=owners or [],
                poster_ids=posters or [],
                two_factor_attested=two_factor == "true",
                last_rotation_at=rotated,
            )
        except Invalid as exc:
            fields = {"owner_ids": "owners", "poster_ids": "posters", "last_rotation_at": "last_rotation"}
            errors = {fields.get(e.field, e.field): e.message for e in exc.errors}
        except Conflict as exc:
            errors = {"handle": str(exc)}
        else:
            response = RedirectResponse("/accounts", status_code=303)
            flash(request, response, N_("The account {handle} is in the register."), handle=row.handle)
            return response
    return _page(request, store, viewer, 422, form=form, errors=errors)


@router.post("/accounts/{account_id}/security")
def attest(
    request: Request,
    store: StoreDep,
    viewer: Writer,
    account_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
    two_factor: Annotated[str, Form(max_length=5)] = "",
    rotated_today: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    """Attest two-factor sign-in on the platform, and record a credential rotation done today."""
    row = accounts.update(
        store,
        viewer.principal,
        account_id,
        two_factor_attested=two_factor == "true",
        last_rotation_at=utcnow() if rotated_today == "true" else None,
    )
    response = RedirectResponse("/accounts", status_code=303)
    flash(request, response, N_("The account {handle} is updated."), handle=row.handle)
    return response
