"""The human-readable policy as plain data: chapters, clauses, the facts and rules under each clause.

``build_document(policy, lang)`` is pure and format-neutral; ``charte.policy.render`` turns it into
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
    labels: dict[str, str]
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


LABELS: dict[str, dict[str, str]] = {
    "en": {
        "version": "Version", "effective": "Effective from", "owner": "Owner", "policy_id": "Policy id",
        "toc": "Contents", "checks": "Checked automatically", "rule": "Rule", "what": "What it checks",
        "action": "When it finds something", "severity": "Severity", "disabled": "disabled",
        "contacts": "Contacts", "topic": "Topic", "contact": "Contact",
        "acknowledgement": "Acknowledgement", "name": "Name", "date": "Date", "signature": "Signature",
        "index": "Index of rules", "clause": "Clause", "also": "In this policy", "none": "none",
        "other_checks": "Other automatic checks", "other": "Other provisions", "chapter": "Chapter", "colon": ": ",
        "generated": "This document is generated from the policy file; the clause numbers are the ones "
                     "quoted by the automatic checks.",
    },
    "fr": {
        "version": "Version", "effective": "En vigueur le", "owner": "Responsable", "policy_id": "Identifiant",
        "toc": "Sommaire", "checks": "Vérifié automatiquement", "rule": "Règle", "what": "Ce qui est vérifié",
        "action": "En cas de détection", "severity": "Gravité", "disabled": "désactivée",
        "contacts": "Contacts", "topic": "Sujet", "contact": "Contact",
        "acknowledgement": "Prise de connaissance", "name": "Nom", "date": "Date", "signature": "Signature",
        "index": "Index des règles", "clause": "Article", "also": "Dans cette charte", "none": "aucun",
        "other_checks": "Autres vérifications automatiques", "other": "Autres dispositions",
        "chapter": "Chapitre", "colon": " : ",
        "generated": "Ce document est produit à partir du fichier de la charte ; les numéros d'article sont "
                     "ceux que citent les vérifications automatiques.",
    },
}

CHAPTERS: dict[str, dict[str, str]] = {
    "1": {"fr": "Objet, champ d'application et responsabilités", "en": "Purpose, scope and responsibilities"},
    "2": {"fr": "Porte-parole et comptes officiels", "en": "Spokespeople and official accounts"},
    "3": {"fr": "Plan de gestion des conflits", "en": "Conflict plan"},
    "4": {"fr": "Comptes personnels", "en": "Personal accounts"},
    "5": {"fr": "Cadre juridique", "en": "Legal"},
    "6": {"fr": "Sécurité", "en": "Security"},
}

ACTIONS: dict[str, dict[str, str]] = {
    "block": {"fr": "la publication est bloquée", "en": "the post is blocked"},
    "review": {"fr": "la publication part en relecture", "en": "the post is sent for review"},
    "allow": {"fr": "la publication est autorisée, avec un signalement", "en": "the post is allowed, with a note"},
}

SEVERITIES: dict[str, dict[str, str]] = {
    "info": {"fr": "information", "en": "information"},
    "low": {"fr": "faible", "en": "low"},
    "medium": {"fr": "moyenne", "en": "medium"},
    "high": {"fr": "élevée", "en": "high"},
    "critical": {"fr": "critique", "en": "critical"},
}

DETECTORS: dict[str, dict[str, str]] = {
    "pii": {"fr": "les données personnelles de clients : nom, courriel, téléphone, adresse, IBAN, numéro de "
                  "carte, numéro de sécurité sociale, numéro de client ou de commande",
            "en": "customers' personal data: name, e-mail, phone, address, bank details, card number, social "
                  "security number, customer or order number"},
    "secrets": {"fr": "les mots de passe, clés d'API, jetons, clés privées et adresses internes",
                "en": "passwords, API keys, tokens, private keys and internal addresses"},
    "confidential": {"fr": "les termes et noms de code confidentiels de la charte et les mentions de "
                           "classification (« confidentiel », « usage interne »…)",
                     "en": "the policy's confidential terms and code names, and classification markers "
                           "(\"confidential\", \"internal only\"…)"},
    "toxicity": {"fr": "les insultes, menaces, propos haineux, harcèlement et obscénités",
                 "en": "insults, threats, hate, harassment and obscenity"},
    "illegal": {"fr": "les contenus qui suggèrent une conduite illégale (drogues, armes, fraude, piratage, "
                      "violence)",
                "en": "content suggesting illegal conduct (drugs, weapons, fraud, piracy, violence)"},
    "negativity": {"fr": "les propos négatifs sur nos marques ou sur nos concurrents",
                   "en": "negative statements about our brands or our competitors"},
    "spokesperson": {"fr": "les déclarations officielles, engagements et réponses aux réclamations faits par "
                           "une personne qui n'y est pas autorisée",
                     "en": "official statements, commitments and answers to complaints by someone who is not "
                           "authorised to make them"},
    "disclosure": {"fr": "la mention de l'employeur sans mention de non-responsabilité, et la promotion de nos "
                         "produits sans mention du lien d'emploi",
                   "en": "mentions of the employer without the disclaimer, and promotion of our products "
                         "without disclosing the employment relationship"},
    "attribution": {"fr": "les citations, images et vidéos publiées sans leur source",
                    "en": "quotes, images and videos posted without their source"},
    "regulated": {"fr": "les règles propres à notre secteur d'activité",
                  "en": "the rules specific to our industry"},
    "quiet_period": {"fr": "les sujets interdits pendant une période de silence",
                     "en": "topics that may not be discussed during a quiet period"},
    "links": {"fr": "les liens hors des domaines autorisés, les domaines qui imitent les nôtres, les adresses "
                    "IP brutes et les liens raccourcis",
              "en": "links outside the allowed domains, domains imitating ours, raw IP addresses and shortened "
                    "links"},
}

TEAM_KINDS: dict[str, dict[str, str]] = {
    "crisis_response": {"fr": "gestion de crise", "en": "crisis response"},
    "message_approval": {"fr": "validation des messages", "en": "message approval"},
    "customer_service": {"fr": "service client", "en": "customer service"},
    "public_relations": {"fr": "relations presse", "en": "public relations"},
    "social_engagement": {"fr": "animation des communautés", "en": "social engagement"},
}

INDUSTRIES: dict[str, dict[str, str]] = {
    "generic": {"fr": "généraliste", "en": "general"},
    "finance": {"fr": "finance", "en": "finance"},
    "health": {"fr": "santé", "en": "health"},
    "public-sector": {"fr": "secteur public", "en": "public sector"},
    "alcohol": {"fr": "alcool (loi Évin)", "en": "alcohol (loi Évin)"},
    "pharma": {"fr": "industrie pharmaceutique", "en": "pharmaceuticals"},
}

PRIORITIES: dict[str, dict[str, str]] = {
    "low": {"fr": "basse", "en": "low"}, "normal": {"fr": "normale", "en": "normal"},
    "high": {"fr": "haute", "en": "high"}, "urgent": {"fr": "urgente", "en": "urgent"},
}

# Words of routing conditions shown to French readers (fields and values are ids in the file).
_FR_WORDS = {
    "intent": "l'intention", "toxicity": "la toxicité", "source": "la source", "author_kind": "l'auteur",
    "sentiment": "le ton", "lang": "la langue", "platform": "la plateforme", "complaint": "réclamation",
    "question": "question", "praise": "éloge", "crisis": "crise", "other": "autre", "journalist": "journaliste",
    "press": "presse", "negative": "négatif", "positive": "positif", "neutral": "neutre",
}

_MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def clause_anchor(clause_id: str) -> str:
    """The link target of a clause in HTML and Markdown output."""
    return "c-" + re.sub(r"[^A-Za-z0-9]+", "-", clause_id).strip("-")


def format_date(day: dt.date, lang: Lang) -> str:
    """A date written out in words: « 1er décembre 2026 » / "1 December 2026"."""
    month = _MONTHS["fr" if lang == "fr" else "en"][day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{day.day} {month} {day.year}"


def format_minutes(minutes: int, lang: Lang) -> str:
    if minutes % 1440 == 0:
        n = minutes // 1440
        return f"{n} {'jour' if lang == 'fr' else 'day'}{'s' if n > 1 else ''}"
    if minutes % 60 == 0:
        return f"{minutes // 60} h"
    return f"{minutes} min"


def _t(table: dict[str, dict[str, str]], key: str, lang: Lang, fallback: str | None = None) -> str:
    return table.get(key, {}).get(lang, fallback if fallback is not None else key)


def clause_sort_key(clause_id: str) -> tuple[tuple[int, int | str], ...]:
    """Natural order of clause ids: 5.2 < 5.10 < 6.1; non-numeric parts sort after numbers."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in re.split(r"[.\-]", clause_id))


