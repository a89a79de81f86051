"""Audit use cases: record what a principal did, and let auditors read, verify and export the record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from charte.audit.chain import EntryData, VerifyReport
from charte.audit.export import to_csv, to_jsonl, to_pdf
from charte.audit.store import AuditLog
from charte.i18n import _
from charte.service.errors import Invalid
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.repositories import Store

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


_ACTOR = re.compile(r"^user:(\d{1,12})(?:/token:(\d{1,12}))?$")


@dataclass(frozen=True)
class ActorLabel:
    """How an entry's actor reads on the page: ``name`` shown, ``title`` on hover (the e-mail, the raw
    reference). The record and its exports keep the raw reference (``user:12/token:4``)."""

    name: str
    title: str


def actor_labels(store: Store, actor: Principal, refs: Iterable[str]) -> dict[str, ActorLabel]:
    """The people and tokens behind ``refs`` (``user:12``, ``user:12/token:4``) that belong to the reader's
    organisation; a reference to anyone else (another organisation's user) is left out and shows as written."""
    actor.require(Permission.AUDIT_READ)
    parsed = {ref: m for ref in set(refs) if (m := _ACTOR.match(ref))}
    people = store.users.names_in_org(actor.org_id, sorted({int(m[1]) for m in parsed.values()}))
    tokens = store.tokens.names_in_org(actor.org_id, sorted({int(m[2]) for m in parsed.values() if m[2]}))
    labels = {}
    for ref, match in parsed.items():
        person = people.get(int(match[1]))
        if person is None:
            continue
        name, email = person
        token = tokens.get(int(match[2])) if match[2] else None
        if match[2] and token is None:
            continue
        shown = _("{name} (token “{token}”)", name=name, token=token) if token is not None else name
        labels[ref] = ActorLabel(shown, f"{email} · {ref}")
    return labels


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
