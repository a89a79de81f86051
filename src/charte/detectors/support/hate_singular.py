"""Sentences where one member of a protected group stands for all of them, and look-alikes that are no hate.

``hate_clause.group_mentions`` keeps a singular only when a determiner makes it the whole group ("every
immigrant"). The sentence around it can do the same: "typical immigrant behaviour", "never trust a word a
woman says", "not one refugee has a real job", "name one Pakistani who isn't …". The readers here take the
post's tokens (``hate_clause.tokens``, cached per text) and the span of the name, and are called only for
posts that name a group, so a post naming none costs nothing more.

Two guards keep look-alikes allowed: an exclusion answered in the same sentence ("women don't belong in the
kitchen, they belong wherever they want") and a hostile claim made the subject of a condemnation ("calling
disabled people a burden is how eugenics started").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from charte.detectors.support.hate_clause import Token


def _w(text: str) -> frozenset[str]:
    return frozenset(text.split())


_TYPICAL = _w("typical typique classic classique")
#: Nouns for what somebody does: "typical immigrant behaviour" judges the group by it.
_CONDUCT = _w(
    """behaviour behavior behaviours move moves drama thing things attitude mentality logic nonsense shit crap
    habit habits trick tricks comportement comportements attitude mentalite reflexe reflexes logique truc coup
    coups"""
)
_OF = _w("of a an de d' d'un d'une un une")
#: What may follow "typical X" said as an exclamation at the start of a sentence.
_EXCLAIMED = _w(", ! . ... smh lol mdr")
_TO = _w("to de d'")
_NEGATION = _w("never don't dont cannot can't cant won't wont jamais ne n' pas not")
_TRUST = _w("""trust believe fidarsi confiance croire crois croyez fie fier fiez ecouter listen credit""")
#: The determiner right before the name: any member ("a woman", "un Juif", "any Muslim").
_ANY_ONE = _w("a an un une any aucun aucune")
_SURPRISE = _w("can't cant cannot")
#: Determiners that say no member has the quality: "not one", "no", "pas un seul", "aucun".
_NONE = _w("no none aucun aucune nul nulle")
_NOT = _w("not pas")
_ONE = _w("one single seul seule un une")
#: Qualities denied to every member ("has a real job", "n'a jamais travaillé", "is sane").
_WORTH = _w(
    """job jobs work worked works working travail travaille travaillent boulot emploi original idee idea
    thought thoughts pensee sane sain saine honest honnete honnetes smart clever intelligent intelligente brain
    cerveau decent educated eduque useful utile taxes impots contributed contribue trustworthy fiable
    loyal loyale normal normale"""
)
_EXCEPT = _w("but sauf except excepte hormis besides")
#: A cause or a regret said of the lack makes it a fact about the world, not a judgement of the group:
#: "not one refugee has a job yet because the paperwork takes months", "…, c'est un scandale".
_CIRCUMSTANCE = _w(
    """because since due cause yet until car parce encore jusqu'a scandal scandale scandalous shame shameful
    honte honteux honteuse unfair injuste injustice sadly malheureusement discrimination discrimine"""
)
#: "name one X who isn't", "there isn't a single X who", "you'll never meet an X who isn't".
_CHALLENGE = re.compile(
    r"(?:\bname (?:one|a single)|\bshow me (?:one|a single)|\bthere (?:isn't|is not|is no|aren't) (?:one|a single|a)|"
    r"\bnever (?:meet|met|find|found|see|seen) (?:one|a|an|a single)|\bcite[- ](?:moi|nous) (?:un|une)|"
    r"\bmontre[- ]moi (?:un|une)|\bn'existe pas (?:un|une)|\bjamais (?:un|une) (?:seul|seule)?|"
    r"\bne trouveras jamais (?:un|une)|\bne verras jamais (?:un|une)|"
    r"\bjamais (?:vu|rencontre|croise|connu|trouve) (?:un|une)(?: seul| seule)?)\W*$"
)
_WHO_NOT = re.compile(
    r"^(?:[\w'-]+ ){0,2}?(?:who|that|qui)\b (?:(?:isn't|is not|aren't|doesn't|does not|wasn't|ne soit pas|"
    r"ne soit|n'est pas|ne \w+ pas|n'\w+ pas)\b)"
)


def _index(toks: Sequence[Token], start: int) -> int:
    for i, t in enumerate(toks):
        if t.start >= start:
            return i
    return len(toks)


def _clause_start(toks: Sequence[Token], i: int) -> int:
    """The first token of the sentence holding ``toks[i]``."""
    j = i
    while j > 0 and toks[j - 1].text not in (".", "!", "?", ";"):
        j -= 1
    return j


def _clause_end(toks: Sequence[Token], i: int) -> int:
    j = i
    while j < len(toks) and toks[j].text not in (".", "!", "?", ";", ","):
        j += 1
    return j


def _sentence_end(toks: Sequence[Token], i: int) -> int:
    j = i
    while j < len(toks) and toks[j].text not in (".", "!", "?"):
        j += 1
    return j


def typical_member(toks: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """ "Typical immigrant behaviour", "classic Muslim move", "so typical of a woman to cry", "comportement
    typique d'immigré", "typique d'une femme de pleurer": the conduct of one member called typical of all."""
    i, k = _index(toks, start), _index(toks, end)
    j = i - 1
    while j >= 0 and toks[j].text in _OF:
        j -= 1
    after = toks[k].text if k < len(toks) else ""
    if j >= 0 and toks[j].text in _CONDUCT and j < i - 1 and after in _TYPICAL:
        return toks[j].start, toks[k].end  # "un coup de Juif classique": the adjective after the conduct
    if j < 0 or toks[j].text not in _TYPICAL:
        return None
    before_typical = toks[j - 1].text if j > 0 else ""
    if after in _CONDUCT or before_typical in _CONDUCT or (after in _TO and j < i - 1):
        return toks[max(0, j - 1)].start, toks[min(k, len(toks) - 1)].end
    if after in _EXCLAIMED and _clause_start(toks, j) >= j - 1:
        # "Typical woman, crying to get her way", "typique d'une femme, …": the exclamation opens the post
        return toks[j].start, toks[min(k, len(toks) - 1)].end
    return None


