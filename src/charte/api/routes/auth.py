"""Login, logout, re-authentication and TOTP two-factor enrolment.

Account-security routes (TOTP, and POST /v1/me/password) take a browser session whose password was typed in
the last ``fresh_login_minutes``: never an API token (docs/security.md)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from charte.api.deps import (
    CSRF_COOKIE,
    DEVICE_COOKIE,
    SESSION_COOKIE,
    PrincipalDep,
    SettingsDep,
    StoreDep,
    client_address,
)
from charte.api.schemas import (
    LoginIn,
    LoginPublic,
    ReauthIn,
    RecoveryCodes,
    TotpCode,
    TotpEnrolment,
    UserPublic,
)
from charte.service import auth
from charte.settings import Settings

router = APIRouter(prefix="/auth", tags=["auth"])
DEVICE_PATH = "/v1/auth"  # the known-device cookie goes to the login routes only


def _set_session(response: Response, settings: Settings, result: auth.LoginResult) -> LoginPublic:
    max_age = settings.session_hours * 3600
    response.set_cookie(
        SESSION_COOKIE,
        result.session_token,
        max_age=max_age,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="strict",
        path="/",
    )
    response.set_cookie(
        CSRF_COOKIE,
        result.csrf_token,
        max_age=max_age,
        httponly=False,
        secure=settings.cookie_secure,
        samesite="strict",
        path="/",
    )
    if result.device_token is not None:
        response.set_cookie(
            DEVICE_COOKIE,
            result.device_token,
            max_age=settings.device_cookie_days * 86400,
            httponly=True,
            secure=settings.cookie_secure,
            samesite="strict",
            path=DEVICE_PATH,
        )
    return LoginPublic(
        user=UserPublic.model_validate(result.user),
        csrf_token=result.csrf_token,
        expires_at=result.expires_at,
    )


@router.post("/login", response_model=LoginPublic)
def login(
    body: LoginIn, request: Request, response: Response, store: StoreDep, settings: SettingsDep
) -> LoginPublic:
    """Open a browser session (HttpOnly cookie). Programs should use API tokens instead."""
    result = auth.login(
        store,
        settings,
        email=body.email,
        password=body.password,
        totp_code=body.totp_code,
        recovery_code=body.recovery_code,
        organisation=body.organisation,
        client=client_address(request),
        device_token=request.cookies.get(DEVICE_COOKIE),
    )
    return _set_session(response, settings, result)


@router.post("/reauth", response_model=LoginPublic)
def reauth(
    body: ReauthIn, response: Response, store: StoreDep, settings: SettingsDep, actor: PrincipalDep
) -> LoginPublic:
    """Type the password again (and the two-factor code when on) before changing how you sign in: the session
    is replaced by a fresh one (new cookies and CSRF token). Browser sessions only."""
    return _set_session(
        response,
        settings,
        auth.reauth(
            store,
            settings,
            actor,
            password=body.password,
            totp_code=body.totp_code,
            recovery_code=body.recovery_code,
        ),
    )


@router.post("/logout", status_code=204)
def logout(
    request: Request, response: Response, store: StoreDep, settings: SettingsDep, actor: PrincipalDep
) -> None:
    """End the browser session (API tokens are revoked with DELETE /v1/tokens/{id})."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if actor.via == "session" and cookie:
        auth.logout(store, cookie)
    # The same attributes as when they were set, or a browser may keep the original cookie.
    response.delete_cookie(
        SESSION_COOKIE, path="/", secure=settings.cookie_secure, httponly=True, samesite="strict"
    )
    response.delete_cookie(
        CSRF_COOKIE, path="/", secure=settings.cookie_secure, httponly=False, samesite="strict"
    )


@router.post("/totp/enrol", response_model=TotpEnrolment)
def totp_enrol(store: StoreDep, settings: SettingsDep, actor: PrincipalDep) -> TotpEnrolment:
    """Start two-factor enrolment: scan ``otpauth_uri`` as a QR code, then confirm with a code."""
    enrolment = auth.totp_enrol(store, settings, actor)
    return TotpEnrolment(secret=enrolment.secret, otpauth_uri=enrolment.otpauth_uri)


@router.post("/totp/confirm", response_model=RecoveryCodes)
def totp_confirm(
    body: TotpCode, store: StoreDep, settings: SettingsDep, actor: PrincipalDep
) -> RecoveryCodes:
    """Turn two-factor on; the recovery codes are shown this once."""
    return RecoveryCodes(recovery_codes=auth.totp_confirm(store, settings, actor, body.code))


@router.post("/totp/disable", status_code=204)
def totp_disable(body: TotpCode, store: StoreDep, settings: SettingsDep, actor: PrincipalDep) -> None:
    """Turn two-factor off (needs a current code or a recovery code)."""
    auth.totp_disable(store, settings, actor, body.code)
