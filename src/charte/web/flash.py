"""One-time messages shown on the next page ("Draft saved.", "You are signed out.").

Kept in a short-lived cookie sealed with the server's keys (Fernet, ``charte.store.sealing``): nobody can
plant a message of their own in someone's page. The cookie holds the English message id and its
parameters; the next page translates it into its own language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

from charte import i18n
from charte.errors import SecretKeyError
from charte.store import sealing
from charte.web.deps import host_state

FLASH_COOKIE = "charte_flash"
Kind = Literal["info", "success", "warning", "error"]
_MAX_MESSAGES = 5
_KINDS: dict[object, Kind] = {"info": "info", "success": "success", "warning": "warning", "error": "error"}


@dataclass(frozen=True)
class Flash:
    kind: Kind
    text: str  # translated


def flash(
    request: Request, response: Response, message: str, /, *, kind: Kind = "success", **params: str | int
) -> None:
    """Show ``message`` (an English msgid marked with ``N_()``; ``{name}`` placeholders filled from
    ``params``) on the next page this browser opens."""
    pending = _read(request)[: _MAX_MESSAGES - 1]
    pending.append({"kind": kind, "message": message, "params": {k: str(v) for k, v in params.items()}})
    response.set_cookie(
        FLASH_COOKIE,
        sealing.active().seal(json.dumps(pending)),
        max_age=120,
        path="/",
        httponly=True,
        samesite="lax",
        secure=host_state(request).settings.cookie_secure,
    )


def _read(request: Request) -> list[dict[str, object]]:
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw or len(raw) > 4000:
        return []
    try:
        items = json.loads(sealing.active().open(raw))
    except (SecretKeyError, ValueError):
        return []  # not ours, or sealed with a key since removed: show nothing
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def pending(request: Request) -> list[Flash]:
    """The messages waiting for this browser, translated into the current language (clear them on the
    answer that shows them with :func:`clear`)."""
    out = []
    for item in _read(request):
        kind, message, params = _KINDS.get(item.get("kind")), item.get("message"), item.get("params")
        if kind is not None and isinstance(message, str):
            values = params if isinstance(params, dict) else {}
            out.append(Flash(kind, i18n.gettext(message, **{str(k): str(v) for k, v in values.items()})))
    return out


def clear(request: Request, response: Response) -> None:
    if request.cookies.get(FLASH_COOKIE) is not None:
        response.delete_cookie(FLASH_COOKIE, path="/", httponly=True, samesite="lax")
