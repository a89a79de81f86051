"""The approval queue: each draft with its check and what changed since the version before, and the forms to
approve or reject it.

The rules are the service's (:mod:`charte.service.approvals`): who may sign which level, maker-checker, a
rejection's reason, a policy that changed since the author's check. A refusal is shown on the page in words.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request
from starlette.responses import RedirectResponse, Response

from charte.errors import Conflict, Invalid, PermissionDenied, PolicyChanged
from charte.i18n import N_, gettext
from charte.service import approvals, compose, drafts
from charte.service.diffs import word_diff
from charte.service.engines import active_policy
from charte.service.permissions import Permission
from charte.store.models import Draft
from charte.web.deps import Requires, StoreDep
from charte.web.errors import record_refusal
from charte.web.flash import flash
from charte.web.language import request_lang
from charte.web.permissions import NavItem, register_nav
from charte.web.routes.compose import engines
from charte.web.session import Viewer
from charte.web.templating import render
from charte.web.words import words

router = APIRouter()
PAGE_SIZE = 20
MAX_REASON = 2000
Approver = Annotated[Viewer, Requires(Permission.APPROVALS)]
DraftId = Annotated[int, Path(ge=1, le=2**31)]

register_nav(
    NavItem(
        "/approvals",
        N_("Approvals"),
        N_("Posts waiting for your approval: what the check found, what changed, approve or reject."),
        (Permission.APPROVALS,),
        order=30,
    )
)


def _summary(draft: Draft, policy_id: int | None) -> dict[str, object]:
    return {
        "draft": draft,
        "diff": word_diff(draft.previous_text, draft.text) if draft.previous_text is not None else None,
        "older_policy": policy_id is not None and draft.policy_version_id != policy_id,
    }


@router.get("/approvals", name="approvals")
def queue_page(
    request: Request,
    store: StoreDep,
    viewer: Approver,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    actor, cache = viewer.principal, engines(request)
    result = approvals.queue(store, actor, cache, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    ref = store.policies.active_ref(actor.org_id)
    policy = active_policy(store, cache, actor.org_id) if ref is not None else None
    lang = request_lang(request)
    items = []
    for draft in result.items:
        item = _summary(draft, ref[0] if ref else None)
        item["check"] = compose.present(draft.checked(), policy, lang) if policy is not None else None
        items.append(item)
    names = approvals.people_names(store, actor, {d.author_id for d in result.items})
    return render(
        request,
        "approvals/queue.html",
        {
            "items": items,
            "page": result,
            "number": page,
            "pages": max(1, -(-result.total // PAGE_SIZE)),
            "pager_query": "",
            "names": names,
            "words": words(),
        },
        viewer=viewer,
    )


def _item_page(
    request: Request,
    store: StoreDep,
    viewer: Viewer,
    draft_id: int,
    *,
    errors: dict[str, str] | None = None,
    refusal: str | None = None,
    comment: str = "",
    reason: str = "",
    status: int = 200,
) -> Response:
    actor, cache = viewer.principal, engines(request)
    view = drafts.get(store, actor, cache, draft_id)
    draft = view.draft
    lang = request_lang(request)
    policy = active_policy(store, cache, actor.org_id)
    change = view.policy_change
    active_check = compose.present(change.active, policy, lang) if change is not None else None
    names = approvals.people_names(
        store, actor, {draft.author_id, draft.last_editor_id} | {e.user_id for e in view.events}
    )
    return render(
        request,
        "approvals/item.html",
        {
            "draft": draft,
            "view": view,
            "check": compose.present(draft.checked(), policy, lang),
            "active_check": active_check,
            "change": change,
            "diff": word_diff(draft.previous_text, draft.text) if draft.previous_text is not None else None,
            "names": names,
            "errors": errors or {},
            "refusal": refusal,
            "comment": comment,
            "reason": reason,
            "words": words(),
        },
        viewer=viewer,
        status=status,
    )


@router.get("/approvals/{draft_id}", name="approval")
def item_page(request: Request, store: StoreDep, viewer: Approver, draft_id: DraftId) -> Response:
    return _item_page(request, store, viewer, draft_id)


def _refused(exc: PermissionDenied) -> str:
    return gettext("You cannot {what}.", what=exc.permission)


@router.post("/approvals/{draft_id}/approve", name="approve")
def approve(
    request: Request,
    store: StoreDep,
    viewer: Approver,
    draft_id: DraftId,
    version: Annotated[int | None, Form(ge=1, le=2**31)] = None,
    policy_version_id: Annotated[int | None, Form(ge=1, le=2**31)] = None,
    comment: Annotated[str, Form(max_length=MAX_REASON)] = "",
) -> Response:
    try:
        draft = approvals.approve(
            store,
            viewer.principal,
            engines(request),
            draft_id,
            version=version,
            policy_version_id=policy_version_id,
            comment=comment.strip(),
        )
    except PermissionDenied as exc:
        if exc.permission in {str(p) for p in Permission}:
            raise
        store.session.rollback()
        record_refusal(request, exc)  # in the audit record, like every refused page
        return _item_page(
            request, store, viewer, draft_id, refusal=_refused(exc), comment=comment, status=403
        )
    except PolicyChanged as exc:
        store.session.rollback()
        return _item_page(request, store, viewer, draft_id, refusal=str(exc), comment=comment, status=409)
    except Conflict as exc:
        store.session.rollback()
        return _item_page(request, store, viewer, draft_id, refusal=str(exc), comment=comment, status=409)
    response = RedirectResponse("/approvals", status_code=303)
    if draft.status == "approved":
        flash(request, response, N_("Approved: draft {id} may now be published."), id=draft.id)
    else:
        flash(
            request,
            response,
            N_("Approved your level of draft {id}: it waits for the next level."),
            id=draft.id,
        )
    return response


@router.post("/approvals/{draft_id}/reject", name="reject")
def reject(
    request: Request,
    store: StoreDep,
    viewer: Approver,
    draft_id: DraftId,
    version: Annotated[int | None, Form(ge=1, le=2**31)] = None,
    reason: Annotated[str, Form(max_length=MAX_REASON)] = "",
) -> Response:
    try:
        approvals.reject(store, viewer.principal, engines(request), draft_id, reason=reason, version=version)
    except Invalid as exc:
        store.session.rollback()
        errors = {"reason": "; ".join(e.message for e in exc.errors)}
        return _item_page(request, store, viewer, draft_id, errors=errors, reason=reason, status=400)
    except PermissionDenied as exc:
        if exc.permission in {str(p) for p in Permission}:
            raise
        store.session.rollback()
        record_refusal(request, exc)
        return _item_page(request, store, viewer, draft_id, refusal=_refused(exc), reason=reason, status=403)
    except Conflict as exc:
        store.session.rollback()
        return _item_page(request, store, viewer, draft_id, refusal=str(exc), reason=reason, status=409)
    response = RedirectResponse("/approvals", status_code=303)
    flash(request, response, N_("Rejected: the author sees your reason."), kind="info")
    return response
