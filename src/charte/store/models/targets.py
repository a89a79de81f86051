"""Publish targets: where an organisation publishes (a connector and its sealed parameters)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from charte.store.models.base import Base, UTCDateTime, utcnow
from charte.store.sealing import SealedJSON


class PublishTarget(Base):
    """Where an organisation publishes: a connector and its parameters (secrets never shown back).

    The parameters are stored encrypted (column ``params_sealed``, see :mod:`charte.store.sealing`) and
    are read from here at send time: a publication refers to its target, it never copies a secret.
    """

    __tablename__ = "publish_targets"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_publish_targets_org_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    connector: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict[str, Any]] = mapped_column("params_sealed", SealedJSON)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("brand_accounts.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Health, kept by the publisher: the last failure (a short category, never the network's body), when, and
    # whether the network refused the credentials (token expired or revoked); a later success clears them.
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    last_error_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    credentials_refused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    last_sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
