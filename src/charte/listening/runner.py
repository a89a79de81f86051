"""The ingestion supervisor: one task per source, each batch stored with its cursor, errors backed off.

Each source runs as two tasks joined by a bounded queue: a reader that keeps reading the adapter's stream
(so a websocket's keepalive is always answered, however long a batch takes to store) and a storer that hands
every batch to the ``MentionSink`` (mentions and cursor in one transaction, in a worker thread so a slow
database never blocks the other streams). The cursor is saved only with the batch it follows, so a restart
resumes right after the last batch stored. When storage falls behind and the queue is full, the reader
closes the stream (cleanly, no error), the storer stores what is queued, and the stream is opened again from
the stored cursor: back-pressure without a keepalive timeout and without a gap.

When the adapter fails — garbage, HTTP 429, a closed socket, a timeout — the batches read before are stored,
then a short message is recorded on the source's health and the runner waits (exponential back-off with full
jitter, at least what a 429's ``Retry-After`` asked) before resuming from the last stored cursor. A failing
source never stops the others; cancelling :meth:`Runner.run` ends every task cleanly (a batch being stored
is finished first).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ParamSpec, TypeVar

from charte.connectors.egress import Egress
from charte.errors import (
    AuthExpired,
    ConnectorError,
    EgressRefused,
    InputError,
    RateLimited,
    TransientError,
    Unresolvable,
)
from charte.listening.types import (
    Batch,
    MentionSink,
    PipelinedSink,
    SourceAdapter,
    SourceConfig,
    SourceStateStore,
)

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")

#: The longest message kept on a source's health.
MAX_ERROR_CHARS = 300


@dataclass(frozen=True)
class Backoff:
    """Delays between attempts: ``base * 2**n`` capped at ``cap`` seconds, drawn uniformly below (full jitter)."""

    base: float = 1.0
    cap: float = 300.0
    #: Delay after a configuration error (bad settings, refused address): retrying soon cannot help.
    permanent: float = 900.0

    def delay(self, failures: int, error: BaseException, rng: random.Random) -> float:
        # Settings, a refused address or a refused token: retrying soon cannot help (a name that does not
        # resolve now may be a passing DNS failure, retried as usual).
        if isinstance(error, InputError | EgressRefused | AuthExpired) and not isinstance(
            error, Unresolvable
        ):
            return self.permanent * (0.5 + rng.random() / 2)
        ceiling = min(self.cap, self.base * 2 ** min(failures, 30))
        wait = rng.uniform(self.base / 2, max(self.base / 2, ceiling))
        if isinstance(error, RateLimited) and error.retry_after is not None:
            wait = max(wait, error.retry_after + rng.uniform(0, self.base))
        return wait


def describe(error: BaseException, secret: str | None = None) -> str:
    """A short message for the source's health: the error's kind, and its text only for Charte's own errors
    (whose messages are written to be shown); a library's message may quote a URL or a body, so it is left out.
    """
    if isinstance(error, ConnectorError | InputError):
        text = str(error) or type(error).__name__
    elif isinstance(error, TimeoutError):
        text = "timed out"
    elif isinstance(error, OSError):
        text = f"network error ({type(error).__name__})"
    else:
        text = f"unexpected error ({type(error).__name__})"
    if secret:
        text = text.replace(secret, "***")
    return text[:MAX_ERROR_CHARS]


AdapterFactory = Callable[[SourceConfig], SourceAdapter]
Sleep = Callable[[float], Awaitable[None]]

#: Batches read but not yet stored, per source, before the reader pauses the stream (see the module's docstring).
MAX_PENDING_BATCHES = 32


@dataclass(frozen=True)
class _End:
    """What the reader puts after its last batch: why it stopped."""

    congested: bool = False  # the queue was full: the stream was closed to be reopened from the stored cursor
    error: BaseException | None = None  # the adapter failed (after the batches before it)


class Runner:
    """Runs every configured source until cancelled (see the module's docstring)."""

    def __init__(
        self,
        sink: MentionSink,
        state: SourceStateStore,
        *,
        adapter_factory: AdapterFactory | None = None,
        backoff: Backoff | None = None,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        store_in_thread: bool = True,
        max_pending: int = MAX_PENDING_BATCHES,
    ) -> None:
        self.sink = sink
        self.state = state
        self.adapter_factory = adapter_factory or adapter_for
        self.backoff = backoff or Backoff()
        self.sleep = sleep
        self.rng = rng or random.Random()
        #: False calls ``accept`` on the event loop (an in-memory sink: no thread hop per batch).
        self.store_in_thread = store_in_thread
        #: Batches the reader may be ahead of the store (at least 1).
        self.max_pending = max(1, max_pending)

    async def run(self, configs: Sequence[SourceConfig]) -> None:
        """One task per source; returns when all have ended (only by cancellation, normally)."""
        async with asyncio.TaskGroup() as group:
            for config in configs:
                group.create_task(self.run_source(config), name=f"source-{config.id}")

    async def run_source(self, config: SourceConfig) -> None:
        """Read one source forever, restarting it after each failure; never raises except on cancellation."""
        failures = 0
        adapter: SourceAdapter | None = None  # kept across restarts (its connections, Jetstream's handles)
        while True:
            try:
                if adapter is None:
                    adapter = self.adapter_factory(config)
                cursor = await self._call(self.state.load_cursor, config.id)
                stored, end = await self._pump(config.id, adapter, cursor)
                if stored:
                    failures = 0
                if end.error is not None:
                    raise end.error
                if end.congested:
                    continue  # everything read is stored: reopen the stream from the stored cursor at once
                # A stream that ends (a poll adapter never does) is resumed like one that failed, without an error.
                await self.sleep(self.backoff.delay(failures, TransientError("stream ended"), self.rng))
            except asyncio.CancelledError:
                raise
            except Exception as error:  # any failure of one source is its own: record, wait, resume
                failures += 1
                message = describe(error, config.secret)
                log.warning("source %s: %s", config.id, message)
                try:
                    await self._call(self.state.record_error, config.id, message, datetime.now(UTC))
                except asyncio.CancelledError:
                    raise
                except Exception:
                    log.exception("source %s: could not record its error", config.id)
                await self.sleep(self.backoff.delay(failures, error, self.rng))

    async def _pump(self, source_id: int, adapter: SourceAdapter, cursor: str | None) -> tuple[int, _End]:
        """Read ``adapter`` from ``cursor`` into a bounded queue while storing what it holds, in order.

        Returns how many batches were stored and why the reading ended; a storage failure raises (the reader
        is then cancelled, which closes its stream)."""
        queue: asyncio.Queue[Batch | _End] = asyncio.Queue()
        room = asyncio.Semaphore(self.max_pending)

        async def read() -> None:
            stream = adapter.stream(cursor)
            end, held = _End(), None
            try:
                async for batch in stream:
                    if room.locked():
                        # Storage is behind: stop reading (a socket left unread would miss its keepalive)
                        # and let the stream be reopened from the stored cursor once the queue is stored.
                        end, held = _End(congested=True), batch
                        break
                    await room.acquire()
                    queue.put_nowait(batch)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                end = _End(error=error)
            finally:
                aclose = getattr(stream, "aclose", None)
                if aclose is not None:
                    with contextlib.suppress(Exception):
                        await aclose()
            if held is not None:  # read before the stream was closed: stored after the others
                await room.acquire()
                queue.put_nowait(held)
            queue.put_nowait(end)

        reader = asyncio.create_task(read(), name=f"source-{source_id}-reader")
        stored = 0
        pipelined = self.store_in_thread and isinstance(self.sink, PipelinedSink)
        pending: Any = None  # a batch prepared but not committed yet (pipelined sinks)
        try:
            while True:
                if pipelined and pending is not None and queue.empty():
                    # Nothing to prepare meanwhile: commit now, so the cursor never waits for a next batch.
                    await self._commit(pending)
                    pending = None
                    room.release()
                    stored += 1
                item = await queue.get()
                if isinstance(item, _End):
                    if pending is not None:
                        await self._commit(pending)
                        room.release()
                        stored += 1
                    return stored, item
                if not pipelined:
                    await self._store(source_id, item)
                    room.release()
                    stored += 1
                    continue
                # The next batch's check starts (in the classifier processes) before the one before it is
                # written: the database and the classifiers work at once.
                prepared = await self._prepare(source_id, item)
                if pending is not None:
                    await self._commit(pending)
                    room.release()
                    stored += 1
                pending = prepared
                if prepared is None:  # an empty batch: nothing to store
                    room.release()
        finally:
            if not reader.done():
                reader.cancel()
            await asyncio.gather(reader, return_exceptions=True)

    async def _prepare(self, source_id: int, batch: Batch) -> Any:
        if not (batch.mentions or batch.skipped or batch.cursor is not None):
            return None
        sink: PipelinedSink = self.sink  # type: ignore[assignment]  # checked by the caller
        return await asyncio.to_thread(sink.prepare, source_id, batch)

    async def _commit(self, prepared: Any) -> None:
        sink: PipelinedSink = self.sink  # type: ignore[assignment]  # checked by the caller
        # Shielded as _store is: the cursor saved always matches the mentions saved.
        await asyncio.shield(asyncio.to_thread(sink.commit, prepared))

    async def _store(self, source_id: int, batch: Batch) -> None:
        if not (batch.mentions or batch.skipped or batch.cursor is not None):
            return
        if not self.store_in_thread:
            self.sink.accept(source_id, batch)
            return
        # Shielded: a cancellation arriving while the transaction runs waits for it, so the cursor saved
        # always matches the mentions saved (the thread would finish it anyway).
        await asyncio.shield(asyncio.to_thread(self.sink.accept, source_id, batch))

    async def _call(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        if self.store_in_thread:
            return await asyncio.to_thread(function, *args, **kwargs)
        return function(*args, **kwargs)


def adapter_for(config: SourceConfig, *, egress: Egress | None = None) -> SourceAdapter:
    """The adapter reading ``config``'s platform; raises ``InputError`` naming a bad setting.

    ``egress`` is where adapters may connect (default: ``CHARTE_EGRESS_ALLOW`` through the connectors' settings).
    Webhook and import sources have no stream: their mentions are pushed to the service.
    """
    from charte.listening.adapters import ADAPTERS

    try:
        factory = ADAPTERS[config.kind]
    except KeyError:
        raise InputError(f"kind: a {config.kind!r} source is fed by pushes, not read by the runner") from None
    return factory(config, egress)
