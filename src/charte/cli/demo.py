"""``charte demo``: check the bundled demo posts (FR and EN) against a starter policy."""

from __future__ import annotations

from importlib import resources
from typing import Any

import click
from rich.console import Console
from rich.rule import Rule

from charte.cli.report import print_report
from charte.engine.engine import CheckEngine
from charte.engine.records import parse_line
from charte.policy.loader import parse_policy
from charte.policy.templates import render_starter

DEMO_ORG: dict[str, Any] = {
    "org": "Acme",
    "brands": ["Acme", "AcmePay"],
    "competitors": ["Globex"],
    "domains": ["acme.com", "acme.fr"],
}


def demo_policy_text() -> str:
    """The starter policy of the demo organisation, with a code name to protect."""
    text = render_starter(**DEMO_ORG, industry="generic", lang="fr")
    return text.replace("    code_names: []", '    code_names: ["Phénix"]')


@click.command()
def demo() -> None:
    """Check the demo posts against the demo organisation's starter policy."""
    console = Console(highlight=False)
    engine = CheckEngine(parse_policy(demo_policy_text(), "<demo policy>"))
    console.print(
        f"[bold]Charte demo[/bold] — policy of {DEMO_ORG['org']}, {len(engine.detectors)} active rules\n"
    )
    lines = (resources.files("charte.demo") / "posts.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        record = parse_line(line)
        console.print(Rule(str(record.id), style="dim"))
        print_report(console, engine.check(record.to_post()))
        console.print()
    console.print("Try it yourself:  .venv/bin/charte policy init --org MyOrg -o policy.yaml")
    console.print('                  .venv/bin/charte check "Mon texte" --policy policy.yaml')
