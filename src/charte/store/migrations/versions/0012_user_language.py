"""users: the interface language each person chose

Revision ID: 0012
Revises: 0008
Create Date: 2026-12-07 03:40:00

``users.language``: ``fr`` or ``en`` once the person picks one in the interface (or ``PATCH /v1/me``); null
until then, when the browser's language decides. Used at sign-in, so the choice follows the person from
browser to browser, and by what is written to them later (notifications).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
