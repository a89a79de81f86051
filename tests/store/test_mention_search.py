"""The inbox search on SQLite through the FTS5 trigram index (migration 0022, ``charte.store.fulltext``): the
same mentions as the plain scan for any query, kept in step by triggers, one organisation's search never
returning another's mentions, and a scan with a warning where the index cannot serve."""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import delete, func, or_, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from charte.service import mentions, organisations, sources
from charte.service.demo import system
from charte.service.errors import Invalid
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.store import fulltext, migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import Mention
from charte.store.repositories import Store
from charte.store.repositories import listening as repo
from charte.store.repositories.listening import MentionQuery

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)

TEXTS = [
    "École de Paris: remboursement refusé",
    "ÉCOLE fermée, école ouverte",
    "a \"quoted\" word and a 'single' one",
    "star * NEAR(x y) OR z AND NOT w",
    "colis perdu — 50% de remise_promo",
    "back\\slash and C:\\path",
    "İstanbul straße STRASSE Ǆemal",
    "emoji 😀😀😀 ok 👍🏽",
    "ab",
    "x",
    "mixed CaSe DeLiVeRy refund",
    "a^b:c(d)e{f}g[h]i-j+k",
    "tab\there\nnewline",
    "Ωmega café CAFÉ cafe\u0301",
    "   ",
    "mention 12: colis",
    "mention 123: colis",
]
HANDLES = ["@someone", "@École_Account", "@REFUND_bot", "@x", "@café"]


@dataclass
class Env:
    url: str
    sessions: sessionmaker[Session]
    org: int
    other: int
    source: int
    other_source: int


def _row(org: int, source: int, ident: str, body: str, handle: str, minutes: int) -> dict[str, object]:
    at = T0 - dt.timedelta(minutes=minutes)
    return {
        "org_id": org,
        "source_id": source,
        "external_id": ident,
        "text": body,
        "author_handle": handle,
        "created_at": at,
        "received_at": at,
        "updated_at": at,
        "findings": [],
    }


def _environment(tmp_path: Path) -> Iterator[Env]:
    yield from _populated(f"sqlite:///{tmp_path / 'search.db'}")


def _populated(url: str) -> Iterator[Env]:
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        store = Store(session)
        org = organisations.create(store, "Search", "search").id
        other = organisations.create(store, "Other", "other").id
        src, other_src = (
            sources.create_source(store, system(o), kind="import", name="imp", settings={}, secret=None).id
            for o in (org, other)
        )
        rows = [_row(org, src, f"a{i}", body, HANDLES[i % len(HANDLES)], i) for i, body in enumerate(TEXTS)]
        # The other organisation holds the same texts: its mentions must never show in the first one's search.
        rows += [_row(other, other_src, f"b{i}", body, "@other", i) for i, body in enumerate(TEXTS)]
        store.mentions.insert_new(rows)
        session.commit()
    yield Env(url, factory, org, other, src, other_src)
    engine.dispose()


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """Read only: shared by the module's tests."""
    yield from _environment(tmp_path_factory.mktemp("search"))


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Env]:
    """For a test that changes the mentions or the schema."""
    yield from _environment(tmp_path)


def _search(env: Env, q: str, org: int | None = None, **kw: object) -> list[int]:
    with env.sessions() as session:
        page = Store(session).mentions.list(org or env.org, MentionQuery(q=q, **kw), limit=1000, cursor=None)  # type: ignore[arg-type]
        return [m.id for m in page.items]


def _scanned(
    env: Env, q: str, org: int | None = None, sort: str = "newest", status: str | None = None
) -> list[int]:
    """The plain scan's answer, written here apart from the repository: every mention of the organisation
    whose ``lower(text)`` or ``lower(author_handle)`` is LIKE ``%q%``, in the list's order."""
    pattern = "%" + q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    stmt = select(Mention.id).where(
        Mention.org_id == (org or env.org),
        or_(
            func.lower(Mention.text).like(pattern, escape="\\"),
            func.lower(Mention.author_handle).like(pattern, escape="\\"),
        ),
    )
    if status is not None:
        stmt = stmt.where(Mention.status == status)
    with env.sessions() as session:
        return list(session.scalars(stmt.order_by(*repo._order(sort))))  # type: ignore[arg-type]


