"""Publications: one post to send through one connector, retried without double posting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models.base import Base, UTCDateTime


class PublicationRow(Base):
    """One post to send through one connector; the idempotency key makes every retry harmless.

    status: scheduled → pending → sending → sent, or → retrying → sending …, or → failed; or → held → pending
    when the brand account may not be published to (docs/account-safety.md), or when the check at send time
    finds the post worse than approved; or → paused during a crisis (docs/crisis.md), then → pending/scheduled
    again or → cancelled when it ends.
    ``sending`` is written (committed) *before* the connector is called: a worker that dies after
    sending leaves it there, and the next attempt asks the connector before sending again.
    The connector's parameters are the target's, read at each attempt (``target_id``): no secret is copied
    here, and a deleted target stops its pending publications.
    """

    __tablename__ = "publications"
    __table_args__ = (
        Index("ix_publications_status_due", "status", "due_at"),
        Index("ix_publications_org_due", "org_id", "due_at"),  # the calendar (migration 0007)
        Index("ix_publications_crisis", "crisis_id"),  # a crisis's paused posts (migration 0016)
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    org_id: Mapped[int] = mapped_column(Integer, index=True)
    draft_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    connector: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[int | None] = mapped_column(
        ForeignKey("publish_targets.id", ondelete="SET NULL"), default=None
    )
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The brand account it goes out on (migration 0010): publishing to it is held while its 2FA is not attested
    # or an incident is open (status ``held``, the reason in ``last_error``).
    account_id: Mapped[int | None] = mapped_column(Integer, index=True, default=None)
    # The network reference of the message this publication answers (a reply from the inbox, migration 0015).
    reply_to: Mapped[str | None] = mapped_column(String(512), default=None)
    status: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=5)
    last_error: Mapped[str | None] = mapped_column(Text, default=None)
    external_id: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    # The crisis that paused it (migration 0016): status ``paused`` until the crisis ends and someone decides.
    crisis_id: Mapped[int | None] = mapped_column(Integer, default=None)
