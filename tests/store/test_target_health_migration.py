"""Revision 0018 on SQLite and PostgreSQL: publish targets get their health columns (last failure, when, whether
the credentials were refused, last success); an existing target starts healthy, and the downgrade drops them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, text

from charte.store import migrate
from charte.store.db import make_engine

NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
HEALTH = {"last_error", "last_error_at", "credentials_refused", "last_sent_at"}


def _columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns("publish_targets")}
    finally:
        engine.dispose()


def test_existing_targets_start_healthy_and_the_downgrade_drops_the_columns(database_url: str) -> None:
    migrate.upgrade(database_url, "0017")
    assert not HEALTH & _columns(database_url)
    engine = make_engine(database_url)
    try:
        with engine.begin() as c:
            c.execute(
                text("INSERT INTO organisations (id, slug, name, created_at) VALUES (1, 'o', 'O', :n)"),
                {"n": NOW},
            )
            c.execute(
                text(
                    "INSERT INTO publish_targets (org_id, name, connector, params_sealed, created_at) "
                    "VALUES (1, 'hook', 'webhook', 'fernet:x', :n)"
                ),
                {"n": NOW},
            )
        migrate.upgrade(database_url, "0018")
        with engine.connect() as c:
            row = c.execute(
                text(
                    "SELECT credentials_refused, last_error, last_error_at, last_sent_at FROM publish_targets"
                )
            ).one()
        assert (bool(row.credentials_refused), row.last_error, row.last_error_at, row.last_sent_at) == (
            False,
            None,
            None,
            None,
        )
    finally:
        engine.dispose()
    migrate.downgrade(database_url, "0017")
    assert not HEALTH & _columns(database_url)
    migrate.upgrade(database_url)
    assert _columns(database_url) >= HEALTH
