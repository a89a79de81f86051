"""The account register enforced: rotation tasks, access reviews and incidents on brand accounts.

Every row carries ``org_id`` (repositories filter by it) and points at its brand account; people are
referred to by user id only, so a deleted user leaves ``None`` and the record stays readable.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charte.store.models.base import Base, UTCDateTime, utcnow

_ACCOUNT = "brand_accounts.id"
_USER = "users.id"


class RotationTask(Base):
    """Credentials of one account to rotate (after an offboarding or an incident); done when a rotation of
    the account is recorded. Its owners are the account's owners."""

    __tablename__ = "account_rotation_tasks"
    __table_args__ = (Index("ix_account_rotation_tasks_org_open", "org_id", "done_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey(_ACCOUNT, ondelete="CASCADE"), index=True)
    reason: Mapped[str] = mapped_column(String(32))  # offboarding | incident
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey(_USER, ondelete="SET NULL"), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    done_by: Mapped[int | None] = mapped_column(ForeignKey(_USER, ondelete="SET NULL"), default=None)


class AccessReviewItem(Base):
    """One person's access to the reviewed account, and the owner's answer: confirm or remove."""

    __tablename__ = "access_review_items"
    __table_args__ = (UniqueConstraint("review_id", "user_id", "access", name="uq_access_review_items_who"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("access_reviews.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey(_USER, ondelete="SET NULL"), default=None)
    access: Mapped[str] = mapped_column(String(16))  # owner | poster
    decision: Mapped[str | None] = mapped_column(String(16), default=None)  # confirm | remove
    decided_by: Mapped[int | None] = mapped_column(ForeignKey(_USER, ondelete="SET NULL"), default=None)
    decided_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)


class AccessReview(Base):
    """A periodic review of who has access to one account; closed when every item is answered."""

    __tablename__ = "access_reviews"
    __table_args__ = (Index("ix_access_reviews_org_closed", "org_id", "closed_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey(_ACCOUNT, ondelete="CASCADE"), index=True)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    escalate_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    escalated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    items: Mapped[list[AccessReviewItem]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=AccessReviewItem.id
    )


class IncidentStep(Base):
    """One step of an incident's playbook: built-in (``key``) or the policy's (``policy-N``), with its words
    as the policy said them when the incident was opened, ticked with time and author."""

    __tablename__ = "incident_steps"
    __table_args__ = (UniqueConstraint("incident_id", "key", name="uq_incident_steps_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("account_incidents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(32))
    label: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"fr": …, "en": …} (policy steps)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    done_by: Mapped[int | None] = mapped_column(ForeignKey(_USER, ondelete="SET NULL"), default=None)


class Incident(Base):
    """A compromised or hijacked account: publishing to it is held from opening until closing."""

    __tablename__ = "account_incidents"
    __table_args__ = (Index("ix_account_incidents_account_closed", "account_id", "closed_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey(_ACCOUNT, ondelete="CASCADE"), index=True)
    summary: Mapped[str] = mapped_column(String(500))
    opened_by: Mapped[int | None] = mapped_column(ForeignKey(_USER, ondelete="SET NULL"), default=None)
    opened_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey(_USER, ondelete="SET NULL"), default=None)
    override_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    steps: Mapped[list[IncidentStep]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by=IncidentStep.position
    )
