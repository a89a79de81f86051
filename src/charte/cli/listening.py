"""``charte sources list|add|remove|health`` and ``charte mentions import|prune``: listening from the shell."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from charte.cli import exit_codes
from charte.cli.scan import MAX_LINE, _lines
from charte.cli.service import _store, prepare_database
from charte.errors import InputError
from charte.listening.types import SOURCE_KINDS, Batch, IncomingMention, Skipped
from charte.service import ingestion, mention_input, mentions
from charte.service import sources as sources_service
from charte.service.demo import system
from charte.service.engines import EngineCache
from charte.service.errors import ServiceError
from charte.settings import load_settings
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import utcnow
from charte.store.repositories import Store

#: Mentions classified and stored per transaction while importing.
IMPORT_BATCH = 256
_DURATION = re.compile(r"^(\d+)([dhw])$")


def _org(store: Store, slug: str) -> int:
    org = store.organisations.by_slug(slug)
    if org is None:
        raise click.ClickException(f"no organisation with slug {slug!r}")
    return org.id


def _fail(exc: ServiceError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group()
def sources() -> None:
    """Listening sources of an organisation (Mastodon, Bluesky, RSS, webhook, import)."""


org_option = click.option("--org", "org_slug", required=True, help="The organisation's slug.")


@sources.command("list")
@org_option
def list_sources(org_slug: str) -> None:
    """One line per source: id, kind, name, enabled, events, errors."""
    settings = load_settings()
    prepare_database(settings)
    with _store(settings) as store:
        actor = system(_org(store, org_slug))
        for row in sources_service.list_sources(store, actor, limit=200, offset=0).items:
            state = "enabled" if row.enabled else "disabled"
            click.echo(
                f"{row.id}\t{row.kind}\t{row.name}\t{state}\tevents={row.events_count}\terrors={row.error_count}"
            )


@sources.command("add")
@org_option
@click.option("--kind", type=click.Choice(SOURCE_KINDS), required=True)
@click.option("--name", required=True)
@click.option("--settings", "settings_json", default="{}", help="The settings as a JSON object.")
@click.option(
    "--secret-stdin", is_flag=True, help="Read the secret (token, HMAC key) from stdin's first line."
)
def add_source(org_slug: str, kind: str, name: str, settings_json: str, secret_stdin: bool) -> None:
    """Add a source; its secret is read from stdin, never given as an option."""
    try:
        settings_value = json.loads(settings_json)
    except ValueError as exc:
        raise click.UsageError(f"--settings is not valid JSON: {exc}") from None
    if not isinstance(settings_value, dict):
        raise click.UsageError("--settings must be a JSON object")
    secret = sys.stdin.readline().rstrip("\r\n") if secret_stdin else None
    config = load_settings()
    prepare_database(config)
    with _store(config) as store:
        try:
            row = sources_service.create_source(
                store,
                system(_org(store, org_slug)),
                kind=kind,
                name=name,
                settings=settings_value,
                secret=secret or None,
            )
        except ServiceError as exc:
            raise _fail(exc) from None
        click.echo(f"added source {row.name} ({row.kind}, id {row.id})")


@sources.command("remove")
@org_option
@click.argument("name")
def remove_source(org_slug: str, name: str) -> None:
    """Remove a source and the mentions it brought."""
    settings = load_settings()
    prepare_database(settings)
    with _store(settings) as store:
        org_id = _org(store, org_slug)
        row = store.sources.by_name(org_id, name)
        if row is None:
            raise click.ClickException(f"no source named {name!r}")
        sources_service.delete_source(store, system(org_id), row.id)
        click.echo(f"removed source {name}")


@sources.command("health")
@org_option
def health(org_slug: str) -> None:
    """Each source's last event, lag, counts and last error."""
    settings = load_settings()
    prepare_database(settings)
    with _store(settings) as store:
        actor = system(_org(store, org_slug))
        for row in sources_service.list_sources(store, actor, limit=200, offset=0).items:
            lag = "-" if row.lag_seconds is None else f"{row.lag_seconds:.0f}s"
            last = row.last_event_at.isoformat() if row.last_event_at else "never"
            click.echo(
                f"{row.name}: last event {last}, lag {lag}, events {row.events_count}, "
                f"skipped {row.skipped_count}, errors {row.error_count}"
                + (f", last error: {row.last_error}" if row.last_error else "")
            )


