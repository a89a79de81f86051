"""Policy diff: each kind of edit gives the change a reader must see, in order, in their language."""

from __future__ import annotations

import pytest

from charte.policy.diff import diff_policies, word_diff
from charte.policy.loader import parse_policy
from charte.policy.model import Policy
from charte.policy.starters import render_example

BASE = render_example("generic", "en")


def _policy(text: str) -> Policy:
    return parse_policy(text, "p.yaml")


def _edit(old: str, new: str, count: int = 1) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, count)


@pytest.fixture(scope="module")
def base() -> Policy:
    return _policy(BASE)


def test_identical_versions_have_no_changes(base: Policy) -> None:
    result = diff_policies(base, _policy(BASE))
    assert result.identical and result.changes == ()
    assert result.to_dict()["counts"] == {"added": 0, "removed": 0, "changed": 0}


# (edit old -> new, expected (section, kind, key, label, before, after) of the single change)
CASES = [
    (
        'version: "2026.1"',
        'version: "2026.2"',
        ("policy", "changed", "policy.version", "version", "2026.1", "2026.2"),
    ),
    (
        'brands: ["Lumio", "Lumio Home"]',
        'brands: ["Lumio", "Lumio Home", "Lumio Kids"]',
        ("organisation", "added", "organisation.brands", "brands", None, "Lumio Kids"),
    ),
    (
        'competitors: ["Brightway", "Nordika"]',
        'competitors: ["Brightway"]',
        ("organisation", "removed", "organisation.competitors", "competitors", "Nordika", None),
    ),
    (
        "credential_rotation_days: 90",
        "credential_rotation_days: 60",
        (
            "security",
            "changed",
            "security.credential_rotation_days",
            "credential rotation (days)",
            "90",
            "60",
        ),
    ),
    (
        "require_2fa: true",
        "require_2fa: false",
        ("security", "changed", "security.require_2fa", "two-factor authentication required", "yes", "no"),
    ),
    (
        "      sla_minutes: 30",
        "      sla_minutes: 15",
        (
            "conflict_plan",
            "changed",
            "conflict_plan.teams.[crisis].sla_minutes",
            "team crisis — response deadline (minutes)",
            "30",
            "15",
        ),
    ),
    (
        "    - role: executive\n      accounts: [brand, personal]\n",
        "",
        (
            "spokespeople",
            "removed",
            "spokespeople.roles.[executive]",
            "role executive",
            "role: executive; accounts: brand, personal; may_answer_complaints: no",
            None,
        ),
    ),
    (
        "  default_team: social",
        "  default_team: care",
        ("conflict_plan", "changed", "conflict_plan.default_team", "default team", "social", "care"),
    ),
    (
        '    en: "Views are my own."',
        '    en: "My views, not my employer\'s."',
        (
            "personal_accounts",
            "changed",
            "personal_accounts.disclaimer",
            "disclaimer",
            "Views are my own.",
            "My views, not my employer's.",
        ),
    ),
    (
        "    action: block",
        "    action: review",
        (
            "rules",
            "changed",
            "confidential.terms-and-markers",
            "rule confidential.terms-and-markers — action",
            "block",
            "review",
        ),
    ),
    (
        "    params: {}",
        "    params: {markers: false}",
        (
            "rules",
            "added",
            "confidential.terms-and-markers",
            "rule confidential.terms-and-markers — setting markers",
            None,
            "no",
        ),
    ),
    (
        "  quiet_periods: []",
        "  quiet_periods:\n    - {name: Q4, start: 2027-01-10, end: 2027-02-10, topics: [results]}",
        (
            "legal",
            "added",
            "legal.quiet_periods.[Q4]",
            "quiet period Q4",
            None,
            "name: Q4; start: 2027-01-10; end: 2027-02-10; topics: results",
        ),
    ),
    (
        "    - when: {all: [{field: intent, is: praise}]}",
        "    - when: {all: [{field: intent, is: other}]}",
        (
            "conflict_plan",
            "changed",
            "conflict_plan.routing.[5]",
            "routing rule 5",
            "If intent is praise: Social engagement (low priority)",
            "If intent is other: Social engagement (low priority)",
        ),
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES, ids=[c[2][2] for c in CASES])
def test_each_edit_gives_one_plain_change(base: Policy, old: str, new: str, expected: tuple) -> None:
    result = diff_policies(base, _policy(_edit(old, new)), "en")
    assert [(c.section, c.kind, c.key, c.label, c.before, c.after) for c in result.changes] == [expected]
    assert not result.identical


def test_clause_text_change_shows_the_words(base: Policy) -> None:
    new = _edit("with the words at fault, the number", "with the words at fault, the exact number")
    (change,) = diff_policies(base, _policy(new), "en").changes
    assert (change.section, change.kind, change.key, change.clause) == ("clauses", "changed", "1.4", "1.4")
    assert change.label == "clause 1.4 — How this policy is applied"
    assert [w for w in change.words if w[0] != "="] == [("+", "exact")]
    # In French, the French text did not change: the reader is told.
    (fr,) = diff_policies(base, _policy(new), "fr").changes
    assert fr.label == "article 1.4 — Comment la charte est appliquée (autre langue seulement)"
    assert all(op == "=" for op, _ in fr.words)


def test_clause_added_and_removed_and_rules_follow_their_clause(base: Policy) -> None:
    new = _edit('  - id: "6.5"', '  - id: "7.1"')
    new = new.replace('    clause: "5.2"', '    clause: "7.1"')
    result = diff_policies(base, _policy(new), "en")
    assert [(c.section, c.kind, c.key) for c in result.changes] == [
        ("clauses", "removed", "6.5"),
        ("clauses", "added", "7.1"),
        ("rules", "changed", "confidential.terms-and-markers"),
    ]
    assert result.changes[0].label == "clause 6.5 — Phishing and impersonation"
    assert result.changes[2].before == "5.2" and result.changes[2].after == "7.1"


def test_rule_added_and_removed(base: Policy) -> None:
    new = _edit("  - id: confidential.terms-and-markers", "  - id: confidential.everything")
    result = diff_policies(base, _policy(new), "fr")
    assert [(c.kind, c.key, c.label) for c in result.changes] == [
        ("removed", "confidential.terms-and-markers", "règle confidential.terms-and-markers"),
        ("added", "confidential.everything", "règle confidential.everything"),
    ]
    assert result.changes[1].after == "détecteur confidential, block, gravité high, article 5.2"


def test_test_cases_are_listed_last(base: Policy) -> None:
    new = _edit('version: "2026.1"', 'version: "2027.1"') + (
        '  - name: a new case\n    post: {text: "Hello"}\n    expect: allow\n'
    )
    result = diff_policies(base, _policy(new), "en")
    assert [(c.section, c.kind) for c in result.changes] == [("policy", "changed"), ("tests", "added")]
    assert result.changes[1].label == 'test case "a new case"' and result.changes[1].after == "Hello → allow"


def test_word_diff() -> None:
    assert word_diff("a b c d", "a x c d e") == (("=", "a"), ("-", "b"), ("+", "x"), ("=", "c d"), ("+", "e"))


def test_unknown_language_is_refused(base: Policy) -> None:
    with pytest.raises(ValueError, match="unknown language 'de'"):
        diff_policies(base, base, "de")
