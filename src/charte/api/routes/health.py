"""Liveness and readiness for load balancers (no authentication, no data)."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from charte.api.deps import StoreDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def health(store: StoreDep) -> dict[str, str]:
    store.session.execute(text("SELECT 1"))
    return {"status": "ok"}
