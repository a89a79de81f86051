"""Drafts: written and checked on every edit, submitted by verdict, commented, then published.

Signing and rejecting are in :mod:`charte.service.approvals`, publish targets in :mod:`charte.service.targets`,
the rules both share (levels, review, the active policy) in :mod:`charte.service.review`. Rules (SPEC §3):
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
from urllib.parse import urlsplit

from charte.audit.chain import AuditAction
from charte.domain import AccountKind, Action, Decision
from charte.engine.engine import CheckEngine
from charte.errors import InputError
from charte.i18n import N_, _, gettext
from charte.service import audit, crisis, holds, network_limits, review
from charte.service.engines import EngineCache, active_engine, active_policy
from charte.service.errors import Conflict, Invalid, denied, not_found
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.service.publishing import enqueue_publication
from charte.store.models import ApprovalEvent, BrandAccount, Draft, PublicationRow, PublishTarget, utcnow
from charte.store.repositories import Page, Store

NETWORKS = frozenset({"mastodon", "bluesky"})
"""Listening sources that are social networks: a reply to one of their mentions goes out on that network."""
EDITABLE = frozenset({"draft", "in_review", "approved", "rejected", "failed"})
MAX_TEXT = 20_000
RECHECKED = frozenset({"draft", "in_review", "rejected", "failed"})
"""Statuses whose next step (submitting, approving) checks the draft again when the active policy changed."""


@dataclass(frozen=True)
class DraftInput:
    text: str
    platform: str
    account_id: int | None = None
    account_kind: AccountKind = "brand"
    lang: str | None = None
    attachments: Sequence[Mapping[str, Any]] = ()
    scheduled_at: dt.datetime | None = None
    reply_to_mention_id: int | None = None
    """Only at creation (:mod:`charte.service.mention_replies`): the mention this draft answers, for good."""
    in_reply_to_complaint: bool = False


@dataclass(frozen=True)
class DraftView:
    draft: Draft
    events: Sequence[ApprovalEvent]
    publication: PublicationRow | None
    next_level: str | None
    policy_change: review.PolicyChange | None = None


def validate_text(text: str) -> None:
    """Not empty, not longer than :data:`MAX_TEXT` (also what the composer checks as the author types)."""
    if not text.strip():
        raise Invalid.one("text", _("must not be empty"))
    if len(text) > MAX_TEXT:
        raise Invalid.one("text", _("is longer than {n} characters", n=MAX_TEXT))


def _validate(data: DraftInput, now: dt.datetime) -> None:
    validate_text(data.text)
    if data.account_kind not in ("brand", "personal"):
        raise Invalid.one("account_kind", _("write brand or personal"))
    if data.account_kind == "brand" and data.account_id is None:
        raise Invalid.one("account_id", _("a brand post needs the brand account it goes out on"))
    if data.account_kind == "personal" and data.account_id is not None:
        raise Invalid.one(
            "account_id",
            _(
                "a personal post goes out on no brand account: leave account_id out, "
                "or write a brand post (account_kind brand)"
            ),
        )
    if data.scheduled_at is not None:
        if data.scheduled_at.tzinfo is None:
            raise Invalid.one("scheduled_at", _("give a time zone, e.g. 2026-12-01T09:00:00+01:00"))
        if data.scheduled_at <= now:
            raise Invalid.one("scheduled_at", _("is in the past"))
    for i, att in enumerate(data.attachments):
        if not isinstance(att.get("url"), str) or not str(att["url"]).startswith(("https://", "http://")):
            raise Invalid.one(f"attachments[{i}].url", _("give the http(s) address of the media"))


def _held_at_send(store: Store, draft: Draft) -> PublicationRow | None:
    """The draft's publication when the check at send time held it (its author may then edit the draft)."""
    if draft.status != holds.HELD or draft.publication_id is None:
        return None
    row = store.publications.get(draft.org_id, draft.publication_id)
    return (
        row if row is not None and row.status == holds.HELD and row.last_error == holds.HOLD_RECHECK else None
    )


def may_post(account: BrandAccount, user_id: int, role: str) -> bool:
    """Admins, and the account's owners and posters, may post on a brand account."""
    allowed = {o.user_id for o in account.owners} | {p.user_id for p in account.posters}
    return role == "admin" or user_id in allowed


def check_account(store: Store, actor: Principal, data: DraftInput) -> None:
    """The brand account exists in the actor's organisation, is on the draft's platform, and they may post on it."""
    if data.account_id is None:
        return
    account = store.accounts.get(actor.org_id, data.account_id)
    if account is None:
        raise not_found("brand account", data.account_id)
    if account.platform != data.platform:
        raise Invalid.one(
            "platform",
            _(
                "the account is on {account}, not {platform}",
                account=account.platform,
                platform=data.platform,
            ),
        )
    if not may_post(account, actor.user_id, str(actor.role)):
        raise denied(_("post on brand account {id}", id=account.id))


