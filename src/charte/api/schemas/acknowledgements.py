"""Policy acknowledgement, quiz, personal-account guidance and password-reset bodies."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from charte.api.schemas.base import DbInt, Id, In, Out

Lang = Literal["fr", "en"]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class AcknowledgeIn(In):
    policy_version_id: Id = Field(description="The active version's id (GET /v1/policies/active)")
    lang: Lang = Field(description="The language you read the policy in")
    sha256: Sha256 | None = Field(
        default=None, description="The content hash you read: refused (409) if the active version differs"
    )


class AcknowledgementPublic(Out):
    id: int
    user_id: int
    policy_version_id: int
    policy_sha256: str
    version_label: str
    lang: str
    acknowledged_at: dt.datetime


class NoticePublic(Out):
    id: int
    policy_version_id: int
    kind: str
    emailed: bool
    created_at: dt.datetime


class AcknowledgementStatus(Out):
    active_policy_id: int
    active_version: int
    active_sha256: str
    done: bool
    acknowledgement: AcknowledgementPublic | None
    material_changes: list[str] = Field(description="What changed since your last acknowledgement")
    history: list[AcknowledgementPublic]
    notices: list[NoticePublic]


class TeamCoveragePublic(Out):
    team: str
    people: int
    acknowledged: int
    outstanding: int


class PersonCoveragePublic(Out):
    user_id: int
    email: str
    name: str
    role: str
    teams: list[str]
    status: Literal["acknowledged", "outstanding"]
    acknowledged_version: int | None
    acknowledged_sha256: str | None
    acknowledged_at: dt.datetime | None
    language: str | None
    quiz_score: str | None


class CoveragePublic(Out):
    active_policy_id: int
    active_version: int
    active_sha256: str
    people: int
    acknowledged: int
    outstanding: int
    teams: list[TeamCoveragePublic]
    records: list[PersonCoveragePublic]


class QuestionPublic(Out):
    id: str
    clause: str
    text: str
    choices: list[str]


class QuizPublic(Out):
    policy_version_id: int
    lang: str
    clause: str | None
    sections: list[str]
    questions: list[QuestionPublic]


class QuizAnswerIn(In):
    answers: dict[Annotated[str, StringConstraints(max_length=64)], DbInt] = Field(
        max_length=100, description="Question id → the position of the chosen answer (from 0)"
    )
    lang: Lang
    clause: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = Field(
        default=None, description="Answer only this clause's questions"
    )


class QuizResultPublic(Out):
    attempt_id: int
    policy_version_id: int
    clause: str | None
    score: int
    total: int
    correct: dict[str, bool]


class PersonalGuidancePublic(Out):
    lang: str
    organisation: str
    disclaimer: str
    profile_line: str
    when_required: str
    disclosure_tags: list[str]
    dos: list[str]
    donts: list[str]


class ResetRequestIn(In):
    email: Annotated[str, StringConstraints(min_length=3, max_length=320)]
    lang: Lang = "en"


class ResetRequested(Out):
    email_configured: bool = Field(description="False: nothing can be sent; ask an administrator for a link")
    detail: str


class ResetCompleteIn(In):
    token: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    new_password: Annotated[str, StringConstraints(min_length=1, max_length=1024)]


class ResetIssued(Out):
    user_id: int
    url: str
    token: str = Field(description="Shown this once; only its hash is kept")
    expires_at: dt.datetime
