"""`/v1/check` under load: `charte serve` started as a subprocess on SQLite and on PostgreSQL, driven by the
lean open-loop generator of ``benchmarks/loadgen.py`` (its own process) at a fixed request rate, then by a
closed loop to find the maximum throughput.

Latency is measured from the moment each request was *due* (not when the client got round to sending it),
so a server that falls behind is not flattered (no coordinated omission). Client and server share the machine;
the CPU of each is measured apart.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import httpx

from charte.cli.service import server_impl

#: What this section measures (benchmarks/_measures.py): `charte serve --demo` answering /v1/check (checker,
#: demo policy and posts, the service) and the load generator.
MEASURES = (
    "@checker",
    "@demo-policy",
    "@service",
    "benchmarks/bench_api.py",
    "benchmarks/loadgen.py",
)

RATE = int(os.environ.get("CHARTE_BENCH_RATE", "200"))
SECONDS = float(os.environ.get("CHARTE_BENCH_SECONDS", "20"))
WARMUP_SECONDS = 3.0
CLOSED_SECONDS = float(os.environ.get("CHARTE_BENCH_CLOSED_SECONDS", "10"))
CLOSED_CONCURRENCY = 16
CONNECTIONS = 64
WORKERS = int(os.environ.get("CHARTE_BENCH_WORKERS", str(min(2, os.cpu_count() or 1))))
PG_ADMIN_URL = os.environ.get("CHARTE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _posts() -> list[dict[str, object]]:
    lines = (resources.files("charte.demo") / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    posts = []
    for line in lines:
        record = json.loads(line)
        posts.append({k: v for k, v in record.items() if k in ("text", "lang", "account", "author")})
    return posts


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _database(backend: str, workdir: Path) -> Iterator[str | None]:
    if backend == "sqlite":
        yield f"sqlite:///{workdir / 'bench.db'}"
        return
    try:
        import psycopg

        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except Exception as exc:  # report, don't crash the whole benchmark run
        print(f"PostgreSQL unavailable: {type(exc).__name__}", file=sys.stderr)
        yield None
        return
    name = f"charte_bench_{uuid.uuid4().hex[:10]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield (
                PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
                + f"/{name}"
            )
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and its children (the uvicorn workers), from /proc."""
    total = 0.0
    pids = [pid]
    with contextlib.suppress(OSError):
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    for one in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