def distrusted(toks: Sequence[Token], start: int) -> tuple[int, int] | None:
    """ "Never trust a word a woman says", "you can't trust a Gypsy", "ne jamais croire ce que dit un Juif":
    distrust of whatever any member says, the negation and the verb before the name in its sentence."""
    i = _index(toks, start)
    lo = max(_clause_start(toks, i), i - 9)
    words = [t.text for t in toks[lo:i]]
    if "," in words:
        return None
    trust = next((n for n, w in enumerate(words) if w in _TRUST), None)
    if trust is None or not any(w in _NEGATION for w in words[: trust + 1]) or words[-1] not in _ANY_ONE:
        return None
    if trust > 0 and words[trust - 1] in _SURPRISE and words[trust] == "believe":
        return None  # "can't believe a Dodgers fan …": surprise, not distrust
    return toks[lo].start, toks[min(i, len(toks) - 1)].end


def none_worthy(toks: Sequence[Token], folded: str, start: int, end: int) -> tuple[int, int] | None:
    """ "Not one immigrant has a real job", "no woman has ever had an original thought", "pas un seul
    réfugié n'a travaillé", and "name one Pakistani who isn't a groomer": a quality denied to every member,
    or a flaw said of every one (the flaw is for the caller's derogatory lexicon to confirm)."""
    i, k = _index(toks, start), _index(toks, end)
    lo = _clause_start(toks, i)
    before = [t.text for t in toks[lo:i]]
    zero = bool(before) and (
        before[-1] in _NONE
        or (before[-1] in _ONE and len(before) >= 2 and (before[-2] in _NOT or before[-2] in _ONE))
        or (before[-1] in _ONE and len(before) >= 3 and before[-3] in _NOT)
        or before[-2:] == ["none", "of"]
        or before[-3:-1] == ["none", "of"]
    )
    hi = _clause_end(toks, k)
    tail = [t.text for t in toks[k:hi]]
    rest = [t.text for t in toks[hi : _sentence_end(toks, hi)]]
    if (
        zero
        and not any(w in _EXCEPT or w in _CIRCUMSTANCE for w in tail)
        and not any(w in _CIRCUMSTANCE for w in rest)
        and any(w in _WORTH for w in tail[:9])
    ):
        return toks[max(lo, i - 3)].start, toks[hi - 1].end
    return None


#: A good quality right after the member of a challenge ("never met an honest X", "jamais rencontré un X
#: honnête", "never met an X who was decent"): the quality denied to every member.
_GOOD = _WORTH | _w("kind nice good polite clean respectable competent gentil gentille bon bonne poli propre")
_WHO_IS = re.compile(
    r"^\W*(?:(?:who|that|qui) (?:is|was|were|soit|etait|fut|est) (?:really |truly |vraiment )?)?([\w'-]+)"
)


def never_good(folded: str, start: int, end: int) -> int | None:
    """The end of the good quality of "I've never met an honest X" / "je n'ai jamais rencontré un X honnête":
    a challenge before the member, the quality before (English) or right after (French, or "who was …")."""
    head = folded[max(0, start - 40) : start]
    words = head.split()
    if words and words[-1] in _GOOD:
        before = head.rstrip()[: -len(words[-1])]
        return end if _CHALLENGE.search(before) is not None else None  # "never met an honest X"
    if _CHALLENGE.search(head) is None:
        return None
    after = _WHO_IS.match(folded[end : end + 40])
    return end + after.end() if after is not None and after.group(1) in _GOOD else None


