"""Constructions of hate added for issue #12 ("judgement you can trust"), FR and EN, through the rule reading of a
post (``abuse.hate_reading``): habits put down to a group ("that's just what X do"), a vice called the group's
nature, "not made for", "typical X," as an exclamation, rights refused as a call, "deserve to be treated as
equals" denied, every member of a place, calls against a group's camps and boats, removal with a particle
("ship X back"), "I'd love to see X locked up", "are X even human?", and the lexicon read through French
participles and phrases of six words. Each construction has must-not-flag neighbours of the same shape.

The sentences were written for this test, not taken from the probe sets.
"""

from __future__ import annotations

import pytest

from charte import normalize
from charte.detectors.support import abuse, hate_clause, hate_shapes, hate_words


def hits(text: str, lang: str) -> list[abuse.Hit]:
    return abuse.hate_reading(normalize.folded(text).text, lang).hits


HATEFUL = [
    # a conduct put down to the whole group, the group closing its clause
    ("en", "That's just what Kurds do."),
    ("en", "Cheating is what Albanians do, always"),
    ("fr", "C'est ce que font les Tunisiens, tout le monde le sait."),
    ("fr", "Mentir c'est bien ce que font les Comoriens."),
    ("en", "That's what happens when you let Afghans in."),
    # a vice called the nature of the group
    ("en", "Stealing is in the nature of gypsies."),
    ("en", "It is in the nature of Somalis to lie."),
    ("fr", "Tricher, c'est dans la nature des Roumains."),
    ("fr", "Le vol est dans le sang des Gitans."),
    # not made for a capacity
    ("fr", "Les femmes ne sont pas faites pour gouverner."),
    ("en", "Women are not cut out for leadership."),
    # "typical X," as an exclamation, and the adjective after the conduct
    ("en", "Typical Arab, shouting at everyone."),
    ("fr", "Typique d'un Roumain, voler avant de partir."),
    ("fr", "Encore un coup de Juif typique."),
    # rights refused as a call
    ("en", "Immigrants should never be granted citizenship."),
    ("en", "We must never give Muslims the vote."),
    ("en", "Gay people should be denied the right to adopt."),
    ("fr", "On ne devrait jamais accorder le droit de vote aux étrangers."),
    ("fr", "Il faut refuser l'asile aux Afghans."),
    ("fr", "Les migrants ne doivent jamais obtenir de papiers."),
    # a disbelief over a deserved treatment
    ("en", "I don't think lesbians deserve to be treated as equals."),
    ("fr", "Je ne pense pas que les Roms méritent d'être traités comme des égaux."),
    ("en", "I don't believe Syrians deserve any compassion."),
    # every member of a place
    ("fr", "Chaque Malien de ce quartier mérite une raclée."),
    ("en", "Every Somali in this town deserves a beating."),
    # French participles of the verbs of violence, new weapons of a call
    ("fr", "Les migrants méritent d'être noyés."),
    ("fr", "Les homos mériteraient d'être bannis."),
    ("fr", "Les Arabes méritent des claques."),
    # comparatives and lexicon
    ("en", "Everyone knows women are worse at science."),
    ("en", "Disabled people are defective."),
    ("fr", "Les handicapés ne sont que des objets défectueux."),
    ("en", "Trans people should be barred from sports."),
    ("fr", "Il faut interdire aux homosexuels d'adopter."),
    # calls against the camps and boats of a group
    ("en", "Let's burn down the gypsy camp tonight."),
    ("fr", "Il faudrait couler les bateaux de migrants."),
    # removal with a particle after the group
    ("en", "We should ship all the Somalis back."),
    ("en", "Kick the Roma out of this town."),
    # the wish to see it done
    ("en", "I'd love to see all the Muslims locked up."),
    ("en", "Can't wait to see the refugees deported."),
    ("en", "I want the Pakistanis deported."),
    # a doubt put as a question
    ("en", "Are Jews even human?"),
    # a pronoun for a group named before
    ("fr", "J'ai vu des Afghans à la gare. C'est de la vermine."),
    # pronouns and demonstratives for a group named before
    ("fr", "Des Comoriens plein le bus. Je peux pas les voir."),
    ("fr", "Un voisin juif vient d'arriver. Ces gens-là sont radins."),
    ("fr", "Les femmes au bureau... elles sont juste pas assez intelligentes."),
    ("en", "Kurds moved in across the road. People like that are animals."),
    # scare quotes around the name end nothing; the copula left out of a texting reply
    ("en", 'These so-called "refugees" are all criminals.'),
    ("fr", "Ces soi-disant « réfugiés » sont des parasites."),
    ("en", "kurds just a bunch of criminals"),
    # control, the object before the verb
    ("fr", "Les Juifs veulent toujours tout contrôler."),
    # a judgement in an aside after a comma
    ("en", "Saw some Kurds at the market, filthy people honestly"),
    ("fr", "Croisé des Roumains ce matin, sale race"),
    ("en", "Albanians in the square again, vermin."),
    # contempt for every rule said of the group
    ("fr", "Le souci c'est que les Tunisiens respectent rien."),
    ("fr", "Les Afghans ne respectent personne."),
]


