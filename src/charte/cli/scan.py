"""``charte scan``: check a JSONL batch, one output line per input line, with a progress bar."""

from __future__ import annotations

import gc
import json
import multiprocessing
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.text import Text

from charte.cli import exit_codes
from charte.domain import Decision, Post
from charte.engine.engine import CheckEngine
from charte.engine.records import MAX_TEXT, PostIn, decision_record, describe
from charte.errors import InputError
from charte.policy.loader import load_policy_file

_ENGINE: CheckEngine | None = None
#: Lines checked together (``CheckEngine.check_many``): enough to amortise the models' per-call cost.
BATCH = 128
#: Longest line read (characters); a longer one is skipped with an error record, never held whole.
MAX_LINE = 4_000_000
#: Most characters held in one batch, so 128 long lines do not add up to gigabytes.
BATCH_CHARS = 8_000_000
#: The documented fields of an input line; any other is carried through under ``meta``. ``role`` (now
#: ``functions``) is not carried: ignoring it would check the post as if the author's functions were unknown.
FIELDS = frozenset(PostIn.model_fields) | {"role"}


def _init_worker(policy_path: str) -> None:
    global _ENGINE
    gc.disable()  # as in scan(): no collections over the start-up's long-lived objects
    _ENGINE = CheckEngine(load_policy_file(policy_path))
    gc.freeze()
    gc.enable()


def parse_record(line: str) -> tuple[Any, dict[str, Any], PostIn]:
    """``(id, meta, post)`` of one JSONL line; raises :class:`InputError` naming what is wrong.

    Fields beyond the documented ones are not an error: real exports carry many (URLs, counts,
    timestamps). They come back under ``meta`` in the output, untouched.
    """
    return _validated(_json_object(line))


def read_post(line: str) -> tuple[Any, dict[str, Any], Post]:
    """``(id, meta, post)`` of one JSONL line, the post as :func:`parse_record` and ``PostIn.to_post`` make
    it; raises :class:`InputError` as :func:`parse_record` does. A line with only a valid ``text``, ``id`` and
    ``lang`` (most lines of a plain export) skips building the ``PostIn``: a few microseconds a line."""
    data = _json_object(line)
    post = _plain_post(data)
    if post is not None:
        return data.get("id"), {}, post
    post_id, meta, record = _validated(data)
    return post_id, meta, record.to_post()


def _json_object(line: str) -> dict[str, Any]:
    try:
        data = json.loads(line, strict=False)  # control characters (a bare \r) allowed inside strings
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})") from None
    except RecursionError:
        raise InputError("not readable: JSON nested too deeply") from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        reason = "a number has too many digits" if "digits" in str(exc) else str(exc)
        raise InputError(f"not readable: {reason}") from None
    if not isinstance(data, dict):
        raise InputError(f"expected a JSON object, got {type(data).__name__}")
    return data


def _validated(data: dict[str, Any]) -> tuple[Any, dict[str, Any], PostIn]:
    post_id = data.get("id")
    meta = {key: value for key, value in data.items() if key not in FIELDS}
    known = {key: value for key, value in data.items() if key in FIELDS} if meta else data
    try:
        return post_id, meta, PostIn.model_validate(known)
    except ValidationError as exc:
        raise InputError(describe(exc)) from None


#: The fields of a plain line (see :func:`_plain_post`).
_PLAIN_FIELDS = frozenset({"id", "text", "lang"})
#: ``PostIn.lang``'s pattern ``^[a-z]{2,3}$`` as pydantic reads it: ``$`` is the end of the text ("fr\n" fails).
_LANG = re.compile(r"[a-z]{2,3}")


def _plain_post(data: dict[str, Any]) -> Post | None:
    """The post of a line holding nothing but ``text`` and optionally ``id`` and ``lang``, each one a value
    ``PostIn`` accepts as it stands; ``None`` for any other line, which ``PostIn`` then judges (and names
    what is wrong). Only a sufficient test: whatever it lets through, ``PostIn`` would have taken, and it
    builds the same ``Post`` (tests/cli/test_scan_fast_path.py)."""
    if not data.keys() <= _PLAIN_FIELDS:
        return None
    text, lang, post_id = data.get("text"), data.get("lang"), data.get("id")
    if type(text) is not str or len(text) > MAX_TEXT or not _utf8(text):
        return None
    if lang is not None and (type(lang) is not str or _LANG.fullmatch(lang) is None):
        return None
    if post_id is not None and type(post_id) is not int and not (type(post_id) is str and _utf8(post_id)):
        return None  # a bool is no int here (type(), not isinstance), nor for strict PostIn
    return Post(text=text, lang=lang)