def _count(env: Env, q: str) -> int:
    with env.sessions() as session:
        return Store(session).mentions.count(env.org, MentionQuery(q=q))


QUERIES = [
    "école",
    "ÉCOLE",
    "cole",
    "remboursement",
    '"quoted"',
    '"',
    '""',
    "'single'",
    "*",
    "* NEAR(",
    "NEAR",
    "near(x y)",
    "OR z",
    "or",
    "AND NOT",
    "50%",
    "%",
    "_",
    "remise_promo",
    "\\",
    "c:\\path",
    "straße",
    "strasse",
    "istanbul",
    "ǆemal",
    "😀",
    "😀😀",
    "😀😀😀",
    "👍🏽",
    "a^b:c(d)e{f}",
    "^b",
    "-j+",
    "\there",
    "\n",
    "café",
    "cafe\u0301",
    "   ",
    " ",
    "x",
    "ab",
    "@x",
    "@école_account",
    "_account",
    "refund",
    "REFUND",
    "mention 12",
    "mention 12:",
    "12: c",
    "not there at all",
    "\x00",
    "ab\x00c",
    "col\u0000is",
    "{",
    "(",
    ")",
    "-",
    "+",
    ":",
]


def test_the_index_serves_the_search_here(env: Env) -> None:
    assert fulltext.fts5_trigram_supported(), "this Python's SQLite has no FTS5 trigram tokenizer"
    with env.sessions() as session:
        assert fulltext.index_ready(session)


@pytest.mark.parametrize("q", QUERIES)
def test_the_index_finds_exactly_what_the_scan_finds(env: Env, q: str) -> None:
    assert _search(env, q) == _scanned(env, q)
    assert _count(env, q) == len(_scanned(env, q))


def test_random_substrings_and_strings_agree(env: Env) -> None:
    rng = random.Random(7)
    alphabet = "aAeEéÉçÇßẞİıi\u0307 _%\\\"'*():^-+😀👍🏽0123456789ΩωǄǆ\t"
    queries = []
    for body in TEXTS + HANDLES:
        for _ in range(6):
            if len(body) > 1:
                start = rng.randrange(len(body))
                piece = body[start : start + rng.randint(1, 8)]
                queries += [piece, piece.upper(), piece.swapcase()]
    queries += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))) for _ in range(200)]
    for q in queries:
        assert _search(env, q) == _scanned(env, q), repr(q)


def test_queries_of_one_or_two_characters_scan(env: Env) -> None:
    assert fulltext.phrase("ab") is None
    assert fulltext.phrase("😀😀") is None
    assert fulltext.phrase("abc") == '"abc"'
    assert fulltext.phrase('a"b') == '"a""b"'
    assert _search(env, "ab") == _scanned(env, "ab") != []


def test_fts_syntax_in_the_query_never_raises_through_the_service(env: Env) -> None:
    with env.sessions() as session:
        store = Store(session)
        admin = Principal.of(1, env.org, Role.ADMIN, "system")
        for q in ['"', 'a" OR "b', "NEAR(a b, 2)", "col*", "text:colis", "^ab", "(((", "a AND", "-x", "'"]:
            page = mentions.list_mentions(store, admin, MentionQuery(q=q), limit=50, cursor=None)
            assert [m.id for m in page.items] == _scanned(env, q)
        with pytest.raises(Invalid):
            mentions.list_mentions(store, admin, MentionQuery(q="x" * 201), limit=50, cursor=None)


def test_other_organisations_never_show(env: Env) -> None:
    for q in ("colis", "école", "ab", "mention 1", "12: colis"):
        mine = _search(env, q)
        theirs = _search(env, q, env.other)
        assert mine and theirs, q
        assert not set(mine) & set(theirs)
        with env.sessions() as session:
            orgs = {session.get(Mention, i).org_id for i in mine}  # type: ignore[union-attr]
        assert orgs == {env.org}
    # The handle of the other organisation's mentions only: found there, never here.
    assert _search(env, "@other") == []


