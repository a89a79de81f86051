"""The compositional hate judge: a protected group + a hostile predicate in the same clause, FR and EN.

The patterns of :mod:`charte.detectors.support.abuse` recognise the sentence shapes they were written for
("X are (all) vermin", "I hate X"). This judge reads the clause instead, so an unseen shape still counts:

* **group as subject** — after the group, within the clause: a linking verb ("are", "sont", "seem",
  "deserve", "should", "c'est", "=") and then, within a few words, a *predicate* from the lemma lists of
  :mod:`hate_words` in any inflection ("Muslims in this town are honestly nothing but filthy parasites",
  "les immigrées sont vraiment répugnantes"). The polarity is counted: a negation flips it, so
  "X are not vermin" is *negated hate* (benign) and "X are not human" / "ne méritent aucun respect" is a
  *negated positive* (hate); "no better than animals", "nothing but", "rien que" do not negate.
  Violence needs a call: "X should be deported", "les X doivent crever"; disgust needs no link
  ("les X me dégoûtent").
* **group as object** — right before the group (only determiners and intensifiers between): a verb of
  hatred said by the author ("I really despise all X", "je méprise les X") or of violence with a call
  ("we need to get rid of X", "il faudrait expulser les X", "gas the X" at the start of a clause).
* **pronouns** — the same judgement on "they", "ils", "ces gens"… when a group was named earlier, and on
  object pronouns ("I hate them", "je les déteste", "il faut les exterminer").

Guards: a predicate reported or said of someone else ("X say the government is corrupt", "treated like
animals", "victims of"), another subject between the group and the predicate ("… , you are stupid"), an
accusation ("you hate X", "he wants to kill X"), negated calls ("we should never deport X"). Counter-speech
and quotes are judged by the caller (``abuse.hate_evidence``) on the span returned here.

Each hit names the construction and the predicate's lemma ("derogation:vermine"), so a reviewer sees which
group and which words made the statement hateful. Tokens are looked up in hash tables; the windows are a
dozen tokens, so the cost is linear in the post. The judges of a whole post share its words (tokenised once,
cached by text) and each word's reading (respelling and lexicon look-up, cached by word).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple

from charte.detectors.support import hate_groups, hate_shapes, hate_words


def _w(text: str) -> list[str]:
    """The words of a list written as one string (lists of words read better than lists of quoted strings)."""
    return text.split()


#: A word, a French elided article or pronoun as a word of its own ("n'", "j'", "l'", "qu'"), or punctuation.
_TOKEN = re.compile(r"(?<![a-z])(?:qu|[cdjlmnst])'(?=[a-z])|[a-z0-9@$]+(?:['\-][a-z0-9@$]+)*'?|[,:;=?!.]")
#: Leetspeak inside a word ("@r3", "h@te"), undone token by token (the folded view leaves some).
_WORD = re.compile(r"[a-z0-9@$]+")
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_HAS_LETTER = re.compile(r"[a-z]")
#: Where a clause ends: the predicate of a group is looked for no further.
_CLAUSE_END = frozenset([";", ".", "!", "?", "\n"])
_CLAUSE_WORDS = frozenset(
    ["but", "mais", "whereas", "while", "tandis", "alors", "however", "cependant", "pourtant"]
)

_LINK = frozenset(
    _w("""are r re is be been being were was am seem seems look looks remain remains stay become became act behave
    're 's 'll 'd sont est etaient etait seront sera serait seraient soient soit restent reste resteront
    semblent semble paraissent deviennent devenus restent c'est cest ce ct c'etait ressemblent =  :
    aren't arent isn't isnt weren't werent ain't aint wasn't
    like comme tous toutes all valent vaut valaient worth make makes font est""")
)
#: Verbs and modals after which a predicate noun of worth or a call follows ("deserve no respect").
_MODAL = frozenset(
    _w("""should must need needs ought deserve deserves deserved have has had gotta got will would shall 'll
    shouldn't mustn't won't wouldn't don't doesn't didn't dont doesnt cannot can't cant can could
    doivent devraient devrait doit faut faudrait meritent merite ont a avaient auront mériteraient
    peuvent pourraient vont iront allowed autorises autorisees permitted""")
)
#: Verbs of possession among the links: their object is what the group has ("X have rats"), not what it is.
_POSSESS = frozenset(_w("have has had got ont avaient avait auront"))  # not "a": the English article
_POSSESS_FILL = frozenset(_w("des de d' du some a an un une les the many lots of plenty beaucoup plein so"))
#: Words that make a verb of violence a call or a wish ("we should deport", "il faut expulser").
_CALLERS = frozenset(
    _w("""should must need needs gotta let's lets time want wanna ought deserve deserves faut faudrait doit
    devrait doivent devraient devrions devons allons veux voudrais aimerais temps meritent merite meriteraient meriterait mieux
    shouldn't""")
)
#: Future or intent: a call only when the author is the subject ("we will deport", "on va les tuer").
_INTENT = frozenset(_w("will 'll i'll we'll gonna going shall va vais allons vont"))
_NEED_DESERVE = frozenset(
    _w("live exist breathe vote marry adopt vivre exister respirer voter marier adopter enfant child kid")
)
_WORTH_WORDS = frozenset(
    _w(
        "deserve deserves deserved meritent merite meritent allowed permitted autorises autorisees right droit "
        "should devraient doivent shouldn't shouldnt"
    )
)
#: Modals of ability: negated before a verb of capacity at the end of the clause, a denial of the group's
#: ability ("women can't drive", "les femmes ne savent pas conduire"); a longer clause is a circumstance
#: ("women can't drive safely on ice without tyres").
_ABILITY = frozenset(
    _w("""can't cant cannot can could couldn't shouldn't shouldnt should peuvent pourront pourraient savent
    sauront sauraient devraient doivent""")
)
#: Colloquial verbs of hatred, said with a negated "pouvoir": "je peux pas saquer / blairer / piffrer les X".
_COLLOQUIAL_HATE = frozenset(_w("saquer blairer piffrer encadrer sentir supporter voir"))
_POUVOIR = frozenset(_w("peux peut peuvent pouvons pouvez pourrai pourrais"))
_NEGATORS = frozenset(
    _w("""not never no nor neither pas jamais aucun aucune aucuns rien plus nullement aucunement nobody none
    nothing ni sans without hardly barely""")
)
# Not negations: "nothing but", "rien que", "no better than", "pas mieux que", "ne … que".
_NOT_NEGATING = [
    ("can't", "help"),
    ("cant", "help"),
    ("cannot", "help"),
    ("without", "exception"),
    ("sans", "exception"),
    ("no", "doubt"),
    ("sans", "doute"),
    ("nothing", "but"),
    ("nothing", "more"),
    ("no", "better"),
    ("no", "more"),
    ("no", "different"),
    ("not", "only"),
    ("rien", "que"),
    ("rien", "d'autre"),
    ("pas", "mieux"),
    ("pas", "seulement"),
    ("plus", "que"),
    ("never", "been"),
]
_LESS = frozenset(["less", "moins"])
_OTHER_SUBJECT = frozenset(
    _w("""i you u he she we it i'm you're he's she's we're je j' tu t' il elle on nous vous
    someone somebody quelqu'un""")
)
_ACCUSED = frozenset(
    _w("""you u he she they who people someone racists bigots tu vous il elle ils elles qui gens certains
    some many those""")
)
_AUTHOR = frozenset(_w("i i'm i've we we're we've je j' nous on everyone everybody"))
#: The group is the speaker, not the one described ("X say the government is corrupt").
_SPEAKER = frozenset(
    _w("""say says said think thinks thought believe believes claim claims feel feels know knows tell told
    disent dit pensent croient trouvent affirment savent face faced fear craignent fuient fled flee fleeing
    escape escaped fuyant""")
)
#: The group is the victim of what follows ("treated like animals", "portrayed so badly"): a benign reading.
_VICTIM = frozenset(
    _w("""call called treated treat seen viewed compared portrayed labelled labeled branded described considered
    depicted accused victims victim targets target targeted suffer suffered experience discriminated
    attacked harassed mistreated persecuted bullied oppressed marginalised marginalized stigmatised
    stigmatized scapegoated dehumanised dehumanized insulted abused
    traites traitees appeles appelees vus vues consideres considerees compares comparees decrits decrites
    qualifies presentes accuses victimes victime cibles cible subissent subi discrimines discriminees
    stigmatises stigmatisees persecutes persecutees harceles harcelees agresses agressees insultes
    insultees maltraites maltraitees protect protected proteger protege defend defendre""")
)
_GUARDS = _SPEAKER | _VICTIM
_NOUN_BEFORE = frozenset(_w("the this that such much of our their la cette sa leur notre cet le"))
_SKIP_BEFORE = frozenset(
    _w("""all the these those every each any some of tous toutes les des ces de d' du la le aux a an un une more
    fucking fuckin damn bloody freaking stupid dirty filthy sales putains maudits foutus so many tant
    autant one single last next chaque dernier derniers prochain seul jusqu'au jusqu'aux until""")
)
#: Positive lemmas that are also verbs of regard before a group ("I will never respect X").
_REGARD_POSITIVE = frozenset(["respect", "trust", "welcome"])
_PLURAL_EN = frozenset(["women", "chinese", "japanese", "vietnamese", "sudanese", "roma", "sinti"])
#: Pronouns and nouns that stand for a group named earlier: plural whatever their spelling.
_PLURAL_WORDS = frozenset(
    _w(
        "they them they're theyre ils elles eux gens people ppl folk personnes individus peuple engeance espece lot kind "
        "ce c'"
    )
)
_SINGULAR_HEADS = frozenset(_w("man woman guy person"))
_OTHER_OBJECT = frozenset(
    _w("myself yourself himself herself itself me you him her it this that moi toi lui ca cela ce")
)
_DESERVE = frozenset(_w("deserve deserves deserved need needs merite meritent meriterait mériterait get"))
_REL = frozenset(["who", "that", "which", "whose", "qui", "que", "qu'", "dont", "where", "ou"])
#: Subject pronouns that refer back to the group ("Les X, ils sont …", "X? they are …").
#: Pronouns that carry their link ("they're too lazy"): the predicate may open the words after them.
_LINKED_PRONOUNS = frozenset(["they're", "theyre", "they'r"])
_BRIDGE = frozenset(["they", "ils", "elles", "they're", "theyre", "c'est", "ce", "sont-ils", "sont-elles"])
_HEAD_NOUNS = frozenset(
    _w("""people ppl folks folk persons men women kids guys girls boys families children community communities
    couples parents man woman guy person neighbours neighbors students workers colleagues athletes""")
)
#: "too emotional to lead": incapacity said of a group, whatever the adjective.
_CAPACITY = frozenset(
    _w("""lead run vote drive think work govern rule decide teach raise parent understand learn be reason adopt marry
    diriger voter conduire penser travailler gouverner decider enseigner elever comprendre apprendre
    raisonner bosser""")
)
_CONTROL_OBJECTS = frozenset(
    _w("""world media banks finance government governments hollywood everything money economy politics
    monde medias banques gouvernement gouvernements tout argent economie politique""")
)
_HEAD_VARIANTS = frozenset(v for w in _HEAD_NOUNS for v in hate_words.variants(w)) | _HEAD_NOUNS
_ME = frozenset(["me", "m'", "us", "nous", "moi"])
#: Words after a singular group name that do not make it an adjective of another noun.
_FUNCTION = (
    _LINK
    | _MODAL
    | _BRIDGE
    | _NEGATORS
    | _REL
    | _HEAD_NOUNS
    | _CALLERS
    | frozenset(_w("and or et ou really truly just all always never still only so such very too even also"))
)
MAX_AFTER = 12
MAX_GAP = 4  # words between the link and the predicate


