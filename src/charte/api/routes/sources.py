"""``/v1/sources``: where the organisation listens (admins manage them; the secret is write-only), their
health, and the inbound webhook ``POST /v1/sources/{id}/events`` (signed with the source's secret)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi.concurrency import run_in_threadpool

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page
from charte.api.schemas.listening import (
    SourceCreate,
    SourceHealth,
    SourcePublic,
    SourceUpdate,
    WebhookReceived,
)
from charte.service import ingestion, sources
from charte.store.models import Source

router = APIRouter(prefix="/sources", tags=["listening"])


def _public(row: Source) -> SourcePublic:
    return SourcePublic(
        id=row.id,
        kind=row.kind,
        name=row.name,
        settings=row.settings,
        has_secret=row.secret is not None,
        enabled=row.enabled,
        created_at=row.created_at,
        health=SourceHealth.model_validate(row),
    )


@router.get("", response_model=Page[SourcePublic])
def list_sources(store: StoreDep, actor: PrincipalDep, paging: PagingDep) -> Page[SourcePublic]:
    return Page.of(sources.list_sources(store, actor, limit=paging.limit, offset=paging.offset), _public)


@router.post("", response_model=SourcePublic, status_code=201)
def create_source(body: SourceCreate, store: StoreDep, actor: PrincipalDep) -> SourcePublic:
    """E.g. ``{"kind": "rss", "name": "press", "settings": {"url": "https://example.com/feed.xml"}}``."""
    return _public(
        sources.create_source(
            store,
            actor,
            kind=body.kind,
            name=body.name,
            settings=body.settings,
            secret=body.secret,
            enabled=body.enabled,
        )
    )


@router.get("/{source_id}", response_model=SourcePublic)
def get_source(source_id: Id, store: StoreDep, actor: PrincipalDep) -> SourcePublic:
    return _public(sources.get_source(store, actor, source_id))


@router.get("/{source_id}/health", response_model=SourceHealth)
def source_health(source_id: Id, store: StoreDep, actor: PrincipalDep) -> SourceHealth:
    return SourceHealth.model_validate(sources.get_source(store, actor, source_id))


@router.patch("/{source_id}", response_model=SourcePublic)
def update_source(source_id: Id, body: SourceUpdate, store: StoreDep, actor: PrincipalDep) -> SourcePublic:
    return _public(
        sources.update_source(
            store,
            actor,
            source_id,
            name=body.name,
            settings=body.settings,
            secret=body.secret,
            enabled=body.enabled,
        )
    )


@router.delete("/{source_id}", status_code=204)
def delete_source(source_id: Id, store: StoreDep, actor: PrincipalDep) -> Response:
    sources.delete_source(store, actor, source_id)
    return Response(status_code=204)


@router.post("/{source_id}/events", response_model=WebhookReceived, status_code=202)
async def webhook_events(
    source_id: Id,
    request: Request,
    store: StoreDep,
    charte_timestamp: Annotated[str | None, Header()] = None,
    charte_signature: Annotated[str | None, Header()] = None,
) -> WebhookReceived:
    """The inbound webhook: one mention (``{"id", "text", "author", "created_at", "url", "in_reply_to"…}``)
    or a list, signed ``Charte-Signature: v1=<hex HMAC-SHA256(secret, "<Charte-Timestamp>." + body)>``."""
    body = await request.body()
    sink = ingestion.IngestionStore(
        request.app.state.sessionmaker,
        request.app.state.engines,
        spikes=request.app.state.spikes,  # live mentions: counted by the organisation's spike detector
        identities=request.app.state.identities,
    )
    done = await run_in_threadpool(
        ingestion.receive_webhook,
        store,
        sink,
        source_id,
        body,
        timestamp=charte_timestamp,
        signature=charte_signature,
    )
    return WebhookReceived(received=done.received, stored=done.stored)
