"""Crisis mode (docs/crisis.md): declared by the roles the policy names (``crisis.declare_roles``) or proposed by a
spike alert on negative or crisis mentions and confirmed by such a person.

While a crisis is active:
- every publication of its scope not being sent yet is *paused* (status ``paused``, ``crisis_id`` set) by one
  set-based UPDATE at declaration, and the publisher pauses any other one that falls due (:func:`pause_reason`);
- every level of approval is signed by members of the crisis team (:func:`approval_team`,
  :func:`charte.service.review.level_allows`), and every brand post goes through approval;
- a post approved during the crisis goes out (it is a statement): its publication carries the crisis's id;
- the saved replies put the holding statements first (:func:`is_active`, a cheap lookup cached per request).

Ending it decides what becomes of each paused post: resume, reschedule or cancel, one by one or all at once.
The timeline (declared, posts paused, statements sent, decisions, ended) is in the audit record (``crisis``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy.exc import IntegrityError

from charte.audit.chain import AuditAction
from charte.audit.store import SYSTEM_ACTOR, AuditLog
from charte.i18n import N_, _, gettext
from charte.policy.loader import parse_policy
from charte.policy.model import Crisis as CrisisPolicy
from charte.service import audit
from charte.service.errors import Conflict, Invalid, NotFound, denied
from charte.service.notifications import Notification, notify
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import Crisis, PublicationRow, utcnow
from charte.store.repositories import Page, Store

PAUSED = "paused"
CANCELLED = "cancelled"
PAUSE_REASON = N_("Paused: a crisis is declared (the post waits for a decision when it ends)")
MAX_SUMMARY = 500
MAX_ACCOUNTS = 200
MAX_DECISIONS = 1000
#: Spike signals whose alert may be turned into a crisis.
CRISIS_SIGNALS = frozenset({"negative", "crisis"})
_CACHE_KEY = "charte.crisis.active"

CHOICES: tuple[str, ...] = ("resume", "reschedule", "cancel")


# -- the policy's section, and the cheap lookup ------------------------------------------------------------------
@lru_cache(maxsize=256)
def _section(policy_id: int, sha256: str, text: str) -> CrisisPolicy:
    return parse_policy(text, f"policy #{policy_id}").crisis


def settings_of(store: Store, org_id: int) -> CrisisPolicy:
    """The active policy's ``crisis`` section (parsed once per version); its defaults without an active policy."""
    ref = store.policies.active_ref(org_id)
    if ref is None:
        return CrisisPolicy()
    return _section(ref[0], ref[1], store.policies.text_of(ref[0]) or "")


def active(store: Store, org_id: int) -> Crisis | None:
    """The organisation's active crisis, read once per request (session) and remembered on it."""
    cache: dict[int, Crisis | None] = store.session.info.setdefault(_CACHE_KEY, {})
    if org_id not in cache:
        cache[org_id] = store.crises.active(org_id)
    return cache[org_id]


def _forget(store: Store, org_id: int) -> None:
    store.session.info.get(_CACHE_KEY, {}).pop(org_id, None)


def is_active(store: Store, org_id: int) -> bool:
    """Whether a crisis is active (the saved replies then put the holding statements first)."""
    return active(store, org_id) is not None


def covers(crisis: Crisis, account_id: int | None) -> bool:
    """Whether the crisis pauses posts to ``account_id`` (every post, or only those of the named accounts)."""
    return crisis.scope == "all" or (account_id is not None and account_id in crisis.account_ids)


def approval_team(store: Store, org_id: int) -> str | None:
    """The team that signs every level while a crisis is active (``None``: no crisis, or no crisis team)."""
    crisis = active(store, org_id)
    return crisis.team if crisis is not None else None


def covering(store: Store, org_id: int, account_id: int | None) -> Crisis | None:
    """The active crisis if it pauses posts to ``account_id``."""
    crisis = active(store, org_id)
    return crisis if crisis is not None and covers(crisis, account_id) else None


def pause_reason(store: Store, row: PublicationRow) -> Crisis | None:
    """The crisis that pauses this due publication, if any: one covering its account that it was not approved
    during (a post approved during the crisis carries its id in ``content.crisis_id`` and goes out)."""
    crisis = covering(store, row.org_id, row.account_id)
    if crisis is None or (row.content or {}).get("crisis_id") == crisis.id:
        return None
    return crisis


