"""The account register enforced: 2FA attestations by owners, credential rotations against the policy's
``credential_rotation_days``, recovery contacts, who has access, and each account's standing.

An attestation or a rotation is a fact an owner of the account states (Charte never sees the platform's
password): it cannot be dated in the future, and it is recorded in the audit log. Attesting 2FA releases the
account's held publications when nothing else holds it (:mod:`charte.service.holds`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from charte.audit.chain import AuditAction
from charte.i18n import N_, _, gettext, ngettext
from charte.policy.model import Security
from charte.service import audit, holds
from charte.service.errors import Invalid, denied, not_found
from charte.service.permissions import Permission, Role
from charte.service.principal import Principal
from charte.store.models import BrandAccount, RotationTask, utcnow
from charte.store.repositories import Store

CLOCK_SKEW = dt.timedelta(minutes=5)  # a time "now" on a slightly fast clock is not "in the future"
REMIND_BEFORE = dt.timedelta(days=14)  # owners are reminded this long before a rotation falls due
MAX_CONTACTS, MAX_CONTACT_LEN = 10, 200


def owner_ids(account: BrandAccount) -> set[int]:
    return {o.user_id for o in account.owners}


def people_with_access(account: BrandAccount) -> set[int]:
    return owner_ids(account) | {p.user_id for p in account.posters}


def _account(store: Store, actor: Principal, account_id: int) -> BrandAccount:
    actor.require(Permission.ACCOUNTS_READ)  # an owner acts from the register: a token needs accounts:read
    account = store.accounts.get(actor.org_id, account_id)
    if account is None:
        raise not_found("account", account_id)
    return account


def _owned(store: Store, actor: Principal, account_id: int, refusal: str) -> BrandAccount:
    """``refusal``: an ``N_()`` sentence with ``{id}`` (the account), what is refused to someone not its owner."""
    account = _account(store, actor, account_id)
    if actor.user_id not in owner_ids(account):
        raise denied(gettext(refusal, id=account_id), actor)
    return account


def _when(field: str, at: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    if at is None:
        return now
    if at.tzinfo is None:
        raise Invalid.one(field, _("give a time zone, e.g. 2026-12-01T09:00:00+01:00"))
    if at > now + CLOCK_SKEW:
        raise Invalid.one(field, _("is in the future: state when it was done, not when it will be"))
    return at.astimezone(dt.UTC)


def attest_2fa(
    store: Store,
    actor: Principal,
    account_id: int,
    *,
    at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> BrandAccount:
    """An owner states that the account's 2FA is on (checked at ``at``, now by default)."""
    now = now or utcnow()
    account = _owned(store, actor, account_id, N_("attest 2FA for brand account {id} (only its owners may)"))
    when = _when("attested_at", at, now)
    security = holds.security_of(store, actor.org_id)
    if when + holds.validity(security) <= now:
        raise Invalid.one(
            "attested_at",
            ngettext(
                "is older than the policy's validity ({n} day): check 2FA again today",
                "is older than the policy's validity ({n} days): check 2FA again today",
                holds.validity(security).days,
            ),
        )
    account.two_factor_attested, account.two_factor_attested_at = True, when
    account.two_factor_attested_by = actor.user_id
    store.session.flush()
    audit.record(
        store.session,
        actor,
        AuditAction.ACCOUNT_SAFETY,
        "brand_account",
        account.id,
        {
            "change": "2fa_attested",
            "attested_at": when.isoformat(),
            "valid_days": holds.validity(security).days,
        },
    )
    holds.release(store, actor.org_id, account.id, audit.actor_ref(actor), now)
    return account


