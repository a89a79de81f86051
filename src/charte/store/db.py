"""Connections: one SQLAlchemy engine per process, sessions per unit of work."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import CursorResult, Engine, Result, create_engine, event
from sqlalchemy.orm import Session, sessionmaker


def make_engine(url: str, *, pool_size: int = 10) -> Engine:
    """An engine that survives a database restart (``pool_pre_ping``) and enforces foreign keys on SQLite."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"check_same_thread": False, "timeout": 30},
            **(
                {}
                if url in ("sqlite://", "sqlite:///:memory:")
                else {"pool_size": pool_size, "max_overflow": pool_size}
            ),
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size)


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """A session that commits when the block succeeds and rolls back when it raises."""
    with factory() as session, session.begin():
        yield session


def rowcount(result: Result[Any]) -> int:
    """The rows an UPDATE or DELETE matched (an optimistic lock, a claim).

    ``Session.execute`` is typed as returning a ``Result``; for these statements it is a ``CursorResult``,
    the one that carries the count.
    """
    if not isinstance(result, CursorResult):
        raise TypeError(f"no row count on {type(result).__name__}: not an UPDATE or DELETE result")
    return result.rowcount