@pytest.mark.parametrize(("lang", "text"), HATEFUL)
def test_hateful_constructions_are_read(lang: str, text: str) -> None:
    assert hits(text, lang), text


BENIGN = [
    # an account of a custom, not a habit of the group
    ("en", "That's what Kurds do at Newroz, they light fires."),
    ("fr", "C'est ce que font les Tunisiens pendant le ramadan, ils jeûnent."),
    ("en", "Is this what Albanians do for weddings?"),
    ("en", "That's just what cats do."),
    # a virtue in the nature of a group
    ("en", "Hospitality is in the nature of Arabs."),
    ("fr", "L'accueil, c'est dans la nature des Marocains."),
    # made for, with no negation
    ("fr", "Les femmes sont faites pour gouverner autant que les hommes."),
    # typical in an account
    ("en", "A typical Arab breakfast has bread, olives and cheese."),
    # rights given, history, a report
    ("en", "Refugees should be given citizenship after five years."),
    ("en", "Women were denied the vote until 1944."),
    ("en", "The government refused to give citizenship to refugees."),
    ("fr", "Il ne faut pas refuser l'asile aux Afghans."),
    ("fr", "Il faut donner des papiers aux migrants."),
    # a plight, not a comparison
    ("en", "Refugees are worse off than anyone this winter."),
    # the camps and boats of a group saved, built or reported
    ("en", "We should build more refugee shelters."),
    ("fr", "Il faut sauver les bateaux de migrants."),
    ("en", "Police say someone tried to burn down the refugee shelter."),
    # sending someone home, removal refused, a report of a wish
    ("en", "I will send my Muslim friends home after dinner."),
    ("en", "We should never send refugees back to war."),
    ("en", "I don't want to see refugees deported."),
    ("en", "They want to see migrants jailed."),
    # an aside that describes a plight or praises
    ("en", "Refugees in the camp, sick people everywhere."),
    ("en", "Met some Syrians at the station, lovely people."),
    ("en", "Migrants reached the port, tired and dirty after days at sea."),
    # a pronoun whose verb has another subject
    ("fr", "Les migrants sont bloqués à la frontière, les journalistes ne peuvent pas les voir."),
    ("en", "Kurds moved in across the road. People like that are lovely."),
    # respect for the rules
    ("fr", "Les Tunisiens respectent les règles."),
    # a question answered, a question about something else
    ("en", "Are trans people human? Yes, obviously."),
    # a quotation condemned
    ("en", "'That's just what Mexicans do' is a lazy racist line."),
    # the English article is no French "a" (has)
    ("en", "In 1933 the regime called Jews a disease; the museum shows how."),
    ("en", "Trial opens for men accused of beating a gay couple."),
]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Les nazis traitaient les Juifs de vermine, n'oublions jamais."),
        ("en", "The Nazis called Jews vermin, never forget."),
    ],
)
def test_names_called_by_others_are_benign(lang: str, text: str) -> None:
    """A group called names by someone else is its victim: the post is benign, so the model may not flag it alone."""
    reading = abuse.hate_reading(normalize.folded(text).text, lang)
    assert not reading.hits and reading.countered, text


@pytest.mark.parametrize(("lang", "text"), BENIGN)
def test_neighbours_are_not_read_as_hate(lang: str, text: str) -> None:
    assert not hits(text, lang), text


def test_habitual_needs_the_clause_to_end_at_the_verb() -> None:
    assert hate_shapes.habitual(["that's", "just", "what"], ["do"]) == "habit"
    assert hate_shapes.habitual(["that's", "just", "what"], ["do", "at", "christmas"]) is None
    assert hate_shapes.habitual(["c'", "est", "ce", "que", "font"], [","]) == "habit"


def test_vice_in_nature_needs_a_vice() -> None:
    assert hate_shapes.vice_in_nature(["lying", "is", "in", "the", "nature", "of"], []) == "lying"
    assert hate_shapes.vice_in_nature(["kindness", "is", "in", "the", "nature", "of"], []) is None
    assert hate_shapes.vice_in_nature(["it", "is", "in", "the", "nature", "of"], ["to", "lie"]) == "lie"


def test_the_longest_phrase_is_looked_up() -> None:
    """A phrase of six words ("me donnent la chair de poule") is read whole: the look-up used to stop at five."""
    assert hate_words.longest_phrase() >= 6
    words = ["ces", "gens", "me", "donnent", "la", "chair", "de", "poule"]
    assert hate_clause._lookup(words, 2, "fr") == ("psych", "me donnent la chair de poule", 6)


def test_a_closing_quotation_ends_the_clause() -> None:
    text = "'that's just what kurds do' is a lazy line"
    start = text.index("kurds")
    assert hate_clause.closing_quote(text, start, start + 5) == text.index("do'") + 2
    assert hate_clause.closing_quote("kurds' food is great", 0, 5) is None
