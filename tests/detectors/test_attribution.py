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
    text = "Il est parti. « on verra bien demain », puis plus rien."
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


# Constructions the policy-detector evaluation lost on 2026-12-06 (attribution recall 1.00 → 0.86): code
# changes of that day, not a package version. Each of these was allowed by that code.
@pytest.mark.parametrize(
    ("text", "quote"),
    [
        # A capitalised word opening the next sentence is not a credit.
        ("« La simplicité est la sophistication suprême en toute chose » Bonne semaine à tous !", "«"),
        ("“Simplicity is the ultimate sophistication in every single thing” Have a great week!", "“"),
        ("« Le bonheur est la seule chose qui se double si on le partage » Belle journée", "«"),
        ('"Happiness is the only thing that doubles when you share it" Enjoy your Sunday', '"'),
        # A generic speaker is no author.
        ('They say "a journey of a thousand miles begins with a single step", so true.', '"'),
        ("On dit que « la patience est un arbre dont la racine est amère »", "«"),
        ("Il paraît que « qui va lentement va sûrement et qui va sûrement va loin »", "«"),
        ("People always say “the early bird catches the worm every single morning”", "“"),
        ("As the saying goes, “the squeaky wheel always gets the grease in the end”.", "“"),
    ],
)
def test_uncredited_sayings_are_flagged(text: str, quote: str) -> None:
    (finding,) = run(ENGINE, text)
    assert finding.entity == Q and finding.span is not None and text[finding.span.start] == quote


@pytest.mark.parametrize(
    "text",
    [
        # Credits after the quotation, the doubled marks of an export included.
        "« Le talent, c’est d’avoir envie de faire quelque chose » Victor Hugo",
        "“Data is the new oil of the modern economy, they keep saying” Clive Humby.",
        "« Il faut toujours viser la lune, car même en cas d’échec » Oscar Wilde dans ses carnets",
        '""milkily handsome in the manner of a cinematically doomed first world war infantryman"": @user on Clarke',
        '""Those costumes are for Purim. And Purim’s in March!"" @user nails the quotes every time.',
    ],
)
def test_credits_after_the_quotation(text: str) -> None:
    assert run(ENGINE, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # Words quoted inside a sentence, as a phrase of it: no statement to credit.
        'I liked the 4th sentence about the "LA Galaxy where David Beckham was put out to grass..."',
        'Who was the pundit on the radio who "couldn\'t see past Dustin Johnson" for The Open?',
        "she said gun control matters more to her because “she has more life experience with it”",
        'His training methods boil down to "go get knocked down by someone else until you are stronger"',
        "I should make a “sam has new hair and she is fabulous” sign for when we are together",
        "@user talking about “those mean people were picking on me all day long” again",
        "Le sujet du « putsch anti-éolien de l'armée dans les campagnes » revient encore",
        "Les mecs qui habitent là-bas « j’habite là-bas depuis 10 ans j’ai jamais rien eu hein »",
        "Elle a refusé parce que « ce n’est pas le moment de changer tout le planning »",
        "Tout ça pour un « on verra plus tard quand on aura le temps » de la direction",
        # The poster voicing someone.
        'or just start watching the show and be like, "i\'ll finish it tomorrow before 2 am"',
        "*sings slowly* “I just want to see how beautiful you are tonight”",
        "et là il me fait genre « je savais pas que c'était interdit de se garer ici »",
        "moi en mode « je vais finir ce dossier avant midi sans problème »",
        # Straight marks that do not pair: dialogue pasted from a story or a thread.
        '(Part 3) Hey, Potato."  //Yeah?  "How is our inkling girl sidekick so OP?"  //...Good question.',
        '@user She was drunk, this rape is her fault."  "He was drunk, this is not his fault, said no one."',
        '@user I wasn\'t aware I had a smell." Cologne, perhaps. "So I take it then that you are aware when I am near."'
        ' Meaning follow."',
        'Il a dit ça hier soir." Et puis "je reviendrai demain avec les papiers signés pour toi"',
    ],
)
def test_quoted_phrases_voices_and_dialogue_are_not_checked(text: str) -> None:
    assert run(ENGINE, text) == []


@pytest.mark.parametrize(
    "text",
    [
        # Still quotations to credit: after a colon, a comma, a dash, an emoji, a hashtag, a verb or "que".
        "Ma citation préférée : « Il faut toujours viser la lune, car même en cas d’échec on atterrit »",
        "Pour bien commencer, « le pessimiste voit la difficulté dans chaque opportunité »",
        "Lundi 💡 « le pessimiste voit la difficulté dans chaque opportunité »",
        "#MondayMotivation “the pessimist sees difficulty in every single opportunity”",
        "Je me répète souvent que « le pessimiste voit la difficulté dans chaque opportunité »",
        "Remember that “the pessimist sees difficulty in every single opportunity”",
        '"The best way to predict the future is to invent it", and I agree.',
        "Reminder —  “punctuality is the politeness of kings, and of good teams too”",
        # A label among the last words before it.
        "Ma citation préférée « il n'y a pas de vent favorable pour qui ne sait où il va »",
        "Quote of the day “there is no favourable wind for one who does not know where to go”",
        "La pensée du jour « rien ne se perd, rien ne se crée, tout se transforme vraiment »",
    ],
)
def test_standalone_quotations_are_still_checked(text: str) -> None:
    assert [f.entity for f in run(ENGINE, text)] == [Q]
