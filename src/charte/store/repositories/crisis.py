"""Crises and the publications they pause, always within one organisation. Pausing and the bulk decisions at
the end are set-based UPDATEs: 10,000 scheduled posts are paused by two statements, not a loop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, func, select, update

from charte.store.db import rowcount
from charte.store.models import Crisis, Draft, Mention, PublicationRow
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _page

#: Publications not being sent yet: what a crisis pauses.
WAITING = ("pending", "scheduled", "retrying")
PAUSED = "paused"


class Crises(Repository):
    def active(self, org_id: int, *, lock: bool = False) -> Crisis | None:
        query = select(Crisis).where(Crisis.active_org == org_id)
        return self.session.scalar(query.with_for_update() if lock else query)

    def get(self, org_id: int, crisis_id: int) -> Crisis | None:
        return self.session.scalar(select(Crisis).where(Crisis.org_id == org_id, Crisis.id == crisis_id))

    def history(self, org_id: int, *, limit: int, offset: int) -> Page[Crisis]:
        return _page(
            self.session, select(Crisis).where(Crisis.org_id == org_id), Crisis.id.desc(), limit, offset
        )

    @staticmethod
    def _scope(crisis: Crisis) -> ColumnElement[bool]:
        where = PublicationRow.org_id == crisis.org_id
        if crisis.scope == "accounts":
            where = and_(where, PublicationRow.account_id.in_(list(crisis.account_ids)))
        return where

    def pause_waiting(self, crisis: Crisis, reason: str) -> int:
        """Pause every publication of the crisis's scope not being sent yet; its draft shows ``paused``."""
        self._autoflush()
        result = self.session.execute(
            update(PublicationRow)
            .where(self._scope(crisis), PublicationRow.status.in_(WAITING))
            .values(status=PAUSED, crisis_id=crisis.id, last_error=reason, lease_until=None)
            .execution_options(synchronize_session=False)
        )
        self._sync_drafts(crisis.id, PAUSED, only_status=PAUSED)
        return rowcount(result)

    def _sync_drafts(self, crisis_id: int, draft_status: str, *, only_status: str) -> None:
        paused = select(PublicationRow.id).where(
            PublicationRow.crisis_id == crisis_id, PublicationRow.status == only_status
        )
        self.session.execute(
            update(Draft)
            .where(Draft.publication_id.in_(paused))
            .values(status=draft_status)
            .execution_options(synchronize_session=False)
        )

    def paused(
        self, crisis: Crisis, *, ids: Sequence[int] | None = None, limit: int = 1000, offset: int = 0
    ) -> list[PublicationRow]:
        query = select(PublicationRow).where(
            PublicationRow.org_id == crisis.org_id,
            PublicationRow.crisis_id == crisis.id,
            PublicationRow.status == PAUSED,
        )
        if ids is not None:
            query = query.where(PublicationRow.id.in_(list(ids)))
        return list(
            self.session.scalars(
                query.order_by(PublicationRow.due_at, PublicationRow.id).limit(limit).offset(offset)
            )
        )

    def count_paused(self, crisis: Crisis) -> int:
        return (
            self.session.scalar(
                select(func.count()).where(
                    PublicationRow.org_id == crisis.org_id,
                    PublicationRow.crisis_id == crisis.id,
                    PublicationRow.status == PAUSED,
                )
            )
            or 0
        )

    def resume_rest(self, crisis: Crisis, now: dt.datetime) -> int:
        """Every post still paused by the crisis goes back to the queue: scheduled if still ahead, else due now."""
        self._autoflush()
        base = (
            PublicationRow.org_id == crisis.org_id,
            PublicationRow.crisis_id == crisis.id,
            PublicationRow.status == PAUSED,
        )
        later = self.session.execute(
            update(PublicationRow)
            .where(*base, PublicationRow.due_at > now)
            .values(status="scheduled", last_error=None)
            .execution_options(synchronize_session=False)
        )
        self._sync_drafts(crisis.id, "scheduled", only_status="scheduled")
        due = self.session.execute(
            update(PublicationRow)
            .where(*base)
            .values(status="pending", due_at=now, last_error=None)
            .execution_options(synchronize_session=False)
        )
        paused_pending = select(PublicationRow.id).where(
            PublicationRow.crisis_id == crisis.id, PublicationRow.status == "pending"
        )
        self.session.execute(
            update(Draft)
            .where(Draft.publication_id.in_(paused_pending), Draft.status == PAUSED)
            .values(status="publishing")
            .execution_options(synchronize_session=False)
        )
        return rowcount(later) + rowcount(due)

    def cancel_rest(self, crisis: Crisis) -> int:
        """Every post still paused by the crisis is cancelled; its draft is approved again (publish it later)."""
        self._autoflush()
        self._sync_drafts(crisis.id, "approved", only_status=PAUSED)
        result = self.session.execute(
            update(PublicationRow)
            .where(
                PublicationRow.org_id == crisis.org_id,
                PublicationRow.crisis_id == crisis.id,
                PublicationRow.status == PAUSED,
            )
            .values(status="cancelled", last_error=None)
            .execution_options(synchronize_session=False)
        )
        return rowcount(result)

    # ---------------------------------------------------------------- the report's figures
    def mentions_between(
        self, org_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[tuple[dt.datetime, str | None]]:
        """(received_at, sentiment) of every mention received in [start, end): two columns, no text."""
        rows = self.session.execute(
            select(Mention.received_at, Mention.sentiment).where(
                Mention.org_id == org_id, Mention.received_at >= start, Mention.received_at < end
            )
        )
        return [(at, sentiment) for at, sentiment in rows]

    def mentions_due_between(
        self, org_id: int, start: dt.datetime, end: dt.datetime
    ) -> list[tuple[str, dt.datetime | None]]:
        """(status, escalated_at) of every mention whose answer was due in [start, end)."""
        rows = self.session.execute(
            select(Mention.status, Mention.escalated_at).where(
                Mention.org_id == org_id, Mention.due_at >= start, Mention.due_at < end
            )
        )
        return [(status, escalated) for status, escalated in rows]

    def sent_between(self, org_id: int, start: dt.datetime, end: dt.datetime) -> list[PublicationRow]:
        return list(
            self.session.scalars(
                select(PublicationRow)
                .where(
                    PublicationRow.org_id == org_id,
                    PublicationRow.status == "sent",
                    PublicationRow.sent_at >= start,
                    PublicationRow.sent_at < end,
                )
                .order_by(PublicationRow.sent_at)
                .limit(500)
            )
        )
