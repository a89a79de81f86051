"""A forgotten password on the web: ask for a link (sent by e-mail when e-mail is set up; otherwise the page
says so and tells the person to ask an administrator), use a link, and for admins make a link on the people
page. The decisions are :mod:`charte.service.password_reset`'s; docs/security.md, "Forgotten passwords"."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_, gettext
from charte.service import organisations, password_reset
from charte.service.errors import Invalid, TooManyAttempts
from charte.service.permissions import Permission
from charte.web.deps import PresessionCsrfDep, Requires, StoreDep
from charte.web.flash import flash
from charte.web.language import request_lang
from charte.web.routes import people
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
Field = Annotated[str, Form(max_length=1000)]
Token = Annotated[str, Form(max_length=200)]


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.get("/forgot-password", name="forgot_password")
def forgot_page(request: Request) -> Response:
    return render(
        request,
        "reset/forgot.html",
        {"email_on": password_reset.email_configured(), "sent": False, "email": ""},
    )


@router.post("/forgot-password")
def forgot(request: Request, store: StoreDep, _csrf: PresessionCsrfDep, email: Field = "") -> Response:
    errors: dict[str, str] = {}
    email_on = password_reset.email_configured()
    if email_on:
        try:
            password_reset.request(
                store,
                email=email,
                client=_client(request),
                base_url=str(request.base_url),
                lang=request_lang(request),
            )
        except Invalid:
            errors["email"] = gettext("Type your e-mail address.")
        except TooManyAttempts as exc:
            errors["email"] = gettext(
                "Too many requests: wait {minutes} minutes, then try again.",
                minutes=exc.retry_after // 60 + 1,
            )
    return render(
        request,
        "reset/forgot.html",
        {
            "email_on": email_on,
            "sent": email_on and not errors,
            "email": email.strip()[:320],
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@router.get("/reset-password", name="reset_password")
def reset_page(request: Request, store: StoreDep, token: str = "") -> Response:
    error = None
    try:
        password_reset.check(store, token[:200])
    except Invalid as exc:
        error = _token_error(exc)
    return render(request, "reset/reset.html", {"token": token[:200], "token_error": error})


def _token_error(exc: Invalid) -> str:
    message = exc.errors[0].message
    if "expired" in message:
        return gettext("This link has expired. Ask for a new one.")
    if "already been used" in message:
        return gettext("This link has already been used or replaced by a newer one. Ask for a new one.")
    return gettext("This link is not valid. Ask for a new one.")


@router.post("/reset-password")
def reset(
    request: Request,
    store: StoreDep,
    _csrf: PresessionCsrfDep,
    token: Token = "",
    password: Field = "",
    confirm: Field = "",
) -> Response:
    errors: dict[str, str] = {}
    if password != confirm:
        errors["confirm"] = gettext("The two passwords are not the same.")
    else:
        try:
            password_reset.complete(store, token, password)
        except Invalid as exc:
            err = exc.errors[0]
            if err.field == "token":
                return render(
                    request,
                    "reset/reset.html",
                    {"token": token, "token_error": _token_error(exc)},
                    status=400,
                )
            errors["password"] = gettext(
                "This password is not strong enough: {why}", why=gettext(err.message)
            )
    if errors:
        return render(
            request, "reset/reset.html", {"token": token, "token_error": None, "errors": errors}, status=400
        )
    response = RedirectResponse("/sign-in", status_code=303)
    flash(request, response, N_("Your password is changed. Sign in with it."), kind="success")
    return response


Admin = Annotated[Viewer, Requires(Permission.USERS_WRITE)]


@router.post("/people/{user_id}/reset-link")
def issue_link(
    request: Request, store: StoreDep, viewer: Admin, user_id: Annotated[int, Path(ge=1, le=2_147_483_647)]
) -> Response:
    issued = password_reset.issue(store, viewer.principal, user_id)
    return people._page(
        request, store, viewer, reset_link=issued, reset_url=issued.url(str(request.base_url))
    )


@router.post("/sign-in-rules")
def require_totp(
    request: Request,
    store: StoreDep,
    viewer: Annotated[Viewer, Requires(Permission.ORG_WRITE)],
    require_totp: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    organisations.set_require_totp(store, viewer.principal, require_totp == "yes")
    response = RedirectResponse("/people", status_code=303)
    flash(
        request,
        response,
        N_("Two-factor sign-in is now required of everyone.")
        if require_totp == "yes"
        else N_("Two-factor sign-in is no longer required."),
        kind="success",
    )
    return response
