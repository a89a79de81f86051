"""Policy acknowledgement pages: read the active version in your language and acknowledge it, answer its quiz,
see your personal-account disclaimer and do's and don'ts; supervisors see coverage per team and export it.
Every decision is :mod:`charte.service.acknowledgements`' (and ``training``, ``personal``)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_, gettext
from charte.service import acknowledgements, personal, policy_views, training
from charte.service.errors import Conflict, Invalid, NoActivePolicy, PermissionDenied
from charte.service.principal import Principal
from charte.web.deps import StoreDep, ViewerDep
from charte.web.flash import flash
from charte.web.language import request_lang
from charte.web.permissions import NavItem, register_nav
from charte.web.templating import render

router = APIRouter()
PAGE = "/policy/acknowledge"
register_nav(
    NavItem(
        PAGE,
        N_("Policy acknowledgement"),
        N_("Read the policy in force and acknowledge it; take its quiz; your own accounts' do's and don'ts."),
        order=55,
    )
)
DocLang = Annotated[Literal["en", "fr"] | None, Query()]


def _lang(request: Request, lang: str | None) -> str:
    return lang or request_lang(request)


@router.get(PAGE, name="acknowledge")
def acknowledge_page(request: Request, store: StoreDep, viewer: ViewerDep, lang: DocLang = None) -> Response:
    doc_lang = _lang(request, lang)
    try:
        status = acknowledgements.status(store, viewer.principal)
    except NoActivePolicy:
        return render(request, "acknowledge/index.html", {"status": None, "doc": None}, viewer=viewer)
    context: dict[str, Any] = {
        "status": status,
        "doc": policy_views.public_document(store, viewer.principal, None, doc_lang),
        "doc_lang": doc_lang,
        "history": acknowledgements.history(store, viewer.principal),
        "notices": acknowledgements.notices(store, viewer.principal),
        "has_quiz": bool(training.sections(store, viewer.principal)),
        "can_supervise": _supervisor(viewer.principal),
    }
    return render(request, "acknowledge/index.html", context, viewer=viewer)


def _supervisor(principal: Principal) -> bool:
    try:
        acknowledgements.require_supervisor(principal)
    except PermissionDenied:
        return False
    return True


@router.post(PAGE)
def acknowledge(
    request: Request,
    store: StoreDep,
    viewer: ViewerDep,
    policy_version_id: Annotated[int, Form(ge=1, le=2_147_483_647)],
    sha256: Annotated[str, Form(pattern=r"^[0-9a-f]{64}$")],
    lang: Annotated[Literal["en", "fr"], Form()],
    read: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    if read != "yes":
        response = RedirectResponse(f"{PAGE}?lang={lang}", status_code=303)
        flash(request, response, N_("Tick the box to say you have read the policy."), kind="error")
        return response
    try:
        _, created = acknowledgements.acknowledge(
            store, viewer.principal, policy_version_id=policy_version_id, lang=lang, sha256=sha256
        )
    except Conflict:
        response = RedirectResponse(f"{PAGE}?lang={lang}", status_code=303)
        flash(
            request,
            response,
            N_(
                "The policy changed while you were reading it: read the version in force now, then acknowledge it."
            ),
            kind="error",
        )
        return response
    response = RedirectResponse(PAGE, status_code=303)
    flash(
        request,
        response,
        N_("Thank you: your acknowledgement is recorded.")
        if created
        else N_("You had already acknowledged it."),
        kind="success",
    )
    return response


@router.get("/policy/quiz", name="quiz")
def quiz_page(
    request: Request,
    store: StoreDep,
    viewer: ViewerDep,
    clause: Annotated[str | None, Query(max_length=100)] = None,
) -> Response:
    lang = request_lang(request)
    quiz = training.get_quiz(store, viewer.principal, lang=lang, clause=clause or None)
    context = {
        "quiz": quiz,
        "sections": training.sections(store, viewer.principal),
        "result": None,
        "chosen": {},
        "attempts": training.attempts(store, viewer.principal)[:10],
    }
    return render(request, "acknowledge/quiz.html", context, viewer=viewer)


@router.post("/policy/quiz")
async def answer_quiz(request: Request, store: StoreDep, viewer: ViewerDep) -> Response:
    form = await request.form()
    lang = request_lang(request)
    clause = str(form.get("clause") or "") or None
    answers: dict[str, int] = {}
    bad: dict[str, str] = {}
    for key, value in form.multi_items():
        if key.startswith("q-") and isinstance(value, str):
            if value.isdigit() and len(value) < 4:
                answers[key[2:66]] = int(value)
            else:
                bad[key[2:66]] = gettext("Choose one of the answers.")
    quiz = training.get_quiz(store, viewer.principal, lang=lang, clause=clause)
    result = None
    errors: dict[str, str] = dict(bad)
    if not errors:
        try:
            result = training.answer(store, viewer.principal, answers, lang=lang, clause=clause)
        except Invalid as exc:
            for err in exc.errors:
                qid = err.field.removeprefix("answers.")
                errors[qid] = (
                    gettext("Choose one of the answers.")
                    if "not answered" in err.message or "position" in err.message
                    else err.message
                )
    context = {
        "quiz": quiz,
        "sections": training.sections(store, viewer.principal),
        "result": result,
        "chosen": answers,
        "errors": errors,
        "attempts": training.attempts(store, viewer.principal)[:10],
    }
    return render(request, "acknowledge/quiz.html", context, viewer=viewer, status=400 if errors else 200)


@router.get("/policy/personal", name="personal")
def personal_page(request: Request, store: StoreDep, viewer: ViewerDep) -> Response:
    guidance = personal.guidance(store, viewer.principal, request_lang(request))
    return render(request, "acknowledge/personal.html", {"g": guidance}, viewer=viewer)


@router.get("/policy/acknowledgements", name="ack_coverage")
def coverage_page(request: Request, store: StoreDep, viewer: ViewerDep) -> Response:
    cov = acknowledgements.coverage(store, viewer.principal)
    return render(request, "acknowledge/coverage.html", {"cov": cov}, viewer=viewer)


@router.get("/policy/acknowledgements.{fmt}", name="ack_export")
def coverage_export(store: StoreDep, viewer: ViewerDep, fmt: Literal["csv", "json"]) -> Response:
    cov = acknowledgements.coverage(store, viewer.principal)
    acknowledgements.record_export(store, viewer.principal, fmt, cov)
    stamp = cov.generated_at.strftime("%Y%m%dT%H%M%SZ")
    if fmt == "csv":
        body, media = acknowledgements.export_csv(cov), "text/csv; charset=utf-8"
    else:
        body, media = acknowledgements.export_json_text(cov), "application/json"
    return Response(
        body,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="acknowledgements-{stamp}.{fmt}"'},
    )
