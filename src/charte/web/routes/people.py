"""People and teams, for admins: who has which role (add a person, change a role, deactivate), and the teams
with their members and the policy functions they grant. Every change is :mod:`charte.service.users` /
:mod:`charte.service.teams`' (the last admin is kept, functions must exist in the active policy, audit)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_, gettext
from charte.service import functions, teams, users
from charte.service.engines import active_policy_or_none
from charte.service.errors import Conflict, Invalid
from charte.service.permissions import Permission, Role
from charte.web.deps import Requires, StoreDep
from charte.web.flash import flash
from charte.web.permissions import NavItem, register_nav, role_in_words
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
register_nav(
    NavItem(
        "/people",
        N_("People and teams"),
        N_("Who may do what: roles, and the teams that give policy functions."),
        needs=(Permission.USERS_READ, Permission.TEAMS_READ),
        order=70,
    )
)
Reader = Annotated[Viewer, Requires(Permission.USERS_READ)]
Writer = Annotated[Viewer, Requires(Permission.USERS_WRITE)]
TeamWriter = Annotated[Viewer, Requires(Permission.TEAMS_WRITE)]
UserId = Annotated[int, Path(ge=1, le=2_147_483_647)]


def _page(request: Request, store: StoreDep, viewer: Viewer, status: int = 200, **context: Any) -> Response:
    people = (
        users.list_users(store, viewer.principal, role=None, active=None, q=None, limit=500, offset=0).items
        if viewer.can(Permission.USERS_READ)
        else []
    )
    team_rows = (
        teams.list_teams(store, viewer.principal, key=None, member_id=None, limit=200, offset=0).items
        if viewer.can(Permission.TEAMS_READ)
        else []
    )
    values = {
        "people": people,
        "names": {u.id: u.display_name for u in people},
        "teams": team_rows,
        "roles": [(str(r), role_in_words(r)) for r in Role],
        "form": {"email": "", "display_name": "", "role": "employee", "key": "", "name": "", "functions": ""},
        "functions_known": _policy_functions(store, viewer),
        "org": store.organisations.get(viewer.principal.org_id) if viewer.can(Permission.ORG_WRITE) else None,
        **context,
    }
    return render(request, "people/index.html", values, viewer=viewer, status=status)


def _policy_functions(store: StoreDep, viewer: Viewer) -> list[str]:
    """The functions the active policy defines (what a team may grant), for the form's hint."""
    policy = active_policy_or_none(store, None, viewer.principal.org_id)
    return sorted(functions.defined(policy)) if policy is not None else []


@router.get("/people", name="people")
def people_page(
    request: Request, store: StoreDep, viewer: Annotated[Viewer, Requires(Permission.ORG_READ)]
) -> Response:
    if not (viewer.can(Permission.USERS_READ) or viewer.can(Permission.TEAMS_READ)):
        viewer.principal.require(Permission.USERS_READ)  # the 403 page names it
    return _page(request, store, viewer)


@router.post("/people")
def add_person(
    request: Request,
    store: StoreDep,
    viewer: Writer,
    email: Annotated[str, Form(max_length=320)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    role: Annotated[str, Form(max_length=32)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    form = {
        "email": email,
        "display_name": display_name,
        "role": role,
        "key": "",
        "name": "",
        "functions": "",
    }
    if role not in {str(r) for r in Role}:
        return _page(
            request, store, viewer, 422, form=form, errors={"role": gettext("Choose a role from the list.")}
        )
    try:
        user = users.create(
            store, viewer.principal, email=email, display_name=display_name, role=role, password=password
        )
    except Invalid as exc:
        return _page(request, store, viewer, 422, form=form, errors={e.field: e.message for e in exc.errors})
    except Conflict as exc:
        return _page(request, store, viewer, 409, form=form, errors={"email": str(exc)})
    response = RedirectResponse("/people", status_code=303)
    flash(request, response, N_("{name} can now sign in."), name=user.display_name)
    return response


@router.post("/people/{user_id}")
def change_person(
    request: Request,
    store: StoreDep,
    viewer: Writer,
    user_id: UserId,
    role: Annotated[str, Form(max_length=32)] = "",
    active: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    if role not in {str(r) for r in Role}:
        raise Invalid.one("role", gettext("Choose a role from the list."))
    user = users.update(store, viewer.principal, user_id, role=Role(role), is_active=active == "true")
    response = RedirectResponse("/people", status_code=303)
    flash(request, response, N_("{name}: role and access saved."), name=user.display_name)
    return response


@router.post("/teams")
def add_team(
    request: Request,
    store: StoreDep,
    viewer: TeamWriter,
    key: Annotated[str, Form(max_length=64)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    functions: Annotated[str, Form(max_length=2000)] = "",
    members: Annotated[list[int] | None, Form(max_length=500)] = None,
) -> Response:
    form = {
        "email": "",
        "display_name": "",
        "role": "employee",
        "key": key,
        "name": name,
        "functions": functions,
    }
    names = [f.strip() for f in functions.split(",") if f.strip()]
    try:
        team = teams.create(
            store, viewer.principal, key=key, name=name, member_ids=members or [], function_names=names
        )
    except Invalid as exc:
        fields = {"function_names": "functions", "member_ids": "members"}
        errors = {fields.get(e.field, e.field): e.message for e in exc.errors}
        return _page(request, store, viewer, 422, form=form, errors=errors)
    except Conflict as exc:
        return _page(request, store, viewer, 409, form=form, errors={"key": str(exc)})
    response = RedirectResponse("/people#teams-title", status_code=303)
    flash(request, response, N_("The team “{name}” is created."), name=team.name)
    return response