@contextlib.contextmanager
def _server(url: str, workdir: Path) -> Iterator[tuple[str, str, int]]:
    """Start `charte serve --demo` and yield its base URL and the demo admin token it printed."""
    env = {
        **os.environ,
        "CHARTE_DATABASE_URL": url,
        "CHARTE_LOG_LEVEL": "WARNING",
        "CHARTE_AUTO_MIGRATE": "true",
    }
    if not env.get("CHARTE_SECRET_KEYS") and not env.get("CHARTE_SECRET_KEY_FILE"):
        # Serving PostgreSQL needs an encryption key for stored secrets: a throwaway one for this run.
        from cryptography.fernet import Fernet

        env["CHARTE_SECRET_KEYS"] = Fernet.generate_key().decode()
    port = _free_port()
    charte = Path(sys.executable).with_name("charte")
    log = (workdir / f"serve-{port}.log").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [str(charte), "serve", "--demo", "--port", str(port), "--workers", str(WORKERS)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=workdir,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"charte serve exited with {process.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            time.sleep(0.3)
        else:
            raise RuntimeError("charte serve did not start within 120 s")
        log.seek(0)
        token = re.search(r"chk_[A-Za-z0-9_-]+", log.read())
        if token is None:
            raise RuntimeError("the demo token was not printed")
        yield base, token.group(0), process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _loadgen(base: str, token: str, bodies: str, *args: str) -> dict[str, Any]:
    """Run the lean generator (benchmarks/loadgen.py) in its own process and return its JSON answer."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.loadgen",
            f"{base}/v1/check",
            "--connections",
            str(CONNECTIONS),
            *args,
        ],
        input=bodies,
        capture_output=True,
        text=True,
        env={**os.environ, "CHARTE_TOKEN": token},
        cwd=Path(__file__).resolve().parents[1],
        check=True,
        timeout=600,
    )
    return json.loads(done.stdout)


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _drive(base: str, token: str, pid: int) -> dict[str, float]:
    bodies = "\n".join(json.dumps(post) for post in _posts())
    _loadgen(base, token, bodies, "--rate", str(RATE), "--seconds", str(WARMUP_SECONDS))
    cpu_before = _cpu_seconds(pid)
    opened = _loadgen(base, token, bodies, "--rate", str(RATE), "--seconds", str(SECONDS))
    requests = len(opened["latencies"]) + opened["errors"]
    cpu_per_request = (_cpu_seconds(pid) - cpu_before) / max(requests, 1)
    closed = _loadgen(
        base, token, bodies, "--closed", str(CLOSED_CONCURRENCY), "--seconds", str(CLOSED_SECONDS)
    )
    latencies = opened["latencies"]
    return {
        "requests": requests,
        "errors": opened["errors"],
        "throughput": len(latencies) / opened["elapsed"],
        "p50": _percentile(latencies, 0.50) * 1000,
        "p99": _percentile(latencies, 0.99) * 1000,
        "max": max(latencies, default=float("nan")) * 1000,
        "mean": statistics.fmean(latencies) * 1000 if latencies else float("nan"),
        "closed": closed["done"] / closed["elapsed"],
        "closed_errors": closed["errors"],
        "cpu_ms": cpu_per_request * 1000,
        "generator_ms": opened["cpu"] / max(requests, 1) * 1000,
        "loop": opened["loop"],
    }


def _load() -> str:
    with contextlib.suppress(OSError):
        return " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return "n/a"


def run() -> str:
    load, (loop, http) = _load(), server_impl()
    rows = []
    with tempfile.TemporaryDirectory(prefix="charte-bench-") as tmp:
        workdir = Path(tmp)
        for backend in ("sqlite", "postgresql"):
            with _database(backend, workdir) as url:
                if url is None:
                    rows.append(
                        f"| {backend} | — | PostgreSQL not reachable at {PG_ADMIN_URL} | | | | | | | | | |"
                    )
                    continue
                with _server(url, workdir) as (base, token, pid):
                    before = _load()
                    r = _drive(base, token, pid)
                verdict = "yes" if r["p99"] < 50 and r["errors"] == 0 else "no"
                rows.append(
                    f"| {backend} | {RATE}/s × {SECONDS:.0f} s | {r['requests']:.0f} ({r['errors']:.0f} "
                    f"errors) | {r['throughput']:.0f}/s | {r['p50']:.1f} ms | {r['p99']:.1f} ms | "
                    f"{r['max']:.1f} ms | {verdict} | {r['closed']:.0f}/s ({r['closed_errors']:.0f} errors) | "
                    f"{r['cpu_ms']:.2f} ms | {r['generator_ms']:.2f} ms | {before} |"
                )
    return "\n".join(
        [
            "## REST API: `/v1/check` latency under load",
            "",
            f"`charte serve --workers {WORKERS}` (uvicorn on {loop} and {http}) with the demo organisation, "
            "authenticated by an API token; the demo posts in rotation. Open loop at a fixed "
            f"{RATE} requests/s for {SECONDS:.0f} s after a {WARMUP_SECONDS:.0f} s warm-up, latency counted from when "
            f"each request was due (up to {CONNECTIONS} kept-alive connections; waiting for one counts); then a closed "
            f"loop with {CLOSED_CONCURRENCY} concurrent clients for {CLOSED_SECONDS:.0f} s for the maximum throughput. "
            "The load generator (`benchmarks/loadgen.py`: pre-encoded requests on asyncio streams, in its own "
            "process) shares the machine with the server; its own CPU per request is in the table. "
            f"Load average when the section started: {load} on {os.cpu_count()} cores (1/5/15 min).",
            "",
            "| database | load | requests | throughput | p50 | p99 | max | p99 < 50 ms | max throughput | "
            "server CPU per request | generator CPU per request | load average before the row |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
            *rows,
            "",
            "*Server CPU per request* is the CPU time of the server's processes (the uvicorn supervisor and its "
            "workers) during the open loop divided by the requests: it barely depends on how busy the machine is, "
            "and 1000 / it is the requests per second one free core can serve. The latency and throughput columns "
            "do depend on it: on a machine shared with other jobs (load average above the core count), the server "
            "gets a fraction of the cores and its p99 grows.",
            "",
            "Run alone: `python -m benchmarks.run --only api` (CHARTE_BENCH_RATE, CHARTE_BENCH_SECONDS, "
            "CHARTE_BENCH_CLOSED_SECONDS override).",
        ]
    )


if __name__ == "__main__":
    print(run())
