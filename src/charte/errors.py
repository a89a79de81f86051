"""The exception tree. Callers catch at the level they need.

    CharteError
    ├── PolicyError            a policy file is unreadable or invalid (names file, line, field)
    ├── DetectorError          a detector failed or is misconfigured
    ├── ModelError             a shipped model file is missing or corrupt (names the file)
    ├── InputError             a post or batch line is malformed (names the field)
    └── ConnectorError         a platform or webhook connector failed
        ├── RateLimited
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


class RateLimited(ConnectorError):
    """The platform asked us to slow down."""


class AuthExpired(ConnectorError):
    """The connector's credentials are no longer accepted."""
