"""``charte policy …``: write, validate and unit-test policy files."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from charte.cli import exit_codes
from charte.cli.policy_diff import format_json, format_markdown, format_text
from charte.engine.engine import CheckEngine
from charte.engine.policy_tests import run_policy_tests
from charte.policy.diff import diff_policies
from charte.policy.loader import load_policy_file
from charte.policy.model import INDUSTRIES, Policy
from charte.policy.render import FORMATS, render_policy
from charte.policy.templates import render_starter


@click.group()
def policy() -> None:
    """Write, validate, test and publish policy files."""


@policy.command()
@click.option("--org", required=True, help="Organisation name.")
@click.option("--brand", "brands", multiple=True, help="A brand (repeatable).")
@click.option("--competitor", "competitors", multiple=True, help="A competitor (repeatable).")
@click.option("--domain", "domains", multiple=True, help="One of your web domains (repeatable).")
@click.option("--industry", type=click.Choice(INDUSTRIES), default="generic", show_default=True)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    default="fr",
    show_default=True,
    help="Default language of the policy.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    required=True,
    help="Where to write the policy (`-` for stdout).",
)
@click.option(
    "--effective",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Effective date of the first version (YYYY-MM-DD; default: today).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(
    org: str,
    brands: tuple[str, ...],
    competitors: tuple[str, ...],
    domains: tuple[str, ...],
    industry: str,
    lang: str,
    output: str,
    effective: dt.datetime | None,
    force: bool,
) -> None:
    """Write a complete, commented starter policy."""
    try:
        text = render_starter(
            org=org,
            brands=list(brands),
            competitors=list(competitors),
            domains=list(domains),
            industry=industry,
            lang=lang,
            filename=Path(output).name if output != "-" else "policy.yaml",
            today=effective.date() if effective else None,
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    CheckEngine(_parse_generated(text), scorer=None)  # the starter must always be valid
    if output == "-":
        click.echo(text, nl=False)
        return
    path = Path(output)
    if path.exists() and not force:
        raise click.UsageError(f"{output} already exists; pass --force to overwrite it")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        Console(stderr=True, highlight=False).print(
            Text("error: ", style="red") + Text(f"cannot write {output}: {exc.strerror}")
        )
        sys.exit(exit_codes.CANT_CREATE)
    click.echo(f"Wrote {output}. Next: charte policy test {output}")


def _parse_generated(text: str) -> Policy:
    from charte.policy.loader import parse_policy

    return parse_policy(text, "<starter>")


@policy.command()
@click.argument("file", type=click.Path(dir_okay=False))
def validate(file: str) -> None:
    """Check FILE against the schema and every rule's parameters."""
    engine = CheckEngine(load_policy_file(file), scorer=None)
    p = engine.policy
    click.echo(
        f"{file}: valid — policy {p.policy.id} v{p.policy.version}, {len(engine.detectors)} active rules, "
        f"{len(p.clauses)} clauses, {len(p.tests)} test cases"
    )


@policy.command(name="test")
@click.argument("file", type=click.Path(dir_okay=False))
def test_cmd(file: str) -> None:
    """Run the policy's own test cases; exit 1 if any fails."""
    console = Console(highlight=False)
    engine = CheckEngine(load_policy_file(file))
    results = run_policy_tests(engine)
    failed = [r for r in results if not r.passed]
    for result in failed:
        console.print(Text("FAIL ", style="red") + Text(result.case.name))
        for problem in result.problems:
            console.print(f"    {problem}", markup=False)
        console.print(f"    text: {result.case.post.text!r}", markup=False)
        for f in result.decision.findings:
            span = f"[{f.span.start}:{f.span.end}]" if f.span else ""
            console.print(f"    got: {f.rule_id} {f.action} {f.entity or ''} {span}", markup=False)
    passed = len(results) - len(failed)
    style = "green" if not failed else "red"
    console.print(f"[{style}]{passed}/{len(results)} policy tests passed[/{style}]")
    if not results:
        console.print("[yellow]this policy has no test cases; add some under `tests:`[/yellow]")
    sys.exit(1 if failed else 0)


def _load_checked(file: str) -> Policy:
    """Load FILE and check every rule's parameters, so an invalid policy is never published."""
    return CheckEngine(load_policy_file(file), scorer=None).policy


def _write(output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        Console(stderr=True, highlight=False).print(
            Text("error: ", style="red") + Text(f"cannot write {output}: {exc.strerror}")
        )
        sys.exit(exit_codes.CANT_CREATE)


@policy.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="md, html or pdf (default: from the output's extension, else md).",
)
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language (default: the policy's own).")
@click.option("-o", "--output", default="-", show_default=True, help="Output file (`-` for stdout).")
def render(file: str, fmt: str | None, lang: str | None, output: str) -> None:
    """Write the human-readable policy of FILE: every clause, the rules under it, the teams and contacts."""
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".") if output != "-" else ""
        fmt = (
            {"markdown": "md", "htm": "html"}.get(suffix, suffix)
            if suffix in (*FORMATS, "markdown", "htm")
            else "md"
        )
    if fmt == "pdf" and output == "-" and sys.stdout.isatty():
        raise click.UsageError("a PDF is binary: pass -o FILE.pdf or redirect the output")
    p = _load_checked(file)
    data = render_policy(p, fmt, lang or p.policy.default_language)
    _write(output, data)
    if output != "-":
        click.echo(
            f"Wrote {output} ({fmt}, {lang or p.policy.default_language}, policy {p.policy.id} "
            f"v{p.policy.version}).",
            err=True,
        )


@policy.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "md", "json"]), default="text", show_default=True)
@click.option("--lang", type=click.Choice(["fr", "en"]), help="Language (default: the new policy's own).")
def diff(old: str, new: str, fmt: str, lang: str | None) -> None:
    """What changed from OLD to NEW, clause by clause. Exit 0 if identical, 1 if they differ."""
    before, after = _load_checked(old), _load_checked(new)
    result = diff_policies(before, after, lang or after.policy.default_language)
    formatter = {"text": format_text, "md": format_markdown, "json": format_json}[fmt]
    click.echo(formatter(result), nl=False)
    sys.exit(0 if result.identical else 1)
