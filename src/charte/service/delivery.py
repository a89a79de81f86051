"""The seam to e-mail: what this package hands a message to, when e-mail is set up.

The SMTP side is :class:`charte.service.notifications.SmtpMailer`, plugged in at start-up when
``CHARTE_MAIL_URL`` is set (:func:`charte.service.runtime.configure_process`); until then :func:`mailer` is None
and callers say plainly that nothing was sent (the reset page tells the person to ask an administrator; a
policy notice is only shown in Charte)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Message:
    """One e-mail to one person: ``kind`` names the template (``password_reset``, ``policy_request``…)."""

    to: str
    kind: str
    subject: str
    body: str
    lang: str


class Mailer(Protocol):
    def send(self, message: Message) -> bool:
        """Hand the message over; False when it could not be (it is then not retried here)."""


_mailer: Mailer | None = None


def set_mailer(value: Mailer | None) -> None:
    """Plug in (or, with None, take out) what sends e-mail for this process."""
    global _mailer
    _mailer = value


def mailer() -> Mailer | None:
    return _mailer


def send(message: Message) -> bool:
    """Send when e-mail is set up; False (nothing sent) otherwise."""
    return _mailer is not None and _mailer.send(message)
