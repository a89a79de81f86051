"""``/v1/mentions`` (the inbox: list, filter, search, get, assign, status, notes, thread) and ``/v1/alerts``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from charte.api.deps import EnginesDep, PagingDep, PrincipalDep, StoreDep
from charte.api.routes.drafts import detail
from charte.api.schemas import DraftDetail, DraftPublic, Id, Page
from charte.api.schemas.listening import (
    AlertPublic,
    AssignIn,
    DeliveryCounts,
    MentionPage,
    MentionPublic,
    NoteIn,
    NotePublic,
    StatusChange,
    ThreadPublic,
)
from charte.api.schemas.replies import MentionReplyIn
from charte.service import mention_replies, mentions, outbox
from charte.store.paging import DEFAULT_LIMIT, MAX_LIMIT
from charte.store.repositories.listening import MentionQuery

router = APIRouter(prefix="/mentions", tags=["listening"])
alerts_router = APIRouter(prefix="/alerts", tags=["listening"])


@router.get("", response_model=MentionPage)
def list_mentions(
    store: StoreDep,
    actor: PrincipalDep,
    status: Literal["new", "assigned", "answered", "closed"] | None = None,
    team: Annotated[str | None, Query(max_length=64)] = None,
    assignee_id: Id | None = None,
    unassigned: bool = False,
    intent: Literal["complaint", "question", "praise", "crisis", "other"] | None = None,
    sentiment: Literal["negative", "neutral", "positive"] | None = None,
    language: Annotated[str | None, Query(pattern=r"^[a-z]{2,3}$")] = None,
    source_id: Id | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Words in the text or the author")] = None,
    sort: Literal["newest", "oldest", "due"] = "newest",
    flags: Annotated[
        Literal["flagged", "impersonation"] | None,
        Query(
            description="flagged: a look-alike author or a dangerous link; impersonation: a look-alike author"
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> MentionPage:
    query = MentionQuery(
        status=status,
        team=team,
        assignee_id=assignee_id,
        unassigned=unassigned,
        intent=intent,
        sentiment=sentiment,
        language=language,
        source_id=source_id,
        since=_aware(since),
        until=_aware(until),
        q=q or None,
        sort=sort,
        flags=flags,
    )
    page = mentions.list_mentions(store, actor, query, limit=limit, cursor=cursor)
    return MentionPage(
        items=[MentionPublic.model_validate(m) for m in page.items], next_cursor=page.next_cursor, limit=limit
    )


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    """A time without a zone is read as UTC."""
    return value.replace(tzinfo=dt.UTC) if value is not None and value.tzinfo is None else value


@router.get("/{mention_id}", response_model=MentionPublic)
def get_mention(mention_id: Id, store: StoreDep, actor: PrincipalDep) -> MentionPublic:
    return MentionPublic.model_validate(mentions.get_mention(store, actor, mention_id))


@router.get("/{mention_id}/thread", response_model=ThreadPublic)
def get_thread(mention_id: Id, store: StoreDep, actor: PrincipalDep) -> ThreadPublic:
    thread = mentions.thread(store, actor, mention_id)
    return ThreadPublic(
        ancestors=[MentionPublic.model_validate(m) for m in thread.ancestors],
        mention=MentionPublic.model_validate(thread.mention),
        replies=[MentionPublic.model_validate(m) for m in thread.replies],
    )


@router.post("/{mention_id}/assign", response_model=MentionPublic)
def assign(mention_id: Id, body: AssignIn, store: StoreDep, actor: PrincipalDep) -> MentionPublic:
    return MentionPublic.model_validate(mentions.assign(store, actor, mention_id, body.assignee_id))


@router.post("/{mention_id}/status", response_model=MentionPublic)
def set_status(mention_id: Id, body: StatusChange, store: StoreDep, actor: PrincipalDep) -> MentionPublic:
    return MentionPublic.model_validate(mentions.set_status(store, actor, mention_id, body.status))


@router.get("/{mention_id}/notes", response_model=list[NotePublic])
def list_notes(mention_id: Id, store: StoreDep, actor: PrincipalDep) -> list[NotePublic]:
    return [NotePublic.model_validate(n) for n in mentions.notes(store, actor, mention_id)]


@router.post("/{mention_id}/notes", response_model=NotePublic, status_code=201)
def add_note(mention_id: Id, body: NoteIn, store: StoreDep, actor: PrincipalDep) -> NotePublic:
    return NotePublic.model_validate(mentions.add_note(store, actor, mention_id, body.text))


@router.post("/{mention_id}/reply", response_model=DraftDetail, status_code=201)
def reply(
    mention_id: Id, body: MentionReplyIn, store: StoreDep, actor: PrincipalDep, engines: EnginesDep
) -> DraftDetail:
    """A reply draft tied to the mention, from ``text`` or a saved reply: checked at once (as an answer to a
    complaint when the mention is one), then submitted, approved and published like any draft
    (``/v1/drafts/{id}/submit``, ``/publish``); once sent, the mention is answered."""
    draft = mention_replies.reply(
        store,
        actor,
        engines,
        mention_id,
        mention_replies.ReplyRequest(
            text=body.text,
            saved_reply_id=body.saved_reply_id,
            values=body.values,
            account_id=body.account_id,
            lang=body.lang,
        ),
    )
    return detail(store, actor, engines, draft.id)


@router.get("/{mention_id}/replies", response_model=list[DraftPublic])
def list_replies(mention_id: Id, store: StoreDep, actor: PrincipalDep) -> list[DraftPublic]:
    """The reply drafts written for the mention (those you may read)."""
    return [DraftPublic.model_validate(d) for d in mention_replies.replies_of(store, actor, mention_id)]


@alerts_router.get("", response_model=Page[AlertPublic])
def list_alerts(
    store: StoreDep, actor: PrincipalDep, paging: PagingDep, acknowledged: bool | None = None
) -> Page[AlertPublic]:
    """The inbox's alerts, newest first, each with the delivery of its notices (``delivery``)."""
    page = mentions.list_alerts(
        store, actor, acknowledged=acknowledged, limit=paging.limit, offset=paging.offset
    )
    delivery = outbox.delivery_of_alerts(store, actor.org_id, [a.id for a in page.items])
    return Page.of(
        page,
        lambda a: AlertPublic.model_validate(a).model_copy(
            update={"delivery": DeliveryCounts(**delivery[a.id]) if a.id in delivery else None}
        ),
    )


@alerts_router.post("/{alert_id}/acknowledge", response_model=AlertPublic)
def acknowledge(alert_id: Id, store: StoreDep, actor: PrincipalDep) -> AlertPublic:
    return AlertPublic.model_validate(mentions.acknowledge_alert(store, actor, alert_id))
