"""Threat constructions of chat messages beyond "I will kill you", and the frames that make violent words no
threat (issue #12: "threats against a person, direct or conditional, in any tense").

Why a module of its own: the fast model's threat head recognises chat threats from outside its training corpus
poorly (ROC-AUC 0.59 with the Telegram corpus held out, docs/evaluation.md), so the rules carry them, and the
same model scores game trash talk, film quotes and "kill the lights" as threats. The families here, all read on
the folded view with texting spellings spelt out and ``’`` written ``'``:

* **threats** (:func:`threat_spans`): a threat in the present ("I'm outside your house with a knife", "on my way
  to kill you"), reported by its author ("I said I'd beat you up"), aimed at family or property ("your kids are
  next", "I'll torch your car"), a weapon meant for someone ("a bullet with your name on it", "ce couteau est
  pour toi"), the passive "you're getting stabbed", implicit ones ("enjoy your last days", "this is your last
  warning", "je sais où tes enfants vont à l'école") and an address found or posted followed by an ominous
  line (doxxing as a threat);
* **dismissals** (:func:`dismissed`): a hit that is no threat where it stands: regret of a purchase ("you'll
  regret buying that phone", "vous allez regretter de perdre un client"), "I know where you live" said to bring
  a present, violence inside a game ("next round", "en ranked", "gg") unless real life is named, and violence
  quoted from a film, a song or a book;
* **frames** (:func:`framed`) and **idioms** (:func:`idiom`): what stops the model's threat or toxicity score
  alone from flagging a post ("in the movie the villain threatens to kill the town", "can you kill the lights").

Patterns are alternations with bounded gaps (no nested quantifiers): linear on any input, and behind
:class:`~charte.detectors.support.phrases.Phrases` pre-check so most posts never run them.
"""

from __future__ import annotations

import re
from functools import cache

from charte.detectors.support import (
    threat_banter,
    threat_compose,
    threat_forms,
    threat_guards,
    threat_implicit,
    threat_veiled,
)
from charte.detectors.support.phrases import Matcher, Phrases
from charte.normalize import View

_YOU = r"(?:you|u|ya|y'all|yall)"
_YOUR = r"(?:your|ur|yo)"
_ME = r"(?:i|we|i'm|im|i am|we're|we are|i'll|ill|we'll|imma|ima|i'd|we'd|gonna|finna|my (?:boys|friends|guys|crew|bros|brothers|people|cousins))"
_KIN_EN = (
    r"(?:kids?|children|son|daughter|wife|husband|mom|mum|mother|dad|father|family|parents|sister|brother|"
    r"girlfriend|boyfriend|gf|bf|baby|grandma|grandmother|dog|cat)"
)
_PLACE_EN = r"(?:house|home|place|door|doorstep|work|job|school|office|building|apartment|flat|street|car)"
_WEAPON_EN = (
    r"(?:knife|knives|blade|gun|guns|pistol|rifle|shotgun|9mm|glock|strap|piece|bat|machete|crowbar|axe|hammer|"
    r"bullets?|rounds?|shells|bomb)"
)
_HARM_EN = (
    r"(?:kill|murder|stab|shoot|hurt|beat|jump|end|smoke|merk|body|strangle|choke|cut|slice|burn|torch|"
    r"fuck (?:you|u) up|mess (?:you|u) up|beat (?:your|ur) ass|break)"
)
_OMINOUS_EN = (
    r"(?:see (?:you|u) (?:soon|tonight|there|later|real soon)|sleep (?:well|tight)|be seeing (?:you|u)|"
    r"(?:i'm|im|we're|were|we are|i am) coming|have fun with the visitors|be home tonight|watch (?:your|ur) back|"
    r"knock knock|🔪|🔫|⚰)"
)

