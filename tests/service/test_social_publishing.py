"""Mastodon and Bluesky through the real publishing protocol (claim, find after a crash, retries): exactly one
post per publication, the target's health (credentials refused, last failure, cleared by a success), and the
connectors' secrets sealed at rest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from charte.audit.chain import AuditAction
from charte.connectors.base import ConnectorEnv, using
from charte.connectors.bluesky import clear_sessions
from charte.connectors.registry import build_connector
from charte.service.publishing import SENDING, Backoff, Publisher, enqueue_publication, to_publication
from charte.store.models import AuditEntryRow, Base, PublicationRow, PublishTarget
from tests.connectors.social_fakes import LOCAL, FakeMastodon, FakePDS, json_answer, xrpc_error

FAST = Backoff(base_seconds=0.0, jitter=0.0)


@pytest.fixture()
def factory(tmp_path: Path) -> sessionmaker[Session]:
    engine = create_engine(f"sqlite:///{tmp_path / 'pub.db'}")
    Base.metadata.create_all(engine)
    return sessionmaker(engine, expire_on_commit=False)


@pytest.fixture(autouse=True)
def _local_egress() -> Iterator[None]:
    clear_sessions()
    with using(ConnectorEnv(memory=True, egress=LOCAL)):
        yield
    clear_sessions()


@pytest.fixture()
def mastodon() -> Iterator[FakeMastodon]:
    with FakeMastodon() as fake:
        yield fake


@pytest.fixture()
def pds() -> Iterator[FakePDS]:
    with FakePDS() as fake:
        yield fake


def mastodon_params(fake: FakeMastodon, token: str = "good-token-1234") -> dict[str, Any]:
    return {"instance": fake.base, "access_token": token}


def bluesky_params(fake: FakePDS, password: str = "app-pass-1234") -> dict[str, Any]:
    return {"handle": "brand.example.com", "app_password": password, "pds": fake.base}


def add_target(factory: sessionmaker[Session], connector: str, params: dict[str, Any]) -> int:
    with factory() as s, s.begin():
        target = PublishTarget(org_id=1, name=connector, connector=connector, params=params)
        s.add(target)
        s.flush()
        return target.id


def enqueue(
    factory: sessionmaker[Session], target_id: int, text: str = "Bonjour", max_attempts: int = 5
) -> int:
    with factory() as s, s.begin():
        target = s.get(PublishTarget, target_id)
        assert target is not None
        return enqueue_publication(
            s, target=target, draft_id=None, content={"text": text, "lang": "fr"}, max_attempts=max_attempts
        ).id


def target_row(factory: sessionmaker[Session], target_id: int) -> PublishTarget:
    with factory() as s:
        row = s.get(PublishTarget, target_id)
        assert row is not None
        return row


def run_until_done(publisher: Publisher, pid: int, factory: sessionmaker[Session]) -> str:
    """Attempt again and again, as the worker would once each retry falls due."""
    for _ in range(10):
        outcome = publisher.attempt(pid)
        if outcome.status in ("sent", "failed"):
            return outcome.status
        with factory() as s, s.begin():
            s.execute(
                update(PublicationRow)
                .where(PublicationRow.id == pid)
                .values(due_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
            )
    raise AssertionError("never finished")


def test_mastodon_retries_after_server_errors_and_posts_once(
    factory: sessionmaker[Session], mastodon: FakeMastodon
) -> None:
    tid = add_target(factory, "mastodon", mastodon_params(mastodon))
    pid = enqueue(factory, tid)
    mastodon.fail_next("/api/v1/statuses", json_answer({}, 500), json_answer({}, 503))
    mastodon.lose_answer.append("/api/v1/statuses")  # the third attempt posts, but its answer is lost
    assert run_until_done(Publisher(factory, backoff=FAST), pid, factory) == "sent"
    assert len(mastodon.posted) == 1
    with factory() as s:
        row = s.get(PublicationRow, pid)
        assert row is not None and row.attempts == 4 and row.external_id == mastodon.posted[0]["id"]
    health = target_row(factory, tid)
    assert health.last_error is None and health.last_sent_at is not None and not health.credentials_refused


def test_bluesky_retries_after_server_errors_and_posts_once(
    factory: sessionmaker[Session], pds: FakePDS
) -> None:
    tid = add_target(factory, "bluesky", bluesky_params(pds))
    pid = enqueue(factory, tid)
    pds.fail_next("/xrpc/com.atproto.repo.createRecord", xrpc_error(500, "InternalServerError"))
    pds.lose_answer.append("/xrpc/com.atproto.repo.createRecord")
    assert run_until_done(Publisher(factory, backoff=FAST), pid, factory) == "sent"
    assert len(pds.posts_of("did:plc:brand")) == 1


def _killed_mid_send(factory: sessionmaker[Session], pid: int) -> None:
    """What a worker leaves when it dies after the network took the post and before it recorded it: the row
    claimed (``sending``), its lease run out. The post itself is made by publishing directly, as that worker did."""
    with factory() as s, s.begin():
        row = s.get(PublicationRow, pid)
        target = s.get(PublishTarget, row.target_id) if row is not None else None
        assert row is not None and target is not None
        connector = build_connector(target.connector, target.params, org_id=1)
        try:
            connector.publish(to_publication(row))
        finally:
            connector.close()
        row.status, row.attempts = SENDING, 1
        row.lease_until = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)


@pytest.mark.parametrize("network", ["mastodon", "bluesky"])
def test_a_worker_killed_mid_send_leaves_exactly_one_post(
    factory: sessionmaker[Session], mastodon: FakeMastodon, pds: FakePDS, network: str
) -> None:
    params = mastodon_params(mastodon) if network == "mastodon" else bluesky_params(pds)
    tid = add_target(factory, network, params)
    pid = enqueue(factory, tid)
    _killed_mid_send(factory, pid)
    publisher = Publisher(factory, backoff=FAST)
    assert pid in publisher.due()
    outcome = publisher.attempt(pid)
    assert outcome.status == "sent"
    posts = mastodon.posted if network == "mastodon" else pds.posts_of("did:plc:brand")
    assert len(posts) == 1
    assert publisher.attempt(pid).status == "sent"  # a replayed job: nothing to do
    with factory() as s:
        [sent] = s.scalars(
            select(AuditEntryRow).where(AuditEntryRow.action == AuditAction.PUBLISH_SENT)
        ).all()
    # Bluesky's find reads the record back by its key; Mastodon's cannot, and the instance answers the repeated
    # Idempotency-Key with the status it made the first time.
    assert sent.details["recovered"] is (network == "bluesky") and sent.details["attempts"] == 2


@pytest.mark.parametrize("network", ["mastodon", "bluesky"])
def test_refused_credentials_fail_at_once_show_on_the_target_and_clear_after_a_success(
    factory: sessionmaker[Session], mastodon: FakeMastodon, pds: FakePDS, network: str
) -> None:
    bad = (
        mastodon_params(mastodon, "revoked-token-0")
        if network == "mastodon"
        else bluesky_params(pds, "revoked-pass")
    )
    tid = add_target(factory, network, bad)
    pid = enqueue(factory, tid)
    outcome = Publisher(factory, backoff=FAST).attempt(pid)
    assert outcome.status == "failed" and outcome.retry_in is None  # not retried: a person must act
    health = target_row(factory, tid)
    assert health.credentials_refused and health.last_error_at is not None
    assert "refused" in (health.last_error or "")
    with factory() as s, s.begin():  # an administrator gives working credentials
        target = s.get(PublishTarget, tid)
        assert target is not None
        target.params = mastodon_params(mastodon) if network == "mastodon" else bluesky_params(pds)
    assert Publisher(factory, backoff=FAST).attempt(enqueue(factory, tid)).status == "sent"
    health = target_row(factory, tid)
    assert not health.credentials_refused and health.last_error is None and health.last_sent_at is not None


def test_a_rate_limit_is_retried_no_sooner_than_asked(
    factory: sessionmaker[Session], mastodon: FakeMastodon
) -> None:
    tid = add_target(factory, "mastodon", mastodon_params(mastodon))
    pid = enqueue(factory, tid)
    mastodon.fail_next("/api/v1/statuses", json_answer({"error": "slow down"}, 429, {"Retry-After": "120"}))
    outcome = Publisher(factory, backoff=FAST).attempt(pid)
    assert outcome.status == "retrying" and outcome.retry_in is not None and outcome.retry_in >= 120
    health = target_row(factory, tid)
    assert "429" in (health.last_error or "") and not health.credentials_refused


@pytest.mark.parametrize("network", ["mastodon", "bluesky"])
def test_the_connectors_secrets_are_sealed_at_rest(
    factory: sessionmaker[Session], mastodon: FakeMastodon, pds: FakePDS, network: str
) -> None:
    params = mastodon_params(mastodon) if network == "mastodon" else bluesky_params(pds)
    secret = params.get("access_token") or params["app_password"]
    tid = add_target(factory, network, params)
    with factory() as s:
        raw = s.execute(
            text("SELECT params_sealed FROM publish_targets WHERE id = :id"), {"id": tid}
        ).scalar_one()
        assert str(raw).startswith("fernet:") and secret not in str(raw)
        row = s.get(PublishTarget, tid)
        assert row is not None and row.params == params  # opened for the connector at send time only
