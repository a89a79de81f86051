"""notification outbox: notices written in the deciding transaction, sent after it commits

Revision ID: 0021
Revises: 0019
Create Date: 2026-12-07 09:30:00

``notification_outbox``: one row per notice and channel (its rendered title and body, the language it was
rendered in), with its delivery state: ``status`` (pending, sent, failed), ``attempts``, ``next_attempt_at``
(exponential backoff), the claim of the deliverer sending it (``claim_token``, ``claimed_until``),
``delivered_at``/``failed_at`` and the last error (the channel URL's parts blanked). Deleting a channel drops its
pending notices; deleting an alert keeps its notices (``alert_id`` set to NULL).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notification_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("channel_id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claim_token", sa.String(length=32), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_notification_outbox_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["channel_id"],
            ["notification_channels.id"],
            name=op.f("fk_notification_outbox_channel_id_notification_channels"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["alert_id"],
            ["alerts.id"],
            name=op.f("fk_notification_outbox_alert_id_alerts"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification_outbox")),
    )
    op.create_index(
        "ix_notification_outbox_status_next",
        "notification_outbox",
        ["status", "next_attempt_at"],
        unique=False,
    )
    op.create_index(
        "ix_notification_outbox_org_created", "notification_outbox", ["org_id", "created_at"], unique=False
    )
    op.create_index(
        op.f("ix_notification_outbox_channel_id"), "notification_outbox", ["channel_id"], unique=False
    )
    op.create_index(
        op.f("ix_notification_outbox_alert_id"), "notification_outbox", ["alert_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_notification_outbox_alert_id"), table_name="notification_outbox")
    op.drop_index(op.f("ix_notification_outbox_channel_id"), table_name="notification_outbox")
    op.drop_index("ix_notification_outbox_org_created", table_name="notification_outbox")
    op.drop_index("ix_notification_outbox_status_next", table_name="notification_outbox")
    op.drop_table("notification_outbox")
