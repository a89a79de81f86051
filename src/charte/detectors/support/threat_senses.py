"""Which sense of the fast threat head's trigger words a post uses, EN (issue #12).

The threat head was trained on Telegram replies full of "hang", "execute", "Gitmo" and "firing squad", so it
scores 0.9-1.0 on both "Hang this traitor" and "hang tight, almost done" or "we executed the trade at open".
When the head alone says "threat" (no threat word or pattern found by the rules) and the toxicity head reads
the post as harmless, :func:`everyday` says the trigger word is used in its everyday sense (to hang out, hang
a picture, execute a trade, an executive) and :func:`punishment` that it is used in its violent sense (a
hanging, an execution, a firing squad, a noose, Gitmo) even when no one is named: "Public hangings for
treason", "Firing squad, it's that simple".

All read the folded view (lower case, ``’`` written ``'``); bounded alternations only.
"""

from __future__ import annotations

import re

_HANG = r"(?:hang|hangs|hanging|hung)"
_EXECUTE = r"(?:execute|executes|executed|executing|execution)"
# Things people hang, trades and plans people execute.
_HUNG_THINGS = (
    r"(?:pictures?|paintings?|photos?|posters?|prints?|art|artwork|frames?|mirrors?|lights?|fairy lights|"
    r"laundry|washing|clothes|coats?|jackets?|shirts?|towels?|curtains?|blinds|shelf|shelves|wreaths?|"
    r"decorations?|ornaments?|stockings?|banners?|signs?|flags?|plants?|baskets?|hammocks?|swings?|"
    r"wallpaper|drywall|doors?|tv|bird ?feeders?|chimes|bunting)"
)
_EXECUTED_THINGS = (
    r"(?:plans?|trades?|orders?|mergers?|deals?|strateg(?:y|ies)|tasks?|projects?|contracts?|code|scripts?|"
    r"quer(?:y|ies)|programs?|commands?|vision|ideas?|transactions?|agreements?|plays?|roadmap|launch|"
    r"campaign|buyback|swap|transfer|payments?|will|estate|documents?|paperwork|jobs?|steps?|workflow)"
)
_EVERYDAY = re.compile(
    rf"\b{_HANG} (?:out|in there|tight|loose|around|up on|about)\b"
    rf"|\b{_HANG} on(?: a)?(?: sec\w*| minute| moment| tight|[,.!]|$)"
    rf"|\b(?:wanna|want to|wants to|let's|lets|can we|could we|we should|down to|free to) {_HANG}"
    rf"(?: (?:this|next|on|at|later|sometime|all|every))? (?:tonight|later|today|tomorrow|soon|sometime|"
    rf"weekend|week|friday|saturday|sunday|after (?:work|school|class))\b"
    rf"|\b(?:hang|hung) up\b(?! (?:him|her|them|the|these|those|that|this|all|every))"
    rf"|\b{_HANG} (?:(?:the|a|an|my|our|your|some|his|her|their|new|those|these|up|up the|up my|up our)"
    rf" )?(?:\w+ )?{_HUNG_THINGS}\b"
    rf"|\b{_HANG}(?:ing)? (?:plants?|baskets?|lights?|chairs?|shelf|shelves|gardens?|rails?)\b"
    rf"|\bexecutives?\b|\bexecution[- ]only\b"
    rf"|\b{_EXECUTE} (?:of |on )?(?:(?:the|a|an|my|our|your|this|that|their|his|her|its|every|each|all) )?"
    rf"(?:\w+ )?{_EXECUTED_THINGS}\b"
    rf"|\b(?:good|great|poor|bad|flawless|solid|perfect|clean|strong|weak|sloppy|excellent|brilliant|"
    rf"amazing|fast|quick|smooth|trade|order|best) execution\b"
    rf"|\b(?:jump|jumping|skipping|skip|tow|climbing) ropes?\b|\b(?:learn\w*|know\w*|show \w+) the ropes\b"
)
# A person hanged: the passive is the violent sense whatever follows ("he needs to be hung with the rest").
_HANGED = re.compile(r"\b(?:be|been|being|get|gets|getting|got) (?:hung|hanged)\b(?! up\b)")
_PUNISHMENT = re.compile(
    rf"\b(?:{_HANG}|hanged|hangings|executions|gallows|noose|nooses|lynch\w*|firing squads?|gitmo\w*|"
    rf"guantanamo|{_EXECUTE}|execute them|death penalty|electric chair|guillotine\w*|ropes?)\b"
)


def everyday(folded: str) -> bool:
    """A trigger word of the threat head in its everyday sense: "hang out", "hang the painting",
    "executed the trade", "great execution", "our executive team", "jump rope"."""
    return _EVERYDAY.search(folded) is not None and _HANGED.search(folded) is None


def punishment(folded: str) -> bool:
    """A word of violent punishment, whoever it is aimed at: a hanging, an execution, a firing squad, a
    noose, a lynching, Gitmo ("Public hangings for treason", "GITMO candidate", "A rope")."""
    return _PUNISHMENT.search(folded) is not None


# A call to kill or maim people, the verb first in its sentence or after a rallying word: "Assassinate them",
# "castrate him", "we should lynch them" (ThreatGram's threats against third parties that the head misses).
_CALL = re.compile(
    r"(?:^|[.!?\n]\s*|\b(?:just|now|then|so|and|pls|please|lets|let's|go|we should|we must|we need to|"
    r"somebody should|someone should|time to) )"
    r"(?P<call>(?:assassinate|murder|kill|shoot|stab|hang|lynch|behead|castrate|execute|torture|strangle|burn|"
    r"guillotine|gut|slaughter|hunt) (?:him|her|them|em|these|those))\b"
    r"(?! (?:a|an|the|some|with kindness|back|out|up|off)\b)"
    # ... or in the passive, what should be done to them: "the cop should be shot", "has to be killed".
    r"|(?P<passive>\b(?:should|must|needs? to|ought to|deserves? to|has to|have to|gotta|got to)(?: all)? (?:be|get) "
    r"(?:shot|hung|hanged|lynched|beheaded|murdered|guillotined|burn[et] alive|strung up|stabbed|gassed|tortured)\b"
    # not a film shot or a picture hung: "the video should be shot in 4K", "should be hung at eye level"
    r"(?! (?:in|at|on (?:film|location|camera|video|set|an?|the)|with|from|using|by a|above|over|near|next|up|so|"
    r"straight|low|high)\b))"
)


def calls(folded: str) -> list[tuple[int, int]]:
    """Spans of calls to kill or maim people: named by a pronoun after the verb ("Assassinate them", "Murder
    him with it") or in the passive ("the cop should be shot", "has to be killed")."""
    return [m.span("call") if m.group("call") else m.span("passive") for m in _CALL.finditer(folded)]
