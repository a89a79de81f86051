"""Users and their recovery codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import delete, func, select, update

from charte.store.db import rowcount
from charte.store.models import Organisation, RecoveryCode, User
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _like, _page


class Users(Repository):
    def get(self, org_id: int, user_id: int) -> User | None:
        return self.session.scalar(select(User).where(User.id == user_id, User.org_id == org_id))

    def by_id(self, user_id: int) -> User | None:
        return self.session.get(User, user_id)

    def by_email(self, email: str) -> User | None:
        """The first user with this e-mail (an e-mail is unique per organisation only; see ``all_by_email``)."""
        return self.session.scalar(select(User).where(User.email == email.lower()).order_by(User.id).limit(1))

    def all_by_email(self, email: str, org_slug: str | None = None, limit: int = 20) -> list[User]:
        """Every user with this e-mail (one per organisation at most), optionally in one organisation."""
        query = select(User).where(User.email == email.lower())
        if org_slug is not None:
            query = query.join(Organisation, Organisation.id == User.org_id).where(
                Organisation.slug == org_slug
            )
        return list(self.session.scalars(query.order_by(User.id).limit(limit)))

    def in_org_by_email(self, org_id: int, email: str) -> User | None:
        return self.session.scalar(select(User).where(User.org_id == org_id, User.email == email.lower()))

    def ids_in_org(self, org_id: int, ids: Sequence[int]) -> set[int]:
        if not ids:
            return set()
        return set(self.session.scalars(select(User.id).where(User.org_id == org_id, User.id.in_(ids))))

    def names_in_org(self, org_id: int, ids: Sequence[int]) -> dict[int, tuple[str, str]]:
        """Display name and e-mail of each of ``ids`` that belongs to ``org_id`` (others are left out)."""
        if not ids:
            return {}
        rows = self.session.execute(
            select(User.id, User.display_name, User.email).where(User.org_id == org_id, User.id.in_(ids))
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    def list(
        self, org_id: int, *, role: str | None, active: bool | None, q: str | None, limit: int, offset: int
    ) -> Page[User]:
        query = select(User).where(User.org_id == org_id)
        if role is not None:
            query = query.where(User.role == role)
        if active is not None:
            query = query.where(User.is_active == active)
        if q:
            pattern = _like(q)
            query = query.where(
                func.lower(User.email).like(pattern, escape="\\")
                | func.lower(User.display_name).like(pattern, escape="\\")
            )
        return _page(self.session, query, User.id, limit, offset)


class RecoveryCodes(Repository):
    def replace(self, user_id: int, hashes: Sequence[str]) -> None:
        self.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
        self.session.add_all(RecoveryCode(user_id=user_id, code_hash=h) for h in hashes)
        self.session.flush()

    def consume(self, user_id: int, code_hash: str, now: dt.datetime) -> bool:
        """Mark an unused code as used; False when there is none (atomic: a code works once)."""
        result = self.session.execute(
            update(RecoveryCode)
            .where(
                RecoveryCode.user_id == user_id,
                RecoveryCode.code_hash == code_hash,
                RecoveryCode.used_at.is_(None),
            )
            .values(used_at=now)
        )
        return bool(rowcount(result))

    def remaining(self, user_id: int) -> int:
        return (
            self.session.scalar(
                select(func.count())
                .select_from(RecoveryCode)
                .where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
            )
            or 0
        )

    def delete_all(self, user_id: int) -> None:
        self.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
