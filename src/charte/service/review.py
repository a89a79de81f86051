"""The rules drafts and approvals share: which policy version checks a draft, when a draft enters review and
with how many levels, who may sign a level, and what changed when the active policy is not the one that
checked the draft (policy drift, docs/workflow.md).

``drafts`` (write, submit) and ``approvals`` (sign, reject, queue) both use them; this module imports neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from charte.audit.chain import AuditAction
from charte.domain import AccountKind, Action, Attachment, Decision, Post, Severity
from charte.engine.engine import CheckEngine
from charte.policy.model import Policy
from charte.service import audit, crisis, functions
from charte.service.engines import EngineCache, active_engine
from charte.service.principal import Principal
from charte.store.models import Draft
from charte.store.repositories import Store


def run_check(
    store: Store,
    engine: CheckEngine,
    *,
    org_id: int,
    author_id: int,
    text: str,
    lang: str | None,
    account_kind: AccountKind,
    platform: str,
    attachments: Sequence[Mapping[str, Any]],
    in_reply_to_complaint: bool = False,
    today: dt.date | None = None,
) -> Decision:
    """Check a draft's content as its author would post it: with the author's functions, whoever asks (an
    approver who edits it, or a re-check under a newer policy). ``in_reply_to_complaint``: it answers a
    complaint (a reply from the inbox to a mention classified as one), which only the policy's complaint
    responders may do without review. ``today``: the day it goes out (a scheduled post, the check at send
    time), which the quiet periods are judged on."""
    post = Post(
        text=text,
        lang=lang,
        author=str(author_id),
        functions=functions.of_user(store, org_id, author_id),
        account=account_kind,
        platform=platform,
        attachments=tuple(
            Attachment(url=a.get("url"), credit=a.get("credit"), alt=a.get("alt")) for a in attachments
        ),
        in_reply_to_complaint=in_reply_to_complaint,
    )
    return engine.check(post, today=today)


def audit_check(store: Store, actor: Principal, draft: Draft, change: PolicyChange | None = None) -> None:
    """Record a check of the draft (its rule ids, never its text); ``change``: a re-check under a newer policy."""
    details: dict[str, Any] = {
        "version": draft.version,
        "verdict": draft.verdict,
        "rules": sorted(draft.checked().rule_ids)[:50],
        "policy_version_id": draft.policy_version_id,
    }
    if change is not None:
        details.update(
            reason="policy_changed",
            checked_policy_version_id=change.checked_policy_version_id,
            checked_verdict=str(change.checked.verdict),
            verdict_changed=change.verdict_changed,
        )
    audit.record(store.session, actor, AuditAction.CHECK, "draft", draft.id, details)


def max_severity(decision: Decision, at_least: Action) -> Severity | None:
    """The most severe finding whose action is ``at_least`` or stricter (``None``: no such finding)."""
    severities = [f.severity for f in decision.findings if f.action.rank >= at_least.rank]
    return max(severities, key=lambda s: s.rank, default=None)


def blocking_rules(decision: Decision) -> list[str]:
    return sorted({f.rule_id for f in decision.findings if f.action is Action.BLOCK})


def enter_review(draft: Draft, policy: Policy, force_review: bool = False) -> None:
    """Approved at once (allow, and no review asked), or in review with the levels its findings require."""
    approvals = policy.approvals
    needs_review = (
        draft.verdict != Action.ALLOW
        or force_review
        or (approvals.review_brand_posts and draft.account_kind == "brand")
    )
    if not needs_review:
        draft.status, draft.required_levels = "approved", 0
        return
    levels = approvals.levels_for(max_severity(draft.checked(), Action.REVIEW))
    draft.status, draft.required_levels, draft.approved_levels = "in_review", levels, 0


def level_allows(store: Store, policy: Policy, actor: Principal, level_index: int) -> bool:
    """May ``actor`` sign the level at ``level_index`` (0-based; past the last, the last level's rule)? While a
    crisis with a crisis team is active, every level is that team's (with the level's roles)."""
    levels = policy.approvals.levels
    level = levels[min(level_index, len(levels) - 1)]
    if str(actor.role) not in level.roles:
        return False
    team = crisis.approval_team(store, actor.org_id) or level.team
    return team is None or team in store.teams.keys_of_member(actor.org_id, actor.user_id)


def level_name(policy: Policy, index: int) -> str:
    levels = policy.approvals.levels
    return levels[min(index, len(levels) - 1)].id


# -- when the policy changes under a draft ----------------------------------------------------------------


@dataclass(frozen=True)
class PolicyChange:
    """The draft's stored check was made under another policy version than the active one: the check again.

    The verdict counts as changed when it differs, and also when it stays ``block`` but other rules block
    now (an override covered the rules its author saw, not new ones).
    """

    checked_policy_version_id: int | None
    checked: Decision
    active_policy_version_id: int
    active: Decision

    @property
    def verdict_changed(self) -> bool:
        if self.active.verdict is not self.checked.verdict:
            return True
        return self.active.verdict is Action.BLOCK and not set(blocking_rules(self.active)) <= set(
            blocking_rules(self.checked)
        )

    def public(self) -> dict[str, Any]:
        """What the draft shows its reader (``policy_change``), and what a refused approval answers."""
        return {
            "checked_policy_version_id": self.checked_policy_version_id,
            "checked_verdict": str(self.checked.verdict),
            "active_policy_version_id": self.active_policy_version_id,
            "active_verdict": str(self.active.verdict),
            "verdict_changed": self.verdict_changed,
            "active_decision": self.active.to_dict(),
        }


def policy_change(store: Store, cache: EngineCache, draft: Draft) -> PolicyChange | None:
    """The draft checked again under the active policy, when its stored check was made under another version.

    ``None`` when the stored check is the active version's (the common case: nothing is run) or when the
    organisation has no active policy. It is the author's check, whoever asks.
    """
    ref = store.policies.active_ref(draft.org_id)
    if ref is None or ref[0] == draft.policy_version_id:
        return None
    policy_id, engine = active_engine(store, cache, draft.org_id)
    decision = run_check(
        store,
        engine,
        org_id=draft.org_id,
        author_id=draft.author_id,
        text=draft.text,
        lang=draft.lang,
        account_kind=draft.account_kind,
        platform=draft.platform,
        attachments=draft.attachments or [],
        in_reply_to_complaint=draft.in_reply_to_complaint,
    )
    return PolicyChange(draft.policy_version_id, draft.checked(), policy_id, decision)


def adopt(draft: Draft, change: PolicyChange) -> None:
    """Store the active version's check on the draft, remembering the replaced verdict when it changed."""
    if change.verdict_changed:
        draft.previous_verdict = str(change.checked.verdict)
        draft.previous_policy_version_id = change.checked_policy_version_id
    draft.record_check(change.active, change.active_policy_version_id)
