"""``charte audit verify|export|prune|head`` against a real (SQLite) database."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from charte.audit.store import AuditLog
from charte.cli.main import cli
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker

KEY = "k" * 40


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    migrate.upgrade(url)
    monkeypatch.setenv("CHARTE_DATABASE_URL", url)
    monkeypatch.setenv("CHARTE_AUDIT_KEY", KEY)
    monkeypatch.chdir(tmp_path)  # no stray .env
    engine = make_engine(url)
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with make_sessionmaker(engine)() as session:
        for i in range(6):
            AuditLog(session, clock=lambda i=i: start + dt.timedelta(days=i)).append(
                7, "user:1", "draft.check", "draft", i, {"verdict": "allow"}
            )
        AuditLog(session).append(8, "user:2", "auth.login", "user", 2)
        session.commit()
    engine.dispose()
    return url


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def sql(url: str, statement: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(statement))
    engine.dispose()


def test_verify_ok_then_names_first_bad_entry(db: str) -> None:
    ok = run("audit", "verify")
    assert ok.exit_code == 0, ok.output
    assert (
        "organisation 7: OK, 6 entries (#1–#6)" in ok.output and "organisation 8: OK, 1 entries" in ok.output
    )
    sql(db, 'UPDATE audit_entries SET details = \'{"verdict": "block"}\' WHERE org_id = 7 AND seq = 4')
    bad = run("audit", "verify")
    assert bad.exit_code == 1
    assert "organisation 7: BROKEN — organisation 7: entry #4: modified" in bad.output
    assert "organisation 8: OK" in bad.output


def test_verify_detects_deleted_and_reordered_rows(db: str) -> None:
    sql(db, "DELETE FROM audit_entries WHERE org_id = 7 AND seq = 2")
    out = run("audit", "verify", "--org", "7")
    assert out.exit_code == 1 and "entry #2: missing" in out.output


def test_export_period_and_reverify_file(db: str, tmp_path: Path) -> None:
    out = run(
        "audit", "export", "--org", "7", "--from", "2026-01-02", "--to", "2026-01-05", "-o", "part.jsonl"
    )
    assert out.exit_code == 0, out.output
    lines = (tmp_path / "part.jsonl").read_text().splitlines()
    assert [json.loads(line)["seq"] for line in lines] == [2, 3, 4]
    assert run("audit", "verify", "--file", "part.jsonl").exit_code == 0
    doctored = lines[1].replace('"allow"', '"block"')
    (tmp_path / "bad.jsonl").write_text("\n".join([lines[0], doctored, lines[2]]) + "\n")
    bad = run("audit", "verify", "--file", "bad.jsonl")
    assert bad.exit_code == 1 and "entry #3: modified" in bad.output
    (tmp_path / "swap.jsonl").write_text("\n".join([lines[0], lines[2], lines[1]]) + "\n")
    swapped = run("audit", "verify", "--file", "swap.jsonl")
    assert swapped.exit_code == 1 and "#4: reordered" in swapped.output


def test_export_csv_and_pdf(db: str, tmp_path: Path) -> None:
    out = run("audit", "export", "--org", "7", "--format", "csv")
    rows = out.output.splitlines()
    assert (
        rows[0] == "org_id,seq,at,actor,action,object_type,object_id,details,prev_hash,hash"
        and len(rows) == 7
    )
    pdf = run("audit", "export", "--org", "7", "--format", "pdf", "-o", "record.pdf")
    assert pdf.exit_code == 0, pdf.output
    assert (tmp_path / "record.pdf").read_bytes().startswith(b"%PDF")
    no_file = CliRunner().invoke(cli, ["audit", "export", "--org", "7", "--format", "pdf"])
    assert no_file.exit_code != 0 and "--output" in no_file.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--from", "yesterday"], "write a date"),
        (["--from", "2026-02-01", "--to", "2026-01-01"], "before --to"),
    ],
)
def test_export_bad_periods(db: str, args: list[str], words: str) -> None:
    out = CliRunner().invoke(cli, ["audit", "export", "--org", "7", *args])
    assert out.exit_code != 0 and words in out.output


def test_prune_keeps_the_chain_verifiable(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = run("audit", "prune", "--org", "7", "--older-than-days", "1")
    assert out.exit_code == 0 and "removed 6 entries up to #6, checkpoint #7" in out.output
    assert run("audit", "verify", "--org", "7").exit_code == 0
    head = run("audit", "head", "--org", "7").output.split()
    assert head[:2] == ["7", "7"] and len(head[2]) == 64
    monkeypatch.setenv("CHARTE_AUDIT_KEY", "x" * 40)
    wrong = run("audit", "verify", "--org", "7")
    assert wrong.exit_code == 1 and "signature" in wrong.output


def test_prune_needs_a_key_and_a_retention(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = CliRunner().invoke(cli, ["audit", "prune", "--org", "7"])
    assert out.exit_code != 0 and "CHARTE_AUDIT_RETENTION_DAYS" in out.output
    monkeypatch.delenv("CHARTE_AUDIT_KEY")
    out = CliRunner().invoke(cli, ["audit", "prune", "--org", "7", "--older-than-days", "3"])
    assert out.exit_code != 0 and "CHARTE_AUDIT_KEY" in out.output
