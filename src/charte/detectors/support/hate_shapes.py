"""Sentence shapes of hate that the clause judge (:mod:`hate_clause`) did not read, FR and EN.

Each function reads the words of one clause already tokenised by the judge (never the text again) and
says whether a shape is there; the judge turns the answer into a verdict. The shapes are mechanisms of the
language, not phrasings:

* **a negative quantifier on the group** denies the whole group a merit: "No Black person has ever
  contributed anything of value", "Not a single Roma has done an honest day's work", "Aucun Noir n'a jamais
  rien apporté", "I have never met a gay man who was a decent human being". The quantifier carries the
  negation; a second negation in the clause flips it back ("no immigrant is not welcome").
* **a rhetorical question** asserts what it asks: "don't you think X are vermin?", "wouldn't the world be
  better without X?", "le monde ne serait-il pas meilleur sans les X ?". A negated auxiliary inverted
  before its subject, and a question mark, make the negation a figure, not a denial.
* **a comparative** "plus" ("les X sont plus fainéants", "de plus en plus connes") is no negation: French drops the "ne" of "ne …
  plus", so the judge counted every "plus" as one.
* **an adjective of unknown meaning** may stand between the link and the predicate ("defective livestock",
  "selfish leeches"): its suffix says it is an adjective, not a verb that would change the subject.
* **a feeling with no subject** opens the clause ("Pure contempt for X", "Nothing but scorn for X"): the
  author's, as a verb of hatred with no subject is an imperative or the author's own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from charte.detectors.support import hate_words


def _w(text: str) -> list[str]:
    """The words of a list written as one string."""
    return text.split()


_NEG_QUANT = frozenset(["no", "aucun", "aucune", "nul", "nulle"])
#: Inside a French negation, the words that agree with it ("n'a jamais rien apporté" is one negation).
_CONCORD = frozenset(["ne", "n'", "jamais", "rien", "pas", "plus", "personne", "ever", "anything", "any"])
_NEGATORS = frozenset(["not", "never", "no", "pas", "jamais", "nobody", "none", "nothing", "aucun", "aucune"])
#: Verbs of merit: denied to a whole group, a denial of its worth ("has never contributed anything").
_MERIT = frozenset(
    _w("""contribute contributed contributes achieve achieved achieves build built invent invented create
    created help helped work worked accomplished apporte apporter apportent contribue contribuer
    travaille travailler travaillent construit construire invente inventer cree creer aide aider reussi
    reussir accompli""")
)
#: Verbs of meeting whose negation ranges over every member met ("I have never met a X who was …").
_MET = frozenset(["met", "seen", "known", "meet", "see", "know", "rencontre", "vu", "connu", "croise"])
_REL = frozenset(["who", "that", "qui"])
_PERSON_HEADS = frozenset(
    ["man", "woman", "person", "guy", "girl", "boy", "homme", "femme", "personne", "mec"]
)
_QUESTION_AUX = re.compile(
    r"^(?:don't|dont|doesn't|doesnt|isn't|isnt|aren't|arent|wouldn't|wouldnt|won't|wont|shouldn't|wasn't)$"
)
_YOU = frozenset(["you", "u", "ya", "we", "people", "anyone", "vous", "tu"])
_BETTER = frozenset(["better", "safer", "nicer", "cleaner", "meilleur", "meilleure", "mieux", "propre"])
_WITHOUT = frozenset(["without", "sans"])
_ADJECTIVE_EN = re.compile(r"[a-z]{3,}(?:ive|ous|ful|less|ish|able|ible|ic|al|ent|ant|ile)")
_ADJECTIVE_FR = re.compile(
    r"[a-z]{3,}(?:eux|euse|euses|if|ifs|ive|ives|able|ables|ible|ibles|ique|iques|ant|ants)"
)
_FEELING_OPENERS = frozenset(
    _w("""pure total utter sheer deep profound absolute nothing but just only much so such my our
    pur pure total totale profond profonde absolu absolue rien que juste tout mon ma notre un une""")
)


def _is(word: str, lang: str | None, *cats: str) -> str | None:
    """The lemma of ``word`` when it is one of ``cats`` in ``lang`` (both languages when unknown)."""
    for lg in (lang,) if lang in ("en", "fr") else ("en", "fr"):
        found = hate_words.lookup(word, lg)
        if found is not None and found[0] in cats:
            return found[1]
    return None


def _quantified(head: list[str]) -> bool:
    """The clause before the group ends with a negative quantifier: "no", "aucun", "not a single", "not
    one", "pas un seul", "pas une seule", "never met a"."""
    tail = [w for w in head[-4:] if w not in ("single", "seul", "seule", "one", "a", "un", "une", "of")]
    if tail and tail[-1] in _NEG_QUANT:
        return True
    return bool(tail) and tail[-1] in ("not", "pas") and len(head) >= 2 and head[-1] != tail[-1]


