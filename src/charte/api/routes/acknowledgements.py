"""Policy acknowledgement: your status, acknowledging the active version, the quiz, your personal-account
guidance, and for supervisors the coverage per team and its export (docs/acknowledgements.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from charte.api.deps import PrincipalDep, StoreDep
from charte.api.schemas.acknowledgements import (
    AcknowledgeIn,
    AcknowledgementPublic,
    AcknowledgementStatus,
    CoveragePublic,
    NoticePublic,
    PersonalGuidancePublic,
    PersonCoveragePublic,
    QuestionPublic,
    QuizAnswerIn,
    QuizPublic,
    QuizResultPublic,
    TeamCoveragePublic,
)
from charte.service import acknowledgements, personal, training

router = APIRouter(prefix="/acknowledgements", tags=["acknowledgements"])
Lang = Annotated[Literal["fr", "en"], Query(description="fr or en")]


@router.get("/me", response_model=AcknowledgementStatus)
def mine(store: StoreDep, actor: PrincipalDep) -> AcknowledgementStatus:
    """Whether you are up to date with the active policy, your acknowledgements and the notices sent to you."""
    status = acknowledgements.status(store, actor)
    return AcknowledgementStatus(
        active_policy_id=status.active.id,
        active_version=status.active.version,
        active_sha256=status.active.sha256,
        done=status.done,
        acknowledgement=AcknowledgementPublic.model_validate(status.acknowledgement)
        if status.acknowledgement
        else None,
        material_changes=list(status.changes),
        history=[AcknowledgementPublic.model_validate(a) for a in acknowledgements.history(store, actor)],
        notices=[NoticePublic.model_validate(n) for n in acknowledgements.notices(store, actor)],
    )


@router.post(
    "",
    response_model=AcknowledgementPublic,
    status_code=201,
    responses={
        200: {"model": AcknowledgementPublic, "description": "Already acknowledged: the first record"}
    },
)
def acknowledge(
    body: AcknowledgeIn, response: Response, store: StoreDep, actor: PrincipalDep
) -> AcknowledgementPublic:
    """Accept the active version (201). Again for the same version: the first record, 200. A version that is
    not the active one: 409."""
    row, created = acknowledgements.acknowledge(
        store, actor, policy_version_id=body.policy_version_id, lang=body.lang, sha256=body.sha256
    )
    if not created:
        response.status_code = 200
    return AcknowledgementPublic.model_validate(row)


@router.get("/coverage", response_model=CoveragePublic)
def coverage(store: StoreDep, actor: PrincipalDep) -> CoveragePublic:
    """Who has acknowledged the active version, per person and per team (auditors and policy owners)."""
    cov = acknowledgements.coverage(store, actor)
    data = acknowledgements.export_json(cov)
    return CoveragePublic(
        active_policy_id=cov.active.id,
        active_version=cov.active.version,
        active_sha256=cov.active.sha256,
        people=data["totals"]["people"],
        acknowledged=data["totals"]["acknowledged"],
        outstanding=data["totals"]["outstanding"],
        teams=[TeamCoveragePublic(**t) for t in data["teams"]],
        records=[
            PersonCoveragePublic(
                **{k: v for k, v in r.items() if k in PersonCoveragePublic.model_fields and k != "teams"},
                teams=list(p.teams),
            )
            for r, p in zip(data["people"], cov.people, strict=True)
        ],
    )


@router.get("/export", response_class=Response)
def export(
    store: StoreDep,
    actor: PrincipalDep,
    format: Annotated[Literal["csv", "json"], Query(description="csv or json")] = "csv",
) -> Response:
    """The supervision records as a file: one row per person (who, version and hash, when, language, teams,
    quiz score, outstanding). The export is recorded in the audit log."""
    cov = acknowledgements.coverage(store, actor)
    acknowledgements.record_export(store, actor, format, cov)
    stamp = cov.generated_at.strftime("%Y%m%dT%H%M%SZ")
    if format == "csv":
        body, media = acknowledgements.export_csv(cov), "text/csv; charset=utf-8"
    else:
        body, media = acknowledgements.export_json_text(cov), "application/json"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="acknowledgements-{stamp}.{format}"'},
    )


@router.get("/quiz", response_model=QuizPublic)
def quiz(
    store: StoreDep,
    actor: PrincipalDep,
    lang: Lang = "en",
    clause: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
) -> QuizPublic:
    """The active version's quiz questions (all, or one clause's), without the answers."""
    q = training.get_quiz(store, actor, lang=lang, clause=clause)
    return QuizPublic(
        policy_version_id=q.version.id,
        lang=q.lang,
        clause=q.clause,
        sections=training.sections(store, actor),
        questions=[
            QuestionPublic(id=x.id, clause=x.clause, text=x.text, choices=list(x.choices))
            for x in q.questions
        ],
    )


@router.post("/quiz", response_model=QuizResultPublic, status_code=201)
def answer_quiz(body: QuizAnswerIn, store: StoreDep, actor: PrincipalDep) -> QuizResultPublic:
    """Answer every question (of the quiz, or of ``clause``): the score is recorded as one attempt."""
    result = training.answer(store, actor, dict(body.answers), lang=body.lang, clause=body.clause)
    a = result.attempt
    return QuizResultPublic(
        attempt_id=a.id,
        policy_version_id=a.policy_version_id,
        clause=a.clause,
        score=a.score,
        total=a.total,
        correct=result.correct,
    )


@router.get("/personal", response_model=PersonalGuidancePublic)
def personal_guidance(store: StoreDep, actor: PrincipalDep, lang: Lang = "en") -> PersonalGuidancePublic:
    """The disclaimer for your own profile and the do's and don'ts the active policy sets for you."""
    g = personal.guidance(store, actor, lang)
    return PersonalGuidancePublic(
        lang=g.lang,
        organisation=g.organisation,
        disclaimer=g.disclaimer,
        profile_line=g.profile_line,
        when_required=g.when_required,
        disclosure_tags=list(g.disclosure_tags),
        dos=list(g.dos),
        donts=list(g.donts),
    )
