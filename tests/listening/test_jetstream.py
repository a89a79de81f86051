"""The Bluesky Jetstream adapter against a local websocket server replaying recorded events."""

from __future__ import annotations

import asyncio
import json

import pytest

from charte.errors import InputError, RateLimited, TransientError
from charte.listening.adapters.jetstream import JetstreamAdapter
from charte.listening.memory import MemoryStore
from charte.listening.types import MAX_TEXT_CHARS, Batch, SourceConfig
from tests.listening.fakes import LOCAL, JetstreamServer, recorded_events

WATCH = ("acme.bsky.social", "Acme Coffee", "did:plc:acmeorg7q2w3e4r5t6y7u8i9", "acmefail")
LAST = "1725911162000014"


def config(url: str, **settings: object) -> SourceConfig:
    return SourceConfig(
        id=1,
        organisation_id=1,
        kind="bluesky",
        settings={"url": url, "flush_seconds": 0.05, "rewind_seconds": 0.001, **settings},
        watch=WATCH,
    )


async def read_until(adapter: JetstreamAdapter, cursor: str | None, last: str) -> list[Batch]:
    batches: list[Batch] = []

    async def consume() -> None:
        async for batch in adapter.stream(cursor):
            batches.append(batch)
            if batch.cursor == last:
                return

    await asyncio.wait_for(consume(), timeout=10)
    return batches


def test_recorded_events_become_mentions_and_malformed_ones_are_counted() -> None:
    async def scenario() -> list[Batch]:
        async with JetstreamServer(recorded_events()) as server:
            return await read_until(JetstreamAdapter(config(server.url), LOCAL), None, LAST)

    batches = asyncio.run(scenario())
    store = MemoryStore()
    for batch in batches:
        store.accept(1, batch)
    mentions = {m.external_id.rsplit("/", 1)[1]: m for m in store.mentions(1)}
    assert sorted(mentions) == [
        "3l3qo2vuowo2b",
        "3l3qo2w3fff2b",
        "3l3qo2w8mmm2b",
        "3l3qo2w9ooo2b",
        "3l3qo2xappp2b",
    ]
    first = mentions["3l3qo2vuowo2b"]
    assert first.external_id == "at://did:plc:alice4kq2x7vbnm3lcz5wq6h/app.bsky.feed.post/3l3qo2vuowo2b"
    assert first.author_handle == "alice.bsky.social"  # learnt from the identity event before it
    assert first.lang == "en" and first.created_at.isoformat() == "2024-09-09T19:46:02.102000+00:00"
    assert first.url == "https://bsky.app/profile/did:plc:alice4kq2x7vbnm3lcz5wq6h/post/3l3qo2vuowo2b"
    assert "(edited)" not in first.text  # the update arrives as a duplicate the store drops
    reply = mentions["3l3qo2w3fff2b"]
    assert reply.lang == "fr" and reply.author_handle == "did:plc:chloe2mn8bv7cx6z5la4sd3f"
    assert reply.in_reply_to == "at://did:plc:acmeorg7q2w3e4r5t6y7u8i9/app.bsky.feed.post/3l3pte3p2e325"
    broken = mentions["3l3qo2w8mmm2b"].text
    assert broken == "Acme Coffee broke my mug \ufffd and my heart \ufffd"
    broken.encode("utf-8")  # storable as UTF-8
    assert mentions["3l3qo2w9ooo2b"].text == "big thanks to the support team 🙏"  # matched by its facet's DID
    assert mentions["3l3qo2xappp2b"].lang is None  # "langs" was not a list
    health = store.health(1)
    assert health.duplicates == 1
    assert dict(health.skipped) == {"malformed event": 2, "malformed post": 2}
    assert health.cursor == LAST


def test_resume_rewinds_the_cursor_a_little() -> None:
    adapter = JetstreamAdapter(config("ws://127.0.0.1:1/subscribe", rewind_seconds=2), LOCAL)
    assert adapter.subscribe_url(None).endswith("?wantedCollections=app.bsky.feed.post")
    assert adapter.subscribe_url("1725911162000014").endswith("&cursor=1725911160000014")


