"""Core value types shared by every layer: posts, spans, findings and decisions.

Frozen dataclasses with no I/O, so the engine, the CLI, the API and the workers agree on one shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

AccountKind = Literal["personal", "brand"]
ACCOUNT_KINDS: tuple[str, ...] = ("personal", "brand")


class Action(StrEnum):
    """What a rule asks for when it fires. Ordered: the strictest wins."""

    ALLOW = "allow"
    REVIEW = "review"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return _ACTION_RANK[self]


_ACTION_RANK = {Action.ALLOW: 0, Action.REVIEW: 1, Action.BLOCK: 2}


class Severity(StrEnum):
    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {s: i for i, s in enumerate(Severity)}


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` in the original text (Python string indices)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Attachment:
    """Metadata of a media attachment; Charte never needs the bytes."""

    kind: str = "image"
    url: str | None = None
    credit: str | None = None
    alt: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Post:
    """A post to check. ``lang`` is ``None`` when the caller does not know it."""

    text: str
    lang: str | None = None
    author: str | None = None
    functions: frozenset[str] | None = None
    """The author's functions as the policy names them (``communications``, ``customer_service``…): who may speak
    for the brand is decided on them. ``None``: not known (a bare library or CLI check); empty: known to have none."""
    account: AccountKind = "personal"
    platform: str | None = None
    attachments: tuple[Attachment, ...] = ()
    in_reply_to_complaint: bool = False


FixKind = Literal["mask", "add_disclaimer", "add_credit", "remove_link", "replace", "remove", "rephrase"]


@dataclass(frozen=True, slots=True)
class Fix:
    """A suggested change. ``span`` is where it applies; ``None`` means append/insert as described."""

    kind: FixKind
    description: str
    replacement: str | None = None
    span: Span | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """Where, what, why, and which rule: everything a person needs to act on one problem."""

    detector: str
    rule_id: str
    category: str
    clause: str
    severity: Severity
    action: Action
    span: Span | None
    message: str
    entity: str | None = None
    score: float = 1.0
    fix: Fix | None = None

    def to_dict(self, text: str | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "detector": self.detector,
            "rule_id": self.rule_id,
            "category": self.category,
            "clause": self.clause,
            "severity": str(self.severity),
            "action": str(self.action),
            "start": self.span.start if self.span else None,
            "end": self.span.end if self.span else None,
            "entity": self.entity,
            "score": round(self.score, 4),
            "message": self.message,
            "fix": _fix_dict(self.fix),
        }
        if text is not None and self.span is not None:
            data["text"] = text[self.span.start : self.span.end]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """The finding :meth:`to_dict` wrote (its ``text`` slice is dropped: the decision holds the text)."""
        start, end = data.get("start"), data.get("end")
        return cls(
            detector=data["detector"],
            rule_id=data["rule_id"],
            category=data["category"],
            clause=data["clause"],
            severity=Severity(data["severity"]),
            action=Action(data["action"]),
            span=Span(start, end) if start is not None and end is not None else None,
            message=data["message"],
            entity=data.get("entity"),
            score=float(data.get("score", 1.0)),
            fix=_fix_from_dict(data.get("fix")),
        )


def _fix_dict(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    # Written out rather than ``dataclasses.asdict`` (a deep copy through reflection, ~10x slower):
    # same keys, same order.
    span = fix.span
    return {
        "kind": fix.kind,
        "description": fix.description,
        "replacement": fix.replacement,
        "span": [span.start, span.end] if span else None,
    }


def _fix_from_dict(data: Mapping[str, Any] | None) -> Fix | None:
    if data is None:
        return None
    span = data.get("span")
    return Fix(
        kind=data["kind"],
        description=data["description"],
        replacement=data.get("replacement"),
        span=Span(span[0], span[1]) if span else None,
    )


@dataclass(frozen=True, slots=True)
class Decision:
    """The verdict on a post, the findings behind it and the clauses that made it."""

    verdict: Action
    findings: tuple[Finding, ...]
    lang: str
    clauses: tuple[str, ...] = ()
    scores: Mapping[str, Any] = field(default_factory=dict)
    text: str = ""
    warnings: tuple[str, ...] = ()
    """Problems that lowered the quality of the check (e.g. the stage-2 model could not be used)."""

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.rule_id for f in self.findings))

    def to_dict(self) -> dict[str, Any]:
        data = {
            "verdict": str(self.verdict),
            "lang": self.lang,
            "clauses": list(self.clauses),
            "findings": [f.to_dict(self.text) for f in self.findings],
            "scores": dict(self.scores),
        }
        if self.warnings:  # only when there are some: the JSON of a normal check is unchanged
            data["warnings"] = list(self.warnings)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], text: str = "") -> Decision:
        """Read back a decision :meth:`to_dict` wrote (a stored check), typed again.

        ``text`` is the post that was checked: the findings' quoted slices come from it, so
        ``Decision.from_dict(d.to_dict(), d.text).to_dict() == d.to_dict()``. A malformed record raises
        ``ValueError`` naming what is missing or wrong, never a bare ``KeyError``.
        """
        try:
            return cls(
                verdict=Action(data["verdict"]),
                lang=str(data["lang"]),
                findings=tuple(Finding.from_dict(f) for f in data.get("findings", ())),
                clauses=tuple(data.get("clauses", ())),
                scores=dict(data.get("scores", {})),
                text=text,
                warnings=tuple(data.get("warnings", ())),
            )
        except KeyError as exc:
            raise ValueError(f"a stored decision lacks the field {exc.args[0]!r}") from None
        except (TypeError, IndexError) as exc:
            raise ValueError(f"a stored decision is malformed ({exc})") from None


def strictest(actions: Iterable[Action]) -> Action:
    """The strictest of ``actions`` (``allow`` when there are none)."""
    return max(actions, key=lambda a: a.rank, default=Action.ALLOW)
