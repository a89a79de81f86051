"""What changed between two versions of a policy, clause by clause, for the people who must accept it.

``diff_policies(old, new, lang)`` is pure and returns a :class:`PolicyDiff`: a flat, ordered list of
:class:`Change` records. Clause changes come first in clause order, each followed by the changes of the
rules that cite it, then the other sections (organisation, spokespeople, conflict plan, personal
accounts, legal, security, document) and finally the policy's test cases. The command line formats it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any, Literal

from charte.i18n import N_, gettext
from charte.policy.document import clause_sort_key, describe_routing
from charte.policy.model import Policy, RoutingRule, Rule

Kind = Literal["added", "removed", "changed"]

SECTIONS: tuple[str, ...] = (
    "policy",
    "clauses",
    "rules",
    "organisation",
    "spokespeople",
    "conflict_plan",
    "personal_accounts",
    "legal",
    "security",
    "document",
    "tests",
)

SECTION_TITLES: dict[str, str] = {
    "policy": N_("Policy"),
    "clauses": N_("Clauses"),
    "rules": N_("Rules"),
    "organisation": N_("Organisation"),
    "spokespeople": N_("Spokespeople"),
    "conflict_plan": N_("Conflict plan"),
    "personal_accounts": N_("Personal accounts"),
    "legal": N_("Legal"),
    "security": N_("Security"),
    "document": N_("Document"),
    "tests": N_("Test cases"),
}

# Plain-word names of fields, keyed by their path with list positions removed.
FIELD_NAMES: dict[str, str] = {
    "policy.version": N_("version"),
    "policy.effective": N_("effective date"),
    "policy.title": N_("title"),
    "policy.owner": N_("owner"),
    "policy.id": N_("policy id"),
    "policy.default_language": N_("default language"),
    "organisation.name": N_("name"),
    "organisation.brands": N_("brands"),
    "organisation.products": N_("products"),
    "organisation.competitors": N_("competitors"),
    "organisation.domains": N_("web domains"),
    "organisation.languages": N_("languages"),
    "organisation.industry": N_("industry"),
    "organisation.country": N_("country"),
    "spokespeople.roles": N_("role"),
    "spokespeople.roles.accounts": N_("accounts"),
    "spokespeople.roles.platforms": N_("platforms"),
    "spokespeople.roles.may_answer_complaints": N_("may answer complaints"),
    "spokespeople.complaint_responders": N_("roles that answer complaints"),
    "conflict_plan.teams": N_("team"),
    "conflict_plan.teams.name": N_("name"),
    "conflict_plan.teams.members": N_("members"),
    "conflict_plan.teams.sla_minutes": N_("response deadline (minutes)"),
    "conflict_plan.teams.kind": N_("role"),
    "conflict_plan.routing": N_("routing rule"),
    "conflict_plan.default_team": N_("default team"),
    "personal_accounts.disclaimer": N_("disclaimer"),
    "personal_accounts.disclaimer_required": N_("when the disclaimer is required"),
    "personal_accounts.disclosure_tags": N_("accepted disclosures"),
    "personal_accounts.behaviour.check_facts": N_("check facts"),
    "personal_accounts.behaviour.respect_law": N_("respect the law"),
    "personal_accounts.behaviour.no_disparagement": N_("no disparagement"),
    "legal.credit_sources": N_("credit sources"),
    "legal.confidential.terms": N_("confidential terms"),
    "legal.confidential.code_names": N_("code names"),
    "legal.confidential.markers": N_("classification markers detected"),
    "legal.confidential.customer_data": N_("customer data protected"),
    "legal.disclosure_procedure": N_("disclosure procedure"),
    "legal.quiet_periods": N_("quiet period"),
    "legal.regulated_packs": N_("industry rule packs"),
    "security.require_2fa": N_("two-factor authentication required"),
    "security.credential_rotation_days": N_("credential rotation (days)"),
    "security.access_review_days": N_("access review (days)"),
    "security.allowed_link_domains": N_("allowed link domains"),
    "security.incident_playbook": N_("incident playbook step"),
    "security.incident_roles": N_("roles that handle incidents"),
    "replies.editors": N_("roles that write the saved replies"),
    "document.preamble": N_("preamble"),
    "document.contacts": N_("contact"),
    "document.acknowledgement": N_("acknowledgement text"),
    "document.quiz": N_("quiz question"),
    "rules.action": N_("action"),
    "rules.severity": N_("severity"),
    "rules.clause": N_("clause"),
    "rules.enabled": N_("enabled"),
    "rules.detector": N_("detector"),
    "rules.description": N_("description"),
    "rules.params": N_("setting"),
}

# How items of a list of mappings are matched between versions (otherwise: by position).
_IDENTITY = {
    "spokespeople.roles": "role",
    "conflict_plan.teams": "id",
    "legal.quiet_periods": "name",
    "document.quiz": "id",
}
# Lists whose items are shown whole when they change, rather than field by field.
_WHOLE_ITEMS = {"conflict_plan.routing", "document.contacts", "document.quiz"}


@dataclass(frozen=True)
class Change:
    """One difference. ``before``/``after`` are display strings in the diff's language."""

    section: str
    kind: Kind
    key: str  # clause id, rule id, field path, test name
    label: str  # what changed, in plain words
    before: str | None = None
    after: str | None = None
    clause: str | None = None  # the clause a clause or rule change belongs to
    words: tuple[tuple[str, str], ...] = ()  # for changed prose: ("=", kept) ("-", removed) ("+", added)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["words"] = [list(w) for w in self.words]
        return data


