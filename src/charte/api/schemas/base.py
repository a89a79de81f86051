"""The shapes every body shares: requests refuse unknown fields and wrong types; responses are read from
rows and never carry a secret or a hash. Integers that reach a query are bounded here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from charte.store import paging

T = TypeVar("T")


class In(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(Out, Generic[T]):
    """Every list the API answers (:class:`charte.store.paging.Page` with public items)."""

    items: list[T]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, page: paging.Page[Any], convert: Callable[[Any], T]) -> Page[T]:
        return cls(
            items=[convert(item) for item in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


DB_INT_MAX = 2**31 - 1
"""The largest value of the INTEGER columns (ids, versions, sequence numbers) on PostgreSQL; SQLite's are wider."""


DbInt = Annotated[int, Field(ge=0, le=DB_INT_MAX)]
"""Every integer that reaches a query (ids, offsets, cursors, versions): bounded at the edge, so that a
bigger one is a 422 naming the parameter instead of an ``OverflowError`` in the database driver."""


Id = Annotated[DbInt, Field(ge=1)]


MAX_IDS = 200  # the longest list one audit entry records (charte.audit.chain): a change is audited whole


def _unique(ids: list[int]) -> list[int]:
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        raise ValueError(f"list each id once (repeated: {', '.join(map(str, repeated))})")
    return ids


IdList = Annotated[
    list[Id], Field(max_length=MAX_IDS, json_schema_extra={"uniqueItems": True}), AfterValidator(_unique)
]
"""People on a team or an account: distinct ids, as many as the audit record of the change can list."""


Name = Field(min_length=1, max_length=200)


def _unique_names(names: list[str]) -> list[str]:
    repeated = sorted(n for n, count in Counter(names).items() if count > 1)
    if repeated:
        raise ValueError(f"list each function once (repeated: {', '.join(repeated)})")
    return names


FunctionList = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=64)]],
    Field(max_length=32, json_schema_extra={"uniqueItems": True}),
    AfterValidator(_unique_names),
]
"""Functions the policy names (spokespeople roles, complaint responders) that a team's members hold."""
