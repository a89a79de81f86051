"""Crises: a declared period during which scheduled posts are paused and approvals go to the crisis team."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models.base import Base, UTCDateTime, utcnow

_USER = "users.id"


class Crisis(Base):
    """One crisis of an organisation, from its declaration to its end.

    ``active_org`` is the organisation's id while the crisis is active and ``NULL`` once ended: its unique
    constraint lets the database itself refuse a second active crisis (NULLs never collide). ``scope`` is
    ``all`` (every scheduled post) or ``accounts`` (only the posts to ``account_ids``).
    """

    __tablename__ = "crises"
    __table_args__ = (UniqueConstraint("active_org", name="uq_crises_active_org"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    active_org: Mapped[int | None] = mapped_column(Integer, default=None)
    summary: Mapped[str] = mapped_column(String(500))
    scope: Mapped[str] = mapped_column(String(16))  # all | accounts
    account_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    team: Mapped[str | None] = mapped_column(String(64), default=None)  # the policy's crisis team, then
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="SET NULL"), default=None)
    declared_by: Mapped[int | None] = mapped_column(ForeignKey(_USER, ondelete="SET NULL"), default=None)
    declared_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_by: Mapped[int | None] = mapped_column(ForeignKey(_USER, ondelete="SET NULL"), default=None)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    paused_count: Mapped[int] = mapped_column(Integer, default=0)
    # What ending decided, counted: {"resume": n, "reschedule": n, "cancel": n}.
    outcome: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
