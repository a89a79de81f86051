"""Organisations."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from charte.api.schemas.base import In, Out


# Organisations
class OrganisationPublic(Out):
    id: int
    slug: str
    name: str
    created_at: dt.datetime
    require_totp: bool = False


class OrganisationUpdate(In):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    require_totp: bool | None = Field(
        default=None, description="Everyone must sign in with a TOTP code (API tokens are not affected)"
    )
