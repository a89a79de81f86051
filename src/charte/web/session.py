"""Who is looking at a page: the browser session behind the cookie, checked on every request by the
service (``auth.from_session``), and the cookies that carry it.

The web interface and the API share one session (the same cookie): a person signed in here can use the
API's JSON from the page's scripts with the ``X-CSRF-Token`` header, and signing out ends both.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from charte.service import acknowledgements, auth, crisis
from charte.service.errors import AuthenticationFailed, CsrfFailed
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.settings import Settings
from charte.store.repositories import Store
from charte.web.security import SAFE_METHODS

#: The known-device cookie of the sign-in form (the API's goes to /v1/auth): sent to the sign-in page only.
DEVICE_PATH = "/sign-in"


@dataclass(frozen=True)
class Viewer:
    """The signed-in person, as pages need them: the principal the service checks, and what to show."""

    principal: Principal
    name: str
    email: str
    csrf_token: str
    totp_enabled: bool
    ack_pending: bool = False  # the active policy waits for this person's acknowledgement (a banner shows)
    crisis: str | None = None  # the summary of the organisation's active crisis (a banner on every page)

    def can(self, permission: Permission) -> bool:
        return self.principal.can(permission)

    def can_any(self, permissions: tuple[Permission, ...]) -> bool:
        return not permissions or any(self.principal.can(p) for p in permissions)


def authenticate(store: Store, request: Request, sent_csrf: str | None) -> Viewer:
    """The viewer behind the session cookie, or :class:`AuthenticationFailed` (no cookie, expired, signed
    out, deactivated). On a method that changes something, the form's CSRF token must be the session's, or
    :class:`CsrfFailed` (checked only once the session is known to be valid: an expired session sends the
    person to sign in, with their work kept, rather than to a refusal)."""
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    if not cookie:
        raise AuthenticationFailed("sign in to continue")
    principal, row = auth.from_session(store, cookie)
    if request.method not in SAFE_METHODS and not auth.csrf_matches(row, sent_csrf):
        raise CsrfFailed(principal)
    user = store.users.by_id(principal.user_id)
    if user is None:  # from_session has just read it; a concurrent deletion
        raise AuthenticationFailed("sign in to continue")
    token = request.cookies.get(auth.CSRF_COOKIE, "")
    pending = not principal.needs_totp and acknowledgements.pending(store, principal)
    active = crisis.active(store, principal.org_id)  # one indexed lookup, remembered for the request
    return Viewer(
        principal,
        user.display_name or user.email,
        user.email,
        token,
        bool(user.totp_enabled),
        pending,
        active.summary if active is not None else None,
    )


def set_session_cookies(response: Response, settings: Settings, result: auth.LoginResult) -> None:
    """The session (HttpOnly), its CSRF token (readable by the page's scripts, for the API's header) and,
    on a first sign-in from this browser, the known-device cookie.

    SameSite=Lax, not Strict: a link to a page of Charte in an e-mail or a chat (an approval waiting) opens
    signed in. Lax never sends the cookie on another site's POST, and every form also carries the token."""
    max_age = settings.session_hours * 3600
    secure = settings.cookie_secure
    response.set_cookie(
        auth.SESSION_COOKIE,
        result.session_token,
        max_age,
        path="/",
        secure=secure,
        httponly=True,
        samesite="lax",
    )
    response.set_cookie(
        auth.CSRF_COOKIE, result.csrf_token, max_age, path="/", secure=secure, httponly=False, samesite="lax"
    )
    if result.device_token is not None:
        response.set_cookie(
            auth.DEVICE_COOKIE,
            result.device_token,
            settings.device_cookie_days * 86400,
            path=DEVICE_PATH,
            secure=secure,
            httponly=True,
            samesite="strict",
        )


def clear_session_cookies(response: Response, settings: Settings) -> None:
    secure = settings.cookie_secure
    response.delete_cookie(auth.SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="lax")
    response.delete_cookie(auth.CSRF_COOKIE, path="/", secure=secure, httponly=False, samesite="lax")
