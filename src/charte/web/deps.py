"""Dependencies of the pages, as ``Annotated`` aliases (the API's style):

* ``StoreDep``: one transaction per request, committed before the page is sent;
* ``ViewerDep``: the signed-in person (the form's CSRF token checked on POST); without a valid session the
  page sends them to sign in and back, with their work kept;
* ``Requires(Permission.X)``: the same, refused with a page naming the permission in words when missing;
* ``SettingsDep``, ``host_state(request)``: what the application holds (settings, engines, jobs).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.datastructures import State

from charte.service.errors import CsrfFailed, EnrolmentRequired
from charte.service.permissions import Permission
from charte.settings import Settings
from charte.store.repositories import Store
from charte.web.security import CSRF_FIELD, CSRF_HEADER, PRESESSION_COOKIE, SAFE_METHODS, presession_matches
from charte.web.session import Viewer, authenticate


def host_state(request: Request) -> State:
    """The state of the application the web interface is mounted in (its database, settings, engine cache
    and job queue): one of each per process, shared with the API."""
    host: Any = request.app.state.host
    state: State = host.state
    return state


async def get_store(request: Request) -> AsyncIterator[Store]:
    session: Session = host_state(request).sessionmaker()
    try:
        yield Store(session)
        await run_in_threadpool(_finish, session, True)
    except BaseException:
        await run_in_threadpool(_finish, session, False)
        raise


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


async def get_settings(request: Request) -> Settings:
    settings: Settings = host_state(request).settings
    return settings


async def sent_csrf_token(request: Request) -> str | None:
    """The CSRF token a request that changes something carries: the form's ``csrf_token`` field, or the
    ``X-CSRF-Token`` header (scripts)."""
    if request.method in SAFE_METHODS:
        return None
    header = request.headers.get(CSRF_HEADER)
    if header:
        return header
    content_type = request.headers.get("content-type", "")
    if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        value = (await request.form()).get(CSRF_FIELD)
        return value if isinstance(value, str) else None
    return None


StoreDep = Annotated[Store, Depends(get_store, scope="function")]
SettingsDep = Annotated[Settings, Depends(get_settings)]
SentCsrfDep = Annotated[str | None, Depends(sent_csrf_token)]


#: The pages a person who must enrol in two-factor sign-in may open (docs/security.md).
ENROLMENT_PAGES = frozenset(
    {"/account/security", "/account/security/totp/start", "/account/security/totp/confirm", "/sign-out"}
)


def get_viewer(request: Request, store: StoreDep, sent: SentCsrfDep) -> Viewer:
    viewer = authenticate(store, request, sent)
    request.state.viewer = viewer  # for the error pages (a refusal still shows the navigation)
    if viewer.principal.needs_totp and request.url.path not in ENROLMENT_PAGES:
        raise EnrolmentRequired(viewer.principal)
    return viewer


ViewerDep = Annotated[Viewer, Depends(get_viewer)]


def Requires(*permissions: Permission) -> Any:  # reads as a type in a signature
    """``viewer: Annotated[Viewer, Requires(Permission.X)]``: the viewer, holding every permission given
    (refused with :class:`charte.errors.PermissionDenied`, shown as a 403 page naming the first missing)."""

    def check(viewer: ViewerDep) -> Viewer:
        for permission in permissions:
            viewer.principal.require(permission)
        return viewer

    return Depends(check)


def check_presession_csrf(request: Request, sent: SentCsrfDep) -> None:
    """Forms shown before sign-in (sign-in, language): the double-submit token (charte.web.security)."""
    if not presession_matches(request.cookies.get(PRESESSION_COOKIE), sent):
        raise CsrfFailed()


PresessionCsrfDep = Annotated[None, Depends(check_presession_csrf)]
