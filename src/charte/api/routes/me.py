"""The caller: who they are, their organisation, permissions and functions; changing one's own password."""

from __future__ import annotations

from fastapi import APIRouter

from charte.api.deps import PrincipalDep, SettingsDep, StoreDep
from charte.api.schemas import MePublic, MeUpdate, OrganisationPublic, PasswordChange, UserPublic
from charte.service import functions, users
from charte.service.principal import Principal
from charte.store.repositories import Store

router = APIRouter(prefix="/me", tags=["me"])


def _me(store: Store, actor: Principal) -> MePublic:
    user, org = users.whoami(store, actor)
    return MePublic(
        user=UserPublic.model_validate(user),
        organisation=OrganisationPublic.model_validate(org),
        permissions=sorted(str(p) for p in actor.permissions),
        authenticated_by=actor.via,
        functions=sorted(functions.of_user(store, actor.org_id, actor.user_id)),
    )


@router.get("", response_model=MePublic)
def me(store: StoreDep, actor: PrincipalDep) -> MePublic:
    return _me(store, actor)


@router.patch("", response_model=MePublic)
def update_me(body: MeUpdate, store: StoreDep, actor: PrincipalDep) -> MePublic:
    """Your own settings: ``language`` (fr or en), which the web pages open in at sign-in."""
    users.set_language(store, actor, body.language)
    return _me(store, actor)


@router.post("/password", status_code=204)
def change_password(
    body: PasswordChange, store: StoreDep, settings: SettingsDep, actor: PrincipalDep
) -> None:
    """From a fresh browser session only (POST /v1/auth/reauth). Other browser sessions are logged out and every
    API token of yours is revoked."""
    users.change_password(store, settings, actor, body.current_password, body.new_password)
