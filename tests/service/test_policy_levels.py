"""An approval level nobody could sign is refused when a policy version is uploaded (charte.service.policies).

A level's ``roles`` name application roles, and only the roles with the approvals permission act on the queue:
``roles: [spokesperson]`` would hold every draft that reaches it for ever."""

from __future__ import annotations

import pytest

from charte.cli.demo import demo_policy_text
from charte.errors import PolicyError
from charte.service import policies

LEVELS = """approvals:
  levels:
    - id: communications
      roles: [{first}]
    - id: legal
      roles: [{second}]
  by_severity: {{high: 2, critical: 2}}

rules:
"""


def _policy(first: str, second: str) -> str:
    return demo_policy_text().replace("rules:\n", LEVELS.format(first=first, second=second), 1)


def test_a_level_no_role_may_sign_is_refused_with_its_line_and_the_fix() -> None:
    text = _policy("approver, admin", "spokesperson, employee")
    with pytest.raises(PolicyError) as caught:
        policies.validate(text)
    (issue,) = caught.value.issues
    assert issue.field == "approvals.levels[1].roles"
    assert issue.line == text.splitlines().index("      roles: [spokesperson, employee]") + 1
    assert "level 'legal'" in issue.message and "only admin, approver act" in issue.message
    assert "team:" in issue.hint


@pytest.mark.parametrize(("first", "second"), [("approver", "admin"), ("admin, auditor", "approver")])
def test_a_level_one_listed_role_may_sign_is_accepted(first: str, second: str) -> None:
    policy = policies.validate(_policy(first, second))
    assert [level.id for level in policy.approvals.levels] == ["communications", "legal"]
