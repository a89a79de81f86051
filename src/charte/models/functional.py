"""Functional training sets: one family of template sentences per construction the models must get right.

Public corpora hold little hate without profanity, few threats in French, no requests for illegal goods
and few of the hard negatives a compliance tool meets (counter-speech, reclaimed slurs, swearing at
nobody, a group named in a friendly sentence). Each construction below is written here, for this
project, in French and English, in many phrasings and registers; slots are filled from large lists
(protected groups, dehumanising nouns, violent verbs, illegal goods…) and the generator is seeded.

**Held-out templates.** One template in five of every construction and language (chosen by a CRC-32
of the template, see :func:`held_out_templates`) never reaches training: its rows form the ``val`` split and measure
how the models generalise to *phrasings* they have not seen, not only to new fillers. No sentence here
was taken or paraphrased from a published test suite.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from charte.models import synth

# --- fillers -----------------------------------------------------------------------------------------

#: Protected groups, English plural noun phrases.
GROUPS_EN = [
    "Muslims",
    "Jews",
    "Black people",
    "immigrants",
    "refugees",
    "women",
    "gay people",
    "trans people",
    "disabled people",
    "Mexicans",
    "Arabs",
    "Asians",
    "Roma",
    "Africans",
    "Chinese people",
    "lesbians",
    "Hindus",
    "migrants",
    "Pakistanis",
    "Somalis",
    "gays",
    "homosexuals",
    "transgender people",
    "Jewish people",
    "black women",
    "Muslim women",
    "foreigners",
    "asylum seekers",
    "Latinos",
    "Indians",
    "bisexuals",
    "people in wheelchairs",
    "autistic people",
    "Nigerians",
    "Syrians",
    "Turks",
    "Sikhs",
    "Hispanics",
]
#: Protected groups, French: (bare plural noun, gender of the noun for agreement).
GROUPS_FR = [
    ("musulmans", "m"),
    ("juifs", "m"),
    ("Noirs", "m"),
    ("immigrés", "m"),
    ("réfugiés", "m"),
    ("femmes", "f"),
    ("homosexuels", "m"),
    ("gays", "m"),
    ("lesbiennes", "f"),
    ("trans", "m"),
    ("handicapés", "m"),
    ("Arabes", "m"),
    ("Roms", "m"),
    ("Africains", "m"),
    ("Chinois", "m"),
    ("Asiatiques", "m"),
    ("migrants", "m"),
    ("Maghrébins", "m"),
    ("Turcs", "m"),
    ("musulmanes", "f"),
    ("femmes noires", "f"),
    ("étrangers", "m"),
    ("demandeurs d'asile", "m"),
    ("Algériens", "m"),
    ("Marocains", "m"),
    ("bisexuels", "m"),
    ("personnes handicapées", "f"),
    ("autistes", "m"),
    ("Sénégalais", "m"),
    ("Syriens", "m"),
    ("gitans", "m"),
    ("Juives", "f"),
    ("personnes trans", "f"),
    ("Comoriens", "m"),
    ("Kurdes", "m"),
]
ADJ_EN = [
    "disgusting",
    "filthy",
    "stupid",
    "vile",
    "worthless",
    "dangerous",
    "lazy",
    "dirty",
    "primitive",
    "inferior",
    "repulsive",
    "pathetic",
    "savage",
    "untrustworthy",
    "violent",
    "useless",
    "subhuman",
    "brainless",
    "degenerate",
    "revolting",
    "parasitic",
    "treacherous",
    "sick in the head",
    "backward",
    "evil",
    "nasty",
    "greedy",
    "repugnant",
    "retarded",
    "barbaric",
]
#: (masculine plural, feminine plural)
ADJ_FR = [
    ("dégoûtants", "dégoûtantes"),
    ("répugnants", "répugnantes"),
    ("stupides", "stupides"),
    ("inférieurs", "inférieures"),
    ("dangereux", "dangereuses"),
    ("paresseux", "paresseuses"),
    ("primitifs", "primitives"),
    ("inutiles", "inutiles"),
    ("violents", "violentes"),
    ("abjects", "abjectes"),
    ("nuisibles", "nuisibles"),
    ("pourris", "pourries"),
    ("menteurs", "menteuses"),
    ("hypocrites", "hypocrites"),
    ("sales", "sales"),
    ("arriérés", "arriérées"),
    ("dégénérés", "dégénérées"),
    ("sournois", "sournoises"),
    ("puants", "puantes"),
    ("bêtes à manger du foin", "bêtes à manger du foin"),
    ("écœurants", "écœurantes"),
    ("malfaisants", "malfaisantes"),
    ("débiles", "débiles"),
    ("barbares", "barbares"),
    ("crasseux", "crasseuses"),
    ("fourbes", "fourbes"),
    ("infâmes", "infâmes"),
]
DEHUM_EN = [
    "rats",
    "cockroaches",
    "vermin",
    "parasites",
    "animals",
    "apes",
    "pigs",
    "a plague",
    "a disease",
    "a cancer",
    "a virus",
    "leeches",
    "locusts",
    "savages",
    "trash",
    "filth",
    "insects",
    "dogs",
    "a swarm of flies",
    "an infestation",
    "maggots",
    "monkeys",
    "a tumour",
    "roaches",
    "beasts",
    "subhuman scum",
    "a pest",
    "garbage",
    "lice",
    "a disease spreading through our towns",
]
DEHUM_FR = [
    "des rats",
    "des cafards",
    "de la vermine",
    "des parasites",
    "des animaux",
    "des singes",
    "des porcs",
    "une plaie",
    "une maladie",
    "un cancer",
    "un virus",
    "des sangsues",
    "des sauvages",
    "des déchets",
    "des ordures",
    "des chiens",
    "des cloportes",
    "des nuisibles",
    "une invasion de sauterelles",
    "des asticots",
    "des bêtes",
    "des microbes",
    "une gangrène",
    "des poux",
    "de la racaille",
    "des sous-hommes",
    "une infection",
    "de la mauvaise herbe",
    "des moustiques",
    "une peste",
]
VIOLENCE_EN = [
    "shot",
    "hanged",
    "gassed",
    "deported by force",
    "wiped out",
    "exterminated",
    "burned alive",
    "beaten in the street",
    "lined up against a wall",
    "locked up and left to rot",
    "put down",
    "drowned",
    "strung up",
    "eliminated",
    "thrown out of the country with a bullet",
    "lynched",
]
#: (masculine plural participle, feminine plural participle)
VIOLENCE_FR = [
    ("fusillés", "fusillées"),
    ("pendus", "pendues"),
    ("gazés", "gazées"),
    ("exterminés", "exterminées"),
    ("brûlés vifs", "brûlées vives"),
    ("éliminés", "éliminées"),
    ("noyés", "noyées"),
    ("massacrés", "massacrées"),
    ("lynchés", "lynchées"),
    ("abattus", "abattues"),
    ("chassés à coups de bâton", "chassées à coups de bâton"),
    ("enfermés dans des camps", "enfermées dans des camps"),
    ("renvoyés chez eux à coups de matraque", "renvoyées chez elles à coups de matraque"),
]
BAD_HABITS_EN = [
    "steal",
    "lie",
    "cause trouble",
    "ruin every neighbourhood they move into",
    "smell",
    "breed like rabbits",
    "live off our taxes",
    "rape our women",
    "spread disease",
    "bring crime wherever they go",
    "cheat",
    "refuse to work",
]
BAD_HABITS_FR = [
    "volent",
    "mentent",
    "foutent le bordel",
    "détruisent tous les quartiers où ils s'installent",
    "puent",
    "se reproduisent comme des lapins",
    "vivent de nos impôts",
    "ramènent la délinquance",
    "propagent des maladies",
    "trichent",
    "refusent de travailler",
    "pourrissent tout ce qu'ils touchent",
]
HURT_EN = [
    "kill",
    "stab",
    "shoot",
    "strangle",
    "beat",
    "hurt",
    "slit the throat of",
    "smash the face of",
    "burn the house of",
    "put in the hospital",
    "break the legs of",
    "murder",
    "gut",
    "choke",
    "bury",
    "end",
    "destroy",
    "cut",
    "run over",
    "blow the brains out of",
]
#: (infinitive, present 1st person singular); elision handled by the templates.
HURT_FR = [
    ("tuer", "tue"),
    ("planter", "plante"),
    ("buter", "bute"),
    ("crever", "crève"),
    ("égorger", "égorge"),
    ("défoncer", "défonce"),
    ("massacrer", "massacre"),
    ("étrangler", "étrangle"),
    ("poignarder", "poignarde"),
    ("fracasser", "fracasse"),
    ("démolir", "démolis"),
    ("cramer", "crame"),
    ("flinguer", "flingue"),
    ("saigner", "saigne"),
    ("éclater", "éclate"),
    ("abattre", "abats"),
    ("casser les jambes", "casse les jambes"),
    ("refaire le portrait", "refais le portrait"),
    ("faire la peau", "fais la peau"),
    ("enterrer", "enterre"),
    ("écraser", "écrase"),
    ("achever", "achève"),
]
#: The synthetic sets' first names, then a few more.
NAMES = [*synth.NAMES, "Dylan", "Fatou", "Hugo", "Priya", "Marc", "Zoé"]
COND_EN = [
    "post that again",
    "show your face here again",
    "talk to my sister again",
    "go to the cops",
    "keep lying about me",
    "come near my house",
    "say one more word",
    "don't pay me back by Friday",
    "touch my car again",
    "report me",
    "leave me",
    "open your mouth at the meeting",
]
COND_FR = [
    "reposte ça",
    "remets les pieds ici",
    "reparles à ma sœur",
    "vas voir les flics",
    "continues à mentir sur moi",
    "t'approches de chez moi",
    "dis encore un mot",
    "me rembourses pas avant vendredi",
    "touches encore à ma voiture",
    "me balances",
    "me quittes",
    "l'ouvres à la réunion",
]
ILLEGAL_EN = [
    "weed",
    "coke",
    "molly",
    "xanax without a prescription",
    "oxy",
    "meth",
    "ketamine",
    "shrooms",
    "crack",
    "heroin",
    "fentanyl",
    "lean",
    "percs",
    "ecstasy pills",
    "an unregistered gun",
    "a glock with no serial",
    "a ghost gun",
    "an AK",
    "a silencer",
    "a stolen pistol",
    "fake IDs",
    "a fake passport",
    "cloned cards",
    "fullz",
    "counterfeit bills",
    "stolen credit card numbers",
    "a fake doctor's note",
    "cracked software",
    "a hacked Netflix account",
    "stolen Spotify logins",
    "fake euros",
    "a fake driving licence",
    "hacked bank logins",
    "stolen PayPal accounts",
    "acid tabs",
    "codeine syrup",
    "steroids with no script",
]
ILLEGAL_FR = [
    ("de la beuh", "m"),
    ("de la coke", "m"),
    ("du shit", "m"),
    ("de la MD", "m"),
    ("des ecstas", "m"),
    ("du xanax sans ordonnance", "m"),
    ("de la kétamine", "m"),
    ("de l'héro", "m"),
    ("du crack", "m"),
    ("des cachetons", "m"),
    ("de la C", "m"),
    ("des champis", "m"),
    ("un flingue", "m"),
    ("une arme sans papiers", "m"),
    ("une kalash", "m"),
    ("un 9 mm non déclaré", "m"),
    ("un silencieux", "m"),
    ("des faux papiers", "m"),
    ("un faux permis", "m"),
    ("des faux billets", "m"),
    ("des cartes bancaires volées", "m"),
    ("un compte Netflix piraté", "m"),
    ("des numéros de CB", "m"),
    ("un faux passeport", "m"),
    ("une fausse ordonnance", "m"),
    ("un faux arrêt maladie", "m"),
    ("de la codéine", "m"),
    ("des stéroïdes sans ordonnance", "m"),
    ("des comptes PayPal piratés", "m"),
    ("de la weed", "m"),
    ("du pilon", "m"),
    ("de la frappe", "m"),
]
LEGAL_ITEMS_EN = [
    "a good coffee grinder",
    "concert tickets",
    "vegan cheese",
    "a used bike",
    "cheap flights to Rome",
    "a second-hand iPhone",
    "organic flour",
    "a decent VPN",
    "CBD-free hand cream",
    "a gaming chair",
    "running shoes",
    "train tickets",
    "a birthday cake",
    "printer ink",
    "a winter coat",
]
LEGAL_ITEMS_FR = [
    "de la monnaie",
    "un bon moulin à café",
    "des places pour le concert",
    "du fromage vegan",
    "un vélo d'occasion",
    "des billets pas chers pour Rome",
    "un iPhone reconditionné",
    "de la farine bio",
    "un chargeur USB-C",
    "des masques",
    "des chaussures de running",
    "du pain sans gluten",
    "une poussette",
    "de l'encre pour imprimante",
    "un manteau d'hiver",
]
CITIES = [
    "Paris",
    "Lyon",
    "Marseille",
    "Lille",
    "Toulouse",
    "Nantes",
    "London",
    "Leeds",
    "Chicago",
    "Austin",
    "Brussels",
    "Montréal",
    "Bordeaux",
    "Manchester",
]
OBJECTS_EN = [
    "printer",
    "router",
    "laptop",
    "phone",
    "car",
    "app",
    "washing machine",
    "train",
    "website",
    "update",
    "coffee machine",
    "bus",
    "keyboard",
    "wifi",
]
OBJECTS_FR = [
    ("imprimante", "f"),
    ("box", "f"),
    ("ordi", "m"),
    ("téléphone", "m"),
    ("bagnole", "f"),
    ("appli", "f"),
    ("machine à laver", "f"),
    ("train", "m"),
    ("site", "m"),
    ("mise à jour", "f"),
    ("cafetière", "f"),
    ("bus", "m"),
    ("clavier", "m"),
    ("wifi", "m"),
]
GOOD_EN = [
    "wonderful neighbours",
    "hard-working",
    "kind",
    "brilliant colleagues",
    "an asset to this city",
    "welcome here",
    "part of our community",
    "great friends",
    "talented",
    "generous",
    "just like everyone else",
    "our fellow citizens",
    "amazing people",
    "essential to our economy",
]
#: (masculine plural, feminine plural)
GOOD_FR = [
    ("de super voisins", "de super voisines"),
    ("travailleurs", "travailleuses"),
    ("gentils", "gentilles"),
    ("de brillants collègues", "de brillantes collègues"),
    ("une chance pour cette ville", "une chance pour cette ville"),
    ("les bienvenus", "les bienvenues"),
    ("chez eux ici", "chez elles ici"),
    ("de bons amis", "de bonnes amies"),
    ("talentueux", "talentueuses"),
    ("généreux", "généreuses"),
    ("comme tout le monde", "comme tout le monde"),
    ("nos concitoyens", "nos concitoyennes"),
    ("formidables", "formidables"),
    ("essentiels à l'économie", "essentielles à l'économie"),
]
PLACES_EN = [
    "at the station",
    "at the café",
    "outside the office",
    "at the gym",
    "in front of the cinema",
    "at the airport",
    "at the school gate",
    "at the bar",
]
PLACES_FR = [
    "à la gare",
    "au café",
    "devant le bureau",
    "à la salle de sport",
    "devant le ciné",
    "à l'aéroport",
    "devant l'école",
    "au bar",
]
GAMES_EN = ["chess", "Mario Kart", "FIFA", "poker", "tennis", "Scrabble", "ping-pong", "Fortnite"]
GAMES_FR = [
    "aux échecs",
    "à Mario Kart",
    "à FIFA",
    "au poker",
    "au tennis",
    "au Scrabble",
    "au ping-pong",
    "à Fortnite",
]
RECLAIMED_EN = ["queer", "dyke", "fag", "nigga", "bitch", "crip", "homo", "tranny"]
RECLAIMED_FR = ["pédé", "gouine", "tarlouze", "négro", "meuf", "tafiole", "travelo"]

# --- constructions -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Construction:
    """A family of templates and the label each head gets for its rows (heads not named: not used)."""

    labels: dict[str, int]
    templates: dict[str, list[str]]
    flag: bool
    """Whether a policy should flag these posts (used by the evaluation: caught vs allowed)."""


_HATE = {"toxicity": 1, "hate": 1}
_NOT = {"toxicity": 0, "hate": 0, "threat": 0}

CONSTRUCTIONS: dict[str, Construction] = {
    "hate_derogation": Construction(
        _HATE,
        {
            "en": [
                "{G} are {adj}",
                "{G} are so {adj}",
                "all {G} are {adj} and everyone knows it",
                "{G} are {adj}, every single one of them",
                "{G} {habit}",
                "{G} always {habit}",
                "typical {G}, {adj} as always",
                "{G} are a disgrace to this country",
                "{G} are the scum of the earth",
                "{G} have no place in a civilised society",
                "{G} are a burden on all of us",
                "{G} are born liars",
                "{G} ruin everything they touch",
                "{G} are nothing but {adj} freeloaders",
                "the problem with {G} is that they are {adj}",
                "{G} are genetically {adj}",
                "there's nothing more {adj} than {G}",
                "{G} are {adj} by nature",
                "{G} are worth less than dirt",
                "{G} belong at the bottom of society",
            ],
            "fr": [
                "les {g} sont {adj}",
                "les {g} sont vraiment {adj}",
                "{tous} les {g} sont {adj}, tout le monde le sait",
                "les {g} sont {adj}, {tous} sans exception",
                "les {g} {habit}",
                "les {g} {habit} toujours",
                "typique des {g}, toujours aussi {adj}",
                "les {g} sont la honte de ce pays",
                "les {g} sont la lie de l'humanité",
                "les {g} n'ont rien à faire dans une société civilisée",
                "les {g} sont un fardeau pour nous tous",
                "les {g} sont {adj} de naissance",
                "les {g} gâchent tout ce qu'{ils} touchent",
                "le problème avec les {g}, c'est qu'{ils} sont {adj}",
                "rien de plus {adj_sg} qu'un groupe de {g}",
                "les {g} sont {adj} par nature",
                "les {g} valent moins que rien",
                "les {g} sont des moins que rien",
                "ces {g} sont {adj}, franchement",
                "les {g}, une bande de {adj}",
            ],
        },
        True,
    ),
    "hate_hatred": Construction(
        _HATE,
        {
            "en": [
                "I hate {G}",
                "I despise {G}",
                "I can't stand {G}",
                "{G} disgust me",
                "{G} make me sick",
                "nothing makes me angrier than {G}",
                "I'd never let {G} near my kids",
                "I wish {G} would just disappear",
                "the world would be better without {G}",
                "I hate {G} with all my heart",
                "{G} make my skin crawl",
                "I am sick and tired of {G}",
                "I will never respect {G}",
                "I loathe {G} and I'm proud of it",
                "can't stand being in the same room as {G}",
                "my hatred for {G} grows every day",
                "I truly detest {G}",
                "seeing {G} everywhere makes me want to throw up",
            ],
            "fr": [
                "je hais les {g}",
                "je déteste les {g}",
                "je ne supporte pas les {g}",
                "les {g} me dégoûtent",
                "les {g} me donnent envie de vomir",
                "rien ne m'énerve plus que les {g}",
                "jamais je ne laisserai des {g} approcher mes enfants",
                "j'aimerais que les {g} disparaissent",
                "le monde serait meilleur sans les {g}",
                "je hais les {g} de tout mon cœur",
                "les {g} me répugnent",
                "j'en ai ras le bol des {g}",
                "je n'aurai jamais aucun respect pour les {g}",
                "j'exècre les {g} et j'en suis fier",
                "impossible de rester dans la même pièce que des {g}",
                "ma haine des {g} grandit chaque jour",
                "je vomis les {g}",
                "voir des {g} partout me file la nausée",
            ],
        },
        True,
    ),
    "hate_dehumanisation": Construction(
        _HATE,
        {
            "en": [
                "{G} are {dehum}",
                "{G} are nothing but {dehum}",
                "{G} are {dehum}, plain and simple",
                "{G} breed like rats",
                "{G} are {dehum} that must be removed",
                "treat {G} like the {dehum} they are",
                "{G} spread through our cities like {dehum}",
                "{G} are a plague on this country",
                "{G} are closer to animals than to humans",
                "{G} are not people, they're {dehum}",
                "{G} are the {dehum} of humanity",
                "{G}: {dehum}, all of them",
                "we are overrun by {G}, {dehum} everywhere",
                "{G} are like {dehum}, you never get rid of them",
            ],
            "fr": [
                "les {g} sont {dehum}",
                "les {g} ne sont que {dehum}",
                "les {g}, c'est {dehum}, point",
                "les {g} se reproduisent comme des rats",
                "les {g} sont {dehum} qu'il faut éliminer",
                "traitons les {g} comme {dehum} qu'{ils} sont",
                "les {g} envahissent nos villes comme {dehum}",
                "les {g} sont une plaie pour ce pays",
                "les {g} sont plus proches de l'animal que de l'homme",
                "les {g} ne sont pas des gens, c'est {dehum}",
                "les {g} : {dehum}, {tous}",
                "on est envahis par les {g}, {dehum} partout",
                "les {g} c'est comme {dehum}, on s'en débarrasse jamais",
                "ces {g} sont {dehum}",
            ],
        },
        True,
    ),
    "hate_violence": Construction(
        {"toxicity": 1, "hate": 1, "threat": 1},
        {
            "en": [
                "{G} should be {violence}",
                "all {G} deserve to be {violence}",
                "kill all {G}",
                "we need to wipe out {G}",
                "{G} need to be exterminated",
                "round up {G} and get rid of them for good",
                "let's go hunt some {G} tonight",
                "time to get rid of {G} once and for all, by any means",
                "I'd happily beat up any {G} I see",
                "every one of {G} should be {violence}",
                "burn down the places where {G} meet",
                "the only good thing to do with {G} is to have them {violence}",
                "grab your guns, we're going after {G}",
                "{G} deserve a bullet",
                "someone should shoot {G}",
                "I want to see {G} {violence}",
            ],
            "fr": [
                "les {g} devraient être {violence}",
                "{tous} les {g} méritent d'être {violence}",
                "mort aux {g}",
                "il faut exterminer les {g}",
                "il faudrait tous les tuer, ces {g}",
                "qu'on les pende, ces {g}",
                "on devrait brûler les {g}",
                "je rêve de voir les {g} crever",
                "faut tirer dans le tas, sur les {g}",
                "il est temps de se débarrasser des {g} par tous les moyens",
                "allez, on va casser du {g_sg} ce soir",
                "chaque {g_sg} mérite une balle",
                "brûlons les lieux où se réunissent les {g}",
                "je veux voir les {g} {violence}",
                "prenez vos armes, on s'occupe des {g}",
                "que les {g} soient {violence}, voilà la solution",
            ],
        },
        True,
    ),
    "hate_negated_positive": Construction(
        _HATE,
        {
            "en": [
                "{G} are not human",
                "{G} are never honest",
                "I have never met a single one of {G} who was smart",
                "{G} will never be our equals",
                "{G} are not welcome here",
                "{G} don't deserve any rights",
                "{G} aren't real people",
                "{G} have no value at all",
                "{G} can never be trusted",
                "{G} are incapable of doing anything right",
                "{G} don't deserve to live",
                "{G} will never belong here",
                "no one should ever hire {G}",
                "{G} don't belong in our society",
                "there is nothing good about {G}",
                "{G} are not worth the air they breathe",
            ],
            "fr": [
                "les {g} ne sont pas des êtres humains",
                "les {g} ne sont jamais honnêtes",
                "je n'ai jamais rencontré un seul {g_sg} intelligent",
                "les {g} ne seront jamais nos égaux",
                "les {g} ne sont pas les bienvenus ici",
                "les {g} ne méritent aucun droit",
                "les {g} ne sont pas de vraies personnes",
                "les {g} ne valent rien",
                "on ne peut jamais faire confiance aux {g}",
                "les {g} sont incapables de faire quoi que ce soit de bien",
                "les {g} ne méritent pas de vivre",
                "les {g} n'auront jamais leur place ici",
                "personne ne devrait embaucher de {g}",
                "les {g} n'ont rien à faire chez nous",
                "il n'y a rien de bon chez les {g}",
                "les {g} ne méritent même pas l'air qu'{ils} respirent",
            ],
        },
        True,
    ),
    "hate_question": Construction(
        _HATE,
        {
            "en": [
                "why are {G} so {adj}?",
                "why do {G} always {habit}?",
                "isn't it obvious that {G} are {dehum}?",
                "how can anyone trust {G}?",
                "when will we finally get rid of {G}?",
                "don't you think {G} are {adj}?",
                "am I the only one who thinks {G} are {dehum}?",
                "why are we still letting {G} into this country?",
                "why should we treat {G} as humans?",
                "who else is sick of {G}?",
                "can we all agree {G} are {adj}?",
                "what's the point of {G} anyway?",
            ],
            "fr": [
                "pourquoi les {g} sont si {adj} ?",
                "pourquoi les {g} {habit} toujours ?",
                "c'est pas évident que les {g} sont {dehum} ?",
                "qui peut encore faire confiance aux {g} ?",
                "quand est-ce qu'on se débarrasse enfin des {g} ?",
                "vous trouvez pas que les {g} sont {adj} ?",
                "je suis le seul à penser que les {g} sont {dehum} ?",
                "pourquoi on laisse encore entrer des {g} ?",
                "pourquoi devrait-on traiter les {g} comme des humains ?",
                "qui d'autre en a marre des {g} ?",
                "on est d'accord que les {g} sont {adj} ?",
                "à quoi servent les {g}, au juste ?",
            ],
        },
        True,
    ),
    "hate_opinion": Construction(
        _HATE,
        {
            "en": [
                "I think {G} are {adj}",
                "in my opinion {G} are {dehum}",
                "honestly I believe {G} are {adj}",
                "I'm convinced that {G} are {dehum}",
                "personally I feel {G} are {adj}",
                "just my opinion but {G} are {adj}",
                "I've always thought {G} were {adj}",
                "call me what you want, I think {G} are {dehum}",
                "my view: {G} are {adj} and should stay away from us",
                "I genuinely believe {G} are {adj}",
                "unpopular opinion: {G} are {dehum}",
                "I'm sorry but {G} are {adj}",
            ],
            "fr": [
                "je pense que les {g} sont {adj}",
                "à mon avis les {g} sont {dehum}",
                "perso je trouve que les {g} sont {adj}",
                "je suis convaincu que les {g} sont {dehum}",
                "pour moi les {g} sont {adj}",
                "selon moi les {g} sont {adj}",
                "j'ai toujours pensé que les {g} étaient {adj}",
                "traitez-moi de ce que vous voulez, les {g} sont {dehum}",
                "mon avis : les {g} sont {adj} et doivent rester loin de nous",
                "je crois sincèrement que les {g} sont {adj}",
                "avis impopulaire : les {g} sont {dehum}",
                "désolé mais les {g} sont {adj}",
            ],
        },
        True,
    ),
    "hate_subordinate": Construction(
        _HATE,
        {
            "en": [
                "I don't care what anyone says, {G} are {adj}",
                "everyone knows that {G} are {dehum}",
                "the reason crime is up is that {G} are {adj}",
                "my neighbour, who says {G} are {dehum}, is right",
                "even though nobody dares say it, {G} are {adj}",
                "it's a fact that {G} are {adj}",
                "people forget that {G} are {dehum}",
                "they won't admit that {G} are {adj}, but it's true",
                "since {G} are {dehum}, we should keep them out",
                "now that {G} live here, the town is full of {dehum}",
                "the truth, which the media hides, is that {G} are {adj}",
                "although it's not politically correct, {G} are {dehum}",
            ],
            "fr": [
                "je me fiche de ce qu'on dit, les {g} sont {adj}",
                "tout le monde sait que les {g} sont {dehum}",
                "si la délinquance augmente, c'est parce que les {g} sont {adj}",
                "mon voisin, qui dit que les {g} sont {dehum}, a raison",
                "même si personne n'ose le dire, les {g} sont {adj}",
                "c'est un fait que les {g} sont {adj}",
                "on oublie que les {g} sont {dehum}",
                "ils ne l'avoueront pas, mais les {g} sont {adj}",
                "puisque les {g} sont {dehum}, il faut les tenir à l'écart",
                "depuis que les {g} habitent ici, la ville est pleine {de_dehum}",
                "la vérité, que les médias cachent, c'est que les {g} sont {adj}",
                "même si ce n'est pas politiquement correct, les {g} sont {dehum}",
            ],
        },
        True,
    ),
    "hate_pronoun": Construction(
        _HATE,
        {
            "en": [
                "Saw a bunch of {G} at the station today. They are {dehum}.",
                "{G} moved into my street. I can't stand them.",
                "Our new colleagues are {G}. They should all be {violence}.",
                "Don't talk to me about {G}. They are {adj}, all of them.",
                "There were {G} at the party. Honestly, they disgust me.",
                "My sister married one of those {G}. They are all {adj}.",
                "The council is housing more {G} here. They are {dehum} and will ruin the place.",
                "You know {G}? I wish they would all disappear.",
                "{G} again in the news. They never stop being {adj}.",
                "A family of {G} opened a shop nearby. I hope they go bankrupt and leave, they're {dehum}.",
            ],
            "fr": [
                "J'ai croisé des {g} à la gare aujourd'hui. {Ils} sont {dehum}.",
                "Des {g} se sont installés dans ma rue. Je ne les supporte pas.",
                "Nos nouveaux collègues sont des {g}. Il faudrait tous les virer.",
                "Me parlez pas des {g}. {Ils} sont {adj}, {tous}.",
                "Il y avait des {g} à la soirée. Franchement, {ils} me dégoûtent.",
                "Ma sœur a épousé un de ces {g}. {Ils} sont {tous} {adj}.",
                "La mairie loge encore des {g} ici. {Ils} sont {dehum} et vont tout pourrir.",
                "Les {g} ? J'aimerais qu'{ils} disparaissent {tous}.",
                "Encore les {g} dans l'actu. {Ils} sont toujours aussi {adj}.",
                "Une famille de {g} a ouvert une boutique à côté. J'espère qu'{ils} vont couler, c'est {dehum}.",
            ],
        },
        True,
    ),
    "threat_direct": Construction(
        {"toxicity": 1, "threat": 1},
        {
            "en": [
                "I'm going to {hurt} you",
                "I will {hurt} you",
                "I'm gonna {hurt} you {name}",
                "you're going to die",
                "I'm coming for you and I will {hurt} you",
                "I'll {hurt} you and your whole family",
                "{name}, I will find you and {hurt} you",
                "watch your back, I'm going to {hurt} you",
                "I swear to god I'll {hurt} you",
                "tonight I {hurt} you",
                "you won't see tomorrow, I'll {hurt} you",
                "I know where you live and I'm going to {hurt} you",
                "count your days, I will {hurt} you",
                "we're going to {hurt} you, {name}",
                "I'm waiting outside, ready to {hurt} you",
            ],
            "fr": [
                "je vais te {hurt}",
                "je vais te {hurt} {name}",
                "tu vas crever",
                "je viens te {hurt}",
                "je vais te {hurt}, toi et toute ta famille",
                "{name}, je vais te retrouver et te {hurt}",
                "fais gaffe à toi, je vais te {hurt}",
                "je te jure que je vais te {hurt}",
                "ce soir je te {hurt_pres}",
                "tu verras pas demain, je vais te {hurt}",
                "je sais où tu habites et je vais te {hurt}",
                "compte tes jours, je vais te {hurt}",
                "on va te {hurt}, {name}",
                "je t'attends en bas pour te {hurt}",
                "je vais venir chez toi te {hurt}",
            ],
        },
        True,
    ),
    "threat_conditional": Construction(
        {"toxicity": 1, "threat": 1},
        {
            "en": [
                "if you {cond}, I'll {hurt} you",
                "{cond} and I will {hurt} you",
                "one more word and I {hurt} you",
                "keep it up and you'll end up in a ditch",
                "if you {cond} you're dead",
                "you {cond} and I swear I'll {hurt} you",
                "if I see you again I'll {hurt} you",
                "next time you {cond}, I'm going to {hurt} you",
                "should you {cond}, I will {hurt} you",
                "if you ever {cond}, nobody will find your body",
            ],
            "fr": [
                "si tu {cond_fr}, je te {hurt_pres}",
                "si tu {cond_fr}, je vais te {hurt}",
                "encore un mot et je te {hurt_pres}",
                "continue comme ça et tu finis dans un fossé",
                "si tu {cond_fr} t'es mort",
                "la prochaine fois que tu {cond_fr}, je vais te {hurt}",
                "si je te revois je te {hurt_pres}",
                "si jamais tu {cond_fr}, on retrouvera jamais ton corps",
                "tu {cond_fr} et je te jure que je te {hurt_pres}",
                "si tu {cond_fr}, je viendrai te {hurt}",
            ],
        },
        True,
    ),
    "threat_tense": Construction(
        {"toxicity": 1, "threat": 1},
        {
            "en": [
                "I should have {hurt_past} you when I had the chance",
                "I've already bought the gun, you're next {name}",
                "last time you got lucky, next time I'll {hurt} you",
                "by tomorrow you will be dead",
                "I have been waiting years to {hurt} you",
                "you would already be dead if I were there",
                "I was this close to {hurting} you yesterday, next time I won't stop",
                "I've sharpened the knife for you {name}",
                "soon you'll be begging me not to {hurt} you",
                "you will regret this when I {hurt} you",
                "I had planned to {hurt} you and I still will",
                "someone should {hurt} {name}",
                "I hope someone {hurts} {name} tonight",
            ],
            "fr": [
                "j'aurais dû te {hurt} quand j'en avais l'occasion",
                "j'ai déjà acheté le flingue, t'es le prochain {name}",
                "la dernière fois t'as eu de la chance, la prochaine je te {hurt_pres}",
                "demain t'es mort",
                "ça fait des années que j'attends de te {hurt}",
                "tu serais déjà mort si j'avais été là",
                "hier j'étais à deux doigts de te {hurt}, la prochaine fois je m'arrête pas",
                "j'ai aiguisé le couteau pour toi {name}",
                "bientôt tu me supplieras de ne pas te {hurt}",
                "tu regretteras quand je t'aurai retrouvé",
                "j'avais prévu de te {hurt} et je le ferai",
                "quelqu'un devrait {hurt_3} {name}",
                "j'espère que quelqu'un va {hurt_3} {name} ce soir",
            ],
        },
        True,
    ),
    "illegal_offer": Construction(
        {"illegal": 1},
        {
            "en": [
                "selling {item}, dm me",
                "got {item} for sale, cash only",
                "{item} available, discreet delivery",
                "hmu for {item}",
                "plug here, {item} ready tonight",
                "{item} in stock, {city} area, no questions asked",
                "I can get you {item}, cheap",
                "dm for {item}, fast shipping",
                "who wants {item}? I deliver",
                "bulk {item} for resale, serious buyers only",
            ],
            "fr": [
                "je vends {item}, dm",
                "dispo {item}, livraison discrète",
                "{item} à vendre, paiement cash",
                "contactez-moi pour {item}",
                "plan {item} sur {city}, en mp",
                "j'ai {item} en stock, pas de questions",
                "je peux te trouver {item} pas cher",
                "{item} dispo ce soir, snap en bio",
                "qui veut {item} ? je livre",
                "{item} en gros pour revente, sérieux uniquement",
            ],
        },
        True,
    ),
    "illegal_request": Construction(
        {"illegal": 1},
        {
            "en": [
                "where can I buy {item}?",
                "anyone know where to get {item}?",
                "who's got {item} tonight?",
                "looking for {item}, dm me",
                "need {item} asap, who can help",
                "does anyone sell {item} around here?",
                "where do you guys cop {item}?",
                "any plug for {item} in {city}?",
                "how do I get my hands on {item}?",
                "can someone hook me up with {item}?",
            ],
            "fr": [
                "où est-ce que je peux acheter {item} ?",
                "quelqu'un sait où trouver {item} ?",
                "qui a {item} ce soir ?",
                "je cherche {item}, mp moi",
                "besoin {item_de} vite, qui peut aider",
                "quelqu'un vend {item} dans le coin ?",
                "vous choppez où {item} ?",
                "un plan pour {item} sur {city} ?",
                "comment je peux me procurer {item} ?",
                "qui a {item} ?",
                "qui peut me dépanner {item_de} ?",
            ],
        },
        True,
    ),
    # --- must not flag -------------------------------------------------------------------------------
    "counter_speech": Construction(
        _NOT,
        {
            "en": [
                "Saying that {G} are {dehum} is disgusting.",
                "If you think {G} are {adj}, you are the problem.",
                "I'm so tired of people calling {G} {dehum}.",
                'Someone on my feed wrote "{G} are {dehum}". Blocked and reported.',
                "No, {G} are not {dehum}. Stop spreading hate.",
                "Comparing {G} to {dehum} is how genocides start.",
                "We stand with {G} against everyone who calls them {dehum}.",
                '"{G} should be {violence}" is the kind of hate we must fight.',
                "Anyone who says {G} are {adj} should be ashamed.",
                "It is racist and wrong to claim {G} are {adj}.",
                "My uncle said {G} are {dehum} at dinner and I walked out.",
                "Calling {G} {dehum} is not free speech, it's hate speech.",
                "Stop saying {G} {habit}, it's a lie.",
                "Hate against {G} has no place here. Report it.",
            ],
            "fr": [
                "Dire que les {g} sont {dehum}, c'est ignoble.",
                "Si tu penses que les {g} sont {adj}, le problème c'est toi.",
                "Marre des gens qui traitent les {g} de {dehum_bare}.",
                "Quelqu'un a écrit « les {g} sont {dehum} » sous mon post. Bloqué et signalé.",
                "Non, les {g} ne sont pas {dehum}. Arrêtez de propager la haine.",
                "Comparer les {g} à {dehum}, c'est comme ça que commencent les génocides.",
                "Solidarité avec les {g} face à ceux qui les traitent de {dehum_bare}.",
                "« Les {g} devraient être {violence} » : voilà la haine qu'il faut combattre.",
                "Ceux qui disent que les {g} sont {adj} devraient avoir honte.",
                "C'est raciste et faux de prétendre que les {g} sont {adj}.",
                "Mon oncle a dit que les {g} étaient {dehum} au repas, je suis parti.",
                "Traiter les {g} de {dehum_bare}, ce n'est pas la liberté d'expression, c'est de la haine.",
                "Arrêtez de dire que les {g} {habit}, c'est faux.",
                "La haine envers les {g} n'a pas sa place ici. Signalez.",
            ],
        },
        False,
    ),
    # The same sentence shapes as the hateful constructions with a friendly or factual predicate, so the
    # models learn the predicate, not the group's name nor the shape ("deserve", "why are", "they are").
    "group_mirror": Construction(
        _NOT,
        {
            "en": [
                "{G} deserve respect",
                "{G} deserve equal rights and equal pay",
                "all {G} deserve to be safe",
                "{G} are {good}",
                "I think {G} are {good}",
                "in my opinion {G} are treated unfairly",
                "why are {G} so often the target of abuse?",
                "why do people keep blaming {G} for everything?",
                "everyone knows that {G} face discrimination at work",
                "honestly {G} are {good}",
                "Some {G} moved in next door. They are lovely people.",
                "Our new colleagues are {G}. They are {good}.",
                "{G} are not the problem, poverty is",
                "{G} are human beings with the same rights as anyone",
                "I have never met {G} who weren't kind to me",
                "{G} will always be welcome in our team",
                "nobody should ever be afraid because they are one of {G}",
                "{G} built this country too",
                "the fact that {G} still earn less is a scandal",
                "I'd love more {G} in tech",
                "Met a group of {G} at the conference. They were brilliant.",
                "can we talk about how {G} are underpaid?",
                "{G} are part of us",
                "without {G} our hospitals would collapse",
            ],
            "fr": [
                "les {g} méritent le respect",
                "les {g} méritent les mêmes droits et le même salaire",
                "{tous} les {g} méritent d'être en sécurité",
                "les {g} sont {good}",
                "je pense que les {g} sont {good}",
                "à mon avis les {g} sont traités injustement",
                "pourquoi les {g} sont-{ils} si souvent insultés ?",
                "pourquoi on accuse toujours les {g} de tout ?",
                "tout le monde sait que les {g} sont discriminés au travail",
                "franchement les {g} sont {good}",
                "Des {g} ont emménagé à côté. {Ils} sont adorables.",
                "Nos nouveaux collègues sont des {g}. {Ils} sont {good}.",
                "les {g} ne sont pas le problème, la pauvreté si",
                "les {g} sont des êtres humains avec les mêmes droits que tout le monde",
                "je n'ai jamais rencontré de {g} qui n'aient pas été gentils avec moi",
                "les {g} seront toujours les bienvenus dans notre équipe",
                "les {g} ont aussi construit ce pays",
                "le fait que les {g} gagnent encore moins est un scandale",
                "j'aimerais plus de {g} dans la tech",
                "J'ai rencontré des {g} au salon. {Ils} étaient brillants.",
                "on peut parler du salaire des {g} ?",
                "les {g} font partie de nous",
                "sans les {g} nos hôpitaux s'effondreraient",
                "personne ne devrait avoir peur parce qu'{ils} sont {g}",
            ],
        },
        False,
    ),
    "negated_hate": Construction(
        _NOT,
        {
            "en": [
                "I don't hate {G}",
                "I would never say {G} are {dehum}",
                "{G} are not {dehum}, they are people",
                "no one should call {G} {dehum}",
                "I don't think {G} are {adj} at all",
                "{G} are not {adj}",
                "it's false that {G} {habit}",
                "I have nothing against {G}, quite the opposite",
                "there is no reason to hate {G}",
                "{G} should never be {violence}, not in any world",
            ],
            "fr": [
                "je ne déteste pas les {g}",
                "je ne dirais jamais que les {g} sont {dehum}",
                "les {g} ne sont pas {dehum}, ce sont des personnes",
                "personne ne devrait traiter les {g} de {dehum_bare}",
                "je ne pense pas du tout que les {g} soient {adj}",
                "les {g} ne sont pas {adj}",
                "c'est faux de dire que les {g} {habit}",
                "je n'ai rien contre les {g}, au contraire",
                "il n'y a aucune raison de haïr les {g}",
                "les {g} ne devraient jamais être {violence}, nulle part",
            ],
        },
        False,
    ),
    "reclaimed": Construction(
        _NOT,
        {
            "en": [
                "as a {slur} myself, I'm proud of who I am",
                "we {slur}s are taking over pride this year and I love it",
                "proud {slur} here, nothing you say can hurt me",
                "me and my {slur}s going out tonight 💅",
                "I'm a {slur} and I'm not ashamed of it",
                "love you, my {slur} ❤️",
                "happy birthday to my favourite {slur}!",
                "yes I'm a {slur}, and? living my best life",
            ],
            "fr": [
                "en tant que {slur} moi-même, je suis fier de qui je suis",
                "nous les {slur}s on sera à la marche des fiertés",
                "{slur} et fière de l'être",
                "soirée entre {slur}s ce soir 💅",
                "je suis {slur} et j'en ai pas honte",
                "je t'aime mon {slur} ❤️",
                "joyeux anniversaire à mon {slur} préféré !",
                "oui je suis {slur}, et alors ?",
            ],
        },
        False,
    ),
    "profanity_untargeted": Construction(
        _NOT,
        {
            "en": [
                "fuck me, that sunset",
                "shit yes, I got the job!",
                "damn, you look amazing in that photo",
                "that was a hell of a good match",
                "this pizza is fucking incredible",
                "fuck it, I'm booking the trip",
                "well shit, the train is cancelled again",
                "what the hell, it's snowing in April",
                "goddamn that was a great show",
                "I'm so fucking proud of my team",
                "oh fuck, I left the oven on",
                "this is fucking great",
                "holy shit that was amazing",
                "fuck yeah, we won!",
                "damn this coffee is good",
                "shit, I forgot my keys again",
                "what the fuck just happened lol",
                "fucking finally, it's friday",
                "that concert was so fucking good",
                "hell yeah, best day ever",
                "oh shit, I'm late for the meeting",
                "bloody hell, what a goal",
                "this song goes hard as fuck",
                "damn, I love this city",
                "fuck, that's a beautiful view",
                "holy crap the new {brand} update is actually good",
            ],
            "fr": [
                "putain ce coucher de soleil",
                "merde oui, j'ai eu le poste !",
                "bordel t'es magnifique sur cette photo",
                "putain de bon match",
                "cette pizza est putain d'incroyable",
                "et merde, je réserve le voyage",
                "bon bah merde, le train est encore annulé",
                "c'est quoi ce bordel, il neige en avril",
                "putain ce spectacle était trop bien",
                "je suis tellement fier de mon équipe putain",
                "oh merde, j'ai laissé le four allumé",
                "putain c'est trop bien",
                "bordel j'ai encore oublié mes clés",
                "merde, j'ai raté le train",
                "putain de match hier soir !",
                "oh putain ce coucher de soleil",
                "bordel, quel but !",
                "putain enfin vendredi",
                "ce concert était putain de génial",
                "merde alors, je suis en retard",
                "putain ça fait du bien les vacances",
                "bordel de merde, j'ai réussi mon permis !",
                "ce son est une putain de tuerie",
                "oh merde, il neige",
                "putain, la vue est magnifique",
                "putain la nouvelle maj de {brand} est vraiment bien",
            ],
        },
        False,
    ),
    "object_abuse": Construction(
        _NOT,
        {
            "en": [
                "this stupid {obj} is a piece of shit",
                "fuck this fucking {obj}",
                "my {obj} is a useless pile of garbage",
                "I hate this damn {obj}",
                "the {obj} crashed again, what a worthless piece of junk",
                "this {obj} is so dumb it makes me want to scream",
                "kill me, the {obj} died again",
                "I'm going to throw this {obj} out of the window",
            ],
            "fr": [
                "{cette} {obj} de merde",
                "putain de {obj} qui marche jamais",
                "{cette} {obj} est une vraie daube",
                "je déteste {cette} foutue {obj}",
                "{cette} {obj} a encore planté, quelle merde",
                "{cette} {obj} est débile, j'en peux plus",
                "tuez-moi, {cette} {obj} a encore lâché",
                "je vais balancer {cette} {obj} par la fenêtre",
            ],
        },
        False,
    ),
    "group_neutral": Construction(
        _NOT,
        {
            "en": [
                "{G} are welcome here",
                "I love working with {G}",
                "proud that so many {G} work on our team",
                "{G} make up 12% of our staff",
                "this month we celebrate {G} and their history",
                "{G} deserve equal rights",
                "{G} are human beings like everyone else",
                "a new report on {G} in the workplace",
                "{G} still face discrimination in housing",
                "our event for {G} in {city} is on Saturday",
                "many {G} live in this neighbourhood",
                "I have a lot of friends who are {G}",
                "{G} in {city} gathered for the festival",
                "we are hiring, {G} encouraged to apply",
                "the survey asked {G} about their work conditions",
                "support for {G} is growing",
            ],
            "fr": [
                "les {g} sont les bienvenus ici",
                "j'adore travailler avec des {g}",
                "fiers d'avoir autant de {g} dans l'équipe",
                "les {g} représentent 12 % de nos effectifs",
                "ce mois-ci on célèbre l'histoire des {g}",
                "les {g} méritent les mêmes droits",
                "les {g} sont des êtres humains comme les autres",
                "nouveau rapport sur les {g} au travail",
                "les {g} subissent encore des discriminations au logement",
                "notre événement pour les {g} à {city} a lieu samedi",
                "beaucoup de {g} vivent dans ce quartier",
                "j'ai plein d'amis {g}",
                "les {g} de {city} se sont réunis pour la fête",
                "on recrute, candidatures de {g} bienvenues",
                "l'enquête a interrogé des {g} sur leurs conditions de travail",
                "le soutien aux {g} progresse",
            ],
        },
        False,
    ),
    "threat_benign": Construction(
        _NOT,
        {
            "en": [
                "next time I'll beat you at {game}",
                "I'm going to get you a coffee",
                "I'll find you after the show {name}",
                "watch out, I'm going to send you so many photos",
                "if you're late again I'll start without you",
                "the suspect who threatened to {hurt} a nurse was charged today",
                "I'll come for you at 8 to pick you up",
                "she told the court he had promised to {hurt} her",
                "you're dead meat at {game} tonight 😂",
                "I'm going to destroy this pizza",
                "I will hunt you down a copy of that book",
                "police arrested a man who said he would {hurt} his boss",
                "he got two years for threatening to {hurt} a neighbour",
                "I'll find you {place}, I'm almost there",
                "I'm coming for you {place} in 10 minutes",
                "we will meet you {place} around 6",
                "I'll pick you up {place} tomorrow",
                "I will say it loudly: {brand} rocks",
                "I'm going to kill it at the interview tomorrow",
                "this heat is killing me",
                "I'll shoot you an email",
                "I'm going to find you a better seat",
                "the man who threatened to {hurt} his neighbour was arrested",
                "police say the suspect tried to {hurt} a guard",
                "if you come tomorrow I'll bake you a cake",
                "if you need help, I'll call you tonight",
                "I should have called you when I had the chance",
                "next time I'll beat you at chess {name} 😂",
                "you're going to love this place",
                "the film is about a man who wants to {hurt} his boss",
                "I'm dying to see you {name}",
            ],
            "fr": [
                "la prochaine fois je te bats {game_fr}",
                "je vais te chercher un café",
                "je te retrouve après le spectacle {name}",
                "attention, je vais t'envoyer plein de photos",
                "si t'es encore en retard je commence sans toi",
                "le suspect qui menaçait de {hurt} une infirmière a été mis en examen",
                "je passe te prendre à 8h",
                "elle a raconté au tribunal qu'il avait promis de la {hurt}",
                "ce soir t'es mort {game_fr} 😂",
                "je vais défoncer cette pizza",
                "je vais te dégoter un exemplaire de ce livre",
                "un homme qui disait vouloir {hurt} son patron a été arrêté",
                "deux ans de prison pour avoir menacé de {hurt} son voisin",
                "je vais te retrouver {place_fr}",
                "je te retrouve {place_fr} dans 10 minutes",
                "on va te retrouver {place_fr} vers 18h",
                "je vais te rejoindre {place_fr}, j'arrive",
                "je vais te chercher {place_fr} demain",
                "je vais tout déchirer à l'entretien demain",
                "cette chaleur me tue",
                "je t'envoie un mail",
                "je vais te trouver une meilleure place",
                "l'homme qui menaçait de {hurt} son voisin a été interpellé",
                "selon la police, le suspect a tenté de {hurt} un vigile",
                "si tu viens demain je te fais un gâteau",
                "si t'as besoin, je t'appelle ce soir",
                "j'aurais dû t'appeler quand j'en avais l'occasion",
                "la prochaine fois je te bats aux échecs {name} 😂",
                "tu vas adorer cet endroit",
                "le film raconte l'histoire d'un homme qui veut {hurt} son patron",
                "j'ai trop hâte de te voir {name}",
            ],
        },
        False,
    ),
    "illegal_benign": Construction(
        {"illegal": 0},
        {
            "en": [
                "where can I buy {legal}?",
                "anyone know where to get {legal} in {city}?",
                "selling {legal}, dm me",
                "police seized {item} in {city} yesterday",
                "how to protect your teens from {item}",
                "debate tonight on the legalisation of {item}",
                "looking for {legal}, any tips?",
                "news: a network selling {item} was dismantled in {city}",
            ],
            "fr": [
                "où est-ce que je peux acheter {legal} ?",
                "quelqu'un sait où trouver {legal} à {city} ?",
                "je vends {legal}, dm",
                "la police a saisi {item} à {city} hier",
                "débat ce soir sur la légalisation {item_de}",
                "qui a {legal} ?",
                "je cherche {legal}, des conseils ?",
                "un réseau qui vendait {item} démantelé à {city}",
            ],
        },
        False,
    ),
    "news_brand": Construction(
        _NOT | {"illegal": 0},
        {
            "en": [
                "The central bank kept rates unchanged today.",
                "Our Q3 results are out: revenue up 4% year on year.",
                "{brand} opens a new branch in {city} next month.",
                "Markets closed higher after the jobs report.",
                "Join our webinar on retirement savings this Thursday.",
                "Storm warning for {city} this weekend.",
                "We're proud to sponsor the {city} marathon.",
                "New study on housing prices in {city}.",
                "Congrats to our interns on finishing their programme!",
                "Our app now supports instant transfers.",
            ],
            "fr": [
                "La BCE maintient ses taux directeurs.",
                "Nos résultats du T3 sont en ligne : chiffre d'affaires en hausse de 4 %.",
                "{brand} ouvre une nouvelle agence à {city} le mois prochain.",
                "La Bourse de Paris termine en hausse.",
                "Rejoignez notre webinaire sur l'épargne retraite jeudi.",
                "Alerte tempête sur {city} ce week-end.",
                "Fiers de soutenir le marathon de {city}.",
                "Nouvelle étude sur les prix de l'immobilier à {city}.",
                "Bravo à nos stagiaires pour la fin de leur programme !",
                "Notre appli permet maintenant les virements instantanés.",
            ],
        },
        False,
    ),
}

# --- second round of phrasings -------------------------------------------------------------------------
# Written after the first measurements, in other authors' voices (long rants, one-liners, forum style,
# SMS spelling, formal complaints, sarcasm), for every construction. Appended to the lists above, so the
# held-out choice (CRC-32 of each template) still keeps one template in five of every list unseen.
_MORE: dict[str, dict[str, list[str]]] = {
    "hate_derogation": {
        "en": [
            "{G} only know how to {habit}",
            "every single one of {G} I've met was {adj}",
            "{G}, {adj} as usual",
            "face it, {G} are just {adj}",
            "{G} are {adj} and they always will be",
            "{G} contribute nothing but trouble",
            "{G} are a cancer on this society",
            "{G} can't help being {adj}, it's in their blood",
            "name one of {G} who isn't {adj}",
            "{G} r so {adj} smh",
            "{G} are the dregs of society",
            "what do you expect from {G}, they're {adj}",
        ],
        "fr": [
            "les {g} {habit}, c'est tout ce qu'{ils} savent faire",
            "tous les {g} que j'ai croisés étaient {adj}",
            "les {g}, {adj} comme d'hab",
            "faut se rendre à l'évidence, les {g} sont {adj}",
            "les {g} sont {adj} et le resteront",
            "les {g} n'apportent que des problèmes",
            "les {g} sont le cancer de cette société",
            "les {g} sont {adj}, c'est dans leur sang",
            "cite-moi un seul {g_sg} qui soit pas {adj}",
            "les {g} sont trop {adj} sérieux",
            "les {g} c la lie de la société",
            "qu'est-ce que tu veux, les {g} sont {adj}",
        ],
    },
    "hate_hatred": {
        "en": [
            "I genuinely can't stand {G}",
            "{G} make me want to puke",
            "nothing but contempt for {G}",
            "god I hate {G} so much",
            "every time I see {G} my blood boils",
            "{G} disgust me more every day",
            "I want nothing to do with {G}, ever",
            "our street was better before {G} showed up",
            "I'd rather die than live next to {G}",
            "honestly the sight of {G} makes me sick",
        ],
        "fr": [
            "j'peux pas blairer les {g}",
            "les {g} me font gerber",
            "que du mépris pour les {g}",
            "putain je hais les {g}",
            "chaque fois que je vois des {g} j'ai la haine",
            "les {g} me dégoûtent de plus en plus",
            "je veux rien avoir à faire avec les {g}, jamais",
            "notre rue était mieux avant que les {g} débarquent",
            "plutôt crever que vivre à côté de {g}",
            "rien que de voir des {g} ça me rend malade",
        ],
    },
    "hate_dehumanisation": {
        "en": [
            "{G} multiply like {dehum}",
            "{G} = {dehum}",
            "{G} are animals, not people",
            "{G} are vermin infesting our towns",
            "to me {G} are just {dehum}",
            "{G} crawl everywhere like {dehum}",
            "{G} are subhuman {dehum}",
            "{G}? {dehum}. end of discussion",
        ],
        "fr": [
            "les {g} se multiplient comme {dehum}",
            "les {g} = {dehum}",
            "les {g} c'est des animaux, pas des humains",
            "les {g} infestent nos quartiers comme de la vermine",
            "pour moi les {g} c'est juste {dehum}",
            "les {g} grouillent partout comme {dehum}",
            "les {g} sont des sous-hommes",
            "les {g} ? {dehum}. fin du débat",
        ],
    },
    "hate_violence": {
        "en": [
            "{G} should all be {violence}",
            "line {G} up and shoot them",
            "I'd love to see {G} {violence}",
            "the solution for {G}? {violence}",
            "we should just gas {G}",
            "{G} need a bullet each",
            "get rid of {G}, by force if needed",
            "hang {G} from every lamppost",
        ],
        "fr": [
            "les {g} devraient tous être {violence}",
            "faut aligner les {g} et tirer",
            "j'adorerais voir les {g} {violence}",
            "la solution pour les {g} ? qu'{ils} soient {violence}",
            "on devrait gazer les {g}",
            "une balle pour chaque {g_sg}",
            "virez les {g}, par la force s'il le faut",
            "pendez les {g} aux lampadaires",
        ],
    },
    "hate_negated_positive": {
        "en": [
            "{G} aren't even human",
            "{G} are not people like us",
            "{G} will never be real citizens",
            "{G} have no place among decent people",
            "{G} can't be trusted with anything",
            "{G} are not normal",
            "{G} are not capable of thinking",
            "{G} don't deserve respect",
            "{G} are never welcome here",
        ],
        "fr": [
            "les {g} sont même pas humains",
            "les {g} sont pas des gens comme nous",
            "les {g} seront jamais de vrais citoyens",
            "les {g} n'ont pas leur place parmi les gens bien",
            "on peut faire confiance à aucun {g_sg}",
            "les {g} sont pas normaux",
            "les {g} sont pas capables de réfléchir",
            "les {g} ne méritent pas le respect",
            "les {g} ne seront jamais les bienvenus ici",
        ],
    },
    "hate_question": {
        "en": [
            "why do we even let {G} in?",
            "is there anything more {adj} than {G}?",
            "why are {G} allowed to vote?",
            "what good have {G} ever done?",
            "why can't {G} just go back where they came from?",
            "seriously, why are {G} always so {adj}?",
        ],
        "fr": [
            "pourquoi on laisse les {g} entrer ?",
            "y a-t-il plus {adj_sg} que les {g} ?",
            "pourquoi les {g} ont le droit de voter ?",
            "qu'est-ce que les {g} ont apporté de bien ?",
            "pourquoi les {g} rentrent pas chez eux ?",
            "sérieux, pourquoi les {g} sont toujours aussi {adj} ?",
        ],
    },
    "hate_opinion": {
        "en": [
            "imo {G} are {adj}",
            "I'll say it: {G} are {dehum}",
            "facts: {G} are {adj}",
            "hot take: {G} are {adj}",
            "I firmly believe {G} are {dehum}",
            "say what you want, {G} are {adj}",
        ],
        "fr": [
            "perso les {g} sont {adj}",
            "je le dis : les {g} sont {dehum}",
            "c'est un fait, les {g} sont {adj}",
            "avis tranché : les {g} sont {adj}",
            "je crois fermement que les {g} sont {dehum}",
            "dites ce que vous voulez, les {g} sont {adj}",
        ],
    },
    "hate_subordinate": {
        "en": [
            "my dad always said that {G} are {adj}, and he was right",
            "I'm not racist but {G} are {adj}",
            "whatever the news says, {G} are {dehum}",
            "studies won't tell you that {G} are {adj}",
            "when you realise that {G} are {dehum}, everything makes sense",
            "I left because {G} are {adj}",
        ],
        "fr": [
            "mon père disait toujours que les {g} sont {adj}, il avait raison",
            "je suis pas raciste mais les {g} sont {adj}",
            "quoi qu'en disent les médias, les {g} sont {dehum}",
            "on vous dira jamais que les {g} sont {adj}",
            "quand on comprend que les {g} sont {dehum}, tout s'explique",
            "j'ai déménagé parce que les {g} sont {adj}",
        ],
    },
    "hate_pronoun": {
        "en": [
            "{G} keep moving into our area. They are {dehum}.",
            "Met some {G} on the bus. Honestly they're {adj}.",
            "Don't trust {G}. They {habit}.",
            "There are more {G} every year. We should get rid of them.",
            "{G} run the shop downstairs now. I hate them.",
        ],
        "fr": [
            "Les {g} s'installent partout dans le quartier. C'est {dehum}.",
            "Croisé des {g} dans le bus. Franchement {ils} sont {adj}.",
            "Faites pas confiance aux {g}. {Ils} {habit}.",
            "Y a de plus en plus de {g}. Faut s'en débarrasser.",
            "Des {g} tiennent la boutique d'en bas maintenant. Je les déteste.",
        ],
    },
    "threat_direct": {
        "en": [
            "you're a dead man {name}",
            "I'll put you in the ground",
            "gonna {hurt} u tonight",
            "I will end you, {name}",
            "better start running, I'm going to {hurt} you",
            "I'm gonna make you bleed",
            "you'll be dead before Friday",
        ],
        "fr": [
            "t'es un homme mort {name}",
            "je vais t'enterrer",
            "jvais te {hurt} ce soir",
            "je vais te faire la peau {name}",
            "cours tant que tu peux, je vais te {hurt}",
            "je vais te faire saigner",
            "t'es mort avant vendredi",
        ],
    },
    "threat_conditional": {
        "en": [
            "try that again and I'll {hurt} you",
            "if you ever {cond}, you won't live to regret it",
            "{cond} one more time and you're finished",
            "if you show up, I'll {hurt} you on the spot",
        ],
        "fr": [
            "refais ça et je te {hurt_pres}",
            "si jamais tu {cond_fr}, tu le regretteras pas longtemps",
            "si tu {cond_fr} encore une fois t'es fini",
            "si tu te pointes, je te {hurt_pres} direct",
        ],
    },
    "threat_tense": {
        "en": [
            "I will have {hurt_past} you by the end of the week",
            "next week you'll be dead",
            "I was going to {hurt} you and I still might",
            "someone needs to {hurt} {name}",
            "I hope someone puts a bullet in {name}",
            "by Monday you'll be six feet under",
        ],
        "fr": [
            "d'ici la fin de la semaine je t'aurai eu",
            "la semaine prochaine t'es mort",
            "je comptais te {hurt} et je vais le faire",
            "quelqu'un doit {hurt_3} {name}",
            "j'espère que quelqu'un va mettre une balle à {name}",
            "lundi tu seras six pieds sous terre",
        ],
    },
    "counter_speech": {
        "en": [
            '"{G} are {dehum}"? That\'s bigotry, plain and simple.',
            "Reminder: calling {G} {dehum} is hate speech.",
            "People who say {G} {habit} are spreading lies.",
            "Just read a comment saying {G} should be {violence}. Disgusting.",
            "If your opinion is that {G} are {adj}, keep it to yourself, it's racist.",
            "The idea that {G} are {adj} is a stereotype we need to fight.",
        ],
        "fr": [
            "« Les {g} sont {dehum} » ? C'est du racisme, point.",
            "Rappel : traiter les {g} de {dehum_bare}, c'est de la haine.",
            "Ceux qui disent que les {g} {habit} propagent des mensonges.",
            "Je viens de lire un commentaire disant que les {g} devraient être {violence}. Ignoble.",
            "Si ton avis c'est que les {g} sont {adj}, garde-le pour toi, c'est raciste.",
            "L'idée que les {g} sont {adj} est un cliché qu'il faut combattre.",
        ],
    },
    "group_mirror": {
        "en": [
            "{G} are welcome here",
            "{G} make our city better",
            "so proud of the {G} in our community",
            "{G} have every right to be here",
            "{G} deserve better than this",
            "what would we do without {G}?",
            "why are {G} always portrayed so badly in the media?",
            "I stand with {G}",
        ],
        "fr": [
            "les {g} sont les bienvenus ici",
            "les {g} rendent notre ville meilleure",
            "fiers des {g} de notre quartier",
            "les {g} ont tout à fait le droit d'être ici",
            "les {g} méritent mieux que ça",
            "qu'est-ce qu'on ferait sans les {g} ?",
            "pourquoi les {g} sont toujours si mal montrés dans les médias ?",
            "je suis avec les {g}",
        ],
    },
    "negated_hate": {
        "en": [
            "{G} are not {adj}, stop it",
            "{G} don't {habit}, that's a myth",
            "{G} are not a threat to anyone",
            "{G} should not be {violence}, ever",
            "no, {G} are not {dehum}",
            "I don't believe {G} are {adj}",
        ],
        "fr": [
            "les {g} ne sont pas {adj}, arrêtez",
            "c'est un mythe que les {g} {habit}",
            "les {g} ne sont une menace pour personne",
            "les {g} ne doivent jamais être {violence}",
            "non, les {g} ne sont pas {dehum}",
            "je ne crois pas que les {g} soient {adj}",
        ],
    },
    "group_neutral": {
        "en": [
            "{G}",
            "about {G}",
            "thread on {G} in {city} 👇",
            "a documentary about {G} tonight",
            "{G} and the housing market: new figures",
            "interview with three {G} who run a bakery",
        ],
        "fr": [
            "les {g}",
            "à propos des {g}",
            "thread sur les {g} à {city} 👇",
            "documentaire sur les {g} ce soir",
            "les {g} et le logement : nouveaux chiffres",
            "interview de trois {g} qui tiennent une boulangerie",
        ],
    },
    "threat_benign": {
        "en": [
            "we should hang out soon {name}",
            "wanna hang out this weekend?",
            "let's hang out {place} later",
            "I'll shoot you a text when I land",
            "I'll take you out for dinner on Friday",
            "break a leg tonight {name}!",
            "you'll be the death of me lol",
            "we need to kill some time before the train",
            "I'm going to crush you at {game} lol",
            "you're so dead at {game} next week 😂",
            "I'll destroy you at {game} tonight",
            "this workout is going to kill me",
            "I could kill for a pizza right now",
            "my boss will kill me if I'm late again lol",
        ],
        "fr": [
            "on se fait une sortie bientôt {name} ?",
            "je t'envoie un texto en arrivant",
            "je t'invite à dîner vendredi",
            "merde pour ce soir {name} !",
            "tu vas me tuer mdr",
            "faut qu'on tue le temps avant le train",
            "je vais t'éclater {game_fr} ce soir mdr",
            "t'es tellement mort {game_fr} la semaine pro 😂",
            "je vais te détruire {game_fr}",
            "cette séance de sport va me tuer",
            "je tuerais pour une pizza là",
            "mon chef va me tuer si je suis encore en retard mdr",
        ],
    },
}
for _name, _more in _MORE.items():
    for _lang, _extra in _more.items():
        CONSTRUCTIONS[_name].templates[_lang].extend(_extra)

BRANDS = [
    "Acme",
    "Globex",
    "Initech",
    "Hooli",
    "Vandelay",
    "Orange",
    "SNCF",
    "Fnac",
    "Carrefour",
    "Netflix",
    "Revolut",
    "BNP",
    "Boursorama",
    "Monzo",
    "Lydia",
]

_PREFIX = {
    "fr": [
        "",
        "",
        "",
        "",
        "franchement ",
        "sérieux ",
        "bon ",
        "wesh ",
        "perso ",
        "bref ",
        "honnêtement ",
        "mdr ",
        "je le dis: ",
        "#debat ",
        "> ",
    ],
    "en": [
        "",
        "",
        "",
        "",
        "honestly ",
        "seriously ",
        "ok so ",
        "lol ",
        "ngl ",
        "tbh ",
        "look, ",
        "fr ",
        "just saying: ",
        "#debate ",
        "> ",
    ],
}
_SUFFIX = {
    "fr": [
        "",
        "",
        "",
        "",
        " !",
        " !!",
        "...",
        " 😡",
        " 🤮",
        " 😂",
        " mdr",
        " point.",
        " #france",
        " voilà c'est dit",
        " 🙄",
        " et c'est tout",
    ],
    "en": [
        "",
        "",
        "",
        "",
        "!",
        "!!",
        "...",
        " 😡",
        " 🤮",
        " 😂",
        " lol",
        " period.",
        " #truth",
        " just saying",
        " 🙄",
        " end of story",
    ],
}


def _agree(group: tuple[str, str]) -> dict[str, str]:
    bare, gender = group
    fem = gender == "f"
    sg = bare[:-1] if bare.endswith("s") and not bare.endswith(("ais", "ois")) else bare
    return {
        "g": bare,
        "g_sg": sg.split(" ")[0] if " " in sg else sg,
        "ils": "elles" if fem else "ils",
        "Ils": "Elles" if fem else "Ils",
        "tous": "toutes" if fem else "tous",
    }


def _elide(prefix: str, verb: str) -> str:
    """French elision: ``te`` + ``égorger`` -> ``t'égorger``."""
    return f"{prefix[:-1]}'{verb}" if verb[:1] in "aeéèêiouh" and prefix.endswith("e") else f"{prefix} {verb}"


