"""Brand accounts."""

from __future__ import annotations

import datetime as dt

from pydantic import AwareDatetime, Field

from charte.api.schemas.base import IdList, In, Out


# Brand accounts
class AccountPublic(Out):
    id: int
    platform: str
    handle: str
    display_name: str | None
    owner_ids: list[int]
    poster_ids: list[int]
    two_factor_attested: bool
    two_factor_attested_at: dt.datetime | None
    last_rotation_at: dt.datetime | None
    created_at: dt.datetime


class AccountCreate(In):
    platform: str = Field(min_length=1, max_length=32, examples=["linkedin"])
    handle: str = Field(min_length=1, max_length=200, examples=["@acme"])
    display_name: str | None = Field(default=None, max_length=200)
    owner_ids: IdList = Field(default_factory=list)
    poster_ids: IdList = Field(default_factory=list)
    two_factor_attested: bool = False
    last_rotation_at: AwareDatetime | None = Field(
        default=None, strict=False, description="ISO 8601 with a time zone"
    )


class AccountUpdate(In):
    display_name: str | None = Field(default=None, max_length=200)
    owner_ids: IdList | None = None
    poster_ids: IdList | None = None
    two_factor_attested: bool | None = None
    last_rotation_at: AwareDatetime | None = Field(default=None, strict=False)
