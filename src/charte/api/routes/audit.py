"""``/v1/audit``: the organisation's tamper-evident record, read-only, for auditors."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from charte.api.deps import PrincipalDep, SettingsDep, StoreDep
from charte.api.schemas import AuditEntryPublic, AuditPage, AuditVerifyPublic, DbInt
from charte.service import audit

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=AuditPage)
def list_entries(
    store: StoreDep,
    actor: PrincipalDep,
    since: Annotated[dt.datetime | None, Query(alias="from", description="Inclusive, ISO 8601")] = None,
    until: Annotated[dt.datetime | None, Query(alias="to", description="Exclusive, ISO 8601")] = None,
    action: Annotated[list[str] | None, Query(max_length=64)] = None,
    after_seq: Annotated[DbInt | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    """Entries oldest first, filtered by period and action; page with ``after_seq``. Nothing here can edit one."""
    since = since.replace(tzinfo=dt.UTC) if since is not None and since.tzinfo is None else since
    until = until.replace(tzinfo=dt.UTC) if until is not None and until.tzinfo is None else until
    items = audit.entries(
        store.session, actor, since=since, until=until, actions=action, after_seq=after_seq, limit=limit
    )
    return AuditPage(
        items=[AuditEntryPublic(**{k: v for k, v in e.to_dict().items() if k != "org_id"}) for e in items],
        next_after_seq=items[-1].seq if len(items) == limit else None,
    )


@router.get("/verify", response_model=AuditVerifyPublic)
def verify(store: StoreDep, actor: PrincipalDep, settings: SettingsDep) -> AuditVerifyPublic:
    """Re-compute the chain; names the first entry that was modified, removed, reordered or inserted."""
    key = settings.audit_key.get_secret_value().encode() if settings.audit_key else None
    report = audit.verify(store.session, actor, key)
    return AuditVerifyPublic(
        ok=report.ok,
        entries=report.entries,
        first_seq=report.first_seq,
        last_seq=report.last_seq,
        head_hash=report.head_hash,
        problem_seq=report.problem.seq if report.problem else None,
        problem=report.problem.reason if report.problem else None,
    )