def _fill(template: str, lang: str, rng: random.Random) -> str:
    slots: dict[str, str] = {
        "name": rng.choice(NAMES),
        "city": rng.choice(CITIES),
        "brand": rng.choice(BRANDS),
    }
    if lang == "en":
        hurt = rng.choice(HURT_EN)
        slots |= {
            "G": rng.choice(GROUPS_EN),
            "adj": rng.choice(ADJ_EN),
            "dehum": rng.choice(DEHUM_EN),
            "violence": rng.choice(VIOLENCE_EN),
            "habit": rng.choice(BAD_HABITS_EN),
            "cond": rng.choice(COND_EN),
            "hurt": hurt,
            "hurt_past": _past(hurt),
            "hurting": _ing(hurt),
            "hurts": _third(hurt),
            "item": rng.choice(ILLEGAL_EN),
            "legal": rng.choice(LEGAL_ITEMS_EN),
            "obj": rng.choice(OBJECTS_EN),
            "slur": rng.choice(RECLAIMED_EN),
            "good": rng.choice(GOOD_EN),
            "game": rng.choice(GAMES_EN),
            "place": rng.choice(PLACES_EN),
        }
        # "you" after "of" verbs ("slit the throat of you") reads badly: use the possessive form.
        text = template.format(**slots)
        for verb in (
            "slit the throat of",
            "smash the face of",
            "burn the house of",
            "break the legs of",
            "blow the brains out of",
        ):
            head, _, part = verb.rpartition(" of")[0].partition(" the ")
            text = text.replace(f"{verb} you", f"{head} your {part}").replace(
                f"{verb} {slots['name']}", f"{head} {slots['name']}'s {part}"
            )
        text = text.replace("put in the hospital you", "put you in the hospital")
        return text
    group = _agree(rng.choice(GROUPS_FR))
    fem = group["ils"] == "elles"
    adj = rng.choice(ADJ_FR)
    dehum = rng.choice(DEHUM_FR)
    inf, pres = rng.choice(HURT_FR)
    item, _ = rng.choice(ILLEGAL_FR)
    obj, gender = rng.choice(OBJECTS_FR)
    slots |= group | {
        "adj": adj[1] if fem else adj[0],
        "adj_sg": adj[0].rstrip("s") if not adj[0].endswith("x") else adj[0][:-1] + "x",
        "dehum": dehum,
        "dehum_bare": _bare(dehum),
        "de_dehum": _de("des " + _bare(dehum)),
        "violence": rng.choice(VIOLENCE_FR)[1 if fem else 0],
        "habit": rng.choice(BAD_HABITS_FR),
        "cond_fr": rng.choice(COND_FR),
        "hurt": inf,
        "hurt_pres": pres,
        "hurt_3": inf,
        "item": item,
        "item_de": _de(item),
        "legal": rng.choice(LEGAL_ITEMS_FR),
        "obj": obj,
        "cette": "cette" if gender == "f" else "ce",
        "slur": rng.choice(RECLAIMED_FR),
        "good": rng.choice(GOOD_FR)[1 if fem else 0],
        "game_fr": rng.choice(GAMES_FR),
        "place_fr": rng.choice(PLACES_FR),
    }
    text = template.format(**slots)
    # Elision of the object pronoun before a vowel: "te égorger" -> "t'égorger", "je te éclate" -> "je t'éclate".
    for verb in {inf, pres}:
        if verb[:1] in "aeéèêiouh":
            text = text.replace(f"te {verb}", f"t'{verb}")
    text = text.replace("qu'ils", "qu'ils").replace("que ils", "qu'ils").replace("que elles", "qu'elles")
    text = text.replace("ce foutue", "ce foutu")
    return text


