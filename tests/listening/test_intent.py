"""The intent routed on: the model's probabilities corrected by complaint cues and agent-reply cues (EN, FR)."""

from __future__ import annotations

import pytest

from charte.listening.intent import agent_reply, complaint_cue, decide


def _probs(top: str, p: float = 0.5, complaint: float = 0.2) -> dict[str, float]:
    rest = {"complaint": complaint, "question": 0.0, "praise": 0.0, "crisis": 0.0, "other": 0.0}
    rest[top] = p
    return rest


@pytest.mark.parametrize(
    "text",
    [
        "@Acme still waiting for my refund, three weeks now",
        "@AcmeHelp broadband gone off again",
        "Been ignored for a week @Acme. Unacceptable.",
        "@Acme the app won't let me log in #fixit",
        "@Acme toujours aucune réponse à mon mail",
        "@Acme colis jamais reçu, c'est une honte",
        "Ma box ne fonctionne plus depuis lundi @Acme",
        "@Acme j'attends depuis 10 jours mon remboursement",
        "Service client inexistant, scandaleux @Acme",
    ],
)
def test_complaints_the_model_reads_as_other_are_complaints(text: str) -> None:
    assert complaint_cue(text)
    assert decide(text, _probs("other", 0.5, complaint=0.2)) == "complaint"


@pytest.mark.parametrize(
    "text",
    [
        "@jane We're sorry to hear that. Please DM us your order number and we'll look into it. *MS",
        "@bob Thanks for reaching out – have you tried restarting the app? Let us know if it helps.",
        "@kim Please submit a ticket here so we can help: https://support.example.com ^JD",
        "@marie Nous sommes désolés pour la gêne. Écrivez-nous en MP avec votre numéro de commande.",
        "@paul Merci de nous avoir contactés, n'hésitez pas à nous envoyer votre référence.",
    ],
)
def test_agents_replies_are_not_complaints_nor_crises(text: str) -> None:
    assert agent_reply(text)
    assert decide(text, _probs("complaint", 0.7)) == "other"
    assert decide(text, _probs("crisis", 0.5)) == "other"
    assert decide(text, _probs("crisis", 0.9)) == "crisis"  # a sure crisis stays one
    assert decide(text, _probs("question", 0.7)) == "question"  # only a complaint or crisis reading is undone


def test_a_customer_quoting_an_agent_with_a_complaint_cue_stays_a_complaint() -> None:
    text = "@Acme 'we're sorry to hear that' is all you say, still no refund after a month"
    assert decide(text, _probs("complaint", 0.7)) == "complaint"


def test_a_sure_other_reading_wins_over_a_cue() -> None:
    crisis = "Fire at the Acme plant, the roads are still not open"
    assert decide(crisis, _probs("crisis", 0.9, complaint=0.05)) == "crisis"
    praise = "@Acme was not working yesterday, fixed in 5 minutes by your team. Brilliant!"
    assert decide(praise, _probs("praise", 0.8, complaint=0.1)) == "praise"
    # Too little complaint in the model's reading: a cue alone does not make a complaint.
    assert decide("still waiting for the new season!", _probs("other", 0.5, complaint=0.01)) == "other"


def test_the_brands_own_posts_are_never_complaints() -> None:
    assert (
        decide("Our app is down, we are working on it", _probs("complaint", 0.9), from_brand=True) == "other"
    )
    assert decide("New opening hours!", _probs("other", 0.9), from_brand=True) == "other"


def test_nothing_scored_is_no_intent() -> None:
    assert decide("text", None) is None
    assert decide("text", {}) is None


@pytest.mark.parametrize(
    "text",
    [
        "@Acme when does the new store open?",
        "Loved the coffee at Acme today",
        "@Acme are you getting the new phone in blue?",
    ],
)
def test_ordinary_posts_have_no_cue(text: str) -> None:
    assert not complaint_cue(text) and not agent_reply(text)


def test_a_signature_is_found_from_the_end_as_from_the_start() -> None:
    import random

    from charte.listening.intent import _SIGNATURE, _signed

    rng = random.Random(7)
    alphabet = "aZBc *^~-–/ \n\t\u00a0\u2003XYMSJD.é"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert _signed(text) == (_SIGNATURE.search(text) is not None), text
    assert _signed("Sorry to hear that, please DM us *MS \n") and not _signed("*MS was here")


def test_a_reading_no_cue_can_change_is_returned_as_the_model_gave_it() -> None:
    from charte.listening.intent import decide

    # Praise, the complaint below the cue floor: the same for an agent's wording, a cue or none.
    for text in ("Sorry to hear that, please DM us *MS", "still waiting for my refund", "lovely day"):
        assert decide(text, {"praise": 0.9, "complaint": 0.01, "other": 0.09}) == "praise"
    # An unsure crisis in an agent's wording is still read as the agent's ("other").
    assert (
        decide("Sorry to hear that, please DM us *MS", {"crisis": 0.5, "complaint": 0.01, "other": 0.49})
        == "other"
    )
