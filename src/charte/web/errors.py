"""Error pages: a refusal names the missing permission in words (403), a missing page says so (404), a
failure shows a page with the request id (500) and never a traceback; a missing or expired session sends
the person to sign in and back, with the text they were writing kept (docs/web.md, "Expired sessions").
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import RedirectResponse, Response

from charte.audit.chain import AuditAction
from charte.errors import (
    AuthenticationFailed,
    CharteError,
    Conflict,
    EnrolmentRequired,
    Invalid,
    NotFound,
    PermissionDenied,
    ServiceError,
    TooManyAttempts,
)
from charte.i18n import N_
from charte.service import audit, auth
from charte.service.principal import Principal
from charte.web.deps import host_state
from charte.web.security import SAFE_METHODS, headers_for, safe_next
from charte.web.session import Viewer
from charte.web.templating import render

log = logging.getLogger("charte.web.error")


def _viewer(request: Request) -> Viewer | None:
    viewer = getattr(request.state, "viewer", None)
    return viewer if isinstance(viewer, Viewer) else None


def sign_in_url(request: Request) -> str:
    """Where to send someone whose session is missing or expired, and where to bring them back: the page
    they were on (for a form, the page that showed it, from the Referer when it is ours; never the POST)."""
    if request.method in SAFE_METHODS:
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        referer = urlsplit(request.headers.get("referer", ""))
        same_site = referer.netloc == request.url.netloc
        back = referer.path + (f"?{referer.query}" if referer.query else "") if same_site else "/"
    params = {"next": safe_next(back)}
    if request.cookies.get(auth.SESSION_COOKIE):
        params["expired"] = "1"
    return "/sign-in?" + urlencode(params)


def _error_page(
    request: Request,
    status: int,
    title: str,
    message: str,
    detail: str | None = None,
    headers: dict[str, str] | None = None,
    detail_lang: str | None = None,
) -> Response:
    """``detail``: the service's own message, already in the page's language (``charte.service.errors``);
    ``detail_lang="en"`` for a message only written in English (a field's name, a policy or connector error)."""
    return render(
        request,
        "errors/error.html",
        {
            "status": status,
            "title": title,
            "message": message,
            "detail": detail,
            "detail_lang": detail_lang,
            "request_id": getattr(request.state, "request_id", None),
        },
        viewer=_viewer(request),
        status=status,
        headers=headers,
    )


def _record_refusal(request: Request, exc: PermissionDenied) -> None:
    """A refused page goes to the audit record like a refused API call (who, which page, what was missing)."""
    viewer = _viewer(request)
    principal = exc.actor if isinstance(exc.actor, Principal) else (viewer.principal if viewer else None)
    if principal is None or principal.via == "system" or exc.audited:
        return
    try:
        with host_state(request).sessionmaker() as session:
            audit.record(
                session,
                principal,
                AuditAction.ACCESS_DENIED,
                "route",
                f"{request.method} {request.url.path}"[:128],
                {
                    "method": request.method,
                    "route": request.url.path[:200],
                    "status": 403,
                    "refused": "forbidden",
                    "permission": exc.permission[:200],
                    "via": "web",
                },
            )
            session.commit()
    except Exception as failure:  # the refusal is still shown; the failure to record it is logged
        log.error("could not record a refused page in the audit log: %s", type(failure).__name__)


record_refusal = _record_refusal
"""For a page that shows a refusal itself (the approval page's maker-checker message) rather than the 403 page."""


def install(app: FastAPI) -> None:
    """Register the pages' handlers on the web application."""

    @app.exception_handler(AuthenticationFailed)
    async def signed_out(request: Request, exc: AuthenticationFailed) -> Response:
        return RedirectResponse(sign_in_url(request), status_code=303)

    @app.exception_handler(EnrolmentRequired)
    async def must_enrol(request: Request, exc: EnrolmentRequired) -> Response:
        return RedirectResponse("/account/security", status_code=303)

    @app.exception_handler(PermissionDenied)
    async def forbidden(request: Request, exc: PermissionDenied) -> Response:
        await run_in_threadpool(_record_refusal, request, exc)
        return render(
            request,
            "errors/forbidden.html",
            {"permission": exc.permission, "request_id": getattr(request.state, "request_id", None)},
            viewer=_viewer(request),
            status=403,
        )

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error_page(
            request, 404, N_("Page not found"), N_("This page does not exist, or is not yours to see.")
        )

    @app.exception_handler(Conflict)
    async def conflict(request: Request, exc: Conflict) -> Response:
        return _error_page(
            request,
            409,
            N_("This cannot be done now"),
            N_("The item is not in a state that allows it."),
            str(exc),
        )

    @app.exception_handler(Invalid)
    async def invalid(request: Request, exc: Invalid) -> Response:
        detail = "; ".join(f"{e.field}: {e.message}" for e in exc.errors)
        return _error_page(
            request,
            422,
            N_("Some values are not valid"),
            N_("Go back, correct them and send the form again."),
            detail,
        )

    @app.exception_handler(RequestValidationError)
    async def bad_form(request: Request, exc: RequestValidationError) -> Response:
        names = sorted({str(e["loc"][-1]) for e in exc.errors() if e.get("loc")})
        return _error_page(
            request,
            422,
            N_("Some values are not valid"),
            N_("Go back, correct them and send the form again."),
            ", ".join(names)[:300] or None,
            detail_lang="en",
        )

    @app.exception_handler(TooManyAttempts)
    async def too_many(request: Request, exc: TooManyAttempts) -> Response:
        response = _error_page(
            request, 429, N_("Too many attempts"), N_("Wait a little, then try again."), str(exc)
        )
        response.headers["Retry-After"] = str(exc.retry_after)
        return response

    @app.exception_handler(CharteError)
    async def other_error(request: Request, exc: CharteError) -> Response:
        return _error_page(
            request,
            400,
            N_("This request cannot be carried out"),
            N_("Go back and try again."),
            str(exc),
            detail_lang=None if isinstance(exc, ServiceError) else "en",
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return _error_page(
                request, 404, N_("Page not found"), N_("This page does not exist, or is not yours to see.")
            )
        if exc.status_code == 405:
            return _error_page(
                request,
                405,
                N_("This page cannot be used this way"),
                N_("Go back and use the page's buttons."),
            )
        return _error_page(
            request, exc.status_code, N_("This request cannot be carried out"), N_("Go back and try again.")
        )

    @app.exception_handler(Exception)
    async def failure(request: Request, exc: Exception) -> Response:
        # Logged (type and stack, never the message) by the API's RequestContext middleware, which sees the
        # exception again once this page is sent. This answer leaves through Starlette's outermost error
        # middleware, outside SecurityHeaders: it carries its security headers itself.
        return _error_page(
            request,
            500,
            N_("Something went wrong on our side"),
            N_(
                "Try again in a moment. If it happens again, give the request id below to your administrator."
            ),
            headers=headers_for(request.url.path, "text/html"),
        )