def _de(item: str) -> str:
    """``de`` + item without its article: "de la beuh" -> "de beuh", "un flingue" -> "d'un flingue"."""
    for art in ("de la ", "du ", "des ", "de l'"):
        if item.startswith(art):
            rest = item[len(art) :]
            return ("d'" if rest[:1] in "aeéèêiouh" else "de ") + rest
    return "d'" + item


def _bare(noun: str) -> str:
    """A noun phrase without its article, for "traiter de …": "des rats" -> "rats", "une plaie" -> "plaie"."""
    for art in ("des ", "de la ", "de l'", "du ", "un ", "une "):
        if noun.startswith(art):
            return noun[len(art) :]
    return noun


def _past(verb: str) -> str:
    irregular = {
        "shoot": "shot",
        "beat": "beaten",
        "slit the throat of": "slit the throat of",
        "smash the face of": "smashed the face of",
        "burn the house of": "burned the house of",
        "put in the hospital": "put in the hospital",
        "break the legs of": "broken the legs of",
        "cut": "cut",
        "run over": "run over",
        "bury": "buried",
        "hurt": "hurt",
        "blow the brains out of": "blown the brains out of",
    }
    if verb in irregular:
        return irregular[verb]
    return verb + "d" if verb.endswith("e") else verb + "ed"


