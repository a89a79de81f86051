"""Secrets: argon2 password hashes, random tokens stored as SHA-256, TOTP codes and recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Sequence
from functools import cache

import pyotp
import zxcvbn
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


MIN_STRENGTH = 3  # zxcvbn's score: 3 = "safely unguessable", ~10^8 guesses and more
_ZXCVBN_MAX = 72  # zxcvbn refuses longer inputs (its matching is quadratic); the start is what is judged


def password_problem(password: str, user_inputs: Sequence[str] = ()) -> str | None:
    """Why a new password is not acceptable, or None.

    Length alone lets ``Password1234`` through: zxcvbn (Dropbox's estimator) recognises common passwords,
    dictionary words, keyboard walks, dates, repeats and the person's own e-mail and name (``user_inputs``)."""
    if len(password) < MIN_PASSWORD:
        return f"must be at least {MIN_PASSWORD} characters long"
    if len(password) > MAX_PASSWORD:
        return f"must be at most {MAX_PASSWORD} characters long"
    folded = password.strip().casefold()
    inputs = [u.strip() for u in user_inputs if u and u.strip()]
    for value in inputs:
        if folded == value.casefold() or (("@" in value) and folded == value.split("@", 1)[0].casefold()):
            return "must not be your e-mail address or your name"
    words = [*inputs, *(part for u in inputs for part in _words(u))]
    result = zxcvbn.zxcvbn(password[:_ZXCVBN_MAX], user_inputs=words)
    if result["score"] >= MIN_STRENGTH:
        return None
    feedback = result.get("feedback") or {}
    why = (feedback.get("warning") or "it is too easy to guess").rstrip(".")
    tips = " ".join(feedback.get("suggestions") or [])
    return (
        f"is too easy to guess: {why[0].lower()}{why[1:]}. "
        f"{tips or 'Use a few uncommon words, or a password manager.'}"
    ).strip()


def _words(value: str) -> list[str]:
    """The parts of an e-mail or a name (``jean.dupont@acme.example`` gives jean, dupont, acme)."""
    return [w for w in "".join(c if c.isalnum() else " " for c in value).split() if len(w) >= 3]


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
