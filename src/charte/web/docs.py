"""The API documentation pages (``/docs``: Swagger UI, ``/redoc``: ReDoc), working offline.

Their scripts and styles are the files the ``fastapi-offline`` package ships (PyPI, MIT; Swagger UI and ReDoc
are Apache-2.0 and MIT), served by Charte under ``/static/vendor/``: nothing comes from a CDN. FastAPI's own
pages start Swagger UI with an inline script, which the content security policy forbids; these pages start it
from ``/static/swagger-init.js`` instead. The API's ``create_app`` routes ``/docs`` and ``/redoc`` here.
"""

from __future__ import annotations

from html import escape
from importlib import resources
from pathlib import Path

from fastapi import Request
from fastapi.openapi.docs import get_swagger_ui_oauth2_redirect_html
from starlette.responses import HTMLResponse

from charte.web.security import headers_for

VENDOR_URL = "/static/vendor"


def vendor_directory() -> Path:
    """The Swagger UI and ReDoc files of the ``fastapi-offline`` package."""
    return Path(str(resources.files("fastapi_offline") / "static"))


def _page(title: str, head: str, body: str, path: str) -> HTMLResponse:
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="icon" href="{VENDOR_URL}/favicon.png">{head}</head><body>{body}</body></html>'
    )
    return HTMLResponse(html, headers=headers_for(path, "text/html"))


async def swagger_ui(request: Request) -> HTMLResponse:
    openapi = escape(request.app.openapi_url or "/openapi.json")
    return _page(
        "Charte API — Swagger UI",
        f'<link rel="stylesheet" href="{VENDOR_URL}/swagger-ui.css">',
        f'<div id="swagger-ui" data-openapi-url="{openapi}" data-oauth2-redirect-url="/docs/oauth2-redirect">'
        "</div>"
        f'<script src="{VENDOR_URL}/swagger-ui-bundle.js"></script>'
        '<script src="/static/swagger-init.js"></script>',
        "/docs",
    )


async def redoc(request: Request) -> HTMLResponse:
    openapi = escape(request.app.openapi_url or "/openapi.json")
    return _page(
        "Charte API — ReDoc",
        "",
        f'<redoc spec-url="{openapi}"></redoc><script src="{VENDOR_URL}/redoc.standalone.js"></script>',
        "/redoc",
    )


async def swagger_oauth2_redirect(request: Request) -> HTMLResponse:
    """FastAPI's page (an inline script, no outside request): Swagger UI opens it only for OAuth2 flows,
    which Charte does not use; kept so the route the documentation declares answers."""
    return get_swagger_ui_oauth2_redirect_html()
