"""Hash-chain rules for the audit record, free of any database so they can be reasoned about alone.

Each entry's ``hash`` is SHA-256 over a canonical JSON encoding (sorted keys, no spaces, UTF-8)
of its fields *and* the previous entry's hash. Changing, removing, inserting or reordering an
entry therefore breaks the link of the next one. A retention checkpoint (see docs/audit.md)
lets a prefix of the chain be removed while the rest still verifies: it names the last removed
sequence number and hash, and carries an HMAC signature made with the server's audit key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from charte.errors import InputError

GENESIS_HASH = "0" * 64
CHECKPOINT_ACTION = "audit.checkpoint"


class AuditAction(StrEnum):
    """Every kind of event the record holds. Stored as the string value."""

    CHECK = "draft.check"
    DRAFT_CREATE = "draft.create"
    DRAFT_EDIT = "draft.edit"
    DRAFT_DELETE = "draft.delete"
    SUBMIT = "draft.submit"
    OVERRIDE = "draft.override"
    COMMENT = "approval.comment"
    APPROVE = "approval.approve"
    REJECT = "approval.reject"
    PUBLISH_SCHEDULED = "publication.scheduled"
    PUBLISH_SENT = "publication.sent"
    PUBLISH_FAILED = "publication.failed"
    POLICY_CHANGE = "policy.change"
    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOGIN_THROTTLED = "auth.login_throttled"
    REAUTH = "auth.reauth"
    CREDENTIAL_CHANGE = "auth.credential_change"
    ACCESS_DENIED = "access.denied"  # a refused attempt: forbidden route, maker-checker, state, token mint…
    PERMISSION_CHANGE = "permission.change"
    TOKEN_USE = "token.use"
    TOKEN_CREATE = "token.create"
    TOKEN_REVOKE = "token.revoke"
    PUBLISH_HELD = "publication.held"  # held while its brand account may not be published to, or released
    ACCOUNT_SAFETY = (
        "account.safety"  # 2FA attested, credentials rotated, recovery contacts, rotation reminders
    )
    ACCESS_REVIEW = "account.access_review"  # opened, answered item by item, escalated, closed
    INCIDENT = "account.incident"  # opened, a playbook step ticked, closed (or closed by an admin's override)
    ALERT_RAISED = (
        "listening.alert"  # a spike, a look-alike account or an SLA breach raised by the listening worker
    )
    LOOKALIKE_REVIEW = (
        "listening.lookalike_review"  # a look-alike account marked impersonator, legitimate or unsure
    )
    SAVED_REPLY = "reply.saved"  # a saved reply version written, approved, rejected; a reply archived
    SAVED_REPLY_USE = "reply.used"  # a saved reply used for an answer (the version, the mention, the draft)
    MENTION_REPLY = "mention.reply"  # a reply drafted from the inbox (late or not); the mention answered
    CRISIS = "crisis"  # the timeline: declared, posts paused, statements sent, decisions, ended
    PUBLISH_RECHECK = "publication.recheck"  # checked again at send time: worse than approved, held
    NOTIFICATION_FAILED = "notification.failed"  # a notice to a channel given up after its last attempt
    CHECKPOINT = CHECKPOINT_ACTION


# Details hold ids, verdicts and counts: never post text nor personal data (names, e-mails…).
_FORBIDDEN_KEYS = frozenset(
    {
        "text",
        "post_text",
        "body",
        "content",
        "message_text",
        "password",
        "email",
        "e_mail",
        "phone",
        "name",
        "full_name",
        "display_name",
        "token",
        "secret",
        "totp",
        "recovery_code",
        "address",
    }
)
_KEY_RE = re.compile(r"[a-z][a-z0-9_]{0,63}")
_MAX_STRING = 300
_MAX_ITEMS = 200


def _check_value(path: str, value: Any, depth: int) -> None:
    if value is None or isinstance(value, bool | int | float):
        return
    if isinstance(value, str):
        if len(value) > _MAX_STRING:
            raise InputError(
                f"audit details: {path} is longer than {_MAX_STRING} characters; store an id, never a text"
            )
        return
    if depth >= 2:
        raise InputError(f"audit details: {path} is nested too deeply (ids and counts only)")
    if isinstance(value, list | tuple):
        if len(value) > _MAX_ITEMS:
            raise InputError(f"audit details: {path} has more than {_MAX_ITEMS} items")
        for i, item in enumerate(value):
            _check_value(f"{path}[{i}]", item, depth + 1)
        return
    if isinstance(value, Mapping):
        check_details(value, path, depth + 1)
        return
    raise InputError(
        f"audit details: {path} has type {type(value).__name__}; use str, number, bool, list or dict"
    )


def check_details(details: Mapping[str, Any], path: str = "details", depth: int = 0) -> None:
    """Refuse details that could carry post text or personal data, or that do not encode stably."""
    for key, value in details.items():
        if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
            raise InputError(f"audit details: key {key!r} in {path} must be snake_case ASCII")
        if key in _FORBIDDEN_KEYS:
            raise InputError(
                f"audit details: key {key!r} in {path} is not allowed (no post text or "
                "personal data in the record; store ids)"
            )
        _check_value(f"{path}.{key}", value, depth)


def format_time(at: datetime) -> str:
    """One textual form for timestamps (UTC, microseconds) so hashing does not depend on the driver."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(frozen=True)
