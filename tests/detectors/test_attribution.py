from __future__ import annotations

from typing import Any

import pytest
from policykit import at, make_engine, run, spans

from charte.domain import Span

ENGINE = make_engine("attribution")
Q = "UNCREDITED_QUOTE"
M = "UNCREDITED_MEDIA"

QUOTE_FR = "« Le succès n'est pas final, l'échec n'est pas fatal »"
QUOTE_EN = "“Success is not final, failure is not fatal, it is the courage that counts”"

CASES: list[tuple[str, list[str]]] = [
    # Uncredited quotations: the span is the whole quotation, marks included
    (f"Pensée du jour : {QUOTE_FR}", [QUOTE_FR]),
    (f"Monday motivation: {QUOTE_EN}", [QUOTE_EN]),
    (
        'Seen on a mug today: "the best way to predict the future is to invent it" and I laughed.',
        ['"the best way to predict the future is to invent it"'],
    ),
    (f"{QUOTE_FR} et {QUOTE_EN}", [QUOTE_FR, QUOTE_EN]),
    # Credited: after the quotation
    (f"{QUOTE_FR} — Winston Churchill", []),
    (f"{QUOTE_FR} - W. Churchill", []),
    (f"{QUOTE_FR}, selon un discours de 1941", []),
    (f"{QUOTE_EN} according to the official archive", []),
    (f"{QUOTE_EN} via @quotes_daily", []),
    (f"{QUOTE_EN} (Churchill, 1941)", []),
    (f"{QUOTE_FR} a déclaré la ministre hier.", []),
    (f"{QUOTE_EN}. Source: the Churchill Society", []),
    (f"{QUOTE_FR} © Éditions du Seuil", []),
    (f"{QUOTE_EN} https://example.org/quote", []),
    # Credited: before the quotation
    (f"Comme le disait Churchill, {QUOTE_FR}", []),
    (f"As Churchill said, {QUOTE_EN}", []),
    (f"Winston Churchill : {QUOTE_FR}", []),
    (f"Selon le rapport, {QUOTE_FR}", []),
    (f"@churchill_quotes: {QUOTE_EN}", []),
    # Not quotations worth crediting
    ('Notre salle de pause est vraiment "cosy".', []),
    ("Le projet « Horizon » avance bien.", []),
    ("Pas de citation ici, juste un message.", []),
]


@pytest.mark.parametrize(("text", "quotes"), CASES)
def test_quotes(text: str, quotes: list[str]) -> None:
    assert spans(run(ENGINE, text)) == [at(text, Q, q) for q in quotes]


def test_fix_inserts_the_credit_after_the_quotation() -> None:
    text = f"Pensée du jour : {QUOTE_FR} !"
    (finding,) = run(ENGINE, text, lang="fr")
    end = text.index("»") + 1
    assert finding.fix is not None and finding.fix.kind == "add_credit"
    assert finding.fix.span == Span(end, end) and finding.fix.replacement == " — Source : [nom]"


ATTACHMENTS: list[tuple[str, tuple[dict[str, Any], ...], int]] = [
    ("Belle lumière ce matin.", ({"kind": "image"},), 1),
    ("Belle lumière ce matin.", ({"kind": "image", "credit": "   "},), 1),
    ("Belle lumière ce matin.", ({"kind": "image", "credit": "Jeanne Martin"},), 0),
    ("Belle lumière ce matin.", ({"kind": "video", "source": "https://example.org/v/1"},), 0),
    ("Belle lumière ce matin. Photo : Jeanne Martin", ({"kind": "image"},), 0),
    ("Lovely light this morning 📷 @jmartin", ({"kind": "image"},), 0),
    ("Lovely light this morning, photo by Jeanne Martin", ({"kind": "image"},), 0),
    ("Superbe photo de l'événement", ({"kind": "image"},), 1),
    ("Two views.", ({"kind": "image", "credit": "A. B."}, {"kind": "image"}), 1),
    ("Two views.", ({"kind": "image"}, {"kind": "video"}), 1),
]


@pytest.mark.parametrize(("text", "attachments", "count"), ATTACHMENTS)
def test_attachments(text: str, attachments: tuple[dict[str, Any], ...], count: int) -> None:
    findings = run(ENGINE, text, attachments=attachments)
    assert spans(findings) == [(M, None, None)] * count


def test_the_message_names_the_attachment() -> None:
    (finding,) = run(
        ENGINE, "Two views.", lang="en", attachments=({"kind": "image", "credit": "x"}, {"kind": "video"})
    )
    assert "Attachment 2 (video) has" in finding.message and finding.fix is not None
    (both,) = run(ENGINE, "Deux vues.", lang="fr", attachments=({"kind": "image"}, {"kind": "video"}))
    assert "1 (image), 2 (video)" in both.message


def test_params_and_policy_switch() -> None:
    text = "Il a répété « on verra bien demain » puis il est parti."
    assert run(ENGINE, text) == []
    strict = make_engine("attribution", {"min_quote_words": 3, "check_attachments": False})
    assert spans(run(strict, text)) == [at(text, Q, "« on verra bien demain »")]
    assert run(strict, "Photo.", attachments=({"kind": "image"},)) == []
    off = make_engine("attribution", credit=False)
    assert run(off, f"Pensée : {QUOTE_FR}", attachments=({"kind": "image"},)) == []


def test_window_is_bounded() -> None:
    with pytest.raises(Exception, match="window"):
        make_engine("attribution", {"window": 5000})


@pytest.mark.parametrize(
    "text",
    [
        f"In the words of Churchill, {QUOTE_EN}",
        f"Pour reprendre les mots de Churchill, {QUOTE_FR}",
        "“@jdoe: the best way to predict the future is to invent it, really”",
        f"My coach told me {QUOTE_EN}",
    ],
)
def test_more_attributions(text: str) -> None:
    assert run(ENGINE, text) == []
