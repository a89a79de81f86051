"""Impersonation watch: look-alike handles, display names and domains, in both directions."""

from __future__ import annotations

import pytest

from charte.listening.lookalike import Identity, Lookalike, skeleton

ACME = Identity(
    handles=["@acmebank@mastodon.social", "acmebank.bsky.social", "@acmebank_aide@piaille.fr"],
    names=["AcmeBank"],
    brands=["AcmeBank", "Zento"],
    domains=["acmebank.fr"],
)


def test_skeleton_maps_other_scripts_to_latin() -> None:
    assert skeleton("АсмеВаnк") == skeleton("acmebank") == "acmebank"  # Cyrillic А, с, м? е, В, а
    assert skeleton("ａｃｍｅ") == "acme"  # full-width
    assert skeleton("αcmε_bαnk") == "acmebank"  # Greek
    assert skeleton("4cm3b4nk") == "acmebank"  # leetspeak


@pytest.mark.parametrize(
    ("handle", "display", "kind"),
    [
        ("@асmebank@evil.social", "", "confusable"),  # Cyrillic а and с
        ("@acmebank@mastodon.online", "", "same_name"),
        ("@acmebamk@x.social", "", "typo"),
        ("@acmbeank@x.social", "", "typo"),  # swapped letters
        ("@acmebank_support@x.social", "", "brand_and_words"),
        ("@acmebankhelp_official@x.social", "", "brand_and_words"),
        ("@service_client_acmebank@x.social", "", "brand_and_words"),
        ("@AcmeBankHelpDesk@x.social", "", "brand_and_words"),
        ("@acmebnak_officiel@x.social", "", "brand_and_words"),  # a typo and a word
        ("@zentosupport@x.social", "", "brand_and_words"),
        ("@zentoo@x.social", "", "typo"),  # doubled letter of a 5-letter brand
        ("@user9821@x.social", "AcmeBank Service Client", "brand_and_words"),
        ("@user9821@x.social", "AcmeBank", "same_name"),
        ("acmebank-help.bsky.social", "", "brand_and_words"),
        ("@my_acmebank_life@x.social", "", "inside"),
    ],
)
def test_impostors_are_flagged(handle: str, display: str, kind: str) -> None:
    found = ACME.check_account(handle, display)
    assert found is not None and found.kind == kind, (handle, found)


@pytest.mark.parametrize(
    ("handle", "display"),
    [
        ("@acmebank@mastodon.social", "AcmeBank"),  # our own handles, with our own name
        ("@AcmeBank@Mastodon.Social", ""),
        ("acmebank.bsky.social", "AcmeBank"),
        ("@acmebank_aide@piaille.fr", "AcmeBank Aide"),
        ("@alice_martin@mastodon.social", "Alice Martin"),
        ("@jean.dupont@piaille.fr", "Jean Dupont"),
        ("@delta_support@mastodon.social", "Delta Support"),  # another company's support
        ("@zen@x.social", "Zen"),  # short words near a short brand
        ("@zeno@x.social", "Zeno"),
        ("@bank@x.social", "Bank"),
        ("@acme@x.social", "Acme"),
        ("@help@x.social", "Help"),
        ("@support@x.social", "Official Support"),
        ("", ""),
        ("@@", "   "),
    ],
)
def test_ordinary_and_own_accounts_are_not_flagged(handle: str, display: str) -> None:
    assert ACME.check_account(handle, display) is None


def test_short_own_names_match_only_exactly() -> None:
    short = Identity(brands=["Ovh"])
    assert short.check_name("ovh") is not None and short.check_name("0vh") is not None
    assert short.check_name("ovhh") is None and short.check_name("ovh_support") is None


@pytest.mark.parametrize(
    ("host", "kind"),
    [
        ("acmebank.com", "same_name"),
        ("acmebank-login.net", "brand_and_words"),
        ("xn--cmebank-1fg.fr", "confusable"),  # "аcmebank.fr" with a Cyrillic а, as punycode
        ("аcmebank.fr", "confusable"),
        ("acmebank.fr.evil.io", "subdomain"),
        ("acmebnak.fr", "typo"),
    ],
)
def test_lookalike_domains(host: str, kind: str) -> None:
    found = ACME.check_domain(host)
    assert found is not None and found.kind == kind


@pytest.mark.parametrize(
    "host", ["acmebank.fr", "www.acmebank.fr", "WWW.ACMEBANK.FR.", "wikipedia.org", "bank.com", ""]
)
def test_own_and_unrelated_domains_are_not_flagged(host: str) -> None:
    assert ACME.check_domain(host) is None


def test_our_name_before_at_is_flagged() -> None:
    found = ACME.check_domain("evil.io", userinfo="acmebank.fr")
    assert found is not None and found.kind == "userinfo"


def test_reasons_in_english_and_french() -> None:
    found = Lookalike("brand_and_words", "AcmeBank", ("support",))
    assert found.reason("en") == "our name “AcmeBank” with words impostors add (“support”)"
    french = found.reason("fr")
    assert "AcmeBank" in french and "support" in french and french != found.reason("en")
    for kind in ("confusable", "same_name", "typo", "inside", "subdomain", "userinfo"):
        assert Lookalike(kind, "AcmeBank").reason("fr") != Lookalike(kind, "AcmeBank").reason("en")  # type: ignore[arg-type]


def test_a_long_or_hostile_name_is_checked_quickly() -> None:
    assert ACME.check_name("x" * 100_000 + "\ud800\x00") is None
    assert ACME.check_name("acmebank" + "_support" * 2000) is not None


def test_a_did_plc_author_is_no_chosen_name_but_its_display_name_is() -> None:
    # Bluesky gives the author's DID until its handle is known: a hash, which imitates no one.
    assert ACME.check_account("did:plc:acmebankhelp") is None
    found = ACME.check_account("did:plc:7q2w3e4r5t6y7u8i9", "AcmeBank Help")
    assert found is not None and found.target == "AcmeBank"
    assert ACME.check_account("acmebankhelp.bsky.social") is not None  # a chosen handle still is
