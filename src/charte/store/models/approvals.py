"""Approval events: approvals, rejections and comments on one version of a draft."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models.base import Base, UTCDateTime, utcnow


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
    # The check the person decided on: its policy version and verdict (an approval is a signature on them).
    policy_version_id: Mapped[int | None] = mapped_column(Integer, default=None)
    verdict: Mapped[str | None] = mapped_column(String(8), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
