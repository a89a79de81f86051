"""Notifications: alerts and SLA reminders sent out through apprise (e-mail, chat webhooks) to an organisation's
channels.

:func:`notify` only writes the notice, one outbox row per channel, in the caller's transaction: it is sent after
that transaction commits, by the ``notifications`` job (``charte.service.outbox``), with retries: at once, as the
commit wakes the job (``charte.service.outbox_wake``), or at its next periodic pass. A rolled-back alert sends
nothing, and a slow mail server or chat webhook never holds the caller's transaction open.

A channel's URL carries its credentials (an SMTP password, a webhook token), so it is sealed at rest
(charte.store.sealing), never shown back (a person sees its name and kind) and never logged: apprise's own log
lines can hold a URL, so its logger is kept out of the process's handlers and what it says about a failure is
recorded on the channel only after every part of the URL is blanked. A delivery never raises into the caller:
spike alerts and SLA reminders must not fail because a chat server is down. Channels whose scheme names a host
the operator's users choose (JSON/XML/form webhooks, self-hosted chat) pass the egress guard first, like the
webhook connector: no alert posted to the server's own network unless ``CHARTE_EGRESS_ALLOW`` says so.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import apprise

from charte.audit.chain import AuditAction
from charte.connectors.base import current_env
from charte.connectors.egress import default_port
from charte.errors import CharteError, SettingsError
from charte.i18n import _, current_lang
from charte.service import audit, delivery, outbox_wake
from charte.service.errors import Conflict, Invalid, NotFound
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import NotificationChannel, NotificationOutbox
from charte.store.repositories import Store

log = logging.getLogger(__name__)


class _Silenced(logging.Filter):
    """apprise logs the URLs it sends to: none of its records reach a handler, nor do those of the HTTP client
    under it (urllib3 logs the request line) while this thread delivers. apprise's warnings during a delivery are
    kept (then scrubbed of the URL's parts) to say on the channel why it failed."""

    local = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        said: list[str] | None = getattr(self.local, "said", None)
        if record.name != "apprise":
            return said is None
        if said is not None and record.levelno >= logging.WARNING:
            said.append(record.getMessage())
        return False


_SILENCED = _Silenced()
for _name in ("apprise", "urllib3.connectionpool"):  # apprise logs through one logger; requests uses urllib3
    logging.getLogger(_name).addFilter(_SILENCED)
#: The plugin is called directly, in the calling thread: apprise's dispatcher would run it in a thread pool, out of
#: reach of the filter above.
_ASSET = apprise.AppriseAsset(async_mode=False)

NotificationKind = Literal["alert", "reminder", "breach", "test"]
_TYPES = {
    "alert": apprise.NotifyType.WARNING,
    "reminder": apprise.NotifyType.INFO,
    "breach": apprise.NotifyType.FAILURE,
    "test": apprise.NotifyType.INFO,
}
#: Schemes whose host is wherever the person configuring it says: checked by the egress guard.
_HOSTED_SCHEMES = frozenset(
    {
        "json", "jsons", "xml", "xmls", "form", "forms", "mmost", "mmosts", "rocket", "rockets",
        "gotify", "gotifys", "ntfy", "ntfys", "matrix", "matrixs", "apprise", "apprises",
    }
)  # fmt: skip
_MAX_CHANNELS = 20
_MAX_BODY = 4000


@dataclass(frozen=True, slots=True)
class Notification:
    """What goes out: a short title and a body (no mention text beyond what the alert needs)."""

    kind: NotificationKind
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Delivery:
    channel_id: int
    ok: bool
    error: str | None = None


# -- channels ---------------------------------------------------------------------------------------------------
def add_channel(store: Store, actor: Principal, *, name: str, url: str) -> NotificationChannel:
    """Add a channel (an administrator): the URL must be one apprise understands, and may reach only allowed hosts."""
    actor.require(Permission.ORG_WRITE)
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise Invalid.one("name", _("a channel needs a name of 1 to {n} characters", n=100))
    kind = _validate_url(url)
    if store.notification_channels.by_name(actor.org_id, name) is not None:
        raise Conflict(_("a notification channel named “{name}” already exists", name=name))
    if len(store.notification_channels.list(actor.org_id)) >= _MAX_CHANNELS:
        raise Invalid.one("name", _("an organisation has at most {n} notification channels", n=_MAX_CHANNELS))
    row = store.notification_channels.add(
        NotificationChannel(org_id=actor.org_id, name=name, kind=kind, url=url)
    )
    audit.record(
        store.session,
        actor,
        AuditAction.PERMISSION_CHANGE,
        "notification_channel",
        row.id,
        {"change": "created", "kind": kind},
    )
    return row


def _no_channel(channel_id: int) -> NotFound:
    return NotFound(
        "notification channel", channel_id, message=_("notification channel {id} not found", id=channel_id)
    )


def list_channels(store: Store, actor: Principal) -> list[NotificationChannel]:
    """The organisation's channels; show ``name``, ``kind`` and the health columns, never ``url``."""
    actor.require(Permission.ORG_WRITE)
    return list(store.notification_channels.list(actor.org_id))


def delete_channel(store: Store, actor: Principal, channel_id: int) -> None:
    actor.require(Permission.ORG_WRITE)
    row = store.notification_channels.get(actor.org_id, channel_id)
    if row is None:
        raise _no_channel(channel_id)
    store.notification_channels.delete(row)
    audit.record(
        store.session,
        actor,
        AuditAction.PERMISSION_CHANGE,
        "notification_channel",
        channel_id,
        {"change": "deleted"},
    )


def send_test(store: Store, actor: Principal, channel_id: int) -> Delivery:
    """Send a test message to one channel (an administrator checking it works); the outcome is recorded."""
    actor.require(Permission.ORG_WRITE)
    row = store.notification_channels.get(actor.org_id, channel_id)
    if row is None:
        raise _no_channel(channel_id)
    test = Notification("test", "Charte", "This channel receives Charte's alerts and SLA reminders.")
    return _deliver(row, test)


# -- delivery ----------------------------------------------------------------------------------------------------
def notify(store: Store, org_id: int, message: Notification, *, alert_id: int | None = None) -> int:
    """Queue ``message`` for every channel of ``org_id`` in the caller's transaction (the system: an alert, an SLA
    job); the ``notifications`` job sends it once that transaction commits (woken by the commit:
    :mod:`charte.service.outbox_wake`). Returns how many notices were queued.

    ``alert_id`` ties the notices to the inbox alert that raised them (their delivery state is shown with it).
    The title and body are kept as rendered now, in the language current now."""
    channels = store.notification_channels.list(org_id)
    now = dt.datetime.now(dt.UTC)
    lang = current_lang()
    store.outbox.add_all(
        NotificationOutbox(
            org_id=org_id,
            channel_id=row.id,
            alert_id=alert_id,
            kind=message.kind,
            title=message.title[:200],
            body=message.body[:_MAX_BODY],
            lang=lang,
            status="pending",
            created_at=now,
            attempts=0,
            next_attempt_at=now,
        )
        for row in channels
    )
    if channels:
        outbox_wake.mark(store.session)
    return len(channels)


def _deliver(row: NotificationChannel, message: Notification) -> Delivery:
    """Send now and record the outcome on the channel (the administrator's test message)."""
    now = dt.datetime.now(dt.UTC)
    error = attempt(row, message)
    record_outcome(row, error, now)
    return Delivery(row.id, error is None, error)


def attempt(row: NotificationChannel, message: Notification) -> str | None:
    """Send ``message`` to the channel now: ``None`` on success, else what went wrong (the URL's parts blanked,
    at most 300 characters). Never raises: a sealed value that no key opens, a plugin bug… become the error."""
    try:
        url = row.url
        error = _send(url, message)
    except Exception as exc:
        error = f"{type(exc).__name__}: {_scrub(str(exc), _safe_url(row))}"
    return None if error is None else error[:300]


def record_outcome(row: NotificationChannel, error: str | None, now: dt.datetime) -> None:
    """Keep a delivery's outcome on the channel (its health); a failure is logged by ids only."""
    row.last_attempt_at = now
    if error is None:
        row.last_success_at, row.failures, row.last_error = now, 0, None
        return
    row.failures = (row.failures or 0) + 1
    row.last_error = error
    log.warning("notifications: channel %s (%s) of organisation %s failed", row.id, row.kind, row.org_id)


def _safe_url(row: NotificationChannel) -> str:
    try:
        return row.url
    except Exception:
        return ""


def _send(url: str, message: Notification) -> str | None:
    """Deliver through apprise; ``None`` on success, else what went wrong with the URL's parts blanked."""
    _check_egress(url)
    sender = apprise.Apprise.instantiate(url, asset=_ASSET)
    if sender is None:
        return "the channel's address is no longer accepted by apprise"
    said: list[str] = []
    _SILENCED.local.said = said
    try:
        ok = sender.notify(
            title=message.title[:200], body=message.body[:_MAX_BODY], notify_type=_TYPES[message.kind]
        )
    finally:
        _SILENCED.local.said = None
    if ok:
        return None
    lines = [line.strip() for line in said if line.strip()]
    return _scrub(" / ".join(lines[-2:]) or "delivery failed", url)


def _validate_url(url: str) -> str:
    """The URL's scheme, or :class:`Invalid` naming ``url`` (an unknown scheme, bad parts, a refused host)."""
    url = url.strip()
    if not url or len(url) > 2000:
        raise Invalid.one("url", _("a notification URL of 1 to {n} characters is needed", n=2000))
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if not scheme or apprise.Apprise.instantiate(url) is None:
        raise Invalid.one(
            "url",
            _(
                "not an address apprise can send to (e.g. mailtos://user:password@example.com, "
                "slack://…, jsons://host/path; see https://github.com/caronc/apprise/wiki)"
            ),
        )
    try:
        _check_egress(url)
    except CharteError as exc:
        raise Invalid.one("url", str(exc)) from None
    return scheme[:32]


def _check_egress(url: str) -> None:
    """For schemes posting to a host of the user's choosing, every address of that host must be allowed."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _HOSTED_SCHEMES or not parts.hostname:
        return
    port = parts.port or default_port("https" if scheme.endswith("s") else "http")
    current_env().egress.addresses(parts.hostname, port)


def _scrub(text: str, url: str) -> str:
    """``text`` with every part of ``url`` that could be a secret (credentials, host, path, query) blanked."""
    if not url:
        return text
    parts = urlsplit(url)
    secrets = {url, parts.netloc, parts.username or "", parts.password or "", parts.hostname or ""}
    secrets.update(unquote(s) for s in parts.path.split("/"))
    secrets.update(v for _, v in parse_qsl(parts.query))
    for secret in sorted((s for s in secrets if len(s) >= 3), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text


# -- e-mail to one person -----------------------------------------------------------------------------------------
class SmtpMailer:
    """What sends Charte's own e-mail (password-reset links, policy requests) through the operator's SMTP server,
    ``CHARTE_MAIL_URL`` (:class:`charte.service.delivery.Mailer`).

    Each message gets its own apprise plugin, addressed to its one recipient (``to=``), so threads share nothing
    but the URL. Like a channel's, the URL is never logged and apprise's log lines are kept out of the handlers;
    a message body can hold a reset link, so nothing of it is logged either: a failure is logged by kind only."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url.strip())
        self._parts = parts
        self._query = [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if key.lower() not in ("to", "format")
        ]
        if apprise.Apprise.instantiate(self._url("postmaster@example.org"), asset=_ASSET) is None:
            raise SettingsError(
                "CHARTE_MAIL_URL: apprise does not accept this SMTP address (see "
                "https://github.com/caronc/apprise/wiki/Notify_email)"
            )

    def _url(self, to: str) -> str:
        query = urlencode([*self._query, ("to", to), ("format", "text")])
        return urlunsplit(self._parts._replace(query=query))

    def send(self, message: delivery.Message) -> bool:
        """Hand the message to the SMTP server; False (logged by kind, never raised) when it could not be."""
        try:
            sender = apprise.Apprise.instantiate(self._url(message.to), asset=_ASSET)
            ok = sender is not None and bool(
                sender.notify(title=message.subject, body=message.body, body_format=apprise.NotifyFormat.TEXT)
            )
        except Exception:  # no traceback: its frames could quote the link or the server's password
            ok = False
        if not ok:
            log.warning("e-mail: a %s message could not be sent", message.kind)
        return ok