def word_diff(before: str, after: str) -> tuple[tuple[str, str], ...]:
    """Word-level differences, so a reader sees exactly which words of a clause changed."""
    a, b = before.split(), after.split()
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return tuple(out)


@dataclass(frozen=True)
class PolicyDiff:
    lang: str
    old_source: str
    new_source: str
    old_version: str
    new_version: str
    changes: tuple[Change, ...]

    @property
    def identical(self) -> bool:
        return not self.changes

    def by_section(self) -> dict[str, list[Change]]:
        out: dict[str, list[Change]] = {}
        for change in self.changes:
            out.setdefault(change.section, []).append(change)
        return out

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "removed": 0, "changed": 0}
        for change in self.changes:
            out[change.kind] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "old": {"source": self.old_source, "version": self.old_version},
            "new": {"source": self.new_source, "version": self.new_version},
            "identical": self.identical,
            "counts": self.counts(),
            "changes": [c.to_dict() for c in self.changes],
        }


def _is_localized(value: Any) -> bool:
    return isinstance(value, dict) and value.keys() <= {"fr", "en"} and bool(value)


def show(value: Any, lang: str) -> str:
    """A value as a reader sees it: localized text in ``lang``, lists joined, booleans in words."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return gettext("yes", lang=lang) if value else gettext("no", lang=lang)
    if _is_localized(value):
        return str(value.get(lang) or value.get("en") or value.get("fr"))
    if isinstance(value, list):
        return ", ".join(show(v, lang) for v in value) if value else "—"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show(v, lang)}" for k, v in value.items() if v not in (None, [], {}))
    return str(value)


def _name(path: str, lang: str) -> str:
    """The plain-word name of a field; unknown sub-fields keep their key after the nearest known name."""
    parts = [p for p in path.split(".") if not p.startswith("[")]
    for n in range(len(parts), 0, -1):
        names = FIELD_NAMES.get(".".join(parts[:n]))
        if names:
            return " ".join([gettext(names, lang=lang), *parts[n:]])
    return ".".join(parts)


def _show_item(path: str, item: Any, lang: str, teams: dict[str, str]) -> str:
    if path == "conflict_plan.routing" and isinstance(item, dict):
        return describe_routing(RoutingRule.model_validate(item), teams, lang)
    return show(item, lang)


def _item_key(path: str, item: Any, index: int) -> str:
    key = _IDENTITY.get(path)
    if key and isinstance(item, dict) and key in item:
        return str(item[key])
    return str(index + 1)


def _compare(
    section: str, path: str, old: Any, new: Any, lang: str, teams: dict[str, str] | None = None
) -> Iterator[Change]:
    """Recursive structural comparison producing plain-word changes."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict) and not (_is_localized(old) or _is_localized(new)):
        for key in dict.fromkeys([*old, *new]):
            yield from _compare(section, f"{path}.{key}", old.get(key), new.get(key), lang, teams)
        return
    if isinstance(old, list) and isinstance(new, list):
        if all(not isinstance(v, dict) for v in [*old, *new]):
            added = [v for v in new if v not in old]
            removed = [v for v in old if v not in new]
            name = _name(path, lang)
            if added:
                yield Change(section, "added", path, name, after=show(added, lang))
            if removed:
                yield Change(section, "removed", path, name, before=show(removed, lang))
            if not added and not removed:
                yield Change(section, "changed", path, name, before=show(old, lang), after=show(new, lang))
            return
        olds = {_item_key(path, v, i): v for i, v in enumerate(old)}
        news = {_item_key(path, v, i): v for i, v in enumerate(new)}
        for key in dict.fromkeys([*olds, *news]):
            item_path = f"{path}.[{key}]"
            label = f"{_name(path, lang)} {key}"
            if key not in olds:
                yield Change(
                    section, "added", item_path, label, after=_show_item(path, news[key], lang, teams or {})
                )
            elif key not in news:
                yield Change(
                    section,
                    "removed",
                    item_path,
                    label,
                    before=_show_item(path, olds[key], lang, teams or {}),
                )
            elif (
                isinstance(olds[key], dict)
                and isinstance(news[key], dict)
                and not _is_localized(olds[key])
                and path not in _WHOLE_ITEMS
            ):
                for change in _compare(section, item_path, olds[key], news[key], lang, teams):
                    yield Change(
                        change.section,
                        change.kind,
                        change.key,
                        f"{label} — {change.label}" if change.key != item_path else label,
                        change.before,
                        change.after,
                    )
            elif olds[key] != news[key]:
                yield Change(
                    section,
                    "changed",
                    item_path,
                    label,
                    before=_show_item(path, olds[key], lang, teams or {}),
                    after=_show_item(path, news[key], lang, teams or {}),
                )
        return
    name = _name(path, lang)
    if old is None or old == [] or old == {}:
        yield Change(section, "added", path, name, after=show(new, lang))
    elif new is None or new == [] or new == {}:
        yield Change(section, "removed", path, name, before=show(old, lang))
    else:
        yield Change(section, "changed", path, name, before=show(old, lang), after=show(new, lang))


