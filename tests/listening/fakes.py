"""Local stand-ins for the platforms: a Jetstream websocket replaying recorded events, an HTTP server answering
like a Mastodon instance or a feed host. Nothing here reaches the network."""

from __future__ import annotations

import asyncio
import ipaddress
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.http11 import Request, Response

from charte.connectors.egress import Egress

DATA = Path(__file__).parent / "data"
#: What the tests let the adapters reach: this machine only.
LOCAL = Egress(networks=(ipaddress.ip_network("127.0.0.0/8"),))
_STAMP = re.compile(r'"time_us"\s*:\s*(\d+)')


def recorded_events() -> list[str]:
    return (DATA / "jetstream.jsonl").read_text(encoding="utf-8").splitlines()


class JetstreamServer:
    """Replays ``lines`` to each connection from its ``cursor`` (the first event at or after it), then stays open.

    ``close_after``: abort each connection (no closing handshake, code 1006) after that many messages.
    ``pace``: seconds between two messages (a stream that lasts long enough to be interrupted).
    ``reject``: answer the next handshakes with these (status, headers) instead, one per connection.
    """

    def __init__(
        self,
        lines: list[str],
        *,
        close_after: int | None = None,
        reject: list[tuple[int, dict[str, str]]] | None = None,
        pace: float = 0.0,
    ) -> None:
        self.lines = lines
        self.pace = pace
        self.close_after = close_after
        self.reject = list(reject or [])
        self.paths: list[str] = []
        self.sent = 0
        stamps, last = [], 0
        for line in lines:
            found = _STAMP.search(line)
            last = int(found.group(1)) if found else last
            stamps.append(last)
        self.stamps = stamps
        self.server: Server | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        port = self.server.sockets[0].getsockname()[1]
        return f"ws://127.0.0.1:{port}/subscribe"

    async def __aenter__(self) -> JetstreamServer:
        self.server = await serve(self._handler, "127.0.0.1", 0, process_request=self._process, max_size=None)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    def _process(self, connection: ServerConnection, request: Request) -> Response | None:
        self.paths.append(request.path)
        if self.reject:
            status, headers = self.reject.pop(0)
            response = connection.respond(status, "go away\n")
            for name, value in headers.items():
                response.headers[name] = value
            return response
        return None

    async def _handler(self, socket: ServerConnection) -> None:
        query = parse_qs(urlsplit(socket.request.path if socket.request else "").query)
        assert query.get("wantedCollections") == ["app.bsky.feed.post"]
        cursor = int(query["cursor"][0]) if "cursor" in query else 0
        start = next((i for i, s in enumerate(self.stamps) if s >= cursor), len(self.lines))
        for count, line in enumerate(self.lines[start:]):
            if self.close_after is not None and count >= self.close_after:
                socket.transport.abort()
                return
            await socket.send(line)
            self.sent += 1
            if self.pace:
                await asyncio.sleep(self.pace)
        await socket.wait_closed()


Answer = tuple[int, dict[str, str], bytes]
Route = Callable[[dict[str, list[str]], dict[str, str]], Answer]


@dataclass
class FakeHTTP:
    """An HTTP server on 127.0.0.1: ``routes`` by path; ``faults`` answered first, one per request, whatever the path."""

    routes: dict[str, Route] = field(default_factory=dict)
    faults: list[Answer] = field(default_factory=list)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def __enter__(self) -> FakeHTTP:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                headers = {k.lower(): v for k, v in self.headers.items()}
                fake.seen.append((self.path, headers))
                if fake.faults:
                    status, extra, body = fake.faults.pop(0)
                elif parts.path.rstrip("/") in fake.routes:
                    status, extra, body = fake.routes[parts.path.rstrip("/")](parse_qs(parts.query), headers)
                else:
                    status, extra, body = 404, {"Content-Type": "application/json"}, b'{"error":"Not Found"}'
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"


def json_answer(value: object, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    return (
        status,
        {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        json.dumps(value).encode(),
    )


def status(
    ident: int, text: str, *, acct: str = "alice", lang: str = "en", reply: int | None = None
) -> dict[str, Any]:
    """A status as the Mastodon REST API writes it (the fields the adapter reads, and a few it does not)."""
    return {
        "id": str(ident),
        "uri": f"https://mastodon.example/users/{acct}/statuses/{ident}",
        "url": f"https://mastodon.example/@{acct}/{ident}",
        "created_at": f"2024-09-09T19:{ident % 60:02d}:02.000Z",
        "content": f"<p>{text}</p>",
        "spoiler_text": "",
        "in_reply_to_id": str(reply) if reply else None,
        "in_reply_to_account_id": None,
        "language": lang,
        "visibility": "public",
        "sensitive": False,
        "reblog": None,
        "media_attachments": [],
        "mentions": [],
        "tags": [],
        "emojis": [],
        "account": {
            "id": "1" if acct == "alice" else "2",
            "username": acct.split("@")[0],
            "acct": acct,
            "display_name": acct.split("@")[0].title(),
            "url": f"https://mastodon.example/@{acct}",
        },
    }


def paged(items: list[dict[str, Any]], query: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Mastodon's pagination: with ``min_id``, the page right after it; otherwise the newest; newest first."""
    limit = int(query.get("limit", ["20"])[0])
    ordered = sorted(items, key=lambda s: int(s["id"]))
    if "min_id" in query:
        after = int(query["min_id"][0])
        page = [s for s in ordered if int(s["id"]) > after][:limit]
    else:
        page = ordered[-limit:]
    return list(reversed(page))
