"""The pieces of listening joined: a source added through the service is read by the ingestion worker from a
local Jetstream into the database (killed and restarted: nothing lost, nothing twice; disabled: its task ends),
a burst raises one spike alert, SLA reminders and escalations go out once each, look-alike authors are flagged."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from charte.cli.demo import demo_policy_text
from charte.listening.runner import Runner, adapter_for
from charte.listening.spikes import SpikeSettings
from charte.listening.types import Batch, IncomingMention
from charte.service import incoming, ingestion, organisations, policies, sources
from charte.service.demo import system
from charte.service.engines import EngineCache
from charte.service.signals import SpikeWatch
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import Alert, Mention
from charte.store.models.audit import AuditEntryRow
from charte.store.repositories import Store
from charte.workers.listening import ListeningWorker
from tests.listening.fakes import LOCAL, JetstreamServer, recorded_events
from tests.listening.test_runner import synthetic_events

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
WATCH = {
    "keywords": ["acme.bsky.social", "Acme Coffee", "acmefail"],
    "handles": ["did:plc:acmeorg7q2w3e4r5t6y7u8i9"],
}


@pytest.fixture
def db(database_url: str) -> Iterator[Any]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        store = Store(session)
        slug = f"glue-{uuid.uuid4().hex[:12]}"  # unique in the module's shared database
        org = organisations.create(store, "Acme", slug).id
        policies.upload(store, system(org), demo_policy_text(), comment="p", activate=True)
        session.commit()
    yield factory, org
    engine.dispose()


def _count(factory: Any, source_id: int) -> tuple[int, int]:
    with factory() as session:
        total = session.scalar(select(func.count()).where(Mention.source_id == source_id))
        distinct = session.scalar(
            select(func.count(func.distinct(Mention.external_id))).where(Mention.source_id == source_id)
        )
        return total, distinct


def _worker(factory: Any) -> ListeningWorker:
    return ListeningWorker(
        factory,
        EngineCache(),
        refresh_seconds=0.1,
        runner_factory=lambda sink: Runner(
            sink, sink, adapter_factory=lambda c: adapter_for(c, egress=LOCAL)
        ),
    )


async def _until(check: Any, timeout: float = 30.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.05)


def test_a_source_added_through_the_service_is_ingested_killed_and_resumed(db: Any) -> None:
    factory, org = db

    async def scenario() -> None:
        async with JetstreamServer(recorded_events(), pace=0.05) as server:
            with factory() as session:
                source = sources.create_source(
                    Store(session),
                    system(org),
                    kind="bluesky",
                    name="bsky",
                    settings={"url": server.url, "flush_seconds": 0.01, "rewind_seconds": 0.001, **WATCH},
                    secret=None,
                )
                session.commit()
                source_id = source.id
            first = _worker(factory)
            run = asyncio.create_task(first.supervise())
            await _until(lambda: _count(factory, source_id)[0] >= 2)
            run.cancel()  # killed mid-stream
            await asyncio.gather(run, return_exceptions=True)
            assert not first.tasks
            second = _worker(factory)
            run = asyncio.create_task(second.supervise())
            await _until(lambda: _count(factory, source_id)[0] >= 5)
            await asyncio.sleep(0.5)
            assert _count(factory, source_id) == (5, 5)  # none lost, none twice
            with factory() as session:  # disabled through the service: its task ends at the next refresh
                sources.update_source(Store(session), system(org), source_id, enabled=False)
                session.commit()
            await _until(lambda: source_id not in second.tasks)
            run.cancel()
            await asyncio.gather(run, return_exceptions=True)

    asyncio.run(scenario())


def test_the_worker_thread_starts_and_stops_without_blocking(db: Any) -> None:
    factory, _ = db
    worker = _worker(factory).start()
    worker.stop(timeout=10)
    assert worker._thread is not None and not worker._thread.is_alive()


def test_a_worker_with_classifier_processes_warms_them_and_stops_them(db: Any) -> None:
    factory, _ = db
    worker = ListeningWorker(factory, EngineCache(), refresh_seconds=0.1, processes=1).start()
    pool = worker.classifier
    assert pool is not None
    deadline = time.monotonic() + 60
    while not pool.pids() and time.monotonic() < deadline:  # started in the background, not on first use
        time.sleep(0.05)
    assert len(pool.pids()) == 1
    worker.stop(timeout=10)
    assert pool.pids() == []


def _mention(i: int, text: str, at: dt.datetime, **kw: Any) -> IncomingMention:
    return IncomingMention(external_id=f"m{i}", text=text, author_handle="@someone", created_at=at, **kw)


def _source(factory: Any, org: int, name: str, **settings: Any) -> int:
    with factory() as session:
        row = sources.create_source(
            Store(session), system(org), kind="webhook", name=name, settings=settings, secret="k" * 32
        )
        session.commit()
        return row.id


def test_a_burst_raises_one_spike_alert_and_imports_raise_none(db: Any) -> None:
    factory, org = db
    source_id = _source(factory, org, "hook", keywords=["phénix"])
    now = [T0]
    feed = incoming.SpikeFeed(SpikeWatch(SpikeSettings(windows_minutes=(5,), min_volume=5)))
    live = ingestion.IngestionStore(factory, EngineCache(), clock=lambda: now[0], spikes=feed)
    imported = ingestion.IngestionStore(factory, EngineCache(), clock=lambda: now[0])  # a file import
    for minute in range(60):  # a quiet hour: one mention of the keyword now and then, no alert
        now[0] = T0 + dt.timedelta(minutes=minute)
        if minute % 20 == 0:
            live.accept(source_id, Batch(mentions=[_mention(minute, "le projet Phénix ?", now[0])]))
    imported.accept(
        source_id, Batch(mentions=[_mention(1000 + i, "Phénix Phénix", now[0]) for i in range(50)])
    )
    with factory() as session:
        assert session.scalar(select(func.count()).where(Alert.org_id == org)) == 0
    now[0] = T0 + dt.timedelta(minutes=61)
    live.accept(
        source_id, Batch(mentions=[_mention(2000 + i, "Phénix a fuité !", now[0]) for i in range(40)])
    )
    now[0] += dt.timedelta(minutes=1)
    live.accept(source_id, Batch(mentions=[_mention(3000 + i, "Phénix encore", now[0]) for i in range(40)]))
    with factory() as session:
        alerts = session.scalars(select(Alert).where(Alert.org_id == org, Alert.kind == "spike")).all()
        signals = [a.details["signal"] for a in alerts]
        assert (
            "keyword:phénix" in signals
        )  # the negative burst may alert too, but each signal once (cooldown)
        assert len(signals) == len(set(signals))
        audited = session.scalar(
            select(func.count())
            .select_from(AuditEntryRow)
            .where(AuditEntryRow.action == "listening.alert", AuditEntryRow.org_id == org)
        )
        assert audited >= len(signals)


def test_sla_reminder_and_escalation_are_sent_once(db: Any) -> None:
    factory, org = db
    source_id = _source(factory, org, "sla")
    sink = ingestion.IngestionStore(factory, EngineCache(), clock=lambda: T0)
    sink.accept(
        source_id, Batch(mentions=[_mention(1, "Votre service est nul, je veux être remboursé !", T0)])
    )
    with factory() as session:
        row = session.scalar(select(Mention).where(Mention.source_id == source_id))
        assert row.team == "care" and row.due_at == T0 + dt.timedelta(minutes=120)
        assert row.remind_at is not None and T0 < row.remind_at < row.due_at

    def run(at: dt.datetime) -> tuple[int, int]:
        with factory() as session:
            sent = incoming.send_sla_notices(Store(session), at)
            session.commit()
            return sent

    def alerts(kind: str) -> int:
        with factory() as session:
            return session.scalar(select(func.count()).where(Alert.org_id == org, Alert.kind == kind))

    def notices() -> tuple[int, int]:
        return alerts("sla_reminder"), alerts("sla_breach")

    run(T0 + dt.timedelta(minutes=10))
    assert notices() == (0, 0)
    run(T0 + dt.timedelta(minutes=119))
    assert notices() == (1, 0)
    run(T0 + dt.timedelta(minutes=119, seconds=30))
    assert notices() == (1, 0)  # no duplicate reminder
    run(T0 + dt.timedelta(minutes=121))
    assert notices() == (1, 1)
    run(T0 + dt.timedelta(minutes=200))
    assert notices() == (1, 1)  # nor a second escalation
    assert run(T0 + dt.timedelta(minutes=300)) == (0, 0)


def test_a_lookalike_author_is_flagged_with_reasons(db: Any) -> None:
    factory, org = db
    source_id = _source(factory, org, "flags")
    sink = ingestion.IngestionStore(factory, EngineCache(), clock=lambda: T0)
    batch = Batch(
        mentions=[
            IncomingMention(
                "f1", "Support: log in at http://acme-login.example.net", "@Acme_Support", T0, "Acme Support"
            ),
            IncomingMention("f2", "J'adore ce café", "@marie", T0, "Marie"),
        ]
    )
    sink.accept(source_id, batch)
    with factory() as session:
        rows = {
            m.external_id: m for m in session.scalars(select(Mention).where(Mention.source_id == source_id))
        }
    assert (rows["f1"].flag, rows["f2"].flag) == ("account", None)
    reasons = incoming.reasons(rows["f1"].flags, "fr")
    assert reasons and all(isinstance(r, str) and r for r in reasons)


def test_embedded_serve_runs_the_ingestion_and_stops_it(database_url: str) -> None:
    from fastapi.testclient import TestClient

    from charte.api.app import create_app
    from charte.settings import load_settings

    migrate.upgrade(database_url)
    settings = load_settings(None, database_url=database_url, listening=True, listening_refresh_seconds=0.2)
    engine = make_engine(database_url)
    app = create_app(settings, engine=engine)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200  # the API answers while the ingestion runs
        worker = app.state.listening
        assert worker._thread is not None and worker._thread.is_alive()
        assert worker.sink.spikes is app.state.spikes  # one detector per organisation in the process
    assert not worker._thread.is_alive()
    engine.dispose()


def test_one_serve_worker_process_leads_the_ingestion_and_periodic_jobs(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``charte serve --workers N``: the first application to take the lock runs the ingestion and the
    periodic jobs; the others serve requests and their own queued jobs only; when the leader stops, the
    next one to start leads."""
    from fastapi.testclient import TestClient

    from charte.api.app import create_app
    from charte.settings import load_settings
    from charte.workers import leader

    migrate.upgrade(database_url)
    monkeypatch.setenv(leader.LOCK_ENV, str(tmp_path / "lead.lock"))
    settings = load_settings(None, database_url=database_url, listening=True, listening_refresh_seconds=0.2)
    engine = make_engine(database_url)
    first, second = create_app(settings, engine=engine), create_app(settings, engine=engine)
    with TestClient(first), TestClient(second) as other:
        assert first.state.lead.leads and first.state.jobs.schedule is not None
        assert first.state.listening._thread.is_alive()
        assert not second.state.lead.leads and second.state.jobs.schedule is None
        assert getattr(second.state, "listening", None) is None
        assert other.get("/healthz").status_code == 200
        second.state.jobs.enqueue(
            "publish_due", {}
        )  # a queued job still runs in a process that does not lead
        deadline = time.monotonic() + 10
        while not second.state.jobs.idle() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert second.state.jobs.idle()
    third = create_app(settings, engine=engine)
    with TestClient(third):
        assert third.state.lead.leads and getattr(third.state, "listening", None) is not None
    engine.dispose()
    monkeypatch.delenv(leader.LOCK_ENV)
    assert leader.elect().leads  # no lock named (one process): it leads


