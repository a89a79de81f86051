"""The use cases' errors, re-exported from :mod:`charte.errors` (the one tree, drawn there) so that service
modules keep importing them from their own layer."""

from charte.errors import (
    AuthenticationFailed,
    Conflict,
    CsrfFailed,
    EnrolmentRequired,
    FieldError,
    Invalid,
    NoActivePolicy,
    NotFound,
    PermissionDenied,
    PolicyChanged,
    ReauthenticationRequired,
    ServiceError,
    TooManyAttempts,
    TotpRequired,
)

__all__ = [
    "AuthenticationFailed",
    "Conflict",
    "CsrfFailed",
    "EnrolmentRequired",
    "FieldError",
    "Invalid",
    "NoActivePolicy",
    "NotFound",
    "PermissionDenied",
    "PolicyChanged",
    "ReauthenticationRequired",
    "ServiceError",
    "TooManyAttempts",
    "TotpRequired",
]