def _utf8(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8: pydantic refuses a lone surrogate ("\\ud800" in JSON)."""
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_lines(items: list[tuple[int, str | None]]) -> list[dict[str, Any]]:
    """One output record per input line, in order; the valid posts are checked as one batch and a bad
    line gives an error record, never an exception."""
    assert _ENGINE is not None
    records: list[dict[str, Any]] = []
    good: list[tuple[int, Any, dict[str, Any], Post]] = []
    for number, line in items:
        if line is None:
            records.append({"id": None, "line": number, "error": f"line longer than {MAX_LINE:,} characters"})
            continue
        try:
            post_id, meta, post = read_post(line)
        except InputError as exc:
            records.append(_error_record(number, line, exc))
            continue
        good.append((len(records), post_id, meta, post))
        records.append({"line": number})
    for (index, post_id, meta, _), decision in zip(good, _decide([post for *_, post in good]), strict=True):
        number = records[index]["line"]
        if isinstance(decision, Exception):
            records[index] = {
                "id": post_id,
                "line": number,
                "error": f"internal error while checking: {type(decision).__name__}: {decision}",
            }
            continue
        records[index] = decision_record(post_id, decision)
        if meta:
            records[index]["meta"] = meta
    return records


def _decide(posts: list[Post]) -> list[Decision | Exception]:
    """Decisions of a batch; if the batch fails, each post alone, so one bad post costs only its line."""
    assert _ENGINE is not None
    try:
        return list(_ENGINE.check_many(posts))
    except Exception:
        out: list[Decision | Exception] = []
        for post in posts:
            try:
                out.append(_ENGINE.check(post))
            except Exception as exc:
                out.append(exc)
        return out


def _error_record(number: int, line: str, exc: InputError) -> dict[str, Any]:
    post_id: Any = None
    try:
        raw = json.loads(line)
        post_id = raw.get("id") if isinstance(raw, dict) else None
    except (ValueError, RecursionError):
        pass
    if not isinstance(post_id, str | int) or isinstance(post_id, bool):
        post_id = None
    return {"id": post_id, "line": number, "error": str(exc)}


def _batches(items: Iterable[tuple[int, str | None]]) -> Iterator[list[tuple[int, str | None]]]:
    """Runs of at most :data:`BATCH` lines and about :data:`BATCH_CHARS` characters."""
    batch: list[tuple[int, str | None]] = []
    size = 0
    for item in items:
        batch.append(item)
        size += len(item[1] or "")
        if len(batch) >= BATCH or size >= BATCH_CHARS:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _lines(path: Path) -> Iterator[tuple[int, str | None]]:
    """``(number, line)`` of each non-blank line; ``None`` for a line over :data:`MAX_LINE`.

    Only ``\n`` ends a line: a bare ``\r`` (or U+2028) inside a record is part of it, as in JSON Lines.
    """
    with path.open(encoding="utf-8", errors="replace", newline="\n") as handle:
        number = 0
        while line := handle.readline(MAX_LINE + 1):
            number += 1
            if len(line) > MAX_LINE and not line.endswith("\n"):
                while (rest := handle.readline(1 << 20)) and not rest.endswith("\n"):
                    pass
                yield number, None
            elif line.strip():
                yield number, line


def _encode(batch: list[dict[str, Any]]) -> str:
    """The batch as JSONL; a value that cannot be written as UTF-8 (a lone surrogate) or nested too deeply
    in ``meta`` is escaped or replaced by an error record rather than stopping the run."""
    try:
        text = "".join([_DUMPS(record) + "\n" for record in batch])
        text.encode("utf-8")  # one check for the whole batch: almost every batch passes
    except (UnicodeEncodeError, ValueError, RecursionError):
        return "".join([_encode_one(record) for record in batch])
    return text


def _encode_one(record: dict[str, Any]) -> str:
    """One record as a JSONL line, whatever it holds (see :func:`_encode`)."""
    try:
        line = _DUMPS(record)
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(record)  # ASCII escapes (\ud800) are valid JSON
    except (ValueError, RecursionError) as exc:
        line = _DUMPS(
            {
                "id": record.get("id") if isinstance(record.get("id"), str | int) else None,
                "line": record.get("line"),
                "error": f"cannot write this record: {type(exc).__name__}",
            }
        )
    return line + "\n"


# What json.dumps(record, ensure_ascii=False) calls, less the check for circular references (a set of ids
# kept per container, ~8 % of the encoding): a record built from a JSON line and a decision holds none.
_DUMPS = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _summary(counts: Counter[str], fields: Counter[str], with_meta: int, elapsed: float, stopped: str) -> str:
    n = counts.total()
    text = (
        f"{n} posts in {elapsed:.2f}s ({n / elapsed if elapsed else 0:,.0f} posts/s): allow {counts['allow']}, "
        f"review {counts['review']}, block {counts['block']}, errors {counts['error']}"
    )
    if with_meta:
        names = ", ".join(name for name, _ in fields.most_common(8)) + (", …" if len(fields) > 8 else "")
        text += f"; {with_meta} posts carried {len(fields)} unknown fields, kept under meta ({names})"
    return text + (f"; stopped early: {stopped}" if stopped else "")


@click.command()
@click.argument("input_path", metavar="INPUT.jsonl", type=click.Path(dir_okay=False))
@click.option("--policy", "policy_path", required=True, type=click.Path(dir_okay=False))
@click.option(
    "--output", "-o", required=True, type=click.Path(dir_okay=False), help="Output JSONL (`-` for stdout)."
)
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes to use.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def scan(input_path: str, policy_path: str, output: str, workers: int, quiet: bool) -> None:
    """Check every post of INPUT.jsonl and write one result line per post.

    Each line is a JSON object with `text` and optionally `id`, `lang`, `author`, `functions`, `account`,
    `platform`, `attachments`, `in_reply_to_complaint`; other fields come back under `meta`. A line that
    cannot be checked gives an error record with its line number; the run always goes to the end.
    """
    global _ENGINE
    path = Path(input_path)
    show_progress = not (quiet or output == "-")
    try:
        if show_progress:
            total: int | None = sum(1 for _ in _lines(path))  # the bar's length: one reading pass more
        else:
            total = None
            path.open("rb").close()  # unreadable input: the same error, before the policy is compiled
    except OSError as exc:
        raise click.FileError(input_path, exc.strerror or "cannot read") from None
    # Start-up (the detectors' imports, the policy's compilation, the word tables and models the first batch
    # builds) allocates hundreds of thousands of long-lived objects: the collector's passes over them are
    # pure waste (~10 % of start-up). It is off until the first batch is done, then those objects are frozen
    # out of its sight and it runs as usual.
    gc.disable()
    try:
        _ENGINE = CheckEngine(load_policy_file(policy_path))  # fail fast on a bad policy
    except BaseException:
        gc.enable()
        raise
    console = Console(stderr=True, highlight=False)
    counts: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    with_meta = 0
    stopped = ""
    try:
        out = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        gc.enable()
        console.print(Text("error: ", style="red") + Text(f"cannot write {output}: {exc.strerror}"))
        sys.exit(exit_codes.CANT_CREATE)
    started = time.perf_counter()
    progress = Progress(
        TextColumn("scanning"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=not show_progress,
        transient=True,
    )
    pool = None
    try:
        if workers > 1:
            pool = multiprocessing.get_context("spawn").Pool(workers, _init_worker, (policy_path,))
            batches: Iterator[list[dict[str, Any]]] = pool.imap(check_lines, _batches(_lines(path)))
        else:
            batches = map(check_lines, _batches(_lines(path)))
        with progress:
            task = progress.add_task("scan", total=total)
            frozen = False
            for batch in batches:  # one write and one progress update per batch, not per post
                for record in batch:
                    counts["error" if "error" in record else record["verdict"]] += 1
                    if "meta" in record:
                        with_meta += 1
                        fields.update(record["meta"].keys())
                out.write(_encode(batch))
                progress.advance(task, len(batch))
                if not frozen:
                    # The compiled policy, the models and the word tables built on the first batch live as
                    # long as the process: out of the garbage collector's sight, its full collections during
                    # the scan no longer walk them.
                    gc.freeze()
                    gc.enable()
                    frozen = True
    except BaseException as exc:
        stopped = "interrupted" if isinstance(exc, KeyboardInterrupt) else f"{type(exc).__name__}: {exc}"
        raise
    finally:
        gc.enable()  # also when the input had no line (or the run stopped before the first batch)
        if pool is not None:
            if stopped:
                pool.terminate()
            else:
                pool.close()
            pool.join()
        if out is not sys.stdout:
            out.close()
        console.print(
            _summary(counts, fields, with_meta, time.perf_counter() - started, stopped),
            markup=False,
            soft_wrap=True,
        )
