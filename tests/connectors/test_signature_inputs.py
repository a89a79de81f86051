"""``verify_signature`` answers True or False for anything a receiver may hand it, never an exception."""

from __future__ import annotations

import time

import pytest

from charte.connectors.webhook import sign, verify_signature

SECRET = "s3cret-shared-key-0123"
BODY = '{"id":"pub_1","text":"Bonjour à tous"}'.encode()


def signed() -> tuple[str, str]:
    ts = int(time.time())
    return str(ts), sign(SECRET.encode(), ts, BODY)


def test_a_str_secret_and_a_str_body_are_accepted() -> None:
    ts, signature = signed()
    assert verify_signature(SECRET, ts, BODY.decode(), signature)
    assert verify_signature(SECRET.encode(), ts.encode(), BODY, signature.encode())
    assert not verify_signature("another-secret-key!!", ts, BODY, signature)


@pytest.mark.parametrize(
    ("secret", "timestamp", "body", "signature"),
    [
        (SECRET, None, BODY, "v1=00"),
        (SECRET, "", BODY, "v1=00"),
        (SECRET, "1e9", BODY, "v1=00"),
        (SECRET, "9" * 5000, BODY, "v1=00"),
        (SECRET, " 12 ", BODY, None),
        (SECRET, "-5", BODY, "v1=00"),
        (SECRET, "now", BODY, "v1=00"),
        (SECRET, "1795460000", BODY, "v1=é€"),
        (SECRET, "1795460000", BODY, ""),
        (None, "1795460000", BODY, "v1=00"),
        (12345, "1795460000", BODY, "v1=00"),
        (b"", "1795460000", BODY, "v1=00"),
        (SECRET, "1795460000", None, "v1=00"),
        (SECRET, b"\xff\xfe", BODY, b"\xff"),
        (SECRET, 1795460000, BODY, "v1=00"),
    ],
)
def test_missing_or_malformed_inputs_give_false(
    secret: object, timestamp: object, body: object, signature: object
) -> None:
    assert verify_signature(secret, timestamp, body, signature) is False  # type: ignore[arg-type]


def test_a_non_ascii_signature_of_the_right_length_gives_false() -> None:
    ts, signature = signed()
    assert verify_signature(SECRET, ts, BODY, signature[:-1] + "é") is False