def pause(store: Store, row: PublicationRow, crisis: Crisis) -> None:
    """Pause one publication that fell due during the crisis (the publisher's call)."""
    row.status, row.crisis_id, row.last_error, row.lease_until = PAUSED, crisis.id, PAUSE_REASON, None
    store.safety.set_draft_status(row, PAUSED)
    crisis.paused_count = Crisis.paused_count + 1  # in SQL: two workers pausing at once both count
    _timeline(store, None, crisis, "post_paused", {"publication_id": row.id, "draft_id": row.draft_id})


def _timeline(
    store: Store, actor: Principal | None, crisis: Crisis, change: str, details: dict[str, Any] | None = None
) -> None:
    AuditLog(store.session).append(
        crisis.org_id,
        audit.actor_ref(actor) if actor is not None else SYSTEM_ACTOR,
        AuditAction.CRISIS,
        "crisis",
        str(crisis.id),
        {"change": change, **(details or {})},
    )


def record_statement(
    store: Store, org_id: int, what: str, object_id: object, crisis_id: int | None = None
) -> None:
    """Record on the crisis's timeline that a statement went out (a post approved during it, a reply sent):
    ``what`` is the kind of object (``publication``, ``reply``), never its text."""
    crisis = store.crises.get(org_id, crisis_id) if crisis_id is not None else active(store, org_id)
    if crisis is not None:
        _timeline(
            store, None, crisis, "statement_sent", {"object_type": what[:32], "object_id": str(object_id)}
        )


# -- who may -----------------------------------------------------------------------------------------------------
def may_manage(store: Store, actor: Principal) -> bool:
    """The roles the policy names in ``crisis.declare_roles`` declare and end crises (and read their reports)."""
    return actor.can(Permission.CRISIS) and str(actor.role) in settings_of(store, actor.org_id).declare_roles


def _require_manage(store: Store, actor: Principal, what: str) -> None:
    if not may_manage(store, actor):
        raise denied(what, actor)


def _require_read(store: Store, actor: Principal) -> None:
    if not (may_manage(store, actor) or actor.can(Permission.AUDIT_READ)):
        raise denied(_("read crises (the policy's crisis.declare_roles does not name your role)"), actor)


# -- declaring ---------------------------------------------------------------------------------------------------
def _validate_accounts(store: Store, org_id: int, account_ids: Sequence[int]) -> list[int]:
    if len(account_ids) > MAX_ACCOUNTS:
        raise Invalid.one("account_ids", _("name at most {n} accounts", n=MAX_ACCOUNTS))
    seen: list[int] = []
    for i, account_id in enumerate(account_ids):
        if store.accounts.get(org_id, account_id) is None:
            raise Invalid.one(f"account_ids[{i}]", _("brand account {id} not found", id=account_id))
        if account_id not in seen:
            seen.append(account_id)
    return seen


def _proposal(store: Store, org_id: int, alert_id: int) -> None:
    alert = store.alerts.get(org_id, alert_id)
    if alert is None:
        raise NotFound("alert", alert_id, message=_("alert {id} not found", id=alert_id))
    if alert.kind != "spike" or (alert.details or {}).get("signal") not in CRISIS_SIGNALS:
        raise Invalid.one(
            "alert_id",
            _("only a spike of negative or crisis mentions proposes a crisis; this alert does not"),
        )


