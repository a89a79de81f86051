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
* **a claim attributed to someone else** — the words are the complement of a verb of saying or believing
  whose subject is the reader or a named third party ("you still believe that …", "when my boss said …",
  "anyone who thinks …", "tu prétends que …", "quand mon chef a dit que …"), or of a noun of opinion that is
  not the author's ("your comment that …", "the idea that …", "ton idée selon laquelle …", "l'idée que …").
  A generic source ("people say", "they say", "on dit", "everyone knows") or the author ("I think", "my
  view") keeps the words the author's, and so does agreement in the sentence ("and I agree", "he's right").
* **the group as the hearer** — a passive of saying between the group and the words ("gay teens had been
  told they were …", "ils se sont entendu dire qu'ils étaient …"): the group is the victim of the words.
"""

from __future__ import annotations

import re

_SAY_GERUND = (
    r"calling|saying|claiming|suggesting|implying|describing|comparing|labell?ing|branding|treating|"
    r"telling (?:people|kids|children|everyone)|insisting|pretending|referring to|talking about|speaking of|"
    r"parler (?:des|de)|"
    r"dire|affirmer|pretendre|traiter|qualifier|comparer|decrire|presenter|ecrire|insinuer|sous-entendre|"
    r"repeter|laisser entendre|faire croire"
)
#: A sentence opened by the act of saying (an optional "just", "juste", "le fait de").
_ACT_OPENS = re.compile(
    rf"^\W*(?:(?:(?:just|simply|juste|simplement|le fait de|the act of) )?(?:{_SAY_GERUND})\b|"
    r"(?:the|this|that) (?:idea|notion|claim|myth|belief|assumption|theory) that|"
    r"(?:l'idee|le mythe|la these|la theorie|l'affirmation) (?:que|qu'|selon laquelle|selon lequel))"
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
    portrayal = _PORTRAYAL.search(tail)
    return portrayal is not None and portrayal.group(1) not in _AUTHOR


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


_THINK_EN = (
    r"say|says|said|saying|think|thinks|thought|believe|believes|believed|claim|claims|claimed|write|writes|"
    r"wrote|written|post|posts|posted|tweet|tweets|tweeted|suggest|suggests|suggested|imply|implies|implied|"
    r"insist|insists|insisted|argue|argues|argued|assume|assumes|assumed|pretend|pretends|feel|feels|"
    r"keep saying|keeps saying"
)
_THINK_FR = (
    r"dis|dit|dites|disent|disait|disaient|dire|a dit|as dit|avez dit|ont dit|ait dit|aies dit|"
    r"pense|penses|pensez|pensent|pensait|penser|crois|croit|croyez|croient|croyait|croire|"
    r"pretend|pretends|pretendez|pretendent|pretendre|affirme|affirmes|affirmez|affirment|affirmer|a affirme|"
    r"ecris|ecrit|ecrivent|ecrire|a ecrit|as ecrit|ait ecrit|insinue|insinues|sous-entends|sous-entend|"
    r"trouves|trouvez|racontes|raconte"
)
#: The reader: their claim, quoted back to them, is answered ("you still believe that …").
_YOU_EN = r"you|u|ya|y'all|you all"
_YOU_FR = r"tu|t'|vous|-tu|-vous"
#: A named third party: their claim is someone else's only where the post condemns it.
_THEY_EN = (
    r"he|she|someone|somebody|anyone who|anybody who|whoever|this guy|that guy|"
    r"(?:my|his|her|your|our) (?!own\b)[a-z-]+|the (?:guy|man|woman|person|user|poster|commenter) who"
)
_THEY_FR = r"il|elle|quelqu'un|ceux qui|celui qui|celle qui|quiconque|(?:mon|ma|mes|son|sa|ses|ton|ta|tes|votre) [a-z-]+"
_ADVERBS = (
    r"(?: (?:really|still|actually|seriously|honestly|even|just|clearly|apparently|always|once|ever|keep|can|"
    r"could|would|do|did|'d|can't|don't|vraiment|encore|serieusement|toujours|deja|m'|me|nous|lui|l'a|a|as|"
    r"avez|ont|peux|peut|pouvez|oses|osez|ose|here|on here|online|today|yesterday|once|ici|hier|"
    r"aujourd'hui|en ligne))*"
)
_OPINION = (
    r"comment|comments|view|views|claim|claims|idea|notion|belief|opinion|assumption|argument|take|point|"
    r"statement|tweet|post|suggestion|theory|commentaire|commentaires|idee|avis|affirmation|propos|message|"
    r"theorie|discours"
)
#: The words of the claim before the one judged ("you said women are [worthless]"), with no new clause.
_CLAIM_SO_FAR = (
    r"(?:\s*[«\"“']?\s*(?!(?:and|but|so|because|et|mais|donc|car|i|je|j')\b)[\w'-]+){0,5}\s*[«\"“']?\s*$"
)


def _claimed_by(en: str, fr: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?:(?<![\w'])(?:{en}){_ADVERBS} (?:{_THINK_EN})(?: that)?"
        rf"|(?<![\w'])(?:{fr}){_ADVERBS} (?:{_THINK_FR}) (?:que|qu'|comme quoi))" + _CLAIM_SO_FAR
    )


_BY_YOU = _claimed_by(_YOU_EN, _YOU_FR)
_BY_THEM = _claimed_by(_THEY_EN, _THEY_FR)
#: A noun of opinion that is not the author's ("your comment that", "l'idée que"), "statements like".
_BY_OPINION = re.compile(
    r"(?:\b(?:your|his|her|their|ton|ta|tes|votre|vos|son|sa|ses|leur|leurs) "
    rf"(?:{_OPINION})(?: (?:that|selon laquelle|selon lequel|que|qu'|comme quoi|disant que|affirmant que|"
    r"claiming that|saying that))"
    rf"|\b(?:{_OPINION}|statements|phrases|words|remarks|remarques|messages|slogans|chants|jokes|blagues)"
    r" (?:like|such as|comme|du genre|de type)(?: \W)?)" + _CLAIM_SO_FAR
)
#: Agreement, plain ("and he's right", "c'est vrai") or as a litotes ("pas faux", "not wrong"), which makes
#: a reported claim the author's; a negated plain word ("that's not true", "c'est pas vrai") is no agreement.
_AGREES = re.compile(
    r"\b(?:(?<!not )(?<!n't )(?<!pas )(?<!isn't )(?:agree\w*|d'accord|right|raison|true|vrai|correct|spot on)|"
    r"(?:pas|not|n't|isn't|wasn't) (?:si |so |that |tellement )?(?:faux|tort|wrong|far off|loin))\b"
)
_LITOTES = re.compile(
    r"\b(?:pas|not|n't|isn't|wasn't) (?:si |so |that |tellement )?(?:faux|tort|wrong|far off)\b"
)


def agreed_by_litotes(after: str) -> bool:
    """The words after a reported claim agree with it by denying it is false ("et c'est pas faux", "and
    he's not wrong"): the condemnation words there ("faux", "wrong") condemn nothing."""
    return _LITOTES.search(after) is not None


#: The author as the subject before the reader's pronoun, which is then an object ("je vous dis que").
_AUTHOR_SUBJECT = re.compile(r"(?:\b(?:je|on|nous|i|we|i'll|we'll|let me)|\bj')\s*(?:le |l')?$")
#: A negated auxiliary before the subject makes the question the author's claim ("don't you think X …?").
_RHETORICAL = re.compile(
    r"\b(?:don't|dont|doesn't|doesnt|didn't|didnt|wouldn't|won't|isn't|aren't|can't|ne)\s*$|n'est-ce pas"
)


def attributed_claim(sentence_before: str, after: str = "", condemned: bool = False) -> bool:
    """The words right after ``sentence_before`` are a claim attributed to the reader, to an opinion that is
    not the author's, or (when the post condemns it: ``condemned``) to a named third party, with no agreement
    before them or in ``after`` (the rest of the sentence and the next one)."""
    m = _BY_YOU.search(sentence_before)
    if m is not None and _AUTHOR_SUBJECT.search(sentence_before, 0, m.start()) is not None:
        m = None  # "je vous dis que …", "I'll tell you": the reader is the object, the author speaks
    m = m or _BY_OPINION.search(sentence_before) or (_BY_THEM.search(sentence_before) if condemned else None)
    return (
        m is not None
        and _RHETORICAL.search(sentence_before, 0, m.start()) is None
        and _AGREES.search(sentence_before) is None
        and _AGREES.search(after) is None
    )
