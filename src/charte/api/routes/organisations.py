"""The caller's organisation (tenants are created with ``charte admin create-org``)."""

from __future__ import annotations

from fastapi import APIRouter

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, OrganisationPublic, OrganisationUpdate, Page
from charte.service import organisations
from charte.store.paging import Page as StorePage

router = APIRouter(prefix="/organisations", tags=["organisations"])


@router.get("", response_model=Page[OrganisationPublic])
def list_organisations(store: StoreDep, actor: PrincipalDep, paging: PagingDep) -> Page[OrganisationPublic]:
    """Only ever the caller's own organisation."""
    org = organisations.get(store, actor, actor.org_id)
    return Page.of(StorePage.window([org], paging.limit, paging.offset), OrganisationPublic.model_validate)


@router.get("/{org_id}", response_model=OrganisationPublic)
def get_organisation(org_id: Id, store: StoreDep, actor: PrincipalDep) -> OrganisationPublic:
    return OrganisationPublic.model_validate(organisations.get(store, actor, org_id))


@router.patch("/{org_id}", response_model=OrganisationPublic)
def update_organisation(
    org_id: Id, body: OrganisationUpdate, store: StoreDep, actor: PrincipalDep
) -> OrganisationPublic:
    org = organisations.update(store, actor, org_id, body.name)
    if body.require_totp is not None:
        org = organisations.set_require_totp(store, actor, body.require_totp)
    return OrganisationPublic.model_validate(org)
