"""Classification of ingested mentions in worker processes: ``check_many`` on several cores.

Classifying a mention (the policy's detectors and the language models) costs about 0.3 ms of CPU, most of
what ingestion spends per mention; in one process it bounds ingestion to one core whatever the machine has.
:class:`ClassifierPool` splits each batch into ``processes`` parts checked at once in worker processes (each
compiles the policy version once and keeps it), and returns the same decisions, in order, as the engine of the
calling process would (``CheckEngine.check_many`` is deterministic). Batches smaller than ``min_batch`` are
checked in the calling process when it has the engine compiled: for them the round trip costs more than it
saves; ingestion compiles none there (:meth:`ClassifierPool.submit_checked` takes the function that would), so
its small batches go to one worker rather than paying for a compile.

Ingestion asks for :class:`Checked` results (:meth:`ClassifierPool.submit_checked`, :func:`checked_many`): only
what it stores of each decision crosses the process boundary, a whole ``Decision`` costing more to pickle than
to route. Equal posts of a batch (one text posted by many accounts) are checked once and their
result shared: ``check_many`` decides a post by itself alone, so the copies' decisions are equal anyway.

The workers are started with ``spawn`` (no copy of a threaded server's state) on first use, and replaced if
one dies. ``CHARTE_LISTENING_PROCESSES`` sets how many the ingestion worker uses (0: none, in-process).

Equal posts of *different* batches (a spam wave, a copy-paste campaign, a quote passed around during a storm,
arriving over minutes) are checked once too: :class:`RecentChecks` keeps what ingestion kept of the last
distinct posts' decisions, by policy version, day and post (:func:`with_recent`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from typing import Any, NamedTuple

from charte.domain import Decision, Post
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy

#: Fewer posts than this are checked in the calling process (when its engine is compiled).
MIN_BATCH = 64
#: Policy versions a worker process keeps compiled.
ENGINES_PER_WORKER = 4

_ENGINES: OrderedDict[tuple[int, str], CheckEngine] = OrderedDict()  # in each worker process


def _check(key: tuple[int, str], text: str, posts: list[Post]) -> list[Decision]:
    """In a worker: the decisions of ``posts`` under policy version ``key`` (compiled from ``text`` once)."""
    engine = _ENGINES.get(key)
    if engine is None:
        engine = _ENGINES[key] = CheckEngine(parse_policy(text, f"policy #{key[0]}"))
        while len(_ENGINES) > ENGINES_PER_WORKER:
            _ENGINES.popitem(last=False)
    return engine.check_many(posts)


#: The scores ingestion stores and routes on (the others stay in the worker).
KEPT_SCORES = ("toxicity", "sentiment", "intent")


class Checked(NamedTuple):
    """What ingestion keeps of a decision: cheap to send back from a worker (a whole ``Decision``, its
    findings' spans and fixes, cost more to pickle and unpickle than the routing that uses it). Read only: the
    equal posts of a batch share one (:func:`distinct`)."""

    lang: str
    scores: dict[str, Any]
    verdict: str
    findings: list[dict[str, Any]]

    @classmethod
    def of(cls, decision: Decision) -> Checked:
        scores = {k: decision.scores[k] for k in KEPT_SCORES if k in decision.scores}
        findings = [f.to_dict(decision.text) for f in decision.findings]
        return cls(decision.lang, scores, str(decision.verdict), findings)


def distinct(posts: Sequence[Post]) -> tuple[list[Post], list[int]]:
    """The distinct posts of ``posts`` (first occurrences, in order) and, for each post, its index among them:
    ``[unique[i] for i in where] == posts``. Posts are equal when every field is (text, language, platform…)."""
    first: dict[Post, int] = {}
    where = [first.setdefault(post, len(first)) for post in posts]
    return list(first), where


def checked_many(engine: CheckEngine, posts: Sequence[Post]) -> list[Checked]:
    """``[Checked.of(d) for d in engine.check_many(posts)]`` in this process, each distinct post checked once."""
    unique, where = distinct(posts)
    checked = [Checked.of(decision) for decision in engine.check_many(unique)]
    return [checked[i] for i in where]


#: Distinct posts whose results :class:`RecentChecks` keeps (about 1 KB each: the post and what was kept).
RECENT_CHECKS = 10_000
#: Longer posts are not kept (their memory, and a long text is rarely posted again word for word).
RECENT_MAX_CHARS = 2_000


class RecentChecks:
    """What ingestion kept of the decisions of the last ``size`` distinct posts, least recently used first out.

    A post's decision depends on the post, the policy version and the day alone (``check_many`` decides each
    post by itself, ``today`` being its only clock): the key is the three. Thread-safe (the runner prepares a
    batch while it collects the one before)."""

    def __init__(self, size: int = RECENT_CHECKS, *, max_chars: int = RECENT_MAX_CHARS) -> None:
        self.size = size
        self.max_chars = max_chars
        self._kept: OrderedDict[tuple[tuple[int, str], dt.date, Post], Checked] = OrderedDict()
        self._lock = threading.Lock()
        #: Posts answered from here and posts that had to be checked (what the benchmark reports).
        self.hits = 0
        self.misses = 0

    def look_up(self, key: tuple[int, str], day: dt.date, posts: Sequence[Post]) -> list[Checked | None]:
        """The kept result of each post (``None``: not kept), each found marked as recently used."""
        kept, found = self._kept, []
        with self._lock:
            for post in posts:
                checked = kept.get((key, day, post))
                if checked is not None:
                    kept.move_to_end((key, day, post))
                found.append(checked)
        hits = sum(checked is not None for checked in found)
        self.hits += hits
        self.misses += len(found) - hits
        return found

    def keep(
        self, key: tuple[int, str], day: dt.date, posts: Sequence[Post], checked: Sequence[Checked]
    ) -> None:
        if self.size <= 0:
            return
        kept = self._kept
        with self._lock:
            for post, result in zip(posts, checked, strict=True):
                if len(post.text) <= self.max_chars:
                    kept[(key, day, post)] = result
                    kept.move_to_end((key, day, post))
            while len(kept) > self.size:
                kept.popitem(last=False)


def with_recent(
    recent: RecentChecks | None,
    key: tuple[int, str],
    posts: Sequence[Post],
    submit: Callable[[Sequence[Post]], Callable[[], Sequence[Checked]]],
) -> Callable[[], list[Checked]]:
    """``submit(posts)`` (which starts checking posts and returns the function that waits for their results),
    with the posts ``recent`` kept answered from it and only the others submitted; the new results are kept."""
    if recent is None:
        pending = submit(posts)
        return lambda: list(pending())
    day = dt.date.today()  # the day check_many decides on (its ``today``)
    known = recent.look_up(key, day, posts)
    missing = [post for post, checked in zip(posts, known, strict=True) if checked is None]
    pending = submit(missing) if missing else (lambda: [])

    def collect() -> list[Checked]:
        fresh = pending()
        recent.keep(key, day, missing, fresh)
        new = iter(fresh)
        return [checked if checked is not None else next(new) for checked in known]

    return collect


def _check_kept(key: tuple[int, str], text: str, posts: list[Post | Plain]) -> list[Checked]:
    """In a worker: what ingestion keeps of ``posts``' decisions (see :class:`Checked`)."""
    return [Checked.of(decision) for decision in _check(key, text, [_expand(post) for post in posts])]


