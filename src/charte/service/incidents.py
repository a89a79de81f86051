"""The incident playbook for a compromised or hijacked brand account.

Opening an incident holds publishing to the account at once (and until it is closed) and lists the steps:
the built-in ones, then the policy's ``security.incident_playbook``. Each step is ticked with its time and
author in the audit record by someone who may handle incidents: an owner of the account, or a person whose
role the policy names in ``security.incident_roles`` (admins by default). Closing needs every step ticked, or
an admin's override with its reason, recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from charte.audit.chain import AuditAction
from charte.i18n import N_, _, gettext
from charte.service import audit, holds
from charte.service.account_register import owner_ids, people_with_access
from charte.service.errors import Conflict, Invalid, NotFound, denied, not_found
from charte.service.permissions import Permission, Role
from charte.service.principal import Principal
from charte.store.models import BrandAccount, Incident, IncidentStep, RotationTask, utcnow
from charte.store.repositories import Page, Store

BUILTIN_STEPS: tuple[tuple[str, str], ...] = (
    ("lock_publishing", N_("Lock publishing to the account")),
    ("rotate_credentials", N_("Rotate the account's credentials and check its 2FA")),
    ("tell_platform", N_("Tell the platform the account was compromised")),
    ("tell_public", N_("Tell the public what happened")),
    ("review_posts", N_("Review what was posted while the account was not in your hands")),
)
BUILTIN_LABELS = dict(BUILTIN_STEPS)
MAX_SUMMARY = 500


def label(step: IncidentStep) -> str:
    """The step's words: a built-in msgid (translate where shown) or the policy's English text."""
    return BUILTIN_LABELS.get(step.key) or str(step.label.get("en") or step.label.get("fr") or step.key)


def localized(step: IncidentStep, lang: str) -> str | None:
    """A policy step's words in ``lang`` (``None`` for a built-in step: its msgid is translated instead)."""
    if step.key in BUILTIN_LABELS:
        return None
    return str(step.label.get(lang) or step.label.get("en") or step.label.get("fr") or step.key)


def may_handle(store: Store, actor: Principal, account: BrandAccount) -> bool:
    if actor.user_id in owner_ids(account):
        return True
    security = holds.security_of(store, actor.org_id)
    roles = security.incident_roles if security is not None else ["admin"]
    return str(actor.role) in roles


def _account(store: Store, actor: Principal, account_id: int) -> BrandAccount:
    actor.require(Permission.ACCOUNTS_READ)
    account = store.accounts.get(actor.org_id, account_id)
    if account is None:
        raise not_found("account", account_id)
    return account


def open_incident(
    store: Store, actor: Principal, account_id: int, summary: str, now: dt.datetime | None = None
) -> Incident:
    """Anyone with access to the account (or who may handle incidents) raises the alarm."""
    now = now or utcnow()
    account = _account(store, actor, account_id)
    if actor.user_id not in people_with_access(account) and not may_handle(store, actor, account):
        raise denied(
            _("open an incident on brand account {id} (you have no access to it)", id=account_id), actor
        )
    summary = summary.strip()
    if not summary or len(summary) > MAX_SUMMARY:
        raise Invalid.one("summary", _("say in 1 to {n} characters what happened", n=MAX_SUMMARY))
    if store.safety.open_incident(actor.org_id, account.id) is not None:
        raise Conflict(_("brand account {id} already has an open incident: work through it", id=account.id))
    security = holds.security_of(store, actor.org_id)
    steps = [IncidentStep(position=i, key=k, label={}) for i, (k, _label) in enumerate(BUILTIN_STEPS)]
    for n, step in enumerate(security.incident_playbook if security else []):
        labels: dict[str, Any] = {k: v for k, v in (("fr", step.fr), ("en", step.en)) if v}
        steps.append(IncidentStep(position=len(steps), key=f"policy-{n + 1}", label=labels))
    incident = Incident(
        org_id=actor.org_id, account_id=account.id, summary=summary, opened_by=actor.user_id, opened_at=now
    )
    incident.steps = steps
    store.session.add(incident)
    store.session.add(
        RotationTask(org_id=actor.org_id, account_id=account.id, reason="incident", created_at=now)
    )
    store.session.flush()
    ref = audit.actor_ref(actor)
    audit.record(
        store.session,
        actor,
        AuditAction.INCIDENT,
        "incident",
        incident.id,
        {"change": "opened", "account_id": account.id, "steps": [s.key for s in steps]},
    )
    held = holds.hold_waiting(store, actor.org_id, account.id, holds.HOLD_INCIDENT, ref)
    steps[0].done_at, steps[0].done_by = now, actor.user_id  # publishing is locked by opening the incident
    audit.record(
        store.session,
        actor,
        AuditAction.INCIDENT,
        "incident",
        incident.id,
        {"change": "step_ticked", "step": steps[0].key, "held_publications": held},
    )
    return incident


