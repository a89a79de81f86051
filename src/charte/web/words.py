"""The states and grades the work pages show, in words (msgids marked with ``N_``, translated in templates
with ``_(words.status[s])``): never ``in_review`` or ``high`` as the database spells them."""

from __future__ import annotations

from charte.i18n import N_

STATUS: dict[str, str] = {
    "draft": N_("Draft"),
    "in_review": N_("Waiting for approval"),
    "approved": N_("Approved"),
    "rejected": N_("Rejected"),
    "scheduled": N_("Scheduled"),
    "publishing": N_("Being published"),
    "published": N_("Published"),
    "failed": N_("Publication failed"),
    "held": N_("Held"),
    "paused": N_("Paused"),
    "cancelled": N_("Cancelled"),
    "pending": N_("Queued"),
    "sending": N_("Sending"),
    "retrying": N_("Will retry"),
    "sent": N_("Published"),
    "unknown": N_("Unknown"),
}

VERDICT: dict[str, str] = {
    "allow": N_("Allowed"),
    "review": N_("Needs approval"),
    "block": N_("Blocked"),
}

VERDICT_EXPLAINED: dict[str, str] = {
    "allow": N_("Nothing in this post goes against the policy."),
    "review": N_("Someone must approve this post before it goes out."),
    "block": N_("The policy does not allow this post: fix what is highlighted."),
}

SEVERITY: dict[str, str] = {
    "info": N_("information"),
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
    "critical": N_("critical"),
}

EVENT: dict[str, str] = {
    "approve": N_("approved"),
    "reject": N_("rejected"),
    "comment": N_("commented"),
}


def words() -> dict[str, dict[str, str]]:
    """What templates receive as ``words``."""
    return {
        "status": STATUS,
        "verdict": VERDICT,
        "verdict_explained": VERDICT_EXPLAINED,
        "severity": SEVERITY,
        "event": EVENT,
    }
