"""Your account's security: turn two-factor sign-in on (password again, scan the QR code, confirm a code,
keep the recovery codes shown once) or off. Each step is the service's (``charte.service.auth``), with its
freshness rule, its throttling and its audit records; the secret is drawn as a QR code on the server."""

from __future__ import annotations

import io
from typing import Annotated, Any

import segno
from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_, gettext
from charte.service import auth, security
from charte.service.errors import AuthenticationFailed, Invalid, TooManyAttempts
from charte.store.repositories import Store
from charte.web.deps import SettingsDep, StoreDep, ViewerDep
from charte.web.flash import flash
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer, set_session_cookies
from charte.web.templating import render

router = APIRouter()
PAGE = "/account/security"
register_nav(
    NavItem(
        PAGE,
        N_("Sign-in security"),
        N_("Turn two-factor sign-in on or off: a code from your phone as well as your password."),
        order=890,
    )
)
Field = Annotated[str, Form(max_length=1000)]


def qr_svg(uri: str) -> str:
    """The otpauth address as an SVG QR code (no script, no style attribute: the page's CSP holds)."""
    out = io.BytesIO()
    segno.make(uri, error="m").save(
        out, kind="svg", scale=5, border=3, xmldecl=False, title=gettext("QR code for your app")
    )
    return out.getvalue().decode("utf-8")


def _enrolment(store: Store, viewer: Viewer) -> dict[str, Any]:
    """The pending enrolment's secret, grouped by four for typing, and its QR code."""
    user = store.users.get(viewer.principal.org_id, viewer.principal.user_id)
    assert user is not None and user.totp_secret
    uri = security.totp_uri(user.totp_secret, user.email)
    grouped = " ".join(user.totp_secret[i : i + 4] for i in range(0, len(user.totp_secret), 4))
    return {"secret": grouped, "qr": qr_svg(uri)}


def _page(request: Request, viewer: Viewer, step: str, status: int = 200, **context: Any) -> Response:
    return render(
        request,
        "account/security.html",
        {"step": step, "errors": {}, "secret": "", "qr": "", "codes": [], **context},
        viewer=viewer,
        status=status,
    )


@router.get(PAGE)
def security_page(request: Request, viewer: ViewerDep) -> Response:
    return _page(request, viewer, "on" if viewer.totp_enabled else "off")


@router.post(f"{PAGE}/totp/start")
def start(
    request: Request, store: StoreDep, settings: SettingsDep, viewer: ViewerDep, password: Field = ""
) -> Response:
    """Type the password again (the service wants a fresh session to change how one signs in), then a new
    secret is made and shown with its QR code."""
    try:
        result = auth.reauth(
            store, settings, viewer.principal, password=password, totp_code=None, recovery_code=None
        )
    except (AuthenticationFailed, TooManyAttempts) as exc:
        message = (
            gettext(
                "Too many failed attempts: wait {seconds} seconds, then try again.", seconds=exc.retry_after
            )
            if isinstance(exc, TooManyAttempts)
            else gettext("This password is not right.")
        )
        return _page(request, viewer, "off", 400, errors={"password": message})
    principal, _ = auth.from_session(store, result.session_token)
    fresh = Viewer(principal, viewer.name, viewer.email, result.csrf_token, viewer.totp_enabled)
    auth.totp_enrol(store, settings, principal)
    response = _page(request, fresh, "confirm", **_enrolment(store, fresh))
    set_session_cookies(response, settings, result)
    return response


@router.post(f"{PAGE}/totp/confirm")
def confirm(
    request: Request, store: StoreDep, settings: SettingsDep, viewer: ViewerDep, code: Field = ""
) -> Response:
    try:
        codes = auth.totp_confirm(store, settings, viewer.principal, code.replace(" ", ""))
    except (Invalid, TooManyAttempts) as exc:
        message = (
            gettext(
                "Too many failed attempts: wait {seconds} seconds, then try again.", seconds=exc.retry_after
            )
            if isinstance(exc, TooManyAttempts)
            else gettext("This code is not right: type the code your app shows now.")
        )
        return _page(request, viewer, "confirm", 400, errors={"code": message}, **_enrolment(store, viewer))
    return _page(request, viewer, "codes", codes=codes)


@router.post(f"{PAGE}/totp/disable")
def disable(
    request: Request, store: StoreDep, settings: SettingsDep, viewer: ViewerDep, code: Field = ""
) -> Response:
    try:
        auth.totp_disable(store, settings, viewer.principal, code.strip())
    except (Invalid, TooManyAttempts) as exc:
        message = (
            gettext(
                "Too many failed attempts: wait {seconds} seconds, then try again.", seconds=exc.retry_after
            )
            if isinstance(exc, TooManyAttempts)
            else gettext("This code is not right: type the code your app shows now.")
        )
        return _page(request, viewer, "on", 400, errors={"code": message})
    response = RedirectResponse(PAGE, status_code=303)
    flash(request, response, N_("Two-factor sign-in is off."), kind="warning")
    return response
