"""Saved replies: the conflict plan's pre-approved answers, written by the roles the policy names, approved like
a post, suggested for each inbox item, and recorded at every use (docs/replies.md).

Rules:
- only the roles in the active policy's ``replies.editors`` write or change them (and archive them);
- every save is a new version, checked by the active policy with sample values in its variables; a version the
  policy blocks is refused; any other goes to approval, with as many levels as its findings require (at least
  one: a saved reply is words said for the organisation, again and again);
- approving follows the drafts' rules (:mod:`charte.service.review`): maker-checker (the author of a version
  does not sign it), one signature per person and version, each level signed by whom the policy allows; a
  version checked under an older policy is checked again first, and a version the active policy blocks is
  never approved;
- only an approved version is used; it stays in use while a newer version waits for approval;
- a variable outside :data:`charte.listening.replies.VARIABLES` is refused when saving, naming it; a use fills
  every variable, and a missing value is refused naming it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from charte.audit.chain import AuditAction
from charte.domain import Action, Decision
from charte.engine.engine import CheckEngine
from charte.i18n import _
from charte.listening import replies as templates
from charte.listening.replies import Candidate, Ranker, Suggestion, TemplateError
from charte.service import audit, mentions, review
from charte.service import crisis as crisis_mode
from charte.service.engines import EngineCache, active_engine, active_policy, active_policy_or_none
from charte.service.errors import Conflict, Invalid, NotFound, denied
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import Mention, SavedReply, SavedReplyUse, SavedReplyVersion, utcnow
from charte.store.repositories import Page, Store

MAX_TITLE = 120
MAX_BODY = 2000
MAX_TOPIC = 64
LANGS = ("fr", "en")
INTENTS = mentions.INTENTS
MAX_SUGGESTIONS = 10
UNUSED_VERSION_STATUSES = frozenset({"in_review"})


@dataclass(frozen=True)
class ReplyInput:
    title: str
    body: str
    lang: str
    intent: str | None = None
    topic: str | None = None
    holding_statement: bool = False


@dataclass(frozen=True)
class ReplyView:
    reply: SavedReply
    latest: SavedReplyVersion
    approved: SavedReplyVersion | None


@dataclass(frozen=True)
class Suggested:
    reply: SavedReply
    version: SavedReplyVersion
    suggestion: Suggestion


def template_message(exc: TemplateError) -> tuple[str, str]:
    """The field and the message of a template problem, in the request's language."""
    known = ", ".join("{" + name + "}" for name in templates.VARIABLES)
    if exc.kind == "unknown":
        return "body", _("unknown variable “{name}”; use one of {names}", name=exc.name, names=known)
    if exc.kind == "syntax":
        return "body", _(
            "a lone brace near “{fragment}”: write a variable as {{name}}, or a brace as {{{{ or }}}}",
            fragment=exc.name,
        )
    if exc.kind == "form":
        return "body", _(
            "“{fragment}” is not a plain variable: write it as {{name}}, with no format, index or conversion",
            fragment=exc.name,
        )
    if exc.kind == "missing":
        return f"values.{exc.name}", _("give a value for the variable “{name}”", name=exc.name)
    return f"values.{exc.name}", _(
        "the value of “{name}” must be one line of at most {n} characters",
        name=exc.name,
        n=templates.MAX_VALUE,
    )


def _validate(data: ReplyInput) -> list[str]:
    """The input checked, field by field; the variables its body uses."""
    if not data.title.strip():
        raise Invalid.one("title", _("must not be empty"))
    if len(data.title) > MAX_TITLE:
        raise Invalid.one("title", _("is longer than {n} characters", n=MAX_TITLE))
    if not data.body.strip():
        raise Invalid.one("body", _("must not be empty"))
    if len(data.body) > MAX_BODY:
        raise Invalid.one("body", _("is longer than {n} characters", n=MAX_BODY))
    if data.lang not in LANGS:
        raise Invalid.one(
            "lang",
            _("unknown value “{value}”; use one of {values}", value=data.lang, values=", ".join(LANGS)),
        )
    if data.intent is not None and data.intent not in INTENTS:
        raise Invalid.one(
            "intent",
            _("unknown value “{value}”; use one of {values}", value=data.intent, values=", ".join(INTENTS)),
        )
    if data.topic is not None and len(data.topic) > MAX_TOPIC:
        raise Invalid.one("topic", _("is longer than {n} characters", n=MAX_TOPIC))
    try:
        return templates.variables(data.body)
    except TemplateError as exc:
        raise Invalid.one(*template_message(exc)) from None


