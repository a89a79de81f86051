"""Whether a brand account may be published to now, and holding or releasing its publications.

A publication to a brand account is *held* (status ``held``, the reason in ``last_error``) rather than failed
while an incident is open on the account, or while the active policy requires 2FA (``security.require_2fa``)
and the account's 2FA is not attested or its attestation has expired. An attestation is valid for the policy's
``security.credential_rotation_days`` (credentials are rotated on the same rhythm: the owner who rotates them
checks 2FA again). Nothing held is lost: releasing puts it back in the queue, due at once.

Its own module so that the publisher (at each attempt) and the use cases (at publish time, on an attestation,
on an incident's closing) ask the same question.
"""

from __future__ import annotations

import datetime as dt

from charte.audit.chain import AuditAction
from charte.audit.store import AuditLog
from charte.i18n import N_
from charte.policy.loader import parse_policy
from charte.policy.model import Security
from charte.store.models import BrandAccount, PublicationRow
from charte.store.repositories import Store

HELD = "held"
DEFAULT_VALIDITY_DAYS = 90  # with no active policy: the policy model's own default rotation period

HOLD_INCIDENT = N_("Held: an incident is open on this brand account (publishing resumes when it is closed)")
HOLD_2FA_MISSING = N_("Held: the policy requires 2FA and no owner has attested this brand account's 2FA")
HOLD_2FA_EXPIRED = N_("Held: this brand account's 2FA attestation has expired; an owner must attest it again")
HOLD_RECHECK = N_(
    "Held: checked again at send time, the policy now in force judges this post worse than when it was "
    "approved; edit it and submit it again"
)
HOLD_REASONS = (HOLD_INCIDENT, HOLD_2FA_MISSING, HOLD_2FA_EXPIRED)
"""The account's reasons: released when the account may be published to again (a re-check hold never is)."""


#: The security section of each policy version already parsed, by (id, sha256); cleared whole when full.
_SECURITY: dict[tuple[int, str], Security] = {}
_SECURITY_MAX = 256


def security_of(store: Store, org_id: int) -> Security | None:
    """The active policy's security section, or ``None`` without an active policy. The version's text is
    read and parsed once per process: each publication attempt asks (it was one read of the whole policy
    text and a hash of it per call)."""
    ref = store.policies.active_ref(org_id)
    if ref is None:
        return None
    found = _SECURITY.get(ref)
    if found is None:
        found = parse_policy(store.policies.text_of(ref[0]) or "", f"policy #{ref[0]}").security
        if len(_SECURITY) >= _SECURITY_MAX:
            _SECURITY.clear()
        _SECURITY[ref] = found
    return found


def validity(security: Security | None) -> dt.timedelta:
    return dt.timedelta(days=security.credential_rotation_days if security else DEFAULT_VALIDITY_DAYS)


def attestation_expires(account: BrandAccount, security: Security | None) -> dt.datetime | None:
    if not account.two_factor_attested or account.two_factor_attested_at is None:
        return None
    return account.two_factor_attested_at + validity(security)


def two_factor_state(account: BrandAccount, security: Security | None, now: dt.datetime) -> str:
    """``valid``, ``expired`` or ``missing``."""
    expires = attestation_expires(account, security)
    if expires is None:
        return "missing"
    return "valid" if expires > now else "expired"


def hold_reason(store: Store, org_id: int, account_id: int | None, now: dt.datetime) -> str | None:
    """Why publishing to the account is held now (an English msgid, translated where shown), or ``None``."""
    if account_id is None:
        return None
    account = store.accounts.get(org_id, account_id)
    if account is None:
        return None  # a deleted account: the publication's own checks refuse it
    if store.safety.open_incident(org_id, account_id) is not None:
        return HOLD_INCIDENT
    security = security_of(store, org_id)
    if security is None or not security.require_2fa:
        return None
    state = two_factor_state(account, security, now)
    return None if state == "valid" else HOLD_2FA_MISSING if state == "missing" else HOLD_2FA_EXPIRED


def hold(store: Store, row: PublicationRow, reason: str, actor: str) -> None:
    """Hold one publication not being sent (pending, scheduled or retrying), with its reason."""
    row.status, row.last_error, row.lease_until = HELD, reason, None
    store.safety.set_draft_status(row, HELD)
    AuditLog(store.session).append(
        row.org_id,
        actor,
        AuditAction.PUBLISH_HELD,
        "publication",
        row.id,
        {"draft_id": row.draft_id, "account_id": row.account_id, "held": True, "reason": reason[:200]},
    )


def hold_waiting(store: Store, org_id: int, account_id: int, reason: str, actor: str) -> int:
    """Hold at once every publication to the account that is not being sent yet (an incident was opened)."""
    rows = store.safety.waiting_publications(org_id, account_id)
    for row in rows:
        hold(store, row, reason, actor)
    store.session.flush()
    return len(rows)


def release(store: Store, org_id: int, account_id: int, actor: str, now: dt.datetime) -> int:
    """Queue again, due now, the account's held publications if nothing holds the account any more."""
    if hold_reason(store, org_id, account_id, now) is not None:
        return 0
    rows = [r for r in store.safety.held_publications(org_id, account_id) if r.last_error in HOLD_REASONS]
    for row in rows:
        row.status, row.due_at, row.last_error, row.lease_until = "pending", now, None, None
        store.safety.set_draft_status(row, "publishing")
        AuditLog(store.session).append(
            org_id,
            actor,
            AuditAction.PUBLISH_HELD,
            "publication",
            row.id,
            {"draft_id": row.draft_id, "account_id": account_id, "held": False},
        )
    store.session.flush()
    return len(rows)
