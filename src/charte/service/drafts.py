"""Drafts and approvals: checked on every edit, submitted by verdict, approved by levels, then published.

Rules (SPEC §3):
- every create and edit runs the active policy; the decision is stored with the draft;
- ``allow`` may be published (unless the policy reviews every brand post); ``review`` goes to the
  approval queue with as many levels as the most severe finding requires; ``block`` cannot be
  submitted unless the actor's role is in ``approvals.override_roles`` and gives a reason (recorded);
  an overridden draft still goes through approval;
- maker-checker: neither the author nor the last editor of a version may approve it, and one person
  approves at most one level of a version;
- an edit creates a new version, re-checks, and restarts the approval (earlier approvals do not count).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from charte.audit.chain import AuditAction
from charte.connectors.base import public_params
from charte.domain import Action, Attachment, Post, Severity
from charte.engine.engine import CheckEngine
from charte.errors import InputError
from charte.policy.model import Policy
from charte.service import audit
from charte.service.checks import EngineCache
from charte.service.errors import Conflict, Invalid, NotFound, PermissionDenied
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.service.publishing import enqueue_publication
from charte.store.models import ApprovalEvent, BrandAccount, Draft, PublicationRow, PublishTarget, utcnow
from charte.store.repositories import Page, Store

EDITABLE = frozenset({"draft", "in_review", "approved", "rejected", "failed"})
MAX_TEXT = 20_000


@dataclass(frozen=True)
class DraftInput:
    text: str
    platform: str
    account_id: int | None = None
    account_kind: str = "brand"
    lang: str | None = None
    attachments: Sequence[Mapping[str, Any]] = ()
    scheduled_at: dt.datetime | None = None


@dataclass(frozen=True)
class DraftView:
    draft: Draft
    events: Sequence[ApprovalEvent]
    publication: PublicationRow | None
    next_level: str | None


def _engine(store: Store, cache: EngineCache, org_id: int) -> tuple[int, CheckEngine]:
    ref = store.policies.active_ref(org_id)
    if ref is None:
        raise Conflict("your organisation has no active policy yet: upload one with POST /v1/policies")
    return ref[0], cache.get(ref, lambda: store.policies.text_of(ref[0]) or "")


def _validate(data: DraftInput, now: dt.datetime) -> None:
    if not data.text.strip():
        raise Invalid.one("text", "must not be empty")
    if len(data.text) > MAX_TEXT:
        raise Invalid.one("text", f"is longer than {MAX_TEXT} characters")
    if data.account_kind not in ("brand", "personal"):
        raise Invalid.one("account_kind", "write brand or personal")
    if data.account_kind == "brand" and data.account_id is None:
        raise Invalid.one("account_id", "a brand post needs the brand account it goes out on")
    if data.account_kind == "personal" and data.account_id is not None:
        raise Invalid.one("account_id", "a personal post goes out on no brand account: leave account_id out, "
                                        "or write a brand post (account_kind brand)")
    if data.scheduled_at is not None:
        if data.scheduled_at.tzinfo is None:
            raise Invalid.one("scheduled_at", "give a time zone, e.g. 2026-12-01T09:00:00+01:00")
        if data.scheduled_at <= now:
            raise Invalid.one("scheduled_at", "is in the past")
    for i, att in enumerate(data.attachments):
        if not isinstance(att.get("url"), str) or not str(att["url"]).startswith(("https://", "http://")):
            raise Invalid.one(f"attachments[{i}].url", "give the http(s) address of the media")


def _may_post(account: BrandAccount, user_id: int, role: str) -> bool:
    """Admins, and the account's owners and posters, may post on a brand account."""
    allowed = {o.user_id for o in account.owners} | {p.user_id for p in account.posters}
    return role == "admin" or user_id in allowed


def _check_account(store: Store, actor: Principal, data: DraftInput) -> None:
    if data.account_id is None:
        return
    account = store.accounts.get(actor.org_id, data.account_id)
    if account is None:
        raise NotFound("brand account", data.account_id)
    if account.platform != data.platform:
        raise Invalid.one("platform", f"the account is on {account.platform}, not {data.platform}")
    if not _may_post(account, actor.user_id, str(actor.role)):
        raise PermissionDenied(f"post on brand account {account.id}")


