"""Ingestion: Jetstream-shaped events replayed by a local websocket server, read, parsed, matched and stored.

1. A server process (``python -m benchmarks.bench_ingest serve``) sends ``EVENTS`` events in Jetstream's JSON
   shape (posts created and deleted, identity and account events; texts of ordinary length in English and
   French, some replies, some with facets), a share ``SHARE`` of them naming the organisation (its handle, its
   name, a hashtag, a reply to its posts, a facet mentioning its DID).
2. This process runs the production path: ``Runner`` → ``JetstreamAdapter`` (raw pre-filter, JSON parse of the
   candidates, match, ``IncomingMention``) → the sink, until the stored cursor is the last event's. Measured:
   events/s (wall clock and per CPU-second of this process) and mentions/s handed to the sink.
3. A second run with a storm share (``STORM_SHARE``) measures mentions/s when most events match.
4. Where the time goes: the same adapter, offline (no socket), under cProfile on ``PROFILE_EVENTS`` events;
   and the socket alone (received, not parsed).

The sink is pluggable: ``CHARTE_BENCH_INGEST_SINK=module:function`` names a factory returning
``(MentionSink, SourceStateStore)``. By default it is the production one when PostgreSQL answers
(``benchmarks.ingest_sink:postgres_sink``: ``IngestionStore`` with classification, routing, SLA clocks, incoming
checks and spike detectors), else ``make_sink()``, the in-memory store. A sink with ``prepare``/``commit`` is
pipelined by the runner as in production (the next batch classified while the one before is written).

With PostgreSQL the storm's CPU is also counted per mention in each process (the ingesting process, the
classifier processes, the database's backends, read from ``/proc``): their sum says what the machine's cores
allow at most, whatever else runs on it.
"""

from __future__ import annotations

import asyncio
import cProfile
import importlib
import io
import ipaddress
import json
import os
import pstats
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

#: What this section measures (benchmarks/_measures.py): the listening layer the events go through.
MEASURES = (
    "src/charte/listening/",
    "src/charte/connectors/egress.py",
    "benchmarks/bench_ingest.py",
    "benchmarks/ingest_sink.py",
    "benchmarks/bench_api.py",
    "@service",
    "@demo-policy",
)

