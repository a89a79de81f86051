"""``/v1/incidents``: the playbook for a compromised or hijacked brand account; publishing to it is held."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page
from charte.api.schemas.account_safety import (
    IncidentCloseIn,
    IncidentCreate,
    IncidentPublic,
    IncidentStepPublic,
)
from charte.service import incidents
from charte.store.models import Incident

router = APIRouter(prefix="/incidents", tags=["accounts"])


def public(incident: Incident) -> IncidentPublic:
    return IncidentPublic(
        id=incident.id,
        account_id=incident.account_id,
        summary=incident.summary,
        opened_by=incident.opened_by,
        opened_at=incident.opened_at,
        closed_at=incident.closed_at,
        closed_by=incident.closed_by,
        override_reason=incident.override_reason,
        steps=[
            IncidentStepPublic(key=s.key, label=incidents.label(s), done_at=s.done_at, done_by=s.done_by)
            for s in incident.steps
        ],
    )


@router.get("", response_model=Page[IncidentPublic])
def list_incidents(
    store: StoreDep,
    actor: PrincipalDep,
    paging: PagingDep,
    open: Annotated[bool, Query(description="Only the incidents not closed yet")] = False,
    account_id: Annotated[Id | None, Query()] = None,
) -> Page[IncidentPublic]:
    page = incidents.list_incidents(
        store, actor, open_only=open, account_id=account_id, limit=paging.limit, offset=paging.offset
    )
    return Page.of(page, public)


@router.post("", response_model=IncidentPublic, status_code=201)
def open_incident(body: IncidentCreate, store: StoreDep, actor: PrincipalDep) -> IncidentPublic:
    """Publishing to the account is held from now until the incident is closed."""
    return public(incidents.open_incident(store, actor, body.account_id, body.summary))


@router.get("/{incident_id}", response_model=IncidentPublic)
def get_incident(incident_id: Id, store: StoreDep, actor: PrincipalDep) -> IncidentPublic:
    return public(incidents.get(store, actor, incident_id))


@router.post("/{incident_id}/steps/{step}", response_model=IncidentPublic)
def tick(
    incident_id: Id,
    step: Annotated[str, Path(max_length=32, pattern=r"^[a-z0-9_-]+$")],
    store: StoreDep,
    actor: PrincipalDep,
) -> IncidentPublic:
    return public(incidents.tick(store, actor, incident_id, step))


@router.post("/{incident_id}/close", response_model=IncidentPublic)
def close(incident_id: Id, body: IncidentCloseIn, store: StoreDep, actor: PrincipalDep) -> IncidentPublic:
    return public(incidents.close(store, actor, incident_id, override_reason=body.override_reason))
