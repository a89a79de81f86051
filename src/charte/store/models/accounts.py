"""Brand accounts, with the people who own them and who may post on them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from charte.store.models.base import Base, UTCDateTime, utcnow


class AccountOwner(Base):
    __tablename__ = "brand_account_owners"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("brand_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class AccountPoster(Base):
    __tablename__ = "brand_account_posters"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("brand_accounts.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class BrandAccount(Base):
    """A brand account on one platform. Charte never stores the platform's password."""

    __tablename__ = "brand_accounts"
    __table_args__ = (
        UniqueConstraint("org_id", "platform", "handle", name="uq_brand_accounts_org_platform_handle"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    handle: Mapped[str] = mapped_column(String(200))
    display_name: Mapped[str | None] = mapped_column(String(200), default=None)
    two_factor_attested: Mapped[bool] = mapped_column(Boolean, default=False)
    two_factor_attested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    last_rotation_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    # Migration 0010 (docs/account-safety.md): who attested 2FA, the people to call when the account is lost,
    # and when the owners were last reminded that its credentials are due for rotation.
    # A plain id, like the audit record's: a foreign key would make SQLite copy this table to add it.
    two_factor_attested_by: Mapped[int | None] = mapped_column(Integer, default=None)
    recovery_contacts: Mapped[list[str]] = mapped_column(JSON, default=list)
    rotation_reminded_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    owners: Mapped[list[AccountOwner]] = relationship(cascade="all, delete-orphan", lazy="selectin")
    posters: Mapped[list[AccountPoster]] = relationship(cascade="all, delete-orphan", lazy="selectin")
