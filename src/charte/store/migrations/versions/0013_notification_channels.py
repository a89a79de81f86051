"""notification channels and listening signals: where alerts go out, business calendars, spike state

Revision ID: 0013
Revises: 0008
Create Date: 2026-12-07 03:45:00

``notification_channels``: one apprise URL per row, sealed at rest (``url_sealed``, charte.store.sealing), with
the last delivery's outcome for the channel's health. ``listening_signals``: per organisation, its business
calendar for SLA clocks and the spike detector's saved state (JSON).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification_channels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("url_sealed", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_success_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_notification_channels_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_channels")),
        sa.UniqueConstraint("org_id", "name", name="uq_notification_channels_org_name"),
    )
    op.create_index(
        op.f("ix_notification_channels_org_id"), "notification_channels", ["org_id"], unique=False
    )
    op.create_table(
        "listening_signals",
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("calendar", sa.JSON(), nullable=True),
        sa.Column("spike_state", sa.JSON(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_listening_signals_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("org_id", name=op.f("pk_listening_signals")),
    )


def downgrade() -> None:
    op.drop_table("listening_signals")
    op.drop_index(op.f("ix_notification_channels_org_id"), table_name="notification_channels")
    op.drop_table("notification_channels")
