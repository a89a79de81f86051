"""Pure ASGI middleware: request ids, an access log without personal data, body size limits, and a
last-resort handler so no traceback ever reaches a client."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import re
import time
import uuid
from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from charte import i18n
from charte.api.problems import problem
from charte.errors import BodyTooLarge, safe_traceback
from charte.web.language import from_accept_language

access_log = logging.getLogger("charte.api.access")
error_log = logging.getLogger("charte.api.error")
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class BodyLimit:
    """Refuse bodies over ``limit`` bytes: at once when Content-Length says so, else while streaming
    (then the 413 is sent here, the application sees the client go away, and its own answer is dropped)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                raise BodyTooLarge()
        seen = 0
        state = {"refused": False, "started": False}

        async def guarded_send(message: Message) -> None:
            if state["refused"]:
                return
            if message["type"] == "http.response.start":
                state["started"] = True
            await send(message)

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit and not state["refused"]:
                if not state["started"]:
                    request_id = scope.get("state", {}).get("request_id")
                    await problem(
                        request_id,
                        413,
                        "body-too-large",
                        f"the request body is larger than {self.limit} bytes",
                    )(scope, receive, send)
                state["refused"] = True
                return {"type": "http.disconnect"}
            return message

        await self.app(scope, limited, guarded_send)


class ApiLanguage:
    """The language of the API's answers (its problems' ``title`` and ``detail``, the service's messages): the
    request's ``Accept-Language`` (``fr``, ``fr-CH;q=0.9, en;q=0.8``), else English. The pages choose theirs
    again inside (``charte.web.language``: the person's choice first)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((v for k, v in scope.get("headers", []) if k == b"accept-language"), b"")
        with i18n.use_lang(from_accept_language(header.decode("latin-1")[:500]) or i18n.DEFAULT_LANG):
            await self.app(scope, receive, send)


class TrustedProxies:
    """The client address behind configured reverse proxies: ``X-Forwarded-For`` is read only when the
    connection comes from one of ``networks``, right to left, skipping the proxies, so a client cannot choose
    the address its login attempts are counted under. With no networks the header is ignored."""

    def __init__(self, app: ASGIApp, networks: Sequence[IPv4Network | IPv6Network]) -> None:
        self.app, self.networks = app, tuple(networks)

    def _trusted(self, host: str) -> bool:
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        client = scope.get("client")
        if scope["type"] == "http" and self.networks and client and self._trusted(client[0]):
            hops = [
                h.strip()
                for name, value in scope.get("headers", [])
                if name == b"x-forwarded-for"
                for h in value.decode("latin-1").split(",")
            ]
            resolved = client[0]
            for hop in reversed(hops):
                try:
                    resolved = str(ipaddress.ip_address(hop))
                except ValueError:
                    break  # a malformed hop: believe nothing further left
                if not self._trusted(resolved):
                    break
            scope = {**scope, "client": (resolved, 0)}
        await self.app(scope, receive, send)


class ConcurrencyLimit:
    """At most ``limit`` requests inside the application at once; the others wait here, without a thread.

    Sync routes and dependencies run in a thread pool and each request holds one database connection
    across several thread hops: with more requests in flight than connections, threads blocked on the pool
    starve the requests holding connections (a deadlock until the pool times out). Capping requests in
    flight at the pool's capacity makes that impossible.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit
        self._semaphore: asyncio.Semaphore | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._semaphore is None:
            self._semaphore = asyncio.Semaphore(self.limit)
        async with self._semaphore:
            await self.app(scope, receive, send)


class RequestContext:
    """Outermost layer: gives each request an id, logs one line (method, route name, status, time),
    and turns any unhandled exception into a generic 500 problem carrying the id."""

    def __init__(self, app: ASGIApp, body_limit: int) -> None:
        self.app, self.body_limit = app, body_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers", [])).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = {"code": 500, "sent": False}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"], status["sent"] = message["status"], True
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except BodyTooLarge:
            await self._reply(
                scope,
                send_with_id,
                status,
                problem(
                    request_id,
                    413,
                    "body-too-large",
                    f"the request body is larger than {self.body_limit} bytes",
                ),
            )
        except Exception as exc:  # the last resort: log the type and the stack, never the message or values
            error_log.error("request %s failed: %s", request_id, safe_traceback(exc))
            await self._reply(
                scope,
                send_with_id,
                status,
                problem(
                    request_id,
                    500,
                    "internal",
                    "something went wrong on our side; quote the request id when reporting it",
                ),
            )
        finally:
            route = getattr(scope.get("route"), "name", None) or "<unmatched>"
            access_log.info(
                "%s %s %s %d %.1fms",
                request_id,
                scope["method"],
                route,
                status["code"],
                (time.perf_counter() - started) * 1000,
            )

    @staticmethod
    async def _reply(scope: Scope, send: Send, status: dict[str, Any], response: Any) -> None:
        if status["sent"]:
            return  # headers are gone; the server closes the connection
        await response(scope, _no_receive, send)


async def _no_receive() -> Message:
    return {"type": "http.disconnect"}
