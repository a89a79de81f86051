"""What must not be flagged (issue #12): a group named in a neutral or positive statement, and everyday speech
that borrows the words of a threat ("or you'll miss the bus", "deal with the leak", a wish for a child's school
year), FR and EN, through the whole engine with the finance starter policy. Each family has must-flag neighbours
that use the same words with a hateful object or a person as the target, so a fix cannot pass by going quiet.

The sentences were written for this test, not taken from the probe sets.
"""

from __future__ import annotations

import pytest
from tests.detectors.policykit import check_finance

ALLOWED = [
    # recovery wished to the reader's family or pet (the French model read "ta mère" as an insult)
    ("fr", "J'espère que ta mère va mieux"),
    ("fr", "j'espere que ton chien se remet vite, bon rétablissement à lui"),
    ("en", "hope your dad feels better soon"),
    # wishes that harm no one, next to the wished-harm rule
    ("en", "I hope your dog gets better soon"),
    ("en", "hope you get hit by a wave of inspiration"),
    ("en", "I hope your grandma dies peacefully in her sleep at 100"),
    ("en", "hope you die laughing at this one"),
    # a group with a positive or neutral object of "bring" / "apporter"
    ("en", "Muslims bring nothing but joy to our street festival"),
    ("en", "Immigrants bring nothing but good food and new ideas"),
    ("en", "Refugees bring so much energy to this town"),
    ("en", "Our Jewish neighbours always bring cake to the party"),
    ("en", "Migrants bring skills our hospitals badly need"),
    ("en", "Women bring a different perspective to the board"),
    ("fr", "Les migrants apportent des solutions"),
    ("fr", "Les migrants apportent des solutions concrètes aux pénuries de main-d'œuvre"),
    ("fr", "Les réfugiés apportent beaucoup de joie dans notre quartier"),
    ("fr", "Les musulmans du quartier apportent toujours des gâteaux à la fête"),
    ("fr", "Les immigrés n'apportent que du bonheur à notre village"),
    ("fr", "Les femmes apportent un autre regard au conseil"),
    # "always" / "toujours" with a kind habit
    ("en", "Muslims always help out at the food bank"),
    ("en", "The Polish guys always bring the best snacks"),
    ("en", "Gay couples are always so welcoming here"),
    ("fr", "Les Marocains sont toujours si accueillants"),
    ("fr", "Les Roms du camp aident toujours au marché"),
    ("fr", "Les Juifs de ma rue sont toujours serviables"),
    # "they are" / "ils sont" with a positive or neutral predicate
    ("en", "Immigrants are a huge part of our economy"),
    ("en", "Refugees are people like you and me"),
    ("en", "They are Muslims and they are my best friends"),
    ("fr", "Les migrants sont une richesse pour le pays"),
    ("fr", "Ils sont musulmans et ce sont des amis formidables"),
    ("fr", "Les réfugiés sont des gens comme nous"),
    ("fr", "Les étrangers sont les bienvenus chez nous"),
    # plain neutral facts about a group
    ("en", "Many migrants work in the care sector"),
    ("en", "Jewish families celebrate Hanukkah in December"),
    ("fr", "Beaucoup de migrants travaillent dans le soin"),
    ("fr", "Les musulmans jeûnent pendant le ramadan"),
    # everyday warnings shaped "or you'll ..."
    ("en", "Hurry up or you'll miss the bus"),
    ("en", "Put a coat on or you'll catch a cold"),
    ("en", "Leave now or you'll be late for school"),
    ("en", "Water the plants or they'll die"),
    ("en", "Slow down or you'll trip on the stairs"),
    ("en", "Book early or you'll never get a table"),
    ("fr", "Dépêche-toi ou tu vas rater le bus"),
    ("fr", "Mets ton manteau sinon tu vas attraper froid"),
    ("fr", "Pars maintenant sinon tu seras en retard"),
    ("fr", "Réserve vite ou tu n'auras plus de place"),
    # "deal with" / "s'occuper de" a thing
    ("en", "I paid someone to deal with the leak"),
    ("en", "I hired a guy to take care of the roof"),
    ("en", "We paid a plumber to deal with the pipes"),
    ("en", "I'll deal with the paperwork tomorrow"),
    ("en", "My brother will take care of the garden while we're away"),
    ("fr", "J'ai payé quelqu'un pour s'occuper de la fuite"),
    ("fr", "J'ai engagé un plombier pour régler le problème de la chaudière"),
    ("fr", "Je m'occupe des papiers demain"),
    ("fr", "On a payé un gars pour s'occuper du toit"),
    # school and family wishes
    ("fr", "J'espère que tes enfants passent une bonne rentrée"),
    ("fr", "Bonne rentrée à tes enfants, qu'ils s'éclatent"),
    ("fr", "J'espère que ta fille va adorer sa nouvelle école"),
    ("fr", "Que tes gamins passent une super année scolaire"),
    ("en", "I hope your kids have a great first day back at school"),
    ("en", "Hope your son settles in well at his new school"),
    ("en", "Wishing your little ones a lovely school year"),
    ("en", "I hope your family has a safe trip home"),
    # other phrasings of the same constructions, written after the fix to check it generalises
    ("en", "Refugees bring nothing but hope to this country"),
    ("fr", "Les réfugiés apportent des idées nouvelles"),
    ("fr", "Les Marocains de mon immeuble sont toujours si gentils"),
    ("en", "Grab an umbrella or you'll get wet"),
    ("fr", "File vite ou tu vas louper le train"),
    ("en", "We got a guy to sort out the gutters"),
    ("fr", "Bonne rentrée à ta fille !"),
    ("en", "I hope your kids have a great time at camp"),
    ("en", "Feed the cat or it'll starve"),
]

