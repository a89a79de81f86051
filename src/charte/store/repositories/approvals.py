"""Approval events of drafts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from charte.store.models import ApprovalEvent
from charte.store.repositories.base import Repository


class ApprovalEvents(Repository):
    def for_draft(self, org_id: int, draft_id: int) -> Sequence[ApprovalEvent]:
        stmt = select(ApprovalEvent).where(ApprovalEvent.org_id == org_id, ApprovalEvent.draft_id == draft_id)
        return self.session.scalars(stmt.order_by(ApprovalEvent.id)).all()

    def approvers_of(self, org_id: int, draft_id: int, version: int) -> set[int]:
        stmt = select(ApprovalEvent.user_id).where(
            ApprovalEvent.org_id == org_id,
            ApprovalEvent.draft_id == draft_id,
            ApprovalEvent.draft_version == version,
            ApprovalEvent.kind == "approve",
        )
        return set(self.session.scalars(stmt))
