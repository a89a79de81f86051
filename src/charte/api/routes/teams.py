"""Teams of the conflict plan."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page, TeamCreate, TeamPublic, TeamUpdate
from charte.service import teams
from charte.store.models import Team

router = APIRouter(prefix="/teams", tags=["teams"])


def public(team: Team) -> TeamPublic:
    return TeamPublic(id=team.id, key=team.key, name=team.name, created_at=team.created_at,
                      member_ids=sorted(m.user_id for m in team.members))


@router.get("", response_model=Page[TeamPublic])
def list_teams(store: StoreDep, actor: PrincipalDep, paging: PagingDep,
               key: Annotated[str | None, Query(max_length=64)] = None,
               member_id: Annotated[Id | None, Query()] = None) -> Page[TeamPublic]:
    page = teams.list_teams(store, actor, key=key, member_id=member_id, limit=paging.limit, offset=paging.offset)
    return Page.of(page, public)


@router.post("", response_model=TeamPublic, status_code=201)
def create_team(body: TeamCreate, store: StoreDep, actor: PrincipalDep) -> TeamPublic:
    return public(teams.create(store, actor, key=body.key, name=body.name, member_ids=body.member_ids))


@router.get("/{team_id}", response_model=TeamPublic)
def get_team(team_id: Id, store: StoreDep, actor: PrincipalDep) -> TeamPublic:
    return public(teams.get(store, actor, team_id))


@router.patch("/{team_id}", response_model=TeamPublic)
def update_team(team_id: Id, body: TeamUpdate, store: StoreDep, actor: PrincipalDep) -> TeamPublic:
    return public(teams.update(store, actor, team_id, name=body.name, member_ids=body.member_ids))


@router.delete("/{team_id}", status_code=204)
def delete_team(team_id: Id, store: StoreDep, actor: PrincipalDep) -> None:
    teams.delete(store, actor, team_id)
