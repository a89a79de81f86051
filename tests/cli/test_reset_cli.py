"""``charte admin reset-password``, ``reset-link`` and ``require-totp``: the way back for a locked-out admin."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from charte.cli.main import cli
from charte.service import auth, security
from charte.settings import load_settings
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store

FIRST = "a long enough passphrase"
NEW = "plinth orbit walrus cascade"


@pytest.fixture()
def admin_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CHARTE_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["admin", "create-org", "--name", "Acme", "--slug", "acme"]).exit_code == 0
    made = runner.invoke(
        cli,
        ["admin", "create-user", "--org", "acme", "--email", "root@acme.example", "--password-stdin"],
        input=FIRST + "\n",
    )
    assert made.exit_code == 0, made.output
    return url


def _with_store(url: str, work):  # type: ignore[no-untyped-def]
    engine = make_engine(url)
    try:
        with make_sessionmaker(engine)() as session:
            result = work(Store(session))
            session.commit()
            return result
    finally:
        engine.dispose()


def test_reset_password_on_the_server_ends_sessions(admin_env: str) -> None:
    settings = load_settings(None, database_url=admin_env)
    opened = _with_store(
        admin_env,
        lambda s: (
            auth.login(
                s,
                settings,
                email="root@acme.example",
                password=FIRST,
                totp_code=None,
                recovery_code=None,
                client="t",
            ).session_token
        ),
    )
    runner = CliRunner()
    weak = runner.invoke(
        cli, ["admin", "reset-password", "root@acme.example", "--password-stdin"], input="short\n"
    )
    assert weak.exit_code != 0
    done = runner.invoke(
        cli, ["admin", "reset-password", "ROOT@acme.example", "--password-stdin"], input=NEW + "\n"
    )
    assert done.exit_code == 0, done.output
    assert NEW not in done.output and "revoked" in done.output
    user = _with_store(admin_env, lambda s: s.users.by_email("root@acme.example"))
    assert security.verify_password(user.password_hash, NEW)
    with pytest.raises(Exception, match="expired"):
        _with_store(admin_env, lambda s: auth.from_session(s, opened))
    ghost = runner.invoke(
        cli, ["admin", "reset-password", "ghost@acme.example", "--password-stdin"], input=NEW + "\n"
    )
    assert ghost.exit_code != 0


def test_reset_link_and_require_totp(admin_env: str) -> None:
    runner = CliRunner()
    link = runner.invoke(
        cli, ["admin", "reset-link", "root@acme.example", "--org", "acme", "--base-url", "https://c.example"]
    )
    assert link.exit_code == 0, link.output
    assert link.stdout.strip().startswith("https://c.example/reset-password?token=chr_")
    assert runner.invoke(cli, ["admin", "reset-link", "x@acme.example", "--org", "acme"]).exit_code != 0
    assert runner.invoke(cli, ["admin", "require-totp", "--org", "acme"]).exit_code == 0
    assert _with_store(admin_env, lambda s: s.organisations.by_slug("acme").require_totp) is True
    assert runner.invoke(cli, ["admin", "require-totp", "--org", "acme", "--off"]).exit_code == 0
    assert _with_store(admin_env, lambda s: s.organisations.by_slug("acme").require_totp) is False