def may_read(actor: Principal) -> bool:
    """Who works the inbox or the approval queue reads the saved replies."""
    return actor.can(Permission.MENTIONS_READ) or actor.can(Permission.APPROVALS)


def _require_read(actor: Principal) -> None:
    if not may_read(actor):
        raise denied(Permission.MENTIONS_READ)


def may_edit(store: Store, cache: EngineCache | None, actor: Principal) -> bool:
    """The actor writes drafts and their role is one of the active policy's ``replies.editors`` (no active
    policy: no one)."""
    if not actor.can(Permission.DRAFTS_WRITE):
        return False
    policy = active_policy_or_none(store, cache, actor.org_id)
    return policy is not None and str(actor.role) in policy.replies.editors


def _require_edit(store: Store, cache: EngineCache, actor: Principal) -> None:
    actor.require(Permission.DRAFTS_WRITE)
    policy = active_policy(store, cache, actor.org_id, _("saved replies are governed by it"))
    if str(actor.role) not in policy.replies.editors:
        raise denied(_("write saved replies (the policy's replies.editors does not name your role)"))


def _check(store: Store, engine: CheckEngine, org_id: int, author_id: int, data: ReplyInput) -> Decision:
    """The body as a brand answer, its variables filled with sample values; a complaint's answer is checked as
    one (only the policy's complaint responders give it without review)."""
    return review.run_check(
        store,
        engine,
        org_id=org_id,
        author_id=author_id,
        text=templates.fill(data.body, templates.sample_values()),
        lang=data.lang,
        account_kind="brand",
        platform="",
        attachments=(),
        in_reply_to_complaint=data.intent == "complaint",
    )


def _new_version(
    store: Store,
    cache: EngineCache,
    actor: Principal,
    reply: SavedReply,
    version: int,
    data: ReplyInput,
    names: list[str],
    now: dt.datetime,
) -> SavedReplyVersion:
    policy_id, engine = active_engine(store, cache, actor.org_id)
    decision = _check(store, engine, actor.org_id, actor.user_id, data)
    if decision.verdict is Action.BLOCK:
        raise Conflict(
            _(
                "the policy blocks these words ({rules}): a saved reply must be usable as it is; rephrase it",
                rules=", ".join(review.blocking_rules(decision)),
            )
        )
    levels = engine.policy.approvals.levels_for(review.max_severity(decision, Action.REVIEW))
    row = SavedReplyVersion(
        org_id=actor.org_id,
        reply_id=reply.id,
        version=version,
        title=data.title.strip(),
        body=data.body,
        lang=data.lang,
        intent=data.intent,
        topic=(data.topic or "").strip() or None,
        holding_statement=data.holding_statement,
        variables=names,
        author_id=actor.user_id or None,
        status="in_review",
        verdict=str(decision.verdict),
        decision=decision.to_dict(),
        policy_version_id=policy_id,
        required_levels=max(1, levels),
        approved_levels=0,
        approvals=[],
        created_at=now,
    )
    store.session.add(row)
    store.session.flush()
    return row


def _audit(store: Store, actor: Principal, event: str, version: SavedReplyVersion, **more: object) -> None:
    details: dict[str, object] = {
        "event": event,
        "version": version.version,
        "status": version.status,
        "verdict": version.verdict,
        "rules": sorted({str(f.get("rule_id")) for f in version.decision.get("findings", [])})[:50],
        "policy_version_id": version.policy_version_id,
    }
    details.update(more)
    audit.record(store.session, actor, AuditAction.SAVED_REPLY, "saved_reply", version.reply_id, details)


