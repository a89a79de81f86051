"""Offboarding a person's reach over brand accounts, done when they are deactivated.

Their sessions and API tokens end in :func:`charte.service.users.update`; here they leave every account's
owners and posters, and every account they could reach (as owner, poster, or any account for an admin) gets
a task to rotate its credentials, for the account's owners. Nothing is deleted: the tasks end when an owner
records the rotation.
"""

from __future__ import annotations

import datetime as dt

from charte.audit.chain import AuditAction
from charte.service import audit
from charte.service.account_register import people_with_access
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.store.models import RotationTask, User
from charte.store.repositories import Store


def offboard(store: Store, actor: Principal, user: User, now: dt.datetime) -> list[int]:
    """The ids of the accounts the person could reach, now each with an open rotation task."""
    reached: list[int] = []
    for account in store.safety.organisation_accounts(user.org_id):
        if user.id not in people_with_access(account) and user.role != Role.ADMIN:
            continue
        reached.append(account.id)
        store.accounts.set_people(
            account,
            [o.user_id for o in account.owners if o.user_id != user.id],
            [p.user_id for p in account.posters if p.user_id != user.id],
        )
        store.session.add(
            RotationTask(
                org_id=user.org_id,
                account_id=account.id,
                reason="offboarding",
                subject_user_id=user.id,
                created_at=now,
            )
        )
    store.session.flush()
    audit.record(
        store.session,
        actor,
        AuditAction.PERMISSION_CHANGE,
        "user",
        user.id,
        {"change": "offboarded", "accounts": reached, "rotation_tasks": len(reached)},
    )
    return reached
