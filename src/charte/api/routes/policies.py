"""Versioned policies: upload (JSON or raw YAML), history, the active one, activation, diff."""

from __future__ import annotations

import json
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from charte.api.deps import PagingDep, PrincipalDep, StoreDep
from charte.api.schemas import Id, Page, PolicyCreate, PolicyDetail, PolicyDiff, PolicyPublic
from charte.service import policies
from charte.service.errors import Invalid

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
        return PolicyCreate(yaml=text, comment=request.query_params.get("comment", "")[:500],
                            activate=activate in ("true", "1"))
    if media not in ("application/json", ""):
        raise Invalid.one("content-type", "send application/json or application/yaml")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RequestValidationError([{"type": "json_invalid", "loc": ("body",), "msg": "JSON decode error",
                                       "ctx": {"error": str(getattr(exc, "msg", "not UTF-8"))}}]) from None
    try:
        return PolicyCreate.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None


_UPLOAD_DOC = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": PolicyCreate.model_json_schema()},
    "application/yaml": {"schema": {"type": "string"}}}}}


@router.get("", response_model=Page[PolicyPublic])
def list_policies(store: StoreDep, actor: PrincipalDep, paging: PagingDep,
                  active: Annotated[bool | None, Query()] = None) -> Page[PolicyPublic]:
    """The full history, newest first."""
    page = policies.history(store, actor, active_only=active, limit=paging.limit, offset=paging.offset)
    return Page(items=[PolicyPublic.model_validate(p) for p in page.items], total=page.total, limit=page.limit,
                offset=page.offset)


@router.post("", response_model=PolicyDetail, status_code=201, openapi_extra=_UPLOAD_DOC)
def upload_policy(actor: PrincipalDep, store: StoreDep, body: Annotated[PolicyCreate, Depends(upload_body)]
                  ) -> PolicyDetail:
    """Validated by the engine: errors come back as problem+json with the line and field of each issue."""
    row = policies.upload(store, actor, body.yaml, comment=body.comment, activate=body.activate)
    return PolicyDetail.model_validate(row)


@router.get("/active", response_model=PolicyDetail)
def active_policy(store: StoreDep, actor: PrincipalDep) -> PolicyDetail:
    return PolicyDetail.model_validate(policies.active(store, actor))


@router.get("/{policy_id}", response_model=PolicyDetail)
def get_policy(policy_id: Id, store: StoreDep, actor: PrincipalDep) -> PolicyDetail:
    return PolicyDetail.model_validate(policies.get(store, actor, policy_id))


@router.post("/{policy_id}/activate", response_model=PolicyPublic)
def activate_policy(policy_id: Id, store: StoreDep, actor: PrincipalDep) -> PolicyPublic:
    """Make this version the one every check uses (the previous one stays in the history)."""
    return PolicyPublic.model_validate(policies.activate(store, actor, policy_id))


@router.get("/{policy_id}/diff", response_model=PolicyDiff)
def diff_policy(policy_id: Id, store: StoreDep, actor: PrincipalDep,
                against: Annotated[Id | None, Query(description="Another version's id; default the previous")]
                = None,
                lang: Annotated[Literal["en", "fr"], Query(description="Language of the change labels")] = "en",
                ) -> PolicyDiff:
    """The changes clause by clause in plain words, and the unified diff of the YAML."""
    result = policies.diff(store, actor, policy_id, against, lang)
    old, new = result.old, result.new
    return PolicyDiff(from_id=old.id if old else None, from_version=old.version if old else None, to_id=new.id,
                      to_version=new.version, diff=result.unified, changes=result.changes)