_NO_MEMBER = re.compile(
    r"(?:^|[^\w'])(?:no|not a single|not one|not any|aucun|aucune|pas un seul|pas une seule|pas un|nul|nulle)"
    r"\s+(?:[a-z]+\s+)?$"  # one word may name the group first ("no Afghan refugee")
)


def no_member(before: str) -> bool:
    """The text right before the group ends with a negative quantifier ("no", "not a single", "aucun"):
    a call of violence on it is negated ("No refugee should be deported", "Aucun migrant ne doit être
    expulsé"), where a denied merit is hate (:func:`merit_denied`)."""
    return _NO_MEMBER.search(before[-30:]) is not None


def merit_denied(head: list[str], after: list[str], lang: str | None) -> str | None:
    """A negative quantifier (or "never met a …") on the group, then a merit or a positive word in its
    clause, no second negation: the lemma that was denied, else ``None``."""
    met = (
        len(head) >= 2
        and any(w in _MET for w in head[-3:])
        and any(w in _NEGATORS or w.endswith("n't") for w in head[-5:])
        and head[-1] in ("a", "an", "un", "une", "any", "single")
    )
    if not (met or _quantified(head)):
        return _merit_refused(after)
    while after and after[0] in _PERSON_HEADS:
        after = after[1:]  # "a gay man who …": the head noun of the name
    if met and not (after and after[0] in _REL):
        return None
    clause = []
    for w in after:
        if w in (".", "!", "?", ";", ",", "but", "mais"):
            break
        clause.append(w)
    if any((w in _NEGATORS or w.endswith("n't")) and w not in _CONCORD for w in clause):
        return None  # "no immigrant is not welcome": two negations
    for i, w in enumerate(clause):
        if w in _MERIT:
            return w
        lemma = _is(w, lang, "positive")
        if lemma is not None and i > 0:
            return lemma
    return None


def rhetorical(head: list[str], after: list[str]) -> bool:
    """A negated auxiliary inverted before its subject, and a question mark: "don't you think X are …?",
    "wouldn't the world be better without X?", "vous trouvez pas que …?", "ne serait-il pas …?"."""
    if "?" not in after[:20]:
        return False
    for i, w in enumerate(head):
        nxt = head[i + 1] if i + 1 < len(head) else ""
        if _QUESTION_AUX.match(w) and (nxt in _YOU or nxt in ("the", "it", "this", "life", "everything")):
            return True
        if w.endswith(("-il", "-elle", "-on", "-ils")) and nxt in ("pas", "plus"):
            return True  # "ne serait-il pas", "n'est-on pas"
    return False


def better_without(head: list[str]) -> bool:
    """ "… better without" right before the group (only determiners between)."""
    j = len(head) - 1
    while j >= 0 and head[j] in ("the", "les", "des", "all", "tous", "any", "ces", "these", "those"):
        j -= 1
    return j >= 1 and head[j] in _WITHOUT and any(w in _BETTER for w in head[:j])


def comparative(words: Sequence[str], i: int, lo: int) -> bool:
    """ "plus" at ``words[i]`` compares ("sont plus fainéants", "plus connes que"): a predicate follows and
    no "ne"/"n'" stands before it in the clause (from ``lo``)."""
    if words[i] != "plus" or i + 1 >= len(words):
        return False
    if any(w in ("ne", "n'") for w in words[max(0, lo) : i]):
        return False
    if (i > 0 and words[i - 1] == "de" and words[i + 1] == "en") or (
        i > 1 and words[i - 2 : i] == ["plus", "en"]
    ):
        return True  # "de plus en plus connes"
    return _is(words[i + 1], None, "derog", "dehum", "positive") is not None


