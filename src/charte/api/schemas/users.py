"""Users, and the current user (``/v1/me``)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from charte.api.schemas.base import In, Out
from charte.api.schemas.organisations import OrganisationPublic
from charte.service.permissions import Role


# Users
class UserPublic(Out):
    id: int
    email: str
    display_name: str
    role: Role
    is_active: bool
    totp_enabled: bool
    created_at: dt.datetime
    last_login_at: dt.datetime | None
    language: str | None = Field(
        default=None, description="The interface language the person chose (fr, en); null: their browser's"
    )


class UserCreate(In):
    email: str = Field(min_length=3, max_length=320)
    display_name: str = Field(default="", max_length=200)
    role: Role = Field(strict=False)
    password: str = Field(min_length=1, max_length=1024)


class UserUpdate(In):
    display_name: str | None = Field(default=None, max_length=200)
    role: Role | None = Field(default=None, strict=False)
    is_active: bool | None = None


class MePublic(Out):
    user: UserPublic
    organisation: OrganisationPublic
    permissions: list[str]
    functions: list[str] = Field(
        description="The policy functions your teams give you: your posts are checked "
        "with them (who may speak for the brand, where, who answers complaints)"
    )
    authenticated_by: Literal["session", "token", "system"]


class MeUpdate(In):
    language: str = Field(max_length=8, description="Your interface language: fr or en")


class PasswordChange(In):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)
