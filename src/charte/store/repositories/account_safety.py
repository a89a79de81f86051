"""Rotation tasks, access reviews and incidents of brand accounts, always within one organisation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select, update

from charte.store.models import (
    AccessReview,
    BrandAccount,
    Draft,
    Incident,
    Organisation,
    PublicationRow,
    RotationTask,
)
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _page


class AccountSafety(Repository):
    # ---------------------------------------------------------------- incidents
    def open_incident(self, org_id: int, account_id: int) -> Incident | None:
        return self.session.scalar(
            select(Incident).where(
                Incident.org_id == org_id, Incident.account_id == account_id, Incident.closed_at.is_(None)
            )
        )

    def incident(self, org_id: int, incident_id: int, *, lock: bool = False) -> Incident | None:
        """``lock``: held until the transaction ends, so two people ticking at once answer one after the other."""
        query = select(Incident).where(Incident.org_id == org_id, Incident.id == incident_id)
        return self.session.scalar(query.with_for_update() if lock else query)

    def incidents(
        self, org_id: int, *, open_only: bool, account_id: int | None, limit: int, offset: int
    ) -> Page[Incident]:
        query = select(Incident).where(Incident.org_id == org_id)
        if open_only:
            query = query.where(Incident.closed_at.is_(None))
        if account_id is not None:
            query = query.where(Incident.account_id == account_id)
        return _page(self.session, query, Incident.id.desc(), limit, offset)

    def accounts_with_open_incident(self, org_id: int) -> set[int]:
        return set(
            self.session.scalars(
                select(Incident.account_id).where(Incident.org_id == org_id, Incident.closed_at.is_(None))
            )
        )

    # ---------------------------------------------------------------- access reviews
    def review(self, org_id: int, review_id: int, *, lock: bool = False) -> AccessReview | None:
        """``lock``: two owners answering at once answer one after the other (the second sees the first)."""
        query = select(AccessReview).where(AccessReview.org_id == org_id, AccessReview.id == review_id)
        return self.session.scalar(query.with_for_update() if lock else query)

    def open_review(self, org_id: int, account_id: int) -> AccessReview | None:
        return self.session.scalar(
            select(AccessReview).where(
                AccessReview.org_id == org_id,
                AccessReview.account_id == account_id,
                AccessReview.closed_at.is_(None),
            )
        )

    def reviews(
        self, org_id: int, *, open_only: bool, account_id: int | None, limit: int, offset: int
    ) -> Page[AccessReview]:
        query = select(AccessReview).where(AccessReview.org_id == org_id)
        if open_only:
            query = query.where(AccessReview.closed_at.is_(None))
        if account_id is not None:
            query = query.where(AccessReview.account_id == account_id)
        return _page(self.session, query, AccessReview.id.desc(), limit, offset)

    def last_review_opened(self, org_id: int) -> dict[int, dt.datetime]:
        """Each account's latest review opening (open or closed)."""
        rows = self.session.execute(
            select(AccessReview.account_id, func.max(AccessReview.opened_at))
            .where(AccessReview.org_id == org_id)
            .group_by(AccessReview.account_id)
        )
        return {account_id: at for account_id, at in rows if at is not None}

    def reviews_to_escalate(self, now: dt.datetime) -> list[AccessReview]:
        return list(
            self.session.scalars(
                select(AccessReview).where(
                    AccessReview.closed_at.is_(None),
                    AccessReview.escalated_at.is_(None),
                    AccessReview.escalate_at <= now,
                )
            )
        )

    # ---------------------------------------------------------------- rotation tasks
    def open_tasks(self, org_id: int, account_id: int | None = None) -> list[RotationTask]:
        query = select(RotationTask).where(RotationTask.org_id == org_id, RotationTask.done_at.is_(None))
        if account_id is not None:
            query = query.where(RotationTask.account_id == account_id)
        return list(self.session.scalars(query.order_by(RotationTask.id)))

    def finish_tasks(self, org_id: int, account_id: int, user_id: int, now: dt.datetime) -> int:
        tasks = self.open_tasks(org_id, account_id)
        for task in tasks:
            task.done_at, task.done_by = now, user_id
        self.session.flush()
        return len(tasks)

    # ---------------------------------------------------------------- held publications
    def held_publications(self, org_id: int, account_id: int) -> list[PublicationRow]:
        return list(
            self.session.scalars(
                select(PublicationRow).where(
                    PublicationRow.org_id == org_id,
                    PublicationRow.account_id == account_id,
                    PublicationRow.status == "held",
                )
            )
        )

    def waiting_publications(self, org_id: int, account_id: int) -> list[PublicationRow]:
        """Publications not yet being sent: what an incident holds at once."""
        return list(
            self.session.scalars(
                select(PublicationRow).where(
                    PublicationRow.org_id == org_id,
                    PublicationRow.account_id == account_id,
                    PublicationRow.status.in_(["pending", "scheduled", "retrying"]),
                )
            )
        )

    def set_draft_status(self, publication: PublicationRow, status: str) -> None:
        if publication.draft_id is not None:
            self.session.execute(
                update(Draft)
                .where(Draft.id == publication.draft_id, Draft.publication_id == publication.id)
                .values(status=status)
            )

    def organisation_accounts(self, org_id: int) -> list[BrandAccount]:
        return list(
            self.session.scalars(
                select(BrandAccount).where(BrandAccount.org_id == org_id).order_by(BrandAccount.id)
            )
        )

    def organisation_ids(self) -> list[int]:
        return list(self.session.scalars(select(Organisation.id).order_by(Organisation.id)))
