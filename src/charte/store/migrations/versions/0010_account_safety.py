"""account safety: 2FA attestations enforced, rotation tasks, access reviews, incidents

Revision ID: 0010
Revises: 0008
Create Date: 2026-12-07 03:40:00

- ``brand_accounts``: who attested 2FA (a plain user id), the recovery contacts, when the owners were last
  reminded of a rotation due; the columns are added in place (no table copy on SQLite: ``brand_accounts`` has
  cascading owners and posters);
- ``publications.account_id``: the brand account a publication goes out on (filled from its draft), so a
  worker can hold it while the account may not be published to;
- ``account_rotation_tasks``, ``access_reviews`` and their items, ``account_incidents`` and their steps.
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = (
    "incident_steps",
    "access_review_items",
    "account_rotation_tasks",
    "account_incidents",
    "access_reviews",
)
COLUMNS = (
    ("publications", "account_id"),
    ("brand_accounts", "rotation_reminded_at"),
    ("brand_accounts", "recovery_contacts"),
    ("brand_accounts", "two_factor_attested_by"),
)


def upgrade() -> None:
    op.add_column("brand_accounts", sa.Column("two_factor_attested_by", sa.Integer(), nullable=True))
    op.add_column(
        "brand_accounts",
        sa.Column("recovery_contacts", sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
    )
    op.add_column(
        "brand_accounts", sa.Column("rotation_reminded_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("publications", sa.Column("account_id", sa.Integer(), nullable=True))
    op.create_index(op.f("ix_publications_account_id"), "publications", ["account_id"], unique=False)
    op.execute(
        "UPDATE publications SET account_id = (SELECT drafts.account_id FROM drafts "
        "WHERE drafts.id = publications.draft_id AND drafts.account_kind = 'brand')"
    )
    op.create_table(
        "access_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("escalate_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["brand_accounts.id"],
            name=op.f("fk_access_reviews_account_id_brand_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_access_reviews_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_reviews")),
    )
    op.create_index(op.f("ix_access_reviews_account_id"), "access_reviews", ["account_id"], unique=False)
    op.create_index("ix_access_reviews_org_closed", "access_reviews", ["org_id", "closed_at"], unique=False)
    op.create_index(op.f("ix_access_reviews_org_id"), "access_reviews", ["org_id"], unique=False)
    op.create_table(
        "account_incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.String(length=500), nullable=False),
        sa.Column("opened_by", sa.Integer(), nullable=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("override_reason", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["brand_accounts.id"],
            name=op.f("fk_account_incidents_account_id_brand_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["closed_by"],
            ["users.id"],
            name=op.f("fk_account_incidents_closed_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["opened_by"],
            ["users.id"],
            name=op.f("fk_account_incidents_opened_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_account_incidents_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_incidents")),
    )
    op.create_index(
        "ix_account_incidents_account_closed", "account_incidents", ["account_id", "closed_at"], unique=False
    )
    op.create_index(
        op.f("ix_account_incidents_account_id"), "account_incidents", ["account_id"], unique=False
    )
    op.create_index(op.f("ix_account_incidents_org_id"), "account_incidents", ["org_id"], unique=False)
    op.create_table(
        "account_rotation_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("subject_user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["brand_accounts.id"],
            name=op.f("fk_account_rotation_tasks_account_id_brand_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["done_by"],
            ["users.id"],
            name=op.f("fk_account_rotation_tasks_done_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organisations.id"],
            name=op.f("fk_account_rotation_tasks_org_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_user_id"],
            ["users.id"],
            name=op.f("fk_account_rotation_tasks_subject_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_rotation_tasks")),
    )
    op.create_index(
        op.f("ix_account_rotation_tasks_account_id"), "account_rotation_tasks", ["account_id"], unique=False
    )
    op.create_index(
        op.f("ix_account_rotation_tasks_org_id"), "account_rotation_tasks", ["org_id"], unique=False
    )
    op.create_index(
        "ix_account_rotation_tasks_org_open", "account_rotation_tasks", ["org_id", "done_at"], unique=False
    )
    op.create_table(
        "access_review_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("access", sa.String(length=16), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["users.id"],
            name=op.f("fk_access_review_items_decided_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["review_id"],
            ["access_reviews.id"],
            name=op.f("fk_access_review_items_review_id_access_reviews"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_access_review_items_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_access_review_items")),
        sa.UniqueConstraint("review_id", "user_id", "access", name="uq_access_review_items_who"),
    )
    op.create_index(
        op.f("ix_access_review_items_review_id"), "access_review_items", ["review_id"], unique=False
    )
    op.create_table(
        "incident_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("label", sa.JSON(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["done_by"], ["users.id"], name=op.f("fk_incident_steps_done_by_users"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["account_incidents.id"],
            name=op.f("fk_incident_steps_incident_id_account_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incident_steps")),
        sa.UniqueConstraint("incident_id", "key", name="uq_incident_steps_key"),
    )
    op.create_index(op.f("ix_incident_steps_incident_id"), "incident_steps", ["incident_id"], unique=False)


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
    op.drop_index(op.f("ix_publications_account_id"), table_name="publications")
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite and sqlite3.sqlite_version_info < (3, 35):
        raise RuntimeError(
            f"SQLite {sqlite3.sqlite_version} is too old for this downgrade: use 3.35 or newer"
        )
    for table, column in COLUMNS:
        if sqlite:
            op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
        else:
            op.drop_column(table, column)
