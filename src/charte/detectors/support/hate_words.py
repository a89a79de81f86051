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

import operator
import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "hate_forms.tsv"


def _w(text: str) -> list[str]:
    """The words of a list written as one string (lists of words read better than lists of quoted strings)."""
    return text.split()


#: category -> language -> lemmas. Categories:
#: ``derog`` derogatory adjectives and nouns ("X are vermin/filthy"), ``dehum`` the dehumanising subset;
#: ``positive`` predicates whose negation is hateful ("X are not human", "ne méritent aucun respect");
#: ``hostile`` verbs of hatred whose object is the group ("I despise X");
#: ``psych`` verbs of disgust whose subject is the group ("X disgust me");
#: ``violent`` verbs of violence or removal ("we should deport X", "X must be exterminated");
#: ``die`` intransitive verbs of death or disappearance ("X should die / disappear").
LEMMAS: dict[str, dict[str, list[str]]] = {
    "dehum": {
        "en": _w(
            "vermin rat cockroach roach parasite pest insect leech locust subhuman scum filth plague infestation "
            "invader abomination cancer virus disease tumour tumor beast savage ape monkey swine pig dog animal "
            "cattle trash garbage rubbish waste microbe bacterium louse maggot flea fly mosquito termite weed "
            "gangrene infection scourge blight swarm horde hyena snake serpent mongrel barbarian monster zombie "
            "rodent worm germ sewage dirt filth excrement turd vulture jackal rabbit sheep livestock hog lice bedbug cockroaches property"
        ),
        "fr": _w(
            "vermine rat cafard parasite nuisible insecte sangsue criquet sous-homme racaille peste infestation "
            "envahisseur abomination cancer tumeur virus maladie bête singe macaque porc cochon chien animal "
            "bestiau bétail ordure déchet microbe bactérie pou asticot cloporte sauterelle puce mouche moustique "
            "termite gangrène infection fléau plaie horde hyène serpent bâtard barbare bestiole monstre zombie "
            "rongeur ver germe chacal vautour fumier étron charogne lapin mouton cancrelat blatte punaise vipère"
        ),
    },
    "derog": {
        "en": _w(
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
            "annoying insufferable scammer fraudster swindler cheat predator extremist fanatic selfish incapable inept unfit "
            "savage brute delinquent hooligan lunatic maniac deadbeat moocher sponger layabout ungrateful arrogant "
            "brainwashed backwards subnormal feeble inbred dimwitted unclean primitive groomer defective worse"
        ),
        "fr": _w(
            "stupide con débile idiot crétin imbécile abruti inférieur primitif arriéré paresseux fainéant "
            "feignant sale crasseux puant dégoûtant dégueulasse répugnant immonde ignoble abject infect "
            "criminel voleur violeur terroriste pédophile délinquant voyou menteur fourbe sournois hypocrite "
            "malhonnête inutile dangereux mauvais malfaisant pervers malade taré dégénéré cinglé fou malsain "
            "pourri vicieux minable pathétique lamentable misérable méprisable détestable haïssable odieux "
            "insupportable hystérique faible incapable incompétent profiteur assisté moche laid honte fardeau "
            "menace danger tare traître lâche violent barbare sauvage vulgaire écœurant gerbant horrible "
            "affreux épouvantable nul bon-à-rien ignorant attardé demeuré escroc arnaqueur fraudeur tricheur prédateur "
            "extrémiste fanatique égoïste cupide avare inapte raclure consanguin ingrat arrogant brute feignasse "
            "décérébré bouffon branleur clochard radin défectueux"
        ),
    },
    "positive": {
        "en": _w(
            "human good educated talented hardworking kind brilliant beautiful great wonderful amazing "
            "lovely intelligent smart clever honest trustworthy capable competent welcome equal normal "
            "decent civilised civilized worthy respect dignity value worth place right citizen humanity soul "
            "belong live exist breathe vote marry adopt child kid sympathy compassion mercy gifted"
        ),
        "fr": _w(
            "humain bon brillant formidable gentil travailleur adorable génial intelligent honnête fiable capable compétent bienvenu égal normal digne civilisé "
            "respect dignité valeur place droit citoyen humanité âme vivre exister respirer voter marier adopter enfant "
            "compassion pitié sympathie doué"
        ),
    },
    "hostile": {
        "en": _w("hate despise loathe detest abhor resent"),
        "fr": _w("détester haïr mépriser exécrer abhorrer vomir"),
    },
    "psych": {
        "en": _w("disgust sicken repulse revolt nauseate repel"),
        "fr": _w("dégoûter répugner écœurer débecter révulser"),
    },
    "violent": {
        "en": _w(
            "kill murder exterminate eradicate eliminate gas hang lynch shoot burn bomb slaughter massacre "
            "deport expel ban imprison hunt sterilise sterilize castrate stab strangle drown behead execute "
            "annihilate purge butcher torture stone whip enslave incinerate cull smash crush slap thrash bar exclude sink"
        ),
        "fr": _w(
            "tuer assassiner exterminer éradiquer éliminer gazer pendre lyncher fusiller abattre brûler "
            "massacrer buter expulser déporter renvoyer virer chasser bannir enfermer emprisonner stériliser "
            "castrer tabasser égorger noyer décapiter exécuter anéantir torturer "
            "lapider cramer flinguer crever écraser rayer traquer pourchasser gifler baffer cogner exclure interdire couler"
        ),
    },
    "habit": {
        "en": _w("smell stink steal breed leech scrounge complain whine moan beg riot cheat rape loot"),
        "fr": _w("puer tricher pulluler grouiller pleurnicher mendier piller violer chouiner râler"),
    },
    "regard": {
        "en": _w("respect accept trust tolerate welcome hire employ rent"),
        "fr": _w("respecter accepter tolérer accueillir embaucher supporter confiance louer engager"),
    },
    "hatred_noun": {
        "en": _w("hatred hate contempt disgust loathing aversion revulsion scorn disdain"),
        "fr": _w("haine mépris dégoût aversion horreur répulsion dédain"),
    },
    "control": {
        "en": _w("control run own rule manipulate"),
        "fr": _w("contrôler diriger posséder manipuler gouverner"),
    },
    "weapon": {
        "en": _w("bullet noose rope gallows guillotine oven beating thrashing kicking"),
        "fr": _w(
            "balle corde potence guillotine bûcher four raclée rouste dérouillée baffe gifle tabassage claque correction"
        ),
    },
    "die": {
        "en": _w("die perish disappear vanish rot"),
        "fr": _w("mourir crever disparaître pourrir périr"),
    },
}

