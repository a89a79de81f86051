"""Illegal-goods deals that a fixed list of items misses (charte.detectors.support.deal_shapes): goods named by
their illegality, vendor talk after the goods, slang, and the look-alikes the same words name (trade
dealers, licensed weapons, the author's own stolen phone). French and English; the sentences are not those of
benchmarks/data/probe6_dev.jsonl: they test the families."""

from __future__ import annotations

import pytest
from policykit import deals, illegal_reported

from charte import normalize
from charte.detectors.support.deal_shapes import licensed_weapon, trade_dealer
from charte.policy.model import Policy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # goods named by what makes them illegal, words between
        ("where do u get forged uni diplomas", [("fraud", "forged uni diplomas")]),
        ("selling fake UK driving licences, dm", [("fraud", "fake UK driving licences")]),
        ("anyone selling counterfeit €50 notes?", [("fraud", "counterfeit €50 notes")]),
        ("je vends des fausses cartes grises", [("fraud", "fausses cartes")]),
        # French: the adjective after the noun
        ("vends comptes tiktok piratés", [("fraud", "comptes tiktok piratés")]),
        ("qui me vend une carte bancaire clonée ?", [("fraud", "carte bancaire clonée")]),
        ("télés tombées du camion, 100 balles, mp moi", [("fraud", "tombées du camion")]),
        # favours and offers of a service
        ("i can sort you a fake passport by monday", [("fraud", "fake passport")]),
        ("je peux te faire un faux diplôme", [("fraud", "faux diplôme")]),
        ("could someone get me some ket for sat", [("drugs", "ket")]),
        ("any vendors who ship mdma to Spain?", [("drugs", "mdma")]),
        ("anybody know where to get shrooms in leeds", [("drugs", "shrooms")]),
        ("je cherche de la md pour ce soir", [("drugs", "md")]),
        ("besoin de tramadol sans ordo", [("drugs", "tramadol")]),
        ("can someone hook me up with a couple of grams of molly", [("drugs", "molly")]),
        # vendor talk after the goods
        ("50x xanax 2mg, tracked and stealth, escrow accepted", [("drugs", "xanax")]),
        ("got percs and bars, tryna link up tonight", [("drugs", "percs")]),
        ("fullz with dob, pay in crypto only", [("fraud", "fullz")]),
        ("hacked spotify family accounts, restocked daily", [("fraud", "hacked spotify family accounts")]),
        ("montres rolex contrefaites, qualité miroir", [("fraud", "montres rolex contrefaites")]),
        ("de la keta et des taz pour samedi, mp moi", [("drugs", "keta")]),
        ("blow ❄️❄️ just landed, dm", [("drugs", "blow")]),
    ],
)
def test_deal_shapes(text: str, expected: list[tuple[str, str]]) -> None:
    assert deals(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "my stolen bike turned up on ebay, dm me if you know the seller",
        "someone hacked my twitter account, message me on here instead",
        "ma carte bancaire a été clonée, la banque m'a remboursé",
        "mon téléphone volé est à vendre sur leboncoin, dm moi si vous voyez le vendeur",
        "selling faux fur coats and faux leather bags, dm for sizes",
        "vends fausses plantes et faux cils, livraison france",
        "can you get me a coke from the machine?",
        "je cherche du shit-ake pour ma recette, mp moi",
        "selling my blow dryer, barely used, dm me",
        "fresh batch of sourdough just landed, dm for orders",
        "selling my phone, cracked screen, dm me",
        "The counterfeit bills were seized by police, three people charged",
        "Beware of fake vaccine cards sold online, report it",
    ],
)
def test_look_alikes_are_not_deals(text: str) -> None:
    assert deals(text) == []


@pytest.mark.parametrize(
    ("text", "trade"),
    [
        ("our local coin dealer", True),
        ("visit the authorised Peugeot dealer", True),
        ("a dealer in antiques", True),
        ("mon dealer de voitures", True),
        ("my dealer is out of weed", False),
        ("un dealer sur Lille ?", False),
        ("a dealer of the worst kind", False),
    ],
)
def test_a_trade_dealer(text: str, trade: bool) -> None:
    folded = normalize.folded(text).text
    start = folded.index("dealer")
    assert trade_dealer(folded, start, start + len("dealer")) is trade


@pytest.mark.parametrize(
    ("text", "licensed"),
    [
        ("selling my shotgun, certificate holders only", False),  # a certificate holder is no licence word
        ("selling my shotgun, licence holders only", True),
        ("vends carabine, avec permis de chasse uniquement", True),
        ("vends carabine avec permis, non déclarée", False),
        ("selling a glock with a licence lol no background check", False),
    ],
)
def test_a_licensed_weapon_sale(text: str, licensed: bool) -> None:
    assert licensed_weapon(normalize.folded(text).text) is licensed


@pytest.mark.parametrize(
    ("text", "lang", "reported"),
    [
        ("best bullion dealer in town, gold bars at spot price", "en", False),
        ("Used car dealer looking for a sales assistant", "en", False),
        ("my dealer dropped off an eighth last night", "en", True),
        ("Vends fusil de chasse, papiers en règle, remise en main propre", "fr", False),
        ("Vends fusil à pompe sans papiers, discret", "fr", True),
        ("fake UK driving licences, scannable, dm", "en", True),
        ("comptes netflix piratés à vendre", "fr", True),
    ],
)
def test_the_detector_on_trades_licences_and_vendor_talk(
    demo_policy: Policy, text: str, lang: str, reported: bool
) -> None:
    assert illegal_reported(demo_policy, text, lang) is reported


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ki a d la beuh vers rouen", [("drugs", "beuh")]),
        ("jcherche dla weed pour ce soir", [("drugs", "weed")]),
        ("jvend d la frappe, mp", [("drugs", "frappe")]),
        ("g d la beuh si ca tente qqn", [("drugs", "beuh")]),
        ("vous savez ou on peut choper de la md ?", [("drugs", "md")]),
        ("need sum addys before finals", [("drugs", "addys")]),
        ("anyone sellin shrooms around here", [("drugs", "shrooms")]),
        ("where i can get some molly at", [("drugs", "molly")]),
        ("tryna cop a couple xans", [("drugs", "xans")]),
        ("my guy has percs if anyone needs", [("drugs", "percs")]),
        ("mon plug a de la bonne beuh", [("drugs", "beuh")]),
    ],
)
def test_texting_spellings(text: str, expected: list[tuple[str, str]]) -> None:
    assert deals(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "la police a saisi 10 g de beuh chez lui",
        "quelle frappe de Mbappé hier soir, dispo en replay",
        "j'ai 10 g de farine, il m'en faut plus",
        "g besoin de dormir",
        "je veux de la coke zero",
        "my guy has a great recipe for pasta",
        "mon gars a une voiture",
    ],
)
def test_texting_look_alikes(text: str) -> None:
    assert deals(text) == []
