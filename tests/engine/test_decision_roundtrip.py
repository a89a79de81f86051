"""A stored decision reads back as the same typed Decision: drafts keep their check as JSON and the workflow
reads it through ``Decision.from_dict``, never through string keys."""

from __future__ import annotations

from dataclasses import replace

import pytest
from tests.engine.varied_posts import EVERYTHING, build

from charte.domain import Action, Decision, Severity
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy


@pytest.fixture(scope="module")
def everything() -> CheckEngine:
    return CheckEngine(parse_policy(EVERYTHING, "<everything>"))


def test_round_trip_on_varied_posts(everything: CheckEngine) -> None:
    posts = build(400, seed=5)
    with_findings = 0
    for post in posts:
        decision = everything.check(post)
        stored = decision.to_dict()
        again = Decision.from_dict(stored, post.text)
        assert again.to_dict() == stored
        # the record keeps scores to four decimals (and writes an empty fix span, an insertion point, as null)
        assert again.verdict is decision.verdict
        assert again.findings == tuple(
            replace(f, score=round(f.score, 4), fix=again_fix)
            for f, again_fix in zip(decision.findings, (g.fix for g in again.findings), strict=True)
        )
        assert [f.fix and f.fix.kind for f in again.findings] == [
            f.fix and f.fix.kind for f in decision.findings
        ]
        with_findings += bool(decision.findings)
    assert with_findings > 100, "the sample must exercise findings, spans and fixes"


def test_types_come_back() -> None:
    stored = {
        "verdict": "review",
        "lang": "fr",
        "clauses": ["5.2"],
        "scores": {},
        "findings": [
            {
                "detector": "confidential",
                "rule_id": "partnership.review",
                "category": "confidential",
                "clause": "5.2",
                "severity": "medium",
                "action": "review",
                "start": 10,
                "end": 21,
                "entity": None,
                "score": 1.0,
                "message": "m",
                "fix": {"kind": "remove", "description": "d", "replacement": None, "span": [10, 21]},
            }
        ],
    }
    decision = Decision.from_dict(stored, "Annonce : partenariat signé")
    finding = decision.findings[0]
    assert decision.verdict is Action.REVIEW and finding.severity is Severity.MEDIUM
    assert finding.span is not None and (finding.span.start, finding.span.end) == (10, 21)
    assert finding.fix is not None and finding.fix.span == finding.span


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"lang": "fr"}, "'verdict'"),
        ({"verdict": "maybe", "lang": "fr"}, "maybe"),
        ({"verdict": "allow", "lang": "fr", "findings": [{"rule_id": "x"}]}, "'detector'"),
    ],
)
def test_a_malformed_record_is_named(broken: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Decision.from_dict(broken)
