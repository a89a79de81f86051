"""Policy versions."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from charte.api.schemas.base import In, Out


# Policies
class PolicyPublic(Out):
    id: int
    version: int
    label: str = Field(description="policy.version inside the YAML")
    sha256: str
    comment: str | None = Field(
        description="The upload comment; only for the policy's owners (policies:write)"
    )
    is_active: bool
    created_by: int | None
    created_at: dt.datetime
    activated_at: dt.datetime | None


class PolicyDetail(PolicyPublic):
    yaml: str | None = Field(
        description="The policy file, with its confidential terms and code names: only for "
        "the policy's owners (policies:write); null for everyone else"
    )
    document: str = Field(description="The employee-facing policy, rendered as Markdown")
    lang: str = Field(description="Language of the document")


class PolicyCreate(In):
    yaml: str = Field(min_length=1, description="The policy file's text")
    comment: str = Field(default="", max_length=500)
    activate: bool = False


class PolicyDiff(Out):
    from_id: int | None
    from_version: int | None
    to_id: int
    to_version: int
    diff: str = Field(description="Unified diff of the YAML (owners) or of the rendered document (others)")
    diff_of: Literal["yaml", "document"]
    changes: list[dict[str, Any]] = Field(
        description="Clause by clause, in plain words: section, kind "
        "(added, removed, changed), key, label, before, after, clause; "
        "owners only (the values may be confidential), empty for others"
    )


class PolicyTestResult(Out):
    name: str
    passed: bool
    expect: str
    verdict: str
    rule_ids: list[str]
    problems: list[str] = Field(
        description="What differs from the expected verdict and rules; empty if passed"
    )


class PolicyTestRun(Out):
    id: int
    version: int
    passed: int
    failed: int
    results: list[PolicyTestResult] = Field(
        description="One per test case of the version (owners only: the example posts quote confidential terms)"
    )
