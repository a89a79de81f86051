"""Tables of drafts, approvals, publications and the audit record.

The audit rows are only ever inserted (pruned only through a signed checkpoint, see
docs/audit.md); their ``org_id`` has no foreign key so the record outlives what it describes.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models import Base, UTCDateTime, utcnow
from charte.store.sealing import SealedJSON

WorkflowBase = Base  # one metadata for every table (Alembic compares against it)


class Draft(Base):
    """A post being written. ``version`` grows on every edit; approvals count for one version only.

    status: draft → in_review → approved → scheduled/publishing → published | failed; or rejected.
    """

    __tablename__ = "drafts"
    __table_args__ = (Index("ix_drafts_org_status", "org_id", "status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_editor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("brand_accounts.id", ondelete="SET NULL"),
                                                   default=None)
    account_kind: Mapped[str] = mapped_column(String(16), default="brand")  # brand | personal
    platform: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str | None] = mapped_column(String(8), default=None)
    text: Mapped[str] = mapped_column(Text)
    attachments: Mapped[list] = mapped_column(JSON, default=list)
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    verdict: Mapped[str] = mapped_column(String(8))
    decision: Mapped[dict] = mapped_column(JSON)
    policy_version_id: Mapped[int | None] = mapped_column(ForeignKey("policy_versions.id", ondelete="SET NULL"),
                                                          default=None)
    required_levels: Mapped[int] = mapped_column(Integer, default=0)
    approved_levels: Mapped[int] = mapped_column(Integer, default=0)
    override_reason: Mapped[str | None] = mapped_column(String(1000), default=None)
    override_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    reject_reason: Mapped[str | None] = mapped_column(String(1000), default=None)
    publication_id: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApprovalEvent(Base):
    """One approval, rejection or comment on one version of a draft."""

    __tablename__ = "approval_events"
    __table_args__ = (Index("ix_approval_events_draft", "draft_id", "draft_version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"))
    draft_version: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # approve | reject | comment
    level: Mapped[int | None] = mapped_column(Integer, default=None)  # 1-based level approved
    comment: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PublishTarget(Base):
    """Where an organisation publishes: a connector and its parameters (secrets never shown back).

    The parameters are stored encrypted (column ``params_sealed``, see :mod:`charte.store.sealing`) and
    are read from here at send time: a publication refers to its target, it never copies a secret.
    """

    __tablename__ = "publish_targets"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_publish_targets_org_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    connector: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict] = mapped_column("params_sealed", SealedJSON)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("brand_accounts.id", ondelete="SET NULL"),
                                                   default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntryRow(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (UniqueConstraint("org_id", "seq", name="uq_audit_entries_org_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[int] = mapped_column(Integer, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    at_text: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(128))
    details: Mapped[dict] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHeadRow(Base):
    """The newest (seq, hash) per organisation: the row appends lock, and what reveals a cut tail."""

    __tablename__ = "audit_heads"

    org_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))


class PublicationRow(Base):
    """One post to send through one connector; the idempotency key makes every retry harmless.

    status: scheduled → pending → sending → sent, or → retrying → sending …, or → failed.
    ``sending`` is written (committed) *before* the connector is called: a worker that dies after
    sending leaves it there, and the next attempt asks the connector before sending again.
    The connector's parameters are the target's, read at each attempt (``target_id``): no secret is copied
    here, and a deleted target stops its pending publications.
    """

    __tablename__ = "publications"
    __table_args__ = (Index("ix_publications_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[int] = mapped_column(Integer, index=True)
    draft_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    connector: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int | None] = mapped_column(ForeignKey("publish_targets.id", ondelete="SET NULL"),
                                                  default=None)
    content: Mapped[dict] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=5)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    external_id: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
