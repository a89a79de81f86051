"""Listening, service side, on SQLite and PostgreSQL: idempotent ingestion (a replayed batch stores nothing
twice; the cursor moves only with its mentions), safe text, classification and routing with deadlines,
who sees which mention, keyset pages, threads, pruning."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select, update

from charte.cli.demo import demo_policy_text
from charte.listening.types import MAX_TEXT_CHARS, Batch, IncomingMention, Skipped
from charte.service import ingestion, mentions, organisations, policies, sources, users
from charte.service.demo import system
from charte.service.engines import EngineCache
from charte.service.errors import Invalid, NotFound, PermissionDenied
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import Mention
from charte.store.repositories import Store
from charte.store.repositories.listening import MentionQuery

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


@dataclass
class Env:
    sessions: object
    sink: ingestion.IngestionStore
    org: int
    other_org: int
    source: int
    other_source: int
    admin: Principal
    care: Principal  # a spokesperson in the team "care"
    outsider: Principal  # a spokesperson in no team
    other_admin: Principal

    def run(self, fn, *args, **kwargs):
        with self.sessions() as session:  # type: ignore[operator]
            result = fn(Store(session), *args, **kwargs)
            session.commit()
            return result


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


@pytest.fixture(scope="module")
def env(database_url: str) -> Iterator[Env]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        store = Store(session)
        org = organisations.create(store, "Listen Org", "listen").id
        other = organisations.create(store, "Other Org", "other").id
        for o in (org, other):
            policies.upload(store, system(o), demo_policy_text(), comment="p", activate=True)
        admin = _person(store, org, "admin@listen.example", Role.ADMIN)
        care = _person(store, org, "care@listen.example", Role.SPOKESPERSON)
        outsider = _person(store, org, "out@listen.example", Role.SPOKESPERSON)
        other_admin = _person(store, other, "admin@other.example", Role.ADMIN)
        store.teams.set_members(store.teams.by_key(org, "care"), [care.user_id])  # seeded from the policy
        src = sources.create_source(
            store, admin, kind="webhook", name="hook", settings={}, secret="s" * 32
        ).id
        other_src = sources.create_source(
            store, other_admin, kind="import", name="imp", settings={}, secret=None
        ).id
        session.commit()
    sink = ingestion.IngestionStore(factory, EngineCache(), clock=lambda: T0)
    yield Env(factory, sink, org, other, src, other_src, admin, care, outsider, other_admin)
    engine.dispose()


def _m(ident: str, text: str, **kw) -> IncomingMention:
    return IncomingMention(
        external_id=ident, text=text, author_handle="@someone", created_at=T0 - dt.timedelta(minutes=5), **kw
    )


def _count(env: Env, source: int) -> int:
    return env.run(lambda s: s.session.scalar(select(func.count()).where(Mention.source_id == source)))


def test_a_replayed_batch_is_stored_once_and_the_cursor_follows(env: Env) -> None:
    batch = Batch(
        mentions=[
            _m("r1", "Votre service est nul, je veux être remboursé !"),
            _m("r2", "Merci, super équipe"),
        ],
        skipped=[Skipped("malformed", "no text")],
        cursor="c-1",
    )
    before = _count(env, env.source)
    assert env.sink.accept(env.source, batch) == 2
    assert env.sink.accept(env.source, batch) == 0  # the replay after a crash
    assert _count(env, env.source) == before + 2
    assert env.sink.load_cursor(env.source) == "c-1"
    health = env.run(lambda s: s.sources.get_any(env.source))
    assert health.skipped_reasons["malformed"] == 2 and health.events_count >= 2
    assert health.last_event_at == T0 and health.lag_seconds == 300.0


def test_the_cursor_never_gets_ahead_of_its_mentions(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    env.sink.accept(env.source, Batch(mentions=[_m("c0", "bonjour")], cursor="before"))

    def crash(*args, **kwargs):
        raise RuntimeError("the database went away")

    from charte.store.repositories import listening as repo

    monkeypatch.setattr(repo.Mentions, "insert_new_ids", crash)
    with pytest.raises(RuntimeError):
        env.sink.accept(env.source, Batch(mentions=[_m("c1", "lost?")], cursor="after"))
    monkeypatch.undo()
    assert env.sink.load_cursor(env.source) == "before"
    assert env.sink.accept(env.source, Batch(mentions=[_m("c1", "lost?")], cursor="after")) == 1
    assert env.sink.load_cursor(env.source) == "after"


def test_invalid_unicode_nul_and_a_megabyte_are_stored_safely(env: Env) -> None:
    huge = "é" * 1_000_000
    batch = Batch(mentions=[_m("u1", "bad \ud800 surrogate and NUL \x00 here"), _m("u2", huge)])
    assert env.sink.accept(env.source, batch) == 2
    rows = env.run(
        lambda s: {m.external_id: (m.text, m.truncated) for m in s.session.scalars(select(Mention))}
    )
    assert rows["u1"][0] == "bad \ufffd surrogate and NUL  here" and not rows["u1"][1]
    assert len(rows["u2"][0]) == MAX_TEXT_CHARS and rows["u2"][1]


def test_classified_routed_with_the_team_deadline(env: Env) -> None:
    env.sink.accept(env.source, Batch(mentions=[_m("k1", "Votre service est nul, je veux être remboursé !")]))
    row = env.run(lambda s: s.session.scalar(select(Mention).where(Mention.external_id == "k1")))
    assert (row.intent, row.sentiment, row.language) == ("complaint", "negative", "fr")
    assert (row.team, row.priority) == ("care", "high")  # the demo policy: complaints to care, high
    assert row.due_at == T0 + dt.timedelta(minutes=120)  # care's sla_minutes
    assert row.status == "new" and 0 <= row.toxicity <= 1


def test_who_sees_what_and_organisations_apart(env: Env) -> None:
    env.sink.accept(
        env.source,
        Batch(
            mentions=[
                _m("v1", "Mon colis n'est jamais arrivé, c'est scandaleux"),
                _m("v2", "Bravo, magnifique"),
            ]
        ),
    )
    env.sink.accept(env.other_source, Batch(mentions=[_m("v1", "Mon colis n'est jamais arrivé")]))

    def ids(actor: Principal) -> set[str]:
        page = env.run(mentions.list_mentions, actor, MentionQuery(), limit=200, cursor=None)
        return {m.external_id for m in page.items}

    admin_sees, care_sees = ids(env.admin), ids(env.care)
    assert {"v1", "v2"} <= admin_sees
    assert "v1" in care_sees and "v2" not in care_sees  # praise goes to "social", not their team
    assert ids(env.outsider) == set()
    assert ids(env.other_admin) == {"v1"}
    mine = env.run(lambda s: s.mentions.known_ids(env.source, ["v2"]))
    v2 = env.run(
        lambda s: s.session.scalar(
            select(Mention.id).where(Mention.source_id == env.source, Mention.external_id == "v2")
        )
    )
    assert mine == {"v2"}
    with pytest.raises(NotFound):
        env.run(mentions.get_mention, env.care, v2)
    with pytest.raises(NotFound):
        env.run(mentions.get_mention, env.other_admin, v2)
    with pytest.raises(PermissionDenied):
        env.run(mentions.assign, Principal.of(env.admin.user_id, env.org, Role.AUDITOR, "system"), v2, None)


def test_assign_status_notes_and_thread(env: Env) -> None:
    env.sink.accept(
        env.source,
        Batch(
            mentions=[
                _m("t1", "Votre appli plante sans arrêt, c'est inadmissible"),
                _m("t2", "Toujours pas réglé, c'est nul", in_reply_to="t1"),
                _m("t3", "Pareil pour moi, remboursez-nous", in_reply_to="t2"),
            ]
        ),
    )
    mid = env.run(lambda s: s.session.scalar(select(Mention.id).where(Mention.external_id == "t2")))
    row = env.run(mentions.assign, env.admin, mid, env.care.user_id)
    assert (row.assignee_id, row.status) == (env.care.user_id, "assigned")
    with pytest.raises(Invalid):
        env.run(mentions.assign, env.admin, mid, env.other_admin.user_id)
    assert env.run(mentions.set_status, env.admin, mid, "answered").status == "answered"
    with pytest.raises(Invalid):
        env.run(mentions.set_status, env.admin, mid, "lost")
    env.run(mentions.add_note, env.admin, mid, "Called them back")
    assert [n.text for n in env.run(mentions.notes, env.admin, mid)] == ["Called them back"]
    thread = env.run(mentions.thread, env.admin, mid)
    assert [m.external_id for m in thread.ancestors] == ["t1"]
    assert [m.external_id for m in thread.replies] == ["t3"]


def test_keyset_pages_neither_repeat_nor_skip(env: Env) -> None:
    clock = iter(T0 + dt.timedelta(seconds=i) for i in range(100))
    sink = ingestion.IngestionStore(env.sink.sessions, env.sink.engines, clock=lambda: next(clock))
    for i in range(7):
        sink.accept(env.source, Batch(mentions=[_m(f"p{i}", f"question numéro {i} ?")]))
    # two without a deadline (no team): listed after the others when sorting by deadline
    env.run(
        lambda s: s.session.execute(
            update(Mention).where(Mention.external_id.in_(["p2", "p5"])).values(due_at=None)
        )
    )
    for sort in ("newest", "oldest", "due"):
        seen: list[int] = []
        cursor = None
        while True:
            page = env.run(
                mentions.list_mentions, env.admin, MentionQuery(q="numéro", sort=sort), limit=3, cursor=cursor
            )
            seen += [m.id for m in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert len(seen) == len(set(seen)) == 7, sort
        if sort == "due":
            tail = seen[-2:]
            last = env.run(lambda s, ids=tail: [s.session.get(Mention, i).external_id for i in ids])
            assert sorted(last) == ["p2", "p5"]
    with pytest.raises(Invalid):
        env.run(mentions.list_mentions, env.admin, MentionQuery(), limit=3, cursor="garbage!")


def test_prune_deletes_old_mentions_and_their_notes(env: Env) -> None:
    old = ingestion.IngestionStore(
        env.sink.sessions, env.sink.engines, clock=lambda: T0 - dt.timedelta(days=400)
    )
    old.accept(env.other_source, Batch(mentions=[_m("old1", "ancien message")]))
    removed = env.run(mentions.prune, dt.timedelta(days=365), now=T0)
    assert removed == 1
    assert env.run(lambda s: s.mentions.known_ids(env.other_source, ["old1"])) == set()


def test_enabled_sources_for_the_worker_open_the_secret(env: Env) -> None:
    configs = env.run(sources.list_enabled_sources, kinds=("webhook",))
    mine = [c for c in configs if c.id == env.source]
    assert mine and mine[0].secret == "s" * 32 and mine[0].organisation_id == env.org
    with pytest.raises(Invalid) as bad:
        env.run(
            sources.create_source,
            env.admin,
            kind="rss",
            name="feed",
            settings={"url": "ftp://x"},
            secret=None,
        )
    assert bad.value.errors[0].field == "settings.url"
    with pytest.raises(PermissionDenied):
        env.run(sources.create_source, env.care, kind="import", name="x", settings={}, secret=None)


def test_prepared_in_two_steps_stores_each_mention_once(env: Env) -> None:
    """The runner's two steps: batch 2 prepared before batch 1 is committed (its duplicate of batch 1 not yet
    seen as stored) is inserted once; its count and its cursor follow the commit, not the preparation."""
    before = _count(env, env.source)
    first = env.sink.prepare(
        env.source, Batch(mentions=[_m("two-step-p1", "one"), _m("two-step-p2", "two")], cursor="p-1")
    )
    second = env.sink.prepare(
        env.source, Batch(mentions=[_m("two-step-p2", "two"), _m("two-step-p3", "three")], cursor="p-2")
    )
    assert env.sink.load_cursor(env.source) != "p-1"  # prepared is not stored
    assert env.sink.commit(first) == 2
    assert env.sink.load_cursor(env.source) == "p-1"
    assert env.sink.commit(second) == 1  # p2 was stored by the first: not twice
    assert env.sink.load_cursor(env.source) == "p-2"
    assert _count(env, env.source) == before + 3
    replay = env.sink.prepare(env.source, Batch(mentions=[_m("two-step-p3", "three")], cursor="p-3"))
    assert replay.work is None  # already stored: not classified again
    assert env.sink.commit(replay) == 0 and env.sink.load_cursor(env.source) == "p-3"


def test_a_prepared_batch_of_an_unknown_source_is_refused(env: Env) -> None:
    from charte.service.errors import NotFound

    with pytest.raises(NotFound, match="source 987654 not found"):
        env.sink.prepare(987654, Batch(mentions=[_m("x1", "hello")]))


def test_a_mention_already_safe_is_not_copied_and_a_dirty_one_is_cleaned() -> None:
    at = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    clean = IncomingMention(
        external_id="at://x/1", text="bonjour", author_handle="a.bsky.social", created_at=at, lang="fr"
    )
    assert ingestion._safe(clean) is clean  # the adapters clean what they read: no second copy per mention
    dirty = IncomingMention(
        external_id="at://x/2",
        text="a\x00b\ud800" + "x" * MAX_TEXT_CHARS,
        author_handle="h\x07",
        created_at=at,
        url="",
        lang="much-too-long-language",
    )
    safe = ingestion._safe(dirty)
    assert isinstance(safe, IncomingMention) and safe is not dirty
    assert safe.text.startswith("ab\ufffd") and len(safe.text) == MAX_TEXT_CHARS and safe.truncated
    assert safe.author_handle == "h" and safe.url is None and safe.lang is None
