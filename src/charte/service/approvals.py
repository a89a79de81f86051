"""Approvals: the queue of drafts a person may sign, and signing or rejecting one level of a version.

Maker-checker: neither the author nor the last editor of a version may decide on it, and one person signs
at most one level of a version. The levels and who may sign them come from the active policy
(:mod:`charte.service.review`).
"""

from __future__ import annotations

import datetime as dt

from charte.audit.chain import AuditAction
from charte.domain import Action
from charte.i18n import _
from charte.service import audit, drafts, review
from charte.service.engines import EngineCache, active_engine, active_policy
from charte.service.errors import Conflict, Invalid, PolicyChanged, denied
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import ApprovalEvent, Draft, utcnow
from charte.store.repositories import Page, Store


def _under_review(store: Store, actor: Principal, draft_id: int, version: int | None, own_post: str) -> Draft:
    """The draft, locked, if ``actor`` may decide on it now: maker-checker, in review, the version they saw."""
    draft = drafts.load(store, actor, draft_id, lock=True)
    if actor.user_id in (draft.author_id, draft.last_editor_id):
        raise denied(own_post)
    if draft.status != "in_review":
        raise Conflict(_("the draft is {status}, not in review", status=draft.status))
    if version is not None and version != draft.version:
        raise Conflict(
            _("the draft was edited (now version {version}); review the new version", version=draft.version)
        )
    return draft


def approve(
    store: Store,
    actor: Principal,
    cache: EngineCache,
    draft_id: int,
    *,
    version: int | None = None,
    policy_version_id: int | None = None,
    comment: str = "",
    now: dt.datetime | None = None,
) -> Draft:
    """Sign the next level, on the active policy's verdict (docs/workflow.md, "When the policy changes").

    A draft checked under another policy version is checked again. Same verdict: the approval goes on, on
    the new check. Another verdict: refused (:class:`~charte.errors.PolicyChanged`, the draft's
    ``policy_change`` shows both checks) until the approver confirms with ``policy_version_id`` that they
    reviewed the active version's; a post the active policy blocks (by rules no override covered) is never
    approved: reject it. ``policy_version_id``, when given, must be the active version's.
    """
    actor.require(Permission.APPROVALS)
    now = now or utcnow()
    draft = _under_review(
        store,
        actor,
        draft_id,
        version,
        _("approve a post you wrote or edited (maker-checker: someone else must approve)"),
    )
    if actor.user_id in store.approvals.approvers_of(actor.org_id, draft.id, draft.version):
        raise Conflict(_("you have already approved this version; another approver must sign the next level"))
    active_id, engine = active_engine(store, cache, actor.org_id)
    policy = engine.policy
    if not review.level_allows(store, policy, actor, draft.approved_levels):
        raise denied(_("approve level “{level}”", level=review.level_name(policy, draft.approved_levels)))
    if policy_version_id is not None and policy_version_id != active_id:
        raise Conflict(
            _(
                "the active policy is version #{active}, not #{given}: review the draft "
                "under the active policy (policy_change on the draft) and approve again",
                active=active_id,
                given=policy_version_id,
            )
        )
    change = review.policy_change(store, cache, draft)
    if change is not None:
        _accept_change(store, actor, draft, change, policy_version_id)
        draft.required_levels = max(
            draft.required_levels,
            policy.approvals.levels_for(review.max_severity(change.active, Action.REVIEW)),
        )  # more levels if its findings now need them
    level = draft.approved_levels + 1
    store.approvals.add(
        ApprovalEvent(
            org_id=actor.org_id,
            draft_id=draft.id,
            draft_version=draft.version,
            user_id=actor.user_id,
            kind="approve",
            level=level,
            comment=comment[:2000],
            policy_version_id=draft.policy_version_id,
            verdict=draft.verdict,
            created_at=now,
        )
    )
    draft.approved_levels = level
    if level >= draft.required_levels:
        draft.status = "approved"
    draft.updated_at = now
    audit.record(
        store.session,
        actor,
        AuditAction.APPROVE,
        "draft",
        draft.id,
        {
            "version": draft.version,
            "level": level,
            "required_levels": draft.required_levels,
            "status": draft.status,
            "policy_version_id": draft.policy_version_id,
            "verdict": draft.verdict,
        },
    )
    return draft


