"""The policy's optional `approvals:` section: defaults, and every bad input named with its line."""

from __future__ import annotations

import pytest

from charte.cli.demo import demo_policy_text
from charte.domain import Severity
from charte.errors import PolicyError
from charte.policy.loader import parse_policy


def with_approvals(block: str) -> str:
    return demo_policy_text().replace("rules:\n", block + "\nrules:\n", 1)


def test_defaults_when_absent() -> None:
    approvals = parse_policy(demo_policy_text(), "p.yaml").approvals
    assert [level.id for level in approvals.levels] == ["review"]
    assert approvals.levels[0].roles == ["approver", "admin"]
    assert approvals.override_roles == [] and approvals.review_brand_posts is False
    assert approvals.levels_for(Severity.CRITICAL) == 1 and approvals.levels_for(None) == 1


def test_levels_by_severity() -> None:
    policy = parse_policy(
        with_approvals("""approvals:
  levels:
    - {id: comms}
    - {id: legal, roles: [approver], team: approval}
  by_severity: {high: 2, critical: 2}
  override_roles: [policy_owner]
"""),
        "p.yaml",
    )
    a = policy.approvals
    assert a.levels_for(Severity.HIGH) == 2 and a.levels_for(Severity.MEDIUM) == 2  # unlisted: every level
    assert a.levels[1].team == "approval" and a.override_roles == ["policy_owner"]


@pytest.mark.parametrize(
    ("block", "words"),
    [
        ("approvals:\n  levels: [{id: a, roles: [boss]}]\n", "approvals.levels[0].roles[0]"),
        ("approvals:\n  levels: [{id: a}]\n  by_severity: {high: 2}\n", "2 levels asked, but there are 1"),
        ("approvals:\n  levels: [{id: a}, {id: a}]\n", "level id used twice: a"),
        ("approvals:\n  levels: [{id: a, team: nowhere}]\n", "team 'nowhere'"),
        ("approvals:\n  levels: []\n", "levels"),
        ("approvals:\n  override_roles: [ceo]\n", "approvals.override_roles[0]"),
        ("approvals:\n  levels: [{id: a}]\n  by_severity: {urgent: 1}\n", "urgent"),
        ("approvals:\n  levels: [{id: a}]\n  quorum: 2\n", "quorum"),
    ],
)
def test_bad_approvals_are_refused_with_a_line(block: str, words: str) -> None:
    with pytest.raises(PolicyError) as info:
        parse_policy(with_approvals(block), "p.yaml")
    text = str(info.value)
    assert words in text and "p.yaml:" in text