def adjective_like(word: str, lang: str | None) -> bool:
    """An adjective by its suffix ("defective", "selfish", "dangereuses"): it may stand between a link and
    its predicate, where a verb may not. Participles are left out ("smuggled like cattle" is a victim)."""
    if lang != "fr" and _ADJECTIVE_EN.fullmatch(word):
        return True
    return lang != "en" and _ADJECTIVE_FR.fullmatch(word) is not None


def strip_openers(words: list[str]) -> list[str]:
    """``words`` without the adjectives of a feeling that open them ("total" of "mépris total pour")."""
    i = 0
    while i < len(words) and i < 2 and words[i] in _FEELING_OPENERS:
        i += 1
    return words[i:]


def feeling_without_subject(tail: list[str]) -> bool:
    """The words before a noun of hatred hold no subject and no verb: the feeling opens the clause
    ("Pure contempt for X", "Nothing but scorn for X", "Mépris total pour les X")."""
    return len(tail) <= 3 and all(w in _FEELING_OPENERS for w in tail)


#: Animals and bugs that people kill for a living or a chore: violence said of them alone is pest control
#: or debugging, not a threat ("mosquitoes should be wiped off the earth", "faut tuer les bugs").
_PESTS = re.compile(
    r"(?<![\w'])(?:mosquito(?:e?s)?|rats?|mice|mouse|cockroach(?:es)?|roach(?:es)?|bugs?|fleas?|lice|bedbugs?|"
    r"termites?|wasps?|hornets?|flies|ants|slugs|snails|weeds|pigeons|moustiques?|souris|cafards?|blattes?|"
    r"punaises?|puces?|poux|guepes?|frelons?|mouches?|fourmis|limaces?|escargots?|mauvaises herbes|"
    r"pucerons?|chenilles?|nuisibles)(?![\w'])"
)
#: Words that aim the violence at a person ("I'll kill you like a rat", "je vais te buter").
_PERSON_AIM = re.compile(
    r"(?<![\w'])(?:you|u|ya|him|her|them|em|your|ur|toi|te|t'|vous|lui|leur|ta|ton|tes|vos|votre|"
    r"people|guy|man|woman|kids|gens|mec|meuf)(?![\w])|(?<![\w'])t'|@\w"
)


_WORDS = re.compile(r"[a-z]+")


def pest_control(folded: str, lang: str | None = None) -> bool:
    """The post names a pest and aims at no person and no group: the model's threat score alone reads
    violence against the pest as a threat ("they're like rats" after a group is a comparison, not pests).
    The group gate is the judge's set look-up of group names, not a reading of the clause."""
    pest = _PESTS.search(folded)
    if pest is None or any(
        # "them" after the pest takes it up ("Mosquitoes are vermin, kill them all"); before it, a person
        not (m.group() in ("them", "em") and m.start() > pest.start())
        for m in _PERSON_AIM.finditer(folded)
    ):
        return False
    words = {hate_words.squeeze_word(w) for w in _WORDS.findall(folded)}
    return all(
        words.isdisjoint(hate_words.group_keys(lg))
        for lg in ((lang,) if lang in ("en", "fr") else ("en", "fr"))
    )


#: Nouns that stand for the group's members when the group owns them ("Black people's lives", "la vie des
#: X"): what is said of them is said of the group.
LIVES = frozenset(["life", "lives", "existence", "existences", "vie", "vies"])
_WORTH = frozenset(["worth", "vaut", "valent", "valait", "valaient", "vaudra", "vaudront"])
_NOTHING = frozenset(["nothing", "rien", "nada", "zero", "que", "qu'"])
_MATTER = frozenset(["matter", "matters", "count", "counts", "comptent", "compte", "importent", "importe"])


def worthless(after: list[str]) -> bool:
    """The group is said to be worth nothing or not to matter, within its clause: "are worth nothing", "ne
    valent rien", "don't matter", "ne comptent pas"."""
    clause = after[:8]
    for i, w in enumerate(clause):
        if w in (".", "!", "?", ";", "but", "mais"):
            return False
        if w in _WORTH and any(x in ("nothing", "rien", "nada") for x in clause[i + 1 : i + 3]):
            return True
        if w in _MATTER and any(x in _NEGATORS or x.endswith("n't") for x in clause[max(0, i - 3) : i + 2]):
            return not (w in ("count", "counts", "compte", "comptent") and "on" in clause[i + 1 : i + 2])
    return False


