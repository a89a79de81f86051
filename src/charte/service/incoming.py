"""What the ingestion does with each stored batch besides storing it: the incoming checks (look-alike authors,
dangerous links) stored as flags on each mention, and the spike detectors fed with the new mentions.

Both are kept cheap: the organisation's :class:`Identity` is built once a minute per organisation (not per
mention), and the detectors cost a dictionary increment per mention (``charte.service.signals``).
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal

from charte.audit.chain import AuditAction
from charte.i18n import gettext
from charte.listening.links import LinkCheck
from charte.listening.lookalike import Identity, Lookalike
from charte.listening.spikes import Spike, signal_keys
from charte.listening.types import IncomingMention
from charte.listening.watch import IncomingFlags, check_incoming
from charte.policy.model import Policy
from charte.service import audit
from charte.service.mentions import raise_alert
from charte.service.notifications import Notification, notify
from charte.service.signals import SpikeWatch, spike_notification
from charte.store.models import Source
from charte.store.repositories import Store

log = logging.getLogger(__name__)

#: Seconds an organisation's identity is reused before its brand accounts are read again.
IDENTITY_TTL = 60.0


class IdentityCache:
    """The organisation's identity (active policy's organisation + brand accounts' handles), a minute at most."""

    def __init__(self, ttl: float = IDENTITY_TTL) -> None:
        self.ttl = ttl
        self._cache: dict[tuple[int, int], tuple[float, Identity]] = {}
        self._lock = threading.Lock()

    def get(self, store: Store, org_id: int, policy: Policy | None) -> Identity | None:
        """``None`` when the organisation has no active policy (nothing says who it is)."""
        if policy is None:
            return None
        key = (org_id, id(policy))
        now = time.monotonic()
        with self._lock:
            found = self._cache.get(key)
        if found is not None and now - found[0] < self.ttl:
            return found[1]
        handles = [
            account.handle
            for account in store.accounts.list(
                org_id, platform=None, q=None, owner_id=None, two_factor=None, limit=500, offset=0
            ).items
        ]
        identity = Identity.from_organisation(policy.organisation, handles)
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if k[0] != org_id}
            self._cache[key] = (now, identity)
        return identity