def _run_check(engine: CheckEngine, actor: Principal, data: DraftInput) -> dict[str, Any]:
    post = Post(text=data.text, lang=data.lang, author=str(actor.user_id), role=str(actor.role),
                account=data.account_kind, platform=data.platform,  # type: ignore[arg-type]
                attachments=tuple(Attachment(url=a.get("url"), credit=a.get("credit"), alt=a.get("alt"))
                                  for a in data.attachments))
    return engine.check(post).to_dict()


def _max_severity(decision: Mapping[str, Any], at_least: Action) -> Severity | None:
    ranks = [Severity(f["severity"]) for f in decision.get("findings", [])
             if Action(f.get("action", "allow")).rank >= at_least.rank]
    return max(ranks, key=lambda s: s.rank, default=None)


def _record_check(store: Store, actor: Principal, draft: Draft, policy_id: int) -> None:
    rules = sorted({f["rule_id"] for f in draft.decision.get("findings", [])})[:50]
    audit.record(store.session, actor, AuditAction.CHECK, "draft", draft.id,
                 {"version": draft.version, "verdict": draft.verdict, "rules": rules, "policy_version_id": policy_id})


def _apply(draft: Draft, data: DraftInput) -> None:
    draft.text, draft.platform, draft.account_id = data.text, data.platform, data.account_id
    draft.account_kind, draft.lang, draft.scheduled_at = data.account_kind, data.lang, data.scheduled_at
    draft.attachments = [{"url": a.get("url"), "credit": a.get("credit"), "alt": a.get("alt")}
                         for a in data.attachments]


def create(store: Store, actor: Principal, cache: EngineCache, data: DraftInput,
           now: dt.datetime | None = None) -> Draft:
    actor.require(Permission.DRAFTS_WRITE)
    now = now or utcnow()
    _validate(data, now)
    _check_account(store, actor, data)
    policy_id, engine = _engine(store, cache, actor.org_id)
    decision = _run_check(engine, actor, data)
    draft = Draft(org_id=actor.org_id, author_id=actor.user_id, last_editor_id=actor.user_id, status="draft",
                  version=1, verdict=decision["verdict"], decision=decision, policy_version_id=policy_id,
                  required_levels=0, approved_levels=0, created_at=now, updated_at=now)
    _apply(draft, data)
    store.drafts.add(draft)
    audit.record(store.session, actor, AuditAction.DRAFT_CREATE, "draft", draft.id,
                 {"platform": data.platform, "account_id": data.account_id, "account_kind": data.account_kind})
    _record_check(store, actor, draft, policy_id)
    return draft


def _may_read(actor: Principal, draft: Draft) -> bool:
    """Its author, anyone who reads all drafts, and an approver once it left its author's hands (submitted):
    approving a post means reading it, so ``approvals:act`` alone works the queue."""
    return (draft.author_id == actor.user_id or actor.can(Permission.DRAFTS_READ_ALL)
            or (actor.can(Permission.APPROVALS) and draft.status != "draft"))


def _load(store: Store, actor: Principal, draft_id: int, lock: bool = False) -> Draft:
    draft = store.drafts.get(actor.org_id, draft_id, lock=lock)
    if draft is None or not _may_read(actor, draft):
        raise NotFound("draft", draft_id)
    return draft


def update(store: Store, actor: Principal, cache: EngineCache, draft_id: int, data: DraftInput,
           expected_version: int | None = None, now: dt.datetime | None = None) -> Draft:
    """Edit: the author any time before publishing; an approver while it is in review. Restarts approval."""
    now = now or utcnow()
    draft = _load(store, actor, draft_id, lock=True)
    is_author = draft.author_id == actor.user_id
    if is_author:
        actor.require(Permission.DRAFTS_WRITE)
    elif not (actor.can(Permission.APPROVALS) and draft.status == "in_review"):
        raise PermissionDenied("edit someone else's draft outside the approval queue")
    if draft.status not in EDITABLE:
        raise Conflict(f"the draft is {draft.status}: it can no longer be edited")
    if expected_version is not None and expected_version != draft.version:
        raise Conflict(f"the draft changed meanwhile (now version {draft.version}); reload it and edit again")
    _validate(data, now)
    if is_author:
        _check_account(store, actor, data)
    policy_id, engine = _engine(store, cache, actor.org_id)
    decision = _run_check(engine, actor, data)
    was = draft.status
    if not store.drafts.touch_version(draft, draft.version):
        raise Conflict("the draft changed meanwhile; reload it and edit again")
    store.session.refresh(draft)
    _apply(draft, data)
    draft.verdict, draft.decision, draft.policy_version_id = decision["verdict"], decision, policy_id
    draft.last_editor_id, draft.updated_at = actor.user_id, now
    draft.approved_levels, draft.reject_reason = 0, None
    draft.override_reason, draft.override_by = None, None  # an override covered the old version only
    restarted = was in ("in_review", "approved")
    if restarted and draft.verdict != "block":
        _enter_review(draft, engine.policy, force_review=was == "in_review")
    else:
        draft.status, draft.required_levels = "draft", 0
    audit.record(store.session, actor, AuditAction.DRAFT_EDIT, "draft", draft.id,
                 {"version": draft.version, "previous_status": was, "status": draft.status,
                  "approval_restarted": restarted, "by_approver": not is_author})
    _record_check(store, actor, draft, policy_id)
    return draft


