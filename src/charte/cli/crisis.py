"""``charte crisis``: crisis mode from the machine — declare one (every scheduled post of its scope paused), see
the active one and its paused posts, end it with a decision for each, list past ones, write the report (PDF).
Every command acts as a named person (``--as``): the policy's ``crisis.declare_roles`` decide, as on the API."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from charte.cli.service import database_errors, prepare_database
from charte.service import crisis as crises
from charte.service import crisis_report
from charte.service.principal import Principal
from charte.settings import load_settings
from charte.store.db import make_engine, make_sessionmaker, unit_of_work
from charte.store.repositories import Store

ID = click.IntRange(1, 2**31 - 1)


@click.group()
def crisis() -> None:
    """Crisis mode: declare, status, end, history, report (docs/crisis.md)."""


@contextmanager
def _acting(slug: str, email: str) -> Iterator[tuple[Store, Principal]]:
    """One committed unit of work, as the named active person of the organisation."""
    settings = load_settings()
    prepare_database(settings)
    engine = make_engine(settings.database_url)
    try:
        with database_errors(settings), unit_of_work(make_sessionmaker(engine)) as session:
            store = Store(session)
            org = store.organisations.by_slug(slug)
            if org is None:
                raise click.ClickException(f"no organisation with slug {slug!r}")
            user = store.users.in_org_by_email(org.id, email.strip().lower())
            if user is None or not user.is_active:
                raise click.ClickException(f"no active user {email!r} in {slug}")
            yield store, Principal.of(user.id, org.id, user.role, "system")
    finally:
        engine.dispose()


def _when(value: str) -> dt.datetime:
    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r}: write an ISO 8601 time with its zone") from None
    if at.tzinfo is None:
        raise click.BadParameter(f"{value!r}: give a time zone, e.g. 2026-12-01T09:00:00+01:00")
    return at


_ORG = click.option("--org", "slug", required=True, help="The organisation's slug.")
_AS = click.option("--as", "email", required=True, help="The e-mail of the person acting.")


@crisis.command("declare")
@_ORG
@_AS
@click.option("--summary", required=True, help="What is happening, in a sentence.")
@click.option("--account", "account_ids", type=ID, multiple=True, help="Pause only this account's posts.")
@click.option("--alert", "alert_id", type=ID, default=None, help="The spike alert that proposed it.")
def declare(slug: str, email: str, summary: str, account_ids: tuple[int, ...], alert_id: int | None) -> None:
    """Declare a crisis: every scheduled post of its scope is paused now."""
    with _acting(slug, email) as (store, actor):
        row = crises.declare(store, actor, summary=summary, account_ids=list(account_ids), alert_id=alert_id)
        click.echo(f"crisis #{row.id} declared ({row.scope}): {row.paused_count} post(s) paused")


@crisis.command("status")
@_ORG
@_AS
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
def status(slug: str, email: str, as_json: bool) -> None:
    """The active crisis and the posts it holds paused."""
    with _acting(slug, email) as (store, actor):
        row = crises.current(store, actor)
        paused = [
            {"publication_id": p.id, "draft_id": p.draft_id, "due_at": p.due_at.isoformat()}
            for p in (crises.paused_posts(store, actor, row) if row is not None else [])
        ]
        out = None
        if row is not None:
            out = {
                "id": row.id,
                "summary": row.summary,
                "scope": row.scope,
                "account_ids": list(row.account_ids),
                "team": row.team,
                "declared_at": row.declared_at.isoformat(),
                "paused": paused,
            }
    if as_json:
        click.echo(json.dumps({"crisis": out}, ensure_ascii=False))
    elif out is None:
        click.echo("no crisis is active")
    else:
        click.echo(f"crisis #{out['id']} since {out['declared_at']} ({out['scope']}): {out['summary']}")
        for p in paused:
            click.echo(
                f"  paused: publication #{p['publication_id']} (draft {p['draft_id']}) due {p['due_at']}"
            )


@crisis.command("end")
@_ORG
@_AS
@click.option("--resume", "resume", type=ID, multiple=True, help="Resume this paused publication.")
@click.option("--cancel", "cancel", type=ID, multiple=True, help="Cancel this paused publication.")
@click.option(
    "--reschedule", "reschedule", multiple=True, help="ID=TIME: send this paused publication at TIME instead."
)
@click.option("--rest", type=click.Choice(["resume", "cancel"]), default=None, help="For every other one.")
def end(
    slug: str,
    email: str,
    resume: tuple[int, ...],
    cancel: tuple[int, ...],
    reschedule: tuple[str, ...],
    rest: str | None,
) -> None:
    """End the active crisis, deciding what becomes of each paused post."""
    decisions = [crises.Decision(i, "resume") for i in resume] + [
        crises.Decision(i, "cancel") for i in cancel
    ]
    for item in reschedule:
        ident, _, when = item.partition("=")
        if not ident.isdigit() or not when:
            raise click.BadParameter(f"{item!r}: write ID=TIME, e.g. 12=2026-12-01T09:00:00+01:00")
        decisions.append(crises.Decision(int(ident), "reschedule", _when(when)))
    with _acting(slug, email) as (store, actor):
        ending = crises.end(store, actor, decisions=decisions, rest=rest)
        c = ending.counts
        click.echo(
            f"crisis #{ending.crisis.id} ended: {c['resume']} resumed, {c['reschedule']} rescheduled, "
            f"{c['cancel']} cancelled"
        )


@crisis.command("history")
@_ORG
@_AS
def history(slug: str, email: str) -> None:
    """Past and active crises, newest first."""
    with _acting(slug, email) as (store, actor):
        for row in crises.history(store, actor, limit=100, offset=0).items:
            ended = row.ended_at.isoformat() if row.ended_at else "active"
            click.echo(f"#{row.id} {row.declared_at.isoformat()} → {ended}: {row.summary}")


@crisis.command("report")
@_ORG
@_AS
@click.option("--crisis", "crisis_id", type=ID, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), default="en")
def report(slug: str, email: str, crisis_id: int, output: Path, lang: str) -> None:
    """Write the post-crisis report (PDF): timeline, volumes, response times, what was sent."""
    with _acting(slug, email) as (store, actor):
        content = crisis_report.to_pdf(crisis_report.build(store, actor, crisis_id), lang)
    output.write_bytes(content)
    click.echo(f"report of crisis #{crisis_id} written to {output}")
