"""The ingestion worker: the listening ``Runner`` over every enabled source it holds the lease of, kept in step
with the table.

It runs in its own thread with its own event loop (in ``charte serve``'s embedded mode and in ``charte
worker``), so it never blocks the API. Every ``refresh_seconds`` it reads the enabled sources again and takes
or renews their **leases** (``sources.lease_owner``, ``lease_expires_at``; one conditional UPDATE, on
PostgreSQL and SQLite alike): a source is read by the one worker holding its lease, however many
``charte worker`` or ``charte serve`` processes run. A lease lasts ``lease_seconds`` (at least three refreshes);
when its holder dies, another worker takes the source over at its first refresh after the lease expired, from
the stored cursor. A worker that stops gives its leases back, so the others take over at once; one that cannot
reach the database for a whole lease stops its sources (another worker may have taken them).

A new source gets a task, a disabled or deleted one (or one whose lease another worker holds) has its task
cancelled, a changed one (settings, secret, watched terms) is restarted. Stopping cancels every task; a batch
being stored is finished first (the runner shields it), so a restart resumes from the stored cursor: nothing
lost, nothing stored twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from charte.listening.runner import Runner
from charte.listening.types import SourceConfig
from charte.service.classifying import ClassifierPool
from charte.service.engines import EngineCache
from charte.service.incoming import SpikeFeed
from charte.service.ingestion import IngestionStore
from charte.service.sources import list_enabled_sources
from charte.store.db import unit_of_work
from charte.store.models import utcnow
from charte.store.repositories import Store

log = logging.getLogger("charte.listening")

#: The shortest lease; it is also at least three refresh intervals, so one slow refresh does not lose it.
MIN_LEASE_SECONDS = 60.0


def worker_id() -> str:
    """This process's name on the leases it holds: host, process id and a random part (a reused pid)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def _fingerprint(config: SourceConfig) -> str:
    return json.dumps(
        [config.kind, dict(config.settings), config.secret, list(config.watch)], sort_keys=True, default=str
    )


class ListeningWorker:
    """Start with :meth:`start`, end with :meth:`stop` (see the module's docstring)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        engines: EngineCache | None = None,
        *,
        refresh_seconds: float = 15.0,
        runner_factory: Callable[[IngestionStore], Runner] | None = None,
        spikes: SpikeFeed | None = None,
        lease_seconds: float | None = None,
        owner: str | None = None,
        processes: int = 0,
    ) -> None:
        self.sessions = sessions
        # ``processes``: classify large batches in that many worker processes (CHARTE_LISTENING_PROCESSES)
        self.classifier = ClassifierPool(processes) if processes > 0 else None
        self.owner = owner or worker_id()
        self.lease_seconds = lease_seconds or max(MIN_LEASE_SECONDS, 3 * refresh_seconds)
        # ``spikes``: shared with the webhook in one process, so one detector per organisation saves its state
        self.sink = IngestionStore(
            sessions, engines or EngineCache(), spikes=spikes or SpikeFeed(), classifier=self.classifier
        )
        self.runner = (runner_factory or (lambda sink: Runner(sink, sink)))(self.sink)
        self.refresh_seconds = refresh_seconds
        self.tasks: dict[int, tuple[str, asyncio.Task[None]]] = {}
        self._renewed_at = float("-inf")  # the event loop's time of the last refresh that renewed the leases
        self._loop: asyncio.AbstractEventLoop | None = None
        self._main: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def start(self) -> ListeningWorker:
        if self.classifier is not None:
            # The classifier processes start (seconds of imports) now, not in the middle of the first storm.
            threading.Thread(target=self._warm, name="charte-classifiers", daemon=True).start()
        self._thread = threading.Thread(target=self._run_thread, name="charte-listening", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=10)
        return self

    def _warm(self) -> None:
        try:
            if self.classifier is not None:
                self.classifier.warm()
        except Exception as error:  # stopped meanwhile, or a worker died: started again on first use
            log.info("classifier processes not warmed: %s", type(error).__name__)

    def stop(self, timeout: float = 30.0) -> None:
        loop, main = self._loop, self._main
        if loop is not None and main is not None and not loop.is_closed():
            loop.call_soon_threadsafe(main.cancel)
        if self._thread is not None:
            self._thread.join(timeout=timeout)
        if self.classifier is not None:
            self.classifier.close()

    def _run_thread(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            asyncio.run(self._main_task())

    async def _main_task(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._main = asyncio.current_task()
        self._ready.set()
        await self.supervise()

    def _configs(self) -> list[SourceConfig]:
        """The enabled sources this worker holds the lease of (taken or renewed now)."""
        with unit_of_work(self.sessions) as session:
            store = Store(session)
            configs = list_enabled_sources(store, kinds=("mastodon", "bluesky", "rss"))
            now = utcnow()
            until = now + dt.timedelta(seconds=self.lease_seconds)
            held = store.sources.claim([c.id for c in configs], self.owner, now, until)
            return [c for c in configs if c.id in held]

    def release_leases(self) -> None:
        """Give this worker's leases back (when it stops), so another worker takes the sources over at once."""
        try:
            with unit_of_work(self.sessions) as session:
                Store(session).sources.release(self.owner)
        except Exception:  # the database is away: the leases expire by themselves
            log.warning(
                "listening: could not give the sources' leases back; they expire in %ss", self.lease_seconds
            )

    async def refresh(self) -> None:
        """Bring the tasks in line with the enabled sources (one read of the table)."""
        configs = {c.id: c for c in await asyncio.to_thread(self._configs)}
        self._renewed_at = asyncio.get_running_loop().time()
        await self._stop_all_but(configs)
        for source_id, config in configs.items():
            if source_id not in self.tasks:
                task = asyncio.create_task(self.runner.run_source(config), name=f"source-{source_id}")
                self.tasks[source_id] = (_fingerprint(config), task)
                log.info("listening: source %s (%s) started", source_id, config.kind)

    async def _stop_all_but(self, configs: dict[int, SourceConfig]) -> None:
        """Cancel the tasks of the sources not in ``configs`` (or changed, or ended)."""
        for source_id, (print_, task) in list(self.tasks.items()):
            config = configs.get(source_id)
            if config is None or _fingerprint(config) != print_ or task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                del self.tasks[source_id]
                log.info("listening: source %s stopped", source_id)

    async def supervise(self) -> None:
        """Refresh every ``refresh_seconds`` until cancelled; then end every source's task."""
        try:
            while True:
                try:
                    await self.refresh()
                except asyncio.CancelledError:
                    raise
                except Exception:  # the database is away: keep the running tasks, try again later…
                    log.exception("listening: could not read the sources")
                    # …until the leases may have expired: another worker may have taken the sources over.
                    if (
                        asyncio.get_running_loop().time() - self._renewed_at >= self.lease_seconds
                        and self.tasks
                    ):
                        log.warning(
                            "listening: leases not renewed for %ss; sources stopped", self.lease_seconds
                        )
                        await self._stop_all_but({})
                await asyncio.sleep(self.refresh_seconds)
        finally:
            tasks = [task for _, task in self.tasks.values()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self.tasks.clear()
            await asyncio.shield(asyncio.to_thread(self.release_leases))
