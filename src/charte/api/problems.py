"""Errors as ``application/problem+json`` (RFC 9457): a type, a title, what is wrong, and the request id;
and the OpenAPI document declaring them, route by route."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from charte.api import validation_messages
from charte.audit.chain import AuditAction
from charte.errors import (
    AuthenticationFailed,
    CharteError,
    Conflict,
    Invalid,
    NotFound,
    PermissionDenied,
    PolicyChanged,
    PolicyError,
    ReauthenticationRequired,
    RenderError,
    ServiceError,
    TooManyAttempts,
    TotpRequired,
)
from charte.i18n import N_, gettext
from charte.service import audit

MEDIA_TYPE = "application/problem+json"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
log = logging.getLogger("charte.api.refusals")
_TITLES = {
    400: N_("Bad request"),
    401: N_("Authentication required"),
    403: N_("Forbidden"),
    404: N_("Not found"),
    405: N_("Method not allowed"),
    409: N_("Conflict"),
    413: N_("Request body too large"),
    415: N_("Unsupported media type"),
    422: N_("Invalid request"),
    429: N_("Too many requests"),
    500: N_("Internal error"),
}


def problem(
    request_id: str | None,
    status: int,
    slug: str,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = {
        "type": f"urn:charte:problem:{slug}",
        "title": gettext(title or _TITLES.get(status, N_("Error"))),  # the request's language (ApiLanguage)
        "status": status,
        "detail": detail,
        "request_id": request_id,
        **extra,
    }
    return Response(
        json.dumps(body, ensure_ascii=False), status_code=status, media_type=MEDIA_TYPE, headers=headers
    )


def request_id_of(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc) or "body"


def _record_refusal(request: Request, exc: ServiceError, status: int, slug: str) -> None:
    """A refused attempt goes to the audit record of the caller's organisation, in its own transaction (the
    request's was rolled back): who (ids), which route and ids, and what was refused. Never the body."""
    principal = getattr(exc, "actor", None) or getattr(request.state, "principal", None)
    if principal is None or getattr(principal, "via", "system") == "system" or exc.audited:
        return  # nobody to record it against, or the use case recorded it already (a wrong secret)
    route = _template(request)
    details: dict[str, Any] = {
        "method": request.method,
        "route": route[:200],
        "status": status,
        "refused": slug,
        "ids": {k: str(v)[:64] for k, v in list(request.path_params.items())[:8]},
    }
    if isinstance(exc, PermissionDenied):
        details["permission"] = exc.permission[:200]
    if isinstance(exc, Invalid):
        details["fields"] = [e.field[:64] for e in exc.errors][:20]
    try:
        with request.app.state.sessionmaker() as session:
            audit.record(
                session,
                principal,
                AuditAction.ACCESS_DENIED,
                "route",
                f"{request.method} {route}"[:128],
                details,
            )
            session.commit()
    except Exception as failure:  # the refusal is still answered; the failure to record it is logged
        log.error("could not record a refused request in the audit log: %s", type(failure).__name__)


def _template(request: Request) -> str:
    """The route as declared (``/v1/drafts/{draft_id}/publish``): the URL with its path parameters named."""
    names = {str(v): k for k, v in request.path_params.items()}
    return "/".join("{" + names[p] + "}" if p in names else p for p in request.url.path.split("/"))


async def _refused(request: Request, exc: ServiceError, status: int, slug: str) -> None:
    await run_in_threadpool(_record_refusal, request, exc, status, slug)


@dataclass(frozen=True)
class ProblemKind:
    """How one branch of the exception tree is answered. ``audited``: a refusal recorded in the audit log
    always, on writes only (a GET that conflicts is not an attempt), or never."""

    status: int
    slug: str
    title: str | None = None
    audited: Literal["always", "writes", "never"] = "never"


