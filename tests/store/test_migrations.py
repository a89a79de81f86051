"""Every migration goes up and down on SQLite and PostgreSQL, and the models match the migrated schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from charte.store import migrate
from charte.store.db import make_engine
from charte.store.models import Base
from charte.store.models.listening import compared_by_autogenerate


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _diff(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return compare_metadata(
                MigrationContext.configure(
                    connection,
                    opts={"compare_type": True, "include_object": compared_by_autogenerate},
                ),
                Base.metadata,
            )
    finally:
        engine.dispose()


def test_each_revision_up_and_down(database_url: str) -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config(database_url))
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    assert revisions, "no migrations found in the package"
    for revision in revisions:
        migrate.upgrade(database_url, revision)
        after_up = _tables(database_url)
        migrate.downgrade(database_url, "-1")
        migrate.upgrade(database_url, revision)
        assert _tables(database_url) == after_up, f"revision {revision} is not reversible"
    assert _diff(database_url) == [], "the models and the migrations disagree: write a migration"
    migrate.downgrade(database_url, "base")
    assert _tables(database_url) <= {"alembic_version"}
    migrate.upgrade(database_url)
    assert {
        "organisations",
        "users",
        "teams",
        "brand_accounts",
        "policy_versions",
        "api_tokens",
        "sessions",
        "login_failures",
        "recovery_codes",
    } <= _tables(database_url)
    assert migrate.is_up_to_date(database_url)


def test_one_active_policy_per_organisation_is_enforced_by_the_database(database_url: str) -> None:
    import pytest
    from sqlalchemy.exc import IntegrityError

    from charte.store.db import make_sessionmaker
    from charte.store.models import Organisation, PolicyVersion

    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with make_sessionmaker(engine)() as session:
            org = Organisation(slug="one-active", name="One")
            session.add(org)
            session.flush()
            for version in (1, 2):
                session.add(
                    PolicyVersion(
                        org_id=org.id,
                        version=version,
                        label="x",
                        yaml_text="x",
                        sha256="0" * 64,
                        comment="",
                        is_active=True,
                    )
                )
            with pytest.raises(IntegrityError):
                session.flush()
    finally:
        engine.dispose()


def test_policy_drift_upgrade_keeps_drafts_and_their_approvals(database_url: str) -> None:
    """0006 adds its columns in place: on SQLite a copy of ``drafts`` would cascade to its approval events."""
    import datetime as dt

    from sqlalchemy import JSON, column, func, insert, select, table

    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    script = ScriptDirectory.from_config(migrate.alembic_config(database_url))
    drift = next(r for r in script.walk_revisions() if (r.doc or "").startswith("policy drift"))
    before = str(drift.down_revision)
    migrate.downgrade(database_url, "base")
    migrate.upgrade(database_url, before)
    engine = make_engine(database_url)
    try:
        with engine.begin() as connection:
            org = connection.execute(
                insert(table("organisations", column("slug"), column("name"), column("created_at")))
                .values(slug="drift", name="Drift", created_at=now)
                .returning(column("id"))
            ).scalar_one()
            user = connection.execute(
                insert(
                    table(
                        "users",
                        column("org_id"),
                        column("email"),
                        column("display_name"),
                        column("role"),
                        column("password_hash"),
                        column("is_active"),
                        column("totp_enabled"),
                        column("created_at"),
                    )
                )
                .values(
                    org_id=org,
                    email="a@drift.example",
                    display_name="A",
                    role="employee",
                    password_hash="x",
                    is_active=True,
                    totp_enabled=False,
                    created_at=now,
                )
                .returning(column("id"))
            ).scalar_one()
            drafts = table(
                "drafts",
                *(
                    column(c)
                    for c in (
                        "org_id",
                        "author_id",
                        "last_editor_id",
                        "account_kind",
                        "platform",
                        "text",
                        "status",
                        "version",
                        "verdict",
                        "required_levels",
                        "approved_levels",
                        "created_at",
                        "updated_at",
                    )
                ),
                column("attachments", JSON),
                column("decision", JSON),
            )
            draft = connection.execute(
                insert(drafts)
                .values(
                    org_id=org,
                    author_id=user,
                    last_editor_id=user,
                    account_kind="personal",
                    platform="x",
                    text="t",
                    attachments=[],
                    status="in_review",
                    version=1,
                    verdict="review",
                    decision={"verdict": "review"},
                    required_levels=1,
                    approved_levels=0,
                    created_at=now,
                    updated_at=now,
                )
                .returning(column("id"))
            ).scalar_one()
            connection.execute(
                insert(
                    table(
                        "approval_events",
                        *(
                            column(c)
                            for c in (
                                "org_id",
                                "draft_id",
                                "draft_version",
                                "user_id",
                                "kind",
                                "comment",
                                "created_at",
                            )
                        ),
                    )
                ).values(
                    org_id=org,
                    draft_id=draft,
                    draft_version=1,
                    user_id=user,
                    kind="comment",
                    comment="c",
                    created_at=now,
                )
            )
        events = select(func.count()).select_from(table("approval_events"))
        migrate.upgrade(database_url, drift.revision)
        with engine.connect() as connection:
            assert connection.execute(events).scalar_one() == 1
            row = connection.execute(
                select(column("previous_verdict"), column("previous_policy_version_id")).select_from(
                    table("drafts")
                )
            ).one()
            assert tuple(row) == (None, None)
        migrate.downgrade(database_url, before)
        with engine.connect() as connection:
            assert connection.execute(events).scalar_one() == 1
    finally:
        engine.dispose()
        migrate.downgrade(database_url, "base")
        migrate.upgrade(database_url)
