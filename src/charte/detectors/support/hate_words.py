"""Lemmas of the compositional hate judge (:mod:`charte.detectors.support.hate_clause`), FR and EN.

The judge reads a sentence as *group + predicate*: it needs to know what a word means, not which sentence it
came from. So the lists here are lemmas by meaning (derogatory adjectives and nouns, positive predicates whose
negation is hateful, hatred, disgust and violence verbs), written with their accents; every inflected form
(gender, number, tense, person: "dégoûtantes", "haïssons", "exterminés", "despises") comes from the lemma
dictionaries of simplemma (MIT) through ``scripts/build_hate_forms.py``, folded like the posts (no accents,
lower case) into ``data/hate_forms.tsv``. A lemma simplemma does not know is kept as written.

Multi-word items (``"get rid of"``, ``"se débarrasser de"``) are matched as folded phrases, without
morphology.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "hate_forms.tsv"

#: category -> language -> lemmas. Categories:
#: ``derog`` derogatory adjectives and nouns ("X are vermin/filthy"), ``dehum`` the dehumanising subset;
#: ``positive`` predicates whose negation is hateful ("X are not human", "ne méritent aucun respect");
#: ``hostile`` verbs of hatred whose object is the group ("I despise X");
#: ``psych`` verbs of disgust whose subject is the group ("X disgust me");
#: ``violent`` verbs of violence or removal ("we should deport X", "X must be exterminated");
#: ``die`` intransitive verbs of death or disappearance ("X should die / disappear").
LEMMAS: dict[str, dict[str, list[str]]] = {
    "dehum": {
        "en": (
            "vermin rat cockroach roach parasite pest insect leech locust subhuman scum filth plague infestation "
            "invader abomination cancer virus disease tumour tumor beast savage ape monkey swine pig dog animal "
            "cattle trash garbage rubbish waste microbe bacterium louse maggot flea fly mosquito termite weed "
            "gangrene infection scourge blight swarm horde hyena snake serpent mongrel barbarian monster zombie "
            "rodent worm germ sewage dirt filth excrement shit turd vulture jackal"
        ).split(),
        "fr": (
            "vermine rat cafard parasite nuisible insecte sangsue criquet sous-homme racaille peste infestation "
            "envahisseur abomination cancer tumeur virus maladie bête singe macaque porc cochon chien animal "
            "bestiau bétail ordure déchet microbe bactérie pou asticot cloporte sauterelle puce mouche moustique "
            "termite gangrène infection fléau plaie horde hyène serpent bâtard barbare bestiole monstre zombie "
            "rongeur ver germe chacal vautour fumier merde étron charogne"
        ).split(),
    },
    "derog": {
        "en": (
            "stupid dumb idiot moron imbecile inferior primitive lazy dirty disgusting criminal thief rapist "
            "terrorist pedophile paedophile worthless useless evil dangerous burden threat menace freak pervert "
            "unnatural liar pathetic ugly hysterical cretin disgrace retarded filthy vile repulsive revolting "
            "repugnant degenerate barbaric treacherous backward nasty parasitic sneaky cowardly smelly stinking "
            "stinky inbred uncivilised uncivilized wicked corrupt deceitful dishonest hypocritical abhorrent "
            "abominable deranged psycho psychopath thug gangster freeloader scrounger despicable contemptible "
            "loathsome hateful detestable gross sick twisted perverted greedy untrustworthy incompetent "
            "brainless mindless ignorant savage violent crook scumbag lowlife idiotic foolish sickening "
            "nauseating vicious dirtbag disgrace embarrassment plague stain failure mistake weakling "
            "good-for-nothing vulgar shameful horrible awful terrible dreadful miserable unbearable obnoxious "
            "annoying insufferable"
        ).split(),
        "fr": (
            "stupide con débile idiot crétin imbécile abruti inférieur primitif arriéré paresseux fainéant "
            "feignant sale crasseux puant dégoûtant dégueulasse répugnant immonde ignoble abject infect "
            "criminel voleur violeur terroriste pédophile délinquant voyou menteur fourbe sournois hypocrite "
            "malhonnête inutile dangereux mauvais malfaisant pervers malade taré dégénéré cinglé fou malsain "
            "pourri vicieux minable pathétique lamentable misérable méprisable détestable haïssable odieux "
            "insupportable hystérique faible incapable incompétent profiteur assisté moche laid honte fardeau "
            "menace danger tare traître lâche violent barbare sauvage vulgaire écœurant gerbant horrible "
            "affreux épouvantable nul bon-à-rien ignorant attardé demeuré"
        ).split(),
    },
    "positive": {
        "en": (
            "human intelligent smart clever honest trustworthy capable competent welcome equal normal "
            "decent civilised civilized worthy respect dignity value worth place right citizen humanity soul "
            "belong live exist breathe vote marry adopt"
        ).split(),
        "fr": (
            "humain intelligent honnête fiable capable compétent bienvenu égal normal digne civilisé "
            "respect dignité valeur place droit citoyen humanité âme vivre exister respirer voter marier adopter"
        ).split(),
    },
    "hostile": {
        "en": "hate despise loathe detest abhor resent".split(),
        "fr": "détester haïr mépriser exécrer abhorrer vomir".split(),
    },
    "psych": {
        "en": "disgust sicken repulse revolt nauseate repel".split(),
        "fr": "dégoûter répugner écœurer débecter révulser".split(),
    },
    "violent": {
        "en": (
            "kill murder exterminate eradicate eliminate gas hang lynch shoot burn bomb slaughter massacre "
            "deport expel ban imprison sterilise sterilize castrate stab strangle drown behead execute "
            "annihilate purge butcher torture stone whip enslave incinerate"
        ).split(),
        "fr": (
            "tuer assassiner exterminer éradiquer éliminer gazer pendre lyncher fusiller abattre brûler "
            "massacrer buter expulser déporter renvoyer virer chasser bannir enfermer emprisonner stériliser "
            "castrer tabasser égorger noyer décapiter exécuter anéantir torturer "
            "lapider cramer flinguer crever"
        ).split(),
    },
    "die": {
        "en": "die perish disappear vanish rot".split(),
        "fr": "mourir crever disparaître pourrir périr".split(),
    },
}

#: Multi-word items, folded, matched as token sequences (no morphology).
PHRASES: dict[str, list[str]] = {
    "dehum": ["sub human", "sous humains", "sous-humains", "moins que rien", "less than human", "waste of space"],
    "derog": ["bons a rien", "good for nothing", "a waste of oxygen", "a drain on society"],
    "hostile": [
        "can't stand",
        "cannot stand",
        "can not stand",
        "ai horreur des",
        "ai horreur de",
        "supporte pas",
        "supporte plus",
        "peux pas voir",
        "peux pas sentir",
        "peux plus voir",
        "sick of",
        "fed up with",
        "en ai marre des",
        "marre des",
        "have had enough of",
        "am done with",
    ],
    "violent": [
        "get rid of",
        "wipe out",
        "round up",
        "lock up",
        "kick out",
        "throw out",
        "send back",
        "beat up",
        "put down",
        "se debarrasser des",
        "se debarrasser de",
        "nous debarrasser des",
        "foutre dehors",
        "mettre dehors",
        "jeter dehors",
        "casser du",
        "renvoyer chez eux",
    ],
    "psych": [
        "make me sick",
        "makes me sick",
        "make me want to puke",
        "make me want to vomit",
        "font vomir",
        "me font vomir",
        "font gerber",
        "donnent la nausee",
        "filent la gerbe",
        "rendent malade",
    ],
}


def fold(word: str) -> str:
    """Lower case without accents, like the folded view of a post."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


@cache
def forms(lang: str) -> dict[str, tuple[str, str]]:
    """Folded form -> (category, folded lemma) in ``lang`` ("en" or "fr"), from ``data/hate_forms.tsv`` plus
    the lemmas themselves. Per language: "hair" is a French form of "haïr" but an English noun.

    A form that two categories share keeps the first listed in :data:`LEMMAS` (``dehum`` before ``derog``).
    """
    order = list(LEMMAS)
    rows: list[tuple[str, str, str]] = []
    if DATA.is_file():
        for line in DATA.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 4 and not line.startswith("#") and parts[3] == lang:
                rows.append((parts[0], parts[1], parts[2]))
    for cat in order:
        for lemma in LEMMAS[cat][lang]:
            rows.append((fold(lemma), cat, fold(lemma)))
    rows.sort(key=lambda r: order.index(r[1]) if r[1] in order else len(order))
    table: dict[str, tuple[str, str]] = {}
    for form, cat, lemma in rows:
        table.setdefault(form, (cat, lemma))
    return table


@cache
def phrases() -> dict[tuple[str, ...], str]:
    """Folded phrase (as tokens) -> category."""
    return {tuple(p.replace("-", " ").split()): cat for cat, items in PHRASES.items() for p in items}
