"""The exception tree: every exception Charte raises on purpose, in one place. Callers catch at the level they
need (a script catches ``PolicyError``, the API maps ``ServiceError`` and its children to problem+json,
``charte.api.problems`` keyed on this tree), and ``tests/test_errors.py`` fails on a class outside it.

    CharteError
    ├── PolicyError              a policy is invalid (``issues`` names file, line, field, fix)
    │   └── PolicyFileError      the policy file itself cannot be read (missing, a directory, no permission)
    ├── RenderError              the policy document could not be produced (unknown format, PDF library missing)
    ├── DetectorError            a detector failed or is misconfigured
    │   └── JudgeUnavailable     the LLM judge gave no usable answer (``reason``, never post text)
    ├── ModelError               a shipped model file is missing or corrupt (names the file)
    ├── InputError               a post, a batch line or a request body is malformed (names the field)
    │   ├── BodyTooLarge         a request body went past the limit while being read
    │   └── TemplateError        a saved reply's variables: unknown, malformed, or a value missing (``kind``, ``name``)
    ├── SettingsError            a setting is missing or invalid (names the environment variable)
    ├── SecretKeyError           the keys that open stored secrets are missing or wrong
    ├── MissingExtra             a command needs an optional part that is not installed (``charte[server]``)
    ├── ConnectorError           a platform or webhook connector failed (permanent unless a subclass says so)
    │   ├── TransientError       a timeout, a 5xx, a refused connection: worth retrying
    │   ├── RateLimited          the platform asked us to wait (``retry_after`` seconds)
    │   ├── AuthExpired          the connector's credentials are no longer accepted
    │   ├── MediaRefused         a media file the network would refuse (type, size): the draft must change
    │   ├── PlatformRefused      the platform refused the request and named why (``error``, e.g. RecordNotFound)
    │   └── EgressRefused        the destination is not public and the operator has not allowed it
    │       └── Unresolvable     the name does not resolve now (possibly a passing DNS failure)
    ├── JobError                 background work
    │   ├── UnknownJob           no job is registered under that name
    │   ├── RetryLater           a job asks to run again after ``delay`` seconds (not a failure)
    │   └── JobFailed            a job raised something unexpected (logged, type and stack only)
    └── ServiceError             a use case refused; the API answers with the status in brackets
        ├── NotFound             [404] no such object in the caller's organisation (hides other tenants' too)
        ├── PermissionDenied     [403] the caller's role or token scope does not allow the action
        │   ├── ReauthenticationRequired  [403] needs a browser session with a recently typed password
        │   ├── CsrfFailed       [403] a cookie-authenticated change without the X-CSRF-Token header
        │   └── EnrolmentRequired [403] the organisation requires two-factor sign-in: enrol first
        ├── Conflict             [409] the action clashes with the current state (a duplicate, a stale version)
        │   ├── NoActivePolicy   [409] the organisation has no active policy to check against
        │   └── PolicyChanged    [409] the active policy changed the verdict the approver was shown
        ├── Invalid              [422] a field is wrong (``errors`` names each field)
        ├── AuthenticationFailed [401] credentials not accepted (same message whether the user exists or not)
        │   └── TotpRequired     [401] password right, a second factor is needed
        └── TooManyAttempts      [429] a rate limit reached (``retry_after`` seconds)

Nothing here imports beyond the standard library, so every layer may raise and catch these.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from typing import Any


class CharteError(Exception):
    """Base of every error Charte raises on purpose."""


# --------------------------------------------------------------------------------------- policy


@dataclass(frozen=True)
class PolicyIssue:
    """One problem in a policy file: where it is, what is wrong, what to write instead."""

    file: str
    line: int | None
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class PolicyError(CharteError):
    """A policy could not be loaded. ``issues`` lists every problem found, each with its line."""

    def __init__(self, issues: list[PolicyIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


class PolicyFileError(PolicyError):
    """The policy file itself cannot be read (missing, a directory, no permission), as opposed to a file
    whose content is wrong: the command line exits 66 (no input) rather than 65 (bad data)."""


class RenderError(CharteError):
    """The document could not be produced (unknown format, PDF library missing)."""


# --------------------------------------------------------------------------------- checking posts


class DetectorError(CharteError):
    """A detector is misconfigured or failed on a post."""


class JudgeUnavailable(DetectorError):
    """The judge gave no usable answer. ``reason`` never contains post text or secrets."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ModelError(CharteError):
    """A shipped model artefact is missing or unreadable."""


