"""team functions: teams carry the policy's functions; app roles the active policy named become teams

Before this revision a draft was checked with its author's *application* role (admin, spokesperson…) in
place of the policy's function, so a policy that happened to name an application role (``role: spokesperson``
under ``spokespeople.roles``) let every user of that role speak. To keep those decisions, each such role
becomes a team ``function-<role>`` mapped to that function, with the organisation's active users of the
role as members. Policies that named none of them (the starters) get no team: their posts were refused before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 22:00:00
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import yaml
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

APP_ROLES = ("admin", "policy_owner", "approver", "spokesperson", "employee", "auditor")


def _named_functions(yaml_text: str) -> set[str]:
    """The functions a stored policy names (spokespeople roles and complaint responders); nothing if unreadable."""
    try:
        data = yaml.safe_load(yaml_text)
    except yaml.YAMLError:
        return set()
    spokespeople = data.get("spokespeople") if isinstance(data, dict) else None
    if not isinstance(spokespeople, dict):
        return set()
    names = {r.get("role") for r in spokespeople.get("roles") or [] if isinstance(r, dict)}
    names |= set(spokespeople.get("complaint_responders") or [])
    return {n for n in names if isinstance(n, str)}


def upgrade() -> None:
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.add_column(sa.Column("functions", sa.JSON(), server_default=sa.text("'[]'"), nullable=False))

    bind = op.get_bind()
    teams = sa.table(
        "teams",
        sa.column("id", sa.Integer),
        sa.column("org_id", sa.Integer),
        sa.column("key", sa.String),
        sa.column("name", sa.String),
        sa.column("functions", sa.JSON),
        sa.column("created_at", sa.DateTime(timezone=True)),
    )
    members = sa.table("team_members", sa.column("team_id", sa.Integer), sa.column("user_id", sa.Integer))
    active = bind.execute(sa.text("SELECT org_id, yaml_text FROM policy_versions WHERE is_active")).all()
    now = dt.datetime.now(dt.UTC)
    for org_id, yaml_text in active:
        for role in sorted(_named_functions(yaml_text) & set(APP_ROLES)):
            key = f"function-{role}"
            if (
                bind.execute(
                    sa.text("SELECT 1 FROM teams WHERE org_id = :o AND key = :k"), {"o": org_id, "k": key}
                ).first()
                is not None
            ):
                continue
            user_ids = (
                bind.execute(
                    sa.text("SELECT id FROM users WHERE org_id = :o AND role = :r AND is_active"),
                    {"o": org_id, "r": role},
                )
                .scalars()
                .all()
            )
            bind.execute(
                teams.insert(),
                {
                    "org_id": org_id,
                    "key": key,
                    "functions": [role],
                    "created_at": now,
                    "name": f"{role} (function from the application role)",
                },
            )
            team_id = bind.execute(
                sa.text("SELECT id FROM teams WHERE org_id = :o AND key = :k"), {"o": org_id, "k": key}
            ).scalar_one()
            if user_ids:
                bind.execute(members.insert(), [{"team_id": team_id, "user_id": u} for u in user_ids])


def downgrade() -> None:
    # The teams the upgrade made are ordinary teams by then (people may have joined them): they stay.
    with op.batch_alter_table("teams", schema=None) as batch_op:
        batch_op.drop_column("functions")