def _leased_worker(factory: Any, name: str, lease: float) -> ListeningWorker:
    return ListeningWorker(
        factory,
        EngineCache(),
        refresh_seconds=0.1,
        lease_seconds=lease,
        owner=name,
        runner_factory=lambda sink: Runner(
            sink, sink, adapter_factory=lambda c: adapter_for(c, egress=LOCAL)
        ),
    )


def test_two_workers_one_source_one_reader_and_failover_when_the_leader_dies(db: Any) -> None:
    """Two ingestion workers on one database: only the lease holder reads the source; when it dies (its lease
    not given back), the other takes over once the lease has expired, from the stored cursor."""
    factory, org = db
    lines, expected = synthetic_events(600, every=4)

    async def scenario() -> None:
        async with JetstreamServer(lines, pace=0.01) as server:
            with factory() as session:
                source_id = sources.create_source(
                    Store(session),
                    system(org),
                    kind="bluesky",
                    name="bsky-leased",
                    settings={"url": server.url, "flush_seconds": 0.05, "rewind_seconds": 0.001, **WATCH},
                    secret=None,
                ).id
                session.commit()
            a, b = _leased_worker(factory, "worker-a", 1.0), _leased_worker(factory, "worker-b", 1.0)
            runs = {a: asyncio.create_task(a.supervise()), b: asyncio.create_task(b.supervise())}
            await _until(lambda: _count(factory, source_id)[0] >= 10)
            for _ in range(5):  # over several refreshes, exactly one of them reads the source
                assert (source_id in a.tasks) != (source_id in b.tasks)
                await asyncio.sleep(0.1)
            leader, other = (a, b) if source_id in a.tasks else (b, a)
            with factory() as session:
                assert Store(session).sources.get_any(source_id).lease_owner == leader.owner  # type: ignore[union-attr]
            leader.release_leases = lambda: None  # type: ignore[method-assign]  # it dies: nothing given back
            runs[leader].cancel()
            await asyncio.gather(runs[leader], return_exceptions=True)
            died = asyncio.get_running_loop().time()
            await _until(lambda: source_id in other.tasks, timeout=10)
            assert asyncio.get_running_loop().time() - died < 3.0  # the 1 s lease, a refresh, some slack
            await _until(lambda: _count(factory, source_id)[0] >= len(expected), timeout=30)
            runs[other].cancel()  # a clean stop gives the lease back
            await asyncio.gather(runs[other], return_exceptions=True)
            with factory() as session:
                assert Store(session).sources.get_any(source_id).lease_owner is None  # type: ignore[union-attr]
            assert _count(factory, source_id) == (len(expected), len(expected))  # none lost, none twice

    asyncio.run(scenario())