def challenged(folded: str, start: int, end: int) -> int | None:
    """The end of "who isn't" after a challenge to find one good member ("name one X who isn't …", "cite-moi
    un X qui ne …"); the caller confirms that what follows is derogatory."""
    if _CHALLENGE.search(folded[max(0, start - 40) : start]) is None:
        return None
    m = _WHO_NOT.match(folded[end : end + 60].lstrip(" ,"))
    return (
        None
        if m is None
        else end + (len(folded[end : end + 60]) - len(folded[end : end + 60].lstrip(" ,"))) + m.end()
    )


#: "…, they belong wherever they want", "…, leur place est parmi nous": the exclusion is answered.
_ANSWERED = re.compile(
    r"[,;:\-]\s*(?:but |mais |instead |plutot )?(?:they|we|she|he|ils|elles) (?:belong|have a place|ont leur place)"
    r"|[,;:\-]\s*(?:but |mais )?(?:leur|sa) place est\b"
)


def answered_exclusion(folded: str, end: int, sentence_end: int) -> bool:
    """Whether a "don't belong in …" is followed in its sentence by where the group belongs instead."""
    return _ANSWERED.search(folded, end, sentence_end) is not None


#: A hostile claim as the subject of a judgement: "calling X a burden is how eugenics started", "dire que
#: les X sont … c'est exactement comme ça que la haine se répand", "décrire les Roms comme des voleurs, c'est".
_SUBJECT_CLAIM = re.compile(
    r"^\W*(?:calling|saying|claiming|describing|labelling|labeling|treating|painting|branding|telling people|"
    r"dire|pretendre|affirmer|decrire|traiter|appeler a|qualifier|presenter)\b"
)
_JUDGED = re.compile(
    r"\b(?:is|was|c'est|est|etait)\b(?: \w+)? (?:how|exactly how|comme ca que|ainsi que|exactement comme ca que)\b"
)


def condemned_claim(sentence: str, condemned: bool) -> bool:
    """Whether the sentence makes a claim about a group the subject of a judgement on that claim: a
    condemnation (``condemned``, from the caller's lexicon) or the "… is how eugenics started" shape."""
    return _SUBJECT_CLAIM.search(sentence) is not None and (condemned or _JUDGED.search(sentence) is not None)


#: Verbs that, with "out", put people out by force: "kick the Somalis out", "run them out of town".
_OUT_VERBS = _w(
    "kick kicking run running drive driving chase chasing throw throwing boot booting smoke burn force hound"
)
_OUT = _w("out off")
#: Words that make the author call for it: "let's", "time to", "we should", "someone needs to".
_OUT_CALLERS = _w("let's lets time should must need needs gotta ought have got gonna let")
_OUT_DETERMINERS = _w("the those these all every them em 'em")


def _called(toks: Sequence[Token], verb: int) -> bool:
    lo = max(_clause_start(toks, verb), verb - 4)
    if verb == _clause_start(toks, verb) or (verb > 0 and toks[verb - 1].text == ","):
        return True  # an imperative at the head of its clause
    return any(t.text in _OUT_CALLERS for t in toks[lo:verb])


def removal_call(toks: Sequence[Token], start: int, end: int) -> tuple[int, int] | None:
    """ "Let's kick the Somalis out", "time to run them out of here" (after the group was named): a call to
    put the group out by force, a phrasal verb with its particle after the group or its pronoun."""
    i, k = _index(toks, start), _index(toks, end)
    j = i - 1
    while j >= 0 and toks[j].text in _OUT_DETERMINERS:
        j -= 1
    if (
        j >= 0
        and toks[j].text in _OUT_VERBS
        and any(t.text in _OUT for t in toks[k : k + 3])
        and _called(toks, j)
    ):
        return toks[j].start, toks[min(k + 2, len(toks) - 1)].end
    for n in range(k, min(len(toks) - 2, k + 40)):
        if (
            toks[n].text in _OUT_VERBS
            and toks[n + 1].text in ("them", "em", "'em")
            and toks[n + 2].text in _OUT
            and _called(toks, n)
        ):
            return toks[n].start, toks[n + 2].end
    return None


#: "…, c'est forcément un pervers", "… is bound to be a thief": one member, so all, said to have the flaw.
_NECESSARILY = re.compile(
    r"\b(?:c'est|il est|elle est|ce sont|he's|she's|he is|she is|is|are|they're)"
    r" (?:forcement|obligatoirement|toujours|evidemment|forcement tous|necessarily|always|obviously|"
    r"automatically|bound to be|sure to be|guaranteed to be|surement)\b"
)


def necessarily(folded: str, end: int, sentence_end: int) -> int | None:
    """Where the flaw said of one member as of any member may start ("un voisin homo, c'est forcément un
    pervers"): the caller confirms the flaw with its derogatory lexicon."""
    m = _NECESSARILY.search(folded, end, min(sentence_end, end + 80))
    return None if m is None else m.end()
