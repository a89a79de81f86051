"""``create_app()``: the FastAPI application, its database engine, error handling and routers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.routing import APIRoute
from sqlalchemy import Engine

import charte
from charte.api import problems
from charte.api.deps import get_credentials
from charte.api.middleware import ApiLanguage, BodyLimit, ConcurrencyLimit, RequestContext, TrustedProxies
from charte.api.routes import (
    access_reviews,
    account_safety,
    accounts,
    acknowledgements,
    approvals,
    audit,
    auth,
    check,
    crisis,
    drafts,
    health,
    incidents,
    lookalikes,
    me,
    mentions,
    notifications,
    organisations,
    password_reset,
    policies,
    replies,
    sources,
    targets,
    teams,
    tokens,
    users,
)
from charte.service import outbox_wake, security
from charte.service.engines import EngineCache
from charte.service.incoming import IdentityCache, SpikeFeed
from charte.service.runtime import configure_process
from charte.settings import Settings, load_settings
from charte.store.db import make_engine, make_sessionmaker
from charte.web import app as web
from charte.web import docs as web_docs

if TYPE_CHECKING:
    from charte.workers.runner import InProcessRunner

#: The paths the API answers alone (the web interface answers every other path no route matches).
API_PREFIXES = ("/v1", "/healthz", "/openapi.json", "/docs", "/redoc")
# The hot path first: routes are matched in order.
ROUTERS = (
    check.router,
    auth.router,
    me.router,
    organisations.router,
    users.router,
    teams.router,
    accounts.router,
    policies.router,
    tokens.router,
    drafts.router,
    approvals.router,
    targets.router,
    audit.router,
    sources.router,
    mentions.router,
    mentions.alerts_router,
    notifications.router,
    lookalikes.router,
    replies.router,
    account_safety.router,
    access_reviews.router,
    incidents.router,
    crisis.router,
    acknowledgements.router,
    password_reset.router,
)


def start_jobs(app: FastAPI, settings: Settings) -> InProcessRunner | None:
    """Background jobs: in threads here (embedded default), or handed to Celery workers (``jobs=celery``)."""
    if settings.jobs == "celery":
        from charte.workers.celery_app import CeleryQueue

        app.state.jobs = CeleryQueue(settings)
        return None
    from charte.workers import leader
    from charte.workers.context import build_context
    from charte.workers.jobs import JobName
    from charte.workers.runner import InProcessRunner

    # With several worker processes, one runs the periodic jobs and the ingestion (charte.workers.leader).
    app.state.lead = lead = leader.elect()
    runner = InProcessRunner(
        build_context(settings, app.state.sessionmaker),
        threads=settings.worker_threads,
        periodic=lead.leads,
        intervals={
            "publish_due": settings.scheduler_interval_seconds,
            "notifications": settings.notify_interval_seconds,
        },
    ).start()
    app.state.jobs = runner
    # A commit that queued a notice makes the notifications job due at once; its interval stays the safety net.
    app.state.stop_waking = outbox_wake.subscribe(lambda: runner.wake(JobName.NOTIFICATIONS))
    if settings.listening and lead.leads:
        from charte.workers.listening import ListeningWorker

        app.state.listening = ListeningWorker(
            app.state.sessionmaker,
            app.state.engines,
            refresh_seconds=settings.listening_refresh_seconds,
            spikes=app.state.spikes,
            processes=settings.listening_processes,
        ).start()
    return runner


def create_app(settings: Settings | None = None, *, engine: Engine | None = None) -> FastAPI:
    """Build the application. ``engine`` lets tests share one database engine; by default one is made."""
    settings = settings or load_settings()
    configure_process(settings)
    db = engine or make_engine(settings.database_url, pool_size=settings.db_pool_size)

    @asynccontextmanager
    async def lifespan(app_: FastAPI) -> AsyncIterator[None]:
        runner = start_jobs(app_, settings)
        yield
        listening = getattr(app_.state, "listening", None)
        if listening is not None:
            listening.stop()  # the batch being stored is finished first
        stop_waking = getattr(app_.state, "stop_waking", None)
        if stop_waking is not None:
            stop_waking()
        if runner is not None:
            runner.stop(wait=True)  # running jobs finish and return their connections
        lead = getattr(app_.state, "lead", None)
        if lead is not None:
            lead.release()  # a worker started after this one may lead
        if engine is None:
            db.dispose()

    app = FastAPI(
        title="Charte",
        version=getattr(charte, "__version__", "0.1.0"),
        lifespan=lifespan,
        description="Your social media policy, as software: checks, people, accounts and policies.",
        docs_url=None,  # served below from Charte's own files (charte.web.docs): /docs works offline
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.sessionmaker = make_sessionmaker(db)
    app.state.engines = EngineCache(settings.engine_cache_size)
    app.state.spikes = SpikeFeed()  # the webhook's spike detectors (the ingestion worker has its own)
    app.state.identities = IdentityCache()
    security.verify_password(None, "")  # computes the dummy hash now, so the first failed login is not slower
    problems.install(app)
    problems.document(
        app,
        [("", r) for r in health.router.routes if isinstance(r, APIRoute)]
        + [("/v1", r) for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)],
        get_credentials,
    )
    app.include_router(health.router)
    app.add_api_route("/docs", web_docs.swagger_ui, methods=["GET"], include_in_schema=False)
    app.add_api_route(
        "/docs/oauth2-redirect", web_docs.swagger_oauth2_redirect, methods=["GET"], include_in_schema=False
    )
    app.add_api_route("/redoc", web_docs.redoc, methods=["GET"], include_in_schema=False)
    for router in ROUTERS:
        app.include_router(router, prefix="/v1")  # one level of inclusion: fewer matching steps per request
    web.install(
        app, exclude=API_PREFIXES
    )  # the pages: every path no route matches, outside the API's prefixes
    app.add_middleware(ApiLanguage)  # problems and the service's messages in the caller's language
    app.add_middleware(ConcurrencyLimit, limit=2 * settings.db_pool_size)  # the pool's size + overflow
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(TrustedProxies, networks=settings.trusted_proxies)
    app.add_middleware(RequestContext, body_limit=settings.max_body_bytes)
    return app