def declare(
    store: Store,
    actor: Principal,
    *,
    summary: str,
    account_ids: Sequence[int] | None = None,
    alert_id: int | None = None,
    now: dt.datetime | None = None,
) -> Crisis:
    """Declare a crisis and pause, in one statement, every post of its scope not being sent yet."""
    now = now or utcnow()
    _require_manage(
        store, actor, _("declare a crisis (the policy's crisis.declare_roles does not name your role)")
    )
    policy = settings_of(store, actor.org_id)
    summary = summary.strip()
    if not summary or len(summary) > MAX_SUMMARY:
        raise Invalid.one("summary", _("say in 1 to {n} characters what is happening", n=MAX_SUMMARY))
    accounts = _validate_accounts(store, actor.org_id, account_ids or [])
    if policy.pause == "accounts" and not accounts:
        raise Invalid.one(
            "account_ids", _("the policy pauses only the accounts named when declaring: name at least one")
        )
    if alert_id is not None:
        _proposal(store, actor.org_id, alert_id)
    if store.crises.active(actor.org_id, lock=True) is not None:
        raise Conflict(_("a crisis is already active: end it before declaring another"))
    crisis = Crisis(
        org_id=actor.org_id,
        active_org=actor.org_id,
        summary=summary,
        scope="accounts" if accounts else "all",
        account_ids=accounts,
        team=policy.team,
        alert_id=alert_id,
        declared_by=actor.user_id or None,  # the system (user 0) is nobody
        declared_at=now,
        paused_count=0,
        outcome={},
    )
    store.session.add(crisis)
    try:
        store.session.flush()
    except IntegrityError:  # declared at the same moment by someone else: the database kept one (the caller's
        # transaction is rolled back with the refusal; no savepoint, which pysqlite would turn into a commit)
        raise Conflict(_("a crisis is already active: end it before declaring another")) from None
    _forget(store, actor.org_id)
    _timeline(
        store,
        actor,
        crisis,
        "declared",
        {"scope": crisis.scope, "account_ids": accounts, "team": crisis.team, "alert_id": alert_id},
    )
    paused = store.crises.pause_waiting(crisis, PAUSE_REASON)
    crisis.paused_count = paused
    _timeline(store, actor, crisis, "posts_paused", {"count": paused})
    if alert_id is not None:
        alert = store.alerts.get(actor.org_id, alert_id)
        if alert is not None and not alert.acknowledged:
            alert.acknowledged, alert.acknowledged_by, alert.acknowledged_at = (
                True,
                actor.user_id or None,
                now,
            )
    store.session.flush()
    notify(
        store,
        actor.org_id,
        Notification(
            "alert",
            gettext("Crisis declared"),
            gettext("{n} scheduled posts are paused until the crisis ends.", n=paused),
        ),
    )
    return crisis


# -- reading -----------------------------------------------------------------------------------------------------
def current(store: Store, actor: Principal) -> Crisis | None:
    """The active crisis, for anyone of the organisation (the banner every page shows)."""
    actor.require(Permission.ORG_READ)
    return active(store, actor.org_id)


def get(store: Store, actor: Principal, crisis_id: int) -> Crisis:
    _require_read(store, actor)
    crisis = store.crises.get(actor.org_id, crisis_id)
    if crisis is None:
        raise _no_crisis(crisis_id)
    return crisis


def history(store: Store, actor: Principal, *, limit: int, offset: int) -> Page[Crisis]:
    _require_read(store, actor)
    return store.crises.history(actor.org_id, limit=limit, offset=offset)


def paused_posts(
    store: Store, actor: Principal, crisis: Crisis, *, limit: int = 200, offset: int = 0
) -> list[PublicationRow]:
    """The posts the crisis still holds paused, soonest first (the end page's list)."""
    _require_read(store, actor)
    return store.crises.paused(crisis, limit=limit, offset=offset)


def _no_crisis(crisis_id: int) -> NotFound:
    return NotFound("crisis", crisis_id, message=_("crisis {id} not found", id=crisis_id))


# -- ending ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Decision:
    """What becomes of one paused post: ``resume`` (as scheduled, or now if its time passed), ``reschedule`` (at
    ``scheduled_at``) or ``cancel`` (not sent; its draft is approved again)."""

    publication_id: int
    choice: str
    scheduled_at: dt.datetime | None = None


@dataclass
class Ending:
    crisis: Crisis
    counts: dict[str, int] = field(default_factory=dict)


def _validate_decision(i: int, d: Decision, now: dt.datetime) -> None:
    if d.choice not in CHOICES:
        raise Invalid.one(f"decisions[{i}].choice", _("write resume, reschedule or cancel"))
    if d.choice == "reschedule":
        if d.scheduled_at is None:
            raise Invalid.one(f"decisions[{i}].scheduled_at", _("a rescheduled post needs its new time"))
        if d.scheduled_at.tzinfo is None:
            raise Invalid.one(
                f"decisions[{i}].scheduled_at", _("give a time zone, e.g. 2026-12-01T09:00:00+01:00")
            )
        if d.scheduled_at <= now:
            raise Invalid.one(f"decisions[{i}].scheduled_at", _("is in the past"))
    elif d.scheduled_at is not None:
        raise Invalid.one(f"decisions[{i}].scheduled_at", _("only a rescheduled post takes a new time"))


