"""Threat words whose context makes them none, through the whole engine with the finance starters: "pay"
followed by a price ("you'll pay less tax"), the weather as the agent of a passive ("you're gonna get smoked by
this heat"), where the author, an animal or the weather "will end up" (the model reads "will end up" as a
threat), and "will end up" no longer read inside "w-ill end u-p" as "I'll end you". Each family with the real
threats next to it, which still flag."""

from __future__ import annotations

import pytest
from policykit import check_finance

NOT_THREATS = [
    ("en", "you'll be taken care of by our people at the front desk"),
    ("en", "you'll be dealt with by our team within 24h"),
    # a price after "pay"
    ("en", "your family are gonna pay less tax"),
    ("en", "you will pay less tax next year"),
    ("en", "you'll pay more for petrol after the budget"),
    ("en", "u will pay a fee if you cancel late"),
    ("en", "you will pay the same price online"),
    ("fr", "tu vas payer moins d'impôts l'an prochain"),
    ("fr", "vous allez payer des frais si vous annulez"),
    # the weather's doing
    ("en", "gonna get smoked by this heat"),
    ("en", "you're gonna get smoked by this heat wave"),
    ("en", "ur gonna get smoked in this traffic lol"),
    ("en", "the tomatoes will get fried by the sun out there"),
    ("fr", "tu vas te faire griller par le soleil"),
    # where the author, an animal or the weather ends up
    ("en", "my cat will end up on the roof"),
    ("en", "the dog will end up in the pond again"),
    ("en", "I'll end up on the sofa tonight"),
    ("en", "I will end up broke at this rate"),
    ("en", "the storm will end up flooding the garden"),
    ("fr", "mon chat va finir sur le toit"),
]

THREATS = [
    ("en", "u will get jumped by my cousins"),
    ("en", "you will end up in the hospital"),
    ("en", "you'll end up in a ditch"),
    ("en", "your dog will end up in the river if you keep this up"),
    ("en", "you will pay for this"),
    ("en", "you'll pay for what you did"),
    ("en", "you'll pay the price for this"),
    ("en", "ur gonna get smoked"),
    ("en", "you're gonna get hurt by my boys"),
    ("en", "I will end you"),
    ("en", "ill end u"),
    ("fr", "tu vas le payer cher"),
    ("fr", "tu vas payer pour ce que tu as fait"),
    ("fr", "tu vas finir à l'hôpital"),
    ("en", "your family are gonna pay for this"),
]


@pytest.mark.parametrize(("lang", "text"), NOT_THREATS)
def test_threat_words_in_a_harmless_context_are_allowed(lang: str, text: str) -> None:
    verdict, entities = check_finance(text, lang)
    assert "THREAT" not in entities, (text, verdict, entities)


@pytest.mark.parametrize(("lang", "text"), THREATS)
def test_real_threats_next_to_them_still_flag(lang: str, text: str) -> None:
    verdict, entities = check_finance(text, lang)
    assert verdict != "allow" and "THREAT" in entities, (text, verdict, entities)
