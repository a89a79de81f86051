"""Shared fixtures: a starter policy for the demo organisation, and databases for the service tests."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from charte.cli.demo import demo_policy_text
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy
from charte.policy.model import Policy

# The whole run (and the processes it starts) encrypts stored secrets with one key, and may use the
# in-memory connector; tests of the defaults (tests/store/test_secrets_at_rest.py) unset these.
os.environ.setdefault("CHARTE_SECRET_KEYS", Fernet.generate_key().decode("ascii"))
os.environ.setdefault("CHARTE_MEMORY_CONNECTOR", "true")
os.environ.setdefault("CHARTE_LISTENING", "false")  # tests that need the ingestion worker start it themselves

#: What the stubbed resolver answers for the reserved test names (``*.test``, ``*.example``): a public
#: address, so configuration accepts them; no test ever connects there (see _loopback_only).
STUB_PUBLIC_ADDRESS = "93.184.215.14"


def stub_resolver(host: str, port: int) -> list[str]:
    """Name resolution for tests: never the real DNS."""
    if host == "localhost":
        return ["127.0.0.1", "::1"]
    if host.endswith((".test", ".example")) or host in ("example.com", "example.org"):
        return [STUB_PUBLIC_ADDRESS]
    raise socket.gaierror(socket.EAI_NONAME, "stub resolver: unknown name")


@pytest.fixture(scope="session", autouse=True)
def _stub_name_resolution() -> Iterator[None]:
    from charte.connectors import egress

    previous = egress.set_default_resolver(stub_resolver)
    yield
    egress.set_default_resolver(previous)


@pytest.fixture(scope="session", autouse=True)
def _cheap_argon2() -> Iterator[None]:
    """argon2 at its production cost takes ~0.1-0.5 s a hash here; the service, API and web tests hash and sign
    in hundreds of times. Without the server extra (no argon2) there is nothing to make cheaper."""
    try:
        from argon2 import PasswordHasher

        from charte.service import security
    except ImportError:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(security, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
        security._dummy_hash.cache_clear()
        yield
    security._dummy_hash.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def _loopback_only() -> Iterator[None]:
    """A safety net: a test that tries to open a TCP connection beyond loopback fails instead."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def check(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
            host = str(address[0]).split("%", 1)[0]
            try:
                ip = ipaddress.ip_address(host)
            except ValueError:
                ip = None
            if ip is None or not (
                ip.is_loopback
                or (ip.version == 6 and ip.ipv4_mapped is not None and ip.ipv4_mapped.is_loopback)
            ):
                raise ConnectionRefusedError(f"tests connect only to loopback, not to {host}")

    def connect(sock: socket.socket, address: object) -> None:
        check(sock, address)
        return real_connect(sock, address)

    def connect_ex(sock: socket.socket, address: object) -> int:
        check(sock, address)
        return real_connect_ex(sock, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    yield
    socket.socket.connect, socket.socket.connect_ex = real_connect, real_connect_ex  # type: ignore[method-assign]


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
