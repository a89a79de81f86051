"""The intent a mention is routed on: the model's probabilities, corrected by cues written for two cases it gets
wrong (docs/listening.md, "Intent").

- **Replies by a brand's own agents** ("Sorry to hear that – please DM us", "Nous sommes désolés, écrivez-nous en
  MP", a signature such as ``*MS`` or ``^JD``) sound like customer care, and the intent head, trained on
  customers' posts, reads them as complaints or crises. A mention written by one of the organisation's own
  accounts is never a complaint (``from_brand``); one whose wording is an agent's (a service phrase in the first
  person plural, addressed to the customer) is ``other`` instead of a complaint (or of a crisis the model is not
  sure of) unless it also carries a customer's complaint cue.
- **Complaints the model misses**: short, exclamatory or ironic complaints ("still waiting for my refund",
  "toujours aucune réponse", "broadband gone off again", "#fixit"). A complaint cue (English or French: waiting,
  no answer, broken, refund, "unacceptable", …) makes a mention a complaint when the model gives a complaint at
  least ``CUE_FLOOR`` and is not sure of another reading (a crisis stays a crisis; a clear praise stays praise).

The cues were written from the ``dev`` tenth of the complaints corpus and three brands' agent replies; the
evaluation (benchmarks/eval_routing.py) reports on the ``val`` tenth and on the other brands only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from charte.listening.prefilter import AnyOf

INTENTS = ("complaint", "question", "praise", "crisis", "other")

#: The least complaint probability a complaint cue needs (a cue alone in a praise is not a complaint).
CUE_FLOOR = 0.05
#: Above this probability another intent (crisis, praise) wins over a complaint cue.
SURE = 0.6

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def _compile(patterns: tuple[str, ...]) -> AnyOf:
    """The cues as one case-insensitive test; a literal prefilter picks the few worth searching (``re`` alone
    tries every alternative at every position: about 0.1 ms a post, the most of ingestion's own work)."""
    return AnyOf(patterns, re.IGNORECASE)


# A customer's complaint, in English and French: waiting, silence, something broken, money, strong judgement.
_COMPLAINT = _compile(
    (
        # English
        r"\bstill (?:waiting|no\b|not\b|hasn't|haven't|have not|doesn't|don't|can't|broken|down)",
        r"\b(?:been|kept) waiting\b",
        r"\bwaiting (?:for|since|on) (?:over |more than )?(?:a|an|\d+|two|three|several) "
        r"(?:min|hour|day|week|month)",
        r"\b(?:no|zero|without any?) (?:reply|replies|response|answer|help|update|refund|signal|service|heating|wifi)\b",
        r"\b(?:been|being|got|was|were|am|feel) (?:ignored|scammed|ripped off|overcharged|charged twice)\b",
        r"\b(?:not|isn't|isnt|aren't|wasn't|doesn't|doesnt|don't|won't|wont|can't|cant|couldn't) "
        r"(?:working|work|load|loading|connect|let me|log ?in|sign ?in|arrived?|delivered?)\b",
        r"\b(?:gone|went|is|keeps? going) (?:off|down) again\b|\bdown again\b|\bbroke(?:n)? again\b",
        r"\b(?:never|still not) (?:arrived|received|delivered|got (?:it|my))\b",
        r"(?<!you )(?<!you're )(?<!you are )\b(?:getting|get|got|keep getting|keeps? giving me) (?:this|an|the|a) "
        r"error\b",
        r"\bunacceptable\b|\bridiculous\b|\bdisgraceful\b|\bdisgusting\b",
        r"\bpathetic\b|\buseless\b|\bappalling\b|\bterrible (?:service|customer|experience)\b",
        r"\bworst (?:service|customer|company|experience|airline|bank|app)\b",
        r"\b(?:shocking|awful|poor|bad|horrible) (?:service|customer service|quality|experience|support)\b",
        r"\bget your act together\b|\bsort (?:it|this) out\b|#fix ?it\b|\bfix (?:this|it|your)\b",
        r"\b(?:want|need|demand|where(?:'s| is)) (?:a |my )?refund\b|\brefund me\b",
        r"\bcancell?ed (?:my|our|the) (?:flight|order|train|booking|appointment)\b",
        r"\bhypothermia\b|\bnot cool\b|\bnot happy\b|\bvery disappointed\b|\bso disappointed\b",
        r"\bcan't believe (?:your|you|the staff|staff)\b|\bwhat (?:type|kind) of service\b",
        # French
        r"\binadmissible\b|\binacceptable\b|\bscandaleu(?:x|se)\b|\bhonteu(?:x|se)\b|\blamentable\b",
        r"\bc'est une honte\b|\bn'importe quoi\b|\bras le bol\b|\bmarre de\b|\barnaque\b|\bescroc",
        r"\btoujours (?:pas|rien|aucun|aucune|en panne|en retard|sans)\b",
        r"\b(?:aucune|pas de|sans) (?:réponse|nouvelles?|retour|remboursement|connexion|réseau|chauffage)\b",
        r"\bne (?:marche|fonctionne|répond|charge) (?:pas|plus)\b|\b(?:marche|fonctionne) pas\b|\ben panne\b",
        r"\bj'attends (?:depuis|toujours|encore|mon|ma|mes|un|une)\b|\bça fait \w+ (?:jours|semaines|mois|heures)\b",
        r"\b(?:jamais|pas) (?:reçu|livré|livrée|arrivé|arrivée)\b|\bcolis (?:perdu|jamais)\b",
        r"\b(?:je veux|j'exige|remboursez|rembourser)\b.{0,30}\brembours|\bremboursez[- ]moi\b",
        r"\b(?:prélevé|facturé) deux fois\b|\bdéçue?s?\b|\bservice client (?:nul|inexistant|déplorable)\b",
        r"\b(?:encore|de nouveau) (?:en retard|en panne|coupé|annulé)\b|\bannul(?:é|ée) sans\b",
    )
)

# An agent answering a customer: a service phrase in the first person plural, a hand-off, a signature.
_AGENT = _compile(
    (
        # English
        r"\b(?:we're|we are|we're so|we are so|we're really|we're truly) sorry\b|\bsorry to hear\b",
        r"\bwe (?:apologi[sz]e|understand your|appreciate your|hear you)\b",
        r"\b(?:dm|message|email|e-mail|contact) us\b|\bsend us (?:a |an )?(?:dm|direct message|message|note)\b",
        r"\b(?:follow|reach out to|get in touch with) (?:us|our)\b",
        r"\bwe(?:'d| would) (?:like|love|be happy|be glad)\b|\bwe(?:'re| are) (?:here|happy|glad) to help\b",
        r"\bwe can (?:help|look into|take a (?:closer )?look|check)\b",
        r"\bwe(?:'ll| will) (?:look into|check|help|be|try|point|gladly|follow)\b|\bwe (?:find|recommend|suggest)\b",
        r"\b(?:give|send|tell|show) us (?:the|a|an|more|some)\b|\blet us know (?:how|if|what|which|whether)\b",
        r"\bhmm,? (?:that's|that is) (?:odd|weird|strange|unusual)\b|\bif you haven't already\b",
        r"\bare you (?:getting|seeing|receiving) (?:a|an|any) (?:specific )?(?:error|message)\b",
        r"\btry (?:the troubleshooting|reinstalling|restarting|clearing|signing out|logging out|these steps)\b",
        r"\b(?:submit|create|open) a (?:support )?(?:ticket|request)\b|\bplease (?:submit|create|open|follow)\b",
        r"\bthanks for (?:reaching out|the tag|contacting us|your patience|letting us know|flagging|the heads)\b",
        r"\bappreciate (?:the tag|you reaching|your taking|your patience)\b|\bmind if we jump in\b",
        r"\bjust to confirm\b|\b(?:have|did) you (?:tried|try|checked|check|already tried|restarted)\b",
        r"\bcould you (?:please )?(?:let us know|clarify|confirm|share|send|tell us)\b|\bplease (?:let us know|clarify)\b",
        r"\bthis (?:guide|article|link|page) (?:may|will|should|can) help\b|\bhere's how\b|\bhope this helps\b",
        # French
        r"\bnous (?:sommes|en sommes) (?:vraiment |sincèrement )?désolés?\b|\bdésolés? pour (?:la gêne|ce désagrément)\b",
        r"\b(?:écrivez|envoyez)-nous\b|\ben (?:mp|dm|message privé)\b|\bcontactez-nous\b",
        r"\bnous (?:vous invitons|restons à votre disposition|allons (?:vérifier|regarder)|revenons vers vous)\b",
        r"\bn'hésitez pas à nous\b|\bmerci de nous avoir (?:contactés|écrit|signalé)\b|\bnotre équipe\b",
    )
)
# A signature ending an agent's reply: "*MS", "^JD", "-AB", "/Tom" at the very end.
_SIGNATURE = re.compile(r"(?:^|\s)(?:[*^~]\s?[A-Z][A-Za-z]{1,2}|[-–/]\s?[A-Z]{2,3})\s*$")


def _straight(text: str) -> str:
    """``text`` with typographic apostrophes made straight (``str.translate`` only when there is one: it
    costs more than the search that follows)."""
    return text.translate(_APOSTROPHES) if any(c in text for c in "’‘`´") else text


def complaint_cue(text: str) -> bool:
    """Whether ``text`` carries a customer's complaint cue (English or French)."""
    return _COMPLAINT.search(_straight(text))


def agent_reply(text: str) -> bool:
    """Whether ``text`` reads like a brand agent's reply to a customer (English or French)."""
    text = _straight(text)
    return _AGENT.search(text) or _SIGNATURE.search(text) is not None


def decide(text: str, probabilities: Mapping[str, float] | None, *, from_brand: bool = False) -> str | None:
    """The intent to store and route on: the model's top class, corrected by the cues (see the module).

    ``from_brand``: the author is one of the organisation's own accounts. ``None`` when nothing was scored.
    """
    if not probabilities:
        return None
    top = max(probabilities, key=lambda k: probabilities[k])
    complaint = float(probabilities.get("complaint", 0.0))
    if from_brand:
        return "other" if top in ("complaint", "crisis") else top
    cue = complaint_cue(text)
    if agent_reply(text) and not cue:
        # A sure crisis stays one: a news agency's signed flash ("… death toll rises. -MM") reads like an agent.
        if top == "complaint" or (top == "crisis" and float(probabilities["crisis"]) < SURE):
            return "other"
        return top
    if cue and top != "complaint" and complaint >= CUE_FLOOR and float(probabilities.get(top, 0.0)) < SURE:
        return "complaint"
    return top
