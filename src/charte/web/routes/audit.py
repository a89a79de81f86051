"""The audit record: browse it newest first with filters, verify the chain, export a period (JSONL, CSV,
PDF). Every read goes through :mod:`charte.service.audit` (``audit:read``), as the API's routes do."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from charte.audit.chain import AuditAction
from charte.i18n import N_, gettext
from charte.service import audit
from charte.service.permissions import Permission
from charte.settings import Settings
from charte.web.deps import Requires, SettingsDep, StoreDep
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
register_nav(
    NavItem(
        "/audit",
        N_("Audit"),
        N_("Browse the tamper-evident record, verify its chain and export a period."),
        needs=(Permission.AUDIT_READ,),
        order=80,
    )
)
Auditor = Annotated[Viewer, Requires(Permission.AUDIT_READ)]
PAGE = 50
ACTIONS = tuple(a.value for a in AuditAction if a is not AuditAction.CHECKPOINT)
DateQuery = Annotated[str, Query(alias="from", max_length=10)]
ToQuery = Annotated[str, Query(alias="to", max_length=10)]
ActionQuery = Annotated[str, Query(max_length=64)]


def _period(since: str, until: str, errors: dict[str, str]) -> tuple[dt.datetime | None, dt.datetime | None]:
    """Form dates (inclusive days, UTC) to [start, end) datetimes; errors name the field."""
    out: list[dt.datetime | None] = []
    for value, field, shift in ((since, "from", 0), (until, "to", 1)):
        if not value:
            out.append(None)
            continue
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            errors[field] = gettext("Write a date as YYYY-MM-DD.")
            out.append(None)
            continue
        out.append(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC) + dt.timedelta(days=shift))
    start, end = out
    if start and end and start >= end:
        errors["from"] = gettext("The start must be before the end.")
    return start, end


def _actions(action: str, errors: dict[str, str]) -> list[str] | None:
    if not action:
        return None
    if action not in ACTIONS:
        errors["action"] = gettext("Choose an action from the list.")
        return None
    return [action]


def _key(settings: Settings) -> bytes | None:
    return settings.audit_key.get_secret_value().encode() if settings.audit_key else None


@router.get("/audit", name="audit")
def audit_page(
    request: Request,
    store: StoreDep,
    viewer: Auditor,
    settings: SettingsDep,
    since: DateQuery = "",
    until: ToQuery = "",
    action: ActionQuery = "",
    before: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
    verify: Annotated[bool, Query()] = False,
) -> Response:
    errors: dict[str, str] = {}
    start, end = _period(since, until, errors)
    actions = _actions(action, errors)
    entries = []
    if not errors:
        entries = audit.newest(
            store.session,
            viewer.principal,
            since=start,
            until=end,
            actions=actions,
            before_seq=before,
            limit=PAGE + 1,
        )
    more = len(entries) > PAGE
    entries = entries[:PAGE]
    report = audit.verify(store.session, viewer.principal, _key(settings)) if verify else None
    query = {"from": since, "to": until, "action": action}
    context = {
        "entries": entries,
        "actors": audit.actor_labels(store, viewer.principal, (e.actor for e in entries)),
        "next_before": entries[-1].seq if more and entries else None,
        "before": before,
        "since": since,
        "until": until,
        "action": action,
        "actions": ACTIONS,
        "report": report,
        "query": "&".join(f"{k}={v}" for k, v in query.items() if v),
        "errors": errors,
    }
    return render(request, "audit/index.html", context, viewer=viewer, status=422 if errors else 200)


@router.get("/audit/export.{fmt}", name="audit_export")
def export(
    request: Request,
    store: StoreDep,
    viewer: Auditor,
    settings: SettingsDep,
    fmt: Literal["jsonl", "csv", "pdf"],
    since: DateQuery = "",
    until: ToQuery = "",
    action: ActionQuery = "",
) -> Response:
    errors: dict[str, str] = {}
    start, end = _period(since, until, errors)
    actions = _actions(action, errors)
    if errors:
        return audit_page(request, store, viewer, settings, since, until, action)
    org = store.organisations.get(viewer.principal.org_id)
    data = audit.export(
        store.session,
        viewer.principal,
        fmt,
        since=start,
        until=end,
        actions=actions,
        key=_key(settings),
        org_label=org.name if org else "",
    )
    name = f"audit-{since or 'start'}-{until or 'now'}.{fmt}"
    return Response(
        data,
        media_type=audit.EXPORT_MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
