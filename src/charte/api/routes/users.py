"""People of the organisation."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page, UserCreate, UserPublic, UserUpdate
from charte.service import users
from charte.service.permissions import Role

router = APIRouter(prefix="/users", tags=["users"])


@router.get("", response_model=Page[UserPublic])
def list_users(
    store: StoreDep,
    actor: PrincipalDep,
    paging: PagingDep,
    role: Annotated[Role | None, Query()] = None,
    active: Annotated[bool | None, Query()] = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the e-mail or name")] = None,
) -> Page[UserPublic]:
    page = users.list_users(
        store, actor, role=role, active=active, q=q, limit=paging.limit, offset=paging.offset
    )
    return Page.of(page, UserPublic.model_validate)


@router.post("", response_model=UserPublic, status_code=201)
def create_user(body: UserCreate, store: StoreDep, actor: PrincipalDep) -> UserPublic:
    user = users.create(
        store, actor, email=body.email, display_name=body.display_name, role=body.role, password=body.password
    )
    return UserPublic.model_validate(user)


@router.get("/{user_id}", response_model=UserPublic)
def get_user(user_id: Id, store: StoreDep, actor: PrincipalDep) -> UserPublic:
    return UserPublic.model_validate(users.get(store, actor, user_id))


@router.patch("/{user_id}", response_model=UserPublic)
def update_user(user_id: Id, body: UserUpdate, store: StoreDep, actor: PrincipalDep) -> UserPublic:
    """Deactivating someone ends their sessions and revokes their tokens."""
    user = users.update(
        store, actor, user_id, display_name=body.display_name, role=body.role, is_active=body.is_active
    )
    return UserPublic.model_validate(user)
