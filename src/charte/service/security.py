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

from charte.i18n import N_, gettext

_hasher = PasswordHasher()
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
TOTP_ISSUER = "Charte"
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
#: zxcvbn's advice (``zxcvbn/feedback.py``), which it writes in English: marked here so the catalogue
#: translates each one where a new password is refused; one it adds in a later version shows in English.
ZXCVBN_FEEDBACK = (
    N_("Add another word or two. Uncommon words are better."),
    N_("Capitalization doesn't help very much."),
    N_("Reversed words aren't much harder to guess."),
    N_("Predictable substitutions like '@' instead of 'a' don't help very much."),
    N_("Use a few words, avoid common phrases."),
    N_("No need for symbols, digits, or uppercase letters."),
    N_("Straight rows of keys are easy to guess."),
    N_("Short keyboard patterns are easy to guess."),
    N_("This is a top-10 common password."),
    N_("This is similar to a commonly used password."),
    N_("A word by itself is easy to guess."),
    N_("All-uppercase is almost as easy to guess as all-lowercase."),
    N_("Use a longer keyboard pattern with more turns."),
    N_('Repeats like "aaa" are easy to guess.'),
    N_('Repeats like "abcabcabc" are only slightly harder to guess than "abc".'),
    N_("This is a top-100 common password."),
    N_("This is a very common password."),
    N_("Names and surnames by themselves are easy to guess."),
    N_("Common names and surnames are easy to guess."),
    N_("Avoid repeated words and characters."),
    N_('Sequences like "abc" or "6543" are easy to guess.'),
    N_("Avoid sequences."),
    N_("Recent years are easy to guess."),
    N_("Dates are often easy to guess."),
    N_("Avoid recent years."),
    N_("Avoid years that are associated with you."),
    N_("Avoid dates and years that are associated with you."),
)


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
        return gettext("must be at least {n} characters long", n=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        return gettext("must be at most {n} characters long", n=MAX_PASSWORD)
    folded = password.strip().casefold()
    inputs = [u.strip() for u in user_inputs if u and u.strip()]
    for value in inputs:
        if folded == value.casefold() or (("@" in value) and folded == value.split("@", 1)[0].casefold()):
            return gettext("must not be your e-mail address or your name")
    words = [*inputs, *(part for u in inputs for part in _words(u))]
    result = zxcvbn.zxcvbn(password[:_ZXCVBN_MAX], user_inputs=words)
    if result["score"] >= MIN_STRENGTH:
        return None
    feedback = result.get("feedback") or {}
    warning = feedback.get("warning")
    why = (gettext(warning) if warning else gettext("it is too easy to guess")).rstrip(".")
    tips = " ".join(gettext(tip) for tip in feedback.get("suggestions") or [])
    return gettext(
        "is too easy to guess: {why}. {tips}",
        why=why[0].lower() + why[1:],
        tips=tips or gettext("Use a few uncommon words, or a password manager."),
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
