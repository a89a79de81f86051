"""Formats of ``charte policy diff``: plain text for a terminal, Markdown to circulate, JSON for tools."""

from __future__ import annotations

import json
import textwrap

from charte.i18n import N_, gettext, ngettext
from charte.policy.diff import SECTION_TITLES, Change, PolicyDiff

_SIGNS = {"added": "+", "removed": "-", "changed": "~"}
_KINDS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
_BEFORE_AFTER = {"before": N_("before"), "after": N_("after")}


def _counted(kind: str, n: int, lang: str) -> str:
    if kind == "added":
        return ngettext("{n} added", "{n} added", n, lang=lang)
    if kind == "removed":
        return ngettext("{n} removed", "{n} removed", n, lang=lang)
    return ngettext("{n} changed", "{n} changed", n, lang=lang)


def _groups(diff: PolicyDiff) -> list[tuple[str, list[Change]]]:
    """Sections in reading order; clauses and rules share one group, ordered clause by clause."""
    out: list[tuple[str, list[Change]]] = []
    seen: set[str] = set()
    for change in diff.changes:
        section = "clauses" if change.section == "rules" else change.section
        if section in seen:
            continue
        seen.add(section)
        members = [c for c in diff.changes if ("clauses" if c.section == "rules" else c.section) == section]
        title = (
            gettext("Clauses and the rules that enforce them", lang=diff.lang)
            if section == "clauses"
            else gettext(SECTION_TITLES[section], lang=diff.lang)
        )
        out.append((title, members))
    return out


def _summary(diff: PolicyDiff) -> str:
    parts = ", ".join(_counted(k, n, diff.lang) for k, n in diff.counts().items() if n)
    return gettext("{total} changes: {parts}", lang=diff.lang, total=len(diff.changes), parts=parts)


def _header(diff: PolicyDiff) -> str:
    version = (
        diff.old_version
        if diff.old_version == diff.new_version
        else f"{diff.old_version} → {diff.new_version}"
    )
    return f"{diff.old_source} → {diff.new_source} (version {version})"


def format_text(diff: PolicyDiff, width: int = 100) -> str:
    lines = [_header(diff)]
    if diff.identical:
        return "\n".join([*lines, gettext("The two versions are identical.", lang=diff.lang)]) + "\n"
    lines.append(_summary(diff))
    for title, changes in _groups(diff):
        lines += ["", title]
        for c in changes:
            lines.append(f"  {_SIGNS[c.kind]} {c.label}")
            if c.words:
                text = " ".join(w if op == "=" else f"[{op}{w}{op}]" for op, w in c.words)
                lines += textwrap.wrap(text, width, initial_indent="      ", subsequent_indent="      ")
                continue
            for key, value in (("before", c.before), ("after", c.after)):
                if value is not None:
                    shown = (
                        gettext(
                            "{label}: {value}",
                            lang=diff.lang,
                            label=gettext(_BEFORE_AFTER[key], lang=diff.lang),
                            value=value,
                        )
                        if c.kind == "changed"
                        else value
                    )
                    lines += textwrap.wrap(
                        shown, width, initial_indent="      ", subsequent_indent="        "
                    )
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace("*", "\\*")
        .replace("`", "\\`")
        .replace("<", "&lt;")
        .replace("~", "\\~")
    )


def format_markdown(diff: PolicyDiff) -> str:
    lines = ["# " + gettext("Policy changes", lang=diff.lang), "", _md(_header(diff)), ""]
    if diff.identical:
        return "\n".join([*lines, gettext("The two versions are identical.", lang=diff.lang)]) + "\n"
    lines += [_md(_summary(diff)), ""]
    for title, changes in _groups(diff):
        lines += [f"## {title}", ""]
        for c in changes:
            lines.append(f"- **{gettext(_KINDS[c.kind], lang=diff.lang)}** — {_md(c.label)}")
            if c.words:
                text = " ".join(
                    _md(w) if op == "=" else (f"~~{_md(w)}~~" if op == "-" else f"**{_md(w)}**")
                    for op, w in c.words
                )
                lines.append(f"  > {text}")
                continue
            for key, value in (("before", c.before), ("after", c.after)):
                if value is not None:
                    label = f"*{gettext(_BEFORE_AFTER[key], lang=diff.lang)}*"
                    lines.append(
                        "  > "
                        + (
                            gettext("{label}: {value}", lang=diff.lang, label=label, value=_md(value))
                            if c.kind == "changed"
                            else _md(value)
                        )
                    )
                    lines.append("  >")
            if lines[-1] == "  >":
                lines.pop()
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def format_json(diff: PolicyDiff) -> str:
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
