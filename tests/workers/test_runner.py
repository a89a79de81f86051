"""The embedded runner (inside `charte serve`) and the lifecycle both backends share: retries after RetryLater,
periodic jobs, failures logged without their message, unknown names refused, no job dropped silently."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from charte.audit.store import AuditLog
from charte.connectors.memory import fail_next, outbox
from charte.errors import JobError, RetryLater, TransientError, UnknownJob
from charte.service.publishing import Backoff, Publisher, enqueue_publication
from charte.settings import load_settings
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import Organisation, PublicationRow, PublishTarget
from charte.workers.jobs import (
    JOBS,
    AuditRetentionJob,
    DuePublicationsJob,
    Job,
    JobName,
    PeriodicSchedule,
    WorkerContext,
    job,
    job_class,
    periodic_intervals,
)
from charte.workers.runner import InProcessRunner


@pytest.fixture()
def factory(tmp_path: Path) -> sessionmaker[Session]:
    url = f"sqlite:///{tmp_path / 'jobs.db'}"
    migrate.upgrade(url)
    return make_sessionmaker(make_engine(url))


def memory_target(session: Session, name: str) -> PublishTarget:
    org = Organisation(slug=f"runner-{name}", name=name)
    session.add(org)
    session.flush()
    target = PublishTarget(org_id=org.id, name=name, connector="memory", params={"name": name})
    session.add(target)
    session.flush()
    return target


def wait(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_runner_publishes_and_retries(factory: sessionmaker[Session]) -> None:
    with factory() as s, s.begin():
        target = memory_target(s, "runner")
        box = outbox("runner", target.org_id)
        box.reset()
        fail_next("runner", TransientError("HTTP 503"), TransientError("HTTP 503"), org_id=target.org_id)
        pid = enqueue_publication(s, target=target, draft_id=None, content={"text": "x", "platform": "x"}).id
    context = WorkerContext(factory, Publisher(factory, backoff=Backoff(base_seconds=0.05, jitter=0)))
    runner = InProcessRunner(context, threads=2, periodic=False).start()
    try:
        runner.enqueue(JobName.PUBLISH, {"publication_id": pid})
        assert wait(lambda: len(box.posts) == 1)
        assert wait(runner.idle)
    finally:
        runner.stop()
    with factory() as s:
        row = s.get(PublicationRow, pid)
        assert row is not None and row.status == "sent" and row.attempts == 3
    assert box.calls == 3


def test_periodic_sweep_picks_up_due_publications(factory: sessionmaker[Session]) -> None:
    now = dt.datetime.now(dt.UTC)
    with factory() as s, s.begin():
        target = memory_target(s, "sweep")
        box = outbox("sweep", target.org_id)
        box.reset()
        enqueue_publication(
            s,
            target=target,
            draft_id=None,
            content={"text": "x", "platform": "x"},
            due_at=now + dt.timedelta(seconds=1.5),
            now=now,
        )
    context = WorkerContext(factory, Publisher(factory))
    runner = InProcessRunner(context, intervals={"publish_due": 0.2}).start()
    try:
        assert not box.posts
        assert wait(lambda: len(box.posts) == 1, timeout=15)
    finally:
        runner.stop()


def test_unknown_job_and_failure_lifecycle(
    factory: sessionmaker[Session], caplog: pytest.LogCaptureFixture
) -> None:
    context = WorkerContext(factory, Publisher(factory))
    runner = InProcessRunner(context, periodic=False)
    with pytest.raises(
        UnknownJob,
        match="unknown job 'nope'; known: account_safety, audit_retention, notifications, policy_reminders, publish, publish_due, sla_notices",
    ):
        runner.enqueue("nope", {})
    with pytest.raises(UnknownJob):
        job_class("")

    class Boom(Job):
        name = JobName.PUBLISH  # not registered: run directly

        def run(self) -> None:
            raise ValueError("secret post text must not be logged") from KeyError("api-key-123")

    with caplog.at_level(logging.ERROR, logger="charte.jobs"):
        outcome = Boom(context).execute("j1", {})
    assert outcome.status == "failed" and outcome.retry_in is None
    assert "job publish j1 failed" in caplog.text
    assert "builtins.ValueError" in caplog.text and "in run" in caplog.text  # type and stack ...
    assert "secret post text" not in caplog.text and "api-key-123" not in caplog.text  # ... never the message


def test_retry_and_done_outcomes(factory: sessionmaker[Session]) -> None:
    class Flaky(Job):
        name = JobName.PUBLISH

        def run(self, n: int) -> int:
            if n < 2:
                raise RetryLater(-3.0, "not yet")  # a negative delay is read as "now"
            return n * 10

    context = WorkerContext(factory, Publisher(factory))
    assert Flaky(context).execute("r", {"n": 1}).retry_in == 0.0
    done = Flaky(context).execute("r", {"n": 4})
    assert (done.status, done.result, done.retry_in) == ("done", 40, None)
    assert Flaky(context).execute("r", {"wrong": 1}).status == "failed"  # a bad payload is a logged failure


def test_a_context_without_a_queue_refuses_instead_of_dropping(factory: sessionmaker[Session]) -> None:
    with factory() as s, s.begin():
        target = memory_target(s, "noqueue")
        enqueue_publication(s, target=target, draft_id=None, content={"text": "x", "platform": "x"})
    context = WorkerContext(factory, Publisher(factory))
    with pytest.raises(JobError, match="no queue is attached"):
        context.enqueue(JobName.PUBLISH, {"publication_id": 1})
    assert DuePublicationsJob(context).execute("t", {}).status == "failed"  # the due publication is not lost:
    with factory() as s:  # still pending in the database for the next sweep
        assert s.query(PublicationRow).one().status == "pending"


def test_jobs_register_by_decorator_under_typed_names() -> None:
    assert (
        set(JOBS)
        == set(JobName)
        == {
            "publish",
            "publish_due",
            "audit_retention",
            "account_safety",
            "policy_reminders",
            "sla_notices",
            "notifications",
        }
    )
    assert all(cls.name is name for name, cls in JOBS.items())
    with pytest.raises(TypeError):
        JOBS[JobName.PUBLISH] = Job  # type: ignore[index]  # read-only once imported
    with pytest.raises(JobError, match="registered twice"):

        @job(JobName.PUBLISH)
        class Again(Job):
            def run(self) -> None: ...

    assert periodic_intervals() == {
        JobName.PUBLISH_DUE: 5.0,
        JobName.AUDIT_RETENTION: 86400.0,
        JobName.ACCOUNT_SAFETY: 3600.0,
        JobName.POLICY_REMINDERS: 21600.0,
        JobName.SLA_NOTICES: 60.0,
        JobName.NOTIFICATIONS: 5.0,
    }
    assert periodic_intervals({"publish_due": 0.5})[JobName.PUBLISH_DUE] == 0.5
    with pytest.raises(UnknownJob):
        periodic_intervals({"publish_soon": 1.0})


def test_periodic_schedule_waits_for_the_end_of_a_run() -> None:
    now = [100.0]
    schedule = PeriodicSchedule({JobName.PUBLISH_DUE: 5.0}, first_in=1.0, clock=lambda: now[0])
    assert schedule.take_due() == [] and schedule.seconds_to_next() == 1.0
    now[0] = 101.0
    assert schedule.take_due() == [JobName.PUBLISH_DUE]
    now[0] = 110.0  # still running: not due again, nothing to wait for
    assert schedule.take_due() == [] and schedule.seconds_to_next() is None
    schedule.finished(JobName.PUBLISH_DUE)
    assert schedule.seconds_to_next() == 5.0
    now[0] = 115.0
    assert schedule.take_due() == [JobName.PUBLISH_DUE]


def test_a_woken_periodic_job_is_due_now_or_right_after_its_run() -> None:
    now = [100.0]
    schedule = PeriodicSchedule({JobName.NOTIFICATIONS: 5.0}, first_in=1.0, clock=lambda: now[0])
    assert schedule.wake(JobName.NOTIFICATIONS) and schedule.wake(JobName.NOTIFICATIONS)
    assert schedule.take_due() == [JobName.NOTIFICATIONS]  # two wake-ups, one run
    assert schedule.take_due() == []
    assert schedule.wake(JobName.NOTIFICATIONS)  # during the run: once more right after it
    schedule.finished(JobName.NOTIFICATIONS)
    assert schedule.seconds_to_next() == 0.0 and schedule.take_due() == [JobName.NOTIFICATIONS]
    schedule.finished(JobName.NOTIFICATIONS)  # not woken this time: the interval again
    assert schedule.seconds_to_next() == 5.0
    assert not schedule.wake(JobName.PUBLISH_DUE)  # not scheduled here


def test_a_runner_without_periodic_jobs_queues_a_woken_job_once(factory: sessionmaker[Session]) -> None:
    runner = InProcessRunner(WorkerContext(factory, Publisher(factory)), periodic=False)  # not started
    runner.wake(JobName.NOTIFICATIONS)
    runner.wake("notifications")
    assert [job for _, _, job, _ in runner.heap] == [JobName.NOTIFICATIONS]


def test_retention_job_prunes_behind_a_checkpoint(factory: sessionmaker[Session]) -> None:
    old = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with factory() as s, s.begin():
        log = AuditLog(s, clock=lambda: old)
        for i in range(3):
            log.append(5, "user:1", "draft.check", "draft", i)
    settings = load_settings(None, audit_retention_days=30, audit_key="k" * 40)
    context = WorkerContext(factory, Publisher(factory), settings=settings)
    assert AuditRetentionJob(context).run() == 3
    with factory() as s:
        report = AuditLog(s).verify(5, b"k" * 40)
    assert report.ok and report.entries == 1 and report.first_seq == 4
    assert AuditRetentionJob(WorkerContext(factory, Publisher(factory))).run() == 0  # no settings: nothing
