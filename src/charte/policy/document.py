"""The human-readable policy as plain data: chapters, clauses, the facts and rules under each clause.

``build_document(policy, lang)`` is pure and format-neutral (its words come from the gettext catalogues,
see ``charte.i18n``); ``charte.policy.render`` turns it into
Markdown, HTML or PDF. Clause numbers are the clause ids the rules cite, so a finding's clause is the
number a reader finds in the document. Values that live outside the clauses (the disclaimer, teams and
deadlines, quiet periods, rotation periods…) are written out under the clause they belong to, or at the
end of their chapter when a policy numbers its clauses differently, so nothing in the file is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from babel.dates import get_month_names

from charte.i18n import LANGS, N_, _, ngettext, pgettext, use_lang
from charte.policy.model import Condition, Policy, RoutingRule, Rule

Lang = str  # "fr" | "en"


@dataclass(frozen=True)
class Fact:
    """One piece of the policy's data shown beside a clause: a labelled value, a list or a table."""

    label: str
    value: str = ""
    items: tuple[str, ...] = ()
    ordered: bool = False
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class RuleView:
    id: str
    checks: str
    action: str
    action_key: str
    severity: str
    enabled: bool


@dataclass(frozen=True)
class ClauseView:
    id: str
    title: str
    text: str
    facts: tuple[Fact, ...] = ()
    rules: tuple[RuleView, ...] = ()

    @property
    def anchor(self) -> str:
        return clause_anchor(self.id)


@dataclass(frozen=True)
class Chapter:
    number: str
    title: str
    clauses: tuple[ClauseView, ...]
    facts: tuple[Fact, ...] = ()

    @property
    def anchor(self) -> str:
        return "ch-" + re.sub(r"[^A-Za-z0-9]+", "-", self.number).strip("-")


@dataclass(frozen=True)
class PolicyDocument:
    lang: Lang
    title: str
    organisation: str
    policy_id: str
    version: str
    effective: str
    owner: str
    preamble: str
    chapters: tuple[Chapter, ...]
    contacts: tuple[tuple[str, str], ...]
    acknowledgement: str
    rule_index: tuple[tuple[str, str, str, str], ...] = field(default=())


CHAPTERS: dict[str, str] = {
    "1": N_("Purpose, scope and responsibilities"),
    "2": N_("Spokespeople and official accounts"),
    "3": N_("Conflict plan"),
    "4": N_("Personal accounts"),
    "5": N_("Legal"),
    "6": N_("Security"),
}

ACTIONS: dict[str, str] = {
    "block": N_("the post is blocked"),
    "review": N_("the post is sent for review"),
    "allow": N_("the post is allowed, with a note"),
}

DETECTORS: dict[str, str] = {
    "pii": N_(
        "customers' personal data: name, e-mail, phone, address, bank details, card number, social "
        "security number, customer or order number"
    ),
    "secrets": N_("passwords, API keys, tokens, private keys and internal addresses"),
    "confidential": N_(
        "the policy's confidential terms and code names, and classification markers "
        '("confidential", "internal only"…)'
    ),
    "toxicity": N_("insults, threats, hate, harassment and obscenity"),
    "illegal": N_("content suggesting illegal conduct (drugs, weapons, fraud, piracy, violence)"),
    "negativity": N_("negative statements about our brands or our competitors"),
    "spokesperson": N_(
        "official statements, commitments and answers to complaints by someone who is not "
        "authorised to make them"
    ),
    "disclosure": N_(
        "mentions of the employer without the disclaimer, and promotion of our products "
        "without disclosing the employment relationship"
    ),
    "attribution": N_("quotes, images and videos posted without their source"),
    "regulated": N_("the rules specific to our industry"),
    "quiet_period": N_("topics that may not be discussed during a quiet period"),
    "links": N_(
        "links outside the allowed domains, domains imitating ours, raw IP addresses and shortened links"
    ),
}

TEAM_KINDS: dict[str, str] = {
    "crisis_response": N_("crisis response"),
    "message_approval": N_("message approval"),
    "customer_service": N_("customer service"),
    "public_relations": N_("public relations"),
    "social_engagement": N_("social engagement"),
}

INDUSTRIES: dict[str, str] = {
    "generic": N_("general"),
    "finance": N_("finance"),
    "health": N_("health"),
    "public-sector": N_("public sector"),
    "alcohol": N_("alcohol (loi Évin)"),
    "pharma": N_("pharmaceuticals"),
}


def clause_anchor(clause_id: str) -> str:
    """The link target of a clause in HTML and Markdown output."""
    return "c-" + re.sub(r"[^A-Za-z0-9]+", "-", clause_id).strip("-")


