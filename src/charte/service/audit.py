"""Audit use cases: record what a principal did, and let auditors read, verify and export the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from charte.audit.chain import EntryData, VerifyReport
from charte.audit.store import AuditLog
from charte.service.errors import Invalid
from charte.service.permissions import Permission
from charte.service.principal import Principal

MAX_PAGE = 500


def actor_ref(principal: Principal | None) -> str:
    """Who did it, by id only: ``user:12``, ``user:12/token:4`` or ``system``."""
    if principal is None or principal.via == "system":
        return "system"
    if principal.via == "token" and principal.credential_id is not None:
        return f"user:{principal.user_id}/token:{principal.credential_id}"
    return f"user:{principal.user_id}"


def record(
    session: Session,
    principal: Principal | None,
    action: str,
    object_type: str,
    object_id: object,
    details: Mapping[str, Any] | None = None,
    *,
    org_id: int | None = None,
) -> EntryData:
    """Append one entry in the principal's organisation, inside the caller's transaction."""
    org = org_id if org_id is not None else (principal.org_id if principal is not None else None)
    if org is None:
        raise ValueError("an audit entry needs an organisation")
    return AuditLog(session).append(org, actor_ref(principal), action, object_type, str(object_id), details)


def entries(
    session: Session,
    actor: Principal,
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    actions: list[str] | None,
    after_seq: int | None,
    limit: int,
) -> list[EntryData]:
    """One page of the organisation's record, oldest first; continue with ``after_seq`` = last seq seen."""
    actor.require(Permission.AUDIT_READ)
    if since is not None and until is not None and since >= until:
        raise Invalid.one("from", "must be before 'to'")
    return AuditLog(session).query(
        actor.org_id,
        since=since,
        until=until,
        actions=actions,
        after_seq=after_seq,
        limit=min(limit, MAX_PAGE),
    )


def verify(session: Session, actor: Principal, key: bytes | None = None) -> VerifyReport:
    actor.require(Permission.AUDIT_READ)
    return AuditLog(session).verify(actor.org_id, key)
