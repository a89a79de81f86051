"""Sending a notice as soon as the transaction that queued it commits, rather than at the next periodic pass.

:func:`charte.service.notifications.notify` marks its session (:func:`mark`); when that session's transaction
commits, the process's wake-ups (:func:`subscribe`: the embedded job runner makes the ``notifications`` job due
at once) are called. A rollback clears the mark: nothing is woken for rows that were never written.

The outbox's guarantees do not rest on this: the rows are written in the caller's transaction and read by the
deliverer only once committed, claimed as before (``SKIP LOCKED`` on PostgreSQL, a conditional UPDATE on
SQLite), retried with backoff. A wake-up only starts a pass early; one that is lost (a commit in another
process, a Celery deployment, a crash right after the commit) leaves the notice to the periodic
``notifications`` job, the safety net, within its interval. A spurious one (a commit after a rolled-back
savepoint that held the notice) costs one pass that finds nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)

_KEY = "charte.outbox_wake.queued"
_wakers: list[Callable[[], None]] = []
_lock = threading.Lock()


def mark(session: Session) -> None:
    """Ask for a wake-up once ``session``'s transaction commits (several marks: one wake-up)."""
    session.info[_KEY] = True


def subscribe(wake: Callable[[], None]) -> Callable[[], None]:
    """Call ``wake`` after each commit that queued a notice (in the committing thread: it must be quick and
    must not use the database); returns what unsubscribes it."""
    with _lock:
        _wakers.append(wake)

    def unsubscribe() -> None:
        with _lock:
            if wake in _wakers:
                _wakers.remove(wake)

    return unsubscribe


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if not session.info.pop(_KEY, False):
        return
    with _lock:
        wakers = list(_wakers)
    for wake in wakers:
        try:
            wake()
        except Exception:  # a wake-up never fails the caller's (committed) work; the periodic job still runs
            log.exception("notifications: waking the deliverer failed")


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_KEY, None)
