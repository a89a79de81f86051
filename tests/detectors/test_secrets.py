"""The secrets detector: exact spans for each kind of secret, near misses, evasions, bad params."""

from __future__ import annotations

import functools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charte.detectors.base import Context
from charte.detectors.secrets import SecretsDetector, SecretsParams, shannon_entropy
from charte.domain import Post
from charte.errors import PolicyError
from charte.policy.model import Policy, Rule

RULE = Rule(id="secrets.test", detector="secrets", action="block", severity="critical", clause="6.1")
GHP = "ghp_4fK9LmQ2xR7tV1bN8cZ3wY6pD0sH5jA2eU9i"
JWT = (
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c"
)
NOT_JWT = (
    "eyJub3RoaW5nIjoiaGVyZSJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV"  # no "alg"
)
KEY_BLOCK = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7bq3\nZm9vYmFy==\n-----END RSA PRIVATE KEY-----"


def detect(policy: Policy, text: str, lang: str = "fr", **params: object) -> list[tuple[str, str]]:
    detector = SecretsDetector(RULE, SecretsParams(**params), policy)
    findings = detector.detect(Context(Post(text), lang, policy))
    for f in findings:
        assert f.span is not None and 0 <= f.span.start < f.span.end <= len(text)
        assert f.clause == "6.1" and f.fix is not None and f.fix.span == f.span
    return [(f.entity or "", text[f.span.start : f.span.end]) for f in findings if f.span]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Passwords given in text, French and English.
        ("Le mot de passe du wifi : Soleil2024!", [("PASSWORD", "Soleil2024!")]),
        ("mdp: hunter2", [("PASSWORD", "hunter2")]),
        ("MDP=Azerty123", [("PASSWORD", "Azerty123")]),
        ('password = "correct horse battery"', [("PASSWORD", "correct horse battery")]),
        ("The password is Tr0ub4dor&3, don't share it", [("PASSWORD", "Tr0ub4dor&3")]),
        ("le mot de passe est « Bonjour123 »", [("PASSWORD", "Bonjour123")]),
        ("Code wifi de la salle de réunion : 8f2kd93k", [("PASSWORD", "8f2kd93k")]),
        ("le mot de passe du wifi invité : Acme2026! merci", [("PASSWORD", "Acme2026!")]),
        ("wifi password for the guest network: Welcome2024", [("PASSWORD", "Welcome2024")]),
        ("mdp Azerty123", [("PASSWORD", "Azerty123")]),
        ("wifi password: guest-network", [("PASSWORD", "guest-network")]),
        ("pwd: s3cr3t.", [("PASSWORD", "s3cr3t")]),
        ("Code PIN : 4821", [("PASSWORD", "4821")]),
        # Known token shapes.
        ("My key AKIAIOSFODNN7EXAMPLE leaked", [("API_KEY", "AKIAIOSFODNN7EXAMPLE")]),
        (f"token {GHP} ok", [("API_KEY", GHP)]),
        (
            "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW",
            [
                (
                    "API_KEY",
                    "github_pat_11ABCDEFG0abcdefghijkl_mnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW",
                )
            ],
        ),
        ("glpat-Xy7kP2mQ9rT4vW1zB8nC", [("API_KEY", "glpat-Xy7kP2mQ9rT4vW1zB8nC")]),
        ("bot: xoxb-123456789012-abcdefABCDEF", [("API_KEY", "xoxb-123456789012-abcdefABCDEF")]),
        ("sk_live_4eC39HqLyjWDarjtT1zdp7dc.", [("API_KEY", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")]),
        ("AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW", [("API_KEY", "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW")]),
        (
            "OPENAI sk-proj-abc123DEF456ghi789JKL012mno345",
            [("API_KEY", "sk-proj-abc123DEF456ghi789JKL012mno345")],
        ),
        (f"Bearer {JWT}", [("JWT", JWT)]),
        # Generic key=value with a random value.
        ("api_key=9f8e7d6c5b4a39281706f5e4d3c2b1a0", [("SECRET", "9f8e7d6c5b4a39281706f5e4d3c2b1a0")]),
        ("Authorization: Bearer Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5", [("SECRET", "Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5")]),
        ("la clé : 7Hq2LmX9pW4zR8tK3vB1", [("SECRET", "7Hq2LmX9pW4zR8tK3vB1")]),
        # Private keys: the whole block.
        (f"oops\n{KEY_BLOCK}\nbye", [("PRIVATE_KEY", KEY_BLOCK)]),
        (
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n\nmerci",
            [("PRIVATE_KEY", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA")],
        ),
        # Internal hosts and private addresses.
        (
            "Voir https://jira.acme.com/browse/X-1 demain",
            [("INTERNAL_HOST", "https://jira.acme.com/browse/X-1")],
        ),
        ("Le portail http://intranet.corp/rh.", [("INTERNAL_HOST", "http://intranet.corp/rh")]),
        ("build01.acme.fr est lent", [("INTERNAL_HOST", "build01.acme.fr")]),
        ("vpn-paris.acme.com:443", [("INTERNAL_HOST", "vpn-paris.acme.com:443")]),
        (
            "printer at nas.local and intranet.example.org",
            [("INTERNAL_HOST", "nas.local"), ("INTERNAL_HOST", "intranet.example.org")],
        ),
        (
            "server at 192.168.1.20 and 10.0.0.5:8080",
            [("PRIVATE_IP", "192.168.1.20"), ("PRIVATE_IP", "10.0.0.5:8080")],
        ),
        ("http://172.20.3.4/admin", [("PRIVATE_IP", "http://172.20.3.4/admin")]),
        ("http://[fd12:3456::1]:8080/", [("PRIVATE_IP", "http://[fd12:3456::1]:8080/")]),
        ("172.32.0.1 is public but 172.31.255.1 is not", [("PRIVATE_IP", "172.31.255.1")]),
    ],
)
def test_secrets_found_with_exact_spans(demo_policy: Policy, text: str, expected: list) -> None:
    assert detect(demo_policy, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mot de passe oublié ? Cliquez sur le lien.",
        "Mot de passe : changez-le tous les 90 jours",
        "Le mot de passe oublié : procédure",
        "Your password must contain 12 characters",
        "https://my.example.com/passwordmailer.php",
        "TOGLIETE LA PASSWORD PERCHE' LE LINEE",
        "I changed the password to my @gmail a few months ago",
        "remember the e-mail and password to that account!",
        "why can't I enter my username/password on appletv?",
        "Changez votre mot de passe régulièrement.",
        "the password is wrong",
        "Password: ******",
        "Use a password manager, please.",
        "key: internationalization is hard",  # an ordinary long word is not a token
        "The key takeaway: communication matters",
        "token: authentication_middleware_handler",
        "sk-this-is-just-a-long-hyphenated-phrase",
        NOT_JWT,
        "AKIA is a prefix but AKIA123 is too short",
        "Visit www.acme.com and shop.acme.fr",  # public pages of our own domains
        "Version 10.2.0.1 is out",
        "localhost:8080 and 127.0.0.1",
        "public address http://203.0.113.5/login and 8.8.8.8",
        "Notre stand est au pin 4 du hall",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkq\n-----END PUBLIC KEY-----",
        "",
    ],
)
def test_near_misses_pass(demo_policy: Policy, text: str) -> None:
    assert detect(demo_policy, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A zero-width space or full-width letters inside a token do not hide it; the span covers the original.
        ("AKIA\u200bIOSFODNN7EXAMPLE", [("API_KEY", "AKIA\u200bIOSFODNN7EXAMPLE")]),
        (
            "ＡＫＩＡＩＯＳＦＯＤＮＮ７ＥＸＡＭＰＬＥ",
            [("API_KEY", "ＡＫＩＡＩＯＳＦＯＤＮＮ７ＥＸＡＭＰＬＥ")],
        ),
        ("m\u200bdp : Azerty123", [("PASSWORD", "Azerty123")]),
        ("jira\u200b.acme.com", [("INTERNAL_HOST", "jira\u200b.acme.com")]),
    ],
)
def test_evasions(demo_policy: Policy, text: str, expected: list) -> None:
    assert detect(demo_policy, text) == expected


def test_messages_never_repeat_the_secret(demo_policy: Policy) -> None:
    detector = SecretsDetector(RULE, SecretsParams(), demo_policy)
    for text, lang in ((f"mdp: Azerty123 et {GHP}", "fr"), (f"password: Azerty123 and {GHP}", "en")):
        findings = detector.detect(Context(Post(text), lang, demo_policy))
        assert len(findings) == 2
        for f in findings:
            assert "Azerty123" not in f.message and GHP not in f.message
            assert f.fix is not None and f.fix.kind == "mask" and f.fix.replacement == "********"
        assert ("mot de passe" in findings[0].message) == (lang == "fr")


def test_params_switch_families_off_and_extend(demo_policy: Policy) -> None:
    text = f"mdp: Azerty123 {GHP} http://nas.local vault.acme-corp.net acme_tok_ABCDEFGH12345678"
    assert [
        e for e, _ in detect(demo_policy, text, passwords=False, tokens=False, internal_hosts=False)
    ] == []
    got = detect(demo_policy, text, internal_domains=["acme-corp.net"], patterns=[r"acme_tok_[A-Z0-9]{16}"])
    assert got == [
        ("PASSWORD", "Azerty123"),
        ("API_KEY", GHP),
        ("INTERNAL_HOST", "http://nas.local"),
        ("INTERNAL_HOST", "vault.acme-corp.net"),
        ("API_KEY", "acme_tok_ABCDEFGH12345678"),
    ]
    assert detect(demo_policy, "token=ab12cd34ef56gh78", min_length=20) == []


def test_bad_params_are_policy_errors(demo_policy: Policy) -> None:
    from charte.engine.engine import compile_rules

    for params, needle in (
        ({"patterns": ["(?<=x)y"]}, "not a valid RE2"),
        ({"min_entropy": 9}, "min_entropy"),
        ({"colour": "red"}, "colour"),
    ):
        rules = [
            Rule(id="s", detector="secrets", action="block", severity="high", clause="6.1", params=params)
        ]
        with pytest.raises(PolicyError) as exc:
            compile_rules(demo_policy.model_copy(update={"rules": rules}))
        assert needle in str(exc.value)


def test_entropy() -> None:
    assert shannon_entropy("") == 0.0
    assert shannon_entropy("aaaa") == 0.0
    assert shannon_entropy("abcd") == 2.0


def test_one_megabyte_post_is_bounded(demo_policy: Policy) -> None:
    detector = SecretsDetector(RULE, SecretsParams(), demo_policy)
    for text in (
        "mot de passe " * 80_000,
        "a." * 500_000,
        "key=" + "A1" * 500_000,
        "-----BEGIN PRIVATE KEY-----" * 40_000,
    ):
        # CPU time, not wall time: the bound is on the work done, whatever else the machine is running.
        started = time.process_time()
        detector.detect(Context(Post(text), "fr", demo_policy))
        assert time.process_time() - started < 10


@functools.cache
def _policy() -> Policy:
    from charte.cli.demo import demo_policy_text
    from charte.policy.loader import parse_policy

    return parse_policy(demo_policy_text(), "<demo>")


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_random_text_never_crashes(text: str) -> None:
    detect(_policy(), text)
