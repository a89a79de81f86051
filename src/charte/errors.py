"""The exception tree. Callers catch at the level they need.

    CharteError
    ├── PolicyError            a policy file is unreadable or invalid (names file, line, field)
    ├── DetectorError          a detector failed or is misconfigured
    ├── ModelError             a shipped model file is missing or corrupt (names the file)
    ├── InputError             a post or batch line is malformed (names the field)
    └── ConnectorError         a platform or webhook connector failed (permanent unless a subclass says so)
        ├── TransientError     a timeout, a 5xx, a refused connection: worth retrying
        ├── RateLimited        the platform asked us to wait (``retry_after`` seconds)
        └── AuthExpired
"""

from __future__ import annotations

from dataclasses import dataclass


class CharteError(Exception):
    """Base of every error Charte raises on purpose."""


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


class DetectorError(CharteError):
    """A detector is misconfigured or failed on a post."""


class ModelError(CharteError):
    """A shipped model artefact is missing or unreadable."""


class InputError(CharteError):
    """A post or batch record is malformed; the message names the field."""


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
