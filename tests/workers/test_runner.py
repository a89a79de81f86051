"""The embedded runner (inside `charte serve`): same jobs, retries after RetryLater, periodic jobs, failures logged."""

from __future__ import annotations

import datetime as dt
import logging
import time
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from charte.audit.store import AuditLog
from charte.connectors.memory import fail_next, outbox
from charte.errors import CharteError, TransientError
from charte.service.publishing import Backoff, Publisher, enqueue_publication
from charte.settings import load_settings
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import Organisation, PublicationRow, PublishTarget
from charte.workers.jobs import JOBS, AuditRetentionJob, Job, JobFailed, WorkerContext
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
        runner.enqueue("publish", {"publication_id": pid})
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
        enqueue_publication(s, target=target, draft_id=None, content={"text": "x", "platform": "x"}, due_at=now + dt.timedelta(seconds=1.5), now=now)
    context = WorkerContext(factory, Publisher(factory))
    runner = InProcessRunner(context, intervals={"publish_due": 0.2}).start()
    try:
        assert not box.posts
        assert wait(lambda: len(box.posts) == 1, timeout=15)
    finally:
        runner.stop()


def test_unknown_job_and_failure_lifecycle(factory: sessionmaker[Session], caplog: pytest.LogCaptureFixture) -> None:
    context = WorkerContext(factory, Publisher(factory))
    runner = InProcessRunner(context, periodic=False)
    with pytest.raises(CharteError, match="unknown job 'nope'"):
        runner.enqueue("nope", {})

    class Boom(Job):
        name = "boom"

        def run(self) -> None:
            raise ValueError("secret post text must not be logged")

    with caplog.at_level(logging.ERROR, logger="charte.jobs"), pytest.raises(JobFailed, match="ValueError"):
        Boom(context).execute("j1", {})
    assert "job boom j1 failed" in caplog.text and "Traceback" in caplog.text


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
    assert set(JOBS) == {"publish", "publish_due", "audit_retention"}
