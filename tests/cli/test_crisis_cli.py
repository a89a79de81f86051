"""``charte crisis``: declare as a person the policy names (another role refused), status, end with a decision per
paused post, history and the PDF report — the same rules as the API."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from charte.cli.demo import demo_policy_text
from charte.cli.main import cli
from charte.service import demo
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store

ADMIN, APPROVER = "admin@acme.example", "approver@acme.example"


@pytest.fixture()
def seeded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CHARTE_DATABASE_URL", url)
    migrate.upgrade(url)
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        demo.seed(Store(session), demo_policy_text())
        session.commit()
    engine.dispose()


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["crisis", *args, "--org", demo.DEMO_SLUG])


def test_declare_status_end_history_and_report(seeded: None, tmp_path: Path) -> None:
    refused = _run("declare", "--as", APPROVER, "--summary", "Rappel")
    assert refused.exit_code != 0 and "declare_roles" in str(refused.exception)
    unknown = _run("declare", "--as", ADMIN, "--summary", "Rappel", "--account", "999999")
    assert unknown.exit_code != 0 and "999999" in str(unknown.exception)
    done = _run("declare", "--as", ADMIN, "--summary", "Rappel produit")
    assert done.exit_code == 0 and "declared" in done.output, done.output
    again = _run("declare", "--as", ADMIN, "--summary", "Encore")
    assert again.exit_code != 0 and "already active" in str(again.exception)
    shown = _run("status", "--as", ADMIN, "--json")
    crisis = json.loads(shown.output)["crisis"]
    assert crisis["summary"] == "Rappel produit" and crisis["scope"] == "all"
    bad = _run("end", "--as", ADMIN, "--reschedule", "x")
    assert bad.exit_code != 0
    ended = _run("end", "--as", ADMIN, "--rest", "resume")
    assert ended.exit_code == 0 and "ended" in ended.output, ended.output
    assert "no crisis is active" in _run("status", "--as", ADMIN).output
    listed = _run("history", "--as", ADMIN)
    assert f"#{crisis['id']}" in listed.output
    out = tmp_path / "report.pdf"
    written = _run("report", "--as", ADMIN, "--crisis", str(crisis["id"]), "-o", str(out), "--lang", "fr")
    assert written.exit_code == 0, written.output
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is not None:
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "Rapport de crise" in text and "Rappel produit" in text