_THREAT_EN = re.compile(
    # present, on the way, in place: "i'm outside your house right now with a knife", "omw to kill you"
    rf"\b(?:i'm|im|i am|we're|we are|my \w+ (?:are|is))(?: \w+){{0,2}} (?:outside|waiting (?:outside|at|for {_YOU})|"
    rf"parked outside|in front of|at) {_YOUR} {_PLACE_EN}\b[^.!?\n]{{0,40}}\b(?:with|to|and) (?:a |my |the |some )?"
    rf"(?:{_WEAPON_EN}|{_HARM_EN})\b"
    rf"|\b(?:on my way|omw|on our way|driving|heading|coming|going over)(?: \w+){{0,4}} (?:to|and) {_HARM_EN} "
    rf"(?:{_YOU}|{_YOUR})\b"
    rf"|\b(?:i'm|im|i am|we're|we are) (?:coming|comin) (?:straight |right )?(?:for|after) {_YOU}\b(?! (?:to|at|in|on|with|guys)\b)"
    # the author's own earlier threat, upheld: "I said I'd beat you up", "i was going to kill you and I still am"
    rf"|\b(?:i'd|id|i would|i was going to|i was gonna|i'm still going to|i still will)(?: (?:personally|really))? "
    rf"(?:(?:kill|murder|stab|shoot|hurt|strangle|choke|end) {_YOU}\b|beat {_YOU} up\b|make {_YOU} (?:bleed|suffer|pay)\b)"
    # a weapon meant for someone
    rf"|\b(?:a |my |the |this |that )?{_WEAPON_EN} (?:\w+ ){{0,2}}with {_YOUR} name on it"
    rf"|\b(?:this|that|the|my) {_WEAPON_EN} (?:is|'s|are) (?:just |all )?for {_YOU}\b"
    rf"|\b(?:bought|got|getting|loaded|loading|sharpening|sharpened|brought|bringing|grabbed|grabbing|packing)"
    rf"(?: \w+){{0,2}} {_WEAPON_EN}(?: \w+){{0,2}} (?:just |especially )?(?:for {_YOU}\b|(?:to|at) {_YOUR} {_PLACE_EN}\b)"
    rf"|\bpull(?:ing)? up (?:on|to) (?:{_YOU}|{_YOUR} \w+)\b[^.!?\n]{{0,25}}\b(?:strap|gun|{_WEAPON_EN}|gang|squad|boys|opps)\b"
    rf"|\bmy (?:{_WEAPON_EN}) says (?:hi|hello)"
    # the passive: "you're getting stabbed", "ur gonna get smoked"
    rf"|\b(?:you(?:'re| are| r)|you'll|you will|you) (?:getting|gonna get|going to get|about to get|bout to get|"
    rf"will get|finna get|get) (?:jumped|stabbed|shot|smoked|clapped|beaten|beat up|killed|murdered|merked|"
    rf"bodied|capped|popped|whacked|shanked|strangled)\b"
    rf"|\b(?:you|u)(?:'ll| will|'re going to| are going to| are gonna|'re gonna)? (?:leave|go home|walk out|end up|be leaving) "
    rf"(?:in (?:an ambulance|a stretcher|a body ?bag|a coffin|a casket|a wheelchair|the morgue)|on a stretcher)"
    rf"|\b(?:you|u) (?:won't|wont|will not) (?:leave|walk out|walk away|go home|make it (?:home|out)) "
    rf"(?:on (?:your|ur) own (?:two )?feet|alive|in one piece|breathing)"
    # family and property
    rf"|\b(?:i|we) know where {_YOUR} {_KIN_EN} (?:live|lives|go|goes|work|works|sleep|sleeps|stay|stays|is|are|plays?)\b"
    rf"|\b{_YOUR} {_KIN_EN} (?:is|are|will be|'s|'re) next\b(?! (?:in|to|on|for|at|week|year|month|time)\b)"
    rf"|\b(?:make|making) {_YOUR} (?:\w+ )?{_KIN_EN} disappear|\bmake {_YOU} disappear"
    rf"|\b(?:i|we)(?:'ll| will|'m gonna|'m going to| am going to| are going to|'re gonna) (?:personally )?make sure "
    rf"(?:{_YOU}|{_YOUR} \w+) (?:never (?:walk|wake|see|talk|breathe|leave|work)|can't walk|don't wake up)"
    rf"|\b(?:hurt|kill|stab|shoot|beat|go after|come after|get|find|take) {_YOUR} (?:whole )?{_KIN_EN}\b"
    rf"[^.!?\n]{{0,25}}\b(?:and make {_YOU} watch|next|too|first|half to death)"
    rf"|\b{_ME}(?: \w+){{0,3}} (?:torch|torching|burn|burning|smash|smashing|wreck|trash|slash|firebomb|blow up|"
    rf"set fire to|key)(?: \w+){{0,3}} {_YOUR} (?:house|home|car|place|shop|store|office|windows?|tires|tyres|"
    rf"truck|apartment|flat|garage|business)\b"
    rf"|\b(?:slash|slashing|pop|popping|key|keying|smash|smashing)(?: \w+){{0,2}} (?:tires|tyres|windows?|windshield|"
    rf"headlights) (?:on|of|in) {_YOUR}"
    rf"|\bset {_YOUR} (?:house|home|car|place|shop|store|office|truck|apartment|flat) on fire"
    rf"|\b{_YOUR} (?:house|home|car|place|shop|store|office|truck|apartment|flat|garage) (?:is|'s|will be) (?:going up in flames|gonna burn|"
    rf"going to burn|burning down|next)\b"
    rf"|\b(?:shame|pity) if (?:it|{_YOUR}(?: \w+){{1,2}}) (?:burned|burnt|caught fire|went up in flames|got (?:torched|smashed))"
    # implicit
    rf"|\b(?:shame|pity) if (?:something|anything) (?:bad )?(?:happened|happens|were to happen) to {_YOU}"
    rf"|\benjoy {_YOUR} (?:last|final) (?:days|day|hours|night|weekend|breaths?|moments)\b"
    rf"(?! (?:before|of|as|at|in|on|with|off|together|at home)\b)"
    rf"|\bcount(?:ing)? {_YOUR} days\b|\b{_YOUR} days are (?:numbered|counted)\b|\b{_YOUR} time is (?:(?:almost|nearly|about|just about) )?(?:running out|up)\b"
    rf"|\b(?:this is|that was|consider this|last|final) {_YOUR}? ?(?:last|final) warning\b"
    rf"|\b{_YOU} (?:have|got) no idea what(?:'s| is) coming(?: for {_YOU}| to {_YOU}| {_YOUR} way)?(?= *(?:$|[.!,;\n]))"
    rf"|\bhope {_YOU} like (?:hospital food|wheelchairs?|the taste of (?:blood|dirt))"
    rf"|\b{_YOU} (?:better|had better|'d better|best) (?:run|hide|watch (?:yourself|urself|your ?self|{_YOUR} back|out)|"
    rf"lock {_YOUR} doors?)\b(?! (?:to|for|the|a|if|when)\b)"
    rf"|\b(?:you'll|you will|u'll) be sorry when (?:they|we|i|someone) finds? {_YOU}"
    rf"|\bsee what happens to {_YOUR}? ?(?:face|family|kids?|car|house|you)\b"
    # doxxing as a threat: an address found or posted, then an ominous line
    rf"|\b(?:found|got|have|posted|leaked|know|found out|figured out)(?: \w+)? {_YOUR} (?:home |real |new )?"
    rf"(?:address|addy|location|ip)\b[^\n]{{0,80}}\b{_OMINOUS_EN}"
    rf"|\b(?:i|we) know {_YOU} live (?:at|on|in)\b[^\n]{{0,60}}\b{_OMINOUS_EN}"
    rf"|\bfound (?:out )?where {_YOU} (?:live|sleep|work)\b"
    rf"|\bone more\b[^.!?\n]{{0,40}}\b(?:i'm|im|i am|i'll|ill|i will|we're|we'll) (?:coming|come|showing up|pulling up|"
    rf"pull up) (?:to|at|round|over to) {_YOUR} {_PLACE_EN}"
    rf"|\b(?:be|b|show up|come|coming|pull up|be waiting) (?:at|to|outside) {_YOUR} {_PLACE_EN}\b[^.!?\n]{{0,40}}"
    rf"\b(?:you won't like|you wont like|you'll regret|you will regret|you'll be sorry|you will be sorry)"
    rf"|\b(?:see (?:you|u)|cya|i'm coming|im coming|coming for (?:you|u))(?: (?:soon|tonight|later))?[ .!]*(?:🔪|🔫|🗡|⚰|💣)"
    rf"|\b(?:finna|boutta|bout to|about to|gunna|gon) (?:kill|end|stab|shoot|murder|smoke|merk|body|jump|shank) {_YOU}\b"
    rf"|\b(?:break|snap|crack) (?:his|her|their) (?:legs?|neck|jaw|face|skull|arms?)"
    # violence called for or wished by the author on someone named or pointed at (Telegram replies)
    rf"|\b(?:should|must|needs? to|ought to|deserves? to) (?:all )?(?:be )?(?:crucified|tortured|exterminated|"
    rf"stoned to death|beaten to death|burned at the stake|fed to the \w+|shot in the head|killed|murdered)\b"
    rf"|\bdeath to (?:them|him|her|all|every|these|those|the)\b"
    rf"|\b(?:i|we) (?:want|wanna|would love|'d love|would like|'d like) to (?:kill|murder|strangle|stab|behead|"
    rf"lynch|choke|torture|skin) (?!(?:time|it|this|that|the time|myself|ourselves|some time|the lights)\b)[a-z]+"
    rf"|\b(?:i|we) (?:would|'d) love to see (?:someone |somebody )?(?:\w+ ){{0,2}}(?:punch|kill|shoot|hang|beat|stab|"
    rf"strangle|lynch|execute|torture)\w*"
    rf"|\bfeed (?:him|her|them|em|that \w+|this \w+) to the (?:gators|alligators|sharks|wolves|pigs|lions|crocodiles|dogs)"
    rf"|\bwith my bare hands\b"
    # harm done to the reader's body, or verbs of harm that need no complement to threaten
    rf"|\b{_ME}\b[^.!?\n]{{0,30}}?\b(?:rip|tear|knock|cave|snap|gouge|bash|kick|punch|smash|break|crack|split|cut|"
    rf"slice|stomp|beat|pull|slit|blow|cave in) (?:\w+ ){{0,3}}{_YOUR} (?:\w+ )?(?:head|face|teeth|skull|neck|eyes?|"
    rf"throat|jaw|ribs|legs?|arms?|nose|spine|kneecaps?|fingers?|hands?|tongue|guts|brains?|ass|lights|body)\b"
    rf"|\b(?:slap|beat|kick|knock|punch|choke|strangle) the (?:shit|crap|hell|life|piss|teeth|daylights) out of {_YOU}\b"
    rf"|\b{_ME}(?: \w+){{0,3}} (?:drown|hang|bury|strangle|suffocate|smother|behead|decapitate|dismember|torture|"
    rf"pistol[- ]?whip|curb[- ]?stomp|maim|mutilate|disembowel|shank|shiv|lynch|poison|kidnap|abduct|skin|"
    rf"whack|waste) {_YOU}(?![\w'])"
    rf"|\b{_ME}(?: \w+){{0,3}} (?:(?:set|light) {_YOU} on fire|run {_YOU} over|(?:tear|rip) {_YOU} (?:apart|to (?:pieces|"
    rf"shreds)|limb from limb)|put {_YOU} (?:six feet under|in (?:a coma|the ground|a grave|an early grave|the hospital|"
    rf"a wheelchair|a body ?bag)|down like a dog)|beat {_YOU} (?:to death|senseless|unconscious|half to death|to a pulp|"
    rf"within an inch of)|(?:hunt|track) {_YOU} down|make {_YOUR} life (?:a )?(?:living )?hell)"
    rf"|\b(?:make {_YOU}|{_YOU}(?:'ll| will|'re gonna|'re going to| are going to| gonna)) wish {_YOU} (?:were|was|had been) "
    rf"(?:dead|never born)"
    rf"|\bgetting {_YOUR} (?:head|face|teeth|ass|skull) (?:kicked|smashed|bashed|caved|beaten|knocked) in\b"
    rf"|\b{_ME}(?: (?:will|shall|gonna|going to|am going to|'ll|personally|swear|fucking|fuckin|fkn|fukn|fking|"
    rf"literally|really))* end {_YOU}(?= *(?:$|[.!,;\n]|"
    rf"(?:now|tonight|today|fr|for real|irl)\b))"
    rf"|\bsay goodbye to {_YOUR} (?:kneecaps|teeth|legs|knees|face|life|family|kids)\b"
    rf"|\b(?:better|you'd better|you better) (?:hope|pray) (?:i|we) (?:never|don't|dont) (?:find|catch|see) {_YOU}"
)

