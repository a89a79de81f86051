"""The command line under hostile or broken input: `charte scan` gives every line a decision or an
error record and always prints its summary; exit codes match the README table; messages carry no
markup and no traceback."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from charte.cli import exit_codes, scan
from charte.cli.main import main
from charte.engine.engine import CheckEngine
from charte.errors import CharteError
from charte.policy.loader import load_policy_file

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "policies" / "generic.fr.yaml"
CHARTE = [sys.executable, "-m", "charte.cli.main"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CHARTE, *args], capture_output=True, text=True, timeout=300)


def _readme_exit_codes() -> dict[str, int]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Exit codes", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| (\d+) \| `([A-Z_]+)` \| (.+) \|$", section, re.MULTILINE)
    assert rows, "the README has no exit-code table"
    return {name: int(code) for code, name, _ in rows}


def test_readme_exit_code_table_is_the_code() -> None:
    constants = {
        name: value for name, value in vars(exit_codes).items() if name.isupper() and isinstance(value, int)
    }
    assert _readme_exit_codes() == constants


def test_missing_files_exit_no_input_and_bad_policy_exits_data(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "x"}\n', encoding="utf-8")
    missing = str(tmp_path / "missing")
    assert run("scan", missing, "--policy", str(STARTER), "-o", "-").returncode == exit_codes.NO_INPUT
    result = run("scan", str(src), "--policy", missing, "-o", "-")
    assert result.returncode == exit_codes.NO_INPUT and "file not found" in result.stderr
    assert run("check", "x", "--policy", missing).returncode == exit_codes.NO_INPUT
    assert run("policy", "validate", str(tmp_path)).returncode == exit_codes.NO_INPUT
    bad = tmp_path / "bad.yaml"
    bad.write_text("a: &x 1\nb: *x\n", encoding="utf-8")
    result = run("policy", "validate", str(bad))
    assert result.returncode == exit_codes.DATA and "bad.yaml:2" in result.stderr
    assert "Traceback" not in result.stderr


def test_error_messages_are_rendered_not_printed_as_markup(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(path: str) -> CheckEngine:
        raise CharteError("cannot use [this] file")

    monkeypatch.setattr("charte.cli.main.load_engine", broken)
    with pytest.raises(SystemExit) as info:
        main(["check", "x", "--policy", "p.yaml"])
    assert info.value.code == exit_codes.DATA
    err = capsys.readouterr().err
    assert "error: cannot use [this] file" in err and "[red]" not in err and "[/red]" not in err


def test_a_bug_is_one_line_and_the_internal_error_code(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def bug(path: str) -> CheckEngine:
        raise KeyError("oops")

    monkeypatch.setattr("charte.cli.main.load_engine", bug)
    monkeypatch.delenv("CHARTE_DEBUG", raising=False)
    with pytest.raises(SystemExit) as info:
        main(["check", "x", "--policy", "p.yaml"])
    assert info.value.code == exit_codes.INTERNAL
    err = capsys.readouterr().err
    assert "internal error: KeyError" in err and "Traceback" not in err


def test_scan_survives_every_kind_of_line(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 1, "text": "Document CONFIDENTIEL", "lang": "fr"}),
        '{"id": ' + "9" * 5000 + ', "text": "hi"}',  # ValueError in json.loads on today's main
        "[" * 100_000,  # RecursionError on today's main
        '{"id": "cr", "text": "premi\\u00e8re ligne\rseconde ligne CONFIDENTIEL", "lang": "fr"}',  # a bare \r
        json.dumps(
            {
                "id": "m",
                "text": "Bonne journée",
                "url": "https://example.org/1",
                "likes": 3,
                "meta": {"source": "export"},
            }
        ),
        json.dumps({"id": "deep", "text": "x", "extra": json.loads("[" * 500 + "]" * 500)}),
        json.dumps({"id": "z", "text": "Hello world", "url": "https://example.org/2"}),
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run("scan", str(src), "--policy", str(STARTER), "-o", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]
    assert len(records) == len(lines)
    assert [r.get("verdict") for r in records] == ["block", None, None, "block", "allow", "allow", "allow"]
    assert records[1] == {"id": None, "line": 2, "error": "not readable: a number has too many digits"}
    assert records[2]["line"] == 3 and "nested too deeply" in records[2]["error"]
    assert records[3]["id"] == "cr"
    assert records[4]["meta"] == {"url": "https://example.org/1", "likes": 3, "meta": {"source": "export"}}
    assert "meta" not in records[0]
    assert "7 posts" in result.stderr and "errors 2" in result.stderr
    assert "3 posts carried 4 unknown fields" in result.stderr and "url" in result.stderr


def test_scan_line_over_the_bound_is_an_error_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scan, "MAX_LINE", 100)
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"text": "x" * 500}) + "\n" + json.dumps({"text": "ok"}) + "\n", encoding="utf-8"
    )
    assert list(scan._lines(src)) == [(1, None), (2, '{"text": "ok"}\n')]


def test_scan_keeps_going_when_the_engine_fails_on_one_post(monkeypatch: pytest.MonkeyPatch) -> None:
    engine = CheckEngine(load_policy_file(STARTER), scorer=None)
    real_check = engine.check

    def check_many(posts):  # type: ignore[no-untyped-def]
        raise RuntimeError("batch failed")

    def check(post):  # type: ignore[no-untyped-def]
        if "boom" in post.text:
            raise RuntimeError("detector bug")
        return real_check(post)

    monkeypatch.setattr(engine, "check_many", check_many)
    monkeypatch.setattr(engine, "check", check)
    monkeypatch.setattr(scan, "_ENGINE", engine)
    records = scan.check_lines(
        [
            (1, '{"id": 1, "text": "bonjour"}'),
            (2, '{"id": 2, "text": "boom"}'),
            (3, '{"id": 3, "text": "Document CONFIDENTIEL"}'),
        ]
    )
    assert [r.get("verdict") for r in records] == ["allow", None, "block"]
    assert records[1] == {
        "id": 2,
        "line": 2,
        "error": "internal error while checking: RuntimeError: detector bug",
    }