def _policy(store: Store, cache: EngineCache, org_id: int) -> Policy:
    return _engine(store, cache, org_id)[1].policy


def _enter_review(draft: Draft, policy: Policy, force_review: bool = False) -> None:
    approvals = policy.approvals
    needs_review = draft.verdict != "allow" or force_review or (
        approvals.review_brand_posts and draft.account_kind == "brand")
    if not needs_review:
        draft.status, draft.required_levels = "approved", 0
        return
    severity = _max_severity(draft.decision, Action.REVIEW)
    levels = approvals.levels_for(severity)
    draft.status, draft.required_levels, draft.approved_levels = "in_review", levels, 0


def submit(store: Store, actor: Principal, cache: EngineCache, draft_id: int, *, override_reason: str | None = None,
           now: dt.datetime | None = None) -> Draft:
    """Send the draft on: approved at once (allow), to the queue (review), or refused (block, unless overridden)."""
    now = now or utcnow()
    draft = _load(store, actor, draft_id, lock=True)
    if draft.author_id != actor.user_id:
        raise PermissionDenied("submit someone else's draft")
    actor.require(Permission.DRAFTS_WRITE)
    if draft.status not in ("draft", "rejected", "failed"):
        raise Conflict(f"the draft is already {draft.status}")
    policy = _policy(store, cache, actor.org_id)
    overridden = False
    if draft.verdict == "block":
        rules = sorted({f["rule_id"] for f in draft.decision.get("findings", []) if f.get("action") == "block"})
        if override_reason is None:
            raise Conflict(f"the post is blocked by {', '.join(rules)}: fix it, or ask someone whose role may "
                           "override the policy")
        if str(actor.role) not in policy.approvals.override_roles:
            raise PermissionDenied("override a block (the policy's approvals.override_roles does not name your role)")
        reason = override_reason.strip()
        if len(reason) < 10:
            raise Invalid.one("override_reason", "explain the override in at least 10 characters")
        draft.override_reason, draft.override_by = reason[:1000], actor.user_id
        overridden = True
        audit.record(store.session, actor, AuditAction.OVERRIDE, "draft", draft.id,
                     {"version": draft.version, "rules": rules})
    elif override_reason is not None:
        raise Invalid.one("override_reason", "only a blocked draft can be overridden")
    draft.reject_reason = None
    _enter_review(draft, policy, force_review=overridden)
    if overridden:
        draft.required_levels = max(draft.required_levels, policy.approvals.levels_for(
            _max_severity(draft.decision, Action.BLOCK)))
    draft.updated_at = now
    audit.record(store.session, actor, AuditAction.SUBMIT, "draft", draft.id,
                 {"version": draft.version, "verdict": draft.verdict, "status": draft.status,
                  "required_levels": draft.required_levels, "overridden": overridden})
    return draft


def _level_allows(store: Store, policy: Policy, actor: Principal, level_index: int) -> bool:
    levels = policy.approvals.levels
    if level_index >= len(levels):
        level_index = len(levels) - 1
    level = levels[level_index]
    if str(actor.role) not in level.roles:
        return False
    return level.team is None or level.team in store.teams.keys_of_member(actor.org_id, actor.user_id)


def _level_name(policy: Policy, index: int) -> str:
    levels = policy.approvals.levels
    return levels[min(index, len(levels) - 1)].id


