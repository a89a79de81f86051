"""Who accepted which version of the policy, the notices that asked them, and their quiz attempts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models.base import Base, UTCDateTime, utcnow


class PolicyAcknowledgement(Base):
    """One person's acceptance of one policy version: the version's content hash is kept with it, so the
    record stands even if the version row were changed. One per (person, version): accepting twice is a no-op."""

    __tablename__ = "policy_acknowledgements"
    __table_args__ = (
        UniqueConstraint("user_id", "policy_version_id", name="uq_policy_acknowledgements_user_version"),
        Index("ix_policy_acknowledgements_org_user", "org_id", "user_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id", ondelete="CASCADE"))
    policy_sha256: Mapped[str] = mapped_column(String(64))
    version_label: Mapped[str] = mapped_column(String(100))
    lang: Mapped[str] = mapped_column(String(8))
    acknowledged_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class PolicyNotice(Base):
    """A request to read and acknowledge a version (``kind``: request, then reminder): what the person sees
    in their list of notices, and whether it also went out by e-mail."""

    __tablename__ = "policy_notices"
    __table_args__ = (Index("ix_policy_notices_org_user", "org_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    emailed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuizAttempt(Base):
    """One attempt at the quiz of a version (all questions, or those of one clause), with its score."""

    __tablename__ = "quiz_attempts"
    __table_args__ = (Index("ix_quiz_attempts_org_user", "org_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id", ondelete="CASCADE"))
    clause: Mapped[str | None] = mapped_column(String(100), default=None)  # None: the whole quiz
    score: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    answers: Mapped[str] = mapped_column(Text)  # JSON: {question id: chosen position}
    lang: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