def _run_check(
    store: Store, engine: CheckEngine, org_id: int, author_id: int, data: DraftInput, complaint: bool
) -> Decision:
    return review.run_check(
        store,
        engine,
        org_id=org_id,
        author_id=author_id,
        text=data.text,
        lang=data.lang,
        account_kind=data.account_kind,
        platform=data.platform,
        attachments=data.attachments,
        in_reply_to_complaint=complaint,
        today=data.scheduled_at.date() if data.scheduled_at is not None else None,
    )


def _apply(draft: Draft, data: DraftInput) -> None:
    draft.text, draft.platform, draft.account_id = data.text, data.platform, data.account_id
    draft.account_kind, draft.lang, draft.scheduled_at = data.account_kind, data.lang, data.scheduled_at
    draft.attachments = [
        {"url": a.get("url"), "credit": a.get("credit"), "alt": a.get("alt")} for a in data.attachments
    ]


def create(
    store: Store, actor: Principal, cache: EngineCache, data: DraftInput, now: dt.datetime | None = None
) -> Draft:
    actor.require(Permission.DRAFTS_WRITE)
    now = now or utcnow()
    _validate(data, now)
    check_account(store, actor, data)
    policy_id, engine = active_engine(store, cache, actor.org_id)
    decision = _run_check(store, engine, actor.org_id, actor.user_id, data, data.in_reply_to_complaint)
    draft = Draft(
        org_id=actor.org_id,
        author_id=actor.user_id,
        last_editor_id=actor.user_id,
        status="draft",
        version=1,
        required_levels=0,
        approved_levels=0,
        created_at=now,
        updated_at=now,
        reply_to_mention_id=data.reply_to_mention_id,
        in_reply_to_complaint=data.in_reply_to_complaint,
    )
    _apply(draft, data)
    draft.record_check(decision, policy_id)
    store.drafts.add(draft)
    audit.record(
        store.session,
        actor,
        AuditAction.DRAFT_CREATE,
        "draft",
        draft.id,
        {"platform": data.platform, "account_id": data.account_id, "account_kind": data.account_kind},
    )
    review.audit_check(store, actor, draft)
    return draft


def _may_read(actor: Principal, draft: Draft) -> bool:
    """Its author, anyone who reads all drafts, and an approver once it left its author's hands (submitted):
    approving a post means reading it, so ``approvals:act`` alone works the queue."""
    return (
        draft.author_id == actor.user_id
        or actor.can(Permission.DRAFTS_READ_ALL)
        or (actor.can(Permission.APPROVALS) and draft.status != "draft")
    )


may_read = _may_read


def load(store: Store, actor: Principal, draft_id: int, lock: bool = False) -> Draft:
    """The draft, if ``actor`` may read it (another organisation's, or one they may not read, is not found)."""
    draft = store.drafts.get(actor.org_id, draft_id, lock=lock)
    if draft is None or not _may_read(actor, draft):
        raise not_found("draft", draft_id)
    return draft


