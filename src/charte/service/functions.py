"""A person's functions: what the policy lets them do in public, granted through their teams.

Charte has two kinds of rights, kept apart on purpose (docs/service.md, "Roles and functions"):

* the application **role** (admin, policy_owner, approver, spokesperson, employee, auditor) decides what a user
  may do *in Charte* — its permissions (``charte.service.permissions``);
* the policy's **functions** (``communications``, ``community_manager``, ``customer_service``… — the names under
  ``spokespeople.roles`` and ``complaint_responders``) decide who may speak for the brand, on which accounts and
  platforms, and who may answer complaints. The policy names them; a team maps to some of them; a person holds
  the functions of every team they belong to. A draft is checked with its author's functions.

A team may only be mapped to functions the active policy defines (anything else is refused with the list of
known names). A new policy version may drop a function that a team still maps to: activating it is not refused
(the policy owner may be renaming functions), the drift is recorded in the activation's audit entry and shown on
the team (``undefined``), and the stale name grants nothing — the check knows only the policy's functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from charte.i18n import _
from charte.policy.model import Policy
from charte.service.engines import EngineCache, active_policy
from charte.service.errors import Invalid
from charte.store.repositories import Store

MAX_FUNCTIONS = 32
MAX_NAME = 64


def defined(policy: Policy) -> frozenset[str]:
    """The functions ``policy`` names: its spokespeople roles and its complaint responders."""
    sp = policy.spokespeople
    return frozenset(sp.role_names() | set(sp.complaint_responders))


def checked(
    store: Store,
    org_id: int,
    names: Sequence[str],
    cache: EngineCache | None = None,
    field: str = "functions",
) -> list[str]:
    """``names`` cleaned (trimmed, each once, in order) if the active policy defines every one of them."""
    if len(names) > MAX_FUNCTIONS:
        raise Invalid.one(field, _("at most {n} functions per team", n=MAX_FUNCTIONS))
    cleaned = list(dict.fromkeys(n.strip() for n in names))
    if not cleaned:
        return []
    for name in cleaned:
        if not name or len(name) > MAX_NAME:
            raise Invalid.one(field, _("a function is a name of 1 to {n} characters", n=MAX_NAME))
    policy = active_policy(
        store,
        cache,
        org_id,
        _("functions are the names it defines: spokespeople.roles, complaint_responders"),
    )
    known = defined(policy)
    unknown = [n for n in cleaned if n not in known]
    if unknown:
        raise Invalid.one(
            field,
            _(
                "the active policy defines no function {unknown}; it defines: {known}",
                unknown=", ".join(map(repr, unknown)),
                known=", ".join(sorted(known)) or _("none (add spokespeople.roles)"),
            ),
        )
    return cleaned


def undefined(team_functions: Iterable[str], policy: Policy | None) -> list[str]:
    """The functions a team maps to that ``policy`` does not define (all of them when there is no policy)."""
    known = defined(policy) if policy is not None else frozenset()
    return sorted(f for f in team_functions if f not in known)


def drift(store: Store, org_id: int, policy: Policy) -> dict[str, list[str]]:
    """Team key → the functions it maps to that ``policy`` does not define (teams with none left out)."""
    out = {}
    for key, functions in store.teams.functions_by_key(org_id).items():
        stale = undefined(functions, policy)
        if stale:
            out[key] = stale
    return out


def of_user(store: Store, org_id: int, user_id: int) -> frozenset[str]:
    """The functions ``user_id`` holds through their teams in ``org_id`` (an empty set: none)."""
    return store.teams.functions_of(org_id, user_id)
