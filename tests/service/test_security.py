"""Secrets: argon2 hashes, TOTP with drift and replay protection, recovery codes."""

from __future__ import annotations

import pyotp
import pytest

from charte.service import security

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_800_000_000.0  # a fixed moment, so the steps are known
STEP = int(NOW // 30)


def test_passwords_hash_with_argon2id_and_verify() -> None:
    digest = security.hash_password("correct horse battery staple")
    assert digest.startswith("$argon2id$")
    assert security.verify_password(digest, "correct horse battery staple")
    assert not security.verify_password(digest, "Correct horse battery staple")
    assert not security.verify_password(None, "anything")  # unknown user: a dummy hash is checked
    assert not security.verify_password("not a hash", "x")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "at least 12"),
        ("x" * 1025, "at most 1024"),
        ("twelve chars", None),
    ],
)
def test_password_rules(password: str, problem: str | None) -> None:
    found = security.password_problem(password)
    assert (found is None) if problem is None else (problem in (found or ""))


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (NOW, STEP),
        (NOW - 30, STEP - 1),
        (NOW + 30, STEP + 1),
    ],
)
def test_totp_accepts_one_step_of_drift(moment: float, expected: int) -> None:
    code = pyotp.TOTP(SECRET).at(moment)
    assert security.totp_step(SECRET, code, None, NOW) == expected


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_totp_refuses_malformed_codes(code: str) -> None:
    assert security.totp_step(SECRET, code, None, NOW) is None


def test_totp_refuses_far_codes_and_replays() -> None:
    totp = pyotp.TOTP(SECRET)
    assert security.totp_step(SECRET, totp.at(NOW - 90), None, NOW) is None
    assert security.totp_step(SECRET, totp.at(NOW), STEP, NOW) is None  # already used
    assert security.totp_step(SECRET, totp.at(NOW - 30), STEP, NOW) is None  # older than the last used
    assert security.totp_step(SECRET, " " + totp.at(NOW)[:3] + " " + totp.at(NOW)[3:], STEP - 1, NOW) == STEP


def test_totp_uri_is_for_an_authenticator_app() -> None:
    uri = security.totp_uri(SECRET, "alice@acme.example")
    assert uri.startswith(
        "otpauth://totp/Charte:alice%40acme.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    )
    assert "issuer=Charte" in uri


def test_recovery_codes_are_random_and_normalised_before_hashing() -> None:
    codes = security.new_recovery_codes()
    assert len(set(codes)) == 10 and all(len(c) == 19 and c.count("-") == 3 for c in codes)
    code = codes[0]
    assert security.recovery_hash(code) == security.recovery_hash(" " + code.upper().replace("-", " ") + " ")
    assert security.recovery_hash(code) != security.recovery_hash(codes[1])


def test_tokens_carry_a_prefix_and_enough_randomness() -> None:
    token = security.new_token("chk")
    assert token.startswith("chk_") and len(token) >= 40
    assert security.new_token("chk") != token
