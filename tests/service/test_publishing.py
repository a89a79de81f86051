"""Publishing: idempotent attempts, retries with backoff, final failure with its reason, recovery after a crash."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, update
from sqlalchemy.orm import Session, sessionmaker

from charte.audit.store import AuditLog
from charte.connectors.base import Connector, Publication, PublishResult
from charte.connectors.memory import fail_next, outbox
from charte.connectors.registry import build_connector
from charte.connectors.webhook import WebhookConnector, WebhookParams
from charte.errors import InputError, TransientError
from charte.service.publishing import Backoff, Publisher, enqueue_publication
from charte.store.models import Base, PublicationRow, PublishTarget

CONTENT = {
    "text": "Nous recrutons !",
    "platform": "linkedin",
    "account": "@acme",
    "lang": "fr",
    "attachments": [{"url": "https://x.test/a.png", "credit": "Ana"}],
}
FAST = Backoff(base_seconds=0.0, jitter=0.0)


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture()
def factory(tmp_path: Path) -> sessionmaker[Session]:
    engine = create_engine(f"sqlite:///{tmp_path / 'pub.db'}", connect_args={"timeout": 30})
    Base.metadata.create_all(engine)
    return sessionmaker(engine, expire_on_commit=False)


def make(
    factory: sessionmaker[Session],
    connector: str = "memory",
    params: dict | None = None,
    due_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
    max_attempts: int = 3,
) -> int:
    with factory() as s, s.begin():
        target = PublishTarget(
            org_id=1,
            name=f"t{s.query(PublishTarget).count()}",
            connector=connector,
            params=params if params is not None else {"name": "pubtest"},
        )
        s.add(target)
        s.flush()
        row = enqueue_publication(
            s, target=target, draft_id=10, content=CONTENT, due_at=due_at, now=now, max_attempts=max_attempts
        )
        return row.id


def row(factory: sessionmaker[Session], pid: int) -> PublicationRow:
    with factory() as s:
        r = s.get(PublicationRow, pid)
        assert r is not None
        return r


@pytest.fixture()
def box():
    b = outbox("pubtest", 1)
    b.reset()
    return b


def test_publish_once_and_replay_is_a_no_op(factory: sessionmaker[Session], box) -> None:
    pid = make(factory)
    pub = Publisher(factory, backoff=FAST)
    assert pub.attempt(pid).status == "sent"
    replay = pub.attempt(pid)
    assert replay.status == "sent" and "already final" in replay.detail
    assert box.calls == 1 and len(box.posts) == 1
    r = row(factory, pid)
    assert r.external_id == f"mem-{r.idempotency_key}" and r.attempts == 1
    with factory() as s:
        actions = [e.action for e in AuditLog(s).query(1)]
        assert actions == ["publication.scheduled", "publication.sent"]
        assert AuditLog(s).verify(1).ok


def test_transient_failures_are_retried_then_succeed(factory: sessionmaker[Session], box) -> None:
    pid = make(factory)
    fail_next("pubtest", TransientError("webhook x: HTTP 500"), org_id=1)
    pub = Publisher(factory, backoff=Backoff(base_seconds=0.0, jitter=0.0))
    first = pub.attempt(pid)
    assert first.status == "retrying" and first.retry_in == 0.0
    assert row(factory, pid).last_error == "webhook x: HTTP 500"
    assert pub.attempt(pid).status == "sent"
    assert row(factory, pid).last_error is None and box.calls == 2


def server_error(_: httpx.Request) -> httpx.Response:
    return httpx.Response(500)


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


@pytest.mark.parametrize(
    ("handler", "reason"), [(server_error, "HTTP 500"), (timeout, "no answer (refused, ")]
)
def test_webhook_failing_is_retried_then_marked_failed_with_reason(
    factory: sessionmaker[Session], handler, reason: str
) -> None:
    calls: list[str] = []

    def counting(request: httpx.Request) -> httpx.Response:
        calls.append(request.headers["Idempotency-Key"])
        return handler(request)

    def connectors(cid: str, params: dict, **_: object) -> Connector:
        return WebhookConnector(WebhookParams.model_validate(params), transport=httpx.MockTransport(counting))

    params = {"url": "https://hooks.test/x", "secret": "0123456789abcdef", "timeout_seconds": 0.5}
    pid = make(factory, "webhook", params, max_attempts=3)
    pub = Publisher(factory, connectors=connectors, backoff=FAST)
    statuses = [pub.attempt(pid).status for _ in range(4)]
    assert statuses == ["retrying", "retrying", "failed", "failed"]
    assert len(calls) == 3 and len(set(calls)) == 1  # same Idempotency-Key on every retry
    r = row(factory, pid)
    assert r.status == "failed" and reason in (r.last_error or "") and r.attempts == 3
    with factory() as s:
        failed = [e for e in AuditLog(s).query(1) if e.action == "publication.failed"]
    assert len(failed) == 1 and reason in failed[0].details["reason"]


def test_permanent_error_fails_at_once(factory: sessionmaker[Session]) -> None:
    def connectors(cid: str, params: dict, **_: object) -> Connector:
        return WebhookConnector(
            WebhookParams.model_validate(params), transport=httpx.MockTransport(lambda r: httpx.Response(404))
        )

    pid = make(factory, "webhook", {"url": "https://hooks.test/x", "secret": "0123456789abcdef"})
    out = Publisher(factory, connectors=connectors, backoff=FAST).attempt(pid)
    assert out.status == "failed" and "HTTP 404" in out.detail and row(factory, pid).attempts == 1


def test_backoff_grows_exponentially_and_honours_retry_after() -> None:
    b = Backoff(base_seconds=2.0, cap_seconds=60.0, jitter=0.0)
    assert [b.delay(n) for n in (1, 2, 3, 4, 6, 10)] == [2.0, 4.0, 8.0, 16.0, 60.0, 60.0]
    assert b.delay(1, retry_after=30.0) == 30.0
    jittered = Backoff(base_seconds=10.0, jitter=0.2)
    assert all(8.0 <= jittered.delay(1) <= 12.0 for _ in range(50))


def test_crash_after_send_is_recovered_without_sending_again(factory: sessionmaker[Session], box) -> None:
    clock = Clock()
    pid = make(factory, now=clock.now)
    pub = Publisher(factory, backoff=FAST, clock=clock, lease=dt.timedelta(seconds=60))
    # A worker records its intent and sends, then dies before marking the row sent.
    key = row(factory, pid).idempotency_key
    claimed = pub._claim(pid)
    assert isinstance(claimed, tuple) and row(factory, pid).status == "sending"
    build_connector("memory", {"name": "pubtest"}, org_id=1).publish(
        Publication(key, 1, 10, "linkedin", "@acme", "x")
    )
    # While the lease runs, nobody else takes it.
    assert pub.attempt(pid).status == "sending"
    clock.now += dt.timedelta(seconds=61)
    assert pub.due() == [pid]
    out = pub.attempt(pid)
    assert out.status == "sent"
    assert box.calls == 1 and len(box.posts) == 1
    with factory() as s:
        sent = [e for e in AuditLog(s).query(1) if e.action == "publication.sent"]
    assert sent[0].details["recovered"] is True


def test_schedule_in_the_past_is_refused(factory: sessionmaker[Session]) -> None:
    now = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
    with pytest.raises(InputError, match="in the past"):
        make(factory, due_at=now - dt.timedelta(minutes=1), now=now)
    with pytest.raises(InputError, match="time zone"):
        make(factory, due_at=dt.datetime(2026, 12, 1, 9, 0), now=now)


def test_scheduled_publication_waits_until_due(factory: sessionmaker[Session], box) -> None:
    clock = Clock()
    pid = make(factory, due_at=clock.now + dt.timedelta(hours=2), now=clock.now)
    pub = Publisher(factory, backoff=FAST, clock=clock)
    assert row(factory, pid).status == "scheduled"
    assert pub.due() == [] and pub.attempt(pid).status == "scheduled" and box.calls == 0
    clock.now += dt.timedelta(hours=2)
    assert pub.due() == [pid] and pub.attempt(pid).status == "sent"


def test_two_workers_racing_on_one_publication_send_once(factory: sessionmaker[Session]) -> None:
    sends: list[str] = []

    class Slow(Connector[WebhookParams]):
        id = "slow"

        def publish(self, publication: Publication) -> PublishResult:
            sends.append(publication.idempotency_key)
            time.sleep(0.2)
            return PublishResult("x")

    pid = make(factory)
    pub = Publisher(
        factory,
        connectors=lambda c, p, **_: Slow(WebhookParams(url="https://h.test", secret="x" * 16)),
        backoff=FAST,
    )
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(pub.attempt(pid).status)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(sends) == 1 and results.count("sent") >= 1 and row(factory, pid).status == "sent"


def test_unknown_publication_and_bad_connector(factory: sessionmaker[Session]) -> None:
    assert Publisher(factory).attempt(999).status == "missing"
    with pytest.raises(InputError, match="secret"):
        make(factory, "webhook", {"url": "https://h.test"})
    with factory() as s, s.begin():
        s.execute(update(PublicationRow).values(status="sent"))