_KIN_FR = (
    r"(?:enfants|gosses|gamins|fils|fille|femme|mari|mere|pere|famille|parents|soeur|frere|copine|copain|meuf|"
    r"daron|daronne|petite?s?|chien)"
)
_WEAPON_FR = r"(?:balle|couteau|flingue|fusil|lame|batte|pistolet|calibre|gun|machette|surin|schlass|bombe)"
_OMINOUS_FR = (
    r"(?:on arrive|j'arrive|on vient|je viens|a ce soir|a bientot|dors bien|fais de beaux reves|on passe|"
    r"je passe te voir|tu vas voir|🔪|🔫|⚰)"
)
_THREAT_FR = re.compile(
    rf"\bje sais ou (?:tes|ta|ton|vos|votre) {_KIN_FR} (?:vont|va|vit|vivent|habite|habitent|travaille|"
    rf"travaillent|bosse|bossent|dort|dorment|est|sont|joue|jouent)\b"
    rf"|\b(?:je|on) sai[st] ou (?:tu|vous) (?:habite|vis|bosse|travaille|dort|gare|crech)\w*"
    rf"|\bprofite[sz]? bien de (?:tes|vos) (?:derniers?|dernieres) (?:jours|heures|instants|moments|nuits)"
    rf"|\b(?:tes|vos) (?:derniers|dernieres) (?:jours|heures) (?:sont|seront|arrivent)"
    rf"|\b(?:dors|dormez|dort) (?:que d'un|d'un seul|avec un) (?:oeil|œil)"
    rf"|\b(?:dommage|bete) (?:qu'il|s'il|que quelque chose) (?:te |t'|vous )?(?:arrive|arrivait|arriverait)\w*"
    rf"(?: (?:quelque chose|malheur|un accident|un truc))?"
    rf"|\b{_WEAPON_FR}s? (?:\w+ ){{0,2}}avec ton nom"
    rf"|\b(?:ce|cette|mon|ma|le|la) {_WEAPON_FR} (?:est|sera|c'est) (?:juste |rien que )?pour toi\b"
    rf"|\b(?:achete|pris|ramene|sorti|charge|aiguise)\w*(?: \w+){{0,2}} {_WEAPON_FR}\w*(?: \w+){{0,2}} "
    rf"(?:juste |rien que |exprès |expres )?pour toi\b"
    rf"|\b(?:je|j'|on)(?: (?:vais|va))? ?(?:ramene|ramener|sors|sortir|prends|apporte|apporter|amene|amener) "
    rf"(?:mon|ma|le|la|un|une|les|nos|mes) {_WEAPON_FR}s?\b"
    rf"|\b(?:on|ils|mes potes|mes gars|la bande) (?:va|vont|vas) (?:te|vous) tomber dessus"
    rf"|\b(?:te|vous|t') ?regler (?:ton|votre) compte|\bregler son compte a (?:toi|ta|ton)"
    rf"|\b(?:j'ai|on a|je connais|je sais|on connait)(?: \w+)? (?:ton|ta|votre) (?:adresse|domicile|ip)\b[^\n]{{0,60}}"
    rf"\b{_OMINOUS_FR}"
    rf"|\b(?:tes|vos|ta|ton) {_KIN_FR} (?:sont|est|seront|sera) (?:les |le |la )?(?:prochains?|prochaines?)\b"
    rf"(?! (?:sur (?:la|ma|notre) liste (?:des|d')|a (?:etre invite\w*|gagner|venir|recevoir|passer a table))\b)"
    rf"|\b(?:je vais|on va) (?:m'occuper|s'occuper) de (?:ta|ton|tes|votre|vos) {_KIN_FR}"
    rf"|\b(?:ta|ton|tes|votre|vos) {_KIN_FR} (?:va|vont) y passer"
    # harm done to the reader's body, or verbs of harm that need no complement to threaten
    rf"|\b(?:je|j'|j|on|moi je)\b[^.!?\n]{{0,20}}?\b(?:t'|te |vous )(?:\w+ )?(?:arrach|crev|pet|cass|explos|eclat|"
    rf"fracass|bris|defonc|ouvr|coup|tord|broy|enfonc|refai)\w* (?:la |le |les |ta |ton |tes |l')?(?:tete|gueule|crane|"
    rf"dents|yeux|jambes|genoux|bras|doigts|nez|machoire|cotes|dos|face|portrait|cou|gorge|ventre|bide|tronche)\b"
    rf"|\b(?:je|j'|j|on)(?: (?:vais|va|vai|v))? ?(?:te |t')(?:mettre|envoyer|foutre) (?:six pieds sous terre|dans le coma|"
    rf"en morceaux|en sang|en pieces|a l'hopital|aux urgences|au cimetiere|le feu)"
    rf"|\b(?:je|j'|j|on)(?: (?:vais|va|vai|v))? ?(?:te |t')(?:noy|pend|etouff|tortur|kidnapp|empoisonn|egorg|"
    rf"enterr\w* vivant|rouler dessus|ecraser avec|faire (?:bouffer|manger|avaler) tes dents|faire la misere)\w*"
    rf"|\b(?:t'es|tu es|vous etes|t es) (?:le prochain|la prochaine|les prochains) sur (?:ma|notre) liste"
    rf"|\bprepare[sz]?[- ](?:toi|vous) a (?:mourir|souffrir|crever|saigner|payer)"
)


