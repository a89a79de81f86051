"""How `charte scan` reads its input: plain lines without building a ``PostIn``, and in one pass.

``read_post`` skips pydantic for a line holding only a valid ``text``, ``id`` and ``lang``. Whatever the
line, it must give what ``parse_record(line)`` then ``to_post()`` give, or raise the same error. Without a
progress bar (``-q``, ``-o -``) the input is read once, so a pipe can be scanned.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from charte.cli import scan
from charte.cli.demo import demo_policy_text
from charte.engine.records import MAX_TEXT
from charte.errors import InputError

LINES: list[Any] = [
    {"text": "Bonjour à tous"},
    {"id": "fr-1", "text": "Appelez-moi au 06 12 34 56 78", "lang": "fr"},
    {"id": 7, "text": "plain", "lang": "en"},
    {"id": 10**30, "text": "a very large id"},
    {"id": None, "text": "x", "lang": None},
    {"id": "x", "text": ""},
    {"text": "\x00 control \r characters"},
    {"text": "emoji 🤪 and accents é"},
    {"text": "x", "lang": "abc"},
    # what PostIn refuses or changes: each must give its error, or go through PostIn
    {"text": "lone \ud800 surrogate"},
    {"id": "id \udfff", "text": "x"},
    {"text": "x", "lang": "fr\n"},
    {"text": "x", "lang": "FR"},
    {"text": "x", "lang": "f"},
    {"text": "x", "lang": "fran"},
    {"text": "x", "lang": 3},
    {"text": "x", "id": True},
    {"text": "x", "id": False},
    {"text": "x", "id": 1.5},
    {"text": "x", "id": ["a"]},
    {"text": 12},
    {"text": None},
    {"text": True},
    {"id": "no text"},
    {},
    {"text": "x" * (MAX_TEXT + 1)},
    {"text": "x" * MAX_TEXT},
    # other fields: the PostIn path, meta kept
    {"text": "x", "role": "communications"},
    {"text": "x", "functions": ["communications"], "account": "brand"},
    {"text": "x", "retweets": 3, "url": "https://example.org"},
    {"text": "x", "author": "@bob", "lang": "fr", "platform": "x"},
    {"text": "x", "attachments": [{"kind": "image", "credit": "AFP"}]},
]


def _outcome(call: Any, line: str) -> Any:
    try:
        return call(line)
    except InputError as exc:
        return ("error", str(exc))


@pytest.mark.parametrize("record", LINES, ids=range(len(LINES)))
def test_read_post_is_parse_record_then_to_post(record: Any) -> None:
    line = json.dumps(record)  # lone surrogates as \ud800 escapes, as a real export may hold them
    slow = _outcome(lambda li: (lambda r: (r[0], r[1], r[2].to_post()))(scan.parse_record(li)), line)
    fast = _outcome(scan.read_post, line)
    assert fast == slow
    assert type(fast[0]) is type(slow[0])  # 1 stays an int, never True; "1" stays a str


@pytest.mark.parametrize("line", ["not json", "[1, 2]", '"text"', "{", '{"text": "x"} trailing'])
def test_bad_json_gives_the_same_error(line: str) -> None:
    assert _outcome(scan.read_post, line) == _outcome(scan.parse_record, line)
    assert _outcome(scan.read_post, line)[0] == "error"


def test_plain_lines_take_the_fast_path() -> None:
    """The shortcut is taken where it is meant to be (else the tests above would prove nothing)."""
    assert scan._plain_post({"id": "fr-1", "text": "Bonjour", "lang": "fr"}) is not None
    assert scan._plain_post({"id": 3, "text": "Hello"}) is not None
    assert scan._plain_post({"text": "x", "id": True}) is None
    assert scan._plain_post({"text": "x", "platform": "x"}) is None


@pytest.mark.skipif(not Path("/dev/stdin").exists(), reason="needs /dev/stdin")
def test_a_pipe_is_scanned_whole_without_a_progress_bar(tmp_path: Path) -> None:
    """The progress bar's counting pass would drain a pipe; without the bar there is none."""
    policy = tmp_path / "policy.yaml"
    policy.write_text(demo_policy_text(), encoding="utf-8")
    lines = [
        json.dumps({"id": i, "text": text}) for i, text in enumerate(["Bonjour", "Document CONFIDENTIEL"])
    ]
    result = subprocess.run(
        [sys.executable, "-m", "charte.cli.main", "scan", "/dev/stdin", "--policy", str(policy), "-o", "-"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [0, 1]
    assert "2 posts" in result.stderr
