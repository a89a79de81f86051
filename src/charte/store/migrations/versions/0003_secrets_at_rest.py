"""secrets at rest: TOTP seeds and publish-target parameters encrypted; publications refer to their target

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 18:40:00

- ``users.totp_secret`` (plain) → ``users.totp_secret_sealed`` (Fernet, see charte.store.sealing);
- ``publish_targets.params`` (plain JSON) → ``publish_targets.params_sealed`` (the JSON, encrypted);
- ``publications.connector_params`` (a copy of the target's parameters, webhook secret included) is
  dropped; ``publications.target_id`` points at the target instead. A publication still waiting whose
  target cannot be found (deleted or changed since) is marked failed, with that reason, on it and its draft.

``users`` is referenced by most tables, so on SQLite its column is added and dropped in place
(SQLite ≥ 3.35) rather than by copying the table, which would cascade deletes through the foreign keys.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import sqlalchemy as sa
from alembic import op

from charte.store import sealing

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ORPHANED = "its publish target was deleted or changed before it was sent (upgrade 0003)"
USERS = sa.table("users", sa.column("id"), sa.column("totp_secret"), sa.column("totp_secret_sealed"))
TARGETS = sa.table(
    "publish_targets",
    sa.column("id"),
    sa.column("org_id"),
    sa.column("connector"),
    sa.column("params", sa.JSON()),
    sa.column("params_sealed"),
)
PUBLICATIONS = sa.table(
    "publications",
    sa.column("id"),
    sa.column("org_id"),
    sa.column("draft_id"),
    sa.column("connector"),
    sa.column("connector_params", sa.JSON()),
    sa.column("target_id"),
    sa.column("status"),
    sa.column("last_error"),
    sa.column("lease_until"),
)
DRAFTS = sa.table("drafts", sa.column("id"), sa.column("publication_id"), sa.column("status"))


def _keyring() -> sealing.Keyring:
    return sealing.active(op.get_bind().engine.url.render_as_string(hide_password=False))


def _sqlite() -> bool:
    return op.get_context().dialect.name == "sqlite"


def _drop_in_place(table: str, column: str) -> None:
    """Drop a column without copying the table (SQLite's own DROP COLUMN, or PostgreSQL's)."""
    if _sqlite():
        if sqlite3.sqlite_version_info < (3, 35):
            raise RuntimeError(
                f"SQLite {sqlite3.sqlite_version} is too old for this upgrade: use 3.35 or newer"
            )
        op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
    else:
        op.drop_column(table, column)


def _canonical(params: Any) -> str:
    if isinstance(params, str):  # some drivers hand JSON back as text
        params = json.loads(params)
    return json.dumps(params or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def upgrade() -> None:
    bind = op.get_bind()
    keyring = _keyring()

    # 1. users: TOTP seeds, encrypted
    op.add_column("users", sa.Column("totp_secret_sealed", sa.Text(), nullable=True))
    for ident, secret in bind.execute(
        sa.select(USERS.c.id, USERS.c.totp_secret).where(USERS.c.totp_secret.is_not(None))
    ).all():
        bind.execute(
            sa.update(USERS).where(USERS.c.id == ident).values(totp_secret_sealed=keyring.seal(secret))
        )
    _drop_in_place("users", "totp_secret")

    # 2. publish targets: parameters, encrypted (nothing refers to this table yet: it may be copied)
    with op.batch_alter_table("publish_targets") as batch:
        batch.add_column(sa.Column("params_sealed", sa.Text(), nullable=True))
    targets: dict[tuple[int, str, str], int] = {}
    for ident, org_id, connector, params in bind.execute(
        sa.select(TARGETS.c.id, TARGETS.c.org_id, TARGETS.c.connector, TARGETS.c.params).order_by(
            TARGETS.c.id.desc()
        )
    ).all():
        plain = _canonical(params)
        targets[(org_id, connector, plain)] = ident  # the lowest id wins when two are identical
        bind.execute(
            sa.update(TARGETS).where(TARGETS.c.id == ident).values(params_sealed=keyring.seal(plain))
        )
    with op.batch_alter_table("publish_targets") as batch:
        batch.alter_column("params_sealed", existing_type=sa.Text(), nullable=False)
        batch.drop_column("params")

    # 3. publications: refer to the target, keep no copy of its parameters
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("target_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_publications_target_id_publish_targets"),
            "publish_targets",
            ["target_id"],
            ["id"],
            ondelete="SET NULL",
        )
    for ident, org_id, draft_id, connector, params, status in bind.execute(
        sa.select(
            PUBLICATIONS.c.id,
            PUBLICATIONS.c.org_id,
            PUBLICATIONS.c.draft_id,
            PUBLICATIONS.c.connector,
            PUBLICATIONS.c.connector_params,
            PUBLICATIONS.c.status,
        )
    ).all():
        target = targets.get((org_id, connector, _canonical(params)))
        if target is not None:
            bind.execute(sa.update(PUBLICATIONS).where(PUBLICATIONS.c.id == ident).values(target_id=target))
        elif status not in ("sent", "failed"):
            bind.execute(
                sa.update(PUBLICATIONS)
                .where(PUBLICATIONS.c.id == ident)
                .values(status="failed", last_error=ORPHANED, lease_until=None)
            )
            if draft_id is not None:
                bind.execute(
                    sa.update(DRAFTS)
                    .where(DRAFTS.c.id == draft_id, DRAFTS.c.publication_id == ident)
                    .values(status="failed")
                )
    with op.batch_alter_table("publications") as batch:
        batch.drop_column("connector_params")


def downgrade() -> None:
    bind = op.get_bind()
    keyring = _keyring()

    # 3. publications: the copy of the target's parameters comes back ({} when the target is gone)
    plain = {
        ident: json.loads(keyring.open(sealed))
        for ident, sealed in bind.execute(sa.select(TARGETS.c.id, TARGETS.c.params_sealed)).all()
    }
    with op.batch_alter_table("publications") as batch:
        batch.add_column(sa.Column("connector_params", sa.JSON(), nullable=True))
    for ident, target in bind.execute(sa.select(PUBLICATIONS.c.id, PUBLICATIONS.c.target_id)).all():
        bind.execute(
            sa.update(PUBLICATIONS)
            .where(PUBLICATIONS.c.id == ident)
            .values(connector_params=plain.get(target, {}))
        )
    with op.batch_alter_table("publications") as batch:
        batch.alter_column("connector_params", existing_type=sa.JSON(), nullable=False)
        batch.drop_constraint(op.f("fk_publications_target_id_publish_targets"), type_="foreignkey")
        batch.drop_column("target_id")

    # 2. publish targets: plain parameters
    with op.batch_alter_table("publish_targets") as batch:
        batch.add_column(sa.Column("params", sa.JSON(), nullable=True))
    for ident, params in plain.items():
        bind.execute(sa.update(TARGETS).where(TARGETS.c.id == ident).values(params=params))
    with op.batch_alter_table("publish_targets") as batch:
        batch.alter_column("params", existing_type=sa.JSON(), nullable=False)
        batch.drop_column("params_sealed")

    # 1. users: plain TOTP seeds
    op.add_column("users", sa.Column("totp_secret", sa.String(length=64), nullable=True))
    for ident, sealed in bind.execute(
        sa.select(USERS.c.id, USERS.c.totp_secret_sealed).where(USERS.c.totp_secret_sealed.is_not(None))
    ).all():
        bind.execute(sa.update(USERS).where(USERS.c.id == ident).values(totp_secret=keyring.open(sealed)))
    _drop_in_place("users", "totp_secret_sealed")
