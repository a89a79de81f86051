"""Which changes between two policy versions ask people to acknowledge the policy again.

A change is *material* when it changes what people must or must not do, or what they sign: the clauses and
the rules that enforce them, who may speak (spokespeople), the rules for personal accounts, the legal and
security sections, the approval levels, and the acknowledgement text itself. Everything else is not: the
version label, dates and owner (``policy``), the organisation's names and domains, the conflict plan's
teams and routing (operations, not conduct), the preamble, the contacts, the quiz and the test cases. A typo
fixed in the preamble therefore keeps everyone's acknowledgement; a word changed in a clause does not.

The comparison is :func:`charte.policy.diff.diff_policies` (clause by clause); the approval levels, which it
does not describe, are compared as data.
"""

from __future__ import annotations

from charte.policy.diff import Change, diff_policies
from charte.policy.model import Policy

MATERIAL_SECTIONS: frozenset[str] = frozenset(
    {"clauses", "rules", "spokespeople", "personal_accounts", "legal", "security"}
)
MATERIAL_KEYS: frozenset[str] = frozenset({"document.acknowledgement"})


def is_material_change(change: Change) -> bool:
    return change.section in MATERIAL_SECTIONS or change.key in MATERIAL_KEYS


def material_changes(old: Policy, new: Policy) -> list[str]:
    """What makes ``new`` need a new acknowledgement from people who accepted ``old`` (empty: nothing).
    Each item is the changed entry's key (a clause id, a rule id, a field path)."""
    keys = [c.key for c in diff_policies(old, new).changes if is_material_change(c)]
    if old.approvals != new.approvals:
        keys.append("approvals")
    return keys