def test_a_lease_is_taken_only_when_free_expired_or_ones_own(db: Any) -> None:
    factory, org = db
    source_id = _source(factory, org, "lease-rules")
    later = T0 + dt.timedelta(seconds=60)
    with factory() as session:
        repo = Store(session).sources
        assert repo.claim([source_id], "a", T0, later) == {source_id}
        assert repo.claim([source_id], "b", T0 + dt.timedelta(seconds=59), later) == set()
        assert repo.claim([source_id], "a", T0 + dt.timedelta(seconds=30), later) == {source_id}  # renewed
        expired = later + dt.timedelta(seconds=1)  # a's lease ran out: b takes it
        assert repo.claim([source_id], "b", expired, expired + dt.timedelta(seconds=60)) == {source_id}
        assert repo.release("a") == 0 and repo.release("b") == 1
        assert repo.claim([source_id], "a", T0, later) == {source_id}  # given back: free at once
        session.commit()


def test_prune_commits_each_chunk(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """``charte mentions prune`` deletes in committed chunks: what it deleted stays deleted if it is stopped."""
    from charte.store.repositories import listening as repo

    factory, org = db
    source_id = _source(factory, org, "old")
    sink = ingestion.IngestionStore(factory, EngineCache(), clock=lambda: T0)
    sink.accept(source_id, Batch(mentions=[_mention(i, f"ancien {i}", T0) for i in range(7)]))
    monkeypatch.setattr(repo, "PRUNE_CHUNK", 3)
    with factory() as session:
        # The service's prune (every organisation) passes commit_each=True; here one organisation's only.
        before = T0 + dt.timedelta(days=1)
        removed = Store(session).mentions.prune(before, org_id=org, commit_each=True)
        session.rollback()  # stopped before the end: the chunks already deleted were committed
    assert removed == 7 and _count(factory, source_id) == (0, 0)


def test_a_worker_that_cannot_renew_its_leases_stops_its_sources(db: Any) -> None:
    """The database unreachable for a whole lease: another worker may hold the sources now, so this one stops
    reading them (and starts again once it gets the leases back)."""
    factory, org = db

    async def scenario() -> None:
        async with JetstreamServer(recorded_events(), pace=0.05) as server:
            with factory() as session:
                source_id = sources.create_source(
                    Store(session),
                    system(org),
                    kind="bluesky",
                    name="bsky-cut-off",
                    settings={"url": server.url, **WATCH},
                    secret=None,
                ).id
                session.commit()
            worker = _leased_worker(factory, "worker-cut-off", 0.5)
            run = asyncio.create_task(worker.supervise())
            await _until(lambda: source_id in worker.tasks)
            real = worker._configs

            def unreachable() -> list[Any]:
                raise ConnectionError("database away")

            worker._configs = unreachable  # type: ignore[method-assign]
            await _until(lambda: not worker.tasks, timeout=5)
            worker._configs = real  # type: ignore[method-assign]
            await _until(lambda: source_id in worker.tasks, timeout=5)
            run.cancel()
            await asyncio.gather(run, return_exceptions=True)

    asyncio.run(scenario())
