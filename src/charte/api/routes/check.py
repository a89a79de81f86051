"""``POST /v1/check``: the same JSON in and out as ``charte check --json``, against the active policy."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from charte.api.deps import Credentials, CredentialsDep, EnginesDep, authenticate, in_transaction
from charte.engine.records import PostIn
from charte.service import auth, checks
from charte.service.engines import EngineCache
from charte.store.repositories import Store

router = APIRouter(tags=["check"])


@router.post("/check")
async def check(
    post: PostIn, credentials: CredentialsDep, engines: EnginesDep, request: Request
) -> dict[str, Any]:
    """Verdict (allow, review, block), findings with exact spans, clauses and scores."""
    # The hot path: authentication, the check and the commit in one worker-thread hop (see in_transaction).
    return await in_transaction(request, lambda store: _check(store, credentials, engines, post))


def _check(store: Store, credentials: Credentials, engines: EngineCache, post: PostIn) -> dict[str, Any]:
    """With an API token, one query reads the token, its owner's functions and the active policy."""
    item = post.to_post()
    if credentials.bearer is not None:
        actor, active = auth.token_context(store, credentials.bearer)
        return checks.check_with(store, actor, engines, item, active)
    return checks.check(store, authenticate(store, credentials), engines, item)
