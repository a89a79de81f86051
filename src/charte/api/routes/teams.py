"""Teams of the conflict plan."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from charte.api.deps import EnginesDep, PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page, TeamCreate, TeamPublic, TeamUpdate
from charte.policy.model import Policy
from charte.service import functions, teams
from charte.service.engines import active_policy_or_none
from charte.service.principal import Principal
from charte.store.models import Team
from charte.store.repositories import Store

router = APIRouter(prefix="/teams", tags=["teams"])


def public(team: Team, policy: Policy | None) -> TeamPublic:
    team_functions = list(team.functions or [])
    return TeamPublic(
        id=team.id,
        key=team.key,
        name=team.name,
        created_at=team.created_at,
        member_ids=sorted(m.user_id for m in team.members),
        functions=team_functions,
        undefined_functions=functions.undefined(team_functions, policy),
    )


def _policy(store: Store, actor: Principal, engines: EnginesDep) -> Policy | None:
    """The active policy, to show which of a team's functions it does not define (all, when there is none)."""
    return active_policy_or_none(store, engines, actor.org_id)


@router.get("", response_model=Page[TeamPublic])
def list_teams(
    store: StoreDep,
    actor: PrincipalDep,
    paging: PagingDep,
    engines: EnginesDep,
    key: Annotated[str | None, Query(max_length=64)] = None,
    member_id: Annotated[Id | None, Query()] = None,
) -> Page[TeamPublic]:
    page = teams.list_teams(
        store, actor, key=key, member_id=member_id, limit=paging.limit, offset=paging.offset
    )
    policy = _policy(store, actor, engines)
    return Page.of(page, lambda team: public(team, policy))


@router.post("", response_model=TeamPublic, status_code=201)
def create_team(body: TeamCreate, store: StoreDep, actor: PrincipalDep, engines: EnginesDep) -> TeamPublic:
    team = teams.create(
        store,
        actor,
        key=body.key,
        name=body.name,
        member_ids=body.member_ids,
        function_names=body.functions,
        cache=engines,
    )
    return public(team, _policy(store, actor, engines))


@router.get("/{team_id}", response_model=TeamPublic)
def get_team(team_id: Id, store: StoreDep, actor: PrincipalDep, engines: EnginesDep) -> TeamPublic:
    team = teams.get(store, actor, team_id)
    return public(team, _policy(store, actor, engines))


@router.patch("/{team_id}", response_model=TeamPublic)
def update_team(
    team_id: Id, body: TeamUpdate, store: StoreDep, actor: PrincipalDep, engines: EnginesDep
) -> TeamPublic:
    team = teams.update(
        store,
        actor,
        team_id,
        name=body.name,
        member_ids=body.member_ids,
        function_names=body.functions,
        cache=engines,
    )
    return public(team, _policy(store, actor, engines))


@router.delete("/{team_id}", status_code=204)
def delete_team(team_id: Id, store: StoreDep, actor: PrincipalDep) -> None:
    teams.delete(store, actor, team_id)