#: A post that sets only its text, language and platform (every mention ingested), as sent to a worker: a
#: tuple pickles in a thirtieth of the time of the dataclass (3.5 µs a post each way).
Plain = tuple[str, str | None, str | None]
_PLAIN_DEFAULTS = Post(text="")
#: The fields :func:`_compact` knows (a post of a version with more is always sent whole).
_KNOWN_FIELDS = {
    "text",
    "lang",
    "author",
    "functions",
    "account",
    "platform",
    "attachments",
    "in_reply_to_complaint",
}
_COMPACTABLE = {f.name for f in dataclasses.fields(Post)} == _KNOWN_FIELDS


def _compact(post: Post) -> Post | Plain:
    """``post`` as sent to a worker: its three fields when the others are the defaults, else itself."""
    d = _PLAIN_DEFAULTS
    if (
        _COMPACTABLE
        and post.author is d.author
        and post.functions is d.functions
        and post.account == d.account
        and not post.attachments
        and post.in_reply_to_complaint is d.in_reply_to_complaint
    ):
        return (post.text, post.lang, post.platform)
    return post


def _expand(item: Post | Plain) -> Post:
    """In a worker: the post :func:`_compact` sent."""
    if isinstance(item, tuple):
        return Post(text=item[0], lang=item[1], platform=item[2])
    return item


def _engine(engine: CheckEngine | Callable[[], CheckEngine]) -> CheckEngine:
    """``engine``, compiled now if it is given as the function that compiles it."""
    return engine if isinstance(engine, CheckEngine) else engine()


def _ready() -> bool:
    """In a worker: nothing (its start imported the engine)."""
    return True


