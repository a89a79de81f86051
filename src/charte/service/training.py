"""The optional quiz of the active policy (``document.quiz`` in the policy file): questions per clause, scored
on the server (the right answers never leave it), every attempt recorded with its score."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from charte.engine.redaction import Redactor
from charte.i18n import _, gettext
from charte.policy.loader import parse_policy
from charte.policy.model import Policy, QuizQuestion
from charte.service import policies
from charte.service.errors import FieldError, Invalid, NotFound
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import PolicyVersion, QuizAttempt, utcnow
from charte.store.repositories import Store

LANGS = ("fr", "en")


@dataclass(frozen=True)
class Question:
    """A question as the person sees it (redacted, in their language, without the answer)."""

    id: str
    clause: str
    text: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Quiz:
    version: PolicyVersion
    lang: str
    clause: str | None
    questions: tuple[Question, ...]


@lru_cache(maxsize=16)
def _policy(sha256: str, text: str) -> Policy:
    return parse_policy(text, policies.SOURCE)


def _questions(row: PolicyVersion, clause: str | None) -> list[QuizQuestion]:
    quiz = _policy(row.sha256, row.yaml_text).document.quiz
    if clause is None:
        return list(quiz)
    chosen = [q for q in quiz if q.clause == clause]
    if not chosen:
        raise NotFound("quiz section", clause, message=_("quiz section {id} not found", id=clause))
    return chosen


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise Invalid.one("lang", _("must be fr or en"))
    return lang


def get_quiz(store: Store, actor: Principal, *, lang: str, clause: str | None = None) -> Quiz:
    """The active version's quiz (all questions, or those about ``clause``); empty when it has none."""
    row = policies.active(store, actor)
    lang = _lang(lang)
    policy = _policy(row.sha256, row.yaml_text)
    redactor = Redactor.for_policy(policy)
    marker = gettext("[confidential]", lang=lang)
    questions = tuple(
        Question(
            q.id,
            q.clause,
            redactor.redact(q.question.get(lang), marker),
            tuple(redactor.redact(c.get(lang), marker) for c in q.choices),
        )
        for q in _questions(row, clause)
    )
    return Quiz(row, lang, clause, questions)


def sections(store: Store, actor: Principal) -> list[str]:
    """The clauses the active version's quiz asks about, in the file's order."""
    row = policies.active(store, actor)
    return list(dict.fromkeys(q.clause for q in _policy(row.sha256, row.yaml_text).document.quiz))


@dataclass(frozen=True)
class Result:
    attempt: QuizAttempt
    correct: dict[str, bool]


def answer(
    store: Store,
    actor: Principal,
    answers: dict[str, int],
    *,
    lang: str,
    clause: str | None = None,
    now: dt.datetime | None = None,
) -> Result:
    """Score one attempt: every question of the quiz (or of ``clause``) answered once, each with a choice's
    position; a missing, unknown or out-of-range answer is refused naming the question."""
    actor.require(Permission.POLICIES_READ)
    row = policies.active(store, actor)
    lang = _lang(lang)
    questions = _questions(row, clause)
    if not questions:
        raise Invalid.one("answers", _("this policy has no quiz"))
    known = {q.id: q for q in questions}
    problems: list[tuple[str, str]] = []
    for key in answers:
        if key not in known:
            problems.append((f"answers.{key}"[:100], _("no such question in this quiz")))
    for q in questions:
        if q.id not in answers:
            problems.append((f"answers.{q.id}", _("not answered")))
        elif not 0 <= answers[q.id] < len(q.choices):
            problems.append(
                (
                    f"answers.{q.id}",
                    _(
                        "choose a position from 0 to {last}, not {given}",
                        last=len(q.choices) - 1,
                        given=answers[q.id],
                    ),
                )
            )
    if problems:
        raise Invalid([FieldError(f, m) for f, m in problems])
    correct = {q.id: answers[q.id] == q.answer for q in questions}
    attempt = store.quiz_attempts.add(
        QuizAttempt(
            org_id=actor.org_id,
            user_id=actor.user_id,
            policy_version_id=row.id,
            clause=clause,
            score=sum(correct.values()),
            total=len(questions),
            answers=json.dumps({q.id: answers[q.id] for q in questions}, sort_keys=True),
            lang=lang,
            created_at=now or utcnow(),
        )
    )
    return Result(attempt, correct)


def attempts(store: Store, actor: Principal) -> list[QuizAttempt]:
    actor.require(Permission.POLICIES_READ)
    return store.quiz_attempts.of_user(actor.org_id, actor.user_id)