def _accept_change(
    store: Store,
    actor: Principal,
    draft: Draft,
    change: review.PolicyChange,
    confirmed_version_id: int | None,
) -> None:
    """Adopt the active policy's check for this approval, or refuse when its verdict was not seen."""
    checked = _(
        "the check of policy version #{version} said {verdict}",
        version=change.checked_policy_version_id,
        verdict=change.checked.verdict,
    )
    if change.verdict_changed and change.active.verdict is Action.BLOCK:
        rules = ", ".join(review.blocking_rules(change.active))
        raise PolicyChanged(
            change.public(),
            _(
                "the active policy (version #{version}) blocks this post ({rules}); {checked}. A blocked post "
                "is not approved: reject it so that its author fixes it or submits it again with an override",
                version=change.active_policy_version_id,
                rules=rules,
                checked=checked,
            ),
        )
    if change.verdict_changed and confirmed_version_id != change.active_policy_version_id:
        raise PolicyChanged(
            change.public(),
            _(
                "the policy changed since the author's check: the active version #{version} says {verdict}, "
                "{checked}. Review the new findings (policy_change on the draft) and approve again with "
                "policy_version_id {version}",
                version=change.active_policy_version_id,
                verdict=change.active.verdict,
                checked=checked,
            ),
        )
    review.adopt(draft, change)
    review.audit_check(store, actor, draft, change)


def reject(
    store: Store,
    actor: Principal,
    cache: EngineCache,
    draft_id: int,
    *,
    reason: str,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> Draft:
    actor.require(Permission.APPROVALS)
    now = now or utcnow()
    draft = _under_review(
        store, actor, draft_id, version, _("reject a post you wrote or edited (maker-checker)")
    )
    if len(reason.strip()) < 3:
        raise Invalid.one("reason", _("say why the post is rejected"))
    policy = active_policy(store, cache, actor.org_id)
    if not review.level_allows(store, policy, actor, draft.approved_levels):
        raise denied(_("decide on level “{level}”", level=review.level_name(policy, draft.approved_levels)))
    store.approvals.add(
        ApprovalEvent(
            org_id=actor.org_id,
            draft_id=draft.id,
            draft_version=draft.version,
            user_id=actor.user_id,
            kind="reject",
            level=draft.approved_levels + 1,
            comment=reason.strip()[:2000],
            policy_version_id=draft.policy_version_id,
            verdict=draft.verdict,
            created_at=now,
        )
    )
    draft.status, draft.reject_reason, draft.updated_at = "rejected", reason.strip()[:1000], now
    audit.record(
        store.session,
        actor,
        AuditAction.REJECT,
        "draft",
        draft.id,
        {"version": draft.version, "level": draft.approved_levels + 1},
    )
    return draft


def queue(store: Store, actor: Principal, cache: EngineCache, *, limit: int, offset: int) -> Page[Draft]:
    """Drafts waiting for a level the actor may sign: right role, member of the level's team, not their own,
    not a version they already signed. Paged in SQL (the rule of each level is decided here, once per level,
    with :func:`charte.service.review.level_allows`), so a queue of thousands reads one page."""
    actor.require(Permission.APPROVALS)
    ref = store.policies.active_ref(actor.org_id)
    if ref is None:
        return Page([], 0, limit, offset)
    policy = active_policy(store, cache, actor.org_id)
    last = len(policy.approvals.levels) - 1
    allowed = [i for i in range(last) if review.level_allows(store, policy, actor, i)]
    from_level = last if review.level_allows(store, policy, actor, last) else None  # and every level past it
    return store.drafts.queue(
        actor.org_id, actor.user_id, levels=allowed, from_level=from_level, limit=limit, offset=offset
    )


def people_names(store: Store, actor: Principal, user_ids: set[int]) -> dict[int, str]:
    """The names of the authors and approvers an approval page shows (the people of the actor's organisation
    only), for whoever reads drafts they did not write."""
    if not actor.can(Permission.DRAFTS_READ_ALL):
        actor.require(Permission.APPROVALS)
    out = {}
    for user_id in sorted(user_ids)[:200]:
        user = store.users.get(actor.org_id, user_id)
        if user is not None:
            out[user_id] = user.display_name or user.email
    return out
