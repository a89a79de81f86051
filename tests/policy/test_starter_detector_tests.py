"""Every starter policy (each industry, FR and EN) passes its own test cases, and has at least 25."""

from __future__ import annotations

import pytest

from charte.engine.engine import CheckEngine
from charte.engine.policy_tests import run_policy_tests
from charte.policy.loader import parse_policy
from charte.policy.model import INDUSTRIES
from charte.policy.templates import render_starter

ORG = {
    "org": "Acme",
    "brands": ["Acme", "AcmePay"],
    "competitors": ["Globex"],
    "domains": ["acme.com", "acme.fr"],
}


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("industry", INDUSTRIES)
def test_starter_policy_passes_its_tests(industry: str, lang: str) -> None:
    policy = parse_policy(render_starter(**ORG, industry=industry, lang=lang), f"<starter {industry} {lang}>")
    results = run_policy_tests(CheckEngine(policy, scorer=None))
    failures = [f"{r.case.name}: {'; '.join(r.problems)}" for r in results if not r.passed]
    assert not failures
    assert len(results) >= 25


@pytest.mark.parametrize("industry", ["finance", "health", "public-sector", "alcohol", "pharma"])
def test_industry_rules_cite_their_own_clauses(industry: str) -> None:
    policy = parse_policy(render_starter(**ORG, industry=industry, lang="fr"))
    own = [r for r in policy.rules if r.detector == "regulated" and r.clause.startswith("5.5.")]
    assert own, "the industry pack has its own rules"
    for rule in own:
        clause = policy.clause(rule.clause)
        assert clause is not None and clause.text.fr and clause.text.en