@cache
def _book() -> tuple[Phrases, Matcher | None]:
    """Every alternative of the two patterns behind one Aho-Corasick pre-check of the words it must hold
    (:class:`~charte.detectors.support.phrases.Phrases`): one pattern behind one gate would be opened by
    "you" or "your" in most posts, one gate per alternative opens almost none."""
    book = Phrases()
    matcher = book.words(
        [
            _THREAT_EN.pattern,
            _THREAT_FR.pattern,
            threat_implicit.THREAT_EN,
            threat_implicit.THREAT_FR,
            threat_forms.THREAT_EN,
            threat_forms.THREAT_FR,
            threat_veiled.THREAT_EN,
            threat_veiled.THREAT_FR,
            threat_veiled.THREAT_MORE_EN,
            threat_veiled.THREAT_MORE_FR,
            threat_veiled.THREAT_TENSE_EN,
            threat_veiled.THREAT_TENSE_FR,
            threat_veiled.THREAT_FORMAL_EN,
            threat_veiled.THREAT_FORMAL_FR,
            threat_veiled.THREAT_RITES_EN,
            threat_veiled.THREAT_RITES_FR,
            threat_compose.THREAT_EN,
            threat_compose.THREAT_FR,
        ]
    )
    book.build()
    return book, matcher


