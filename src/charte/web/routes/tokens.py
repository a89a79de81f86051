"""API tokens: one's own (everyone may make them), anyone's with ``tokens:manage``. The secret is shown once,
on the page that answers the creation, and never again: only its hash is kept (:mod:`charte.service.tokens`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_, gettext
from charte.service import tokens
from charte.service.errors import Invalid
from charte.service.permissions import Permission
from charte.store.models import utcnow
from charte.web.deps import Requires, SettingsDep, StoreDep
from charte.web.flash import flash
from charte.web.permissions import NavItem, permission_in_words, register_nav
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
register_nav(
    NavItem(
        "/tokens",
        N_("API tokens"),
        N_("Create and revoke the tokens your scripts use to call Charte."),
        needs=(Permission.TOKENS_WRITE,),
        order=85,
    )
)
Minter = Annotated[Viewer, Requires(Permission.TOKENS_WRITE)]


def _page(request: Request, store: StoreDep, viewer: Viewer, status: int = 200, **context: Any) -> Response:
    listed = tokens.list_tokens(store, viewer.principal, user_id=None, active=None, limit=200, offset=0)
    if viewer.can(Permission.TOKENS_MANAGE):  # the manager sees everyone's
        listed = store.tokens.list(viewer.principal.org_id, user_id=None, active_at=None, limit=200, offset=0)
    values = {
        "tokens": listed.items,
        "now": utcnow(),
        "scopes": [(str(p), permission_in_words(p)) for p in Permission if p in viewer.principal.permissions],
        "chosen": ["check"],
        "name": "",
        "expires_in_days": 90,
        "secret": None,
        **context,
    }
    return render(request, "tokens/index.html", values, viewer=viewer, status=status)


@router.get("/tokens", name="tokens")
def tokens_page(request: Request, store: StoreDep, viewer: Minter) -> Response:
    return _page(request, store, viewer)


@router.post("/tokens")
def create(
    request: Request,
    store: StoreDep,
    viewer: Minter,
    settings: SettingsDep,
    name: Annotated[str, Form(max_length=100)] = "",
    scopes: Annotated[list[str] | None, Form(max_length=len(Permission))] = None,
    expires_in_days: Annotated[str, Form(max_length=6)] = "",
) -> Response:
    chosen = scopes or []
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = gettext("Give the token a name, to know later where it is used.")
    days = int(expires_in_days) if expires_in_days.isdigit() else 0
    if not 1 <= days <= settings.token_max_days:
        errors["expires_in_days"] = gettext("Between 1 and {n} days.", n=settings.token_max_days)
    unknown = [s for s in chosen if s not in {str(p) for p in Permission}]
    if unknown or not chosen:
        errors["scopes"] = gettext("Tick at least one thing the token may do.")
    if not errors:
        try:
            issued = tokens.create(
                store,
                viewer.principal,
                name=name,
                scopes=[Permission(s) for s in chosen],
                expires_in_days=days,
                max_days=settings.token_max_days,
                fresh_minutes=settings.fresh_login_minutes,
            )
        except Invalid as exc:
            errors = {e.field: e.message for e in exc.errors}
        else:
            return _page(request, store, viewer, secret=issued.secret, created=issued.row)
    return _page(
        request,
        store,
        viewer,
        status=422,
        errors=errors,
        name=name,
        chosen=chosen,
        expires_in_days=expires_in_days,
    )


@router.post("/tokens/{token_id}/revoke")
def revoke(
    request: Request, store: StoreDep, viewer: Minter, token_id: Annotated[int, Path(ge=1, le=2_147_483_647)]
) -> Response:
    row = tokens.revoke(store, viewer.principal, token_id)
    response = RedirectResponse("/tokens", status_code=303)
    flash(request, response, N_("The token “{name}” is revoked."), name=row.name)
    return response
