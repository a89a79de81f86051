"""The ``charte`` command line: parse, call the library, print, exit with a meaningful code."""

from __future__ import annotations

import json
import sys

import click
from rich.console import Console

from charte.cli import exit_codes
from charte.cli.audit import audit
from charte.cli.demo import demo
from charte.cli.policy import policy
from charte.cli.report import print_report
from charte.cli.scan import scan
from charte.cli.service import admin, db, serve
from charte.cli.worker import worker
from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.errors import CharteError, PolicyError
from charte.policy.loader import load_policy_file

_VERDICT_CODE = {"allow": exit_codes.ALLOW, "review": exit_codes.REVIEW, "block": exit_codes.BLOCK}


def load_engine(path: str) -> CheckEngine:
    return CheckEngine(load_policy_file(path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="charte")
def cli() -> None:
    """Charte: your social media policy, as software.

    Exit codes of `check`: 0 allow, 1 review, 2 block; 64 usage error, 65 invalid policy or input,
    66 missing input, 70 internal error.
    """


@cli.command()
@click.argument("text")
@click.option("--policy", "policy_path", required=True, type=click.Path(dir_okay=False), help="Policy YAML file.")
@click.option("--author", help="Author id.")
@click.option("--role", help="Author's role (e.g. employee, communications).")
@click.option("--account", type=click.Choice(["personal", "brand"]), default="personal", show_default=True)
@click.option("--platform", help="Platform (linkedin, x, mastodon…).")
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language of the post, if known.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def check(text: str, policy_path: str, author: str | None, role: str | None, account: str,
          platform: str | None, lang: str | None, as_json: bool) -> None:
    """Check TEXT against the policy (`-` reads the text from stdin)."""
    if text == "-":
        text = sys.stdin.read()
    engine = load_engine(policy_path)
    decision = engine.check(Post(text=text, lang=lang, author=author, role=role, account=account,  # type: ignore[arg-type]
                                 platform=platform))
    if as_json:
        click.echo(json.dumps(decision.to_dict(), ensure_ascii=False))
    else:
        print_report(Console(highlight=False), decision)
    sys.exit(_VERDICT_CODE[str(decision.verdict)])


cli.add_command(policy)
cli.add_command(scan)
cli.add_command(demo)
cli.add_command(serve)
cli.add_command(admin)
cli.add_command(db)
cli.add_command(worker)
cli.add_command(audit)


def main(argv: list[str] | None = None) -> None:
    """Entry point: maps errors to exit codes and clear one-line messages, never a traceback."""
    err = Console(stderr=True, highlight=False)
    try:
        cli.main(args=argv, prog_name="charte", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        err.print("Aborted.")
        sys.exit(exit_codes.USAGE)
    except click.FileError as exc:
        err.print(f"[red]error:[/red] {exc.format_message()}")
        sys.exit(exit_codes.NO_INPUT)
    except click.UsageError as exc:
        err.print(f"[red]usage error:[/red] {exc.format_message()}")
        if exc.ctx is not None:
            err.print(exc.ctx.get_usage(), style="dim")
        sys.exit(exit_codes.USAGE)
    except click.ClickException as exc:
        err.print(f"[red]error:[/red] {exc.format_message()}")
        sys.exit(exit_codes.USAGE)
    except PolicyError as exc:
        err.print("[red]invalid policy:[/red]")
        for issue in exc.issues:
            err.print(f"  {issue}", markup=False)
        sys.exit(exit_codes.DATA)
    except CharteError as exc:
        err.print(f"[red]error:[/red] {exc}", markup=False)
        sys.exit(exit_codes.DATA)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(0)


if __name__ == "__main__":
    main()


