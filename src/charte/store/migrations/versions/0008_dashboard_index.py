"""dashboard: an index for its counts over the audit record

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 01:55:00

``ix_audit_entries_org_action_at``: the dashboard counts one organisation's checks, approvals and findings
by kind over a window of days; without it a year's view scans the organisation's whole record (seconds at
400,000 entries, measured on SQLite and PostgreSQL).
"""

from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_entries_org_action_at", "audit_entries", ["org_id", "action", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_entries_org_action_at", table_name="audit_entries")
