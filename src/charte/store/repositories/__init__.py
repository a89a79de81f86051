"""Repositories: every SQL statement of the service lives here, and every tenant-owned query takes ``org_id``.

One module per aggregate; a use case reaches them all through one :class:`Store` per session
(``store.users.get(...)``, ``store.drafts.get(...)``); the caller owns the transaction.
"""

from __future__ import annotations

from charte.store.paging import Page
from charte.store.repositories.accounts import Accounts
from charte.store.repositories.approvals import ApprovalEvents
from charte.store.repositories.base import Repository
from charte.store.repositories.drafts import Drafts
from charte.store.repositories.facade import Store
from charte.store.repositories.organisations import Organisations
from charte.store.repositories.policies import Policies
from charte.store.repositories.publications import Publications
from charte.store.repositories.sessions import LoginDevices, LoginFailures, Sessions
from charte.store.repositories.targets import PublishTargets
from charte.store.repositories.teams import Teams
from charte.store.repositories.tokens import TokenAuth, Tokens
from charte.store.repositories.users import RecoveryCodes, Users

__all__ = [
    "Accounts",
    "ApprovalEvents",
    "Drafts",
    "LoginDevices",
    "LoginFailures",
    "Organisations",
    "Page",
    "Policies",
    "Publications",
    "PublishTargets",
    "RecoveryCodes",
    "Repository",
    "Sessions",
    "Store",
    "Teams",
    "TokenAuth",
    "Tokens",
    "Users",
]
