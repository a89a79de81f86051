"""The repository base and one page of a list."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from charte.store.paging import Page

T = TypeVar("T")
R = TypeVar("R")


def _page(session: Session, query: Select[T], order: Any, limit: int, offset: int) -> Page[T]:
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    items = session.scalars(query.order_by(order).limit(limit).offset(offset)).all()
    return Page(items, total, limit, offset)


def _like(value: str) -> str:
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Repository:
    """One aggregate's queries over the session of a :class:`~charte.store.repositories.Store`."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: R) -> R:
        """Insert ``row`` now (flushed, so its id is known) and return it."""
        self.session.add(row)
        self.session.flush()
        return row

    def _autoflush(self) -> None:
        """Pending changes reach the database before a Core statement reads it (a no-op when clean)."""
        if self.session.autoflush:
            self.session.flush()
