from __future__ import annotations

import itertools

import pytest

from charte.domain import Action, Finding, Severity, Span
from charte.engine.combine import decide


def _finding(rule: str, action: Action, clause: str, start: int = 0) -> Finding:
    return Finding(
        detector="d",
        rule_id=rule,
        category="c",
        clause=clause,
        severity=Severity.HIGH,
        action=action,
        span=Span(start, start + 1),
        message="m",
    )


def test_no_finding_allows() -> None:
    decision = decide([], "fr", "", {})
    assert decision.verdict == Action.ALLOW and decision.clauses == ()


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_strictest_wins_whatever_the_order(order: tuple[int, ...]) -> None:
    findings = [
        _finding("a", Action.REVIEW, "4.1", 0),
        _finding("b", Action.BLOCK, "5.3", 1),
        _finding("c", Action.ALLOW, "1.1", 2),
    ]
    decision = decide([findings[i] for i in order], "en", "abc", {})
    assert decision.verdict == Action.BLOCK
    assert decision.clauses == ("5.3",)  # only the clauses that made the verdict
    assert [f.rule_id for f in decision.findings] == ["a", "b", "c"]  # ordered by position


def test_exact_repeats_are_merged() -> None:
    f = _finding("a", Action.REVIEW, "4.1")
    assert len(decide([f, f], "en", "x", {}).findings) == 1


def test_json_shape_has_spans_and_matched_text() -> None:
    decision = decide([_finding("a", Action.REVIEW, "4.1", 1)], "en", "abc", {"toxicity": 0.1})
    data = decision.to_dict()
    assert data["verdict"] == "review"
    assert (data["findings"][0]["start"], data["findings"][0]["end"], data["findings"][0]["text"]) == (
        1,
        2,
        "b",
    )
    assert data["scores"] == {"toxicity": 0.1}


def test_lone_surrogates_never_crash_and_keep_spans(engine) -> None:  # type: ignore[no-untyped-def]
    from charte.domain import Post

    text = "\ud800 Document CONFIDENTIEL \udfff appelle Acme"
    decision = engine.check(Post(text=text, lang="fr"))
    assert decision.verdict == Action.BLOCK
    marker = next(f for f in decision.findings if f.entity == "CLASSIFICATION_MARKER")
    assert text[marker.span.start : marker.span.end] == "CONFIDENTIEL"


def _caused(
    rule: str,
    action: Action,
    severity: Severity,
    entity: str | None,
    start: int = 0,
    detector: str = "regulated",
) -> Finding:
    return Finding(
        detector=detector,
        rule_id=rule,
        category="c",
        clause=rule,
        severity=severity,
        action=action,
        span=Span(start, start + 4),
        message="m",
        entity=entity,
    )


@pytest.mark.parametrize("order", [0, 1])
def test_one_finding_per_span_and_cause(order: int) -> None:
    """Two rules reporting the same entity on the same words give one finding: the strictest one."""
    pair = [
        _caused("finance.promises", Action.BLOCK, Severity.HIGH, "FINANCE_GUARANTEED_RETURN"),
        _caused("regulated.other-packs", Action.REVIEW, Severity.HIGH, "FINANCE_GUARANTEED_RETURN"),
    ]
    decision = decide(pair[::-1] if order else pair, "fr", "sans risque", {})
    assert [f.rule_id for f in decision.findings] == ["finance.promises"]
    assert decision.verdict == Action.BLOCK and decision.clauses == ("finance.promises",)


def test_same_action_keeps_the_higher_severity() -> None:
    low = _caused("a", Action.REVIEW, Severity.MEDIUM, "X")
    high = _caused("b", Action.REVIEW, Severity.HIGH, "X")
    assert [f.rule_id for f in decide([low, high], "en", "abcd", {}).findings] == ["b"]


def test_different_causes_or_spans_are_kept() -> None:
    findings = [
        _caused("a", Action.REVIEW, Severity.HIGH, "X"),
        _caused("a", Action.REVIEW, Severity.HIGH, "Y"),
        _caused("a", Action.REVIEW, Severity.HIGH, "X", start=5),
        _caused("b", Action.REVIEW, Severity.HIGH, "X", detector="pii"),
        _caused("c", Action.REVIEW, Severity.HIGH, None),
        _caused("d", Action.REVIEW, Severity.HIGH, None),
    ]
    assert len(decide(findings, "en", "abcdefghi", {}).findings) == 6
