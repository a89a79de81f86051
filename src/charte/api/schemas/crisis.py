"""Crisis mode: declaring, the active crisis, ending it with a decision for each paused post, the history."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime, Field

from charte.api.schemas.base import Id, IdList, In, Out


class CrisisDeclare(In):
    summary: str = Field(min_length=1, max_length=500, description="What is happening, in a sentence")
    account_ids: IdList = Field(
        default_factory=list, description="Pause only these brand accounts' posts (all of them when empty)"
    )
    alert_id: Id | None = Field(default=None, description="The spike alert that proposed the crisis, if any")


class CrisisDecisionIn(In):
    publication_id: Id
    choice: Literal["resume", "reschedule", "cancel"]
    scheduled_at: AwareDatetime | None = Field(
        default=None, strict=False, description="The new time of a rescheduled post (with its time zone)"
    )


class CrisisEnd(In):
    decisions: list[CrisisDecisionIn] = Field(default_factory=list, max_length=1000)
    rest: Literal["resume", "cancel"] | None = Field(
        default=None, description="What becomes of every paused post not in decisions"
    )


class CrisisPublic(Out):
    id: int
    active: bool
    summary: str
    scope: Literal["all", "accounts"]
    account_ids: list[int]
    team: str | None
    alert_id: int | None
    declared_by: int | None
    declared_at: dt.datetime
    ended_by: int | None
    ended_at: dt.datetime | None
    paused_count: int
    outcome: dict[str, int]


class CurrentCrisis(Out):
    crisis: CrisisPublic | None


class PausedPostPublic(Out):
    publication_id: int
    draft_id: int | None
    account_id: int | None
    account: str
    due_at: dt.datetime
    reason: str | None


class CrisisDetail(CrisisPublic):
    paused: list[PausedPostPublic] = Field(
        description="The posts still paused (the first 200, soonest first)"
    )
