"""Notification channels and the outbox of notices waiting to go out to them."""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, and_, delete, func, or_, select, update

from charte.store.db import rowcount
from charte.store.models import NotificationChannel, NotificationOutbox
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _page

#: The states of an outbox row.
PENDING, SENT, FAILED = "pending", "sent", "failed"
OUTBOX_STATUSES = (PENDING, SENT, FAILED)


class NotificationChannels(Repository):
    def get(self, org_id: int, channel_id: int) -> NotificationChannel | None:
        return self.session.scalar(
            select(NotificationChannel).where(
                NotificationChannel.id == channel_id, NotificationChannel.org_id == org_id
            )
        )

    def by_name(self, org_id: int, name: str) -> NotificationChannel | None:
        return self.session.scalar(
            select(NotificationChannel).where(
                NotificationChannel.name == name, NotificationChannel.org_id == org_id
            )
        )

    def list(self, org_id: int) -> Sequence[NotificationChannel]:
        return self.session.scalars(
            select(NotificationChannel)
            .where(NotificationChannel.org_id == org_id)
            .order_by(NotificationChannel.id)
        ).all()

    def delete(self, row: NotificationChannel) -> None:
        self.session.delete(row)
        self.session.flush()


def _due(now: dt.datetime) -> ColumnElement[bool]:
    """Pending, its time come, and claimed by nobody (or by a deliverer whose lease ran out)."""
    return and_(
        NotificationOutbox.status == PENDING,
        NotificationOutbox.next_attempt_at <= now,
        or_(NotificationOutbox.claimed_until.is_(None), NotificationOutbox.claimed_until < now),
    )


class Outbox(Repository):
    """The notices to send: written in the caller's transaction, claimed and finished by the deliverers."""

    def add_all(self, rows: Iterable[NotificationOutbox]) -> None:
        self.session.add_all(rows)

    def claim(
        self, now: dt.datetime, *, token: str, lease: dt.timedelta, limit: int
    ) -> builtins.list[NotificationOutbox]:
        """Claim up to ``limit`` due rows for the deliverer holding ``token`` (each claim is an attempt).

        PostgreSQL: the candidates are locked with ``FOR UPDATE SKIP LOCKED``, so two deliverers choosing at
        the same moment take different rows. SQLite (one writer at a time): the conditional UPDATE runs under
        the database's write lock and claims only rows still unclaimed, whatever another deliverer read."""
        for _ in range(5):  # candidates all claimed meanwhile by another deliverer (SQLite): choose again
            candidates = builtins.list(
                self.session.scalars(
                    select(NotificationOutbox.id)
                    .where(_due(now))
                    .order_by(NotificationOutbox.next_attempt_at, NotificationOutbox.id)
                    .limit(limit)
                    .with_for_update(skip_locked=True)
                )
            )
            if not candidates:
                return []
            claimed = self.session.execute(
                update(NotificationOutbox)
                .where(NotificationOutbox.id.in_(candidates), _due(now))
                .values(
                    claim_token=token, claimed_until=now + lease, attempts=NotificationOutbox.attempts + 1
                )
                .execution_options(synchronize_session=False)
            )
            if rowcount(claimed):
                return builtins.list(
                    self.session.scalars(
                        select(NotificationOutbox)
                        .where(NotificationOutbox.id.in_(candidates), NotificationOutbox.claim_token == token)
                        .order_by(NotificationOutbox.id)
                        .execution_options(populate_existing=True)
                    )
                )
        return []

    def finish(self, row_id: int, token: str, **values: object) -> bool:
        """Write the outcome of a claimed row, only while ``token`` still holds it (False: the lease ran out
        and another deliverer took the row over; its outcome is the one kept)."""
        result = self.session.execute(
            update(NotificationOutbox)
            .where(
                NotificationOutbox.id == row_id,
                NotificationOutbox.claim_token == token,
                NotificationOutbox.status == PENDING,
            )
            .values(claim_token=None, claimed_until=None, **values)
            .execution_options(synchronize_session=False)
        )
        return rowcount(result) == 1

    def list(
        self, org_id: int, *, status: str | None, alert_id: int | None, limit: int, offset: int
    ) -> Page[NotificationOutbox]:
        query = select(NotificationOutbox).where(NotificationOutbox.org_id == org_id)
        if status is not None:
            query = query.where(NotificationOutbox.status == status)
        if alert_id is not None:
            query = query.where(NotificationOutbox.alert_id == alert_id)
        return _page(self.session, query, NotificationOutbox.id.desc(), limit, offset)  # newest first

    def states_of_alerts(self, org_id: int, alert_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """For each alert, how many of its notices are pending, sent and failed (alerts without any: absent)."""
        if not alert_ids:
            return {}
        rows = self.session.execute(
            select(NotificationOutbox.alert_id, NotificationOutbox.status, func.count())
            .where(NotificationOutbox.org_id == org_id, NotificationOutbox.alert_id.in_(alert_ids))
            .group_by(NotificationOutbox.alert_id, NotificationOutbox.status)
        ).all()
        states: dict[int, dict[str, int]] = {}
        for alert_id, status, count in rows:
            if alert_id is not None:
                states.setdefault(alert_id, dict.fromkeys(OUTBOX_STATUSES, 0))[status] = count
        return states

    def prune(self, *, sent_before: dt.datetime, failed_before: dt.datetime) -> int:
        """Forget sent notices older than ``sent_before`` and failed ones older than ``failed_before``."""
        result = self.session.execute(
            delete(NotificationOutbox).where(
                or_(
                    and_(NotificationOutbox.status == SENT, NotificationOutbox.delivered_at < sent_before),
                    and_(NotificationOutbox.status == FAILED, NotificationOutbox.failed_at < failed_before),
                )
            )
        )
        return rowcount(result)
