"""Formats of ``charte policy diff``: plain text for a terminal, Markdown to circulate, JSON for tools."""

from __future__ import annotations

import json
import textwrap

from charte.policy.diff import SECTION_TITLES, Change, PolicyDiff

_SIGNS = {"added": "+", "removed": "-", "changed": "~"}
_KINDS = {"added": {"en": "added", "fr": "ajout"}, "removed": {"en": "removed", "fr": "suppression"},
          "changed": {"en": "changed", "fr": "modification"}}
_WORDS = {
    "en": {"before": "before", "after": "after", "identical": "The two versions are identical.",
           "changes": "changes", "clauses": "Clauses and the rules that enforce them", "title": "Policy changes"},
    "fr": {"before": "avant", "after": "après", "identical": "Les deux versions sont identiques.",
           "changes": "modifications", "clauses": "Articles et règles qui les appliquent",
           "title": "Modifications de la charte"},
}


def _groups(diff: PolicyDiff) -> list[tuple[str, list[Change]]]:
    """Sections in reading order; clauses and rules share one group, ordered clause by clause."""
    words = _WORDS[diff.lang]
    out: list[tuple[str, list[Change]]] = []
    seen: set[str] = set()
    for change in diff.changes:
        section = "clauses" if change.section == "rules" else change.section
        if section in seen:
            continue
        seen.add(section)
        members = [c for c in diff.changes if ("clauses" if c.section == "rules" else c.section) == section]
        title = words["clauses"] if section == "clauses" else SECTION_TITLES[section][diff.lang]
        out.append((title, members))
    return out


def _summary(diff: PolicyDiff) -> str:
    counts = diff.counts()
    lang = diff.lang
    plural = "s" if lang == "fr" else ""
    parts = ", ".join(f"{n} {_KINDS[k][lang]}{plural if n > 1 else ''}" for k, n in counts.items() if n)
    return f"{len(diff.changes)} {_WORDS[lang]['changes']}: {parts}" if lang == "en" else \
        f"{len(diff.changes)} {_WORDS[lang]['changes']} : {parts}"


def _header(diff: PolicyDiff) -> str:
    version = diff.old_version if diff.old_version == diff.new_version else f"{diff.old_version} → {diff.new_version}"
    return f"{diff.old_source} → {diff.new_source} (version {version})"


def format_text(diff: PolicyDiff, width: int = 100) -> str:
    words = _WORDS[diff.lang]
    lines = [_header(diff)]
    if diff.identical:
        return "\n".join([*lines, words["identical"]]) + "\n"
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
                    colon = " : " if diff.lang == "fr" else ": "
                    label = f"{words[key]}{colon}" if c.kind == "changed" else ""
                    lines += textwrap.wrap(f"{label}{value}", width, initial_indent="      ",
                                           subsequent_indent="        ")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("*", "\\*").replace("`", "\\`").replace("<", "&lt;").replace("~", "\\~")


def format_markdown(diff: PolicyDiff) -> str:
    words = _WORDS[diff.lang]
    lines = [f"# {words['title']}", "", _md(_header(diff)), ""]
    if diff.identical:
        return "\n".join([*lines, words["identical"]]) + "\n"
    lines += [_md(_summary(diff)), ""]
    for title, changes in _groups(diff):
        lines += [f"## {title}", ""]
        for c in changes:
            lines.append(f"- **{_KINDS[c.kind][diff.lang]}** — {_md(c.label)}")
            if c.words:
                text = " ".join(_md(w) if op == "=" else (f"~~{_md(w)}~~" if op == "-" else f"**{_md(w)}**")
                                for op, w in c.words)
                lines.append(f"  > {text}")
                continue
            for key, value in (("before", c.before), ("after", c.after)):
                if value is not None:
                    label = f"*{words[key]}* : " if diff.lang == "fr" else f"*{words[key]}*: "
                    lines.append(f"  > {label if c.kind == 'changed' else ''}{_md(value)}")
                    lines.append("  >")
            if lines[-1] == "  >":
                lines.pop()
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def format_json(diff: PolicyDiff) -> str:
    return json.dumps(diff.to_dict(), ensure_ascii=False, indent=2) + "\n"
