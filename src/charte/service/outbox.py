"""Sending the notification outbox: the notices :func:`charte.service.notifications.notify` wrote, after the
transaction that wrote them has committed.

One pass (:meth:`Deliverer.run`), each step its own short transaction, none open while a channel is called:

1. *claim* a few due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a conditional UPDATE on SQLite: two
   deliverers never claim the same row), each claim counted as an attempt, under a lease;
2. send each one through apprise, outside any transaction;
3. *finish* it, only while the claim is still ours: ``sent``; or back to ``pending`` after an exponential
   backoff with jitter; or ``failed`` after the last attempt, with an audit entry
   (``notification.failed``). The channel's health (last attempt, last success, consecutive failures, last
   error) is updated in the same transaction.

A deliverer that dies mid-send leaves its rows claimed until the lease runs out; another then sends them again
(at least once: a notice may, rarely, arrive twice, never zero times while attempts remain). Errors are kept
with every part of the channel's URL blanked; nothing of a notice (title, body, URL) is ever logged, only ids.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from charte.audit.chain import AuditAction
from charte.i18n import _
from charte.service import audit
from charte.service.errors import Invalid
from charte.service.notifications import Notification, NotificationKind, attempt, record_outcome
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.service.publishing import Backoff
from charte.store.models import NotificationChannel, NotificationOutbox
from charte.store.paging import Page
from charte.store.repositories import Store
from charte.store.repositories.notifications import FAILED, OUTBOX_STATUSES, SENT

log = logging.getLogger(__name__)

#: Rows claimed at once: a claim's lease covers the whole batch, sent one after the other.
BATCH = 10
#: How long a claim holds: past it, a row left by a dead deliverer is claimed again. Well above what a batch
#: of sends to slow channels takes (apprise's own timeouts are seconds).
LEASE = dt.timedelta(minutes=10)
#: Most rows one pass sends, and how long it goes on claiming: a pass holds one of the job runner's threads,
#: which publishing shares, so a backlog behind slow channels is sent over several passes (the next pass takes
#: the rest).
PASS_LIMIT = 500
PASS_SECONDS = 60.0
#: How long sent and failed notices are kept.
KEEP_SENT = dt.timedelta(days=30)
KEEP_FAILED = dt.timedelta(days=90)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class _Claimed:
    """What a send needs, read in the claim's transaction (detached: no session is open while sending)."""

    id: int
    org_id: int
    channel: NotificationChannel | None
    message: Notification
    attempts: int
    alert_id: int | None


def _sent(send: Callable[[NotificationChannel, Notification], str | None], row: _Claimed) -> str | None:
    """The send's error (None: delivered). A sender that raises is an error too, by its type only (its message
    could quote the URL), so that one bad notice never leaves the rest of its batch claimed."""
    if row.channel is None:
        return "the channel is gone"
    try:
        return send(row.channel, row.message)
    except Exception as exc:
        return f"{type(exc).__name__} while sending"


