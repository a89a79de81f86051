"""listening: sources, mentions, notes on mentions, alerts

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 03:30:00

- ``sources``: where an organisation listens (kind, settings, a sealed secret, the cursor, health counters);
- ``mentions``: one row per (source, external id) — ``uq_mentions_source_external`` makes a replayed batch
  store nothing twice — with its classification, routing (team, priority, deadline) and handling (status,
  assignee); the ``ix_mentions_*`` indexes serve the inbox's filters and sorts, ``ix_mentions_received`` the
  pruning by age (``charte mentions prune``);
- ``mention_notes`` and ``alerts``.

Only new tables: nothing existing is copied, on SQLite or PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _when(name: str, nullable: bool = True) -> sa.Column[dt.datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"), ondelete=ondelete
    )


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("secret_sealed", sa.Text(), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("cursor", sa.Text(), nullable=True),
        _when("last_event_at"),
        sa.Column("lag_seconds", sa.Float(), nullable=True),
        sa.Column("events_count", sa.Integer(), nullable=False),
        sa.Column("skipped_count", sa.Integer(), nullable=False),
        sa.Column("skipped_reasons", sa.JSON(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        _when("last_error_at"),
        _when("created_at", nullable=False),
        _fk("sources", "org_id", "organisations", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("org_id", "name", name="uq_sources_org_name"),
    )
    op.create_index(op.f("ix_sources_org_id"), "sources", ["org_id"])

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("external_id", sa.String(512), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author_handle", sa.String(300), nullable=False),
        sa.Column("author_name", sa.String(300), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("in_reply_to", sa.String(512), nullable=True),
        _when("created_at", nullable=False),
        _when("received_at", nullable=False),
        sa.Column("language", sa.String(8), nullable=True),
        sa.Column("toxicity", sa.Float(), nullable=True),
        sa.Column("sentiment", sa.String(16), nullable=True),
        sa.Column("intent", sa.String(16), nullable=True),
        sa.Column("verdict", sa.String(8), nullable=True),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("team", sa.String(64), nullable=True),
        sa.Column("priority", sa.String(8), nullable=False),
        _when("due_at"),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        _when("updated_at", nullable=False),
        _fk("mentions", "org_id", "organisations", "CASCADE"),
        _fk("mentions", "source_id", "sources", "CASCADE"),
        _fk("mentions", "assignee_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
        sa.UniqueConstraint("source_id", "external_id", name="uq_mentions_source_external"),
    )
    for name, columns in MENTION_INDEXES:
        op.create_index(name, "mentions", list(columns))

    op.create_table(
        "mention_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("mention_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        _when("created_at", nullable=False),
        _fk("mention_notes", "org_id", "organisations", "CASCADE"),
        _fk("mention_notes", "mention_id", "mentions", "CASCADE"),
        _fk("mention_notes", "author_id", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mention_notes")),
    )
    op.create_index(op.f("ix_mention_notes_mention_id"), "mention_notes", ["mention_id"])

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        _when("created_at", nullable=False),
        sa.Column("acknowledged", sa.Boolean(), nullable=False),
        sa.Column("acknowledged_by", sa.Integer(), nullable=True),
        _when("acknowledged_at"),
        _fk("alerts", "org_id", "organisations", "CASCADE"),
        _fk("alerts", "acknowledged_by", "users", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    op.create_index("ix_alerts_org_ack_created", "alerts", ["org_id", "acknowledged", "created_at"])


MENTION_INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ix_mentions_org_received", ("org_id", "received_at", "id")),
    ("ix_mentions_org_status_received", ("org_id", "status", "received_at", "id")),
    ("ix_mentions_org_team_received", ("org_id", "team", "received_at", "id")),
    ("ix_mentions_org_assignee_received", ("org_id", "assignee_id", "received_at", "id")),
    ("ix_mentions_org_intent_received", ("org_id", "intent", "received_at", "id")),
    ("ix_mentions_org_due", ("org_id", "due_at", "id")),
    ("ix_mentions_org_reply", ("org_id", "in_reply_to")),
    ("ix_mentions_received", ("received_at",)),
)


def downgrade() -> None:
    op.drop_table("alerts")
    op.drop_table("mention_notes")
    op.drop_table("mentions")
    op.drop_table("sources")
