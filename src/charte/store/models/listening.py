"""Listening: the sources an organisation hears the public through, the mentions they bring, notes, alerts.

A mention is stored once per source (``uq_mentions_source_external``): a batch replayed after a crash inserts
nothing twice. The inbox's lists are served by the ``ix_mentions_*`` indexes (migration 0009); old mentions
are removed by ``charte mentions prune --older-than`` (``ix_mentions_received``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models.base import Base, UTCDateTime, utcnow
from charte.store.sealing import SealedText

#: Indexes that exist on PostgreSQL only and that the models do not declare (migration 0019: GIN trigram
#: indexes on ``lower(text)`` and ``lower(author_handle)`` for the inbox search; SQLite has no equivalent).
POSTGRES_ONLY_INDEXES = frozenset({"ix_mentions_text_trgm", "ix_mentions_author_trgm"})
#: SQLite's equivalent (migration 0022): the FTS5 table ``mentions_fts`` and the shadow tables FTS5 keeps it in.
SQLITE_FTS_PREFIX = "mentions_fts"


def compared_by_autogenerate(
    object_: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's ``include_object``: everything but :data:`POSTGRES_ONLY_INDEXES` and SQLite's full-text
    tables (:data:`SQLITE_FTS_PREFIX`), which no model declares."""
    if type_ == "table" and name is not None and name.startswith(SQLITE_FTS_PREFIX):
        return False
    return not (type_ == "index" and name in POSTGRES_ONLY_INDEXES)


class Source(Base):
    """Where an organisation listens: a kind (``charte.listening.types.SOURCE_KINDS``), its settings, its
    secret (sealed, never shown back), the cursor that resumes it and its health counters."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_sources_org_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    secret: Mapped[str | None] = mapped_column("secret_sealed", SealedText, default=None)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    cursor: Mapped[str | None] = mapped_column(Text, default=None)
    last_event_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    lag_seconds: Mapped[float | None] = mapped_column(Float, default=None)
    events_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_count: Mapped[int] = mapped_column(Integer, default=0)
    skipped_reasons: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The ingestion worker reading this source, until when (migration 0019; charte.workers.listening).
    lease_owner: Mapped[str | None] = mapped_column(String(100), default=None)
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class Mention(Base):
    """One message from the public, classified and routed. status: new → assigned → answered → closed."""

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("source_id", "external_id", name="uq_mentions_source_external"),
        # The inbox: newest first in one organisation, by status, by team, by assignee; deadlines; threads.
        Index("ix_mentions_org_received", "org_id", "received_at", "id"),
        Index("ix_mentions_org_status_received", "org_id", "status", "received_at", "id"),
        Index("ix_mentions_org_team_received", "org_id", "team", "received_at", "id"),
        Index("ix_mentions_org_assignee_received", "org_id", "assignee_id", "received_at", "id"),
        Index("ix_mentions_org_intent_received", "org_id", "intent", "received_at", "id"),
        Index("ix_mentions_org_due", "org_id", "due_at", "id"),
        Index("ix_mentions_org_reply", "org_id", "in_reply_to"),
        Index("ix_mentions_received", "received_at"),  # pruning by age
        Index("ix_mentions_org_flag_received", "org_id", "flag", "received_at", "id"),  # migration 0014
        Index("ix_mentions_remind", "remind_at"),  # the SLA job's scan
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(512))
    text: Mapped[str] = mapped_column(Text)
    author_handle: Mapped[str] = mapped_column(String(300))
    author_name: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str | None] = mapped_column(Text, default=None)
    in_reply_to: Mapped[str | None] = mapped_column(String(512), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    received_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    language: Mapped[str | None] = mapped_column(String(8), default=None)
    toxicity: Mapped[float | None] = mapped_column(Float, default=None)
    sentiment: Mapped[str | None] = mapped_column(String(16), default=None)
    intent: Mapped[str | None] = mapped_column(String(16), default=None)
    verdict: Mapped[str | None] = mapped_column(String(8), default=None)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    team: Mapped[str | None] = mapped_column(String(64), default=None)
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    due_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    remind_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    reminded_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime, default=None
    )  # the reminder, sent once
    escalated_at: Mapped[dt.datetime | None] = mapped_column(
        UTCDateTime, default=None
    )  # the breach, sent once
    # What the incoming checks found (charte.listening.watch): a look-alike author, dangerous links.
    # "account" (a look-alike author: the impersonation view), "links" (dangerous links only) or None.
    flag: Mapped[str | None] = mapped_column(String(16), default=None)
    flags: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    status: Mapped[str] = mapped_column(String(16), default="new")
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    # When a reply from the inbox was sent (migration 0015), and whether after ``due_at``.
    answered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    answered_late: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class MentionNote(Base):
    """A note a handler leaves on a mention (what was done, who was called)."""

    __tablename__ = "mention_notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Alert(Base):
    """Something the inbox raises for people to see (a spike, a look-alike account…), until acknowledged."""

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_org_ack_created", "org_id", "acknowledged", "created_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged: Mapped[bool] = mapped_column(Boolean, default=False)
    acknowledged_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class LookalikeAccount(Base):
    """One account seen imitating the organisation (``charte.listening.lookalike``), once per handle: when it
    was first and last seen on an incoming mention, how often, why, and the review a person gave it. A handle
    reviewed ``legitimate`` is no longer flagged nor alerted on (a partner, a fan club, a former account)."""

    __tablename__ = "lookalike_accounts"
    __table_args__ = (
        UniqueConstraint("org_id", "handle_key", name="uq_lookalike_accounts_org_handle"),
        Index("ix_lookalike_accounts_org_last_seen", "org_id", "last_seen", "id"),
        Index("ix_lookalike_accounts_org_verdict_last_seen", "org_id", "verdict", "last_seen", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    handle_key: Mapped[str] = mapped_column(String(300))  # the handle case-folded, without a leading "@"
    handle: Mapped[str] = mapped_column(String(300))  # as last seen
    display_name: Mapped[str] = mapped_column(String(300), default="")
    source_kind: Mapped[str] = mapped_column(String(16), default="")
    kind: Mapped[str] = mapped_column(String(32))  # charte.listening.lookalike.Kind
    target: Mapped[str] = mapped_column(String(300))
    words: Mapped[list[str]] = mapped_column(JSON, default=list)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    first_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    seen_count: Mapped[int] = mapped_column(Integer, default=0)
    last_mention_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentions.id", ondelete="SET NULL"), default=None
    )
    verdict: Mapped[str | None] = mapped_column(String(16), default=None)  # impersonator, legitimate, unsure
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
