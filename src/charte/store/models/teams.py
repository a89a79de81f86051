"""Teams of the conflict plan and their members."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charte.store.models.base import Base, UTCDateTime, utcnow


class TeamMember(Base):
    __tablename__ = "team_members"
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class Team(Base):
    """A team of the conflict plan; ``key`` is the team id used in the policy YAML.

    ``functions`` are the policy's functions (``communications``, ``customer_service``…) its members hold: a
    draft is checked with the union of its author's teams' functions (``charte.service.functions``)."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("org_id", "key", name="uq_teams_org_key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    functions: Mapped[list[str]] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    members: Mapped[list[TeamMember]] = relationship(cascade="all, delete-orphan", lazy="selectin")
