"""What the hate judge reads beyond its lists: names of origin from the CLDR and group adjectives before person
nouns (``hate_groups``), and the sentence shapes of ``hate_shapes`` (negative quantifiers, rhetorical questions,
comparatives, unknown adjectives, feelings with no subject), in French and English, with the must-not-flag
sentences of the same shapes.

The sentences were written for this test in shapes and with groups the rule lists do not name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from charte import normalize
from charte.detectors.support import abuse, hate_groups, hate_shapes
from charte.domain import Post


def reading(text: str, lang: str) -> abuse.HateReading:
    return abuse.hate_reading(normalize.folded(text).text, lang)


HATEFUL = [
    # a nationality nobody listed, derived from the CLDR
    ("en", "origin", "Lithuanians are thieves, every one of them"),
    ("fr", "origin", "Les Norvégiennes sont des menteuses"),
    ("en", "origin", "Estonians are vermin"),
    ("fr", "origin", "Les Hongrois sont de la racaille"),
    # a group adjective before a noun of persons
    ("en", "headed", "Blind people are a burden on everyone"),
    ("en", "headed", "Danish shopkeepers are crooks"),
    ("en", "headed", "The deaf are useless"),
    # quantifiers through ordinals
    ("en", "quantifier", "Deport every last Eritrean"),
    ("fr", "quantifier", "Expulsez jusqu'au dernier Malien"),
    # an adjective of unknown meaning between the link and the predicate
    ("en", "adjective", "Somalis are repulsive cunning parasites"),
    ("fr", "adjective", "Les Kurdes sont des envahisseurs dangereux et sournois"),
    # wider predicate classes
    ("en", "predicate", "Nigerians are scammers"),
    ("fr", "predicate", "Les Tunisiens sont des arnaqueurs"),
    ("en", "predicate", "Old people are selfish"),
    ("fr", "predicate", "Les vieux sont des égoïstes"),
    # negative quantifier on the group, then a merit
    ("en", "negated-quantifier", "No Afghan has ever built anything worth keeping"),
    ("fr", "negated-quantifier", "Aucune Comorienne n'a jamais rien construit"),
    ("en", "negated-quantifier", "I've never met a Kurd who was honest"),
    ("fr", "negated-quantifier", "Pas un seul Tchétchène n'a jamais aidé personne"),
    # rhetorical questions
    ("en", "rhetorical", "Don't you agree that Albanians are vermin?"),
    ("en", "rhetorical", "Wouldn't this town be nicer without Somalis?"),
    ("fr", "rhetorical", "La ville ne serait-elle pas plus propre sans les Roumains ?"),
    # comparative "plus": no negation
    ("fr", "comparative", "Les Maliens sont plus paresseux que tout le monde"),
    ("fr", "comparative", "Les Hongroises sont de plus en plus menteuses"),
    # a feeling that opens the clause
    ("en", "feeling", "Utter disdain for Eritreans"),
    ("fr", "feeling", "Mépris total pour les Kurdes"),
    ("en", "feeling", "I am disgusted by Lithuanians"),
    # pronouns: the French plural demonstrative
    ("fr", "pronoun", "Les Albanais du quartier. Ce sont des parasites."),
    ("fr", "pronoun", "Encore des Roumains dans le métro. C'est tous des voleurs."),
    # the lives of the group stand for the group; worth nothing, not mattering
    ("en", "lives", "Afghans' lives are worth nothing"),
    ("en", "lives", "Kurdish people's lives don't matter"),
    ("fr", "lives", "La vie des Comoriens ne vaut rien"),
    ("fr", "worthless", "Les Tchétchènes ne valent rien"),
    # contempt as a preference for death; a merit denied to every member
    ("en", "rather-die", "I would rather die than hire a Somali"),
    ("fr", "rather-die", "Plutôt crever que d'embaucher des Maliens"),
    ("en", "no-good-member", "There's no such thing as a decent Albanian"),
    ("fr", "no-good-member", "Un Tchétchène honnête, ça n'existe pas"),
    # a plague brought by the group; a habit put as "always"
    ("en", "harm-brought", "Eritreans spread disease wherever they go"),
    ("fr", "harm-brought", "Les Roumains ramènent des maladies"),
    ("en", "habit", "Haitians always whine"),
    ("fr", "habit", "Les Kurdes pleurnichent toujours"),
    # a name split by a space, a z for an s
    ("en", "spelling", "Is lams and Mus lims are vermin"),
    ("fr", "spelling", "Les muzulmanes sont répugnantes"),
    # where the group belongs: a cage, a kitchen, a camp
    ("en", "confined", "Kurds belong in cages"),
    ("en", "confined", "A Somali woman's place is in the kitchen"),
    ("fr", "confined", "La place des Maliennes est à la cuisine"),
    ("fr", "confined", "Les Roumains sont faits pour la prison"),
    # a rule of conduct against the group: imperative or generic "you"/"on"
    ("en", "advice", "Never trust an Albanian"),
    ("en", "advice", "Don't ever hire a Somali"),
    ("fr", "advice", "Ne faites jamais confiance à un Tchétchène"),
    ("en", "advice", "You can never trust Eritreans"),
    # a merit refused with "nothing"/"never", no quantifier; reduced to one use; a fragment after the name
    ("en", "merit-refused", "Eritreans have invented nothing, ever"),
    ("fr", "merit-refused", "Les Kurdes n'ont jamais rien construit"),
    ("en", "only-good-for", "Somalis are only good for cleaning toilets"),
    ("fr", "only-good-for", "Les Maliennes ne sont bonnes qu'à faire le ménage"),
    ("en", "fragment", "Albanians? Filthy, the lot of them."),
    ("fr", "fragment", "Les Tchétchènes : des parasites."),
    # a French noun before its adjective, an adjective simplemma does not know
    ("fr", "post-nominal", "Les Roumaines sont des créatures décérébrées"),
    # violence phrases
    ("en", "violence", "Time to take up arms against the Kurds"),
    ("fr", "violence", "Les Haïtiens doivent être rayés de la carte"),
]

BENIGN = [
    # the same groups in neutral or positive statements
    ("en", "neutral", "Lithuanians celebrate their independence day in February"),
    ("fr", "neutral", "Les Norvégiennes ont gagné le match hier soir"),
    ("en", "neutral", "Blind people can now vote by phone in our county"),
    ("en", "neutral", "Danish shopkeepers close early on Sundays"),
    ("en", "positive", "No Afghan refugee should be sent back to the Taliban"),
    ("fr", "positive", "Aucun Malien ne devrait mourir en mer"),
    ("en", "negated-call", "No refugee should be deported"),
    ("fr", "negated-call", "Aucun migrant ne doit être expulsé"),
    ("en", "negation", "Nigerians are not scammers, stop repeating that"),
    ("fr", "negation", "Les Tunisiens ne sont pas des arnaqueurs"),
    ("fr", "negation", "Les Tunisiens ne sont plus des étrangers ici"),
    # a denial stays a denial when it is not a question
    ("en", "denial", "I don't think Albanians are vermin."),
    ("fr", "denial", "Je ne pense pas que les Roumains soient des voleurs."),
    # counter-speech: a claim reported to be condemned
    ("fr", "counter", "La rumeur selon laquelle les Roms sont des voleurs est raciste"),
    (
        "en",
        "counter",
        "\u201cEstonians are vermin\u201d is the kind of thing that gets people hurt. Don't share it.",
    ),
    # lives and worth in benign statements
    ("en", "lives", "Afghans' lives matter"),
    ("fr", "lives", "La vie des Comoriens compte"),
    ("en", "rather-die", "I would rather die than miss the Albanian film festival"),
    ("en", "no-good-member", "There is no better cook than an Eritrean grandmother"),
    ("en", "harm-brought", "Eritreans bring joy wherever they go"),
    # split real words that happen to make a name, unrelated
    ("en", "spelling", "The black smith and the wo men in the story are lazy"),
    ("en", "confined", "Kurds belong in our parliament"),
    ("fr", "confined", "La place des Maliennes est au conseil municipal"),
    ("fr", "confined", "Les Roumains ne sont pas faits pour la prison"),
    ("en", "advice", "He never trusted Albanians"),
    ("en", "advice", "Why do you never trust Albanians?"),
    ("en", "advice", "You should never mock Somalis"),
    ("fr", "advice", "Ne faites jamais de mal à un Tchétchène"),
    ("en", "merit-refused", "Eritreans did not build this bridge alone"),
    ("en", "fragment", "Albanians? Lovely people, the lot of them."),
    ("en", "only-good-for", "Somalis are good for business in this town"),
    # adjectives before non-person nouns name no group
    ("en", "thing", "Polish vodka is disgusting"),
    ("en", "thing", "Old cars are dangerous"),
    # non-protected plural nouns with the new predicates
    ("en", "nonprotected", "Spammers are scammers"),
    ("fr", "nonprotected", "Les vendeurs de voitures sont des arnaqueurs"),
]


@pytest.mark.parametrize(("lang", "construction", "text"), HATEFUL)
def test_hateful_shapes_are_read(lang: str, construction: str, text: str) -> None:
    assert reading(text, lang).hits, f"{construction}: {text}"


@pytest.mark.parametrize(("lang", "construction", "text"), BENIGN)
def test_benign_shapes_are_not_flagged(lang: str, construction: str, text: str) -> None:
    assert not reading(text, lang).hits, f"{construction}: {text}"


def test_demonyms_come_from_the_cldr_in_both_languages() -> None:
    en, fr = hate_groups.demonyms("en"), hate_groups.demonyms("fr")
    assert en["lithuanians"] == "lithuanian" and en["ukrainian"] == "ukrainian"
    assert fr["norvegiennes"] == "norvegien" and fr["hongroises"] == "hongrois"
    assert "corse" not in fr and "jute" not in fr  # common words first


def test_group_adjectives_need_a_person_noun() -> None:
    assert "polish" in hate_groups.headed_only("en") and "deaf" in hate_groups.headed_only("en")
    assert hate_groups.person_noun("shopkeepers") and hate_groups.person_noun("teenagers")
    assert not hate_groups.person_noun("cars")
    assert hate_groups.plural_person_noun("people") and not hate_groups.plural_person_noun("man")


def test_shapes_on_words() -> None:
    assert hate_shapes.merit_denied(["no"], ["has", "ever", "contributed", "anything"], "en") == "contributed"
    assert hate_shapes.merit_denied(["no"], ["is", "not", "welcome"], "en") is None  # two negations
    assert hate_shapes.merit_denied(["i", "like"], ["are", "honest"], "en") is None  # no quantifier
    assert hate_shapes.rhetorical(["don't", "you", "think"], ["are", "vermin", "?"])
    assert not hate_shapes.rhetorical(["i", "don't", "think"], ["are", "vermin", "?"])
    assert not hate_shapes.rhetorical(["don't", "you", "think"], ["are", "vermin", "."])
    assert hate_shapes.comparative(["sont", "plus", "paresseux"], 1, 0)
    assert not hate_shapes.comparative(["ne", "sont", "plus", "paresseux"], 2, 0)
    assert hate_shapes.adjective_like("defective", "en") and not hate_shapes.adjective_like("smuggled", "en")
    assert hate_shapes.feeling_without_subject(["pure"]) and not hate_shapes.feeling_without_subject(
        ["he", "has"]
    )


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def engines() -> dict[str, object]:
    import charte

    return {
        lang: charte.CheckEngine(charte.load_policy(ROOT / "policies" / f"finance.{lang}.yaml"))
        for lang in ("fr", "en")
    }


PESTS_ALLOWED = [
    ("en", "Those wasps under the roof need to be exterminated this weekend"),
    ("fr", "Il faut exterminer les fourmis de la cuisine avant l'été"),
]
THREATS_KEPT = [
    ("en", "I will exterminate you like the rat you are"),
    ("fr", "Je vais t'écraser comme une punaise"),
]


@pytest.mark.parametrize(("lang", "text"), PESTS_ALLOWED)
def test_violence_at_pests_is_no_threat(engines: dict[str, object], lang: str, text: str) -> None:
    decision = engines[lang].check(Post(text=text, lang=lang))  # type: ignore[attr-defined]
    assert decision.verdict.value == "allow", [f.entity for f in decision.findings]


@pytest.mark.parametrize(("lang", "text"), THREATS_KEPT)
def test_threat_with_a_pest_simile_stays_a_threat(engines: dict[str, object], lang: str, text: str) -> None:
    decision = engines[lang].check(Post(text=text, lang=lang))  # type: ignore[attr-defined]
    assert decision.verdict.value != "allow"


def test_pest_control_needs_a_pest_and_no_person() -> None:
    assert hate_shapes.pest_control("faut tuer les bugs avant vendredi")
    assert not hate_shapes.pest_control("je vais te tuer comme un rat")
    assert not hate_shapes.pest_control("we should burn the town hall")


RECLAIMED = [
    ("en", "Dykes on motorbikes opening the march again this year 🌈"),
    ("fr", "Les gouines du club de rugby défilent samedi, venez 💜"),
]
SLURS_KEPT = [
    ("en", "Dykes at the parade again, disgusting freaks"),
    ("fr", "Encore des gouines au défilé, quelles ordures"),
]


@pytest.mark.parametrize(("lang", "text"), RECLAIMED)
def test_slur_in_a_celebration_is_reclaimed(engines: dict[str, object], lang: str, text: str) -> None:
    decision = engines[lang].check(Post(text=text, lang=lang))  # type: ignore[attr-defined]
    assert decision.verdict.value == "allow", [f.entity for f in decision.findings]


@pytest.mark.parametrize(("lang", "text"), SLURS_KEPT)
def test_slur_with_derogation_at_a_celebration_is_flagged(
    engines: dict[str, object], lang: str, text: str
) -> None:
    decision = engines[lang].check(Post(text=text, lang=lang))  # type: ignore[attr-defined]
    assert decision.verdict.value != "allow"