class Token(NamedTuple):
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the judge read: ``hate`` (a hostile statement) or not (``benign`` when the group was named in a
    negated hostile or a positive statement), the span in the folded text and the rule name."""

    hate: bool
    start: int
    end: int
    rule: str


def _head_noun(word: str) -> bool:
    """ "people", also misspelt ("peeople", "peolpe", "woemn")."""
    return word in _HEAD_NOUNS or hate_words.squeeze(word) in _HEAD_VARIANTS


def tokens(text: str) -> list[Token]:
    """The words of the folded text, leetspeak undone and the judge's own function words respelt
    ("nveer", "shuld", "faudrat", "ke"); offsets are those of the text."""
    return list(_tokens(text))


@lru_cache(maxsize=64)
def _tokens(text: str) -> tuple[Token, ...]:
    """:func:`tokens`, remembered for the last texts: one post is read by several judges in turn (a group
    named, a place of worship, a hated thing), each over the same text, so it is tokenised once."""
    return tuple(Token(m.start(), m.end(), _respelt(m.group())) for m in _TOKEN.finditer(text))


@lru_cache(maxsize=65536)
def _respelt(word: str) -> str:
    """One matched word as the judge reads it (leetspeak undone, a misspelt function word respelt):
    remembered, since words repeat across posts and the squeezing costs a regex."""
    if not word.isalpha() and _HAS_LETTER.search(word) and not word.isdigit():
        word = word.translate(_LEET)
    found = _keywords().get(word)
    if found is None and len(word) >= 4:
        squeezed = hate_words.squeeze_word(word)  # "beiing" is "being", "nevver" is "never"
        found = squeezed if squeezed in _keyword_targets() else _keywords().get(squeezed)
    return found or word


@lru_cache(maxsize=64)
def _words(text: str) -> tuple[str, ...]:
    """The words of :func:`tokens`, without their offsets: what the judges of a whole post read first, the
    offsets being needed only for a span they return (``findall`` is the same matches as ``finditer``)."""
    return tuple(map(_respelt, _TOKEN.findall(text)))


#: Verbs that report what someone else thinks or says (respelt: "thnk", "callng").
_REPORTING = frozenset(
    _w("think believe claim calling called saying pense penses pensez crois croyez disent traitent pretendre")
)
#: Spellings of the street and of fast typing for function words ("ke" for "que").
_SPELLINGS = {
    "ke": "que",
    "k": "que",
    "chake": "chaque",
    "chak": "chaque",
    "jms": "jamais",
    "tjrs": "toujours",
    "tjs": "toujours",
    "ts": "tous",
    "tt": "tout",
    "pr": "pour",
    "nvr": "never",
    "shld": "should",
    "shud": "should",
    "u": "you",
    "r": "are",
    "n": "and",
    "dey": "they",
    "dem": "them",
    "da": "the",
    "ppl": "people",
    "wanna": "want",
    "gotta": "must",
}


@cache
def _keyword_targets() -> frozenset[str]:
    return frozenset(_keywords().values()) | _NEGATORS | _CALLERS | _LINK | _MODAL | _REPORTING


_SPELL_VALUES = frozenset(
    ["lol", "honestly", "tbh", "ngl", "mdr", "perso", "bref", "bon", "wesh", "seriously"]
)


@cache
def _keywords() -> dict[str, str]:
    """Misspelling -> function word of this judge (negations, links, modals, calls), never a real word of
    the tweets the language identifier knows."""
    from charte.models import lang as lang_model

    real = {hate_words.fold(w) for w in lang_model.vocabulary()}
    table: dict[str, str] = dict(_SPELLINGS)
    for word in sorted(_NEGATORS | _CALLERS | _LINK | _MODAL | _SINGULAR_BEFORE | _REPORTING):
        if not word.isalpha():
            continue
        for v in hate_words.variants(word):
            if v != word and v not in real and v not in table:
                table[v] = word
    return table


def _lookup(words: Sequence[str], i: int, lang: str | None) -> tuple[str, str, int] | None:
    """The category, lemma and length (in tokens) of the lexicon item starting at ``words[i]``."""
    if words[i] in hate_words.phrase_starts():
        phrases = hate_words.phrases()
        for n in range(hate_words.longest_phrase(), 1, -1):  # the longest first: "wipe off the face of"
            if i + n <= len(words):
                cat = phrases.get(tuple(words[i : i + n]))
                if cat is not None:
                    return cat, " ".join(words[i : i + n]), n
    found = _word_entry(words[i], lang)
    return None if found is None else (found[0], found[1], 1)


@lru_cache(maxsize=65536)
def _word_entry(word: str, lang: str | None) -> tuple[str, str] | None:
    """The category and lemma of one word that is no group name, in ``lang`` or else in either language:
    remembered, as most words of a post are looked up by each judge that reads it."""
    for lg in (lang,) if lang in ("en", "fr") else ("en", "fr"):
        found = hate_words.lookup(word, lg)
        if found is None and "-" in word:
            found = hate_words.lookup(word.replace("-", ""), lg)
        if found is not None and found[0] != "group":
            return found
    return None


def _negations(words: Sequence[str], lo: int = 0, hi: int | None = None) -> int:
    """Negations among ``words[lo:hi]`` ("nothing but", "no better than" do not negate: the word after the
    slice is read too)."""
    hi = len(words) if hi is None else hi
    count = 0
    for i in range(max(0, lo), min(hi, len(words))):
        w = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if (w, nxt) in _NOT_NEGATING or hate_shapes.comparative(words, i, lo):
            continue
        if w in _NEGATORS or w.endswith("n't") or w in _NT_FORMS or w in _LESS:
            count += 1
    return count


_NT_FORMS = frozenset(_w("arent isnt dont wont cant werent doesnt shouldnt wouldnt didnt aint"))


def _clause_after(toks: list[Token], k: int) -> list[Token]:
    out: list[Token] = []
    for t in toks[k:]:
        if t.text in _CLAUSE_END or len(out) >= MAX_AFTER:
            break
        if t.text in _CLAUSE_WORDS and not (out and out[-1].text in ("nothing", "anything", "all", "rien")):
            break  # "… but": another clause ("nothing but vermin" is one)
        out.append(t)
    return out


def _clause_before(toks: Sequence[Token], k: int) -> list[Token]:
    out: list[Token] = []
    for idx in range(k - 1, -1, -1):
        t = toks[idx]
        if t.text in _CLAUSE_END or t.text == "," or len(out) >= 10:
            break
        if t.text in _CLAUSE_WORDS and not (
            idx > 0 and toks[idx - 1].text in ("nothing", "anything", "all", "rien")
        ):
            break
        out.append(t)
    return out[::-1]


def judge_after(
    folded: str, toks: list[Token], k: int, g_start: int, lang: str | None, head: list[str] | None = None
) -> Verdict | None:
    """The group (ending before ``toks[k]``) as the subject of a predicate in its clause; ``head`` are the
    words of the clause before the group ("I want to see X gassed": the call comes first)."""
    after = _clause_after(toks, k)
    words = [t.text for t in after]
    head = head or []
    group_word = toks[k - 1].text.removesuffix("-la") if k > 0 else ""  # "ces gens-là" are plural
    inverted = bool(head) and _inverted(head)
    singular = (
        not group_word.endswith(("s", "x", "z"))
        and group_word not in _PLURAL_EN
        and group_word not in _PLURAL_WORDS
        and not _head_noun(group_word)
        and not (words and _head_noun(words[0]) and words[0] not in _SINGULAR_HEADS)
    )
    generic = (bool(head) and (head[-1] in _SINGULAR_BEFORE or head[-1] in ("all", "tous", "toutes"))) or (
        k >= 2 and hate_groups.nominalised(toks[k - 2].text, group_word, lang)  # "the disabled"
    )
    if singular and not generic and group_word not in _ALWAYS:
        return None  # "Muslim migrant rapes teen girl": one person in the news, not the group
    if head and (head[-1].endswith("ing") and head[-1] not in _FUNCTION and len(head[-1]) > 5):
        return None  # "bullying women is pathetic": the group is the object of the subject
    if (
        words
        and singular
        and words[0].isalpha()
        and words[0] not in _FUNCTION
        and not _head_noun(words[0])
        and _lookup(words, 0, lang) is None
        and not (generic and words[0] in _PLACE_OF)
    ):
        return None  # "gay marriage", "Muslim culture": the group word qualifies another subject
    link = -1  # index of the last linking verb or modal seen
    first_link = -1
    rel_until = -1
    if inverted or (head and any(w in _JUDGING for w in head[-4:])) or group_word in _LINKED_PRONOUNS:
        # "are all X criminals?", "je trouve les X répugnants", "they're too dumb": the link came first
        link = first_link = 0
    for i, w in enumerate(words):
        appositive = (i > 0 and words[i - 1] == ",") or (bool(head) and head[-1] in ("of", "d'", "de", "des"))
        if i < 2 and w in _REL and not (i + 1 < len(words) and words[i + 1] in _LINK and appositive):
            rel_until = (
                i + 2
            )  # a short relative clause: "women who work are …" ("who are vermin" is a predicate)
        if (
            w in ("too", "trop")
            and link >= 0
            and any(
                x in ("to", "pour") and y in _CAPACITY
                for x, y in zip(words[i + 1 : i + 5], words[i + 2 : i + 6], strict=False)
            )
            and not _negations(words[max(0, first_link - 2) : i])
        ):
            return Verdict(True, g_start, after[min(len(after) - 1, i + 4)].end, "derogation:too-to")
        if (
            w in _MADE
            and link >= 0
            and i > rel_until
            and _unfit(words, i)
            and _negations(words, first_link, i) % 2
        ):
            return Verdict(True, g_start, after[min(len(after) - 1, i + 3)].end, "derogation:not-made-for")
        if w in _SPEAKER and i > rel_until:
            ability = next(
                (j for j in range(i + 1, min(i + 3, len(words))) if _denied_ability(words, j, i)), None
            )
            if w in _ABILITY and ability is not None:  # "les X ne savent pas conduire": not a report
                return Verdict(True, g_start, after[ability].end, f"denial:{words[ability]}")
            return None
        if w in _VICTIM and i > rel_until:
            return Verdict(False, g_start, after[i].end, f"victim:{w}")
        if w in _OTHER_SUBJECT and i > rel_until:
            return None
        subject_of_own = (
            _head_noun(w) and i + 1 < len(words) and (words[i + 1] in _LINK or words[i + 1] in _MODAL)
        )
        if i > 0 and (subject_of_own or w in _FACTS) and i > rel_until:
            return None  # another subject ("women that not all men are …") or a reported fact ("arrested by")
        if (
            w in ("behind", "derriere")
            and link >= 0
            and i + 1 < len(words)
            and words[i + 1] in ("every", "all", "each", "tous", "toutes", "chaque")
        ):
            return Verdict(True, g_start, after[i + 1].end, "derogation:behind")  # "X are behind every war"
        found = _lookup(words, i, lang)
        if (
            found is None
            and w in _PERSONS
            and link >= 0
            and i > 0
            and words[link] in _COPULAS
            and (i + 1 >= len(words) or not words[i + 1].isalpha() or words[i + 1] in _ENDINGS)
        ):
            # "X will never be real women" (hate) / "trans women are women" (a positive statement)
            neg = _negations(
                words, max(0, rel_until + 1, link - 2), i
            )  # ", ce sont des personnes": the last link
            if neg % 2 == 1:
                return Verdict(True, g_start, after[i].end, f"negated-positive:{w}")
            if i - link <= 2:
                return Verdict(False, g_start, after[i].end, f"positive:{w}")
        if (
            w in ("sert", "servent", "servira", "serviront")
            and words[i + 1 : i + 3] in (["a", "rien"], ["à", "rien"], ["a", "nada"])
            and i <= 3
            and i > rel_until
        ):
            return Verdict(True, g_start, after[i + 2].end, "derogation:useless")  # "les X servent à rien"
        if (found is None or found[0] == "positive") and _denied_ability(words, i, rel_until):
            return Verdict(True, g_start, after[i].end, f"denial:{w}")
        if found is None:
            if (w in _LINK or w in _MODAL or w in _BRIDGE) and i > rel_until:
                link = i
                first_link = i if first_link < 0 else first_link
            elif w.endswith("n't") or w in ("ne", "n'", "pas", "not", "never", "jamais"):
                pass
            continue
        cat, lemma, n = found
        end = after[i + n - 1].end
        if (
            cat == "weapon"
            and i <= 2
            and i > 0
            and words[i - 1] in ("au", "aux", "a", "to", "into", "in", "dans")
        ) and not _negations(words, 0, i):
            return Verdict(True, g_start, end, f"violence:{lemma}")  # "tous les X au four"
        if cat == "habit":
            # "X smell", "les X puent", "X steal everything": a habit said of the whole group
            if (
                i <= 2
                and all(_adverb(x) or x in _INTENSIFIERS or x in _ALWAYS_WORDS for x in words[:i])
                and not _negations(words, 0, i)
            ):
                return Verdict(True, g_start, end, f"derogation:{lemma}")
            continue
        if cat == "control":
            if (
                i < 4
                and any(
                    w2 in _CONTROL_OBJECTS for w2 in words[max(0, i - 1) : i + 4]
                )  # "veulent tout contrôler"
                and not _negations(words[:i])
            ):
                return Verdict(True, g_start, after[min(len(after) - 1, i + 3)].end, f"derogation:{lemma}")
            continue
        scope_from = max(0, rel_until + 1, (first_link if first_link >= 0 else i) - 2)
        neg = _negations(words, scope_from, i)
        if cat in ("derog", "dehum"):
            # "les X dégoûtants": a French adjective right after the group, spelt right (a misspelling there
            # is too often a verb: "volent" is one letter from "violent")
            post_nominal = (
                i == 0 and lang != "en" and hate_words.squeeze_word(w) in hate_words.derogatory_keys()
            )
            if link < 0 and not post_nominal:
                continue
            if (
                cat == "dehum"
                and link >= 0
                and words[link] in _POSSESS
                and all(x in _POSSESS_FILL for x in words[link + 1 : i])
            ):
                continue  # "mes voisins X ont des cafards": the pests are had, not what the X are
            if lemma in _SITUATION_NOUNS and _situation(words, link, lang):
                continue  # "les X dorment dehors, c'est une honte": the shame is the situation's
            if i - link > MAX_GAP + 1 and link >= 0:
                continue
            if link >= 0 and not _complement(words, link + 1, i):
                continue  # a verb between the link and the word: "women gotta go through so much …"
            if (
                link >= 0
                and words[link] in ("make", "makes", "font")
                and not (cat == "dehum" or (i + n < len(words) and _head_noun(words[i + n])))
            ):
                continue  # "make" links only "make terrible parents", not "make dangerous crossings"
            if lemma == "worse" and words[i + n : i + n + 1] == ["off"]:
                return Verdict(False, g_start, end, "victim:worse-off")  # "refugees are worse off": a plight
            name = "dehumanisation" if cat == "dehum" else "derogation"
            return Verdict(neg % 2 == 0, g_start, end, f"{name}:{lemma}")
        if cat == "positive":
            if lemma in _NEED_DESERVE and not any(w2 in _WORTH_WORDS for w2 in words[:i]):
                continue
            if neg % 2 == 1 and link >= 0 and _complement(words, link + 1, i):
                return Verdict(True, g_start, end, f"negated-positive:{lemma}")
            if neg == 0 and inverted and "even" in words[:i] and "?" in folded[end : end + 30]:
                return Verdict(True, g_start, end, f"doubted-positive:{lemma}")  # "are X even human?"
            if neg == 0 and link >= 0 and i - link <= 2 and lemma in _PRAISE:
                # "X are women", "X sont formidables": a positive statement the model must not read as hate
                return Verdict(False, g_start, end, f"positive:{lemma}")
            continue  # otherwise left to the caller's patterns (a typo may hide a negation)
        if cat == "psych":
            near = words[max(0, i - 2) : i + n + 2]
            if neg == 0 and (any(m in _ME for m in near) or n > 1):
                return Verdict(True, g_start, end, f"hatred:{lemma}")
            if neg:
                return Verdict(False, g_start, end, f"negated:{lemma}")
            continue
        if cat in ("violent", "die", "weapon"):
            if i + n < len(words) and words[i + n] in _OTHER_OBJECT:
                return None  # "… makes me want to kill myself": the violence is aimed elsewhere
            head_calls = head[-6:] if _by_author(head[: _bare_end(head)]) else []
            calls = [w2 for w2 in [*head_calls, *words[:i]] if w2 in _CALLERS] + [
                a for a, b in itertools.pairwise(words) if a in ("have", "has", "got") and b == "to"
            ]
            if cat == "weapon":
                calls += [w2 for w2 in words[:i] if w2 in _DESERVE]
            if not calls and _see_wished(head):
                calls = ["see"]  # "I'd love to see all the X locked up"
            elif head_calls and not any(w2 in _CALLERS for w2 in words[:i]) and _negations(head_calls) % 2:
                return Verdict(False, g_start, end, f"negated:{lemma}")  # "I don't want to see X deported"
            if not calls and cat == "violent":
                continue
            if not calls and not _wished(folded, g_start):
                continue
            if neg:
                return Verdict(False, g_start, end, f"negated:{lemma}")
            return Verdict(True, g_start, end, f"violence:{lemma}")
        if cat == "regard" and lemma in ("respect", "respecter") and i <= 3 and i > rel_until:
            objects = words[i + n : i + n + 2]
            negative = any(o in ("nothing", "rien", "personne", "nobody") for o in objects)
            if any(o in _NOTHING_AT_ALL for o in objects) and (negative or _negations(words, 0, i)):
                # "les X respectent rien", "X don't respect anything": contempt for every rule said of all
                return Verdict(True, g_start, after[min(len(after) - 1, i + n + 1)].end, "derogation:respect")
        # a hatred verb after the group has the group as its subject ("X hate us"): not about the group
        return None
    return None


#: Objects that make a verb of regard a contempt for everything ("respect nothing").
_NOTHING_AT_ALL = frozenset(_w("nothing anything anyone rien personne nobody"))


#: "not made / cut out for": the group denied a capacity by its nature ("les femmes ne sont pas faites pour
#: diriger", "women aren't cut out for leadership").
_MADE = frozenset(_w("made cut built meant faits faites fait faite nees nes"))
_FIT_FOR = frozenset(
    _w("leadership power politics science maths math engineering command pouvoir politique sciences")
)


def _unfit(words: list[str], i: int) -> bool:
    """Whether a capacity follows the participle at ``words[i]`` through "(out) for / to / pour"."""
    rest = words[i + 1 : i + 4]
    if rest[:1] == ["out"]:
        rest = rest[1:]
    if not rest or rest[0] not in ("for", "to", "pour"):
        return False
    nxt = [w for w in rest[1:] if w not in ("the", "la", "le", "les", "l'")][:1]
    return bool(nxt) and (
        nxt[0] in _CAPACITY or nxt[0] in _FIT_FOR or nxt[0].removesuffix("ing") in _CAPACITY
    )


#: Prepositions after a name of every member that place them ("chaque Noir de cette ville", "every Jew in
#: this town"): the name is still the subject, not an adjective of another noun.
_PLACE_OF = frozenset(_w("de du des d' of in from dans en around"))
#: Words of frequency or totality that may stand between the group and a habit ("X always complain").
_ALWAYS_WORDS = frozenset(_w("all tous just always toujours constantly constamment still encore"))


def _denied_ability(words: list[str], i: int, rel_until: int) -> bool:
    """Whether ``words[i]``, a verb of capacity, ends a clause whose modal of ability is negated right
    before it: "X can't drive", "X shouldn't vote", "les X ne savent pas conduire" (a denial of the
    group's ability or right); "X can't drive safely on ice" is a circumstance, not a denial."""
    if words[i] not in _CAPACITY or i == 0 or i <= rel_until:
        return False
    rest = words[i + 1 :]
    if rest and rest[0] in ("d'", "des", "de", "les", "any", "their", "leurs"):
        rest = rest[1:]
    if rest and not (rest[0] in (",", "!", ":") or (len(rest) == 1 and rest[0] in _CHILDREN)):
        return False
    before = words[max(0, rel_until + 1, i - 4) : i]
    if words[rel_until] in _ABILITY if 0 <= rel_until < i else False:
        before = [words[rel_until], *before]
    if not any(w in _ABILITY for w in before):
        return False
    return any(w in _NEGATORS or w.endswith("n't") or w in _NT_FORMS for w in before)


_CHILDREN = frozenset(_w("kids children child kid enfants enfant gosses families familles"))


_WISH = re.compile(
    r"\b(?:wish|hope|pray|if only|(?:happy|glad|better|nicer|great) if|espere|aimerais|voudrais|souhaite|vivement|"
    r"si seulement|(?:content|contente|heureux|heureuse|ravi|ravie|mieux) si|que|qu')\W*(?:\w+\W+){0,3}$"
)


_LOVE = frozenset(_w("love like want wanna wait aimerais voudrais veux adorerais attends"))


def _see_wished(head: Sequence[str]) -> bool:
    """ "I'd love to see", "can't wait to see", "j'aimerais voir": the author wishing to see what follows
    done to the group (the verb of violence comes after the group, as a participle). "I don't want to
    see X deported" is the opposite wish; "they want to see X jailed" is a report."""
    tail = list(head[-6:])
    if "see" not in tail and "voir" not in tail:
        return False
    at = tail.index("see") if "see" in tail else tail.index("voir")
    if not any(x in _LOVE for x in tail[max(0, at - 3) : at]):
        return False
    waiting = any(x in ("wait", "attends") for x in tail[:at])  # "can't wait to see": no negation
    subject = _subject(head)
    return (subject is None or subject in _AUTHOR) and (waiting or not _negations(tail[:at]))


def _wished(folded: str, g_start: int) -> bool:
    return _WISH.search(folded[max(0, g_start - 40) : g_start]) is not None


#: Verbs of judgement whose object is followed by its predicate ("I find X repulsive").
_JUDGING = frozenset(
    _w(
        "typical typique classic find finds found consider considers considered trouve trouves trouvent trouvons juge jugent considere "
        "considerent estime estiment"
    )
)
#: Positive predicates plain enough to read a statement as positive ("trans women are women").
_PRAISE = frozenset(
    _w(
        "human woman man women men people welcome equal normal valuable smart intelligent educated talented "
        "hardworking kind brilliant beautiful great wonderful amazing lovely honest decent humain femme homme "
        "bienvenu egal normal intelligent brillant formidable gentil travailleur honnete adorable genial"
    )
)
_COPULAS = frozenset(
    _w(
        "are r re 're is be been were sont est etaient seront sera soient restent reste aren't arent isn't isnt"
    )
)
#: Words that may follow "women" in "X are women too / like us / as well": the predicate ends there.
_ENDINGS = frozenset(_w("too aussi also like comme as just point period tout"))
_PERSONS = frozenset(
    _w("women woman men man people persons humans femmes femme hommes homme personnes humains")
)
#: Words that may stand between a link and its complement ("are frankly nothing but filthy …").
_FILL_WORDS = frozenset(
    _w(
        "a an the des de d' du la le les un une this that these those such so very really truly just all "
        "nothing but only simply basically totally completely absolutely literally more most less plus moins "
        "bunch pack horde of kind sort like comme real true proper actual vrais vraies veritables vraiment "
        "tellement trop si aussi tous toutes tout that's without exception sans same to a as much many "
        "always forever toujours jamais never not no pas ne n' be etre been being become devenir rester all "
        "nothing rien que qu' allowed autorises autorisees permitted to have avoir ont right droit de d' en "
        "etres beings human leur leurs their our nos notre votre your my his her ses sa son assez enough "
        "nuee swarm horde herd troupeau bande tas load lot pack bunch meme memes same too way hella"
    )
)
#: The group is reported on, not described: "immigrants arrested by ICE have …".
_FACTS = frozenset(
    _w("arrested detained convicted charged caught jailed sentenced held accused arretes condamnes")
)
#: Verbs whose object is the victim ("people who mock X", "ceux qui insultent les X").
_HARM = frozenset(
    _w(
        "mock mocks mocked insult insults insulted attack attacks attacked harass harasses harassed bully "
        "bullies bullied discriminate hurt hurts target targets abuse abuses demonise demonize "
        "insultent insulte attaquent attaque harcelent harcele discriminent agressent agresse moquent "
        "stigmatisent stigmatise"
    )
)
_BETTER = frozenset(_w("better safer cleaner happier meilleur meilleure meilleurs mieux propre"))
#: The author owning a feeling ("my contempt", "j'éprouve un mépris").
_MINE = frozenset(_w("my our ma mon notre nos eprouve ressens feel"))
_INTENSIFIERS = frozenset(
    _w(
        "really truly so deeply absolutely totally just simply honestly vraiment tellement profondement "
        "sincerement carrement franchement juste"
    )
)


_SITUATION_LINKS = frozenset(_w("c'est cest ce c'etait it's its that's thats"))
#: Judgements that fit a state of affairs as well as people ("c'est une honte", "it's a disgrace").
_SITUATION_NOUNS = frozenset(
    _w("""honte disgrace shame scandale scandal drame catastrophe disaster desastre tragedie tragedy horreur
    horror misere""")
)


def _situation(words: Sequence[str], link: int, lang: str | None) -> bool:
    """The link is "c'est" / "it's" after a comma that closes a clause with its own verb ("les X meurent en
    mer, c'est une honte", "refugees are dying at sea, it's a disgrace"): what follows judges the situation,
    not the group. A French verb is read by its plural ending, an English one by "-ing" after a link; a word
    of the lexicon there is a habit said of the group ("les X volent tout, c'est …"), not a situation."""
    links = [j for j in range(max(0, link - 2), link + 1) if words[j] in _SITUATION_LINKS or words[j] == "c'"]
    if not links:
        return False  # the link may be "est" of "c'" "est", or "a" of "it's a"
    link = links[-1]
    if link < 2 or words[link - 1] != ",":
        return False
    clause = words[: link - 1]
    if clause[0] in _REL or any(
        (_word_entry(w, lang) or ("", ""))[0] in ("derog", "dehum", "habit", "control", "hostile")
        for w in clause
    ):
        return False  # "les X qui traînent en bas, c'est …": a relative clause names the group
    french = lang != "en" and any(len(w) > 4 and w.endswith(("ent", "aient")) for w in clause)
    english = lang != "fr" and any(
        len(w) > 4 and w.endswith("ing") and j > 0 and clause[j - 1] in _LINK for j, w in enumerate(clause)
    )
    return french or english


def _adverb(word: str) -> bool:
    """An adverb that may sit between a verb and its object ("je méprise profondément les X")."""
    return word in _INTENSIFIERS or (len(word) > 6 and word.endswith(("ment", "ly")))


def _complement(words: list[str], lo: int, hi: int) -> bool:
    """Whether ``words[lo:hi]`` can stand between a link and its complement: determiners, adverbs,
    negations, intensifiers and other predicates, but no other verb."""
    for i, w in enumerate(words[lo:hi], start=lo):
        if w in _FILL_WORDS or w in _NEGATORS or _adverb(w) or w in _LINK or w in _MODAL or w == ",":
            continue
        if hate_shapes.adjective_like(w, None):
            continue  # "defective livestock", "selfish leeches"
        if i == hi - 1 and i > 0 and words[i - 1] in ("des", "de", "d'", "un", "une", "du"):
            continue  # a French noun before its adjective: "des esclaves décérébrées", "un peuple fourbe"
        if hate_words.lookup(w, "en") is not None or hate_words.lookup(w, "fr") is not None:
            continue
        return False
    return True


def _inverted(head: list[str]) -> bool:
    """The clause before the group ends with a copula ("… or are all", "why are the"): a question."""
    j = _bare_end(head) - 1
    return j >= 0 and head[j] in ("are", "is", "r", "sont", "sont-ils", "sont-elles", "were")


_CHAIN = frozenset(
    _w(
        "to de d' go aller start begin commencer see voir really just also truly always never still all tous "
        "do does did can could would will shall 'd 'll have has had be been being n' ne pas even simply only "
        "finally enfin bien vraiment sincerement personally perso honestly franchement il y est c'est it's it"
    )
)


def _by_author(head: Sequence[str]) -> bool:
    """Whether the verb after ``head`` is said by the author or by no one in particular (an imperative, "il
    faut"): the words before it are read back through auxiliaries, modals and adverbs to the subject.
    "I have always hated X" and "il faudrait expulser les X" are; "Hitler hated X", "BJP leaders want X
    deported" are reports."""
    for w in reversed(head):
        if w in _AUTHOR:
            return True
        if w in _CHAIN or w in _MODAL or w in _CALLERS or w in _INTENT or w in _LINK or _adverb(w):
            continue
        if w in _NEGATORS or w.endswith("n't") or w in ("who", "qui", ",") or w in _SPELL_VALUES:
            continue
        return False
    return True


def _subject(head: Sequence[str]) -> str | None:
    """The last subject-like word before a verb ("il" of "il faut" is impersonal, not a subject)."""
    found = None
    for i, w in enumerate(head):
        nxt = head[i + 1] if i + 1 < len(head) else ""
        if w in ("il", "it") and nxt in ("faut", "faudrait", "est", "serait", "y", "'s", "is"):
            continue
        if w in _AUTHOR or w in _ACCUSED:
            found = w
    return found


def _before_phrases(before: list[Token], words: list[str], g_end: int, lang: str | None) -> Verdict | None:
    """Shapes where the group closes the clause: "nothing is more X than G", "rien de bon chez les G",
    "a bullet for every G"."""
    tail = words[-7:]
    offset = len(words) - len(tail)
    for b, w in enumerate(tail):
        # "the world would be a better place without X", "la France serait meilleure sans les X"
        if ((w in _BETTER or w == "better") and "without" in tail[b:]) or (
            w in _BETTER and "sans" in tail[b:]
        ):
            cut = tail[b:].index("without" if "without" in tail[b:] else "sans") + b
            if all(x in _SKIP_BEFORE for x in tail[cut + 1 :]) and not _negations(tail[:b]):
                return Verdict(True, before[offset + b].start, g_end, "hatred:better-without")
    found = [(i, f) for i in range(len(tail)) if (f := _lookup(tail, i, lang)) is not None]
    if not found:
        return None
    i, (cat, lemma, n) = found[-1]
    rest = tail[i + n :]
    if cat == "hatred_noun":
        rest = hate_shapes.strip_openers(rest)  # "mépris total pour les X"
    start = before[offset + i].start
    if (
        cat in ("derog", "dehum")
        and rest
        and rest[0] in ("than", "que", "qu'", "as")
        and any(w in ("more", "plus", "aussi", "as", "so", "si") for w in tail[:i])
        and (_negations(tail[: max(0, i - 1)]) or any(w in ("no", "nobody", "personne") for w in tail[:i]))
    ):
        # "nothing is more X than G", "rien n'est plus X que les G", "I've never met anyone as X as G"
        return Verdict(True, start, g_end, f"derogation:{lemma}")
    if (
        cat == "positive"
        and lemma in ("good", "bon", "bien", "value", "valeur")
        and rest
        and rest[0] in ("about", "in", "with", "from", "chez", "dans", "avec", "de", "des", "du")
    ) and _negations(tail[:i]) % 2 == 1:
        return Verdict(True, start, g_end, f"negated-positive:{lemma}")
    if (
        cat == "hatred_noun"
        and rest
        and rest[0]
        in ("for", "of", "towards", "toward", "against", "pour", "envers", "des", "contre", "vis-a-vis")
        and (
            any(w in _AUTHOR or w in _MINE for w in tail[:i]) or hate_shapes.feeling_without_subject(tail[:i])
        )
        and not _negations(tail[:i])
    ):
        # "my deep contempt for X", "j'éprouve un profond mépris pour les X": said by the author
        return Verdict(True, start, g_end, f"hatred:{lemma}")
    to = ("for", "pour", "to", "aux") if lang == "en" else ("for", "pour", "to", "aux", "a")  # "a" is "à"
    if cat == "weapon" and rest and rest[0] in to and not _negations(tail[:i]):
        return Verdict(True, start, g_end, f"violence:{lemma}")
    return None


def _refused_by_author(head: Sequence[str]) -> bool:
    """Whether a refusal whose verb follows ``head`` is a call of the author ("il ne faut jamais donner",
    "we should never give", an imperative), not a report ("the government refused to give")."""
    head = [w for w in head if w not in ("ne", "n'")]  # "il ne faut jamais": "il" stays impersonal
    subject = _subject(head)
    return (subject is None or subject in _AUTHOR) and _by_author(head)


def _sentence_before(toks: Sequence[Token], k: int) -> Sequence[Token]:
    """The tokens of the sentence before ``toks[k]``, across commas (at most ten): "lying, it is in the
    nature of X" reads its subject before the comma."""
    lo = k
    while lo > 0 and k - lo < 10 and toks[lo - 1].text not in _CLAUSE_END:
        lo -= 1
    return toks[lo:k]


#: Verbs of name-calling whose object is the victim when someone else says them ("the Nazis called Jews …").
_CALLING = frozenset(
    _w("""called calls calling labelled labeled branded traite traitent traitaient traitait traitant appelaient
    appelait appellent qualifiaient qualifient""")
)
#: Verbs that remove their object with a particle after it ("ship X back", "kick X out", "send X home").
_SPLIT_VERBS = frozenset(
    _w("send ship kick throw boot ferry fly put drive chase run renvoyer renvoyez renvoie")
)
#: Words that coordinate two verbs: the second shares the mood and subject of the first ("take up arms and
#: drive the X out", "prenons les armes et chassons les X").
_COORDINATORS = frozenset(_w("and then et puis n"))


def judge_before(toks: list[Token], k: int, g_end: int, lang: str | None) -> Verdict | None:
    """The group (starting at ``toks[k]``) as the object of a verb of hatred or violence before it."""
    before = _clause_before(toks, k)
    words = [t.text for t in before]
    shaped = _before_phrases(before, words, g_end, lang) if words else None
    if shaped is not None:
        return shaped
    colloquial = _colloquial_hatred(words)
    if colloquial is not None:
        return Verdict(True, before[colloquial].start, g_end, f"hatred:{words[colloquial]}")
    found = None
    j = len(words) - 1
    for _ in range(4):  # up to three determiners or intensifiers between the verb and the group
        if j < 0:
            break
        for n in range(hate_words.longest_phrase(), 0, -1):
            if j - n + 1 >= 0:
                hit = _lookup(words, j - n + 1, lang)
                if hit is not None and hit[2] == n:
                    found = (hit[0], hit[1], j - n + 1)
                    break
        if found is not None or not (words[j] in _SKIP_BEFORE or _adverb(words[j])):
            break
        j -= 1
    if found is None and j >= 0 and words[j] in _SPLIT_VERBS:
        # "ship all the X back", "kick the X out", "renvoyer les X chez eux": the particle after the group
        nxt = [t.text for t in toks[k:] if t.start >= g_end][:2]
        if nxt[:1] in (["back"], ["out"], ["home"], ["away"]) or nxt == ["chez", "eux"]:
            found = ("violent", f"{words[j]} {nxt[0]}", j)
    if found is None and j >= 1 and words[j] in _CALLING and not _by_author(words[:j]):
        return Verdict(
            False, before[j].start, g_end, f"victim:{words[j]}"
        )  # "les nazis traitaient les X de …"
    if found is None:
        if (
            j >= 1
            and words[j] in _HARM
            and any(w in ("who", "qui", "those", "ceux", "people", "gens") for w in words[:j])
        ):
            return Verdict(False, before[j].start, g_end, f"victim:{words[j]}")  # "people who mock X"
        return None
    cat, lemma, v = found
    head = words[:v]
    if head and head[-1] in _NOUN_BEFORE:
        return None  # "the hate Muslims face": a noun, not a verb
    start = before[v].start
    if cat != "regard" and lemma not in _REGARD_POSITIVE and _negations(head[-4:]):
        return Verdict(False, start, g_end, f"negated:{lemma}")
    if cat == "regard" or lemma in _REGARD_POSITIVE:
        # "I will never respect X", "jamais je n'accepterai les X": a negated regard is contempt
        subject = _subject(head)
        if _negations(head[-5:]) % 2 == 1 and (subject in _AUTHOR or hate_shapes.advice(head, subject)):
            return Verdict(True, start, g_end, f"negated-positive:{lemma}")
        return None
    if cat == "hostile":
        subject = _subject(head)
        if (subject is not None and subject not in _AUTHOR) or not _by_author(head):
            return None  # "why do you hate X?", "Hitler hated X": an accusation or a report
        if head and head[-1] in ("who", "qui"):
            return None
        return Verdict(True, start, g_end, f"hatred:{lemma}")
    if cat in ("violent",):
        # "round them all up and deport them": two imperatives on the same object, coordinated
        coordinated = (
            v >= 3
            and words[v - 1] in ("and", "then", "n")
            and words[1] in ("them", "em", "'em")
            and _subject(head) is None
        )
        imperative = v == 0 or coordinated or (lang != "en" and words[v].endswith(("ez", "ons")))
        calls = [w for w in head if w in _CALLERS]
        subject = _subject(head)
        if subject is not None and subject not in _AUTHOR:
            return None  # "they want to kill X": a report of someone else's aim
        intent = subject is not None and any(w in _INTENT for w in head)
        by_author = _by_author(head)
        if not by_author and len(head) > 1 and head[-1] in _COORDINATORS:
            first = head[:-1]  # the mood of the first verb: a call ("time to …") or a French imperative
            caller = next((n for n, w in enumerate(first) if w in _CALLERS), None)
            if caller is not None:
                by_author = _by_author(first[:caller])
            elif (
                lang != "en"
                and first[0].split("-")[0].endswith(("ez", "ons"))  # "levons-nous et …"
                and first[0] not in _NOT_IMPERATIVE
            ):
                by_author = imperative = True
        if coordinated or _jussive(head) or ((imperative or calls or intent) and by_author):
            return Verdict(True, start, g_end, f"violence:{lemma}")
        return None
    return None


#: French words in -ons / -ez at the start of a clause that are no imperatives of a call.
_NOT_IMPERATIVE = frozenset(
    _w("nous vous avons avez sommes allons allez savons savez pouvons pouvez voulons voulez")
)

#: Verbs of the author's wish or proposal that make "qu'on …" after them a call ("je propose qu'on …").
_PROPOSE = frozenset(
    _w("""propose proposons suggere suggerons demande demandons exige exigeons souhaite souhaitons faut
    faudrait veux voudrais voudrait aimerais""")
)


def _jussive(head: Sequence[str]) -> bool:
    """The clause opens on "qu'on" / "que l'on" and its verb: a French wish in the subjunctive, a call
    ("qu'on expulse les X"), as after a verb of proposal ("je propose qu'on …") or "y a qu'à"; after
    another main verb it is reported or feared ("j'ai peur qu'on …")."""
    words = list(head)
    if words in (["qu'", "on"], ["que", "l'", "on"], ["qu'", "ils"]) or words[-3:] == ["a", "qu'", "a"]:
        return True
    if words[-2:] == ["a", "ka"]:
        return True  # "y a ka", texting for "y a qu'à"
    if words[-2:] != ["qu'", "on"] or len(words) < 3:
        return False
    return words[-3] in _PROPOSE or words[-4:-2] in (["suis", "pour"], ["sommes", "pour"])


def _colloquial_hatred(words: list[str]) -> int | None:
    """The index of a colloquial verb of hatred said by the author with a negated "pouvoir" right before
    the group ("je (ne) peux pas saquer les X", "on peut pas blairer ces X"), else None."""
    j = _bare_end(words) - 1
    if j < 2 or words[j] not in _COLLOQUIAL_HATE:
        return None
    head = words[max(0, j - 4) : j]
    if not any(w in _POUVOIR for w in head) or not any(w in ("pas", "plus", "jamais") for w in head):
        return None
    return j if _subject(words[:j]) in _AUTHOR or _by_author(words[:j]) else None


_DENIED = re.compile(
    r"\b(?:false|untrue|not true|a myth|a lie|nonsense|wrong|ridiculous|absurd|faux|pas vrai|un mythe|"
    r"un mensonge|n'importe quoi|absurde|ridicule)(?: to (?:say|claim|think))?(?: de (?:dire|penser|croire))? "
    r"(?:that|que|qu')$|"
    r"\b(?:don't|dont|do not|doesn't|never|ne|n') (?:\w+ )?(?:think|believe|say|claim|call|pense|pensons|crois|"
    r"croyons|dis|disons|prétends|pretends|traite|traiterai|traiterais|appelle|appellerai)(?: pas| jamais)?"
    r"(?: that| que| qu')?$|"
    r"\b(?:not|pas|jamais) (?:true|vrai) (?:that|que|qu')$|"
    # texting French drops the "ne": "je pense pas que", "on dit pas que"
    r"\b(?:je|j'|on|nous) (?:pense|pensons|crois|croyons|dis|dit|disons|trouve|trouvons|dirais) (?:pas|jamais) "
    r"(?:que|qu')$|"
    r"\b(?:no one|nobody|never|don't|dont|stop|quit|personne|jamais|arretez de|arrete de|cessez de|cesse de)"
    r"(?: [\w']+){0,3} (?:say|saying|claim|claiming|write|writing|pretend|dire|pretendre|affirmer|ecrire|"
    r"repeter)(?: that| que| qu')?$|"
    # said by the reader or by others, not asserted by the author: "if you think X are …", "people calling X …"
    r"\b(?:if|si|when|quand) (?:you|u|ya|tu|vous|t') (?:\w+ )?(?:think|believe|say|claim|feel|pense|penses|pensez|"
    r"crois|croyez|dis|dites|trouves|trouvez)(?: that| que| qu')?$|"
    r"\b(?:people|those|anyone|gens|ceux) (?:who |qui )?(?:call|calling|say|saying|claim|claiming|traitent|disent)"
    r"(?: that| que| qu')?$"
)


def _bare_end(words: Sequence[str]) -> int:
    """How many of ``words`` are left once the determiners and intensifiers that end them are dropped
    ("I don't think that all the" -> "I don't think that"): what comes before the group proper."""
    j = len(words)
    while j > 0 and words[j - 1] in _SKIP_BEFORE:
        j -= 1
    return j


def _head_says(head: Sequence[str], pattern: re.Pattern[str]) -> bool:
    """Whether the clause before the group, its trailing determiners dropped, ends as ``pattern`` says: a
    denial (``_DENIED``) or the author's disbelief (``_DISBELIEF``)."""
    return pattern.search(" ".join(head[: _bare_end(head)])) is not None


def _window(folded: str, lo: int, hi: int) -> list[Token]:
    """The tokens of ``folded[lo:hi]`` with the offsets of ``folded`` (a judge reads a window around the
    group, not the whole post)."""
    return [Token(t.start + lo, t.end + lo, t.text) for t in _tokens(folded[lo:hi])]


def denied(folded: str, start: int) -> bool:
    """Whether the clause before the group at ``start`` denies what follows ("it is false that", "I don't
    think", "je ne crois pas que")."""
    lo = max(0, start - 120)
    toks = _window(folded, lo, start)
    head = [t.text for t in _clause_before(toks, len(toks))]
    question = ["?"] if "?" in folded[start : start + 160] else []
    return _head_says(head, _DENIED) and not hate_shapes.rhetorical(head, question)


def judge(folded: str, start: int, end: int, lang: str | None = None) -> Verdict | None:
    """Judge the group mention at ``[start, end)`` of the folded text (both directions)."""
    if folded[end : end + 2] in ("'s", "' "):
        # "women's rights": the group owns the subject, it is not the subject, unless that is their lives
        return _possessed_lives(folded, start, end, lang)
    toks = _window(folded, max(0, start - 120), end + 160)
    close = closing_quote(folded, start, end)
    if close is not None and folded[end:close].strip(" '\"»”"):  # scare quotes ("refugees") end nothing
        # "'X are …' is a racist line": the quotation ends the clause ("do'" is read as "do")
        toks = [Token(t.start, min(t.end, close), t.text.rstrip("'")) for t in toks if t.start < close]
    k_after = next((i for i, t in enumerate(toks) if t.start >= end), len(toks))
    k_start = next((i for i, t in enumerate(toks) if t.start >= start), len(toks))
    before = judge_before(toks, k_start, end, lang)
    if before is not None and before.hate:
        return before
    head = [t.text for t in _clause_before(toks, k_start)]
    shaped = _shapes(toks, k_after, head, start, lang)
    if shaped is not None:
        return shaped
    sentence = [t.text for t in _sentence_before(toks, k_start)]
    vice = hate_shapes.vice_in_nature(sentence, [t.text for t in toks[k_after : k_after + 6]])
    if vice is not None and not _head_says(head, _DENIED):
        return Verdict(True, toks[k_start - len(sentence)].start, end, f"derogation:nature-{vice}")
    after = judge_after(folded, toks, k_after, start, lang, head)
    if (after is None or after.rule.startswith("victim")) and _head_says(head, _DISBELIEF):
        # "I don't think X deserve to be treated as equals": the treatment is what is denied them
        after = _denied_worth(toks[k_after:], start, lang) or after
    rhetorical = hate_shapes.rhetorical(head, [t.text for t in toks[k_after : k_after + 20]])
    if (
        after is not None
        and after.hate
        and _head_says(head, _DENIED)
        and not after.rule.startswith("disbelief")
        and not rhetorical
    ):
        # "it is false that X are thieves", "je ne pense pas que les X soient …": the statement is denied
        after = Verdict(False, after.start, after.end, "denied:" + after.rule)
    if before is not None and before.rule.startswith("victim:") and before.rule[7:] in _CALLING:
        return before  # "propaganda called Jews a disease": the names are someone else's
    if after is not None:
        if (
            before is not None
            and not before.hate
            and after.hate
            and after.rule.startswith(("derog", "dehum"))
        ):
            return after
        return after if before is None or after.hate else before
    return before


_QUOTE_PAIRS = {'"': '"', "«": "»", "“": "”", "'": "'"}
_OPENING_APOSTROPHE = re.compile(r"(?<![\w'])'(?=\w)")
_CLOSING_APOSTROPHE = re.compile(r"(?<=\w)'(?!\w)")


def closing_quote(folded: str, start: int, end: int) -> int | None:
    """Where the quotation holding the group at ``[start, end)`` closes, if the group is quoted in its
    sentence: what follows the closing mark ("… do' is a lazy racist line") is said of the quotation, not
    of the group. An apostrophe counts as a quote only with no letter on its outer side (not "l'", "'s")."""
    lo = max(0, start - 120)
    for opening, closing in _QUOTE_PAIRS.items():
        if opening == "'":
            found = [m.start() for m in _OPENING_APOSTROPHE.finditer(folded, lo, start + 1)]
            left = found[-1] if found else -1
            if left < 0 or _CLOSING_APOSTROPHE.search(folded, left + 1, start):
                continue
        else:
            left = folded.rfind(opening, lo, start)
            if left < 0 or (opening == closing and folded.count(opening, left + 1, start)):
                continue  # no quotation, or one closed before the group
        right = folded.find(closing, end, end + 160)
        if opening == "'":
            while right >= 0 and right + 1 < len(folded) and folded[right + 1].isalpha():
                right = folded.find(closing, right + 1, end + 160)  # "don't", "c'est": an apostrophe
        if right >= 0:
            return right
    return None


def _possessed_lives(folded: str, start: int, end: int, lang: str | None) -> Verdict | None:
    """ "Black people's lives don't matter", "immigrants' lives are worth nothing": the lives stand for the
    group (the judge tokenises this window instead of its own, which it skips for a possessive)."""
    toks = tokens(folded[end : end + 160])
    k = 0
    while k < len(toks) and toks[k].text in ("s", "'s", "'"):
        k += 1
    if k < len(toks) and toks[k].text == "place":
        where = hate_shapes.confined([t.text for t in toks[k + 1 : k + 12]], owned=True)  # "a woman's place"
        return Verdict(True, start, toks[k].end + end, f"derogation:confined-{where}") if where else None
    if k >= len(toks) or toks[k].text not in hate_shapes.LIVES:
        return None
    toks = [Token(t.start + end, t.end + end, t.text) for t in toks]
    words = [t.text for t in toks[k + 1 : k + 12]]
    if hate_shapes.worthless(words):
        return Verdict(True, start, toks[min(len(toks) - 1, k + 4)].end, "negated-positive:worth")
    verdict = judge_after(folded, toks, k + 1, start, lang, [])
    return verdict if verdict is not None and verdict.hate else None


def _shapes(
    toks: list[Token], k_after: int, head: list[str], g_start: int, lang: str | None
) -> Verdict | None:
    """The shapes of :mod:`hate_shapes` around the group: a merit denied by a negative quantifier ("no X has
    ever contributed anything"), "wouldn't the world be better without X?"."""
    rest = toks[k_after : k_after + 20]
    words = [t.text for t in rest]
    lemma = hate_shapes.merit_denied(head, words, lang)
    if lemma is None and len(head) >= 2 and head[-2] in hate_shapes.LIVES and head[-1] in ("of", "des", "de"):
        lemma = "worth" if hate_shapes.worthless(words) else None  # "la vie des X ne vaut rien"
    as_subject = all(w in _SKIP_BEFORE or _adverb(w) for w in head)  # "les X", "honestly all X"
    if lemma is None and as_subject and hate_shapes.worthless(words):
        lemma = "worth"  # "X are worth nothing", "les X ne valent rien"
    if lemma is None and hate_shapes.good_member_denied(head, words):
        lemma = head[-1]  # "no such thing as a good X"
    owned = len(head) >= 2 and head[-2] == "place" and head[-1] in ("of", "des", "de", "d'")
    if lemma is None and as_subject and hate_shapes.only_good_for(words):
        return Verdict(True, g_start, rest[min(len(rest) - 1, 5)].end, "derogation:only-good-for")
    fragment = hate_shapes.fragment(words, lang) or hate_shapes.appositive(words, lang)
    if lemma is None and fragment is not None:
        return Verdict(True, g_start, rest[min(len(rest) - 1, 2)].end, f"derogation:{fragment}")
    where = hate_shapes.confined(words, owned=owned)  # "X belong in cages", "la place des X est à la cuisine"
    if where is not None:
        return Verdict(True, g_start, rest[min(len(rest) - 1, 6)].end, f"derogation:confined-{where}")
    if lemma is not None:
        last = rest[-1].end if rest else toks[k_after - 1].end
        end = next((t.end for t in rest if t.text == lemma or hate_words.fold(t.text) == lemma), last)
        return Verdict(True, g_start, end, f"negated-positive:{lemma}")
    if hate_shapes.better_without(head) and hate_shapes.rhetorical(head, words):
        return Verdict(True, g_start, rest[0].end if rest else g_start, "hatred:better-without")
    if hate_shapes.rather_die(head):
        return Verdict(True, g_start, rest[0].end if rest else g_start, "hatred:rather-die")
    refused = hate_shapes.rights_denied(head, words)
    if refused is not None and (refused == len(head) or _refused_by_author(head[:refused])):
        last = rest[min(len(rest) - 1, 5)].end if rest else toks[k_after - 1].end
        return Verdict(True, g_start, last, "exclusion:rights")
    habit = hate_shapes.habitual(head[: _bare_end(head)], words)
    if habit is not None:
        return Verdict(True, g_start, rest[0].end if rest else g_start, f"derogation:{habit}")
    harm = hate_shapes.harm_brought(words, lang) if not head or head[-1] in _SKIP_BEFORE else None
    if harm is not None:
        name = "derogation" if harm == "trouble" else "dehumanisation"
        return Verdict(True, g_start, rest[min(len(rest) - 1, 4)].end, f"{name}:{harm}")
    return None


#: The author's disbelief before the group: "I don't think X deserve rights" denies them the rights (the
#: negation of the opinion is the negation of the worth; "I don't think X are thieves" stays a denial).
_DISBELIEF = re.compile(
    r"(?:^|\b)(?:i|we) (?:really |just )?(?:don't|dont|do not|didn't|never) (?:think|believe)(?: that)?$|"
    r"(?:^|\b)(?:(?:je|j') (?:ne |n')?(?:pense|crois)|jpense|jcrois|chuis pas sur) (?:pas|vraiment pas|pas vraiment) "
    r"(?:que|qu')$"
)


def _denied_worth(after: list[Token], g_start: int, lang: str | None) -> Verdict | None:
    """After a disbelief, the group "deserve(s)" a positive thing without negation: hate ("I don't think
    trans people deserve any rights", "je pense pas que les X méritent des droits")."""
    words = [t.text for t in after[:9]]
    for i, w in enumerate(words[:3]):
        if w not in _DESERVE and w not in _WORTH_WORDS:
            continue
        if _negations(words, 0, i + 7):
            return None
        for j in range(i + 1, min(i + 7, len(words))):  # "deserve to be treated as equals"
            found = _lookup(words, j, lang)
            if found is not None and found[0] == "positive":
                return Verdict(True, g_start, after[j].end, f"disbelief-negated-positive:{found[1]}")
        return None
    return None


_OBJ_PRONOUN = re.compile(r"(?<![\w'])(?:them|em|'em|les|leur)(?![\w'])")


def pronoun_objects(folded: str, from_pos: int, lang: str | None = None) -> Verdict | None:
    """A group named earlier, then "I hate them", "kill them all", "je les déteste", "il faut les tuer"."""
    toks = _window(folded, from_pos, from_pos + 600)
    for i, t in enumerate(toks):
        if t.text in ("them", "em", "'em"):
            v = judge_before(toks, i, t.end, lang)
            if v is not None and v.hate:
                return Verdict(True, v.start, t.end, "pronoun-" + v.rule)
        elif t.text in ("les", "leur") and i + 1 < len(toks):
            colloquial = _colloquial_hatred([x.text for x in _clause_before(toks, i)] + [toks[i + 1].text])
            if colloquial is not None:  # "je peux pas les voir", "on peut plus les saquer"
                return Verdict(True, t.start, toks[i + 1].end, f"pronoun-hatred:{toks[i + 1].text}")
            found = _lookup([x.text for x in toks], i + 1, "fr" if lang is None else lang)
            if found is None or found[0] not in ("hostile", "violent"):
                continue
            cat, lemma, n = found
            # "je les déteste", "il faut les tuer": what comes before the pronoun decides, as for a verb
            head = [x.text for x in _clause_before(toks, i)]
            if _negations(head[-4:]):
                continue
            if cat == "hostile" and (
                not head or head[-1] in _AUTHOR or head[-1] in ("je", "j'", "on", "nous")
            ):
                return Verdict(True, t.start, toks[i + n].end, f"pronoun-hatred:{lemma}")
            intent = any(w in _INTENT for w in head) and any(w in _AUTHOR for w in head)
            if cat == "violent" and (any(w in _CALLERS for w in head) or intent):
                return Verdict(True, t.start, toks[i + n].end, f"pronoun-violence:{lemma}")
    return None


_SINGULAR_BEFORE = frozenset(_w("every each chaque tout toute any no aucun aucune"))
_ARTICLE = frozenset(_w("a an un une"))
#: English group words that are adjectives first: "a black car", "a gay bar" name no one.
_ADJECTIVAL_EN = frozenset(
    _w("""black gay queer trans native indigenous disabled female chinese japanese vietnamese sudanese jewish
    muslim african asian mexican indian arab illegal elderly christian catholic hindu sikh buddhist""")
)
#: Names that stand for the whole group in the singular ("l'islam", "the elderly").
_ALWAYS = frozenset(["islam", "judaism", "judaisme", "elderly"])
SINGULAR_NAMES = frozenset(["islam", "judaism", "judaisme"])


def _split_names(toks: Sequence[Token], langs: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """Group names split by a space ("mus lims", "immi grants"): two neighbouring pieces, not both words of
    the tweets the language identifier knows, that make a plural name of a group together."""
    out = []
    real = hate_words.collisions()
    for a, b in itertools.pairwise(toks):
        if b.start - a.end != 1 or not (a.text.isalpha() and b.text.isalpha()) or len(a.text + b.text) < 5:
            continue
        if a.text in real and b.text in real:
            continue
        for lg in langs:
            found = hate_words.lookup(a.text + b.text, lg)
            piece = hate_words.lookup(a.text, lg) or hate_words.lookup(b.text, lg)
            if found is not None and found[0] == "group" and piece is None and b.text.endswith("s"):
                out.append((a.start, b.end, found[1]))
                break
    return out


def _squeezed_pairs(squeezed: Sequence[str]) -> list[str]:
    """``squeeze(a + b)`` for each pair of neighbouring words, from the words already squeezed: squeezing
    only collapses runs of one letter, so the pair's skeleton is the two skeletons end to end, the letter
    where they meet written once if both sides have it ("mus" + "slims" -> "muslims"). Same strings as
    squeezing each pair again, without a regex or a cache look-up per pair (every post has dozens)."""
    return [a + b[1:] if a[-1] == b[0] else a + b for a, b in itertools.pairwise(squeezed)]


def group_mentions(
    folded: str, lang: str | None, singulars: list[tuple[int, int, str]] | None = None
) -> list[tuple[int, int, str]]:
    """Protected groups named in one word, inflected or misspelt ("Sénégalaises", "wommen", "homosxeuals"):
    ``(start, end, lemma)``, a head noun after it included ("disabled people", "a Black man"). A singular
    counts only when it stands for every member ("chaque Noir", "every immigrant", "a Black man as my
    equal"): "a black car" names no group. The other singulars go to ``singulars`` when given: whether
    one member stands for all is for the sentence around it to say (``hate_singular``)."""
    langs = (lang,) if lang in ("en", "fr") else ("en", "fr")
    keys = [hate_words.group_keys(lg) for lg in langs]
    raw = _WORD.findall(folded.translate(_LEET))
    words = list(map(hate_words.squeeze_word, raw))
    # "mus lims": each pair squeezed whole, built from the squeezed pieces (see _squeezed_pairs)
    split = _squeezed_pairs(words)
    split += [w.replace("z", "s") for w in words if "z" in w]  # "muzulmans"
    if all(k.isdisjoint(words) and k.isdisjoint(split) for k in keys) and not any(
        hate_groups.headed_pair(raw, lg) for lg in langs
    ):
        return []  # no word of the post can name a group: the common case, decided with set look-ups
    toks = _tokens(folded)
    out = _split_names(toks, langs)
    for i, t in enumerate(toks):
        if len(t.text) < 3:
            continue
        for lg in langs:
            found = hate_words.lookup(t.text, lg)
            if found is None or found[0] != "group":
                continue
            word = t.text
            prev = _quantifier_before(toks, i)
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            head_word = nxt.text.removesuffix("'s") if nxt is not None else ""  # "people's lives"
            headed = nxt is not None and (_head_noun(head_word) or hate_groups.person_noun(head_word))
            if not headed and word in hate_groups.headed_only(lg):
                continue  # "deaf", "Polish", "old": a group only before a noun of persons
            plural = (
                word.endswith(("s", "x", "z"))
                or word in _PLURAL_EN
                or word in _ALWAYS
                or (found[1] == "woman" and not hate_words.squeeze(word).startswith("woma"))  # "wommen"
            )
            if not (
                plural
                or (headed and hate_groups.plural_person_noun(head_word))
                or prev in _SINGULAR_BEFORE
                or (
                    prev in _COPULAS and word in hate_groups.headed_only(lg) | hate_groups.demonyms(lg).keys()
                )
                or (prev in _ARTICLE and (headed or lg == "fr" or word not in _ADJECTIVAL_EN))
                or (i > 0 and toks[i - 1].text in _COLLECTIVE_FR)
                or head_word in _COLLECTIVE_EN
            ):
                if singulars is not None:
                    singulars.append((t.start, nxt.end if headed and nxt is not None else t.end, found[1]))
                continue
            headed = headed or head_word in _COLLECTIVE_EN
            end = nxt.end if headed and nxt is not None else t.end
            out.append((t.start, end, found[1]))
            break
    return out


#: Nouns of several people: a group adjective on them names members of the group ("une famille noire",
#: "a Black family"), and a plural pronoun after them takes them up.
_COLLECTIVE_FR = frozenset(_w("famille familles couple couples groupe groupes communaute communautes"))
_COLLECTIVE_EN = frozenset(_w("family families couple couples group groups community communities"))

#: Words between a determiner of the whole group and the name ("every last Kurd", "jusqu'au dernier Kurde",
#: "not a single Roma", "the next Arab I see").
_ORDINAL = frozenset(
    _w(
        "last single next dernier derniere prochain prochaine seul seule one good decent bon bonne honest honnete"
    )
)


def _quantifier_before(toks: Sequence[Token], i: int) -> str:
    """The word before the name at ``toks[i]``, read through ordinals: "every last" counts as "every", "the
    next" as "every" (the next one of the group, whoever it is), "un seul" as "chaque"."""
    j = i - 1
    while j > 0 and toks[j].text in _ORDINAL:
        j -= 1
    if j < 0:
        return ""
    if j < i - 1 and toks[j].text in ("the", "au", "le", "la", "a", "un", "une", "jusqu'au"):
        return "every"
    return toks[j].text


_LEET_WORD = re.compile(r"(?<![\w@$])(?=[a-z0-9@$']*[a-z])(?=[a-z0-9@$']*[0-9@$])[a-z0-9@$']+")


def unleet(folded: str) -> str:
    """The folded text with leetspeak undone inside words that mix letters and digits ("wh@t's th3"), one
    character for one, so offsets are kept (an "@mention" alone is left as it is)."""
    if not any(c in folded for c in "013457@$"):
        return folded
    return _LEET_WORD.sub(
        lambda m: (
            m.group() if m.group().startswith("@") and m.group()[1:].isalpha() else m.group().translate(_LEET)
        ),
        folded,
    )


_GENERIC_SUBJECTS = frozenset(
    _w("""they them these those people ppl gens ils elles ceux celles who qui everyone everybody tous toutes
    you vous we nous i je he she il elle it this that""")
)


def nonprotected_derogation(folded: str, lang: str | None) -> tuple[int, int] | None:
    """A derogatory statement whose subject is a plural noun that names no protected group ("tax evaders are
    parasites", "les politiciens corrompus sont un cancer"): criticism of conduct or of a trade, which the
    finance starters do not ask to review. The span, or ``None``. The caller checks no group is named."""
    if hate_words.derogatory_keys().isdisjoint(map(hate_words.squeeze_word, _WORD.findall(folded))):
        return None  # no derogatory word at all: most posts
    words = _words(folded)
    for i, w in enumerate(words):
        if w not in _LINK or w in (":", "=", "like", "comme", "all", "tous", "toutes") or i == 0:
            continue
        subject = [x for x in words[max(0, i - 3) : i] if x.isalpha() or "'" in x]
        if not subject or any(x in _GENERIC_SUBJECTS or x in _OTHER_SUBJECT for x in subject):
            continue
        if not any(x.endswith(("s", "x")) and len(x) >= 4 for x in subject):
            continue
        for j in range(i + 1, min(len(words), i + 1 + MAX_GAP + 1)):
            if words[j] in _CLAUSE_END:
                break
            found = _lookup(words, j, lang)
            if found is not None and found[0] in ("derog", "dehum") and not _negations(words, i - 1, j):
                toks = _tokens(folded)
                return toks[max(0, i - 3)].start, toks[j].end
    return None


#: Places of worship: a call to violence against one is a call against the group that prays there.
_WORSHIP = frozenset(
    _w("""mosque mosques synagogue synagogues church churches temple temples gurdwara mosquee mosquees
    eglise eglises temple temples pagode pagodes""")
)
#: News frames: a threat reported as charged or condemned is news, not a call ("un homme condamné pour
#: avoir menacé de brûler une mosquée", "a man charged with threatening to burn a mosque").
_NEWS_FRAME = frozenset(
    _w("""condamne condamnee condamnes poursuivi poursuivie arrete arretee interpelle interpellee inculpe
    mis accuse accusee soupconne soupconnee menace menacait menacer charged arrested convicted jailed
    sentenced accused suspected threatening threatened threatens plotting plotted attempted attempt
    tente tentative projet""")
)


#: Places and vessels that stand for the people of a group when a group names them ("the gypsy camp",
#: "les bateaux de migrants", "refugee shelters"): a call to destroy them is a call against the group.
_GROUP_PLACES = frozenset(
    _w("""camp camps boat boats shelter shelters hostel hostels campement campements bateau bateaux
    foyer foyers centre centres center centers""")
)


def _place_owner(words: Sequence[str], k: int, lang: str | None) -> int | None:
    """The index of the group name that owns the place at ``words[k]``: right before it ("refugee
    boats") or after "de" / "of" / "for" ("les bateaux de migrants", "shelters for refugees")."""
    for i in (k - 1, k + 2):
        if i == k + 2 and (
            k + 1 >= len(words) or words[k + 1] not in ("de", "des", "d'", "of", "for", "pour")
        ):
            continue
        if 0 <= i < len(words) and _group_word(words[i], lang):
            return i
    return None


def _group_word(word: str, lang: str | None) -> bool:
    """Whether ``word`` names a protected group in ``lang`` (either language when unknown)."""
    langs = (lang,) if lang in ("en", "fr") else ("en", "fr")
    return any((found := hate_words.lookup(word, lg)) is not None and found[0] == "group" for lg in langs)


def worship_attack(folded: str, lang: str | None = None) -> Verdict | None:
    """A call to violence whose object is a place of worship ("il faut cramer la mosquée", "let's burn
    down the synagogue"): the call is said by the author (a modal of call, an imperative or a start of
    clause), and no news frame ("charged with", "condamné pour") reports it."""
    words = _words(folded)
    if _WORSHIP.isdisjoint(words) and _GROUP_PLACES.isdisjoint(words):
        return None  # most posts: no place of worship, camp or boat named
    toks = _tokens(folded)
    for k, w in enumerate(words):
        owner = _place_owner(words, k, lang) if w in _GROUP_PLACES else None
        if w not in _WORSHIP and owner is None:
            continue
        j = k - 1 if owner != k - 1 else k - 2  # "burn down the gypsy camp": the name is passed over
        while j >= 0 and (
            words[j] in _SKIP_BEFORE or words[j] in ("down", "up", "this", "that", "cette", "ce")
        ):
            j -= 1
        found = _lookup(words, j, lang) if j >= 0 else None
        if found is None or found[0] not in ("violent", "weapon"):
            continue
        head = [t.text for t in _clause_before(toks, j)]
        if any(h in _NEWS_FRAME for h in head) or _negations(head[-4:]):
            continue
        subject = _subject(head)
        if subject is not None and subject not in _AUTHOR:
            continue
        calls = [h for h in head if h in _CALLERS or h in ("let's", "lets", "on")]
        if (calls or not head) and _by_author(head):
            return Verdict(True, toks[j].start, toks[k].end, f"violence:{found[1]}")
    return None


@cache
def _hostile_starts() -> frozenset[str]:
    """The first words of the phrases of hatred ("can't stand"): where :func:`hated_thing` may find one."""
    return frozenset(key[0] for key, cat in hate_words.phrases().items() if cat == "hostile")


@lru_cache(maxsize=65536)
def _hostile_word(word: str, lang: str | None) -> bool:
    """Whether ``word`` alone is a verb of hatred (see :func:`_lookup`), remembered per word."""
    found = _word_entry(word, lang)
    return found is not None and found[0] == "hostile"


def hated_thing(folded: str, lang: str | None) -> tuple[int, int] | None:
    """Hatred said by the author of things, not people ("JE HAIS LES BOUCHONS", "I hate Mondays"): a verb of
    hatred whose object is a plural noun naming no person. The span, or ``None``; the caller checks no
    group is named. The model, which reads "je hais" as hate, does not decide alone there."""
    words = _words(folded)
    if _hostile_starts().isdisjoint(words) and not any(map(_hostile_word, words, itertools.repeat(lang))):
        return None  # no verb of hatred, alone or opening a phrase: most posts, decided with cached look-ups
    for i in range(len(words)):
        found = _lookup(words, i, lang)
        if found is None or found[0] != "hostile" or not _by_author(words[:i]) or _subject(words[:i]) is None:
            continue
        j = i + found[2]
        while j < len(words) and words[j] in _SKIP_BEFORE:
            j += 1
        if j >= len(words) or (j == i + found[2] and lang != "en"):
            continue  # French needs an article before the thing ("je hais les bouchons")
        obj = words[j]
        if (
            not obj.isalpha()
            or obj in _OTHER_OBJECT
            or obj in _PLURAL_WORDS
            or obj in _ME
            or _head_noun(obj)
            or obj in _ACCUSED
        ):
            continue
        toks = _tokens(folded)
        return toks[i].start, toks[j].end
    return None
