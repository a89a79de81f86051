"""A lean open-loop HTTP load generator, run as its own process so that its CPU is measured apart from the
server's: ``CHARTE_TOKEN=… python -m benchmarks.loadgen URL --rate 200 --seconds 20 < bodies.jsonl`` prints
one JSON object (the token from the environment, not the command line, where ``ps`` shows it).

Why not httpx: an httpx.AsyncClient generator took 3.7 ms of CPU per request at 200 requests/s on the 2-core
build machine, more than the server it measures. Here each request is pre-encoded bytes written on a
kept-alive asyncio stream and the answer is read by its Content-Length: about 0.2 ms a request.

Open loop: request *i* is due at ``start + i / rate`` whatever happened before, and its latency runs from
that due time to the last byte of the answer, so a server that falls behind is not flattered (no
coordinated omission): time spent waiting for a free connection counts too.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import time
from collections import Counter
from urllib.parse import urlsplit

MAX_IDLE_SECONDS = 3.0  # below uvicorn's keep-alive timeout (5 s), so the server never closes one under us


def requests_for(host: str, path: str, token: str, bodies: list[bytes]) -> list[bytes]:
    """One complete HTTP/1.1 keep-alive request per body."""
    return [
        (
            f"POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        + body
        for body in bodies
    ]


class Connection:
    """A kept-alive connection that sends one request and reads one answer at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.last_used = time.perf_counter()

    async def exchange(self, request: bytes) -> int:
        """Send ``request``; return the answer's status once its body is read."""
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
                break
        else:
            raise ConnectionError("answer without Content-Length")
        await self.reader.readexactly(length)
        return status

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(OSError):
            await self.writer.wait_closed()


class Pool:
    """Up to ``size`` connections; a request waits here when all are busy (and its latency keeps running)."""

    def __init__(self, host: str, port: int, size: int) -> None:
        self.host, self.port = host, port
        self.idle: list[Connection] = []
        self.slots = asyncio.Semaphore(size)

    async def exchange(self, request: bytes) -> int:
        async with self.slots:
            connection = await self._take()
            try:
                status = await connection.exchange(request)
            except BaseException:
                await connection.close()
                raise
            connection.last_used = time.perf_counter()
            self.idle.append(connection)
            return status

    async def _take(self) -> Connection:
        """The most recently used idle connection that the server has not closed, else a new one.

        uvicorn closes a connection idle for 5 s (``timeout_keep_alive``); reusing one it is closing would
        count as a server error. Browsers and httpx retire idle connections the same way."""
        while self.idle:
            connection = self.idle.pop()
            if (
                not connection.reader.at_eof()
                and time.perf_counter() - connection.last_used < MAX_IDLE_SECONDS
            ):
                return connection
            await connection.close()
        return Connection(*await asyncio.open_connection(self.host, self.port))

    async def close(self) -> None:
        idle, self.idle = self.idle, []
        await asyncio.gather(*(connection.close() for connection in idle))


async def _exchange(pool: Pool, request: bytes, failures: Counter[str]) -> bool:
    """One request; a failure is counted by its kind (the HTTP status, or the exception's type)."""
    try:
        status = await pool.exchange(request)
    except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
        failures[type(exc).__name__] += 1
        return False
    if status != 200:
        failures[f"HTTP {status}"] += 1
    return status == 200


async def open_loop(pool: Pool, requests: list[bytes], rate: float, seconds: float) -> dict[str, object]:
    """Fire ``rate`` requests a second for ``seconds``; the latencies (s) of the 200s and the error count."""
    total = int(rate * seconds)
    latencies: list[float] = []
    failures: Counter[str] = Counter()
    errors = 0
    clock = time.perf_counter  # not loop.time(): uvloop's clock ticks in whole milliseconds
    start = clock() + 0.05

    async def one(index: int, due: float) -> None:
        nonlocal errors
        if await _exchange(pool, requests[index % len(requests)], failures):
            latencies.append(clock() - due)
        else:
            errors += 1

    tasks = []
    cpu = time.process_time()
    for index in range(total):
        due = start + index / rate
        delay = due - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(index, due)))
    await asyncio.gather(*tasks)
    elapsed = clock() - start
    return {
        "latencies": latencies,
        "errors": errors,
        "failures": dict(failures),
        "elapsed": elapsed,
        "cpu": time.process_time() - cpu,
    }


async def closed_loop(
    pool: Pool, requests: list[bytes], concurrency: int, seconds: float
) -> dict[str, object]:
    """``concurrency`` clients each sending the next request as soon as the previous is answered."""
    done = errors = 0
    failures: Counter[str] = Counter()
    loop = asyncio.get_running_loop()
    stop = loop.time() + seconds

    async def client(offset: int) -> None:
        nonlocal done, errors
        index = offset
        while loop.time() < stop:
            ok = await _exchange(pool, requests[index % len(requests)], failures)
            done, errors = done + ok, errors + (not ok)
            index += concurrency

    started, cpu = loop.time(), time.process_time()
    await asyncio.gather(*(client(i) for i in range(concurrency)))
    return {
        "done": done,
        "errors": errors,
        "failures": dict(failures),
        "elapsed": loop.time() - started,
        "cpu": time.process_time() - cpu,
    }


async def main(args: argparse.Namespace) -> dict[str, object]:
    url = urlsplit(args.url)
    bodies = [line.encode() for line in sys.stdin.read().splitlines() if line.strip()]
    requests = requests_for(url.netloc, url.path or "/", os.environ["CHARTE_TOKEN"], bodies)
    pool = Pool(url.hostname or "127.0.0.1", url.port or 80, args.connections)
    try:
        if args.closed:
            return await closed_loop(pool, requests, args.closed, args.seconds)
        return await open_loop(pool, requests, args.rate, args.seconds)
    finally:
        await pool.close()


def _run(args: argparse.Namespace) -> dict[str, object]:
    """On uvloop when installed (a dependency of the service): the generator's own CPU is then lowest."""
    with contextlib.suppress(ImportError):
        import uvloop

        return {**uvloop.run(main(args)), "loop": "uvloop"}
    return {**asyncio.run(main(args)), "loop": "asyncio"}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="e.g. http://127.0.0.1:8000/v1/check")
    parser.add_argument("--rate", type=float, default=200, help="requests per second (open loop)")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=64, help="most connections open at once")
    parser.add_argument("--closed", type=int, default=0, help="closed loop with this many clients instead")
    arguments = parser.parse_args()
    print(json.dumps(_run(arguments)))
