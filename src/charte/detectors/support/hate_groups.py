"""Names of protected groups beyond the hand-written list of :mod:`hate_words`: nationalities and origins
derived from the CLDR, and adjectives that name a group only before a noun of persons.

The hate judge recognised the dozens of nationalities somebody had listed; a post about "Ukrainians",
"Lithuanians" or "les Norvégiens" named no group at all, so the most plain derogation went unread. A list
grows one complaint at a time; the CLDR (through Babel, already a dependency for the French catalogues)
holds the names of the world's languages in English and French, and for most peoples the name of the
language is the adjective of origin ("Ukrainian", "ukrainien"). A language whose English name has the
shape of a demonym (-ian, -ish, -ese, -an, -ch, -i …) gives its English and French names; the plural and
feminine forms are derived by the regular rules of each language. Names that are also common words of
the other kind ("corse": "corsé", "jute") are left out.

Adjectives such as "deaf", "blind", "old", "Polish" or "Jewish" name a group only before a noun of
persons ("deaf people", "Polish workers", "Jewish landlords"): :func:`needs_head` says which, and
:func:`person_noun` recognises the head noun by a list and by the suffixes of agent nouns.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache


def _w(text: str) -> list[str]:
    """The words of a list written as one string."""
    return text.split()


_DEMONYM_EN = re.compile(r"(?=[a-z]{6,}$)[a-z]+(?:ian|ish|ese|an|ch|ek|ak|i)")
_WORD_FR = re.compile(r"[a-z]{4,}")
#: French names of languages that are common words first, or insults ("corsé", "jute", "mongol").
_NOT_DEMONYMS = frozenset(["corse", "jute", "mongol", "palau", "aceh", "bugi", "chuuk", "tokelau", "persan"])


#: Demonyms the CLDR's language names do not give (the people's language is another people's name).
_EXTRA: dict[str, frozenset[str]] = {
    "en": frozenset(
        _w("""belgian swiss brazilian ghanaian kenyan congolese senegalese malian cameroonian ivorian colombian
    venezuelan peruvian cuban dominican canadian american australian austrian egyptian libyan lebanese
    jordanian yemeni saudi qatari emirati bosniak pole brit scot dane swede finn serb croat czech greek
    thai gypsy traveller roma romani sinti mormon protestant evangelical amish quaker filipina latina""")
    ),
    "fr": frozenset(
        _w("""belge suisse quebecois bresilien ghaneen kenyan congolais senegalais malien camerounais ivoirien
    colombien venezuelien peruvien cubain dominicain canadien americain australien autrichien egyptien
    libyen libanais jordanien yemenite saoudien qatari tcheque grec thailandais mormon protestant evangelique
    manouche aveugle sourd""")
    ),
}
#: Adjectives that name a group only before a noun of persons ("deaf people", "old folks").
_HEADED_ONLY: dict[str, frozenset[str]] = {
    "en": frozenset(_w("old deaf blind autistic disabled jewish islamic white brown foreign mute dwarf")),
    "fr": frozenset(),
}
#: Nouns of persons after a group adjective ("Polish workers", "Black teenagers", "Roma children").
_PERSONS = frozenset(
    _w("""people ppl folks folk persons men women kids guys girls boys families children community communities
    couples parents man woman guy person neighbours neighbors students workers colleagues athletes
    teenagers teens youths youngsters landlords tenants tourists employees migrants immigrants refugees
    citizens residents voters drivers doctors nurses nannies cleaners pupils ladies gentlemen mothers
    fathers dads moms mums wives husbands sons daughters boyfriends girlfriends kiddos babies lads blokes
    dudes chicks gals bros mates friends customers clients patients preachers priests imams rabbis
    leaders politicians immigrants beggars thugs gangs mobs crowds""")
)
#: Suffixes of agent and person nouns in the plural ("cleaners", "shopkeepers", "scientists").
_PERSON_SUFFIX = re.compile(r"[a-z]{3,}(?:ers|ors|ists|ians|ants|ents|keepers|mates)")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _plural_en(name: str) -> list[str]:
    if name.endswith(("ish", "ese", "ch", "ss")) or name in ("roma", "romani", "sinti", "amish", "swiss"):
        return [name]
    if name.endswith("y"):
        return [name, name[:-1] + "ies"]
    return [name, name + "s"]


def _inflect_fr(name: str) -> list[str]:
    """Masculine and feminine, singular and plural, by the regular rules ("ukrainien" … "ukrainiennes")."""
    if name.endswith(("ien", "een")):
        fem = name + "ne"
    elif name.endswith(("ais", "ois")):
        return [name, name + "e", name + "es"]
    elif name.endswith("e"):
        return [name, name + "s"]
    elif name.endswith("c"):
        fem = name[:-1] + "que"
    else:
        fem = name + "e"
    return [name, name + "s", fem, fem + "s"]


@cache
def demonyms(lang: str) -> dict[str, str]:
    """Folded form -> folded lemma of every name of origin derived here, in ``lang`` ("en" or "fr")."""
    from babel import Locale

    en, fr = Locale("en").languages, Locale("fr").languages
    names: set[str] = set(_EXTRA[lang])
    for code, name in en.items():
        folded = _fold(name)
        if not _DEMONYM_EN.fullmatch(folded):
            continue
        if lang == "en":
            names.add(folded)
        else:
            other = _fold(fr.get(code, ""))
            if _WORD_FR.fullmatch(other) and other not in _NOT_DEMONYMS:
                names.add(other)
    inflect = _plural_en if lang == "en" else _inflect_fr
    out: dict[str, str] = {}
    for name in sorted(names):
        for form in inflect(name):
            out.setdefault(form, name)
    return out


@cache
def headed_only(lang: str) -> frozenset[str]:
    """Group adjectives that name a group only before a noun of persons; every English demonym that is an
    adjective and not a noun ("Polish", "Danish", "Chinese") counts as well."""
    words = set(_HEADED_ONLY[lang])
    if lang == "en":
        words |= {f for f in demonyms("en") if f.endswith(("ish", "ese", "ch"))}
    return frozenset(words)


def plural_person_noun(word: str) -> bool:
    """:func:`person_noun` in the plural: the head of a name of the whole group ("deaf people")."""
    return person_noun(word) and (word.endswith("s") or word in _IRREGULAR_PLURALS)


_IRREGULAR_PLURALS = frozenset(_w("people ppl men women children folk"))


def person_noun(word: str) -> bool:
    """A plural noun of persons: listed, or an agent noun by its suffix ("shopkeepers", "scientists")."""
    return word in _PERSONS or _PERSON_SUFFIX.fullmatch(word) is not None


def nominalised(before: str, word: str, lang: str | None) -> bool:
    """ "the disabled", "the deaf", "the Polish": an English adjective of a group after "the" names the
    whole group, though it has no plural mark."""
    if before != "the" or lang == "fr":
        return False
    return word in headed_only("en") or word in ("disabled", "poor", "handicapped")


def headed_pair(words: list[str], lang: str) -> bool:
    """Whether two neighbouring words are a group adjective and a noun of persons ("old people"): the
    cheap gate for the adjectives :func:`headed_only` lists, which are too common alone to gate on."""
    headed = headed_only(lang)
    if headed.isdisjoint(words):
        return False  # no group adjective at all, the common case: one set operation, no loop
    return any(a in headed and person_noun(b.removesuffix("'s")) for a, b in itertools.pairwise(words))
