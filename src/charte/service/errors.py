"""Errors raised by use cases. The API maps each to an HTTP status and a problem+json body.

    CharteError
    └── ServiceError
        ├── NotFound             no such object in the caller's organisation (also hides other tenants' objects)
        ├── PermissionDenied     the caller's role or token scope does not allow the action
        │   └── ReauthenticationRequired  account security needs a browser session with a recent password
        ├── Conflict             the action clashes with the current state (duplicate handle, no active policy)
        ├── Invalid              a field is wrong (``errors`` names each field)
        ├── AuthenticationFailed credentials not accepted (same message whether the user exists or not)
        │   └── TotpRequired     password right, a second factor is needed
        └── TooManyAttempts      login rate limit reached (``retry_after`` seconds)
"""

from __future__ import annotations

from dataclasses import dataclass

from charte.errors import CharteError


class ServiceError(CharteError):
    """Base of the errors a use case raises on purpose."""


class NotFound(ServiceError):
    def __init__(self, what: str, ident: object) -> None:
        self.what = what
        super().__init__(f"{what} {ident} not found")


class PermissionDenied(ServiceError):
    """``permission`` is a permission's value (``approvals:act``) or, for a rule, what was refused."""

    def __init__(self, permission: str, actor: object | None = None) -> None:
        self.permission = str(permission)  # a StrEnum's value, never its repr
        self.actor = actor  # the Principal refused, when known (for the audit record)
        super().__init__(f"your role or token does not grant '{self.permission}'")


class ReauthenticationRequired(PermissionDenied):
    """Changing how one signs in needs a browser session whose password was typed recently: never an API
    token (a leaked narrow token must not take over the account) nor an old session."""

    def __init__(self, reason: str) -> None:
        super().__init__("fresh-login")
        self.args = (reason,)


class Conflict(ServiceError):
    """The request is well-formed but clashes with the current state."""


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class Invalid(ServiceError):
    def __init__(self, errors: list[FieldError]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in errors))

    @classmethod
    def one(cls, field: str, message: str) -> Invalid:
        return cls([FieldError(field, message)])


class AuthenticationFailed(ServiceError):
    def __init__(self, message: str = "invalid e-mail, password or code") -> None:
        super().__init__(message)


class TotpRequired(AuthenticationFailed):
    def __init__(self) -> None:
        super().__init__("a two-factor code is required: send totp_code (or a recovery_code)")


class TooManyAttempts(ServiceError):
    def __init__(self, retry_after: int, what: str = "failed logins") -> None:
        self.retry_after = retry_after
        super().__init__(f"too many {what}; try again in {retry_after} s")
