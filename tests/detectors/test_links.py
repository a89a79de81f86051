"""The links detector: allowed domains, look-alikes of our domains and brands, raw IPs, shorteners."""

from __future__ import annotations

import functools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charte.detectors.base import Context
from charte.detectors.links import LinksDetector, LinksParams
from charte.detectors.support import hosts as _hosts
from charte.domain import Post
from charte.errors import PolicyError
from charte.policy.model import Policy, Rule

RULE = Rule(id="links.test", detector="links", action="review", severity="medium", clause="6.2")


def detect(
    policy: Policy, text: str, lang: str = "en", account: str = "brand", **params: object
) -> list[tuple[str, str]]:
    """Findings on a brand account (where every kind of link is judged) unless ``account`` says otherwise."""
    detector = LinksDetector(RULE, LinksParams(**params), policy)
    findings = detector.detect(Context(Post(text, account=account), lang, policy))  # type: ignore[arg-type]
    for f in findings:
        assert f.span is not None and 0 <= f.span.start < f.span.end <= len(text)
        assert f.clause == "6.2" and f.fix is not None and f.fix.span == f.span
    return [(f.entity or "", text[f.span.start : f.span.end]) for f in findings if f.span]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Our own domains and the allowed ones (demo policy: acme.com, acme.fr; linkedin, youtube, wikipedia).
        ("Voir https://www.acme.com/offres et acme.fr/contact", []),
        ("shop.acme.com, ACME.FR and https://acme.com:8443/x", []),
        ("linkedin.com/in/someone and https://fr.wikipedia.org/wiki/Acme_(entreprise)).", []),
        ("https://evil@acme.com/login", []),  # the host is ours: "evil" is only a user name
        # Outside the allowed domains.
        ("Visit www.x.fr/path please", [("LINK_OUTSIDE_ALLOWED", "www.x.fr/path")]),
        ("Try globex.com.", [("LINK_OUTSIDE_ALLOWED", "globex.com")]),
        (
            "See https://example.co.uk/a?b=1#c, thanks",
            [("LINK_OUTSIDE_ALLOWED", "https://example.co.uk/a?b=1#c")],
        ),
        ("(https://news.example.org/x)", [("LINK_OUTSIDE_ALLOWED", "https://news.example.org/x")]),
        (
            "our domain inside someone else's path: https://evil.io/acme.com",
            [("LINK_OUTSIDE_ALLOWED", "https://evil.io/acme.com")],
        ),
        # Look-alikes of our domains and brands.
        ("Log in at аcme.com today", [("LOOKALIKE_DOMAIN", "аcme.com")]),  # Cyrillic а
        (
            "Log in at xn--cme-5cd.com today",
            [("LOOKALIKE_DOMAIN", "xn--cme-5cd.com")],
        ),  # punycode of the above
        ("Log in at ácmé.fr", [("LOOKALIKE_DOMAIN", "ácmé.fr")]),
        ("acrne.com", [("LOOKALIKE_DOMAIN", "acrne.com")]),  # rn looks like m
        ("acmee.fr", [("LOOKALIKE_DOMAIN", "acmee.fr")]),
        ("amce.com", [("LOOKALIKE_DOMAIN", "amce.com")]),  # swapped letters
        ("acm3.com", [("LOOKALIKE_DOMAIN", "acm3.com")]),
        ("acmelogin.com", [("LOOKALIKE_DOMAIN", "acmelogin.com")]),  # our name glued to a phishing word
        ("secure-acme.net", [("LOOKALIKE_DOMAIN", "secure-acme.net")]),
        ("myacmepaystore.com", [("LOOKALIKE_DOMAIN", "myacmepaystore.com")]),  # a long brand anywhere
        # Near misses: other companies whose names are close to a short name of ours are only outside.
        (
            "https://www.acmespeedshop.com/race",
            [("LINK_OUTSIDE_ALLOWED", "https://www.acmespeedshop.com/race")],
        ),
        (
            "ace.com.au and scme.be and acne.org",
            [
                ("LINK_OUTSIDE_ALLOWED", "ace.com.au"),
                ("LINK_OUTSIDE_ALLOWED", "scme.be"),
                ("LINK_OUTSIDE_ALLOWED", "acne.org"),
            ],
        ),
        ("acme.co", [("LOOKALIKE_DOMAIN", "acme.co")]),  # same name, another extension
        ("https://acme.co.uk/", [("LOOKALIKE_DOMAIN", "https://acme.co.uk/")]),
        ("acme-secure.com", [("LOOKALIKE_DOMAIN", "acme-secure.com")]),
        ("Go to acme-login.support now", [("LOOKALIKE_DOMAIN", "acme-login.support")]),
        ("AcmePay-verify.net", [("LOOKALIKE_DOMAIN", "AcmePay-verify.net")]),  # a brand
        ("https://acme.com.evil.io/login", [("LOOKALIKE_DOMAIN", "https://acme.com.evil.io/login")]),
        ("https://acme.com@evil.io/login", [("LOOKALIKE_DOMAIN", "https://acme.com@evil.io/login")]),
        ("acme.secure-login.io", [("LOOKALIKE_DOMAIN", "acme.secure-login.io")]),
        # Shorteners and raw IPs.
        (
            "bit.ly/3xYz and https://t.co/abc",
            [("URL_SHORTENER", "bit.ly/3xYz"), ("URL_SHORTENER", "https://t.co/abc")],
        ),
        ("https://tinyurl.com/y8k2", [("URL_SHORTENER", "https://tinyurl.com/y8k2")]),
        ("http://203.0.113.5/login", [("RAW_IP_LINK", "http://203.0.113.5/login")]),
        ("http://[2001:db8::1]/x", [("RAW_IP_LINK", "http://[2001:db8::1]/x")]),
        ("Connect to 198.51.100.7:8080", [("RAW_IP_LINK", "198.51.100.7:8080")]),
    ],
)
def test_links_judged_with_exact_spans(demo_policy: Policy, text: str, expected: list) -> None:
    assert detect(demo_policy, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Mail me at jean@acme-login.com",  # an e-mail address is the PII detector's business
        "le fichier script.py et index.html",
        "Fin de phrase.Merci beaucoup",
        "Version 2.0.1 et 3.14",
        "e.g. this, i.e. that",
        "",
    ],
)
def test_not_links(demo_policy: Policy, text: str) -> None:
    assert detect(demo_policy, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Evasions: a zero-width space, full-width dots, upper case.
        ("acme\u200b-login.com", [("LOOKALIKE_DOMAIN", "acme\u200b-login.com")]),
        ("bit\u200b.ly/abc", [("URL_SHORTENER", "bit\u200b.ly/abc")]),
        ("globex．com", [("LINK_OUTSIDE_ALLOWED", "globex．com")]),
        ("HTTPS://ACME-LOGIN.COM/X", [("LOOKALIKE_DOMAIN", "HTTPS://ACME-LOGIN.COM/X")]),
    ],
)
def test_evasions(demo_policy: Policy, text: str, expected: list) -> None:
    assert detect(demo_policy, text) == expected


