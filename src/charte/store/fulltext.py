"""The inbox search's full-text index on SQLite: an FTS5 trigram table over the mentions (migration 0022).

The search (``q``) is a case-insensitive substring of a mention's text or author handle: ``lower(column) LIKE
'%q%'``. PostgreSQL serves it with pg_trgm GIN indexes (0019). On SQLite, ``mentions_fts`` indexes every
three-character window of both columns; a phrase query of the lowered search finds the mentions that contain it
as a substring, case folded. The index only narrows the candidates: the repository still applies the LIKE, so
the results are exactly the scan's. It cannot serve searches shorter than three characters (no trigram), nor
run where the SQLite library lacks FTS5 or the trigram tokenizer (before 3.34): those scan, as before.
"""

from __future__ import annotations

import functools
import logging
import sqlite3

from sqlalchemy import text
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

FTS_TABLE = "mentions_fts"
#: The triggers of migration 0022 that keep the index in step with ``mentions`` (insert, delete, update).
FTS_TRIGGERS = ("mentions_fts_ai", "mentions_fts_ad", "mentions_fts_au")
#: The trigram tokenizer finds nothing shorter than this (characters of the lowered search).
MIN_CHARS = 3

_warned: set[str] = set()


@functools.cache
def fts5_trigram_supported() -> bool:
    """Whether the SQLite library of this process has FTS5 with the trigram tokenizer (probed once, in memory:
    every connection of the process uses the same library)."""
    try:
        with sqlite3.connect(":memory:") as probe:
            probe.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
    except sqlite3.Error:
        return False
    return True


def phrase(q: str) -> str | None:
    """The FTS5 query for the search ``q``: one phrase of the lowered text, its ``"`` doubled, so nothing the user
    types (``*``, ``OR``, ``NEAR``, ``:``, ``^``, parentheses) is query syntax. ``None`` when too short."""
    lowered = q.lower()
    if len(lowered) < MIN_CHARS or "\x00" in lowered:
        return None
    return '"' + lowered.replace('"', '""') + '"'


def _warn_once(reason: str) -> None:
    if reason not in _warned:
        _warned.add(reason)
        log.warning("the inbox search scans every mention of the organisation on this database: %s", reason)


def index_ready(session: Session) -> bool:
    """Whether this session's database is SQLite with the index and its three triggers (a database migrated
    where FTS5 was missing, or whose triggers a later table rebuild dropped, has an index that is not kept
    up to date: it is not used). Logs why not once per process."""
    if session.get_bind().dialect.name != "sqlite":
        return False
    if not fts5_trigram_supported():
        _warn_once(f"SQLite {sqlite3.sqlite_version} has no FTS5 trigram tokenizer (3.34 or later has)")
        return False
    names = {FTS_TABLE, *FTS_TRIGGERS}
    found = set(
        session.scalars(
            text("SELECT name FROM sqlite_master WHERE name IN (:a, :b, :c, :d)"),
            dict(zip("abcd", sorted(names), strict=True)),
        )
    )
    if found != names:
        _warn_once(
            f"no full-text index (missing: {', '.join(sorted(names - found))}; run `charte db upgrade`)"
        )
        return False
    return True