def test_a_1mb_post_is_cut_and_marked() -> None:
    huge = "acme.bsky.social " + "a" * 1_000_000
    event = {
        "did": "did:plc:big",
        "time_us": 5,
        "kind": "commit",
        "commit": {
            "operation": "create",
            "collection": "app.bsky.feed.post",
            "rkey": "3big",
            "record": {"text": huge, "createdAt": "2024-09-09T19:46:02Z"},
        },
    }

    async def scenario() -> list[Batch]:
        async with JetstreamServer([json.dumps(event)]) as server:
            return await read_until(JetstreamAdapter(config(server.url), LOCAL), None, "5")

    [mention] = [m for b in asyncio.run(scenario()) for m in b.mentions]
    assert mention.truncated and len(mention.text) == MAX_TEXT_CHARS


def test_http_429_on_connect_says_how_long_to_wait() -> None:
    async def scenario() -> None:
        async with JetstreamServer([], reject=[(429, {"Retry-After": "7"})]) as server:
            await read_until(JetstreamAdapter(config(server.url), LOCAL), None, LAST)

    with pytest.raises(RateLimited) as caught:
        asyncio.run(scenario())
    assert caught.value.retry_after == 7
    assert "429" in str(caught.value)


def test_a_socket_closed_midstream_is_a_transient_error_after_the_batches_read() -> None:
    batches: list[Batch] = []

    async def scenario() -> None:
        async with JetstreamServer(recorded_events(), close_after=6) as server:
            async for batch in JetstreamAdapter(config(server.url), LOCAL).stream(None):
                batches.append(batch)

    with pytest.raises(TransientError, match="connection closed"):
        asyncio.run(scenario())
    assert batches and batches[-1].cursor == "1725911162000006"


def test_the_egress_guard_refuses_loopback_unless_allowed() -> None:
    from charte.connectors.egress import Egress
    from charte.errors import EgressRefused

    adapter = JetstreamAdapter(config("ws://127.0.0.1:9/subscribe"), Egress())
    with pytest.raises(EgressRefused):
        asyncio.run(read_until(adapter, None, LAST))


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"url": "https://jetstream.example/subscribe"}, "settings.url"),
        ({"url": "wss://jetstream.example/subscribe?cursor=1"}, "settings.url"),
        ({"batch_size": 0}, "settings.batch_size"),
        ({"flush_seconds": "soon"}, "settings.flush_seconds"),
        ({"wantedDids": ["did:plc:x"]}, "settings.wantedDids"),
    ],
)
def test_bad_settings_name_the_field(settings: dict[str, object], field: str) -> None:
    cfg = SourceConfig(id=1, organisation_id=1, kind="bluesky", settings=settings, watch=WATCH)
    with pytest.raises(InputError, match=field.replace(".", r"\.")):
        JetstreamAdapter(cfg, LOCAL)


def test_an_empty_watch_list_is_refused() -> None:
    cfg = SourceConfig(id=1, organisation_id=1, kind="bluesky", watch=(" ",))
    with pytest.raises(InputError, match="watch"):
        JetstreamAdapter(cfg, LOCAL)


def test_one_timer_per_batch_not_one_per_event_and_a_quiet_stream_still_flushes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Receiving an event cost a third more with a timeout scheduled around each ``recv``: the flush timer is
    armed once per batch. A stream that goes quiet still hands over what it read after ``flush_seconds``."""
    import websockets

    from charte.listening.adapters import jetstream

    events = recorded_events()
    armed: list[float] = []
    real = asyncio.timeout_at

    def counting(when: float) -> asyncio.Timeout:
        armed.append(when)
        return real(when)

    monkeypatch.setattr(jetstream.asyncio, "timeout_at", counting)

    class Socket:  # every event already received (no wait), then silence, then a close
        def __init__(self) -> None:
            self.queue = list(events)
            self.quiet = True

        async def recv(self) -> str:
            if self.queue:
                return self.queue.pop(0)
            if self.quiet:
                self.quiet = False
                await asyncio.sleep(1)  # longer than flush_seconds: the batch read so far is handed over
            raise websockets.ConnectionClosed(None, None)

    async def scenario() -> list[Batch]:
        adapter = JetstreamAdapter(config("ws://127.0.0.1:1/subscribe"), LOCAL)
        batches: list[Batch] = []
        with pytest.raises(websockets.ConnectionClosed):
            async for batch in adapter._read(Socket(), None):  # type: ignore[arg-type]
                batches.append(batch)
        return batches

    batches = asyncio.run(scenario())
    assert len(events) > 10 and len(armed) <= 3
    assert batches[0].cursor == LAST and len(batches[0].mentions) == 6