def get(store: Store, actor: Principal, incident_id: int) -> Incident:
    actor.require(Permission.ACCOUNTS_READ)
    incident = store.safety.incident(actor.org_id, incident_id)
    if incident is None:
        raise _no_incident(incident_id)
    return incident


def list_incidents(
    store: Store, actor: Principal, *, open_only: bool, account_id: int | None, limit: int, offset: int
) -> Page[Incident]:
    actor.require(Permission.ACCOUNTS_READ)
    return store.safety.incidents(
        actor.org_id, open_only=open_only, account_id=account_id, limit=limit, offset=offset
    )


def _no_incident(incident_id: int) -> NotFound:
    return NotFound("incident", incident_id, message=_("incident {id} not found", id=incident_id))


def _handled(store: Store, actor: Principal, incident_id: int, refusal: str) -> tuple[Incident, BrandAccount]:
    """``refusal``: an ``N_()`` sentence with ``{id}`` (the incident), what is refused to who may not handle it."""
    actor.require(Permission.ACCOUNTS_READ)
    incident = store.safety.incident(actor.org_id, incident_id, lock=True)
    if incident is None:
        raise _no_incident(incident_id)
    account = _account(store, actor, incident.account_id)
    if not may_handle(store, actor, account):
        raise denied(gettext(refusal, id=incident_id), actor)
    if incident.closed_at is not None:
        raise Conflict(_("incident {id} is closed", id=incident.id))
    return incident, account


def tick(
    store: Store, actor: Principal, incident_id: int, step_key: str, now: dt.datetime | None = None
) -> Incident:
    now = now or utcnow()
    incident = _handled(
        store,
        actor,
        incident_id,
        N_(
            "tick a step of incident {id} (the account's owners and the roles the policy names in "
            "security.incident_roles may)"
        ),
    )[0]
    step = next((s for s in incident.steps if s.key == step_key), None)
    if step is None:
        raise Invalid.one(
            "step",
            _("no such step; this incident's are {steps}", steps=", ".join(s.key for s in incident.steps)),
        )
    if step.done_at is not None:
        raise Conflict(
            _(
                "step {step} was already ticked by user {user} at {at}",
                step=step.key,
                user=step.done_by,
                at=step.done_at.isoformat(),
            )
        )
    step.done_at, step.done_by = now, actor.user_id
    store.session.flush()
    audit.record(
        store.session,
        actor,
        AuditAction.INCIDENT,
        "incident",
        incident.id,
        {"change": "step_ticked", "step": step.key},
    )
    return incident


def close(
    store: Store,
    actor: Principal,
    incident_id: int,
    *,
    override_reason: str | None = None,
    now: dt.datetime | None = None,
) -> Incident:
    """Close when every step is ticked; otherwise only an admin, with the reason, recorded."""
    now = now or utcnow()
    incident, account = _handled(
        store,
        actor,
        incident_id,
        N_(
            "close incident {id} (the account's owners and the roles the policy names in "
            "security.incident_roles may)"
        ),
    )
    missing = [s.key for s in incident.steps if s.done_at is None]
    reason = (override_reason or "").strip() or None
    if missing and reason is None:
        raise Conflict(
            _(
                "steps not ticked yet: {steps}; tick them, or an admin closes with an override reason",
                steps=", ".join(missing),
            )
        )
    if missing and actor.role != Role.ADMIN:
        raise denied(
            _("close incident {id} with steps not ticked (only an admin may)", id=incident.id), actor
        )
    if reason is not None and len(reason) > 500:
        raise Invalid.one("override_reason", _("give at most {n} characters", n=500))
    incident.closed_at, incident.closed_by = now, actor.user_id
    incident.override_reason = reason if missing else None
    store.session.flush()
    audit.record(
        store.session,
        actor,
        AuditAction.INCIDENT,
        "incident",
        incident.id,
        {
            "change": "closed",
            "account_id": account.id,
            "override": bool(missing),
            "steps_not_ticked": missing,
        },
    )
    holds.release(store, actor.org_id, account.id, audit.actor_ref(actor), now)
    return incident