class ClassifierPool:
    """``check_many`` spread over ``processes`` worker processes (see the module's docstring)."""

    def __init__(self, processes: int, *, min_batch: int = MIN_BATCH) -> None:
        if processes < 1:
            raise ValueError("processes: at least 1")
        self.processes = processes
        self.min_batch = min_batch
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False  # closed: warm() starts nothing (a warm-up racing a shutdown)

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.processes, mp_context=get_context("spawn"))
            return self._pool

    def check_many(
        self,
        engine: CheckEngine,
        key: tuple[int, str],
        load_text: Callable[[], str],
        posts: Sequence[Post],
    ) -> list[Decision]:
        """``engine.check_many(posts)``, computed in the workers for policy version ``key`` when the batch is
        large enough; ``load_text`` gives the version's text (read only when the workers need it)."""
        return self.submit(engine, key, load_text, posts)()

    def submit(
        self,
        engine: CheckEngine,
        key: tuple[int, str],
        load_text: Callable[[], str],
        posts: Sequence[Post],
    ) -> Callable[[], list[Decision]]:
        """:meth:`check_many` started now; the returned function waits for its decisions (the caller does
        other work of the batch meanwhile)."""
        if len(posts) < self.min_batch:
            return lambda: engine.check_many(posts)
        text = load_text()
        size = -(-len(posts) // self.processes)
        parts = [list(posts[i : i + size]) for i in range(0, len(posts), size)]
        try:
            futures = [self._executor().submit(_check, key, text, part) for part in parts]
        except BrokenProcessPool:
            return self._broken(engine, posts)

        def collect() -> list[Decision]:
            try:
                return [decision for future in futures for decision in future.result()]
            except BrokenProcessPool:
                return self._broken(engine, posts)()

        return collect

    def submit_checked(
        self,
        engine: CheckEngine | Callable[[], CheckEngine],
        key: tuple[int, str],
        load_text: Callable[[], str],
        posts: Sequence[Post],
    ) -> Callable[[], list[Checked]]:
        """:meth:`submit`, returning only what ingestion keeps of each decision (:class:`Checked`); each distinct
        post is checked once (:func:`distinct`), and the batch goes to the workers if its distinct posts are
        at least ``min_batch``.

        ``engine`` may be a function that compiles it (``EngineCache.get``): the calling process then has no
        engine yet, and a small batch goes to the workers too rather than compiling one here (most of a second
        of CPU for the demo policy, per policy version, taken from the ingestion in the middle of a storm);
        it is called only if a worker dies."""
        unique, where = distinct(posts)
        compiled = engine if isinstance(engine, CheckEngine) else None

        def local() -> list[Checked]:
            return [Checked.of(d) for d in _engine(engine).check_many(unique)]

        def spread(checked: list[Checked]) -> list[Checked]:
            return [checked[i] for i in where]

        if not unique:
            return lambda: []
        if compiled is not None and len(unique) < self.min_batch:
            return lambda: spread(local())
        text = load_text()
        size = -(-len(unique) // self.processes)
        if len(unique) < self.min_batch:
            size = len(unique)  # one round trip: not worth splitting
        parts = [unique[i : i + size] for i in range(0, len(unique), size)]
        try:
            futures = [
                self._executor().submit(_check_kept, key, text, [_compact(p) for p in part]) for part in parts
            ]
        except BrokenProcessPool:
            self._drop_pool()
            return lambda: spread(local())

        def collect() -> list[Checked]:
            try:
                return spread([checked for future in futures for checked in future.result()])
            except BrokenProcessPool:
                self._drop_pool()
                return spread(local())

        return collect

    def warm(self, key: tuple[int, str] | None = None, load_text: Callable[[], str] | None = None) -> None:
        """Start the worker processes now, and compile policy version ``key`` in each (its text from
        ``load_text``): the first large batch then waits for neither (seconds of imports and compiling, in
        the middle of the storm that made the batch large). Nothing once the pool is closed."""
        text = load_text() if key is not None and load_text is not None else ""
        with self._lock:
            if self._closed:
                return
            if self._pool is None:
                self._pool = ProcessPoolExecutor(self.processes, mp_context=get_context("spawn"))
            executor = self._pool
        jobs = [
            executor.submit(_check, key, text, []) if key else executor.submit(_ready)
            for _ in range(self.processes)
        ]
        for job in jobs:
            job.result()

    def _broken(self, engine: CheckEngine, posts: Sequence[Post]) -> Callable[[], list[Decision]]:
        """A worker died (killed, out of memory): a new pool next time, this batch in this process."""
        self._drop_pool()
        return lambda: engine.check_many(posts)

    def _drop_pool(self) -> None:
        with self._lock:
            self._pool = None

    def pids(self) -> list[int]:
        """The worker processes' ids (none before the first large batch): for measuring their CPU time."""
        with self._lock:
            pool = self._pool
        return sorted(getattr(pool, "_processes", None) or ()) if pool is not None else []

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
            self._closed = True
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