def test_params(demo_policy: Policy) -> None:
    text = "globex.com bit.ly/x acme-login.com http://203.0.113.5/"
    assert [e for e, _ in detect(demo_policy, text)] == [
        "LINK_OUTSIDE_ALLOWED",
        "URL_SHORTENER",
        "LOOKALIKE_DOMAIN",
        "RAW_IP_LINK",
    ]
    assert detect(demo_policy, text, outside_allowed=False, shorteners="ignore", raw_ips=False) == [
        ("LOOKALIKE_DOMAIN", "acme-login.com")
    ]
    assert detect(demo_policy, text, lookalikes=False, allowed_domains=["globex.com"], raw_ips=False) == [
        ("URL_SHORTENER", "bit.ly/x"),
        ("LINK_OUTSIDE_ALLOWED", "acme-login.com"),
    ]
    assert detect(demo_policy, "go.acme.io", extra_shorteners=["go.acme.io"]) == [
        ("URL_SHORTENER", "go.acme.io")
    ]
    assert detect(demo_policy, "amce.com", max_edit_distance=0) == [("LINK_OUTSIDE_ALLOWED", "amce.com")]


def test_fixes_and_messages(demo_policy: Policy) -> None:
    detector = LinksDetector(RULE, LinksParams(), demo_policy)
    [lookalike] = detector.detect(Context(Post("Connectez-vous sur acrne.com"), "fr", demo_policy))
    assert (
        lookalike.fix is not None
        and lookalike.fix.kind == "replace"
        and lookalike.fix.replacement == "acme.com"
    )
    assert "imite notre domaine" in lookalike.message
    [outside] = detector.detect(Context(Post("See globex.com", account="brand"), "en", demo_policy))
    assert (
        outside.fix is not None
        and outside.fix.kind == "remove_link"
        and "outside the allowed" in outside.message
    )


