"""Request (``XCreate`` / ``XUpdate``) and response (``XPublic``) bodies, separate from the tables.

Requests refuse unknown fields and wrong types; responses never carry a secret or a hash.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from charte.service.permissions import Permission, Role
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
        return cls(items=[convert(item) for item in page.items], total=page.total, limit=page.limit,
                   offset=page.offset)


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


IdList = Annotated[list[Id], Field(max_length=MAX_IDS, json_schema_extra={"uniqueItems": True}),
                   AfterValidator(_unique)]
"""People on a team or an account: distinct ids, as many as the audit record of the change can list."""

Name = Field(min_length=1, max_length=200)
def _unique_names(names: list[str]) -> list[str]:
    repeated = sorted(n for n, count in Counter(names).items() if count > 1)
    if repeated:
        raise ValueError(f"list each function once (repeated: {', '.join(repeated)})")
    return names


FunctionList = Annotated[list[Annotated[str, Field(min_length=1, max_length=64)]],
                         Field(max_length=32, json_schema_extra={"uniqueItems": True}), AfterValidator(_unique_names)]
"""Functions the policy names (spokespeople roles, complaint responders) that a team's members hold."""


# Organisations
class OrganisationPublic(Out):
    id: int
    slug: str
    name: str
    created_at: dt.datetime


class OrganisationUpdate(In):
    name: str | None = Field(default=None, min_length=1, max_length=200)


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
    functions: list[str] = Field(description="The policy functions your teams give you: your posts are checked "
                                 "with them (who may speak for the brand, where, who answers complaints)")
    authenticated_by: Literal["session", "token", "system"]


class PasswordChange(In):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


# Authentication
class LoginIn(In):
    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=1024)
    totp_code: str | None = Field(default=None, max_length=16)
    recovery_code: str | None = Field(default=None, max_length=32)
    organisation: str | None = Field(default=None, max_length=100, description="The organisation's short name "
                                     "(slug); needed only when one e-mail and password open several")


class ReauthIn(In):
    password: str = Field(min_length=1, max_length=1024)
    totp_code: str | None = Field(default=None, max_length=16)
    recovery_code: str | None = Field(default=None, max_length=32)


class LoginPublic(Out):
    user: UserPublic
    csrf_token: str = Field(description="Send it back as the X-CSRF-Token header on POST/PATCH/DELETE")
    expires_at: dt.datetime


class TotpEnrolment(Out):
    secret: str
    otpauth_uri: str = Field(description="Show it as a QR code in an authenticator app")


class TotpCode(In):
    code: str = Field(min_length=6, max_length=32)


class RecoveryCodes(Out):
    recovery_codes: list[str] = Field(description="Shown once: each works one time instead of a code")


# Teams
class TeamPublic(Out):
    id: int
    key: str
    name: str
    member_ids: list[int]
    functions: list[str] = Field(description="The policy functions its members hold (who may speak for the "
                                 "brand, where, who answers complaints): a draft is checked with its author's")
    undefined_functions: list[str] = Field(description="Functions it maps to that the active policy no longer "
                                           "defines: they grant nothing until the team is remapped")
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
    last_rotation_at: AwareDatetime | None = Field(default=None, strict=False,
                                                   description="ISO 8601 with a time zone")


class AccountUpdate(In):
    display_name: str | None = Field(default=None, max_length=200)
    owner_ids: IdList | None = None
    poster_ids: IdList | None = None
    two_factor_attested: bool | None = None
    last_rotation_at: AwareDatetime | None = Field(default=None, strict=False)


# Policies
class PolicyPublic(Out):
    id: int
    version: int
    label: str = Field(description="policy.version inside the YAML")
    sha256: str
    comment: str | None = Field(description="The upload comment; only for the policy's owners (policies:write)")
    is_active: bool
    created_by: int | None
    created_at: dt.datetime
    activated_at: dt.datetime | None


class PolicyDetail(PolicyPublic):
    yaml: str | None = Field(description="The policy file, with its confidential terms and code names: only for "
                             "the policy's owners (policies:write); null for everyone else")
    document: str = Field(description="The employee-facing policy, rendered as Markdown")
    lang: str = Field(description="Language of the document")


class PolicyCreate(In):
    yaml: str = Field(min_length=1, description="The policy file's text")
    comment: str = Field(default="", max_length=500)
    activate: bool = False


class PolicyDiff(Out):
    from_id: int | None
    from_version: int | None
    to_id: int
    to_version: int
    diff: str = Field(description="Unified diff of the YAML (owners) or of the rendered document (others)")
    diff_of: Literal["yaml", "document"]
    changes: list[dict[str, Any]] = Field(description="Clause by clause, in plain words: section, kind "
                                          "(added, removed, changed), key, label, before, after, clause; "
                                          "owners only (the values may be confidential), empty for others")


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
    expires_in_days: int = Field(default=90, ge=1, le=DB_INT_MAX, description="At most the server's token_max_days")
