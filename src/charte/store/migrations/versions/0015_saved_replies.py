"""saved replies (versioned, approved, their uses) and replies from the inbox

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 07:00:00

``saved_replies``, ``saved_reply_versions`` and ``saved_reply_uses``; on ``drafts`` the mention a reply answers
(``reply_to_mention_id``, a plain id: a foreign key would make SQLite copy the table), whether it is a complaint
(``in_reply_to_complaint``, what the check is told) and whether it was written past the SLA (``reply_late``); on
``publications`` the network reference the post answers (``reply_to``); on ``mentions`` when a reply was sent
(``answered_at``) and whether late (``answered_late``).
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

COLUMNS: dict[str, list[sa.Column[Any]]] = {
    "drafts": [
        sa.Column("reply_to_mention_id", sa.Integer(), nullable=True),
        sa.Column("in_reply_to_complaint", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("reply_late", sa.Boolean(), nullable=False, server_default=sa.false()),
    ],
    "publications": [sa.Column("reply_to", sa.String(length=512), nullable=True)],
    "mentions": [
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_late", sa.Boolean(), nullable=False, server_default=sa.false()),
    ],
}


def upgrade() -> None:
    op.create_table(
        "saved_replies",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "org_id", sa.Integer(), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("created_by", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("latest_version", sa.Integer(), nullable=False),
        sa.Column("approved_version", sa.Integer(), nullable=True),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("use_count", sa.Integer(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_saved_replies_org_archived", "saved_replies", ["org_id", "archived", "id"])
    op.create_table(
        "saved_reply_versions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "org_id", sa.Integer(), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "reply_id", sa.Integer(), sa.ForeignKey("saved_replies.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("intent", sa.String(length=16), nullable=True),
        sa.Column("topic", sa.String(length=64), nullable=True),
        sa.Column("holding_statement", sa.Boolean(), nullable=False),
        sa.Column("variables", sa.JSON(), nullable=False),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("verdict", sa.String(length=8), nullable=False),
        sa.Column("decision", sa.JSON(), nullable=False),
        sa.Column("policy_version_id", sa.Integer(), nullable=True),
        sa.Column("required_levels", sa.Integer(), nullable=False),
        sa.Column("approved_levels", sa.Integer(), nullable=False),
        sa.Column("approvals", sa.JSON(), nullable=False),
        sa.Column("reject_reason", sa.String(length=1000), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("reply_id", "version", name="uq_saved_reply_versions_reply_version"),
    )
    op.create_index("ix_saved_reply_versions_org_status", "saved_reply_versions", ["org_id", "status"])
    op.create_table(
        "saved_reply_uses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "org_id", sa.Integer(), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "reply_id", sa.Integer(), sa.ForeignKey("saved_replies.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True),
        sa.Column(
            "mention_id", sa.Integer(), sa.ForeignKey("mentions.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("draft_id", sa.Integer(), sa.ForeignKey("drafts.id", ondelete="SET NULL"), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_saved_reply_uses_reply", "saved_reply_uses", ["reply_id", "id"])
    op.create_index("ix_saved_reply_uses_org_id", "saved_reply_uses", ["org_id"])
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
            if sqlite:  # no table copy: the drafts' approval events would cascade away
                op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column.name}"')
            else:
                op.drop_column(table, column.name)
    op.drop_table("saved_reply_uses")
    op.drop_table("saved_reply_versions")
    op.drop_table("saved_replies")
