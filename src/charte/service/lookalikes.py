"""The impersonation watch's review list: each account seen imitating the organisation on incoming mentions,
once per handle, with its sightings, its reason and score, and the review a person gives it.

The ingestion calls :func:`apply_reviews` on each classified batch (a handle reviewed *legitimate* loses its
account flag: no flag in the inbox, no alert) and :func:`record_sightings` once the batch is stored (a new handle
gets its row and raises one ``lookalike`` alert; a known one counts one more sighting). People list, filter and
review the rows (``/v1/lookalikes``, the web page ``/lookalikes``); each review is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, Literal, get_args

from charte.audit.chain import AuditAction
from charte.i18n import _, gettext
from charte.listening.lookalike import Kind, Lookalike
from charte.service import audit
from charte.service.errors import Invalid, NotFound
from charte.service.mentions import raise_alert
from charte.service.notifications import Notification, notify
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import LookalikeAccount, utcnow
from charte.store.repositories import Page, Store
from charte.store.repositories.listening import LookalikeStatus

Verdict = Literal["impersonator", "legitimate", "unsure"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)
STATUSES: tuple[LookalikeStatus, ...] = get_args(LookalikeStatus)
KINDS: tuple[Kind, ...] = get_args(Kind)

#: How strongly each kind of imitation suggests an impostor (0–1), the review list's default order of concern:
#: look-alike characters are deliberate, a brand name inside a longer name is often a fan or a partner.
SCORES: Mapping[str, float] = {
    "confusable": 0.95,
    "same_name": 0.9,
    "userinfo": 0.9,
    "brand_and_words": 0.8,
    "typo": 0.7,
    "subdomain": 0.6,
    "inside": 0.5,
}
_MAX = 300


def handle_key(handle: str) -> str:
    """The handle a row is kept under: trimmed, without a leading ``@``, case-folded."""
    return handle.strip().lstrip("@").casefold()[:_MAX]


def reason(row: LookalikeAccount, lang: str | None = None) -> str:
    """Why the account was flagged, in ``lang`` (the reader's language by default)."""
    kind: Kind = row.kind if row.kind in KINDS else "inside"
    return Lookalike(kind, row.target, tuple(row.words or ())).reason(lang)


def _account(row: Mapping[str, Any]) -> Mapping[str, Any] | None:
    flags = row.get("flags")
    account = flags.get("account") if isinstance(flags, Mapping) else None
    return account if isinstance(account, Mapping) else None


def apply_reviews(store: Store, org_id: int, rows: Sequence[dict[str, Any]]) -> None:
    """Drop the account flag of mentions whose author was reviewed legitimate (before they are stored)."""
    flagged = [row for row in rows if _account(row) is not None]
    if not flagged:
        return
    known = store.lookalikes.by_keys(org_id, (handle_key(row["author_handle"]) for row in flagged))
    for row in flagged:
        found = known.get(handle_key(row["author_handle"]))
        if found is not None and found.verdict == "legitimate":
            flags = {**row["flags"], "account": None}
            row["flags"] = flags if flags.get("links") else None
            row["flag"] = "links" if flags.get("links") else None


def record_sightings(
    store: Store, org_id: int, source_id: int, source_kind: str, rows: Sequence[Mapping[str, Any]]
) -> list[LookalikeAccount]:
    """Count each stored mention whose author imitates the organisation; returns the handles seen first now
    (each has raised one ``lookalike`` alert: inbox, audit, notifications)."""
    flagged = [row for row in rows if _account(row) is not None]
    if not flagged:
        return []
    ids = store.mentions.ids_of(source_id, [row["external_id"] for row in flagged])
    known = store.lookalikes.by_keys(org_id, (handle_key(row["author_handle"]) for row in flagged))
    new: list[LookalikeAccount] = []
    for row in flagged:
        account = _account(row)
        assert account is not None
        key = handle_key(row["author_handle"])
        seen_at: dt.datetime = row.get("received_at") or utcnow()
        found = known.get(key)
        if found is None:
            kind = str(account.get("kind", "inside"))[:32]
            created = store.lookalikes.insert_new(
                {
                    "org_id": org_id,
                    "handle_key": key,
                    "handle": str(row["author_handle"])[:_MAX],
                    "display_name": str(row.get("author_name") or "")[:_MAX],
                    "source_kind": source_kind[:16],
                    "kind": kind,
                    "target": str(account.get("target", ""))[:_MAX],
                    "words": [str(w)[:60] for w in account.get("words") or ()][:10],
                    "score": SCORES.get(kind, 0.5),
                    "first_seen": seen_at,
                    "last_seen": seen_at,
                    "seen_count": 0,
                }
            )
            if created is not None:
                new.append(created)
                found = created
            else:  # kept meanwhile by another writer: its row, and its alert
                found = store.lookalikes.by_keys(org_id, [key])[key]
            known[key] = found
        found.seen_count += 1
        found.last_seen = max(found.last_seen, seen_at)
        found.handle = str(row["author_handle"])[:_MAX]
        found.display_name = str(row.get("author_name") or "")[:_MAX]
        found.last_mention_id = ids.get(row["external_id"], found.last_mention_id)
    store.session.flush()
    for found in new:
        _alert(store, org_id, found)
    return new


def _alert(store: Store, org_id: int, found: LookalikeAccount) -> None:
    title = gettext("Look-alike account: {handle}", handle=found.handle)
    body = gettext(
        "{handle} imitates “{target}”. Review it on the look-alike accounts page.",
        handle=found.handle,
        target=found.target,
    )
    details = {"lookalike_id": found.id, "kind": found.kind, "score": found.score}
    alert = raise_alert(store, org_id, "lookalike", title, details)
    audit.record(store.session, None, AuditAction.ALERT_RAISED, "alert", alert.id, details, org_id=org_id)
    notify(store, org_id, Notification("alert", title, body), alert_id=alert.id)


# -- the review list ---------------------------------------------------------------------------------------------
def list_lookalikes(
    store: Store,
    actor: Principal,
    *,
    status: str | None = None,
    kind: str | None = None,
    q: str | None = None,
    limit: int,
    offset: int,
) -> Page[LookalikeAccount]:
    """The organisation's look-alike accounts, most recently seen first, filtered (each filter checked)."""
    actor.require(Permission.MENTIONS_READ)
    if status and status not in STATUSES:
        raise Invalid.one("status", _("must be one of: {values}", values=", ".join(STATUSES)))
    if kind and kind not in KINDS:
        raise Invalid.one("kind", _("must be one of: {values}", values=", ".join(KINDS)))
    if q is not None and len(q) > 200:
        raise Invalid.one("q", _("must be at most {n} characters", n=200))
    return store.lookalikes.list(
        actor.org_id,
        status=status or None,  # checked against STATUSES above
        kind=kind or None,
        q=(q.strip() or None) if q else None,
        limit=limit,
        offset=offset,
    )


def get_lookalike(store: Store, actor: Principal, lookalike_id: int) -> LookalikeAccount:
    actor.require(Permission.MENTIONS_READ)
    return _get(store, actor, lookalike_id)


def _get(store: Store, actor: Principal, lookalike_id: int) -> LookalikeAccount:
    row = store.lookalikes.get(actor.org_id, lookalike_id)
    if row is None:
        raise NotFound(
            "lookalike", lookalike_id, message=_("look-alike account {id} not found", id=lookalike_id)
        )
    return row


def review(store: Store, actor: Principal, lookalike_id: int, verdict: str) -> LookalikeAccount:
    """Mark a look-alike account reviewed (a person who handles the inbox): ``legitimate`` stops its flags and
    alerts on the mentions that come next; ``impersonator`` and ``unsure`` keep them. Audited."""
    actor.require(Permission.MENTIONS_HANDLE)
    if verdict not in VERDICTS:
        raise Invalid.one("verdict", _("must be one of: {values}", values=", ".join(VERDICTS)))
    row = _get(store, actor, lookalike_id)
    previous = row.verdict
    row.verdict, row.reviewed_by, row.reviewed_at = verdict, actor.user_id, utcnow()
    store.session.flush()
    audit.record(
        store.session,
        actor,
        AuditAction.LOOKALIKE_REVIEW,
        "lookalike_account",
        row.id,
        {"verdict": verdict, "previous": previous, "kind": row.kind},
    )
    return row
