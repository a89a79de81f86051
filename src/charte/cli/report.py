"""Human-readable report of a decision: the post with spans underlined, then each finding."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from charte.domain import Action, Decision, Severity
from charte.i18n import N_, gettext

_VERDICT_STYLE = {Action.ALLOW: "bold green", Action.REVIEW: "bold yellow", Action.BLOCK: "bold red"}
_SEVERITY_STYLE = {
    Severity.INFO: "cyan",
    Severity.LOW: "blue",
    Severity.MEDIUM: "yellow",
    Severity.HIGH: "red",
    Severity.CRITICAL: "bold red",
}
_VERDICTS = {Action.ALLOW: N_("ALLOWED"), Action.REVIEW: N_("NEEDS REVIEW"), Action.BLOCK: N_("BLOCKED")}


def print_report(console: Console, decision: Decision) -> None:
    lang = decision.lang
    text = Text(decision.text)
    for f in decision.findings:
        if f.span is not None and f.span.end > f.span.start:
            text.stylize(f"underline {_SEVERITY_STYLE[f.severity]}", f.span.start, f.span.end)
    header = Text(gettext(_VERDICTS[decision.verdict], lang=lang), style=_VERDICT_STYLE[decision.verdict])
    header.append("  (" + gettext("language: {code}", lang=lang, code=decision.lang) + ")", style="dim")
    if decision.clauses:
        header.append(
            "  " + gettext("Clauses: {clauses}", lang=lang, clauses=", ".join(decision.clauses)), style="dim"
        )
    console.print(header)
    for warning in decision.warnings:
        console.print(f"⚠ {warning}", style="yellow", markup=False)
    console.print(text)
    if not decision.findings:
        console.print(gettext("No problem found.", lang=lang), style="green")
    for f in decision.findings:
        line = Text(f"• [{f.severity}] ", style=_SEVERITY_STYLE[f.severity])
        line.append(f"{f.rule_id} (§{f.clause})", style="bold")
        if f.entity:
            line.append(f" {f.entity}", style="magenta")
        if f.span is not None:
            line.append(f" [{f.span.start}:{f.span.end}] ", style="dim")
            line.append(repr(decision.text[f.span.start : f.span.end]))
        console.print(line)
        console.print(f"    {f.message}", markup=False)
        if f.fix is not None:
            console.print(
                "    " + gettext("Fix: {fix}", lang=lang, fix=f.fix.description), style="green", markup=False
            )
