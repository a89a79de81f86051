"""The decision rule, fixed and independent of detector order: the strictest action wins.

The decision cites the clauses of the findings that carry the winning action.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from charte.domain import Action, Decision, Finding, strictest


def _key(f: Finding) -> tuple[int, int, int, int, str]:
    start = f.span.start if f.span else -1
    end = f.span.end if f.span else -1
    return (start, end, -f.action.rank, -f.severity.rank, f.rule_id)


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per span and cause, ordered by position.

    The cause is the detector and the entity it found (``FINANCE_GUARANTEED_RETURN``, ``PASSWORD``…):
    two rules of a policy that apply the same check to the same words (a sector's own rule and a
    catch-all such as ``regulated.other-packs``, or two rules a policy author wrote) would otherwise
    report it twice. The finding kept is the one with the strictest action, then the highest severity,
    so the verdict never changes. Findings without an entity keep one per rule (their cause is the rule).
    Done here rather than in each detector because only the engine sees every rule's findings.
    """
    seen: set[tuple[object, ...]] = set()
    out = []
    for f in sorted(findings, key=_key):
        k = (f.detector, f.span, f.entity) if f.entity is not None else (f.rule_id, f.span, None)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


def decide(
    findings: Iterable[Finding],
    lang: str,
    text: str,
    scores: Mapping[str, Any],
    warnings: tuple[str, ...] = (),
) -> Decision:
    if isinstance(findings, list | tuple) and not findings:  # most posts: nothing to sort, dedupe or cite
        return Decision(
            verdict=Action.ALLOW,
            findings=(),
            lang=lang,
            clauses=(),
            scores=scores,
            text=text,
            warnings=warnings,
        )
    kept = dedupe(findings)
    verdict = strictest(f.action for f in kept)
    clauses = (
        tuple(dict.fromkeys(f.clause for f in kept if f.action == verdict)) if verdict != Action.ALLOW else ()
    )
    return Decision(
        verdict=verdict,
        findings=tuple(kept),
        lang=lang,
        clauses=clauses,
        scores=scores,
        text=text,
        warnings=warnings,
    )
