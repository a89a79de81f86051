"""``/v1/access-reviews``: each account's owners confirm or remove every person with access."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page
from charte.api.schemas.account_safety import AccessReviewCreate, AccessReviewPublic, ReviewAnswerIn
from charte.service import access_reviews

router = APIRouter(prefix="/access-reviews", tags=["accounts"])


@router.get("", response_model=Page[AccessReviewPublic])
def list_reviews(
    store: StoreDep,
    actor: PrincipalDep,
    paging: PagingDep,
    open: Annotated[bool, Query(description="Only the reviews not closed yet")] = False,
    account_id: Annotated[Id | None, Query()] = None,
) -> Page[AccessReviewPublic]:
    page = access_reviews.list_reviews(
        store, actor, open_only=open, account_id=account_id, limit=paging.limit, offset=paging.offset
    )
    return Page.of(page, AccessReviewPublic.model_validate)


@router.post("", response_model=AccessReviewPublic, status_code=201)
def open_review(body: AccessReviewCreate, store: StoreDep, actor: PrincipalDep) -> AccessReviewPublic:
    """Open a review now (an owner of the account or an admin); the periodic job opens the due ones."""
    return AccessReviewPublic.model_validate(access_reviews.open_review(store, actor, body.account_id))


@router.get("/{review_id}", response_model=AccessReviewPublic)
def get_review(review_id: Id, store: StoreDep, actor: PrincipalDep) -> AccessReviewPublic:
    return AccessReviewPublic.model_validate(access_reviews.get(store, actor, review_id))


@router.post("/{review_id}/items/{item_id}", response_model=AccessReviewPublic)
def answer(
    review_id: Id, item_id: Id, body: ReviewAnswerIn, store: StoreDep, actor: PrincipalDep
) -> AccessReviewPublic:
    """Confirm or remove one person's access (an owner of the account); an answer is final."""
    return AccessReviewPublic.model_validate(
        access_reviews.answer(store, actor, review_id, item_id, body.decision)
    )
