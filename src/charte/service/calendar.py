"""The publishing calendar: what goes out when, per brand account, with where each post stands.

A post is on the calendar from the moment it has a date: a draft planned for a day (``scheduled_at``) before
anyone queues it, then its publication (scheduled, sending, sent, or failed with its last error). Who sees
what follows the drafts' own rule: people who read every draft see every post; the others see their own posts
and those of the brand accounts they may post on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from charte.i18n import _
from charte.service.errors import Invalid
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import BrandAccount, Draft, PublicationRow
from charte.store.repositories import Page, Store
from charte.store.repositories.drafts import CalendarRow

MAX_ACCOUNTS = 500  # the brand accounts named on one page (an organisation has a handful)
MAX_DAYS = 62  # a month view and a little: a longer window is paged anyway, but a year is not a calendar


@dataclass(frozen=True)
class Entry:
    """One post on the calendar. ``status``: the publication's, or the draft's while it is only planned."""

    at: dt.datetime
    draft: Draft | None
    publication: PublicationRow | None
    account: BrandAccount | None
    status: str
    last_error: str | None
    may_retry: bool


def accounts(store: Store, actor: Principal) -> list[BrandAccount]:
    """The brand accounts the calendar can be narrowed to (those of the actor's organisation)."""
    if not actor.can(Permission.DRAFTS_READ_ALL):
        actor.require(Permission.DRAFTS_WRITE)
    return list(
        store.accounts.list(
            actor.org_id, platform=None, q=None, owner_id=None, two_factor=None, limit=MAX_ACCOUNTS, offset=0
        ).items
    )


def entries(
    store: Store,
    actor: Principal,
    *,
    start: dt.datetime,
    days: int,
    account_id: int | None,
    limit: int,
    offset: int,
) -> Page[Entry]:
    """The posts due in ``days`` days from ``start`` (UTC-aware), oldest first, one page of them."""
    if not actor.can(Permission.DRAFTS_READ_ALL):
        actor.require(Permission.DRAFTS_WRITE)
    if start.tzinfo is None:
        raise Invalid.one("start", _("give a time zone"))
    if not 1 <= days <= MAX_DAYS:
        raise Invalid.one("days", _("give a number of days from 1 to {n}", n=MAX_DAYS))
    accounts = {
        a.id: a
        for a in store.accounts.list(
            actor.org_id, platform=None, q=None, owner_id=None, two_factor=None, limit=MAX_ACCOUNTS, offset=0
        ).items
    }
    if account_id is not None and account_id not in accounts:
        raise Invalid.one("account_id", _("no such brand account"))
    visible = None
    if not actor.can(Permission.DRAFTS_READ_ALL):
        mine = [
            a.id
            for a in accounts.values()
            if actor.user_id in {o.user_id for o in a.owners} | {p.user_id for p in a.posters}
        ]
        visible = (actor.user_id, mine)
    page = store.drafts.calendar(
        actor.org_id,
        start=start,
        end=start + dt.timedelta(days=days),
        account_id=account_id,
        visible_to=visible,
        limit=limit,
        offset=offset,
    )
    may_publish = actor.can(Permission.DRAFTS_PUBLISH)

    def entry(row: CalendarRow) -> Entry:
        draft, pub = row.draft, row.publication
        at = row.at
        assert at is not None
        status = pub.status if pub is not None else (draft.status if draft is not None else "unknown")
        account = (
            accounts.get(draft.account_id) if draft is not None and draft.account_id is not None else None
        )
        return Entry(
            at=at,
            draft=draft,
            publication=pub,
            account=account,
            status=status,
            last_error=pub.last_error if pub is not None else None,
            may_retry=may_publish
            and pub is not None
            and pub.status == "failed"
            and draft is not None
            and draft.publication_id == pub.id,
        )

    return page.map(entry)