def format_date(day: dt.date, lang: Lang) -> str:
    """A date written out in words: « 1er décembre 2026 » / "1 December 2026"."""
    with use_lang(lang) as lang:
        month = get_month_names("wide", locale=lang)[day.month]
        # TRANSLATORS: how the first day of a month is written in a date ("1er décembre").
        number = pgettext("day of the month", "1") if day.day == 1 else str(day.day)
        return _("{day} {month} {year}", day=number, month=month, year=day.year)


def format_minutes(minutes: int, lang: Lang) -> str:
    if minutes % 1440 == 0:
        n = minutes // 1440
        return ngettext("{n} day", "{n} days", n, lang=lang)
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"


def severity_name(severity: str) -> str:
    """A severity in words, in the current language."""
    names = {
        "info": pgettext("severity", "information"),
        "low": pgettext("severity", "low"),
        "medium": pgettext("severity", "medium"),
        "high": pgettext("severity", "high"),
        "critical": pgettext("severity", "critical"),
    }
    return names.get(severity, severity)


def priority_name(priority: str) -> str:
    """A routing priority in words, in the current language."""
    names = {
        "low": pgettext("priority", "low"),
        "normal": pgettext("priority", "normal"),
        "high": pgettext("priority", "high"),
        "urgent": pgettext("priority", "urgent"),
    }
    return names.get(priority, priority)


def _routing_word(value: object) -> str:
    """Fields and values of routing conditions are ids in the file; readers see them in words."""
    words = {
        "intent": pgettext("routing", "intent"),
        "toxicity": pgettext("routing", "toxicity"),
        "source": pgettext("routing", "source"),
        "author_kind": pgettext("routing", "author_kind"),
        "sentiment": pgettext("routing", "sentiment"),
        "lang": pgettext("routing", "lang"),
        "platform": pgettext("routing", "platform"),
        "complaint": pgettext("routing", "complaint"),
        "question": pgettext("routing", "question"),
        "praise": pgettext("routing", "praise"),
        "crisis": pgettext("routing", "crisis"),
        "other": pgettext("routing", "other"),
        "journalist": pgettext("routing", "journalist"),
        "press": pgettext("routing", "press"),
        "negative": pgettext("routing", "negative"),
        "positive": pgettext("routing", "positive"),
        "neutral": pgettext("routing", "neutral"),
    }
    return words.get(str(value), str(value))


def _tr(table: dict[str, str], key: str, fallback: str | None = None) -> str:
    """The translated entry of a table of msgids; ``fallback`` (default: the key) when there is none."""
    return _(table[key]) if key in table else (fallback if fallback is not None else key)


def clause_sort_key(clause_id: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of clause ids: 5.2 < 5.10 < 6.1; non-numeric parts sort after numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-]", clause_id))


def chapter_of(clause_id: str) -> str:
    return re.split(r"[.\-]", clause_id, maxsplit=1)[0]


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _join(values: Iterable[str]) -> str:
    values = [v for v in values if v]
    return ", ".join(values) if values else _("none")


def describe_condition(cond: Condition, lang: Lang) -> str:
    """``{field: intent, is: complaint}`` → "intent is complaint" / « l'intention est réclamation »."""
    with use_lang(lang):
        name = _routing_word(cond.field)
        if cond.is_ is not None:
            return _("{field} is {value}", field=name, value=_routing_word(cond.is_))
        if cond.in_ is not None:
            return _(
                "{field} is one of {values}", field=name, values=", ".join(_routing_word(v) for v in cond.in_)
            )
        parts = []
        if cond.gte is not None:
            parts.append(f"{name} ≥ {cond.gte:g}")
        if cond.lte is not None:
            parts.append(f"{name} ≤ {cond.lte:g}")
        if cond.contains is not None:
            parts.append(_('{field} contains "{text}"', field=name, text=cond.contains))
        return _(" and ").join(parts) or name


def describe_routing(rule: RoutingRule, team_names: dict[str, str], lang: Lang) -> str:
    with use_lang(lang):
        conds = [describe_condition(c, lang) for c in rule.when.all]
        text = _(" and ").join(conds)
        if rule.when.any:
            alts = _(" or ").join(describe_condition(c, lang) for c in rule.when.any)
            text = _("{all} and ({any})", all=text, any=alts) if text else alts
        team = team_names.get(rule.team, rule.team)
        return _(
            "If {condition}: {team} ({priority} priority)",
            condition=text or _("always"),
            team=team,
            priority=priority_name(rule.priority),
        )


