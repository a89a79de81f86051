"""Versioned policies: upload (JSON or raw YAML), history, the active one, activation, diff."""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import (
    Id,
    Page,
    PolicyCreate,
    PolicyDetail,
    PolicyDiff,
    PolicyPublic,
    PolicyTestResult,
    PolicyTestRun,
)
from charte.service import policies, policy_views
from charte.service.errors import Invalid
from charte.store.models import PolicyVersion

router = APIRouter(prefix="/policies", tags=["policies"])
YAML_TYPES = frozenset({"application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml"})


async def upload_body(request: Request) -> PolicyCreate:
    """JSON ``{"yaml": …}``, or the YAML file itself with ``Content-Type: application/yaml``
    (then ``comment`` and ``activate`` come from the query string)."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    raw = await request.body()
    if media in YAML_TYPES:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Invalid.one("body", "the policy is not UTF-8 text") from None
        activate = request.query_params.get("activate", "false").lower()
        if activate not in ("true", "false", "1", "0"):
            raise Invalid.one("activate", "write true or false")
        return PolicyCreate(
            yaml=text,
            comment=request.query_params.get("comment", "")[:500],
            activate=activate in ("true", "1"),
        )
    if media not in ("application/json", ""):
        raise Invalid.one("content-type", "send application/json or application/yaml")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RequestValidationError(
            [
                {
                    "type": "json_invalid",
                    "loc": ("body",),
                    "msg": "JSON decode error",
                    "ctx": {"error": str(getattr(exc, "msg", "not UTF-8"))},
                }
            ]
        ) from None
    try:
        return PolicyCreate.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


_UPLOAD_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": PolicyCreate.model_json_schema()},
            "application/yaml": {"schema": {"type": "string"}},
        },
    }
}


@router.get("", response_model=Page[PolicyPublic])
def list_policies(
    store: StoreDep, actor: PrincipalDep, paging: PagingDep, active: Annotated[bool | None, Query()] = None
) -> Page[PolicyPublic]:
    """The full history, newest first."""
    page = policies.history(store, actor, active_only=active, limit=paging.limit, offset=paging.offset)
    owner = policy_views.is_owner(actor)
    return Page.of(page, lambda p: _public(p, owner))


def _public(row: PolicyVersion, owner: bool) -> PolicyPublic:
    public = PolicyPublic.model_validate(row)
    return public if owner else public.model_copy(update={"comment": None})


def _detail(view: policy_views.PolicyView) -> PolicyDetail:
    return PolicyDetail(
        **PolicyPublic.model_validate(view.row).model_dump(exclude={"comment"}),
        comment=view.comment,
        yaml=view.yaml,
        document=view.document,
        lang=view.lang,
    )


LangQuery = Annotated[
    Literal["en", "fr"] | None, Query(description="Language of the document; default the policy's own")
]


@router.post("", response_model=PolicyDetail, status_code=201, openapi_extra=_UPLOAD_DOC)
def upload_policy(
    actor: PrincipalDep, store: StoreDep, body: Annotated[PolicyCreate, Depends(upload_body)]
) -> PolicyDetail:
    """Validated by the engine: errors come back as problem+json with the line and field of each issue."""
    row = policies.upload(store, actor, body.yaml, comment=body.comment, activate=body.activate)
    return _detail(policy_views.view(actor, row))


@router.get("/active", response_model=PolicyDetail)
def active_policy(store: StoreDep, actor: PrincipalDep, lang: LangQuery = None) -> PolicyDetail:
    """The policy every check uses: its document for everyone, its YAML for its owners only."""
    return _detail(policy_views.active(store, actor, lang))


_FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The document as a file (attachment)",
        "content": {
            "text/html": {"schema": {"type": "string"}},
            "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "text/markdown": {"schema": {"type": "string"}},
        },
    }
}
FormatQuery = Annotated[Literal["html", "pdf", "md"], Query(alias="format", description="File format")]


def _file(doc: policy_views.DocumentFile) -> Response:
    return Response(
        doc.content,
        media_type=doc.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{doc.filename}"',
            "Content-Language": doc.lang,
        },
    )


@router.get("/active/document", response_class=Response, responses=_FILE_RESPONSES)
def active_document(
    store: StoreDep, actor: PrincipalDep, fmt: FormatQuery = "html", lang: LangQuery = None
) -> Response:
    """The active policy's document as a file (HTML, PDF or Markdown), confidential terms redacted."""
    return _file(policy_views.document_file(store, actor, None, fmt, lang))


@router.get("/{policy_id}", response_model=PolicyDetail)
def get_policy(policy_id: Id, store: StoreDep, actor: PrincipalDep, lang: LangQuery = None) -> PolicyDetail:
    """One version: its document for everyone, its YAML for its owners only."""
    return _detail(policy_views.get(store, actor, policy_id, lang))


@router.post("/{policy_id}/activate", response_model=PolicyPublic)
def activate_policy(policy_id: Id, store: StoreDep, actor: PrincipalDep) -> PolicyPublic:
    """Make this version the one every check uses (the previous one stays in the history)."""
    return _public(policies.activate(store, actor, policy_id), True)


@router.get("/{policy_id}/diff", response_model=PolicyDiff)
def diff_policy(
    policy_id: Id,
    store: StoreDep,
    actor: PrincipalDep,
    against: Annotated[Id | None, Query(description="Another version's id; default the previous")] = None,
    lang: Annotated[Literal["en", "fr"], Query(description="Language of the change labels")] = "en",
) -> PolicyDiff:
    """Owners: the changes clause by clause in plain words and the unified diff of the YAML. Everyone else:
    the unified diff of the rendered document (the YAML's confidential terms stay with the owners)."""
    result = policy_views.diff(store, actor, policy_id, against, lang)
    old, new = result.old, result.new
    return PolicyDiff(
        from_id=old.id if old else None,
        from_version=old.version if old else None,
        to_id=new.id,
        to_version=new.version,
        diff=result.unified,
        diff_of=result.of,
        changes=result.changes,
    )


@router.get("/{policy_id}/document", response_class=Response, responses=_FILE_RESPONSES)
def policy_document(
    policy_id: Id, store: StoreDep, actor: PrincipalDep, fmt: FormatQuery = "html", lang: LangQuery = None
) -> Response:
    """One version's document as a file (HTML, PDF or Markdown), confidential terms redacted."""
    return _file(policy_views.document_file(store, actor, policy_id, fmt, lang))


@router.post("/{policy_id}/tests", response_model=PolicyTestRun)
def run_policy_tests(policy_id: Id, store: StoreDep, actor: PrincipalDep) -> PolicyTestRun:
    """Run the version's own test cases (owners only: the example posts quote the confidential terms)."""
    row = policies.get(store, actor, policy_id)
    results = [
        PolicyTestResult(
            name=r.case.name,
            passed=r.passed,
            expect=r.case.expect,
            verdict=r.decision.verdict,
            rule_ids=list(r.decision.rule_ids),
            problems=list(r.problems),
        )
        for r in policy_views.run_tests(store, actor, policy_id)
    ]
    passed = sum(r.passed for r in results)
    return PolicyTestRun(
        id=row.id, version=row.version, passed=passed, failed=len(results) - passed, results=results
    )
