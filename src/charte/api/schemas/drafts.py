"""Drafts: written, checked, submitted, commented."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import AnyHttpUrl, AwareDatetime, Field

from charte.api.schemas.approvals import ApprovalEventPublic
from charte.api.schemas.base import Id, In, Out
from charte.api.schemas.publications import PublicationPublic


class AttachmentIn(In):
    url: AnyHttpUrl = Field(strict=False)
    credit: str | None = Field(default=None, max_length=300)
    alt: str | None = Field(default=None, max_length=1000)


class DraftCreate(In):
    text: str = Field(min_length=1, max_length=20_000)
    platform: str = Field(min_length=1, max_length=32, pattern=r"^[a-z0-9_-]+$")
    account_id: Id | None = None
    account_kind: Literal["brand", "personal"] = "brand"
    lang: Literal["fr", "en"] | None = None
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=20)
    scheduled_at: AwareDatetime | None = Field(default=None, strict=False)


class DraftUpdate(In):
    """Fields to change; ``version`` (the one you edited) refuses the edit if someone changed it meanwhile."""

    version: Id | None = None
    text: str | None = Field(default=None, min_length=1, max_length=20_000)
    platform: str | None = Field(default=None, min_length=1, max_length=32, pattern=r"^[a-z0-9_-]+$")
    account_id: Id | None = None
    account_kind: Literal["brand", "personal"] | None = None
    lang: Literal["fr", "en"] | None = None
    attachments: list[AttachmentIn] | None = Field(default=None, max_length=20)
    scheduled_at: AwareDatetime | None = Field(default=None, strict=False)


class SubmitIn(In):
    override_reason: str | None = Field(
        default=None, max_length=1000, description="Only for a blocked draft, by a role the policy allows"
    )


class CommentIn(In):
    text: str = Field(min_length=1, max_length=2000)


class DraftPublic(Out):
    id: int
    author_id: int
    last_editor_id: int
    account_id: int | None
    account_kind: str
    platform: str
    lang: str | None
    text: str
    attachments: list[dict[str, Any]]
    scheduled_at: dt.datetime | None
    status: str
    version: int
    verdict: str
    required_levels: int
    approved_levels: int
    override_reason: str | None
    reject_reason: str | None
    policy_version_id: int | None = Field(
        description="The policy version of the stored check (verdict, decision)"
    )
    previous_verdict: str | None = Field(
        description="When submitting or approving checked the draft again under "
        "a newer policy version and the verdict changed: the verdict before"
    )
    previous_policy_version_id: int | None = Field(
        description="…and the policy version of that earlier check"
    )
    reply_to_mention_id: int | None = Field(
        default=None, description="A reply from the inbox: the mention it answers"
    )
    in_reply_to_complaint: bool = Field(
        default=False, description="It answers a complaint (checked as one: only complaint responders answer)"
    )
    reply_late: bool = Field(default=False, description="Written after the mention's response deadline")
    created_at: dt.datetime
    updated_at: dt.datetime


class PolicyChangePublic(Out):
    """The active policy is not the version that checked the draft: both checks, side by side."""

    checked_policy_version_id: int | None = Field(description="The version of the draft's stored check")
    checked_verdict: str
    active_policy_version_id: int = Field(description="The active version (confirm it when approving)")
    active_verdict: str
    verdict_changed: bool = Field(
        description="The verdicts differ (or other rules block): submitting takes the "
        "active verdict; approving needs policy_version_id, and a block is not approved"
    )
    active_decision: dict[str, Any] = Field(description="The active version's decision: its findings")


class DraftDetail(DraftPublic):
    """The draft with the findings beside it, its approval history and its publication."""

    decision: dict[str, Any]
    events: list[ApprovalEventPublic] = Field(default_factory=list)
    publication: PublicationPublic | None = None
    next_level: str | None = None
    policy_change: PolicyChangePublic | None = Field(
        default=None,
        description="Only while submitting or approving is ahead (draft, in_review, rejected, "
        "failed) and the active policy is not the version that checked the draft",
    )
