from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CHARTE = [sys.executable, "-m", "charte.cli.main"]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CHARTE, *args], capture_output=True, text=True, input=stdin, timeout=120)


@pytest.fixture(scope="module")
def policy_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("p") / "policy.yaml"
    result = run(
        "policy",
        "init",
        "--org",
        "Acme",
        "--brand",
        "Acme",
        "--competitor",
        "Globex",
        "--domain",
        "acme.com",
        "--industry",
        "generic",
        "--lang",
        "fr",
        "-o",
        str(path),
    )
    assert result.returncode == 0, result.stderr
    return path


def test_policy_validate_and_test(policy_file: Path) -> None:
    assert run("policy", "validate", str(policy_file)).returncode == 0
    result = run("policy", "test", str(policy_file))
    assert result.returncode == 0, result.stdout
    assert "policy tests passed" in result.stdout


def test_check_exit_codes_and_json(policy_file: Path) -> None:
    ok = run("check", "Belle journée au salon !", "--policy", str(policy_file), "--json")
    assert ok.returncode == 0
    assert json.loads(ok.stdout)["verdict"] == "allow"
    blocked = run("check", "-", "--policy", str(policy_file), "--json", stdin="Document CONFIDENTIEL")
    assert blocked.returncode == 2
    data = json.loads(blocked.stdout)
    assert data["findings"][0]["start"] == 9 and data["findings"][0]["end"] == 21


def test_usage_and_policy_errors_have_distinct_codes(policy_file: Path, tmp_path: Path) -> None:
    assert run("check", "x", "--policy", str(policy_file), "--account", "robot").returncode == 64
    bad = tmp_path / "bad.yaml"
    bad.write_text("policy: [\n")
    result = run("check", "x", "--policy", str(bad))
    assert result.returncode == 65
    assert "bad.yaml:" in result.stderr and "Traceback" not in result.stderr
    assert run("check", "x", "--policy", str(tmp_path / "missing.yaml")).returncode == 66


def test_scan_writes_one_record_per_line_and_survives_bad_lines(policy_file: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(
            [
                json.dumps({"id": 1, "text": "Document CONFIDENTIEL", "lang": "fr"}),
                "{not json",
                json.dumps({"id": "x", "text": 42}),
                json.dumps({"id": "y"}),
                json.dumps({"id": "z", "text": "Hello world"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = run("scan", str(src), "--policy", str(policy_file), "--output", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r.get("verdict") for r in records] == ["block", None, None, None, "allow"]
    assert records[1]["line"] == 2 and "not valid JSON" in records[1]["error"]
    assert "text" in records[2]["error"] and records[2]["id"] == "x"
    assert "errors 3" in result.stderr


def test_scan_with_workers_matches_single_process(policy_file: Path, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        "".join(
            json.dumps({"id": i, "text": f"post {i} CONFIDENTIEL" if i % 3 else f"post {i}"}) + "\n"
            for i in range(300)
        ),
        encoding="utf-8",
    )
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run("scan", str(src), "--policy", str(policy_file), "-o", str(one), "-q").returncode == 0
    assert (
        run("scan", str(src), "--policy", str(policy_file), "-o", str(two), "-q", "--workers", "2").returncode
        == 0
    )
    assert one.read_text() == two.read_text()
