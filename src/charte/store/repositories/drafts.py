"""Drafts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.orm import defer

from charte.store.db import rowcount
from charte.store.models import ApprovalEvent, Draft, PublicationRow
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _page


class Drafts(Repository):
    def get(self, org_id: int, draft_id: int, *, lock: bool = False) -> Draft | None:
        stmt = select(Draft).where(Draft.id == draft_id, Draft.org_id == org_id)
        if lock:
            stmt = stmt.with_for_update()
        return self.session.scalar(stmt)

    def list(
        self, org_id: int, *, author_id: int | None, status: str | None, limit: int, offset: int
    ) -> Page[Draft]:
        stmt = select(Draft).where(Draft.org_id == org_id)
        if author_id is not None:
            stmt = stmt.where(Draft.author_id == author_id)
        if status is not None:
            stmt = stmt.where(Draft.status == status)
        return _page(self.session, stmt, Draft.id.desc(), limit, offset)

    def replies_to(self, org_id: int, mention_id: int, limit: int = 50) -> Sequence[Draft]:
        """The reply drafts written for one mention, newest first."""
        return self.session.scalars(
            select(Draft)
            .where(Draft.org_id == org_id, Draft.reply_to_mention_id == mention_id)
            .order_by(Draft.id.desc())
            .limit(limit)
        ).all()

    def in_review(self, org_id: int) -> Sequence[Draft]:
        stmt = (
            select(Draft)
            .where(Draft.org_id == org_id, Draft.status == "in_review")
            .order_by(Draft.updated_at)
        )
        return self.session.scalars(stmt).all()

    def queue(
        self,
        org_id: int,
        user_id: int,
        *,
        levels: Sequence[int],
        from_level: int | None,
        limit: int,
        offset: int,
    ) -> Page[Draft]:
        """Drafts in review, oldest first, whose next level (0-based ``approved_levels``) is in ``levels`` or at
        least ``from_level``, that ``user_id`` neither wrote nor last edited nor already approved in this
        version. Which levels a person may sign is the service's rule; this only pages it in SQL."""
        level: ColumnElement[bool] = Draft.approved_levels.in_(list(levels)) if levels else literal(False)
        if from_level is not None:
            level = or_(level, Draft.approved_levels >= from_level)
        signed = exists().where(
            ApprovalEvent.org_id == org_id,
            ApprovalEvent.draft_id == Draft.id,
            ApprovalEvent.draft_version == Draft.version,
            ApprovalEvent.kind == "approve",
            ApprovalEvent.user_id == user_id,
        )
        stmt = select(Draft).where(
            Draft.org_id == org_id,
            Draft.status == "in_review",
            Draft.author_id != user_id,
            Draft.last_editor_id != user_id,
            level,
            ~signed,
        )
        total = self.session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
        items = self.session.scalars(
            stmt.order_by(Draft.updated_at, Draft.id).limit(limit).offset(offset)
        ).all()
        return Page(items, total, limit, offset)

    def calendar(
        self,
        org_id: int,
        *,
        start: dt.datetime,
        end: dt.datetime,
        account_id: int | None,
        visible_to: tuple[int, Sequence[int]] | None = None,
        limit: int,
        offset: int,
    ) -> Page[CalendarRow]:
        """What goes out between ``start`` and ``end``, in time order: every publication due then (scheduled,
        sent, failed…) and every draft planned then (``scheduled_at``) that is not queued for publication yet.
        ``account_id`` narrows it to the posts of one brand account; ``visible_to`` (a user id and account ids)
        to that user's own posts and those of the accounts named."""
        pubs = (
            select(
                PublicationRow.id.label("publication_id"),
                PublicationRow.draft_id.label("draft_id"),
                PublicationRow.due_at.label("at"),
            )
            .select_from(PublicationRow)
            .outerjoin(Draft, and_(Draft.id == PublicationRow.draft_id, Draft.org_id == org_id))
            .where(
                PublicationRow.org_id == org_id, PublicationRow.due_at >= start, PublicationRow.due_at < end
            )
        )
        planned = select(
            null().cast(Integer).label("publication_id"),
            Draft.id.label("draft_id"),
            Draft.scheduled_at.label("at"),
        ).where(
            Draft.org_id == org_id,
            Draft.publication_id.is_(None),
            Draft.scheduled_at >= start,
            Draft.scheduled_at < end,
            Draft.status != "rejected",
        )
        if account_id is not None:
            pubs = pubs.where(Draft.account_id == account_id)
            planned = planned.where(Draft.account_id == account_id)
        if visible_to is not None:
            user_id, account_ids = visible_to
            seen = or_(Draft.author_id == user_id, Draft.account_id.in_(list(account_ids)))
            pubs, planned = pubs.where(seen), planned.where(seen)
        both = union_all(pubs, planned).subquery()
        total = self.session.scalar(select(func.count()).select_from(both)) or 0
        rows = self.session.execute(
            select(both.c.publication_id, both.c.draft_id, both.c.at)
            .order_by(both.c.at, both.c.publication_id, both.c.draft_id)
            .limit(limit)
            .offset(offset)
        ).all()
        draft_ids = {r.draft_id for r in rows if r.draft_id is not None}
        pub_ids = {r.publication_id for r in rows if r.publication_id is not None}
        drafts = (
            {
                d.id: d
                for d in self.session.scalars(
                    select(Draft)
                    .options(defer(Draft.decision), defer(Draft.previous_text))  # JSON a calendar never shows
                    .where(Draft.org_id == org_id, Draft.id.in_(draft_ids))
                )
            }
            if draft_ids
            else {}
        )
        publications = (
            {
                p.id: p
                for p in self.session.scalars(
                    select(PublicationRow)
                    .options(defer(PublicationRow.content))
                    .where(PublicationRow.org_id == org_id, PublicationRow.id.in_(pub_ids))
                )
            }
            if pub_ids
            else {}
        )
        items = [
            CalendarRow(
                drafts.get(r.draft_id) if r.draft_id is not None else None,
                publications.get(r.publication_id) if r.publication_id is not None else None,
            )
            for r in rows
        ]
        return Page(items, total, limit, offset)

    def touch_version(self, draft: Draft, expected_version: int) -> bool:
        """Bump the version only if nobody else did meanwhile (optimistic lock, works on every backend)."""
        result = self.session.execute(
            update(Draft)
            .where(Draft.id == draft.id, Draft.version == expected_version)
            .values(version=expected_version + 1)
        )
        return bool(rowcount(result))


@dataclass(frozen=True)
class CalendarRow:
    """One post on the calendar: its draft (``None`` if deleted) and its publication (``None``: planned only)."""

    draft: Draft | None
    publication: PublicationRow | None

    @property
    def at(self) -> dt.datetime | None:
        if self.publication is not None:
            return self.publication.due_at
        return self.draft.scheduled_at if self.draft is not None else None
