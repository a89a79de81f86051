"""crisis mode: the crises of each organisation, and the crisis that paused a publication

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07 06:55:00

- ``crises``: one row per declared crisis; ``active_org`` (the organisation's id while active, NULL once ended)
  is unique, so the database refuses a second active crisis of one organisation;
- ``publications.crisis_id``: the crisis that paused it (status ``paused``), indexed for the set-based
  pause and the decisions taken at the end.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("active_org", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("account_ids", sa.JSON(), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("alert_id", sa.Integer(), nullable=True),
        sa.Column("declared_by", sa.Integer(), nullable=True),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_by", sa.Integer(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_count", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["alert_id"], ["alerts.id"], name=op.f("fk_crises_alert_id_alerts"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["declared_by"], ["users.id"], name=op.f("fk_crises_declared_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["ended_by"], ["users.id"], name=op.f("fk_crises_ended_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["org_id"], ["organisations.id"], name=op.f("fk_crises_org_id_organisations"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crises")),
        sa.UniqueConstraint("active_org", name="uq_crises_active_org"),
    )
    op.create_index(op.f("ix_crises_org_id"), "crises", ["org_id"], unique=False)
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("crisis_id", sa.Integer(), nullable=True))
        batch.create_index("ix_publications_crisis", ["crisis_id"])


def downgrade() -> None:
    with op.batch_alter_table("publications") as batch:
        batch.drop_index("ix_publications_crisis")
        batch.drop_column("crisis_id")
    op.drop_index(op.f("ix_crises_org_id"), table_name="crises")
    op.drop_table("crises")