def chapter_of(clause_id: str) -> str:
    return re.split(r"[.\-]", clause_id, maxsplit=1)[0]


def _yes_no(value: bool, lang: Lang) -> str:
    return ("oui" if value else "non") if lang == "fr" else ("yes" if value else "no")


def _join(values: Iterable[str], lang: Lang) -> str:
    values = [v for v in values if v]
    return ", ".join(values) if values else LABELS[lang]["none"]


def describe_condition(cond: Condition, lang: Lang) -> str:
    """``{field: intent, is: complaint}`` → "intent is complaint" / « intent est complaint »."""
    fr = lang == "fr"

    def word(value: object) -> str:
        return _FR_WORDS.get(str(value), str(value)) if fr else str(value)

    name = word(cond.field)
    if cond.is_ is not None:
        return f"{name} {'est' if fr else 'is'} {word(cond.is_)}"
    if cond.in_ is not None:
        return f"{name} {'est parmi' if fr else 'is one of'} {', '.join(word(v) for v in cond.in_)}"
    parts = []
    if cond.gte is not None:
        parts.append(f"{name} ≥ {cond.gte:g}")
    if cond.lte is not None:
        parts.append(f"{name} ≤ {cond.lte:g}")
    if cond.contains is not None:
        parts.append(f"{name} contient « {cond.contains} »" if fr else f'{name} contains "{cond.contains}"')
    return (" et " if fr else " and ").join(parts) or name


