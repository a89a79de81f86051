"""Publish targets."""

from __future__ import annotations

from sqlalchemy import select

from charte.store.models import PublishTarget
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _page


class PublishTargets(Repository):
    def get(self, org_id: int, target_id: int) -> PublishTarget | None:
        return self.session.scalar(
            select(PublishTarget).where(PublishTarget.id == target_id, PublishTarget.org_id == org_id)
        )

    def by_name(self, org_id: int, name: str) -> PublishTarget | None:
        return self.session.scalar(
            select(PublishTarget).where(PublishTarget.name == name, PublishTarget.org_id == org_id)
        )

    def list(self, org_id: int, *, limit: int, offset: int) -> Page[PublishTarget]:
        return _page(
            self.session,
            select(PublishTarget).where(PublishTarget.org_id == org_id),
            PublishTarget.id,
            limit,
            offset,
        )

    def bound(self, org_id: int, account_id: int, connector: str) -> PublishTarget | None:
        """The first target bound to brand account ``account_id`` through ``connector`` (oldest first)."""
        return self.session.scalar(
            select(PublishTarget)
            .where(
                PublishTarget.org_id == org_id,
                PublishTarget.account_id == account_id,
                PublishTarget.connector == connector,
            )
            .order_by(PublishTarget.id)
            .limit(1)
        )

    def delete(self, row: PublishTarget) -> None:
        self.session.delete(row)
        self.session.flush()
