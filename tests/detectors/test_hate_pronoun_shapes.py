"""Pronoun shapes of hate the pronoun judge reads (``abuse``): a habit as an unending aspect ("they never
stop lying"), a quantifier as the hated object ("every single one of them"), and pronouns bound to the
group by a later identity ("Of course they're stupid. They're women after all."). Sentences written for
this test, not taken from a probe set."""

from __future__ import annotations

import pytest

from charte import normalize
from charte.detectors.support import abuse


def hits(text: str, lang: str) -> list[abuse.Hit]:
    return abuse.hate_reading(normalize.folded(text).text, lang).hits


HATEFUL = [
    ("en", "Somalis on the bus again. They just keep on stealing."),
    ("fr", "Les Roms dans le métro. Ils n'arrêtent pas de voler."),
    ("en", "I have worked with plenty of Pakistanis and I loathe each one of them."),
    ("fr", "J'ai connu des tas d'Algériens et je méprise chacun d'entre eux."),
    ("en", "Too many Syrians here. I want them all gone."),
    ("en", "Naturally they can't drive. They're women after all."),
]
BENIGN = [
    ("en", "Naturally they are lovely. They're Muslims after all."),
    ("en", "Refugees on the bus again. They never stop smiling."),
    ("fr", "J'ai connu des tas d'Algériens et j'adore chacun d'entre eux."),
]


@pytest.mark.parametrize(("lang", "text"), HATEFUL)
def test_pronoun_shapes_are_read(lang: str, text: str) -> None:
    assert hits(text, lang)


@pytest.mark.parametrize(("lang", "text"), BENIGN)
def test_benign_pronoun_shapes_stay_benign(lang: str, text: str) -> None:
    assert hits(text, lang) == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Une famille noire s'est installée en face. Ce sont des singes."),
        ("en", "My son's school has plenty of Somali kids. They're all parasites."),
    ],
)
def test_collective_nouns_and_possessives_keep_the_group_as_antecedent(lang: str, text: str) -> None:
    assert hits(text, lang)


def test_a_collective_noun_alone_is_no_hate() -> None:
    assert hits("Une famille noire s'est installée en face. Ils sont adorables.", "fr") == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Time to grab our guns and chase the Somalis out of town."),
        ("fr", "Levons-nous et expulsons les Roms de la ville."),
        ("fr", "Sortons dans la rue et virons les Kurdes du quartier."),
    ],
)
def test_a_second_verb_shares_the_call_of_the_first(lang: str, text: str) -> None:
    assert hits(text, lang)


def test_a_coordinated_report_is_no_call() -> None:
    assert hits("Nous avons vu la police et chassé les journalistes du quartier.", "fr") == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "So why exactly are Kurds allowed to marry?"),
        ("fr", "Pourquoi les Roms ont-ils le droit d'adopter ?"),
    ],
)
def test_a_question_doubting_a_basic_right_is_hate(lang: str, text: str) -> None:
    assert hits(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Why do Kurds marry so young?"),
        ("en", "Why are Roma allowed to vote? Because they are citizens like us."),
        ("en", "Why are refugees allowed to work here?"),
    ],
)
def test_questions_that_doubt_no_right_stay_benign(lang: str, text: str) -> None:
    assert hits(text, lang) == []
