"""Run a policy's own test cases (``tests:`` in the YAML), like unit tests for the policy."""

from __future__ import annotations

from dataclasses import dataclass

from charte.domain import Attachment, Decision, Post
from charte.engine.engine import CheckEngine
from charte.policy.model import PolicyTest


@dataclass(frozen=True)
class TestResult:
    case: PolicyTest
    decision: Decision
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.problems


def to_post(case: PolicyTest) -> Post:
    p = case.post
    functions = None if p.role is None else frozenset({p.role})  # a test post's ``role:`` is one function
    return Post(
        text=p.text,
        lang=p.lang,
        author=p.author,
        functions=functions,
        account=p.account,
        platform=p.platform,
        attachments=tuple(Attachment(**a) for a in p.attachments),
        in_reply_to_complaint=p.in_reply_to_complaint,
    )


def run_policy_tests(engine: CheckEngine) -> list[TestResult]:
    results = []
    for case in engine.policy.tests:
        decision = engine.check(to_post(case), today=case.today)
        problems = []
        if decision.verdict != case.expect:
            problems.append(f"expected {case.expect}, got {decision.verdict}")
        fired = set(decision.rule_ids)
        problems += [f"expected rule {r!r} to fire" for r in case.expect_rules if r not in fired]
        problems += [f"rule {r!r} must not fire" for r in case.forbid_rules if r in fired]
        results.append(TestResult(case, decision, tuple(problems)))
    return results
