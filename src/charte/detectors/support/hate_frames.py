"""Frames that make a hostile statement about a group someone else's act of speech, FR and EN.

:func:`abuse.counter_speech` knows reports by their verbs next to a condemnation word ("people who say … are
wrong"). These frames read the *grammar* of the report instead, so an unseen evaluation or news wording
counts too:

* **the speech act as the subject** — a sentence opened by a gerund or an infinitive of saying ("Calling X a
  plague is …", "Saying that X … was …", "Dire que les X … c'est …", "Traiter les X de … est …") and a
  copula after the words: the sentence judges the act of saying them, whatever the judgement's words
  ("is dehumanising language", "is how genocides start"). An approving judgement ("is just the truth",
  "c'est la vérité", "is fair", "is honest") keeps the words the author's.
* **a non-finite report by a third party** — a participle or gerund of saying tied to a noun or an adverbial
  ("comments saying …", "after shouting that …", "des commentaires appelant à …", "après avoir crié que …"),
  or a verb of portrayal ("propaganda described X as …", "présentait les X comme …"), not said by the author
  ("I", "we", "je", "on" as its subject keep the words the author's).
* **the group as the hearer** — a passive of saying between the group and the words ("gay teens had been
  told they were …", "ils se sont entendu dire qu'ils étaient …"): the group is the victim of the words.
"""

from __future__ import annotations

import re

_SAY_GERUND = (
    r"calling|saying|claiming|suggesting|implying|describing|comparing|labell?ing|branding|treating|"
    r"telling (?:people|kids|children|everyone)|insisting|pretending|"
    r"dire|affirmer|pretendre|traiter|qualifier|comparer|decrire|presenter|ecrire|insinuer|sous-entendre|"
    r"repeter|laisser entendre|faire croire"
)
#: A sentence opened by the act of saying (an optional "just", "juste", "le fait de").
_ACT_OPENS = re.compile(
    rf"^\W*(?:(?:just|simply|juste|simplement|le fait de|the act of) )?(?:{_SAY_GERUND})\b"
)
_COPULA_AFTER = re.compile(r"(?:^|\W)(?:is|was|isn't|is not|remains|c'?est|est|etait|reste|n'est)\b(.{0,40})")
_APPROVED = re.compile(
    r"^\s*(?:just |simply |only |not |pas |juste |simplement |tout )*(?:the |la |de la |une? )?"
    r"(?:true|truth|honest\w*|fair|fine|ok|okay|right|correct|accurate|realis\w*|facts?|common sense|"
    r"logical|deserved|justified|vrai|verite|honnete|normal|juste|logique|lucide|du bon sens|realiste|"
    r"exact|merite|justifie)\b"
)

_SAY_PARTICIPLE = (
    r"saying|shouting|chanting|yelling|screaming|claiming|writing|posting|tweeting|calling(?: for)?|"
    r"demanding|urging|praising|describing|comparing|insisting|"
    r"disant|criant|hurlant|scandant|affirmant|appelant|qualifiant|comparant|presentant|decrivant|"
    r"reclamant|exigeant|incitant|traitant|prônant|pronant|glorifiant"
)
#: Subjects and auxiliaries that make the gerund the author's own ("I'm saying", "we keep saying").
_OWN = re.compile(
    r"\b(?:i|i'm|im|we|we're|you|am|are|is|was|were|be|been|keep|kept|stop|start|started|just|still|"
    r"je|j'|on|nous|tu|vous|suis|sommes)\s*$"
)
_PARTICIPLE = re.compile(rf"(\S+)\s+(?:{_SAY_PARTICIPLE})\b")
_PORTRAYAL = re.compile(
    r"(?:^|\W)(\w+'?)\s+(?:\w+ )?(?:described|portrayed|depicted|painted|presented|branded|labell?ed|dubbed|"
    r"compared|presentai\w*|presente|decrivai\w*|decri\w*|depeign\w*|depei\w*|comparai\w*|compare|qualifiai\w*|"
    r"qualifie)\b"
)
_AUTHOR = frozenset(["i", "we", "i'd", "we'd", "je", "j'", "on", "nous", "moi", "i've", "we've"])
#: The group told the words: a passive of saying between the group and the predicate.
_HEARD = re.compile(
    r"\b(?:(?:had |have |has )?been told|were told|was told|are told|get told|got told|"
    r"(?:se sont|s'est|se sont vu|s'entendent|s'entend) (?:entendu |vu )?dire|entendu dire|"
    r"(?:ont|a) ete (?:traite|qualifie)\w*)\b"
)


def speech_act_judged(sentence_before: str, after: str) -> bool:
    """The words follow a sentence-opening gerund or infinitive of saying (``sentence_before`` is the sentence
    up to them) and a copula after them (``after`` is the rest of the sentence) judges the act, unless the
    judgement approves of it."""
    if _ACT_OPENS.search(sentence_before) is None:
        return False
    m = _COPULA_AFTER.search(after)
    return m is not None and _APPROVED.search(m.group(1)) is None


def third_party_report(sentence_before: str) -> bool:
    """The words are the content of a report by someone other than the author: a participle or gerund of
    saying tied to a noun or an adverbial, or a verb of portrayal whose subject is not the author."""
    tail = re.split(r"[,;:(]", sentence_before[-60:])[-1]  # the report must govern the words
    if _ADVERBIAL_SAYS.search(tail) is not None:
        return True
    for m in _PARTICIPLE.finditer(tail):
        if _OWN.search(tail[: m.end(1)]) is None and m.group(1) not in _AUTHOR:
            return True
    m = _PORTRAYAL.search(tail)
    return m is not None and m.group(1) not in _AUTHOR


#: The adverbial holds a verb of saying ("after shouting", "après avoir crié"), not any verb ("after eating").
_ADVERBIAL_SAYS = re.compile(
    rf"\b(?:after|for|over|while|before|since|apres avoir|pour avoir|avant d'avoir|en) "
    rf"(?:(?:publicly|repeatedly|allegedly|publiquement) )?(?:{_SAY_PARTICIPLE}|said|shouted|chanted|yelled|"
    rf"wrote|posted|tweeted|called|dit|crie|hurle|ecrit|affirme|scande|publie|poste|tweete|appele|compare|"
    rf"traite|qualifie)\b"
)


def heard_by_group(span: str) -> bool:
    """The group is told the words: "gay teens had been told they were …", "se sont entendu dire que …"."""
    return _HEARD.search(span) is not None
