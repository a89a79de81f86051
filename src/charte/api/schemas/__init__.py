"""Request (``XCreate`` / ``XUpdate``) and response (``XPublic``) bodies, separate from the tables: one module
per resource, like the routes. Import them from this package (``from charte.api.schemas import DraftPublic``).
"""

from __future__ import annotations

from charte.api.schemas.accounts import AccountCreate, AccountPublic, AccountUpdate
from charte.api.schemas.approvals import ApprovalEventPublic, ApproveIn, RejectIn
from charte.api.schemas.audit import AuditEntryPublic, AuditPage, AuditVerifyPublic
from charte.api.schemas.auth import LoginIn, LoginPublic, ReauthIn, RecoveryCodes, TotpCode, TotpEnrolment
from charte.api.schemas.base import DB_INT_MAX, MAX_IDS, DbInt, Id, IdList, In, Out, Page
from charte.api.schemas.drafts import (
    AttachmentIn,
    CommentIn,
    DraftCreate,
    DraftDetail,
    DraftPublic,
    DraftUpdate,
    PolicyChangePublic,
    SubmitIn,
)
from charte.api.schemas.organisations import OrganisationPublic, OrganisationUpdate
from charte.api.schemas.policies import (
    PolicyCreate,
    PolicyDetail,
    PolicyDiff,
    PolicyPublic,
    PolicyTestResult,
    PolicyTestRun,
)
from charte.api.schemas.publications import PublicationPublic, PublishIn
from charte.api.schemas.targets import TargetCreate, TargetPublic
from charte.api.schemas.teams import TeamCreate, TeamPublic, TeamUpdate
from charte.api.schemas.tokens import TokenCreate, TokenCreated, TokenPublic
from charte.api.schemas.users import MePublic, MeUpdate, PasswordChange, UserCreate, UserPublic, UserUpdate

__all__ = [
    "DB_INT_MAX",
    "MAX_IDS",
    "AccountCreate",
    "AccountPublic",
    "AccountUpdate",
    "ApprovalEventPublic",
    "ApproveIn",
    "AttachmentIn",
    "AuditEntryPublic",
    "AuditPage",
    "AuditVerifyPublic",
    "CommentIn",
    "DbInt",
    "DraftCreate",
    "DraftDetail",
    "DraftPublic",
    "DraftUpdate",
    "Id",
    "IdList",
    "In",
    "LoginIn",
    "LoginPublic",
    "MePublic",
    "MeUpdate",
    "OrganisationPublic",
    "OrganisationUpdate",
    "Out",
    "Page",
    "PasswordChange",
    "PolicyChangePublic",
    "PolicyCreate",
    "PolicyDetail",
    "PolicyDiff",
    "PolicyPublic",
    "PolicyTestResult",
    "PolicyTestRun",
    "PublicationPublic",
    "PublishIn",
    "ReauthIn",
    "RecoveryCodes",
    "RejectIn",
    "SubmitIn",
    "TargetCreate",
    "TargetPublic",
    "TeamCreate",
    "TeamPublic",
    "TeamUpdate",
    "TokenCreate",
    "TokenCreated",
    "TokenPublic",
    "TotpCode",
    "TotpEnrolment",
    "UserCreate",
    "UserPublic",
    "UserUpdate",
]
