"""``create_web_app()``: the web interface as an application of its own, served at ``/`` by the API's
``create_app`` through :func:`install`: every path no API route matches is a page, except under the API's own
prefixes (``/v1/…``, ``/docs``, ``/openapi.json``, ``/healthz``). Its own error handlers answer with pages, the
API's with problem+json."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

from fastapi import FastAPI
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from charte.service.dashboard import DayCache
from charte.web import errors
from charte.web.docs import VENDOR_URL, vendor_directory
from charte.web.language import LanguageMiddleware
from charte.web.routes import (
    access_reviews,
    account,
    account_safety,
    accounts,
    acknowledge,
    approvals,
    audit,
    auth,
    calendar,
    compose,
    crisis,
    dashboard,
    home,
    inbox,
    incidents,
    people,
    policy,
    replies,
    reset,
    sources,
    tokens,
)
from charte.web.security import SecurityHeaders

# One router per area. The work pages (compose, drafts, approvals, calendar) and the administration pages
# (policy, accounts, people, teams, tokens, audit, dashboard) add theirs here.
ROUTERS = (
    auth.router,
    home.router,
    account.router,
    compose.router,  # the work pages: compose and my drafts, approvals, calendar
    approvals.router,
    calendar.router,
    policy.router,
    dashboard.router,
    audit.router,
    tokens.router,
    people.router,
    accounts.router,
    inbox.router,  # listening: the inbox, alerts, sources
    sources.router,
    replies.router,
    account_safety.router,
    access_reviews.router,
    incidents.router,
    crisis.router,
    acknowledge.router,  # before policy's routes would not matter: its paths are its own
    reset.router,
)


def create_web_app(host: FastAPI) -> FastAPI:
    """The pages, reading the database, settings and jobs of ``host`` (the API application)."""
    web = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, redirect_slashes=False)
    web.state.host = host
    web.state.metrics_days = DayCache()  # the dashboard's closed days (charte.service.dashboard)
    static = str(resources.files("charte.web") / "static")
    web.router.routes.extend(
        [
            Mount(VENDOR_URL, StaticFiles(directory=str(vendor_directory())), name="vendor"),
            Mount("/static", StaticFiles(directory=static), name="static"),
        ]
    )
    for router in ROUTERS:
        web.include_router(router)
    errors.install(web)
    web.add_middleware(LanguageMiddleware)
    web.add_middleware(SecurityHeaders, https=host.state.settings.cookie_secure)
    return web


class PagesFallback:
    """What the host's router does with a request none of its routes matches: the pages answer it, except
    under the host's own prefixes, where the host's ``not_found`` keeps the API's problem+json 404. (A router's
    default, not a mount at ``/``: a mount would also swallow a wrong method on an API path, the API's 405,
    and any route added to the host later.)"""

    def __init__(self, web: ASGIApp, not_found: ASGIApp, exclude: Sequence[str]) -> None:
        self.web, self.not_found, self.exclude = web, not_found, tuple(p.rstrip("/") for p in exclude)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if any(path == prefix or path.startswith(prefix + "/") for prefix in self.exclude):
            await self.not_found(scope, receive, send)
        else:
            await self.web(scope, receive, send)


def install(host: FastAPI, exclude: Sequence[str]) -> None:
    """Serve the pages from ``host`` for every path its routes do not match, except under ``exclude``."""
    host.router.default = PagesFallback(create_web_app(host), host.router.default, exclude)