def describe_routing(rule: RoutingRule, team_names: dict[str, str], lang: Lang) -> str:
    fr = lang == "fr"
    conds = [describe_condition(c, lang) for c in rule.when.all]
    text = (" et " if fr else " and ").join(conds)
    if rule.when.any:
        alts = (" ou " if fr else " or ").join(describe_condition(c, lang) for c in rule.when.any)
        text = f"{text}{' et ' if fr else ' and '}({alts})" if text else alts
    team = team_names.get(rule.team, rule.team)
    if fr:
        return f"Si {text or 'toujours'} : {team} (priorité {_t(PRIORITIES, rule.priority, lang)})"
    return f"If {text or 'always'}: {team} ({rule.priority} priority)"


def rule_view(rule: Rule, lang: Lang) -> RuleView:
    checks = rule.description.get(lang) if rule.description else _t(DETECTORS, rule.detector, lang,
                                                                     f"« {rule.detector} »")
    return RuleView(id=rule.id, checks=checks.strip().rstrip("."), action=_t(ACTIONS, str(rule.action), lang),
                    action_key=str(rule.action), severity=_t(SEVERITIES, str(rule.severity), lang),
                    enabled=rule.enabled)


def _facts(policy: Policy, lang: Lang) -> Iterator[tuple[str, Fact]]:
    """Every value of the file a reader needs, each keyed by the clause id it belongs to."""
    fr = lang == "fr"
    org, sp, plan, pa, legal, sec = (policy.organisation, policy.spokespeople, policy.conflict_plan,
                                     policy.personal_accounts, policy.legal, policy.security)
    yield "1.2", Fact("Organisation", items=tuple(
        f"{label} : {value}" if fr else f"{label}: {value}" for label, value in (
            ("Nom" if fr else "Name", org.name),
            ("Marques" if fr else "Brands", _join(org.brands, lang)),
            ("Produits" if fr else "Products", _join(org.products, lang)),
            ("Domaines" if fr else "Domains", _join(org.domains, lang)),
            ("Concurrents" if fr else "Competitors", _join(org.competitors, lang)),
            ("Langues" if fr else "Languages", ", ".join(org.languages)),
            ("Secteur" if fr else "Industry", _t(INDUSTRIES, org.industry, lang)),
        )))
    if sp.roles:
        yield "2.1", Fact("Rôles autorisés à s'exprimer" if fr else "Roles allowed to speak",
                          header=("Rôle", "Comptes", "Plateformes", "Répond aux réclamations") if fr
                          else ("Role", "Accounts", "Platforms", "Answers complaints"),
                          rows=tuple((r.role, ", ".join(_account(a, lang) for a in r.accounts),
                                      ", ".join(r.platforms) or ("toutes" if fr else "all"),
                                      _yes_no(r.may_answer_complaints, lang)) for r in sp.roles))
    if sp.complaint_responders:
        yield "2.2", Fact("Rôles qui répondent aux réclamations" if fr else "Roles that answer complaints",
                          value=", ".join(sp.complaint_responders))
    names = {t.id: t.name.get(lang) for t in plan.teams}
    if plan.teams:
        yield "3.2", Fact("Équipes" if fr else "Teams",
                          header=("Équipe", "Rôle", "Membres", "Délai de réponse") if fr
                          else ("Team", "Role", "Members", "Response deadline"),
                          rows=tuple((t.name.get(lang), _t(TEAM_KINDS, t.kind, lang), _join(t.members, lang),
                                      format_minutes(t.sla_minutes, lang)) for t in plan.teams))
    if plan.routing or plan.default_team:
        items = [describe_routing(r, names, lang) for r in plan.routing]
        if plan.default_team:
            team = names.get(plan.default_team, plan.default_team)
            items.append(f"Sinon : {team}" if fr else f"Otherwise: {team}")
        yield "3.3", Fact("Règles d'orientation" if fr else "Routing rules", items=tuple(items), ordered=True)
    required = {"never": ("jamais exigée", "never required"),
                "when_mentioning_employer": ("exigée quand la publication mentionne l'employeur",
                                             "required when the post mentions the employer"),
                "always": ("toujours exigée sur un compte personnel", "always required on a personal account")}
    yield "4.1", Fact("Mention de non-responsabilité" if fr else "Disclaimer",
                      value=f"« {pa.disclaimer.get(lang)} » — {required[pa.disclaimer_required][0]}" if fr
                      else f"\"{pa.disclaimer.get(lang)}\" — {required[pa.disclaimer_required][1]}")
    if pa.disclosure_tags:
        yield "4.2", Fact("Mentions acceptées" if fr else "Accepted disclosures", value=" ".join(pa.disclosure_tags))
    conf = legal.confidential
    n_terms = len(conf.terms) + len(conf.code_names)
    yield "5.2", Fact("Informations protégées" if fr else "Protected information", items=(
        (("aucun terme ni nom de code déclaré pour le moment" if not n_terms else
          f"{n_terms} terme(s) et nom(s) de code, dont la liste est tenue par la direction juridique") if fr
         else ("no term or code name declared yet" if not n_terms else
               f"{n_terms} term(s) and code name(s), listed by the legal department")),
        (f"Mentions de classification détectées : {_yes_no(conf.markers, lang)}" if fr
         else f"Classification markers detected: {_yes_no(conf.markers, lang)}"),
    ))
    yield "5.3", Fact("Données des clients protégées" if fr else "Customer data protected",
                      value=_yes_no(conf.customer_data, lang))
    yield "5.4", Fact("Périodes de silence" if fr else "Quiet periods",
                      value="" if legal.quiet_periods else ("aucune pour le moment" if fr else "none at present"),
                      header=("Période", "Du", "Au", "Sujets") if fr else ("Period", "From", "To", "Topics"),
                      rows=tuple((q.name, format_date(q.start, lang), format_date(q.end, lang), ", ".join(q.topics))
                                 for q in legal.quiet_periods))
    packs = legal.regulated_packs or ([org.industry] if org.industry != "generic" else [])
    yield "5.5", Fact("Règles sectorielles appliquées" if fr else "Industry rule packs applied",
                      value=_join((_t(INDUSTRIES, p, lang) for p in packs), lang))
    if legal.disclosure_procedure:
        yield "5.6", Fact("Procédure" if fr else "Procedure", value=legal.disclosure_procedure.get(lang))
    yield "6.1", Fact("Double authentification sur les comptes de marque" if fr
                      else "Two-factor authentication on brand accounts",
                      value=("obligatoire" if sec.require_2fa else "recommandée") if fr
                      else ("mandatory" if sec.require_2fa else "recommended"))
    yield "6.2", Fact("Domaines autorisés" if fr else "Allowed domains",
                      value=_join([*org.domains, *sec.allowed_link_domains], lang))
    yield "6.3", Fact("Échéances" if fr else "Intervals", items=(
        (f"Renouvellement des identifiants : tous les {sec.credential_rotation_days} jours" if fr
         else f"Credential rotation: every {sec.credential_rotation_days} days"),
        (f"Revue des accès : tous les {sec.access_review_days} jours" if fr
         else f"Access review: every {sec.access_review_days} days"),
    ))
    if sec.incident_playbook:
        yield "6.4", Fact("Procédure en cas de compte compromis" if fr else "Compromised-account playbook",
                          items=tuple(step.get(lang) for step in sec.incident_playbook), ordered=True)


