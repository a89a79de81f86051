"""``/v1/approvals``: the queue of drafts the current user may sign, and the decisions on them."""

from __future__ import annotations

from fastapi import APIRouter

from charte.api.deps import EnginesDep, PagingDep, PrincipalDep, StoreDep
from charte.api.routes.drafts import detail
from charte.api.schemas import ApproveIn, DraftDetail, Id, Page, RejectIn
from charte.service import approvals

router = APIRouter(prefix="/approvals", tags=["approvals"])


@router.get("", response_model=Page[DraftDetail])
def approval_queue(
    store: StoreDep, actor: PrincipalDep, engines: EnginesDep, paging: PagingDep
) -> Page[DraftDetail]:
    """Drafts waiting for a level you may approve (your role, your teams), with the findings beside each."""
    page = approvals.queue(store, actor, engines, limit=paging.limit, offset=paging.offset)
    return Page.of(page, lambda d: detail(store, actor, engines, d.id))


@router.post("/{draft_id}/approve", response_model=DraftDetail)
def approve(
    draft_id: Id, store: StoreDep, actor: PrincipalDep, engines: EnginesDep, body: ApproveIn | None = None
) -> DraftDetail:
    """Sign the next level. Nobody approves a post they wrote or edited, nor two levels of one version. When the
    active policy changed the verdict since the author's check, confirm with ``policy_version_id`` that you
    reviewed the active version's (``policy_change`` on the draft); a post it blocks is not approved."""
    body = body or ApproveIn()
    approvals.approve(
        store,
        actor,
        engines,
        draft_id,
        version=body.version,
        policy_version_id=body.policy_version_id,
        comment=body.comment,
    )
    return detail(store, actor, engines, draft_id)


@router.post("/{draft_id}/reject", response_model=DraftDetail)
def reject(
    draft_id: Id, body: RejectIn, store: StoreDep, actor: PrincipalDep, engines: EnginesDep
) -> DraftDetail:
    approvals.reject(store, actor, engines, draft_id, reason=body.reason, version=body.version)
    return detail(store, actor, engines, draft_id)
