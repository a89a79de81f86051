"""The check at send time: a post approved under one policy version, or before a quiet period that covers its send
date, is checked again when it falls due, against the policy active then and on the real send date.

If the verdict got worse than the one it was approved with (allow < review < block; or still block but other
rules block now, which an override did not cover), the publication is *held* (``holds.HOLD_RECHECK``, audited)
and its author told; it is never sent. Cheap on purpose: the engine comes from the process's
:class:`~charte.service.engines.EngineCache`, and nothing is run when the version is the one that checked the
draft and the policy has no quiet period (the only date-dependent rules).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from charte.audit.chain import AuditAction
from charte.audit.store import SYSTEM_ACTOR, AuditLog
from charte.domain import Action, Decision
from charte.i18n import gettext
from charte.service import delivery, holds, review
from charte.service.engines import EngineCache, engine_of
from charte.store.models import Draft, PublicationRow
from charte.store.repositories import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Worse:
    """The check at send time and the verdict it replaces."""

    approved: Action
    now: Decision
    policy_version_id: int


def _worse(approved: Decision, now: Decision) -> bool:
    if now.verdict.rank != approved.verdict.rank:
        return now.verdict.rank > approved.verdict.rank
    return now.verdict is Action.BLOCK and not set(review.blocking_rules(now)) <= set(
        review.blocking_rules(approved)
    )


def worse_at_send(store: Store, cache: EngineCache, row: PublicationRow, now: dt.datetime) -> Worse | None:
    """The check of ``row``'s content as it will go out now, when worse than its draft's approved verdict."""
    if row.draft_id is None:
        return None
    draft = store.session.get(Draft, row.draft_id)
    if draft is None or draft.org_id != row.org_id or draft.verdict is None:
        return None
    ref = store.policies.active_ref(row.org_id)
    if ref is None:
        return None
    policy_id, engine = engine_of(store, cache, ref)
    if policy_id == draft.policy_version_id and not engine.policy.legal.quiet_periods:
        return None  # the same rules, none of which depends on the date: the stored check stands
    content = row.content or {}
    decision = review.run_check(
        store,
        engine,
        org_id=row.org_id,
        author_id=draft.author_id,
        text=str(content.get("text", draft.text)),
        lang=content.get("lang") or draft.lang,
        account_kind=draft.account_kind,
        platform=str(content.get("platform", draft.platform)),
        attachments=content.get("attachments") or [],
        today=now.date(),
    )
    approved = draft.checked()
    return Worse(approved.verdict, decision, policy_id) if _worse(approved, decision) else None


def hold(store: Store, row: PublicationRow, worse: Worse) -> None:
    """Hold the publication (never sent), record why, and tell the draft's author."""
    AuditLog(store.session).append(
        row.org_id,
        SYSTEM_ACTOR,
        AuditAction.PUBLISH_RECHECK,
        "publication",
        str(row.id),
        {
            "draft_id": row.draft_id,
            "approved_verdict": str(worse.approved),
            "verdict": str(worse.now.verdict),
            "rules": sorted(worse.now.rule_ids)[:50],
            "policy_version_id": worse.policy_version_id,
            "owner_told": _tell_owner(store, row, worse),
        },
    )
    holds.hold(store, row, holds.HOLD_RECHECK, SYSTEM_ACTOR)


def _tell_owner(store: Store, row: PublicationRow, worse: Worse) -> bool:
    """E-mail the draft's author (when e-mail is set up); the held status and its reason show on the draft."""
    draft = store.session.get(Draft, row.draft_id) if row.draft_id is not None else None
    author = store.users.get(row.org_id, draft.author_id) if draft is not None else None
    if author is None:
        return False
    lang = author.language or "en"
    subject = gettext("Your scheduled post was held at send time", lang=lang)
    body = gettext(
        "Draft {draft} was approved as “{approved}”, but checked again at send time the policy now in force "
        "says “{verdict}” (rules: {rules}). It was not published: edit it in Charte and submit it again.",
        lang=lang,
        draft=row.draft_id,
        approved=str(worse.approved),
        verdict=str(worse.now.verdict),
        rules=", ".join(sorted(worse.now.rule_ids)) or "-",
    )
    try:
        return delivery.send(delivery.Message(author.email, "publication_held", subject, body, lang))
    except Exception:  # a mail server down must not send the post: it stays held, and says so
        log.warning("recheck: could not e-mail the author of publication %s", row.id)
        return False