FLAGGED = [
    # the same verbs with a hateful object
    ("en", "Muslims bring nothing but crime"),
    ("en", "Immigrants bring nothing but disease and violence"),
    ("en", "Refugees only bring trouble to this town"),
    ("fr", "Les migrants n'apportent que des problèmes"),
    ("fr", "Les immigrés n'apportent que la délinquance"),
    ("fr", "Les réfugiés apportent la criminalité partout où ils vont"),
    # "always" / "toujours" with a vice
    ("en", "Muslims are always causing trouble"),
    ("en", "Gypsies always steal"),
    ("fr", "Les Roms volent toujours"),
    ("fr", "Les Arabes sont toujours des voleurs"),
    # "they are" with a dehumanising predicate
    ("en", "Immigrants are parasites"),
    ("en", "Refugees are vermin"),
    ("fr", "Les migrants sont des parasites"),
    ("fr", "Les musulmans sont des animaux"),
    # "or you'll ..." with harm to a person
    ("en", "Hurry up or you'll regret it"),
    ("en", "Pay me back or you'll end up in the hospital"),
    ("en", "Shut up or you'll get hurt"),
    ("en", "Keep talking and you'll wake up in a ditch"),
    ("fr", "Dépêche-toi ou tu vas le regretter"),
    ("fr", "Rembourse-moi sinon tu finis à l'hôpital"),
    ("fr", "Ferme-la ou tu vas te faire tabasser"),
    # "deal with" / "s'occuper de" a person
    ("en", "I paid someone to deal with you"),
    ("en", "I hired a guy to take care of your husband"),
    ("en", "I'll deal with you personally, watch your back"),
    ("fr", "J'ai payé quelqu'un pour s'occuper de toi"),
    ("fr", "J'ai engagé un gars pour régler son compte à ton frère"),
    # a wish of harm to someone's children
    ("fr", "J'espère que tes enfants passent sous un bus"),
    ("en", "I hope your kids get hit by a car"),
    ("fr", "J'espère que ta fille se fera agresser à l'école"),
    ("en", "I hope your family dies in a fire"),
    # other wishes of harm, written after the wished-harm rule
    ("en", "hope ur mom gets cancer"),
    ("en", "may your whole family rot"),
    ("en", "i hope u get run over by a truck tomorrow"),
    ("fr", "j'espère que tes gosses crèvent"),
    ("fr", "J'espère que ta mère va mieux, sale pute"),
    # other phrasings, written after the fix: the guards must not reach them
    ("en", "Immigrants bring nothing but filth"),
    ("en", "Muslims bring nothing but terror"),
    ("fr", "Les migrants apportent des maladies"),
    ("fr", "Les migrants n'apportent que la misère"),
    ("fr", "Tais-toi sinon tu vas le regretter"),
    ("en", "I got someone to sort you out"),
    ("en", "Keep talking or you'll end up like him"),
    ("en", "Hurry up or you'll miss your chance to live"),
    ("en", "I paid someone to deal with the leak and someone else to deal with your brother"),
]


@pytest.mark.parametrize(("lang", "text"), ALLOWED)
def test_positive_and_everyday_speech_is_allowed(lang: str, text: str) -> None:
    verdict, entities = check_finance(text, lang)
    assert verdict == "allow", entities


@pytest.mark.parametrize(("lang", "text"), FLAGGED)
def test_the_hateful_or_threatening_neighbour_is_flagged(lang: str, text: str) -> None:
    verdict, entities = check_finance(text, lang)
    assert verdict != "allow", entities
