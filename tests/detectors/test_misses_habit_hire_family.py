"""Issue #12's known misses, each with other phrasings (EN and FR) and its must-not-flag neighbours, through the
whole engine with the finance starter policy: a group's habit of harm ("only bring trouble", "always causing
trouble"), a French threat on a condition ("sinon tu finis à l'hôpital"), harm delegated by hiring or paying
("hired a guy to take care of your husband"), the reader's family who "will pay" with no price, and a group's
kind habit ("always help out") that must stay allowed.

Written before the rules that read them.
"""

from __future__ import annotations

import pytest
from tests.detectors.policykit import check_finance

FLAGGED = [
    # a group's habit of harm
    ("en", "Refugees only bring trouble to this town"),
    ("en", "Immigrants only ever bring problems"),
    ("en", "Muslims are always causing trouble"),
    ("en", "Migrants are always causing problems around here"),
    ("en", "Jews always cause trouble"),
    ("fr", "Les musulmans causent toujours des ennuis"),
    ("fr", "Les réfugiés ne font que causer des problèmes"),
    ("fr", "Les migrants créent toujours des problèmes"),
    # a French threat on a condition
    ("fr", "Rembourse-moi sinon tu finis à l'hôpital"),
    ("fr", "Paye ce que tu dois sinon tu vas finir au cimetière"),
    ("fr", "Parle encore et tu finis dans un fossé"),
    ("fr", "Ferme-la sinon tu vas finir aux urgences"),
    # harm delegated by hiring or paying
    ("en", "I hired a guy to take care of your husband"),
    ("en", "I paid some guys to take care of your brother"),
    ("en", "We hired someone to deal with your wife"),
    ("fr", "J'ai engagé un gars pour s'occuper de ton mari"),
    ("fr", "J'ai payé des types pour s'occuper de ta femme"),
    # the reader's family will pay
    ("en", "your family are gonna pay for this"),
    ("en", "your kids will pay for what you did"),
    ("en", "your wife is going to pay for this"),
    ("fr", "ta famille va payer pour ça"),
    ("fr", "tes enfants vont le payer cher"),
    # other phrasings, written after the rules to check they generalise
    ("en", "Immigrants always bring trouble"),
    ("fr", "Les migrants ne causent que des ennuis"),
    ("fr", "Les Roms ne font que semer le désordre"),
    ("fr", "Dis encore un mot sinon tu finis à la morgue"),
    ("en", "I hired some men to deal with your brother"),
    ("fr", "On a payé des types pour s'occuper de ton frère"),
    ("en", "your whole family will pay for what you did"),
    ("en", "your kids are gonna pay the price"),
]

ALLOWED = [
    ("en", "Refugees only bring skills to this town"),
    ("en", "Immigrants only ever bring good food"),
    ("en", "Muslims always help out at the food bank"),
    ("en", "Migrants always help their neighbours"),
    ("en", "The refugees are always causing a stir with their amazing cooking"),
    ("fr", "Les musulmans aident toujours à la banque alimentaire"),
    ("fr", "Les réfugiés aident toujours les voisins"),
    ("fr", "Rembourse-moi sinon tu vas finir en retard sur tes factures"),
    ("fr", "Dépêche-toi sinon tu finis en retard"),
    ("fr", "Mange sinon tu vas finir affamé"),
    ("en", "I hired a guy to take care of the garden"),
    ("en", "I paid someone to take care of my husband while I was away"),
    ("en", "We hired a nurse to take care of your grandma"),
    ("fr", "J'ai engagé une nounou pour s'occuper de tes enfants"),
    ("en", "your family are gonna pay for dinner"),
    ("en", "your kids will pay half price at the museum"),
    ("en", "your wife is going to pay for the tickets"),
    ("fr", "ta famille va payer moins d'impôts"),
    ("fr", "tes enfants vont payer le restaurant"),
    # other phrasings, written after the rules: no group, a thing, a chore, a price
    ("en", "The kids are always causing trouble in class"),
    ("fr", "Les gamins causent toujours des problèmes en classe"),
    ("fr", "ces travaux causent toujours des problèmes"),
    ("en", "we paid someone to take care of your dog while you were away"),
    ("en", "I paid someone to take care of your mum for the week"),
    ("en", "your kids are gonna pay the price of the tickets"),
    ("en", "your mom will pay for this round, thanks!"),
]


@pytest.mark.parametrize(("lang", "text"), FLAGGED)
def test_the_harm_is_flagged(lang: str, text: str) -> None:
    verdict, entities = check_finance(text, lang)
    assert verdict != "allow", entities


@pytest.mark.parametrize(("lang", "text"), ALLOWED)
def test_the_neighbour_is_allowed(lang: str, text: str) -> None:
    verdict, entities = check_finance(text, lang)
    assert verdict == "allow", entities
