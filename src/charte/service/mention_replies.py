"""Replying from the inbox: a reply is a draft tied to the mention it answers (docs/replies.md).

The draft is written as the brand, on a brand account of the mention's network, from free text or from a
saved reply (its approved version, variables filled); it is checked by the same engine — told whether the
mention is a complaint, so the policy's "only complaint responders answer complaints" rule fires for anyone
else — and goes through the same approval as any post. Publishing it sends a reply to the mention's network
reference; once sent, the mention is answered. A reply written after the mention's deadline is flagged late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from charte.audit.chain import AuditAction
from charte.i18n import _
from charte.listening.replies import VARIABLES
from charte.service import audit, drafts, mentions, network_limits, replies
from charte.service.drafts import NETWORKS, may_post
from charte.service.engines import EngineCache
from charte.service.errors import Invalid, not_found
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import BrandAccount, Draft, Mention, utcnow
from charte.store.repositories import Store

MAX_VALUES = 20


@dataclass(frozen=True)
class ReplyRequest:
    """Exactly one of ``text`` and ``saved_reply_id``; ``values`` fill the saved reply's variables (over what
    the inbox knows: first_name, handle, agent_name, brand)."""

    text: str | None = None
    saved_reply_id: int | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    account_id: int | None = None
    lang: str | None = None


def network_of(store: Store, mention: Mention) -> str | None:
    """The network a mention came from, when its source is one (a feed or a webhook is not)."""
    source = store.sources.get(mention.org_id, mention.source_id)
    return source.kind if source is not None and source.kind in NETWORKS else None


def accounts_for(store: Store, actor: Principal, mention: Mention) -> list[BrandAccount]:
    """The brand accounts the actor may answer this mention with: on its network (any, if it has none)."""
    network = network_of(store, mention)
    page = store.accounts.list(
        actor.org_id, platform=network, q=None, owner_id=None, two_factor=None, limit=200, offset=0
    )
    return [a for a in page.items if may_post(a, actor.user_id, str(actor.role))]


def _account(store: Store, actor: Principal, mention: Mention, account_id: int | None) -> BrandAccount:
    network = network_of(store, mention)
    if account_id is None:
        usable = accounts_for(store, actor, mention)
        if len(usable) != 1:
            raise Invalid.one(
                "account_id",
                _(
                    "choose the brand account that answers (none you may post on is on {network})",
                    network=network,
                )
                if not usable
                else _("choose the brand account that answers: you may post on several"),
            )
        return usable[0]
    account = store.accounts.get(actor.org_id, account_id)
    if account is None:
        raise not_found("brand account", account_id)
    if network is not None and account.platform != network:
        raise Invalid.one(
            "account_id",
            _(
                "the mention came from {network}: answer with a brand account on {network}, not {platform}",
                network=network,
                platform=account.platform,
            ),
        )
    return account


def reply(
    store: Store,
    actor: Principal,
    cache: EngineCache,
    mention_id: int,
    request: ReplyRequest,
    now: dt.datetime | None = None,
) -> Draft:
    """Write the reply draft (checked at once; submit and publish it as any draft)."""
    actor.require(Permission.MENTIONS_HANDLE)
    now = now or utcnow()
    mention = mentions.get_mention(store, actor, mention_id)
    if (request.text is None) == (request.saved_reply_id is None):
        raise Invalid.one("text", _("write the reply, or give saved_reply_id (one of the two)"))
    if len(request.values) > MAX_VALUES:
        raise Invalid.one("values", _("give at most {n} values", n=MAX_VALUES))
    for name in request.values:
        if name not in VARIABLES:
            raise Invalid.one(
                f"values.{name[:40]}",
                _(
                    "unknown variable “{name}”; use one of {names}",
                    name=name[:40],
                    names=", ".join(VARIABLES),
                ),
            )
    if request.lang is not None and request.lang not in replies.LANGS:
        raise Invalid.one(
            "lang",
            _(
                "unknown value “{value}”; use one of {values}",
                value=request.lang,
                values=", ".join(replies.LANGS),
            ),
        )
    account = _account(store, actor, mention, request.account_id)
    saved = None
    lang: str | None
    if request.saved_reply_id is not None:
        saved = replies.usable(store, actor, request.saved_reply_id)
        version = saved[1]
        if request.lang is not None and request.lang != version.lang:
            raise Invalid.one(
                "lang",
                _(
                    "saved reply {id} is written in {language}",
                    id=request.saved_reply_id,
                    language=version.lang,
                ),
            )
        values = {**replies.auto_values(store, actor, cache, mention), **dict(request.values)}
        text, lang = replies.render(version, values), version.lang
    else:
        text, lang = request.text or "", request.lang
        if request.values:
            raise Invalid.one("values", _("values fill a saved reply's variables: give saved_reply_id"))
    # the network's limit named before submission, from the connectors' own limits (as at publish time)
    network_limits.check_early(store, account, text)
    draft = drafts.create(
        store,
        actor,
        cache,
        drafts.DraftInput(
            text=text,
            platform=account.platform,
            account_id=account.id,
            account_kind="brand",
            lang=lang,
            reply_to_mention_id=mention.id,
            in_reply_to_complaint=mention.intent == "complaint",
        ),
        now,
    )
    due = (
        mention.due_at.replace(tzinfo=dt.UTC)
        if mention.due_at and mention.due_at.tzinfo is None
        else mention.due_at
    )
    draft.reply_late = due is not None and now > due
    if saved is not None:
        replies.record_use(
            store, actor, saved[0], saved[1], mention_id=mention.id, draft_id=draft.id, now=now
        )
    if mention.assignee_id is None:
        mention.assignee_id = actor.user_id
        if mention.status == "new":
            mention.status = "assigned"
        mention.updated_at = now
    audit.record(
        store.session,
        actor,
        AuditAction.MENTION_REPLY,
        "mention",
        mention.id,
        {
            "event": "drafted",
            "draft_id": draft.id,
            "saved_reply_id": request.saved_reply_id,
            "complaint": mention.intent == "complaint",
            "late": draft.reply_late,
            "verdict": draft.verdict,
        },
    )
    store.session.flush()
    return draft


def replies_of(store: Store, actor: Principal, mention_id: int) -> list[Draft]:
    """The reply drafts written for a mention that the actor may read."""
    mention = mentions.get_mention(store, actor, mention_id)
    return [d for d in store.drafts.replies_to(actor.org_id, mention.id) if drafts.may_read(actor, d)]