class InputError(CharteError):
    """A post or batch record is malformed; the message names the field."""


class BodyTooLarge(InputError):
    """Raised while reading a request body that goes past the limit (answered 413 by the middleware)."""


class TemplateError(InputError):
    """A saved reply's words or values (``charte.listening.replies``): ``kind`` is ``unknown`` (a variable that
    does not exist), ``syntax`` (a lone brace), ``form`` (not a plain name), ``missing`` (no value) or ``value``
    (a value too long or on several lines); ``name`` the variable or the fragment concerned."""

    def __init__(self, kind: str, name: str) -> None:
        super().__init__(f"{kind}: {name}")
        self.kind = kind
        self.name = name


# ---------------------------------------------------------------------------- running the service


class SettingsError(CharteError):
    """A setting is missing or invalid; the message names the environment variable."""


class SecretKeyError(CharteError):
    """The keys are missing or wrong, or a stored secret cannot be decrypted with them."""


class MissingExtra(CharteError):
    """A feature needs packages of an optional extra that is not installed; the message says which to install."""

    def __init__(self, feature: str, extra: str, missing: str) -> None:
        self.feature, self.extra, self.missing = feature, extra, missing
        super().__init__(
            f"{feature} needs the {extra!r} extra ({missing} is not installed): pip install 'charte[{extra}]'"
        )


# ----------------------------------------------------------------------------------- connectors


class ConnectorError(CharteError):
    """A connector could not talk to its platform."""


class TransientError(ConnectorError):
    """A temporary failure (timeout, server error, network): the same request may succeed later."""


class RateLimited(ConnectorError):
    """The platform asked us to slow down; ``retry_after`` is how long, in seconds, when it said so."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class AuthExpired(ConnectorError):
    """The connector's credentials are no longer accepted."""


class MediaRefused(ConnectorError):
    """A media file the network would refuse (its type, its size): permanent, the draft must change."""


class PlatformRefused(ConnectorError):
    """The platform refused the request and named why (``error``: an XRPC error such as ``RecordNotFound``),
    which a caller may expect and handle."""

    def __init__(self, message: str, error: str | None = None) -> None:
        super().__init__(message)
        self.error = error


class EgressRefused(ConnectorError):
    """The destination is not public (or does not resolve) and the operator has not allowed it."""


class Unresolvable(EgressRefused):
    """The name does not resolve now (possibly a passing DNS failure)."""


# ------------------------------------------------------------------------------------------ jobs


class JobError(CharteError):
    """Base of the background-work errors."""


class UnknownJob(JobError):
    """No job is registered under ``name`` (a typo, or a message from a newer or older version)."""

    def __init__(self, name: str, known: list[str]) -> None:
        self.name = name
        super().__init__(f"unknown job {name!r}; known: {', '.join(sorted(known))}")


class RetryLater(JobError):
    """Raised by a job's ``run`` to ask the lifecycle to run it again after ``delay`` seconds."""

    def __init__(self, delay: float, reason: str = "") -> None:
        self.delay = delay
        self.reason = reason
        super().__init__(f"retry in {delay:.1f} s: {reason}")


class JobFailed(JobError):
    """A job raised something unexpected; its type and stack have been logged (never its message)."""


# ---------------------------------------------------------------------------------- use cases


class ServiceError(CharteError):
    """Base of the errors a use case raises on purpose."""

    #: Set by a use case that recorded the refusal in the audit log itself (a wrong secret), so the API's
    #: refusal handler does not record it twice.
    audited: bool = False


