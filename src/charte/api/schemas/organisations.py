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


class OrganisationUpdate(In):
    name: str | None = Field(default=None, min_length=1, max_length=200)
