"""Saved replies: the list, writing one, a reply's page with its versions (approve, reject, a new version,
archive). Who may do what is decided by :mod:`charte.service.replies` (the policy's ``replies.editors``, the
approval levels); a refusal is the 403 page, a bad field is shown beside it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_
from charte.listening.replies import VARIABLES
from charte.service import replies
from charte.service.engines import EngineCache
from charte.service.errors import Conflict, Invalid
from charte.service.permissions import Permission
from charte.web.deps import Requires, StoreDep, ViewerDep, host_state
from charte.web.flash import flash
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()


def _engines(request: Request) -> EngineCache:
    cache: EngineCache = host_state(request).engines
    return cache


register_nav(
    NavItem(
        "/replies",
        N_("Saved replies"),
        N_("The conflict plan's pre-approved answers, in French and English, suggested in the inbox."),
        needs=(Permission.MENTIONS_READ,),
        order=38,
    )
)
Approver = Annotated[Viewer, Requires(Permission.APPROVALS)]
ReplyId = Annotated[int, Path(ge=1, le=2_147_483_647)]
Version = Annotated[int, Path(ge=1, le=2_147_483_647)]
EMPTY = {"title": "", "body": "", "lang": "fr", "intent": "", "topic": "", "holding_statement": ""}


def _common(store: StoreDep, viewer: Viewer, request: Request) -> dict[str, Any]:
    return {
        "intents": replies.INTENTS,
        "langs": replies.LANGS,
        "variables": VARIABLES,
        "variable_list": ", ".join("{" + name + "}" for name in VARIABLES),
        "may_edit": replies.may_edit(store, _engines(request), viewer.principal),
    }


@router.get("/replies", name="replies")
def list_page(request: Request, store: StoreDep, viewer: ViewerDep, archived: str = "") -> Response:
    page, latest = replies.list_replies(
        store, viewer.principal, archived=archived == "true", limit=200, offset=0
    )
    values = {
        "items": page.items,
        "latest": latest,
        "archived": archived == "true",
        "form": EMPTY,
        "errors": {},
        **_common(store, viewer, request),
    }
    return render(request, "replies/index.html", values, viewer=viewer)


def _input(title: str, body: str, lang: str, intent: str, topic: str, holding: str) -> replies.ReplyInput:
    return replies.ReplyInput(
        title=title,
        body=body.replace("\r\n", "\n"),
        lang=lang,
        intent=intent or None,
        topic=topic or None,
        holding_statement=holding == "true",
    )


def _errors(exc: Invalid) -> dict[str, str]:
    return {e.field: e.message for e in exc.errors}


Title = Annotated[str, Form(max_length=400)]
Body = Annotated[str, Form(max_length=8000)]
Short = Annotated[str, Form(max_length=64)]


@router.post("/replies")
def create(
    request: Request,
    store: StoreDep,
    viewer: ViewerDep,
    title: Title = "",
    body: Body = "",
    lang: Short = "fr",
    intent: Short = "",
    topic: Annotated[str, Form(max_length=200)] = "",
    holding_statement: Short = "",
) -> Response:
    form = {"title": title, "body": body, "lang": lang, "intent": intent, "topic": topic}
    form["holding_statement"] = holding_statement
    try:
        view = replies.create(
            store,
            viewer.principal,
            _engines(request),
            _input(title, body, lang, intent, topic, holding_statement),
        )
    except (Invalid, Conflict) as exc:
        errors = _errors(exc) if isinstance(exc, Invalid) else {"body": str(exc)}
        page, latest = replies.list_replies(store, viewer.principal, archived=False, limit=200, offset=0)
        values = {
            "items": page.items,
            "latest": latest,
            "archived": False,
            "form": form,
            "errors": errors,
            **_common(store, viewer, request),
        }
        return render(request, "replies/index.html", values, viewer=viewer, status=422)
    response = RedirectResponse(f"/replies/{view.reply.id}", status_code=303)
    flash(request, response, N_("Saved reply written: it is used once approved."))
    return response


def _reply_page(
    request: Request,
    store: StoreDep,
    viewer: Viewer,
    reply_id: int,
    status: int = 200,
    **extra: Any,
) -> Response:
    view = replies.get(store, viewer.principal, reply_id)
    latest = view.latest
    form = {
        "title": latest.title,
        "body": latest.body,
        "lang": latest.lang,
        "intent": latest.intent or "",
        "topic": latest.topic or "",
        "holding_statement": "true" if latest.holding_statement else "",
    }
    values = {
        "view": view,
        "versions": replies.versions(store, viewer.principal, reply_id),
        "form": form,
        "errors": {},
        "may_approve": viewer.principal.can(Permission.APPROVALS),
        "reason": "",
        **_common(store, viewer, request),
        **extra,
    }
    return render(request, "replies/reply.html", values, viewer=viewer, status=status)


@router.get("/replies/{reply_id}")
def reply_page(request: Request, store: StoreDep, viewer: ViewerDep, reply_id: ReplyId) -> Response:
    return _reply_page(request, store, viewer, reply_id)


@router.post("/replies/{reply_id}")
def new_version(
    request: Request,
    store: StoreDep,
    viewer: ViewerDep,
    reply_id: ReplyId,
    title: Title = "",
    body: Body = "",
    lang: Short = "fr",
    intent: Short = "",
    topic: Annotated[str, Form(max_length=200)] = "",
    holding_statement: Short = "",
    version: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    form = {"title": title, "body": body, "lang": lang, "intent": intent, "topic": topic}
    form["holding_statement"] = holding_statement
    try:
        replies.update(
            store,
            viewer.principal,
            _engines(request),
            reply_id,
            _input(title, body, lang, intent, topic, holding_statement),
            expected_version=int(version) if version.isdigit() else None,
        )
    except Invalid as exc:
        return _reply_page(request, store, viewer, reply_id, 422, form=form, errors=_errors(exc))
    except Conflict as exc:
        return _reply_page(request, store, viewer, reply_id, 409, form=form, errors={"body": str(exc)})
    response = RedirectResponse(f"/replies/{reply_id}", status_code=303)
    flash(request, response, N_("New version saved: it waits for approval."))
    return response


@router.post("/replies/{reply_id}/versions/{version}/approve")
def approve(
    request: Request, store: StoreDep, viewer: Approver, reply_id: ReplyId, version: Version
) -> Response:
    try:
        replies.approve(store, viewer.principal, _engines(request), reply_id, version)
    except Conflict as exc:
        return _reply_page(request, store, viewer, reply_id, 409, errors={"decision": str(exc)})
    response = RedirectResponse(f"/replies/{reply_id}", status_code=303)
    flash(request, response, N_("Version approved."))
    return response


@router.post("/replies/{reply_id}/versions/{version}/reject")
def reject(
    request: Request,
    store: StoreDep,
    viewer: Approver,
    reply_id: ReplyId,
    version: Version,
    reason: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        replies.reject(store, viewer.principal, _engines(request), reply_id, version, reason=reason)
    except Invalid as exc:
        return _reply_page(request, store, viewer, reply_id, 422, errors=_errors(exc), reason=reason)
    except Conflict as exc:
        return _reply_page(request, store, viewer, reply_id, 409, errors={"decision": str(exc)})
    response = RedirectResponse(f"/replies/{reply_id}", status_code=303)
    flash(request, response, N_("Version rejected."))
    return response


@router.post("/replies/{reply_id}/archive")
def archive(request: Request, store: StoreDep, viewer: ViewerDep, reply_id: ReplyId) -> Response:
    replies.archive(store, viewer.principal, _engines(request), reply_id)
    response = RedirectResponse("/replies", status_code=303)
    flash(request, response, N_("Saved reply archived."))
    return response
