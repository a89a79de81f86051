"""The ingestion's duplicate read (``Mentions.known_ids``, ``Mentions.ids_of``) on SQLite and PostgreSQL: the
stored ids of one source only, and on PostgreSQL a probe of the unique index per id, whatever the planner knows
of the table. Before, the read was planned from statistics: on a table never analysed (autovacuum behind or
off) or in a prepared statement's generic plan, it read every mention of the source, so each batch cost in
proportion to the mentions already stored (docs/listening-sources.md, *Throughput*)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from psycopg.sql import Literal
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session, sessionmaker
from tests.conftest import fresh_database

from charte.service import organisations, sources
from charte.service.demo import system
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import Mention
from charte.store.repositories import Store

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
#: Mentions of the first source: enough that reading them all is far more than the ids asked for.
STORED = 3000
ODD_IDS = ["it's", 'a "quoted" id', "back\\slash", "école/ÉCOLE", "emoji 😀", "comma, {brace}", "%(x)s"]


@dataclass
class Env:
    sessions: sessionmaker[Session]
    source: int
    other_source: int
    dialect: str


def _row(org: int, source: int, ident: str) -> dict[str, object]:
    return {
        "org_id": org,
        "source_id": source,
        "external_id": ident,
        "text": f"text of {ident}",
        "author_handle": "@someone",
        "created_at": T0,
        "received_at": T0,
        "updated_at": T0,
        "findings": [],
    }


@contextlib.contextmanager
def _stored(database_url: str) -> Iterator[Env]:
    """Two sources of one organisation in a migrated database, their mentions stored in bulk."""
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        store = Store(session)
        org = organisations.create(store, "Dedup", "dedup").id
        src, other = (
            sources.create_source(store, system(org), kind="import", name=name, settings={}, secret=None).id
            for name in ("one", "two")
        )
        dialect = session.get_bind().dialect.name
        if dialect == "postgresql":  # no statistics, as on a table autovacuum has not analysed yet
            session.execute(text("ALTER TABLE mentions SET (autovacuum_enabled = false)"))
        rows = [_row(org, src, f"m{i}") for i in range(STORED)] + [_row(org, src, i) for i in ODD_IDS]
        rows += [_row(org, other, f"m{i}") for i in range(0, STORED, 2)] + [_row(org, other, "only-other")]
        store.mentions.insert_new(rows)
        session.commit()
    try:
        yield Env(factory, src, other, dialect)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def env(database_url: str) -> Iterator[Env]:
    """The stored mentions on each backend."""
    with _stored(database_url) as stored:
        yield stored


@pytest.fixture(scope="module")
def pg_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    """The stored mentions on PostgreSQL alone, for the tests of its query plans (no SQLite run to skip)."""
    with fresh_database("postgresql", tmp_path_factory.mktemp("db")) as url, _stored(url) as stored:
        yield stored


def test_known_ids_are_the_sources_own(env: Env) -> None:
    asked = ["m1", "m1", "m2", "m2999", "m3000", "only-other", "", *ODD_IDS, "ODD", "it"]
    with env.sessions() as session:
        mentions = Store(session).mentions
        assert mentions.known_ids(env.source, asked) == {"m1", "m2", "m2999", *ODD_IDS}
        assert mentions.known_ids(env.other_source, asked) == {"m2", "only-other"}
        assert mentions.known_ids(env.source, []) == set()
        assert mentions.known_ids(env.source, (f"x{i}" for i in range(10))) == set()


def test_known_ids_past_one_statement(env: Env) -> None:
    """More ids than one statement takes (5,000 on PostgreSQL, 500 on SQLite): every chunk is read."""
    asked = [f"m{i}" for i in range(STORED)] + [f"new{i}" for i in range(6000)]
    with env.sessions() as session:
        assert Store(session).mentions.known_ids(env.source, asked) == {f"m{i}" for i in range(STORED)}


def test_ids_of_gives_each_mentions_id(env: Env) -> None:
    asked = ["m0", "m7", "only-other", "missing", *ODD_IDS]
    with env.sessions() as session:
        mentions = Store(session).mentions
        expected = dict(
            session.execute(
                select(Mention.external_id, Mention.id).where(
                    Mention.source_id == env.source, Mention.external_id.in_(asked)
                )
            ).all()
        )
        assert set(expected) == {"m0", "m7", *ODD_IDS}
        assert mentions.ids_of(env.source, asked) == expected
        other = mentions.ids_of(env.other_source, asked)
        assert set(other) == {"m0", "only-other"}
        assert other["m0"] != expected["m0"]


def _read_from_mentions(plan: dict[str, Any]) -> float:
    """Rows the plan read from ``mentions`` and its indexes (kept or filtered out), all loops counted."""
    loops = plan.get("Actual Loops", 1)
    on_mentions = plan.get("Relation Name") == "mentions" or str(plan.get("Index Name", "")).startswith(
        ("uq_mentions", "ix_mentions", "pk_mentions")
    )
    read = 0.0
    if on_mentions:
        removed = plan.get("Rows Removed by Filter", 0) + plan.get("Rows Removed by Index Recheck", 0)
        read = (plan.get("Actual Rows", 0) + removed) * loops
    return read + sum(_read_from_mentions(child) for child in plan.get("Plans", ()))


#: Whether the table has statistics (the planner's row estimates come from them).
ANALYSED = "SELECT count(*) FROM pg_stats WHERE tablename = 'mentions' AND schemaname = current_schema()"


def _statement_of(session: Session, call: Callable[[], object]) -> tuple[str, dict[str, Any]]:
    """The first SQL statement ``call`` sends through ``session``'s connection, with its parameters."""
    connection = session.connection()
    seen: list[tuple[str, Any]] = []

    def capture(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        seen.append((statement, parameters))

    event.listen(connection, "before_cursor_execute", capture)
    try:
        call()
    finally:
        event.remove(connection, "before_cursor_execute", capture)
    statement, parameters = seen[0]
    assert isinstance(parameters, dict)
    return statement, parameters


def _explained(session: Session, statement: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """The statement prepared as a server-side prepared statement and run once under EXPLAIN ANALYZE (the
    session's ``plan_cache_mode`` decides between its custom and its generic plan)."""
    connection = session.connection()
    names = list(parameters)
    numbered = re.sub(r"%\((\w+)\)s", lambda m: f"${names.index(m.group(1)) + 1}", statement)
    connection.exec_driver_sql(f"PREPARE dedup_read AS {numbered}")
    (types,) = connection.exec_driver_sql(
        "SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = 'dedup_read'"
    ).one()
    raw = connection.connection.dbapi_connection  # EXPLAIN takes no bound parameters: literals
    arguments = ", ".join(
        f"CAST({Literal(parameters[name]).as_string(raw)} AS {kind})"
        for name, kind in zip(names, types, strict=True)
    )
    (document,) = connection.exec_driver_sql(
        f"EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE dedup_read({arguments})"
    ).one()
    connection.exec_driver_sql("DEALLOCATE dedup_read")
    plan: dict[str, Any] = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
    return plan


@pytest.mark.postgres
@pytest.mark.parametrize("plan_cache_mode", ["auto", "force_generic_plan"])
def test_postgres_probes_the_index_without_statistics(pg_env: Env, plan_cache_mode: str) -> None:
    """The read of 100 ids touches about 100 index entries, not the source's 3,000 mentions, on a table
    with no statistics, in a custom plan (values known) and in a generic one (a prepared statement's)."""
    env = pg_env
    asked = [f"m{i}" for i in range(0, 2000, 20)]
    with env.sessions() as session:
        assert session.scalar(text(ANALYSED)) == 0, "the case in question is a table without statistics"
        mentions = Store(session).mentions
        statement, parameters = _statement_of(session, lambda: mentions.known_ids(env.source, asked))
        session.execute(text(f"SET LOCAL plan_cache_mode = {plan_cache_mode}"))
        plan = _explained(session, statement, parameters)
    assert plan["Actual Rows"] == len(asked)
    assert _read_from_mentions(plan) <= 2 * len(asked), json.dumps(plan, indent=1)
