"""One member of a protected group standing for all of them (``hate_singular``), and the look-alikes that
must stay allowed. Sentences are not those of benchmarks/data/probe4_dev.jsonl: they test the family."""

from __future__ import annotations

import pytest

from charte import normalize
from charte.detectors.support import abuse, hate_clause, hate_singular


def reading(text: str, lang: str) -> abuse.HateReading:
    return abuse.hate_reading(normalize.folded(text).text, lang)


HATEFUL = [
    # a plural pronoun after one member, in the same sentence
    ("en", "pronoun", "Got served by yet another Somali today, they're all thieves"),
    ("en", "pronoun", "A Kurd rents the flat below, they are parasites"),
    ("fr", "pronoun", "Encore un Tunisien au guichet, ils sont tous des voleurs"),
    ("fr", "pronoun", "Un Malien s'est installé en face, ils sont tous menteurs"),
    # typical conduct of one member
    ("en", "typical", "Classic Haitian behaviour, lying as usual"),
    ("en", "typical", "So typical of a lesbian to whine about it"),
    ("fr", "typical", "Comportement typique d'Afghan, encore"),
    ("fr", "typical", "Tellement typique d'une Malienne de mentir"),
    # distrust of whatever any member says
    ("en", "distrust", "Don't ever believe a word a Kurd tells you"),
    ("fr", "distrust", "Ne crois jamais ce que raconte une Roumaine"),
    # a quality denied to every member, a flaw said of every one
    ("en", "none", "Not a single Somali in this town has ever held a job"),
    ("fr", "none", "Pas un seul Tunisien n'a un vrai travail ici"),
    ("en", "challenge", "Show me one Haitian who isn't a thief"),
    ("fr", "challenge", "Montre-moi un Afghan qui ne soit pas violent"),
    # a flaw said of one member as of any
    ("fr", "necessarily", "Un collègue tunisien, c'est forcément un voleur"),
    ("en", "necessarily", "A Kurd next door is bound to be a thief"),
    # a call to put the group out by force, the particle after the group or its pronoun
    ("en", "removal", "Time to chase the Kurds out of this town"),
    ("en", "removal", "Haitians all over the estate now, someone should boot them out"),
]

NOT_HATEFUL = [
    ("en", "pronoun", "Got served by a Somali waiter today, they were lovely"),
    ("fr", "pronoun", "Un Malien s'est installé en face, ils sont adorables"),
    ("en", "typical", "Typical Haitian story: two jobs and three kids at college"),
    ("fr", "typical", "Histoire typique d'Afghan : arrivé sans rien, médecin aujourd'hui"),
    ("en", "distrust", "I can't believe a Kurd won the marathon"),
    ("en", "distrust", "Never trust a word a landlord says"),
    ("en", "none", "Not one Somali was elected before 2019, which is shameful"),
    ("en", "none", "Not one Kurd I know has anything but a work ethic to admire"),
    ("en", "none", "Not one Haitian has a job yet because the permits take nine months"),
    ("fr", "none", "Pas une seule Malienne n'a de travail dans ce conseil, c'est un scandale"),
    ("en", "removal", "We drove them out to the airport at dawn, the Kurdish family was so grateful"),
    ("fr", "necessarily", "Un collègue tunisien, c'est forcément un plaisir de travailler avec lui"),
    ("en", "reported", "He said Somalis are filthy and got banned, good"),
    ("fr", "reported", "Il a dit que les Maliens étaient sales et il a été banni, tant mieux"),
]


@pytest.mark.parametrize(("lang", "family", "text"), HATEFUL)
def test_one_member_for_all_is_read(lang: str, family: str, text: str) -> None:
    assert reading(text, lang).hits, f"{family}: no hate read in {text!r}"


@pytest.mark.parametrize(("lang", "family", "text"), NOT_HATEFUL)
def test_look_alikes_hold(lang: str, family: str, text: str) -> None:
    assert reading(text, lang).hits == [], f"{family}: hate read in {text!r}"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Kurds don't belong in camps, they belong in our schools and offices"),
        ("fr", "Les Maliens n'ont rien à faire en centre de rétention, leur place est parmi nous"),
        ("en", "Calling Somalis parasites is how every pogrom started"),
        ("fr", "Traiter les Roms de voleurs, c'est du racisme pur et simple"),
    ],
)
def test_answered_exclusion_and_condemned_claim_are_benign(lang: str, text: str) -> None:
    r = reading(text, lang)
    assert r.hits == [] and r.countered, text


def test_singulars_are_kept_apart_from_the_group() -> None:
    folded = normalize.folded("Another Somali on the bus").text
    singulars: list[tuple[int, int, str]] = []
    assert hate_clause.group_mentions(folded, "en", singulars) == []
    assert [folded[s:e] for s, e, _ in singulars] == ["somali"]


def test_wheelchair_users_are_a_group_in_french() -> None:
    assert reading("Les gens en fauteuil roulant ne servent à rien", "fr").hits


def test_typical_needs_conduct() -> None:
    for text, want in (("typical Kurd behaviour", True), ("typical Kurd story", False)):
        folded = normalize.folded(text).text
        start = folded.index("kurd")
        found = hate_singular.typical_member(hate_clause.tokens(folded), start, start + 4)
        assert (found is not None) == want, text


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Je n'ai jamais connu un Kurde honnête."),
        ("en", "I've never met an honest Somali."),
    ],
)
def test_a_good_quality_never_met_in_a_member_is_denied_to_all(lang: str, text: str) -> None:
    assert abuse.hate_reading(normalize.folded(text).text, lang).hits


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Je n'ai jamais connu un Kurde avant la fac."),
        ("en", "I've never met an honest used-car salesman."),
    ],
)
def test_never_met_without_a_denied_quality_of_a_group_is_no_hate(lang: str, text: str) -> None:
    assert abuse.hate_reading(normalize.folded(text).text, lang).hits == []
