"""The audit record's rows. They are only ever inserted (pruned only through a signed checkpoint, see
docs/audit.md); their ``org_id`` has no foreign key so the record outlives what it describes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models.base import Base, UTCDateTime


class AuditEntryRow(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        UniqueConstraint("org_id", "seq", name="uq_audit_entries_org_seq"),
        # The dashboard's counts: one organisation's entries of one kind over a window of days.
        Index("ix_audit_entries_org_action_at", "org_id", "action", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[int] = mapped_column(Integer, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    at_text: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(128))
    details: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The newest (seq, hash) per organisation: the row appends lock, and what reveals a cut tail."""

    __tablename__ = "audit_heads"

    org_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))
