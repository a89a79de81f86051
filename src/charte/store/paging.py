"""The one pagination type: a request (:class:`Paging`: how many, from where) and a result (:class:`Page`: the
items and how many match in all). Repositories page in SQL, a use case that filters in Python pages with
:meth:`Page.window`, and the API answers every list with the same ``{items, total, limit, offset}`` body.

The audit record is the one list read by a cursor instead (``after_seq``): it only grows, so a reader keeping
its place by sequence number never skips nor repeats an entry appended meanwhile, as an offset would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
U = TypeVar("U")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


@dataclass(frozen=True)
class Paging:
    """Which page of a list: at most ``limit`` items after skipping ``offset`` (bounded by the API)."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list and the total number of matching rows."""

    items: Sequence[T]
    total: int
    limit: int
    offset: int

    @classmethod
    def window(cls, items: Sequence[T], limit: int, offset: int) -> Page[T]:
        """The page of a list already in memory (filtered in Python)."""
        return cls(items[offset : offset + limit], len(items), limit, offset)

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        """The same page with each item converted (a row to its public schema)."""
        return Page([convert(item) for item in self.items], self.total, self.limit, self.offset)
