"""Drafts: posts being written, checked on every edit, with the stored decision of their last check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from charte.domain import AccountKind, Decision
from charte.store.models.base import Base, UTCDateTime, utcnow


class Draft(Base):
    """A post being written. ``version`` grows on every edit; approvals count for one version only.

    status: draft → in_review → approved → scheduled/publishing → published | failed; or rejected.
    """

    __tablename__ = "drafts"
    __table_args__ = (
        Index("ix_drafts_org_status", "org_id", "status"),
        # The pages' lists at 10,000 drafts (migration 0007): the approval queue (oldest first), one author's
        # drafts (newest first), the calendar's drafts planned but not yet queued for publication.
        Index("ix_drafts_org_status_updated", "org_id", "status", "updated_at"),
        Index("ix_drafts_org_author_id", "org_id", "author_id", "id"),
        Index("ix_drafts_org_scheduled", "org_id", "scheduled_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    last_editor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("brand_accounts.id", ondelete="SET NULL"), default=None
    )
    account_kind: Mapped[AccountKind] = mapped_column(String(16), default="brand")
    platform: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str | None] = mapped_column(String(8), default=None)
    text: Mapped[str] = mapped_column(Text)
    previous_text: Mapped[str | None] = mapped_column(Text, default=None)
    """The text of the version before this one (``None`` for version 1): what an approver diffs against."""
    attachments: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, default=None)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    version: Mapped[int] = mapped_column(Integer, default=1)
    verdict: Mapped[str] = mapped_column(String(8))
    decision: Mapped[dict[str, Any]] = mapped_column(JSON)
    policy_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("policy_versions.id", ondelete="SET NULL"), default=None
    )
    required_levels: Mapped[int] = mapped_column(Integer, default=0)
    approved_levels: Mapped[int] = mapped_column(Integer, default=0)
    override_reason: Mapped[str | None] = mapped_column(String(1000), default=None)
    override_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    reject_reason: Mapped[str | None] = mapped_column(String(1000), default=None)
    publication_id: Mapped[int | None] = mapped_column(Integer, default=None)
    # The check this one replaced when a newer policy version changed the verdict (docs/workflow.md, "When the
    # policy changes"). Plain ids, like the audit record's: a policy version is deleted only with its
    # organisation, which takes its drafts along (and a foreign key would make SQLite copy this table, whose
    # approval events cascade).
    previous_verdict: Mapped[str | None] = mapped_column(String(8), default=None)
    previous_policy_version_id: Mapped[int | None] = mapped_column(Integer, default=None)
    # A reply from the inbox (migration 0015): the mention it answers, whether that mention is a complaint (the
    # check's ``in_reply_to_complaint``: only the policy's complaint responders answer one) and whether it was
    # written after the mention's SLA deadline. A plain id, like ``previous_policy_version_id`` (a foreign key
    # would make SQLite copy this table); a pruned mention leaves it pointing nowhere, which reads as "none".
    reply_to_mention_id: Mapped[int | None] = mapped_column(Integer, default=None)
    in_reply_to_complaint: Mapped[bool] = mapped_column(Boolean, default=False)
    reply_late: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    def checked(self) -> Decision:
        """The decision of the last check, typed again (``decision`` keeps the JSON the API shows as is)."""
        return Decision.from_dict(self.decision, self.text)

    def record_check(self, decision: Decision, policy_version_id: int) -> None:
        """Store a check of the current text, made under ``policy_version_id``."""
        self.verdict, self.decision = str(decision.verdict), decision.to_dict()
        self.policy_version_id = policy_version_id
