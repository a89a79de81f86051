"""A pronoun takes up the subject of the nearer clause (``hate_antecedent``): "they" after "Mice got into the
Muslim school's canteen" means the mice, while "they" after "I saw Muslims" or "my colleagues are gay" means
the group. Sentences written for this test, not taken from a probe set."""

from __future__ import annotations

import pytest

from charte import normalize
from charte.detectors.support import abuse, hate_antecedent


def hits(text: str, lang: str) -> list[abuse.Hit]:
    return abuse.hate_reading(normalize.folded(text).text, lang).hits


OTHER_ANTECEDENT = [
    ("en", "Mice invaded the Jewish bakery last week. They are pests and must be exterminated."),
    ("en", "Refugees from Sudan arrived by bus. Their tents are awful, they should be burned."),
    ("fr", "Des souris ont envahi la boulangerie des musulmans. Ce sont des nuisibles."),
    ("fr", "Les migrants du centre ont râlé. Leurs matelas sont pourris, ils devraient être brûlés."),
]
GROUP_ANTECEDENT = [
    ("en", "I saw a lot of Somalis downtown. They are vermin."),
    ("en", "My new neighbours are Muslims. They are vermin."),
    ("fr", "Mes nouveaux voisins sont musulmans. Ce sont des nuisibles."),
    ("fr", "Les migrants ? Ils devraient tous être expulsés."),
]


@pytest.mark.parametrize(("lang", "text"), OTHER_ANTECEDENT)
def test_pronoun_for_a_nearer_plural_noun_is_not_about_the_group(lang: str, text: str) -> None:
    assert hits(text, lang) == []


@pytest.mark.parametrize(("lang", "text"), GROUP_ANTECEDENT)
def test_pronoun_for_the_group_still_counts(lang: str, text: str) -> None:
    assert hits(text, lang)


def test_elsewhere_reads_the_clause_subject() -> None:
    text = "rats got into the immigrant centre. they are vermin"
    assert hate_antecedent.elsewhere(text, text.index("immigrant"), text.index("they"), "en")
    text = "i met immigrants. they are vermin"
    assert not hate_antecedent.elsewhere(text, text.index("immigrants"), text.index("they"), "en")


def test_a_verb_opening_the_clause_is_no_plural_subject() -> None:
    assert hits("Looks like more Somalis arrived today. They are vermin.", "en")
    assert hits("Thanks to the immigrants, crime is up. They are parasites.", "en")


@pytest.mark.parametrize(
    ("lang", "text"),
    [("en", "The Muslim families in my block have rats"), ("fr", "Les Roms du camp ont des rats")],
)
def test_pests_the_group_has_are_not_what_it_is(lang: str, text: str) -> None:
    assert hits(text, lang) == []


def test_pests_the_group_is_still_count() -> None:
    assert hits("Les Roms du camp sont des rats", "fr")
    assert hits("Kurds are like a virus", "en")  # "a" is an article here, not the French "a" of avoir
