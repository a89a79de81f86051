"""``/v1/drafts``: write a post, see its findings on every edit, submit it, comment, publish it."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, BackgroundTasks, Query, Request

from charte.api.deps import EnginesDep, PagingDep, PrincipalDep, SettingsDep, StoreDep
from charte.api.schemas import (
    ApprovalEventPublic,
    AttachmentIn,
    CommentIn,
    DraftCreate,
    DraftDetail,
    DraftPublic,
    DraftUpdate,
    Id,
    Page,
    PolicyChangePublic,
    PublicationPublic,
    PublishIn,
    SubmitIn,
)
from charte.service import drafts
from charte.service.engines import EngineCache
from charte.service.principal import Principal
from charte.store.repositories import Store
from charte.workers.jobs import JobName

router = APIRouter(prefix="/drafts", tags=["drafts"])
Status = Literal[
    "draft",
    "in_review",
    "approved",
    "rejected",
    "scheduled",
    "publishing",
    "published",
    "failed",
    "held",
    "paused",
]


def detail(store: Store, actor: Principal, engines: EngineCache, draft_id: int) -> DraftDetail:
    view = drafts.get(store, actor, engines, draft_id)
    body = DraftDetail.model_validate(view.draft)
    body.events = [ApprovalEventPublic.model_validate(e) for e in view.events]
    body.publication = PublicationPublic.model_validate(view.publication) if view.publication else None
    body.next_level = view.next_level
    if view.policy_change is not None:
        body.policy_change = PolicyChangePublic.model_validate(view.policy_change.public())
    return body


def _attachments(attachments: list[AttachmentIn]) -> list[dict[str, Any]]:
    return [{"url": str(a.url), "credit": a.credit, "alt": a.alt} for a in attachments]


def _input(body: DraftCreate) -> drafts.DraftInput:
    return drafts.DraftInput(
        text=body.text,
        platform=body.platform,
        account_id=body.account_id,
        account_kind=body.account_kind,
        lang=body.lang,
        attachments=_attachments(body.attachments),
        scheduled_at=body.scheduled_at,
    )


@router.get("", response_model=Page[DraftPublic])
def list_drafts(
    store: StoreDep,
    actor: PrincipalDep,
    paging: PagingDep,
    status: Annotated[Status | None, Query()] = None,
    mine: Annotated[bool, Query(description="Only my drafts")] = False,
) -> Page[DraftPublic]:
    """Your drafts; approvers and auditors see every draft of the organisation (``mine`` narrows it)."""
    page = drafts.list_drafts(
        store, actor, status=status, mine=mine, limit=paging.limit, offset=paging.offset
    )
    return Page.of(page, DraftPublic.model_validate)


@router.post("", response_model=DraftDetail, status_code=201)
def create_draft(body: DraftCreate, store: StoreDep, actor: PrincipalDep, engines: EnginesDep) -> DraftDetail:
    """Checked at once with the active policy: the findings come back with the draft."""
    draft = drafts.create(store, actor, engines, _input(body))
    return DraftDetail.model_validate(draft)  # new: no events, no publication, not in review


@router.get("/{draft_id}", response_model=DraftDetail)
def get_draft(draft_id: Id, store: StoreDep, actor: PrincipalDep, engines: EnginesDep) -> DraftDetail:
    return detail(store, actor, engines, draft_id)


@router.patch("/{draft_id}", response_model=DraftDetail)
def edit_draft(
    draft_id: Id, body: DraftUpdate, store: StoreDep, actor: PrincipalDep, engines: EnginesDep
) -> DraftDetail:
    """Re-checked; if it was in review, the approval restarts from the first level."""
    current = drafts.get(store, actor, None, draft_id).draft
    data = drafts.DraftInput(
        text=body.text if body.text is not None else current.text,
        platform=body.platform or current.platform,
        account_id=body.account_id if "account_id" in body.model_fields_set else current.account_id,
        account_kind=body.account_kind or current.account_kind,
        lang=body.lang if "lang" in body.model_fields_set else current.lang,
        attachments=(
            _attachments(body.attachments)
            if body.attachments is not None
            else list(current.attachments or [])
        ),
        scheduled_at=body.scheduled_at if "scheduled_at" in body.model_fields_set else current.scheduled_at,
    )
    drafts.update(store, actor, engines, draft_id, data, expected_version=body.version)
    return detail(store, actor, engines, draft_id)


@router.post("/{draft_id}/submit", response_model=DraftDetail)
def submit_draft(
    draft_id: Id, store: StoreDep, actor: PrincipalDep, engines: EnginesDep, body: SubmitIn | None = None
) -> DraftDetail:
    """allow → approved; review → the approval queue; block → refused unless your role may override."""
    drafts.submit(store, actor, engines, draft_id, override_reason=body.override_reason if body else None)
    return detail(store, actor, engines, draft_id)


@router.post("/{draft_id}/comments", response_model=ApprovalEventPublic, status_code=201)
def comment_draft(draft_id: Id, body: CommentIn, store: StoreDep, actor: PrincipalDep) -> ApprovalEventPublic:
    return ApprovalEventPublic.model_validate(drafts.add_comment(store, actor, draft_id, body.text))


@router.post("/{draft_id}/publish", response_model=DraftDetail, status_code=202)
def publish_draft(
    draft_id: Id,
    body: PublishIn,
    request: Request,
    background: BackgroundTasks,
    store: StoreDep,
    actor: PrincipalDep,
    engines: EnginesDep,
    settings: SettingsDep,
) -> DraftDetail:
    """Queue an approved draft on a publish target, now or at ``scheduled_at``; follow it on the draft."""
    row = drafts.publish(
        store,
        actor,
        draft_id,
        target_id=body.target_id,
        scheduled_at=body.scheduled_at,
        max_attempts=settings.publish_max_attempts,
    )
    if row.status == "pending":
        jobs = getattr(request.app.state, "jobs", None)
        if jobs is not None:  # after the commit (the store closes before background tasks run)
            background.add_task(jobs.enqueue, JobName.PUBLISH, {"publication_id": row.id})
    return detail(store, actor, engines, draft_id)


@router.post(
    "/{draft_id}/retry",
    response_model=DraftDetail,
    status_code=202,
    responses={409: {"description": "The draft's publication has not failed, or its target was deleted"}},
)
def retry_publication(
    draft_id: Id,
    request: Request,
    background: BackgroundTasks,
    store: StoreDep,
    actor: PrincipalDep,
    engines: EnginesDep,
) -> DraftDetail:
    """Queue a failed publication again, now, on the same target (``drafts:publish``, and the right to post on
    the draft's brand account, as for ``publish``); its last error stays until the next attempt."""
    row = drafts.retry_publication(store, actor, draft_id)
    jobs = getattr(request.app.state, "jobs", None)
    if jobs is not None:  # after the commit (the store closes before background tasks run)
        background.add_task(jobs.enqueue, JobName.PUBLISH, {"publication_id": row.id})
    return detail(store, actor, engines, draft_id)