def record_rotation(
    store: Store,
    actor: Principal,
    account_id: int,
    *,
    at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> BrandAccount:
    """An owner states that the account's credentials were changed (at ``at``); its open rotation tasks end."""
    now = now or utcnow()
    account = _owned(
        store,
        actor,
        account_id,
        N_("record a credential rotation for brand account {id} (only its owners may)"),
    )
    when = _when("rotated_at", at, now)
    account.last_rotation_at, account.rotation_reminded_at = when, None
    done = store.safety.finish_tasks(actor.org_id, account.id, actor.user_id, now)
    audit.record(
        store.session,
        actor,
        AuditAction.ACCOUNT_SAFETY,
        "brand_account",
        account.id,
        {"change": "credentials_rotated", "rotated_at": when.isoformat(), "tasks_done": done},
    )
    return account


def set_recovery_contacts(
    store: Store, actor: Principal, account_id: int, contacts: Sequence[str]
) -> BrandAccount:
    """Who to call to get the account back (a team address, a phone line): its owners or an admin set them."""
    account = _account(store, actor, account_id)
    if actor.user_id not in owner_ids(account):
        actor.require(Permission.ACCOUNTS_WRITE)
    cleaned = [c.strip() for c in contacts]
    if len(cleaned) > MAX_CONTACTS:
        raise Invalid.one("recovery_contacts", _("give at most {n} contacts", n=MAX_CONTACTS))
    for i, contact in enumerate(cleaned):
        if not contact or len(contact) > MAX_CONTACT_LEN:
            raise Invalid.one(f"recovery_contacts[{i}]", _("give 1 to {n} characters", n=MAX_CONTACT_LEN))
    account.recovery_contacts = list(dict.fromkeys(cleaned))
    store.session.flush()
    audit.record(  # how many, never who: contacts are personal data
        store.session,
        actor,
        AuditAction.ACCOUNT_SAFETY,
        "brand_account",
        account.id,
        {"change": "recovery_contacts", "count": len(account.recovery_contacts)},
    )
    return account


@dataclass(frozen=True)
class Standing:
    """Where one account stands against the policy's security clauses."""

    account: BrandAccount
    two_factor: str  # valid | expired | missing
    two_factor_required: bool
    attestation_expires_at: dt.datetime | None
    rotation: str  # on_time | due_soon | overdue | unknown (never recorded)
    rotation_due_at: dt.datetime | None
    review: str  # done | due | open | escalated
    people: int
    open_incident_id: int | None
    open_tasks: int
    hold_reason: str | None


def standing_of(
    store: Store,
    account: BrandAccount,
    security: Security | None,
    now: dt.datetime,
    *,
    last_review: dt.datetime | None,
    incident_accounts: set[int],
) -> Standing:
    rotation_days = dt.timedelta(
        days=security.credential_rotation_days if security else holds.DEFAULT_VALIDITY_DAYS
    )
    review_days = dt.timedelta(days=security.access_review_days if security else holds.DEFAULT_VALIDITY_DAYS)
    due = account.last_rotation_at + rotation_days if account.last_rotation_at else None
    rotation = (
        "unknown"
        if due is None
        else "overdue"
        if due <= now
        else "due_soon"
        if due - now <= REMIND_BEFORE
        else "on_time"
    )
    open_review = store.safety.open_review(account.org_id, account.id)
    if open_review is not None:
        review = "escalated" if open_review.escalated_at is not None else "open"
    elif (last_review or account.created_at) + review_days <= now:
        review = "due"
    else:
        review = "done"
    incident = (
        store.safety.open_incident(account.org_id, account.id) if account.id in incident_accounts else None
    )
    required = security.require_2fa if security else False
    return Standing(
        account=account,
        two_factor=holds.two_factor_state(account, security, now),
        two_factor_required=required,
        attestation_expires_at=holds.attestation_expires(account, security),
        rotation=rotation,
        rotation_due_at=due,
        review=review,
        people=len(people_with_access(account)),
        open_incident_id=incident.id if incident else None,
        open_tasks=len(store.safety.open_tasks(account.org_id, account.id)),
        hold_reason=holds.hold_reason(store, account.org_id, account.id, now),
    )


def standings(store: Store, actor: Principal, now: dt.datetime | None = None) -> list[Standing]:
    """Every account of the organisation with its standing."""
    actor.require(Permission.ACCOUNTS_READ)
    return org_standings(store, actor.org_id, now or utcnow())


def org_standings(store: Store, org_id: int, now: dt.datetime) -> list[Standing]:
    security = holds.security_of(store, org_id)
    last = store.safety.last_review_opened(org_id)
    incidents = store.safety.accounts_with_open_incident(org_id)
    return [
        standing_of(store, a, security, now, last_review=last.get(a.id), incident_accounts=incidents)
        for a in store.safety.organisation_accounts(org_id)
    ]


def standing(store: Store, actor: Principal, account_id: int, now: dt.datetime | None = None) -> Standing:
    actor.require(Permission.ACCOUNTS_READ)
    account = _account(store, actor, account_id)
    last = store.safety.last_review_opened(actor.org_id)
    return standing_of(
        store,
        account,
        holds.security_of(store, actor.org_id),
        now or utcnow(),
        last_review=last.get(account.id),
        incident_accounts=store.safety.accounts_with_open_incident(actor.org_id),
    )


def rotation_tasks(store: Store, actor: Principal) -> list[RotationTask]:
    """The open rotation tasks: an admin sees all, an owner those of the accounts they own."""
    tasks = store.safety.open_tasks(actor.org_id)
    if actor.role == Role.ADMIN and actor.can(Permission.ACCOUNTS_READ):
        return tasks
    mine = {a.id for a in store.safety.organisation_accounts(actor.org_id) if actor.user_id in owner_ids(a)}
    return [t for t in tasks if t.account_id in mine]


@dataclass(frozen=True)
class Posture:
    """The organisation's share of accounts in good standing, each 0..1, and their mean as a score 0..100."""

    accounts: int
    two_factor: float
    rotation: float
    reviews: float
    score: int


def posture(store: Store, actor: Principal, now: dt.datetime | None = None) -> Posture:
    actor.require(Permission.METRICS_READ)
    return posture_of(org_standings(store, actor.org_id, now or utcnow()))


def posture_of(rows: Sequence[Standing]) -> Posture:
    """2FA counts as good when attested and valid (or not required); rotation when not overdue and recorded;
    reviews when none is due, open past its delay, or escalated."""
    n = len(rows)
    if n == 0:
        return Posture(0, 1.0, 1.0, 1.0, 100)
    tfa = sum(1 for r in rows if r.two_factor == "valid" or not r.two_factor_required) / n
    rot = sum(1 for r in rows if r.rotation in ("on_time", "due_soon")) / n
    rev = sum(1 for r in rows if r.review in ("done", "open")) / n
    return Posture(n, tfa, rot, rev, round(100 * (tfa + rot + rev) / 3))


def remind_rotations(store: Store, org_id: int, now: dt.datetime) -> int:
    """Once per period, remind the owners of each account whose rotation falls due within
    :data:`REMIND_BEFORE` (or is overdue, or was never recorded): an audit entry naming the account and its
    owners' ids, and the account flagged on its page and the dashboard until a rotation is recorded."""
    reminded = 0
    for row in org_standings(store, org_id, now):
        account = row.account
        if row.rotation == "on_time" or account.rotation_reminded_at is not None:
            continue
        account.rotation_reminded_at = now
        reminded += 1
        audit.record(
            store.session,
            None,
            AuditAction.ACCOUNT_SAFETY,
            "brand_account",
            account.id,
            {
                "change": "rotation_reminder",
                "rotation": row.rotation,
                "due_at": row.rotation_due_at.isoformat() if row.rotation_due_at else None,
                "owners": sorted(owner_ids(account)),
            },
            org_id=org_id,
        )
    store.session.flush()
    return reminded