def _rule_summary(rule: Rule, lang: str) -> str:
    parts = [
        gettext("detector {detector}", lang=lang, detector=rule.detector),
        f"{rule.action}",
        gettext("severity {severity}", lang=lang, severity=rule.severity),
        gettext("clause {clause}", lang=lang, clause=rule.clause),
    ]
    if rule.params:
        parts.append(show(rule.params, lang))
    if not rule.enabled:
        parts.append(gettext("disabled", lang=lang))
    return ", ".join(parts)


def _rule_changes(old: Policy, new: Policy, lang: str) -> Iterator[Change]:
    olds = {r.id: r for r in old.rules}
    news = {r.id: r for r in new.rules}
    for rule_id in dict.fromkeys([*olds, *news]):
        before, after = olds.get(rule_id), news.get(rule_id)
        label = gettext("rule {rule}", lang=lang, rule=rule_id)
        if before is None and after is not None:
            yield Change(
                "rules", "added", rule_id, label, after=_rule_summary(after, lang), clause=after.clause
            )
        elif after is None and before is not None:
            yield Change(
                "rules", "removed", rule_id, label, before=_rule_summary(before, lang), clause=before.clause
            )
        elif before is not None and after is not None and before != after:
            a = before.model_dump(mode="json", by_alias=True)
            b = after.model_dump(mode="json", by_alias=True)
            for field_name in (
                "action",
                "severity",
                "clause",
                "enabled",
                "detector",
                "description",
                "params",
            ):
                for change in _compare("rules", f"rules.{field_name}", a[field_name], b[field_name], lang):
                    yield Change(
                        "rules",
                        change.kind,
                        rule_id,
                        f"{label} — {change.label}",
                        change.before,
                        change.after,
                        clause=after.clause,
                    )


