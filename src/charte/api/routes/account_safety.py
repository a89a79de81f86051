"""``/v1/account-safety``: the organisation's posture, every account's standing, the open rotation tasks."""

from __future__ import annotations

from fastapi import APIRouter

from charte.api.deps import PrincipalDep, StoreDep
from charte.api.schemas.account_safety import (
    AccountSafetyPublic,
    AccountSecurityPublic,
    PosturePublic,
    RotationTaskPublic,
)
from charte.service import account_register
from charte.service.account_register import Standing

router = APIRouter(prefix="/account-safety", tags=["accounts"])


def standing_public(s: Standing) -> AccountSecurityPublic:
    a = s.account
    return AccountSecurityPublic(
        account_id=a.id,
        two_factor=s.two_factor,
        two_factor_required=s.two_factor_required,
        two_factor_attested_at=a.two_factor_attested_at,
        two_factor_attested_by=a.two_factor_attested_by,
        attestation_expires_at=s.attestation_expires_at,
        last_rotation_at=a.last_rotation_at,
        rotation=s.rotation,
        rotation_due_at=s.rotation_due_at,
        review=s.review,
        people_with_access=s.people,
        recovery_contacts=list(a.recovery_contacts or []),
        open_incident_id=s.open_incident_id,
        open_rotation_tasks=s.open_tasks,
        hold_reason=s.hold_reason,
    )


@router.get("", response_model=AccountSafetyPublic)
def overview(store: StoreDep, actor: PrincipalDep) -> AccountSafetyPublic:
    """Every account's standing and the posture score (accounts:read), the rotation tasks the caller owns."""
    rows = account_register.standings(store, actor)
    p = account_register.posture_of(rows)
    return AccountSafetyPublic(
        posture=PosturePublic(
            accounts=p.accounts,
            two_factor=p.two_factor,
            rotation=p.rotation,
            reviews=p.reviews,
            score=p.score,
        ),
        accounts=[standing_public(s) for s in rows],
        rotation_tasks=[
            RotationTaskPublic.model_validate(t) for t in account_register.rotation_tasks(store, actor)
        ],
    )
