"""Approvals: the queue of drafts a person may sign, and signing or rejecting one level of a version.

Maker-checker: neither the author nor the last editor of a version may decide on it, and one person signs
at most one level of a version. The levels and who may sign them come from the active policy
(:mod:`charte.service.review`).
"""

from __future__ import annotations

import datetime as dt

from charte.audit.chain import AuditAction
from charte.service import audit, drafts, review
from charte.service.checks import EngineCache
from charte.service.errors import Conflict, Invalid, PermissionDenied
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import ApprovalEvent, Draft, utcnow
from charte.store.repositories import Page, Store


def _under_review(store: Store, actor: Principal, draft_id: int, version: int | None, own_post: str) -> Draft:
    """The draft, locked, if ``actor`` may decide on it now: maker-checker, in review, the version they saw."""
    draft = drafts.load(store, actor, draft_id, lock=True)
    if actor.user_id in (draft.author_id, draft.last_editor_id):
        raise PermissionDenied(own_post)
    if draft.status != "in_review":
        raise Conflict(f"the draft is {draft.status}, not in review")
    if version is not None and version != draft.version:
        raise Conflict(f"the draft was edited (now version {draft.version}); review the new version")
    return draft


def approve(store: Store, actor: Principal, cache: EngineCache, draft_id: int, *, version: int | None = None,
            comment: str = "", now: dt.datetime | None = None) -> Draft:
    actor.require(Permission.APPROVALS)
    now = now or utcnow()
    draft = _under_review(store, actor, draft_id, version,
                          "approve a post you wrote or edited (maker-checker: someone else must approve)")
    if actor.user_id in store.approvals.approvers_of(actor.org_id, draft.id, draft.version):
        raise Conflict("you have already approved this version; another approver must sign the next level")
    policy = review.active_policy(store, cache, actor.org_id)
    if not review.level_allows(store, policy, actor, draft.approved_levels):
        raise PermissionDenied(f"approve level {review.level_name(policy, draft.approved_levels)!r}")
    level = draft.approved_levels + 1
    store.approvals.add(ApprovalEvent(org_id=actor.org_id, draft_id=draft.id, draft_version=draft.version,
                                      user_id=actor.user_id, kind="approve", level=level, comment=comment[:2000],
                                      created_at=now))
    draft.approved_levels = level
    if level >= draft.required_levels:
        draft.status = "approved"
    draft.updated_at = now
    audit.record(store.session, actor, AuditAction.APPROVE, "draft", draft.id,
                 {"version": draft.version, "level": level, "required_levels": draft.required_levels,
                  "status": draft.status})
    return draft


def reject(store: Store, actor: Principal, cache: EngineCache, draft_id: int, *, reason: str,
           version: int | None = None, now: dt.datetime | None = None) -> Draft:
    actor.require(Permission.APPROVALS)
    now = now or utcnow()
    draft = _under_review(store, actor, draft_id, version, "reject a post you wrote or edited (maker-checker)")
    if len(reason.strip()) < 3:
        raise Invalid.one("reason", "say why the post is rejected")
    policy = review.active_policy(store, cache, actor.org_id)
    if not review.level_allows(store, policy, actor, draft.approved_levels):
        raise PermissionDenied(f"decide on level {review.level_name(policy, draft.approved_levels)!r}")
    store.approvals.add(ApprovalEvent(
        org_id=actor.org_id, draft_id=draft.id, draft_version=draft.version, user_id=actor.user_id, kind="reject",
        level=draft.approved_levels + 1, comment=reason.strip()[:2000], created_at=now))
    draft.status, draft.reject_reason, draft.updated_at = "rejected", reason.strip()[:1000], now
    audit.record(store.session, actor, AuditAction.REJECT, "draft", draft.id,
                 {"version": draft.version, "level": draft.approved_levels + 1})
    return draft


def queue(store: Store, actor: Principal, cache: EngineCache, *, limit: int, offset: int) -> Page[Draft]:
    """Drafts waiting for a level the actor may sign: right role, member of the level's team, not their own."""
    actor.require(Permission.APPROVALS)
    ref = store.policies.active_ref(actor.org_id)
    if ref is None:
        return Page([], 0, limit, offset)
    policy = review.active_policy(store, cache, actor.org_id)
    mine = [d for d in store.drafts.in_review(actor.org_id)
            if actor.user_id not in (d.author_id, d.last_editor_id)
            and review.level_allows(store, policy, actor, d.approved_levels)
            and actor.user_id not in store.approvals.approvers_of(actor.org_id, d.id, d.version)]
    return Page(mine[offset:offset + limit], len(mine), limit, offset)
