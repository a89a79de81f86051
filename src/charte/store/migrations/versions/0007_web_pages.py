"""web pages: indexes for the lists at 10,000 drafts, and the text of a draft's previous version

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 00:40:00

- ``ix_drafts_org_status_updated``: the approval queue (drafts in review, oldest first), paged in SQL;
- ``ix_drafts_org_author_id``: one author's drafts, newest first;
- ``ix_drafts_org_scheduled`` and ``ix_publications_org_due``: the calendar's window of days;
- ``drafts.previous_text``: the text the last edit replaced, so an approver sees what changed.

The column is added in place (SQLite's own ALTER TABLE): copying ``drafts`` on SQLite would cascade the delete
of the old table to its approval events (see 0006).
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("ix_drafts_org_status_updated", "drafts", ("org_id", "status", "updated_at")),
    ("ix_drafts_org_author_id", "drafts", ("org_id", "author_id", "id")),
    ("ix_drafts_org_scheduled", "drafts", ("org_id", "scheduled_at")),
    ("ix_publications_org_due", "publications", ("org_id", "due_at")),
)


def upgrade() -> None:
    op.add_column("drafts", sa.Column("previous_text", sa.Text(), nullable=True))
    for name, table, columns in INDEXES:
        op.create_index(name, table, list(columns))


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    if op.get_context().dialect.name == "sqlite":
        if sqlite3.sqlite_version_info < (3, 35):
            raise RuntimeError(
                f"SQLite {sqlite3.sqlite_version} is too old for this downgrade: use 3.35 or newer"
            )
        op.execute('ALTER TABLE "drafts" DROP COLUMN "previous_text"')
    else:
        op.drop_column("drafts", "previous_text")
