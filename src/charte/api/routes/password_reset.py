"""A forgotten password: ask for a reset link by e-mail, use a link, and (admins) issue one for a person.
See docs/security.md, "Forgotten passwords"."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from charte.api.deps import PrincipalDep, StoreDep, client_address
from charte.api.schemas import Id
from charte.api.schemas.acknowledgements import (
    ResetCompleteIn,
    ResetIssued,
    ResetRequested,
    ResetRequestIn,
)
from charte.service import password_reset

router = APIRouter(tags=["auth"])


@router.post(
    "/auth/password-reset/request",
    status_code=202,
    responses={200: {"model": ResetRequested, "description": "E-mail is not set up: nothing was sent"}},
)
def request_reset(
    body: ResetRequestIn, request: Request, response: Response, store: StoreDep
) -> ResetRequested:
    """Send a reset link to this address if an account has it (the answer is the same either way; limited
    per address and per client). Without e-mail set up on the server nothing can be sent, and the answer says
    so (200, ``email_configured: false``): ask an administrator of your organisation for a link."""
    if not password_reset.email_configured():
        response.status_code = 200
        return ResetRequested(
            email_configured=False,
            detail="e-mail is not set up on this server, so no link can be sent: ask an administrator of "
            "your organisation for a reset link",
        )
    password_reset.request(
        store,
        email=body.email,
        client=client_address(request),
        base_url=str(request.base_url),
        lang=body.lang,
    )
    return ResetRequested(
        email_configured=True, detail="if an account has this address, a reset link is on its way"
    )


@router.post("/auth/password-reset/complete", status_code=204)
def complete_reset(body: ResetCompleteIn, store: StoreDep) -> None:
    """Choose a new password with a link's token: the link is spent, every session ends, every token is
    revoked. An unknown, used or expired token, or a weak password: 422 naming the field."""
    password_reset.complete(store, body.token, body.new_password)


@router.post("/users/{user_id}/password-reset", response_model=ResetIssued, status_code=201)
def issue_reset(user_id: Id, request: Request, store: StoreDep, actor: PrincipalDep) -> ResetIssued:
    """An admin makes a reset link for a person of the organisation, valid 24 hours, shown this once; any
    earlier link of theirs stops working."""
    issued = password_reset.issue(store, actor, user_id)
    return ResetIssued(
        user_id=issued.user.id,
        url=issued.url(str(request.base_url)),
        token=issued.token,
        expires_at=issued.expires_at,
    )