def _clause_changes(old: Policy, new: Policy, lang: str) -> Iterator[Change]:
    def label(clause_id: str, title: str) -> str:
        return gettext("clause {clause} — {title}", lang=lang, clause=clause_id, title=title)

    olds = {c.id: c for c in old.clauses}
    news = {c.id: c for c in new.clauses}
    for clause_id in dict.fromkeys([*olds, *news]):
        before, after = olds.get(clause_id), news.get(clause_id)
        if before is None and after is not None:
            yield Change(
                "clauses",
                "added",
                clause_id,
                label(clause_id, after.title.get(lang)),
                after=after.text.get(lang),
                clause=clause_id,
            )
        elif after is None and before is not None:
            yield Change(
                "clauses",
                "removed",
                clause_id,
                label(clause_id, before.title.get(lang)),
                before=before.text.get(lang),
                clause=clause_id,
            )
        elif before is not None and after is not None:
            if before.title != after.title:
                yield Change(
                    "clauses",
                    "changed",
                    clause_id,
                    gettext("clause {clause} — title", lang=lang, clause=clause_id),
                    before=before.title.get(lang),
                    after=after.title.get(lang),
                    clause=clause_id,
                )
            if before.text != after.text:
                same_here = before.text.get(lang) == after.text.get(lang)
                note = gettext(" (other language only)", lang=lang) if same_here else ""
                yield Change(
                    "clauses",
                    "changed",
                    clause_id,
                    label(clause_id, after.title.get(lang)) + note,
                    before=before.text.get(lang),
                    after=after.text.get(lang),
                    clause=clause_id,
                    words=word_diff(before.text.get(lang), after.text.get(lang)),
                )


def _test_changes(old: Policy, new: Policy, lang: str) -> Iterator[Change]:
    olds = {t.name: t for t in old.tests}
    news = {t.name: t for t in new.tests}
    for name in dict.fromkeys([*olds, *news]):
        before, after = olds.get(name), news.get(name)
        label = gettext('test case "{name}"', lang=lang, name=name)
        if before is None and after is not None:
            yield Change("tests", "added", name, label, after=f"{after.post.text} → {after.expect}")
        elif after is None and before is not None:
            yield Change("tests", "removed", name, label, before=f"{before.post.text} → {before.expect}")
        elif before != after and before is not None and after is not None:
            yield Change(
                "tests",
                "changed",
                name,
                label,
                before=f"{before.post.text} → {before.expect}",
                after=f"{after.post.text} → {after.expect}",
            )


def diff_policies(old: Policy, new: Policy, lang: str = "en") -> PolicyDiff:
    """Every difference between ``old`` and ``new``, described in ``lang`` (fr or en)."""
    if lang not in ("fr", "en"):
        raise ValueError(f"unknown language {lang!r}; choose fr or en")
    a = old.model_dump(mode="json", by_alias=True)
    b = new.model_dump(mode="json", by_alias=True)
    changes: list[Change] = list(_compare("policy", "policy", a["policy"], b["policy"], lang))
    a_schema, b_schema = a.get("schema_version"), b.get("schema_version")
    if a_schema != b_schema:
        changes.append(
            Change("policy", "changed", "schema_version", "schema_version", str(a_schema), str(b_schema))
        )

    clause_ids = sorted(
        {c.id for c in old.clauses}
        | {c.id for c in new.clauses}
        | {r.clause for r in old.rules}
        | {r.clause for r in new.rules},
        key=clause_sort_key,
    )
    clause_changes = list(_clause_changes(old, new, lang))
    rule_changes = list(_rule_changes(old, new, lang))
    for clause_id in clause_ids:
        changes += [c for c in clause_changes if c.clause == clause_id]
        changes += [c for c in rule_changes if c.clause == clause_id]

    teams = {t.id: t.name.get(lang) for t in [*old.conflict_plan.teams, *new.conflict_plan.teams]}
    for section in SECTIONS[3:-1]:
        changes += _compare(section, section, a[section], b[section], lang, teams)
    changes += _test_changes(old, new, lang)
    return PolicyDiff(
        lang=lang,
        old_source=old.source,
        new_source=new.source,
        old_version=old.policy.version,
        new_version=new.policy.version,
        changes=tuple(changes),
    )
