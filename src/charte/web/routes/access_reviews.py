"""Access reviews: the owners of each account confirm or remove every person with access
(:mod:`charte.service.access_reviews`); escalated reviews are marked for admins."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Path, Request
from starlette.responses import RedirectResponse, Response

from charte.i18n import N_
from charte.service import access_reviews
from charte.service.account_register import owner_ids
from charte.service.permissions import Permission
from charte.web.deps import Requires, StoreDep
from charte.web.flash import flash
from charte.web.permissions import NavItem, register_nav
from charte.web.session import Viewer
from charte.web.templating import render

router = APIRouter()
register_nav(
    NavItem(
        "/access-reviews",
        N_("Access reviews"),
        N_("Who has access to each brand account: its owners confirm or remove every person."),
        needs=(Permission.ACCOUNTS_READ,),
        order=67,
    )
)
Reader = Annotated[Viewer, Requires(Permission.ACCOUNTS_READ)]
Id = Annotated[int, Path(ge=1, le=2_147_483_647)]


@router.get("/access-reviews", name="access_reviews")
def reviews_page(request: Request, store: StoreDep, viewer: Reader) -> Response:
    org = viewer.principal.org_id
    rows = access_reviews.list_reviews(
        store, viewer.principal, open_only=False, account_id=None, limit=100, offset=0
    )
    accounts = {a.id: a for a in store.safety.organisation_accounts(org)}
    people = store.users.list(org, role=None, active=None, q=None, limit=500, offset=0).items
    values = {
        "reviews": rows.items,
        "accounts": accounts,
        "names": {u.id: u.display_name for u in people},
        "owned": {a.id for a in accounts.values() if viewer.principal.user_id in owner_ids(a)},
    }
    return render(request, "reviews/index.html", values, viewer=viewer)


@router.post("/access-reviews")
def open_review(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    account_id: Annotated[int, Form(ge=1, le=2_147_483_647)],
) -> Response:
    access_reviews.open_review(store, viewer.principal, account_id)
    response = RedirectResponse("/access-reviews", status_code=303)
    flash(request, response, N_("Access review opened."))
    return response


@router.post("/access-reviews/{review_id}/items/{item_id}")
def answer(
    request: Request,
    store: StoreDep,
    viewer: Reader,
    review_id: Id,
    item_id: Id,
    decision: Annotated[Literal["confirm", "remove"], Form()],
) -> Response:
    access_reviews.answer(store, viewer.principal, review_id, item_id, decision)
    response = RedirectResponse(f"/access-reviews#review-{review_id}", status_code=303)
    flash(request, response, N_("Answer recorded."))
    return response
