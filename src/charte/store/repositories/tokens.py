"""API tokens, authenticated in one query on every API call (the token, its owner and the owner's teams'
functions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import cast

from sqlalchemy import bindparam, select, update

from charte.store.models import ApiToken, PolicyVersion, Team, TeamMember, User
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _page

# Built once, like the active policy's reference (charte.store.repositories.policies): the hot path of every
# API call. One row per team of the owner in the token's organisation (one row with no functions when in none):
# the functions a check needs come in the same round trip, read afresh on every call, so a change of teams
# takes effect on the next request in every process (no cache to invalidate). The organisation's active policy
# version (id and hash, at most one) comes in the same row, for /v1/check: one round trip instead of three.
_tokens, _users = ApiToken.__table__.c, User.__table__.c
_members, _teams = TeamMember.__table__.c, Team.__table__.c
_policies = PolicyVersion.__table__.c
_TOKEN_AUTH = (
    select(
        _tokens.id,
        _tokens.org_id,
        _tokens.user_id,
        _tokens.scopes,
        _tokens.expires_at,
        _tokens.revoked_at,
        _tokens.last_used_at,
        _users.is_active,
        _users.role,
        _users.org_id,
        _teams.functions,
        _policies.id,
        _policies.sha256,
    )
    .select_from(
        ApiToken.__table__.join(User.__table__, _users.id == _tokens.user_id)
        .outerjoin(TeamMember.__table__, _members.user_id == _tokens.user_id)
        .outerjoin(Team.__table__, (_teams.id == _members.team_id) & (_teams.org_id == _tokens.org_id))
        .outerjoin(
            PolicyVersion.__table__, (_policies.org_id == _tokens.org_id) & _policies.is_active.is_(True)
        )
    )
    .where(_tokens.token_hash == bindparam("token_hash"))
)
# One row of _TOKEN_AUTH, in TokenAuth's field order then a team's functions and the active policy's id and hash.
# SQLAlchemy types a select of ten or more columns as "at least ten columns of Any", so the row is cast to the
# exact thirteen it has.
_TokenAuthRow = tuple[
    int,
    int,
    int,
    list[str],
    dt.datetime,
    dt.datetime | None,
    dt.datetime | None,
    bool,
    str,
    int,
    list[str] | None,
    int | None,
    str | None,
]


@dataclass(frozen=True)
class TokenAuth:
    """What authenticating one request needs about a token and its owner, read in one query."""

    token_id: int
    org_id: int
    user_id: int
    scopes: list[str]
    expires_at: dt.datetime
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None
    user_active: bool
    user_role: str
    user_org_id: int
    functions: frozenset[str]  # the union of the functions of the owner's teams in the token's organisation
    active_policy: tuple[int, str] | None  # the organisation's active policy version: id and hash


class Tokens(Repository):
    def auth(self, token_hash: str) -> TokenAuth | None:
        """The token, its owner, the owner's functions and the organisation's active policy in one round trip,
        as plain values (the hot path of every API call)."""
        self._autoflush()
        rows = [cast(_TokenAuthRow, r) for r in self.session.execute(_TOKEN_AUTH, {"token_hash": token_hash})]
        if not rows:
            return None
        first = rows[0]
        functions = frozenset(f for row in rows for f in row[10] or ())
        active = (first[11], first[12]) if first[11] is not None and first[12] is not None else None
        return TokenAuth(*first[:10], functions=functions, active_policy=active)

    def get(self, org_id: int, token_id: int) -> ApiToken | None:
        return self.session.scalar(select(ApiToken).where(ApiToken.id == token_id, ApiToken.org_id == org_id))

    def names_in_org(self, org_id: int, ids: list[int]) -> dict[int, str]:
        """The name of each of ``ids`` that belongs to ``org_id`` (others are left out)."""
        if not ids:
            return {}
        rows = self.session.execute(
            select(ApiToken.id, ApiToken.name).where(ApiToken.org_id == org_id, ApiToken.id.in_(ids))
        )
        return {row[0]: row[1] for row in rows}

    def by_hash(self, token_hash: str) -> ApiToken | None:
        return self.session.scalar(select(ApiToken).where(ApiToken.token_hash == token_hash))

    def list(
        self, org_id: int, *, user_id: int | None, active_at: dt.datetime | None, limit: int, offset: int
    ) -> Page[ApiToken]:
        query = select(ApiToken).where(ApiToken.org_id == org_id)
        if user_id is not None:
            query = query.where(ApiToken.user_id == user_id)
        if active_at is not None:
            query = query.where(ApiToken.revoked_at.is_(None), ApiToken.expires_at > active_at)
        return _page(self.session, query, ApiToken.id, limit, offset)

    def revoke_user(self, user_id: int, now: dt.datetime) -> None:
        self.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def revoke_named(self, user_id: int, name: str, now: dt.datetime) -> None:
        self.session.execute(
            update(ApiToken)
            .where(ApiToken.user_id == user_id, ApiToken.name == name, ApiToken.revoked_at.is_(None))
            .values(revoked_at=now)
        )

    def touch(self, token_id: int, now: dt.datetime) -> None:
        self.session.execute(update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
