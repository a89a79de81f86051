"""``charte accounts``: the account register enforced, from the machine — each account's standing and the
organisation's posture, an owner's 2FA attestation or credential rotation, and the periodic sweep (open the
access reviews that fall due, escalate late ones, remind owners of rotations) run once."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager

import click

from charte.cli.service import database_errors, prepare_database
from charte.service import access_reviews, account_register
from charte.service.principal import Principal
from charte.settings import Settings, load_settings
from charte.store.db import make_engine, make_sessionmaker, unit_of_work
from charte.store.models import Organisation, utcnow
from charte.store.repositories import Store


@click.group()
def accounts() -> None:
    """Brand accounts: 2FA attestations, credential rotations, access reviews (docs/account-safety.md)."""


@contextmanager
def _store(settings: Settings) -> Iterator[Store]:
    """One committed unit of work (a refused statement rolls it all back)."""
    engine = make_engine(settings.database_url)
    try:
        with database_errors(settings), unit_of_work(make_sessionmaker(engine)) as session:
            yield Store(session)
    finally:
        engine.dispose()


@contextmanager
def _org(slug: str) -> Iterator[tuple[Store, Organisation]]:
    settings = load_settings()
    prepare_database(settings)
    with _store(settings) as store:
        org = store.organisations.by_slug(slug)
        if org is None:
            raise click.ClickException(f"no organisation with slug {slug!r}")
        yield store, org


def _as(store: Store, org: Organisation, email: str) -> Principal:
    """The owner acting: an attestation is a person's statement, never the machine's."""
    user = store.users.in_org_by_email(org.id, email.strip().lower())
    if user is None or not user.is_active:
        raise click.ClickException(f"no active user {email!r} in {org.slug}")
    return Principal.of(user.id, org.id, user.role, "system")


def _when(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    try:
        at = dt.datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            "write an ISO 8601 time with its zone, e.g. 2026-12-01T09:00:00+01:00"
        ) from None
    if at.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. 2026-12-01T09:00:00+01:00")
    return at


@accounts.command("status")
@click.option("--org", "slug", required=True, help="The organisation's slug.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object: posture and accounts.")
def status(slug: str, as_json: bool) -> None:
    """Each account's 2FA, rotation, review, people with access, and why publishing is held; the posture."""
    with _org(slug) as (store, org):
        rows = account_register.org_standings(store, org.id, utcnow())
        posture = account_register.posture_of(rows)
        accounts_out = [
            {
                "id": s.account.id,
                "platform": s.account.platform,
                "handle": s.account.handle,
                "two_factor": s.two_factor,
                "rotation": s.rotation,
                "review": s.review,
                "people_with_access": s.people,
                "recovery_contacts": len(s.account.recovery_contacts or []),
                "open_incident_id": s.open_incident_id,
                "open_rotation_tasks": s.open_tasks,
                "held": s.hold_reason,
            }
            for s in rows
        ]
    if as_json:
        click.echo(json.dumps({"posture": posture.__dict__, "accounts": accounts_out}, ensure_ascii=False))
        return
    click.echo(
        f"posture {posture.score}/100 over {posture.accounts} accounts: 2FA {posture.two_factor:.0%}, "
        f"rotation {posture.rotation:.0%}, reviews {posture.reviews:.0%}"
    )
    for a in accounts_out:
        held = f"  HELD: {a['held']}" if a["held"] else ""
        click.echo(
            f"#{a['id']} {a['platform']} {a['handle']}: 2FA {a['two_factor']}, rotation {a['rotation']}, "
            f"review {a['review']}, {a['people_with_access']} with access, "
            f"{a['open_rotation_tasks']} rotation task(s){held}"
        )


@accounts.command("attest")
@click.option("--org", "slug", required=True)
@click.option("--account", "account_id", type=click.IntRange(1, 2**31 - 1), required=True)
@click.option("--as", "email", required=True, help="The e-mail of the owner who checked 2FA.")
@click.option("--at", "at", default=None, help="When 2FA was checked (ISO 8601 with zone); now by default.")
def attest(slug: str, account_id: int, email: str, at: str | None) -> None:
    """An owner attests that the account's 2FA is on; its held posts are released."""
    when = _when(at)
    with _org(slug) as (store, org):
        account = account_register.attest_2fa(store, _as(store, org, email), account_id, at=when)
        click.echo(f"2FA of #{account.id} {account.handle} attested at {account.two_factor_attested_at}")


@accounts.command("rotated")
@click.option("--org", "slug", required=True)
@click.option("--account", "account_id", type=click.IntRange(1, 2**31 - 1), required=True)
@click.option("--as", "email", required=True, help="The e-mail of the owner who changed the credentials.")
@click.option("--at", "at", default=None, help="When they were changed (ISO 8601 with zone); now by default.")
def rotated(slug: str, account_id: int, email: str, at: str | None) -> None:
    """An owner records a credential rotation; the account's rotation tasks end."""
    when = _when(at)
    with _org(slug) as (store, org):
        account = account_register.record_rotation(store, _as(store, org, email), account_id, at=when)
        click.echo(f"credentials of #{account.id} {account.handle} rotated at {account.last_rotation_at}")


@accounts.command("sweep")
def sweep() -> None:
    """Run the hourly job once: open due access reviews, escalate late ones, remind owners of rotations."""
    settings = load_settings()
    prepare_database(settings)
    now = utcnow()
    opened = escalated = reminded = 0
    with _store(settings) as store:
        for org_id in store.safety.organisation_ids():
            o, e = access_reviews.sweep(store, org_id, now)
            opened, escalated = opened + o, escalated + e
            reminded += account_register.remind_rotations(store, org_id, now)
    click.echo(f"{opened} review(s) opened, {escalated} escalated, {reminded} rotation reminder(s)")
