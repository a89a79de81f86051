"""``/v1/crisis``: declare a crisis (every scheduled post of its scope paused), read the active one, end it with a
decision for each paused post, its report (PDF) and the history (docs/crisis.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page
from charte.api.schemas.crisis import (
    CrisisDeclare,
    CrisisDetail,
    CrisisEnd,
    CrisisPublic,
    CurrentCrisis,
    PausedPostPublic,
)
from charte.i18n import current_lang, gettext
from charte.service import crisis, crisis_report
from charte.service.principal import Principal
from charte.store.models import Crisis
from charte.store.repositories import Store

router = APIRouter(prefix="/crisis", tags=["crisis"])


def public(row: Crisis) -> CrisisPublic:
    return CrisisPublic(
        id=row.id,
        active=row.ended_at is None,
        summary=row.summary,
        scope="accounts" if row.scope == "accounts" else "all",
        account_ids=list(row.account_ids),
        team=row.team,
        alert_id=row.alert_id,
        declared_by=row.declared_by,
        declared_at=row.declared_at,
        ended_by=row.ended_by,
        ended_at=row.ended_at,
        paused_count=row.paused_count,
        outcome={str(k): int(v) for k, v in (row.outcome or {}).items()},
    )


def detail(store: Store, actor: Principal, row: Crisis) -> CrisisDetail:
    paused = crisis.paused_posts(store, actor, row)
    return CrisisDetail(
        **public(row).model_dump(),
        paused=[
            PausedPostPublic(
                publication_id=p.id,
                draft_id=p.draft_id,
                account_id=p.account_id,
                account=str((p.content or {}).get("account", "")),
                due_at=p.due_at,
                reason=gettext(p.last_error) if p.last_error else None,
            )
            for p in paused
        ],
    )


@router.post("", response_model=CrisisDetail, status_code=201)
def declare(body: CrisisDeclare, store: StoreDep, actor: PrincipalDep) -> CrisisDetail:
    """Declare a crisis: every scheduled post of its scope is paused now (409 if one is already active)."""
    row = crisis.declare(
        store, actor, summary=body.summary, account_ids=body.account_ids, alert_id=body.alert_id
    )
    return detail(store, actor, row)


@router.get("/current", response_model=CurrentCrisis)
def current(store: StoreDep, actor: PrincipalDep) -> CurrentCrisis:
    """The active crisis, if any (anyone of the organisation may know one is on)."""
    row = crisis.current(store, actor)
    return CurrentCrisis(crisis=public(row) if row is not None else None)


@router.post("/current/end", response_model=CrisisPublic)
def end(body: CrisisEnd, store: StoreDep, actor: PrincipalDep) -> CrisisPublic:
    """End the active crisis: a decision for each paused post, or ``rest`` for all the others (409 if none)."""
    ending = crisis.end(
        store,
        actor,
        decisions=[crisis.Decision(d.publication_id, d.choice, d.scheduled_at) for d in body.decisions],
        rest=body.rest,
    )
    return public(ending.crisis)


@router.get("", response_model=Page[CrisisPublic])
def history(store: StoreDep, actor: PrincipalDep, paging: PagingDep) -> Page[CrisisPublic]:
    return Page.of(crisis.history(store, actor, limit=paging.limit, offset=paging.offset), public)


@router.get("/{crisis_id}", response_model=CrisisDetail)
def get(crisis_id: Id, store: StoreDep, actor: PrincipalDep) -> CrisisDetail:
    return detail(store, actor, crisis.get(store, actor, crisis_id))


_PDF: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The post-crisis report",
        "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get("/{crisis_id}/report.pdf", response_class=Response, responses=_PDF)
def report(
    crisis_id: Id,
    store: StoreDep,
    actor: PrincipalDep,
    lang: Annotated[str | None, Query(pattern="^(fr|en)$")] = None,
) -> Response:
    """Timeline, volumes, response times and what was sent (PDF)."""
    language = lang or current_lang()
    content = crisis_report.to_pdf(crisis_report.build(store, actor, crisis_id), language)
    return Response(
        content,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="crisis-{crisis_id}.pdf"'},
    )
