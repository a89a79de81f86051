"""``/v1/notifications``: the notices sent to the organisation's notification channels and their delivery (waiting,
sent, given up after the last attempt with the reason), for administrators."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page
from charte.api.schemas.listening import NoticePublic
from charte.service import outbox

router = APIRouter(prefix="/notifications", tags=["listening"])


@router.get("", response_model=Page[NoticePublic])
def list_notices(
    store: StoreDep,
    actor: PrincipalDep,
    paging: PagingDep,
    status: Literal["pending", "sent", "failed"] | None = None,
    alert_id: Id | None = None,
) -> Page[NoticePublic]:
    """Newest first; ``status=failed`` lists the notices no channel received, with ``last_error``."""
    page = outbox.list_notices(
        store, actor, status=status, alert_id=alert_id, limit=paging.limit, offset=paging.offset
    )
    return Page.of(page, NoticePublic.model_validate)
