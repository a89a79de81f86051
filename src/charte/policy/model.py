"""The typed policy: every part of a social media policy (SPEC §1), validated when it loads.

Models are strict (unknown fields are refused) so a typo never silently falls back to a default.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from charte.domain import Action, Severity

Lang = Literal["fr", "en"]
Industry = Literal["generic", "finance", "health", "public-sector", "alcohol", "pharma"]
INDUSTRIES: tuple[str, ...] = ("generic", "finance", "health", "public-sector", "alcohol", "pharma")
TeamKind = Literal[
    "crisis_response", "message_approval", "customer_service", "public_relations", "social_engagement"
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """A text in French and English; either may be missing, the other is then used."""

    fr: str | None = None
    en: str | None = None

    def get(self, lang: str) -> str:
        text = self.fr if lang == "fr" else self.en
        return text or self.en or self.fr or ""

    @model_validator(mode="after")
    def _one_language(self) -> Localized:
        if not (self.fr or self.en):
            raise ValueError("give the text in at least one language (fr: or en:)")
        return self


class PolicyMeta(Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    version: str = Field(min_length=1)
    title: Localized | None = None
    effective: dt.date | None = None
    owner: str | None = None
    default_language: Lang = "en"


class Organisation(Strict):
    name: str = Field(min_length=1)
    brands: list[str] = []
    products: list[str] = []
    competitors: list[str] = []
    domains: list[str] = []
    languages: list[Lang] = ["fr", "en"]
    industry: Industry = "generic"
    country: str = "FR"

    @field_validator("domains")
    @classmethod
    def _domains_lower(cls, value: list[str]) -> list[str]:
        for domain in value:
            if "/" in domain or " " in domain or "." not in domain:
                raise ValueError(f"{domain!r} is not a domain name; write it like example.com")
        return [d.lower().strip(".") for d in value]


class SpokespersonRole(Strict):
    role: str = Field(min_length=1)
    accounts: list[Literal["personal", "brand"]] = ["brand"]
    platforms: list[str] = []  # empty: every platform
    may_answer_complaints: bool = False


class Spokespeople(Strict):
    roles: list[SpokespersonRole] = []
    complaint_responders: list[str] = []

    def role_names(self) -> set[str]:
        return {r.role for r in self.roles}


class Team(Strict):
    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: Localized
    kind: TeamKind
    members: list[str] = []
    sla_minutes: int = Field(default=60, gt=0)


class Condition(Strict):
    """One test on a field of a classified message, e.g. ``{field: intent, is: complaint}``."""

    field: str
    is_: Any = Field(default=None, alias="is")
    in_: list[Any] | None = Field(default=None, alias="in")
    gte: float | None = None
    lte: float | None = None
    contains: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Match(Strict):
    all: list[Condition] = []
    any: list[Condition] = []


class RoutingRule(Strict):
    when: Match
    team: str
    priority: Literal["low", "normal", "high", "urgent"] = "normal"


class ConflictPlan(Strict):
    teams: list[Team] = []
    routing: list[RoutingRule] = []
    default_team: str | None = None

    @model_validator(mode="after")
    def _teams_exist(self) -> ConflictPlan:
        ids = [t.id for t in self.teams]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise ValueError(f"team id used twice: {', '.join(sorted(dupes))}")
        for rule in self.routing:
            if rule.team not in ids:
                raise ValueError(
                    f"routing sends to team {rule.team!r}, which is not in teams ({', '.join(ids)})"
                )
        if self.default_team and self.default_team not in ids:
            raise ValueError(f"default_team {self.default_team!r} is not in teams")
        return self


class Behaviour(Strict):
    check_facts: bool = True
    respect_law: bool = True
    no_disparagement: bool = True


class PersonalAccounts(Strict):
    disclaimer: Localized = Localized(fr="Mes opinions n'engagent que moi.", en="Views are my own.")
    disclaimer_required: Literal["never", "when_mentioning_employer", "always"] = "when_mentioning_employer"
    disclosure_tags: list[str] = ["#employé", "#employee", "#ad", "#pub", "#sponsored", "#partenariat"]
    behaviour: Behaviour = Behaviour()


class Confidential(Strict):
    terms: list[str] = []
    code_names: list[str] = []
    markers: bool = True  # detect classification markers (CONFIDENTIEL, internal only, NDA…)
    customer_data: bool = True


class QuietPeriod(Strict):
    name: str
    start: dt.date
    end: dt.date
    topics: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> QuietPeriod:
        if self.end < self.start:
            raise ValueError(
                f"quiet period {self.name!r} ends ({self.end}) before it starts ({self.start}); swap the dates"
            )
        return self


class Legal(Strict):
    credit_sources: bool = True
    confidential: Confidential = Confidential()
    disclosure_procedure: Localized | None = None
    quiet_periods: list[QuietPeriod] = []
    regulated_packs: list[Industry] = []


ServiceRole = Literal["admin", "policy_owner", "approver", "spokesperson", "employee", "auditor"]


class Security(Strict):
    require_2fa: bool = True
    credential_rotation_days: int = Field(default=90, gt=0)
    access_review_days: int = Field(default=90, gt=0)
    allowed_link_domains: list[str] = []
    incident_playbook: list[Localized] = []
    # Who may tick an incident's playbook steps and close it, besides the account's owners (docs/account-safety.md).
    incident_roles: list[ServiceRole] = Field(default=["admin"], min_length=1)


class Replies(Strict):
    """Saved replies (the conflict plan's pre-approved answers, docs/replies.md): who may write or change them.

    A change is approved like a post (``approvals``); only an approved version is used.
    """

    editors: list[ServiceRole] = Field(default=["admin", "policy_owner", "spokesperson"], min_length=1)


class Crisis(Strict):
    """Crisis mode (docs/crisis.md): who may declare and end one, which conflict-plan team approves every post
    while it lasts, and what it pauses by default (``all`` scheduled posts, or only the ``accounts`` named when
    declaring)."""

    declare_roles: list[ServiceRole] = Field(default=["admin"], min_length=1)
    team: str | None = None  # a conflict_plan team id (kind crisis_response, usually): it signs every level
    pause: Literal["all", "accounts"] = "all"


class ApprovalLevel(Strict):
    """One level of approval: who may sign it off (service roles, optionally only members of a team)."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    name: Localized | None = None
    roles: list[ServiceRole] = Field(default=["approver", "admin"], min_length=1)
    team: str | None = None  # a conflict_plan team id; its members (with one of the roles) approve


def _default_levels() -> list[ApprovalLevel]:
    return [ApprovalLevel(id="review")]


def _default_by_severity() -> dict[Severity, int]:
    return {Severity.INFO: 1, Severity.LOW: 1, Severity.MEDIUM: 1, Severity.HIGH: 1, Severity.CRITICAL: 1}


class Approvals(Strict):
    """How drafts are approved: levels in order, how many a finding's severity requires, who may override."""

    levels: list[ApprovalLevel] = Field(default_factory=_default_levels, min_length=1)
    by_severity: dict[Severity, int] = Field(default_factory=_default_by_severity)
    override_roles: list[ServiceRole] = []  # may submit a blocked draft, with a recorded reason
    review_brand_posts: bool = False  # every brand-account post needs approval, even when allowed

    @model_validator(mode="after")
    def _consistent(self) -> Approvals:
        ids = [level.id for level in self.levels]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"approval level id used twice: {', '.join(dupes)}")
        for severity, count in self.by_severity.items():
            if not 1 <= count <= len(self.levels):
                raise ValueError(
                    f"by_severity.{severity}: {count} levels asked, but there are "
                    f"{len(self.levels)} (write a number from 1 to {len(self.levels)})"
                )
        return self

    def levels_for(self, severity: Severity | None) -> int:
        """Levels a draft needs when its most severe finding has ``severity`` (``None``: no finding)."""
        if severity is None:
            return 1
        return self.by_severity.get(severity, len(self.levels))


