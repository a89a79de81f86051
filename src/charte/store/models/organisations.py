"""Organisations: the tenants; every tenant-owned row carries ``org_id``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models.base import Base, UTCDateTime, utcnow


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Every person must sign in with a TOTP code (docs/security.md): without one they can only enrol.
    require_totp: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
