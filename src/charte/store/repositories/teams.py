"""Teams and their members."""

from __future__ import annotations

import builtins
from collections.abc import Sequence

from sqlalchemy import bindparam, select

from charte.store.models import Team, TeamMember
from charte.store.paging import Page
from charte.store.repositories.base import Repository, _page

# Built once (a Core select with bound parameters, as charte.store.repositories.policies explains): checking a
# post from a browser session reads the author's functions on every call.
_teams, _members = Team.__table__.c, TeamMember.__table__.c
_FUNCTIONS_OF = (
    select(_teams.functions)
    .select_from(Team.__table__.join(TeamMember.__table__, _members.team_id == _teams.id))
    .where(_teams.org_id == bindparam("org_id"), _members.user_id == bindparam("user_id"))
)


class Teams(Repository):
    def get(self, org_id: int, team_id: int) -> Team | None:
        return self.session.scalar(select(Team).where(Team.id == team_id, Team.org_id == org_id))

    def by_key(self, org_id: int, key: str) -> Team | None:
        return self.session.scalar(select(Team).where(Team.org_id == org_id, Team.key == key))

    def list(
        self, org_id: int, *, key: str | None, member_id: int | None, limit: int, offset: int
    ) -> Page[Team]:
        query = select(Team).where(Team.org_id == org_id)
        if key:
            query = query.where(Team.key == key)
        if member_id is not None:
            query = query.where(
                Team.id.in_(select(TeamMember.team_id).where(TeamMember.user_id == member_id))
            )
        return _page(self.session, query, Team.id, limit, offset)

    def functions_of(self, org_id: int, user_id: int) -> frozenset[str]:
        """The union of the functions of the teams ``user_id`` belongs to in ``org_id``."""
        self._autoflush()
        rows = self.session.execute(_FUNCTIONS_OF, {"org_id": org_id, "user_id": user_id})
        return frozenset(f for (functions,) in rows for f in functions or ())

    def functions_by_key(self, org_id: int) -> dict[str, builtins.list[str]]:
        """Each team of ``org_id`` that maps to functions, by key."""
        rows = self.session.execute(select(Team.key, Team.functions).where(Team.org_id == org_id))
        return {key: list(functions) for key, functions in rows if functions}

    def set_members(self, team: Team, user_ids: Sequence[int]) -> None:
        team.members = [TeamMember(user_id=u) for u in dict.fromkeys(user_ids)]
        self.session.flush()

    def keys_of_member(self, org_id: int, user_id: int) -> set[str]:
        """The keys of the teams ``user_id`` belongs to (an approval level may name a team)."""
        stmt = (
            select(Team.key)
            .join(TeamMember, TeamMember.team_id == Team.id)
            .where(Team.org_id == org_id, TeamMember.user_id == user_id)
        )
        return set(self.session.scalars(stmt))

    def delete(self, team: Team) -> None:
        self.session.delete(team)
        self.session.flush()
