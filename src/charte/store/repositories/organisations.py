"""Organisations."""

from __future__ import annotations

from sqlalchemy import select

from charte.store.models import Organisation
from charte.store.repositories.base import Repository


class Organisations(Repository):
    def get(self, org_id: int) -> Organisation | None:
        return self.session.get(Organisation, org_id)

    def by_slug(self, slug: str) -> Organisation | None:
        return self.session.scalar(select(Organisation).where(Organisation.slug == slug))

    def requires_totp(self, org_id: int) -> bool:
        """Whether the organisation requires two-factor sign-in of everyone (read on each session request)."""
        return bool(self.session.scalar(select(Organisation.require_totp).where(Organisation.id == org_id)))

    def ids(self) -> list[int]:
        return list(self.session.scalars(select(Organisation.id).order_by(Organisation.id)))
