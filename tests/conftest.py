"""Shared fixtures: a starter policy for the demo organisation, and databases for the service tests."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from charte.cli.demo import demo_policy_text
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy
from charte.policy.model import Policy


@pytest.fixture(scope="session")
def demo_policy() -> Policy:
    return parse_policy(demo_policy_text(), "<demo policy>")


@pytest.fixture(scope="session")
def engine(demo_policy: Policy) -> CheckEngine:
    return CheckEngine(demo_policy)


# --- Databases for the service tests: a SQLite file and a fresh PostgreSQL database per module. ---

PG_ADMIN_URL = os.environ.get("CHARTE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _pg_unavailable(reason: str) -> None:
    """On CI the PostgreSQL tests must run: fail loudly. On a user's machine, skip and say why."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL is required when CI=true but {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL not available ({reason}); set CHARTE_TEST_POSTGRES_URL to run these tests")


@contextlib.contextmanager
def fresh_database(backend: str, tmp_dir: Path) -> Iterator[str]:
    """Yield the SQLAlchemy URL of a new, empty database, dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_dir / 'charte-test.db'}"
        return
    import psycopg

    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        _pg_unavailable(f"cannot connect to {PG_ADMIN_URL}: {str(exc).strip().splitlines()[0]}")
    name = f"charte_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
        try:
            yield f"{base}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An empty database on each backend (SQLite file, then PostgreSQL), fresh for each test module."""
    with fresh_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url
