"""API tokens for programs."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from charte.api.deps import PagingDep, PrincipalDep, SettingsDep, StoreDep
from charte.api.schemas import Id, Page, TokenCreate, TokenCreated, TokenPublic
from charte.service import tokens

router = APIRouter(prefix="/tokens", tags=["tokens"])


@router.get("", response_model=Page[TokenPublic])
def list_tokens(
    store: StoreDep,
    actor: PrincipalDep,
    paging: PagingDep,
    user_id: Annotated[Id | None, Query(description="Needs tokens:manage for others")] = None,
    active: Annotated[bool | None, Query(description="Only unexpired, unrevoked tokens")] = None,
) -> Page[TokenPublic]:
    page = tokens.list_tokens(
        store, actor, user_id=user_id, active=active, limit=paging.limit, offset=paging.offset
    )
    return Page.of(page, TokenPublic.model_validate)


@router.post("", response_model=TokenCreated, status_code=201)
def create_token(
    body: TokenCreate, store: StoreDep, actor: PrincipalDep, settings: SettingsDep
) -> TokenCreated:
    """The secret is in the answer this once; only its hash is kept. A token mints only tokens within its own
    scopes and expiry; a browser session needs a recent password (POST /v1/auth/reauth)."""
    issued = tokens.create(
        store,
        actor,
        name=body.name,
        scopes=body.scopes,
        expires_in_days=body.expires_in_days,
        max_days=settings.token_max_days,
        fresh_minutes=settings.fresh_login_minutes,
    )
    return TokenCreated(**TokenPublic.model_validate(issued.row).model_dump(), token=issued.secret)


@router.delete("/{token_id}", response_model=TokenPublic)
def revoke_token(token_id: Id, store: StoreDep, actor: PrincipalDep) -> TokenPublic:
    return TokenPublic.model_validate(tokens.revoke(store, actor, token_id))
