"""Notification channels (where an organisation's alerts and SLA reminders go out: an apprise URL, sealed), the
outbox of notices waiting to go out to them, and the organisation's listening signals (its business calendar, the
spike detector's state)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models.base import Base, UTCDateTime, utcnow
from charte.store.sealing import SealedText


class NotificationChannel(Base):
    """One destination (e-mail, a chat webhook…). The URL carries its credentials: stored sealed, never shown
    back or logged; ``kind`` (the URL's scheme) is what a person sees. The last delivery's outcome is kept for
    the channel's health: a failure is recorded here, never raised into the caller."""

    __tablename__ = "notification_channels"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_notification_channels_org_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    url: Mapped[str] = mapped_column("url_sealed", SealedText)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive failed deliveries
    last_error: Mapped[str | None] = mapped_column(String(300), default=None)


class NotificationOutbox(Base):
    """One notice for one channel, written in the transaction that decided to send it and sent after that
    transaction commits (``charte.service.outbox``): a rolled-back alert sends nothing, and a slow chat server
    never holds the transaction that stores mentions open.

    ``status`` is ``pending`` (due at ``next_attempt_at``), ``sent`` or ``failed`` (after the last attempt).
    A deliverer claims a pending row by setting ``claim_token`` and ``claimed_until`` (the lease: past it, a
    row left by a dead deliverer is claimed again); ``attempts`` counts claims. ``title`` and ``body`` are
    rendered when the notice is written, in the language current then (``lang``)."""

    __tablename__ = "notification_outbox"
    __table_args__ = (
        Index("ix_notification_outbox_status_next", "status", "next_attempt_at"),
        Index("ix_notification_outbox_org_created", "org_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    channel_id: Mapped[int] = mapped_column(
        ForeignKey("notification_channels.id", ondelete="CASCADE"), index=True
    )
    alert_id: Mapped[int | None] = mapped_column(
        ForeignKey("alerts.id", ondelete="SET NULL"), default=None, index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    claim_token: Mapped[str | None] = mapped_column(String(32), default=None)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    failed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(String(300), default=None)


class ListeningSignals(Base):
    """Per organisation: its business calendar for SLA clocks (``charte.listening.sla.BusinessCalendar`` as JSON,
    none = open 24/7) and the spike detector's saved state (``SpikeDetector.to_json()``), so that a restarted
    worker keeps its baselines and cooldowns."""

    __tablename__ = "listening_signals"
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    calendar: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    spike_state: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