_RATHER = re.compile(
    r"(?:rather|sooner) (?:die|be dead|kill myself)(?: \w+){0,2} than|prefer(?:ably)? (?:to )?die than|"
    r"plutot (?:mourir|crever|me tuer)(?: \w+){0,2} que|prefere(?:rais)? (?:mourir|crever) que"
)


def rather_die(head: list[str]) -> bool:
    """ "I'd rather die than have a X neighbour", "plutôt crever que d'avoir un collègue X": contempt for the
    group put as a preference for death."""
    return _RATHER.search(" ".join(head)) is not None


_NO_SUCH = re.compile(
    r"(?:no such thing as|there (?:is|are) no|there's no|never (?:been|was) a|il n'y a pas de|"
    r"y a pas de|n' ?existe pas|n' ?existent pas|existe pas|doesn't exist|does not exist|don't exist)"
)
_GOOD = frozenset(["good", "decent", "honest", "nice", "bon", "bonne", "bons", "honnete", "gentil", "brave"])


def good_member_denied(head: list[str], after: list[str]) -> bool:
    """ "There is no such thing as a good X", "un bon X, ça n'existe pas": a merit denied to every member."""
    if head and head[-1] in _GOOD:
        before = head[:-1]  # "a good X"
    elif after and after[0] in _GOOD:
        before, after = head, after[1:]  # "un X honnête"
    else:
        return False
    return _NO_SUCH.search(" ".join(before)) is not None or _NO_SUCH.search(" ".join(after[:6])) is not None


_CARRY = frozenset(
    _w("""carry carries spread spreads bring brings brought import imports apportent apporte ramenent ramene
    propagent propage importent transmettent amenent amene causent cause""")
)


#: Troubles that a group is said to bring and nothing else ("X bring nothing but trouble").
_TROUBLES = frozenset(
    _w("""trouble troubles problems problem crime crimes chaos misery drama problemes probleme ennuis emmerdes
    crimes misere chaos bordel merde""")
)
_ONLY = re.compile(
    r"^(?:(?:ne|n') )?(?:jamais |toujours )?(?:que|qu') (?:des |du |de la |le |la )?$|^(?:nothing but|only) $"
)


def harm_brought(after: list[str], lang: str | None) -> str | None:
    """The group brings a plague with it: "X carry diseases", "les X ramènent des maladies" (the lemma), or
    nothing but trouble: "X bring nothing but trouble", "les X (ne) ramènent que des problèmes"."""
    if not after or (after[0] not in _CARRY and not (len(after) > 1 and after[1] in _CARRY)):
        return None
    start = 1 if after[0] in _CARRY else 2
    for j in range(start + 1, min(start + 5, len(after))):
        if after[j] in _TROUBLES and _ONLY.match(" ".join(after[start:j]) + " "):
            return "trouble"
    for w in after[start : start + 3]:
        lemma = _is(w, lang, "dehum")
        if lemma is not None:
            return lemma
    return None


#: Places a group is confined to, said as where it belongs ("X belong in the kitchen / in cages", "la place
#: des X est à la cuisine", "les X sont faites pour la cuisine").
_CONFINEMENT = frozenset(
    _w("""kitchen kitchens zoo zoos cage cages jungle jungles ghetto ghettos camp camps gutter gutters trash bin
    bins oven ovens prison prisons jail jails asylum asylums cuisine cuisines fourneaux cage cages poubelle
    poubelles caniveau four fours taule zoo ghetto camps asile asiles""")
)
_BELONG = frozenset(_w("belong belongs belonged place placed faites faits fait faite kept"))
_AT = frozenset(_w("in at into a au aux dans en pour the la le les l' a an un une des is est"))


def confined(after: list[str], owned: bool = False) -> str | None:
    """Where the group is said to belong, when that is a cage, a kitchen, a camp…: the place, else
    ``None``. ``owned`` when the words start after "the place of X" / "la place des X" (the link is
    enough)."""
    for i, w in enumerate(after[:6]):
        if w in (".", "!", "?", ";", "but", "mais"):
            return None
        if w in _NEGATORS or w.endswith("n't"):
            return None
        if w in _BELONG or (owned and w in ("is", "est", "'s", "sera")):
            j = i + 1
            while j < len(after) and j < i + 5 and after[j] in _AT:
                j += 1
            if j < len(after) and after[j] in _CONFINEMENT:
                return after[j]
    return None


