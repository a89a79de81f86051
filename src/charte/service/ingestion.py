"""Ingestion: the store side of listening. :class:`IngestionStore` is the ``MentionSink`` and
``SourceStateStore`` the runner (``charte.listening``), the inbound webhook and file import hand batches to.

One batch is one transaction: its new mentions (classified by the active policy's engine in one
``check_many``, routed, given a deadline), its skipped events and its cursor are committed together. A
mention already stored for its source is neither classified nor inserted again, so a batch replayed after a
crash stores nothing twice, and the cursor never gets ahead of the mentions it covers.

The runner stores in two steps (:meth:`IngestionStore.prepare`, then :meth:`IngestionStore.commit`) so that
the next batch is classified while the one before is written. The duplicate read then happens before the
batch before is committed: a mention of both may be classified twice, and ``INSERT … ON CONFLICT DO NOTHING
RETURNING`` stores it once and says which rows were new (the only ones counted, fed to the spike detectors
and to the look-alike list).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session, sessionmaker

from charte.connectors.webhook import verify_signature
from charte.domain import Post
from charte.errors import InputError
from charte.i18n import _
from charte.listening.intent import decide as decide_intent
from charte.listening.lookalike import Identity
from charte.listening.sla import SlaClock
from charte.listening.types import Batch, IncomingMention, MentionSink, SourceStateStore
from charte.policy.model import Policy
from charte.service import incoming, lookalikes
from charte.service.classifying import Checked, ClassifierPool, RecentChecks, checked_many, with_recent
from charte.service.engines import EngineCache, engine_of
from charte.service.errors import AuthenticationFailed, FieldError, Invalid, NotFound
from charte.service.mention_input import MAX_EXTERNAL_ID, MAX_HANDLE, clean_text, parse_item
from charte.service.routing import deadline, route
from charte.store.db import unit_of_work
from charte.store.models import Source, utcnow
from charte.store.repositories import Store

#: Longest error message kept on a source's health (the runner's; never a secret nor personal data).
MAX_ERROR = 1000


def _top(scores: Any) -> str | None:
    if not isinstance(scores, dict) or not scores:
        return None
    return str(max(scores, key=scores.__getitem__))  # the first of the highest, as max of the items


@dataclass(frozen=True)
class SourceRef:
    """What classifying a source's mentions needs of it (plain values: usable after its session closed)."""

    id: int
    org_id: int
    kind: str
    name: str

    @classmethod
    def of(cls, source: Source) -> SourceRef:
        return cls(source.id, source.org_id, source.kind, source.name)


@dataclass
class Classifying:
    """A batch's classification under way: ``check_many`` started (in the worker processes when there is a
    pool), the incoming checks done; :meth:`rows` waits for the decisions and routes them."""

    source: SourceRef
    mentions: Sequence[IncomingMention]
    policy: Policy | None
    identity: Identity | None
    decide: Callable[[], Sequence[Checked | None]]
    flags: list[dict[str, Any] | None] | None

    def rows(self, store: Store, now: dt.datetime) -> list[dict[str, Any]]:
        """The rows to insert, each routed and with its deadline (the SLA calendars are read in ``store``)."""
        return _rows(store, self, now)


