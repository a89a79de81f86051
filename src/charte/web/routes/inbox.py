"""The inbox: mentions routed to the viewer's teams (or all, for who reads all), filtered and searched; a
mention's page with its thread, notes, assignment and status; the alerts. Everything through
:mod:`charte.service.mentions`, which decides who sees what."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from starlette.responses import RedirectResponse, Response

from charte import i18n
from charte.i18n import N_, gettext
from charte.listening.replies import VARIABLES
from charte.service import crisis, incoming, lookalikes, mention_replies, mentions, outbox, replies
from charte.service.engines import EngineCache
from charte.service.errors import Conflict, Invalid
from charte.service.permissions import ROLE_PERMISSIONS, Permission, Role
from charte.store.repositories.listening import MENTION_SORTS, MentionQuery
from charte.web import words
from charte.web.deps import Requires, StoreDep, host_state
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
        "/inbox",
        N_("Inbox"),
        N_("What the public says about us, sorted to your team, with its deadline."),
        needs=(Permission.MENTIONS_READ,),
        order=35,
    )
)
register_nav(
    NavItem(
        "/alerts",
        N_("Alerts"),
        N_("Storms and impersonations raised on what comes in."),
        needs=(Permission.MENTIONS_READ,),
        order=36,
    )
)
Reader = Annotated[Viewer, Requires(Permission.MENTIONS_READ)]
Handler = Annotated[Viewer, Requires(Permission.MENTIONS_HANDLE)]
MentionId = Annotated[int, Path(ge=1, le=2_147_483_647)]
PAGE = 50
#: The inbox's flag filters: any flagged mention, or look-alike authors only (the impersonation review).
FLAG_FILTERS = ("flagged", "impersonation")


def _day(value: str, name: str, errors: dict[str, str], *, end: bool = False) -> dt.datetime | None:
    if not value:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        errors[name] = gettext("Write a date as YYYY-MM-DD.")
        return None
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)
    return start + dt.timedelta(days=1) if end else start


@router.get("/inbox", name="inbox")
def inbox(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    status: Annotated[str, Query(max_length=16)] = "",
    team: Annotated[str, Query(max_length=64)] = "",
    intent: Annotated[str, Query(max_length=16)] = "",
    sentiment: Annotated[str, Query(max_length=16)] = "",
    language: Annotated[str, Query(max_length=8)] = "",
    mine: Annotated[str, Query(max_length=5)] = "",
    since: Annotated[str, Query(max_length=10)] = "",
    until: Annotated[str, Query(max_length=10)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Annotated[str, Query(max_length=8)] = "newest",
    flags: Annotated[str, Query(max_length=16)] = "",
    cursor: Annotated[str, Query(max_length=200)] = "",
) -> Response:
    errors: dict[str, str] = {}
    if flags not in ("", *FLAG_FILTERS):
        errors["flags"] = gettext("Choose one of the offered values.")
    form = {
        "status": status,
        "team": team,
        "intent": intent,
        "sentiment": sentiment,
        "language": language,
        "mine": mine,
        "since": since,
        "until": until,
        "q": q,
        "sort": sort,
        "flags": flags,
    }
    start, end = _day(since, "since", errors), _day(until, "until", errors, end=True)
    items: Any = []
    next_cursor = None
    if not errors:
        query = MentionQuery(
            status=status or None,
            team=team or None,
            intent=intent or None,
            sentiment=sentiment or None,
            language=language or None,
            assignee_id=viewer.principal.user_id if mine == "true" else None,
            since=start,
            until=end,
            q=q or None,
            sort=sort if sort in MENTION_SORTS else "newest",
            flags=flags or None,
        )
        try:
            page = mentions.list_mentions(store, viewer.principal, query, limit=PAGE, cursor=cursor or None)
            items, next_cursor = page.items, page.next_cursor
        except Invalid as exc:
            errors = {e.field: e.message for e in exc.errors}
    nxt = None
    if next_cursor:
        params = {k: v for k, v in form.items() if v}
        params["cursor"] = next_cursor
        nxt = "/inbox?" + urlencode(params)
    values = {
        "items": items,
        "form": form,
        "next_url": nxt,
        "statuses": mentions.STATUSES,
        "intents": mentions.INTENTS,
        "sentiments": mentions.SENTIMENTS,
        "sorts": MENTION_SORTS,
        "flag_filters": FLAG_FILTERS,
        "teams": [
            t.key
            for t in store.teams.list(
                viewer.principal.org_id, key=None, member_id=None, limit=200, offset=0
            ).items
        ],
        "errors": errors,
    }
    return render(request, "inbox/index.html", values, viewer=viewer, status=422 if errors else 200)


def _mention_page(
    request: Request, store: StoreDep, viewer: Viewer, mention_id: int, status: int = 200, **extra: Any
) -> Response:
    thread = mentions.thread(store, viewer.principal, mention_id)
    org = viewer.principal.org_id
    people = store.users.list(org, role=None, active=True, q=None, limit=500, offset=0).items
    handlers = [u for u in people if Permission.MENTIONS_HANDLE in ROLE_PERMISSIONS[Role(u.role)]]
    values = {
        "thread": thread,
        "m": thread.mention,
        "notes": mentions.notes(store, viewer.principal, mention_id),
        "names": {u.id: u.display_name for u in people},
        "handlers": handlers,
        "statuses": mentions.STATUSES,
        "source": store.sources.get(org, thread.mention.source_id),
        "note": "",
        "flag_reasons": incoming.reasons(thread.mention.flags, i18n.current_lang()),
        **_reply_context(store, viewer, thread.mention),
        **extra,
    }
    return render(request, "inbox/mention.html", values, viewer=viewer, status=status)


#: The variables a person types when answering (the others are filled from the mention and the person).
#: ``first_name`` is filled from the mention's author name when it has one (a Bluesky post read from Jetstream
#: has none): the field lets the person give it, or replace it.
TYPED_VARIABLES = ("first_name", "case_number", "order_number", "contact_url", "date")
AUTO_TYPED = frozenset({"first_name"})


def _reply_context(store: StoreDep, viewer: Viewer, mention: Any) -> dict[str, Any]:
    """What the page needs to answer: the suggested saved replies, the accounts, the replies written."""
    principal = viewer.principal
    may_answer = principal.can(Permission.MENTIONS_HANDLE) and principal.can(Permission.DRAFTS_WRITE)
    return {
        "suggestions": replies.suggest(store, principal, mention.id, limit=5)
        if replies.may_read(principal)
        else [],
        "reply_accounts": mention_replies.accounts_for(store, principal, mention) if may_answer else [],
        "may_answer": may_answer,
        "reply_drafts": mention_replies.replies_of(store, principal, mention.id),
        "typed_variables": TYPED_VARIABLES,
        "auto_variables": AUTO_TYPED,
        "draft_status": words.STATUS,  # a reply draft's state in words, not as the database spells it
        "variables": VARIABLES,
        "reply_form": {"text": "", "saved_reply_id": "", "account_id": "", "values": {}},
    }


@router.get("/inbox/{mention_id}")
def mention_page(request: Request, store: StoreDep, viewer: Reader, mention_id: MentionId) -> Response:
    return _mention_page(request, store, viewer, mention_id)


def _back(mention_id: int) -> RedirectResponse:
    return RedirectResponse(f"/inbox/{mention_id}", status_code=303)


@router.post("/inbox/{mention_id}/assign")
def assign(
    request: Request,
    store: StoreDep,
    viewer: Handler,
    mention_id: MentionId,
    assignee: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    try:
        who = int(assignee) if assignee else None
        mentions.assign(store, viewer.principal, mention_id, who)
    except (ValueError, Invalid):
        return _mention_page(
            request,
            store,
            viewer,
            mention_id,
            422,
            errors={"assignee": gettext("Choose someone who may handle mentions.")},
        )
    response = _back(mention_id)
    flash(request, response, N_("Assignment saved."))
    return response


@router.post("/inbox/{mention_id}/status")
def change_status(
    request: Request,
    store: StoreDep,
    viewer: Handler,
    mention_id: MentionId,
    status: Annotated[str, Form(max_length=16)] = "",
) -> Response:
    try:
        mentions.set_status(store, viewer.principal, mention_id, status)
    except Invalid:
        return _mention_page(
            request, store, viewer, mention_id, 422, errors={"status": gettext("Choose one of the statuses.")}
        )
    response = _back(mention_id)
    flash(request, response, N_("Status saved."))
    return response


@router.post("/inbox/{mention_id}/notes")
def add_note(
    request: Request,
    store: StoreDep,
    viewer: Handler,
    mention_id: MentionId,
    text: Annotated[str, Form(max_length=8000)] = "",
) -> Response:
    try:
        mentions.add_note(store, viewer.principal, mention_id, text)
    except Invalid:
        message = gettext("Write a note of at most {n} characters.", n=mentions.MAX_NOTE)
        return _mention_page(request, store, viewer, mention_id, 422, errors={"text": message}, note=text)
    response = _back(mention_id)
    flash(request, response, N_("Note added."))
    return response


@router.post("/inbox/{mention_id}/reply")
async def reply(request: Request, store: StoreDep, viewer: Handler, mention_id: MentionId) -> Response:
    """Write the reply draft (free words, or a saved reply with its variables), then open it to submit it."""
    form = await request.form()

    def text_of(name: str, limit: int = 5000) -> str:
        value = form.get(name)
        return value[:limit] if isinstance(value, str) else ""

    saved = text_of("saved_reply_id", 12)
    account = text_of("account_id", 12)
    values = {
        name: text_of(f"value_{name}", 400) for name in TYPED_VARIABLES if text_of(f"value_{name}", 400)
    }
    words = text_of("reply_text").replace("\r\n", "\n")
    kept = {"text": words, "saved_reply_id": saved, "account_id": account, "values": values}
    request_ = mention_replies.ReplyRequest(
        text=None if saved.isdigit() else (words or None),
        saved_reply_id=int(saved) if saved.isdigit() else None,
        values=values if saved.isdigit() else {},
        account_id=int(account) if account.isdigit() else None,
    )
    try:
        draft = mention_replies.reply(store, viewer.principal, _engines(request), mention_id, request_)
    except Invalid as exc:
        errors = {("reply_" + e.field.replace(".", "_")): e.message for e in exc.errors}
        return _mention_page(request, store, viewer, mention_id, 422, errors=errors, reply_form=kept)
    except Conflict as exc:
        return _mention_page(
            request, store, viewer, mention_id, 409, errors={"reply_text": str(exc)}, reply_form=kept
        )
    response = RedirectResponse(f"/drafts/{draft.id}", status_code=303)
    flash(request, response, N_("Reply drafted and checked: submit it for approval, then publish it."))
    return response


@router.get("/alerts", name="alerts")
def alerts_page(request: Request, store: StoreDep, viewer: Reader) -> Response:
    page = mentions.list_alerts(store, viewer.principal, acknowledged=None, limit=200, offset=0)
    values = {
        "alerts": page.items,
        # how many of each alert's notices reached the notification channels, wait, or were given up
        "delivery": outbox.delivery_of_alerts(store, viewer.principal.org_id, [a.id for a in page.items]),
        # a spike of negative or crisis mentions proposes a crisis to whoever the policy lets declare one
        "may_declare": crisis.may_manage(store, viewer.principal)
        and not crisis.is_active(store, viewer.principal.org_id),
    }
    return render(request, "inbox/alerts.html", values, viewer=viewer)


@router.post("/alerts/{alert_id}/acknowledge")
def acknowledge(
    request: Request, store: StoreDep, viewer: Handler, alert_id: Annotated[int, Path(ge=1, le=2_147_483_647)]
) -> Response:
    mentions.acknowledge_alert(store, viewer.principal, alert_id)
    response = RedirectResponse("/alerts", status_code=303)
    flash(request, response, N_("Alert acknowledged."))
    return response


# -- the impersonation watch's review list -------------------------------------------------------------------
register_nav(
    NavItem(
        "/lookalikes",
        N_("Look-alike accounts"),
        N_("Accounts imitating ours seen in what comes in, one per handle, to review."),
        needs=(Permission.MENTIONS_READ,),
        order=37,
    )
)
LOOKALIKE_PAGE = 50


@router.get("/lookalikes", name="lookalikes")
def lookalikes_page(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    status: Annotated[str, Query(max_length=16)] = "",
    kind: Annotated[str, Query(max_length=32)] = "",
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    form = {"status": status, "kind": kind, "q": q}
    errors: dict[str, str] = {}
    rows: Any = []
    total = 0
    try:
        found = lookalikes.list_lookalikes(
            store,
            viewer.principal,
            status=status or None,
            kind=kind or None,
            q=q or None,
            limit=LOOKALIKE_PAGE,
            offset=(page - 1) * LOOKALIKE_PAGE,
        )
        rows, total = found.items, found.total
    except Invalid as exc:
        errors = {e.field: gettext("Choose one of the offered values.") for e in exc.errors}
    values = {
        "rows": [(row, lookalikes.reason(row)) for row in rows],
        "form": form,
        "errors": errors,
        "statuses": lookalikes.STATUSES,
        "kinds": lookalikes.KINDS,
        "verdicts": lookalikes.VERDICTS,
        "reviewers": _names(store, viewer, {row.reviewed_by for row in rows if row.reviewed_by}),
        "total": total,
        "number": page,
        "pages": max(1, -(-total // LOOKALIKE_PAGE)),
        "pager_query": urlencode({k: v for k, v in form.items() if v}),
    }
    return render(request, "inbox/lookalikes.html", values, viewer=viewer, status=422 if errors else 200)


def _names(store: Any, viewer: Viewer, ids: set[int]) -> dict[int, str]:
    """The reviewers' names, from the viewer's organisation only."""
    out = {}
    for user_id in ids:
        user = store.users.get(viewer.principal.org_id, user_id)
        if user is not None:
            out[user_id] = user.display_name or user.email
    return out


@router.post("/lookalikes/{lookalike_id}/review")
def review_lookalike(
    request: Request,
    store: StoreDep,
    viewer: Handler,
    lookalike_id: Annotated[int, Path(ge=1, le=2_147_483_647)],
    verdict: Annotated[str, Form(max_length=16)] = "",
    back: Annotated[str, Form(max_length=600)] = "",
) -> Response:
    try:
        lookalikes.review(store, viewer.principal, lookalike_id, verdict)
    except Invalid:
        response = RedirectResponse(_lookalikes_back(back), status_code=303)
        flash(request, response, N_("Choose a verdict: impersonator, legitimate or unsure."))
        return response
    response = RedirectResponse(_lookalikes_back(back), status_code=303)
    flash(request, response, N_("Review saved."))
    return response


def _lookalikes_back(back: str) -> str:
    """Back to the list with its filters; only a query string of this page (never another site)."""
    return (
        "/lookalikes?" + back.lstrip("?")
        if back and "://" not in back and back.startswith("?")
        else "/lookalikes"
    )