#: Protected groups named in one word (nationalities and origins count as a protected origin), every
#: inflection ("musulmane", "Sénégalaises") and misspelling ("wommen", "homosxeuals") found like the
#: predicates. Multi-word names ("trans people", "gens du voyage") are the regex's of ``abuse``.
GROUPS: dict[str, list[str]] = {
    "en": _w(
        "immigrant migrant refugee foreigner muslim moslem jew black african arab asian chinese mexican latino "
        "latina hispanic gay lesbian homosexual queer bisexual transgender transsexual woman female girl "
        "gypsy indian pakistani christian catholic hindu sikh romanian indigenous native aboriginal turk "
        "somali nigerian syrian afghan iraqi iranian kurd albanian palestinian israeli moroccan algerian "
        "tunisian egyptian ethiopian eritrean sudanese haitian jamaican filipino vietnamese korean japanese "
        "bangladeshi chechen buddhist atheist cripple illegal elderly islam judaism"
    ),
    "fr": _w(
        "immigré immigrant migrant réfugié étranger musulman juif noir africain arabe rebeu beur maghrébin "
        "asiatique chinois rom gitan tsigane homosexuel homo gay lesbienne bisexuel transgenre transsexuel "
        "trans femme meuf handicapé autiste chrétien catholique hindou sikh roumain polonais portugais turc "
        "basané indigène comorien sénégalais algérien marocain tunisien kurde syrien afghan somalien "
        "nigérian malien ivoirien camerounais congolais haïtien pakistanais indien vietnamien tchétchène "
        "albanais palestinien israélien bouddhiste athée asiat feuj renoi clandestin vieux islam judaïsme"
    ),
}

#: Multi-word items, folded, matched as token sequences (no morphology).
PHRASES: dict[str, list[str]] = {
    "dehum": [
        "sub human",
        "sous humains",
        "sous-humains",
        "moins que rien",
        "less than human",
        "waste of space",
    ],
    "derog": [
        "bons a rien",
        "good for nothing",
        "a waste of oxygen",
        "a drain on society",
        "mentally ill",
        "malades mentaux",
        "sick in the head",
    ],
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
        "repulsed by",
        "disgusted by",
        "sickened by",
        "revolted by",
        "degoute par",
        "degoutee par",
        "ecoeure par",
        "ecoeuree par",
        "repugne par",
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
        "beating up",
        "beats up",
        "put down",
        "se debarrasser des",
        "locked up",
        "locked away",
        "lock away",
        "thrown off",
        "throw off",
        "thrown out",
        "kicked out",
        "wiped out",
        "rounded up",
        "sent back",
        "hunt down",
        "hunted down",
        "shoot at",
        "open fire on",
        "tirer sur",
        "ouvrir le feu sur",
        "se debarrasser de",
        "nous debarrasser des",
        "foutre dehors",
        "mettre dehors",
        "jeter dehors",
        "casser du",
        "renvoyer chez eux",
        "take up arms against",
        "wipe off the face of",
        "wiped off the face of",
        "wiped off the map",
        "prendre les armes contre",
        "rayes de la surface",
        "rayees de la surface",
        "raye de la surface",
        "rayer de la surface",
        "rayer de la carte",
        "rayes de la carte",
    ],
    "weapon": [
        "gas chamber",
        "gas chambers",
        "chambre a gaz",
        "chambres a gaz",
        "firing squad",
        "peloton d'execution",
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
        "make my skin crawl",
        "makes my skin crawl",
        "me donnent la chair de poule",
        "me hérissent",
        "envie de gerber",
        "envie de vomir",
        "want to puke",
        "want to throw up",
        "turn my stomach",
        "turns my stomach",
    ],
}