#: The problem for each branch of :mod:`charte.errors`; an error is answered by its nearest ancestor here
#: (``CsrfFailed`` by ``PermissionDenied``). Anything else is a bug: a 500 from the middleware.
PROBLEMS: dict[type[CharteError], ProblemKind] = {
    NotFound: ProblemKind(404, "not-found"),
    PermissionDenied: ProblemKind(403, "forbidden", audited="always"),
    ReauthenticationRequired: ProblemKind(
        403, "reauthentication-required", N_("Fresh login required"), "always"
    ),
    Conflict: ProblemKind(409, "conflict", audited="writes"),  # e.g. publishing a draft before it is approved
    PolicyChanged: ProblemKind(409, "policy-changed", N_("The policy changed"), "always"),
    Invalid: ProblemKind(422, "validation", audited="writes"),  # e.g. a token asking for more than its minter
    AuthenticationFailed: ProblemKind(
        401, "unauthenticated"
    ),  # a failed login is audited by the login itself
    TotpRequired: ProblemKind(401, "totp-required", N_("Second factor required")),
    TooManyAttempts: ProblemKind(429, "rate-limited", audited="always"),  # behind a session
    PolicyError: ProblemKind(422, "invalid-policy", N_("Invalid policy")),
    RenderError: ProblemKind(503, "render-unavailable", N_("Document unavailable")),  # no PDF library
}


def problem_kind(exc: CharteError) -> ProblemKind | None:
    """The problem of the nearest ancestor of ``exc``'s class in :data:`PROBLEMS`."""
    return next((PROBLEMS[cls] for cls in type(exc).__mro__ if cls in PROBLEMS), None)


def _extras(exc: CharteError) -> tuple[dict[str, Any], dict[str, str] | None]:
    """What a branch adds to its problem body (fields, the missing permission) and its headers."""
    if isinstance(exc, PermissionDenied):
        return {"permission": exc.permission}, None
    if isinstance(exc, PolicyChanged):
        return {"policy_change": exc.change}, None
    if isinstance(exc, Invalid):
        return {"errors": [{"field": e.field, "message": e.message} for e in exc.errors]}, None
    if isinstance(exc, TotpRequired):
        return {}, None
    if isinstance(exc, AuthenticationFailed):
        return {}, {"WWW-Authenticate": 'Bearer realm="charte"'}
    if isinstance(exc, TooManyAttempts):
        return {}, {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, PolicyError):
        return {
            "errors": [
                {"line": i.line, "field": i.field, "message": i.message, "hint": i.hint} for i in exc.issues
            ]
        }, None
    return {}, None


def _detail(exc: CharteError) -> str:
    if isinstance(exc, PolicyError):  # the file name is the server's, not the caller's: lines only
        return "; ".join(
            f"line {i.line}: {i.field + ': ' if i.field else ''}{i.message}" if i.line else i.message
            for i in exc.issues
        )
    return str(exc)


def install(app: FastAPI) -> None:
    """Register the handlers: FastAPI's and Starlette's own errors, the database's, and one for the tree
    (:data:`PROBLEMS`); anything else becomes a generic 500 in the middleware."""

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        errors = list(exc.errors())
        bad_json = next((e for e in errors if e.get("type") == "json_invalid"), None)
        if bad_json is not None:
            where = bad_json.get("ctx", {}).get("error", "")
            return problem(
                request_id_of(request),
                400,
                "malformed-json",
                f"the request body is not valid JSON ({where})".replace(" ()", ""),
            )
        fields = [
            {
                "field": _field(tuple(e.get("loc", ()))),
                "message": validation_messages.message(e),
                "type": e.get("type", ""),
            }
            for e in errors
        ]
        detail = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
        return problem(request_id_of(request), 422, "validation", detail, errors=fields)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        slug = {404: "not-found", 405: "method-not-allowed", 401: "unauthenticated"}.get(
            exc.status_code, "http"
        )
        return problem(
            request_id_of(request),
            exc.status_code,
            slug,
            str(exc.detail),
            headers=getattr(exc, "headers", None),
        )

    async def _charte(request: Request, exc: Exception) -> Response:
        kind = problem_kind(exc) if isinstance(exc, CharteError) else None
        if kind is None or not isinstance(exc, CharteError):  # cannot happen: registered for PROBLEMS only
            raise exc
        if isinstance(exc, ServiceError) and (
            kind.audited == "always" or (kind.audited == "writes" and request.method not in SAFE_METHODS)
        ):
            await _refused(request, exc, kind.status, kind.slug)
        extra, headers = _extras(exc)
        return problem(
            request_id_of(request),
            kind.status,
            kind.slug,
            _detail(exc),
            title=kind.title,
            headers=headers,
            **extra,
        )

    for cls in PROBLEMS:
        app.add_exception_handler(cls, _charte)

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> Response:
        # Two requests racing to create the same thing: the database's constraint decides. No values echoed.
        return problem(
            request_id_of(request),
            409,
            "conflict",
            "the change conflicts with existing data (a duplicate or a reference that no longer exists)",
        )

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> Response:
        return problem(
            request_id_of(request), 422, "validation", "a value is too long or malformed for storage"
        )