_GENERIC_YOU = frozenset(_w("you u vous tu on one"))
_ADVICE_MODALS = frozenset(_w("can could should must peut peux pouvez doit dois devez faut"))


def advice(head: list[str], subject: str | None) -> bool:
    """A rule of conduct given to everyone, not a report: an imperative ("never trust a X", "n'embauchez
    jamais de X") or a generic "you"/"on" with a modal ("you can never trust X", "on ne peut pas faire
    confiance aux X"). The caller checks the negation."""
    if "?" in head or any(w in ("who", "qui", "why", "pourquoi") for w in head):
        return False
    if subject is None:
        return True
    return subject in _GENERIC_YOU and any(w in _ADVICE_MODALS for w in head)


_STRONG_NOT = frozenset(_w("nothing never rien jamais nada zero"))


def _merit_refused(after: list[str]) -> str | None:
    """With no quantifier, the group as subject of a merit refused by "nothing" or "never": "X have
    contributed nothing", "X have never built anything", "les X n'ont jamais rien inventé". A plain "not"
    is left alone ("X did not build this alone")."""
    clause = []
    for w in after[:10]:
        if w in (".", "!", "?", ";", ",", "but", "mais", "who", "qui", "that"):
            break
        clause.append(w)
    merit = next((i for i, w in enumerate(clause) if w in _MERIT), None)
    if merit is None or merit > 4:
        return None
    strong = [w for w in clause if w in _STRONG_NOT]
    weak = [
        w for w in clause if (w in _NEGATORS or w.endswith("n't")) and w not in _CONCORD and w not in strong
    ]
    return clause[merit] if strong and not weak else None


_ONLY_GOOD = re.compile(
    r"(?:^| )(?:only|just|merely|solely) (?:good|fit|useful) for |(?:^| )good for nothing but |"
    r"(?:^| )bon(?:ne)?s? (?:qu' ?a|que pour|qu' ?au|qu' ?aux) |(?:^| )(?:juste|seulement|uniquement) bon(?:ne)?s? (?:a|pour) "
)


def only_good_for(after: list[str]) -> bool:
    """The group reduced to one use: "X are only good for cleaning", "les X ne sont bonnes qu'à …"."""
    return _ONLY_GOOD.search(" ".join(after[:8]) + " ") is not None


_FRAGMENT = frozenset(["?", ":", "=", "-", "!"])


def fragment(after: list[str], lang: str | None) -> str | None:
    """ "Hindus? Filthy, the lot of them.", "Les X : des parasites": a name, a stop, then a derogatory word
    that opens the fragment (the link is left out)."""
    if len(after) < 2 or after[0] not in _FRAGMENT:
        return None
    j = 1
    while (
        j < len(after) and j < 3 and after[j] in ("des", "de", "d'", "du", "la", "les", "bunch", "a", "just")
    ):
        j += 1
    return _is(after[j], lang, "derog", "dehum") if j < len(after) else None


_PRIDE = re.compile(
    r"🌈|🏳️‍🌈|🏳️‍⚧️|💜|(?<![\w'])(?:pride|parade|proud|fierte|fiertes|defile|fier|fiere|fiers|fieres|lgbt\w*|queer)(?![\w'])"
)


def pride_context(folded: str) -> bool:
    """A reclaimable slur in a post that celebrates ("Dykes on bikes leading the parade 💜", "les gouines à
    moto ouvrent la marche 💜"), with no derogatory or dehumanising word anywhere in it: in-group use. The
    caller checks the slur is reclaimable and no hostile word comes right before it."""
    if _PRIDE.search(folded) is None:
        return False
    words = {hate_words.squeeze_word(w) for w in _WORDS.findall(folded)}
    return words.isdisjoint(hate_words.derogatory_keys())


#: Links that make "what X do" the predicate of a statement: "that's (just) what X do", "stealing is what X
#: do", "c'est (bien) ce que font les X".
_THAT_IS = frozenset(_w("that's thats is 's it's its this c'est cest est voila"))
_DO = frozenset(_w("do does did"))
_FONT = frozenset(_w("font faisaient feront"))
_END = frozenset([",", ".", "!", "?", ";", "lol", "mdr", "smh"])
_LET_IN = frozenset(_w("let allow"))
_GET = frozenset(_w("get happens happen"))


