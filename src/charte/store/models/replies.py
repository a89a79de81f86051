"""Saved replies: the conflict plan's pre-approved answers, versioned; each use recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models.base import Base, UTCDateTime, utcnow


class SavedReply(Base):
    """One saved reply of an organisation: its versions carry the words, ``approved_version`` the one in use.

    Nothing here is usable until a version is approved; an approved version stays in use while a newer one is
    in review. ``archived`` replies are no longer suggested nor usable (kept for the audit record's ids).
    """

    __tablename__ = "saved_replies"
    __table_args__ = (Index("ix_saved_replies_org_archived", "org_id", "archived", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    latest_version: Mapped[int] = mapped_column(Integer, default=1)
    approved_version: Mapped[int | None] = mapped_column(Integer, default=None)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    use_count: Mapped[int] = mapped_column(Integer, default=0)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SavedReplyVersion(Base):
    """One version of a saved reply, checked by the policy and approved like a post.

    status: in_review → approved (→ superseded when a newer one is approved) | rejected.
    ``approvals``: the signatures, in order (``{"user_id", "level", "at", "comment"}``).
    """

    __tablename__ = "saved_reply_versions"
    __table_args__ = (
        UniqueConstraint("reply_id", "version", name="uq_saved_reply_versions_reply_version"),
        Index("ix_saved_reply_versions_org_status", "org_id", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    reply_id: Mapped[int] = mapped_column(ForeignKey("saved_replies.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    intent: Mapped[str | None] = mapped_column(String(16), default=None)
    topic: Mapped[str | None] = mapped_column(String(64), default=None)
    holding_statement: Mapped[bool] = mapped_column(Boolean, default=False)
    variables: Mapped[list[str]] = mapped_column(JSON, default=list)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    status: Mapped[str] = mapped_column(String(16), default="in_review")
    verdict: Mapped[str] = mapped_column(String(8))
    decision: Mapped[dict[str, Any]] = mapped_column(JSON)
    policy_version_id: Mapped[int | None] = mapped_column(Integer, default=None)
    required_levels: Mapped[int] = mapped_column(Integer, default=1)
    approved_levels: Mapped[int] = mapped_column(Integer, default=0)
    approvals: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reject_reason: Mapped[str | None] = mapped_column(String(1000), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class SavedReplyUse(Base):
    """One use of a saved reply: which version, by whom, for which mention and reply draft."""

    __tablename__ = "saved_reply_uses"
    __table_args__ = (Index("ix_saved_reply_uses_reply", "reply_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    reply_id: Mapped[int] = mapped_column(ForeignKey("saved_replies.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    mention_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentions.id", ondelete="SET NULL"), default=None
    )
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="SET NULL"), default=None)
    used_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