def test_bad_params_are_policy_errors(demo_policy: Policy) -> None:
    from charte.engine.engine import compile_rules

    for params, needle in (
        ({"shorteners": "sometimes"}, "shorteners"),
        ({"max_edit_distance": 9}, "max_edit_distance"),
        ({"allowed": ["x.com"]}, "allowed"),
    ):
        rules = [Rule(id="l", detector="links", action="review", severity="low", clause="6.2", params=params)]
        with pytest.raises(PolicyError) as exc:
            compile_rules(demo_policy.model_copy(update={"rules": rules}))
        assert needle in str(exc.value)


def test_public_suffix_list_is_read_from_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the public suffix list must not be fetched")

    _hosts.psl.cache_clear()
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert _hosts.psl().privatesuffix("www.shop.acme.co.uk") == "acme.co.uk"


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("acme", "acme", 0),
        ("acme", "acmee", 1),
        ("acme", "amce", 1),
        ("acme", "acne", 1),
        ("acme", "globex", 3),
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert _hosts.edit_distance(a, b, 2) == min(distance, 3)


def test_one_megabyte_post_is_bounded(demo_policy: Policy) -> None:
    detector = LinksDetector(RULE, LinksParams(), demo_policy)
    for text in ("a." * 500_000, "acme-login.com " * 70_000, "1.2.3.4 " * 130_000, "http://x.com/" * 80_000):
        started = time.perf_counter()
        findings = detector.detect(Context(Post(text, account="brand"), "en", demo_policy))
        assert time.perf_counter() - started < 10
        assert len(findings) <= _hosts.MAX_HOSTS


@functools.cache
def _policy() -> Policy:
    from charte.cli.demo import demo_policy_text
    from charte.policy.loader import parse_policy

    return parse_policy(demo_policy_text(), "<demo>")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(), min_size=0, max_size=80) | st.from_regex(r"[a-zа-я0-9.\-/:@]{0,40}"))
def test_random_text_never_crashes(text: str) -> None:
    detect(_policy(), text)


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Ordinary news and reference links shared from a personal account: not reported.
        ("Great read on rates https://www.lemonde.fr/economie/article/2026/11/02/taux.html", "fr", []),
        ("Interesting piece: https://www.bbc.co.uk/news/business-123456", "en", []),
        ("lu sur www.liberation.fr ce matin 👀", "fr", []),
        # Shorteners, look-alikes of our domains and raw IPs stay reported for everyone.
        ("Lisez ça https://bit.ly/3xK9abc", "fr", [("URL_SHORTENER", "https://bit.ly/3xK9abc")]),
        ("Log in at аcme.com today", "en", [("LOOKALIKE_DOMAIN", "аcme.com")]),
        ("brochure http://203.0.113.5/b.pdf", "en", [("RAW_IP_LINK", "http://203.0.113.5/b.pdf")]),
    ],
)
def test_personal_accounts_may_share_ordinary_links(
    demo_policy: Policy, text: str, lang: str, expected: list[tuple[str, str]]
) -> None:
    assert detect(demo_policy, text, lang, account="personal") == expected


def test_outside_allowed_accounts_param(demo_policy: Policy) -> None:
    text = "Interesting piece: https://www.bbc.co.uk/news/business-123456"
    outside = [("LINK_OUTSIDE_ALLOWED", "https://www.bbc.co.uk/news/business-123456")]
    assert detect(demo_policy, text, account="brand") == outside
    assert (
        detect(demo_policy, text, account="personal", outside_allowed_accounts=["brand", "personal"])
        == outside
    )
    assert detect(demo_policy, text, account="brand", outside_allowed_accounts=[]) == []
    with pytest.raises(ValueError, match="outside_allowed_accounts"):
        LinksParams(outside_allowed_accounts=["company"])  # type: ignore[list-item]
