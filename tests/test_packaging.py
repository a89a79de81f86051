"""``pip install charte`` is the checker and its CLI; the service is ``charte[server]``. Proven in a fresh
interpreter where the server's packages cannot be imported (as if they were not installed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

from charte.cli import exit_codes
from charte.cli.main import SERVER_PACKAGES

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
POLICY = ROOT / "policies" / "generic.en.yaml"
#: The distributions of the `server` extra, as their import names (what the blocker refuses).
SERVER_DISTRIBUTIONS = {
    "fastapi",
    "uvicorn",
    "uvloop",
    "httptools",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "argon2-cffi",
    "pyotp",
    "cryptography",
    "zxcvbn",
    "pydantic-settings",
    "certifi",
    "celery",
    "redis",
    "python-multipart",
    "fastapi-offline",
    "segno",
    "websockets",
    "mastodon.py",
    "atproto",
    "regex",
    "requests",
    "feedparser",
    "rapidfuzz",
    "confusable-homoglyphs",
    "holidays",
    "apprise",
}

# A meta-path finder placed first: importing any server package fails as it would were it not installed.
BLOCKER = textwrap.dedent(f"""
    import importlib.abc, sys
    BLOCKED = {sorted(SERVER_PACKAGES)!r}

    class Refuse(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
            return None

    sys.meta_path.insert(0, Refuse())
""")


def run_without_server(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "CHARTE_DEBUG": ""}
    return subprocess.run(
        [sys.executable, "-c", BLOCKER + textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=240,
    )


def _name(requirement: str) -> str:
    return requirement.split(";")[0].split("[")[0].split(">")[0].split("=")[0].split("<")[0].strip().lower()


def test_the_core_dependencies_hold_no_server_package() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = {_name(r) for r in project["dependencies"]}
    server = {_name(r) for r in project["optional-dependencies"]["server"]}
    assert core & SERVER_DISTRIBUTIONS == set()
    assert server == SERVER_DISTRIBUTIONS
    assert "charte[server]" in project["optional-dependencies"]["test"]


def test_the_import_contract_forbids_the_same_packages_the_cli_names() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["id"] == "core-without-server")
    assert set(contract["forbidden_modules"]) == SERVER_PACKAGES


def test_the_blocker_blocks() -> None:
    result = run_without_server("import sqlalchemy")
    assert result.returncode != 0 and "No module named 'sqlalchemy'" in result.stderr


def test_library_checks_a_post_without_the_server_packages() -> None:
    result = run_without_server(f"""
        import json, sys
        import charte
        policy = charte.load_policy({str(POLICY)!r})
        decision = charte.check("Call me on 06 12 34 56 78, my card is 4970 1012 3456 7890", policy=policy)
        blocked = sorted(m for m in {sorted(SERVER_PACKAGES)!r} if m in sys.modules)
        print(json.dumps({{"verdict": str(decision.verdict), "blocked_loaded": blocked,
                           "entities": sorted({{f.entity for f in decision.findings}})}}))
    """)
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["verdict"] in ("review", "block") and out["entities"] and out["blocked_loaded"] == []


def test_cli_check_scan_and_policy_run_without_the_server_packages(tmp_path: Path) -> None:
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        '{"id": 1, "text": "Hello all"}\n{"id": 2, "text": "my IBAN FR76 3000 6000 0112 3456 7890 189"}\n',
        encoding="utf-8",
    )
    main = "import sys\nfrom charte.cli.main import main\nmain(sys.argv[1:])\n"
    check = run_without_server(main, "check", "Hello all", "--policy", str(POLICY), "--json")
    assert check.returncode == exit_codes.ALLOW, check.stderr
    assert json.loads(check.stdout)["verdict"] == "allow"
    scan = run_without_server(
        main, "scan", str(posts), "--policy", str(POLICY), "-o", str(tmp_path / "out.jsonl"), "-q"
    )
    assert scan.returncode == 0, scan.stderr
    verdicts = [json.loads(line)["verdict"] for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert verdicts[0] == "allow" and verdicts[1] != "allow"
    validate = run_without_server(main, "policy", "validate", str(POLICY))
    assert validate.returncode == 0, validate.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["serve"],
        ["serve", "--help"],
        ["worker", "-c", "2"],
        ["db", "upgrade"],
        ["admin", "--help"],
        ["audit", "verify"],
    ],
)
def test_server_commands_say_what_to_install(command: list[str]) -> None:
    main = "import sys\nfrom charte.cli.main import main\nmain(sys.argv[1:])\n"
    result = run_without_server(main, *command)
    assert result.returncode == exit_codes.UNAVAILABLE, (result.stdout, result.stderr)
    assert f"`charte {command[0]}` needs the 'server' extra" in result.stderr
    assert "pip install 'charte[server]'" in result.stderr and "Traceback" not in result.stderr


def test_help_lists_the_server_commands_as_needing_the_extra() -> None:
    result = run_without_server("import sys\nfrom charte.cli.main import main\nmain(['--help'])\n")
    assert result.returncode == 0, result.stderr
    lines = {
        line.split()[0]: line for line in result.stdout.splitlines() if line.startswith("  ") and line.split()
    }
    assert "charte[server]" in lines["serve"] and "charte[server]" not in lines["check"]
