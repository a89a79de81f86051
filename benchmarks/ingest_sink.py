"""The production sink for ``bench_ingest``: PostgreSQL through ``IngestionStore``, with classification.

``CHARTE_BENCH_INGEST_SINK=benchmarks.ingest_sink:postgres_sink`` (the default when PostgreSQL answers): each
call makes a fresh database (dropped at exit) with organisation 1 (the demo policy, active: every mention is
classified by ``check_many`` and routed) and source 1 (Bluesky), and returns its ``IngestionStore`` as both
the sink and the cursor store (a two-step sink: the runner prepares the next batch while the one before is
committed), with the spike detectors and the incoming checks of the worker, and
``CHARTE_BENCH_INGEST_PROCESSES`` (default 2) worker processes classifying each batch. Where the time goes
(classification, the rest of the transaction) is printed on stderr at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.bench_api import _database

_STACK = contextlib.ExitStack()
atexit.register(_STACK.close)
#: Seconds spent preparing batches (duplicate read, check started, incoming checks: no transaction held) and
#: committing them (``accept``: the transaction), of which ``classify`` waiting for the classifier processes'
#: decisions and routing them (intent cues, conflict plan, SLA clocks); batches and mentions committed.
TIMES: dict[str, float] = {"prepare": 0.0, "accept": 0.0, "classify": 0.0, "batches": 0, "mentions": 0}
#: Worker processes classifying each batch (``CHARTE_LISTENING_PROCESSES`` in production); 0: in this process.
PROCESSES = int(os.environ.get("CHARTE_BENCH_INGEST_PROCESSES", "2"))
#: Distinct posts whose results the sink keeps (``RecentChecks``; unset: the production default, 0: none).
RECENT = os.environ.get("CHARTE_BENCH_INGEST_RECENT", "")
#: Every sink made (their cache hits are reported at exit).
SINKS: list[Any] = []


def _proc_cpu(pid: int) -> float:
    """CPU seconds of a process of this machine (0 once it has ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_cpu(sink: object) -> dict[int, float]:
    """CPU seconds of each PostgreSQL backend serving the sink's database, by process id (the server runs on
    this machine: the benchmarks' PostgreSQL is local). Empty for another sink."""
    sessions = getattr(sink, "sessions", None)
    if sessions is None or not sys.platform.startswith("linux"):
        return {}
    from sqlalchemy import text

    with sessions() as session:
        if session.get_bind().dialect.name != "postgresql":
            return {}
        pids = session.scalars(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).all()
    return {pid: _proc_cpu(pid) for pid in pids}


def reachable() -> bool:
    """Whether the PostgreSQL the benchmarks use answers."""
    with tempfile.TemporaryDirectory() as tmp, _database("postgresql", Path(tmp)) as url:
        return url is not None


def recent_hits() -> tuple[int, int]:
    """Posts answered from the sinks' caches of recent results, and posts checked (both runs)."""
    return (
        sum(sink.recent.hits for sink in SINKS),
        sum(sink.recent.misses for sink in SINKS),
    )


def _report() -> None:
    if TIMES["batches"]:
        hits, misses = recent_hits()
        rest = TIMES["accept"] - TIMES["classify"]
        print(
            f"ingest sink: {TIMES['mentions']:,.0f} mentions in {TIMES['batches']:,.0f} batches; prepared "
            f"in {TIMES['prepare']:.1f} s (dedup read, check started, incoming checks); store transactions "
            f"{TIMES['accept']:.1f} s, of which waiting for the classifiers and routing "
            f"{TIMES['classify']:.1f} s and the database (insert, cursor, spikes) {rest:.1f} s; {hits:,} posts "
            f"answered from the recent results, {misses:,} checked",
            file=sys.stderr,
        )


atexit.register(_report)


def postgres_sink() -> tuple[object, object]:
    from charte.cli.demo import demo_policy_text
    from charte.listening.types import Batch
    from charte.service import incoming, ingestion, organisations, policies, sources
    from charte.service.classifying import ClassifierPool, RecentChecks
    from charte.service.demo import system
    from charte.service.engines import EngineCache
    from charte.store import migrate, sealing
    from charte.store.db import make_engine, make_sessionmaker
    from charte.store.repositories import Store

    sealing.configure(sealing.Keyring.generate())
    workdir = Path(_STACK.enter_context(tempfile.TemporaryDirectory()))
    url = _STACK.enter_context(_database("postgresql", workdir))
    if url is None:
        raise RuntimeError("PostgreSQL is not reachable (CHARTE_TEST_POSTGRES_URL)")
    migrate.upgrade(url)
    engine = make_engine(url)
    _STACK.callback(engine.dispose)
    factory = make_sessionmaker(engine)
    with factory() as session:
        store = Store(session)
        org = organisations.create(store, "Acme", "acme").id
        policies.upload(store, system(org), demo_policy_text(), comment="bench", activate=True)
        source = sources.create_source(
            store, system(org), kind="bluesky", name="jetstream", settings={}, secret=None
        ).id
        session.commit()
    if (org, source) != (1, 1):
        raise RuntimeError(
            f"expected organisation 1 and source 1 in a fresh database, got {org} and {source}"
        )

    rows = ingestion.Classifying.rows
    if not getattr(rows, "timed", False):  # wrapped once, however many sinks are made

        def timed_rows(self: Any, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return rows(self, *args, **kwargs)
            finally:
                TIMES["classify"] += time.perf_counter() - started

        timed_rows.timed = True  # type: ignore[attr-defined]
        ingestion.Classifying.rows = timed_rows  # type: ignore[method-assign]  # this benchmark process only

    class Timed(ingestion.IngestionStore):
        def prepare(self, source_id: int, batch: Batch) -> ingestion.Prepared:
            started = time.perf_counter()
            try:
                return super().prepare(source_id, batch)
            finally:
                TIMES["prepare"] += time.perf_counter() - started

        def commit(self, prepared: ingestion.Prepared) -> int:
            started = time.perf_counter()
            try:
                return super().commit(prepared)
            finally:
                TIMES["accept"] += time.perf_counter() - started
                TIMES["batches"] += 1
                TIMES["mentions"] += len(prepared.batch.mentions)

    pool = ClassifierPool(PROCESSES) if PROCESSES > 0 else None
    if pool is not None:
        _STACK.callback(pool.close)
        # Started and compiled before the clock runs, as in a worker that has been up for a while (the first
        # start, seconds of imports and compiling, is not what a storm costs per mention).
        with factory() as session:
            store = Store(session)
            ref = store.policies.active_ref(org)
            if ref is not None:
                policy_id = ref[0]
                pool.warm(ref, lambda: store.policies.text_of(policy_id) or "")
    recent = RecentChecks(int(RECENT)) if RECENT else None
    sink = Timed(factory, EngineCache(), spikes=incoming.SpikeFeed(), classifier=pool, recent=recent)
    SINKS.append(sink)
    return sink, sink
