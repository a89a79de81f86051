"""Notifications through the outbox: how long the ingestion transaction that raises an alert lasts when a channel
is slow, and how fast deliverers empty the outbox to a local JSON webhook through apprise (SQLite and PostgreSQL).

1. A webhook source of an organisation with the demo policy and one channel: a local JSON webhook answering after
   ``SLOW`` seconds. ``BATCHES`` batches of 10 mentions go through ``IngestionStore.accept``, each raising a spike
   alert (a detector that alerts on every batch: the detector itself is ``bench_alerts``'). Measured: how long
   each accept (its transaction) takes, with the outbox (``notify`` writes the notice), and with the notice
   sent inside the transaction as ``notify`` did before the outbox (the channel called before the commit).
2. ``NOTICES`` notices queued, then sent by one deliverer, and by two at once, to a local webhook answering at
   once: notices per second, and how many the webhook received (each once).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from benchmarks.bench_api import _database
from charte.cli.demo import demo_policy_text
from charte.connectors.base import ConnectorEnv, using
from charte.connectors.egress import Egress
from charte.listening.spikes import Spike
from charte.listening.types import Batch, IncomingMention
from charte.service import incoming, ingestion, notifications, organisations, policies, sources
from charte.service.demo import system
from charte.service.engines import EngineCache
from charte.service.outbox import Deliverer
from charte.service.signals import SpikeWatch, spike_notification
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker, unit_of_work
from charte.store.repositories import Store

#: What this section measures (benchmarks/_measures.py): the outbox, the delivery, what writes the notices.
MEASURES = (
    "src/charte/service/outbox.py",
    "src/charte/service/notifications.py",
    "src/charte/service/incoming.py",
    "src/charte/service/ingestion.py",
    "src/charte/store/repositories/notifications.py",
    "src/charte/store/models/notifications.py",
    "src/charte/listening/spikes.py",
    "src/charte/listening/types.py",
    "benchmarks/bench_outbox.py",
    "benchmarks/bench_api.py",
    "@service",
    "@demo-policy",
)

SLOW = float(os.environ.get("CHARTE_BENCH_OUTBOX_SLOW_SECONDS", "1.0"))
BATCHES = int(os.environ.get("CHARTE_BENCH_OUTBOX_BATCHES", "10"))
NOTICES = int(os.environ.get("CHARTE_BENCH_OUTBOX_NOTICES", "300"))


class _Hook:
    """A local JSON webhook answering after ``delay`` seconds; counts what it received, by body."""

    def __init__(self, delay: float) -> None:
        self.received: list[str] = []
        lock = threading.Lock()
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
                time.sleep(delay)
                with lock:
                    hook.received.append(str(body.get("message")))
                self.send_response(200)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"json://127.0.0.1:{self.server.server_address[1]}/hook"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Spiking(SpikeWatch):
    def observe_batch(self, store: Store, org_id: int, items: Any, now: dt.datetime) -> list[Spike]:
        return [Spike("negative", now, 300, 40, 2.0, 1e-9)]


@contextlib.contextmanager
def _world(url: str, hook_url: str) -> Iterator[tuple[Any, int, int]]:
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    with unit_of_work(factory) as session:
        store = Store(session)
        org = organisations.create(store, "Acme", "acme-bench-outbox").id
        policies.upload(store, system(org), demo_policy_text(), comment="bench", activate=True)
        source = sources.create_source(
            store, system(org), kind="webhook", name="hook", settings={}, secret="k" * 32
        ).id
        notifications.add_channel(store, system(org), name="chat", url=hook_url)
    try:
        yield factory, org, source
    finally:
        engine.dispose()


def _batch(n: int) -> Batch:
    at = dt.datetime.now(dt.UTC)
    return Batch(
        mentions=[
            IncomingMention(external_id=f"b{n}-{i}", text="service nul", author_handle="@x", created_at=at)
            for i in range(10)
        ]
    )


def _transactions(factory: Any, org: int, source: int) -> tuple[list[float], list[float]]:
    """Accept durations (ms) with the outbox, then with the notice sent inside the transaction as before."""
    sink = ingestion.IngestionStore(factory, EngineCache(), spikes=incoming.SpikeFeed(_Spiking()))
    outbox_ms, inline_ms = [], []
    for n in range(BATCHES):
        started = time.perf_counter()
        sink.accept(source, _batch(n))
        outbox_ms.append((time.perf_counter() - started) * 1000)
    for n in range(BATCHES, 2 * BATCHES):
        started = time.perf_counter()
        with unit_of_work(factory) as session:  # what ``notify`` did before the outbox: send, then commit
            store = Store(session)
            sink.accept_in(store, source, _batch(n))
            message = spike_notification(Spike("negative", dt.datetime.now(dt.UTC), 300, 40, 2.0, 1e-9))
            for channel in store.notification_channels.list(org):
                notifications.attempt(channel, message)
        inline_ms.append((time.perf_counter() - started) * 1000)
    return outbox_ms, inline_ms


def _throughput(factory: Any, org: int, hook: _Hook, deliverers: int) -> tuple[float, int]:
    """Notices per second sent by ``deliverers`` at once, and how many the webhook received."""
    with unit_of_work(factory) as session:
        store = Store(session)
        for i in range(NOTICES):
            message = notifications.Notification("alert", "bench", f"notice {deliverers}-{i}")
            notifications.notify(store, org, message)
    before = len(hook.received)
    threads = [
        threading.Thread(target=lambda: Deliverer(factory).run(limit=NOTICES)) for _ in range(deliverers)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    spent = time.perf_counter() - started
    return NOTICES / spent, len(hook.received) - before


def _backend(backend: str) -> list[str]:
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp, _database(backend, Path(tmp)) as url:
        if url is None:
            return [f"| {backend} | unavailable | | | | |"]
        slow, fast = _Hook(SLOW), _Hook(0.0)
        try:
            with _world(url, slow.url) as (factory, org, source):
                outbox_ms, inline_ms = _transactions(factory, org, source)
                Deliverer(factory).run()  # the slow channel's notices, after the measure
                with unit_of_work(factory) as session:  # the throughput is measured on the fast channel
                    store = Store(session)
                    for channel in store.notification_channels.list(org):
                        notifications.delete_channel(store, system(org), channel.id)
                    notifications.add_channel(store, system(org), name="fast", url=fast.url)
                one, got_one = _throughput(factory, org, fast, 1)
                two, got_two = _throughput(factory, org, fast, 2)
                rows.append(
                    f"| {backend} | {statistics.median(outbox_ms):.0f} ({max(outbox_ms):.0f}) "
                    f"| {statistics.median(inline_ms):.0f} ({max(inline_ms):.0f}) "
                    f"| {one:.0f} | {two:.0f} | {got_one} + {got_two} of {2 * NOTICES} |"
                )
        finally:
            slow.close()
            fast.close()
    return rows


def run() -> str:
    with using(ConnectorEnv(egress=Egress.from_setting("127.0.0.1/32"))):
        rows = _backend("sqlite") + _backend("postgresql")
    return "\n".join(
        [
            "## bench_outbox",
            "",
            "Notifications through the outbox ([listening-signals.md](listening-signals.md#the-outbox-sent-after-the-"
            f"transaction-commits)). Ingestion: {BATCHES} batches of 10 mentions each raising a spike alert, one "
            f"channel: a local JSON webhook answering after {SLOW:g} s; the accept's duration (its transaction), "
            "median (max), with the outbox and with the notice sent inside the transaction as before the outbox. "
            f"Delivery: {NOTICES} notices sent through apprise to a local webhook answering at once, by one "
            "deliverer and by two at once (threads of one process). Command: "
            "`python -m benchmarks.run --only bench_outbox`.",
            "",
            "| database | ingestion transaction, outbox, ms | sent inside it, ms | notices/s, 1 deliverer "
            "| notices/s, 2 deliverers | received |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            *rows,
        ]
    )


if __name__ == "__main__":
    print(run())
