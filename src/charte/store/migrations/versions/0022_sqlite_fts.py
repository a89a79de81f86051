"""SQLite: a full-text (FTS5 trigram) index over the mentions' text and author for the inbox search

Revision ID: 0022
Revises: 0019
Create Date: 2026-12-07 09:40:00

SQLite only (PostgreSQL has the pg_trgm GIN indexes of 0019; nothing happens there). The inbox search (``q``)
is a case-insensitive substring of the text or the author handle, which no B-tree serves: at 1,000,000 mentions
a rare word took seconds to find by scanning. ``mentions_fts`` is an external-content FTS5 table (it stores the
index only; the text stays in ``mentions``) with the ``trigram`` tokenizer, which answers substring queries of
three characters or more. Three triggers keep it in step with ``mentions`` on insert, delete and a change of
``text`` or ``author_handle``; the upgrade fills it from the rows already stored (``rebuild``).

The search (``charte.store.fulltext``) uses the index only to narrow the candidates and checks the same LIKE
as before on them, so the results do not change. When the SQLite library lacks FTS5 or its trigram tokenizer
(before 3.34), the upgrade logs a warning and creates nothing, and the search keeps scanning.

A later migration that rebuilds ``mentions`` with ``batch_alter_table`` on SQLite (copy, drop, rename) drops
these triggers with the old table: it must create them again (``create_triggers`` below), or the search stops
using the index (``charte.store.fulltext`` checks that the triggers exist, and scans without them).
"""

from __future__ import annotations

import logging
import sqlite3

from alembic import op

from charte.store import fulltext

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

TABLE = fulltext.FTS_TABLE
#: The triggers keeping the index in step with ``mentions``: name -> its body.
TRIGGERS = {
    "mentions_fts_ai": (
        "AFTER INSERT ON mentions BEGIN "
        "INSERT INTO mentions_fts (rowid, text, author_handle) VALUES (new.id, new.text, new.author_handle); "
        "END"
    ),
    "mentions_fts_ad": (
        "AFTER DELETE ON mentions BEGIN "
        "INSERT INTO mentions_fts (mentions_fts, rowid, text, author_handle) "
        "VALUES ('delete', old.id, old.text, old.author_handle); "
        "END"
    ),
    # Only when the searched columns change: an assignment or a status change does not touch the index.
    "mentions_fts_au": (
        "AFTER UPDATE OF id, text, author_handle ON mentions BEGIN "
        "INSERT INTO mentions_fts (mentions_fts, rowid, text, author_handle) "
        "VALUES ('delete', old.id, old.text, old.author_handle); "
        "INSERT INTO mentions_fts (rowid, text, author_handle) VALUES (new.id, new.text, new.author_handle); "
        "END"
    ),
}


def create_triggers() -> None:
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    if not fulltext.fts5_trigram_supported():
        log.warning(
            "SQLite %s has no FTS5 trigram tokenizer: the inbox search stays unindexed on this database; "
            "with SQLite 3.34 or later, downgrade to 0019 and upgrade again to build the index",
            sqlite3.sqlite_version,
        )
        return
    op.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
        "text, author_handle, content='mentions', content_rowid='id', tokenize='trigram')"
    )
    create_triggers()
    op.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DROP TABLE IF EXISTS {TABLE}")
