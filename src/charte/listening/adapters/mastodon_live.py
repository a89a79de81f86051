"""Mastodon's streaming API (Server-Sent Events) for hashtags and mentions, after the adapter has caught up.

Each followed feed gets one long request in a worker thread (``GET /api/v1/streaming/hashtag?tag=…``, and
``/api/v1/streaming/user/notification`` for mentions) through the same egress-guarded client as the polls; the
events arrive on an asyncio queue and leave as batches whose cursor is the same JSON object of last ids as a
poll's. When a stream ends or fails, the error goes to the runner, which resumes with a poll (no gap) and then
streams again. Cancelling closes the open responses, which ends their threads.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Callable, Iterator

import httpx

from charte.errors import AuthExpired, ConnectorError, TransientError
from charte.listening.adapters._common import http_error
from charte.listening.types import Batch, IncomingMention, Skipped

#: Seconds without a byte (Mastodon sends a heartbeat comment every few seconds) before a stream counts as dead.
READ_TIMEOUT = 90.0
Item = tuple[str | None, object] | BaseException | None  # a status, a failure, or None: the stream ended


def id_key(value: object) -> tuple[int, str]:
    """Mastodon ids are numbers written as strings: order them as numbers."""
    text = str(value)
    return (len(text), text) if text.isdigit() else (0, text)


class LiveStreams:
    """The open streams of one adapter; ``batches`` yields what they deliver until one of them ends."""

    def __init__(
        self,
        client: httpx.Client,
        base: str,
        secret: str | None,
        feeds: dict[str, tuple[str, dict[str, str]]],
        mention: Callable[[object], IncomingMention | Skipped],
    ) -> None:
        self.client, self.base, self.secret, self.feeds, self.mention = client, base, secret, feeds, mention
        self._responses: list[httpx.Response] = []
        self._lock = threading.Lock()
        self._closed = False

    async def batches(self, positions: dict[str, str]) -> AsyncIterator[Batch]:
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[tuple[str, Item]] = asyncio.Queue()

        def put(feed: str, item: Item) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, (feed, item))

        threads = [
            threading.Thread(target=self._follow, args=(name, path, params, put), daemon=True)
            for name, (path, params) in self.feeds.items()
        ]
        for thread in threads:
            thread.start()
        try:
            while True:
                items = [await queue.get()]
                while not queue.empty():
                    items.append(queue.get_nowait())
                mentions: list[IncomingMention] = []
                skipped: list[Skipped] = []
                failure: BaseException | None = None
                for feed, item in items:
                    if item is None or isinstance(item, BaseException):
                        failure = item or TransientError("mastodon: the stream ended")
                        break
                    ident, status = item
                    if ident is not None and feed in positions and id_key(ident) <= id_key(positions[feed]):
                        continue  # already read by the poll that caught up
                    made = self.mention(status)
                    if isinstance(made, Skipped):
                        skipped.append(made)
                    else:
                        mentions.append(made)
                    if ident is not None:
                        positions[feed] = ident
                if mentions or skipped:  # what arrived before a failure is stored first
                    cursor = json.dumps(positions, sort_keys=True, separators=(",", ":"))
                    yield Batch(tuple(mentions), tuple(skipped), cursor)
                if failure is not None:
                    raise failure
        finally:
            self.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            responses, self._responses = self._responses, []
        for response in responses:
            response.close()

    def _follow(self, feed: str, path: str, params: dict[str, str], put: Callable[[str, Item], None]) -> None:
        headers = {"Accept": "text/event-stream"}
        if self.secret:
            headers["Authorization"] = f"Bearer {self.secret}"
        timeout = httpx.Timeout(20.0, read=READ_TIMEOUT)
        try:
            with self.client.stream(
                "GET", self.base + path, params=params, headers=headers, timeout=timeout
            ) as r:
                with self._lock:
                    if self._closed:
                        return
                    self._responses.append(r)
                if r.status_code == 401:
                    raise AuthExpired("mastodon: the access token was refused by the stream (HTTP 401)")
                if r.status_code != 200:
                    raise http_error(r.status_code, r.headers, "mastodon stream")
                for event, data in _events(r.iter_lines()):
                    item = _item(feed, event, data)
                    if item is not None:
                        put(feed, item)
            put(feed, None)
        except (httpx.TimeoutException, httpx.TransportError, httpx.StreamError):
            if not self._closed:
                put(feed, TransientError("mastodon: the stream was cut"))
        except ConnectorError as exc:
            put(feed, exc)


def _events(lines: Iterator[str]) -> Iterator[tuple[str, str]]:
    """``(event, data)`` pairs from Server-Sent Events lines (comments, the heartbeats, are dropped)."""
    event, data = "message", list[str]()
    for line in lines:
        if not line:
            if data:
                yield event, "\n".join(data)
            event, data = "message", []
        elif line.startswith(":"):
            continue
        elif line.startswith("event:"):
            event = line[6:].strip()
        elif line.startswith("data:"):
            data.append(line[5:].lstrip())


def _item(feed: str, event: str, data: str) -> tuple[str | None, object] | None:
    """``(id, status)`` for a new status or mention (``(None, payload)`` when unreadable), else ``None``."""
    if event not in ("update", "notification"):
        return None  # deletions, edits, filters changed…
    try:
        payload = json.loads(data)
    except ValueError:
        return None, data
    if not isinstance(payload, dict) or payload.get("id") is None:
        return None, payload
    if event == "notification":
        if feed != "mentions" or payload.get("type") != "mention":
            return None
        return str(payload["id"]), payload.get("status")
    return str(payload["id"]), payload
