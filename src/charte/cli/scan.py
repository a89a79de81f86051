"""``charte scan``: check a JSONL batch, one output line per input line, with a progress bar."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from charte.cli import exit_codes
from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.engine.records import decision_record, parse_line
from charte.errors import InputError
from charte.policy.loader import load_policy_file

_ENGINE: CheckEngine | None = None
#: Lines checked together (``CheckEngine.check_many``): enough to amortise the models' per-call cost.
BATCH = 128


def _init_worker(policy_path: str) -> None:
    global _ENGINE
    _ENGINE = CheckEngine(load_policy_file(policy_path))


def check_lines(items: list[tuple[int, str]]) -> list[dict[str, Any]]:
    """One output record per input line, in order; the valid posts are checked as one batch and a bad
    line gives an error record, never an exception."""
    assert _ENGINE is not None
    records: list[dict[str, Any] | None] = []
    good: list[tuple[int, Any, Post]] = []
    for number, line in items:
        try:
            record = parse_line(line)
        except InputError as exc:
            records.append(_error_record(number, line, exc))
            continue
        good.append((len(records), record.id, record.to_post()))
        records.append(None)
    decisions = _ENGINE.check_many([post for _, _, post in good])
    for (index, post_id, _), decision in zip(good, decisions, strict=True):
        records[index] = decision_record(post_id, decision)
    return records  # type: ignore[return-value]


def _error_record(number: int, line: str, exc: InputError) -> dict[str, Any]:
    post_id: Any = None
    try:
        raw = json.loads(line)
        post_id = raw.get("id") if isinstance(raw, dict) else None
    except ValueError:
        pass
    if not isinstance(post_id, str | int):
        post_id = None
    return {"id": post_id, "line": number, "error": str(exc)}


def _batches(items: Iterable[tuple[int, str]]) -> Iterator[list[tuple[int, str]]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, BATCH)):
        yield batch


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, line


@click.command()
@click.argument("input_path", metavar="INPUT.jsonl", type=click.Path(exists=True, dir_okay=False))
@click.option("--policy", "policy_path", required=True, type=click.Path(dir_okay=False))
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False),
              help="Output JSONL (`-` for stdout).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to use.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def scan(input_path: str, policy_path: str, output: str, workers: int, quiet: bool) -> None:
    """Check every post of INPUT.jsonl and write one result line per post."""
    global _ENGINE
    _ENGINE = CheckEngine(load_policy_file(policy_path))  # fail fast on a bad policy
    path = Path(input_path)
    total = sum(1 for _ in _lines(path))
    console = Console(stderr=True, highlight=False)
    counts: Counter[str] = Counter()
    started = time.perf_counter()
    try:
        out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        console.print(f"[red]error:[/red] cannot write {output}: {exc.strerror}")
        sys.exit(exit_codes.CANT_CREATE)
    progress = Progress(TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        console=console, disable=quiet or output == "-", transient=True)
    pool = None
    try:
        if workers > 1:
            pool = multiprocessing.get_context("spawn").Pool(workers, _init_worker, (policy_path,))
            batches: Iterator[list[dict[str, Any]]] = pool.imap(check_lines, _batches(_lines(path)))
        else:
            batches = map(check_lines, _batches(_lines(path)))
        with progress:
            task = progress.add_task("scan", total=total)
            dumps = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(record, ensure_ascii=False) calls
            for batch in batches:  # one write and one progress update per batch, not per post
                for record in batch:
                    counts["error" if "error" in record else record["verdict"]] += 1
                out.write("".join([dumps(record) + "\n" for record in batch]))
                progress.advance(task, len(batch))
    finally:
        if pool is not None:
            pool.close()
            pool.join()
        if out is not sys.stdout:
            out.close()
    elapsed = time.perf_counter() - started
    n = sum(counts.values())
    console.print(
        f"{n} posts in {elapsed:.2f}s ({n / elapsed if elapsed else 0:,.0f} posts/s): "
        f"allow {counts['allow']}, review {counts['review']}, block {counts['block']}, errors {counts['error']}"
    )
