"""Complaint cue families (charte.listening.intent.FAMILIES): each catches complaints without a judgement word,
in English and French, and leaves its look-alikes (praise mentioning a refund, a plain question) alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchmarks.eval_routing import fr_probe

from charte.listening.intent import FAMILIES, complaint_cue, cue_families, decide, praise_cue


def _probs(top: str, p: float = 0.7, complaint: float = 0.2) -> dict[str, float]:
    rest = {"complaint": complaint, "question": 0.0, "praise": 0.0, "crisis": 0.0, "other": 0.0}
    rest[top] = p
    return rest


CASES = {
    "delay": [
        "@Acme train 40 minutes late, every single morning",
        "@AcmeHelp it's been 3 weeks and my order should have been dispatched",
        "@Acme toujours en attente de ma carte, ça fait trois semaines",
        "@Acme 25 minutes de retard, encore",
    ],
    "repeated_contact": [
        "@Acme 3rd time I call about the same bill",
        "@Acme I've tried three times to change my address, what do I do?",
        "@DropboxSupport any answer on my tweet?",
        "@Acme c'est la troisième fois que j'appelle pour le même problème",
        "@Acme j'ai appelé 4 fois cette semaine",
    ],
    "missing_broken": [
        "@brand where is my order??",
        "@Acme parcel arrived damaged and half empty",
        "@Acme the app keeps crashing since the update",
        "@Acme colis endommagé à la livraison",
        "@Acme où est ma commande ?",
    ],
    "money": [
        "@Acme you charged me twice for one ticket",
        "@Acme refund still not showing after a month",
        "@Acme prélevé deux fois ce mois-ci",
        "@Acme toujours pas remboursé",
    ],
    "no_answer": [
        "Wtf @Topman pick the phone up",
        "@Acme nobody answers the support line",
        "@Acme personne ne répond au téléphone",
        "@Acme service client injoignable",
    ],
    "outage": [
        "@Acme site is down again",
        "@Acme no internet since this morning in Leeds",
        "@Acme site en panne depuis midi",
        "@Acme encore une coupure de réseau",
    ],
    "verdict": [
        "@Acme this app is an absolute joke",
        "@Acme wasn't helpful at all, plz dm me",
        "@Acme c'est une blague ? 1h d'attente en boutique",
        "@Acme plus jamais je commande chez vous",
    ],
    "cannot": [
        "@Acme unable to log in since Monday",
        "@Acme found my order yet???",
        "@Acme impossible de me connecter à mon espace client",
        "@Acme je n'arrive pas à payer sur le site",
    ],
    "sarcasm": [
        "@Acme thanks for nothing",
        "I love waiting at @Acme for 15 minutes for cold fries",
        "@Acme merci pour rien",
        "@Acme j'adore attendre 2h au téléphone",
    ],
}


@pytest.mark.parametrize(("family", "text"), [(f, t) for f, texts in CASES.items() for t in texts])
def test_each_family_makes_a_complaint_of_what_the_model_reads_as_other(family: str, text: str) -> None:
    assert family in cue_families(text)
    assert decide(text, _probs("other", 0.8)) == "complaint"
    assert decide(text, _probs("question", 0.8)) == "complaint"


def test_every_family_is_tested() -> None:
    assert set(CASES) == set(FAMILIES)


@pytest.mark.parametrize(
    "text",
    [
        "Got my refund in two days, thank you @Acme!",
        "@Acme merci, remboursement reçu en 48h",
        "@Acme where is your nearest store?",
        "@Acme when does the sale start?",
        "@Acme où est votre magasin le plus proche ?",
        "@Acme le TGV de 18h est-il à l'heure ?",
        "@Acme the new season is great, can't wait for more",
    ],
)
def test_look_alikes_do_not_route(text: str) -> None:
    assert not complaint_cue(text)
    assert decide(text, _probs("other", 0.8)) != "complaint"
    assert decide(text, _probs("praise", 0.7, complaint=0.1)) == "praise"


@pytest.mark.parametrize(
    "text",
    [
        "@Superdry_Care Thank you for resolving my issue promptly #goodcustomerservice",
        "@LenovoSupport The updated driver worked",
        "@Acme merci pour votre aide, problème résolu",
    ],
)
def test_thanks_the_model_reads_as_a_complaint_are_praise(text: str) -> None:
    assert praise_cue(text)
    assert decide(text, _probs("complaint", 0.7), sentiment={"negative": 0.1}) == "praise"
    # Negative enough, it stays the model's complaint (sarcastic thanks).
    assert decide(text, _probs("complaint", 0.7), sentiment={"negative": 0.8}) == "complaint"


@pytest.mark.parametrize(
    "text",
    [
        "@JetBlue When are your flights for December released? Looking to book",
        "@BTCare hello, please can you tell me the roaming charges for India, thanks",
        "@Acme bonjour, quels sont vos horaires le dimanche ?",
        "@Acme est-ce que vous livrez en Corse ?",
    ],
)
def test_plain_questions_the_model_reads_as_complaints_are_questions(text: str) -> None:
    assert decide(text, _probs("complaint", 0.5), sentiment={"negative": 0.1}) == "question"


def test_a_question_carrying_a_complaint_cue_stays_a_complaint() -> None:
    text = "@Acme when are you going to answer? 3rd time I call"
    assert decide(text, _probs("complaint", 0.5), sentiment={"negative": 0.1}) == "complaint"
    assert decide(
        "@Acme quand allez-vous répondre ?", _probs("complaint", 0.5), sentiment={"negative": 0.7}
    ) == ("complaint")


def test_a_sure_crisis_or_praise_keeps_its_reading_over_a_new_cue() -> None:
    assert decide("@Acme site is down again after the fire", _probs("crisis", 0.9, complaint=0.1)) == "crisis"
    assert decide("@Acme no internet for a day, fixed now, brilliant", _probs("praise", 0.9)) == "praise"
    assert decide("@Acme where is my order??", _probs("other", 0.9, complaint=0.01)) == "other"


def test_an_agent_naming_the_problem_is_still_an_agent() -> None:
    text = "@jane We're sorry your parcel arrived damaged. Please DM us your order number. *MS"
    assert decide(text, _probs("complaint", 0.7)) == "other"
    # The model sure of another reading of an agent's post: a new cue does not overrule it.
    assert (
        decide("@jo Sorry to hear the app keeps crashing, try reinstalling it", _probs("other", 0.8))
        == "other"
    )


def test_the_french_probe_reads_and_names_a_bad_line(tmp_path: Path) -> None:
    rows = fr_probe()
    assert sum(r.complaint for r in rows) == 100 and len(rows) == 200
    assert {r.lang for r in rows} == {"fr"}
    bad = tmp_path / "probe.jsonl"
    bad.write_text(json.dumps({"text": "ok", "label": "complaint"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"probe\.jsonl line 2"):
        fr_probe(bad)
