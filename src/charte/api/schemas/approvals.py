"""Approval decisions and the history of a draft's approvals."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from charte.api.schemas.base import Id, In, Out


class ApproveIn(In):
    version: Id | None = Field(default=None, description="The version you reviewed")
    policy_version_id: Id | None = Field(
        default=None,
        description="The policy version whose check you reviewed. Needed when the active policy "
        "changed the verdict since the author's check (the draft's policy_change): the approval is refused "
        "until you confirm the active version's id; when given, it must be the active version's",
    )
    comment: str = Field(default="", max_length=2000)


class RejectIn(In):
    reason: str = Field(min_length=3, max_length=1000)
    version: Id | None = None


class ApprovalEventPublic(Out):
    id: int
    draft_version: int
    user_id: int
    kind: str
    level: int | None
    comment: str
    policy_version_id: int | None = Field(
        description="The policy version of the check this decision was given "
        "on (null for events recorded before it was kept, and for comments)"
    )
    verdict: str | None = Field(description="That check's verdict")
    created_at: dt.datetime
