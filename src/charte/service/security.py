"""Secrets: argon2 password hashes, random tokens stored as SHA-256, TOTP codes and recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from functools import cache

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
TOTP_ISSUER = "Charte"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


@cache
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; with no hash (unknown user) a dummy hash is checked so timing does not tell."""
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_problem(password: str) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < MIN_PASSWORD:
        return f"must be at least {MIN_PASSWORD} characters long"
    if len(password) > MAX_PASSWORD:
        return f"must be at most {MAX_PASSWORD} characters long"
    return None


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def new_token(prefix: str) -> str:
    """A 256-bit random secret with a recognisable prefix (so secret scanners can find leaked ones)."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


def new_totp_secret() -> str:
    return pyotp.random_base32()


def totp_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=TOTP_ISSUER)


def totp_step(secret: str, code: str, last_step: int | None, now: float | None = None) -> int | None:
    """The time step ``code`` is valid for (±1 step of clock drift), or None; a step is never accepted twice."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    for drift in (0, -1, 1):
        moment = now + drift * totp.interval
        if same(totp.at(moment), code):
            step = int(moment // totp.interval)
            if last_step is not None and step <= last_step:
                return None
            return step
    return None


def new_recovery_codes(count: int = 10) -> list[str]:
    """Codes like ``k7qm-2xpa-9rdn-fh3w`` (about 78 bits each)."""
    codes = []
    for _ in range(count):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    return codes


def recovery_hash(code: str) -> str:
    return sha256_hex("recovery:" + code.strip().lower().replace("-", "").replace(" ", ""))
