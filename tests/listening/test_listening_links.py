"""Links in incoming mentions: look-alikes, shorteners, raw IPs and the URL classifier; hostile texts."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from charte.listening.links import MAX_SCORED, check_links
from charte.listening.lookalike import Identity
from charte.listening.types import IncomingMention
from charte.listening.watch import check_incoming
from charte.models import url_model
from charte.policy.model import Organisation

OWN = ["acmebank.fr"]
IDENTITY = Identity(brands=["AcmeBank"], domains=OWN)


def _flags(text: str, **kwargs: object) -> dict[str, tuple[str, ...]]:
    return {c.link: c.flags for c in check_links(text, OWN, identity=IDENTITY, **kwargs)}  # type: ignore[arg-type]


def test_each_kind_of_link_is_flagged_for_its_reason() -> None:
    flags = _flags(
        "Votre compte : https://acmebank-login.net/verifier, ou bit.ly/3xYz, ou http://192.168.4.2/index "
        "et https://www.acmebank.fr/aide (le vrai)."
    )
    assert "lookalike" in flags["https://acmebank-login.net/verifier"]
    assert "shortener" in flags["bit.ly/3xYz"]
    assert "raw_ip" in flags["http://192.168.4.2/index"]
    assert flags["https://www.acmebank.fr/aide"] == ()


def test_the_classifier_flags_above_its_threshold_only() -> None:
    phishing = (
        "http://secure-update-account.info/webscr/cmd=_login-submit/verify.php?session=8f3a9c2e1b7d4f60"
    )
    benign = "https://en.wikipedia.org/wiki/Bank"
    model = url_model.load_default()
    checks = check_links(f"{phishing} {benign}", OWN, identity=IDENTITY)
    assert [c.score for c in checks] == [model.score(phishing), model.score(benign)]
    assert "classifier" in checks[0].flags and checks[1].flags == ()
    # A threshold above every score: the classifier flags nothing; without it, no score at all.
    assert all("classifier" not in c.flags for c in check_links(phishing, OWN, threshold=1.01))
    assert check_links(phishing, OWN, use_classifier=False)[0].score is None


def test_idn_and_punycode_lookalikes() -> None:
    flags = _flags("https://xn--cmebank-1fg.fr/connexion and https://аcmebank.fr/connexion")
    assert all("lookalike" in f for f in flags.values()) and len(flags) == 2


@pytest.mark.parametrize(
    "text",
    [
        "http://[::1 and http://[zz]/ and https:// and http://%41%42/ and ftp://. and http://a..b/",
        "javascript:alert(1) data:text/html,<script>x</script> mailto:someone@example.com",
        "\ud800\udfff http://exa\x00mple.com/\ud800 \u202ehttp://moc.evil/",
        "…" * 10 + "http://" + "a" * 5000 + ".com/" + "b" * 5000,
    ],
)
def test_malformed_links_never_raise(text: str) -> None:
    for check in check_links(text, OWN, identity=IDENTITY):
        assert 0 <= check.start < check.end <= len(text)
        assert check.score is None or 0.0 <= check.score <= 1.0


def test_a_text_without_links_has_none() -> None:
    assert check_links("Bonjour, mon colis n'est pas arrivé. Merci !", OWN) == []


def test_a_one_megabyte_text_is_checked_in_bounded_time() -> None:
    distinct = " ".join(f"http://evil{i}.example/x" for i in range(800))
    text = ("blah " * 200_000) + " https://acmebank-secure.com/x " + "http://evil.example/x " * 500 + distinct
    started = time.perf_counter()
    checks = check_links(text, OWN, identity=IDENTITY)
    assert time.perf_counter() - started < 20
    assert len(text) > 1_000_000
    assert "lookalike" in checks[0].flags
    assert len(checks) == 1000  # the extraction's own bound
    assert len({c.link for c in checks if c.score is not None}) == MAX_SCORED  # repeats are scored once


def test_reasons_are_translated() -> None:
    check = check_links("https://acmebank-login.net/x bit.ly/a", OWN, identity=IDENTITY)
    for c in check:
        en, fr = c.reasons("en"), c.reasons("fr")
        assert len(en) == len(fr) == len(c.flags) and en != fr
        assert all(c.link in r for r in fr)


def test_extra_shorteners_are_honoured() -> None:
    assert (
        "shortener"
        in _flags("https://go.example/abc", extra_shorteners=["go.example"])["https://go.example/abc"]
    )


def _mention(text: str, handle: str, name: str = "") -> IncomingMention:
    return IncomingMention("1", text, handle, datetime(2026, 1, 5, tzinfo=UTC), author_name=name)


def test_check_incoming_flags_the_author_and_the_links() -> None:
    organisation = Organisation(name="AcmeBank", brands=["AcmeBank"], domains=["acmebank.fr"])
    identity = Identity.from_organisation(organisation, handles=["@acmebank@mastodon.social"])
    flags = check_incoming(
        _mention(
            "Remboursement ici : https://acmebank-remboursement.com/x et https://acmebank.fr",
            "@acmebank_aide@x.y",
        ),
        identity,
    )
    assert flags.flagged and flags.account is not None and flags.account.kind == "brand_and_words"
    assert [link.link for link in flags.links] == ["https://acmebank-remboursement.com/x"]
    reasons = flags.reasons("fr")
    assert len(reasons) == 1 + len(flags.links[0].flags) and reasons != flags.reasons("en")
    own = check_incoming(
        _mention("Bonjour, voir https://acmebank.fr/aide", "@acmebank@mastodon.social"), identity
    )
    assert not own.flagged and own.reasons() == []