def fold(word: str) -> str:
    """Lower case without accents, like the folded view of a post."""
    if word.isascii():  # most words: no accent to drop, no curly apostrophe (same result, no NFD pass)
        return word.lower()
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
            if len(parts) == 4 and not line.startswith("#") and parts[3] == lang and parts[1] != "collision":
                rows.append((parts[0], parts[1], parts[2]))
    for cat in order:
        for lemma in LEMMAS[cat][lang]:
            rows.append((fold(lemma), cat, fold(lemma)))
    for lemma in GROUPS[lang]:
        rows.append((fold(lemma), "group", fold(lemma)))
    rows.extend(_derived_groups(lang))
    order.append("group")
    rows = [r for r in rows if r[1] in order]
    rows.sort(key=lambda r: order.index(r[1]))
    table: dict[str, tuple[str, str]] = {}
    for form, cat, lemma in rows:
        table.setdefault(form, (cat, lemma))
    return table


def _derived_groups(lang: str) -> list[tuple[str, str, str]]:
    """Names of origin from the CLDR and group adjectives (:mod:`hate_groups`), after the listed groups so a
    predicate or a listed name keeps its own reading."""
    from charte.detectors.support import hate_groups

    rows = [(form, "group", lemma) for form, lemma in hate_groups.demonyms(lang).items()]
    rows += [(word, "group", word) for word in hate_groups.headed_only(lang)]
    return rows


@cache
def phrases() -> dict[tuple[str, ...], str]:
    """Folded phrase (as tokens) -> category."""
    return {tuple(fold(p).replace("-", " ").split()): cat for cat, items in PHRASES.items() for p in items}


_DOUBLED = re.compile(r"(.)\1+")
#: The replacement of :data:`_DOUBLED`: the repeated letter. A callable rather than the template ``r"\1"``,
#: which ``re`` hands back to Python code on every call, match or not (three times slower on a word).
_FIRST = operator.itemgetter(1)
_HAS_DOUBLE = _DOUBLED.search


@cache
def longest_phrase() -> int:
    """The length in tokens of the longest phrase: how far a look-up from one word must read ahead (a fixed
    bound left the six-word phrases unread)."""
    return max(map(len, phrases()))


@cache
def phrase_starts() -> frozenset[str]:
    """The first words of :func:`phrases`: a word that starts none needs no phrase look-up."""
    return frozenset(key[0] for key in phrases())


def squeeze(word: str) -> str:
    """Doubled letters collapsed ("wommen" and "women" are the same skeleton)."""
    return _DOUBLED.sub(_FIRST, word) if _HAS_DOUBLE(word) else word


@lru_cache(maxsize=65536)
def squeeze_word(word: str) -> str:
    """:func:`squeeze` for one word, remembered: words repeat across posts, the regex costs a microsecond."""
    return squeeze(word)


@cache
def derogatory_keys() -> frozenset[str]:
    """The derogatory and dehumanising forms of both languages, squeezed: a cheap gate before reading a
    clause for them."""
    return frozenset(
        squeeze(f) for lg in ("en", "fr") for f, (cat, _) in forms(lg).items() if cat in ("derog", "dehum")
    )


@cache
def group_keys(lang: str) -> frozenset[str]:
    """Every skeleton (doubled letters collapsed) a group name can be looked up by in ``lang``, exact or
    misspelt: a post none of whose squeezed words is here names no group in one word. Adjectives that name a
    group only before a noun of persons ("old", "white") are left to :func:`hate_groups.headed_pair`."""
    from charte.detectors.support import hate_groups

    keys = {f for f, (cat, _) in forms(lang).items() if cat == "group"} - hate_groups.headed_only(lang)
    keys |= {squeeze(f) for f in keys}
    keys |= {v for v, (cat, _) in fuzzy(lang).items() if cat == "group"}
    keys |= {k[:-1] + "z" for k in keys if k.endswith("s")}
    if lang == "fr":
        keys |= {k.replace("qu", "k") for k in keys if "qu" in k}  # "asiatikes", "afrikains"
        keys |= {k.replace("c", "k") for k in keys if "c" in k}
    return frozenset(squeeze(k) for k in keys)


