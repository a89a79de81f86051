"""Teams."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from charte.api.schemas.base import IdList, In, Name, Out


# Teams
class TeamPublic(Out):
    id: int
    key: str
    name: str
    member_ids: list[int]
    created_at: dt.datetime


class TeamCreate(In):
    key: str = Field(min_length=1, max_length=64)
    name: str = Name
    member_ids: IdList = Field(default_factory=list)


class TeamUpdate(In):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    member_ids: IdList | None = None
