"""The policy's ``crisis`` section: an unknown role or team is refused when the policy loads (so at upload), and
the rendered document says who declares a crisis, who approves during it and what it pauses."""

from __future__ import annotations

import pytest

from charte.cli.demo import demo_policy_text
from charte.errors import PolicyError
from charte.policy.document import build_document
from charte.policy.loader import parse_policy

SECTION = "\ncrisis:\n  declare_roles: [admin, policy_owner]\n  team: crisis\n  pause: accounts\n"


def test_the_section_is_read_and_rendered_under_clause_3_4() -> None:
    policy = parse_policy(demo_policy_text() + SECTION, "<test>")
    assert policy.crisis.declare_roles == ["admin", "policy_owner"] and policy.crisis.team == "crisis"
    facts = {
        f.label: f
        for c in build_document(policy, "en").chapters
        for k in c.clauses
        if k.id == "3.4"
        for f in k.facts
    }
    assert facts["Crisis mode"].items[0] == "Declared and ended by: admin, policy_owner"
    assert facts["Crisis mode"].items[2].startswith("Scheduled posts paused: those of the accounts")
    french = {
        f.label: f
        for c in build_document(policy, "fr").chapters
        for k in c.clauses
        if k.id == "3.4"
        for f in k.facts
    }
    assert "Mode crise" in french


def test_a_policy_without_the_section_renders_no_crisis_fact() -> None:
    policy = parse_policy(demo_policy_text(), "<test>")
    assert policy.crisis.declare_roles == ["admin"]
    labels = [f.label for c in build_document(policy, "en").chapters for k in c.clauses for f in k.facts]
    assert "Crisis mode" not in labels


@pytest.mark.parametrize(
    ("section", "named"),
    [
        ("\ncrisis:\n  declare_roles: [admin, ceo]\n", "declare_roles"),
        ("\ncrisis:\n  team: war-room\n", "war-room"),
        ("\ncrisis:\n  declare_roles: []\n", "declare_roles"),
        ("\ncrisis:\n  pause: some\n", "pause"),
    ],
)
def test_an_unknown_role_or_team_is_refused_with_the_field_named(section: str, named: str) -> None:
    with pytest.raises(PolicyError, match=named):
        parse_policy(demo_policy_text() + section, "<test>")
