"""lookalike accounts: the impersonation watch's review list, one row per suspicious handle

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 07:00:00

``lookalike_accounts``: each handle seen imitating the organisation on an incoming mention, once
(``uq_lookalike_accounts_org_handle`` on the case-folded handle), with first and last sighting, count, the
reason (kind, imitated name, added words) and a score, and its review (verdict impersonator / legitimate /
unsure, by whom, when). The review list is served by the ``(org_id, last_seen)`` and
``(org_id, verdict, last_seen)`` indexes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lookalike_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("handle_key", sa.String(length=300), nullable=False),
        sa.Column("handle", sa.String(length=300), nullable=False),
        sa.Column("display_name", sa.String(length=300), nullable=False),
        sa.Column("source_kind", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("words", sa.JSON(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen_count", sa.Integer(), nullable=False),
        sa.Column("last_mention_id", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["last_mention_id"], ["mentions.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reviewed_by"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("org_id", "handle_key", name="uq_lookalike_accounts_org_handle"),
    )
    op.create_index(
        "ix_lookalike_accounts_org_last_seen", "lookalike_accounts", ["org_id", "last_seen", "id"]
    )
    op.create_index(
        "ix_lookalike_accounts_org_verdict_last_seen",
        "lookalike_accounts",
        ["org_id", "verdict", "last_seen", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_lookalike_accounts_org_verdict_last_seen", table_name="lookalike_accounts")
    op.drop_index("ix_lookalike_accounts_org_last_seen", table_name="lookalike_accounts")
    op.drop_table("lookalike_accounts")
