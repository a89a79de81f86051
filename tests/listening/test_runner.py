"""The runner: resume from the stored cursor, back off and record errors, keep the other sources flowing."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections import Counter
from collections.abc import Callable

import pytest

from charte.errors import InputError, RateLimited, TransientError, Unresolvable
from charte.listening.memory import MemoryStore
from charte.listening.runner import Backoff, Runner, adapter_for, describe
from charte.listening.types import Batch, SourceAdapter, SourceConfig
from tests.listening.fakes import LOCAL, FakeHTTP, JetstreamServer, recorded_events
from tests.listening.test_feeds import RSS

WATCH = ("acme.bsky.social", "Acme Coffee", "did:plc:acmeorg7q2w3e4r5t6y7u8i9", "acmefail")
FAST = Backoff(base=0.01, cap=0.02, permanent=0.05)


def bluesky(url: str, source_id: int = 1, rewind: float = 0.001) -> SourceConfig:
    settings = {"url": url, "flush_seconds": 0.02, "rewind_seconds": rewind, "batch_size": 50}
    return SourceConfig(id=source_id, organisation_id=1, kind="bluesky", settings=settings, watch=WATCH)


def local(config: SourceConfig) -> SourceAdapter:
    return adapter_for(config, egress=LOCAL)


def synthetic_events(count: int, every: int = 7) -> tuple[list[str], set[str]]:
    """``count`` post events, one in ``every`` naming the organisation; and the external ids expected."""
    lines, expected = [], set()
    for i in range(count):
        text = f"@acme.bsky.social order {i} is late" if i % every == 0 else f"unrelated post number {i}"
        rkey = f"3k{i:08d}"
        event = {
            "did": f"did:plc:user{i % 97:04d}",
            "time_us": 1_725_911_162_000_000 + i * 1000,
            "kind": "commit",
            "commit": {
                "rev": f"3r{i:08d}",
                "operation": "create",
                "collection": "app.bsky.feed.post",
                "rkey": rkey,
                "record": {
                    "$type": "app.bsky.feed.post",
                    "text": text,
                    "createdAt": "2024-09-09T19:46:02.102Z",
                },
                "cid": f"bafyrei{i:040d}",
            },
        }
        lines.append(json.dumps(event))
        if i % every == 0:
            expected.add(f"at://{event['did']}/app.bsky.feed.post/{rkey}")
    return lines, expected


class LoggingStore(MemoryStore):
    """Remembers every mention delivered to it, duplicates included (what an idempotent store absorbs)."""

    def __init__(self, fail_first: int = 0) -> None:
        super().__init__()
        self.delivered: list[str] = []
        self.fail_first = fail_first

    def accept(self, source_id: int, batch: Batch) -> int:
        if self.fail_first:
            self.fail_first -= 1
            raise ConnectionError("database restarting")
        self.delivered += [m.external_id for m in batch.mentions]
        return super().accept(source_id, batch)


class PipelinedStore(LoggingStore):
    """A two-step sink (``prepare`` then ``commit``): the runner prepares the next batch before committing
    the one before; the log of steps shows it."""

    def __init__(self, fail_first: int = 0, seconds: float = 0.0) -> None:
        super().__init__(fail_first)
        self.seconds = seconds
        self.steps: list[tuple[str, str | None]] = []

    def prepare(self, source_id: int, batch: Batch) -> tuple[int, Batch]:
        self.steps.append(("prepare", batch.cursor))
        return source_id, batch

    def commit(self, prepared: tuple[int, Batch]) -> int:
        time.sleep(self.seconds)
        self.steps.append(("commit", prepared[1].cursor))
        return self.accept(*prepared)


async def until(condition: Callable[[], bool], timeout: float = 20) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


@pytest.mark.parametrize("kind", [LoggingStore, PipelinedStore])
def test_killed_mid_stream_and_restarted_nothing_is_lost_nor_stored_twice(kind: type[LoggingStore]) -> None:
    lines, expected = synthetic_events(3000)
    last = str(1_725_911_162_000_000 + 2999 * 1000)
    store = kind()

    async def scenario() -> None:
        async with JetstreamServer(lines, pace=0.0002) as server:
            first = asyncio.create_task(
                Runner(store, store, adapter_factory=local, backoff=FAST).run([bluesky(server.url)])
            )
            await until(lambda: len(store.mentions(1)) >= 60)
            first.cancel()  # the worker is killed mid-stream
            with pytest.raises(asyncio.CancelledError):
                await first
            assert len(store.mentions(1)) < len(expected)
            second = asyncio.create_task(
                Runner(store, store, adapter_factory=local, backoff=FAST).run([bluesky(server.url)])
            )
            await until(lambda: store.load_cursor(1) == last)
            second.cancel()
            with pytest.raises(asyncio.CancelledError):
                await second
            assert len(server.paths) == 2 and "cursor=" in server.paths[1]

    asyncio.run(scenario())
    stored = [m.external_id for m in store.mentions(1)]
    assert set(stored) == expected and len(stored) == len(expected)
    # The restart replays only the rewind window (1 ms: one event) after the stored cursor.
    twice = [k for k, n in Counter(store.delivered).items() if n > 1]
    assert len(twice) <= 1 and store.health(1).duplicates == len(twice)


def test_http_429_waits_what_retry_after_says_and_shows_on_health() -> None:
    store, delays = MemoryStore(), []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        await asyncio.sleep(0.01)

    async def scenario() -> None:
        async with JetstreamServer(recorded_events(), reject=[(429, {"Retry-After": "7"})]) as server:
            runner = Runner(store, store, adapter_factory=local, backoff=FAST, sleep=sleep)
            task = asyncio.create_task(runner.run([bluesky(server.url)]))
            await until(lambda: store.load_cursor(1) == "1725911162000014")
            task.cancel()

    asyncio.run(scenario())
    health = store.health(1)
    assert (
        health.errors == 1 and health.last_error == "jetstream: HTTP 429 too many requests, retry after 7 s"
    )
    assert 7 <= delays[0] < 7.1
    assert len(store.mentions(1)) == 5


def test_a_socket_closed_again_and_again_is_resumed_from_the_cursor_until_done() -> None:
    store = MemoryStore()

    async def scenario() -> None:
        async with JetstreamServer(recorded_events(), close_after=4) as server:
            # The recorded events are 1 µs apart: resume at the cursor itself (a 1 ms rewind would replay all).
            config = bluesky(server.url, rewind=0)
            task = asyncio.create_task(
                Runner(store, store, adapter_factory=local, backoff=FAST).run([config])
            )
            await until(lambda: store.load_cursor(1) == "1725911162000014")
            task.cancel()

    asyncio.run(scenario())
    health = store.health(1)
    assert health.errors >= 3 and health.last_error == "jetstream: connection closed (code 1006)"
    assert len(store.mentions(1)) == 5


def test_a_database_that_fails_for_a_while_loses_nothing() -> None:
    lines, expected = synthetic_events(200)
    store = LoggingStore(fail_first=2)

    async def scenario() -> None:
        async with JetstreamServer(lines) as server:
            task = asyncio.create_task(
                Runner(store, store, adapter_factory=local, backoff=FAST).run([bluesky(server.url)])
            )
            await until(lambda: store.load_cursor(1) == str(1_725_911_162_000_000 + 199 * 1000))
            task.cancel()

    asyncio.run(scenario())
    assert {m.external_id for m in store.mentions(1)} == expected
    assert store.health(1).errors == 2 and store.health(1).last_error == "network error (ConnectionError)"


class SlowStore(LoggingStore):
    """A database slower than the stream: each batch takes ``seconds`` to store (in the runner's thread)."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    def accept(self, source_id: int, batch: Batch) -> int:
        time.sleep(self.seconds)
        return super().accept(source_id, batch)


@pytest.mark.parametrize(("pending", "pipelined"), [(1, False), (4, False), (1, True), (4, True)])
def test_storage_slower_than_the_stream_never_times_the_keepalive_out(pending: int, pipelined: bool) -> None:
    """While batches are stored the socket keeps being read, and when the queue is full the stream is closed
    and reopened from the stored cursor: no keepalive timeout, no error, nothing lost, nothing twice."""
    lines, expected = synthetic_events(1500, every=3)
    last = str(1_725_911_162_000_000 + 1499 * 1000)
    store: LoggingStore = PipelinedStore(seconds=0.15) if pipelined else SlowStore(0.15)
    config = bluesky("", rewind=0)
    opened: list[str] = []

    async def scenario() -> None:
        async with JetstreamServer(lines) as server:
            # Pings every 0.1 s answered within 0.3 s: a reader held up by one stored batch would miss one.
            settings = {
                **config.settings,
                "url": server.url,
                "flush_seconds": 0.5,
                "ping_interval": 0.1,
                "ping_timeout": 0.3,
            }
            slow = SourceConfig(id=1, organisation_id=1, kind="bluesky", settings=settings, watch=WATCH)
            runner = Runner(store, store, adapter_factory=local, backoff=FAST, max_pending=pending)
            task = asyncio.create_task(runner.run([slow]))
            await until(lambda: store.load_cursor(1) == last, timeout=60)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            opened.extend(server.paths)

    asyncio.run(scenario())
    health = store.health(1)
    assert health.errors == 0, health.last_error
    stored = [m.external_id for m in store.mentions(1)]
    assert set(stored) == expected and len(stored) == len(expected)
    assert len(opened) > 1  # the queue filled up: the stream was reopened from the stored cursor
    # Each reopening resumes at the stored cursor itself: at most its one event delivered again, and dropped.
    assert sum(n - 1 for n in Counter(store.delivered).values()) <= len(opened) - 1
    if isinstance(store, PipelinedStore):
        # Committed in the order read, each after it was prepared, and (with room for it) the next batch
        # prepared while the one before waited to be committed.
        commits = [cursor for step, cursor in store.steps if step == "commit"]
        assert commits == sorted(commits, key=int)
        overlapped = [
            i
            for i, (step, _) in enumerate(store.steps[:-1])
            if step == "prepare" and store.steps[i + 1][0] == "prepare"
        ]
        if pending > 1:
            assert overlapped


def test_broken_sources_never_stop_the_others() -> None:
    store, delays = MemoryStore(), []

    async def sleep(seconds: float) -> None:
        delays.append(seconds)
        await asyncio.sleep(min(seconds, 0.02))

    def feed(query: dict[str, list[str]], headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        return 200, {"Content-Type": "application/rss+xml"}, RSS.encode()

    async def scenario(base: str) -> None:
        configs = [
            bluesky("ws://127.0.0.1:9/subscribe", source_id=1),  # nothing listens there
            SourceConfig(id=2, organisation_id=1, kind="mastodon", settings={"instance_url": "nope"}),
            SourceConfig(id=3, organisation_id=1, kind="rss", settings={"url": base + "/feed"}),
            SourceConfig(id=4, organisation_id=1, kind="webhook"),
        ]
        task = asyncio.create_task(
            Runner(store, store, adapter_factory=local, backoff=FAST, sleep=sleep).run(configs)
        )
        await until(lambda: len(store.mentions(3)) == 2 and store.health(1).errors >= 3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    with FakeHTTP(routes={"/feed": feed}) as server:
        asyncio.run(scenario(server.base))
    assert store.health(1).last_error == "jetstream: cannot connect (ConnectionRefusedError)"
    assert (store.health(2).last_error or "").startswith("settings.instance_url:")
    assert store.health(4).last_error == "kind: a 'webhook' source is fed by pushes, not read by the runner"
    assert store.health(3).errors == 0


def test_backoff_grows_with_jitter_and_honours_retry_after() -> None:
    rng, backoff = random.Random(1), Backoff(base=1, cap=60)
    waits = [backoff.delay(n, TransientError("x"), rng) for n in range(1, 12)]
    assert all(0.5 <= w <= 60 for w in waits) and max(waits) > 10
    assert backoff.delay(1, RateLimited("slow", 120), rng) >= 120
    assert backoff.delay(1, InputError("settings.url: bad"), rng) >= backoff.permanent / 2
    assert backoff.delay(1, Unresolvable("no answer now"), rng) <= 2  # a passing DNS failure is retried soon


def test_error_messages_keep_no_secret_and_no_library_text() -> None:
    assert describe(TransientError("token sekret123 refused"), "sekret123") == "token *** refused"
    assert describe(ValueError("Bearer sekret123 in https://x/?q=private")) == "unexpected error (ValueError)"
    assert describe(TimeoutError()) == "timed out"


def test_adapter_for_gives_each_kind_its_adapter() -> None:
    from charte.listening.adapters import FeedAdapter, JetstreamAdapter, MastodonAdapter

    made = [
        adapter_for(SourceConfig(id=1, organisation_id=1, kind="bluesky", watch=WATCH), egress=LOCAL),
        adapter_for(
            SourceConfig(
                id=2,
                organisation_id=1,
                kind="mastodon",
                settings={"instance_url": "https://m.example", "hashtags": ["acme"]},
            ),
            egress=LOCAL,
        ),
        adapter_for(
            SourceConfig(id=3, organisation_id=1, kind="rss", settings={"url": "https://f.example/rss"})
        ),
    ]
    assert [type(a) for a in made] == [JetstreamAdapter, MastodonAdapter, FeedAdapter]
    with pytest.raises(InputError, match="pushes"):
        adapter_for(SourceConfig(id=4, organisation_id=1, kind="import"))
