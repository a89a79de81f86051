"""Forum and SMS replies around hate (issue #12), FR and EN, through the rule reading of a post
(``abuse.hate_reading``): counter-speech that mocks a quoted claim ("how original", "trop original"), says
its author lost or is what he describes ("makes you the …", "c'est toi le …"), forbids the naming ("nobody
should call X …", "personne ne devrait traiter les X de …"), answers "if your argument is that …", reports a
past saying ("un type qui disait que …") or takes the words back with a sarcasm tag ("/s"); and hate the
rules missed: the author's own saying amid other people's shock ("when I say that X are …"), "stop pretending
otherwise", "they're too lazy", a jussive call ("qu'on expulse les X", "je suis pour qu'on …", "y a qu'à"),
slogans of exclusion ("les X dehors !", "X out"), praise made sarcastic ("oh sure, X are so … 🙄") and trouble as all a group brings; "c'est une honte" after a
clause of the group's own judges its situation, not the group.
Each construction has must-not-flag neighbours of the same shape.

The sentences were written for this test, not taken from the probe sets.
"""

from __future__ import annotations

import pytest

from charte import normalize
from charte.detectors.support import abuse


def reading(text: str, lang: str) -> abuse.HateReading:
    return abuse.hate_reading(normalize.folded(text).text, lang)


COUNTERED = [
    # a quoted claim answered by mockery
    ("en", '"gays can\'t raise kids", so original, grow up'),
    ("en", "lmao 'immigrants are lazy'... how original"),
    ("fr", "« les Roms sont des voleurs », trop original, grandissez un peu"),
    # the one who says it is what he says, or has lost
    ("en", "calling Mexicans rats makes you a rat, buddy"),
    ("fr", "traiter les Arabes de singes, c'est toi le singe"),
    ("en", "if ur point is that Somalis are criminals, you lost already"),
    ("fr", "si votre raisonnement c'est que les Roms sont des voleurs, vous avez perdu"),
    # the naming forbidden
    ("en", "No one should call Syrians cockroaches, ever."),
    ("fr", "Personne ne devrait traiter les Maliens de parasites."),
    # a past saying reported and condemned
    ("fr", "Mon collègue disait que les Juifs sont des rapaces, je l'ai signalé aux RH."),
    # a claim's "crowd", a question to the reader met with disgust
    ("en", "here comes the 'Afghans are savages' crowd again"),
    ("en", "u seriously believe Mexicans are rats? yikes"),
    ("fr", "tu crois vraiment que les Roms sont des voleurs ? la honte"),
    # whoever says it, those saying it: banned
    ("en", "whoever posted that Syrians are cockroaches needs help"),
    ("en", "users saying Kurds are animals should be banned"),
    ("fr", "celui qui a écrit que les Maliens sont des singes devrait être banni"),
    # texting French drops the "ne" of a denial
    ("fr", "je pense pas que les Roms soient des voleurs"),
    ("fr", "perso je crois pas que les Afghans sont des sauvages"),
    # a sarcasm tag takes the words back
    ("en", "sure, every Afghan is a terrorist /s"),
    ("en", "oh totally, Mexicans are criminals /s"),
    ("fr", "ah oui bien sûr, les Marocains sont tous des voleurs /s"),
]


@pytest.mark.parametrize(("lang", "text"), COUNTERED)
def test_counter_speech_is_not_hate(lang: str, text: str) -> None:
    assert reading(text, lang).hits == []


HATEFUL = [
    # the author's own saying: other people's shock is no condemnation
    ("en", "folks get shocked when I say Somalis are parasites, but it's true"),
    ("fr", "les gens sont choqués quand je dis que les Roms sont des parasites"),
    # the reported speakers agreed with
    ("fr", "ceux qui disent que les Roms sont des voleurs, ils ont raison"),
    ("en", "people who say Somalis are thieves, and honestly they're right"),
    # a ">" opening the post is the author's own line (greentext), not a quote
    ("en", "> Somalis are parasites, whatever the news says"),
    # "stop pretending" affirms
    ("en", "Albanians are thieves, stop pretending otherwise"),
    ("en", "Nigerians are liars, stop denying it"),
    # the pronoun that carries its link
    ("en", "Saw the Afghans at the market. They're too lazy to work."),
    ("en", "Mexicans again. they're way too dirty"),
    # a jussive call
    ("fr", "Qu'on expulse tous les Afghans, et vite."),
    ("fr", "que l'on chasse les Roms de la ville"),
    ("fr", "Je propose qu'on noie les Afghans."),
    ("fr", "y a qu'à tirer sur les Roms"),
    ("fr", "moi je suis pour qu'on expulse tous les Tchétchènes"),
    ("fr", "y a ka noyer les Afghans"),
    # a slogan of exclusion that closes its clause
    ("fr", "les Tchétchènes dehors !"),
    ("fr", "les Afghans à la mer, et vite"),
    ("en", "Somalis out, this is our town"),
    # praise opened by mock agreement and closed by a laugh or an eye-roll
    ("en", "oh sure, Somalis are sooo hardworking 🙄"),
    ("fr", "ah ouais bien sûr, les Tchétchènes sont très gentils mdr"),
    # trouble as all a group brings
    ("fr", "les Roms n'apportent que des ennuis"),
    ("en", "Somalis bring only problems"),
]


@pytest.mark.parametrize(("lang", "text"), HATEFUL)
def test_hate_is_read(lang: str, text: str) -> None:
    assert reading(text, lang).hits, text


BENIGN = [
    # mockery of something else, no group statement
    ("en", "grow up, it's just a game"),
    # a sarcasm tag on a statement with no group
    ("en", "great, another Monday /s"),
    # a jussive wish that helps, or a fear of someone else's act
    ("fr", "qu'on aide les Afghans à s'installer"),
    ("fr", "Ils ont peur qu'on expulse les Afghans."),
    ("fr", "je propose qu'on accueille les Afghans"),
    ("fr", "Je ne propose pas qu'on expulse les Roms."),
    ("fr", "je suis pour qu'on accueille les Afghans"),
    # out, dehors, the sea: not a slogan
    ("fr", "les enfants des Afghans jouent dehors"),
    ("en", "Gay people out and proud at the parade"),
    # a shame said of the situation the group is in, after a clause of its own
    ("fr", "les Afghans dorment dehors, c'est une honte"),
    ("en", "Somalis are drowning at sea, it's a disgrace"),
    # sincere praise: no mock opener, or no laugh after it
    ("en", "of course Somalis are hardworking, my neighbours run two shops"),
    ("fr", "bien sûr que les Tchétchènes sont gentils, mdr, j'en connais plein"),
    # not only trouble
    ("fr", "les migrants n'apportent pas que des problèmes, loin de là"),
    ("en", "the refugees brought their problems with them, and their hopes"),
    # the pronoun with a link and a kind word
    ("en", "We met the Somalis next door. They're lovely."),
    ("en", "Refugees arrived today. They're going to be housed in the old school."),
]


@pytest.mark.parametrize(("lang", "text"), BENIGN)
def test_benign_is_not_hate(lang: str, text: str) -> None:
    assert reading(text, lang).hits == []
