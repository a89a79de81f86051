"""``charte mentions import`` (JSONL and CSV, malformed lines reported by number, a second import storing
nothing), ``charte mentions prune`` and ``charte sources add|list|health|remove``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from charte.cli.main import cli
from charte.store.db import make_engine
from charte.store.models import Mention


@pytest.fixture()
def db_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("CHARTE_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["admin", "create-org", "--name", "Acme", "--slug", "acme"])
    assert result.exit_code == 0, result.output
    return url


def _count(url: str) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        n = conn.scalar(select(func.count()).select_from(Mention))
    engine.dispose()
    return int(n or 0)


def test_import_reports_malformed_lines_and_stores_the_rest_once(db_env: str, tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"id": 1, "text": "Votre service est nul !", "author": "@a", "created_at": "2026-12-01T10:00:00Z"}
        ),
        "{not json",
        json.dumps({"id": 2, "text": "Merci", "in_reply_to": 1, "url": "https://example.com/2"}),
        json.dumps({"id": 3}),
        json.dumps({"text": "no id: one made from the content", "author": "@b"}),
        json.dumps({"id": 4, "text": "bad url", "url": "javascript:alert(1)"}),
    ]
    path = tmp_path / "mentions.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["mentions", "import", "--org", "acme", str(path)])
    assert result.exit_code == 65, result.output
    assert f"{path}:2: not valid JSON" in result.output
    assert f"{path}:4: text" in result.output
    assert f"{path}:6: url" in result.output
    assert "6 records read, 3 new mentions stored" in result.output
    assert _count(db_env) == 3
    again = runner.invoke(cli, ["mentions", "import", "--org", "acme", str(path)])
    assert "0 new mentions stored" in again.output and _count(db_env) == 3
    health = runner.invoke(cli, ["sources", "health", "--org", "acme"])
    assert "import:" in health.output and "skipped 6" in health.output


def test_import_skips_an_overlong_line_and_stores_a_big_mention_with_bad_unicode(
    db_env: str, tmp_path: Path
) -> None:
    """A line over the reader's bound is reported, not loaded; a 1 MB text with invalid UTF-8 is stored."""
    from charte.cli.scan import MAX_LINE

    big = json.dumps({"id": "big", "text": "é" * 1_000_000}, ensure_ascii=False).encode()
    bad_utf8 = b'{"id": "raw", "text": "caf\xe9 \xff ok"}'
    huge = json.dumps({"id": "huge", "text": "x" * (MAX_LINE + 10)}).encode()
    path = tmp_path / "mentions.jsonl"
    path.write_bytes(b"\n".join([big, huge, bad_utf8]) + b"\n")
    result = CliRunner().invoke(cli, ["mentions", "import", "--org", "acme", str(path)])
    assert result.exit_code == 65, result.output
    assert f"{path}:2: line longer than {MAX_LINE:,} characters" in result.output
    assert "3 records read, 2 new mentions stored" in result.output
    assert _count(db_env) == 2


def test_import_csv_and_prune(db_env: str, tmp_path: Path) -> None:
    path = tmp_path / "mentions.csv"
    path.write_text(
        "id,text,author,created_at,extra\n"
        "c1,Bonjour,@x,2026-12-01T10:00:00+00:00,ignored\n"
        "c2,,@y,,\n"
        "c3,Encore,@z,,,too many\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["mentions", "import", "--org", "acme", str(path), "--source", "csv"])
    assert result.exit_code == 65
    assert f"{path}:3: text: field required" in result.output
    assert f"{path}:4: more cells" in result.output
    assert _count(db_env) == 1
    assert CliRunner().invoke(cli, ["mentions", "prune", "--older-than", "0d"]).exit_code == 2
    kept = CliRunner().invoke(cli, ["mentions", "prune", "--older-than", "1d"])
    assert kept.exit_code == 0 and "deleted 0 mentions" in kept.output
    assert _count(db_env) == 1


def test_sources_add_list_remove(db_env: str) -> None:
    runner = CliRunner()
    bad = runner.invoke(
        cli, ["sources", "add", "--org", "acme", "--kind", "rss", "--name", "f", "--settings", '{"url": "x"}']
    )
    assert bad.exit_code != 0 and "settings.url" in bad.output
    old = runner.invoke(  # the adapter's own field names only: what is saved is what runs
        cli,
        [
            "sources",
            "add",
            "--org",
            "acme",
            "--kind",
            "rss",
            "--name",
            "f",
            "--settings",
            '{"url": "https://example.com/f.xml", "interval_seconds": 60}',
        ],
    )
    assert old.exit_code != 0 and "settings.interval_seconds" in old.output
    feed = runner.invoke(
        cli,
        [
            "sources",
            "add",
            "--org",
            "acme",
            "--kind",
            "rss",
            "--name",
            "feed",
            "--settings",
            '{"url": "https://example.com/f.xml", "poll_interval_seconds": 600, "keywords": ["acme"]}',
        ],
    )
    assert feed.exit_code == 0, feed.output
    ok = runner.invoke(
        cli,
        ["sources", "add", "--org", "acme", "--kind", "webhook", "--name", "hook", "--secret-stdin"],
        input="a-secret-of-enough-length\n",
    )
    assert ok.exit_code == 0, ok.output
    listed = runner.invoke(cli, ["sources", "list", "--org", "acme"])
    assert "webhook\thook\tenabled" in listed.output and "a-secret" not in listed.output
    assert runner.invoke(cli, ["sources", "remove", "--org", "acme", "hook"]).exit_code == 0
