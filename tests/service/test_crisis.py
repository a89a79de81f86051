"""Crisis mode and the check at send time (SQLite and PostgreSQL).

A post approved before a new policy version, or before a quiet period that covers its send date, is checked again
when it falls due: worse → held and its author told, never sent; unchanged → sent. A crisis pauses every scheduled
post of its scope in one statement, routes approvals to the crisis team, lets statements it approved go out, keeps
its timeline in the audit record, and ends with a decision for each paused post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from charte.cli.demo import demo_policy_text
from charte.connectors.memory import outbox
from charte.errors import Conflict, Invalid, NotFound, PermissionDenied
from charte.service import (
    accounts,
    approvals,
    crisis,
    delivery,
    drafts,
    holds,
    organisations,
    policies,
    teams,
    users,
)
from charte.service.demo import system
from charte.service.engines import EngineCache
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.service.publishing import Publisher
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import AuditEntryRow, Draft, PublicationRow, PublishTarget
from charte.store.repositories import Store

PASSWORD = "correct horse battery staple 42"
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
CRISIS_SECTION = "\ncrisis:\n  declare_roles: [admin, policy_owner]\n  team: crisis\n"
POLICY = demo_policy_text() + CRISIS_SECTION
QUIET = POLICY.replace(
    "  quiet_periods: []",
    "  quiet_periods:\n"
    "    - name: Q4 results\n"
    f"      start: {(NOW + dt.timedelta(days=2)).date()}\n"
    f"      end: {(NOW + dt.timedelta(days=5)).date()}\n"
    "      topics: [résultats]",
)
TEXT = "Nos résultats trimestriels sont excellents, merci à toutes les équipes !"


class Mail:
    def __init__(self) -> None:
        self.sent: list[delivery.Message] = []

    def send(self, message: delivery.Message) -> bool:
        self.sent.append(message)
        return True


@pytest.fixture(scope="module")
def factory(database_url: str) -> Iterator[sessionmaker[Session]]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture()
def mail() -> Iterator[Mail]:
    box = Mail()
    delivery.set_mailer(box)
    yield box
    delivery.set_mailer(None)


class Org:
    def __init__(self, factory: sessionmaker[Session], slug: str, policy: str = POLICY) -> None:
        self.factory, self.cache = factory, EngineCache()
        with factory() as session:
            store = Store(session)
            org = organisations.create(store, slug, slug)
            self.id = org.id
            root = system(org.id)
            self.people: dict[str, Principal] = {}
            for name, role in (
                ("admin", Role.ADMIN),
                ("author", Role.SPOKESPERSON),
                ("approver", Role.APPROVER),
                ("crisis_approver", Role.APPROVER),
                ("employee", Role.EMPLOYEE),
            ):
                user = users.create(
                    store,
                    root,
                    email=f"{name}@{slug}.example",
                    display_name=name,
                    role=role,
                    password=PASSWORD,
                )
                self.people[name] = Principal.of(user.id, org.id, role, "system")
            policies.upload(store, root, policy, activate=True)
            crisis_team = [self.people["crisis_approver"].user_id]
            team = store.teams.by_key(org.id, "crisis")
            if team is None:
                teams.create(store, root, key="crisis", name="Crisis", member_ids=crisis_team)
            else:
                store.teams.set_members(team, crisis_team)
            session.commit()
        self.accounts = [self.account(f"@{slug}{i}") for i in range(2)]
        self.targets = {a: self.target(a) for a in self.accounts}

    def store(self, session: Session) -> Store:
        return Store(session)

    def account(self, handle: str) -> int:
        admin = self.people["admin"]
        with self.factory() as session:
            account = accounts.create(
                Store(session),
                admin,
                platform="linkedin",
                handle=handle,
                display_name=None,
                owner_ids=[admin.user_id],
                poster_ids=[self.people["author"].user_id],
                two_factor_attested=True,
                last_rotation_at=NOW,
                now=NOW,
            )
            session.commit()
            return account.id

    def target(self, account_id: int) -> int:
        outbox(f"box{account_id}", self.id).reset()  # the same ids come again on the other backend
        with self.factory() as session, session.begin():
            target = PublishTarget(
                org_id=self.id,
                name=f"m{account_id}",
                connector="memory",
                params={"name": f"box{account_id}"},
                account_id=account_id,
            )
            session.add(target)
            session.flush()
            return target.id

    def approved(self, text: str, account_id: int, when: dt.datetime | None = None) -> int:
        """A draft written, submitted and (if it needs it) approved now."""
        author = self.people["author"]
        data = drafts.DraftInput(text=text, platform="linkedin", account_id=account_id, scheduled_at=when)
        with self.factory() as session, session.begin():
            store = Store(session)
            draft = drafts.create(store, author, self.cache, data, now=NOW)
            draft = drafts.submit(store, author, self.cache, draft.id, now=NOW)
            draft_id = draft.id
        if draft.status == "in_review":
            self.approve(draft_id)
        return draft_id

    def approve(self, draft_id: int, who: str = "approver") -> Draft:
        with self.factory() as session, session.begin():
            return approvals.approve(Store(session), self.people[who], self.cache, draft_id)

    def publish(self, draft_id: int, account_id: int, when: dt.datetime | None) -> int:
        with self.factory() as session, session.begin():
            row = drafts.publish(
                Store(session),
                self.people["author"],
                draft_id,
                target_id=self.targets[account_id],
                scheduled_at=when,
                now=NOW,
            )
            return row.id

    def row(self, publication_id: int) -> PublicationRow:
        with self.factory() as session:
            row = session.get(PublicationRow, publication_id)
            assert row is not None
            return row

    def draft(self, draft_id: int) -> Draft:
        with self.factory() as session:
            draft = session.get(Draft, draft_id)
            assert draft is not None
            return draft

    def audit(self, action: str) -> list[AuditEntryRow]:
        with self.factory() as session:
            return list(
                session.query(AuditEntryRow)
                .filter(AuditEntryRow.org_id == self.id, AuditEntryRow.action == action)
                .order_by(AuditEntryRow.seq)
            )


def _due(org: Org, publication_id: int, at: dt.datetime) -> str:
    return Publisher(org.factory, clock=lambda: at, engines=org.cache).attempt(publication_id).status


# -- the check at send time --------------------------------------------------------------------------------------
def test_a_new_policy_version_that_blocks_the_approved_text_holds_it_and_tells_its_author(
    factory: sessionmaker[Session], mail: Mail
) -> None:
    org = Org(factory, "recheck-policy")
    account = org.accounts[0]
    when = NOW + dt.timedelta(days=3)
    draft_id = org.approved(TEXT, account, when)
    publication = org.publish(draft_id, account, when)
    with factory() as session, session.begin():  # a new version makes the word a confidential term
        policies.upload(
            Store(session),
            system(org.id),
            POLICY.replace("    terms: []", '    terms: ["trimestriels"]'),
            activate=True,
        )
    assert _due(org, publication, when + dt.timedelta(seconds=1)) == holds.HELD
    row = org.row(publication)
    assert row.last_error == holds.HOLD_RECHECK and org.draft(draft_id).status == holds.HELD
    assert outbox(f"box{account}", org.id).posts == {}
    [entry] = org.audit("publication.recheck")
    assert entry.details["approved_verdict"] == "allow" and entry.details["verdict"] == "block"
    assert entry.details["owner_told"] is True
    assert [m.to for m in mail.sent] == ["author@recheck-policy.example"]
    assert str(draft_id) in mail.sent[0].body
    # the author edits it: the held publication will never go out, the new version is checked afresh
    with factory() as session, session.begin():
        drafts.update(
            Store(session),
            org.people["author"],
            org.cache,
            draft_id,
            drafts.DraftInput(text="Merci à toutes les équipes !", platform="linkedin", account_id=account),
        )
    assert org.row(publication).status == "cancelled" and org.draft(draft_id).status == "draft"


def test_a_quiet_period_covering_the_send_date_holds_a_post_approved_before_it(
    factory: sessionmaker[Session], mail: Mail
) -> None:
    org = Org(factory, "recheck-quiet")
    account = org.accounts[1]
    when = NOW + dt.timedelta(days=3)
    draft_id = org.approved(TEXT, account, when)
    publication = org.publish(draft_id, account, when)
    with factory() as session, session.begin():  # the quiet period is added after the approval
        policies.upload(Store(session), system(org.id), QUIET, activate=True)
    assert _due(org, publication, when + dt.timedelta(seconds=1)) == holds.HELD
    [entry] = org.audit("publication.recheck")
    assert "quiet-period.topics" in entry.details["rules"]


def test_a_post_scheduled_in_a_quiet_period_is_checked_on_its_send_date_when_written(
    factory: sessionmaker[Session],
) -> None:
    org = Org(factory, "quiet-at-write", policy=QUIET)
    author = org.people["author"]
    with factory() as session, session.begin():
        store = Store(session)
        inside = drafts.create(
            store,
            author,
            org.cache,
            drafts.DraftInput(TEXT, "linkedin", org.accounts[0], scheduled_at=NOW + dt.timedelta(days=3)),
            now=NOW,
        )
        outside = drafts.create(
            store,
            author,
            org.cache,
            drafts.DraftInput(TEXT, "linkedin", org.accounts[0], scheduled_at=NOW + dt.timedelta(days=9)),
            now=NOW,
        )
        assert (inside.verdict, outside.verdict) == ("block", "allow")


def test_an_unchanged_verdict_is_sent(factory: sessionmaker[Session], mail: Mail) -> None:
    org = Org(factory, "recheck-same")
    account = org.accounts[0]
    when = NOW + dt.timedelta(days=3)
    draft_id = org.approved("Merci à toutes les équipes pour cette belle année !", account, when)
    publication = org.publish(draft_id, account, when)
    with factory() as session, session.begin():  # a new version, same verdict for this post
        policies.upload(Store(session), system(org.id), QUIET, activate=True)
    assert _due(org, publication, when + dt.timedelta(seconds=1)) == "sent"
    assert len(outbox(f"box{account}", org.id).posts) == 1 and mail.sent == []
    assert org.audit("publication.recheck") == []


# -- crisis mode -------------------------------------------------------------------------------------------------
def _declare(org: Org, who: str = "admin", **kwargs: Any) -> int:
    with org.factory() as session, session.begin():
        return crisis.declare(Store(session), org.people[who], summary="Product recall", now=NOW, **kwargs).id


def test_declaring_pauses_every_scheduled_post_and_ending_decides_each(
    factory: sessionmaker[Session],
) -> None:
    org = Org(factory, "crisis-all")
    when = NOW + dt.timedelta(hours=5)
    posts = []
    for i in range(3):
        draft_id = org.approved(f"Notre nouvelle collection arrive, édition {i} !", org.accounts[i % 2], when)
        posts.append((draft_id, org.publish(draft_id, org.accounts[i % 2], when)))
    crisis_id = _declare(org)
    for draft_id, publication in posts:
        assert org.row(publication).status == "paused" and org.row(publication).crisis_id == crisis_id
        assert org.draft(draft_id).status == "paused"
    assert _due(org, posts[0][1], when + dt.timedelta(seconds=1)) == "paused"  # never claimed while paused
    with factory() as session:
        store = Store(session)
        current = crisis.active(store, org.id)
        assert current is not None and crisis.is_active(store, org.id)
        assert [r.id for r in crisis.paused_posts(store, org.people["admin"], current)] == [
            p for _, p in posts
        ]
    later = NOW + dt.timedelta(days=2)
    with factory() as session, session.begin():
        ending = crisis.end(
            Store(session),
            org.people["admin"],
            decisions=[
                crisis.Decision(posts[0][1], "cancel"),
                crisis.Decision(posts[1][1], "reschedule", later),
            ],
            rest="resume",
            now=NOW,
        )
        assert ending.counts == {"resume": 1, "reschedule": 1, "cancel": 1}
    assert org.row(posts[0][1]).status == "cancelled" and org.draft(posts[0][0]).status == "approved"
    assert org.row(posts[1][1]).status == "scheduled" and org.row(posts[1][1]).due_at == later
    assert org.row(posts[2][1]).status == "scheduled" and org.draft(posts[2][0]).status == "scheduled"
    assert _due(org, posts[2][1], when + dt.timedelta(seconds=1)) == "sent"
    changes = [e.details["change"] for e in org.audit("crisis")]
    assert changes == ["declared", "posts_paused", "decision", "decision", "decision", "ended"]
    with factory() as session:
        assert not crisis.is_active(Store(session), org.id)


def test_a_crisis_on_chosen_accounts_pauses_only_theirs(factory: sessionmaker[Session]) -> None:
    org = Org(factory, "crisis-accounts")
    when = NOW + dt.timedelta(hours=5)
    first = org.publish(org.approved("Bientôt en boutique !", org.accounts[0], when), org.accounts[0], when)
    second = org.publish(org.approved("Bientôt en ligne !", org.accounts[1], when), org.accounts[1], when)
    _declare(org, account_ids=[org.accounts[0]])
    assert org.row(first).status == "paused" and org.row(second).status == "scheduled"
    assert _due(org, second, when + dt.timedelta(seconds=1)) == "sent"


def test_approvals_go_to_the_crisis_team_and_its_statements_go_out(factory: sessionmaker[Session]) -> None:
    org = Org(factory, "crisis-team")
    _declare(org)
    author = org.people["author"]
    with factory() as session, session.begin():  # allowed, yet it needs approval during a crisis
        store = Store(session)
        draft = drafts.create(
            store,
            author,
            org.cache,
            drafts.DraftInput("Nous suivons la situation de près.", "linkedin", org.accounts[0]),
            now=NOW,
        )
        draft_id = drafts.submit(store, author, org.cache, draft.id, now=NOW).id
        assert draft.status == "in_review"
    with factory() as session:
        store = Store(session)
        assert approvals.queue(store, org.people["approver"], org.cache, limit=10, offset=0).total == 0
        assert approvals.queue(store, org.people["crisis_approver"], org.cache, limit=10, offset=0).total == 1
    with pytest.raises(PermissionDenied):
        org.approve(draft_id, "approver")
    assert org.approve(draft_id, "crisis_approver").status == "approved"
    publication = org.publish(draft_id, org.accounts[0], None)
    assert _due(org, publication, dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)) == "sent"
    statements = [e for e in org.audit("crisis") if e.details["change"] == "statement_sent"]
    assert [e.details["object_id"] for e in statements] == [str(publication)]


def test_bad_input_is_refused_with_the_field_named(factory: sessionmaker[Session]) -> None:
    org = Org(factory, "crisis-bad")
    other = Org(factory, "crisis-other")
    for who in ("employee", "approver"):
        with pytest.raises(PermissionDenied):
            _declare(org, who)
    with pytest.raises(Invalid) as unknown:
        _declare(org, account_ids=[other.accounts[0]])
    assert unknown.value.errors[0].field == "account_ids[0]"
    with factory() as session, session.begin(), pytest.raises(Conflict):
        crisis.end(Store(session), org.people["admin"], rest="resume")  # nothing to end
    when = NOW + dt.timedelta(hours=5)
    mine = org.publish(org.approved("Un post prévu.", org.accounts[0], when), org.accounts[0], when)
    theirs = other.publish(other.approved("Un autre.", other.accounts[0], when), other.accounts[0], when)
    _declare(org)
    with pytest.raises(Conflict):
        _declare(org)
    _declare(other)
    with factory() as session, session.begin(), pytest.raises(Invalid) as foreign:
        crisis.end(
            Store(session), org.people["admin"], decisions=[crisis.Decision(theirs, "cancel")], rest="resume"
        )
    assert foreign.value.errors[0].field == "decisions[0].publication_id"
    with factory() as session, session.begin(), pytest.raises(Invalid) as undecided:
        crisis.end(Store(session), org.people["admin"])
    assert undecided.value.errors[0].field == "rest"
    with factory() as session, session.begin(), pytest.raises(Invalid) as past:
        crisis.end(Store(session), org.people["admin"], decisions=[crisis.Decision(mine, "reschedule", NOW)])
    assert past.value.errors[0].field == "decisions[0].scheduled_at"
    with factory() as session:
        current = crisis.active(Store(session), org.id)
        assert current is not None
        with pytest.raises(NotFound):  # another organisation's crisis is not found
            crisis.get(Store(session), other.people["admin"], current.id)


def test_a_negative_spike_alert_proposes_a_crisis(factory: sessionmaker[Session]) -> None:
    from charte.listening.spikes import Spike
    from charte.service import incoming, mentions

    org = Org(factory, "crisis-spike")
    with factory() as session, session.begin():
        store = Store(session)
        for key in ("negative", "keyword:promo"):
            incoming.raise_spike(store, org.id, Spike(key, NOW, 15, 40, 3.0, 1e-9))
        raised = store.alerts.list(org.id, acknowledged=None, limit=10, offset=0).items
        proposals = {a.details["signal"]: a.details.get("proposes_crisis", False) for a in raised}
        assert proposals == {"negative": True, "keyword:promo": False}
        spike = mentions.raise_alert(
            store, org.id, "spike", "Spike", {"signal": "negative", "proposes_crisis": True}
        )
        other = mentions.raise_alert(store, org.id, "spike", "Spike", {"signal": "keyword:promo"})
        spike_id, other_id = spike.id, other.id
    with pytest.raises(Invalid):
        _declare(org, alert_id=other_id)
    crisis_id = _declare(org, alert_id=spike_id)
    with factory() as session:
        store = Store(session)
        alert, declared = store.alerts.get(org.id, spike_id), store.crises.get(org.id, crisis_id)
        assert alert is not None and alert.acknowledged
        assert declared is not None and declared.alert_id == spike_id


def test_the_database_refuses_a_second_active_crisis_declared_at_the_same_moment(
    factory: sessionmaker[Session], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two people declaring at once both pass the check for an active crisis; the unique ``active_org`` keeps one."""
    from charte.store.repositories.crisis import Crises

    org = Org(factory, "crisis-race")
    _declare(org)
    monkeypatch.setattr(Crises, "active", lambda self, org_id, lock=False: None)
    with pytest.raises(Conflict):
        _declare(org)
    monkeypatch.undo()
    with factory() as session:
        assert len(Store(session).crises.history(org.id, limit=10, offset=0).items) == 1


def test_a_post_approved_before_the_crisis_and_published_during_it_is_paused_when_due(
    factory: sessionmaker[Session],
) -> None:
    org = Org(factory, "crisis-late")
    draft_id = org.approved("Notre offre de Noël arrive !", org.accounts[0])
    crisis_id = _declare(org)
    publication = org.publish(draft_id, org.accounts[0], None)  # queued now, not approved by the crisis team
    assert _due(org, publication, dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)) == "paused"
    assert org.row(publication).crisis_id == crisis_id and org.draft(draft_id).status == "paused"
    assert outbox(f"box{org.accounts[0]}", org.id).posts == {}
    with factory() as session:
        row = Store(session).crises.get(org.id, crisis_id)
        assert row is not None and row.paused_count == 1
    assert [
        e.details["publication_id"] for e in org.audit("crisis") if e.details["change"] == "post_paused"
    ] == [publication]
