"""Service commands: ``charte serve``, ``charte admin create-org|create-user|reset-password|reset-link|require-totp``, ``charte db upgrade|downgrade|rotate-secrets``."""

from __future__ import annotations

import importlib.util
import inspect
import logging
import logging.config
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from charte.service import demo as demo_seed
from charte.service import organisations, password_reset, users
from charte.service.permissions import Role
from charte.service.runtime import configure_process
from charte.settings import Settings, load_settings
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker, unit_of_work
from charte.store.repositories import Store


def _safe_url(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def database_errors(settings: Settings) -> Iterator[None]:
    """Turn driver errors into one clear line (the URL is shown without its password)."""
    try:
        yield
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        raise click.ClickException(
            f"cannot use the database {_safe_url(settings.database_url)}: {reason}"
        ) from None
    except SQLAlchemyError as exc:
        raise click.ClickException(
            f"database error ({type(exc).__name__}) on {_safe_url(settings.database_url)}"
        ) from None


@contextmanager
def _store(settings: Settings) -> Iterator[Store]:
    engine = make_engine(settings.database_url)
    try:
        with database_errors(settings), unit_of_work(make_sessionmaker(engine)) as session:
            yield Store(session)
    finally:
        engine.dispose()


def prepare_database(settings: Settings) -> None:
    """Apply migrations (SQLite by default) or refuse to start on an out-of-date schema."""
    configure_process(settings)
    with database_errors(settings):
        if settings.migrate_at_start:
            migrate.upgrade(settings.database_url)
        elif not migrate.is_up_to_date(settings.database_url):
            raise click.ClickException("the database schema is not up to date: run `charte db upgrade` first")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), envvar="PORT")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes serving requests (e.g. one per core).",
)
@click.option("--demo", "with_demo", is_flag=True, help="Seed the demo organisation and print its logins.")
def serve(host: str, port: int, workers: int, with_demo: bool) -> None:
    """Start the API server (settings from CHARTE_* variables and .env; see docs/service.md)."""
    import uvicorn

    if with_demo:  # the demo's publish target is the in-memory outbox (every worker process inherits this)
        os.environ["CHARTE_MEMORY_CONNECTOR"] = "true"
    settings = load_settings()
    log_config = logging_config(settings.log_level)
    logging.config.dictConfig(log_config)
    prepare_database(settings)
    if with_demo:
        _print_demo(settings, f"http://{host}:{port}")
    # An import string and a factory, so that each worker process builds its own app and connection pool.
    extra: dict[str, Any] = {}
    if "timeout_worker_healthcheck" in inspect.signature(uvicorn.Config).parameters:
        extra["timeout_worker_healthcheck"] = 60  # a busy machine can take more than 5 s to import a worker
    loop, http = server_impl()
    from charte.workers import leader

    with tempfile.TemporaryDirectory(prefix="charte-serve-") as lock_dir:
        # With several processes, one runs the ingestion and the periodic jobs (charte.workers.leader).
        if workers > 1:
            os.environ[leader.LOCK_ENV] = os.path.join(lock_dir, "lead.lock")
        try:
            # proxy_headers=False: uvicorn would believe X-Forwarded-For from loopback; the app's
            # TrustedProxies middleware believes it only from CHARTE_TRUSTED_PROXIES.
            uvicorn.run(
                "charte.api.app:create_app",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                loop=loop,
                http=http,
                proxy_headers=False,
                access_log=False,
                log_config=log_config,
                log_level=settings.log_level.lower(),
                **extra,
            )
        finally:
            os.environ.pop(leader.LOCK_ENV, None)  # its directory is removed now


def server_impl() -> tuple[str, str]:
    """uvloop and httptools when installed (they are dependencies, except uvloop on Windows), else the pure
    Python ones, with a warning: asyncio + h11 cost more CPU per request and answered ~44 ms later at p50
    in the benchmark (docs/service.md, Performance)."""
    loop = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    if (loop, http) != ("uvloop", "httptools"):
        logging.getLogger("charte.serve").warning(
            "serving with %s and %s: install uvloop and httptools for the documented throughput", loop, http
        )
    return loop, http


