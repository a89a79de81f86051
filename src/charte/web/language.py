"""The language of a page: the one the person chose (a cookie, kept a year), else the browser's
``Accept-Language``, else English. Set for the whole request with :func:`charte.i18n.use_lang`, so templates,
flash messages and the service's own messages (findings, fixes) all speak it."""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

from charte import i18n

LANG_COOKIE = "charte_lang"
LANG_COOKIE_DAYS = 365
#: The switcher's labels: each language named in itself, so a person who cannot read the page finds theirs.
LANGUAGES: tuple[tuple[str, str], ...] = (("en", "English"), ("fr", "Français"))


def from_accept_language(header: str | None) -> str | None:
    """The first supported language of an ``Accept-Language`` header, by quality (``fr-CH;q=0.9, en;q=0.8``)."""
    if not header:
        return None
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        base = tag.strip().lower().split("-")[0]
        if base in i18n.LANGS and quality > 0:
            choices.append((-quality, index, base))
    return min(choices)[2] if choices else None


def pick(cookie: str | None, accept_language: str | None) -> str:
    if cookie and cookie in i18n.LANGS:
        return cookie
    return from_accept_language(accept_language) or i18n.DEFAULT_LANG


def request_lang(conn: HTTPConnection) -> str:
    """The language :class:`LanguageMiddleware` chose for this request."""
    lang = conn.scope.get("state", {}).get("lang")
    return lang if lang in i18n.LANGS else i18n.DEFAULT_LANG


class LanguageMiddleware:
    """Chooses the request's language once and translates everything inside the request into it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        lang = pick(conn.cookies.get(LANG_COOKIE), conn.headers.get("accept-language"))
        scope.setdefault("state", {})["lang"] = lang
        with i18n.use_lang(lang):
            await self.app(scope, receive, send)
