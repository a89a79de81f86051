"""Policy versions, with the active version's reference read on the hot path of ``/v1/check``."""

from __future__ import annotations

from sqlalchemy import bindparam, func, select, update

from charte.store.models import PolicyVersion
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _page

# Built once: a Core select with a bound parameter skips the per-call construction, cache-key walk and ORM
# result machinery (~25 µs instead of ~150 µs on SQLite). Core statements do not autoflush: the method that runs
# it flushes first, as an ORM query would.
_policies = PolicyVersion.__table__.c
_ACTIVE_REF = select(_policies.id, _policies.sha256).where(
    _policies.org_id == bindparam("org_id"), _policies.is_active.is_(True)
)


class Policies(Repository):
    def get(self, org_id: int, policy_id: int) -> PolicyVersion | None:
        return self.session.scalar(
            select(PolicyVersion).where(PolicyVersion.id == policy_id, PolicyVersion.org_id == org_id)
        )

    def active(self, org_id: int) -> PolicyVersion | None:
        return self.session.scalar(
            select(PolicyVersion).where(PolicyVersion.org_id == org_id, PolicyVersion.is_active.is_(True))
        )

    def active_ref(self, org_id: int) -> tuple[int, str] | None:
        """The active version's id and hash without loading its text (the hot path of ``/v1/check``)."""
        self._autoflush()
        row = self.session.execute(_ACTIVE_REF, {"org_id": org_id}).first()
        return (row[0], row[1]) if row else None

    def text_of(self, policy_id: int) -> str | None:
        return self.session.scalar(select(PolicyVersion.yaml_text).where(PolicyVersion.id == policy_id))

    def previous(self, org_id: int, version: int) -> PolicyVersion | None:
        return self.session.scalar(
            select(PolicyVersion)
            .where(PolicyVersion.org_id == org_id, PolicyVersion.version < version)
            .order_by(PolicyVersion.version.desc())
            .limit(1)
        )

    def next_version(self, org_id: int) -> int:
        current = self.session.scalar(
            select(func.max(PolicyVersion.version)).where(PolicyVersion.org_id == org_id)
        )
        return (current or 0) + 1

    def by_sha(self, org_id: int, sha256: str) -> PolicyVersion | None:
        return self.session.scalar(
            select(PolicyVersion)
            .where(PolicyVersion.org_id == org_id, PolicyVersion.sha256 == sha256)
            .order_by(PolicyVersion.version.desc())
            .limit(1)
        )

    def deactivate_all(self, org_id: int) -> None:
        self.session.execute(
            update(PolicyVersion)
            .where(PolicyVersion.org_id == org_id, PolicyVersion.is_active.is_(True))
            .values(is_active=False)
        )
        self.session.flush()

    def list(self, org_id: int, *, active: bool | None, limit: int, offset: int) -> Page[PolicyVersion]:
        query = select(PolicyVersion).where(PolicyVersion.org_id == org_id)
        if active is not None:
            query = query.where(PolicyVersion.is_active.is_(active))
        return _page(self.session, query, PolicyVersion.version.desc(), limit, offset)