def variants(word: str) -> set[str]:
    """Misspellings that keep a word of 5 letters or more recognisable, compared squeezed: doubled letters
    collapsed, one inner letter dropped, two neighbours swapped (the first letter stays)."""
    if len(word) < 5 or not word.isalpha():
        return set()
    if _HAS_DOUBLE(word):
        out = {squeeze(word)}
        for i in range(1, len(word)):
            out.add(squeeze(word[:i] + word[i + 1 :]))
        for i in range(1, len(word) - 1):
            out.add(squeeze(word[:i] + word[i + 1] + word[i] + word[i + 2 :]))
    else:
        # No letter doubled: a variant can only double one where it joins two letters anew (the neighbours of
        # the dropped letter, the outer neighbours of the swapped pair), so only those need squeezing. Built
        # for every form at start-up (~75,000 variants): the regex is skipped for almost all.
        out = {word}
        last = len(word) - 1
        for i in range(1, len(word)):
            dropped = word[:i] + word[i + 1 :]
            out.add(squeeze(dropped) if i < last and word[i - 1] == word[i + 1] else dropped)
        for i in range(1, last):
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            joins = word[i - 1] == word[i + 1] or (i + 2 <= last and word[i] == word[i + 2])
            out.add(squeeze(swapped) if joins else swapped)
    return {v for v in out if len(v) >= 4}


@cache
def vocabulary() -> tuple[tuple[str, str], ...]:
    """The words of tweets the language identifier knows, folded (:func:`fold`), each with its skeleton
    (:func:`squeeze`): real words for the misspelling rules of this module and of ``abuse``, folded once
    for both (~18,000 words, some 30 ms of every process's start-up)."""
    from charte.models import lang as lang_model

    return tuple((word, squeeze(word)) for word in map(fold, lang_model.vocabulary()))


@cache
def collisions() -> frozenset[str]:
    """Real words that a misspelling rule would take for a listed form: the words of tweets the language
    identifier knows (as ``abuse`` does for its word lists), doubled letters collapsed, less the forms."""
    listed = {f for lg in ("en", "fr") for f in forms(lg)}
    return frozenset(squeezed for word, squeezed in vocabulary() if word not in listed)


@cache
def dictionary_words(lang: str) -> frozenset[str]:
    """Words of ``lang`` one letter from a predicate (``collision`` rows of ``data/hate_forms.tsv``, from
    simplemma's dictionaries): "sinks" is not a misspelt "stinks"."""
    if not DATA.is_file():
        return frozenset()
    out = set()
    for line in DATA.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[1] == "collision" and parts[3] == lang:
            out.add(parts[0])
    return frozenset(out)


@cache
def fuzzy(lang: str) -> dict[str, tuple[str, str]]:
    """Squeezed misspelling -> (category, lemma) of the forms of ``lang`` that are no real word."""
    exact = forms(lang)
    real = collisions() | dictionary_words(lang)
    listed = {fold(g) for g in GROUPS[lang]}
    derived = {form for form, _, lemma in _derived_groups(lang) if lemma not in listed}
    table: dict[str, tuple[str, str]] = {}
    for form, found in exact.items():
        if form in derived:
            continue  # names only the CLDR gives are matched as spelt: their variants are too often words
        for v in variants(form):
            if v not in exact and v not in real:
                table.setdefault(v, found)
    return table


@lru_cache(maxsize=65536)
def lookup(word: str, lang: str) -> tuple[str, str] | None:
    """The category and lemma of a folded token in ``lang``: exact, then doubled letters undone, then one
    letter dropped or two swapped (remembered: the judge looks the same words up many times a post)."""
    exact = forms(lang)
    found = exact.get(word)
    if found is None and len(word) >= 4 and word.endswith("z"):  # "jewz", "muslimz"
        found = exact.get(word[:-1] + "s")
    if found is None and len(word) >= 5 and "z" in word:  # "muzulmans", "muzlims": a z for an s
        found = exact.get(word.replace("z", "s"))
    if found is not None:
        return found
    if len(word) >= 5 and word.isalpha():
        squeezed = squeeze_word(word)
        found = exact.get(squeezed)
        if found is None and squeezed not in collisions():
            found = fuzzy(lang).get(squeezed)
        if found is None and lang == "fr" and "k" in word:  # "asiatikes", "afrikains": spelt as said
            found = exact.get(word.replace("k", "qu")) or exact.get(word.replace("k", "c"))
    return found
