"""Bodies of the drafts, approvals, publish-target and audit routes (separate from the tables)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import AnyHttpUrl, AwareDatetime, Field

from charte.api.schemas import Id, In, Out


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
    override_reason: str | None = Field(default=None, max_length=1000,
                                        description="Only for a blocked draft, by a role the policy allows")


class CommentIn(In):
    text: str = Field(min_length=1, max_length=2000)


class ApproveIn(In):
    version: Id | None = Field(default=None, description="The version you reviewed")
    comment: str = Field(default="", max_length=2000)


class RejectIn(In):
    reason: str = Field(min_length=3, max_length=1000)
    version: Id | None = None


class PublishIn(In):
    target_id: Id
    scheduled_at: AwareDatetime | None = Field(default=None, strict=False)


class ApprovalEventPublic(Out):
    id: int
    draft_version: int
    user_id: int
    kind: str
    level: int | None
    comment: str
    created_at: dt.datetime


class PublicationPublic(Out):
    id: int
    status: str
    connector: str
    due_at: dt.datetime
    attempts: int
    max_attempts: int
    last_error: str | None
    external_id: str | None
    sent_at: dt.datetime | None


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
    policy_version_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime


class DraftDetail(DraftPublic):
    """The draft with the findings beside it, its approval history and its publication."""

    decision: dict[str, Any]
    events: list[ApprovalEventPublic] = Field(default_factory=list)
    publication: PublicationPublic | None = None
    next_level: str | None = None


class TargetCreate(In):
    name: str = Field(min_length=1, max_length=100)
    connector: str = Field(min_length=1, max_length=32)
    params: dict[str, Any] = Field(default_factory=dict)
    account_id: Id | None = None


class TargetPublic(Out):
    id: int
    name: str
    connector: str
    params: dict[str, Any]  # secrets masked
    account_id: int | None
    created_at: dt.datetime


class AuditEntryPublic(Out):
    seq: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


class AuditPage(Out):
    items: list[AuditEntryPublic]
    next_after_seq: int | None = Field(description="Pass as after_seq for the next page; null at the end")


class AuditVerifyPublic(Out):
    ok: bool
    entries: int
    first_seq: int | None
    last_seq: int | None
    head_hash: str
    problem_seq: int | None
    problem: str | None
