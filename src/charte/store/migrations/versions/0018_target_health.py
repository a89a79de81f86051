"""publish target health: the last failure, when, whether the credentials were refused, the last success

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 06:40:00

The publisher records on each publish target the last failed attempt (``last_error``: a short category such as
"HTTP 401, the access token was refused", never the network's answer body; ``last_error_at``), whether the
network refused the target's credentials (``credentials_refused``: an expired or revoked token or app password,
shown on the target until a post goes through again) and the last success (``last_sent_at``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("publish_targets") as batch:
        batch.add_column(sa.Column("last_error", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("last_error_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("credentials_refused", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publish_targets") as batch:
        for column in ("last_sent_at", "credentials_refused", "last_error_at", "last_error"):
            batch.drop_column(column)