@pytest.mark.parametrize(("first", "candidates"), [(2_000, 5_000), (1, 5_000), (1, 2), (3, 1), (0, 0)])
def test_each_way_through_the_index_agrees(
    env: Env, monkeypatch: pytest.MonkeyPatch, first: int, candidates: int
) -> None:
    """The ordered window that fills the page, the index's candidates, the rest read in order."""
    monkeypatch.setattr(repo, "ORDERED_FIRST", first)
    monkeypatch.setattr(repo, "FTS_CANDIDATES", candidates)
    for q in ("colis", "école", "mention", "@someone", "remboursement", "zzz", "col"):
        for sort in ("newest", "oldest", "due"):
            assert _search(env, q, sort=sort) == _scanned_sorted(env, q, sort), (q, sort)
            assert _search(env, q, sort=sort, status="new") == _scanned_sorted(env, q, sort, status="new")


def _scanned_sorted(env: Env, q: str, sort: str, status: str | None = None) -> list[int]:
    return _scanned(env, q, sort=sort, status=status)


@pytest.mark.parametrize("indexed", [True, False])
@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_a_search_the_index_cannot_serve_reads_a_bounded_window_per_page(
    env: Env, monkeypatch: pytest.MonkeyPatch, indexed: bool, sort: str
) -> None:
    """One or two characters (or no index): each page reads at most SCAN_BOUND mentions; a page not full by
    then ends early with a cursor, and the pages together hold exactly the scan's mentions, in order."""
    monkeypatch.setattr(repo, "SCAN_BOUND", 3)
    if not indexed:
        monkeypatch.setattr(fulltext, "index_ready", lambda session: False)
    for q in ("ab", "x", "@", "é", "colis", "zz"):
        seen: list[int] = []
        cursor = None
        pages = 0
        with env.sessions() as session:
            store = Store(session)
            while True:
                page = store.mentions.list(env.org, MentionQuery(q=q, sort=sort), limit=2, cursor=cursor)  # type: ignore[arg-type]
                assert len(page.items) <= 2
                seen += [m.id for m in page.items]
                pages += 1
                cursor = page.next_cursor
                if cursor is None:
                    break
        assert seen == _scanned(env, q, sort=sort), (q, sort)
        if indexed and len(q) >= 3:
            continue
        assert pages >= len(TEXTS) // 3  # each page read three mentions at most


def _pages(env: Env, q: str, sort: str) -> tuple[list[int], int]:
    """Every page of the search, two mentions a page at most: the mentions seen, in order, and how many pages."""
    seen: list[int] = []
    cursor = None
    pages = 0
    with env.sessions() as session:
        store = Store(session)
        while True:
            page = store.mentions.list(env.org, MentionQuery(q=q, sort=sort), limit=2, cursor=cursor)  # type: ignore[arg-type]
            assert len(page.items) <= 2
            seen += [m.id for m in page.items]
            pages += 1
            cursor = page.next_cursor
            if cursor is None:
                return seen, pages


