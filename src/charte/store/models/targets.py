"""Publish targets: where an organisation publishes (a connector and its sealed parameters)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
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
