"""Publications (the workers attempt them through :class:`charte.service.publishing.Publisher`)."""

from __future__ import annotations

from sqlalchemy import select

from charte.store.models import PublicationRow
from charte.store.repositories.base import Repository


class Publications(Repository):
    def get(self, org_id: int, publication_id: int) -> PublicationRow | None:
        return self.session.scalar(
            select(PublicationRow).where(PublicationRow.id == publication_id, PublicationRow.org_id == org_id)
        )