def _under_review(store: Store, actor: Principal, draft_id: int, version: int | None, own_post: str) -> Draft:
    """The draft, locked, if ``actor`` may decide on it now: maker-checker, in review, the version they saw."""
    draft = _load(store, actor, draft_id, lock=True)
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
    policy = _policy(store, cache, actor.org_id)
    if not _level_allows(store, policy, actor, draft.approved_levels):
        raise PermissionDenied(f"approve level {_level_name(policy, draft.approved_levels)!r}")
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
    policy = _policy(store, cache, actor.org_id)
    if not _level_allows(store, policy, actor, draft.approved_levels):
        raise PermissionDenied(f"decide on level {_level_name(policy, draft.approved_levels)!r}")
    store.approvals.add(ApprovalEvent(
        org_id=actor.org_id, draft_id=draft.id, draft_version=draft.version, user_id=actor.user_id, kind="reject",
        level=draft.approved_levels + 1, comment=reason.strip()[:2000], created_at=now))
    draft.status, draft.reject_reason, draft.updated_at = "rejected", reason.strip()[:1000], now
    audit.record(store.session, actor, AuditAction.REJECT, "draft", draft.id,
                 {"version": draft.version, "level": draft.approved_levels + 1})
    return draft


def add_comment(store: Store, actor: Principal, draft_id: int, text: str, now: dt.datetime | None = None
                ) -> ApprovalEvent:
    draft = _load(store, actor, draft_id)
    if not (draft.author_id == actor.user_id or actor.can(Permission.APPROVALS)):
        raise PermissionDenied(Permission.APPROVALS)
    if not text.strip():
        raise Invalid.one("text", "must not be empty")
    event = store.approvals.add(ApprovalEvent(
        org_id=actor.org_id, draft_id=draft.id, draft_version=draft.version, user_id=actor.user_id, kind="comment",
        comment=text.strip()[:2000], created_at=now or utcnow()))
    audit.record(store.session, actor, AuditAction.COMMENT, "draft", draft.id,
                 {"version": draft.version, "comment_id": event.id})
    return event


def queue(store: Store, actor: Principal, cache: EngineCache, *, limit: int, offset: int) -> Page[Draft]:
    """Drafts waiting for a level the actor may sign: right role, member of the level's team, not their own."""
    actor.require(Permission.APPROVALS)
    ref = store.policies.active_ref(actor.org_id)
    if ref is None:
        return Page([], 0, limit, offset)
    policy = _policy(store, cache, actor.org_id)
    mine = [d for d in store.drafts.in_review(actor.org_id)
            if actor.user_id not in (d.author_id, d.last_editor_id)
            and _level_allows(store, policy, actor, d.approved_levels)
            and actor.user_id not in store.approvals.approvers_of(actor.org_id, d.id, d.version)]
    return Page(mine[offset:offset + limit], len(mine), limit, offset)


def get(store: Store, actor: Principal, cache: EngineCache | None, draft_id: int) -> DraftView:
    draft = _load(store, actor, draft_id)
    publication = store.publications.get(actor.org_id, draft.publication_id) if draft.publication_id else None
    next_level = None
    if draft.status == "in_review" and cache is not None:
        next_level = _level_name(_policy(store, cache, actor.org_id), draft.approved_levels)
    return DraftView(draft, store.approvals.for_draft(actor.org_id, draft.id), publication, next_level)


def list_drafts(store: Store, actor: Principal, *, status: str | None, mine: bool, limit: int, offset: int
                ) -> Page[Draft]:
    if not actor.can(Permission.DRAFTS_READ_ALL):
        actor.require(Permission.DRAFTS_WRITE)
        mine = True
    return store.drafts.list(actor.org_id, author_id=actor.user_id if mine else None,
                                                    status=status, limit=limit, offset=offset)


