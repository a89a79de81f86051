"""Logging in, second factors and recovery codes."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from charte.api.schemas.base import In, Out
from charte.api.schemas.users import UserPublic


# Authentication
class LoginIn(In):
    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=1024)
    totp_code: str | None = Field(default=None, max_length=16)
    recovery_code: str | None = Field(default=None, max_length=32)
    organisation: str | None = Field(
        default=None,
        max_length=100,
        description="The organisation's short name "
        "(slug); needed only when one e-mail and password open several",
    )


class ReauthIn(In):
    password: str = Field(min_length=1, max_length=1024)
    totp_code: str | None = Field(default=None, max_length=16)
    recovery_code: str | None = Field(default=None, max_length=32)


class LoginPublic(Out):
    user: UserPublic
    csrf_token: str = Field(description="Send it back as the X-CSRF-Token header on POST/PATCH/DELETE")
    expires_at: dt.datetime


class TotpEnrolment(Out):
    secret: str
    otpauth_uri: str = Field(description="Show it as a QR code in an authenticator app")


class TotpCode(In):
    code: str = Field(min_length=6, max_length=32)


class RecoveryCodes(Out):
    recovery_codes: list[str] = Field(description="Shown once: each works one time instead of a code")
