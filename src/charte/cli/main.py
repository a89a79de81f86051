"""The ``charte`` command line: parse, call the library, print, exit with a meaningful code."""

from __future__ import annotations

import importlib
import json
import os
import sys
from typing import TYPE_CHECKING, NoReturn

import click
from rich.console import Console
from rich.text import Text

from charte.cli import exit_codes
from charte.errors import CharteError, MissingExtra, PolicyError, PolicyFileError

if TYPE_CHECKING:
    from charte.domain import AccountKind
    from charte.engine.engine import CheckEngine

_VERDICT_CODE = {"allow": exit_codes.ALLOW, "review": exit_codes.REVIEW, "block": exit_codes.BLOCK}

#: Subcommands imported only when invoked (or listed by ``--help``): the service and audit commands
#: pull in SQLAlchemy, Alembic and the web stack, ~0.4 s that ``charte check`` and ``scan`` never use.
_LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "policy": ("charte.cli.policy", "policy"),
    "scan": ("charte.cli.scan", "scan"),
    "demo": ("charte.cli.demo", "demo"),
    "serve": ("charte.cli.service", "serve"),
    "admin": ("charte.cli.service", "admin"),
    "db": ("charte.cli.service", "db"),
    "worker": ("charte.cli.worker", "worker"),
    "audit": ("charte.cli.audit", "audit"),
    "sources": ("charte.cli.listening", "sources"),
    "mentions": ("charte.cli.listening", "mentions_group"),
    "replies": ("charte.cli.replies", "replies"),
    "accounts": ("charte.cli.accounts", "accounts"),
    "crisis": ("charte.cli.crisis", "crisis"),
}


#: What ``pip install 'charte[server]'`` adds (top-level import names). ``pip install charte`` is the checker
#: library and the commands that need none of these: check, scan, policy, demo.
SERVER_PACKAGES = frozenset(
    {
        "fastapi",
        "starlette",
        "uvicorn",
        "sqlalchemy",
        "alembic",
        "psycopg",
        "celery",
        "kombu",
        "redis",
        "argon2",
        "pyotp",
        "zxcvbn",
        "pydantic_settings",
        "cryptography",
        "certifi",
        "python_multipart",  # the web interface: forms, the offline API documentation, the two-factor QR code
        "fastapi_offline",
        "segno",
        "rapidfuzz",  # listening: look-alike handles, names and domains
        "confusable_homoglyphs",
        "websockets",  # listening: Bluesky Jetstream, Mastodon, RSS and Atom
        "mastodon",
        "requests",
        "feedparser",
        "atproto",  # publishing: the Bluesky connector
        "atproto_client",
        "regex",  # publishing: texts counted in graphemes
        "holidays",  # listening: SLA clocks and notifications
        "apprise",
    }
)


def missing_extra(exc: ImportError, feature: str) -> MissingExtra | None:
    """A :class:`MissingExtra` when ``exc`` is a server package that is not installed, else None (a bug)."""
    top = (exc.name or "").split(".")[0]
    return MissingExtra(feature, "server", top) if top in SERVER_PACKAGES else None


def _unavailable(name: str, error: MissingExtra) -> click.Command:
    """A stand-in for a command whose packages are missing: listed, and saying what to install when run."""

    def refuse() -> None:
        raise error

    return click.Command(
        name,
        callback=refuse,
        add_help_option=False,
        help=f"Not installed: {error}",
        short_help=f"(needs pip install 'charte[{error.extra}]')",
        context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    )


class _LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (listed sorted, as click lists them)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*self.commands, *_LAZY_COMMANDS])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in _LAZY_COMMANDS:
            module, attr = _LAZY_COMMANDS[cmd_name]
            try:
                command = getattr(importlib.import_module(module), attr)
            except ImportError as exc:
                error = missing_extra(exc, f"`charte {cmd_name}`")
                if error is None:
                    raise
                command = _unavailable(cmd_name, error)
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)


def load_engine(path: str) -> CheckEngine:
    from charte.engine.engine import CheckEngine
    from charte.policy.loader import load_policy_file

    return CheckEngine(load_policy_file(path))


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="charte")
def cli() -> None:
    """Charte: your social media policy, as software.

    Exit codes: 0 allow, 1 review, 2 block (`check`); 64 usage error, 65 invalid policy or input
    data, 66 input or policy file missing or unreadable, 69 needs charte[server], 70 internal error,
    73 output not writable.
    """


