"""Audit use cases: record what a principal did, and let auditors read, verify and export the record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from charte.audit.chain import EntryData, VerifyReport
from charte.audit.export import to_csv, to_jsonl, to_pdf
from charte.audit.store import AuditLog
from charte.i18n import _
from charte.service.errors import Invalid
from charte.service.permissions import Permission
from charte.service.principal import Principal

MAX_PAGE = 500
MAX_EXPORT = 200_000  # entries in one export: a longer period is exported in parts
EXPORT_MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


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
        raise Invalid.one("from", _("must be before “to”"))
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


def newest(
    session: Session,
    actor: Principal,
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    actions: list[str] | None,
    before_seq: int | None,
    limit: int,
) -> list[EntryData]:
    """One page of the record, newest first (what a person browsing it wants); continue with ``before_seq``
    = the last seq shown."""
    actor.require(Permission.AUDIT_READ)
    if since is not None and until is not None and since >= until:
        raise Invalid.one("from", _("must be before “to”"))
    return AuditLog(session).query(
        actor.org_id,
        since=since,
        until=until,
        actions=actions,
        limit=min(limit, MAX_PAGE),
        before_seq=before_seq,
        newest_first=True,
    )


def export(
    session: Session,
    actor: Principal,
    fmt: str,
    *,
    since: dt.datetime | None,
    until: dt.datetime | None,
    actions: list[str] | None = None,
    key: bytes | None = None,
    org_label: str = "",
) -> bytes:
    """The entries of a period as JSONL (re-verifiable with ``charte audit verify --file``), CSV or PDF (with
    the verification of the whole chain on its first page)."""
    actor.require(Permission.AUDIT_READ)
    if fmt not in EXPORT_MEDIA:
        raise Invalid.one("format", _("choose one of {formats}", formats=", ".join(EXPORT_MEDIA)))
    if since is not None and until is not None and since >= until:
        raise Invalid.one("from", _("must be before “to”"))
    log = AuditLog(session)
    entries = log.query(actor.org_id, since=since, until=until, actions=actions, limit=MAX_EXPORT + 1)
    if len(entries) > MAX_EXPORT:
        raise Invalid.one("from", _("more than {n} entries: export a shorter period", n=MAX_EXPORT))
    if fmt == "jsonl":
        return to_jsonl(entries)
    if fmt == "csv":
        return to_csv(entries)
    return to_pdf(
        org_label or f"organisation {actor.org_id}", entries, log.verify(actor.org_id, key), since, until
    )
