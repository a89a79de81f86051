"""policy drift: a draft remembers the check a newer policy version replaced; an approval, the check it signed

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 22:00:00

- ``drafts.previous_verdict`` / ``drafts.previous_policy_version_id``: set when submitting or approving
  checked the draft again under a newer active policy version and the verdict changed;
- ``approval_events.policy_version_id`` / ``approval_events.verdict``: the check an approval or a rejection
  was given on (empty for the events recorded before this upgrade: what they saw is not known).

Columns are added and dropped in place (SQLite's own ALTER TABLE, SQLite ≥ 3.35 to drop): copying ``drafts``
on SQLite would cascade the delete of the old table to its approval events.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS: dict[str, list[sa.Column[Any]]] = {
    "drafts": [
        sa.Column("previous_verdict", sa.String(length=8), nullable=True),
        sa.Column("previous_policy_version_id", sa.Integer(), nullable=True),
    ],
    "approval_events": [
        sa.Column("policy_version_id", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.String(length=8), nullable=True),
    ],
}


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in columns:
            op.add_column(table, column)


def downgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite and sqlite3.sqlite_version_info < (3, 35):
        raise RuntimeError(
            f"SQLite {sqlite3.sqlite_version} is too old for this downgrade: use 3.35 or newer"
        )
    for table, columns in reversed(COLUMNS.items()):
        for column in reversed(columns):
            if sqlite:
                op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column.name}"')
            else:
                op.drop_column(table, column.name)