def start_classify(
    store: Store,
    engines: EngineCache,
    source: SourceRef,
    mentions: Sequence[IncomingMention],
    identities: incoming.IdentityCache | None = None,
    pool: ClassifierPool | None = None,
    recent: RecentChecks | None = None,
) -> Classifying:
    """Start classifying ``mentions`` by the organisation's active policy (none active: stored unclassified,
    unrouted; ``pool``: in worker processes, while this process runs the incoming checks; ``recent``: the
    posts it kept are not checked again)."""
    ref = store.policies.active_ref(source.org_id)
    decide: Callable[[], Sequence[Checked | None]] = lambda: [None] * len(mentions)  # noqa: E731
    policy: Policy | None = None
    if ref is not None and pool is not None:
        # Checked in the workers: this process only routes, so it parses the policy and compiles no engine
        # unless it has to check a batch itself (one is compiled already, or a worker died).
        key, policy_id = ref, ref[0]

        def load_text() -> str:
            return store.policies.text_of(policy_id) or ""

        policy = engines.policy(key, load_text)
        if mentions:  # sent to the workers now, collected in rows()
            parsed = policy
            compiled = engines.compiled(key) or (lambda: engines.get_parsed(key, parsed))
            posts = [Post(text=m.text, lang=m.lang, platform=source.kind) for m in mentions]
            workers = pool
            decide = with_recent(
                recent, key, posts, lambda some: workers.submit_checked(compiled, key, load_text, some)
            )
    elif ref is not None:
        engine = engine_of(store, engines, ref)[1]
        policy = engine.policy
        if mentions:
            posts = [Post(text=m.text, lang=m.lang, platform=source.kind) for m in mentions]
            decide = with_recent(recent, ref, posts, lambda some: _now(checked_many(engine, some)))
    identity = (identities or incoming.IdentityCache()).get(store, source.org_id, policy)
    flags = [incoming.incoming_flags(m, identity) for m in mentions] if identity is not None else None
    return Classifying(source, mentions, policy, identity, decide, flags)


def _now(checked: list[Checked]) -> Callable[[], list[Checked]]:
    return lambda: checked


def classify(
    store: Store,
    engines: EngineCache,
    source: Source | SourceRef,
    mentions: Sequence[IncomingMention],
    now: dt.datetime,
    identities: incoming.IdentityCache | None = None,
    pool: ClassifierPool | None = None,
) -> list[dict[str, Any]]:
    """The rows to insert for ``mentions``: checked in one batch by the organisation's active policy, routed
    by its conflict plan, each with its deadline and reminder time, and the incoming checks' flags
    (look-alike author, dangerous links). :func:`start_classify` and :meth:`Classifying.rows` in one call."""
    ref = source if isinstance(source, SourceRef) else SourceRef.of(source)
    return start_classify(store, engines, ref, mentions, identities, pool).rows(store, now)


def _rows(store: Store, work: Classifying, now: dt.datetime) -> list[dict[str, Any]]:
    source, mentions, policy, identity = work.source, work.mentions, work.policy, work.identity
    decisions = work.decide()
    all_flags = work.flags
    # Every mention of the batch is received at ``now``: one clock per team (the calendar is read once).
    clocks: dict[str, SlaClock | None] = {}
    # The intent cues read the text, the scores and whether the author is the brand: equal posts share one
    # result (classifying.distinct), so reposts are decided once per batch.
    intents: dict[tuple[str, int, bool], str | None] = {}
    rows = []
    org_id, source_id = source.org_id, source.id
    for index, (mention, decision) in enumerate(zip(mentions, decisions, strict=True)):
        # Each row built once, from its final values (the row's keys and their order as before).
        flag: str | None = None
        flags: dict[str, Any] | None = None
        if all_flags is not None:
            flags = all_flags[index]
            flag = incoming.flag_of(flags)
        language, toxicity, sentiment, intent, verdict = mention.lang, None, None, None, None
        findings: list[dict[str, Any]] = []
        team, priority, due_at, remind_at = None, "normal", None, None
        if decision is not None and policy is not None:
            scores = decision.scores
            from_brand = identity is not None and identity.is_own(mention.author_handle)
            same = (mention.text, id(decision), from_brand)
            if same not in intents:
                # The model's intent corrected by complaint and agent-reply cues; the brand's own posts are
                # never complaints (charte.listening.intent).
                intents[same] = decide_intent(
                    mention.text,
                    scores.get("intent"),
                    from_brand=from_brand,
                    sentiment=scores.get("sentiment"),
                )
            language = decision.lang[:8] or mention.lang
            toxicity = scores.get("toxicity")
            sentiment = _top(scores.get("sentiment"))
            intent = intents[same]
            verdict = decision.verdict
            findings = decision.findings
            fields = {
                "intent": intent,
                "sentiment": sentiment,
                "toxicity": toxicity,
                "language": language,
                "lang": language,
                "verdict": verdict,
                "source": source.kind,
                "source_name": source.name,
                "author": mention.author_handle,
                "author_name": mention.author_name,
                "text": mention.text,
                "rules": [f["rule_id"] for f in findings],
            }
            chosen = route(policy.conflict_plan, fields)
            team_key = chosen.team.id if chosen.team else ""
            if team_key not in clocks:
                clocks[team_key] = deadline(store, chosen.team, now, source.org_id)
            clock = clocks[team_key]
            team = chosen.team.id if chosen.team else None
            priority = chosen.priority
            if clock:
                due_at, remind_at = clock.due_at, clock.remind_at
        rows.append(
            {
                "org_id": org_id,
                "source_id": source_id,
                "external_id": mention.external_id,
                "text": mention.text,
                "author_handle": mention.author_handle,
                "author_name": mention.author_name,
                "url": mention.url,
                "in_reply_to": mention.in_reply_to,
                "created_at": mention.created_at,
                "received_at": now,
                "language": language,
                "toxicity": toxicity,
                "sentiment": sentiment,
                "intent": intent,
                "verdict": verdict,
                "findings": findings,
                "team": team,
                "priority": priority,
                "due_at": due_at,
                "remind_at": remind_at,
                "reminded_at": None,
                "escalated_at": None,
                "flag": flag,
                "flags": flags,
                "status": "new",
                "assignee_id": None,
                "truncated": mention.truncated,
                "updated_at": now,
            }
        )
    return rows


