"""Workflow speed: draft create-and-check through the API, and publish jobs per second through Celery workers.

1. ``charte serve --demo`` (SQLite, then PostgreSQL when reachable) receives ``POST /v1/drafts`` one after the
   other; latency is the client's round trip (the check, the draft row, two audit entries, the commit).
2. ``charte worker`` processes (Celery, real Redis) publish queued posts to a local webhook receiver that
   checks every signature; throughput is publications marked sent per second, from the first enqueue.
"""

from __future__ import annotations

import contextlib
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import httpx

from benchmarks.bench_api import _database, _server

#: What this section measures (benchmarks/_measures.py): `charte serve --demo` creating drafts, the Celery
#: workers publishing (helpers of bench_api).
MEASURES = (
    "@checker",
    "@demo-policy",
    "@service",
    "benchmarks/bench_workflow.py",
    "benchmarks/bench_api.py",
)

DRAFTS = int(os.environ.get("CHARTE_BENCH_DRAFTS", "300"))
JOBS = int(os.environ.get("CHARTE_BENCH_JOBS", "300"))
WORKERS = int(os.environ.get("CHARTE_BENCH_WORKERS", "2"))
REDIS_URL = os.environ.get("CHARTE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
TEXTS = [
    "Très fière de notre équipe qui a terminé le salon de Lyon ! Merci à tous pour votre accueil.",
    "Great panel today on accessible design. Slides are on our website.",
    "Petit aperçu du document CONFIDENTIEL sur le projet Phénix, sortie prévue en mars",
    "Nous recrutons des développeuses et développeurs à Nantes : écrivez-nous !",
]


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _drafts(backend: str, workdir: Path) -> str:
    with _database(backend, workdir) as url:
        if url is None:
            return f"| {backend} | — | — | — | PostgreSQL unavailable |"
        with (
            _server(url, workdir) as (base, token, _pid),
            httpx.Client(base_url=base, timeout=30, headers={"Authorization": f"Bearer {token}"}) as c,
        ):
            body = {"platform": "linkedin", "account_kind": "personal", "lang": "fr"}
            for i in range(20):  # warm-up: engine compiled, connections open
                c.post("/v1/drafts", json={**body, "text": TEXTS[i % len(TEXTS)]})
            latencies, errors = [], 0
            for i in range(DRAFTS):
                t0 = time.perf_counter()
                r = c.post("/v1/drafts", json={**body, "text": TEXTS[i % len(TEXTS)] + f" #{i}"})
                latencies.append(time.perf_counter() - t0)
                errors += r.status_code != 201
    ms = [x * 1000 for x in latencies]
    verdict = "✅" if _pct(ms, 0.99) < 100 else "❌"
    return (
        f"| {backend} | {statistics.median(ms):.1f} | {_pct(ms, 0.99):.1f} | {errors} | "
        f"{verdict} target p99 < 100 ms |"
    )


class _Receiver(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.keys: set[str] = set()
        self.deliveries = 0
        self.bad = 0


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Receiver
    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        from charte.connectors.webhook import verify_signature

        body = self.rfile.read(int(self.headers["Content-Length"]))
        ok = verify_signature(
            b"bench-webhook-secret-0123",
            self.headers["Charte-Timestamp"],
            body,
            self.headers["Charte-Signature"],
        )
        with self.server.lock:
            self.server.deliveries += 1
            self.server.keys.add(self.headers["Idempotency-Key"])
            self.server.bad += not ok
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _jobs(workdir: Path) -> str:
    import redis
    from sqlalchemy import func, select

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return f"Redis unavailable at {REDIS_URL} ({type(exc).__name__}): publish throughput not measured.\n"
    from charte.service.publishing import enqueue_publication
    from charte.settings import load_settings
    from charte.store import migrate
    from charte.store.db import make_engine, make_sessionmaker
    from charte.store.models import Organisation, PublicationRow, PublishTarget
    from charte.workers.celery_app import CeleryQueue

    if "CHARTE_SECRET_KEYS" not in os.environ:  # the targets' secrets are encrypted: one key for this run
        from cryptography.fernet import Fernet

        os.environ["CHARTE_SECRET_KEYS"] = Fernet.generate_key().decode("ascii")
    rows = []
    for backend in ("sqlite", "postgresql"):
        with _database(backend, workdir) as url:
            if url is None:
                rows.append(f"| {backend} | — | — | — | PostgreSQL unavailable |")
                continue
            migrate.upgrade(url)
            receiver = _Receiver()
            threading.Thread(target=receiver.serve_forever, daemon=True).start()
            prefix = f"charte-bench-{uuid.uuid4().hex[:8]}"
            env = {
                **os.environ,
                "CHARTE_DATABASE_URL": url,
                "CHARTE_BROKER_URL": REDIS_URL,
                "CHARTE_QUEUE_NAME": prefix,
                "CHARTE_BROKER_KEY_PREFIX": prefix + ":",
                "CHARTE_SCHEDULER_INTERVAL_SECONDS": "30",
                "CHARTE_EGRESS_ALLOW": "127.0.0.1/32",
            }  # the receiver is on loopback
            settings = load_settings(
                None,
                database_url=url,
                broker_url=REDIS_URL,
                queue_name=prefix,
                broker_key_prefix=prefix + ":",
            )
            engine = make_engine(url)
            factory = make_sessionmaker(engine)
            hook = {
                "url": f"http://127.0.0.1:{receiver.server_address[1]}/hook",
                "secret": "bench-webhook-secret-0123",
                "timeout_seconds": 5,
            }
            with factory() as s, s.begin():
                org = Organisation(slug="bench", name="Bench")
                s.add(org)
                s.flush()
                target = PublishTarget(org_id=org.id, name="receiver", connector="webhook", params=hook)
                s.add(target)
                s.flush()
                ids = [
                    enqueue_publication(
                        s,
                        target=target,
                        draft_id=i,
                        content={"text": TEXTS[i % len(TEXTS)], "platform": "x", "account": "@acme"},
                    ).id
                    for i in range(JOBS)
                ]
            logs = [(workdir / f"worker-{backend}-{i}.log").open("wb") for i in range(WORKERS)]
            workers = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "charte.cli.main",
                        "worker",
                        "--pool",
                        "threads",
                        "-c",
                        "4",
                        "--loglevel",
                        "WARNING",
                        "-n",
                        f"bench{i}@%h",
                    ],
                    env=env,
                    stdout=logs[i],
                    stderr=subprocess.STDOUT,
                )
                for i in range(WORKERS)
            ]
            try:
                time.sleep(6)  # let the workers connect before the clock starts
                queue = CeleryQueue(settings)
                t0 = time.perf_counter()
                for pid in ids:
                    queue.enqueue("publish", {"publication_id": pid})
                sent = 0
                deadline = time.monotonic() + 300
                while sent < JOBS and time.monotonic() < deadline:
                    time.sleep(0.05)
                    with factory() as s:
                        sent = (
                            s.scalar(
                                select(func.count())
                                .select_from(PublicationRow)
                                .where(PublicationRow.status == "sent")
                            )
                            or 0
                        )
                elapsed = time.perf_counter() - t0
            finally:
                for w in workers:
                    w.terminate()
                for w in workers:
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        w.wait(timeout=15)
                    if w.poll() is None:
                        w.kill()
                for log in logs:
                    log.close()
                receiver.shutdown()
                receiver.server_close()
                engine.dispose()
                client = redis.Redis.from_url(REDIS_URL)
                for key in client.scan_iter(f"{prefix}*"):
                    client.delete(key)
            rows.append(
                f"| {backend} | {sent}/{JOBS} | {sent / elapsed:.1f} | {receiver.deliveries - len(receiver.keys)}"
                f" | {receiver.bad} bad signatures |"
            )
    return (
        "| database | sent | publications/s | repeated deliveries | note |\n|---|---:|---:|---:|---|\n"
        + "\n".join(rows)
        + "\n"
    )


def run() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        draft_rows = [_drafts(b, workdir) for b in ("sqlite", "postgresql")]
        jobs = _jobs(workdir)
    return (
        "## Workflow: drafts and publishing\n\n"
        f"Draft create-and-check through the API: {DRAFTS} sequential `POST /v1/drafts` against `charte serve "
        "--demo` (each runs the active policy, stores the draft and appends two audit entries).\n\n"
        "| database | p50 (ms) | p99 (ms) | errors | |\n|---|---:|---:|---:|---|\n"
        + "\n".join(draft_rows)
        + "\n\n"
        f"Publish jobs through Celery: {JOBS} queued publications, {WORKERS} `charte worker` processes "
        "(4 threads each) on the local Redis, each job claiming its row, POSTing the signed webhook to a local "
        "receiver and recording the result (publication row, draft, audit entry).\n\n" + jobs
    )


if __name__ == "__main__":
    print(run())
