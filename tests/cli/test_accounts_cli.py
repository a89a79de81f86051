"""``charte accounts``: the standing of each account and the posture, an owner's attestation and rotation from
the machine (a time in the future refused with a clear error, nothing recorded), and the periodic sweep."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from charte.cli.demo import demo_policy_text
from charte.cli.main import cli
from charte.service import demo
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store


@pytest.fixture()
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CHARTE_DATABASE_URL", url)
    migrate.upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        seed = demo.seed(Store(session), demo_policy_text())
        x = next(a for a in Store(session).safety.organisation_accounts(seed.org.id) if a.platform == "x")
        session.commit()
        account_id = x.id
    engine.dispose()
    return account_id


def test_status_attest_rotate_and_sweep(seeded: int) -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["accounts", "status", "--org", demo.DEMO_SLUG, "--json"])
    assert shown.exit_code == 0, shown.output
    body = json.loads(shown.output)
    x = next(a for a in body["accounts"] if a["id"] == seeded)
    assert x["two_factor"] == "missing" and "2FA" in x["held"] and x["rotation"] == "overdue"
    assert 0 <= body["posture"]["score"] < 100
    future = runner.invoke(
        cli,
        [
            "accounts",
            "attest",
            "--org",
            demo.DEMO_SLUG,
            "--account",
            str(seeded),
            "--as",
            "admin@acme.example",
            "--at",
            "2999-01-01T00:00:00+00:00",
        ],
    )
    assert future.exit_code != 0 and "in the future" in str(future.exception)
    stranger = runner.invoke(
        cli,
        [
            "accounts",
            "attest",
            "--org",
            demo.DEMO_SLUG,
            "--account",
            str(seeded),
            "--as",
            "approver@acme.example",
        ],
    )
    assert stranger.exit_code != 0 and "only its owners" in str(stranger.exception)
    done = runner.invoke(
        cli,
        [
            "accounts",
            "attest",
            "--org",
            demo.DEMO_SLUG,
            "--account",
            str(seeded),
            "--as",
            "admin@acme.example",
        ],
    )
    assert done.exit_code == 0, done.output
    rotated = runner.invoke(
        cli,
        [
            "accounts",
            "rotated",
            "--org",
            demo.DEMO_SLUG,
            "--account",
            str(seeded),
            "--as",
            "admin@acme.example",
        ],
    )
    assert rotated.exit_code == 0, rotated.output
    after = json.loads(runner.invoke(cli, ["accounts", "status", "--org", demo.DEMO_SLUG, "--json"]).output)
    x = next(a for a in after["accounts"] if a["id"] == seeded)
    assert (x["two_factor"], x["rotation"], x["held"]) == ("valid", "on_time", None)
    swept = runner.invoke(cli, ["accounts", "sweep"])
    assert swept.exit_code == 0 and "review(s) opened" in swept.output
