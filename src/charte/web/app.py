"""``create_web_app()``: the web interface as an application of its own, mounted at ``/`` by the API's
``create_app`` after the API's routes (so ``/v1/…``, ``/docs`` and ``/healthz`` are the API's, everything
else is a page). Its own error handlers answer with pages, the API's with problem+json."""

from __future__ import annotations

from importlib import resources

from fastapi import FastAPI
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from charte.web import errors
from charte.web.docs import VENDOR_URL, vendor_directory
from charte.web.language import LanguageMiddleware
from charte.web.routes import approvals, auth, calendar, compose, home
from charte.web.security import SecurityHeaders

# One router per area. The work pages (compose, drafts, approvals, calendar) and the administration pages
# (policy, accounts, people, teams, tokens, audit, dashboard) add theirs here.
ROUTERS = (
    auth.router,
    home.router,
    compose.router,  # the work pages: compose and my drafts, approvals, calendar
    approvals.router,
    calendar.router,
)


def create_web_app(host: FastAPI) -> FastAPI:
    """The pages, reading the database, settings and jobs of ``host`` (the API application)."""
    web = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, redirect_slashes=False)
    web.state.host = host
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
    web.add_middleware(SecurityHeaders)
    return web