class EntryData:
    """One entry as hashed and exported. ``hash`` covers every other field (``prev_hash`` included)."""

    org_id: str
    seq: int
    at: str
    actor: str
    action: str
    object_type: str
    object_id: str
    details: dict[str, Any] = field(default_factory=dict)
    prev_hash: str = GENESIS_HASH
    hash: str = ""

    def hashed_fields(self) -> dict[str, Any]:
        return {
            "org_id": self.org_id,
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "details": self.details,
            "prev_hash": self.prev_hash,
        }

    def to_dict(self) -> dict[str, Any]:
        return {**self.hashed_fields(), "hash": self.hash}


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def entry_hash(entry: EntryData) -> str:
    return hashlib.sha256(canonical_json(entry.hashed_fields())).hexdigest()


def checkpoint_signature(
    key: bytes, org_id: str, removed_through_seq: int, anchor_hash: str, cutoff: str
) -> str:
    """HMAC-SHA256 over what a checkpoint vouches for; made with the server's audit key."""
    message = canonical_json(
        {
            "org_id": org_id,
            "removed_through_seq": removed_through_seq,
            "anchor_hash": anchor_hash,
            "cutoff": cutoff,
        }
    )
    return hmac.new(key, message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    """The first thing wrong with a chain: which entry (by sequence number) and why."""

    org_id: str
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"organisation {self.org_id}: entry #{self.seq}: {self.reason}"


@dataclass(frozen=True)
class VerifyReport:
    org_id: str
    entries: int
    first_seq: int | None
    last_seq: int | None
    head_hash: str
    problem: ChainProblem | None = None
    signatures_checked: bool = False

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_chain(
    org_id: str,
    entries: Iterable[EntryData],
    head: tuple[int, str] | None = None,
    key: bytes | None = None,
    anchored: bool = True,
) -> VerifyReport:
    """Check one organisation's entries, given in storage order (by id), against the chain rules.

    ``head`` is the (seq, hash) the store recorded for the newest entry: without it, removing the
    newest entries would go unnoticed. ``key`` checks checkpoint signatures when given.
    ``anchored=False`` checks an exported segment: its first entry's link to the one before is trusted.
    The report names the first entry that breaks a rule.
    """
    items = list(entries)

    def bad(seq: int, reason: str) -> VerifyReport:
        return VerifyReport(
            org_id,
            len(items),
            items[0].seq if items else None,
            items[-1].seq if items else None,
            items[-1].hash if items else GENESIS_HASH,
            ChainProblem(org_id, seq, reason),
            key is not None,
        )

    if not items:
        if head is not None and head[0] > 0:
            return VerifyReport(
                org_id,
                0,
                None,
                None,
                GENESIS_HASH,
                ChainProblem(
                    org_id,
                    1,
                    f"the record is empty but its head says #{head[0]} exists: entries were removed",
                ),
                key is not None,
            )
        return VerifyReport(org_id, 0, None, None, GENESIS_HASH, None, key is not None)

    first = items[0]
    # A chain that does not start at #1 must be vouched for by a later checkpoint naming its anchor.
    if anchored and (first.seq != 1 or first.prev_hash != GENESIS_HASH):
        anchors = [
            e
            for e in items
            if e.action == CHECKPOINT_ACTION
            and e.details.get("removed_through_seq") == first.seq - 1
            and e.details.get("anchor_hash") == first.prev_hash
        ]
        if not anchors:
            missing_from = 1
            cps = [e for e in items if e.action == CHECKPOINT_ACTION]
            if cps:
                through = cps[-1].details.get("removed_through_seq")
                if isinstance(through, int):
                    missing_from = through + 1
            if missing_from >= first.seq:
                return bad(first.seq, "modified: its previous-hash does not match the retention checkpoint")
            return bad(
                missing_from,
                f"missing: entries #{missing_from}–#{first.seq - 1} were removed "
                "without a retention checkpoint",
            )

    seqs = {e.seq for e in items}
    prev_hash = first.prev_hash
    prev_seq = first.seq - 1
    for entry in items:
        if entry.org_id != org_id:
            return bad(entry.seq, f"belongs to organisation {entry.org_id}, inserted into this chain")
        if entry.seq != prev_seq + 1:
            if entry.seq > prev_seq + 1 and prev_seq + 1 in seqs:
                return bad(entry.seq, f"reordered: stored before #{prev_seq + 1}")
            if entry.seq > prev_seq + 1:
                return bad(prev_seq + 1, f"missing: the entry after #{prev_seq} is #{entry.seq}")
            return bad(entry.seq, f"reordered or inserted: found after #{prev_seq}")
        if entry.prev_hash != prev_hash:
            return bad(
                entry.seq,
                "previous-hash does not match the entry before it "
                "(an entry was removed, reordered or inserted, or the one before was modified)",
            )
        if entry_hash(entry) != entry.hash:
            return bad(entry.seq, "modified: its content does not match its hash")
        if entry.action == CHECKPOINT_ACTION and key is not None:
            d = entry.details
            expected = checkpoint_signature(
                key,
                org_id,
                int(d.get("removed_through_seq", -1)),
                str(d.get("anchor_hash", "")),
                str(d.get("cutoff", "")),
            )
            if not hmac.compare_digest(expected, str(d.get("signature", ""))):
                return bad(
                    entry.seq, "retention checkpoint signature is not valid for this server's audit key"
                )
        prev_hash = entry.hash
        prev_seq = entry.seq

    if head is not None and (head[0], head[1]) != (prev_seq, prev_hash):
        if head[0] > prev_seq:
            return bad(
                prev_seq + 1,
                f"missing: the record's head says #{head[0]} is the newest entry, "
                f"but the last one found is #{prev_seq}",
            )
        return bad(prev_seq, "the newest entry does not match the record's head (modified or re-written)")
    return VerifyReport(org_id, len(items), first.seq, prev_seq, prev_hash, None, key is not None)