def create(
    store: Store, actor: Principal, cache: EngineCache, data: ReplyInput, now: dt.datetime | None = None
) -> ReplyView:
    """A new saved reply: version 1, checked, waiting for approval."""
    _require_edit(store, cache, actor)
    names = _validate(data)
    now = now or utcnow()
    reply = SavedReply(
        org_id=actor.org_id,
        created_by=actor.user_id or None,  # 0: the command line's system actor, no person
        latest_version=1,
        approved_version=None,
        archived=False,
        use_count=0,
        created_at=now,
        updated_at=now,
    )
    store.saved_replies.add(reply)
    version = _new_version(store, cache, actor, reply, 1, data, names, now)
    _audit(store, actor, "created", version)
    return ReplyView(reply, version, None)


def load(store: Store, actor: Principal, reply_id: int, lock: bool = False) -> SavedReply:
    _require_read(actor)
    reply = store.saved_replies.get(actor.org_id, reply_id, lock=lock)
    if reply is None:
        raise NotFound("saved reply", reply_id, message=_("saved reply {id} not found", id=reply_id))
    return reply


def _view(store: Store, reply: SavedReply) -> ReplyView:
    latest = store.saved_replies.version(reply.org_id, reply.id, reply.latest_version)
    assert latest is not None  # written with the reply, deleted only with it
    approved = (
        store.saved_replies.version(reply.org_id, reply.id, reply.approved_version)
        if reply.approved_version is not None
        else None
    )
    return ReplyView(reply, latest, approved)


def get(store: Store, actor: Principal, reply_id: int) -> ReplyView:
    return _view(store, load(store, actor, reply_id))


def versions(store: Store, actor: Principal, reply_id: int) -> Sequence[SavedReplyVersion]:
    reply = load(store, actor, reply_id)
    return store.saved_replies.versions(actor.org_id, reply.id)


def list_replies(
    store: Store, actor: Principal, *, archived: bool = False, limit: int, offset: int
) -> tuple[Page[SavedReply], dict[int, SavedReplyVersion]]:
    """A page of saved replies with the latest version of each."""
    _require_read(actor)
    page = store.saved_replies.list(actor.org_id, archived=archived, limit=limit, offset=offset)
    return page, store.saved_replies.latest_of(actor.org_id, [r.id for r in page.items])


def update(
    store: Store,
    actor: Principal,
    cache: EngineCache,
    reply_id: int,
    data: ReplyInput,
    *,
    expected_version: int | None = None,
    now: dt.datetime | None = None,
) -> ReplyView:
    """A new version, checked and sent to approval; a version still in review is withdrawn (it was never used).
    The approved version stays in use until the new one is approved."""
    _require_edit(store, cache, actor)
    names = _validate(data)
    now = now or utcnow()
    reply = load(store, actor, reply_id, lock=True)
    if reply.archived:
        raise Conflict(_("the saved reply is archived: it can no longer be changed"))
    if expected_version is not None and expected_version != reply.latest_version:
        raise Conflict(
            _(
                "the saved reply changed meanwhile (now version {version}); reload it and edit again",
                version=reply.latest_version,
            )
        )
    previous = store.saved_replies.version(actor.org_id, reply.id, reply.latest_version)
    if previous is not None and previous.status == "in_review":
        previous.status, previous.decided_at = "withdrawn", now
    version = _new_version(store, cache, actor, reply, reply.latest_version + 1, data, names, now)
    reply.latest_version, reply.updated_at = version.version, now
    _audit(store, actor, "changed", version)
    return _view(store, reply)


def _under_review(
    store: Store, actor: Principal, reply_id: int, version: int
) -> tuple[SavedReply, SavedReplyVersion]:
    actor.require(Permission.APPROVALS)
    reply = load(store, actor, reply_id, lock=True)
    if reply.archived:
        raise Conflict(_("saved reply {id} is archived", id=reply_id))
    row = store.saved_replies.version(actor.org_id, reply.id, version)
    if row is None:
        raise NotFound(
            "saved reply version",
            version,
            message=_("saved reply {id} has no version {version}", id=reply_id, version=version),
        )
    if row.author_id == actor.user_id:
        raise denied(_("approve a saved reply you wrote (maker-checker: someone else must approve)"))
    if row.status != "in_review":
        raise Conflict(_("version {version} is {status}, not in review", version=version, status=row.status))
    return reply, row