def rule_view(rule: Rule, lang: Lang) -> RuleView:
    with use_lang(lang):
        checks = (
            rule.description.get(lang)
            if rule.description
            else _tr(DETECTORS, rule.detector, f"« {rule.detector} »")
        )
        return RuleView(
            id=rule.id,
            checks=checks.strip().rstrip("."),
            action=_tr(ACTIONS, str(rule.action)),
            action_key=str(rule.action),
            severity=severity_name(str(rule.severity)),
            enabled=rule.enabled,
        )


def _facts(policy: Policy, lang: Lang) -> Iterator[tuple[str, Fact]]:
    """Every value of the file a reader needs, each keyed by the clause id it belongs to (in ``use_lang``)."""
    org, sp, plan, pa, legal, sec = (
        policy.organisation,
        policy.spokespeople,
        policy.conflict_plan,
        policy.personal_accounts,
        policy.legal,
        policy.security,
    )
    yield (
        "1.2",
        Fact(
            "Organisation",
            items=tuple(
                _("{label}: {value}", label=label, value=value)
                for label, value in (
                    (_("Name"), org.name),
                    (_("Brands"), _join(org.brands)),
                    (_("Products"), _join(org.products)),
                    (_("Domains"), _join(org.domains)),
                    (_("Competitors"), _join(org.competitors)),
                    (_("Languages"), ", ".join(org.languages)),
                    (_("Industry"), _tr(INDUSTRIES, org.industry)),
                )
            ),
        ),
    )
    if sp.roles:
        yield (
            "2.1",
            Fact(
                _("Roles allowed to speak"),
                header=(_("Role"), _("Accounts"), _("Platforms"), _("Answers complaints")),
                rows=tuple(
                    (
                        r.role,
                        ", ".join(_account(a) for a in r.accounts),
                        ", ".join(r.platforms) or pgettext("platforms", "all"),
                        _yes_no(r.may_answer_complaints),
                    )
                    for r in sp.roles
                ),
            ),
        )
    if sp.complaint_responders:
        yield "2.2", Fact(_("Roles that answer complaints"), value=", ".join(sp.complaint_responders))
    names = {t.id: t.name.get(lang) for t in plan.teams}
    if plan.teams:
        yield (
            "3.2",
            Fact(
                _("Teams"),
                header=(_("Team"), _("Role"), _("Members"), _("Response deadline")),
                rows=tuple(
                    (
                        t.name.get(lang),
                        _tr(TEAM_KINDS, t.kind),
                        _join(t.members),
                        format_minutes(t.sla_minutes, lang),
                    )
                    for t in plan.teams
                ),
            ),
        )
    if plan.routing or plan.default_team:
        items = [describe_routing(r, names, lang) for r in plan.routing]
        if plan.default_team:
            items.append(_("Otherwise: {team}", team=names.get(plan.default_team, plan.default_team)))
        yield "3.3", Fact(_("Routing rules"), items=tuple(items), ordered=True)
    if plan.teams:  # the saved replies are the conflict plan's answers
        yield "3.3", Fact(_("Roles that write the saved replies"), value=", ".join(policy.replies.editors))
    crisis = policy.crisis
    if "crisis" in policy.model_fields_set:  # written in the file (its defaults alone say nothing new)
        yield (
            "3.4",
            Fact(
                _("Crisis mode"),
                items=(
                    _("Declared and ended by: {roles}", roles=_join(crisis.declare_roles)),
                    _(
                        "Approvals during a crisis: {team}",
                        team=names.get(crisis.team, crisis.team) if crisis.team else _("the usual approvers"),
                    ),
                    _("Scheduled posts paused: every one")
                    if crisis.pause == "all"
                    else _("Scheduled posts paused: those of the accounts named when the crisis is declared"),
                ),
            ),
        )
    required = {
        "never": N_("never required"),
        "when_mentioning_employer": N_("required when the post mentions the employer"),
        "always": N_("always required on a personal account"),
    }
    yield (
        "4.1",
        Fact(
            _("Disclaimer"),
            value=_(
                '"{disclaimer}" — {required}',
                disclaimer=pa.disclaimer.get(lang),
                required=_(required[pa.disclaimer_required]),
            ),
        ),
    )
    if pa.disclosure_tags:
        yield "4.2", Fact(_("Accepted disclosures"), value=" ".join(pa.disclosure_tags))
    conf = legal.confidential
    n_terms = len(conf.terms) + len(conf.code_names)
    yield (
        "5.2",
        Fact(
            _("Protected information"),
            items=(
                _("no term or code name declared yet")
                if not n_terms
                else _("{n} term(s) and code name(s), listed by the legal department", n=n_terms),
                _("Classification markers detected: {value}", value=_yes_no(conf.markers)),
            ),
        ),
    )
    yield "5.3", Fact(_("Customer data protected"), value=_yes_no(conf.customer_data))
    yield (
        "5.4",
        Fact(
            _("Quiet periods"),
            value="" if legal.quiet_periods else _("none at present"),
            header=(_("Period"), _("From"), _("To"), _("Topics")),
            rows=tuple(
                (q.name, format_date(q.start, lang), format_date(q.end, lang), ", ".join(q.topics))
                for q in legal.quiet_periods
            ),
        ),
    )
    packs = legal.regulated_packs or ([org.industry] if org.industry != "generic" else [])
    yield "5.5", Fact(_("Industry rule packs applied"), value=_join(_tr(INDUSTRIES, p) for p in packs))
    if legal.disclosure_procedure:
        yield "5.6", Fact(_("Procedure"), value=legal.disclosure_procedure.get(lang))
    yield (
        "6.1",
        Fact(
            _("Two-factor authentication on brand accounts"),
            value=_("mandatory") if sec.require_2fa else _("recommended"),
        ),
    )
    yield "6.2", Fact(_("Allowed domains"), value=_join([*org.domains, *sec.allowed_link_domains]))
    yield (
        "6.3",
        Fact(
            _("Intervals"),
            items=(
                _("Credential rotation: every {days} days", days=sec.credential_rotation_days),
                _("Access review: every {days} days", days=sec.access_review_days),
            ),
        ),
    )
    if sec.incident_playbook:
        yield (
            "6.4",
            Fact(
                _("Compromised-account playbook"),
                items=tuple(step.get(lang) for step in sec.incident_playbook),
                ordered=True,
            ),
        )


