"""The rules drafts and approvals share: which policy version checks a draft, when a draft enters review and
with how many levels, who may sign a level, and what changed when the active policy is not the one that
checked the draft (policy drift, docs/workflow.md).

``drafts`` (write, submit) and ``approvals`` (sign, reject, queue) both use them; this module imports neither.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from charte.domain import Action, Attachment, Decision, Post, Severity
from charte.engine.engine import CheckEngine
from charte.policy.model import Policy
from charte.service.checks import EngineCache
from charte.service.errors import Conflict
from charte.service.principal import Principal
from charte.store.models import Draft
from charte.store.repositories import Store


def active_engine(store: Store, cache: EngineCache, org_id: int) -> tuple[int, CheckEngine]:
    """The active policy version's id and its compiled engine."""
    ref = store.policies.active_ref(org_id)
    if ref is None:
        raise Conflict("your organisation has no active policy yet: upload one with POST /v1/policies")
    return ref[0], cache.get(ref, lambda: store.policies.text_of(ref[0]) or "")


def active_policy(store: Store, cache: EngineCache, org_id: int) -> Policy:
    return active_engine(store, cache, org_id)[1].policy


def run_check(engine: CheckEngine, *, text: str, lang: str | None, author_id: int, role: str, account_kind: str,
              platform: str, attachments: Sequence[Mapping[str, Any]]) -> Decision:
    """Check a draft's content as its author would post it."""
    post = Post(text=text, lang=lang, author=str(author_id), role=role,
                account=account_kind, platform=platform,  # type: ignore[arg-type]
                attachments=tuple(Attachment(url=a.get("url"), credit=a.get("credit"), alt=a.get("alt"))
                                  for a in attachments))
    return engine.check(post)


def max_severity(decision: Decision, at_least: Action) -> Severity | None:
    """The most severe finding whose action is ``at_least`` or stricter (``None``: no such finding)."""
    severities = [f.severity for f in decision.findings if f.action.rank >= at_least.rank]
    return max(severities, key=lambda s: s.rank, default=None)


def blocking_rules(decision: Decision) -> list[str]:
    return sorted({f.rule_id for f in decision.findings if f.action is Action.BLOCK})


def enter_review(draft: Draft, policy: Policy, force_review: bool = False) -> None:
    """Approved at once (allow, and no review asked), or in review with the levels its findings require."""
    approvals = policy.approvals
    needs_review = draft.verdict != Action.ALLOW or force_review or (
        approvals.review_brand_posts and draft.account_kind == "brand")
    if not needs_review:
        draft.status, draft.required_levels = "approved", 0
        return
    levels = approvals.levels_for(max_severity(draft.checked(), Action.REVIEW))
    draft.status, draft.required_levels, draft.approved_levels = "in_review", levels, 0


def level_allows(store: Store, policy: Policy, actor: Principal, level_index: int) -> bool:
    """May ``actor`` sign the level at ``level_index`` (0-based; past the last, the last level's rule)?"""
    levels = policy.approvals.levels
    level = levels[min(level_index, len(levels) - 1)]
    if str(actor.role) not in level.roles:
        return False
    return level.team is None or level.team in store.teams.keys_of_member(actor.org_id, actor.user_id)


def level_name(policy: Policy, index: int) -> str:
    levels = policy.approvals.levels
    return levels[min(index, len(levels) - 1)].id
