"""Listening: sources, mentions (idempotent inserts, the inbox's keyset lists, threads, pruning), notes, alerts."""

from __future__ import annotations

import builtins
import datetime as dt
import json
import math
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import methodcaller
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, delete, func, literal, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from charte.store import fulltext
from charte.store.db import rowcount
from charte.store.models import Alert, LookalikeAccount, Mention, MentionNote, Source
from charte.store.paging import KeysetPage, Page, decode_cursor, encode_cursor
from charte.store.repositories.base import Repository, _like, _page

MentionSort = Literal["newest", "oldest", "due"]
MENTION_SORTS: tuple[MentionSort, ...] = ("newest", "oldest", "due")
#: Rows deleted per statement when pruning, so one prune never holds a huge transaction's locks.
PRUNE_CHUNK = 5_000
#: At most this many mentions found by the full-text index (SQLite) are read by id; a search matching more of
#: them reads the inbox in its order instead, where a page of such a common text fills after a few rows.
FTS_CANDIDATES = 5_000
#: A search the index can serve first checks this many mentions in the inbox's order (newest or oldest first).
ORDERED_FIRST = 1_000
#: On SQLite, a search the index cannot serve (one or two characters, or no index), and on PostgreSQL one of one
#: or two characters, reads at most this many mentions per page, in the list's order (newest, oldest or
#: deadline first); a page not full by then ends early and the next goes on.
SCAN_BOUND = 10_000
#: Deepest reply chain the thread view follows, up or down (a loop in bad data ends there too).
THREAD_DEPTH = 50


_PG = postgresql.base.PGDialect()  # type: ignore[no-untyped-call]  # SQLAlchemy leaves it untyped


def _pg_type(column: Any) -> str:
    return str(column.type.compile(dialect=_PG)).lower()


#: The columns ``insert_new`` writes on PostgreSQL (all but the id) and the type of each in the JSON record.
_MENTION_COLUMNS = tuple(c.name for c in Mention.__table__.columns if c.name != "id")
_MENTION_TYPES = {c.name: _pg_type(c) for c in Mention.__table__.columns}


def _defaults_missing(row: Mapping[str, Any]) -> dict[str, Any]:
    """The model's Python-side defaults (``author_name=""``, ``status="new"``, ``received_at=utcnow``…) of the
    columns ``row`` leaves out: ``json_to_recordset`` bypasses them, and a column left out would be NULL."""
    out: dict[str, Any] = {}
    for column in Mention.__table__.columns:
        default = column.default
        if column.name == "id" or column.name in row or default is None:
            continue
        value = default.arg(None) if default.is_callable else default.arg
        if value is not None:
            out[column.name] = value
    return out


