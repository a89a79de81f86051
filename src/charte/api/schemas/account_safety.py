"""The account register enforced: an account's standing, attestations, rotations, access reviews, incidents."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from charte.api.schemas.base import In, Out


class AccountSecurityPublic(Out):
    """Where one account stands against the policy's security clauses (docs/account-safety.md)."""

    account_id: int
    two_factor: Literal["valid", "expired", "missing"]
    two_factor_required: bool
    two_factor_attested_at: dt.datetime | None
    two_factor_attested_by: int | None
    attestation_expires_at: dt.datetime | None
    last_rotation_at: dt.datetime | None
    rotation: Literal["on_time", "due_soon", "overdue", "unknown"]
    rotation_due_at: dt.datetime | None
    review: Literal["done", "due", "open", "escalated"]
    people_with_access: int
    recovery_contacts: list[str]
    open_incident_id: int | None
    open_rotation_tasks: int
    hold_reason: str | None = Field(description="Why publishing to the account is held now, if it is")


class AttestationIn(In):
    attested_at: AwareDatetime | None = Field(
        default=None, strict=False, description="When 2FA was checked (now by default); never in the future"
    )


class RotationIn(In):
    rotated_at: AwareDatetime | None = Field(
        default=None, strict=False, description="When the credentials were changed (now by default)"
    )


class RecoveryContactsIn(In):
    recovery_contacts: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(max_length=10)


class RotationTaskPublic(Out):
    id: int
    account_id: int
    reason: str
    subject_user_id: int | None
    created_at: dt.datetime


class PosturePublic(Out):
    accounts: int
    two_factor: float
    rotation: float
    reviews: float
    score: int


class AccountSafetyPublic(Out):
    posture: PosturePublic
    accounts: list[AccountSecurityPublic]
    rotation_tasks: list[RotationTaskPublic]


class ReviewItemPublic(Out):
    id: int
    user_id: int | None
    access: str
    decision: str | None
    decided_by: int | None
    decided_at: dt.datetime | None


class AccessReviewPublic(Out):
    id: int
    account_id: int
    opened_at: dt.datetime
    escalate_at: dt.datetime
    escalated_at: dt.datetime | None
    closed_at: dt.datetime | None
    items: list[ReviewItemPublic]


class AccessReviewCreate(In):
    account_id: int = Field(ge=1, le=2**31 - 1)


class ReviewAnswerIn(In):
    decision: Literal["confirm", "remove"]


class IncidentStepPublic(Out):
    key: str
    label: str
    done_at: dt.datetime | None
    done_by: int | None


class IncidentPublic(Out):
    id: int
    account_id: int
    summary: str
    opened_by: int | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    closed_by: int | None
    override_reason: str | None
    steps: list[IncidentStepPublic]


class IncidentCreate(In):
    account_id: int = Field(ge=1, le=2**31 - 1)
    summary: str = Field(min_length=1, max_length=500)


class IncidentCloseIn(In):
    override_reason: str | None = Field(
        default=None, max_length=500, description="An admin closing with steps not ticked says why"
    )