def approve(
    store: Store,
    actor: Principal,
    cache: EngineCache,
    reply_id: int,
    version: int,
    *,
    comment: str = "",
    now: dt.datetime | None = None,
) -> ReplyView:
    """Sign the next level of a version; the last level makes it the version in use."""
    now = now or utcnow()
    reply, row = _under_review(store, actor, reply_id, version)
    if any(a.get("user_id") == actor.user_id for a in row.approvals):
        raise Conflict(_("you have already approved this version; another approver must sign the next level"))
    active_id, engine = active_engine(store, cache, actor.org_id)
    policy = engine.policy
    if not review.level_allows(store, policy, actor, row.approved_levels):
        raise denied(_("approve level “{level}”", level=review.level_name(policy, row.approved_levels)))
    if row.policy_version_id != active_id:  # checked again under the active policy, as a post would be
        data = ReplyInput(row.title, row.body, row.lang, row.intent, row.topic, row.holding_statement)
        decision = _check(store, engine, actor.org_id, row.author_id or actor.user_id, data)
        row.verdict, row.decision, row.policy_version_id = (
            str(decision.verdict),
            decision.to_dict(),
            active_id,
        )
        if decision.verdict is Action.BLOCK:
            raise Conflict(
                _(
                    "the active policy blocks these words ({rules}): reject this version",
                    rules=", ".join(review.blocking_rules(decision)),
                )
            )
        row.required_levels = max(
            row.required_levels, policy.approvals.levels_for(review.max_severity(decision, Action.REVIEW))
        )
    level = row.approved_levels + 1
    row.approvals = [
        *row.approvals,
        {"user_id": actor.user_id, "level": level, "at": now.isoformat(), "comment": comment.strip()[:2000]},
    ]
    row.approved_levels = level
    if level >= row.required_levels:
        row.status, row.decided_at = "approved", now
        if reply.approved_version is not None and reply.approved_version != row.version:
            old = store.saved_replies.version(actor.org_id, reply.id, reply.approved_version)
            if old is not None:
                old.status = "superseded"
        reply.approved_version, reply.updated_at = row.version, now
    _audit(store, actor, "approved", row, level=level, required_levels=row.required_levels)
    return _view(store, reply)


def reject(
    store: Store,
    actor: Principal,
    cache: EngineCache,
    reply_id: int,
    version: int,
    *,
    reason: str,
    now: dt.datetime | None = None,
) -> ReplyView:
    now = now or utcnow()
    if len(reason.strip()) < 3:
        raise Invalid.one("reason", _("say why the saved reply is rejected"))
    reply, row = _under_review(store, actor, reply_id, version)
    policy = active_policy(store, cache, actor.org_id)
    if not review.level_allows(store, policy, actor, row.approved_levels):
        raise denied(_("decide on level “{level}”", level=review.level_name(policy, row.approved_levels)))
    row.status, row.reject_reason, row.decided_at = "rejected", reason.strip()[:1000], now
    _audit(store, actor, "rejected", row, level=row.approved_levels + 1)
    return _view(store, reply)


def archive(store: Store, actor: Principal, cache: EngineCache, reply_id: int) -> ReplyView:
    """No longer suggested nor usable; its versions and uses stay for the record."""
    _require_edit(store, cache, actor)
    reply = load(store, actor, reply_id, lock=True)
    reply.archived, reply.updated_at = True, utcnow()
    view = _view(store, reply)
    _audit(store, actor, "archived", view.latest)
    return view


def review_queue(store: Store, actor: Principal, *, limit: int, offset: int) -> Page[SavedReplyVersion]:
    """Versions waiting for approval (the actor's own included, shown but not signable)."""
    actor.require(Permission.APPROVALS)
    return store.saved_replies.in_review(actor.org_id, limit, offset)


