"""Login, logout and TOTP two-factor enrolment."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from charte.api.deps import CSRF_COOKIE, SESSION_COOKIE, PrincipalDep, SettingsDep, StoreDep
from charte.api.schemas import LoginIn, LoginPublic, RecoveryCodes, TotpCode, TotpEnrolment, UserPublic
from charte.service import auth

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/login", response_model=LoginPublic)
def login(body: LoginIn, request: Request, response: Response, store: StoreDep, settings: SettingsDep
          ) -> LoginPublic:
    """Open a browser session (HttpOnly cookie). Programs should use API tokens instead."""
    client = request.client.host if request.client else "unknown"
    result = auth.login(store, settings, email=body.email, password=body.password, totp_code=body.totp_code,
                        recovery_code=body.recovery_code, client=client)
    max_age = settings.session_hours * 3600
    response.set_cookie(SESSION_COOKIE, result.session_token, max_age=max_age, httponly=True,
                        secure=settings.cookie_secure, samesite="strict", path="/")
    response.set_cookie(CSRF_COOKIE, result.csrf_token, max_age=max_age, httponly=False,
                        secure=settings.cookie_secure, samesite="strict", path="/")
    return LoginPublic(user=UserPublic.model_validate(result.user), csrf_token=result.csrf_token,
                       expires_at=result.expires_at)


@router.post("/logout", status_code=204)
def logout(request: Request, response: Response, store: StoreDep, actor: PrincipalDep) -> None:
    """End the browser session (API tokens are revoked with DELETE /v1/tokens/{id})."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if actor.via == "session" and cookie:
        auth.logout(store, cookie)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")


@router.post("/totp/enrol", response_model=TotpEnrolment)
def totp_enrol(store: StoreDep, actor: PrincipalDep) -> TotpEnrolment:
    """Start two-factor enrolment: scan ``otpauth_uri`` as a QR code, then confirm with a code."""
    enrolment = auth.totp_enrol(store, actor)
    return TotpEnrolment(secret=enrolment.secret, otpauth_uri=enrolment.otpauth_uri)


@router.post("/totp/confirm", response_model=RecoveryCodes)
def totp_confirm(body: TotpCode, store: StoreDep, actor: PrincipalDep) -> RecoveryCodes:
    """Turn two-factor on; the recovery codes are shown this once."""
    return RecoveryCodes(recovery_codes=auth.totp_confirm(store, actor, body.code))


@router.post("/totp/disable", status_code=204)
def totp_disable(body: TotpCode, store: StoreDep, actor: PrincipalDep) -> None:
    """Turn two-factor off (needs a current code or a recovery code)."""
    auth.totp_disable(store, actor, body.code)
