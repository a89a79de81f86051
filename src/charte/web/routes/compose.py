"""Compose a post, see the check as you type, save it, submit it; list and reopen one's drafts.

Every decision is the service's: :func:`charte.service.compose.live_check` (the draft's own check, shaped for
highlighting), :mod:`charte.service.drafts` (create, update, submit: permissions, accounts, maker-checker,
verdicts). The pages only read the form and put the service's refusals beside the field they name.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from charte.errors import Conflict, Invalid, NotFound, PermissionDenied
from charte.i18n import N_, gettext
from charte.service import compose, drafts
from charte.service.drafts import DraftView
from charte.service.engines import EngineCache, active_policy
from charte.service.permissions import Permission
from charte.store.models import Draft
from charte.store.repositories import Store
from charte.web.compose_form import PLATFORMS, ComposeForm
from charte.web.deps import Requires, StoreDep, ViewerDep, host_state
from charte.web.flash import flash
from charte.web.language import request_lang
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import render
from charte.web.words import words

router = APIRouter()
PAGE_SIZE = 25
STATUSES = (
    "draft",
    "in_review",
    "approved",
    "rejected",
    "scheduled",
    "publishing",
    "published",
    "failed",
    "held",
    "paused",
)
Writer = Annotated[Viewer, Requires(Permission.DRAFTS_WRITE)]

register_nav(
    NavItem(
        "/compose",
        N_("Write a post"),
        N_("Write a post for a brand account or your own, checked against the policy as you type."),
        (Permission.DRAFTS_WRITE,),
        order=10,
    )
)
register_nav(
    NavItem(
        "/drafts",
        N_("My drafts"),
        N_("Your posts being written, waiting for approval or published, and where each one stands."),
        (Permission.DRAFTS_WRITE,),
        order=20,
    )
)


def engines(request: Request) -> EngineCache:
    cache: EngineCache = host_state(request).engines
    return cache


def _compose_page(
    request: Request,
    store: StoreDep,
    viewer: Viewer,
    form: ComposeForm,
    *,
    draft: Draft | None = None,
    view: DraftView | None = None,
    status: int = 200,
) -> Response:
    lang = request_lang(request)
    actor = viewer.principal
    cache = engines(request)
    accounts = compose.postable_accounts(store, actor) if actor.can(Permission.DRAFTS_WRITE) else []
    check = need = None
    if draft is not None:
        policy = active_policy(store, cache, actor.org_id)
        check = compose.present(draft.checked(), policy, lang)
        if draft.status in ("draft", "rejected", "failed"):
            need = compose.approval_needed(
                store, cache, actor.org_id, draft.checked(), draft.account_kind, lang
            )
    editable = draft is None or (draft.author_id == actor.user_id and draft.status in drafts.EDITABLE)
    return render(
        request,
        "compose/compose.html",
        {
            "form": form,
            "errors": form.errors,
            "accounts": accounts,
            "platforms": PLATFORMS,
            "draft": draft,
            "view": view,
            "check": check,
            "need": need,
            "editable": editable,
            "max_text": drafts.MAX_TEXT,
            "words": words(),
        },
        viewer=viewer,
        status=status,
    )


@router.get("/compose", name="compose")
def compose_page(request: Request, store: StoreDep, viewer: Writer) -> Response:
    form = ComposeForm()
    accounts = compose.postable_accounts(store, viewer.principal)
    form.account = str(accounts[0].id) if accounts else "personal"
    form.platform = "linkedin"
    return _compose_page(request, store, viewer, form)


@router.post("/compose/check", name="compose_check")
async def compose_check(request: Request, store: StoreDep, viewer: Writer) -> Response:
    """The check of the text as it is now, as an HTML fragment for the page's live region."""
    form = ComposeForm.read(await request.form())
    return await run_in_threadpool(_check_fragment, request, store, viewer, form)  # the check: off the loop


def _check_fragment(request: Request, store: Store, viewer: Viewer, form: ComposeForm) -> Response:
    lang = request_lang(request)
    context: dict[str, Any] = {"form": form, "check": None, "need": None, "words": words()}
    if form.text.strip():
        data = form.to_input(compose.postable_accounts(store, viewer.principal), for_live_check=True)
        if data is not None:
            try:
                live = compose.live_check(store, viewer.principal, engines(request), data, ui_lang=lang)
            except (Invalid, NotFound, PermissionDenied) as exc:
                if not form.refused(exc):
                    raise
            else:
                decision_need = compose.approval_needed(
                    store, engines(request), viewer.principal.org_id, live.decision, data.account_kind, lang
                )
                context.update(check=live, need=decision_need)
    context["check_errors"] = form.errors
    return render(request, "compose/_check.html", context, viewer=viewer)


