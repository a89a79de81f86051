"""The home page after sign-in: what this person can do, by permission."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from charte.i18n import N_
from charte.web.deps import ViewerDep
from charte.web.permissions import NavItem, register_nav, role_in_words
from charte.web.templating import render

router = APIRouter()

register_nav(
    NavItem(
        "/docs",
        N_("API documentation"),
        N_("Connect your own tools to Charte: every endpoint, tried from the browser."),
        order=900,
    )
)


@router.get("/", name="home")
def home(request: Request, viewer: ViewerDep) -> Response:
    context = {"role_label": role_in_words(viewer.principal.role), "security_page": "/account/security"}
    return render(request, "home.html", context, viewer=viewer)
