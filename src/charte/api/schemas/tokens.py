"""API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field

from charte.api.schemas.base import DB_INT_MAX, In, Out
from charte.service.permissions import Permission


# Tokens
class TokenPublic(Out):
    id: int
    user_id: int
    name: str
    prefix: str
    scopes: list[str]
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None
    created_at: dt.datetime


class TokenCreated(TokenPublic):
    token: str = Field(description="The secret, shown this once: store it now")


class TokenCreate(In):
    name: str = Field(min_length=1, max_length=100)
    scopes: list[Annotated[Permission, Field(strict=False)]] = Field(min_length=1)
    expires_in_days: int = Field(
        default=90, ge=1, le=DB_INT_MAX, description="At most the server's token_max_days"
    )
