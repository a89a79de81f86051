"""``POST /v1/check``: the same JSON in and out as ``charte check --json``, against the active policy."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from charte.api.deps import CredentialsDep, EnginesDep, authenticate, in_transaction
from charte.engine.records import PostIn
from charte.service import checks

router = APIRouter(tags=["check"])


@router.post("/check")
async def check(
    post: PostIn, credentials: CredentialsDep, engines: EnginesDep, request: Request
) -> dict[str, Any]:
    """Verdict (allow, review, block), findings with exact spans, clauses and scores."""
    item = post.to_post()
    # The hot path: authentication, the check and the commit in one worker-thread hop (see in_transaction).
    return await in_transaction(
        request, lambda store: checks.check(store, authenticate(store, credentials), engines, item)
    )
