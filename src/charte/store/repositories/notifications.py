"""Notification channels."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from charte.store.models import NotificationChannel
from charte.store.repositories.base import Repository


class NotificationChannels(Repository):
    def get(self, org_id: int, channel_id: int) -> NotificationChannel | None:
        return self.session.scalar(
            select(NotificationChannel).where(
                NotificationChannel.id == channel_id, NotificationChannel.org_id == org_id
            )
        )

    def by_name(self, org_id: int, name: str) -> NotificationChannel | None:
        return self.session.scalar(
            select(NotificationChannel).where(
                NotificationChannel.name == name, NotificationChannel.org_id == org_id
            )
        )

    def list(self, org_id: int) -> Sequence[NotificationChannel]:
        return self.session.scalars(
            select(NotificationChannel)
            .where(NotificationChannel.org_id == org_id)
            .order_by(NotificationChannel.id)
        ).all()

    def delete(self, row: NotificationChannel) -> None:
        self.session.delete(row)
        self.session.flush()
