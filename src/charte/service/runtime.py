"""Process-wide configuration, applied once by whatever starts a process (the API, a worker, a command)."""

from __future__ import annotations

from charte.connectors.base import configure as configure_connectors
from charte.errors import SecretKeyError, SettingsError
from charte.service import delivery
from charte.settings import Settings
from charte.store.sealing import configure as configure_keys


def configure_process(settings: Settings) -> None:
    """Apply the settings that live in the process rather than in a request: the keys that open stored
    secrets (:mod:`charte.store.sealing`), what connectors may do (:mod:`charte.connectors.base`) and, when
    ``CHARTE_MAIL_URL`` is set, what sends e-mail (:mod:`charte.service.delivery`)."""
    try:
        configure_keys(settings)
    except SecretKeyError as exc:
        raise SettingsError(str(exc)) from None
    configure_connectors(settings)
    if settings.mail_url is not None:
        from charte.service.notifications import SmtpMailer  # apprise is loaded only where e-mail is set up

        delivery.set_mailer(SmtpMailer(settings.mail_url.get_secret_value()))