def _account(kind: str, lang: Lang) -> str:
    if lang == "fr":
        return {"brand": "de marque", "personal": "personnels"}.get(kind, kind)
    return kind


def build_document(policy: Policy, lang: Lang) -> PolicyDocument:
    """The whole document in ``lang`` (fr or en), ready for a template."""
    if lang not in LABELS:
        raise ValueError(f"unknown language {lang!r}; choose fr or en")
    fr = lang == "fr"
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
        grouped.setdefault(chapter_of(clause.id), []).append(ClauseView(
            id=clause.id, title=clause.title.get(lang), text=clause.text.get(lang),
            facts=tuple(facts_by_clause.get(clause.id, ())), rules=tuple(rules_by_clause.get(clause.id, ()))))
    for number in facts_by_chapter:
        grouped.setdefault(number, [])
    if orphans:
        grouped.setdefault("99", []).append(ClauseView(id="", title=LABELS[lang]["other_checks"], text="",
                                                       rules=tuple(orphans)))
    chapters = []
    for number in sorted(grouped, key=lambda n: clause_sort_key(n)):
        title = _t(CHAPTERS, number, lang, "")
        if not title:
            title = LABELS[lang]["other"] if number == "99" else f"{LABELS[lang]['chapter']} {number}"
        chapters.append(Chapter(number="" if number == "99" else number, title=title,
                                clauses=tuple(grouped[number]), facts=tuple(facts_by_chapter.get(number, ()))))

    title = meta.title.get(lang) if meta.title else (
        f"Charte réseaux sociaux de {org.name}" if fr else f"{org.name} social media policy")
    doc = policy.document
    return PolicyDocument(
        lang=lang, labels=LABELS[lang], title=title, organisation=org.name, policy_id=meta.id,
        version=meta.version, effective=format_date(meta.effective, lang) if meta.effective else "",
        owner=meta.owner or "", preamble=doc.preamble.get(lang) if doc.preamble else "",
        chapters=tuple(chapters),
        contacts=tuple((c.topic.get(lang), c.contact) for c in doc.contacts),
        acknowledgement=doc.acknowledgement.get(lang) if doc.acknowledgement else "",
        rule_index=tuple((r.id, r.clause, clause_anchor(r.clause), _t(ACTIONS, str(r.action), lang))
                         for r in policy.rules if r.enabled),
    )