def habitual(head: list[str], after: list[str]) -> str | None:
    """A conduct put down to the whole group, the group closing its clause: "that's just what Mexicans do",
    "stealing is what gypsies do", "voler, c'est ce que font les Gitans", and the consequence of letting
    them in: "that's what you get when you let X in". A statement about the group's nature, whatever the
    conduct, so the clause must end at the verb ("what Mexicans do at Christmas" is an account). ``head``
    are the words before the group with its determiners dropped, ``after`` the words after it."""
    ends = not after or after[0] in _END
    if (
        len(head) >= 2
        and head[-1] == "what"
        and after
        and after[0] in _DO
        and (len(after) == 1 or (after[1] in _END and after[1] != "?"))
    ) and any(w in _THAT_IS for w in head[-4:-1]):
        return "habit"
    if (
        ends
        and after[:1] != ["?"]
        and len(head) >= 3
        and head[-1] in _FONT
        and head[-2] in ("que", "qu'")
        and head[-3] == "ce"
    ) and any(w in _THAT_IS for w in head[-6:-3]):
        return "habit"
    if (
        head
        and head[-1] in _LET_IN
        and after
        and after[0] in ("in", "into")
        and "what" in head
        and any(w in _GET for w in head[head.index("what") :])
    ):
        return "let-in"
    return None


#: Conducts that "the nature of X" makes a trait of the group ("lying is in the nature of Arabs").
_VICES = frozenset(
    _w("""lying lie lies stealing steal theft cheating cheat crime crimes violence laziness greed deceit
    treachery mentir mensonge voler vol tricher triche violence paresse avarice fourberie trahison crime
    crimes delinquance""")
)
_NATURE = frozenset(_w("nature blood genes dna sang genes adn"))


def vice_in_nature(before: list[str], after: list[str]) -> str | None:
    """ "Lying is in the nature of Arabs", "mentir, c'est dans la nature des Marocains", "crime is in the
    blood of X": a vice said to be the nature of the group. ``before`` are the words of the sentence before
    the group (across commas), ``after`` those after it ("it is in the nature of X to lie"); a virtue there
    ("hospitality is in the nature of …") is no hate."""
    bare = [w for w in before[-4:] if w not in ("the", "la", "le", "les")]
    if len(bare) < 2 or bare[-1] not in ("of", "des", "de", "d'", "du") or bare[-2] not in _NATURE:
        return None
    tail = after[1:2] if after[:1] in (["to"], ["de"], ["d'"]) else []  # "… of X to lie", "… des X de mentir"
    return next((w for w in [*before[:-3], *tail] if w in _VICES), None)


#: Rights and goods of a member of society, refused to a whole group ("never give X citizenship").
_RIGHTS = frozenset(
    _w("""citizenship nationality rights right vote votes asylum papers passport passports benefits housing
    welfare visas visa residency nationalite citoyennete droits droit asile papiers passeport passeports
    allocations logement logements aides titre titres""")
)
_GIVE = frozenset(
    _w("""give given granted grant giving offer offered allow donner donne donnes donnees accorder accorde
    accordes accordees octroyer delivrer offrir""")
)
_OBTAIN = frozenset(_w("get have receive obtain obtenir avoir recevoir toucher"))
_REFUSE = frozenset(
    _w("""deny denied refuse refused strip stripped revoke revoked refuser refuses retirer retires priver
    prives retirez refusez""")
)
_GROUP_MODALS = frozenset(
    _w("""should must ought shall shouldn't mustn't doivent devraient devront faut faudrait""")
)
_DETS = frozenset(_w("the a an any their la le les l' leur leurs un une des de d' du any"))


def _right_near(words: Sequence[str], lo: int) -> bool:
    """Whether a right is named among the two words at ``lo``, determiners skipped ("la nationalité")."""
    nxt = [w for w in words[lo : lo + 4] if w not in _DETS][:2]
    return any(w in _RIGHTS for w in nxt)