def _account(kind: str) -> str:
    names = {"brand": pgettext("accounts", "brand"), "personal": pgettext("accounts", "personal")}
    return names.get(kind, kind)


def build_document(policy: Policy, lang: Lang) -> PolicyDocument:
    """The whole document in ``lang`` (fr or en), ready for a template."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; choose fr or en")
    with use_lang(lang):
        return _build(policy, lang)


def _build(policy: Policy, lang: Lang) -> PolicyDocument:
    meta, org = policy.policy, policy.organisation
    clause_ids = {c.id for c in policy.clauses}
    facts_by_clause: dict[str, list[Fact]] = {}
    facts_by_chapter: dict[str, list[Fact]] = {}
    for clause_id, fact in _facts(policy, lang):
        if clause_id in clause_ids:
            facts_by_clause.setdefault(clause_id, []).append(fact)
        else:
            facts_by_chapter.setdefault(chapter_of(clause_id), []).append(fact)
    rules_by_clause: dict[str, list[RuleView]] = {}
    orphans: list[RuleView] = []
    for rule in policy.rules:
        view = rule_view(rule, lang)
        (rules_by_clause.setdefault(rule.clause, []) if rule.clause in clause_ids else orphans).append(view)

    grouped: dict[str, list[ClauseView]] = {}
    for clause in sorted(policy.clauses, key=lambda c: clause_sort_key(c.id)):
        grouped.setdefault(chapter_of(clause.id), []).append(
            ClauseView(
                id=clause.id,
                title=clause.title.get(lang),
                text=clause.text.get(lang),
                facts=tuple(facts_by_clause.get(clause.id, ())),
                rules=tuple(rules_by_clause.get(clause.id, ())),
            )
        )
    for number in facts_by_chapter:
        grouped.setdefault(number, [])
    if orphans:
        grouped.setdefault("99", []).append(
            ClauseView(id="", title=_("Other automatic checks"), text="", rules=tuple(orphans))
        )
    chapters = []
    for number in sorted(grouped, key=lambda n: clause_sort_key(n)):
        title = _tr(CHAPTERS, number, "")
        if not title:
            title = _("Other provisions") if number == "99" else _("Chapter {number}", number=number)
        chapters.append(
            Chapter(
                number="" if number == "99" else number,
                title=title,
                clauses=tuple(grouped[number]),
                facts=tuple(facts_by_chapter.get(number, ())),
            )
        )

    title = (
        meta.title.get(lang) if meta.title else _("{organisation} social media policy", organisation=org.name)
    )
    doc = policy.document
    return PolicyDocument(
        lang=lang,
        title=title,
        organisation=org.name,
        policy_id=meta.id,
        version=meta.version,
        effective=format_date(meta.effective, lang) if meta.effective else "",
        owner=meta.owner or "",
        preamble=doc.preamble.get(lang) if doc.preamble else "",
        chapters=tuple(chapters),
        contacts=tuple((c.topic.get(lang), c.contact) for c in doc.contacts),
        acknowledgement=doc.acknowledgement.get(lang) if doc.acknowledgement else "",
        rule_index=tuple(
            (r.id, r.clause, clause_anchor(r.clause), _tr(ACTIONS, str(r.action)))
            for r in policy.rules
            if r.enabled
        ),
    )