def _safe(mention: IncomingMention) -> IncomingMention | str:
    """The mention with its text made safe to store, or why it cannot be stored."""
    if not mention.external_id or len(mention.external_id) > MAX_EXTERNAL_ID:
        return "external id empty or too long"
    if mention.created_at.tzinfo is None:
        return "time without a time zone"
    text, cut = clean_text(mention.text)
    reply = mention.in_reply_to
    external_id = clean_text(mention.external_id)[0]
    author_handle = clean_text(mention.author_handle, MAX_HANDLE)[0]
    author_name = clean_text(mention.author_name, MAX_HANDLE)[0]
    url = clean_text(mention.url, 4000)[0] if mention.url else None
    in_reply_to = clean_text(reply, MAX_EXTERNAL_ID)[0] if reply else None
    lang = mention.lang if mention.lang and len(mention.lang) <= 8 else None
    truncated = mention.truncated or cut
    if (
        text is mention.text
        and external_id is mention.external_id
        and author_handle is mention.author_handle
        and author_name is mention.author_name
        and url is mention.url
        and in_reply_to is reply
        and lang is mention.lang
        and truncated is mention.truncated
    ):
        return mention  # already safe (the adapters clean what they read): no copy
    return IncomingMention(
        external_id=external_id,
        text=text,
        author_handle=author_handle,
        author_name=author_name,
        created_at=mention.created_at,
        url=url,
        in_reply_to=in_reply_to,
        lang=lang,
        truncated=truncated,
    )


@dataclass(frozen=True)
class Prepared:
    """A batch ready to be committed (:meth:`IngestionStore.prepare`)."""

    source: SourceRef
    batch: Batch
    now: dt.datetime
    skipped: Counter[str]
    work: Classifying | None  # None: no new mention
    newest: dt.datetime | None  # the latest creation time of the batch's mentions (the source's lag)