def rights_denied(head: list[str], after: list[str]) -> int | None:
    """A right refused to the group as a call: "il ne faut jamais donner la nationalité aux X", "never give
    X citizenship", "X must never be given citizenship", "X should be denied the vote", "les X ne doivent
    jamais obtenir de papiers". For the group as object, the index in ``head`` of the verb (the caller
    checks the author says it, not a government reported); for the group as subject, ``len(head)``. A
    modal of call is needed in the passive ("women were denied the vote until 1944" is history)."""
    for v in range(len(head) - 1, -1, -1):
        w = head[v]
        if w not in _GIVE and w not in _REFUSE:
            continue
        negated = sum(x in _NEGATORS or x.endswith("n't") for x in head[max(0, v - 4) : v]) % 2 == 1
        if (w in _GIVE) != negated:
            return None  # "give X their papers", "never refuse X asylum": no refusal
        before_group = head[v + 1 :]
        named = (
            _right_near(head, v + 1) and bool(before_group) and before_group[-1] in ("to", "aux", "a", "à")
        )
        if named or (not before_group and _right_near(after, 0)):
            return v
        return None
    modal = -1
    for i, w in enumerate(after[:6]):
        if w in _GROUP_MODALS:
            modal = i
        elif w in ("be", "etre", "être") or w in _NEGATORS or w.endswith("n't") or w in ("ne", "n'", "pas"):
            continue
        elif modal >= 0 and (w in _GIVE or w in _REFUSE or w in _OBTAIN):
            negated = sum(x in _NEGATORS or x.endswith("n't") for x in after[:i]) % 2 == 1
            if (w in _REFUSE) != negated and _right_near(after, i + 1):
                return len(head)
            return None
        elif modal >= 0:
            return None
    return None


#: Nouns of persons or of a kind that an appositive judgement puts after its adjective ("filthy people",
#: "sale race", "dirty lot").
_KIND_NOUNS = frozenset(_w("people ppl folks folk lot bunch race engeance gens peuple espece creatures"))
#: Predicates that also describe a plight ("sick people", "des gens faibles"): no judgement in an aside.
_PLIGHT = frozenset(_w("sick malade weak faible ill"))
_APPOSITIVE_END = frozenset(["", ".", "!", "tbh", "lol", "smh", "mdr", "ptdr", "honestly", "franchement"])


def appositive(after: list[str], lang: str | None) -> str | None:
    """A judgement set after the group by a comma in its sentence ("gypsies at the station, filthy people",
    "des Roms ce matin, sale race", "Roma in the park, vermin."): a derogatory adjective before a noun of
    kind, or a dehumanising noun that ends the aside. The lemma, or ``None``."""
    for c, w in enumerate(after[:8]):
        if w in (".", "!", "?", ";"):
            return None
        if w != ",":
            continue
        j = c + 1
        while j < len(after) and after[j] in (
            "such",
            "a",
            "des",
            "de",
            "d'",
            "so",
            "bunch",
            "of",
            "total",
            "vraie",
        ):
            j += 1
        if j >= len(after):
            return None
        nxt = after[j + 1] if j + 1 < len(after) else ""
        derog = _is(after[j], lang, "derog")
        if derog is not None and derog not in _PLIGHT and nxt in _KIND_NOUNS:
            return derog
        dehum = _is(after[j], lang, "dehum")
        return dehum if dehum is not None and nxt in _APPOSITIVE_END else None
    return None


#: What may open a sentence that is only a judgement before its word: intensifiers, articles, "tous des".
_LONE_OPEN = frozenset(
    _w(
        "absolute absolutely total totally complete utter utterly just pure proper real honestly frankly ugh "
        "such a bunch pack of nothing but des de d' que rien tous toutes bande vrais vraies vrai vraie sales "
        "sale une un les"
    )
)
#: What may close it: a quantifier that points back at the group ("the lot of them", "tous autant qu'ils
#: sont"), a tag, a comma.
_LONE_TAIL = frozenset(
    _w(
        "the lot whole of them all every one last single each and tous toutes autant qu' ils elles sont jusqu'au "
        "dernier derniere d'entre eux tbh lol smh mdr ptdr honestly franchement , toute cette ces engeance "
        "race gens-la people folks i tell you i'm telling je vous te le dis"
    )
)
#: Words of the opener or the tail that point back at a plural named before ("tous des voleurs", "thieves,
#: every one of them"): a derogatory word needs one; a dehumanising noun does not ("Absolute animals.").
_LONE_BACK = frozenset(_w("them all every tous toutes eux elles lot toute engeance gens-la"))