def threat_spans(folded: str) -> list[tuple[int, int, str]]:
    """(start, end, words) of each threat construction above in ``folded`` (``’`` already written ``'``)."""
    book, matcher = _book()
    spans = book.scan(View(folded, folded)).spans(matcher)
    return [(s.start, s.end, folded[s.start : s.end]) for s in spans[:5]]


# A game the violence happens in; real life named brings it back ("in the next round … irl").
_GAME = re.compile(
    r"\b(?:(?:next|another|1st|2nd|last|first|this|that) (?:round|match)|(?:next|another|1st|2nd) game|"
    r"the (?:next )?(?:round|match)|ranked|respawn|(?:at|camping|camp|camped|camping the|at the) spawn(?! of)|"
    r"spawn ?(?:kill|camp)\w*|rematch|revanche|gg|ggs|(?:final|raid|level|the) boss(?! (?:said|says|yelled|told|is|was|wants))|"
    r"boss (?:fight|battle|level|room|drops?|phase)|raid|among us|noob|n00b|headshot\w*|pvp|"
    r"(?:every|each) (?:round|match)|b site|scoreboard|leaderboard|bracket|site b|flank\w*|lobby|killstreak|teammates?|"
    r"(?:the |their |an? )?enemy (?:team|squad|base|players?)|(?:last|final) (?:circle|zone)|"
    r"1v1|ffa|fortnite|valorant|warzone|minecraft|overwatch|apex|csgo|cs2|in smash|smash bros|mario ?kart|fifa|"
    r"prochaine? (?:round|partie|manche|match|game)|(?:la|une|cette) (?:partie|manche|game)|en ranked|"
    r"in (?:the )?(?:final|semis?|tournament|league|cup|derby)|au match|chess|echecs|poker|"
    r"clash(?: of clans| royale)?|battle ?royale|pubg|call of duty|camp(?:ing|ed)? the spawn)\b"
)
_REAL_LIFE = re.compile(
    r"\b(?:irl|in real life|en vrai|dans la vraie vie|after school|apres les cours|outside school|"
    r"(?:your|ur|ta|ton|tes) (?:house|home|address|adresse|maison|family|famille|mom|mum|mere|kids|enfants)|"
    r"chez toi|where you live|ou tu habites?)\b"
)
# Fiction, songs and reported speech: the violence is a character's, a lyric's or someone else's words.
_FICTION = re.compile(
    r"\b(?:(?:in|from|of) (?:the|that|a|my|his|her|their) (?:movie|film|tv show|series|book|novel|song|episode|"
    r"scene|season|anime|manga|video game|game|story i'm writing|campaign)|"
    r"(?:the|that|this) (?:villain|character|killer's|scene|lyrics?|monologue|trailer|verse|chorus)|"
    r"(?:that|this) (?:line|track|album|song)|the (?:song|lyric|line|chorus|verse) goes|"
    r"season \d+|lyrics|d&d|dnd|dungeon master|karaoke|playlist|"
    r"(?:dans|de) (?:le|la|ce|cette|mon|ma|son|sa) (?:film|serie|livre|roman|chanson|scene|episode|jeu|manga|clip)|"
    r"(?:le|la|ce|cette) (?:mechant|personnage|scene|chanson|replique|morceau|couplet)|rappeur|chanteur|"
    r"threaten(?:s|ed|ing)? to|menace\w* de|menaces? de mort|death threats?|antagonist|protagonist|villain|"
    r"(?:novel|movie|film|book|show)'s|rewatch\w*|the (?:line|quote) ['\"«“]|the '[^'\n]{1,60}' (?:speech|line|scene)|monologue)\b"
)
# A purchase, a loss or a choice regretted: "you'll regret buying that phone", "vous allez regretter de perdre".
_REGRET_OF = re.compile(
    r"^ *(?:not (?:coming|going|being there|trying|joining)\b|(?:not )?(?:losing|buying|choosing|ordering|cancell?ing|ignoring|hiring|firing|skipping|missing|selling|"
    r"booking|picking|signing up|switching|subscribing|paying|investing|voting)\b|your (?:choice|decision|purchase)|"
    r"(?:de|d') ?(?:ne )?(?:pas|jamais|plus) (?:etre |avoir )?(?:venue?s?|passee?s?|participe|vu|essaye)\b|"
    r"(?:de|d') ?(?:ne pas |n'avoir pas |avoir )?(?:perdu|perdre|achete|acheter|choisi|choisir|commande|commander|"
    r"ignore|ignorer|annule|annuler|vendu|vendre|rate|rater|investi|investir|vote|voter)\b|ce choix|cet achat)"
)
# "I know where you live" said with a gift, an invitation or thanks.
_FRIENDLY = re.compile(
    r"\b(?:present|gift|birthday|drop (?:off|by)|pick (?:you|u|them|him|her|the kids) up|invite|invitation|party|"
    r"housewarming|"
    r"thanks|thank you|cadeau|anniversaire|merci|cremaillere|deposer|(?:grab|fetch|collect) (?:them|him|her|the kids)|"
    r"next door|moved in|moving in|barbecue|bbq|on est voisins|emmenag\w*|boire un (?:cafe|verre|coup)|"
    r"(?:les|la|le) (?:recuperer|chercher))\b"
)
_LOCATES = ("know where", "sais ou")


