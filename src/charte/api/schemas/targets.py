"""Publish targets (their secrets masked)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from charte.api.schemas.base import Id, In, Out


class TargetCreate(In):
    name: str = Field(min_length=1, max_length=100)
    connector: str = Field(min_length=1, max_length=32)
    params: dict[str, Any] = Field(default_factory=dict)
    account_id: Id | None = None


class TargetPublic(Out):
    id: int
    name: str
    connector: str
    params: dict[str, Any]  # secrets masked
    account_id: int | None
    created_at: dt.datetime
    credentials_refused: bool = Field(
        description="The network refused the credentials (token expired or revoked): give new ones"
    )
    last_error: str | None = Field(description="The last failed attempt's reason (cleared by a success)")
    last_error_at: dt.datetime | None
    last_sent_at: dt.datetime | None