def update(
    store: Store,
    actor: Principal,
    cache: EngineCache,
    draft_id: int,
    data: DraftInput,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> Draft:
    """Edit: the author any time before publishing; an approver while it is in review. Restarts approval."""
    now = now or utcnow()
    draft = load(store, actor, draft_id, lock=True)
    is_author = draft.author_id == actor.user_id
    if is_author:
        actor.require(Permission.DRAFTS_WRITE)
    elif not (actor.can(Permission.APPROVALS) and draft.status == "in_review"):
        raise denied(_("edit someone else's draft outside the approval queue"))
    held_at_send = _held_at_send(store, draft)
    if draft.status not in EDITABLE and held_at_send is None:
        raise Conflict(_("the draft is {status}: it can no longer be edited", status=draft.status))
    if expected_version is not None and expected_version != draft.version:
        raise Conflict(
            _(
                "the draft changed meanwhile (now version {version}); reload it and edit again",
                version=draft.version,
            )
        )
    _validate(data, now)
    if is_author:
        check_account(store, actor, data)
    if draft.reply_to_mention_id is not None and data.account_id is not None:
        # a reply still goes out on its network: an edit is held to its limit as the first version was
        account = store.accounts.get(actor.org_id, data.account_id)
        if account is not None:
            network_limits.check_early(store, account, data.text, data.attachments)
    policy_id, engine = active_engine(store, cache, actor.org_id)
    decision = _run_check(store, engine, actor.org_id, draft.author_id, data, draft.in_reply_to_complaint)
    if held_at_send is not None:  # the held publication will never go out: the new version is published anew
        held_at_send.status, draft.status, draft.publication_id = "cancelled", "draft", None
    was = draft.status
    if not store.drafts.touch_version(draft, draft.version):
        raise Conflict(_("the draft changed meanwhile; reload it and edit again"))
    store.session.refresh(draft)
    draft.previous_text = draft.text  # what an approver compares the new version with
    _apply(draft, data)
    draft.record_check(decision, policy_id)
    draft.previous_verdict, draft.previous_policy_version_id = None, None  # a new version, checked afresh
    draft.last_editor_id, draft.updated_at = actor.user_id, now
    draft.approved_levels, draft.reject_reason = 0, None
    draft.override_reason, draft.override_by = None, None  # an override covered the old version only
    restarted = was in ("in_review", "approved")
    if restarted and draft.verdict != Action.BLOCK:
        review.enter_review(draft, engine.policy, force_review=was == "in_review")
    else:
        draft.status, draft.required_levels = "draft", 0
    audit.record(
        store.session,
        actor,
        AuditAction.DRAFT_EDIT,
        "draft",
        draft.id,
        {
            "version": draft.version,
            "previous_status": was,
            "status": draft.status,
            "approval_restarted": restarted,
            "by_approver": not is_author,
        },
    )
    review.audit_check(store, actor, draft)
    return draft


def submit(
    store: Store,
    actor: Principal,
    cache: EngineCache,
    draft_id: int,
    *,
    override_reason: str | None = None,
    now: dt.datetime | None = None,
) -> Draft:
    """Send the draft on: approved at once (allow), to the queue (review), or refused (block, unless overridden).

    The verdict is the active policy's: a draft checked under another version is checked again first.
    """
    now = now or utcnow()
    draft = load(store, actor, draft_id, lock=True)
    if draft.author_id != actor.user_id:
        raise denied(_("submit someone else's draft"))
    actor.require(Permission.DRAFTS_WRITE)
    if draft.status not in ("draft", "rejected", "failed"):
        raise Conflict(_("the draft is already {status}", status=draft.status))
    policy = active_policy(store, cache, actor.org_id)
    change = review.policy_change(store, cache, draft)
    if change is not None:
        review.adopt(draft, change)
        review.audit_check(store, actor, draft, change)
    overridden = False
    if draft.verdict == Action.BLOCK:
        rules = review.blocking_rules(draft.checked())
        if override_reason is None:
            raise Conflict(
                _(
                    "the post is blocked by {rules}: fix it, or ask someone whose role may override the policy",
                    rules=", ".join(rules),
                )
            )
        if str(actor.role) not in policy.approvals.override_roles:
            raise denied(
                _("override a block (the policy's approvals.override_roles does not name your role)")
            )
        reason = override_reason.strip()
        if len(reason) < 10:
            raise Invalid.one("override_reason", _("explain the override in at least 10 characters"))
        draft.override_reason, draft.override_by = reason[:1000], actor.user_id
        overridden = True
        audit.record(
            store.session,
            actor,
            AuditAction.OVERRIDE,
            "draft",
            draft.id,
            {"version": draft.version, "rules": rules},
        )
    elif override_reason is not None:
        raise Invalid.one("override_reason", _("only a blocked draft can be overridden"))
    draft.reject_reason = None
    in_crisis = (
        draft.account_kind == "brand" and crisis.covering(store, actor.org_id, draft.account_id) is not None
    )
    review.enter_review(draft, policy, force_review=overridden or in_crisis)  # in a crisis, its team approves
    if overridden:
        draft.required_levels = max(
            draft.required_levels,
            policy.approvals.levels_for(review.max_severity(draft.checked(), Action.BLOCK)),
        )
    draft.updated_at = now
    audit.record(
        store.session,
        actor,
        AuditAction.SUBMIT,
        "draft",
        draft.id,
        {
            "version": draft.version,
            "verdict": draft.verdict,
            "status": draft.status,
            "required_levels": draft.required_levels,
            "overridden": overridden,
        },
    )
    return draft


def add_comment(
    store: Store, actor: Principal, draft_id: int, text: str, now: dt.datetime | None = None
) -> ApprovalEvent:
    draft = load(store, actor, draft_id)
    if not (draft.author_id == actor.user_id or actor.can(Permission.APPROVALS)):
        raise denied(Permission.APPROVALS)
    if not text.strip():
        raise Invalid.one("text", _("must not be empty"))
    event = store.approvals.add(
        ApprovalEvent(
            org_id=actor.org_id,
            draft_id=draft.id,
            draft_version=draft.version,
            user_id=actor.user_id,
            kind="comment",
            comment=text.strip()[:2000],
            created_at=now or utcnow(),
        )
    )
    audit.record(
        store.session,
        actor,
        AuditAction.COMMENT,
        "draft",
        draft.id,
        {"version": draft.version, "comment_id": event.id},
    )
    return event


def get(store: Store, actor: Principal, cache: EngineCache | None, draft_id: int) -> DraftView:
    """The draft with its history; with ``cache``, also its next level and, while submitting or approving is
    still ahead (:data:`RECHECKED`), what the active policy says if it is not the version that checked it."""
    draft = load(store, actor, draft_id)
    publication = store.publications.get(actor.org_id, draft.publication_id) if draft.publication_id else None
    next_level, change = None, None
    if cache is not None:
        if draft.status == "in_review":
            next_level = review.level_name(active_policy(store, cache, actor.org_id), draft.approved_levels)
        if draft.status in RECHECKED:
            change = review.policy_change(store, cache, draft)
    return DraftView(
        draft, store.approvals.for_draft(actor.org_id, draft.id), publication, next_level, change
    )


def list_drafts(
    store: Store, actor: Principal, *, status: str | None, mine: bool, limit: int, offset: int
) -> Page[Draft]:
    if not actor.can(Permission.DRAFTS_READ_ALL):
        actor.require(Permission.DRAFTS_WRITE)
        mine = True
    return store.drafts.list(
        actor.org_id, author_id=actor.user_id if mine else None, status=status, limit=limit, offset=offset
    )


def publish(
    store: Store,
    actor: Principal,
    draft_id: int,
    *,
    target_id: int,
    scheduled_at: dt.datetime | None = None,
    max_attempts: int = 5,
    now: dt.datetime | None = None,
) -> PublicationRow:
    """Queue an approved draft for its target, now or at ``scheduled_at`` (the draft's schedule by default)."""
    actor.require(Permission.DRAFTS_PUBLISH)
    now = now or utcnow()
    draft = load(store, actor, draft_id, lock=True)
    if draft.status != "approved":
        hint = {
            "draft": N_("only an approved draft can be published; this one is a draft (submit it first)"),
            "in_review": N_("only an approved draft can be published; this one is waiting for approval"),
            "rejected": N_("only an approved draft can be published; this one was rejected"),
        }.get(draft.status, N_("only an approved draft can be published; this one is {status}"))
        raise Conflict(gettext(hint, status=draft.status))
    target = store.targets.get(actor.org_id, target_id)
    if target is None:
        raise not_found("publish target", target_id)
    account = _publishing_account(store, actor, draft, target)
    when = scheduled_at or draft.scheduled_at
    if when is not None and when.tzinfo is None:
        raise Invalid.one("scheduled_at", _("give a time zone, e.g. 2026-12-01T09:00:00+01:00"))
    if when is not None and when <= now:
        raise Invalid.one("scheduled_at", _("is in the past"))
    reply_to = _reply_reference(store, actor, draft, account, target)  # the right network first
    network_limits.check_fits(target, draft.text, draft.attachments or [])  # the limit named, before sending
    content = {
        "text": draft.text,
        "platform": draft.platform,
        "lang": draft.lang or draft.checked().lang,
        "account": account.handle if account else "personal",
        "attachments": draft.attachments,
        "draft_version": draft.version,
    }
    if reply_to is not None:
        content["reply_to"] = reply_to
    during = crisis.covering(store, actor.org_id, account.id if account else None)
    if during is not None and _approved_during(store, draft, during.declared_at):
        content["crisis_id"] = during.id  # a statement approved by the crisis team: it goes out
    try:
        row = enqueue_publication(
            store.session,
            target=target,
            draft_id=draft.id,
            content=content,
            due_at=when,
            max_attempts=max_attempts,
            actor=audit.actor_ref(actor),
            now=now,
            account_id=account.id if account else None,
            reply_to=reply_to,
        )
    except InputError as exc:
        raise Invalid.one("target_id", str(exc)) from None
    draft.status = "scheduled" if row.status == "scheduled" else "publishing"
    draft.publication_id, draft.updated_at = row.id, now
    reason = holds.hold_reason(store, actor.org_id, row.account_id, now) if row.status == "pending" else None
    if reason is not None:  # shown at once; a scheduled one is held when it falls due, if still held then
        store.session.flush()
        holds.hold(store, row, reason, audit.actor_ref(actor))
    return row


def _reply_reference(
    store: Store, actor: Principal, draft: Draft, account: BrandAccount | None, target: PublishTarget
) -> str | None:
    """The network reference of the mention a reply answers (``None``: not a reply). A reply goes out on the
    mention's network, as the brand: its source must be on the account's platform (and the target's network)
    when the source is one.

    What the listening adapters keep as the mention's ``external_id`` is what the connector answers: an at://
    URI on Bluesky (the same on every server), a status id on Mastodon. A Mastodon status id is only valid on
    the instance the source listens to: a reply sent through another instance answers the status's address
    instead, which the connector resolves there (search with ``resolve``).
    """
    if draft.reply_to_mention_id is None:
        return None
    mention = store.mentions.get(actor.org_id, draft.reply_to_mention_id)
    if mention is None:
        raise Conflict(_("the mention this reply answers was deleted: the reply cannot be sent"))
    source = store.sources.get(actor.org_id, mention.source_id)
    network = source.kind if source is not None and source.kind in NETWORKS else None
    if (
        account is None
        or (network is not None and network != account.platform)
        or (network is not None and target.connector in NETWORKS and target.connector != network)
    ):
        raise Conflict(_("a reply goes out as the brand, on the network of the mention it answers"))
    if (
        source is not None
        and network == "mastodon"
        and target.connector == "mastodon"
        and _origin(source.settings.get("instance_url")) != _origin(target.params.get("instance"))
    ):
        if not mention.url:
            raise Conflict(
                _(
                    "the mention has no address: it can only be answered through a target on the "
                    "instance it was read from"
                )
            )
        return mention.url
    return mention.external_id


def _origin(url: object) -> str:
    """An instance's origin (scheme, host in lower case, port), ``""`` when there is none."""
    if not isinstance(url, str):
        return ""
    parts = urlsplit(url)
    port = parts.port or {"https": 443, "http": 80}.get(parts.scheme)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def _approved_during(store: Store, draft: Draft, since: dt.datetime) -> bool:
    """Whether this version was signed by an approver since ``since`` (during the crisis)."""
    since = since if since.tzinfo else since.replace(tzinfo=dt.UTC)
    return any(
        e.kind == "approve"
        and e.draft_version == draft.version
        and (e.created_at if e.created_at.tzinfo else e.created_at.replace(tzinfo=dt.UTC)) >= since
        for e in store.approvals.for_draft(draft.org_id, draft.id)
    )


def retry_publication(
    store: Store, actor: Principal, draft_id: int, now: dt.datetime | None = None
) -> PublicationRow:
    """Queue a failed publication again, now, on the same target: for whoever may publish the draft there
    (the same rights as :func:`publish`). The last error stays shown until the next attempt replaces it."""
    actor.require(Permission.DRAFTS_PUBLISH)
    now = now or utcnow()
    draft = load(store, actor, draft_id, lock=True)
    row = store.publications.get(actor.org_id, draft.publication_id) if draft.publication_id else None
    if row is None or row.status != "failed":
        raise Conflict(
            _("only a failed publication can be retried; this draft is {status}", status=draft.status)
        )
    target = store.targets.get(actor.org_id, row.target_id) if row.target_id is not None else None
    if target is None:
        raise Conflict(_("its publish target was deleted: publish the draft again on another target"))
    _publishing_account(store, actor, draft, target)
    row.status, row.due_at, row.attempts, row.lease_until = "pending", now, 0, None
    draft.status, draft.updated_at = "publishing", now
    audit.record(
        store.session,
        actor,
        AuditAction.PUBLISH_SCHEDULED,
        "publication",
        row.id,
        {"draft_id": draft.id, "connector": row.connector, "retry": True},
    )
    return row


def _publishing_account(
    store: Store, actor: Principal, draft: Draft, target: PublishTarget
) -> BrandAccount | None:
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
            raise Conflict(
                _("the draft's brand account no longer exists: edit the draft and choose an account")
            )
    if target.account_id is not None:
        if account is None:
            raise Invalid.one(
                "target_id",
                _(
                    "this target publishes for brand account {id}: a personal post cannot go out on it",
                    id=target.account_id,
                ),
            )
        if account.id != target.account_id:
            raise Invalid.one("target_id", _("this target publishes for another brand account"))
    if account is not None:
        author = store.users.get(actor.org_id, draft.author_id)
        if author is None or not may_post(account, author.id, author.role):
            raise denied(
                _("post on brand account {id} (its author is not one of its posters)", id=account.id)
            )
        if not may_post(account, actor.user_id, str(actor.role)):
            raise denied(_("post on brand account {id}", id=account.id))
    return account
