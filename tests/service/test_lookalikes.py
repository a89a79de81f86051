"""The impersonation watch's review list, on SQLite and PostgreSQL: one row per look-alike handle with its
sightings and one alert, filters, reviews (audited, by people who handle the inbox), a handle reviewed
legitimate no longer flagged nor alerted on, and each organisation seeing only its own."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func, select

from charte.cli.demo import demo_policy_text
from charte.listening.types import Batch, IncomingMention
from charte.service import ingestion, lookalikes, organisations, policies, sources, users
from charte.service.demo import system
from charte.service.engines import EngineCache
from charte.service.errors import Invalid, NotFound, PermissionDenied
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import Alert, Mention
from charte.store.models.audit import AuditEntryRow
from charte.store.repositories import Store

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@dataclass
class Env:
    sessions: Any
    org: int
    other_org: int
    source: int
    other_source: int
    admin: Principal
    auditor: Principal
    other_admin: Principal

    def run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        with self.sessions() as session:
            result = fn(Store(session), *args, **kwargs)
            session.commit()
            return result

    def accept(self, source: int, mentions: list[IncomingMention], at: dt.datetime) -> None:
        ingestion.IngestionStore(self.sessions, EngineCache(), clock=lambda: at).accept(
            source, Batch(mentions)
        )


def _person(store: Store, org: int, email: str, role: Role) -> Principal:
    user = users.create(
        store,
        system(org),
        email=email,
        display_name=email,
        role=role,
        password="correct horse battery staple",
    )
    return Principal.of(user.id, org, role, "system")


@pytest.fixture
def env(database_url: str) -> Iterator[Env]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    stamp = uuid.uuid4().hex[:12]  # the database may be shared by the module's tests: names never collide
    with factory() as session:
        store = Store(session)
        ids = []
        for name in ("Acme", "Globex"):
            org = organisations.create(store, name, f"look{name.lower()}{stamp}").id
            policies.upload(store, system(org), demo_policy_text(), comment="p", activate=True)
            source = sources.create_source(
                store, system(org), kind="webhook", name="hook", settings={}, secret="k" * 32
            ).id
            ids.append((org, source))
        (org, source), (other_org, other_source) = ids
        env = Env(
            factory,
            org,
            other_org,
            source,
            other_source,
            _person(store, org, f"admin{stamp}@acme.example", Role.ADMIN),
            _person(store, org, f"auditor{stamp}@acme.example", Role.AUDITOR),
            _person(store, other_org, f"admin{stamp}@globex.example", Role.ADMIN),
        )
        session.commit()
    yield env
    engine.dispose()


def _m(i: str, handle: str, name: str = "", text: str = "Bonjour") -> IncomingMention:
    return IncomingMention(f"{i}", text, handle, T0, name)


def _alerts(env: Env, org: int) -> int:
    with env.sessions() as session:
        return int(
            session.scalar(select(func.count()).where(Alert.org_id == org, Alert.kind == "lookalike")) or 0
        )


def test_one_row_per_handle_with_sightings_and_one_alert(env: Env) -> None:
    env.accept(env.source, [_m("a1", "@Acme_Support", "Acme Support"), _m("a2", "@marie", "Marie")], T0)
    env.accept(env.source, [_m("a3", "@acme_support"), _m("a4", "@AcmeHelp")], T0 + dt.timedelta(hours=2))
    page = env.run(lookalikes.list_lookalikes, env.admin, limit=50, offset=0)
    rows = {r.handle_key: r for r in page.items}
    assert set(rows) == {"acme_support", "acmehelp"} and page.total == 2
    support = rows["acme_support"]
    assert support.seen_count == 2 and support.handle == "@acme_support"  # as last seen
    assert support.first_seen == T0 and support.last_seen == T0 + dt.timedelta(hours=2)
    assert support.kind == "brand_and_words" and support.target == "Acme" and 0 < support.score <= 1
    assert support.last_mention_id is not None and support.verdict is None
    assert "Acme" in lookalikes.reason(support, "fr")
    assert page.items[0].handle_key == "acmehelp"  # most recently seen first (then by id, stable)
    assert _alerts(env, env.org) == 2  # one per handle, not per mention


def test_filters_are_checked_and_applied(env: Env) -> None:
    env.accept(env.source, [_m("b1", "@Acme_Support"), _m("b2", "@AcmeHelp")], T0)
    [support] = env.run(lookalikes.list_lookalikes, env.admin, q="support", limit=50, offset=0).items
    env.run(lookalikes.review, env.admin, support.id, "impersonator")
    found = env.run(lookalikes.list_lookalikes, env.admin, status="impersonator", limit=50, offset=0)
    assert [r.id for r in found.items] == [support.id]
    unreviewed = env.run(lookalikes.list_lookalikes, env.admin, status="unreviewed", limit=50, offset=0)
    assert [r.handle_key for r in unreviewed.items] == ["acmehelp"]
    assert env.run(lookalikes.list_lookalikes, env.admin, kind="typo", limit=50, offset=0).total == 0
    for field, value in (("status", "maybe"), ("kind", "phishing")):
        with pytest.raises(Invalid) as caught:
            env.run(lookalikes.list_lookalikes, env.admin, **{field: value}, limit=50, offset=0)
        assert caught.value.errors[0].field == field


def test_a_review_is_audited_and_legitimate_stops_flags_and_alerts(env: Env) -> None:
    env.accept(env.source, [_m("c1", "@AcmeTeam", "Acme team")], T0)
    [row] = env.run(lookalikes.list_lookalikes, env.admin, limit=50, offset=0).items
    reviewed = env.run(lookalikes.review, env.admin, row.id, "legitimate")
    assert (reviewed.verdict, reviewed.reviewed_by) == ("legitimate", env.admin.user_id)
    assert reviewed.reviewed_at is not None
    with env.sessions() as session:
        entry = session.scalars(
            select(AuditEntryRow).where(
                AuditEntryRow.org_id == env.org, AuditEntryRow.action == "listening.lookalike_review"
            )
        ).one()
        assert entry.details["verdict"] == "legitimate" and entry.details["previous"] is None
    alerts_before = _alerts(env, env.org)
    env.accept(env.source, [_m("c2", "@acmeteam", text="Rendez-vous samedi !")], T0 + dt.timedelta(days=1))
    with env.sessions() as session:
        mention = session.scalars(select(Mention).where(Mention.external_id == "c2")).one()
        assert mention.flag is None and mention.flags is None
    assert _alerts(env, env.org) == alerts_before
    again = env.run(lookalikes.get_lookalike, env.admin, row.id)
    assert again.seen_count == 1  # a legitimate account is no longer counted as a sighting
    # Back to "unsure": flagged again.
    env.run(lookalikes.review, env.admin, row.id, "unsure")
    env.accept(env.source, [_m("c3", "@AcmeTeam")], T0 + dt.timedelta(days=2))
    with env.sessions() as session:
        assert session.scalars(select(Mention).where(Mention.external_id == "c3")).one().flag == "account"


def test_reviews_need_the_permission_and_a_known_verdict(env: Env) -> None:
    env.accept(env.source, [_m("d1", "@Acme_Official")], T0)
    [row] = env.run(lookalikes.list_lookalikes, env.auditor, limit=50, offset=0).items  # an auditor reads
    with pytest.raises(PermissionDenied):
        env.run(lookalikes.review, env.auditor, row.id, "impersonator")
    with pytest.raises(Invalid) as caught:
        env.run(lookalikes.review, env.admin, row.id, "bad")
    assert caught.value.errors[0].field == "verdict"


def test_each_organisation_sees_and_reviews_only_its_own(env: Env) -> None:
    # Both organisations run the demo policy (organisation "Acme"): each has its own row for the same handle.
    env.accept(env.source, [_m("e1", "@Acme_Help")], T0)
    env.accept(env.other_source, [_m("e1", "@Acme_Help"), _m("e2", "@AcmePay_Support")], T0)
    mine = env.run(lookalikes.list_lookalikes, env.admin, limit=50, offset=0).items
    theirs = env.run(lookalikes.list_lookalikes, env.other_admin, limit=50, offset=0).items
    assert [r.handle_key for r in mine] == ["acme_help"] and mine[0].seen_count == 1
    assert {r.handle_key for r in theirs} == {"acme_help", "acmepay_support"}
    assert mine[0].id not in {r.id for r in theirs}
    with pytest.raises(NotFound):
        env.run(lookalikes.get_lookalike, env.other_admin, mine[0].id)
    with pytest.raises(NotFound):
        env.run(lookalikes.review, env.other_admin, mine[0].id, "legitimate")
    # Their review of their row leaves ours alone: our next mention from that handle is still flagged.
    their_help = next(r for r in theirs if r.handle_key == "acme_help")
    env.run(lookalikes.review, env.other_admin, their_help.id, "legitimate")
    env.accept(env.source, [_m("e3", "@Acme_Help")], T0 + dt.timedelta(hours=1))
    assert env.run(lookalikes.get_lookalike, env.admin, mine[0].id).verdict is None
    assert env.run(lookalikes.get_lookalike, env.admin, mine[0].id).seen_count == 2


def test_a_handle_kept_meanwhile_by_another_writer_does_not_fail_the_batch(env: Env) -> None:
    values = {
        "org_id": env.org,
        "handle_key": "acme_care",
        "handle": "@Acme_Care",
        "display_name": "",
        "source_kind": "webhook",
        "kind": "brand_and_words",
        "target": "Acme",
        "words": ["care"],
        "score": 0.8,
        "first_seen": T0,
        "last_seen": T0,
        "seen_count": 0,
    }
    assert env.run(lambda s: s.lookalikes.insert_new(values)) is not None
    assert env.run(lambda s: s.lookalikes.insert_new(values)) is None  # the second writer: no error, no row
    env.accept(env.source, [_m("g1", "@acme_care")], T0 + dt.timedelta(minutes=1))
    [row] = env.run(lookalikes.list_lookalikes, env.admin, q="acme_care", limit=50, offset=0).items
    assert row.seen_count == 1 and _alerts(env, env.org) == 0  # the alert is the writer that kept it's
