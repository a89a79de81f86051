"""The one pagination type: a request (:class:`Paging`: how many, from where) and a result (:class:`Page`: the
items and how many match in all). Repositories page in SQL, a use case that filters in Python pages with
:meth:`Page.window`, and the API answers every list with the same ``{items, total, limit, offset}`` body.

The audit record is the one list read by a cursor instead (``after_seq``): it only grows, so a reader keeping
its place by sequence number never skips nor repeats an entry appended meanwhile, as an offset would.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
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


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    """One page of a list read by keyset (the inbox): the items and the opaque cursor of the next page.

    A keyset page keeps its place by the last row's sort values, not by a count of rows to skip: at a million
    mentions, page 500 costs what page 1 costs, and mentions arriving meanwhile neither repeat nor vanish.
    """

    items: Sequence[T]
    next_cursor: str | None
    limit: int

    def map(self, convert: Callable[[T], U]) -> KeysetPage[U]:
        return KeysetPage([convert(item) for item in self.items], self.next_cursor, self.limit)


def encode_cursor(values: Sequence[object]) -> str:
    """An opaque cursor for the sort values of a row (datetimes as ISO text, ints, strings, None)."""
    plain = [v.isoformat() if isinstance(v, dt.datetime) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[object]:
    """The values :func:`encode_cursor` packed; ``ValueError`` on anything else (a tampered or stale cursor)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeError):
        raise ValueError("not a cursor this list gave out") from None
    if not isinstance(values, list) or len(values) != arity:
        raise ValueError("not a cursor this list gave out")
    return values
