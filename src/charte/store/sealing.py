"""Secrets at rest: TOTP seeds and connector parameters are stored encrypted (Fernet, with key rotation).

A copy of the database (a backup, a dump, a replica, a read-only SQL injection) then gives no usable
second factor and no webhook key. The keys come from the settings, newest first:

- ``CHARTE_SECRET_KEYS``: Fernet keys, comma-separated (production: from the secret manager);
- else ``CHARTE_SECRET_KEY_FILE``: a file of keys, one a line, newest first, made with a new key
  (mode 0600) if it does not exist;
- else, for a SQLite file only (development, the embedded demo), the key file beside the database
  (``charte.db`` → ``charte.db.keys``); an in-memory SQLite database gets a key for the process.
- PostgreSQL without either setting refuses to start: a key made up on one machine would leave the
  secrets unreadable on the next.

The new key encrypts, every listed key decrypts (:class:`cryptography.fernet.MultiFernet`): to
rotate, put a new key first, run ``charte db rotate-secrets`` (:func:`reseal_all`), then drop the old
one. The columns use :class:`SealedText` and :class:`SealedJSON`, so service code sees plain values.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Connection, Text, column, inspect, select, table, update
from sqlalchemy.types import TypeDecorator

from charte.errors import SecretKeyError
from charte.settings import parse_keys

if TYPE_CHECKING:
    from charte.settings import Settings

PREFIX = "fernet:"


class Keyring:
    """The keys: the first encrypts, all decrypt."""

    def __init__(self, keys: Sequence[bytes | str]) -> None:
        if not keys:
            raise SecretKeyError("no secret key given")
        self._fernet = MultiFernet([Fernet(k) for k in keys])

    @classmethod
    def generate(cls) -> Keyring:
        return cls([Fernet.generate_key()])

    def seal(self, plain: str) -> str:
        return PREFIX + self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def open(self, stored: str) -> str:
        if not stored.startswith(PREFIX):
            raise SecretKeyError("a stored secret is not encrypted: run `charte db upgrade`")
        try:
            return self._fernet.decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise SecretKeyError(
                "a stored secret cannot be decrypted with the configured keys "
                "(CHARTE_SECRET_KEYS / CHARTE_SECRET_KEY_FILE): is the key that sealed it "
                "missing from the list?"
            ) from None

    def reseal(self, stored: str) -> str:
        """The same secret under the newest key (plain text, from before encryption, gets sealed too)."""
        if not stored.startswith(PREFIX):
            return self.seal(stored)
        try:
            return PREFIX + self._fernet.rotate(stored[len(PREFIX) :].encode("ascii")).decode("ascii")
        except InvalidToken:
            raise SecretKeyError("a stored secret cannot be decrypted with the configured keys") from None


def key_file(path: Path) -> list[bytes]:
    """The keys in ``path``; a new file with one fresh key (owner-only) if there is none."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # made meanwhile by another process: read theirs
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(
                    "# Charte secret keys, newest first (docs/security.md). Keep a copy with the "
                    "backups, apart from them.\n" + Fernet.generate_key().decode("ascii") + "\n"
                )
    try:
        return parse_keys(path.read_text(encoding="ascii"))
    except (OSError, ValueError, UnicodeError) as exc:
        raise SecretKeyError(f"cannot use the secret key file {path}: {exc}") from None


def keyring_for(settings: Settings) -> Keyring:
    """The keyring the settings describe (see the module's docstring for the order)."""
    if settings.secret_keys is not None:
        return Keyring(parse_keys(settings.secret_keys.get_secret_value()))
    if settings.secret_key_file is not None:
        return Keyring(key_file(settings.secret_key_file))
    url = settings.database_url
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1].split("?", 1)[0] if "///" in url else ""
        if path in ("", ":memory:"):
            return Keyring.generate()
        return Keyring(key_file(Path(path + ".keys")))
    raise SecretKeyError(
        "set CHARTE_SECRET_KEYS (or CHARTE_SECRET_KEY_FILE): with PostgreSQL, TOTP and "
        "connector secrets are encrypted with a key you keep; make one with `python -c 'from "
        "cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`"
    )


_KEYRING: Keyring | None = None
_LOCK = threading.Lock()


def configure(keyring: Keyring | Settings) -> Keyring:
    """Set the process's keyring (the app, the worker and the CLI do it from their settings)."""
    global _KEYRING
    with _LOCK:
        _KEYRING = keyring if isinstance(keyring, Keyring) else keyring_for(keyring)
        return _KEYRING


def active(database_url: str | None = None) -> Keyring:
    """The configured keyring; unconfigured, the one the settings (for ``database_url``) describe."""
    global _KEYRING
    with _LOCK:
        if _KEYRING is None:
            from charte.settings import load_settings

            overrides = {"database_url": database_url} if database_url else {}
            _KEYRING = keyring_for(load_settings(**overrides))
        return _KEYRING


@contextmanager
def using(keyring: Keyring) -> Iterator[Keyring]:
    """Run a block with another keyring (tests, key rotation)."""
    global _KEYRING
    with _LOCK:
        previous, _KEYRING = _KEYRING, keyring
    try:
        yield keyring
    finally:
        with _LOCK:
            _KEYRING = previous


class SealedText(TypeDecorator[str]):
    """A string stored encrypted: ``fernet:<token>``."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else active().seal(value)

    def process_result_value(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else active().open(value)


class SealedJSON(TypeDecorator[dict[str, Any]]):
    """A JSON object stored encrypted as a whole (every parameter, whichever a connector deems secret)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: dict[str, Any] | None, dialect: object) -> str | None:
        if value is None:
            return None
        return active().seal(json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")))

    def process_result_value(self, value: str | None, dialect: object) -> dict[str, Any] | None:
        return None if value is None else json.loads(active().open(value))


#: Every sealed column: (table, primary key, column). The migration and the rotation walk these.
SEALED_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("users", "id", "totp_secret_sealed"),
    ("publish_targets", "id", "params_sealed"),
    ("notification_channels", "id", "url_sealed"),
    ("sources", "id", "secret_sealed"),
)


@dataclass(frozen=True)
class ResealReport:
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def reseal_all(connection: Connection, keyring: Keyring) -> ResealReport:
    """Re-encrypt every stored secret under the newest key (run in one transaction by the caller)."""
    counts: dict[str, int] = {}
    existing = inspect(connection)
    for name, pk, col in SEALED_COLUMNS:
        if not existing.has_table(name):  # a database at an older revision than the table
            continue
        t = table(name, column(pk), column(col))
        rows = connection.execute(select(t.c[pk], t.c[col]).where(t.c[col].is_not(None))).all()
        for ident, stored in rows:
            connection.execute(update(t).where(t.c[pk] == ident).values({col: keyring.reseal(stored)}))
        counts[f"{name}.{col}"] = len(rows)
    return ResealReport(counts)
