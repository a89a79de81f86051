"""The policy pages: everyone reads the active version's document and downloads it; policy owners upload a
version (a file or the text), see its errors by line, run its tests, compare it clause by clause with the
active version and activate it. Who sees what is :mod:`charte.service.policy_views`' decision, as for the API:
the document is redacted for everyone, the YAML, the changes and the tests are for ``policies:write``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from starlette.responses import RedirectResponse, Response

from charte.errors import PolicyError
from charte.i18n import N_, gettext
from charte.service import policies, policy_views
from charte.service.permissions import Permission
from charte.web.deps import Requires, StoreDep
from charte.web.flash import flash
from charte.web.language import request_lang
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
register_nav(
    NavItem(
        "/policy",
        N_("Policy"),
        N_("Read the social media policy in force, and download it as a PDF."),
        needs=(Permission.POLICIES_READ,),
        order=50,
    )
)

Reader = Annotated[Viewer, Requires(Permission.POLICIES_READ)]
Owner = Annotated[Viewer, Requires(Permission.POLICIES_WRITE)]
DocLang = Annotated[Literal["en", "fr"] | None, Query()]
PolicyId = Annotated[int, Path(ge=1, le=2_147_483_647)]
MAX_UPLOAD_BYTES = policies.MAX_POLICY_CHARS * 4  # UTF-8: at most four bytes a character


def _doc_lang(request: Request, lang: str | None) -> str:
    return lang or request_lang(request)


@router.get("/policy", name="policy")
def policy_page(request: Request, store: StoreDep, viewer: Reader, lang: DocLang = None) -> Response:
    doc_lang = _doc_lang(request, lang)
    row = store.policies.active(viewer.principal.org_id)
    context: dict[str, Any] = {"row": row, "doc": None, "doc_lang": doc_lang, "versions": []}
    if row is not None:
        context["doc"] = policy_views.public_document(store, viewer.principal, None, doc_lang)
    if viewer.can(Permission.POLICIES_WRITE):
        context["versions"] = policies.history(
            store, viewer.principal, active_only=None, limit=20, offset=0
        ).items
    return render(request, "policy/read.html", context, viewer=viewer)


@router.get("/policy/document.{fmt}", name="policy_document")
def policy_document(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    fmt: Literal["pdf", "html", "md"],
    lang: DocLang = None,
    version: Annotated[int | None, Query(ge=1, le=2_147_483_647)] = None,
) -> Response:
    """The document as a file, in the reader's language unless another is asked for."""
    doc = policy_views.document_file(store, viewer.principal, version, fmt, _doc_lang(request, lang))
    return Response(
        doc.content,
        media_type=doc.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{doc.filename}"',
            "Content-Language": doc.lang,
        },
    )


def _upload_page(request: Request, viewer: Viewer, **context: Any) -> Response:
    values = {"yaml_text": "", "comment": "", "issues": [], **context}
    status = 422 if values.get("errors") else 200
    return render(request, "policy/upload.html", values, viewer=viewer, status=status)


@router.get("/policy/upload", name="policy_upload")
def upload_form(request: Request, store: StoreDep, viewer: Owner) -> Response:
    row = store.policies.active(viewer.principal.org_id)
    return _upload_page(request, viewer, yaml_text=row.yaml_text if row else "")


@router.post("/policy/upload")
async def upload(
    request: Request,
    store: StoreDep,
    viewer: Owner,
    yaml_text: Annotated[str, Form(max_length=policies.MAX_POLICY_CHARS)] = "",
    comment: Annotated[str, Form(max_length=500)] = "",
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """A file, when one is chosen, wins over the text area; errors come back beside the field with lines."""
    text, field = yaml_text, "yaml_text"
    if file is not None and file.filename:
        field = "file"
        raw = await file.read(MAX_UPLOAD_BYTES + 1)
        if len(raw) > MAX_UPLOAD_BYTES:
            return _upload_page(
                request,
                viewer,
                comment=comment,
                errors={"file": gettext("The file is too large for a policy.")},
            )
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _upload_page(
                request, viewer, comment=comment, errors={"file": gettext("The file is not UTF-8 text.")}
            )
    if not text.strip():
        return _upload_page(
            request, viewer, comment=comment, errors={field: gettext("Choose a file or paste the policy.")}
        )
    try:
        row = policies.upload(store, viewer.principal, text, comment=comment)
    except PolicyError as exc:
        issues = [
            {"line": i.line, "field": i.field, "message": i.message, "hint": i.hint} for i in exc.issues
        ]
        message = gettext("The policy has {n} error(s): see them by line below.", n=len(issues))
        return _upload_page(
            request, viewer, yaml_text=text, comment=comment, issues=issues, errors={field: message}
        )
    response = RedirectResponse(f"/policy/versions/{row.id}", status_code=303)
    flash(
        request,
        response,
        N_("Version {version} uploaded: check its changes and tests, then activate it."),
        version=row.version,
    )
    return response


def _version_page(
    request: Request, store: StoreDep, viewer: Viewer, policy_id: int, tests: list[Any] | None = None
) -> Response:
    row = policies.get(store, viewer.principal, policy_id)
    active = store.policies.active(viewer.principal.org_id)
    against = active.id if active is not None and active.id != row.id else None
    lang = request_lang(request)
    diff = policy_views.diff(store, viewer.principal, policy_id, against, lang)
    context = {"row": row, "active": active, "diff": diff, "tests": tests}
    return render(request, "policy/version.html", context, viewer=viewer)


@router.get("/policy/versions/{policy_id}", name="policy_version")
def version(request: Request, store: StoreDep, viewer: Owner, policy_id: PolicyId) -> Response:
    return _version_page(request, store, viewer, policy_id)


@router.post("/policy/versions/{policy_id}/tests")
def run_tests(request: Request, store: StoreDep, viewer: Owner, policy_id: PolicyId) -> Response:
    results = policy_views.run_tests(store, viewer.principal, policy_id)
    return _version_page(request, store, viewer, policy_id, tests=results)


@router.post("/policy/versions/{policy_id}/activate")
def activate(request: Request, store: StoreDep, viewer: Owner, policy_id: PolicyId) -> Response:
    row = policies.activate(store, viewer.principal, policy_id)
    response = RedirectResponse("/policy", status_code=303)
    flash(request, response, N_("Version {version} is now the policy every check uses."), version=row.version)
    return response
