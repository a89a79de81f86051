"""The load generator of bench_api: open loop at a fixed rate, latency from the due time, errors counted."""

from __future__ import annotations

import asyncio

from benchmarks import loadgen


async def _serve(delay: float, status: int = 200, close_after: bool = False) -> tuple[asyncio.Server, int]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = int(
                    next(
                        line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")
                    ).split(b":")[1]
                )
                await reader.readexactly(length)
                await asyncio.sleep(delay)
                writer.write(f"HTTP/1.1 {status} X\r\nContent-Length: 2\r\n\r\n{{}}".encode())
                if close_after:  # what uvicorn does to a connection idle past its keep-alive timeout
                    await writer.drain()
                    raise ConnectionError
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            await writer.wait_closed()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def _run(
    rate: float, seconds: float, delay: float, connections: int, status: int = 200, close_after: bool = False
) -> dict:
    async def go() -> dict:
        server, port = await _serve(delay, status, close_after)
        async with server:
            pool = loadgen.Pool("127.0.0.1", port, connections)
            requests = loadgen.requests_for(f"127.0.0.1:{port}", "/v1/check", "chk_x", [b'{"text": "a"}'])
            try:
                return await loadgen.open_loop(pool, requests, rate, seconds)
            finally:
                await pool.close()
                await asyncio.sleep(0.05)  # the server's handlers see the connections close

    return asyncio.run(go())


def test_requests_are_fired_at_the_rate_and_answered() -> None:
    result = _run(rate=100, seconds=0.5, delay=0.0, connections=8)
    assert len(result["latencies"]) == 50 and result["errors"] == 0
    assert 0.45 <= result["elapsed"] < 2.0


def test_latency_counts_the_wait_for_a_connection() -> None:
    # One connection, 20 ms a request, a request due every 10 ms: the queue grows and the latency shows it
    # (a closed-loop client would report ~20 ms for every request).
    result = _run(rate=100, seconds=0.3, delay=0.02, connections=1)
    latencies = sorted(result["latencies"])
    assert len(latencies) == 30
    # The last request waited for the 29 before it (~0.3 s); the first did not. No absolute bound on the first:
    # on a busy machine even it can take more than the 20 ms the server sleeps.
    assert latencies[-1] > 0.2 and latencies[-1] > 3 * latencies[0]


def test_answers_other_than_200_are_errors() -> None:
    result = _run(rate=50, seconds=0.2, delay=0.0, connections=2, status=503)
    assert result["errors"] == 10 and result["latencies"] == []


def test_requests_carry_the_token_and_the_length() -> None:
    [request] = loadgen.requests_for("h:1", "/v1/check", "chk_abc", [b'{"text": "\xc3\xa9"}'])
    head, _, body = request.partition(b"\r\n\r\n")
    assert b"Authorization: Bearer chk_abc" in head and f"Content-Length: {len(body)}".encode() in head


def test_connections_the_server_closed_are_not_reused() -> None:
    result = _run(rate=20, seconds=0.5, delay=0.0, connections=1, close_after=True)
    assert result["errors"] == 0 and len(result["latencies"]) == 10, result["failures"]
