"""Append, read, verify and prune the audit record in the database.

Appends for one organisation are serialised on its head row: ``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite a no-op ``UPDATE`` of the head row takes the database write lock before the
head is read, so two writers (threads or processes) can never both extend the same entry. The
unique (org_id, seq) constraint is the last line of defence: a fork would fail to insert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from charte.audit.chain import (
    CHECKPOINT_ACTION,
    GENESIS_HASH,
    EntryData,
    VerifyReport,
    check_details,
    checkpoint_signature,
    entry_hash,
    format_time,
    verify_chain,
)
from charte.errors import InputError
from charte.store.db import rowcount
from charte.store.models import AuditEntryRow, AuditHeadRow

SYSTEM_ACTOR = "system"


def _now() -> datetime:
    return datetime.now(UTC)


def row_to_entry(row: AuditEntryRow) -> EntryData:
    return EntryData(
        org_id=str(row.org_id),
        seq=row.seq,
        at=row.at_text,
        actor=row.actor,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        details=dict(row.details or {}),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


@dataclass(frozen=True)
class PruneResult:
    org_id: int
    removed: int
    removed_through_seq: int | None
    checkpoint_seq: int | None


class AuditLog:
    """The audit record as seen through one database session. The caller owns the transaction."""

    def __init__(self, session: Session, clock: Callable[[], datetime] = _now) -> None:
        self.session = session
        self.clock = clock

    # -- writing ---------------------------------------------------------------------------------
    def _lock_head(self, org_id: int) -> AuditHeadRow:
        """The organisation's head row, locked until the transaction ends (taken once per transaction)."""
        txn = self.session.get_transaction()
        held: dict[int, AuditHeadRow] = self.session.info.setdefault("audit_heads", {})
        if txn is not None and self.session.info.get("audit_txn") is txn and org_id in held:
            return held[org_id]
        if self.session.info.get("audit_txn") is not txn:
            held.clear()
            self.session.info["audit_txn"] = txn
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            stmt = select(AuditHeadRow).where(AuditHeadRow.org_id == org_id).with_for_update()
            head = self.session.execute(stmt.execution_options(populate_existing=True)).scalar_one_or_none()
            if head is None:
                self.session.execute(
                    pg_insert(AuditHeadRow)
                    .values(org_id=org_id, seq=0, hash=GENESIS_HASH)
                    .on_conflict_do_nothing()
                )
                head = self.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()
        else:
            # Writing first takes SQLite's database write lock before the head is read.
            touched = self.session.execute(
                update(AuditHeadRow).where(AuditHeadRow.org_id == org_id).values(seq=AuditHeadRow.seq)
            )
            if not rowcount(touched):
                self.session.execute(
                    sqlite_insert(AuditHeadRow)
                    .values(org_id=org_id, seq=0, hash=GENESIS_HASH)
                    .on_conflict_do_nothing()
                )
            stmt = select(AuditHeadRow).where(AuditHeadRow.org_id == org_id)
            head = self.session.execute(stmt.execution_options(populate_existing=True)).scalar_one()
        held[org_id] = head
        return head

    def append(
        self,
        org_id: str | int,
        actor: str,
        action: str,
        object_type: str,
        object_id: str | int,
        details: Mapping[str, Any] | None = None,
    ) -> EntryData:
        """Add one entry at the end of the organisation's chain (inside the caller's transaction)."""
        org = int(org_id)
        clean = dict(details or {})
        check_details(clean)
        if action == CHECKPOINT_ACTION:
            raise InputError("audit: checkpoints are written by the retention job only")
        return self._append(org, actor, action, object_type, str(object_id), clean)

    def _append(
        self, org: int, actor: str, action: str, object_type: str, object_id: str, details: dict[str, Any]
    ) -> EntryData:
        head = self._lock_head(org)
        at = self.clock()
        entry = EntryData(
            org_id=str(org),
            seq=head.seq + 1,
            at=format_time(at),
            actor=actor,
            action=action,
            object_type=object_type,
            object_id=object_id,
            details=details,
            prev_hash=head.hash,
        )
        entry = EntryData(**{**entry.hashed_fields(), "hash": entry_hash(entry)})
        self.session.add(
            AuditEntryRow(
                org_id=org,
                seq=entry.seq,
                at=at,
                at_text=entry.at,
                actor=actor,
                action=action,
                object_type=object_type,
                object_id=object_id,
                details=details,
                prev_hash=entry.prev_hash,
                hash=entry.hash,
            )
        )
        head.seq = entry.seq
        head.hash = entry.hash  # written with the entry at the next flush (at the latest, the commit)
        return entry

    # -- reading ---------------------------------------------------------------------------------
    def organisations(self) -> list[int]:
        orgs = set(self.session.scalars(select(AuditHeadRow.org_id)))
        orgs |= set(self.session.scalars(select(AuditEntryRow.org_id).distinct()))
        return sorted(orgs)

    def query(
        self,
        org_id: str | int | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        actions: list[str] | None = None,
        after_seq: int | None = None,
        limit: int | None = None,
        *,
        before_seq: int | None = None,
        newest_first: bool = False,
    ) -> list[EntryData]:
        """Entries in chain order (or newest first), filtered by organisation, period [since, until), action
        and sequence number (``after_seq`` < seq < ``before_seq``)."""
        stmt = select(AuditEntryRow)
        if org_id is not None:
            stmt = stmt.where(AuditEntryRow.org_id == int(org_id))
        if since is not None:
            stmt = stmt.where(AuditEntryRow.at >= since)
        if until is not None:
            stmt = stmt.where(AuditEntryRow.at < until)
        if actions:
            stmt = stmt.where(AuditEntryRow.action.in_(actions))
        if after_seq is not None:
            stmt = stmt.where(AuditEntryRow.seq > after_seq)
        if before_seq is not None:
            stmt = stmt.where(AuditEntryRow.seq < before_seq)
        if newest_first:
            stmt = stmt.order_by(AuditEntryRow.org_id.desc(), AuditEntryRow.seq.desc())
        else:
            stmt = stmt.order_by(AuditEntryRow.org_id, AuditEntryRow.seq)
        if limit is not None:
            stmt = stmt.limit(limit)
        return [row_to_entry(r) for r in self.session.scalars(stmt)]

    def count(self, org_id: str | int) -> int:
        return (
            self.session.scalar(
                select(func.count()).select_from(AuditEntryRow).where(AuditEntryRow.org_id == int(org_id))
            )
            or 0
        )

    def _stored_order(self, org_id: int) -> Iterator[EntryData]:
        stmt = select(AuditEntryRow).where(AuditEntryRow.org_id == org_id).order_by(AuditEntryRow.id)
        for row in self.session.scalars(stmt.execution_options(yield_per=1000)):
            yield row_to_entry(row)

    def verify(self, org_id: str | int, key: bytes | None = None) -> VerifyReport:
        org = int(org_id)
        head_row = self.session.get(AuditHeadRow, org, populate_existing=True)
        head = (head_row.seq, head_row.hash) if head_row is not None else None
        return verify_chain(str(org), self._stored_order(org), head=head, key=key)

    def verify_all(self, key: bytes | None = None) -> list[VerifyReport]:
        return [self.verify(org, key) for org in self.organisations()]

    # -- retention -------------------------------------------------------------------------------
    def prune(self, org_id: str | int, older_than: timedelta, key: bytes) -> PruneResult:
        """Remove entries older than ``older_than``, first writing a signed checkpoint that vouches for them.

        Only a prefix of the chain is ever removed (up to the newest entry older than the cutoff),
        so what remains is one unbroken chain whose first link the checkpoint anchors.
        """
        org = int(org_id)
        if older_than < timedelta(days=1):
            raise InputError("audit retention must keep at least one day of entries")
        self._lock_head(org)  # no append may interleave with the prune
        cutoff = self.clock() - older_than
        last_old = self.session.execute(
            select(AuditEntryRow.seq, AuditEntryRow.hash)
            .where(AuditEntryRow.org_id == org, AuditEntryRow.at < cutoff)
            .order_by(AuditEntryRow.seq.desc())
            .limit(1)
        ).first()
        if last_old is None:
            return PruneResult(org, 0, None, None)
        through_seq, anchor_hash = int(last_old[0]), str(last_old[1])
        cutoff_text = format_time(cutoff)
        removed = (
            self.session.scalar(
                select(func.count())
                .select_from(AuditEntryRow)
                .where(AuditEntryRow.org_id == org, AuditEntryRow.seq <= through_seq)
            )
            or 0
        )
        details = {
            "removed_through_seq": through_seq,
            "anchor_hash": anchor_hash,
            "cutoff": cutoff_text,
            "removed_count": removed,
            "signature": checkpoint_signature(key, str(org), through_seq, anchor_hash, cutoff_text),
        }
        checkpoint = self._append(org, SYSTEM_ACTOR, CHECKPOINT_ACTION, "audit", str(org), details)
        self.session.execute(
            delete(AuditEntryRow).where(AuditEntryRow.org_id == org, AuditEntryRow.seq <= through_seq)
        )
        self.session.flush()
        return PruneResult(org, removed, through_seq, checkpoint.seq)
