"""The periodic side of the account register (SQLite and PostgreSQL): access reviews open when the policy's
period has passed and escalate after their delay, owners are reminded once before a rotation falls due, the
posture score counts each clause, the hourly job does all of it per organisation, and a scheduled post whose
account loses its 2FA attestation is held when it falls due, then released."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from charte.cli.demo import demo_policy_text
from charte.connectors.memory import outbox
from charte.service import access_reviews, account_register, accounts, holds, organisations, policies, users
from charte.service.demo import system
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.service.publishing import Publisher, enqueue_publication
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import AuditEntryRow, PublishTarget
from charte.store.repositories import Store
from charte.workers.jobs import JobName, WorkerContext, run_job

PASSWORD = "correct horse battery staple 42"
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture(scope="module")
def factory(database_url: str) -> Iterator[sessionmaker[Session]]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def _org(factory: sessionmaker[Session], slug: str) -> tuple[int, Principal]:
    with factory() as session:
        store = Store(session)
        org = organisations.create(store, slug, slug)
        root = system(org.id)
        admin = users.create(
            store, root, email=f"a@{slug}.example", display_name="A", role=Role.ADMIN, password=PASSWORD
        )
        policies.upload(store, root, demo_policy_text(), activate=True)
        session.commit()
        return org.id, Principal.of(admin.id, org.id, Role.ADMIN, "system")


def _account(factory: sessionmaker[Session], admin: Principal, handle: str, **fields: object) -> int:
    with factory() as session:
        store = Store(session)
        account = accounts.create(
            store,
            admin,
            platform="linkedin",
            handle=handle,
            display_name=None,
            owner_ids=[admin.user_id],
            poster_ids=[],
            two_factor_attested=True,
            last_rotation_at=None,
            now=NOW,
        )
        defaults = {
            "created_at": NOW - dt.timedelta(days=120),
            "last_rotation_at": NOW - dt.timedelta(days=10),
        }
        for key, value in {**defaults, **fields}.items():
            setattr(account, key, value)
        session.commit()
        return account.id


def _entries(factory: sessionmaker[Session], org_id: int, change: str) -> list[AuditEntryRow]:
    with factory() as session:
        rows = session.query(AuditEntryRow).filter(AuditEntryRow.org_id == org_id).all()
        return [r for r in rows if r.details.get("change") == change]


def test_reviews_open_on_their_period_and_escalate_after_their_delay(factory: sessionmaker[Session]) -> None:
    org_id, admin = _org(factory, "sweep")
    account = _account(factory, admin, "@old")
    with factory() as session, session.begin():
        assert access_reviews.sweep(Store(session), org_id, NOW) == (1, 0)  # 120 days old, never reviewed
    with factory() as session, session.begin():
        assert access_reviews.sweep(Store(session), org_id, NOW) == (0, 0)  # one open review at a time
    later = NOW + access_reviews.ESCALATE_AFTER + dt.timedelta(minutes=1)
    with factory() as session, session.begin():
        assert access_reviews.sweep(Store(session), org_id, later) == (0, 1)
    with factory() as session, session.begin():
        assert access_reviews.sweep(Store(session), org_id, later) == (0, 0)  # escalated once
        standing = account_register.standing(Store(session), admin, account, later)
        assert standing.review == "escalated"
    assert [e.details["to"] for e in _entries(factory, org_id, "escalated")] == ["admin"]


def test_owners_are_reminded_once_before_a_rotation_falls_due(factory: sessionmaker[Session]) -> None:
    org_id, admin = _org(factory, "remind")
    soon = _account(factory, admin, "@soon", last_rotation_at=NOW - dt.timedelta(days=80))
    _account(factory, admin, "@fresh", last_rotation_at=NOW - dt.timedelta(days=1))
    with factory() as session, session.begin():
        assert account_register.remind_rotations(Store(session), org_id, NOW) == 1
    with factory() as session, session.begin():
        assert account_register.remind_rotations(Store(session), org_id, NOW) == 0
    reminders = _entries(factory, org_id, "rotation_reminder")
    assert [(e.object_id, e.details["owners"]) for e in reminders] == [(str(soon), [admin.user_id])]
    with factory() as session, session.begin():
        account_register.record_rotation(Store(session), admin, soon, now=NOW)
        assert account_register.standing(Store(session), admin, soon, NOW).rotation == "on_time"


def test_the_posture_score_counts_each_clause(factory: sessionmaker[Session]) -> None:
    _, admin = _org(factory, "posture")
    _account(factory, admin, "@good", created_at=NOW)
    _account(factory, admin, "@bad", two_factor_attested=False, last_rotation_at=NOW - dt.timedelta(days=200))
    with factory() as session:
        posture = account_register.posture(Store(session), admin, NOW)
    assert (posture.accounts, posture.two_factor, posture.rotation) == (2, 0.5, 0.5)
    assert posture.reviews == 0.5  # the old account has never been reviewed
    assert posture.score == 50


def test_the_hourly_job_sweeps_every_organisation(factory: sessionmaker[Session]) -> None:
    _, admin = _org(factory, "job")
    _account(factory, admin, "@job", last_rotation_at=None)
    outcome = run_job(WorkerContext(factory, Publisher(factory)), JobName.ACCOUNT_SAFETY, "t", {})
    assert outcome.status == "done" and outcome.result["reviews_opened"] >= 1
    assert outcome.result["rotation_reminders"] >= 1


def test_a_scheduled_post_is_held_when_due_and_released_by_an_attestation(
    factory: sessionmaker[Session],
) -> None:
    org_id, admin = _org(factory, "scheduled")
    account = _account(factory, admin, "@sched")
    box = outbox("sched", org_id)
    box.reset()
    with factory() as session, session.begin():
        target = PublishTarget(
            org_id=org_id, name="m", connector="memory", params={"name": "sched"}, account_id=account
        )
        session.add(target)
        session.flush()
        row = enqueue_publication(
            session,
            target=target,
            draft_id=None,
            content={"text": "hello"},
            due_at=NOW + dt.timedelta(minutes=1),
            account_id=account,
            now=NOW,
        )
        publication = row.id
    with factory() as session, session.begin():  # the attestation is withdrawn before the post falls due
        accounts.update(Store(session), admin, account, two_factor_attested=False)
    due = NOW + dt.timedelta(minutes=2)
    publisher = Publisher(factory, clock=lambda: due)
    assert publisher.attempt(publication).status == holds.HELD
    assert publication not in publisher.due() and box.posts == {}
    with factory() as session, session.begin():
        account_register.attest_2fa(Store(session), admin, account, now=due)
    assert (
        Publisher(factory, clock=lambda: due + dt.timedelta(seconds=1)).attempt(publication).status == "sent"
    )
    assert len(box.posts) == 1


def test_the_policy_security_section_is_read_once_per_version(factory: sessionmaker[Session]) -> None:
    """Each publication attempt asks for the active policy's security section: after the first time, one
    small query (which version is active), not the policy's text again; a new version is read at once."""
    org_id, _admin = _org(factory, "sec-once")
    with factory() as session:
        store = Store(session)
        first = holds.security_of(store, org_id)
        statements: list[str] = []

        def count(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
            statements.append(statement)

        bind = session.get_bind()
        event.listen(bind, "before_cursor_execute", count)
        try:
            again = holds.security_of(store, org_id)
        finally:
            event.remove(bind, "before_cursor_execute", count)
        assert again is first and first is not None and first.require_2fa
        assert len(statements) == 1 and "yaml_text" not in statements[0]
        laxer = demo_policy_text().replace("  require_2fa: true\n", "  require_2fa: false\n", 1)
        assert laxer != demo_policy_text()
        policies.upload(store, system(org_id), laxer, activate=True)
        session.commit()
        now_lax = holds.security_of(store, org_id)
        assert now_lax is not None and not now_lax.require_2fa
