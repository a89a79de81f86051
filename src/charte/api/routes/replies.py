"""``/v1/replies``: saved replies (write, change, versions, approve, reject, archive) and suggestions for a
mention. Writing is for the roles the policy's ``replies.editors`` names; approving, for the approval levels."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from charte.api.deps import EnginesDep, PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page
from charte.api.schemas.replies import (
    DecideIn,
    RejectReplyIn,
    SavedReplyIn,
    SavedReplyPublic,
    SavedReplyUpdate,
    SuggestionPublic,
    VersionPublic,
)
from charte.service import replies
from charte.store.models import SavedReply, SavedReplyVersion

router = APIRouter(prefix="/replies", tags=["replies"])


def _with(
    body: SavedReplyPublic, latest: SavedReplyVersion, approved: SavedReplyVersion | None
) -> SavedReplyPublic:
    body.latest = VersionPublic.model_validate(latest)
    body.approved = VersionPublic.model_validate(approved) if approved is not None else None
    return body


def _row(reply: SavedReply, latest: SavedReplyVersion) -> SavedReplyPublic:
    return SavedReplyPublic(
        id=reply.id,
        latest_version=reply.latest_version,
        approved_version=reply.approved_version,
        archived=reply.archived,
        use_count=reply.use_count,
        last_used_at=reply.last_used_at,
        created_at=reply.created_at,
        updated_at=reply.updated_at,
        latest=VersionPublic.model_validate(latest),
    )


def _input(body: SavedReplyIn) -> replies.ReplyInput:
    return replies.ReplyInput(
        title=body.title,
        body=body.body,
        lang=body.lang,
        intent=body.intent,
        topic=body.topic,
        holding_statement=body.holding_statement,
    )


@router.get("", response_model=Page[SavedReplyPublic])
def list_replies(
    store: StoreDep, actor: PrincipalDep, paging: PagingDep, archived: bool = False
) -> Page[SavedReplyPublic]:
    page, latest = replies.list_replies(
        store, actor, archived=archived, limit=paging.limit, offset=paging.offset
    )
    return Page.of(page, lambda r: _row(r, latest[r.id]))


@router.post("", response_model=SavedReplyPublic, status_code=201)
def create_reply(
    body: SavedReplyIn, store: StoreDep, actor: PrincipalDep, engines: EnginesDep
) -> SavedReplyPublic:
    """Version 1, checked by the active policy and waiting for approval (unusable until approved)."""
    view = replies.create(store, actor, engines, _input(body))
    return _row(view.reply, view.latest)


@router.get("/review", response_model=Page[VersionPublic])
def review_queue(store: StoreDep, actor: PrincipalDep, paging: PagingDep) -> Page[VersionPublic]:
    """Versions waiting for approval."""
    page = replies.review_queue(store, actor, limit=paging.limit, offset=paging.offset)
    return Page.of(page, VersionPublic.model_validate)


@router.get("/suggestions", response_model=list[SuggestionPublic])
def suggestions(
    store: StoreDep,
    actor: PrincipalDep,
    mention_id: Id,
    crisis: bool | None = None,
    limit: Annotated[int, Query(ge=1, le=replies.MAX_SUGGESTIONS)] = 5,
) -> list[SuggestionPublic]:
    """The approved saved replies for a mention, best first; holding statements first during a crisis
    (``crisis`` left out: whether one is active now; true or false forces the order)."""
    out = []
    for item in replies.suggest(store, actor, mention_id, crisis=crisis, limit=limit):
        v, s = item.version, item.suggestion
        out.append(
            SuggestionPublic(
                reply_id=item.reply.id,
                version=v.version,
                title=v.title,
                body=v.body,
                lang=v.lang,
                intent=v.intent,
                topic=v.topic,
                holding_statement=v.holding_statement,
                score=s.score,
                words=s.words,
                intent_match=s.intent_match,
                lang_match=s.lang_match,
                matched=list(s.matched),
            )
        )
    return out


@router.get("/{reply_id}", response_model=SavedReplyPublic)
def get_reply(reply_id: Id, store: StoreDep, actor: PrincipalDep) -> SavedReplyPublic:
    view = replies.get(store, actor, reply_id)
    return _with(_row(view.reply, view.latest), view.latest, view.approved)


@router.patch("/{reply_id}", response_model=SavedReplyPublic)
def update_reply(
    reply_id: Id, body: SavedReplyUpdate, store: StoreDep, actor: PrincipalDep, engines: EnginesDep
) -> SavedReplyPublic:
    """A new version, waiting for approval; the approved one stays in use meanwhile."""
    view = replies.update(store, actor, engines, reply_id, _input(body), expected_version=body.version)
    return _with(_row(view.reply, view.latest), view.latest, view.approved)


@router.delete("/{reply_id}", status_code=204)
def archive_reply(reply_id: Id, store: StoreDep, actor: PrincipalDep, engines: EnginesDep) -> Response:
    """Archived: no longer suggested nor usable; its versions and uses stay on record."""
    replies.archive(store, actor, engines, reply_id)
    return Response(status_code=204)


@router.get("/{reply_id}/versions", response_model=list[VersionPublic])
def list_versions(reply_id: Id, store: StoreDep, actor: PrincipalDep) -> list[VersionPublic]:
    return [VersionPublic.model_validate(v) for v in replies.versions(store, actor, reply_id)]


@router.post("/{reply_id}/versions/{version}/approve", response_model=SavedReplyPublic)
def approve_version(
    reply_id: Id,
    version: Id,
    store: StoreDep,
    actor: PrincipalDep,
    engines: EnginesDep,
    body: DecideIn | None = None,
) -> SavedReplyPublic:
    """Sign the next level (maker-checker: not the version's author); the last level puts it in use."""
    view = replies.approve(store, actor, engines, reply_id, version, comment=body.comment if body else "")
    return _with(_row(view.reply, view.latest), view.latest, view.approved)


@router.post("/{reply_id}/versions/{version}/reject", response_model=SavedReplyPublic)
def reject_version(
    reply_id: Id, version: Id, body: RejectReplyIn, store: StoreDep, actor: PrincipalDep, engines: EnginesDep
) -> SavedReplyPublic:
    view = replies.reject(store, actor, engines, reply_id, version, reason=body.reason)
    return _with(_row(view.reply, view.latest), view.latest, view.approved)
