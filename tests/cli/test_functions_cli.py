"""The author's functions on the command line and in JSON Lines: ``--function`` and ``functions``; the former
``role`` field is refused with the fix rather than silently ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from charte.cli.main import cli
from charte.cli.scan import parse_record
from charte.errors import InputError
from charte.policy.starters import render_example

ANNOUNCE = "Nous annonçons aujourd'hui le lancement de la nouvelle application Lumio !"


def _rules(output: str) -> set[str]:
    return {f["rule_id"] for f in json.loads(output)["findings"]}


def test_check_takes_the_authors_functions(tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text(render_example("generic", "fr"), encoding="utf-8")
    runner = CliRunner()
    base = ["check", ANNOUNCE, "--policy", str(policy), "--account", "brand", "--json"]
    unknown = runner.invoke(cli, base)  # functions not known: brand accounts are trusted by default
    assert "spokesperson.statements" not in _rules(unknown.output)
    engineer = runner.invoke(cli, [*base, "--function", "engineer"])
    assert engineer.exit_code == 1 and "spokesperson.statements" in _rules(engineer.output)
    both = runner.invoke(cli, [*base, "--function", "engineer", "--function", "communications"])
    assert both.exit_code == 0 and "spokesperson.statements" not in _rules(both.output)


def test_a_jsonl_line_with_role_is_an_error_naming_the_fix() -> None:
    _id, _meta, post = parse_record(json.dumps({"id": 1, "text": ANNOUNCE, "functions": ["communications"]}))
    assert post.to_post().functions == frozenset({"communications"})
    assert parse_record(json.dumps({"text": ANNOUNCE}))[2].to_post().functions is None
    with pytest.raises(InputError, match='write "functions": \\["communications"\\]'):
        parse_record(json.dumps({"id": 2, "text": ANNOUNCE, "role": "communications"}))
