"""``charte admin``, ``charte db`` and the start-up checks of ``charte serve``."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from charte.cli.main import cli
from charte.cli.service import prepare_database
from charte.service import demo, security
from charte.settings import load_settings
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store
from charte.workers import leader


@pytest.fixture()
def db_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CHARTE_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    return url


def test_create_org_and_user_with_password_from_stdin(db_env: str) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["admin", "create-org", "--name", "Acme SA", "--slug", "acme-sa"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(cli, ["admin", "create-org", "--name", "Acme SA", "--slug", "acme-sa"])
    assert again.exit_code != 0 and "already exists" in str(again.exception)
    password = "a long enough passphrase"
    made = runner.invoke(
        cli,
        [
            "admin",
            "create-user",
            "--org",
            "acme-sa",
            "--email",
            "Root@Acme.example",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input=password + "\n",
    )
    assert made.exit_code == 0, made.output
    assert password not in made.output
    engine = make_engine(db_env)
    with make_sessionmaker(engine)() as session:
        user = Store(session).users.by_email("root@acme.example")
        assert user is not None and user.role == "admin"
        assert security.verify_password(user.password_hash, password)
        assert password not in user.password_hash
    engine.dispose()
    missing = runner.invoke(
        cli,
        ["admin", "create-user", "--org", "nope", "--email", "a@b.example", "--password-stdin"],
        input=password + "\n",
    )
    assert missing.exit_code != 0 and "no organisation" in missing.output


def test_password_is_prompted_twice_and_never_an_option(db_env: str) -> None:
    runner = CliRunner()
    runner.invoke(cli, ["admin", "create-org", "--name", "Beta", "--slug", "beta"])
    result = runner.invoke(
        cli,
        ["admin", "create-user", "--org", "beta", "--email", "x@beta.example"],
        input="first passphrase ok\nfirst passphrase ok\n",
    )
    assert result.exit_code == 0, result.output
    from charte.cli.service import create_user

    assert not [p for p in create_user.params if p.name == "password"]  # never visible in `ps`


def test_db_upgrade_and_downgrade(db_env: str) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    assert migrate.is_up_to_date(db_env)
    assert runner.invoke(cli, ["db", "downgrade", "--revision", "base"]).exit_code == 0
    assert not migrate.is_up_to_date(db_env)


def test_unreachable_postgres_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHARTE_DATABASE_URL", "postgresql://charte:s3cret@127.0.0.1:1/charte")
    result = subprocess.run(
        [sys.executable, "-m", "charte.cli.main", "db", "upgrade"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "cannot use the database" in result.stderr and "Traceback" not in result.stderr
    assert "s3cret" not in result.stderr


def test_bad_settings_stop_the_server_with_the_variable_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHARTE_DATABASE_URL", "oracle://x")
    result = subprocess.run(
        [sys.executable, "-m", "charte.cli.main", "serve"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 65
    assert "CHARTE_DATABASE_URL" in result.stderr and "Traceback" not in result.stderr


def test_postgres_schema_must_be_migrated_before_serving(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import click

    url = f"sqlite:///{tmp_path / 'x.db'}"
    with pytest.raises(click.ClickException, match="charte db upgrade"):
        prepare_database(load_settings(None, database_url=url, auto_migrate=False))
    prepare_database(load_settings(None, database_url=url))  # SQLite: migrated at start
    assert migrate.is_up_to_date(url)


def test_demo_seed_is_idempotent(db_env: str) -> None:
    from charte.cli.demo import demo_policy_text

    migrate.upgrade(db_env)
    engine = make_engine(db_env)
    factory = make_sessionmaker(engine)
    counts = []
    tokens = []
    for _ in range(2):
        with factory() as session:
            result = demo.seed(Store(session), demo_policy_text())
            session.commit()
            tokens.append(result.token)
        with factory() as session:
            store = Store(session)
            org = store.organisations.by_slug(demo.DEMO_SLUG)
            assert org is not None
            counts.append(
                (
                    store.users.list(org.id, role=None, active=None, q=None, limit=1, offset=0).total,
                    store.policies.list(org.id, active=None, limit=1, offset=0).total,
                    store.accounts.list(
                        org.id, platform=None, q=None, owner_id=None, two_factor=None, limit=1, offset=0
                    ).total,
                    store.teams.list(org.id, key=None, member_id=None, limit=1, offset=0).total,
                )
            )
            assert (
                store.tokens.by_hash(security.sha256_hex(tokens[0])).revoked_at is not None
                or len(tokens) == 1
            )
    engine.dispose()
    assert counts[0] == counts[1] == (6, 1, 3, counts[0][3]) and counts[0][3] >= 2
    assert tokens[0] != tokens[1]


def test_serve_runs_uvicorn_on_uvloop_and_httptools_without_an_access_log(
    db_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import logging.config

    import uvicorn

    seen: dict[str, object] = {}

    def run(app: str, **kwargs: object) -> None:
        seen.update(app=app, lock=os.environ.get(leader.LOCK_ENV), **kwargs)

    monkeypatch.setattr(uvicorn, "run", run)
    monkeypatch.setattr(logging.config, "dictConfig", lambda _config: None)  # keep pytest's log handlers
    result = CliRunner().invoke(cli, ["serve", "--workers", "2"])
    assert result.exit_code == 0, result.output
    # The worker processes elect one to run the background work with a lock file, gone with the server.
    assert isinstance(seen["lock"], str) and leader.LOCK_ENV not in os.environ
    assert not os.path.exists(os.path.dirname(seen["lock"]))
    assert seen["app"] == "charte.api.app:create_app" and seen["factory"] is True and seen["workers"] == 2
    assert (seen["loop"], seen["http"], seen["access_log"]) == ("uvloop", "httptools", False)
    assert CliRunner().invoke(cli, ["serve"]).exit_code == 0 and seen["lock"] is None  # one process


def test_serve_falls_back_to_the_pure_python_server_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import importlib.util

    from charte.cli import service

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name in ("uvloop", "httptools") else real(name, *a),
    )
    with caplog.at_level("WARNING", logger="charte.serve"):
        assert service.server_impl() == ("asyncio", "h11")
    assert "install uvloop and httptools" in caplog.text