def logging_config(level: str) -> dict[str, object]:
    """One format for Charte and uvicorn, applied in every worker process. Lines carry ids, never content."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
        "handlers": {
            "stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}
        },
        "root": {"level": level, "handlers": ["stderr"]},
        "loggers": {"uvicorn.access": {"level": "WARNING"}},
    }


def _print_demo(settings: Settings, base: str) -> None:
    from charte.cli.demo import demo_policy_text

    with _store(settings) as store:
        result = demo_seed.seed(store, demo_policy_text())
    echo = click.echo
    echo(
        f"\nCharte demo — organisation {result.org.name} ({'created' if result.created else 'already there'})"
    )
    echo(
        f"  Web interface: {base}/   (sign in with an e-mail and the password below; two-factor sign-in is off"
    )
    echo("  until you turn it on in the page Sign-in security)")
    echo(f"  API docs:  {base}/docs        OpenAPI: {base}/openapi.json")
    echo("  Logins (role, e-mail, password):")
    for role, email, password in result.logins:
        echo(f"    {role:<13} {email:<28} {password}")
    echo("  Functions (who may speak for the brand, from teams; docs/service.md):")
    for key, members, functions in demo_seed.DEMO_TEAMS:
        if functions:
            who = ", ".join(str(role) for role in members) or "no one yet"
            echo(f"    team {key:<8} grants {', '.join(functions):<18} to: {who}")
    echo(f"  Admin API token (new at each start, valid 30 days): {result.token}\n")
    echo("Try:")
    echo(f"  export CHARTE_TOKEN={result.token}")
    echo(f'  curl -s {base}/v1/me -H "Authorization: Bearer $CHARTE_TOKEN"')
    echo(
        f"  curl -s {base}/v1/check -H \"Authorization: Bearer $CHARTE_TOKEN\" -H 'Content-Type: application/json' \\"
    )
    echo('       -d \'{"text": "Le projet Phénix sort lundi, CONFIDENTIEL", "lang": "fr"}\'')
    echo(f'  curl -s {base}/v1/accounts -H "Authorization: Bearer $CHARTE_TOKEN"')
    echo(f'  curl -s {base}/v1/policies -H "Authorization: Bearer $CHARTE_TOKEN"')
    echo("Drafts, approval and publishing (see docs/workflow.md); use the ids the answers give:")
    echo(
        f"  curl -s {base}/v1/drafts -H \"Authorization: Bearer $CHARTE_TOKEN\" -H 'Content-Type: application/json' \\"
    )
    echo(
        '       -d \'{"text": "Merci à toute l’équipe pour ce salon !", "platform": "linkedin", '
        '"account_kind": "personal"}\''
    )
    echo(f'  curl -s -X POST {base}/v1/drafts/1/submit -H "Authorization: Bearer $CHARTE_TOKEN"')
    echo(f'  curl -s {base}/v1/publish-targets -H "Authorization: Bearer $CHARTE_TOKEN"')
    echo(
        f'  curl -s {base}/v1/drafts/1/publish -H "Authorization: Bearer $CHARTE_TOKEN" '
        "-H 'Content-Type: application/json' -d '{\"target_id\": 1}'"
    )
    echo(f'  curl -s {base}/v1/audit -H "Authorization: Bearer $CHARTE_TOKEN"')
    echo(f"  curl -s -c jar.txt {base}/v1/auth/login -H 'Content-Type: application/json' \\")
    echo(f'       -d \'{{"email": "employee@acme.example", "password": "{demo_seed.DEMO_PASSWORD}"}}\'\n')


@click.group()
def admin() -> None:
    """First set-up: organisations and users."""


@admin.command("create-org")
@click.option("--name", required=True, help="Display name, e.g. 'Acme SA'.")
@click.option("--slug", required=True, help="Short id: lower-case letters, digits, dashes.")
def create_org(name: str, slug: str) -> None:
    """Create an organisation (tenant)."""
    settings = load_settings()
    prepare_database(settings)
    with _store(settings) as store:
        org = organisations.create(store, name, slug)
        click.echo(f"created organisation {org.slug} (id {org.id})")


@admin.command("create-user")
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--email", required=True)
@click.option("--name", "display_name", default="", help="Display name.")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default=Role.ADMIN.value, show_default=True
)
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin.")
def create_user(org_slug: str, email: str, display_name: str, role: str, password_stdin: bool) -> None:
    """Create a user; the password is prompted for (or read from stdin), never given as an option."""
    settings = load_settings()
    prepare_database(settings)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with _store(settings) as store:
        org = store.organisations.by_slug(org_slug)
        if org is None:
            raise click.ClickException(
                f"no organisation with slug {org_slug!r}: create it with `charte admin create-org`"
            )
        user = users.create(
            store,
            demo_seed.system(org.id),
            email=email,
            display_name=display_name,
            role=role,
            password=password,
        )
        click.echo(f"created user {user.email} ({user.role}, id {user.id}) in {org.slug}")


@admin.command("reset-password")
@click.argument("email")
@click.option(
    "--org", "org_slug", default=None, help="The organisation's slug, when the e-mail is in several."
)
@click.option("--password-stdin", is_flag=True, help="Read the new password from the first line of stdin.")
def reset_password(email: str, org_slug: str | None, password_stdin: bool) -> None:
    """Set a person's password on the server (a locked-out last admin): their sessions end, their API tokens
    are revoked, and any reset link of theirs stops working."""
    settings = load_settings()
    prepare_database(settings)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("New password", hide_input=True, confirmation_prompt=True)
    with _store(settings) as store:
        user = password_reset.reset_by_email(store, email, password, org_slug)
        click.echo(f"password set for {user.email} (id {user.id}); their sessions and API tokens are revoked")


@admin.command("reset-link")
@click.argument("email")
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option(
    "--base-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="The address people open Charte at.",
)
def reset_link(email: str, org_slug: str, base_url: str) -> None:
    """Make a single-use password-reset link (valid 24 hours) to hand to the person."""
    settings = load_settings()
    prepare_database(settings)
    with _store(settings) as store:
        org = store.organisations.by_slug(org_slug)
        user = store.users.in_org_by_email(org.id, email) if org else None
        if org is None or user is None:
            raise click.ClickException(f"no user {email!r} in an organisation with slug {org_slug!r}")
        issued = password_reset.issue(store, demo_seed.system(org.id), user.id)
        click.echo(issued.url(base_url))
        click.echo(f"valid until {issued.expires_at:%Y-%m-%d %H:%M} UTC, once", err=True)


@admin.command("require-totp")
@click.option("--org", "org_slug", required=True, help="The organisation's slug.")
@click.option("--off", is_flag=True, help="Stop requiring it.")
def require_totp(org_slug: str, off: bool) -> None:
    """Require two-factor sign-in of everyone in the organisation (API tokens are not affected)."""
    settings = load_settings()
    prepare_database(settings)
    with _store(settings) as store:
        org = store.organisations.by_slug(org_slug)
        if org is None:
            raise click.ClickException(f"no organisation with slug {org_slug!r}")
        organisations.set_require_totp(store, demo_seed.system(org.id), not off)
        click.echo(f"two-factor sign-in {'no longer ' if off else ''}required in {org.slug}")


@click.group()
def db() -> None:
    """Database schema migrations (Alembic, shipped with Charte)."""


@db.command()
@click.option("--revision", default="head", show_default=True)
def upgrade(revision: str) -> None:
    """Apply migrations up to REVISION."""
    settings = load_settings()
    configure_process(settings)
    with database_errors(settings):
        migrate.upgrade(settings.database_url, revision)
    click.echo(f"database {_safe_url(settings.database_url)} at {revision}")


@db.command()
@click.option("--revision", default="-1", show_default=True, help="Target, e.g. -1 or base.")
def downgrade(revision: str) -> None:
    """Revert migrations down to REVISION."""
    settings = load_settings()
    configure_process(settings)
    with database_errors(settings):
        migrate.downgrade(settings.database_url, revision)
    click.echo(f"database {_safe_url(settings.database_url)} downgraded to {revision}")


@db.command("rotate-secrets")
def rotate_secrets() -> None:
    """Re-encrypt every stored secret under the first key of CHARTE_SECRET_KEYS (then drop the old key)."""
    from charte.store.sealing import reseal_all

    settings = load_settings()
    prepare_database(settings)
    from charte.store.sealing import active

    engine = make_engine(settings.database_url)
    try:
        with database_errors(settings), engine.begin() as connection:
            report = reseal_all(connection, active())
    finally:
        engine.dispose()
    click.echo(
        f"re-encrypted {report.total} secrets under the newest key "
        f"({', '.join(f'{k}: {v}' for k, v in report.counts.items())}); the older keys can now be removed"
    )
