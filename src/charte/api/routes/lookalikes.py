"""``/v1/lookalikes``: the impersonation watch's review list (accounts seen imitating the organisation on
incoming mentions, one per handle), its filters, and the review (impersonator / legitimate / unsure)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page
from charte.api.schemas.listening import LookalikePublic, LookalikeReview
from charte.service import lookalikes
from charte.store.models import LookalikeAccount

router = APIRouter(prefix="/lookalikes", tags=["listening"])


def _public(row: LookalikeAccount) -> LookalikePublic:
    reason = lookalikes.reason(row)
    return LookalikePublic.model_validate({**{c: getattr(row, c) for c in _COLUMNS}, "reason": reason})


_COLUMNS = tuple(f for f in LookalikePublic.model_fields if f != "reason")


@router.get("", response_model=Page[LookalikePublic])
def list_lookalikes(
    store: StoreDep,
    actor: PrincipalDep,
    paging: PagingDep,
    status: Annotated[
        str | None, Query(max_length=16, description="unreviewed, impersonator, legitimate or unsure")
    ] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
    q: Annotated[str | None, Query(max_length=200, description="in the handle, display name or name")] = None,
) -> Page[LookalikePublic]:
    page = lookalikes.list_lookalikes(
        store, actor, status=status, kind=kind, q=q, limit=paging.limit, offset=paging.offset
    )
    return Page.of(page, _public)


@router.get("/{lookalike_id}", response_model=LookalikePublic)
def get_lookalike(lookalike_id: Id, store: StoreDep, actor: PrincipalDep) -> LookalikePublic:
    return _public(lookalikes.get_lookalike(store, actor, lookalike_id))


@router.post("/{lookalike_id}/review", response_model=LookalikePublic)
def review(lookalike_id: Id, body: LookalikeReview, store: StoreDep, actor: PrincipalDep) -> LookalikePublic:
    return _public(lookalikes.review(store, actor, lookalike_id, body.verdict))
