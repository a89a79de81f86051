"""The one façade over the repositories: a use case receives a :class:`Store` and finds every aggregate on it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from charte.store.repositories.account_safety import AccountSafety
from charte.store.repositories.accounts import Accounts
from charte.store.repositories.acknowledgements import (
    Acknowledgements,
    PasswordResets,
    PolicyNotices,
    QuizAttempts,
)
from charte.store.repositories.approvals import ApprovalEvents
from charte.store.repositories.crisis import Crises
from charte.store.repositories.drafts import Drafts
from charte.store.repositories.listening import Alerts, Lookalikes, MentionNotes, Mentions, Sources
from charte.store.repositories.metrics import Metrics
from charte.store.repositories.notifications import NotificationChannels, Outbox
from charte.store.repositories.organisations import Organisations
from charte.store.repositories.policies import Policies
from charte.store.repositories.publications import Publications
from charte.store.repositories.replies import SavedReplies
from charte.store.repositories.sessions import LoginDevices, LoginFailures, Sessions
from charte.store.repositories.targets import PublishTargets
from charte.store.repositories.teams import Teams
from charte.store.repositories.tokens import Tokens
from charte.store.repositories.users import RecoveryCodes, Users


class Store:
    """All repositories over one session (``store.users.get(...)``, ``store.drafts.get(...)``).

    The API opens one per request (``charte.api.deps``), the CLI one per command; the caller commits.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.organisations = Organisations(session)
        self.users = Users(session)
        self.recovery_codes = RecoveryCodes(session)
        self.teams = Teams(session)
        self.accounts = Accounts(session)
        self.policies = Policies(session)
        self.tokens = Tokens(session)
        self.sessions = Sessions(session)
        self.login_failures = LoginFailures(session)
        self.login_devices = LoginDevices(session)
        self.drafts = Drafts(session)
        self.approvals = ApprovalEvents(session)
        self.targets = PublishTargets(session)
        self.publications = Publications(session)
        self.metrics = Metrics(session)
        self.notification_channels = NotificationChannels(session)
        self.outbox = Outbox(session)
        self.sources = Sources(session)
        self.mentions = Mentions(session)
        self.mention_notes = MentionNotes(session)
        self.alerts = Alerts(session)
        self.lookalikes = Lookalikes(session)
        self.safety = AccountSafety(session)
        self.acknowledgements = Acknowledgements(session)
        self.policy_notices = PolicyNotices(session)
        self.quiz_attempts = QuizAttempts(session)
        self.password_resets = PasswordResets(session)
        self.saved_replies = SavedReplies(session)
        self.crises = Crises(session)