@cli.command()
@click.argument("text")
@click.option(
    "--policy", "policy_path", required=True, type=click.Path(dir_okay=False), help="Policy YAML file."
)
@click.option("--author", help="Author id.")
@click.option(
    "--function",
    "functions",
    multiple=True,
    help="A function of the author, as the policy names it (e.g. communications); repeat for several. "
    "Left out: the author's functions are not known.",
)
@click.option("--account", type=click.Choice(["personal", "brand"]), default="personal", show_default=True)
@click.option("--platform", help="Platform (linkedin, x, mastodon…).")
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language of the post, if known.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def check(
    text: str,
    policy_path: str,
    author: str | None,
    functions: tuple[str, ...],
    account: AccountKind,
    platform: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    """Check TEXT against the policy (`-` reads the text from stdin)."""
    from charte.cli.report import print_report
    from charte.domain import Post

    if text == "-":
        text = sys.stdin.read()
    engine = load_engine(policy_path)
    decision = engine.check(
        Post(
            text=text,
            lang=lang,
            author=author,
            account=account,
            functions=frozenset(functions) if functions else None,
            platform=platform,
        )
    )
    if as_json:
        click.echo(json.dumps(decision.to_dict(), ensure_ascii=False))
    else:
        print_report(Console(highlight=False), decision)
    sys.exit(_VERDICT_CODE[str(decision.verdict)])


def _say(console: Console, label: str, message: str) -> None:
    """``label: message`` with the label in red; the message is printed as is (a path with ``[`` stays)."""
    console.print(Text(f"{label}: ", style="red") + Text(message))


def _usage(console: Console, exc: click.UsageError) -> None:
    _say(console, "usage error", exc.format_message())
    if exc.ctx is not None:
        console.print(exc.ctx.get_usage(), style="dim", markup=False)
    sys.exit(exit_codes.USAGE)


def main(argv: list[str] | None = None) -> None:
    """Entry point: maps errors to exit codes (:mod:`charte.cli.exit_codes`, the table in the README) and
    clear one-line messages, never a traceback."""
    err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per message, whatever the width
    try:
        cli.main(args=argv, prog_name="charte", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err.print("Aborted.")
        sys.exit(exit_codes.USAGE)
    except click.FileError as exc:
        _say(err, "error", exc.format_message())
        sys.exit(exit_codes.NO_INPUT)
    except click.BadParameter as exc:
        if exc.param is not None and isinstance(
            exc.param.type, click.Path
        ):  # a directory, an unreadable file
            _say(err, "error", exc.format_message())
            sys.exit(exit_codes.CANT_CREATE if exc.param.name == "output" else exit_codes.NO_INPUT)
        _usage(err, exc)
    except click.UsageError as exc:
        _usage(err, exc)
    except click.ClickException as exc:
        _say(err, "error", exc.format_message())
        sys.exit(exit_codes.USAGE)
    except PolicyError as exc:
        missing = isinstance(exc, PolicyFileError)
        err.print(Text("policy file not readable:" if missing else "invalid policy:", style="red"))
        for issue in exc.issues:
            err.print(f"  {issue}", markup=False)
        sys.exit(exit_codes.NO_INPUT if missing else exit_codes.DATA)
    except MissingExtra as exc:
        _say(err, "error", str(exc))
        sys.exit(exit_codes.UNAVAILABLE)
    except CharteError as exc:
        _say(err, "error", str(exc))
        sys.exit(exit_codes.DATA)
    except ImportError as exc:  # a server package imported late, inside a command
        extra = missing_extra(exc, "this command")
        if extra is None:
            _internal(err, exc)
        _say(err, "error", str(extra))
        sys.exit(exit_codes.UNAVAILABLE)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:  # a bug: one line and the internal-error code, not a traceback
        _internal(err, exc)
    sys.exit(0)


def _internal(err: Console, exc: Exception) -> NoReturn:
    _say(
        err,
        "internal error",
        f"{type(exc).__name__}: {exc} — please report it (set CHARTE_DEBUG=1 for the traceback)",
    )
    if os.environ.get("CHARTE_DEBUG"):
        raise exc
    sys.exit(exit_codes.INTERNAL)


if __name__ == "__main__":
    main()
