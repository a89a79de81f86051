"""One process of ``charte serve --workers N`` runs the background work; the others only serve requests.

Every worker process builds its own application, and the embedded mode used to start the listening
ingestion and the periodic jobs in each of them: N copies of every source's stream (each mention
classified N times, the duplicates then refused by the database) and N schedulers, each thread taking the
interpreter's lock from the requests of its process. ``charte serve`` names a lock file in
:data:`LOCK_ENV` before the workers start; the first process to take the lock (``flock``, released by the
system when the process ends, so a restarted worker takes it again) runs the ingestion and the periodic
jobs. Jobs queued by a request (publishing) still run in the process that queued them. Without the
variable (one process, tests, an application built by other code) the process runs everything, as before.
"""

from __future__ import annotations

import contextlib
import os
from typing import IO

#: Set by ``charte serve`` for its worker processes: the path of the lock file they elect a leader with.
LOCK_ENV = "_CHARTE_SERVE_LEAD_LOCK"


class Lead:
    """Whether this process runs the background work; holds the lock until :meth:`release`."""

    def __init__(self, handle: IO[bytes] | None, leads: bool) -> None:
        self._handle = handle
        self.leads = leads

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file releases the lock
            self._handle = None


def elect(path: str | None = None) -> Lead:
    """Take the lock at ``path`` (default: :data:`LOCK_ENV`) without waiting. No path, or a system without
    ``flock``: this process leads (it is the only one)."""
    path = path if path is not None else os.environ.get(LOCK_ENV)
    if not path:
        return Lead(None, True)
    try:
        import fcntl
    except ImportError:  # Windows: one process per server there (uvicorn's workers need fork or spawn)
        return Lead(None, True)
    try:
        handle = open(path, "ab")  # noqa: SIM115  # held open for the life of the process
    except OSError:  # the lock cannot be made (its directory is gone): behave as the only process
        return Lead(None, True)
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        with contextlib.suppress(OSError):
            handle.close()
        return Lead(None, False)
    return Lead(handle, True)
