"""The policy reminders the periodic job sends: a notice per person not up to date with the active policy,
and the same by e-mail when e-mail is set up (:mod:`charte.service.delivery`)."""

from __future__ import annotations

import datetime as dt

from charte.i18n import gettext
from charte.service import acknowledgements, delivery
from charte.store.models import PolicyVersion, User, utcnow
from charte.store.repositories import Store

REMINDER_DAYS = 3


def _email(user: User, version: PolicyVersion, kind: str) -> bool:
    lang = user.language or "en"  # the language the person chose in Charte (docs/i18n.md)
    subject = (
        gettext("Please read and acknowledge the social media policy", lang=lang)
        if kind == "request"
        else gettext("Reminder: the social media policy is waiting for your acknowledgement", lang=lang)
    )
    body = gettext(
        "Version {version} of the policy is in force. Read it and acknowledge it in Charte, on the page "
        "Policy acknowledgement (/policy/acknowledge).",
        lang=lang,
        version=version.label,
    )
    return delivery.send(delivery.Message(user.email, f"policy_{kind}", subject, body, lang))


def run_all(store: Store, now: dt.datetime | None = None) -> int:
    """Notices for every organisation; returns how many were recorded."""
    now = now or utcnow()
    every = dt.timedelta(days=REMINDER_DAYS)
    return sum(
        acknowledgements.notify_outstanding(store, org_id, every=every, send=_email, now=now)
        for org_id in store.organisations.ids()
    )