@click.group("mentions")
def mentions_group() -> None:
    """Mentions: import a file, prune old ones."""


def read_file(path: Path) -> Iterator[tuple[int, IncomingMention | InputError]]:
    """``(line number, mention or what is wrong)`` for each record of a JSONL or CSV file."""
    now = utcnow()
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8", errors="surrogateescape", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                try:
                    yield reader.line_num, mention_input.parse_csv_row(row, now)
                except InputError as exc:
                    yield reader.line_num, exc
        return
    for number, line in _lines(path):
        if line is None:
            yield number, InputError(f"line longer than {MAX_LINE:,} characters")
            continue
        try:
            yield number, mention_input.parse_json_line(line, now)
        except InputError as exc:
            yield number, exc


@mentions_group.command("import")
@org_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--source",
    "source_name",
    default="import",
    show_default=True,
    help="An import source's name (made if missing).",
)
def import_mentions(org_slug: str, file: Path, source_name: str) -> None:
    """Import mentions from FILE (JSONL, or CSV when it ends in .csv): bad lines are reported, never fatal."""
    if not file.is_file():
        click.echo(f"error: {file}: no such file", err=True)
        sys.exit(exit_codes.NO_INPUT)
    settings = load_settings()
    prepare_database(settings)
    engine = make_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    try:
        with _store(settings) as store:
            org_id = _org(store, org_slug)
            row = store.sources.by_name(org_id, source_name)
            if row is None:
                row = sources_service.create_source(
                    store, system(org_id), kind="import", name=source_name, settings={}, secret=None
                )
            source_id = row.id
        sink = ingestion.IngestionStore(sessions, EngineCache())
        read = stored = bad = 0
        pending: list[IncomingMention] = []
        skipped: list[Skipped] = []
        try:
            for number, item in read_file(file):
                read += 1
                if isinstance(item, InputError):
                    bad += 1
                    click.echo(f"{file}:{number}: {item}", err=True)
                    skipped.append(mention_input.skipped(number, item))
                    continue
                pending.append(item)
                if len(pending) >= IMPORT_BATCH:
                    stored += sink.accept(source_id, Batch(mentions=pending, skipped=skipped))
                    pending, skipped = [], []
            stored += sink.accept(source_id, Batch(mentions=pending, skipped=skipped))
        except (OSError, csv.Error) as exc:
            click.echo(f"error: {file}: {exc}", err=True)
            sys.exit(exit_codes.NO_INPUT)
    finally:
        engine.dispose()
    click.echo(
        f"{read} records read, {stored} new mentions stored, {read - bad - stored} already there, {bad} malformed"
    )
    if bad:
        sys.exit(exit_codes.DATA)


@mentions_group.command("prune")
@click.option("--older-than", required=True, help="Age, e.g. 90d, 12w or 48h.")
def prune(older_than: str) -> None:
    """Delete, in every organisation, the mentions received longer ago than --older-than (and their notes)."""
    match = _DURATION.match(older_than.strip())
    if match is None or int(match.group(1)) == 0:
        raise click.UsageError("--older-than: write a positive number of days, weeks or hours: 90d, 12w, 48h")
    amount, unit = int(match.group(1)), match.group(2)
    age = (
        dt.timedelta(days=amount)
        if unit == "d"
        else dt.timedelta(weeks=amount)
        if unit == "w"
        else dt.timedelta(hours=amount)
    )
    settings = load_settings()
    prepare_database(settings)
    with _store(settings) as store:
        removed = mentions.prune(store, age)
    click.echo(f"deleted {removed} mentions received before {(utcnow() - age).isoformat(timespec='seconds')}")
