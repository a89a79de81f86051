"""listening glue: SLA reminder and escalation times, and the incoming checks' flags on each mention

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07 04:35:00

``remind_at`` (when the team is reminded, in the organisation's business hours), ``reminded_at`` and
``escalated_at`` (each sent once), and ``flags`` (the look-alike account and dangerous links found on arrival:
``{"account": …, "links": […]}``, null when nothing was found) with ``flag`` for the inbox filters: ``account``
(the author imitates the organisation: the impersonation view), ``links`` (dangerous links only) or null.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.add_column(sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("flag", sa.String(length=16), nullable=True))
        batch.add_column(sa.Column("flags", sa.JSON(), nullable=True))
        batch.create_index("ix_mentions_org_flag_received", ["org_id", "flag", "received_at", "id"])
        batch.create_index("ix_mentions_remind", ["remind_at"])


def downgrade() -> None:
    with op.batch_alter_table("mentions") as batch:
        batch.drop_index("ix_mentions_remind")
        batch.drop_index("ix_mentions_org_flag_received")
        for column in ("flags", "flag", "escalated_at", "reminded_at", "remind_at"):
            batch.drop_column(column)
