"""Notification channels (where an organisation's alerts and SLA reminders go out: an apprise URL, sealed) and
the organisation's listening signals (its business calendar, the spike detector's state)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
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


class ListeningSignals(Base):
    """Per organisation: its business calendar for SLA clocks (``charte.listening.sla.BusinessCalendar`` as JSON,
    none = open 24/7) and the spike detector's saved state (``SpikeDetector.to_json()``), so that a restarted
    worker keeps its baselines and cooldowns."""

    __tablename__ = "listening_signals"
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True)
    calendar: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    spike_state: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
