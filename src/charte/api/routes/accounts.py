"""The register of brand accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.routes.account_safety import standing_public
from charte.api.schemas import AccountCreate, AccountPublic, AccountUpdate, Id, Page
from charte.api.schemas.account_safety import (
    AccountSecurityPublic,
    AttestationIn,
    RecoveryContactsIn,
    RotationIn,
)
from charte.service import account_register, accounts
from charte.store.models import BrandAccount

router = APIRouter(prefix="/accounts", tags=["accounts"])


def public(account: BrandAccount) -> AccountPublic:
    return AccountPublic(
        id=account.id,
        platform=account.platform,
        handle=account.handle,
        display_name=account.display_name,
        two_factor_attested=account.two_factor_attested,
        two_factor_attested_at=account.two_factor_attested_at,
        last_rotation_at=account.last_rotation_at,
        created_at=account.created_at,
        owner_ids=sorted(o.user_id for o in account.owners),
        poster_ids=sorted(p.user_id for p in account.posters),
    )


@router.get("", response_model=Page[AccountPublic])
def list_accounts(
    store: StoreDep,
    actor: PrincipalDep,
    paging: PagingDep,
    platform: Annotated[str | None, Query(max_length=32)] = None,
    q: Annotated[str | None, Query(max_length=100, description="Part of the handle")] = None,
    owner_id: Annotated[Id | None, Query()] = None,
    two_factor_attested: Annotated[bool | None, Query()] = None,
) -> Page[AccountPublic]:
    page = accounts.list_accounts(
        store,
        actor,
        platform=platform,
        q=q,
        owner_id=owner_id,
        two_factor=two_factor_attested,
        limit=paging.limit,
        offset=paging.offset,
    )
    return Page.of(page, public)


@router.post("", response_model=AccountPublic, status_code=201)
def create_account(body: AccountCreate, store: StoreDep, actor: PrincipalDep) -> AccountPublic:
    return public(
        accounts.create(
            store,
            actor,
            platform=body.platform,
            handle=body.handle,
            display_name=body.display_name,
            owner_ids=body.owner_ids,
            poster_ids=body.poster_ids,
            two_factor_attested=body.two_factor_attested,
            last_rotation_at=body.last_rotation_at,
        )
    )


@router.get("/{account_id}", response_model=AccountPublic)
def get_account(account_id: Id, store: StoreDep, actor: PrincipalDep) -> AccountPublic:
    return public(accounts.get(store, actor, account_id))


@router.patch("/{account_id}", response_model=AccountPublic)
def update_account(
    account_id: Id, body: AccountUpdate, store: StoreDep, actor: PrincipalDep
) -> AccountPublic:
    return public(
        accounts.update(
            store,
            actor,
            account_id,
            display_name=body.display_name,
            owner_ids=body.owner_ids,
            poster_ids=body.poster_ids,
            two_factor_attested=body.two_factor_attested,
            last_rotation_at=body.last_rotation_at,
        )
    )


@router.delete("/{account_id}", status_code=204)
def delete_account(account_id: Id, store: StoreDep, actor: PrincipalDep) -> None:
    accounts.delete(store, actor, account_id)


@router.get("/{account_id}/security", response_model=AccountSecurityPublic)
def security(account_id: Id, store: StoreDep, actor: PrincipalDep) -> AccountSecurityPublic:
    """2FA, rotation, access review, recovery contacts, people with access, and why publishing is held."""
    return standing_public(account_register.standing(store, actor, account_id))


@router.post("/{account_id}/attestations", response_model=AccountSecurityPublic, status_code=201)
def attest(
    account_id: Id, body: AttestationIn, store: StoreDep, actor: PrincipalDep
) -> AccountSecurityPublic:
    """An owner attests the account's 2FA; its held publications are released when nothing else holds it."""
    account_register.attest_2fa(store, actor, account_id, at=body.attested_at)
    return standing_public(account_register.standing(store, actor, account_id))


@router.post("/{account_id}/rotations", response_model=AccountSecurityPublic, status_code=201)
def rotate(account_id: Id, body: RotationIn, store: StoreDep, actor: PrincipalDep) -> AccountSecurityPublic:
    """An owner records that the account's credentials were changed; its rotation tasks end."""
    account_register.record_rotation(store, actor, account_id, at=body.rotated_at)
    return standing_public(account_register.standing(store, actor, account_id))


@router.put("/{account_id}/recovery-contacts", response_model=AccountSecurityPublic)
def recovery_contacts(
    account_id: Id, body: RecoveryContactsIn, store: StoreDep, actor: PrincipalDep
) -> AccountSecurityPublic:
    account_register.set_recovery_contacts(store, actor, account_id, body.recovery_contacts)
    return standing_public(account_register.standing(store, actor, account_id))
