"""Teams of the conflict plan (crisis response, message approval…), their members and the policy functions
they grant (``charte.service.functions``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from charte.audit.chain import AuditAction
from charte.i18n import _
from charte.service import audit, functions
from charte.service.engines import EngineCache
from charte.service.errors import Conflict, Invalid, not_found
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import Team
from charte.store.repositories import Page, Store

KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


def check_members(store: Store, actor: Principal, field: str, ids: Sequence[int] | None) -> None:
    """Every id must be a user of the caller's organisation (other tenants' ids look unknown)."""
    if not ids:
        return
    unknown = sorted(set(ids) - store.users.ids_in_org(actor.org_id, ids))
    if unknown:
        raise Invalid.one(
            field, _("no such user in your organisation: {ids}", ids=", ".join(map(str, unknown)))
        )


def create(
    store: Store,
    actor: Principal,
    *,
    key: str,
    name: str,
    member_ids: Sequence[int],
    function_names: Sequence[str] = (),
    cache: EngineCache | None = None,
) -> Team:
    """A new team; its ``function_names`` must be functions the active policy defines."""
    actor.require(Permission.TEAMS_WRITE)
    if not KEY.match(key):
        raise Invalid.one("key", _("use lower-case letters, digits, “-” and “_” (the team id in the policy)"))
    if store.teams.by_key(actor.org_id, key) is not None:
        raise Conflict(_("a team with key “{key}” already exists", key=key))
    check_members(store, actor, "member_ids", member_ids)
    granted = functions.checked(store, actor.org_id, function_names, cache)
    team = Team(org_id=actor.org_id, key=key, name=name.strip() or key, functions=granted)
    store.teams.add(team)
    store.teams.set_members(team, member_ids)
    audit.record(
        store.session,
        actor,
        AuditAction.PERMISSION_CHANGE,
        "team",
        team.id,
        {"change": "team_created", "members": sorted(member_ids), "functions": granted},
    )
    return team


def get(store: Store, actor: Principal, team_id: int) -> Team:
    actor.require(Permission.TEAMS_READ)
    team = store.teams.get(actor.org_id, team_id)
    if team is None:
        raise not_found("team", team_id)
    return team


def list_teams(
    store: Store, actor: Principal, *, key: str | None, member_id: int | None, limit: int, offset: int
) -> Page[Team]:
    actor.require(Permission.TEAMS_READ)
    return store.teams.list(actor.org_id, key=key, member_id=member_id, limit=limit, offset=offset)


def update(
    store: Store,
    actor: Principal,
    team_id: int,
    *,
    name: str | None,
    member_ids: Sequence[int] | None,
    function_names: Sequence[str] | None = None,
    cache: EngineCache | None = None,
) -> Team:
    team = get(store, actor, team_id)
    actor.require(Permission.TEAMS_WRITE)
    if name is not None:
        team.name = name.strip() or team.key
    if function_names is not None:
        granted = functions.checked(store, actor.org_id, function_names, cache)
        if granted != list(team.functions or []):
            audit.record(
                store.session,
                actor,
                AuditAction.PERMISSION_CHANGE,
                "team",
                team.id,
                {
                    "change": "team_functions",
                    "functions_from": list(team.functions or []),
                    "functions_to": granted,
                },
            )
            team.functions = granted
    if member_ids is not None:
        check_members(store, actor, "member_ids", member_ids)
        store.teams.set_members(team, member_ids)
        audit.record(
            store.session,
            actor,
            AuditAction.PERMISSION_CHANGE,
            "team",
            team.id,
            {"change": "team_members", "members": sorted(member_ids)},
        )
    store.session.flush()
    return team


def delete(store: Store, actor: Principal, team_id: int) -> None:
    team = get(store, actor, team_id)
    actor.require(Permission.TEAMS_WRITE)
    store.teams.delete(team)
    audit.record(
        store.session, actor, AuditAction.PERMISSION_CHANGE, "team", team_id, {"change": "team_deleted"}
    )


def ensure_from_policy(store: Store, org_id: int, teams: Sequence[tuple[str, str]]) -> None:
    """Create the policy's conflict-plan teams that do not exist yet (members are managed here, not in YAML)."""
    for key, name in teams:
        if len(key) <= 64 and store.teams.by_key(org_id, key) is None:
            store.teams.add(Team(org_id=org_id, key=key, name=name))
