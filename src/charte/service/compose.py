"""The check while a post is being written: the draft's own check, shaped for a page that highlights it.

The composer calls :func:`live_check` on every pause in typing. It runs exactly the check a saved draft gets
(:func:`charte.service.review.run_check`: the active policy, the author's functions, the account kind, the
platform and the attachments), so what is highlighted while typing is what the draft will say once saved.
What this module adds is only the shape a page needs and no rule of its own:

- the text cut into :class:`Segment` s at every finding boundary, so overlapping findings still highlight
  each character once, with the findings that cover it;
- each finding with its clause's title in the reader's language, and its fix applied to the whole text
  (:func:`apply_fix`), so one click replaces the text with the fixed one;
- the scores a person can read: a label and a percentage, not the engine's nested dictionary.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from charte.domain import Action, Decision, Finding, Fix
from charte.i18n import N_, gettext
from charte.policy.model import Policy
from charte.service import drafts, review
from charte.service.engines import EngineCache, active_engine, active_policy
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import BrandAccount
from charte.store.repositories import Store


@dataclass(frozen=True)
class FixView:
    """A suggested fix; ``fixed_text`` is the whole post with it applied (``None``: a person must rewrite)."""

    kind: str
    description: str
    fixed_text: str | None


@dataclass(frozen=True)
class FindingView:
    """One finding as the composer shows it, numbered in the order of the text."""

    index: int
    start: int | None
    end: int | None
    quote: str
    rule_id: str
    clause_id: str
    clause_title: str
    severity: str
    action: str
    message: str
    fix: FixView | None


@dataclass(frozen=True)
class Segment:
    """A run of the text covered by the same findings (``findings``: their indices; empty: nothing to see)."""

    text: str
    findings: tuple[int, ...]
    action: str | None = None  # the strictest action among them, for the highlight's colour


@dataclass(frozen=True)
class ScoreView:
    key: str
    label: str
    percent: int


@dataclass(frozen=True)
class LiveCheck:
    text: str
    verdict: str
    lang: str
    findings: tuple[FindingView, ...]
    segments: tuple[Segment, ...]
    scores: tuple[ScoreView, ...]
    decision: Decision = field(compare=False, repr=False)  # the check itself (who must approve is read on it)

    @property
    def highlighted(self) -> bool:
        return any(s.findings for s in self.segments)


#: The scores a reader can act on, each a probability from 0 to 1 (``path`` into ``Decision.scores``).
SCORES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("toxicity", ("toxicity",), N_("Toxicity")),
    ("negative", ("sentiment", "negative"), N_("Negative tone")),
    ("complaint", ("intent", "complaint"), N_("Reads as a complaint")),
    ("illegal", ("illegal",), N_("Illegal content")),
)

_ACTION_RANK = {"allow": 0, "review": 1, "block": 2}


def apply_fix(text: str, fix: Fix) -> str | None:
    """``text`` with ``fix`` applied, or ``None`` when the fix is advice a person must follow (a rephrasing).

    A replacement with a span replaces those characters (an empty span inserts there, an empty replacement
    removes, leaving one space where two would meet); a replacement without a span is added at the end.
    """
    if fix.replacement is None:
        return None
    if fix.span is None:
        body = text.rstrip()
        sep = "" if not body or fix.replacement[:1].isspace() else " "
        return body + sep + fix.replacement
    start, end = min(fix.span.start, len(text)), min(fix.span.end, len(text))
    before, after = text[:start], text[end:]
    if fix.replacement == "" and before.endswith(" ") and after.startswith((" ", ".", ",", "!", "?")):
        before = before[:-1]
    return before + fix.replacement + after


def segments(text: str, findings: Sequence[FindingView]) -> tuple[Segment, ...]:
    """``text`` cut at every start and end of a finding, each piece with the findings covering it."""
    spans = [
        (f.start, f.end, f) for f in findings if f.start is not None and f.end is not None and f.end > f.start
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        if a >= b or b > len(text):
            continue
        covering = [f for s, e, f in spans if s <= a and b <= e]
        action = max((f.action for f in covering), key=lambda x: _ACTION_RANK.get(x, 0), default=None)
        out.append(Segment(text[a:b], tuple(f.index for f in covering), action))
    return tuple(out)


def _score(scores: Mapping[str, Any], path: tuple[str, ...]) -> float | None:
    value: Any = scores
    for key in path:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return float(value) if isinstance(value, int | float) else None


def present(decision: Decision, policy: Policy, ui_lang: str) -> LiveCheck:
    """The page's view of ``decision`` (the post's own text in ``decision.text``), in ``ui_lang``."""
    text = decision.text
    views = tuple(_finding(i, f, text, policy, ui_lang) for i, f in enumerate(decision.findings))
    scores = []
    for key, path, label in SCORES:
        value = _score(decision.scores, path)
        if value is not None:
            scores.append(ScoreView(key, gettext(label, lang=ui_lang), round(100 * value)))
    return LiveCheck(
        text, str(decision.verdict), decision.lang, views, segments(text, views), tuple(scores), decision
    )


def _finding(index: int, f: Finding, text: str, policy: Policy, ui_lang: str) -> FindingView:
    clause = policy.clause(f.clause)
    fix = None
    if f.fix is not None:
        fix = FixView(f.fix.kind, f.fix.description, apply_fix(text, f.fix))
    return FindingView(
        index=index,
        start=f.span.start if f.span else None,
        end=f.span.end if f.span else None,
        quote=text[f.span.start : f.span.end] if f.span else "",
        rule_id=f.rule_id,
        clause_id=f.clause,
        clause_title=clause.title.get(ui_lang) if clause else f.clause,
        severity=str(f.severity),
        action=str(f.action),
        message=f.message,
        fix=fix,
    )


MAX_ACCOUNTS = 500  # the brand accounts offered on one page (an organisation has a handful)


def postable_accounts(store: Store, actor: Principal) -> list[BrandAccount]:
    """The brand accounts ``actor`` may write a post for (:func:`charte.service.drafts.may_post`)."""
    actor.require(Permission.DRAFTS_WRITE)
    page = store.accounts.list(
        actor.org_id, platform=None, q=None, owner_id=None, two_factor=None, limit=MAX_ACCOUNTS, offset=0
    )
    return [a for a in page.items if drafts.may_post(a, actor.user_id, str(actor.role))]


def live_check(
    store: Store, actor: Principal, cache: EngineCache, data: drafts.DraftInput, *, ui_lang: str
) -> LiveCheck:
    """The check of a post being written by ``actor``, as saving it as a draft would store it.

    Refuses what saving would refuse about the text and the account (same functions), but not a missing
    schedule or attachment address: those are asked for when the draft is saved.
    """
    actor.require(Permission.DRAFTS_WRITE)
    drafts.validate_text(data.text)
    drafts.check_account(store, actor, data)
    _, engine = active_engine(store, cache, actor.org_id)
    decision = review.run_check(
        store,
        engine,
        org_id=actor.org_id,
        author_id=actor.user_id,
        text=data.text,
        lang=data.lang,
        account_kind=data.account_kind,
        platform=data.platform,
        attachments=data.attachments,
    )
    return present(decision, engine.policy, ui_lang)


@dataclass(frozen=True)
class ApprovalNeed:
    """Who must approve a post before it goes out (``levels``, in order) and why (``reasons``), in words."""

    levels: tuple[str, ...]
    reasons: tuple[str, ...]
    blocked: bool = False


def approval_needed(
    store: Store, cache: EngineCache, org_id: int, decision: Decision, account_kind: str, ui_lang: str
) -> ApprovalNeed:
    """The levels the post's check requires, read with the rule :func:`charte.service.review.enter_review`
    applies on submit (without changing a draft), and the clauses that require them."""
    policy = active_policy(store, cache, org_id)
    approvals = policy.approvals
    if decision.verdict == Action.BLOCK:
        return ApprovalNeed((), _clause_reasons(decision, policy, ui_lang), blocked=True)
    reasons: tuple[str, ...] = ()
    if decision.verdict != Action.ALLOW:
        reasons = _clause_reasons(decision, policy, ui_lang)
    elif approvals.review_brand_posts and account_kind == "brand":
        reasons = (gettext("The policy has every post on a brand account approved.", lang=ui_lang),)
    else:
        return ApprovalNeed((), ())
    count = approvals.levels_for(review.max_severity(decision, Action.REVIEW))
    lines = []
    for level in approvals.levels[:count]:
        name = level.name.get(ui_lang) if level.name else level.id
        roles = gettext(" or ", lang=ui_lang).join(
            gettext(_ROLE_NAMES.get(r, r), lang=ui_lang) for r in level.roles
        )
        if level.team:
            lines.append(
                gettext(
                    "{level}: a member of team {team} who is {roles}",
                    lang=ui_lang,
                    level=name,
                    team=level.team,
                    roles=roles,
                )
            )
        else:
            lines.append(gettext("{level}: someone who is {roles}", lang=ui_lang, level=name, roles=roles))
    return ApprovalNeed(tuple(lines), reasons)


def _clause_reasons(decision: Decision, policy: Policy, ui_lang: str) -> tuple[str, ...]:
    out = []
    for clause_id in decision.clauses:
        clause = policy.clause(clause_id)
        title = clause.title.get(ui_lang) if clause else clause_id
        out.append(gettext("Clause {id}: {title}", lang=ui_lang, id=clause_id, title=title))
    return tuple(out)


_ROLE_NAMES: dict[str, str] = {
    "admin": N_("administrator"),
    "policy_owner": N_("policy owner"),
    "approver": N_("approver"),
    "spokesperson": N_("spokesperson"),
    "employee": N_("employee"),
    "auditor": N_("auditor"),
}
