"""Build a small policy around one detector rule, and read its findings as (entity, start, end); or check a
post through the whole engine with a finance starter policy (:func:`check_finance`)."""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

import charte
from charte import normalize
from charte.detectors.support.cues import illegal_deals
from charte.domain import Attachment, Finding, Post
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy
from charte.policy.model import Policy

ROOT = Path(__file__).resolve().parents[2]

BASE = """\
schema_version: 1
policy: {{id: test, version: "1"}}
organisation:
  name: Acme
  brands: [Acme, AcmePay]
  products: [Acme Vault]
  competitors: [Globex]
  domains: [acme.com, acme.fr]
  industry: {industry}
spokespeople:
  roles:
    - {{role: communications, accounts: [brand, personal], may_answer_complaints: true}}
    - {{role: executive, accounts: [personal], platforms: [linkedin]}}
    - {{role: customer_service, accounts: [brand], may_answer_complaints: true}}
  complaint_responders: [communications, customer_service]
personal_accounts:
  disclaimer: {{fr: "Mes opinions n'engagent que moi.", en: "Views are my own."}}
  disclaimer_required: {required}
  disclosure_tags: ["#employé", "#employee", "#ad", "#pub"]
legal:
  credit_sources: {credit}
  quiet_periods: {quiet}
  regulated_packs: {packs}
  confidential: {confidential}
rules:
  - id: rule
    detector: {detector}
    action: review
    severity: medium
    clause: "1"
    params: {params}
"""


def policy_text(
    detector: str,
    params: dict[str, Any] | None = None,
    *,
    industry: str = "generic",
    required: str = "when_mentioning_employer",
    credit: bool = True,
    quiet: list[dict[str, Any]] | None = None,
    packs: list[str] | None = None,
    confidential: dict[str, Any] | None = None,
) -> str:
    return BASE.format(
        detector=detector,
        params=json.dumps(params or {}),
        industry=industry,
        required=required,
        credit=json.dumps(credit),
        quiet=json.dumps(quiet or [], default=str),
        packs=json.dumps(packs or []),
        confidential=json.dumps(confidential or {}),
    )


def make_engine(detector: str, params: dict[str, Any] | None = None, **kwargs: Any) -> CheckEngine:
    return CheckEngine(parse_policy(policy_text(detector, params, **kwargs), "test.yaml"), scorer=None)


def run(
    engine: CheckEngine,
    text: str,
    *,
    today: dt.date | None = None,
    attachments: tuple[dict[str, Any], ...] = (),
    **post: Any,
) -> list[Finding]:
    post.setdefault("account", "personal")
    decision = engine.check(
        Post(text=text, attachments=tuple(Attachment(**a) for a in attachments), **post), today=today
    )
    return list(decision.findings)


def spans(findings: list[Finding]) -> list[tuple[str | None, int | None, int | None]]:
    return [(f.entity, f.span.start if f.span else None, f.span.end if f.span else None) for f in findings]


def at(text: str, entity: str, words: str, nth: int = 0) -> tuple[str, int, int]:
    """The expected (entity, start, end) of the ``nth`` occurrence of ``words`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return (entity, start, start + len(words))


@cache
def finance_engine(lang: str) -> CheckEngine:
    """The engine of ``policies/finance.{lang}.yaml`` (built once per test session)."""
    return charte.CheckEngine(charte.load_policy(ROOT / "policies" / f"finance.{lang}.yaml"))


def check_finance(text: str, lang: str, account: str = "personal") -> tuple[str, set[str]]:
    """The verdict of ``text`` under the finance starter of ``lang``, and the entities of its findings that
    do not allow."""
    decision = finance_engine(lang).check(Post(text=text, lang=lang, account=account))  # type: ignore[arg-type]
    return decision.verdict.value, {f.entity or "" for f in decision.findings if f.action.value != "allow"}


def assert_flagged_for(text: str, lang: str, entity: str) -> None:
    """``text`` is reviewed or blocked under the finance starter, with a finding for ``entity``."""
    verdict, entities = check_finance(text, lang)
    assert verdict != "allow" and entity in entities, (text, verdict, entities)


def assert_not_flagged_for(text: str, lang: str, entity: str) -> None:
    """No finding of the finance starter that does not allow names ``entity`` in ``text``."""
    _, entities = check_finance(text, lang)
    assert entity not in entities, (text, entities)


def deals(text: str) -> list[tuple[str, str]]:
    """The illegal-goods deals ``illegal_deals`` finds in ``text``: (category, the words as written)."""
    view = normalize.folded(text)
    out = []
    for cat, start, end in illegal_deals(view.text):
        span = view.to_original(start, end)
        out.append((cat, text[span.start : span.end]))
    return out


def illegal_reported(policy: Policy, text: str, lang: str) -> bool:
    """Whether the illegal-conduct detector reports ``text`` under ``policy`` (rules alone, no language model)."""
    found = CheckEngine(policy, scorer=None).check(Post(text, lang=lang)).findings
    return any(f.detector == "illegal" for f in found)
