"""Service settings: the environment first, then an optional ``.env`` file, then the defaults.

Validated once at start-up; a bad value stops the service with a message naming the variable.
"""

from __future__ import annotations

import ipaddress
import json
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlsplit

from cryptography.fernet import Fernet
from pydantic import Field, IPvAnyNetwork, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from charte.errors import SettingsError

DEFAULT_DATABASE_URL = "sqlite:///./charte.db"


# ------------------------------------------------------------------------------ value formats
# The syntax of the variables that hold lists: parsed here, where the settings are validated, and used by the
# packages they configure (charte.store.sealing, charte.connectors.egress), which sit above this module.

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_LABEL = r"[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?"
_HOSTNAME = re.compile(rf"^(?=.{{1,253}}$){_LABEL}(\.{_LABEL})*$")


def parse_keys(text: str) -> list[bytes]:
    """Fernet keys from a comma- or newline-separated list (``#`` starts a comment line)."""
    keys: list[bytes] = []
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    for index, raw in enumerate(k.strip() for k in ",".join(lines).split(",")):
        if not raw:
            continue
        try:
            Fernet(raw.encode("ascii"))
        except (ValueError, UnicodeError):
            raise ValueError(
                f"key {index + 1} is not a Fernet key (32 url-safe base64 bytes): make one with "
                "`python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`"
            ) from None
        keys.append(raw.encode("ascii"))
    if not keys:
        raise ValueError("give at least one key")
    return keys


def normalise_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def parse_allow(text: str) -> tuple[tuple[IPNetwork, ...], frozenset[str]]:
    """``CHARTE_EGRESS_ALLOW``: comma-separated CIDR networks, addresses and host names."""
    networks: list[IPNetwork] = []
    hosts: set[str] = set()
    for raw in text.split(","):
        entry = raw.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
            continue
        except ValueError:
            pass
        name = normalise_host(entry)
        if not _HOSTNAME.match(name) or name.replace(".", "").isdigit():
            raise ValueError(
                f"{entry!r} is neither a network (10.0.0.0/8, fd00::/8), an address nor a host name"
            )
        hosts.add(name)
    return tuple(networks), frozenset(hosts)