def _ing(verb: str) -> str:
    head, _, rest = verb.partition(" ")
    if head.endswith("e") and head not in ("be",):
        head = head[:-1]
    elif head in ("stab", "cut", "shoot", "run", "put", "gut"):
        head = head + head[-1] if head in ("stab", "cut", "run", "put", "gut") else head
    return (head + "ing " + rest).strip()


def _third(verb: str) -> str:
    head, _, rest = verb.partition(" ")
    head = (
        head + "es"
        if head.endswith(("sh", "ch", "s"))
        else head[:-1] + "ies"
        if head.endswith("y") and head not in ("destroy", "bury")
        else head + "s"
    )
    if verb.startswith("bury"):
        head = "buries"
    return (head + " " + rest).strip()


def _style(text: str, lang: str, rng: random.Random) -> str:
    """Many authors' registers: case, missing accents, SMS spellings, typos, and evasions a fold undoes."""
    roll = rng.random()
    if roll < 0.2:
        text = text.lower()
    elif roll < 0.26:
        text = text.upper()
    elif roll < 0.34 and text:
        text = text[0].upper() + text[1:]
    if lang == "fr" and rng.random() < 0.25:
        text = text.translate(str.maketrans("éèêàçùôîï", "eeeacuoii"))
    if rng.random() < 0.2:
        pairs = (
            ("je vais", "jvais"),
            ("tu es", "t'es"),
            ("c'est", "c"),
            ("quoi", "koi"),
            ("pourquoi", "pk"),
            ("que", "ke"),
            ("you", "u"),
            ("are", "r"),
            ("people", "ppl"),
            ("because", "bc"),
            ("going to", "gonna"),
        )
        for a, b in pairs:
            if rng.random() < 0.6:
                text = text.replace(a, b)
    if rng.random() < 0.15:  # one typo: swapped, dropped or doubled letter in a longer word
        words = text.split(" ")
        long = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
        if long:
            i = rng.choice(long)
            w = words[i]
            j = rng.randrange(1, len(w) - 2)
            kind = rng.random()
            words[i] = (
                w[:j] + w[j + 1] + w[j] + w[j + 2 :]
                if kind < 0.4
                else w[:j] + w[j + 1 :]
                if kind < 0.7
                else w[:j] + w[j] + w[j:]
            )
            text = " ".join(words)
    if rng.random() < 0.08:  # an evasion the folded view undoes (leetspeak or a Cyrillic look-alike)
        text = (
            text.replace("e", "3", 1).replace("a", "@", 1)
            if rng.random() < 0.5
            else text.replace("i", "і", 2)
        )
    return text