# --- The OpenAPI document: every error a route can answer, as problem+json, declared in one place. ---

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; `errors` lists each invalid field (or policy line)",
    "type": "object",
    "required": ["type", "title", "status", "detail", "request_id"],
    "properties": {
        "type": {"type": "string", "examples": ["urn:charte:problem:validation"]},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "request_id": {"type": ["string", "null"], "description": "Also in the X-Request-Id header"},
        "errors": {"type": "array", "items": {"type": "object"}},
        "permission": {"type": "string", "description": "On a 403: the permission that was missing"},
        "policy_change": {
            "type": "object",
            "description": "On a 409 policy-changed (an approval): the draft's "
            "stored check and the active policy's, as in the draft's policy_change",
        },
    },
}
_WHY = {
    400: "The body is not valid JSON",
    401: "No valid credentials (a Bearer token or a session cookie), or a wrong login",
    403: "Your role or your token's scopes do not allow it, or the CSRF header is missing",
    404: "No such object in your organisation",
    409: "It conflicts with the current state (a duplicate, a stale version, a state that forbids it)",
    413: "The request body is too large",
    422: "A parameter or a field is invalid: `errors` names each one",
    429: "Too many failed attempts: retry after `Retry-After` seconds",
    500: "Something went wrong on our side: quote `request_id` when reporting it",
}
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_THROTTLED = ("/v1/auth/", "/v1/me/")  # where secrets are checked (passwords, second factors)


def _depends_on(dependant: Dependant, call: Callable[..., Any]) -> bool:
    return any(d.call is call or _depends_on(d, call) for d in dependant.dependencies)


def error_statuses(
    path: str, route: APIRoute, operation: dict[str, Any], credentials: Callable[..., Any]
) -> set[int]:
    """The error statuses ``route`` (served at ``path``) can answer, from what it takes (credentials, parameters,
    a body) and does (writes, lookups): a new route is documented without a line of its own."""
    method = next(iter(route.methods or {"GET"}))
    statuses = {500}
    if "requestBody" in operation:
        statuses |= {400, 413, 422}
    if operation.get("parameters") or method in _WRITES:
        statuses.add(422)
    if path.startswith("/v1/"):
        statuses.add(401)  # a route under /v1 without credentials is the login
    if _depends_on(route.dependant, credentials):
        statuses.add(403)
        fields = getattr(route.response_model, "model_fields", {})
        if not (method == "GET" and not route.dependant.path_params and "items" in fields):  # a listing
            statuses.add(404)
        if method in _WRITES:
            statuses.add(409)
    if path.startswith(_THROTTLED):
        statuses.add(429)
    return statuses


def document(app: FastAPI, routes: Iterable[tuple[str, APIRoute]], credentials: Callable[..., Any]) -> None:
    """Add the error responses of ``routes`` (each with the prefix it is mounted under) to the OpenAPI document,
    all as ``application/problem+json`` with the Problem schema (FastAPI's default 422 says
    ``application/json`` and a shape the API never sends). ``credentials`` is the dependency that reads a
    request's credentials: a route using it may answer 401 and 403."""
    build = app.openapi
    mounted = [(prefix + route.path_format, route) for prefix, route in routes]

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        ref = {"$ref": "#/components/schemas/Problem"}
        for path, route in mounted:
            for method in route.methods or ():
                operation = schema["paths"].get(path, {}).get(method.lower())
                if operation is None:
                    continue
                responses = operation.setdefault("responses", {})
                for status in sorted(error_statuses(path, route, operation, credentials)):
                    own = route.responses.get(status, {}).get("description")  # a route may say it better
                    responses[str(status)] = {
                        "description": own or _WHY[status],
                        "content": {MEDIA_TYPE: {"schema": ref}},
                    }
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = PROBLEM_SCHEMA
        text = json.dumps(schema["paths"])
        for unused in ("HTTPValidationError", "ValidationError"):  # FastAPI's default 422, replaced above
            if f"#/components/schemas/{unused}" not in text:
                components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    # FastAPI's documented way to customise the schema is to replace this method on the instance.
    app.openapi = openapi  # type: ignore[method-assign]
