"""The caller: who they are, their organisation, permissions and functions; changing one's own password."""

from __future__ import annotations

from fastapi import APIRouter

from charte.api.deps import PrincipalDep, SettingsDep, StoreDep
from charte.api.schemas import MePublic, OrganisationPublic, PasswordChange, UserPublic
from charte.service import functions, users

router = APIRouter(prefix="/me", tags=["me"])


@router.get("", response_model=MePublic)
def me(store: StoreDep, actor: PrincipalDep) -> MePublic:
    user, org = users.whoami(store, actor)
    return MePublic(
        user=UserPublic.model_validate(user),
        organisation=OrganisationPublic.model_validate(org),
        permissions=sorted(str(p) for p in actor.permissions),
        authenticated_by=actor.via,
        functions=sorted(functions.of_user(store, actor.org_id, actor.user_id)),
    )


@router.post("/password", status_code=204)
def change_password(
    body: PasswordChange, store: StoreDep, settings: SettingsDep, actor: PrincipalDep
) -> None:
    """From a fresh browser session only (POST /v1/auth/reauth). Other browser sessions are logged out and every
    API token of yours is revoked."""
    users.change_password(store, settings, actor, body.current_password, body.new_password)