def held_out_templates(templates: list[str]) -> set[str]:
    """One template in five (at least one) of a list is never trained on: its rows measure generalisation
    to unseen phrasings. Chosen by CRC-32, so the choice does not depend on the order of the list."""
    ranked = sorted(templates, key=lambda t: zlib.crc32(t.encode("utf-8")))
    return set(ranked[: max(1, round(len(templates) / 5))])


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    lang: str
    construction: str
    template: int
    held_out: bool


def generate(construction: str, lang: str, n: int, seed: int = 7) -> Iterator[Example]:
    """``n`` seeded sentences of one construction, cycling over its templates so each gets its share."""
    spec = CONSTRUCTIONS[construction]
    templates = spec.templates[lang]
    held = held_out_templates(templates)
    rng = random.Random(f"{seed}-{construction}-{lang}")
    for k in range(n):
        index = k % len(templates)
        template = templates[index]
        body = _fill(template, lang, rng)
        text = rng.choice(_PREFIX[lang]) + body + rng.choice(_SUFFIX[lang])
        yield Example(_style(text, lang, rng), lang, construction, index, template in held)


def examples(per_template: int = 30, seed: int = 7) -> list[Example]:
    """Every construction in both languages, ``per_template`` sentences per template (deduplicated)."""
    out: list[Example] = []
    seen: set[str] = set()
    for name, spec in CONSTRUCTIONS.items():
        for lang in ("en", "fr"):
            for ex in generate(name, lang, per_template * len(spec.templates[lang]), seed):
                if ex.text not in seen:
                    seen.add(ex.text)
                    out.append(ex)
    return out
