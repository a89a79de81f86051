"""Who is acting: the user, their organisation, and the permissions this request carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from charte.service.errors import denied
from charte.service.permissions import ROLE_PERMISSIONS, Permission, Role


@dataclass(frozen=True)
class Principal:
    user_id: int
    org_id: int
    role: Role
    permissions: frozenset[Permission]
    via: Literal["session", "token", "system"]
    credential_id: int | None = None  # the session's or the token's id
    authenticated_at: dt.datetime | None = None  # a session: when its password was typed
    expires_at: dt.datetime | None = None  # a token: when it stops working (what it mints cannot outlive it)
    # The policy functions the user's teams give them, when read with the credentials (a token: in the same
    # query); None: not read, ask charte.service.functions.of_user.
    functions: frozenset[str] | None = None
    # A session of someone who must enrol in two-factor sign-in before anything else (the organisation
    # requires it): the API and the pages refuse every other route (docs/security.md).
    needs_totp: bool = False

    @classmethod
    def of(
        cls,
        user_id: int,
        org_id: int,
        role: str,
        via: Literal["session", "token", "system"],
        scopes: list[str] | None = None,
        credential_id: int | None = None,
        authenticated_at: dt.datetime | None = None,
        expires_at: dt.datetime | None = None,
        functions: frozenset[str] | None = None,
    ) -> Principal:
        return cls(
            user_id,
            org_id,
            Role(role),
            _granted(role, None if scopes is None else tuple(scopes)),
            via,
            credential_id,
            authenticated_at,
            expires_at,
            functions,
        )

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if permission not in self.permissions:
            raise denied(permission, self)


@lru_cache(maxsize=1024)
def _granted(role: str, scopes: tuple[str, ...] | None) -> frozenset[Permission]:
    """Role ∩ scopes, computed once per distinct pair: every authenticated request needs it (a pure function
    of two values read from the database on each request, so caching it changes no decision)."""
    granted = ROLE_PERMISSIONS[Role(role)]
    if scopes is not None:
        granted = granted & {Permission(s) for s in scopes if s in Permission.__members__.values()}
    return frozenset(granted)
