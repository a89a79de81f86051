"""Every migration goes up and down on SQLite and PostgreSQL, and the models match the migrated schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from charte.store import migrate
from charte.store.db import make_engine
from charte.store.models import Base


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
            return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                    Base.metadata)
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
    assert {"organisations", "users", "teams", "brand_accounts", "policy_versions", "api_tokens",
            "sessions", "login_failures", "recovery_codes"} <= _tables(database_url)
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
                session.add(PolicyVersion(org_id=org.id, version=version, label="x", yaml_text="x", sha256="0" * 64,
                                          comment="", is_active=True))
            with pytest.raises(IntegrityError):
                session.flush()
    finally:
        engine.dispose()
