"""Headers every web answer carries, and the CSRF token of forms shown before sign-in.

Pages get a content security policy with no ``'unsafe-inline'``: scripts and styles come only from
``/static`` (Charte's own files, and the Swagger UI files of the ``fastapi-offline`` package).

CSRF, two cases (docs/web.md, "Forms"):

* signed in, a form carries the session's own token (its hash is stored with the session, the raw value sits
  in the ``charte_csrf`` cookie the API uses too); the server compares it with the session's row, so a token
  from another session, or none, is refused;
* before sign-in (the sign-in form, the language switcher), a random *pre-session* token is set in an
  HttpOnly, SameSite=Strict cookie and echoed in the form (double submit): another site can neither read the
  cookie nor make the browser send it, so it cannot sign a victim into the attacker's account.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from charte.service import security

PRESESSION_COOKIE = "charte_presession"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: Pages: Charte's own scripts and styles only; no inline script or style, no frames, forms post to Charte.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
#: The API documentation: the same, except that Swagger UI and ReDoc set element styles from their own
#: scripts (style attributes and <style> elements they create), which 'unsafe-inline' for *styles* allows,
#: and ReDoc runs its search in a worker it creates from a blob of its own script. Scripts stay 'self':
#: nothing inline runs. (ReDoc's footer logo points at its CDN: the policy refuses it, nothing is fetched.)
DOCS_CSP = (
    PAGE_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'") + "; worker-src 'self' blob:"
)

BASE_HEADERS: Mapping[str, str] = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def headers_for(path: str, content_type: str) -> dict[str, str]:
    """The security headers of one answer: a CSP on HTML, no caching of pages (they show personal data)."""
    out = dict(BASE_HEADERS)
    if content_type.startswith("text/html"):
        docs = path in ("/docs", "/redoc")
        out["content-security-policy"] = DOCS_CSP if docs else PAGE_CSP
        out["cache-control"] = "no-store"
    return out


class SecurityHeaders:
    """Pure ASGI: adds :func:`headers_for` to every answer of the wrapped app (pages, errors, static files),
    without replacing a header the app set itself."""

    def __init__(self, app: ASGIApp, https: bool = True) -> None:
        self.app = app
        # Served over HTTPS (CHARTE_COOKIE_SECURE, the default): browsers must never come back over plain HTTP.
        self.extra = [(b"strict-transport-security", b"max-age=31536000")] if https else []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                content_type = next(
                    (
                        v.decode("latin-1")
                        for n, v in message.get("headers", [])
                        if n.lower() == b"content-type"
                    ),
                    "",
                )
                extra = [
                    (k.encode(), v.encode())
                    for k, v in headers_for(scope.get("path", ""), content_type).items()
                    if k.encode() not in present
                ]
                message["headers"] = [*message.get("headers", []), *extra, *self.extra]
            await send(message)

        await self.app(scope, receive, with_headers)


def new_presession_token() -> str:
    return secrets.token_urlsafe(24)


def presession_matches(cookie: str | None, sent: str | None) -> bool:
    """The double-submit check of the forms shown before sign-in."""
    return bool(cookie) and bool(sent) and security.same(cookie or "", sent or "")


def safe_next(target: str | None, default: str = "/") -> str:
    """A local path to go back to after sign-in, or ``default``: never another site (``//evil``, ``/\\evil``,
    ``https://…``), so the sign-in page cannot be used to send people elsewhere."""
    if not target or len(target) > 2000 or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target