def _json_value(column: str, value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN or infinity: no JSON for them, and no meaning as a score
    return value


def _base_type(column: str) -> str:
    """The column's PostgreSQL type without its length (``varchar``, not ``varchar(300)``)."""
    return _MENTION_TYPES[column].partition("(")[0]


def _json_column(rows: Sequence[Mapping[str, Any]], column: str, seen: dict[int, str]) -> str:
    """One column of ``rows`` as a JSON array (a missing value is null): a float made finite, a time as its
    text (``seen``: the text of each time object formatted already, by its id; the rows hold them until the
    end, so their ids stay theirs)."""
    values = [row.get(column) for row in rows]
    kind = _MENTION_TYPES[column]
    if kind in ("float", "double precision", "real"):
        values = [_json_value(column, value) if isinstance(value, float) else value for value in values]
    elif kind.startswith("timestamp"):
        out: list[Any] = []
        for value in values:
            if isinstance(value, dt.datetime):
                stamp = seen.get(id(value))
                if stamp is None:
                    stamp = seen[id(value)] = _json_default(value)
                value = stamp
            out.append(value)
        values = out
    return json.dumps(values, ensure_ascii=False, allow_nan=False, default=_json_default)


#: Values a batch's rows may share as one statement parameter (the column's JSON ones are not: a JSON
#: record's string is JSON text there, a parameter's would be parsed as JSON).
_SCALARS = (str, int, float, dt.datetime)


def _shared(rows: Sequence[Mapping[str, Any]], names: Sequence[str]) -> list[str]:
    """The columns whose value is the same object in every row (the organisation, the source, the received
    and updated times, the status, the NULLs a new mention has): sent once as parameters, not in each record."""
    first = rows[0]
    out = []
    for column in names:
        if column == "external_id":
            continue  # each row's own (the record needs a column, and RETURNING names the rows)
        value = first.get(column)
        if value is not None and (
            not isinstance(value, _SCALARS) or _MENTION_TYPES[column] in ("json", "jsonb")
        ):
            continue
        if all(map(operator.is_, map(methodcaller("get", column), rows), repeat(value))):  # C loops
            out.append(column)
    return out


def _parameter(column: str, value: Any) -> Any:
    """A shared value as the JSON record would have carried it (a float made finite, a time as its text)."""
    if value is None:
        return None
    if _MENTION_TYPES[column].startswith("timestamp"):
        return _json_default(value)
    return _json_value(column, value)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use UTC-aware datetimes")
        return value.astimezone(dt.UTC).isoformat()
    raise TypeError(f"{type(value).__name__} cannot be stored in a mention")


@dataclass(frozen=True)
class MentionQuery:
    """The inbox's filters; ``teams`` is who may see what (None: every mention of the organisation)."""

    status: str | None = None
    team: str | None = None
    assignee_id: int | None = None
    unassigned: bool = False
    intent: str | None = None
    sentiment: str | None = None
    language: str | None = None
    source_id: int | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    q: str | None = None
    teams: frozenset[str] | None = None
    sort: MentionSort = "newest"
    #: "flagged" (a look-alike author or a dangerous link) or "impersonation" (a look-alike author only).
    flags: str | None = None


class Sources(Repository):
    def get(self, org_id: int, source_id: int) -> Source | None:
        return self.session.scalar(select(Source).where(Source.id == source_id, Source.org_id == org_id))

    def get_any(self, source_id: int, *, for_update: bool = False) -> Source | None:
        """A source by id alone: for the ingestion worker, which serves every organisation."""
        query = select(Source).where(Source.id == source_id)
        return self.session.scalar(query.with_for_update() if for_update else query)

    def by_name(self, org_id: int, name: str) -> Source | None:
        return self.session.scalar(select(Source).where(Source.org_id == org_id, Source.name == name))

    def list(self, org_id: int, *, limit: int, offset: int) -> Page[Source]:
        return _page(self.session, select(Source).where(Source.org_id == org_id), Source.id, limit, offset)

    def enabled(self, org_id: int | None = None) -> Sequence[Source]:
        query = select(Source).where(Source.enabled.is_(True))
        if org_id is not None:
            query = query.where(Source.org_id == org_id)
        return self.session.scalars(query.order_by(Source.id)).all()

    def delete(self, row: Source) -> None:
        self.session.delete(row)
        self.session.flush()

    def claim(
        self, source_ids: Iterable[int], owner: str, now: dt.datetime, until: dt.datetime
    ) -> builtins.set[int]:
        """Take or renew the ingestion lease of each source whose lease is free, expired or ``owner``'s own;
        return the ids ``owner`` now holds. One conditional UPDATE: of two workers claiming at once, the
        database lets one win (the other's condition no longer holds once the row is updated)."""
        ids = sorted(builtins.set(source_ids))
        if not ids:
            return builtins.set()
        self._autoflush()
        held = self.session.scalars(
            update(Source)
            .where(
                Source.id.in_(ids),
                or_(
                    Source.lease_owner.is_(None),
                    Source.lease_owner == owner,
                    Source.lease_expires_at.is_(None),
                    Source.lease_expires_at < now,
                ),
            )
            .values(lease_owner=owner, lease_expires_at=until)
            .returning(Source.id)
            .execution_options(synchronize_session=False)
        )
        return builtins.set(held)

    def release(self, owner: str, source_ids: Iterable[int] | None = None) -> int:
        """Give up ``owner``'s leases (all, or those of ``source_ids``): another worker may take them at once."""
        stmt = update(Source).where(Source.lease_owner == owner)
        if source_ids is not None:
            stmt = stmt.where(Source.id.in_(sorted(builtins.set(source_ids))))
        return rowcount(
            self.session.execute(
                stmt.values(lease_owner=None, lease_expires_at=None).execution_options(
                    synchronize_session=False
                )
            )
        )


class Mentions(Repository):
    def get(self, org_id: int, mention_id: int) -> Mention | None:
        return self.session.scalar(select(Mention).where(Mention.id == mention_id, Mention.org_id == org_id))

    def known_ids(self, source_id: int, external_ids: Iterable[str]) -> set[str]:
        """Which of ``external_ids`` this source already stored (a replayed batch is not classified again)."""
        return builtins.set(self._stored(source_id, external_ids, with_ids=False))

    def ids_of(self, source_id: int, external_ids: Iterable[str]) -> dict[str, int]:
        """The id of each of ``external_ids`` this source stored (the others left out)."""
        return {
            key: ident for key, ident in self._stored(source_id, external_ids, with_ids=True).items() if ident
        }

    def _stored(self, source_id: int, external_ids: Iterable[str], *, with_ids: bool) -> dict[str, int]:
        """The stored ``external_ids`` of a source by point lookups in the unique index, whatever the size of
        the table; ``with_ids``: each with its mention's id (else 0: an index-only read on PostgreSQL).

        PostgreSQL gets one probe of ``uq_mentions_source_external`` per id (a ``LATERAL`` subquery with ``LIMIT
        1``, which the planner cannot turn into a scan), because ``source_id = :s AND external_id IN (…)`` was
        planned from statistics: with none (a table not analysed yet, autovacuum behind or off) or in the
        generic plan of a prepared statement, as a read of every mention of the source by the index's first
        column, the list checked on each. A batch then cost in proportion to the mentions already stored: the
        ingestion's database time per mention grew with the table (docs/listening-sources.md, *Throughput*).
        """
        wanted = list(dict.fromkeys(external_ids))
        found: dict[str, int] = {}
        if not wanted:
            return found
        if self.session.get_bind().dialect.name == "postgresql":
            column = "m.id" if with_ids else "0"
            # The ids go as one JSON array (``json.dumps`` is C): psycopg dumps a list parameter as an array
            # element by element in Python (7 µs an id of the ingesting process's CPU, against 1).
            statement = text(
                "SELECT k.external_id, hit.id FROM json_array_elements_text(CAST(:ids AS json)) AS k(external_id) "
                f"CROSS JOIN LATERAL (SELECT {column} AS id FROM mentions AS m "
                "WHERE m.source_id = :source AND m.external_id = k.external_id LIMIT 1) AS hit"
            )
            for start in range(0, len(wanted), 5000):
                ids = json.dumps(wanted[start : start + 5000])
                result = self.session.execute(statement, {"ids": ids, "source": source_id})
                found.update((key, ident) for key, ident in result)
            return found
        # SQLite plans the IN list as probes of the unique index (no statistics needed).
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = self.session.execute(
                select(Mention.external_id, Mention.id if with_ids else literal(0)).where(
                    Mention.source_id == source_id, Mention.external_id.in_(chunk)
                )
            )
            found.update((key, ident) for key, ident in rows)
        return found

    def insert_new(self, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert the rows whose (source_id, external_id) is not stored yet; return how many were new."""
        return len(self.insert_new_ids(rows))

    def insert_new_ids(self, rows: Sequence[Mapping[str, Any]]) -> builtins.set[str]:
        """Insert the rows whose (source_id, external_id) is not stored yet; return the external ids inserted.

        ``ON CONFLICT DO NOTHING … RETURNING`` (PostgreSQL and SQLite alike): two writers racing on one mention
        store it once, neither fails, and each learns which rows were its own in the same statement (no
        duplicate check before it). The rows are of one source.
        """
        if not rows:
            return builtins.set()
        self._autoflush()
        dialect = self.session.get_bind().dialect.name
        if dialect == "postgresql":
            return self._insert_pg(rows)
        stmt = sqlite.insert(Mention).on_conflict_do_nothing(index_elements=["source_id", "external_id"])
        new: builtins.set[str] = builtins.set()
        for start in range(0, len(rows), 1000):
            chunk = [dict(r) for r in rows[start : start + 1000]]
            new.update(self.session.scalars(stmt.returning(Mention.external_id), chunk).all())
        return new

    def _insert_pg(self, rows: Sequence[Mapping[str, Any]]) -> builtins.set[str]:
        """PostgreSQL: one ``INSERT … SELECT FROM ROWS FROM (json_array_elements_text(:c0), …) ON CONFLICT DO
        NOTHING RETURNING external_id`` per 5,000 rows. Each column goes as one JSON array (``json.dumps`` of a
        list is C, and no row is a dict of its own nor repeats the column names: a JSON record per row,
        ``json_to_recordset``, cost the ingesting process about half again as much); psycopg's per-value
        escaping of arrays and SQLAlchemy's executemany with RETURNING, a statement per few rows, were most of
        the store's own time before that."""
        missing = _defaults_missing(rows[0])
        if missing:  # what SQLAlchemy fills in on SQLite's INSERT: the same row on both backends
            rows = [{**missing, **r} for r in rows]
        names = [c for c in _MENTION_COLUMNS if c in rows[0]]
        shared = _shared(rows, names)
        own = [c for c in names if c not in shared]
        # Each own column is one JSON array read as text elements (a JSON null is NULL), cast to the column's
        # type without its length (a value too long fails on the insert, never cut by the cast); a JSON
        # column's element is its JSON text.
        arrays = ", ".join(f"json_array_elements_text(CAST(:c_{i} AS json))" for i in range(len(own)))
        values = ", ".join(
            f"CAST(:shared_{shared.index(c)} AS {_base_type(c)})"
            if c in shared
            else (
                f"r.c_{own.index(c)}"
                if _base_type(c) == "text"
                else f"CAST(r.c_{own.index(c)} AS {_base_type(c)})"
            )
            for c in names
        )
        parameters = {f"shared_{i}": _parameter(c, rows[0].get(c)) for i, c in enumerate(shared)}
        statement = text(
            f"INSERT INTO mentions ({', '.join(names)}) SELECT {values} "
            f"FROM ROWS FROM ({arrays}) AS r({', '.join(f'c_{i}' for i in range(len(own)))}) "
            "ON CONFLICT (source_id, external_id) DO NOTHING RETURNING external_id"
        )
        seen: dict[int, str] = {}  # a batch's rows share their deadlines: each time formatted once
        new: builtins.set[str] = builtins.set()
        for start in range(0, len(rows), 5000):
            chunk = rows[start : start + 5000]
            columns = {f"c_{i}": _json_column(chunk, c, seen) for i, c in enumerate(own)}
            new.update(self.session.scalars(statement, {**columns, **parameters}).all())
        return new

    def list(
        self, org_id: int, query: MentionQuery, *, limit: int, cursor: str | None
    ) -> KeysetPage[Mention]:
        stmt = select(Mention).where(Mention.org_id == org_id, *self._filters(query))
        if _searched(query) and self._short_scan(query):
            return self._scanned(_windows(stmt, query.sort, cursor), query, limit)
        if query.sort == "due":
            rows = self._by_deadline(stmt, query, limit + 1, cursor)
        else:
            [(stmt, order)] = _windows(stmt, query.sort, cursor)
            rows = self._in_order(stmt, order, query, limit + 1)
        more = len(rows) > limit
        rows = rows[:limit]
        return KeysetPage(rows, _cursor_of(query.sort, rows[-1]) if more else None, limit)

    def _short_scan(self, query: MentionQuery) -> bool:
        """A search no index can serve, where each page reads at most ``SCAN_BOUND`` mentions: on SQLite, one
        its full-text index cannot serve (shorter than three characters, or no index); on PostgreSQL, one shorter
        than three characters (a trigram index has no trigram to look up, so the planner reads every mention
        of the organisation: seconds at a million)."""
        if self.session.get_bind().dialect.name == "sqlite":
            return not self._indexable(query)
        return fulltext.phrase(query.q or "") is None

    def _scanned(
        self, windows: builtins.list[_Window], query: MentionQuery, limit: int
    ) -> KeysetPage[Mention]:
        """In the list's order (the windows one after the other: for the deadline, the dated mentions then the
        others), reading at most ``SCAN_BOUND`` mentions in all. A page not full by then ends early, its cursor
        after the last mention read (not the last one found): the next page goes on from there, so the pages
        together hold exactly the mentions the search matches, however rare, and none costs more than the
        bound."""
        read = found = 0
        last: int | None = None
        ids: builtins.list[int] = []
        for stmt, order in windows:
            if found > limit or read >= SCAN_BOUND:
                break
            window = stmt.with_only_columns(Mention.id, and_(*_searched(query)))
            window = window.order_by(*order).limit(SCAN_BOUND - read)
            with self.session.connection().execute(window) as rows:
                for ident, matched in rows:
                    read += 1
                    last = ident
                    if matched:
                        found += 1
                        if found > limit:
                            break
                        ids.append(ident)
        wanted = [*ids] if last is None else [*ids, last]
        by_id = {m.id: m for m in self.session.scalars(select(Mention).where(Mention.id.in_(wanted)))}
        items = [by_id[i] for i in ids]
        if found > limit:
            return KeysetPage(items, _cursor_of(query.sort, items[-1]), limit)
        if last is not None and read == SCAN_BOUND:
            return KeysetPage(items, _cursor_of(query.sort, by_id[last]), limit)
        return KeysetPage(items, None, limit)

    def _in_order(
        self, stmt: Select[Mention], order: tuple[Any, ...], query: MentionQuery, wanted: int
    ) -> builtins.list[Mention]:
        """The first ``wanted`` mentions of ``stmt`` in ``order`` that the search matches. A search the
        full-text index can serve reads the first ``ORDERED_FIRST`` mentions in the order, checking the search
        on each: a common text fills the page there. Only if it does not are the index's candidates looked up
        (a rare text), or, when they are too many, the rest read in order."""
        searched = _searched(query)
        if searched and self._indexable(query):
            ids, read = self._first_found(stmt, order, and_(*searched), wanted)
            if len(ids) == wanted or read < ORDERED_FIRST:
                by_id = {m.id: m for m in self.session.scalars(select(Mention).where(Mention.id.in_(ids)))}
                return [by_id[i] for i in ids]
            stmt = stmt.where(*self._found(query, FTS_CANDIDATES))
        return builtins.list(self.session.scalars(stmt.where(*searched).order_by(*order).limit(wanted)))

    def _first_found(
        self, stmt: Select[Mention], order: tuple[Any, ...], searched: ColumnElement[bool], wanted: int
    ) -> tuple[builtins.list[int], int]:
        """The ids among the first ``ORDERED_FIRST`` mentions in ``order`` that the search matches, at most
        ``wanted`` of them, and how many mentions were read. SQLite computes rows as they are fetched: the read
        stops at the ``wanted``-th match."""
        ids: builtins.list[int] = []
        read = 0
        window = stmt.with_only_columns(Mention.id, searched).order_by(*order).limit(ORDERED_FIRST)
        with self.session.connection().execute(window) as rows:
            for ident, matched in rows:
                read += 1
                if matched:
                    ids.append(ident)
                    if len(ids) == wanted:
                        break
        return ids, read

    def _by_deadline(
        self, stmt: Select[Mention], query: MentionQuery, wanted: int, cursor: str | None
    ) -> builtins.list[Mention]:
        """Soonest deadline first, then the mentions without one: two index-ordered reads (``ix_mentions_org_due``)
        rather than one ``ORDER BY due_at IS NULL`` that no index serves (:func:`_windows`)."""
        rows: builtins.list[Mention] = []
        for part, order in _windows(stmt, "due", cursor):
            if len(rows) >= wanted:
                break
            rows += self._in_order(part, order, query, wanted - len(rows))
        return rows

    def count(self, org_id: int, query: MentionQuery) -> int:
        stmt = (
            select(func.count())
            .select_from(Mention)
            .where(
                Mention.org_id == org_id, *self._filters(query), *_searched(query), *self._found(query, None)
            )
        )
        return self.session.scalar(stmt) or 0

    def _indexable(self, query: MentionQuery) -> bool:
        return (
            bool(query.q)
            and fulltext.phrase(query.q or "") is not None
            and fulltext.index_ready(self.session)
        )

    def _found(self, query: MentionQuery, most: int | None) -> builtins.list[ColumnElement[bool]]:
        """On SQLite with the full-text index (``charte.store.fulltext``): the search's candidates, the ids of
        the mentions (of any organisation) whose text or author contains ``q`` case folded; the LIKE of
        :func:`_searched` still decides. Nothing when the index cannot serve the search or, past ``most``
        candidates, when reading the inbox in order is the cheaper way (a common text)."""
        if not self._indexable(query):
            return []
        match = fulltext.phrase(query.q or "")
        found = (
            select(text("rowid"))
            .select_from(text(fulltext.FTS_TABLE))
            .where(text(f"{fulltext.FTS_TABLE} MATCH :match").bindparams(match=match))
        )
        if most is None:
            return [Mention.id.in_(found.scalar_subquery())]
        ids = builtins.list(self.session.scalars(found.limit(most + 1)))
        return [] if len(ids) > most else [Mention.id.in_(ids)]

    @staticmethod
    def _filters(query: MentionQuery) -> builtins.list[ColumnElement[bool]]:
        where: builtins.list[ColumnElement[bool]] = []
        if query.teams is not None:
            where.append(Mention.team.in_(sorted(query.teams)))
        for column, value in (
            (Mention.status, query.status),
            (Mention.team, query.team),
            (Mention.intent, query.intent),
            (Mention.sentiment, query.sentiment),
            (Mention.language, query.language),
            (Mention.source_id, query.source_id),
            (Mention.assignee_id, query.assignee_id),
        ):
            if value is not None:
                where.append(column == value)
        if query.unassigned:
            where.append(Mention.assignee_id.is_(None))
        if query.flags == "flagged":
            where.append(Mention.flag.is_not(None))
        elif query.flags == "impersonation":
            where.append(Mention.flag == "account")
        if query.since is not None:
            where.append(Mention.received_at >= query.since)
        if query.until is not None:
            where.append(Mention.received_at < query.until)
        return where

    def thread(self, mention: Mention) -> tuple[builtins.list[Mention], builtins.list[Mention]]:
        """``(ancestors, replies)`` of a mention within its source: the chain it answers (oldest first), and
        the messages answering it or its replies, breadth first."""
        ancestors: builtins.list[Mention] = []
        seen = {mention.external_id}
        parent = mention.in_reply_to
        while parent and parent not in seen and len(ancestors) < THREAD_DEPTH:
            seen.add(parent)
            row = self._by_external(mention.source_id, parent)
            if row is None:
                break
            ancestors.insert(0, row)
            parent = row.in_reply_to
        replies: builtins.list[Mention] = []
        frontier = [mention.external_id]
        for _ in range(THREAD_DEPTH):
            if not frontier:
                break
            found = self.session.scalars(
                select(Mention)
                .where(
                    Mention.org_id == mention.org_id,
                    Mention.source_id == mention.source_id,
                    Mention.in_reply_to.in_(frontier),
                )
                .order_by(Mention.created_at, Mention.id)
                .limit(500)
            ).all()
            fresh = [r for r in found if r.external_id not in seen]
            seen.update(r.external_id for r in fresh)
            replies.extend(fresh)
            frontier = [r.external_id for r in fresh]
        return ancestors, replies

    def _by_external(self, source_id: int, external_id: str) -> Mention | None:
        return self.session.scalar(
            select(Mention).where(Mention.source_id == source_id, Mention.external_id == external_id)
        )

    def prune(self, before: dt.datetime, org_id: int | None = None, *, commit_each: bool = False) -> int:
        """Delete the mentions received before ``before`` (their notes go with them); return how many.

        ``commit_each``: commit after each chunk of ``PRUNE_CHUNK`` rows (the operator's command), so a prune of
        millions of rows never holds one huge transaction's locks and an interrupted one keeps what it did."""
        self._autoflush()
        total = 0
        while True:
            ids = select(Mention.id).where(Mention.received_at < before)
            if org_id is not None:
                ids = ids.where(Mention.org_id == org_id)
            chunk = builtins.list(self.session.scalars(ids.limit(PRUNE_CHUNK)))
            if not chunk:
                return total
            self.session.execute(delete(MentionNote).where(MentionNote.mention_id.in_(chunk)))
            total += rowcount(self.session.execute(delete(Mention).where(Mention.id.in_(chunk))))
            if commit_each:
                self.session.commit()

    def sla_due(
        self, step: Literal["reminder", "breach"], now: dt.datetime, statuses: Sequence[str], limit: int
    ) -> builtins.list[Mention]:
        """Open mentions whose reminder (or due) time has come and that were not reminded (or escalated)
        yet, oldest first, locked and skipped by other workers so two never send the same notice."""
        column, done = (
            (Mention.remind_at, Mention.reminded_at)
            if step == "reminder"
            else (Mention.due_at, Mention.escalated_at)
        )
        stmt = (
            select(Mention)
            .where(column.is_not(None), column <= now, done.is_(None), Mention.status.in_(statuses))
            .order_by(column)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return builtins.list(self.session.scalars(stmt))


def _searched(query: MentionQuery) -> builtins.list[ColumnElement[bool]]:
    """The search ``q``: a case-insensitive substring of the text or the author handle (what decides, on every
    backend; SQLite's full-text index only narrows the rows it is checked on)."""
    if not query.q:
        return []
    pattern = _like(query.q)
    return [
        or_(
            func.lower(Mention.text).like(pattern, escape="\\"),
            func.lower(Mention.author_handle).like(pattern, escape="\\"),
        )
    ]


#: A part of the inbox's list and the order it is read in.
_Window = tuple[Select[Mention], tuple[Any, ...]]


def _windows(stmt: Select[Mention], sort: MentionSort, cursor: str | None) -> builtins.list[_Window]:
    """The list after ``cursor``, as the parts read one after the other, each in an order an index serves: one
    for newest or oldest first; for the deadline, the mentions with one (soonest first) then those without
    (a cursor in the latter skips the former)."""
    if sort != "due":
        return [(stmt if cursor is None else stmt.where(_after(sort, cursor)), _order(sort))]
    in_nulls = cursor is not None and decode_cursor(cursor, 2)[0] is None
    parts: builtins.list[_Window] = []
    if not in_nulls:
        dated = stmt.where(Mention.due_at.is_not(None))
        if cursor is not None:
            dated = dated.where(_after("due", cursor))
        parts.append((dated, (Mention.due_at, Mention.id)))
    undated = stmt.where(Mention.due_at.is_(None))
    if in_nulls and cursor is not None:
        undated = undated.where(_after("due", cursor))
    parts.append((undated, (Mention.id,)))
    return parts


def _order(sort: MentionSort) -> tuple[Any, ...]:
    if sort == "oldest":
        return (Mention.received_at.asc(), Mention.id.asc())
    if sort == "due":
        return (Mention.due_at.is_(None).asc(), Mention.due_at.asc(), Mention.id.asc())
    return (Mention.received_at.desc(), Mention.id.desc())


def _cursor_of(sort: MentionSort, row: Mention) -> str:
    return encode_cursor([row.due_at if sort == "due" else row.received_at, row.id])


def _after(sort: MentionSort, cursor: str) -> ColumnElement[bool]:
    raw, ident = decode_cursor(cursor, 2)
    if not isinstance(ident, int) or not (raw is None or isinstance(raw, str)):
        raise ValueError("not a cursor this list gave out")
    try:
        at = None if raw is None else dt.datetime.fromisoformat(raw)
    except ValueError:
        raise ValueError("not a cursor this list gave out") from None
    if at is not None and at.tzinfo is None:
        raise ValueError("not a cursor this list gave out")
    if sort == "due":
        if at is None:
            return and_(Mention.due_at.is_(None), Mention.id > ident)
        return or_(Mention.due_at > at, and_(Mention.due_at == at, Mention.id > ident))
    if at is None:
        raise ValueError("not a cursor this list gave out")
    if sort == "oldest":
        return or_(Mention.received_at > at, and_(Mention.received_at == at, Mention.id > ident))
    return or_(Mention.received_at < at, and_(Mention.received_at == at, Mention.id < ident))


class MentionNotes(Repository):
    def of(self, org_id: int, mention_id: int) -> Sequence[MentionNote]:
        return self.session.scalars(
            select(MentionNote)
            .where(MentionNote.org_id == org_id, MentionNote.mention_id == mention_id)
            .order_by(MentionNote.created_at, MentionNote.id)
        ).all()


class Alerts(Repository):
    def get(self, org_id: int, alert_id: int) -> Alert | None:
        return self.session.scalar(select(Alert).where(Alert.id == alert_id, Alert.org_id == org_id))

    def list(self, org_id: int, *, acknowledged: bool | None, limit: int, offset: int) -> Page[Alert]:
        query = select(Alert).where(Alert.org_id == org_id)
        if acknowledged is not None:
            query = query.where(Alert.acknowledged.is_(acknowledged))
        return _page(self.session, query, Alert.created_at.desc(), limit, offset)


#: The review states a look-alike account can be filtered on: not reviewed yet, or one of the verdicts.
LookalikeStatus = Literal["unreviewed", "impersonator", "legitimate", "unsure"]


class Lookalikes(Repository):
    """The impersonation watch's review list: one row per suspicious handle of an organisation."""

    def get(self, org_id: int, lookalike_id: int) -> LookalikeAccount | None:
        return self.session.scalar(
            select(LookalikeAccount).where(
                LookalikeAccount.id == lookalike_id, LookalikeAccount.org_id == org_id
            )
        )

    def by_keys(self, org_id: int, keys: Iterable[str]) -> dict[str, LookalikeAccount]:
        """The rows of these handle keys (case-folded handles), locked for the update that follows."""
        wanted = sorted(set(keys))
        if not wanted:
            return {}
        rows = self.session.scalars(
            select(LookalikeAccount)
            .where(LookalikeAccount.org_id == org_id, LookalikeAccount.handle_key.in_(wanted))
            .with_for_update()
        )
        return {row.handle_key: row for row in rows}

    def insert_new(self, values: Mapping[str, Any]) -> LookalikeAccount | None:
        """Insert the row of a handle not kept yet and return it; ``None`` when another writer (a second source,
        a second worker) kept it meanwhile. ``ON CONFLICT DO NOTHING``: the batch storing it never fails."""
        dialect = self.session.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        stmt = insert(LookalikeAccount).on_conflict_do_nothing(index_elements=["org_id", "handle_key"])
        ident = self.session.execute(stmt.returning(LookalikeAccount.id), [dict(values)]).scalar()
        return None if ident is None else self.session.get(LookalikeAccount, ident)

    def list(
        self,
        org_id: int,
        *,
        status: LookalikeStatus | None,
        kind: str | None,
        q: str | None,
        limit: int,
        offset: int,
    ) -> Page[LookalikeAccount]:
        """Most recently seen first; ``q`` searches the handle, the display name and the imitated name."""
        query = select(LookalikeAccount).where(LookalikeAccount.org_id == org_id)
        if status == "unreviewed":
            query = query.where(LookalikeAccount.verdict.is_(None))
        elif status is not None:
            query = query.where(LookalikeAccount.verdict == status)
        if kind:
            query = query.where(LookalikeAccount.kind == kind)
        if q:
            pattern = _like(q)
            query = query.where(
                or_(
                    func.lower(LookalikeAccount.handle).like(pattern, escape="\\"),
                    func.lower(LookalikeAccount.display_name).like(pattern, escape="\\"),
                    func.lower(LookalikeAccount.target).like(pattern, escape="\\"),
                )
            )
        return _page(self.session, query, LookalikeAccount.last_seen.desc(), limit, offset)
