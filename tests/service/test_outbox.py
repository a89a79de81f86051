"""The notification outbox (charte.service.outbox) on SQLite and PostgreSQL, each test on its own database: a notice
from a rolled-back transaction is never sent; one is sent after commit, once; a failing channel is retried with
exponential backoff and ends failed after the last attempt with its error shown and audited; two deliverers
running at once send each notice once (PostgreSQL: a deliverer skips the rows another has locked, without
waiting); a deliverer that died is taken over once its lease runs out; a slow channel holds neither the ingestion
transaction nor the next one; the periodic job sends what is due; a commit that queued a notice wakes the job,
which sends it at once (not at its next pass), and a rolled-back one wakes nothing and is never sent."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from charte import i18n
from charte.cli.demo import demo_policy_text
from charte.connectors.base import ConnectorEnv, using
from charte.connectors.egress import Egress
from charte.listening.spikes import Spike
from charte.listening.types import Batch, IncomingMention
from charte.service import (
    incoming,
    ingestion,
    notifications,
    organisations,
    outbox,
    outbox_wake,
    policies,
    sources,
)
from charte.service.demo import system
from charte.service.engines import EngineCache
from charte.service.errors import Invalid, PermissionDenied
from charte.service.notifications import Notification
from charte.service.outbox import Deliverer
from charte.service.principal import Principal
from charte.service.publishing import Backoff, Publisher
from charte.service.signals import SpikeWatch
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker, unit_of_work
from charte.store.models import Alert, NotificationChannel, NotificationOutbox
from charte.store.models.audit import AuditEntryRow
from charte.store.repositories import Store
from charte.workers.jobs import JobName, PeriodicSchedule, WorkerContext, periodic_intervals, run_job
from charte.workers.runner import InProcessRunner
from tests.conftest import BACKENDS, fresh_database

ALERT = Notification("alert", "Spike: negative mentions", "42 negative mentions in the last 5 minutes.")
HOOK = "json://127.0.0.1:9/hooks/s3cr3t-t0ken"  # never called: the tests' sender stands in for apprise


@dataclass
class World:
    backend: str
    factory: sessionmaker[Session]
    org_id: int
    channel_id: int

    def notify(self, message: Notification = ALERT, count: int = 1) -> None:
        with unit_of_work(self.factory) as session:
            for _ in range(count):
                notifications.notify(Store(session), self.org_id, message)

    def rows(self) -> list[NotificationOutbox]:
        with self.factory() as session:
            return list(session.scalars(select(NotificationOutbox).order_by(NotificationOutbox.id)))

    def channel(self) -> NotificationChannel:
        with self.factory() as session:
            row = session.get(NotificationChannel, self.channel_id)
            assert row is not None
            return row


def _world(backend: str, tmp_path: Path) -> Iterator[World]:
    with fresh_database(backend, tmp_path) as url:
        migrate.upgrade(url)
        engine = make_engine(url)
        factory = make_sessionmaker(engine)
        with using(ConnectorEnv(egress=Egress.from_setting("127.0.0.1/32"))):
            with unit_of_work(factory) as session:
                store = Store(session)
                org = organisations.create(store, "Acme", "acme-outbox").id
                channel = notifications.add_channel(store, system(org), name="chat", url=HOOK).id
            yield World(backend, factory, org, channel)
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    yield from _world(request.param, tmp_path)


@pytest.fixture
def pg_world(tmp_path: Path) -> Iterator[World]:
    """PostgreSQL only: what SQLite has no equivalent of (row locks), not a test skipped there."""
    yield from _world("postgresql", tmp_path)


class Recorder:
    """Stands in for apprise: records each message sent (thread-safe), answers ``error`` (None: delivered)."""

    def __init__(self, error: str | None = None, pause: float = 0.0) -> None:
        self.sent: list[str] = []
        self.error = error
        self.pause = pause
        self.lock = threading.Lock()

    def __call__(self, channel: NotificationChannel, message: Notification) -> str | None:
        time.sleep(self.pause)
        with self.lock:
            self.sent.append(message.body)
        return self.error


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


def test_a_notice_from_a_rolled_back_transaction_is_never_sent(world: World) -> None:
    with world.factory() as session:
        assert notifications.notify(Store(session), world.org_id, ALERT) == 1
        session.flush()
        session.rollback()
    with (
        pytest.raises(RuntimeError),
        unit_of_work(world.factory) as session,
    ):  # an alert whose work then fails
        spike = Spike("negative", dt.datetime.now(dt.UTC), 300, 40, 2.0, 1e-9)
        incoming.raise_spike(Store(session), world.org_id, spike)
        raise RuntimeError("the ingestion failed after raising the alert")
    sent = Recorder()
    assert Deliverer(world.factory, send=sent).run().claimed == []
    assert sent.sent == [] and world.rows() == []
    with world.factory() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 0


def test_a_notice_is_sent_after_commit_and_only_once(world: World) -> None:
    sent = Recorder()
    deliverer = Deliverer(world.factory, send=sent)
    with world.factory() as session:
        notifications.notify(Store(session), world.org_id, ALERT)
        session.flush()  # written, not committed: no deliverer sees it
        assert deliverer.run().claimed == [] and sent.sent == []
        session.commit()
    report = deliverer.run()
    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    assert sent.sent == [ALERT.body]
    assert deliverer.run().claimed == [] and sent.sent == [ALERT.body]  # sent once
    [row] = world.rows()
    assert row.status == "sent" and row.attempts == 1 and row.delivered_at is not None
    assert row.claim_token is None and row.last_error is None and row.lang == "en"
    channel = world.channel()
    assert channel.last_success_at is not None and channel.failures == 0


def test_a_notice_is_kept_in_the_language_it_was_written_in(world: World) -> None:
    with i18n.use_lang("fr"), unit_of_work(world.factory) as session:
        spike = Spike("negative", dt.datetime.now(dt.UTC), 300, 40, 2.0, 1e-9)
        incoming.raise_spike(Store(session), world.org_id, spike)
    sent = Recorder()
    Deliverer(world.factory, send=sent).run()
    [row] = world.rows()
    assert row.lang == "fr" and row.title.startswith("Pic") and sent.sent == [row.body]
    assert row.alert_id is not None


def test_a_failing_channel_is_retried_with_backoff_then_failed_with_its_error(world: World) -> None:
    world.notify()
    clock = Clock()
    failing = Recorder(error="HTTP 500 from ***")
    deliverer = Deliverer(
        world.factory, max_attempts=3, backoff=Backoff(base_seconds=10, jitter=0), send=failing, clock=clock
    )
    start = clock.now
    assert deliverer.run().retrying == 1
    [row] = world.rows()
    assert row.status == "pending" and row.attempts == 1 and row.last_error == "HTTP 500 from ***"
    assert row.next_attempt_at == start + dt.timedelta(seconds=10) and row.claim_token is None
    clock.advance(9)
    assert deliverer.run().claimed == []  # not before its backoff is over
    clock.advance(1)
    assert deliverer.run().retrying == 1
    [row] = world.rows()
    assert row.attempts == 2 and row.next_attempt_at == clock.now + dt.timedelta(seconds=20)  # doubled
    clock.advance(20)
    assert deliverer.run().failed == 1
    clock.advance(3600)
    assert deliverer.run().claimed == []  # given up: never tried again
    assert len(failing.sent) == 3
    [row] = world.rows()
    assert row.status == "failed" and row.attempts == 3 and row.failed_at == clock.now - dt.timedelta(hours=1)
    assert row.last_error == "HTTP 500 from ***"
    assert world.channel().failures == 3 and world.channel().last_error == "HTTP 500 from ***"
    with world.factory() as session:
        store = Store(session)
        admin = system(world.org_id)
        [shown] = outbox.list_notices(store, admin, status="failed").items
        assert shown.id == row.id and shown.last_error == "HTTP 500 from ***"
        assert outbox.list_notices(store, admin, status="pending").items == []
        [entry] = session.scalars(select(AuditEntryRow).where(AuditEntryRow.action == "notification.failed"))
        assert entry.object_id == str(row.id) and entry.org_id == world.org_id
        assert entry.details["attempts"] == 3 and entry.details["channel_id"] == world.channel_id


def test_listing_notices_is_for_administrators_and_a_bad_status_is_named(world: World) -> None:
    with world.factory() as session:
        store = Store(session)
        with pytest.raises(Invalid, match="pending, sent, failed") as bad:
            outbox.list_notices(store, system(world.org_id), status="lost")
        assert bad.value.errors[0].field == "status"
        with pytest.raises(PermissionDenied):
            outbox.list_notices(store, Principal.of(1, world.org_id, "employee", "session"))
        assert outbox.list_notices(store, system(world.org_id + 1)).items == []


def test_two_deliverers_at_once_send_each_notice_once(world: World) -> None:
    with unit_of_work(world.factory) as session:
        for i in range(40):
            notifications.notify(Store(session), world.org_id, Notification("alert", "t", f"notice {i}"))
    sent = Recorder(pause=0.01)
    start = threading.Barrier(2)
    reports: list[outbox.Report] = []

    def deliver() -> None:
        start.wait()
        reports.append(Deliverer(world.factory, send=sent, batch=3).run())

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(sent.sent) == sorted(f"notice {i}" for i in range(40))  # every one, each once
    assert all(report.claimed for report in reports)  # both took part
    claimed = [row for report in reports for row in report.claimed]
    assert len(claimed) == len(set(claimed)) == 40
    assert {(row.status, row.attempts) for row in world.rows()} == {("sent", 1)}


@pytest.mark.postgres
def test_postgresql_a_deliverer_skips_the_rows_another_has_locked(pg_world: World) -> None:
    world = pg_world
    world.notify(count=6)
    with world.factory() as holder:  # a deliverer in the middle of its claim: the rows locked, not committed
        taken = Store(holder).outbox.claim(
            dt.datetime.now(dt.UTC), token="a" * 32, lease=dt.timedelta(minutes=1), limit=4
        )
        assert len(taken) == 4
        sent = Recorder()
        started = time.monotonic()
        report = Deliverer(world.factory, send=sent).run()
        assert time.monotonic() - started < 5  # never waited for the other's locks
        assert sorted(report.claimed) == sorted(
            r.id for r in world.rows() if r.id not in {t.id for t in taken}
        )
        holder.rollback()  # the other deliverer died before committing its claim
    assert Deliverer(world.factory, send=sent).run().sent == 4
    assert len(sent.sent) == 6


def test_a_dead_deliverers_rows_are_taken_over_after_its_lease(world: World) -> None:
    world.notify(count=2)
    clock = Clock()
    with unit_of_work(world.factory) as session:  # claimed, then the deliverer died mid-send
        taken = Store(session).outbox.claim(
            clock.now, token="d" * 32, lease=dt.timedelta(minutes=10), limit=5
        )
        assert len(taken) == 2
    sent = Recorder()
    deliverer = Deliverer(world.factory, send=sent, clock=clock)
    assert deliverer.run().claimed == []  # its lease still holds
    clock.advance(601)
    assert deliverer.run().sent == 2
    assert {(row.status, row.attempts) for row in world.rows()} == {("sent", 2)}
    with unit_of_work(world.factory) as session:  # the dead one's late outcome is not kept
        assert not Store(session).outbox.finish(taken[0].id, "d" * 32, status="failed")


class Spiking(SpikeWatch):
    """Every stored batch raises a spike (the detector itself is tested in tests/listening)."""

    def observe_batch(
        self, store: Store, org_id: int, items: Any, now: dt.datetime
    ) -> list[Spike]:  # the signature SpikeFeed calls
        return [Spike("negative", now, 300, 40, 2.0, 1e-9)]


def _mentions(start: int, count: int) -> Sequence[IncomingMention]:
    at = dt.datetime.now(dt.UTC)
    return [
        IncomingMention(external_id=f"m{start + i}", text="service nul", author_handle="@x", created_at=at)
        for i in range(count)
    ]


def test_a_slow_channel_holds_no_ingestion_transaction(world: World) -> None:
    with unit_of_work(world.factory) as session:
        store = Store(session)
        policies.upload(store, system(world.org_id), demo_policy_text(), comment="p", activate=True)
        source = sources.create_source(
            store, system(world.org_id), kind="webhook", name="hook", settings={}, secret="k" * 32
        ).id
    sink = ingestion.IngestionStore(world.factory, EngineCache(), spikes=incoming.SpikeFeed(Spiking()))
    sending, release = threading.Event(), threading.Event()
    committed_first: list[bool] = []

    def slow(channel: NotificationChannel, message: Notification) -> str | None:
        with world.factory() as session:  # what is being sent was committed before the send began
            committed_first.append(
                session.scalar(select(Alert.id).where(Alert.message == message.title)) is not None
            )
        sending.set()
        release.wait(30)  # a chat server that takes its time
        return None

    started = time.monotonic()
    assert sink.accept(source, Batch(mentions=list(_mentions(0, 3)))) == 3
    assert time.monotonic() - started < 5 and not sending.is_set()  # committed: nothing sent in it
    [queued] = world.rows()
    assert queued.status == "pending"
    deliverer = threading.Thread(target=lambda: Deliverer(world.factory, send=slow).run(limit=1))
    deliverer.start()
    try:
        assert sending.wait(30)
        started = time.monotonic()
        assert sink.accept(source, Batch(mentions=list(_mentions(10, 3)))) == 3  # while the channel hangs
        assert time.monotonic() - started < 5 and deliverer.is_alive()
        assert [row.status for row in world.rows()] == ["pending", "pending"]  # the first one still sending
    finally:
        release.set()
        deliverer.join(30)
    assert committed_first == [True]
    assert Deliverer(world.factory, send=Recorder()).run().sent == 1
    assert {row.status for row in world.rows()} == {"sent"}


def test_the_periodic_job_sends_what_is_due(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    assert periodic_intervals()[JobName.NOTIFICATIONS] == 5.0
    assert periodic_intervals({"notifications": 1.0})[JobName.NOTIFICATIONS] == 1.0
    world.notify(count=2)
    sent = Recorder()
    monkeypatch.setattr(outbox, "attempt", sent)
    context = WorkerContext(factory=world.factory, publisher=Publisher(world.factory))
    outcome = run_job(context, JobName.NOTIFICATIONS, "t", {})
    assert outcome.status == "done" and outcome.result["sent"] == 2
    assert len(sent.sent) == 2


def test_a_sender_that_raises_costs_one_attempt_not_the_batch(world: World) -> None:
    world.notify(Notification("alert", "t", "boom"))
    world.notify(Notification("alert", "t", "fine"))
    delivered: list[str] = []

    def flaky(channel: NotificationChannel, message: Notification) -> str | None:
        if message.body == "boom":
            raise RuntimeError(f"plugin bug near {HOOK}")
        delivered.append(message.body)
        return None

    report = Deliverer(world.factory, send=flaky).run()
    assert (report.sent, report.retrying) == (1, 1) and delivered == ["fine"]
    boom = next(row for row in world.rows() if row.body == "boom")
    assert boom.status == "pending" and boom.last_error == "RuntimeError while sending"


def test_a_pass_stops_claiming_after_its_time_so_slow_channels_share_the_runner(world: World) -> None:
    world.notify(count=25)
    report = Deliverer(world.factory, send=Recorder(pause=0.05), batch=10).run(seconds=0.2)
    assert len(report.claimed) == 10  # the batch under way is finished, no other claimed
    assert [row.status for row in world.rows()].count("pending") == 15


# -- sent promptly: the commit wakes the job ----------------------------------------------------------------------
def test_a_commit_that_queued_a_notice_wakes_the_deliverer_and_a_rollback_does_not(world: World) -> None:
    woken: list[int] = []
    stop = outbox_wake.subscribe(lambda: woken.append(1))
    try:
        world.notify()
        assert len(woken) == 1
        world.notify(count=3)  # one transaction, three notices: one wake-up
        assert len(woken) == 2
        with world.factory() as session:
            notifications.notify(Store(session), world.org_id, ALERT)
            session.flush()
            session.rollback()
            assert len(woken) == 2
            session.commit()  # the same session commits later: the rollback cleared its mark
        with unit_of_work(world.factory) as session:  # a commit that queued nothing
            Store(session).notification_channels.list(world.org_id)
        assert len(woken) == 2
    finally:
        stop()
    world.notify()
    assert len(woken) == 2  # unsubscribed


def _runner(world: World, *, leads: bool) -> InProcessRunner:
    """The embedded runner, its periodic ``notifications`` pass an hour away: whatever it sends, a wake-up sent."""
    context = WorkerContext(factory=world.factory, publisher=Publisher(world.factory))
    runner = InProcessRunner(context, threads=2, periodic=leads)
    if leads:
        runner.schedule = PeriodicSchedule({JobName.NOTIFICATIONS: 3600.0}, first_in=3600.0)
    return runner.start()


def _until(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


@pytest.mark.parametrize("leads", [True, False], ids=["periodic-runner", "runner-of-another-process"])
def test_a_committed_notice_is_sent_at_once_and_a_rolled_back_one_never(
    world: World, monkeypatch: pytest.MonkeyPatch, leads: bool
) -> None:
    sent = Recorder()
    monkeypatch.setattr(outbox, "attempt", sent)
    runner = _runner(world, leads=leads)
    stop = outbox_wake.subscribe(lambda: runner.wake(JobName.NOTIFICATIONS))
    try:
        started = time.monotonic()
        world.notify(Notification("alert", "t", "committed"))
        assert _until(lambda: sent.sent == ["committed"], 3.0), sent.sent
        assert time.monotonic() - started < 3.0  # not the periodic pass, an hour away (5 s by default)
        with world.factory() as session:  # queued, then rolled back: no row, no wake-up
            notifications.notify(Store(session), world.org_id, Notification("alert", "t", "rolled back"))
            session.flush()
            session.rollback()
        world.notify(Notification("alert", "t", "next"))  # its pass would send anything pending
        assert _until(lambda: "next" in sent.sent, 3.0), sent.sent
        assert _until(runner.idle, 3.0)
        assert sent.sent == ["committed", "next"]
        assert [row.status for row in world.rows()] == ["sent", "sent"]
    finally:
        stop()
        runner.stop()
