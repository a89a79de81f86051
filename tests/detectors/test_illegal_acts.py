"""Offers and requests of illegal goods as a composition (charte.detectors.support.deal_acts): a trade act near
an illicit good, slang read in its drug sense only with a cue of that sense, and the guards (everyday senses,
names, toys, legal frames, warnings). French and English; the sentences are not those of
benchmarks/data/probe9_dev.jsonl: they test the families."""

from __future__ import annotations

import pytest
from policykit import deals, illegal_reported

from charte import normalize
from charte.detectors.support.deal_acts import advice, legal_frame, toy_weapon
from charte.policy.model import Policy


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # slang with its drug sense in the post, and a price, a quantity or a contact
        ("za 💨 halves $120, meet me at the usual spot", [("drugs", "za")]),
        ("that gas 🍃 zips for 180, tap in", [("drugs", "gas")]),
        ("lean 💜 by the pint, text only", [("drugs", "lean")]),
        ("carts 1g $30, hit my line", [("drugs", "carts")]),
        ("pressies 💊 50 for $150, pm me", [("drugs", "pressies")]),
        ("premium snow, 8balls $200, drop off tonight", [("drugs", "snow")]),
        ("painkillers no script needed, shipped next day", [("drugs", "painkillers")]),
        # requests
        ("anyone got za? been dry since monday", [("drugs", "za")]),
        ("qqn aurait du lean ? je paye cash", [("drugs", "lean")]),
        ("where do i score some blow in leeds", [("drugs", "blow")]),
        ("ou acheter de la drogue en ligne ?", [("drugs", "drogue")]),
        # weapons made illegal by a qualifier, forgeries, piracy, stolen data, violence for hire
        ("9mm never registered, cash ready, meet in person", [("weapons", "9mm never registered")]),
        ("besoin d'un pistolet intraçable, je paie", [("weapons", "pistolet intraçable")]),
        ("real-looking nursing diplomas, $250", [("fraud", "real-looking nursing diplomas")]),
        ("1:1 replica cartier watches, shipped in 3 days", [("fraud", "1:1 replica cartier watches")]),
        ("bootleg dvds of every new release, 5 for $20", [("piracy", "bootleg dvds")]),
        ("comptes netflix à vie, 4€", [("piracy", "comptes netflix")]),
        ("snap logs and bank logs, escrow ok", [("fraud", "bank logs")]),
        ("fresh cvv with dob, $12", [("fraud", "cvv")]),
        ("hitman available, half up front", [("violence", "hitman")]),
        ("brand new ps5s, stolen from a depot, half the retail price", [("fraud", "stolen from a depot")]),
        ("suppressors and bump stocks, discreet shipping", [("weapons", "suppressors")]),
        ("crack rocks downtown, 3 for $50", [("drugs", "crack")]),
        ("benzos and opiates, ask for the list", [("drugs", "benzos")]),
        ("some nose candy for the weekend, hmu", [("drugs", "nose candy")]),
        ("selling my vyvanse prescription, $4 a capsule", [("drugs", "vyvanse")]),
        ("i'm the plug. link in bio.", [("drugs", "plug")]),
        ("stolen designer sneakers, cheap, dm", [("fraud", "stolen designer sneakers")]),
        ("qqn a de l'herbe ? 20 grammes pour samedi", [("drugs", "herbe")]),
        ("j'écoule des vélos volés, prix cassés", [("fraud", "vélos volés")]),
        ("vends cryptogrammes et dates d'expiration, cb étrangères", [("fraud", "cryptogrammes")]),
        ("qui me fait un faux certificat de travail ?", [("fraud", "faux certificat")]),
        ("je cherche qqn pour tabasser mon ex, je paye bien", [("violence", "tabasser")]),
    ],
)
def test_composed_deals(text: str, expected: list[tuple[str, str]]) -> None:
    assert deals(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # the everyday sense of the slang
        "za 🍕 large pepperoni $14, delivery till midnight",
        "gas station on 5th: $3.09 a gallon, cash only",
        "lean ground turkey $5/lb, pick up saturday",
        "lean on me, text me anytime",
        "golf carts for rent, $40 a day, dm",
        "pressies for the kids 🎁 wrapped and delivered",
        "fresh snow on the slopes, ski pass $60, dm",
        "selling vitamins and supplements, pills sealed, $10",
        "i got drugs and hugs for you lol",
        "qui a un plug pour ma guitare ? le mien est cassé",
        "qui a de l'herbe à chat pour mon lapin ?",
        # a name, a tour shirt, an app's own accounts, a warning
        "molly and I are selling lemonade, $1 a cup",
        "vintage bootleg tee from a 90s tour, $40, shipped",
        "lifetime accounts on our app: one payment, dm for info",
        "never share your cvv, not even with someone who says they are from the bank",
        "my bike was stolen from the shop yesterday, dm me if you see it",
        "phone screen crack repair, $40, hit me up",
        # a legal frame
        "CBD flowers under 0.3 % THC, lab-tested, delivery in 24h",
        "adderall with a prescription from your doctor only, pharmacy delivery",
    ],
)
def test_look_alikes_are_not_composed_deals(text: str) -> None:
    assert deals(text) == []


@pytest.mark.parametrize(
    ("text", "lang", "reported"),
    [
        ("cvv is on the back of your card: never share it with anyone", "en", False),
        ("Stolen or lost card? Our blocking line answers 24/7 on 0 800 123 456.", "en", False),
        ("vérifiez vos billets, des faux billets circulent en ce moment", "fr", False),
        ("authorised Omega dealer, warranty and papers included", "en", False),
        ("qui a un flingue à eau pour l'anniversaire du petit ?", "fr", False),
        ("where can i buy a prop gun for the school play?", "en", False),
        ("the za 💨 $40 a quarter, pull up", "en", True),
        ("tueur à gages dispo, moitié avant", "fr", True),
    ],
)
def test_the_detector_on_composed_deals_and_guards(
    demo_policy: Policy, text: str, lang: str, reported: bool
) -> None:
    assert illegal_reported(demo_policy, text, lang) is reported


@pytest.mark.parametrize(
    ("text", "guards"),
    [
        ("never share your cvv", (True, False, False)),
        ("pharmacie : tramadol sur ordonnance", (False, True, False)),
        ("tramadol sans ordonnance, pharmacie en ligne", (False, False, False)),
        ("nerf gun for sale", (False, False, True)),
    ],
)
def test_the_guards(text: str, guards: tuple[bool, bool, bool]) -> None:
    folded = normalize.folded(text).text
    assert (advice(folded), legal_frame(folded), toy_weapon(folded)) == guards
