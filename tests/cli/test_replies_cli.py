"""``charte replies import|list``: pre-approved answers loaded from a file, each waiting for approval; bad lines
reported by number (an unknown variable named), the others stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from charte.cli.demo import demo_policy_text
from charte.cli.main import cli
from charte.service import policies
from charte.service.demo import system
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store


@pytest.fixture()
def db_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CHARTE_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["admin", "create-org", "--name", "Acme", "--slug", "acme"])
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    with make_sessionmaker(engine)() as session:
        store = Store(session)
        org = store.organisations.by_slug("acme")
        assert org is not None
        policies.upload(store, system(org.id), demo_policy_text(), activate=True)
        session.commit()
    engine.dispose()
    return url


def test_import_then_list(db_env: str, tmp_path: Path) -> None:
    lines = [
        json.dumps({"title": "Retard", "body": "Bonjour {first_name}, nous regardons.", "lang": "fr"}),
        json.dumps({"title": "Bad", "body": "Hello {firstname}", "lang": "en"}),
        "not json",
        json.dumps(
            {"title": "Incident", "body": "We know.", "lang": "en", "holding_statement": True, "x": 1}
        ),
        json.dumps(
            {"title": "Incident", "body": "We know and we are on it.", "lang": "en", "intent": "crisis"}
        ),
    ]
    path = tmp_path / "replies.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["replies", "import", "--org", "acme", str(path)])
    assert result.exit_code != 0
    assert "5 replies read, 2 stored (waiting for approval), 3 refused" in result.output
    assert ":2:" in result.output and "firstname" in result.output
    assert ":4:" in result.output and "unknown field(s) x" in result.output
    listed = CliRunner().invoke(cli, ["replies", "list", "--org", "acme"])
    assert listed.exit_code == 0, listed.output
    rows = listed.output.strip().splitlines()
    assert len(rows) == 2 and all("in use: none" in r and "in_review" in r for r in rows)
    missing = CliRunner().invoke(cli, ["replies", "import", "--org", "acme", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code != 0 and "no such file" in missing.output


def test_an_overlong_line_is_refused_by_number_without_being_loaded(db_env: str, tmp_path: Path) -> None:
    from charte.cli.scan import MAX_LINE

    good = json.dumps({"title": "Merci", "body": "Merci {first_name} !", "lang": "fr"})
    huge = json.dumps({"title": "x", "body": "x" * (MAX_LINE + 10), "lang": "fr"})
    path = tmp_path / "replies.jsonl"
    path.write_text(f"{huge}\n{good}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["replies", "import", "--org", "acme", str(path)])
    assert result.exit_code != 0
    assert f":1: line longer than {MAX_LINE:,} characters" in result.output
    assert "2 replies read, 1 stored (waiting for approval), 1 refused" in result.output
