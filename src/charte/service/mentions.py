"""The inbox: mentions listed, filtered and searched; assigned, answered, closed; notes; threads; alerts.

Who sees what: ``mentions:read_all`` (admins, auditors, policy owners) sees every mention of the
organisation; anyone else with ``mentions:read`` (approvers, spokespeople) sees the mentions routed to a
team they are a member of (the team's key is the policy's team id). ``mentions:handle`` lets them assign,
change the status and write notes on what they see. An organisation never sees another's mentions: every
query takes the caller's organisation, and a mention out of sight is "not found".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from charte.i18n import _
from charte.service.errors import Invalid, NotFound
from charte.service.permissions import ROLE_PERMISSIONS, Permission, Role
from charte.service.principal import Principal
from charte.store.models import Alert, Mention, MentionNote, utcnow
from charte.store.paging import KeysetPage
from charte.store.repositories import Page, Store
from charte.store.repositories.listening import MENTION_SORTS, MentionQuery

Status = Literal["new", "assigned", "answered", "closed"]
STATUSES: tuple[Status, ...] = ("new", "assigned", "answered", "closed")
INTENTS = ("complaint", "question", "praise", "crisis", "other")
SENTIMENTS = ("negative", "neutral", "positive")
PRIORITIES = ("low", "normal", "high", "urgent")
MAX_NOTE = 4000
MAX_QUERY = 200

__all__ = ["INTENTS", "MENTION_SORTS", "SENTIMENTS", "STATUSES", "MentionQuery", "Thread"]


@dataclass(frozen=True)
class Thread:
    ancestors: Sequence[Mention]
    mention: Mention
    replies: Sequence[Mention]


def visible_teams(store: Store, actor: Principal) -> frozenset[str] | None:
    """The teams whose mentions ``actor`` sees; None: every mention of the organisation."""
    actor.require(Permission.MENTIONS_READ)
    if actor.can(Permission.MENTIONS_READ_ALL):
        return None
    return frozenset(store.teams.keys_of_member(actor.org_id, actor.user_id))


def list_mentions(
    store: Store, actor: Principal, query: MentionQuery, *, limit: int, cursor: str | None
) -> KeysetPage[Mention]:
    _check_query(query)
    query = replace(query, teams=visible_teams(store, actor))
    try:
        return store.mentions.list(actor.org_id, query, limit=limit, cursor=cursor)
    except ValueError as exc:
        raise Invalid.one("cursor", str(exc)) from None


def _check_query(query: MentionQuery) -> None:
    for field, value, allowed in (
        ("status", query.status, STATUSES),
        ("intent", query.intent, INTENTS),
        ("sentiment", query.sentiment, SENTIMENTS),
        ("sort", query.sort, MENTION_SORTS),
    ):
        if value is not None and value not in allowed:
            raise Invalid.one(
                field,
                _("unknown value “{value}”; use one of {values}", value=value, values=", ".join(allowed)),
            )
    if query.q is not None and len(query.q) > MAX_QUERY:
        raise Invalid.one("q", _("give at most {n} characters", n=MAX_QUERY))
    if query.since and query.until and query.since >= query.until:
        raise Invalid.one("until", _("must be after since"))


def get_mention(store: Store, actor: Principal, mention_id: int) -> Mention:
    teams = visible_teams(store, actor)
    row = store.mentions.get(actor.org_id, mention_id)
    if row is None or (teams is not None and row.team not in teams):
        raise NotFound("mention", mention_id, message=_("mention {id} not found", id=mention_id))
    return row


def _handled(store: Store, actor: Principal, mention_id: int) -> Mention:
    actor.require(Permission.MENTIONS_HANDLE)
    return get_mention(store, actor, mention_id)


def assign(store: Store, actor: Principal, mention_id: int, assignee_id: int | None) -> Mention:
    """Give a mention to someone who may handle mentions (None: take it back); a new one becomes assigned."""
    row = _handled(store, actor, mention_id)
    if assignee_id is not None:
        user = store.users.get(actor.org_id, assignee_id)
        if user is None or Permission.MENTIONS_HANDLE not in ROLE_PERMISSIONS[Role(user.role)]:
            raise Invalid.one("assignee_id", _("no one of that id in your organisation may handle mentions"))
    row.assignee_id = assignee_id
    if assignee_id is not None and row.status == "new":
        row.status = "assigned"
    elif assignee_id is None and row.status == "assigned":
        row.status = "new"
    row.updated_at = utcnow()
    store.session.flush()
    return row


def set_status(store: Store, actor: Principal, mention_id: int, status: str) -> Mention:
    if status not in STATUSES:
        raise Invalid.one(
            "status",
            _("unknown status “{status}”; use one of {values}", status=status, values=", ".join(STATUSES)),
        )
    row = _handled(store, actor, mention_id)
    row.status = status
    row.updated_at = utcnow()
    store.session.flush()
    return row


def add_note(store: Store, actor: Principal, mention_id: int, text: str) -> MentionNote:
    text = text.strip()
    if not text:
        raise Invalid.one("text", _("write something"))
    if len(text) > MAX_NOTE:
        raise Invalid.one("text", _("give at most {n} characters", n=MAX_NOTE))
    row = _handled(store, actor, mention_id)
    return store.mention_notes.add(
        MentionNote(org_id=actor.org_id, mention_id=row.id, author_id=actor.user_id, text=text)
    )


def notes(store: Store, actor: Principal, mention_id: int) -> Sequence[MentionNote]:
    row = get_mention(store, actor, mention_id)
    return store.mention_notes.of(actor.org_id, row.id)


def thread(store: Store, actor: Principal, mention_id: int) -> Thread:
    """The mention with the chain it answers and the replies to it, as far as the caller may see them."""
    teams = visible_teams(store, actor)
    row = get_mention(store, actor, mention_id)
    ancestors, replies = store.mentions.thread(row)
    if teams is not None:
        ancestors = [m for m in ancestors if m.team in teams]
        replies = [m for m in replies if m.team in teams]
    return Thread(ancestors, row, replies)


def prune(store: Store, older_than: dt.timedelta, *, now: dt.datetime | None = None) -> int:
    """Delete every organisation's mentions received more than ``older_than`` ago (the operator's command),
    committing every chunk of 5,000 (``Mentions.prune``)."""
    if older_than <= dt.timedelta(0):
        raise Invalid.one("older_than", _("must be a positive duration"))
    return store.mentions.prune((now or utcnow()) - older_than, commit_each=True)


# --- alerts ------------------------------------------------------------------------------------------


def raise_alert(
    store: Store, org_id: int, kind: str, message: str, details: dict[str, Any] | None = None
) -> Alert:
    """Put an alert in the organisation's inbox (the signals' call: spikes, look-alike accounts…)."""
    return store.alerts.add(Alert(org_id=org_id, kind=kind[:32], message=message, details=details or {}))


def list_alerts(
    store: Store, actor: Principal, *, acknowledged: bool | None, limit: int, offset: int
) -> Page[Alert]:
    actor.require(Permission.MENTIONS_READ)
    return store.alerts.list(actor.org_id, acknowledged=acknowledged, limit=limit, offset=offset)


def acknowledge_alert(store: Store, actor: Principal, alert_id: int) -> Alert:
    actor.require(Permission.MENTIONS_HANDLE)
    row = store.alerts.get(actor.org_id, alert_id)
    if row is None:
        raise NotFound("alert", alert_id, message=_("alert {id} not found", id=alert_id))
    if not row.acknowledged:
        row.acknowledged, row.acknowledged_by, row.acknowledged_at = True, actor.user_id, utcnow()
        store.session.flush()
    return row
