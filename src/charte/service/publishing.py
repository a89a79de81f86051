"""Publishing: queue a post for a connector, and attempt it so that it is never posted twice.

The protocol of one attempt (each step its own committed transaction):

1. *claim*: a conditional UPDATE moves the row to ``sending`` with a lease, only if it is due and
   nobody holds a live lease. A replayed job finds nothing to claim and stops (``sent``/``failed``
   are final; a live lease means another worker is on it). A due publication whose brand account may not be
   published to now (:mod:`charte.service.holds`: 2FA not attested, an incident open) is *held* instead,
   with the reason, until a use case releases it; one that an active crisis covers is *paused*
   (:mod:`charte.service.crisis`); one that the policy active now, on the real send date, judges worse than
   the verdict it was approved with is *held* and its owner told (:mod:`charte.service.recheck`).
2. if the previous status was already ``sending`` (a worker died after recording its intent), ask
   the connector whether the post exists under the idempotency key (``find``); if it does, mark it sent.
3. call the connector with the idempotency key (the webhook sends it as ``Idempotency-Key``, so a
   receiver drops a second delivery even when ``find`` cannot tell).
4. mark ``sent`` with the external id, or ``retrying`` with the reason and the next due time
   (exponential backoff with jitter), or ``failed`` with the reason after the last attempt.

The target keeps its health in the same transactions: the last failure and when, whether the network refused
its credentials (:class:`~charte.errors.AuthExpired`: a token expired or revoked, never retried), cleared by
the next success.

The connector is built at each attempt from the publication's target (its parameters decrypted
then, never copied onto the publication); a target deleted meanwhile fails the publication.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from charte.audit.chain import AuditAction
from charte.audit.store import SYSTEM_ACTOR, AuditLog
from charte.connectors.base import Attachment, Connector, Publication, PublishResult
from charte.connectors.registry import build_connector
from charte.errors import AuthExpired, ConnectorError, InputError, RateLimited, TransientError
from charte.i18n import _
from charte.service import crisis, holds, recheck
from charte.service.engines import EngineCache
from charte.store.db import rowcount
from charte.store.models import Draft, Mention, PublicationRow, PublishTarget
from charte.store.repositories import Store

log = logging.getLogger(__name__)

SCHEDULED, PENDING, SENDING, RETRYING, SENT, FAILED, CANCELLED = (
    "scheduled",
    "pending",
    "sending",
    "retrying",
    "sent",
    "failed",
    "cancelled",
)
FINAL = frozenset({SENT, FAILED, CANCELLED})
LEASE = dt.timedelta(seconds=120)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; everything stored is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value


@dataclass(frozen=True)
class Backoff:
    """Delay before attempt ``n + 1`` after ``n`` failures: base·2^(n-1), capped, with ±20 % jitter."""

    base_seconds: float = 2.0
    cap_seconds: float = 600.0
    jitter: float = 0.2

    def delay(self, failures: int, retry_after: float | None = None) -> float:
        raw = min(self.cap_seconds, self.base_seconds * (2 ** max(0, failures - 1)))
        raw *= 1 + random.uniform(-self.jitter, self.jitter)
        return float(max(raw, retry_after or 0.0))


@dataclass(frozen=True)
class Outcome:
    """What one attempt did: ``status`` after it and, when it will be retried, in how many seconds."""

    publication_id: int
    status: str
    retry_in: float | None = None
    detail: str = ""


class ConnectorFactory(Protocol):
    """Makes the connector of an attempt (:func:`~charte.connectors.registry.build_connector`, or a test's)."""

    def __call__(
        self, connector_id: str, params: Mapping[str, Any], *, org_id: int | None = None
    ) -> Connector[Any]: ...


def new_key() -> str:
    return "pub_" + secrets.token_urlsafe(24)


def enqueue_publication(
    session: Session,
    *,
    target: PublishTarget,
    draft_id: int | None,
    content: Mapping[str, Any],
    due_at: dt.datetime | None = None,
    max_attempts: int = 5,
    actor: str = SYSTEM_ACTOR,
    now: dt.datetime | None = None,
    account_id: int | None = None,
    reply_to: str | None = None,
) -> PublicationRow:
    """Record a publication through ``target`` (now or at ``due_at``) to brand account ``account_id`` (if any),
    answering the network's message ``reply_to`` (if any); the caller commits, then wakes a worker."""
    now = now or utcnow()
    org_id, connector = target.org_id, target.connector
    if due_at is not None and due_at.tzinfo is None:
        raise InputError(_("scheduled_at must carry a time zone (e.g. 2026-12-01T09:00:00+01:00)"))
    if due_at is not None and due_at < now - dt.timedelta(seconds=5):
        raise InputError(_("scheduled_at is in the past"))
    if not 1 <= max_attempts <= 20:
        raise InputError(_("max_attempts must be between 1 and 20"))
    build_connector(connector, target.params, org_id=org_id).close()  # validate now, not only at send time
    scheduled = due_at is not None and due_at > now
    row = PublicationRow(
        org_id=org_id,
        draft_id=draft_id,
        idempotency_key=new_key(),
        connector=connector,
        target_id=target.id,
        account_id=account_id,
        reply_to=reply_to,
        content=dict(content),
        status=SCHEDULED if scheduled else PENDING,
        due_at=due_at or now,
        attempts=0,
        max_attempts=max_attempts,
        created_at=now,
    )
    session.add(row)
    session.flush()
    AuditLog(session).append(
        org_id,
        actor,
        AuditAction.PUBLISH_SCHEDULED,
        "publication",
        row.id,
        {
            "draft_id": draft_id,
            "connector": connector,
            "due_at": row.due_at.isoformat(),
            "key": row.idempotency_key,
        },
    )
    return row


def to_publication(row: PublicationRow) -> Publication:
    c = row.content
    return Publication(
        idempotency_key=row.idempotency_key,
        org_id=row.org_id,
        draft_id=row.draft_id or 0,
        platform=str(c.get("platform", "")),
        account=str(c.get("account", "")),
        text=str(c.get("text", "")),
        lang=c.get("lang"),
        attachments=tuple(
            Attachment(url=a["url"], credit=a.get("credit"), alt=a.get("alt"))
            for a in c.get("attachments", [])
        ),
        scheduled_at=aware(row.due_at),
        reply_to=row.reply_to,
    )


def _sync_draft(session: Session, row: PublicationRow, status: str) -> None:
    """The draft shows where its publication stands (its reason is on the publication row)."""
    if row.draft_id is not None:
        session.execute(
            update(Draft)
            .where(Draft.id == row.draft_id, Draft.publication_id == row.id)
            .values(status=status)
        )


def _answered(session: Session, row: PublicationRow, now: dt.datetime) -> None:
    """A reply from the inbox was sent: its mention is answered (late when past its deadline)."""
    if row.draft_id is None:
        return
    draft = session.get(Draft, row.draft_id)
    if draft is None or draft.org_id != row.org_id or draft.reply_to_mention_id is None:
        return
    mention = session.get(Mention, draft.reply_to_mention_id)
    if mention is None or mention.org_id != row.org_id:
        return
    due = aware(mention.due_at)
    mention.status, mention.answered_at, mention.updated_at = "answered", now, now
    mention.answered_late = due is not None and now > due
    AuditLog(session).append(
        row.org_id,
        SYSTEM_ACTOR,
        AuditAction.MENTION_REPLY,
        "mention",
        mention.id,
        {"event": "answered", "draft_id": draft.id, "publication_id": row.id, "late": mention.answered_late},
    )


def _target_health(s: Session, row: PublicationRow, now: dt.datetime, exc: ConnectorError | None) -> None:
    """Record the attempt's outcome on its target: a failure and whether the credentials were refused, or a
    success that clears them (what the targets' page and API show)."""
    if row.target_id is None:
        return
    where = update(PublishTarget).where(PublishTarget.id == row.target_id, PublishTarget.org_id == row.org_id)
    if exc is None:
        s.execute(
            where.values(last_error=None, last_error_at=None, credentials_refused=False, last_sent_at=now)
        )
    else:
        s.execute(
            where.values(
                last_error=str(exc)[:500], last_error_at=now, credentials_refused=isinstance(exc, AuthExpired)
            )
        )


class Publisher:
    """Attempts publications. Each step commits on its own so a crash leaves a readable state."""

    def __init__(
        self,
        factory: sessionmaker[Session],
        connectors: ConnectorFactory = build_connector,
        backoff: Backoff | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
        lease: dt.timedelta = LEASE,
        engines: EngineCache | None = None,
    ) -> None:
        self.factory = factory
        self.engines = engines or EngineCache()
        self.connectors = connectors
        self.backoff = backoff or Backoff()
        self.clock = clock
        self.lease = lease

    def _claim(self, publication_id: int) -> tuple[PublicationRow, str, PublishTarget | None] | Outcome:
        now = self.clock()
        with self.factory() as s, s.begin():
            row = s.get(PublicationRow, publication_id)
            if row is None:
                return Outcome(publication_id, "missing", detail="no such publication")
            previous = row.status
            if previous in FINAL:
                return Outcome(publication_id, previous, detail="already final: nothing to do")
            due_now = previous in (PENDING, RETRYING, SCHEDULED) and (aware(row.due_at) or now) <= now
            reason = holds.hold_reason(Store(s), row.org_id, row.account_id, now) if due_now else None
            if reason is not None:
                held = s.execute(
                    update(PublicationRow)
                    .where(PublicationRow.id == publication_id, PublicationRow.status == previous)
                    .values(status=holds.HELD, last_error=reason, lease_until=None)
                )
                if rowcount(held) == 1:
                    s.refresh(row)
                    holds.hold(Store(s), row, reason, SYSTEM_ACTOR)
                    return Outcome(publication_id, holds.HELD, detail=reason)
            if due_now:
                stopped = self._stopped(Store(s), row, previous, now)
                if stopped is not None:
                    return stopped
            claimable = or_(
                PublicationRow.status.in_([PENDING, RETRYING, SCHEDULED]) & (PublicationRow.due_at <= now),
                (PublicationRow.status == SENDING) & (PublicationRow.lease_until < now),
            )
            result = s.execute(
                update(PublicationRow)
                .where(PublicationRow.id == publication_id, PublicationRow.status == previous, claimable)
                .values(status=SENDING, lease_until=now + self.lease, attempts=PublicationRow.attempts + 1)
            )
            if rowcount(result) != 1:
                return Outcome(publication_id, previous, detail="not due, or another worker holds it")
            s.refresh(row)
            s.expunge(row)
            target = s.get(PublishTarget, row.target_id) if row.target_id is not None else None
            if target is not None and target.org_id != row.org_id:
                target = None  # never another organisation's target, whatever the row says
            if target is not None:
                s.expunge(target)
            return row, previous, target

    def _stopped(self, store: Store, row: PublicationRow, previous: str, now: dt.datetime) -> Outcome | None:
        """Pause the due publication if a crisis covers it, or hold it if the check at send time got worse."""
        paused_by = crisis.pause_reason(store, row)
        if paused_by is not None:
            store.session.refresh(row, with_for_update=True)
            if row.status != previous:
                return None
            crisis.pause(store, row, paused_by)
            return Outcome(row.id, crisis.PAUSED, detail=crisis.PAUSE_REASON)
        worse = recheck.worse_at_send(store, self.engines, row, now)
        if worse is None:
            return None
        store.session.refresh(row, with_for_update=True)
        if row.status != previous:
            return None
        recheck.hold(store, row, worse)
        return Outcome(row.id, holds.HELD, detail=holds.HOLD_RECHECK)

    def attempt(self, publication_id: int) -> Outcome:
        claimed = self._claim(publication_id)
        if isinstance(claimed, Outcome):
            return claimed
        row, previous, target = claimed
        if target is None:
            return self._failed_attempt(
                row, ConnectorError("its publish target was deleted"), transient=False
            )
        try:
            connector = self.connectors(target.connector, target.params, org_id=row.org_id)
        except InputError as exc:  # the connector was turned off or its parameters no longer validate
            return self._failed_attempt(
                row, ConnectorError(f"its publish target cannot be used: {exc}"), transient=False
            )
        try:
            if previous == SENDING:
                found = connector.find(row.idempotency_key)
                if found is not None:
                    log.info("publication %s found already sent after an interrupted attempt", row.id)
                    return self._sent(row, found, recovered=True)
            result = connector.publish(to_publication(row))
        except (TransientError, RateLimited) as exc:
            return self._failed_attempt(row, exc, transient=True)
        except ConnectorError as exc:
            return self._failed_attempt(row, exc, transient=False)
        finally:
            connector.close()
        return self._sent(row, result, recovered=False)

    def _sent(self, row: PublicationRow, result: PublishResult, recovered: bool) -> Outcome:
        now = self.clock()
        with self.factory() as s, s.begin():
            s.execute(
                update(PublicationRow)
                .where(PublicationRow.id == row.id)
                .values(
                    status=SENT,
                    sent_at=now,
                    external_id=result.external_id[:200],
                    lease_until=None,
                    last_error=None,
                )
            )
            _sync_draft(s, row, "published")
            _answered(s, row, now)
            statement_of = row.content.get("crisis_id") if isinstance(row.content, dict) else None
            if isinstance(statement_of, int):
                crisis.record_statement(Store(s), row.org_id, "publication", row.id, crisis_id=statement_of)
            _target_health(s, row, now, None)
            AuditLog(s).append(
                row.org_id,
                SYSTEM_ACTOR,
                AuditAction.PUBLISH_SENT,
                "publication",
                row.id,
                {
                    "draft_id": row.draft_id,
                    "connector": row.connector,
                    "attempts": row.attempts,
                    "external_id": result.external_id[:200],
                    "recovered": recovered,
                },
            )
        log.info("publication %s sent (attempt %s)", row.id, row.attempts)
        return Outcome(row.id, SENT, detail=result.external_id)

    def _failed_attempt(self, row: PublicationRow, exc: ConnectorError, transient: bool) -> Outcome:
        now = self.clock()
        reason = str(exc)[:500]
        retry_after = exc.retry_after if isinstance(exc, RateLimited) else None
        final = not transient or row.attempts >= row.max_attempts
        delay = None if final else self.backoff.delay(row.attempts, retry_after)
        with self.factory() as s, s.begin():
            values: dict[str, Any] = {"last_error": reason, "lease_until": None}
            if final:
                values["status"] = FAILED
            else:
                assert delay is not None
                values.update(status=RETRYING, due_at=now + dt.timedelta(seconds=delay))
            s.execute(update(PublicationRow).where(PublicationRow.id == row.id).values(**values))
            _target_health(s, row, now, exc)
            if final:
                _sync_draft(s, row, "failed")
                AuditLog(s).append(
                    row.org_id,
                    SYSTEM_ACTOR,
                    AuditAction.PUBLISH_FAILED,
                    "publication",
                    row.id,
                    {
                        "draft_id": row.draft_id,
                        "connector": row.connector,
                        "attempts": row.attempts,
                        "reason": reason[:300],
                    },
                )
        log.warning(
            "publication %s attempt %s failed (%s)%s",
            row.id,
            row.attempts,
            type(exc).__name__,
            "" if final else f"; retry in {delay:.1f} s",
        )
        return Outcome(row.id, FAILED if final else RETRYING, retry_in=delay, detail=reason)

    def due(self, limit: int = 500) -> list[int]:
        """Publications a worker should attempt now: due ones, and ones whose sender's lease ran out."""
        now = self.clock()
        with self.factory() as s:
            stmt = (
                select(PublicationRow.id)
                .where(
                    or_(
                        PublicationRow.status.in_([PENDING, RETRYING, SCHEDULED])
                        & (PublicationRow.due_at <= now),
                        (PublicationRow.status == SENDING) & (PublicationRow.lease_until < now),
                    )
                )
                .order_by(PublicationRow.due_at)
                .limit(limit)
            )
            return list(s.scalars(stmt))