@router.post("/compose", name="compose_save")
async def compose_save(request: Request, store: StoreDep, viewer: Writer) -> Response:
    sent = await request.form()  # read here (async); the work runs in a worker thread like every page's
    form, action = ComposeForm.read(sent), str(sent.get("action", "save"))
    return await run_in_threadpool(_create, request, store, viewer, form, action)


def _create(request: Request, store: Store, viewer: Viewer, form: ComposeForm, action: str) -> Response:
    actor = viewer.principal
    data = form.to_input(compose.postable_accounts(store, actor))
    if data is None:
        return _compose_page(request, store, viewer, form, status=400)
    try:
        draft = drafts.create(store, actor, engines(request), data)
    except (Invalid, NotFound, PermissionDenied) as exc:
        if not form.refused(exc):
            raise
        return _compose_page(request, store, viewer, form, status=400)
    return _after_save(request, store, viewer, draft, action, form)


def _after_save(
    request: Request, store: StoreDep, viewer: Viewer, draft: Draft, action: str, form: ComposeForm
) -> Response:
    response = RedirectResponse(f"/drafts/{draft.id}", status_code=303)
    if action != "submit":
        flash(request, response, N_("Draft saved."))
        return response
    try:
        drafts.submit(
            store,
            viewer.principal,
            engines(request),
            draft.id,
            override_reason=form.override_reason or None,
        )
    except Conflict as exc:
        flash(request, response, N_("Saved, but not submitted: {reason}"), kind="error", reason=str(exc))
        return response
    except (Invalid, PermissionDenied) as exc:
        flash(request, response, N_("Saved, but not submitted: {reason}"), kind="error", reason=_reason(exc))
        return response
    if draft.status == "approved":
        flash(request, response, N_("Submitted: the policy allows it, it is approved and may be published."))
    else:
        flash(request, response, N_("Submitted for approval."))
    return response


def _reason(exc: Invalid | PermissionDenied) -> str:
    if isinstance(exc, Invalid):
        return "; ".join(e.message for e in exc.errors)
    return gettext("you may not {what}", what=exc.permission)


@router.get("/drafts", name="drafts")
def drafts_page(
    request: Request,
    store: StoreDep,
    viewer: Writer,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    status: Annotated[str, Query(max_length=16)] = "",
) -> Response:
    wanted = status if status in STATUSES else None
    result = drafts.list_drafts(
        store, viewer.principal, status=wanted, mine=True, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    accounts = {a.id: a for a in compose.postable_accounts(store, viewer.principal)}
    return render(
        request,
        "compose/drafts.html",
        {
            "page": result,
            "number": page,
            "pages": max(1, -(-result.total // PAGE_SIZE)),
            "status": wanted or "",
            "statuses": STATUSES,
            "accounts": accounts,
            "words": words(),
            "pager_query": urlencode({"status": wanted}) if wanted else "",
        },
        viewer=viewer,
    )


@router.get("/drafts/{draft_id}", name="draft")
def draft_page(
    request: Request, store: StoreDep, viewer: ViewerDep, draft_id: Annotated[int, Path(ge=1, le=2**31)]
) -> Response:
    view = drafts.get(store, viewer.principal, engines(request), draft_id)
    return _compose_page(
        request, store, viewer, ComposeForm.of_draft(view.draft), draft=view.draft, view=view
    )


@router.post("/drafts/{draft_id}", name="draft_save")
async def draft_save(
    request: Request, store: StoreDep, viewer: Writer, draft_id: Annotated[int, Path(ge=1, le=2**31)]
) -> Response:
    sent = await request.form()  # read here (async); the work runs in a worker thread like every page's
    form, action = ComposeForm.read(sent), str(sent.get("action", "save"))
    return await run_in_threadpool(_edit, request, store, viewer, draft_id, form, action)


def _edit(
    request: Request, store: Store, viewer: Viewer, draft_id: int, form: ComposeForm, action: str
) -> Response:
    actor, cache = viewer.principal, engines(request)
    view = drafts.get(store, actor, cache, draft_id)
    draft = view.draft
    data = form.to_input(compose.postable_accounts(store, actor))
    if data is None:
        return _compose_page(request, store, viewer, form, draft=draft, view=view, status=400)
    unchanged = ComposeForm.of_draft(draft).to_input(compose.postable_accounts(store, actor)) == data
    if not (unchanged and action == "submit"):
        try:
            drafts.update(
                store,
                actor,
                cache,
                draft_id,
                data,
                expected_version=int(form.version) if form.version.isdigit() else None,
            )
        except (Invalid, NotFound, PermissionDenied) as exc:
            if not form.refused(exc):
                raise
            return _compose_page(request, store, viewer, form, draft=draft, view=view, status=400)
    return _after_save(request, store, viewer, draft, action, form)
