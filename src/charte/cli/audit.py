"""``charte audit verify|export|prune|head``: check, export and trim the tamper-evident record."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TextIO

import click

from charte.audit.chain import verify_chain
from charte.audit.export import FORMATS, from_jsonl, to_csv, to_jsonl, to_pdf
from charte.audit.store import AuditLog
from charte.cli import exit_codes
from charte.cli.service import database_errors
from charte.settings import Settings, load_settings
from charte.store.db import make_engine, make_sessionmaker, unit_of_work

BROKEN = 1  # exit code of `verify` when the chain is broken


def _when(value: str | None, name: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            "write a date (2026-01-31) or a time (2026-01-31T12:00:00+01:00)", param_hint=name
        ) from None
    return parsed.replace(tzinfo=dt.UTC) if parsed.tzinfo is None else parsed


def _key(settings: Settings) -> bytes | None:
    return settings.audit_key.get_secret_value().encode() if settings.audit_key else None


@click.group()
def audit() -> None:
    """The tamper-evident audit record (CHARTE_DATABASE_URL says which database)."""


@audit.command()
@click.option("--org", "org_id", type=int, help="One organisation's chain (default: every organisation).")
@click.option(
    "--file",
    "file",
    type=click.File("r", encoding="utf-8"),
    help="Check an exported JSONL file instead of the database (links inside the file).",
)
def verify(org_id: int | None, file: TextIO | None) -> None:
    """Re-compute every hash; name the first entry modified, removed, reordered or inserted (exit 1)."""
    settings = load_settings()
    if file is not None:
        entries = from_jsonl(file.read())
        orgs = sorted({e.org_id for e in entries})
        reports = [
            verify_chain(o, [e for e in entries if e.org_id == o], anchored=False, key=_key(settings))
            for o in orgs
        ]
    else:
        engine = make_engine(settings.database_url)
        try:
            with database_errors(settings), make_sessionmaker(engine)() as session:
                log = AuditLog(session)
                reports = (
                    [log.verify(org_id, _key(settings))]
                    if org_id is not None
                    else log.verify_all(_key(settings))
                )
        finally:
            engine.dispose()
    broken = False
    for report in reports:
        if report.ok:
            span = f"#{report.first_seq}–#{report.last_seq}" if report.entries else "empty"
            click.echo(
                f"organisation {report.org_id}: OK, {report.entries} entries ({span}), "
                f"head {report.head_hash[:16]}…"
            )
        else:
            broken = True
            click.echo(f"organisation {report.org_id}: BROKEN — {report.problem}", err=True)
    if not reports:
        click.echo("no audit entries")
    if not settings.audit_key:
        click.echo(
            "note: CHARTE_AUDIT_KEY is not set, retention checkpoint signatures were not checked", err=True
        )
    sys.exit(BROKEN if broken else exit_codes.ALLOW)


@audit.command()
@click.option("--org", "org_id", type=int, required=True, help="Organisation id.")
@click.option("--from", "since", help="Start (inclusive), ISO date or time; UTC when no zone is given.")
@click.option("--to", "until", help="End (exclusive).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (default: standard output; required for pdf).",
)
def export(org_id: int, since: str | None, until: str | None, fmt: str, output: Path | None) -> None:
    """Export the entries of a period: JSONL (re-verifiable), CSV or PDF."""
    start, end = _when(since, "--from"), _when(until, "--to")
    if start and end and start >= end:
        raise click.BadParameter("--from must be before --to", param_hint="--from")
    if fmt == "pdf" and output is None:
        raise click.UsageError("a PDF goes to a file: add --output record.pdf")
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        with database_errors(settings), make_sessionmaker(engine)() as session:
            log = AuditLog(session)
            entries = log.query(org_id, since=start, until=end)
            if fmt == "jsonl":
                data = to_jsonl(entries)
            elif fmt == "csv":
                data = to_csv(entries)
            else:
                data = to_pdf(
                    f"organisation {org_id}", entries, log.verify(org_id, _key(settings)), start, end
                )
    finally:
        engine.dispose()
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            output.write_bytes(data)
        except OSError as exc:
            click.echo(f"error: cannot write {output}: {exc.strerror}", err=True)
            sys.exit(exit_codes.CANT_CREATE)
        click.echo(f"wrote {len(entries)} entries to {output}", err=True)


@audit.command()
@click.option("--org", "org_id", type=int, help="One organisation (default: every organisation).")
@click.option(
    "--older-than-days",
    type=click.IntRange(min=1),
    help="Remove entries older than this (default: CHARTE_AUDIT_RETENTION_DAYS).",
)
def prune(org_id: int | None, older_than_days: int | None) -> None:
    """Apply retention: remove old entries behind a signed checkpoint, so the rest still verifies."""
    settings = load_settings()
    days = older_than_days or settings.audit_retention_days
    if days is None:
        raise click.UsageError("no retention set: pass --older-than-days or set CHARTE_AUDIT_RETENTION_DAYS")
    key = _key(settings)
    if key is None:
        raise click.UsageError("set CHARTE_AUDIT_KEY (32+ characters): it signs the retention checkpoint")
    engine = make_engine(settings.database_url)
    try:
        with database_errors(settings), unit_of_work(make_sessionmaker(engine)) as session:
            log = AuditLog(session)
            orgs = [org_id] if org_id is not None else log.organisations()
            results = [log.prune(org, dt.timedelta(days=days), key) for org in orgs]
    finally:
        engine.dispose()
    for r in results:
        if r.removed:
            click.echo(
                f"organisation {r.org_id}: removed {r.removed} entries up to #{r.removed_through_seq}, "
                f"checkpoint #{r.checkpoint_seq}"
            )
        else:
            click.echo(f"organisation {r.org_id}: nothing older than {days} days")


@audit.command()
@click.option("--org", "org_id", type=int, required=True)
def head(org_id: int) -> None:
    """Print the newest entry's number and hash: keep it elsewhere to prove later the record was not rewritten."""
    settings = load_settings()
    engine = make_engine(settings.database_url)
    try:
        with database_errors(settings), make_sessionmaker(engine)() as session:
            report = AuditLog(session).verify(org_id, _key(settings))
    finally:
        engine.dispose()
    click.echo(f"{org_id} {report.last_seq or 0} {report.head_hash}")
