from __future__ import annotations

import pytest

from charte.cli.demo import demo_policy_text
from charte.engine.engine import CheckEngine
from charte.errors import PolicyError
from charte.policy.loader import load_policy_file, parse_policy


def _error(text: str) -> PolicyError:
    with pytest.raises(PolicyError) as info:
        CheckEngine(parse_policy(text, "p.yaml"), scorer=None)
    return info.value


def test_starter_policy_is_valid() -> None:
    policy = parse_policy(demo_policy_text())
    assert policy.organisation.name == "Acme"
    assert policy.rules


def test_bad_action_names_line_field_and_fix() -> None:
    text = demo_policy_text().replace("action: block", "action: blok", 1)
    issue = _error(text).issues[0]
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "action: blok" in row)
    assert issue.file == "p.yaml" and issue.line == line
    assert issue.field.endswith(".action")
    assert "allow" in issue.hint and "block" in issue.hint


def test_unknown_field_is_refused() -> None:
    text = demo_policy_text().replace("  industry: generic", "  industry: generic\n  indusrty: finance")
    issue = _error(text).issues[0]
    assert issue.field == "organisation.indusrty"
    assert "remove" in issue.hint


def test_unknown_detector_lists_known_ones() -> None:
    text = demo_policy_text().replace("detector: confidential", "detector: nope", 1)
    issue = _error(text).issues[0]
    assert "unknown detector 'nope'" in issue.message
    assert "confidential" in issue.hint


def test_bad_detector_params_name_the_param() -> None:
    text = demo_policy_text().replace("    params: {}", "    params: {colour: red}", 1)
    issue = _error(text).issues[0]
    assert issue.field.endswith("params.colour")


def test_clause_used_twice_is_refused_at_its_line() -> None:
    text = demo_policy_text().replace('  - id: "2.2"', '  - id: "2.1"')
    issue = _error(text).issues[0]
    assert "already used" in issue.message and issue.line is not None


def test_rule_citing_unknown_clause() -> None:
    text = demo_policy_text().replace('clause: "5.2"', 'clause: "9.9"', 1)
    assert "9.9" in _error(text).issues[0].message


def test_quiet_period_ending_before_start() -> None:
    text = demo_policy_text().replace(
        "  quiet_periods: []",
        "  quiet_periods:\n    - {name: Q4, start: 2026-02-01, end: 2026-01-01, topics: [résultats]}",
    )
    assert "swap the dates" in _error(text).issues[0].message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: [\n", "YAML syntax error"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("a: 1\na: 2\n", "appears twice"),
    ],
)
def test_malformed_yaml(text: str, expected: str) -> None:
    assert expected in str(_error(text))


def test_missing_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PolicyError, match="file not found"):
        load_policy_file(tmp_path / "none.yaml")
