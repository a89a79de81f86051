"""Sign in (password, then the two-factor or a recovery code when the account has one), sign out, and the
language switcher. The checks are the service's (``charte.service.auth``): the same throttling, audit
records and known-device cookie as the API's login."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import RedirectResponse, Response

from charte import i18n
from charte.i18n import N_, gettext
from charte.service import auth, users
from charte.service.errors import AuthenticationFailed, TooManyAttempts, TotpRequired
from charte.settings import Settings
from charte.web.deps import PresessionCsrfDep, SettingsDep, StoreDep, ViewerDep
from charte.web.flash import flash
from charte.web.language import LANG_COOKIE, LANG_COOKIE_DAYS
from charte.web.security import safe_next
from charte.web.session import clear_session_cookies, set_session_cookies
from charte.web.templating import render

router = APIRouter()
_TOTP = re.compile(r"^\s*\d{3}\s?\d{3}\s*$")
MAX_FIELD = 1000  # an e-mail, a password or a code longer than this is refused before any hashing


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/sign-in", name="sign_in")
def sign_in_page(request: Request, next: str = "/", expired: str | None = None) -> Response:
    return render(
        request,
        "auth/sign_in.html",
        {"next": safe_next(next), "expired": expired == "1", "email": "", "errors": {}},
    )


@router.post("/sign-in")
def sign_in(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    _csrf: PresessionCsrfDep,
    email: Annotated[str, Form(max_length=MAX_FIELD)] = "",
    password: Annotated[str, Form(max_length=MAX_FIELD)] = "",
    code: Annotated[str, Form(max_length=MAX_FIELD)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
    expired: Annotated[str, Form(max_length=1)] = "",
) -> Response:
    target = safe_next(next)
    errors: dict[str, str] = {}
    if not email.strip():
        errors["email"] = gettext("Type your e-mail address.")
    if not password:
        errors["password"] = gettext("Type your password.")
    if not errors:
        is_totp = bool(_TOTP.match(code))
        try:
            result = auth.login(
                store,
                settings,
                email=email,
                password=password,
                totp_code=code.replace(" ", "") if is_totp else None,
                recovery_code=code.strip() if code.strip() and not is_totp else None,
                client=_client(request),
                device_token=request.cookies.get(auth.DEVICE_COOKIE),
            )
        except TotpRequired:
            errors["code"] = gettext(
                "This account uses two-factor sign-in: type the 6-digit code from your app, or a recovery code."
            )
        except TooManyAttempts as exc:
            errors["password"] = gettext(
                "Too many failed attempts: wait {seconds} seconds, then try again.", seconds=exc.retry_after
            )
        except AuthenticationFailed as exc:
            if exc.field == "code":
                errors["code"] = gettext("This code is not right: type the code your app shows now.")
            else:
                errors["password"] = gettext("The e-mail address or the password is not right.")
        else:
            response = RedirectResponse(target, status_code=303)
            set_session_cookies(response, settings, result)
            if result.user.language in i18n.LANGS:  # the person's choice follows them to this browser
                _remember_language(response, settings, result.user.language)
            return response
    return render(
        request,
        "auth/sign_in.html",
        {"next": target, "expired": expired == "1", "email": email.strip()[:320], "errors": errors},
        status=400 if errors else 200,
    )


@router.post("/sign-out")
def sign_out(request: Request, store: StoreDep, settings: SettingsDep, viewer: ViewerDep) -> Response:
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    if cookie:
        auth.logout(store, cookie)
    response = RedirectResponse("/sign-in", status_code=303)
    clear_session_cookies(response, settings)
    flash(request, response, N_("You are signed out."), kind="info")
    return response


def _remember_language(response: Response, settings: Settings, lang: str) -> None:
    response.set_cookie(
        LANG_COOKIE,
        lang,
        max_age=LANG_COOKIE_DAYS * 86400,
        path="/",
        secure=settings.cookie_secure,
        httponly=True,
        samesite="lax",
    )


@router.post("/language")
def switch_language(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    _csrf: PresessionCsrfDep,
    lang: Annotated[str, Form(pattern="^(en|fr)$")],
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    """Remember the language (a cookie, a year) and go back to the page; signed in, on the person's user too,
    so that it follows them to another browser at sign-in."""
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    if cookie:
        try:
            principal, _row = auth.from_session(store, cookie)
        except AuthenticationFailed:
            pass  # an expired session: the cookie alone remembers it
        else:
            users.set_language(store, principal, lang)
    response = RedirectResponse(safe_next(next), status_code=303)
    _remember_language(response, settings, lang)
    return response