def publish(store: Store, actor: Principal, draft_id: int, *, target_id: int,
            scheduled_at: dt.datetime | None = None, max_attempts: int = 5,
            now: dt.datetime | None = None) -> PublicationRow:
    """Queue an approved draft for its target, now or at ``scheduled_at`` (the draft's schedule by default)."""
    actor.require(Permission.DRAFTS_PUBLISH)
    now = now or utcnow()
    draft = _load(store, actor, draft_id, lock=True)
    if draft.status != "approved":
        hint = {"draft": "submit it first", "in_review": "it is waiting for approval",
                "rejected": "it was rejected"}.get(draft.status, "")
        raise Conflict(f"only an approved draft can be published; this one is {draft.status}"
                       + (f" ({hint})" if hint else ""))
    target = store.targets.get(actor.org_id, target_id)
    if target is None:
        raise NotFound("publish target", target_id)
    account = _publishing_account(store, actor, draft, target)
    when = scheduled_at or draft.scheduled_at
    if when is not None and when.tzinfo is None:
        raise Invalid.one("scheduled_at", "give a time zone, e.g. 2026-12-01T09:00:00+01:00")
    if when is not None and when <= now:
        raise Invalid.one("scheduled_at", "is in the past")
    content = {"text": draft.text, "platform": draft.platform, "lang": draft.lang or draft.decision.get("lang"),
               "account": account.handle if account else "personal", "attachments": draft.attachments,
               "draft_version": draft.version}
    try:
        row = enqueue_publication(store.session, target=target, draft_id=draft.id, content=content, due_at=when,
                                  max_attempts=max_attempts, actor=audit.actor_ref(actor), now=now)
    except InputError as exc:
        raise Invalid.one("target_id", str(exc)) from None
    draft.status = "scheduled" if row.status == "scheduled" else "publishing"
    draft.publication_id, draft.updated_at = row.id, now
    return row


def _publishing_account(store: Store, actor: Principal, draft: Draft, target: PublishTarget) -> BrandAccount | None:
    """The brand account the post goes out on, if the draft may go out through ``target`` at all.

    A target bound to a brand account publishes only brand drafts written for that account, by people
    who may post on it (checked again now: rights may have changed since the draft was written), and
    published by such a person. A personal draft skipped the brand review (``review_brand_posts``),
    so it never goes out through a brand-bound target.
    """
    account = None
    if draft.account_kind == "brand":
        account = store.accounts.get(actor.org_id, draft.account_id) if draft.account_id is not None else None
        if account is None:
            raise Conflict("the draft's brand account no longer exists: edit the draft and choose an account")
    if target.account_id is not None:
        if account is None:
            raise Invalid.one("target_id", f"this target publishes for brand account {target.account_id}: a "
                                           "personal post cannot go out on it")
        if account.id != target.account_id:
            raise Invalid.one("target_id", "this target publishes for another brand account")
    if account is not None:
        author = store.users.get(actor.org_id, draft.author_id)
        if author is None or not _may_post(account, author.id, author.role):
            raise PermissionDenied(f"post on brand account {account.id} (its author is not one of its posters)")
        if not _may_post(account, actor.user_id, str(actor.role)):
            raise PermissionDenied(f"post on brand account {account.id}")
    return account


# -- publish targets ------------------------------------------------------------------------------

def create_target(store: Store, actor: Principal, *, name: str, connector: str, params: Mapping[str, Any],
                  account_id: int | None) -> PublishTarget:
    actor.require(Permission.TARGETS_WRITE)
    from charte.connectors.base import build_connector, get_connector
    try:
        get_connector(connector)
    except InputError as exc:
        raise Invalid.one("connector", str(exc)) from None
    try:
        built = build_connector(connector, params, org_id=actor.org_id)
        try:
            built.preflight()  # e.g. the webhook's URL must reach a public address (checked again at send time)
        finally:
            built.close()
    except InputError as exc:
        raise Invalid.one("params", str(exc)) from None
    if store.targets.by_name(actor.org_id, name) is not None:
        raise Conflict(f"a publish target named {name!r} already exists")
    if account_id is not None and store.accounts.get(actor.org_id, account_id) is None:
        raise NotFound("brand account", account_id)
    row = store.targets.add(PublishTarget(org_id=actor.org_id, name=name, connector=connector, params=dict(params),
                                       account_id=account_id))
    audit.record(store.session, actor, AuditAction.PERMISSION_CHANGE, "publish_target", row.id,
                 {"change": "created", "connector": connector, "account_id": account_id})
    return row


def shown_params(target: PublishTarget) -> dict[str, Any]:
    return public_params(target.connector, target.params)


def list_targets(store: Store, actor: Principal, *, limit: int, offset: int) -> Page[PublishTarget]:
    if not actor.can(Permission.TARGETS_WRITE):
        actor.require(Permission.TARGETS_READ)
    return store.targets.list(actor.org_id, limit=limit, offset=offset)


def delete_target(store: Store, actor: Principal, target_id: int) -> None:
    actor.require(Permission.TARGETS_WRITE)
    row = store.targets.get(actor.org_id, target_id)
    if row is None:
        raise NotFound("publish target", target_id)
    store.targets.delete(row)
    audit.record(store.session, actor, AuditAction.PERMISSION_CHANGE, "publish_target", target_id,
                 {"change": "deleted"})