def _inside_quotes(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is between quotation marks ("…", « … », '…' not an apostrophe)."""
    for opening, closing in (('"', '"'), ("«", "»"), ("“", "”"), ("'", "'")):
        left = text.rfind(opening, max(0, start - 120), start)
        if left < 0 or (opening == "'" and left > 0 and text[left - 1].isalpha()):
            continue
        right = text.find(closing, end, end + 120)
        if right >= 0 and (opening != "'" or right + 1 >= len(text) or not text[right + 1].isalpha()):
            return True
    return False


# The author quoting their own earlier threat to the reader: "like I told you: 'I will hurt you'", "remember when
# i said "ill break ur arm"?": quotation marks that report no one else's words.
_SELF_QUOTE = re.compile(
    r"\b(?:i|we) (?:said|told (?:you|u)|texted (?:you|u)|warned (?:you|u)|wrote (?:to )?(?:you|u)|messaged (?:you|u)|"
    r"promised(?: (?:you|u))?)(?: (?:last|on|this|that) \w+)?[ :,]*[\"'«“] *$"
)


# Reported speech without quotation marks: "the villain says they'll be picking pieces of you out of the river".
_SAYS = re.compile(
    r"\b(?:says|said|goes|whispers|whispered|yells|yelled|screams|screamed|tells (?:him|her|them|the \w+)|dit|dit que)\b"
    r"[ :,]*(?:that |que |qu')?[^.!?\n]{0,25}$"
)


def self_quoted(folded: str, start: int) -> bool:
    """Whether the threat at ``start`` opens a quotation of the author's own words to the reader (which counter-speech
    must not take for a report)."""
    return _SELF_QUOTE.search(folded[max(0, start - 40) : start]) is not None


def in_game(folded: str) -> bool:
    """Whether the post names a game or a match the violence happens in, and no place of real life."""
    return _GAME.search(folded) is not None and _REAL_LIFE.search(folded) is None


def dismissed(folded: str, start: int, end: int) -> bool:
    """Whether the threat words at ``folded[start:end]`` are no threat where they stand (see the module)."""
    words = folded[start:end]
    if words.rstrip().endswith(("regret", "regretter")) and _REGRET_OF.match(folded[end : end + 30]):
        return True
    if any(w in words for w in _LOCATES) and _FRIENDLY.search(folded):
        return True
    if (
        in_game(folded)
        or threat_banter.banter(folded)
        or threat_guards.eaten(words)
        or threat_guards.hazard(folded, folded[max(0, start - 20) : end])
    ):
        return True
    if threat_guards.idiom_after(folded, end) or threat_guards.priced_or_weather(folded, words, end):
        return True  # "you'll die laughing", "you'll pay less tax", "you're gonna get smoked by this heat"
    if threat_guards.retracted(folded, end) or threat_guards.other_agent(folded):
        return True  # "i'll kill you 😂 jk love u", "ur so dead when mum sees the mess"
    if threat_guards.soft(words) and (threat_guards.friendly(folded) or threat_guards.pet_agent(folded)):
        return True  # "you won't see it coming, best surprise party ever"
    if (threat_guards.received(folded) or threat_guards.condemned(folded)) and _inside_quotes(
        folded, start, end
    ):
        return True  # "my ex keeps texting 'watch your back'", "nobody deserves messages like '…'"
    return _FICTION.search(folded) is not None and (
        _inside_quotes(folded, start, end)
        or ":" in folded[max(0, start - 40) : start]
        or _SAYS.search(folded[max(0, start - 40) : start]) is not None
    )


def framed(folded: str) -> bool:
    """Whether the post frames violence as a game, fiction, a song or a report: the model alone decides nothing."""
    return in_game(folded) or _FICTION.search(folded) is not None or threat_guards.benign(folded)


# Idioms the model reads as violence: objects of "kill", "shoot", "cut"; laughter ("you're killing me",
# "i'm dead 💀"); sport ("we'll beat them in the final").
_IDIOMS = re.compile(
    r"\b(?:kill(?:s|ed|ing)? (?:the |my |your |that |this )?(?:lights?|engine|music|process|app|tab|power|mood|"
    r"vibe|battery|motor|noise)|shoot (?:the |a |some |our |my |an |me (?:a|an|the) )?(?:video|film|scene|photos?|pics?|"
    r"footage|clip|ad|commercial|episode|movie|hoops|e-?mail|message|text|dm|shot|breeze|pictures?)|"
    r"cut (?:the |a |some |our |my )?(?:cake|bread|pizza|onions?|costs?|budget|line|rope|grass|hair|vegetables)|"
    r"(?:you're|you are|you r|u r) killing me|(?:regret|regretter)(?= not (?:coming|going|joining|trying|being there)\b|"
    r" (?:de|d') ?(?:ne )?(?:pas|jamais) (?:etre |avoir )?(?:venue?s?|passee?s?|participe|vu|essaye)\b|"
    r" (?:not )?(?:losing|buying|choosing|cancell?ing|"
    r"hiring|firing|switching|subscribing|investing)\b| (?:de|d') ?(?:perdre|acheter|choisir|annuler|investir)\b)|(?:i'm|im|i am) (?:so |literally |actually )?dead\b(?! serious)|"
    r"see what happens to (?:your|ur|the|my) (?:follower\w*|ratings?|numbers|stats|grades?|scores?|career|sales|likes|"
    r"views|account|reach|engagement)|tu me tues|(?:eteins|eteindre|coupe|couper) (?:la lumiere|le moteur|la musique)|tourner (?:la|une|le) "
    r"(?:video|scene|film|clip))"
)


# Dead of laughter, said of oneself at the start of a sentence and followed by laughter: "dead 💀💀 i can't
# breathe", "mort 😂 je peux plus respirer" ("you're dead 😂" is not this: the reader is the one dead).
_LAUGHTER = re.compile(
    r"(?:^|[.!?\n] *)(?:i'm |im |i am |je suis |literally |actually |so )?(?:dead|ded|dying|mort|morte|je meurs)"
    r"(?= *(?:[💀☠😂🤣😭]|lol\b|lmao|lmfao|mdr\b|ptdr|xd\b|i can'?t breathe|je (?:ne )?peux plus respirer))"
)


def idiom(folded: str) -> bool:
    """Whether the post uses one of the idioms above, or says it knows where the reader lives to bring a present."""
    return (
        _IDIOMS.search(folded) is not None
        or _LAUGHTER.search(folded) is not None
        or (any(w in folded for w in _LOCATES) and _FRIENDLY.search(folded) is not None)
    )
