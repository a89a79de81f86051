"""Hate through a group named earlier without a subject pronoun (``abuse``, ``hate_shapes``): a sentence
that is only a judgement ("Filthy vermin, the lot of them."), a place or an event that stands for the group
("Saw the pride parade yesterday. They're subhuman."), orders with an object pronoun ("Send them all back",
"qu'on les renvoie tous"), calls to keep a group out or away from children, and calls for violence and
dehumanisation in set phrases ("line X up against a wall", "the only good X is a dead X"). Sentences written for this
test, not taken from a probe set."""

from __future__ import annotations

import pytest

from charte import normalize
from charte.detectors.support import abuse, hate_shapes


def hits(text: str, lang: str) -> list[abuse.Hit]:
    return abuse.hate_reading(normalize.folded(text).text, lang).hits


HATEFUL = [
    ("en", "Met some Iraqi students at the library. Filthy vermin, the lot of them."),
    ("en", "My new neighbours are Roma. Thieves, every one of them."),
    ("en", "Muslims on the tram again. Absolute animals."),
    ("fr", "Des Roms devant la gare. Tous des voleurs."),
    ("fr", "Des migrants sous le pont. Des parasites, tous autant qu'ils sont."),
    ("en", "Saw the pride parade yesterday. Honestly they're subhuman."),
    ("fr", "Passé devant la mosquée ce matin. Ils sont tous des terroristes."),
    ("en", "Immigrants again on the news. Send them all back."),
    ("fr", "Trop d'Arabes dans ce pays, qu'on les renvoie tous."),
    ("fr", "Les musulmans encore à la télé. Renvoyez-les chez eux."),
    ("en", "Lesbians on the school board now?? they should be kept away from children"),
    ("en", "More Afghans at the hotel. Their kind should never have been let in."),
    ("en", "Syrians moved in downstairs. I wish they'd all die."),
    ("en", "The Chinese family next door cook dogs. Savages, the whole lot."),
    ("fr", "Les Chinois du resto d'en bas... j'espère qu'ils crèveront tous."),
    ("fr", "Mon collègue est musulman. Tous des terroristes ces gens-là."),
    ("fr", "Encore des migrants à Calais, qu'ils retournent d'où ils viennent."),
    ("fr", "Les Juifs et leur argent. Une vraie plaie, toute cette engeance."),
    ("fr", "Mes voisins sont homos. J'aimerais qu'ils disparaissent."),
    ("fr", "Vous avez vu les Roms au feu rouge ? Des rats, je vous dis."),
    ("en", "The trouble with trans people is that they're all stupid."),
    ("en", "If we got rid of all the Roma, crime would drop overnight."),
    ("fr", "Si on virait tous les Arabes, la criminalité baisserait du jour au lendemain."),
    ("en", "Line the Muslims up against a wall."),
    ("en", "Time for a final solution for the gypsies."),
    ("en", "Open season on immigrants, lads."),
    ("en", "The only good Muslim is a dead Muslim."),
    ("en", "We need to cleanse this country of Pakistanis."),
    ("en", "Black people are closer to apes than humans."),
    ("en", "Roma are genetically predisposed to crime."),
    ("fr", "Alignez les musulmans contre un mur."),
    ("fr", "Le seul bon juif est un juif mort."),
    ("fr", "Il faut nettoyer la France des Arabes."),
]
BENIGN = [
    ("en", "Met the new interns today. Lovely, all of them."),
    ("en", "Refugees at the camp. Sick, all of them."),  # a plight, not a judgement
    ("en", "Immigrants attacked in Leeds. Animals."),  # the attackers
    ("fr", "Des réfugiés agressés à Calais. Des animaux."),
    ("en", "Rats got into the immigrant centre's kitchen. Vermin."),
    ("en", "Went to the pride parade. They were amazing."),
    ("en", "The pride parade got attacked by thugs. They are animals."),
    ("en", "The mosque raised money for flood victims. They deserve praise."),
    ("en", "Refugees in the hotel. The manager wants to send them back to their rooms."),
    ("en", "Syrians moved in downstairs. I wish they'd stay longer."),
    ("fr", "Mon collègue est musulman. Un amour, tous ces gens-là."),
    ("en", "The great thing about immigrants is that they are hard-working."),
    ("en", "If we deported all the immigrants, the economy would collapse."),
    ("fr", "Si on expulsait les migrants, l'économie s'effondrerait."),
    ("en", "The only good book is a dead book."),
    ("en", "Line up the kids against the wall for the photo."),
    ("en", "Black people are closer to their families than most."),
    ("en", "Immigrants are prone to exploitation by employers."),
    ("en", "Someone spray-painted 'the only good Muslim is a dead Muslim' on the mosque. Disgusting."),
    ("fr", "Il faut nettoyer la cuisine des miettes."),
]


@pytest.mark.parametrize(("lang", "text"), HATEFUL)
def test_hate_about_a_group_named_before_is_read(lang: str, text: str) -> None:
    assert hits(text, lang)


@pytest.mark.parametrize(("lang", "text"), BENIGN)
def test_benign_mirrors_stay_benign(lang: str, text: str) -> None:
    assert hits(text, lang) == []


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["absolute", "animals"], "animal"),
        (["filthy", "vermin", ",", "the", "lot", "of", "them"], "vermin"),
        (["thieves", ",", "every", "one", "of", "them"], "thief"),
        (["thieves"], None),  # a derogatory word alone needs a quantifier that points back
        (["animals", "are", "great"], None),  # a verb: not a lone judgement
    ],
)
def test_lone_judgement(words: list[str], expected: str | None) -> None:
    assert hate_shapes.lone_judgement(words, "en") == expected


def test_pests_taken_up_by_them_are_pest_control() -> None:
    assert hate_shapes.pest_control("mosquitoes are vermin, kill them all.", "en")
    assert not hate_shapes.pest_control("i saw them with rats. kill them all.", "en")
