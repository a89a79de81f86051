"""Notification channels: where an organisation's alerts and SLA reminders go out (an apprise URL, sealed)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
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
