"""Bluesky through Jetstream: the network's posts as JSON over a websocket, filtered here on the watch list.

Jetstream (https://github.com/bluesky-social/jetstream) sends every post of the network (``wantedCollections=
app.bsky.feed.post``), hundreds per second, each event stamped with ``time_us``; reconnecting with
``cursor=<time_us>`` replays from there. The cursor stored after a batch is the ``time_us`` of the last event
read, and a restart resumes ``rewind_seconds`` earlier (the store drops what it already has), so no post is
missed across a restart.

The filter runs on the raw line first: an event whose lower-cased JSON contains no watched term is dropped
without being parsed (one Aho-Corasick pass, the bulk of the stream). An event that does is parsed and matched
again on what it says — the post's text, the accounts and links it mentions, the post it answers — so a term
that only occurs in a JSON key does not let it through. Events from watched terms that are malformed are
counted as skipped with a reason; Jetstream's ``identity`` events keep a cache of handles (an event carries the
author's DID only).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections import OrderedDict
from collections.abc import AsyncIterator, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

import websockets
from pydantic import BaseModel, ConfigDict, Field, field_validator
from websockets.asyncio.client import ClientConnection, connect

from charte.connectors.egress import Egress
from charte.errors import ConnectorError, TransientError
from charte.listening.adapters._common import egress_or_default, http_error, validate_settings
from charte.listening.matching import Watchlist
from charte.listening.text import clean_text, parse_time
from charte.listening.types import Batch, IncomingMention, Skipped, SourceConfig

POST = "app.bsky.feed.post"
DEFAULT_URL = "wss://jetstream2.us-east.bsky.network/subscribe"
_TIME_US = re.compile(r'"time_us"\s*:\s*(\d{1,20})')
#: DIDs whose handle the adapter remembers (from ``identity`` events); the oldest are forgotten first.
HANDLE_CACHE = 100_000
#: Seconds the closing handshake may take before the connection is dropped.
CLOSE_TIMEOUT = 1.0


class JetstreamSettings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str = Field(DEFAULT_URL, description="the Jetstream instance's subscribe endpoint (ws:// or wss://)")
    rewind_seconds: float = Field(
        5.0, ge=0, le=3600, description="how far before the stored cursor to resume"
    )
    batch_size: int = Field(500, ge=1, le=10_000, description="mentions per stored batch at most")
    flush_seconds: float = Field(
        1.0, gt=0, le=60, description="longest wait before a batch and cursor are stored"
    )
    max_message_bytes: int = Field(
        16 * 2**20, ge=2**16, le=2**27, description="largest websocket message read"
    )
    open_timeout: float = Field(10.0, gt=0, le=120)
    ping_interval: float = Field(20.0, gt=0, le=300, description="seconds between keepalive pings")
    ping_timeout: float = Field(
        20.0, gt=0, le=300, description="seconds a ping may wait for its answer before the socket is closed"
    )

    @field_validator("url")
    @classmethod
    def _ws_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("ws", "wss") or not parts.hostname:
            raise ValueError("must be a ws:// or wss:// URL with a host")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError("must have no query, fragment or credentials (the adapter adds the query)")
        return value


class JetstreamAdapter:
    """Reads Jetstream from a cursor (a ``time_us``) on; see the module's docstring."""

    def __init__(self, config: SourceConfig, egress: Egress | None = None) -> None:
        self.settings = validate_settings(JetstreamSettings, config.settings)
        self.watch = Watchlist(config.watch)
        self.egress = egress_or_default(egress)
        self.handles: OrderedDict[str, str] = OrderedDict()

    # -- connection ------------------------------------------------------------------------------------------
    def subscribe_url(self, cursor: str | None) -> str:
        query: dict[str, str] = {"wantedCollections": POST}
        if cursor is not None and cursor.isdigit():
            query["cursor"] = str(max(0, int(cursor) - int(self.settings.rewind_seconds * 1_000_000)))
        return f"{self.settings.url}?{urlencode(query)}"

    async def _connect(self, cursor: str | None) -> ClientConnection:
        parts = urlsplit(self.settings.url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        address = (await asyncio.to_thread(self.egress.addresses, host, port))[0]
        extra: dict[str, Any] = {"server_hostname": host} if parts.scheme == "wss" else {}
        try:
            # The TCP connection goes to the address the egress guard checked; TLS and Host keep the name.
            return await connect(
                self.subscribe_url(cursor),
                host=str(address),
                port=port,
                proxy=None,
                open_timeout=self.settings.open_timeout,
                ping_interval=self.settings.ping_interval,
                ping_timeout=self.settings.ping_timeout,
                # A stream closed while messages are still buffered (the runner pausing a congested source)
                # would otherwise wait the default 10 s for a close frame queued behind them.
                close_timeout=CLOSE_TIMEOUT,
                max_size=self.settings.max_message_bytes,
                compression=None,
                **extra,
            )
        except websockets.InvalidStatus as exc:
            raise http_error(exc.response.status_code, exc.response.headers, "jetstream") from None
        except (websockets.InvalidHandshake, websockets.InvalidURI) as exc:
            raise ConnectorError(f"jetstream: handshake refused ({type(exc).__name__})") from None
        except TimeoutError:
            raise TransientError("jetstream: timed out connecting") from None
        except OSError as exc:
            raise TransientError(f"jetstream: cannot connect ({type(exc).__name__})") from None

    async def stream(self, cursor: str | None) -> AsyncIterator[Batch]:
        socket = await self._connect(cursor)
        try:
            async for batch in self._read(socket, cursor):
                yield batch
        except websockets.ConnectionClosed as exc:
            code = exc.rcvd.code if exc.rcvd else 1006
            raise TransientError(f"jetstream: connection closed (code {code})") from None
        finally:
            await socket.close()

    async def _read(self, socket: ClientConnection, cursor: str | None) -> AsyncIterator[Batch]:
        loop = asyncio.get_running_loop()
        mentions: list[IncomingMention] = []
        skipped: list[Skipped] = []
        best = int(cursor) if cursor is not None and cursor.isdigit() else 0
        sent = best
        size, every = self.settings.batch_size, self.settings.flush_seconds
        closed: websockets.ConnectionClosed | None = None
        while True:
            last_raw = ""
            # One timeout per batch, not one per event: a timer scheduled and cancelled for every message cost
            # a third of receiving it. Cancelling ``recv`` loses no message (websockets), and the batch is
            # yielded outside the timeout, so it never expires in the consumer's code.
            try:
                async with asyncio.timeout_at(loop.time() + every):
                    while len(mentions) < size:
                        raw = await socket.recv()
                        text = raw if isinstance(raw, str) else raw.decode("utf-8", "replace")
                        last_raw = text
                        if self.wanted(text):
                            stamp, found = self.handle(text)
                            best = max(best, stamp)
                            if isinstance(found, Skipped):
                                skipped.append(found)
                            elif found is not None:
                                mentions.append(found)
            except TimeoutError:
                pass
            except websockets.ConnectionClosed as exc:
                closed = exc  # what was read before is stored, then the error is raised
            if last_raw:
                best = max(best, _stamp(last_raw))
            if mentions or skipped or best != sent:
                yield Batch(tuple(mentions), tuple(skipped), str(best) if best else cursor)
                mentions, skipped, sent = [], [], best
            if closed is not None:
                raise closed

    # -- one event -------------------------------------------------------------------------------------------
    def wanted(self, raw: str) -> bool:
        """Whether the raw event may name the organisation (or is an identity event, to learn a handle)."""
        if self.watch.matches(raw):
            return True
        if '"identity"' in raw:
            return True
        return self.watch.has_non_ascii and "\\u" in raw

    def handle(self, raw: str) -> tuple[int, IncomingMention | Skipped | None]:
        """``(time_us, what it gives)``: a mention, a ``Skipped`` for a malformed event, or ``None`` for an event
        that is not a watched post; ``time_us`` is 0 when the event has none."""
        try:
            event = json.loads(raw)
        except ValueError:
            return 0, Skipped("malformed event", "not JSON")
        if not isinstance(event, dict):
            return 0, Skipped("malformed event", "not a JSON object")
        stamp, did, kind = event.get("time_us"), event.get("did"), event.get("kind")
        if not isinstance(stamp, int) or stamp < 0 or not isinstance(did, str) or not did:
            return 0, Skipped("malformed event", "time_us or did missing")
        if kind == "identity":
            self._learn_handle(did, event.get("identity"))
            return stamp, None
        if kind != "commit":
            return stamp, None  # account events and future kinds carry no post
        commit = event.get("commit")
        if not isinstance(commit, dict):
            return stamp, Skipped("malformed event", "commit missing")
        if commit.get("collection") != POST or commit.get("operation") not in ("create", "update"):
            return stamp, None  # deletions, other collections: nothing to take in
        return self._post(stamp, did, commit)

    def _post(
        self, stamp: int, did: str, commit: Mapping[str, Any]
    ) -> tuple[int, IncomingMention | Skipped | None]:
        record, rkey = commit.get("record"), commit.get("rkey")
        if not isinstance(record, dict) or not isinstance(rkey, str) or not rkey:
            return stamp, Skipped("malformed post", "record or rkey missing")
        text = record.get("text", "")
        created = parse_time(record.get("createdAt"))
        if not isinstance(text, str):
            return stamp, Skipped("malformed post", "record.text is not a string")
        if created is None:
            return stamp, Skipped("malformed post", "record.createdAt missing or not a date")
        reply = _dig(record, "reply", "parent", "uri")
        refs = _facet_refs(record.get("facets"))
        body, cut = clean_text(text)
        if not self.watch.matches("\n".join([body, *refs, reply or ""])):
            return stamp, None
        langs = record.get("langs")
        lang = langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else None
        mention = IncomingMention(
            external_id=f"at://{did}/{POST}/{rkey}",
            text=body,
            author_handle=self.handles.get(did, did),
            created_at=created,
            url=f"https://bsky.app/profile/{did}/post/{rkey}",
            in_reply_to=reply,
            lang=lang[:35] if lang else None,
            truncated=cut,
        )
        return stamp, mention

    def _learn_handle(self, did: str, identity: object) -> None:
        handle = identity.get("handle") if isinstance(identity, dict) else None
        if isinstance(handle, str) and handle:
            self.handles[did] = clean_text(handle, 253)[0]
            self.handles.move_to_end(did)
            if len(self.handles) > HANDLE_CACHE:
                self.handles.popitem(last=False)


def _stamp(raw: str) -> int:
    found = _TIME_US.search(raw, 0, 200) or _TIME_US.search(raw)
    return int(found.group(1)) if found else 0


def _dig(value: object, *keys: str) -> str | None:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, str) else None


def _facet_refs(facets: object) -> list[str]:
    """The DIDs, links and tags a post's facets point to (a mention's DID is not in its text)."""
    refs: list[str] = []
    if not isinstance(facets, list):
        return refs
    for facet in facets:
        features = facet.get("features") if isinstance(facet, dict) else None
        for feature in features if isinstance(features, list) else ():
            if isinstance(feature, dict):
                refs.extend(str(feature[k]) for k in ("did", "uri", "tag") if isinstance(feature.get(k), str))
    return refs
