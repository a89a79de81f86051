"""Teams."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from charte.api.schemas.base import FunctionList, IdList, In, Name, Out


# Teams
class TeamPublic(Out):
    id: int
    key: str
    name: str
    member_ids: list[int]
    functions: list[str] = Field(
        description="The policy functions its members hold (who may speak for the "
        "brand, where, who answers complaints): a draft is checked with its author's"
    )
    undefined_functions: list[str] = Field(
        description="Functions it maps to that the active policy no longer "
        "defines: they grant nothing until the team is remapped"
    )
    created_at: dt.datetime


class TeamCreate(In):
    key: str = Field(min_length=1, max_length=64)
    name: str = Name
    member_ids: IdList = Field(default_factory=list)
    functions: FunctionList = Field(default_factory=list, description="Functions the active policy defines")


class TeamUpdate(In):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    member_ids: IdList | None = None
    functions: FunctionList | None = Field(default=None, description="Replaces the team's functions")
