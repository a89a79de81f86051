"""ingestion at scale: a lease per source (one ingesting process at a time) and a trigram index for the inbox search

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 06:50:00

``sources.lease_owner`` / ``sources.lease_expires_at``: the ingestion worker that reads a source holds its
lease and renews it; another worker takes the source over only once the lease has expired (the holder died),
so several ``charte worker`` processes never read one source twice (``charte.workers.listening``).

PostgreSQL only: the ``pg_trgm`` extension and GIN trigram indexes on ``lower(text)`` and
``lower(author_handle)``, which serve the inbox's search (``q``: a case-insensitive substring, ``LIKE
'%…%'``) that no B-tree can. Creating the extension needs the right to (a superuser, or the database's owner
since PostgreSQL 13, pg_trgm being a trusted extension); without it the indexes are skipped with a warning and
the search stays unindexed. SQLite has no such index: its search scans, as before.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

#: The inbox search's indexes (PostgreSQL): name -> indexed expression.
TRGM_INDEXES = {
    "ix_mentions_text_trgm": "lower(text)",
    "ix_mentions_author_trgm": "lower(author_handle)",
}


def _trigrams_available() -> bool:
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as exc:
        log.warning(
            "pg_trgm could not be created (%s): the inbox search stays unindexed; a superuser can run "
            "CREATE EXTENSION pg_trgm and then `charte db upgrade` again after a downgrade to 0014",
            type(exc.orig).__name__,
        )
        return False
    return True


def upgrade() -> None:
    with op.batch_alter_table("sources") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True))
    if op.get_bind().dialect.name == "postgresql" and _trigrams_available():
        for name, expression in TRGM_INDEXES.items():
            op.execute(f"CREATE INDEX IF NOT EXISTS {name} ON mentions USING gin ({expression} gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in TRGM_INDEXES:
            op.execute(f"DROP INDEX IF EXISTS {name}")
    with op.batch_alter_table("sources") as batch:
        batch.drop_column("lease_expires_at")
        batch.drop_column("lease_owner")