EVENTS = int(os.environ.get("CHARTE_BENCH_INGEST_EVENTS", "1000000"))
SHARE = float(os.environ.get("CHARTE_BENCH_INGEST_SHARE", "0.01"))
STORM_EVENTS = int(os.environ.get("CHARTE_BENCH_INGEST_STORM_EVENTS", str(max(10_000, EVENTS // 10))))
STORM_SHARE = float(os.environ.get("CHARTE_BENCH_INGEST_STORM_SHARE", "0.5"))
PROFILE_EVENTS = int(os.environ.get("CHARTE_BENCH_INGEST_PROFILE_EVENTS", str(min(EVENTS, 200_000))))
SINK = os.environ.get("CHARTE_BENCH_INGEST_SINK", "")
BATCH = int(os.environ.get("CHARTE_BENCH_INGEST_BATCH", "500"))
#: Distinct posts naming the organisation that the replay draws from. Classification checks equal posts of a
#: batch once, so a small pool (it was 1,000: 79 % of a batch distinct) flatters the storm; at 25,000 a storm
#: of 50,000 mentions is about 99 % distinct per batch, as a storm of people writing their own words is.
MATCHING_TEMPLATES = int(os.environ.get("CHARTE_BENCH_INGEST_MATCHING_TEMPLATES", "25000"))
TARGET_MENTIONS = 3_000

ORG_DID = "did:plc:acmeorg7q2w3e4r5t6y7u8i9"
WATCH = ("acme.bsky.social", "Acme Coffee", ORG_DID, "acmefail", "acmecoffee")
BASE_US = 1_725_911_162_000_000
_T, _R = 987_654_321_987_654_321, "ZZRKEYZZ"

SinkFactory = Callable[[], tuple[object, object]]

_WORDS_EN = [
    "the",
    "morning",
    "coffee",
    "was",
    "great",
    "but",
    "the",
    "queue",
    "took",
    "forever",
    "and",
    "nobody",
    "answered",
    "my",
    "question",
    "about",
    "the",
    "delivery",
    "so",
    "I",
    "will",
    "try",
    "again",
    "tomorrow",
    "with",
    "a",
    "friend",
    "who",
    "knows",
    "the",
    "area",
    "well",
    "and",
    "loves",
    "espresso",
    "too",
]
_WORDS_FR = [
    "le",
    "café",
    "de",
    "ce",
    "matin",
    "était",
    "bon",
    "mais",
    "la",
    "file",
    "était",
    "longue",
    "et",
    "personne",
    "n'a",
    "répondu",
    "à",
    "ma",
    "question",
    "sur",
    "la",
    "livraison",
    "alors",
    "je",
    "réessaierai",
    "demain",
    "avec",
    "une",
    "amie",
    "qui",
    "connaît",
    "bien",
    "le",
    "quartier",
    "et",
    "adore",
    "l'espresso",
]


def _sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choice(words) for _ in range(rng.randint(6, 40)))


def _post(rng: random.Random, matching: bool) -> dict[str, object]:
    lang = rng.choice(("en", "en", "en", "fr", "ja"))
    text = _sentence(rng, _WORDS_FR if lang == "fr" else _WORDS_EN)
    record: dict[str, object] = {"$type": "app.bsky.feed.post", "createdAt": "2024-09-09T19:46:02.102Z"}
    if rng.random() < 0.3:
        parent = f"at://did:plc:{rng.getrandbits(64):016x}/app.bsky.feed.post/3k{rng.getrandbits(40):010x}"
        record["reply"] = {
            "root": {"uri": parent, "cid": "bafyrei" + "a" * 52},
            "parent": {"uri": parent, "cid": "x"},
        }
    if matching:
        how = rng.randrange(5)
        if how == 0:
            text = "@acme.bsky.social " + text
            record["facets"] = [
                {
                    "index": {"byteStart": 0, "byteEnd": 17},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": ORG_DID}],
                }
            ]
        elif how == 1:
            text = text + " Acme Coffee"
        elif how == 2:
            text = text + " #AcmeFail"
        elif how == 3:
            parent = f"at://{ORG_DID}/app.bsky.feed.post/3k{rng.getrandbits(40):010x}"
            record["reply"] = {"root": {"uri": parent, "cid": "x"}, "parent": {"uri": parent, "cid": "x"}}
        else:
            record["facets"] = [
                {
                    "index": {"byteStart": 0, "byteEnd": 3},
                    "features": [{"$type": "app.bsky.richtext.facet#mention", "did": ORG_DID}],
                }
            ]
    elif rng.random() < 0.05:
        text = text + " acme corporation"  # a near miss: passes no watched term
    record["text"] = text
    record["langs"] = [lang]
    return record


def _template(rng: random.Random, matching: bool) -> str:
    """One event as JSON with ``%(t)d`` for its time_us and ``%(r)s`` for its record key."""
    did = f"did:plc:{rng.getrandbits(96):024x}"
    roll = rng.random()
    if matching or roll < 0.96:
        event: dict[str, object] = {
            "did": did,
            "time_us": _T,
            "kind": "commit",
            "commit": {
                "rev": f"3l{rng.getrandbits(50):013x}",
                "operation": "create",
                "collection": "app.bsky.feed.post",
                "rkey": _R,
                "record": _post(rng, matching),
                "cid": "bafyrei" + f"{rng.getrandbits(200):052x}",
            },
        }
    elif roll < 0.98:
        event = {
            "did": did,
            "time_us": _T,
            "kind": "commit",
            "commit": {"rev": "3l", "operation": "delete", "collection": "app.bsky.feed.post", "rkey": _R},
        }
    elif roll < 0.99:
        event = {
            "did": did,
            "time_us": _T,
            "kind": "identity",
            "identity": {
                "did": did,
                "handle": f"user{rng.getrandbits(20)}.bsky.social",
                "seq": 1,
                "time": "2024-09-09T19:46:02Z",
            },
        }
    else:
        event = {
            "did": did,
            "time_us": _T,
            "kind": "account",
            "account": {"active": True, "did": did, "seq": 1, "time": "2024-09-09T19:46:02Z"},
        }
    raw = json.dumps(event, ensure_ascii=False, separators=(",", ":")).replace("%", "%%")
    return raw.replace(str(_T), "%(t)d").replace(_R, "%(r)s")


def events(count: int, share: float, seed: int = 14, start: int = 0) -> Iterator[str]:
    """``count`` events, about ``share`` of them naming the organisation (deterministic for a seed); from the
    ``start``-th on (the same events as a full replay's, as Jetstream's ``cursor`` gives)."""
    rng = random.Random(seed)
    plain = [_template(rng, False) for _ in range(4000)]
    matching = [_template(rng, True) for _ in range(MATCHING_TEMPLATES)]
    for i in range(count):
        pool = matching if rng.random() < share else plain
        chosen = rng.choice(pool)
        if i >= start:
            yield chosen % {"t": BASE_US + i, "r": f"3k{i:09d}"}


def last_cursor(count: int) -> str:
    return str(BASE_US + count - 1)


# -- the server process -----------------------------------------------------------------------------------------
async def _serve(count: int, share: float) -> None:
    """Serve the replay to every connection from its ``cursor`` (the first event at or after it), like
    Jetstream; until terminated (the runner reopens the stream when its store falls behind)."""
    from urllib.parse import parse_qs, urlsplit

    from websockets.asyncio.server import ServerConnection, serve
    from websockets.exceptions import ConnectionClosed

    async def handler(socket: ServerConnection) -> None:
        query = parse_qs(urlsplit(socket.request.path if socket.request else "").query)
        cursor = int(query["cursor"][0]) if query.get("cursor", [""])[0].isdigit() else 0
        try:
            for line in events(count, share, start=max(0, cursor - BASE_US)):
                await socket.send(line)
            await socket.wait_closed()
        except ConnectionClosed:
            pass

    async with serve(handler, "127.0.0.1", 0, compression=None, max_size=None) as server:
        print(server.sockets[0].getsockname()[1], flush=True)
        await asyncio.Future()


class _Server:
    """The replay server in its own process (the other core); its CPU time is read when it ends."""

    def __init__(self, count: int, share: float) -> None:
        root = Path(__file__).resolve().parents[1]
        env = {**os.environ, "PYTHONPATH": f"{root / 'src'}{os.pathsep}{root}"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.bench_ingest", "serve", str(count), str(share)],
            stdout=subprocess.PIPE,
            env=env,
            cwd=root,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = f"ws://127.0.0.1:{int(self.process.stdout.readline())}/subscribe"

    def stop(self) -> float:
        """Ends the server; its CPU seconds."""
        self.process.terminate()
        _, _, usage = os.wait4(self.process.pid, 0)
        self.process.returncode = 0
        return usage.ru_utime + usage.ru_stime


# -- the sink -----------------------------------------------------------------------------------------------------
def make_sink() -> tuple[object, object]:
    """The default sink: the in-memory store (deduplicating, keeping no text), as ``(sink, state)``."""
    from charte.listening.memory import MemoryStore

    store = MemoryStore(keep_mentions=False)
    return store, store


def sink_factory() -> SinkFactory:
    global SINK
    if not SINK:
        from benchmarks import ingest_sink

        if not ingest_sink.reachable():
            return make_sink
        SINK = "benchmarks.ingest_sink:postgres_sink"
    module, _, name = SINK.partition(":")
    factory: SinkFactory = getattr(importlib.import_module(module), name)
    return factory


# -- the measured runs ---------------------------------------------------------------------------------------------
def _config(url: str) -> object:
    from charte.listening.types import SourceConfig

    # The replayed events are 1 µs apart: a rewind of 5 ms replays 5,000 events on a reopening, what the
    # default 5 s replays of the real network (about 1,000 events/s).
    settings = {"url": url, "rewind_seconds": 0.005, "batch_size": BATCH}
    return SourceConfig(id=1, organisation_id=1, kind="bluesky", settings=settings, watch=WATCH)


def ingest(count: int, share: float, factory: SinkFactory) -> dict[str, float]:
    """Replay ``count`` events through the runner into a fresh sink; wall and CPU seconds, mentions stored."""
    from charte.connectors.egress import Egress
    from charte.listening.runner import Runner, adapter_for
    from charte.listening.types import Batch

    local = Egress(networks=(ipaddress.ip_network("127.0.0.0/8"),))
    sink, state = factory()
    server = _Server(count, share)
    stored = 0
    # The cursor of the last batch the sink committed (stored in the batch's transaction): the end is seen
    # here rather than by reading the database 50 times a second, which cost this process about 1 ms of CPU a
    # read (30 µs per mention at 1,500 mentions/s), and the database as much again, none of it ingestion's.
    committed: str | None = None

    class Counting:
        def accept(self, source_id: int, batch: Batch) -> int:
            nonlocal stored, committed
            new: int = sink.accept(source_id, batch)  # type: ignore[attr-defined]
            stored += new
            committed = batch.cursor if batch.cursor is not None else committed
            return new

    class CountingTwoSteps(Counting):  # the runner pipelines a sink that stores in two steps
        def prepare(self, source_id: int, batch: Batch) -> tuple[object, str | None]:
            return sink.prepare(source_id, batch), batch.cursor  # type: ignore[attr-defined]

        def commit(self, prepared: tuple[object, str | None]) -> int:
            nonlocal stored, committed
            new: int = sink.commit(prepared[0])  # type: ignore[attr-defined]
            stored += new
            committed = prepared[1] if prepared[1] is not None else committed
            return new

    async def main() -> float:
        counting = CountingTwoSteps() if hasattr(sink, "prepare") else Counting()
        runner = Runner(counting, state, adapter_factory=lambda c: adapter_for(c, egress=local))  # type: ignore[arg-type]
        started = time.perf_counter()
        task = asyncio.create_task(runner.run([_config(server.url)]))  # type: ignore[list-item]
        last, seen, quiet = last_cursor(count), None, time.perf_counter()
        while (cursor := committed) != last:
            if task.done():
                task.result()  # the runner's error, if it stopped on one
                raise RuntimeError(f"ingestion ended at cursor {cursor}")
            if cursor != seen:
                seen, quiet = cursor, time.perf_counter()
            elif time.perf_counter() - quiet > 60:
                raise RuntimeError(f"ingestion stalled at cursor {cursor}")
            await asyncio.sleep(0.02)
        elapsed = time.perf_counter() - started
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        stored_cursor = await asyncio.to_thread(state.load_cursor, 1)  # type: ignore[attr-defined]
        if stored_cursor != last:  # the sink's own record agrees (read once, at the end)
            raise RuntimeError(f"the sink stored cursor {stored_cursor}, not the last event's {last}")
        return elapsed

    def pool_cpu() -> float:  # the classifying worker processes' CPU seconds, if the sink has any
        from benchmarks.bench_api import _cpu_seconds

        pool = getattr(sink, "classifier", None)
        return sum(_cpu_seconds(pid) for pid in pool.pids()) if pool is not None else 0.0

    from benchmarks.ingest_sink import database_cpu

    database = database_cpu(sink)
    cpu, workers = time.process_time(), pool_cpu()
    try:
        wall = asyncio.run(main())
        workers = pool_cpu() - workers
        after = database_cpu(sink)
        database_seconds = sum(after[pid] - database.get(pid, 0.0) for pid in after)
    finally:
        server_cpu = server.stop()
    return {
        "wall": wall,
        "cpu": time.process_time() - cpu,
        "server_cpu": server_cpu,
        "pool_cpu": workers,
        "db_cpu": database_seconds,
        "stored": stored,
    }


def socket_only(count: int) -> dict[str, float]:
    """The same replay received and dropped: what the websocket itself costs this process."""
    from websockets.asyncio.client import connect

    server = _Server(count, SHARE)

    async def main() -> float:
        started = time.perf_counter()
        async with connect(server.url, compression=None, max_size=None, proxy=None) as socket:
            for _ in range(count):
                await socket.recv()
        return time.perf_counter() - started

    cpu = time.process_time()
    try:
        wall = asyncio.run(main())
    finally:
        server.stop()
    return {"wall": wall, "cpu": time.process_time() - cpu}


def profile(count: int, share: float) -> tuple[float, str]:
    """The adapter's per-event work without a socket: events/s on one core and the top of the profile."""
    from charte.connectors.egress import Egress
    from charte.listening.adapters.jetstream import JetstreamAdapter
    from charte.listening.types import SourceConfig

    lines = list(events(count, share))
    adapter = JetstreamAdapter(SourceConfig(id=1, organisation_id=1, kind="bluesky", watch=WATCH), Egress())

    def work() -> int:
        found = 0
        for line in lines:
            if adapter.wanted(line):
                _, item = adapter.handle(line)
                found += item is not None
        return found

    started = time.process_time()
    work()
    rate = count / (time.process_time() - started)
    profiler = cProfile.Profile()
    profiler.runcall(work)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:8]  # type: ignore[attr-defined]
    table = "\n".join(
        f"| `{Path(file).name}:{name}` | {tt / total:.0%} |" for (file, _line, name), (_, _, tt, _, _) in rows
    )
    return rate, table


def run() -> str:
    factory = sink_factory()
    sink_name = (
        "PostgreSQL through `IngestionStore` (classified, routed, checked; `benchmarks/ingest_sink.py`)"
        if SINK == "benchmarks.ingest_sink:postgres_sink"
        else SINK or "the in-memory store (`listening/memory.py`)"
    )
    load = os.getloadavg()[0]
    flowing = ingest(EVENTS, SHARE, factory)
    storm = ingest(STORM_EVENTS, STORM_SHARE, factory)
    bare = socket_only(EVENTS)
    offline_rate, table = profile(PROFILE_EVENTS, SHARE)
    rows = []
    for name, count, share, r in (
        ("ordinary", EVENTS, SHARE, flowing),
        ("storm", STORM_EVENTS, STORM_SHARE, storm),
    ):
        rows.append(
            f"| {name} | {count:,} | {share:.0%} | {r['stored']:,.0f} | {count / r['wall']:,.0f} | "
            f"{count / r['cpu']:,.0f} | {r['stored'] / r['wall']:,.0f} | {r['stored'] / (r['cpu'] + r['pool_cpu']):,.0f} | "
            f"{r['cpu'] / r['wall']:.0%} | {r['pool_cpu'] / r['wall']:.0%} | {r['server_cpu'] / r['wall']:.0%} |"
        )
    socket_share = bare["cpu"] / flowing["cpu"]
    in_sink = ""
    if SINK == "benchmarks.ingest_sink:postgres_sink":
        from benchmarks.ingest_sink import TIMES, recent_hits

        hits, misses = recent_hits()
        mentions = max(storm["stored"], 1)
        per = {
            "ingesting process (reader, then the sink's own work: cleaning, duplicate read, incoming checks, "
            "intent cues, routing, encoding the rows)": storm["cpu"],
            "classifier processes (`check_many`)": storm["pool_cpu"],
            "PostgreSQL (duplicate read, insert and its 14 indexes, cursor, spike detector)": storm["db_cpu"],
        }
        total = sum(per.values())
        cores = os.cpu_count() or 1
        breakdown = "\n".join(
            f"| {name} | {seconds / mentions * 1e6:,.0f} |" for name, seconds in per.items()
        )
        in_sink = (
            f"In the sink (both runs): {TIMES['mentions']:,.0f} mentions in {TIMES['batches']:,.0f} stored "
            f"batches. Each batch is prepared first ({TIMES['prepare']:.1f} s in all: duplicate read, the check "
            "sent to the classifier processes, incoming checks, no transaction held) while the batch before "
            f"is committed ({TIMES['accept']:.1f} s of transactions, of which {TIMES['classify']:.1f} s waiting "
            "for the classifiers' decisions and routing them, the rest in the database). "
            f"{hits:,} posts ({hits / max(hits + misses, 1):.0%}) were answered from the results kept of "
            "recent posts (`RecentChecks`: a text posted again, in another batch, is not checked again; "
            f"{MATCHING_TEMPLATES:,} distinct texts replayed, `CHARTE_BENCH_INGEST_RECENT=0` keeps none), "
            f"{misses:,} checked.\n\n"
            "Where the CPU goes in the storm, per mention stored (µs of CPU; the replay server, "
            f"{storm['server_cpu'] / mentions * 1e6:,.0f} µs, is the benchmark's own):\n\n"
            "| process | µs per mention |\n|---|---:|\n"
            + breakdown
            + f"\n| **total** | **{total / mentions * 1e6:,.0f}** |\n\n"
            f"So {mentions / max(total, 1e-9):,.0f} mentions per CPU-second in all: on {cores} cores fully "
            f"used, at most about {cores * mentions / max(total, 1e-9):,.0f} mentions/s (the ceiling; the "
            "pipeline does not keep every core busy all the time).\n\n"
        )
    return (
        "## Ingestion (Bluesky Jetstream replay)\n\n"
        "A local websocket server (its own process) replays Jetstream-shaped events; the runner reads them "
        f"through the Jetstream adapter into {sink_name} until the stored cursor is the last event's. "
        f"Size: `CHARTE_BENCH_INGEST_EVENTS={EVENTS}` (the issue's figure is 1,000,000), "
        f"`CHARTE_BENCH_INGEST_STORM_EVENTS={STORM_EVENTS}`; "
        "`CHARTE_BENCH_INGEST_SINK=module:function` plugs another sink (a factory returning the sink and the "
        f"cursor store). Posts naming the organisation are drawn from {MATCHING_TEMPLATES:,} distinct texts "
        "(`CHARTE_BENCH_INGEST_MATCHING_TEMPLATES`): equal posts of a batch are checked once, so a smaller pool "
        "would flatter the storm.\n\n"
        "| run | events | share naming the organisation | mentions stored | events/s | events per CPU-s "
        "(reader) | mentions/s to the sink | mentions per CPU-s (reader and classifiers) | reader CPU | classifier processes CPU | "
        "server CPU |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" + "\n".join(rows) + "\n\n"
        f"Load average when the run started: {load:.1f} on {os.cpu_count()} cores. The per-CPU-second columns "
        'are what the reader costs; the per-second ones also depend on what else the machine runs ("reader '
        'CPU" and "server CPU" are the share of a core each process got). Target for mentions/s end to end '
        f"(with classification and PostgreSQL): ≥ {TARGET_MENTIONS:,}/s.\n\n"
        + in_sink
        + f"Where the reader's time goes: receiving the same {EVENTS:,} events and dropping them costs "
        f"{bare['cpu']:.1f} CPU-s ({socket_share:.0%} of the ordinary run's {flowing['cpu']:.1f} CPU-s: the "
        "websocket's framing and asyncio, one message per event); the adapter's own work (pre-filter, JSON "
        f"parse of candidates, match, mention), offline on {PROFILE_EVENTS:,} events, runs at "
        f"{offline_rate:,.0f} events/s on one core. Its profile (share of the offline time, top functions):\n\n"
        "| function | time |\n|---|---:|\n" + table + "\n"
    )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "serve":
        asyncio.run(_serve(int(sys.argv[2]), float(sys.argv[3])))
    else:
        print(run())