def _lone_lemma(word: str, lang: str | None) -> tuple[str, str] | None:
    """(category, lemma) of a derogatory or dehumanising word, irregular English plurals too ("thieves")."""
    tries = [word]
    if word.endswith("ves") and len(word) > 4:
        tries.append(word[:-3] + "f")
    for w in tries:
        for cat in ("dehum", "derog"):
            lemma = _is(w, lang, cat)
            if lemma is not None and lemma not in _PLIGHT:
                return cat, lemma
    return None


def lone_judgement(words: Sequence[str], lang: str | None, need_back: bool = False) -> str | None:
    """A sentence that is only a judgement, with no subject or verb ("Absolute animals.", "Filthy vermin,
    the lot of them.", "Thieves, every one of them.", "Tous des voleurs."): said of a plural named in a
    sentence before. The lemma, or ``None``. A derogatory word needs a quantifier that points back; a
    dehumanising noun is enough alone, unless ``need_back``."""
    if not words or len(words) > 10:
        return None
    i = 0
    while i < len(words) and words[i] in _LONE_OPEN:
        i += 1
    found = None
    j = i
    while j < len(words) and j < i + 2 and (lone := _lone_lemma(words[j], lang)) is not None:
        found = lone if found is None or lone[0] == "dehum" else found
        j += 1
    if found is None or any(w not in _LONE_TAIL for w in words[j:]):
        return None
    back = any(w in _LONE_BACK for w in (*words[:i], *words[j:]))
    return found[1] if back or (found[0] == "dehum" and not need_back) else None


#: Basic rights whose grant to a group a question doubts ("why are X allowed to vote?"); work, travel and
#: the like are policy questions ("why are refugees allowed to work here?"), not rights of a person.
_BASIC_RIGHTS = (
    r"vote|live|exist|breed|reproduce|marry|adopt|have (?:children|kids|babies)|raise (?:children|kids)|"
    r"voter|vivre|exister|se reproduire|se marier|adopter|avoir des (?:enfants|gosses|bebes)|elever des enfants"
)
_WHY_BEFORE = re.compile(
    r"(?:^|[^\w'])(?:why|how come|pourquoi|comment se fait-il que)(?: (?:are|is|do|does|should|the|les|on laisse|"
    r"laisse-t-on|still|even|encore|meme|exactly|again|then|exactement|alors|donc))*\s*$"
)
_ALLOWED_AFTER = re.compile(
    r"^(?: (?:are|r|still|even|encore|meme|ils|-ils|-elles))*[ -]?(?:(?:are )?(?:allowed|permitted) to|"
    r"(?:even |still )?(?:get|have the right) to|(?:ont|ont-ils|ont-elles|auraient|auraient-ils)(?: encore| meme)? "
    rf"le droit (?:de |d'))\s*(?:{_BASIC_RIGHTS})\b"
)
#: "pourquoi on laisse les X avoir des enfants": the verb of letting came before the group.
_LET_BEFORE = re.compile(r"\b(?:laisse|laisse-t-on|let)\b")
_RIGHT_RIGHT_AFTER = re.compile(rf"^\s*(?:{_BASIC_RIGHTS})\b")
#: The author answers the question: it asked for a reason, not against the right.
_ANSWER = re.compile(r"^\W*(?:because|bc|cuz|since|parce qu|car\b|simple|easy|answer|reponse)")


def questioned_right(folded: str, start: int, end: int) -> int | None:
    """The end of a question that doubts a basic right of the group named at ``[start, end)``: "why are X
    (even) allowed to vote?", "pourquoi les X ont-ils le droit de se marier ?", "pourquoi on laisse les X
    avoir des enfants ?"; the sentence must end with a question mark."""
    lo = max(folded.rfind(c, 0, start) for c in ".!?\n") + 1
    if _WHY_BEFORE.search(folded[lo:start]) is None:
        return None
    m = _ALLOWED_AFTER.match(folded[end : end + 60])
    if m is None and _LET_BEFORE.search(folded[lo:start]) is not None:
        m = _RIGHT_RIGHT_AFTER.match(folded[end : end + 60])
    if m is None:
        return None
    mark = folded.find("?", end + m.end(), end + m.end() + 60)
    if mark < 0 or _ANSWER.match(folded[mark + 1 : mark + 40]) is not None:
        return None
    return end + m.end()
