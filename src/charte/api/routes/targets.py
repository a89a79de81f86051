"""``/v1/publish-targets``: where the organisation publishes (a connector and its parameters, secrets masked)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page, TargetCreate, TargetPublic
from charte.service import targets
from charte.store.models import PublishTarget

router = APIRouter(prefix="/publish-targets", tags=["publishing"])


def _public(row: PublishTarget) -> TargetPublic:
    return TargetPublic(
        id=row.id,
        name=row.name,
        connector=row.connector,
        params=targets.shown_params(row),
        account_id=row.account_id,
        created_at=row.created_at,
        credentials_refused=bool(row.credentials_refused),
        last_error=row.last_error,
        last_error_at=row.last_error_at,
        last_sent_at=row.last_sent_at,
    )


@router.get("", response_model=Page[TargetPublic])
def list_targets(store: StoreDep, actor: PrincipalDep, paging: PagingDep) -> Page[TargetPublic]:
    page = targets.list_targets(store, actor, limit=paging.limit, offset=paging.offset)
    return Page.of(page, _public)


@router.post("", response_model=TargetPublic, status_code=201)
def create_target(body: TargetCreate, store: StoreDep, actor: PrincipalDep) -> TargetPublic:
    """E.g. ``{"name": "intranet", "connector": "webhook", "params": {"url": …, "secret": …}}``."""
    return _public(
        targets.create_target(
            store,
            actor,
            name=body.name,
            connector=body.connector,
            params=body.params,
            account_id=body.account_id,
        )
    )


@router.delete("/{target_id}", status_code=204)
def delete_target(target_id: Id, store: StoreDep, actor: PrincipalDep) -> Response:
    targets.delete_target(store, actor, target_id)
    return Response(status_code=204)
