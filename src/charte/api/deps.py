"""Dependencies as ``Annotated`` aliases: the store (one transaction per request), the acting principal,
settings, pagination."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Annotated, TypeVar

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session, sessionmaker

from charte.api.schemas import DbInt
from charte.service import auth
from charte.service.engines import EngineCache
from charte.service.errors import AuthenticationFailed, CsrfFailed, EnrolmentRequired
from charte.service.principal import Principal
from charte.settings import Settings
from charte.store.paging import DEFAULT_LIMIT, MAX_LIMIT, Paging
from charte.store.repositories import Store

SESSION_COOKIE = auth.SESSION_COOKIE
CSRF_COOKIE = auth.CSRF_COOKIE
DEVICE_COOKIE = auth.DEVICE_COOKIE
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: What a session may reach while its organisation requires two-factor sign-in and it has not enrolled.
ENROLMENT_PATHS = frozenset(
    {"/v1/me", "/v1/auth/reauth", "/v1/auth/totp/enrol", "/v1/auth/totp/confirm", "/v1/auth/logout"}
)
T = TypeVar("T")


async def get_store(request: Request) -> AsyncIterator[Store]:
    """One session per request: committed when the route returns (before the answer is sent), rolled back
    when it raises. Creating a session does no I/O, so only the commit goes to a worker thread: every thread
    hop costs latency, and a sync dependency would cost two."""
    session = request.app.state.sessionmaker()
    try:
        yield Store(session)
        await run_in_threadpool(_finish, session, True)
    except BaseException:
        await run_in_threadpool(_finish, session, False)
        raise


async def in_transaction(request: Request, work: Callable[[Store], T]) -> T:
    """``work`` in one transaction and one worker-thread hop: open, run, commit (roll back if it raises),
    close. The hot path uses it instead of a sync dependency plus a sync route plus the commit, three hops
    whose thread hand-offs cost more CPU than the queries they wrap."""
    return await run_in_threadpool(_transaction, request.app.state.sessionmaker, work)


def _transaction(factory: sessionmaker[Session], work: Callable[[Store], T]) -> T:
    session = factory()
    try:
        result = work(Store(session))
    except BaseException:
        _finish(session, False)
        raise
    _finish(session, True)
    return result


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_engines(request: Request) -> EngineCache:
    engines: EngineCache = request.app.state.engines
    return engines


StoreDep = Annotated[Store, Depends(get_store, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
EnginesDep = Annotated[EngineCache, Depends(get_engines)]


@dataclass(frozen=True)
class Credentials:
    """What the request presents, read from its headers without I/O: a Bearer token or a session cookie."""

    bearer: str | None = None
    session: str | None = None
    csrf: str | None = None
    unsafe: bool = True  # a method that changes something (the session cookie then needs the CSRF header)
    path: str = ""  # the route asked for: a session that must enrol in two-factor sign-in may reach only some


async def get_credentials(request: Request) -> Credentials:
    """A request without credentials (or with a malformed header) is refused here, before any thread or query."""
    header = request.headers.get("authorization")
    if header:
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise AuthenticationFailed("use the header Authorization: Bearer <token>")
        return Credentials(bearer=raw.strip())
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        return Credentials(
            session=cookie,
            csrf=request.headers.get(CSRF_HEADER),
            unsafe=request.method not in SAFE_METHODS,
            path=request.url.path,
        )
    raise AuthenticationFailed("authentication required: send Authorization: Bearer <token> or log in")


CredentialsDep = Annotated[Credentials, Depends(get_credentials)]


def authenticate(store: Store, credentials: Credentials) -> Principal:
    """The principal behind the credentials (queries the token or the session on every request)."""
    if credentials.bearer is not None:
        return auth.from_token(store, credentials.bearer)
    assert credentials.session is not None
    principal, row = auth.from_session(store, credentials.session)
    if credentials.unsafe and not auth.csrf_matches(row, credentials.csrf):
        raise CsrfFailed(principal)
    if principal.needs_totp and credentials.path not in ENROLMENT_PATHS:
        raise EnrolmentRequired(principal)
    return principal


def get_principal(request: Request, credentials: CredentialsDep, store: StoreDep) -> Principal:
    """A Bearer API token, or a session cookie (with the CSRF header on unsafe methods). Kept on the request
    so a refusal later in the route can be recorded against who asked (charte.api.problems)."""
    principal = authenticate(store, credentials)
    request.state.principal = principal
    return principal


def client_address(request: Request) -> str:
    """The caller's address, as the TrustedProxies middleware resolved it (X-Forwarded-For is believed only
    from the configured proxies)."""
    return request.client.host if request.client else "unknown"


PrincipalDep = Annotated[Principal, Depends(get_principal)]


async def get_paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")] = DEFAULT_LIMIT,
    offset: Annotated[DbInt, Query(description="Items to skip")] = 0,
) -> Paging:
    return Paging(limit, offset)


PagingDep = Annotated[Paging, Depends(get_paging)]