class Contact(Strict):
    """Who to ask about one topic of the policy (shown in the document)."""

    topic: Localized
    contact: str = Field(min_length=1)


class QuizQuestion(Strict):
    """One question of the optional training quiz: about a clause, with its choices and the right one (its
    position in ``choices``, from 0). Question and choices are written in French and English."""

    id: str = Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    clause: str = Field(min_length=1)
    question: Localized
    choices: list[Localized] = Field(min_length=2, max_length=8)
    answer: int = Field(ge=0)

    @model_validator(mode="after")
    def _answer_is_a_choice(self) -> QuizQuestion:
        if self.answer >= len(self.choices):
            raise ValueError(
                f"answer {self.answer} is not one of the {len(self.choices)} choices "
                f"(write a position from 0 to {len(self.choices) - 1})"
            )
        return self


class Document(Strict):
    """Text that only the human-readable document needs: the preamble, contacts, acknowledgement, quiz."""

    preamble: Localized | None = None
    contacts: list[Contact] = []
    acknowledgement: Localized | None = None
    quiz: list[QuizQuestion] = Field(default=[], max_length=100)


class Rule(Strict):
    """A check: which detector, with which parameters, what to do and which clause it enforces."""

    id: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9._-]*$")
    detector: str
    action: Action
    severity: Severity
    clause: str = Field(min_length=1)
    enabled: bool = True
    params: dict[str, Any] = {}
    description: Localized | None = None


