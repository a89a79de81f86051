"""Listening sources: the list with each one's health (for the inbox's readers), and adding or changing one
(admins: ``sources:manage``); errors beside the field, the secret never shown back."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_, gettext
from charte.listening.types import SOURCE_KINDS
from charte.service import sources
from charte.service.errors import Conflict, Invalid
from charte.service.permissions import Permission
from charte.web.deps import Requires, StoreDep
from charte.web.flash import flash
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
register_nav(
    NavItem(
        "/sources",
        N_("Sources"),
        N_("Where we listen (Mastodon, Bluesky, RSS, webhook, import) and whether each one is healthy."),
        needs=(Permission.SOURCES_MANAGE, Permission.MENTIONS_READ),
        order=37,
    )
)
Reader = Annotated[Viewer, Requires(Permission.MENTIONS_READ)]
Manager = Annotated[Viewer, Requires(Permission.SOURCES_MANAGE)]
SourceId = Annotated[int, Path(ge=1, le=2_147_483_647)]
EMPTY = {"kind": "rss", "name": "", "settings": "{}", "enabled": "true"}


def _page(request: Request, store: StoreDep, viewer: Viewer, status: int = 200, **context: Any) -> Response:
    rows = sources.list_sources(store, viewer.principal, limit=200, offset=0).items
    values = {"sources": rows, "kinds": SOURCE_KINDS, "form": EMPTY, "editing": None, **context}
    return render(request, "sources/index.html", values, viewer=viewer, status=status)


@router.get("/sources", name="sources")
def sources_page(request: Request, store: StoreDep, viewer: Reader) -> Response:
    return _page(request, store, viewer)


def _settings(text: str, errors: dict[str, str]) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        errors["settings"] = gettext(
            "Write the settings as a JSON object, e.g. {example}.", example='{"url": "https://…"}'
        )
        return {}
    if not isinstance(value, dict):
        errors["settings"] = gettext(
            "Write the settings as a JSON object, e.g. {example}.", example='{"url": "https://…"}'
        )
        return {}
    return value


def _field_errors(exc: Invalid) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in exc.errors:
        name = "settings" if e.field.startswith("settings") else e.field
        out[name] = f"{e.field}: {e.message}" if name == "settings" else e.message
    return out


@router.post("/sources")
def add_source(
    request: Request,
    store: StoreDep,
    viewer: Manager,
    kind: Annotated[str, Form(max_length=16)] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    settings: Annotated[str, Form(max_length=20_000)] = "{}",
    secret: Annotated[str, Form(max_length=4000)] = "",
    enabled: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    form = {"kind": kind, "name": name, "settings": settings, "enabled": enabled}
    errors: dict[str, str] = {}
    if not name.strip() or len(name) > 100:
        errors["name"] = gettext("Give the source a name of 1 to 100 characters.")
    value = _settings(settings, errors)
    if not errors:
        try:
            row = sources.create_source(
                store,
                viewer.principal,
                kind=kind,
                name=name.strip(),
                settings=value,
                secret=secret or None,
                enabled=enabled == "true",
            )
        except Invalid as exc:
            errors = _field_errors(exc)
        except Conflict:
            errors = {"name": gettext("A source with this name already exists.")}
        else:
            response = RedirectResponse("/sources", status_code=303)
            flash(request, response, N_("The source {name} was added."), name=row.name)
            return response
    return _page(request, store, viewer, 422, form=form, errors=errors)


@router.get("/sources/{source_id}")
def edit_page(request: Request, store: StoreDep, viewer: Manager, source_id: SourceId) -> Response:
    row = sources.get_source(store, viewer.principal, source_id)
    form = {
        "kind": row.kind,
        "name": row.name,
        "settings": json.dumps(row.settings, ensure_ascii=False),
        "enabled": "true" if row.enabled else "",
    }
    return render(request, "sources/edit.html", {"source": row, "form": form}, viewer=viewer)


@router.post("/sources/{source_id}")
def edit_source(
    request: Request,
    store: StoreDep,
    viewer: Manager,
    source_id: SourceId,
    name: Annotated[str, Form(max_length=200)] = "",
    settings: Annotated[str, Form(max_length=20_000)] = "{}",
    secret: Annotated[str, Form(max_length=4000)] = "",
    enabled: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    row = sources.get_source(store, viewer.principal, source_id)
    form = {"kind": row.kind, "name": name, "settings": settings, "enabled": enabled}
    errors: dict[str, str] = {}
    if not name.strip() or len(name) > 100:
        errors["name"] = gettext("Give the source a name of 1 to 100 characters.")
    value = _settings(settings, errors)
    if not errors:
        try:
            sources.update_source(
                store,
                viewer.principal,
                source_id,
                name=name.strip(),
                settings=value,
                secret=secret or None,
                enabled=enabled == "true",
            )
        except Invalid as exc:
            errors = _field_errors(exc)
        except Conflict:
            errors = {"name": gettext("A source with this name already exists.")}
        else:
            response = RedirectResponse("/sources", status_code=303)
            flash(request, response, N_("The source {name} was saved."), name=name.strip())
            return response
    store.session.rollback()
    row = sources.get_source(store, viewer.principal, source_id)
    return render(
        request,
        "sources/edit.html",
        {"source": row, "form": form, "errors": errors},
        viewer=viewer,
        status=422,
    )


@router.post("/sources/{source_id}/remove")
def remove_source(request: Request, store: StoreDep, viewer: Manager, source_id: SourceId) -> Response:
    sources.delete_source(store, viewer.principal, source_id)
    response = RedirectResponse("/sources", status_code=303)
    flash(request, response, N_("The source was removed, with its mentions."))
    return response
