"""Ingestion: the store side of listening. :class:`IngestionStore` is the ``MentionSink`` and
``SourceStateStore`` the runner (``charte.listening``), the inbound webhook and file import hand batches to.

One batch is one transaction: its new mentions (classified by the active policy's engine in one
``check_many``, routed, given a deadline), its skipped events and its cursor are committed together. A
mention already stored for its source is neither classified nor inserted again, so a batch replayed after a
crash stores nothing twice, and the cursor never gets ahead of the mentions it covers.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from charte.domain import Post
from charte.listening.types import Batch, IncomingMention
from charte.policy.model import Policy
from charte.service.engines import EngineCache, active_engine
from charte.service.errors import NoActivePolicy, NotFound
from charte.service.mention_input import MAX_EXTERNAL_ID, MAX_HANDLE, clean_text
from charte.service.routing import deadline, route
from charte.store.db import unit_of_work
from charte.store.models import Source, utcnow
from charte.store.repositories import Store

#: Longest error message kept on a source's health (the runner's; never a secret nor personal data).
MAX_ERROR = 1000


def _top(scores: Any) -> str | None:
    if not isinstance(scores, dict) or not scores:
        return None
    return str(max(scores.items(), key=lambda kv: kv[1])[0])


def classify(
    store: Store, engines: EngineCache, source: Source, mentions: Sequence[IncomingMention], now: dt.datetime
) -> list[dict[str, Any]]:
    """The rows to insert for ``mentions``: checked in one batch by the organisation's active policy (none
    active: stored unclassified, unrouted), routed by its conflict plan, each with its deadline."""
    try:
        _, engine = active_engine(store, engines, source.org_id)
    except NoActivePolicy:
        engine = None
    decisions = (
        engine.check_many([Post(text=m.text, lang=m.lang, platform=source.kind) for m in mentions])
        if engine is not None
        else [None] * len(mentions)
    )
    policy: Policy | None = engine.policy if engine is not None else None
    rows = []
    for mention, decision in zip(mentions, decisions, strict=True):
        row: dict[str, Any] = {
            "org_id": source.org_id,
            "source_id": source.id,
            "external_id": mention.external_id,
            "text": mention.text,
            "author_handle": mention.author_handle,
            "author_name": mention.author_name,
            "url": mention.url,
            "in_reply_to": mention.in_reply_to,
            "created_at": mention.created_at,
            "received_at": now,
            "language": mention.lang,
            "toxicity": None,
            "sentiment": None,
            "intent": None,
            "verdict": None,
            "findings": [],
            "team": None,
            "priority": "normal",
            "due_at": None,
            "status": "new",
            "assignee_id": None,
            "truncated": mention.truncated,
            "updated_at": now,
        }
        if decision is not None and policy is not None:
            scores = decision.scores
            row.update(
                language=decision.lang[:8] or mention.lang,
                toxicity=scores.get("toxicity"),
                sentiment=_top(scores.get("sentiment")),
                intent=_top(scores.get("intent")),
                verdict=str(decision.verdict),
                findings=decision.to_dict()["findings"],
            )
            fields = {
                "intent": row["intent"],
                "sentiment": row["sentiment"],
                "toxicity": row["toxicity"],
                "language": row["language"],
                "lang": row["language"],
                "verdict": row["verdict"],
                "source": source.kind,
                "source_name": source.name,
                "author": mention.author_handle,
                "author_name": mention.author_name,
                "text": mention.text,
                "rules": [f["rule_id"] for f in row["findings"]],
            }
            chosen = route(policy.conflict_plan, fields)
            row.update(
                team=chosen.team.id if chosen.team else None,
                priority=chosen.priority,
                due_at=deadline(chosen.team, now, source.org_id),
            )
        rows.append(row)
    return rows


def _safe(mention: IncomingMention) -> IncomingMention | str:
    """The mention with its text made safe to store, or why it cannot be stored."""
    if not mention.external_id or len(mention.external_id) > MAX_EXTERNAL_ID:
        return "external id empty or too long"
    if mention.created_at.tzinfo is None:
        return "time without a time zone"
    text, cut = clean_text(mention.text)
    reply = mention.in_reply_to
    return IncomingMention(
        external_id=clean_text(mention.external_id)[0],
        text=text,
        author_handle=clean_text(mention.author_handle, MAX_HANDLE)[0],
        author_name=clean_text(mention.author_name, MAX_HANDLE)[0],
        created_at=mention.created_at,
        url=clean_text(mention.url, 4000)[0] if mention.url else None,
        in_reply_to=clean_text(reply, MAX_EXTERNAL_ID)[0] if reply else None,
        lang=mention.lang if mention.lang and len(mention.lang) <= 8 else None,
        truncated=mention.truncated or cut,
    )


class IngestionStore:
    """The ``MentionSink`` and ``SourceStateStore`` over the database (thread-safe: a session per call)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        engines: EngineCache,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.sessions = sessions
        self.engines = engines
        self.clock = clock

    def accept(self, source_id: int, batch: Batch) -> int:
        with unit_of_work(self.sessions) as session:
            return self.accept_in(Store(session), source_id, batch)

    def accept_in(self, store: Store, source_id: int, batch: Batch) -> int:
        """:meth:`accept` inside the caller's transaction (the webhook's request)."""
        source = store.sources.get_any(source_id, for_update=True)
        if source is None:
            raise NotFound("source", source_id)
        now = self.clock()
        skipped = Counter(s.reason[:64] for s in batch.skipped)
        fresh: dict[str, IncomingMention] = {}
        for mention in batch.mentions:
            safe = _safe(mention)
            if isinstance(safe, str):
                skipped[safe] += 1
            else:
                fresh.setdefault(safe.external_id, safe)  # the first of two copies in one batch
        known = store.mentions.known_ids(source.id, fresh)
        new = [m for key, m in fresh.items() if key not in known]
        stored = store.mentions.insert_new(classify(store, self.engines, source, new, now)) if new else 0
        if batch.cursor is not None:
            source.cursor = batch.cursor
        if batch.mentions:
            source.last_event_at = now
            newest = max((m.created_at for m in fresh.values()), default=None)
            if newest is not None:
                source.lag_seconds = max(0.0, (now - newest).total_seconds())
        source.events_count = (source.events_count or 0) + stored
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
