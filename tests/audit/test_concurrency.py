"""Concurrent appends on each backend (SQLite file, real PostgreSQL): the chain never forks."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from charte.audit.store import AuditLog
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_parallel_appends_make_one_chain_per_organisation(engine: Engine) -> None:
    factory = make_sessionmaker(engine)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(12):
                with factory() as s, s.begin():
                    log = AuditLog(s)
                    log.append(100 + n % 2, f"user:{n}", "draft.check", "draft", i)
                    log.append(
                        100 + n % 2, f"user:{n}", "draft.edit", "draft", i
                    )  # same transaction: adjacent
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with factory() as s:
        log = AuditLog(s)
        for org in (100, 101):
            report = log.verify(org)
            assert report.ok, report.problem
            assert report.entries == 3 * 12 * 2 and report.last_seq == 72
            entries = log.query(org)
            # the two entries of one transaction are never separated by another writer's
            pairs = list(zip(entries[::2], entries[1::2], strict=True))
            assert all(a.actor == b.actor and a.object_id == b.object_id for a, b in pairs)