# -- use ------------------------------------------------------------------------------------------------


def usable(store: Store, actor: Principal, reply_id: int) -> tuple[SavedReply, SavedReplyVersion]:
    """The reply and its approved version, if it may be used now."""
    reply = load(store, actor, reply_id)
    if reply.archived:
        raise Conflict(_("saved reply {id} is archived", id=reply_id))
    if reply.approved_version is None:
        raise Conflict(_("saved reply {id} has no approved version yet", id=reply_id))
    version = store.saved_replies.version(actor.org_id, reply.id, reply.approved_version)
    assert version is not None
    return reply, version


def auto_values(
    store: Store, actor: Principal, cache: EngineCache | None, mention: Mention
) -> dict[str, str]:
    """What the inbox knows by itself: the author's first name and handle, who answers, the organisation."""
    values = {"handle": mention.author_handle}
    first = (mention.author_name or "").strip().split(" ")[0]
    if first:
        values["first_name"] = first
    user = store.users.get(actor.org_id, actor.user_id)
    if user is not None and user.display_name:
        values["agent_name"] = user.display_name.split(" ")[0]
    policy = active_policy(store, cache, actor.org_id)
    values["brand"] = policy.organisation.name
    return values


def render(version: SavedReplyVersion, values: Mapping[str, str]) -> str:
    """The approved words with every variable filled (a missing value is refused, naming the variable)."""
    try:
        return templates.fill(version.body, values)
    except TemplateError as exc:
        raise Invalid.one(*template_message(exc)) from None


def record_use(
    store: Store,
    actor: Principal,
    reply: SavedReply,
    version: SavedReplyVersion,
    *,
    mention_id: int | None,
    draft_id: int | None,
    now: dt.datetime | None = None,
) -> SavedReplyUse:
    now = now or utcnow()
    reply.use_count = (reply.use_count or 0) + 1
    reply.last_used_at = now
    use = SavedReplyUse(
        org_id=actor.org_id,
        reply_id=reply.id,
        version=version.version,
        user_id=actor.user_id or None,
        mention_id=mention_id,
        draft_id=draft_id,
        used_at=now,
    )
    store.session.add(use)
    store.session.flush()
    audit.record(
        store.session,
        actor,
        AuditAction.SAVED_REPLY_USE,
        "saved_reply",
        reply.id,
        {
            "version": version.version,
            "mention_id": mention_id,
            "draft_id": draft_id,
            "use_count": reply.use_count,
        },
    )
    return use


def suggest(
    store: Store,
    actor: Principal,
    mention_id: int,
    *,
    crisis: bool | None = None,
    limit: int = 5,
) -> list[Suggested]:
    """The approved saved replies for a mention, best first (docs/replies.md, "Suggestions"); with ``crisis``,
    the holding statements first (``None``: whether a crisis of the organisation is active now)."""
    _require_read(actor)
    if crisis is None:
        crisis = crisis_mode.is_active(store, actor.org_id)
    if not 1 <= limit <= MAX_SUGGESTIONS:
        raise Invalid.one("limit", _("give a number from 1 to {n}", n=MAX_SUGGESTIONS))
    mention = mentions.get_mention(store, actor, mention_id)
    pairs = store.saved_replies.usable(actor.org_id)
    examples = store.saved_replies.examples(actor.org_id, [r.id for r, _v in pairs])
    candidates = [
        Candidate(
            key=reply.id,
            title=version.title,
            body=version.body,
            lang=version.lang,
            intent=version.intent,
            topic=version.topic,
            holding_statement=version.holding_statement,
            examples=tuple(examples.get(reply.id, ())),
        )
        for reply, version in pairs
    ]
    by_id = {reply.id: (reply, version) for reply, version in pairs}
    ranked = Ranker(candidates).rank(
        mention.text, lang=mention.language, intent=mention.intent, crisis=crisis, limit=limit
    )
    return [Suggested(*by_id[s.key], s) for s in ranked]
