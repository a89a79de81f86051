"""Permissions in words, and the navigation each one opens.

A refused page names what is missing the way a person would say it ("act on the approval queue"), never
``Permission.APPROVALS`` nor ``approvals:act``. Pages add themselves to the navigation (and to the home
page's list of what one can do) with :func:`register_nav` when their module is imported: an entry shows
only to people holding one of its permissions.
"""

from __future__ import annotations

from dataclasses import dataclass

from charte.i18n import N_, gettext
from charte.service.permissions import Permission

P = Permission

#: What each permission lets a person do, as the end of "You need permission to …".
PERMISSION_LABELS: dict[str, str] = {
    P.ORG_READ: N_("see the organisation"),
    P.ORG_WRITE: N_("change the organisation's settings"),
    P.USERS_READ: N_("see the people of the organisation"),
    P.USERS_WRITE: N_("add people and change their roles"),
    P.TEAMS_READ: N_("see the teams"),
    P.TEAMS_WRITE: N_("create and change teams"),
    P.ACCOUNTS_READ: N_("see the brand accounts"),
    P.ACCOUNTS_WRITE: N_("add and change brand accounts"),
    P.POLICIES_READ: N_("read the policy"),
    P.POLICIES_WRITE: N_("upload and activate policy versions"),
    P.CHECK: N_("check posts against the policy"),
    P.TOKENS_WRITE: N_("create and revoke your own API tokens"),
    P.TOKENS_MANAGE: N_("manage everyone's API tokens"),
    P.DRAFTS_WRITE: N_("write and submit drafts"),
    P.DRAFTS_READ_ALL: N_("read every draft of the organisation"),
    P.DRAFTS_PUBLISH: N_("publish approved posts"),
    P.APPROVALS: N_("act on the approval queue (approve, reject, edit)"),
    P.TARGETS_READ: N_("see where posts are published"),
    P.TARGETS_WRITE: N_("add and remove publishing targets"),
    P.AUDIT_READ: N_("read and export the audit record"),
    P.METRICS_READ: N_("see the dashboard's figures"),
    P.MENTIONS_READ: N_("read the inbox of mentions routed to your teams"),
    P.MENTIONS_READ_ALL: N_("read every mention of the organisation"),
    P.MENTIONS_HANDLE: N_("assign mentions, change their status and write notes"),
    P.SOURCES_MANAGE: N_("add and change the listening sources"),
    P.CRISIS: N_("declare and end a crisis (when the policy's crisis.declare_roles names your role)"),
}


def permission_in_words(permission: str) -> str:
    """The missing permission as a person would say it, in the current language. A value this table does
    not know (a rule's refusal: "approve your own post") is already written for people by the service."""
    label = PERMISSION_LABELS.get(permission)
    return gettext(label) if label else permission


@dataclass(frozen=True)
class NavItem:
    """A page in the navigation: ``label`` and ``description`` are msgids (marked with ``N_``), translated
    when shown. ``needs``: the permissions any one of which shows it (empty: everyone signed in)."""

    path: str
    label: str
    description: str
    needs: tuple[Permission, ...] = ()
    order: int = 100


_NAV: dict[str, NavItem] = {}


def register_nav(item: NavItem) -> NavItem:
    """Add a page to the navigation (at import time of its routes module); a path is registered once."""
    if item.path in _NAV and _NAV[item.path] != item:
        raise ValueError(f"two navigation entries for {item.path}")
    _NAV[item.path] = item
    return item


def nav_items() -> list[NavItem]:
    return sorted(_NAV.values(), key=lambda i: (i.order, i.path))


#: The application roles, as people call them.
ROLE_LABELS: dict[str, str] = {
    "admin": N_("administrator"),
    "policy_owner": N_("policy owner"),
    "approver": N_("approver"),
    "spokesperson": N_("spokesperson"),
    "employee": N_("employee"),
    "auditor": N_("auditor"),
}


def role_in_words(role: str) -> str:
    label = ROLE_LABELS.get(role)
    return gettext(label) if label else role
