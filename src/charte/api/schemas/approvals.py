"""Approval decisions and the history of a draft's approvals."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from charte.api.schemas.base import Id, In, Out


class ApproveIn(In):
    version: Id | None = Field(default=None, description="The version you reviewed")
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
    created_at: dt.datetime