class NotFound(ServiceError):
    """``what``: the kind of object, for code to test (``"draft"``); ``message``: what a person reads, in their
    language (this layer cannot translate: the service passes it, ``charte.service.errors.not_found``)."""

    def __init__(self, what: str, ident: object, message: str | None = None) -> None:
        self.what = what
        super().__init__(message or f"{what} {ident} not found")


class PermissionDenied(ServiceError):
    """``permission`` is a permission's value (``approvals:act``) or, for a rule, what was refused."""

    def __init__(self, permission: str, actor: object | None = None, message: str | None = None) -> None:
        self.permission = str(permission)  # a StrEnum's value, never its repr
        self.actor = actor  # the Principal refused, when known (for the audit record)
        super().__init__(message or f"your role or token does not grant '{self.permission}'")


class ReauthenticationRequired(PermissionDenied):
    """Changing how one signs in needs a browser session whose password was typed recently: never an API
    token (a leaked narrow token must not take over the account) nor an old session."""

    def __init__(self, reason: str) -> None:
        super().__init__("fresh-login")
        self.args = (reason,)


class CsrfFailed(PermissionDenied):
    """A request authenticated by the session cookie that changes something came without its CSRF header."""

    def __init__(self, actor: object | None = None) -> None:
        super().__init__("csrf", actor)
        self.args = (
            "missing or wrong X-CSRF-Token header (cookie-authenticated requests that change "
            "something must send the csrf_token returned at login)",
        )


class EnrolmentRequired(PermissionDenied):
    """The organisation requires two-factor sign-in and this session's person has not enrolled: until they
    do, only enrolment (and signing out) is open to them."""

    def __init__(self, actor: object | None = None) -> None:
        super().__init__("totp-enrolment", actor)
        self.args = (
            "your organisation requires two-factor sign-in: enrol first (POST /v1/auth/reauth, then "
            "/v1/auth/totp/enrol and /v1/auth/totp/confirm, or the Sign-in security page)",
        )


class Conflict(ServiceError):
    """The request is well-formed but clashes with the current state."""


class NoActivePolicy(Conflict):
    """Checking needs a policy and the organisation has none active yet."""

    def __init__(self, why: str = "", message: str | None = None) -> None:
        because = f" ({why})" if why else ""
        super().__init__(
            message
            or f"your organisation has no active policy yet{because}: upload one with POST /v1/policies"
        )


class PolicyChanged(Conflict):
    """An approval refused because the active policy changed the verdict its approver was shown; ``change`` is
    what the problem body shows (both policy versions, both verdicts, the active findings)."""

    def __init__(self, change: dict[str, Any], message: str) -> None:
        self.change = change
        super().__init__(message)


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
    """``field``: the login field at fault when the caller may be told (``code``: the password was right, the
    second factor was not), so a form can show the error beside it; None when it must not say which."""

    def __init__(self, message: str = "invalid e-mail, password or code", field: str | None = None) -> None:
        self.field = field
        super().__init__(message)


class TotpRequired(AuthenticationFailed):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or "a two-factor code is required: send totp_code (or a recovery_code)")


class TooManyAttempts(ServiceError):
    def __init__(self, retry_after: int, what: str = "failed logins", message: str | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message or f"too many {what}; try again in {retry_after} s")


# ------------------------------------------------------------------------------------- logging


def safe_traceback(exc: BaseException) -> str:
    """The exception's type and stack (file, line, function), its causes included, without any message:
    messages may carry post text, personal data or secrets (a URL with a token), so logs never show them."""
    lines: list[str] = []
    current: BaseException | None = exc
    seen: set[int] = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if lines:
            lines.append("caused by:")
        lines.append(f"{type(current).__module__}.{type(current).__qualname__}")
        lines += [
            f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(current.__traceback__)
        ]
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
    return "\n".join(lines)
