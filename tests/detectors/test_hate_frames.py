"""Someone else's act of speech (``hate_frames``): the speech act judged as a subject, a non-finite report by
a third party, the group told the words. The words are not the author's; the same words said by the author,
or an approving judgement of them, still count. Sentences written for this test, not taken from a probe set."""

from __future__ import annotations

import pytest

from charte import normalize
from charte.detectors.support import abuse, hate_frames


def hits(text: str, lang: str) -> list[abuse.Hit]:
    return abuse.hate_reading(normalize.folded(text).text, lang).hits


REPORTED = [
    ("en", "Comparing Roma to rats is exactly how pogroms begin."),
    ("en", "The councillor resigned after posting that Muslims should be expelled."),
    ("en", "Leaflets urging people to deport immigrants were found in the lobby."),
    ("en", "Wartime posters portrayed Jews as vermin."),
    ("fr", "Qualifier les migrants de parasites, c'est reprendre les mots des années 30."),
    ("fr", "Il a été condamné pour avoir écrit qu'il fallait expulser les musulmans."),
    ("fr", "Des tracts appelant à chasser les Roms ont été retrouvés."),
    ("fr", "Beaucoup de lesbiennes se sont entendu dire qu'elles étaient malades."),
]
ATTRIBUTED = [
    ("en", "Back when you claimed Somalis are leeches, I stopped reading your posts."),
    ("en", "Do you honestly think trans people are predators?"),
    ("en", "Your tweet that lesbians are disgusting got you banned, good."),
    ("en", "The notion that Roma are thieves is lazy thinking."),
    ("fr", "Depuis que tu as écrit que les Roms sont des voleurs, je ne te lis plus."),
    ("fr", "Ton commentaire disant que les lesbiennes sont répugnantes a été signalé."),
    ("fr", "L'idée selon laquelle les Kurdes sont des parasites, c'est de la propagande."),
    ("fr", "Tu prétends que les Kurdes sont des voleurs ? Ce n'est pas vrai."),
]
AUTHOR_SAYS = [
    ("en", "Don't you think Somalis are leeches?"),
    ("en", "My cousin says Roma are thieves and he's right."),
    ("fr", "Je vous dis que les Roms sont des voleurs."),
    ("fr", "Mon voisin dit que les Roms sont des voleurs, et c'est pas faux."),
    ("en", "My cousin says Roma are thieves, and honestly he's not wrong."),
    ("en", "I keep saying that Muslims should be expelled."),
    ("en", "Calling immigrants parasites is just the truth."),
    ("fr", "Dire que les migrants sont des parasites, c'est juste la vérité."),
    ("fr", "Je répète que les Roms sont des voleurs."),
]


@pytest.mark.parametrize(("lang", "text"), REPORTED)
def test_someone_elses_speech_is_not_the_authors_hate(lang: str, text: str) -> None:
    assert hits(text, lang) == []


@pytest.mark.parametrize(("lang", "text"), ATTRIBUTED)
def test_a_claim_attributed_to_the_reader_or_an_opinion_is_not_the_authors(lang: str, text: str) -> None:
    assert hits(text, lang) == []


@pytest.mark.parametrize(("lang", "text"), AUTHOR_SAYS)
def test_the_authors_own_words_still_count(lang: str, text: str) -> None:
    assert hits(text, lang)


def test_frames_read_the_grammar() -> None:
    assert hate_frames.speech_act_judged("calling ", " is how it starts")
    assert not hate_frames.speech_act_judged("calling ", " is fair")
    assert hate_frames.third_party_report("posts saying ")
    assert not hate_frames.third_party_report("i'm saying ")
    assert hate_frames.heard_by_group("they had been told they were")