class Clause(Strict):
    id: str = Field(min_length=1)
    title: Localized
    text: Localized


class TestPost(Strict):
    text: str
    lang: Lang | None = None
    author: str | None = None
    role: str | None = None
    account: Literal["personal", "brand"] = "personal"
    platform: str | None = None
    attachments: list[dict[str, Any]] = []
    in_reply_to_complaint: bool = False


class PolicyTest(Strict):
    name: str
    post: TestPost
    today: dt.date | None = None  # check as on this day (quiet periods), so the test does not rot
    expect: Action
    expect_rules: list[str] = []
    forbid_rules: list[str] = []


class Policy(Strict):
    """A whole policy file. The loader adds cross-field checks (unique ids, known clauses) with lines."""

    schema_version: Literal[1] = 1
    policy: PolicyMeta
    organisation: Organisation
    spokespeople: Spokespeople = Spokespeople()
    conflict_plan: ConflictPlan = ConflictPlan()
    personal_accounts: PersonalAccounts = PersonalAccounts()
    legal: Legal = Legal()
    security: Security = Security()
    approvals: Approvals = Approvals()
    replies: Replies = Replies()
    crisis: Crisis = Crisis()
    document: Document = Document()
    clauses: list[Clause] = []
    rules: list[Rule] = Field(min_length=1)
    tests: list[PolicyTest] = []

    @model_validator(mode="after")
    def _approval_teams_exist(self) -> Policy:
        teams = {t.id for t in self.conflict_plan.teams}
        for level in self.approvals.levels:
            if level.team is not None and level.team not in teams:
                known = ", ".join(sorted(teams)) or "none defined in conflict_plan.teams"
                raise ValueError(
                    f"approvals level {level.id!r} names team {level.team!r}, which is not a "
                    f"conflict_plan team ({known})"
                )
        if self.crisis.team is not None and self.crisis.team not in teams:
            known = ", ".join(sorted(teams)) or "none defined in conflict_plan.teams"
            raise ValueError(f"crisis.team {self.crisis.team!r} is not a conflict_plan team ({known})")
        return self

    _source: str = PrivateAttr(default="<policy>")
    _lines: dict[tuple[str | int, ...], int] = PrivateAttr(default_factory=dict)

    @property
    def source(self) -> str:
        return self._source

    def line_of(self, path: tuple[str | int, ...]) -> int | None:
        """The line of ``path`` in the file, or of its nearest ancestor."""
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return self._lines.get(())

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)

    def employer_names(self) -> list[str]:
        """Names that identify the employer in a post: organisation, brands, products."""
        return list(
            dict.fromkeys([self.organisation.name, *self.organisation.brands, *self.organisation.products])
        )