@dataclass
class Report:
    """What one pass did, by row count."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0
    lost: int = 0  # finished by another deliverer after our lease ran out
    claimed: list[int] = field(default_factory=list)


@dataclass
class Deliverer:
    """Sends due outbox rows. ``send`` is the channel call (by default
    :func:`charte.service.notifications.attempt`; a test's double), ``clock`` the time (UTC)."""

    factory: sessionmaker[Session]
    max_attempts: int = 6
    backoff: Backoff = field(default_factory=lambda: Backoff(base_seconds=30.0))
    lease: dt.timedelta = LEASE
    batch: int = BATCH
    send: Callable[[NotificationChannel, Notification], str | None] | None = None
    clock: Callable[[], dt.datetime] = utcnow

    def run(self, limit: int = PASS_LIMIT, seconds: float = PASS_SECONDS) -> Report:
        """Send what is due, batch after batch, until nothing is left, ``limit`` rows were claimed or ``seconds``
        have passed (the batch under way is finished)."""
        report = Report()
        send = self.send or attempt
        until = time.monotonic() + seconds
        while len(report.claimed) < limit and time.monotonic() < until:
            token = uuid.uuid4().hex
            claimed = self._claim(token, min(self.batch, limit - len(report.claimed)))
            if not claimed:
                break
            for row in claimed:
                report.claimed.append(row.id)
                self._finish(row, token, _sent(send, row), report)
        return report

    def _claim(self, token: str, limit: int) -> list[_Claimed]:
        with self.factory() as session, session.begin():
            store = Store(session)
            rows = store.outbox.claim(self.clock(), token=token, lease=self.lease, limit=limit)
            claimed = []
            for row in rows:
                channel = store.notification_channels.get(row.org_id, row.channel_id)
                if channel is not None:
                    session.expunge(channel)
                kind: NotificationKind = row.kind  # type: ignore[assignment]  # written from a NotificationKind
                claimed.append(
                    _Claimed(
                        row.id,
                        row.org_id,
                        channel,
                        Notification(kind, row.title, row.body),
                        row.attempts,
                        row.alert_id,
                    )
                )
            return claimed

    def _finish(self, row: _Claimed, token: str, error: str | None, report: Report) -> None:
        now = self.clock()
        with self.factory() as session, session.begin():
            store = Store(session)
            if error is None:
                values: dict[str, object] = {"status": SENT, "delivered_at": now, "last_error": None}
            elif row.attempts >= self.max_attempts:
                values = {"status": FAILED, "failed_at": now, "last_error": error}
            else:
                values = {
                    "next_attempt_at": now + dt.timedelta(seconds=self.backoff.delay(row.attempts)),
                    "last_error": error,
                }
            if not store.outbox.finish(row.id, token, **values):
                report.lost += 1
                log.warning("notifications: outbox row %s was taken over after its lease ran out", row.id)
                return
            channel = store.notification_channels.get(row.org_id, row.channel.id) if row.channel else None
            if channel is not None:
                record_outcome(channel, error, now)
            if values.get("status") == FAILED:
                report.failed += 1
                details = {
                    "channel_id": row.channel.id if row.channel else None,
                    "attempts": row.attempts,
                    "alert_id": row.alert_id,
                    "kind": row.message.kind,
                }
                audit.record(
                    session,
                    None,
                    AuditAction.NOTIFICATION_FAILED,
                    "notification",
                    row.id,
                    details,
                    org_id=row.org_id,
                )
                log.warning(
                    "notifications: outbox row %s of organisation %s failed after %s attempts",
                    row.id,
                    row.org_id,
                    row.attempts,
                )
            elif error is None:
                report.sent += 1
            else:
                report.retrying += 1

    def prune(self) -> int:
        """Forget old sent and failed notices (:data:`KEEP_SENT`, :data:`KEEP_FAILED`)."""
        now = self.clock()
        with self.factory() as session, session.begin():
            return Store(session).outbox.prune(sent_before=now - KEEP_SENT, failed_before=now - KEEP_FAILED)


# -- reading -----------------------------------------------------------------------------------------------------
def list_notices(
    store: Store,
    actor: Principal,
    *,
    status: str | None = None,
    alert_id: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> Page[NotificationOutbox]:
    """The organisation's notices, newest first, with their delivery state (administrators)."""
    actor.require(Permission.ORG_WRITE)
    if status is not None and status not in OUTBOX_STATUSES:
        raise Invalid.one(
            "status", _("a notice's status is one of: {choices}", choices=", ".join(OUTBOX_STATUSES))
        )
    return store.outbox.list(actor.org_id, status=status, alert_id=alert_id, limit=limit, offset=offset)


def delivery_of_alerts(store: Store, org_id: int, alert_ids: list[int]) -> dict[int, dict[str, int]]:
    """How many of each alert's notices are pending, sent and failed (an alert with no channel: absent)."""
    return store.outbox.states_of_alerts(org_id, alert_ids)