_MAIL_EXAMPLE = "e.g. mailtos://user:password@smtp.example.org?from=charte@example.org"
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def check_mail_url(url: str) -> None:
    """``CHARTE_MAIL_URL``: an apprise ``mailto://`` or ``mailtos://`` URL of an SMTP server with a ``from=``
    address and no recipient (Charte names one per message). The error never quotes the URL: it is a secret."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("mailto", "mailtos"):
        raise ValueError(
            f"write an apprise mailto:// or mailtos:// URL of your SMTP server ({_MAIL_EXAMPLE})"
        )
    if not parts.hostname:
        raise ValueError(f"the SMTP server's host name is missing ({_MAIL_EXAMPLE})")
    query = {key.lower(): val for key, val in parse_qsl(parts.query, keep_blank_values=True)}
    if not _ADDRESS.match(query.get("from", "").rpartition("<")[2].rstrip(">").strip()):
        raise ValueError(f"add the sender's address as from=… ({_MAIL_EXAMPLE})")
    if parts.path.strip("/") or {"to", "cc", "bcc"} & query.keys():
        raise ValueError(
            "leave out recipients (a path, to=, cc=, bcc=): Charte addresses each message itself"
        )


class Settings(BaseSettings):
    """Every knob of the service. Environment variables are ``CHARTE_<NAME>`` (e.g. ``CHARTE_DATABASE_URL``)."""

    model_config = SettingsConfigDict(
        env_prefix="CHARTE_", env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    database_url: str = Field(
        default=DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db",
    )
    auto_migrate: bool | None = Field(
        default=None, description="Apply migrations at start; default: only SQLite"
    )
    cookie_secure: bool = Field(default=True, description="Send the session cookie over HTTPS only")
    session_hours: int = Field(default=12, gt=0, le=24 * 30)
    max_body_bytes: int = Field(default=1_000_000, ge=1024, le=100_000_000)
    login_max_failures: int = Field(
        default=5,
        ge=1,
        description="Failed secret checks per (account, client) "
        "pair, per known device and per session in the window",
    )
    login_max_failures_per_ip: int = Field(
        default=30,
        ge=1,
        description="Failed logins from one client address, "
        "on any account, before it must use a known device",
    )
    login_max_failures_per_account: int = Field(
        default=50,
        ge=1,
        description="Failed logins on one account, "
        "from anywhere, before it must be opened from a known device",
    )
    login_window_seconds: int = Field(default=300, ge=1)
    fresh_login_minutes: int = Field(
        default=10,
        ge=1,
        le=24 * 60,
        description="Account-security changes need "
        "a session whose password was typed less than this long ago",
    )
    device_cookie_days: int = Field(
        default=180,
        ge=1,
        le=3650,
        description="A browser that logged in is "
        "remembered this long (it then passes the per-address and per-account limits)",
    )
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description="Networks of reverse proxies whose X-Forwarded-For is believed, "
        "comma-separated (10.0.0.0/8,::1) or a JSON list; empty: the header is ignored",
    )
    token_max_days: int = Field(default=365, ge=1)
    engine_cache_size: int = Field(default=16, ge=1, description="Compiled policies kept in memory")
    log_level: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    db_pool_size: int = Field(
        default=10, ge=1, le=200, description="Database connections kept open (as many again on bursts)"
    )
    # Background work, publishing and the audit record (docs/workflow.md, docs/audit.md)
    jobs: str = Field(
        default="embedded",
        pattern=r"^(embedded|celery)$",
        description="embedded: jobs run in threads inside `charte serve`; celery: in `charte worker`",
    )
    broker_url: str = Field(
        default="redis://127.0.0.1:6379/0",
        description="redis://host:6379/0 (Redis) or amqp://user:pass@host:5672// (RabbitMQ)",
    )
    broker_visibility_timeout: int = Field(
        default=3600,
        ge=5,
        description="Redis: seconds before an unacknowledged job is handed to another worker",
    )
    queue_name: str = Field(default="charte", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    broker_key_prefix: str = Field(
        default="",
        pattern=r"^[A-Za-z0-9_.:-]{0,64}$",
        description="Redis: prefix of every key (several Chartes on one Redis)",
    )
    worker_threads: int = Field(default=2, ge=1, le=64, description="Threads of the embedded job runner")
    publish_max_attempts: int = Field(default=5, ge=1, le=20)
    publish_backoff_seconds: float = Field(default=2.0, gt=0, le=3600)
    publish_lease_seconds: float = Field(
        default=120.0,
        ge=1,
        description="After this, a send left by a dead "
        "worker is resumed (keep it above the connector timeout)",
    )
    scheduler_interval_seconds: float = Field(default=5.0, gt=0, le=3600)
    notify_max_attempts: int = Field(
        default=6,
        ge=1,
        le=20,
        description="Attempts to send a notice to a channel before it is marked failed",
    )
    notify_backoff_seconds: float = Field(
        default=30.0, gt=0, le=3600, description="Delay before a notice's first retry (doubled each time)"
    )
    notify_interval_seconds: float = Field(
        default=5.0, gt=0, le=3600, description="How often the notification outbox is sent"
    )
    listening: bool = Field(
        default=True,
        description="Run the ingestion of the listening sources (embedded: inside `charte serve`; "
        "celery: inside `charte worker`)",
    )
    listening_refresh_seconds: float = Field(
        default=15.0, gt=0, le=3600, description="How often the ingestion rereads the sources table"
    )
    listening_processes: int = Field(
        default=0,
        ge=0,
        le=64,
        description="Worker processes that classify large ingested batches (0: in the ingesting process)",
    )
    audit_key: SecretStr | None = Field(
        default=None, description="Signs audit retention checkpoints (32+ chars)"
    )
    audit_retention_days: int | None = Field(default=None, ge=1, description="Unset: keep every audit entry")
    # Secrets at rest and outgoing connections (docs/security.md)
    secret_keys: SecretStr | None = Field(
        default=None,
        description="Fernet keys, comma-separated, newest first: "
        "they encrypt TOTP and connector secrets in the database",
    )
    secret_key_file: Path | None = Field(
        default=None,
        description="A file of Fernet keys (one a line, newest "
        "first), created with a new key if missing; default beside a SQLite file",
    )
    mail_url: SecretStr | None = Field(
        default=None,
        description="The SMTP server Charte sends e-mail through (password-reset links, policy "
        "acknowledgement requests), an apprise URL such as "
        "mailtos://user:password@smtp.example.org?from=charte@example.org; unset: no e-mail is sent",
    )
    egress_allow: str = Field(
        default="",
        description="Internal hosts or networks connectors may reach, "
        "comma-separated (e.g. hooks.intranet.example,10.20.0.0/16); public ones always may",
    )
    memory_connector: bool = Field(
        default=False,
        description="Offer the in-memory test connector (tests and "
        "`charte serve --demo` only: it keeps every post in the server's memory)",
    )

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _networks(cls, value: object) -> object:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        scheme = value.split(":", 1)[0]
        if scheme.startswith("postgresql"):
            scheme, _, driver = scheme.partition("+")
            if driver not in ("", "psycopg"):
                raise ValueError("PostgreSQL is reached through psycopg 3: write postgresql+psycopg://…")
            return "postgresql+psycopg:" + value.split(":", 1)[1]
        if scheme != "sqlite":
            raise ValueError(
                "write sqlite:///path/to/charte.db or postgresql+psycopg://user@host:5432/dbname"
            )
        return value

    @field_validator("broker_url")
    @classmethod
    def _known_broker(cls, value: str) -> str:
        if not value.startswith(("redis://", "rediss://", "amqp://", "amqps://", "memory://")):
            raise ValueError("write redis://host:6379/0 (Redis) or amqp://user:pass@host:5672// (RabbitMQ)")
        return value

    @field_validator("audit_key")
    @classmethod
    def _long_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError(
                "use at least 32 characters, e.g. the output of "
                "`python -c 'import secrets; print(secrets.token_hex(32))'`"
            )
        return value

    @field_validator("secret_keys")
    @classmethod
    def _fernet_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            parse_keys(value.get_secret_value())  # raises ValueError naming the bad key's position
        return value

    @field_validator("mail_url")
    @classmethod
    def _mail_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            check_mail_url(value.get_secret_value())  # raises ValueError saying what is wrong, never the URL
        return value

    @field_validator("egress_allow")
    @classmethod
    def _egress_entries(cls, value: str) -> str:
        parse_allow(value)  # raises ValueError naming the bad entry
        return value

    @cached_property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def migrate_at_start(self) -> bool:
        return self.is_sqlite if self.auto_migrate is None else self.auto_migrate


def load_settings(env_file: str | Path | None = ".env", **overrides: Any) -> Settings:
    """Read and validate the settings, or raise :class:`SettingsError` naming each bad variable."""
    try:
        return Settings(_env_file=env_file, **overrides)
    except ValidationError as exc:
        lines = []
        for error in exc.errors():
            name = "CHARTE_" + "_".join(str(p) for p in error["loc"]).upper()
            lines.append(f"{name}: {error['msg'].removeprefix('Value error, ')}")
        raise SettingsError("invalid settings:\n  " + "\n  ".join(lines)) from None