def test_a_search_too_short_for_any_index_reads_a_bounded_window_on_both_backends(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One or two characters: neither FTS5 nor pg_trgm has a trigram to look up, so on either backend each page
    reads at most SCAN_BOUND mentions (a million-mention organisation read whole took seconds), in every order
    of the list, the deadline's included (its dated mentions, then the others); the pages together hold
    exactly the scan's mentions, in order, none of the other organisation's."""
    monkeypatch.setattr(repo, "SCAN_BOUND", 3)
    for env in _populated(database_url):
        with env.sessions() as session, session.begin():  # deadlines on two mentions in three, some shared
            for ident in session.scalars(select(Mention.id).where(Mention.org_id == env.org)):
                if ident % 3:
                    due = T0 + dt.timedelta(minutes=(ident * 7) % 5)
                    session.execute(update(Mention).where(Mention.id == ident).values(due_at=due))
        for sort in ("newest", "oldest", "due"):
            for q in ("ab", "x", "é", "zz", "@"):
                seen, pages = _pages(env, q, sort)
                assert seen == _scanned(env, q, sort=sort), (database_url.split(":")[0], sort, q)
                assert pages >= len(TEXTS) // 3, (sort, q)  # each page read three mentions at most


def test_a_short_search_by_deadline_pages_like_the_other_sorts(
    fresh: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """By deadline, a page ends where the other sorts' do: full (its cursor after its last mention), or early
    after SCAN_BOUND mentions read, its cursor after the last one read, whether that one has a deadline or not;
    the last page has no cursor."""
    monkeypatch.setattr(repo, "SCAN_BOUND", 4)
    with fresh.sessions() as session, session.begin():
        ids = list(
            session.scalars(select(Mention.id).where(Mention.org_id == fresh.org).order_by(Mention.id))
        )
        for rank, ident in enumerate(ids[:6]):  # six dated mentions, read first; the rest have none
            session.execute(
                update(Mention).where(Mention.id == ident).values(due_at=T0 + dt.timedelta(hours=rank))
            )
    with fresh.sessions() as session:
        store = Store(session)
        first = store.mentions.list(fresh.org, MentionQuery(q="zz", sort="due"), limit=2, cursor=None)
        assert first.items == [] and first.next_cursor is not None  # four read, none found: go on
        second = store.mentions.list(
            fresh.org, MentionQuery(q="zz", sort="due"), limit=2, cursor=first.next_cursor
        )
        assert second.items == [] and second.next_cursor is not None  # the last two dated, two undated
        found = store.mentions.list(fresh.org, MentionQuery(q="@", sort="due"), limit=2, cursor=None)
        assert [m.id for m in found.items] == ids[
            :2
        ] and found.next_cursor is not None  # full: cursor after it
    seen, pages = _pages(fresh, "zz", "due")
    assert seen == [] and pages == len(ids) // 4 + 1


@pytest.mark.parametrize("first", [2_000, 1])
def test_keyset_pages_through_the_index(env: Env, monkeypatch: pytest.MonkeyPatch, first: int) -> None:
    monkeypatch.setattr(repo, "ORDERED_FIRST", first)
    with env.sessions() as session:
        store = Store(session)
        seen: list[int] = []
        cursor = None
        for sort in ("newest", "due"):
            seen, cursor = [], None
            while True:
                page = store.mentions.list(env.org, MentionQuery(q="col", sort=sort), limit=2, cursor=cursor)  # type: ignore[arg-type]
                seen += [m.id for m in page.items]
                cursor = page.next_cursor
                if cursor is None:
                    break
            assert seen == _scanned_sorted(env, "col", sort)
            assert len(seen) == len(set(seen))


def test_triggers_follow_inserts_updates_deletes_and_pruning(fresh: Env) -> None:
    with fresh.sessions() as session:
        store = Store(session)
        store.mentions.insert_new(
            [_row(fresh.org, fresh.source, "new", "un tout nouveau xylophone", "@n", 0)]
        )
        session.commit()
    (new,) = _search(fresh, "xylophone")
    with fresh.sessions() as session:
        session.execute(update(Mention).where(Mention.id == new).values(text="devenu un violoncelle"))
        session.commit()
    assert _search(fresh, "xylophone") == []
    assert _search(fresh, "violoncelle") == [new]
    with fresh.sessions() as session:
        session.execute(update(Mention).where(Mention.id == new).values(author_handle="@Luthier"))
        session.execute(update(Mention).where(Mention.id == new).values(status="closed"))  # not indexed
        session.commit()
    assert _search(fresh, "luthier") == [new] == _search(fresh, "violoncelle")
    with fresh.sessions() as session:
        session.execute(delete(Mention).where(Mention.id == new))
        session.commit()
    assert _search(fresh, "violoncelle") == []
    with fresh.sessions() as session:
        Store(session).mentions.prune(T0 + dt.timedelta(days=1))
        session.commit()
    assert _search(fresh, "colis") == []
    with fresh.sessions() as session:  # the index holds nothing of the deleted rows
        assert (
            session.scalar(text("SELECT count(*) FROM mentions_fts WHERE mentions_fts MATCH '\"col\"'")) == 0
        )
        assert session.scalar(text("SELECT count(*) FROM mentions_fts_docsize")) == 0


def test_the_upgrade_indexes_the_mentions_already_stored(fresh: Env) -> None:
    migrate.downgrade(fresh.url, "0021")
    with fresh.sessions() as session:
        assert session.scalar(text("SELECT count(*) FROM sqlite_master WHERE name LIKE 'mentions_fts%'")) == 0
    migrate.upgrade(fresh.url)
    with fresh.sessions() as session:
        assert fulltext.index_ready(session)
    assert _search(fresh, "remboursement") == _scanned(fresh, "remboursement") != []


def test_without_the_triggers_the_index_is_not_used(fresh: Env, caplog: pytest.LogCaptureFixture) -> None:
    monkey_warned: set[str] = set()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fulltext, "_warned", monkey_warned)
        with fresh.sessions() as session:
            session.execute(text("DROP TRIGGER mentions_fts_ai"))
            session.commit()
            with caplog.at_level(logging.WARNING, logger="charte.store.fulltext"):
                assert not fulltext.index_ready(session)
        assert "mentions_fts_ai" in caplog.text
        with fresh.sessions() as session:
            Store(session).mentions.insert_new(
                [_row(fresh.org, fresh.source, "late", "arrivé tard", "@n", 0)]
            )
            session.commit()
        assert len(_search(fresh, "arrivé tard")) == 1  # scanned: the row the index missed is found


def test_a_sqlite_without_fts5_trigram_scans_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fulltext, "fts5_trigram_supported", lambda: False)
    monkeypatch.setattr(fulltext, "_warned", set())
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with caplog.at_level(logging.WARNING):
        migrate.upgrade(url)
    assert "no FTS5 trigram tokenizer" in caplog.text
    engine = make_engine(url)
    try:
        factory = make_sessionmaker(engine)
        with factory() as session:
            assert (
                session.scalar(text("SELECT count(*) FROM sqlite_master WHERE name LIKE 'mentions_fts%'"))
                == 0
            )
            store = Store(session)
            org = organisations.create(store, "Old", "old").id
            src = sources.create_source(
                store, system(org), kind="import", name="i", settings={}, secret=None
            ).id
            store.mentions.insert_new([_row(org, src, "1", "une École", "@a", 0)])
            session.commit()
            caplog.clear()
            with caplog.at_level(logging.WARNING, logger="charte.store.fulltext"):
                page = store.mentions.list(org, MentionQuery(q="cole"), limit=10, cursor=None)
            assert len(page.items) == 1
            assert "scans every mention" in caplog.text
    finally:
        engine.dispose()


def test_the_index_is_sqlite_only(database_url: str) -> None:
    """PostgreSQL keeps its pg_trgm indexes (0019): 0022 creates nothing there, and the search never asks."""
    from sqlalchemy import inspect

    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names())
        with make_sessionmaker(engine)() as session:
            ready = fulltext.index_ready(session)
    finally:
        engine.dispose()
    sqlite = database_url.startswith("sqlite")
    assert ("mentions_fts" in tables) is sqlite
    assert ready is sqlite


def test_the_migration_creates_the_triggers_the_search_checks() -> None:
    import importlib.util
    from importlib import resources

    path = resources.files("charte.store") / "migrations" / "versions" / "0022_sqlite_fts.py"
    spec = importlib.util.spec_from_file_location("sqlite_fts_0022", str(path))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert tuple(module.TRIGGERS) == fulltext.FTS_TRIGGERS
    assert module.TABLE == fulltext.FTS_TABLE
