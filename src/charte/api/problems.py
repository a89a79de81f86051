"""Errors as ``application/problem+json`` (RFC 9457): a type, a title, what is wrong, and the request id."""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from charte.errors import PolicyError
from charte.service.errors import (
    AuthenticationFailed,
    Conflict,
    Invalid,
    NotFound,
    PermissionDenied,
    ReauthenticationRequired,
    ServiceError,
    TooManyAttempts,
    TotpRequired,
)

MEDIA_TYPE = "application/problem+json"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
log = logging.getLogger("charte.api.refusals")
_TITLES = {400: "Bad request", 401: "Authentication required", 403: "Forbidden", 404: "Not found",
           405: "Method not allowed", 409: "Conflict", 413: "Request body too large", 415: "Unsupported media type",
           422: "Invalid request", 429: "Too many requests", 500: "Internal error"}


def problem(request_id: str | None, status: int, slug: str, detail: str, *, title: str | None = None,
            headers: dict[str, str] | None = None, **extra: Any) -> Response:
    body = {"type": f"urn:charte:problem:{slug}", "title": title or _TITLES.get(status, "Error"),
            "status": status, "detail": detail, "request_id": request_id, **extra}
    return Response(json.dumps(body, ensure_ascii=False), status_code=status, media_type=MEDIA_TYPE,
                    headers=headers)


def request_id_of(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) or "body"


def _record_refusal(request: Request, exc: ServiceError, status: int, slug: str) -> None:
    """A refused attempt goes to the audit record of the caller's organisation, in its own transaction (the
    request's was rolled back): who (ids), which route and ids, and what was refused. Never the body."""
    from charte.audit.chain import AuditAction  # here: the audit package imports the service layer
    from charte.service import audit

    principal = getattr(exc, "actor", None) or getattr(request.state, "principal", None)
    if principal is None or getattr(principal, "via", "system") == "system" or getattr(exc, "audited", False):
        return  # nobody to record it against, or the use case recorded it already (a wrong secret)
    route = _template(request)
    details: dict[str, Any] = {"method": request.method, "route": route[:200], "status": status, "refused": slug,
                               "ids": {k: str(v)[:64] for k, v in list(request.path_params.items())[:8]}}
    if isinstance(exc, PermissionDenied):
        details["permission"] = exc.permission[:200]
    if isinstance(exc, Invalid):
        details["fields"] = [e.field[:64] for e in exc.errors][:20]
    try:
        with request.app.state.sessionmaker() as session:
            audit.record(session, principal, AuditAction.ACCESS_DENIED, "route", f"{request.method} {route}"[:128],
                         details)
            session.commit()
    except Exception as failure:  # the refusal is still answered; the failure to record it is logged
        log.error("could not record a refused request in the audit log: %s", type(failure).__name__)


def _template(request: Request) -> str:
    """The route as declared (``/v1/drafts/{draft_id}/publish``): the URL with its path parameters named."""
    names = {str(v): k for k, v in request.path_params.items()}
    return "/".join("{" + names[p] + "}" if p in names else p for p in request.url.path.split("/"))


async def _refused(request: Request, exc: ServiceError, status: int, slug: str) -> None:
    await run_in_threadpool(_record_refusal, request, exc, status, slug)


def install(app: FastAPI) -> None:
    """Register one handler per error family; anything else becomes a generic 500 in the middleware."""

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = list(exc.errors())
        bad_json = next((e for e in errors if e.get("type") == "json_invalid"), None)
        if bad_json is not None:
            where = bad_json.get("ctx", {}).get("error", "")
            return problem(request_id_of(request), 400, "malformed-json",
                           f"the request body is not valid JSON ({where})".replace(" ()", ""))
        fields = [{"field": _field(tuple(e.get("loc", ()))), "message": e.get("msg", ""), "type": e.get("type", "")}
                  for e in errors]
        detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
        return problem(request_id_of(request), 422, "validation", detail, errors=fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        slug = {404: "not-found", 405: "method-not-allowed", 401: "unauthenticated"}.get(exc.status_code, "http")
        return problem(request_id_of(request), exc.status_code, slug, str(exc.detail),
                       headers=getattr(exc, "headers", None))

    @app.exception_handler(ReauthenticationRequired)
    async def _reauth(request: Request, exc: ReauthenticationRequired) -> Response:
        await _refused(request, exc, 403, "reauthentication-required")
        return problem(request_id_of(request), 403, "reauthentication-required", str(exc),
                       title="Fresh login required", permission=exc.permission)

    @app.exception_handler(NotFound)
    async def _not_found(request: Request, exc: NotFound) -> Response:
        return problem(request_id_of(request), 404, "not-found", str(exc))

    @app.exception_handler(PermissionDenied)
    async def _denied(request: Request, exc: PermissionDenied) -> Response:
        await _refused(request, exc, 403, "forbidden")
        return problem(request_id_of(request), 403, "forbidden", str(exc), permission=exc.permission)

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> Response:
        if request.method not in SAFE_METHODS:  # e.g. publishing a draft before it is approved
            await _refused(request, exc, 409, "conflict")
        return problem(request_id_of(request), 409, "conflict", str(exc))

    @app.exception_handler(Invalid)
    async def _invalid(request: Request, exc: Invalid) -> Response:
        if request.method not in SAFE_METHODS:  # e.g. a token asking for more than its minter holds
            await _refused(request, exc, 422, "validation")
        return problem(request_id_of(request), 422, "validation", str(exc),
                       errors=[{"field": e.field, "message": e.message} for e in exc.errors])

    @app.exception_handler(TotpRequired)
    async def _totp(request: Request, exc: TotpRequired) -> Response:
        return problem(request_id_of(request), 401, "totp-required", str(exc), title="Second factor required")

    @app.exception_handler(AuthenticationFailed)
    async def _auth(request: Request, exc: AuthenticationFailed) -> Response:
        return problem(request_id_of(request), 401, "unauthenticated", str(exc),
                       headers={"WWW-Authenticate": 'Bearer realm="charte"'})

    @app.exception_handler(TooManyAttempts)
    async def _rate(request: Request, exc: TooManyAttempts) -> Response:
        await _refused(request, exc, 429, "rate-limited")  # behind a session; a login limit is audited by login
        return problem(request_id_of(request), 429, "rate-limited", str(exc),
                       headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> Response:
        # Two requests racing to create the same thing: the database's constraint decides. No values echoed.
        return problem(request_id_of(request), 409, "conflict",
                       "the change conflicts with existing data (a duplicate or a reference that no longer exists)")

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> Response:
        return problem(request_id_of(request), 422, "validation", "a value is too long or malformed for storage")

    @app.exception_handler(PolicyError)
    async def _policy(request: Request, exc: PolicyError) -> Response:
        issues = [{"line": i.line, "field": i.field, "message": i.message, "hint": i.hint} for i in exc.issues]
        detail = "; ".join(f"line {i.line}: {i.field + ': ' if i.field else ''}{i.message}" if i.line
                           else i.message for i in exc.issues)
        return problem(request_id_of(request), 422, "invalid-policy", detail, title="Invalid policy",
                       errors=issues)
