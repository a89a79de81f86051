"""The ingestion worker: the listening ``Runner`` over every enabled source, kept in step with the table.

It runs in its own thread with its own event loop (in ``charte serve``'s embedded mode and in ``charte
worker``), so it never blocks the API. Every ``refresh_seconds`` it reads the enabled sources again: a new
source gets a task, a disabled or deleted one has its task cancelled, a changed one (settings, secret, watched
terms) is restarted. Stopping cancels every task; a batch being stored is finished first (the runner shields
it), so a restart resumes from the stored cursor: nothing lost, nothing stored twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import Callable

from sqlalchemy.orm import Session, sessionmaker

from charte.listening.runner import Runner
from charte.listening.types import SourceConfig
from charte.service.engines import EngineCache
from charte.service.incoming import SpikeFeed
from charte.service.ingestion import IngestionStore
from charte.service.sources import list_enabled_sources
from charte.store.db import unit_of_work
from charte.store.repositories import Store

log = logging.getLogger("charte.listening")


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
    ) -> None:
        self.sessions = sessions
        # ``spikes``: shared with the webhook in one process, so one detector per organisation saves its state
        self.sink = IngestionStore(sessions, engines or EngineCache(), spikes=spikes or SpikeFeed())
        self.runner = (runner_factory or (lambda sink: Runner(sink, sink)))(self.sink)
        self.refresh_seconds = refresh_seconds
        self.tasks: dict[int, tuple[str, asyncio.Task[None]]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._main: asyncio.Task[None] | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def start(self) -> ListeningWorker:
        self._thread = threading.Thread(target=self._run_thread, name="charte-listening", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=10)
        return self

    def stop(self, timeout: float = 30.0) -> None:
        loop, main = self._loop, self._main
        if loop is not None and main is not None and not loop.is_closed():
            loop.call_soon_threadsafe(main.cancel)
        if self._thread is not None:
            self._thread.join(timeout=timeout)

    def _run_thread(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            asyncio.run(self._main_task())

    async def _main_task(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._main = asyncio.current_task()
        self._ready.set()
        await self.supervise()

    def _configs(self) -> list[SourceConfig]:
        with unit_of_work(self.sessions) as session:
            return list_enabled_sources(Store(session), kinds=("mastodon", "bluesky", "rss"))

    async def refresh(self) -> None:
        """Bring the tasks in line with the enabled sources (one read of the table)."""
        configs = {c.id: c for c in await asyncio.to_thread(self._configs)}
        for source_id, (print_, task) in list(self.tasks.items()):
            config = configs.get(source_id)
            if config is None or _fingerprint(config) != print_ or task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
                del self.tasks[source_id]
                log.info("listening: source %s stopped", source_id)
        for source_id, config in configs.items():
            if source_id not in self.tasks:
                task = asyncio.create_task(self.runner.run_source(config), name=f"source-{source_id}")
                self.tasks[source_id] = (_fingerprint(config), task)
                log.info("listening: source %s (%s) started", source_id, config.kind)

    async def supervise(self) -> None:
        """Refresh every ``refresh_seconds`` until cancelled; then end every source's task."""
        try:
            while True:
                try:
                    await self.refresh()
                except asyncio.CancelledError:
                    raise
                except Exception:  # the database is away: keep the running tasks, try again later
                    log.exception("listening: could not read the sources")
                await asyncio.sleep(self.refresh_seconds)
        finally:
            tasks = [task for _, task in self.tasks.values()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            self.tasks.clear()
