"""The tables, one module per aggregate. Rows never leave the service layer as they are: the API has its own
schemas. Import them from this package (``from charte.store.models import Draft``): importing it registers
every table on the one metadata Alembic compares against.

Integer ids everywhere; every tenant-owned row carries ``org_id`` so a repository can always filter by it.
"""

from __future__ import annotations

from charte.store.models.account_safety import (
    AccessReview,
    AccessReviewItem,
    Incident,
    IncidentStep,
    RotationTask,
)
from charte.store.models.accounts import AccountOwner, AccountPoster, BrandAccount
from charte.store.models.acknowledgements import PolicyAcknowledgement, PolicyNotice, QuizAttempt
from charte.store.models.approvals import ApprovalEvent
from charte.store.models.audit import AuditEntryRow, AuditHeadRow
from charte.store.models.base import Base, UTCDateTime, utcnow
from charte.store.models.crisis import Crisis
from charte.store.models.drafts import Draft
from charte.store.models.listening import Alert, LookalikeAccount, Mention, MentionNote, Source
from charte.store.models.notifications import (
    ListeningSignals,
    NotificationChannel,
    NotificationOutbox,
)
from charte.store.models.organisations import Organisation
from charte.store.models.policies import PolicyVersion
from charte.store.models.publications import PublicationRow
from charte.store.models.replies import SavedReply, SavedReplyUse, SavedReplyVersion
from charte.store.models.sessions import BrowserSession, LoginDevice, LoginFailure
from charte.store.models.targets import PublishTarget
from charte.store.models.teams import Team, TeamMember
from charte.store.models.tokens import ApiToken
from charte.store.models.users import PasswordReset, RecoveryCode, User

__all__ = [
    "AccessReview",
    "AccessReviewItem",
    "AccountOwner",
    "AccountPoster",
    "Alert",
    "ApiToken",
    "ApprovalEvent",
    "AuditEntryRow",
    "AuditHeadRow",
    "Base",
    "BrandAccount",
    "BrowserSession",
    "Crisis",
    "Draft",
    "Incident",
    "IncidentStep",
    "ListeningSignals",
    "LoginDevice",
    "LoginFailure",
    "LookalikeAccount",
    "Mention",
    "MentionNote",
    "NotificationChannel",
    "NotificationOutbox",
    "Organisation",
    "PasswordReset",
    "PolicyAcknowledgement",
    "PolicyNotice",
    "PolicyVersion",
    "PublicationRow",
    "PublishTarget",
    "QuizAttempt",
    "RecoveryCode",
    "RotationTask",
    "SavedReply",
    "SavedReplyUse",
    "SavedReplyVersion",
    "Source",
    "Team",
    "TeamMember",
    "UTCDateTime",
    "User",
    "utcnow",
]