def end(
    store: Store,
    actor: Principal,
    *,
    decisions: Sequence[Decision] = (),
    rest: str | None = None,
    now: dt.datetime | None = None,
) -> Ending:
    """End the active crisis: each paused post gets its decision (``decisions``), the others ``rest`` (resume or
    cancel, in one statement); with paused posts left and no ``rest``, nothing ends and the count is named."""
    now = now or utcnow()
    _require_manage(
        store, actor, _("end a crisis (the policy's crisis.declare_roles does not name your role)")
    )
    crisis = store.crises.active(actor.org_id, lock=True)
    if crisis is None:
        raise Conflict(_("no crisis is active"))
    if len(decisions) > MAX_DECISIONS:
        raise Invalid.one(
            "decisions", _("give at most {n} decisions; decide the rest together", n=MAX_DECISIONS)
        )
    if rest is not None and rest not in ("resume", "cancel"):
        raise Invalid.one("rest", _("write resume or cancel"))
    seen: set[int] = set()
    for i, d in enumerate(decisions):
        _validate_decision(i, d, now)
        if d.publication_id in seen:
            raise Invalid.one(f"decisions[{i}].publication_id", _("decided twice"))
        seen.add(d.publication_id)
    rows = {r.id: r for r in store.crises.paused(crisis, ids=sorted(seen), limit=MAX_DECISIONS)}
    for i, d in enumerate(decisions):
        if d.publication_id not in rows:
            raise Invalid.one(
                f"decisions[{i}].publication_id",
                _("publication {id} is not a post paused by this crisis", id=d.publication_id),
            )
    left = store.crises.count_paused(crisis) - len(rows)
    if left and rest is None:
        raise Invalid.one(
            "rest",
            _(
                "{n} paused posts have no decision: decide each one, or give rest (resume or cancel)",
                n=left,
            ),
        )
    counts = {choice: 0 for choice in CHOICES}
    for d in decisions:
        row = rows[d.publication_id]
        _apply(store, row, d, now)
        counts[d.choice] += 1
        _timeline(
            store,
            actor,
            crisis,
            "decision",
            {"publication_id": row.id, "draft_id": row.draft_id, "choice": d.choice},
        )
    store.session.flush()
    if left:
        done = store.crises.resume_rest(crisis, now) if rest == "resume" else store.crises.cancel_rest(crisis)
        counts[str(rest)] += done
        _timeline(store, actor, crisis, "decision", {"rest": rest, "count": done})
    crisis.active_org, crisis.ended_at, crisis.ended_by, crisis.outcome = (
        None,
        now,
        actor.user_id or None,
        counts,
    )
    store.session.flush()
    _forget(store, actor.org_id)
    _timeline(store, actor, crisis, "ended", dict(counts))
    notify(
        store,
        actor.org_id,
        Notification(
            "alert",
            gettext("Crisis ended"),
            gettext(
                "Paused posts: {resume} resumed, {reschedule} rescheduled, {cancel} cancelled.",
                resume=counts["resume"],
                reschedule=counts["reschedule"],
                cancel=counts["cancel"],
            ),
        ),
    )
    return Ending(crisis, counts)


def _apply(store: Store, row: PublicationRow, d: Decision, now: dt.datetime) -> None:
    if d.choice == "cancel":
        store.safety.set_draft_status(row, "approved")
        row.status, row.last_error = CANCELLED, None
        return
    if d.choice == "reschedule":
        assert d.scheduled_at is not None
        row.due_at = d.scheduled_at
    elif (row.due_at if row.due_at.tzinfo else row.due_at.replace(tzinfo=dt.UTC)) <= now:
        row.due_at = now
    due = row.due_at if row.due_at.tzinfo else row.due_at.replace(tzinfo=dt.UTC)
    row.status, row.last_error = ("scheduled" if due > now else "pending"), None
    store.safety.set_draft_status(row, "scheduled" if row.status == "scheduled" else "publishing")
