"""``charte replies list|import``: the saved replies of an organisation from the shell.

``import`` loads a conflict plan's pre-approved answers (JSON Lines: ``title``, ``body``, ``lang``, and optionally
``intent``, ``topic``, ``holding_statement``); each becomes a saved reply whose first version waits for approval
in the application, like one written there (the command line approves nothing). Bad lines are reported by
number and skipped; the others are stored.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from charte.cli import exit_codes
from charte.cli.listening import _org, org_option
from charte.cli.scan import MAX_LINE, _lines
from charte.cli.service import _store, prepare_database
from charte.service import replies as replies_service
from charte.service.demo import system
from charte.service.engines import EngineCache
from charte.service.errors import ServiceError
from charte.settings import load_settings

FIELDS = frozenset({"title", "body", "lang", "intent", "topic", "holding_statement"})


@click.group("replies")
def replies() -> None:
    """Saved replies: list them, import pre-approved answers (approved in the application)."""


@replies.command("list")
@org_option
@click.option("--archived", is_flag=True, help="The archived replies instead.")
def list_replies(org_slug: str, archived: bool) -> None:
    """One line per saved reply: id, language, intent, version in use, latest version and its status, uses."""
    settings = load_settings()
    prepare_database(settings)
    with _store(settings) as store:
        actor = system(_org(store, org_slug))
        page, latest = replies_service.list_replies(store, actor, archived=archived, limit=500, offset=0)
        for row in page.items:
            v = latest[row.id]
            used = f"v{row.approved_version}" if row.approved_version else "none"
            click.echo(
                f"{row.id}\t{v.lang}\t{v.intent or '-'}\tin use: {used}\tlatest: v{v.version} {v.status}"
                f"\tuses={row.use_count}\t{v.title}"
            )


def _input(record: Any) -> replies_service.ReplyInput:
    if not isinstance(record, dict):
        raise ValueError("a line is a JSON object")
    unknown = sorted(set(record) - FIELDS)
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(unknown)}; use {', '.join(sorted(FIELDS))}")
    for name in ("title", "body", "lang"):
        if not isinstance(record.get(name), str):
            raise ValueError(f"{name}: give a string")
    for name in ("intent", "topic"):
        if record.get(name) is not None and not isinstance(record[name], str):
            raise ValueError(f"{name}: give a string")
    holding = record.get("holding_statement", False)
    if not isinstance(holding, bool):
        raise ValueError("holding_statement: write true or false")
    return replies_service.ReplyInput(
        title=record["title"],
        body=record["body"],
        lang=record["lang"],
        intent=record.get("intent"),
        topic=record.get("topic"),
        holding_statement=holding,
    )


@replies.command("import")
@org_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_replies(org_slug: str, file: Path) -> None:
    """Import saved replies from FILE (JSON Lines); each waits for approval in the application."""
    if not file.is_file():
        click.echo(f"error: {file}: no such file", err=True)
        sys.exit(exit_codes.NO_INPUT)
    settings = load_settings()
    prepare_database(settings)
    cache = EngineCache()
    read = stored = bad = 0
    with _store(settings) as store:
        actor = system(_org(store, org_slug))
        for number, line in _lines(file):
            if line is None:
                read += 1
                bad += 1
                click.echo(f"{file}:{number}: line longer than {MAX_LINE:,} characters", err=True)
                continue
            read += 1
            try:
                data = _input(json.loads(line))
                with store.session.begin_nested():
                    view = replies_service.create(store, actor, cache, data)
            except ValueError as exc:
                bad += 1
                click.echo(f"{file}:{number}: {exc}", err=True)
                continue
            except ServiceError as exc:
                bad += 1
                click.echo(f"{file}:{number}: {exc}", err=True)
                continue
            stored += 1
            click.echo(
                f"{file}:{number}: saved reply {view.reply.id} ({view.latest.verdict}), waiting for approval"
            )
    click.echo(f"{read} replies read, {stored} stored (waiting for approval), {bad} refused")
    if bad:
        sys.exit(exit_codes.DATA)
