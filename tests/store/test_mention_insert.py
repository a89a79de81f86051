"""``Mentions.insert_new_ids`` stores every column as given, on SQLite and PostgreSQL alike: on PostgreSQL the
values every row of a batch shares go once as parameters and a NULL is left out of each JSON record, which must
change nothing that is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from charte.service import organisations, sources
from charte.service.demo import system
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import Mention
from charte.store.repositories import Store

T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
PARIS = dt.timezone(dt.timedelta(hours=1))


def test_shared_and_own_values_and_nulls_are_stored_as_given(database_url: str) -> None:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        store = Store(session)
        org = organisations.create(store, "Insert Org", f"ins{abs(hash(database_url)) % 10**6}").id
        source = sources.create_source(
            store, system(org), kind="import", name="i", settings={}, secret=None
        ).id
        session.commit()
    received = T0.astimezone(PARIS)  # one object in every row: a shared parameter on PostgreSQL
    rows: list[dict[str, Any]] = []
    for i in range(6):
        rows.append(
            {
                "org_id": org,
                "source_id": source,
                "external_id": f"ins-{i}",
                "text": "même texte" if i < 3 else f"text {i} «quoted» \\ {{brace}}",
                "author_handle": "@someone",
                "author_name": "",
                "created_at": T0 - dt.timedelta(minutes=i),
                "received_at": received,
                "updated_at": received,
                "language": "fr" if i % 2 else None,
                "toxicity": float("nan") if i == 1 else (None if i == 2 else i / 10),
                "findings": [{"rule_id": f"r{i}"}] if i % 3 == 0 else [],
                "flags": {"links": [i]} if i == 4 else None,
                "flag": "links" if i == 4 else None,
                "status": "new",
                "priority": "normal",
                "due_at": None,
                "truncated": i == 5,
            }
        )
    one = {**rows[0], "external_id": "alone", "toxicity": 0.25}  # a batch of one: every value shared
    with factory() as session:
        store = Store(session)
        assert store.mentions.insert_new_ids(rows) == {r["external_id"] for r in rows}
        assert store.mentions.insert_new_ids([one]) == {"alone"}
        assert store.mentions.insert_new_ids([rows[0], {**rows[1], "external_id": "new"}]) == {"new"}
        session.commit()
    with factory() as session:
        stored = {
            m.external_id: m for m in session.scalars(select(Mention).where(Mention.source_id == source))
        }
    engine.dispose()
    assert len(stored) == 8
    for row in [*rows, one]:
        mention = stored[row["external_id"]]
        toxicity = row["toxicity"]
        expected_toxicity = (
            None if toxicity is None or toxicity != toxicity or toxicity in (float("inf"),) else toxicity
        )
        assert mention.text == row["text"] and mention.language == row["language"]
        assert mention.toxicity == expected_toxicity
        assert (
            mention.findings == row["findings"]
            and mention.flags == row["flags"]
            and mention.flag == row["flag"]
        )
        assert (
            mention.created_at == row["created_at"] and mention.received_at == T0 and mention.updated_at == T0
        )
        assert mention.due_at is None and mention.truncated is row["truncated"] and mention.status == "new"
        assert mention.author_name == "" and mention.org_id == org and mention.priority == "normal"


def test_json_specials_and_an_overlong_value(database_url: str) -> None:
    """Each column travels as a JSON array on PostgreSQL: quotes, brackets, backslashes, line breaks and
    non-Latin text come back as given; a value longer than its column fails the insert (never cut)."""
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        store = Store(session)
        org = organisations.create(store, "Specials Org", f"spe{abs(hash(database_url)) % 10**6}").id
        source = sources.create_source(
            store, system(org), kind="import", name="s", settings={}, secret=None
        ).id
        session.commit()
    texts = ['"]}, {"x": 1}', "line\nbreak\ttab \\n", "日本語 😀 ﷺ", "null", ""]
    rows = [
        {
            "org_id": org,
            "source_id": source,
            "external_id": f"sp-{i}",
            "text": text,
            "author_handle": "null" if i == 3 else f"@a{i}",
            "created_at": T0 + dt.timedelta(seconds=i),
            "received_at": T0,
            "findings": [{"rule_id": '"q"', "n": [1, None]}] if i == 0 else [],
            "flags": {"k": "\\"} if i == 1 else None,
        }
        for i, text in enumerate(texts)
    ]
    with factory() as session:
        assert Store(session).mentions.insert_new_ids(rows) == {r["external_id"] for r in rows}
        session.commit()
    with factory() as session:
        stored = {
            m.external_id: m for m in session.scalars(select(Mention).where(Mention.source_id == source))
        }
    for row in rows:
        mention = stored[row["external_id"]]
        assert (mention.text, mention.author_handle) == (row["text"], row["author_handle"])
        assert mention.findings == row["findings"] and mention.flags == row["flags"]
        assert mention.created_at == row["created_at"]
    if engine.dialect.name == "postgresql":
        long_handle = {**rows[1], "external_id": "sp-long", "author_handle": "h" * 301}
        with factory() as session, pytest.raises(DBAPIError):
            Store(session).mentions.insert_new_ids([rows[0], long_handle])
    engine.dispose()
