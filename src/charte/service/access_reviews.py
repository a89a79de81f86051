"""Access reviews: every ``security.access_review_days``, each account's owners confirm or remove every person
with access to it (owners and posters). A review not answered within :data:`ESCALATE_AFTER` is escalated to the
organisation's admins (shown on their pages, recorded). Every answer and the result go to the audit log.
"""

from __future__ import annotations

import datetime as dt

from charte.audit.chain import AuditAction
from charte.i18n import _
from charte.service import audit, holds
from charte.service.account_register import owner_ids
from charte.service.errors import Conflict, Invalid, NotFound, denied, not_found
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import AccessReview, AccessReviewItem, BrandAccount, utcnow
from charte.store.repositories import Page, Store

ESCALATE_AFTER = dt.timedelta(days=14)
DECISIONS = ("confirm", "remove")


def start(store: Store, account: BrandAccount, actor: Principal | None, now: dt.datetime) -> AccessReview:
    """Open a review of ``account`` listing everyone with access (``actor`` None: the periodic job)."""
    if store.safety.open_review(account.org_id, account.id) is not None:
        raise Conflict(
            _("brand account {id} already has an open access review: answer it first", id=account.id)
        )
    review = AccessReview(
        org_id=account.org_id, account_id=account.id, opened_at=now, escalate_at=now + ESCALATE_AFTER
    )
    review.items = [AccessReviewItem(user_id=u, access="owner") for u in sorted(owner_ids(account))] + [
        AccessReviewItem(user_id=p.user_id, access="poster")
        for p in sorted(account.posters, key=lambda p: p.user_id)
    ]
    store.session.add(review)
    store.session.flush()
    audit.record(
        store.session,
        actor,
        AuditAction.ACCESS_REVIEW,
        "access_review",
        review.id,
        {"change": "opened", "account_id": account.id, "people": len(review.items)},
        org_id=account.org_id,
    )
    return review


def open_review(
    store: Store, actor: Principal, account_id: int, now: dt.datetime | None = None
) -> AccessReview:
    """Open a review now (an owner or an admin), without waiting for the period."""
    actor.require(Permission.ACCOUNTS_READ)
    account = store.accounts.get(actor.org_id, account_id)
    if account is None:
        raise not_found("account", account_id)
    if actor.user_id not in owner_ids(account):
        actor.require(Permission.ACCOUNTS_WRITE)
    return start(store, account, actor, now or utcnow())


def get(store: Store, actor: Principal, review_id: int) -> AccessReview:
    actor.require(Permission.ACCOUNTS_READ)
    review = store.safety.review(actor.org_id, review_id)
    if review is None:
        raise _no_review(review_id)
    return review


def _no_review(review_id: int) -> NotFound:
    return NotFound("access review", review_id, message=_("access review {id} not found", id=review_id))


def list_reviews(
    store: Store, actor: Principal, *, open_only: bool, account_id: int | None, limit: int, offset: int
) -> Page[AccessReview]:
    actor.require(Permission.ACCOUNTS_READ)
    return store.safety.reviews(
        actor.org_id, open_only=open_only, account_id=account_id, limit=limit, offset=offset
    )


def answer(
    store: Store,
    actor: Principal,
    review_id: int,
    item_id: int,
    decision: str,
    now: dt.datetime | None = None,
) -> AccessReview:
    """An owner of the account confirms or removes one person's access; the last answer closes the review."""
    now = now or utcnow()
    actor.require(Permission.ACCOUNTS_READ)
    if decision not in DECISIONS:
        raise Invalid.one("decision", _("write confirm or remove"))
    review = store.safety.review(actor.org_id, review_id, lock=True)
    if review is None:
        raise _no_review(review_id)
    account = store.accounts.get(actor.org_id, review.account_id)
    if account is None:
        raise not_found("account", review.account_id)
    if actor.user_id not in owner_ids(account):
        raise denied(_("answer access review {id} (only the account's owners may)", id=review.id), actor)
    item = next((i for i in review.items if i.id == item_id), None)
    if item is None:
        raise NotFound(
            "access review item", item_id, message=_("item {id} of this access review not found", id=item_id)
        )
    if item.decision is not None:
        raise Conflict(
            _(
                "this access was already answered ({decision}, by user {user} at {at}); an answer is final",
                decision=item.decision,
                user=item.decided_by,
                at=item.decided_at.isoformat() if item.decided_at else "?",
            )
        )
    last_owner = item.access == "owner" and owner_ids(account) <= {item.user_id}
    if decision == "remove" and last_owner:
        raise Conflict(_("this is the account's last owner: add another owner before removing this one"))
    if decision == "remove" and item.user_id is not None:
        _remove(store, account, item.user_id, item.access)
    item.decision, item.decided_by, item.decided_at = decision, actor.user_id, now
    audit.record(
        store.session,
        actor,
        AuditAction.ACCESS_REVIEW,
        "access_review",
        review.id,
        {
            "change": "answered",
            "account_id": account.id,
            "user_id": item.user_id,
            "access": item.access,
            "decision": decision,
        },
    )
    if all(i.decision is not None for i in review.items):
        review.closed_at = now
        audit.record(
            store.session,
            actor,
            AuditAction.ACCESS_REVIEW,
            "access_review",
            review.id,
            {
                "change": "closed",
                "account_id": account.id,
                "confirmed": sum(1 for i in review.items if i.decision == "confirm"),
                "removed": sum(1 for i in review.items if i.decision == "remove"),
            },
        )
    store.session.flush()
    return review


def _remove(store: Store, account: BrandAccount, user_id: int, access: str) -> None:
    owners = [o.user_id for o in account.owners]
    posters = [p.user_id for p in account.posters]
    if access == "owner":
        store.accounts.set_people(account, [u for u in owners if u != user_id], None)
    else:
        store.accounts.set_people(account, None, [u for u in posters if u != user_id])


def close_empty(store: Store, review: AccessReview, now: dt.datetime) -> None:
    """A review with nobody to answer about is done when opened."""
    if not review.items:
        review.closed_at = now


def sweep(store: Store, org_id: int, now: dt.datetime) -> tuple[int, int]:
    """The periodic part for one organisation: open the reviews that fall due, escalate the late ones.
    Returns (opened, escalated)."""
    security = holds.security_of(store, org_id)
    if security is None:
        return 0, 0
    period = dt.timedelta(days=security.access_review_days)
    last = store.safety.last_review_opened(org_id)
    opened = 0
    for account in store.safety.organisation_accounts(org_id):
        since = last.get(account.id, account.created_at)
        if since + period <= now and store.safety.open_review(org_id, account.id) is None:
            close_empty(store, start(store, account, None, now), now)
            opened += 1
    escalated = 0
    for review in store.safety.reviews_to_escalate(now):
        if review.org_id != org_id:
            continue
        review.escalated_at = now
        escalated += 1
        audit.record(
            store.session,
            None,
            AuditAction.ACCESS_REVIEW,
            "access_review",
            review.id,
            {
                "change": "escalated",
                "account_id": review.account_id,
                "to": "admin",
                "unanswered": sum(1 for i in review.items if i.decision is None),
            },
            org_id=org_id,
        )
    store.session.flush()
    return opened, escalated