class IngestionStore:
    """The ``MentionSink`` and ``SourceStateStore`` over the database (thread-safe: a session per call)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        engines: EngineCache,
        clock: Callable[[], dt.datetime] = utcnow,
        *,
        spikes: incoming.SpikeFeed | None = None,
        identities: incoming.IdentityCache | None = None,
        classifier: ClassifierPool | None = None,
        recent: RecentChecks | None = None,
    ) -> None:
        self.sessions = sessions
        #: Worker processes that classify large batches (``None``: classified in this process).
        self.classifier = classifier
        self.engines = engines
        self.clock = clock
        #: The live sources' spike detectors; ``None`` (file imports, which carry old dates): not fed.
        self.spikes = spikes
        self.identities = identities or incoming.IdentityCache()
        #: The results of the last distinct posts checked (a text posted again is not checked again).
        self.recent = recent if recent is not None else RecentChecks()

    def accept(self, source_id: int, batch: Batch) -> int:
        with unit_of_work(self.sessions) as session:
            return self.accept_in(Store(session), source_id, batch)

    def accept_in(self, store: Store, source_id: int, batch: Batch) -> int:
        """:meth:`accept` inside the caller's transaction (the webhook's request)."""
        source = self._source(store, source_id, lock=True)
        return self._commit(store, source, self._prepare(store, source, batch))

    # -- in two steps, so that the runner classifies the next batch while this one is written ---------------
    def prepare(self, source_id: int, batch: Batch) -> Prepared:
        """Start storing ``batch``: its mentions cleaned, those already stored left out, the others' check
        started (in the worker processes when there is a pool) and their incoming checks done, outside any
        write transaction. :meth:`commit` stores it; a prepared batch never committed leaves no trace."""
        with unit_of_work(self.sessions) as session:
            store = Store(session)
            return self._prepare(store, self._source(store, source_id, lock=False), batch)

    def commit(self, prepared: Prepared) -> int:
        """Store a prepared batch, its skipped events and its cursor in one transaction; how many were new."""
        with unit_of_work(self.sessions) as session:
            store = Store(session)
            source = self._source(store, prepared.source.id, lock=True)
            return self._commit(store, source, prepared)

    @staticmethod
    def _source(store: Store, source_id: int, *, lock: bool) -> Source:
        source = store.sources.get_any(source_id, for_update=lock)
        if source is None:
            raise NotFound("source", source_id, message=_("source {id} not found", id=source_id))
        return source

    def _prepare(self, store: Store, source: Source, batch: Batch) -> Prepared:
        now = self.clock()
        skipped = Counter(s.reason[:64] for s in batch.skipped)
        fresh: dict[str, IncomingMention] = {}
        for mention in batch.mentions:
            safe = _safe(mention)
            if isinstance(safe, str):
                skipped[safe] += 1
            else:
                fresh.setdefault(safe.external_id, safe)  # the first of two copies in one batch
        # Mentions already stored (a batch replayed after a restart) are not classified again; one stored
        # between this read and the commit (by the batch before, still being written) is not inserted twice.
        known = store.mentions.known_ids(source.id, fresh) if fresh else set()
        new = [m for key, m in fresh.items() if key not in known]
        ref = SourceRef.of(source)
        work = (
            start_classify(
                store, self.engines, ref, new, self.identities, pool=self.classifier, recent=self.recent
            )
            if new
            else None
        )
        newest = max((m.created_at for m in fresh.values()), default=None)
        return Prepared(ref, batch, now, skipped, work, newest)

    def _commit(self, store: Store, source: Source, prepared: Prepared) -> int:
        now, batch = prepared.now, prepared.batch
        rows = prepared.work.rows(store, now) if prepared.work is not None else []
        lookalikes.apply_reviews(store, source.org_id, rows)  # a handle reviewed legitimate is not flagged
        inserted = store.mentions.insert_new_ids(rows) if rows else set()
        if len(inserted) < len(rows):
            rows = [row for row in rows if row["external_id"] in inserted]
        stored = len(inserted)
        if stored:
            lookalikes.record_sightings(store, source.org_id, source.id, source.kind, rows)
        if stored and self.spikes is not None:
            self.spikes.feed(store, source, rows, now)
        if batch.cursor is not None:
            source.cursor = batch.cursor
        if batch.mentions:
            source.last_event_at = now
            if prepared.newest is not None:
                source.lag_seconds = max(0.0, (now - prepared.newest).total_seconds())
        source.events_count = (source.events_count or 0) + stored
        skipped = prepared.skipped
        if skipped:
            reasons = dict(source.skipped_reasons or {})
            for reason, count in skipped.items():
                reasons[reason] = reasons.get(reason, 0) + count
            source.skipped_reasons = reasons
            source.skipped_count = (source.skipped_count or 0) + sum(skipped.values())
        store.session.flush()
        return stored

    def load_cursor(self, source_id: int) -> str | None:
        with unit_of_work(self.sessions) as session:
            source = Store(session).sources.get_any(source_id)
            return None if source is None else source.cursor

    def record_error(self, source_id: int, message: str, at: dt.datetime) -> None:
        with unit_of_work(self.sessions) as session:
            source = Store(session).sources.get_any(source_id, for_update=True)
            if source is None:
                return
            source.error_count = (source.error_count or 0) + 1
            source.last_error = clean_text(message, MAX_ERROR)[0]
            source.last_error_at = at


# --- the inbound webhook ------------------------------------------------------------------------------

#: Most mentions in one webhook request.
MAX_WEBHOOK_ITEMS = 1000
#: How old a signed request may be: an older one (a replay of a captured request) is refused.
WEBHOOK_TOLERANCE_SECONDS = 300


@dataclass(frozen=True)
class Received:
    received: int
    stored: int


def receive_webhook(
    store: Store,
    sink: IngestionStore,
    source_id: int,
    body: bytes,
    *,
    timestamp: str | None,
    signature: str | None,
    now: float | None = None,
) -> Received:
    """One signed request to ``POST /v1/sources/{id}/events``: one JSON mention or a list of them.

    The signature (``Charte-Signature: v1=<hex HMAC-SHA256(secret, "<Charte-Timestamp>." + body)>``, the
    scheme Charte's own outgoing webhooks use) is checked in constant time, and a timestamp more than five
    minutes away is refused. An unknown source, a source of another kind, a disabled one and a wrong
    signature get the same answer, so the endpoint tells a stranger nothing.
    """
    source = store.sources.get_any(source_id)
    if (
        source is None
        or source.kind != "webhook"
        or not source.enabled
        or not source.secret
        or not verify_signature(
            source.secret, timestamp, body, signature, tolerance_seconds=WEBHOOK_TOLERANCE_SECONDS, now=now
        )
    ):
        raise AuthenticationFailed(
            _(
                "signature not accepted: send Charte-Timestamp (unix seconds, within {minutes} minutes) and "
                'Charte-Signature: v1=<hex HMAC-SHA256 of "<timestamp>." + body with the source\'s secret>',
                minutes=WEBHOOK_TOLERANCE_SECONDS // 60,
            )
        )
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise Invalid.one("body", _("not valid JSON")) from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise Invalid.one("body", _("an empty list: send one mention or a list of them"))
    if len(items) > MAX_WEBHOOK_ITEMS:
        raise Invalid.one("body", _("at most {n} mentions per request", n=MAX_WEBHOOK_ITEMS))
    received_at = sink.clock()
    mentions, errors = [], []
    for index, item in enumerate(items):
        where = f"body[{index}]" if isinstance(data, list) else "body"
        try:
            mentions.append(parse_item(item, received_at))
        except InputError as exc:
            errors.append(FieldError(where, str(exc)))
    if errors:
        raise Invalid(errors[:50])
    return Received(len(mentions), sink.accept_in(store, source.id, Batch(mentions=mentions)))


if TYPE_CHECKING:  # mypy holds IngestionStore to the listening contract

    def _conforms(store: IngestionStore) -> tuple[MentionSink, SourceStateStore]:
        return store, store
