"""Drafts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, update

from charte.store.db import rowcount
from charte.store.models import Draft
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

    def in_review(self, org_id: int) -> Sequence[Draft]:
        stmt = (
            select(Draft)
            .where(Draft.org_id == org_id, Draft.status == "in_review")
            .order_by(Draft.updated_at)
        )
        return self.session.scalars(stmt).all()

    def touch_version(self, draft: Draft, expected_version: int) -> bool:
        """Bump the version only if nobody else did meanwhile (optimistic lock, works on every backend)."""
        result = self.session.execute(
            update(Draft)
            .where(Draft.id == draft.id, Draft.version == expected_version)
            .values(version=expected_version + 1)
        )
        return bool(rowcount(result))
