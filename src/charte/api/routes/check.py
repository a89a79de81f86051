"""``POST /v1/check``: the same JSON in and out as ``charte check --json``, against the active policy."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from charte.api.deps import EnginesDep, PrincipalDep, StoreDep
from charte.engine.records import PostIn
from charte.service import checks

router = APIRouter(tags=["check"])


@router.post("/check")
def check(post: PostIn, store: StoreDep, actor: PrincipalDep, engines: EnginesDep) -> dict[str, Any]:
    """Verdict (allow, review, block), findings with exact spans, clauses and scores."""
    return checks.check(store, actor, engines, post.to_post())