# -- flags, stored as JSON on the mention and read back for the reader's language ------------------------------
def _lookalike(found: Lookalike | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {"kind": found.kind, "target": found.target, "words": list(found.words)}


def incoming_flags(mention: IncomingMention, identity: Identity) -> dict[str, Any] | None:
    """The flags of one mention as stored (``None``: nothing suspicious)."""
    flags = check_incoming(mention, identity)
    if not flags.flagged:
        return None
    return {
        "account": _lookalike(flags.account),
        "links": [
            {
                "link": link.link[:500],
                "start": link.start,
                "end": link.end,
                "host": link.host[:300],
                "flags": list(link.flags),
                "score": link.score,
                "lookalike": _lookalike(link.lookalike),
            }
            for link in flags.links[:20]
        ],
    }


def flag_of(stored: Mapping[str, Any] | None) -> str | None:
    """What the inbox filters on: ``account`` (a look-alike author), ``links`` (dangerous links only), or None."""
    if not stored:
        return None
    return "account" if stored.get("account") else "links"


def _read_lookalike(data: Any) -> Lookalike | None:
    if not isinstance(data, Mapping):
        return None
    return Lookalike(data.get("kind", "inside"), str(data.get("target", "")), tuple(data.get("words") or ()))


def flags_of(stored: Mapping[str, Any] | None) -> IncomingFlags | None:
    """The stored flags as :class:`IncomingFlags`, whose ``reasons(lang)`` a page shows."""
    if not stored:
        return None
    links = tuple(
        LinkCheck(
            str(item.get("link", "")),
            int(item.get("start", 0)),
            int(item.get("end", 0)),
            str(item.get("host", "")),
            tuple(item.get("flags") or ()),
            item.get("score"),
            _read_lookalike(item.get("lookalike")),
        )
        for item in stored.get("links") or ()
        if isinstance(item, Mapping)
    )
    return IncomingFlags(_read_lookalike(stored.get("account")), links)


def reasons(stored: Mapping[str, Any] | None, lang: str | None = None) -> list[str]:
    flags = flags_of(stored)
    return flags.reasons(lang) if flags is not None else []


# -- spikes ----------------------------------------------------------------------------------------------------
class SpikeFeed:
    """One worker's spike detectors fed from stored batches; thread-safe (the runner stores in threads)."""

    def __init__(self, watch: SpikeWatch | None = None) -> None:
        self.watch = watch or SpikeWatch()
        self._lock = threading.Lock()

    def feed(
        self, store: Store, source: Source, rows: Sequence[Mapping[str, Any]], now: dt.datetime
    ) -> list[Spike]:
        """Count the batch's new mentions (negative, crisis, the source's keywords they contain) and raise
        each spike found: an inbox alert, an audit entry and a notification."""
        keywords = [k for k in source.settings.get("keywords", ()) if isinstance(k, str) and k]
        items = []
        for row in rows:
            text = str(row.get("text") or "").casefold() if keywords else ""  # folded only to find them
            keys = signal_keys(
                negative=row.get("sentiment") == "negative",
                crisis=row.get("intent") == "crisis",
                keywords=[k for k in keywords if k.casefold() in text],
            )
            if keys:
                items.append((keys, row["received_at"]))
        with self._lock:
            spikes = self.watch.observe_batch(store, source.org_id, items, now)
        for spike in spikes:
            raise_spike(store, source.org_id, spike)
        return spikes


def raise_spike(store: Store, org_id: int, spike: Spike) -> None:
    message = spike_notification(spike)
    details = {
        "signal": spike.key,
        "observed": spike.observed,
        "expected": round(spike.expected, 2),
        "window_seconds": spike.window_seconds,
        "p_value": spike.p_value,
        "at": spike.at.isoformat(),
    }
    if spike.key in (
        "negative",
        "crisis",
    ):  # a proposal: someone the policy lets declare a crisis confirms it
        details["proposes_crisis"] = True
    alert = raise_alert(store, org_id, "spike", message.title, details)
    audit.record(store.session, None, AuditAction.ALERT_RAISED, "alert", alert.id, details, org_id=org_id)
    notify(store, org_id, message, alert_id=alert.id)


# -- SLA reminders and escalations ------------------------------------------------------------------------------
#: Mentions whose clock is still running (an answered or closed one needs no reminder).
OPEN_STATUSES = ("new", "assigned")
#: Most mentions one run of the SLA job handles per kind (the next run takes the rest).
SLA_BATCH = 500
SLA_STEPS: tuple[Literal["reminder", "breach"], ...] = ("reminder", "breach")


def send_sla_notices(store: Store, now: dt.datetime) -> tuple[int, int]:
    """Remind the team of each open mention whose reminder time has come, and escalate each one past its due
    time: an inbox alert and a notification each, sent once (``reminded_at``/``escalated_at`` are set in the
    same transaction, rows locked so two workers never send the same one). Returns (reminders, escalations)."""
    sent = []
    for kind in SLA_STEPS:
        rows = store.mentions.sla_due(kind, now, OPEN_STATUSES, SLA_BATCH)
        count = 0
        for row in rows:
            if kind == "reminder":
                row.reminded_at = now
                if row.escalated_at is None and row.due_at is not None and row.due_at <= now:
                    continue  # already late: the escalation below says it, not a reminder too
                title = gettext("An answer is due soon")
                body = gettext(
                    "Mention {id} for team {team} is due at {due} UTC.",
                    id=row.id,
                    team=row.team or "-",
                    due=f"{row.due_at:%Y-%m-%d %H:%M}" if row.due_at else "-",
                )
            else:
                row.escalated_at = now
                row.reminded_at = row.reminded_at or now
                title = gettext("An answer is late")
                body = gettext(
                    "Mention {id} for team {team} was due at {due} UTC and has no answer.",
                    id=row.id,
                    team=row.team or "-",
                    due=f"{row.due_at:%Y-%m-%d %H:%M}" if row.due_at else "-",
                )
            details = {
                "mention_id": row.id,
                "team": row.team,
                "due_at": row.due_at.isoformat() if row.due_at else None,
            }
            alert = raise_alert(store, row.org_id, f"sla_{kind}", title, details)
            if kind == "breach":
                audit.record(
                    store.session,
                    None,
                    AuditAction.ALERT_RAISED,
                    "alert",
                    alert.id,
                    details,
                    org_id=row.org_id,
                )
            notify(store, row.org_id, Notification(kind, title, body), alert_id=alert.id)
            count += 1
        store.session.flush()
        sent.append(count)
    return sent[0], sent[1]
