"""Threats that name no act of violence by the author, FR and EN (issue #12): what the reader will not survive,
what the author knows of the reader's routine, harm promised through friends or cousins, danger "happening" to
the reader's family, pets or shop, and the weapon made ready.

Why a module of its own: ``threat_frames`` holds the constructions with a verb of harm ("I'll torch your car");
the families here menace by implication, so each is written as a frame (subject, construction, and the tail
that makes it ominous) rather than as a list of sentences, and each has a benign neighbour the frame leaves
out ("you won't make it home before the storm", "I know what school your kids go to, could mine carpool?",
"my cousins will pay you a visit when they're in town" — the last two are dismissed by
:func:`charte.detectors.support.threat_frames.dismissed`, which reads the friendly context).

Read on the folded view with texting spellings spelt out ("u" → "you", "ur" → "your", "wont" → "won't") and
``’`` written ``'``. Alternations with bounded gaps only: linear on any input; the patterns go behind the same
Aho-Corasick pre-check as ``threat_frames`` (:class:`~charte.detectors.support.phrases.Phrases`).
"""

from __future__ import annotations

_YOU = r"(?:you|u|ya)"
_YOUR = r"(?:your|ur|yo)"
_KIN_EN = (
    r"(?:kids?|children|son|daughter|wife|husband|mom|mum|mother|dad|father|family|parents|sister|brother|"
    r"girlfriend|boyfriend|gf|bf|baby|grandma|grandmother|dog|cat|puppy|kitten|horse)"
)
_BUSINESS_EN = (
    r"(?:house|home|car|place|shop|store|office|truck|apartment|flat|garage|restaurant|bar|pub|cafe|salon|business|"
    r"farm|barn|bakery|studio|gym|clinic|workshop|boutique|barbershop|van)"
)
# Arms only: "coming back with a hammer" fixes shelves.
_ARMS_EN = r"(?:gun|guns|knife|knives|pistol|rifle|shotgun|glock|9mm|machete|blade|strap)"
_DAY_EN = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|the weekend|the week|"
    r"next week|the month|the night|morning|christmas|the new year|new year's|your birthday)"
)
# Friends, family or hired men of the author: the ones the harm is delegated to.
_CREW_EN = (
    r"(?:(?:my|our) (?:cousins?|brothers?|boys|friends|guys|crew|bros|people|homies|gang|mates|lads|associates|"
    r"family|squad|gang)|some (?:friends|people|guys|associates|boys) of (?:mine|ours)|the (?:boys|guys|lads|squad)|some (?:of my )?(?:friends|guys|"
    r"boys|people))"
)

THREAT_EN = (
    # what the reader will not survive: "you won't survive the week", "you won't make it home"
    rf"\b{_YOU} (?:won't|will not|ain't gonna|are not going to|aren't going to|are not gonna|aren't gonna) "
    rf"(?:survive (?:the|this|another|till|until|to|past)\b|live (?:to see|past|through|till|until|another)\b|"
    rf"make it (?:to|2|till|until|past|through) {_DAY_EN}\b|make it (?:home|out)(?: alive| tonight)?(?= *(?:$|[.!,;\n])))"
    rf"|\b(?:sorry|regret(?: the day)?) {_YOU} (?:were|was) (?:ever )?born\b"
    rf"|\b{_YOU}(?:'ll| will|'re gonna|'re going to| are going to| gonna)? (?:be|end up|wind up) "
    rf"(?:in (?:a|the) (?:ditch|grave|coffin|body ?bag|morgue|river|canal|dumpster|trunk)|six feet under)\b"
    # the weapon made ready, with the reader or a goodbye in view
    rf"|\b(?:sharpen|load|clean|bring|grabb?|pack|buy|bought|oil)\w* (?:my|the|a|this) {_ARMS_EN}\b[^.!?\n]{{0,40}}"
    rf"\b(?:thinking (?:about|of) {_YOU}|for {_YOU}|who it's for|who its for|as we speak)"
    rf"|\b(?:loading|loaded|cocked|cocking) (?:my |the |a )?{_ARMS_EN}\b[^\n]{{0,40}}\bgoodbyes?\b"
    rf"|\b(?:i'm|im|i am|i'll|i will|i'll be) (?:coming|come|be) back (?:here |there )?with (?:a|my|the) {_ARMS_EN}\b"
    rf"|\btake (?:a|my|the) (?:hammer|bat|crowbar|baseball bat|knife|axe|pipe) to {_YOUR} (?:\w+ )?(?:kneecaps?|knees|"
    rf"legs?|head|face|skull|hands?|fingers|car|windows?)\b"
    rf"|\b(?:ruin|rearrange|mess up|fuck up|bust|wreck) {_YOUR} (?:pretty |little |ugly )?(?:face|teeth|nose|jaw|skull|"
    rf"kneecaps?|legs)\b"
    rf"|\b(?:throw|pour|splash|toss) (?:acid|bleach|boiling water|petrol|gasoline) (?:in|on|at|over) (?:{_YOU}\b|{_YOUR})"
    # present, in wait, and the hour set: "parked across from your work. come outside, i dare you"
    rf"|\b(?:parked|waiting|sitting|standing) (?:right )?(?:across from|outside|in front of|behind|down the street "
    rf"from|opposite) {_YOUR} (?:\w+ )?(?:house|home|place|work|job|school|office|building|apartment|flat)\b[^\n]{{0,40}}"
    rf"\b(?:i dare {_YOU}|come (?:out|outside)|watching {_YOU}|see {_YOU} soon)"
    rf"|\b(?:i'm|im|i am|we're|we are) (?:killing|stabbing|shooting|ending|smoking|merking|beating|choking) {_YOU} "
    rf"(?:the (?:second|minute|moment)|as soon as|when|once)\b"
    rf"|\b(?:imma|ima|i'ma|i will|i'll|i'm gonna|im gonna|i'm going to|im going to|gonna|finna) (?:\w+ )?"
    rf"(?:merk|murk|smoke|body|clap|cap|shank|wet|slump|whack|wack|off|pop) {_YOU}"
    rf"(?! (?:a|an|the|some|in|at|over|round|by|out|back|later|up|with)\b)"
    rf"|\bshould(?: have|'ve|a) (?:finished {_YOU} off|(?:killed|ended|buried|stabbed|shot|strangled|finished) {_YOU})\b"
    rf"[^\n]{{0,60}}\b(?:next time|twice|again|won't|last time|when i had the chance)"
    # what the author knows of the reader's routine and family
    rf"|\b(?:i|we|they|the boys) know (?:what|which|where|when|the)(?: \w+)? {_YOUR} {_KIN_EN}(?:'s)? "
    rf"(?:go|goes|take|takes|attend|attends|leave|leaves|get|gets|live|lives|work|works|sleep|sleeps|park|parks|"
    rf"walk|walks|play|plays|ride|rides)\b"
    rf"|\b(?:i|we|they) know (?:what time |when )?{_YOUR} (?:\w+ )?(?:shift|practice|route|schedule|"
    rf"school run) (?:ends|starts|finishes|gets out)\b"
    rf"|\b(?:i|we|they|{_CREW_EN}) (?:know|have|got|found) {_YOUR} (?:new |real |home )?(?:\w+'s )?address\b"
    rf"(?= *(?:$|[.!;\n]|now\b|btw\b)|[^.!?\n]{{0,30}}\b(?:careful|good luck|watch|see {_YOU}|coming|soon)\b)"
    rf"|\b(?:i|we) know {_YOUR} {_KIN_EN} (?:takes|goes|walks|leaves|gets|rides|plays)\b"
    # danger coming to the reader, their family, pets or property
    rf"|\b(?:shame|pity) if (?:something|anything) (?:bad )?(?:happened|happens|were to happen|was to happen) to "
    rf"(?:it|her|him|them|{_YOUR} \w+)\b"
    rf"|\b(?:shame|pity) if (?:she|he|they|{_YOU}|{_YOUR} \w+) (?:didn't|did not|never|wouldn't) (?:come|make it|get) "
    rf"(?:home|back)\b"
    rf"|\b{_YOUR} {_KIN_EN} (?:won't|will not|wont|aren't|are not|isn't|is not|ain't) (?:be )?safe\b"
    rf"|\b(?:he|she|they|{_YOUR} {_KIN_EN})(?:'d| had| should| better|'d better| had better) (?:better )?"
    rf"be (?:very )?careful(?= *(?:$|[.!;\n]| who| what| where| when))"
    rf"|\b{_YOUR} (?:\w+ )?{_KIN_EN} (?:is |'s |are |will |'ll )?(?:gonna |going to )?(?:end up|wind up|be found|turn up) "
    rf"(?:dead|in (?:the|a) (?:river|ditch|canal|lake|bag|dumpster|morgue|grave|trunk))"
    rf"|\b{_YOUR} {_BUSINESS_EN} (?:will|'ll|is gonna|is going to|'s gonna) (?:go up in flames|burn|catch fire)\b"
    rf"|\b(?:beat|hurt|stab|shoot|kill|poison|drown) {_YOUR} (?:little |lil |whole )?{_KIN_EN} "
    rf"(?:so (?:bad|hard)|to death|senseless|to a pulp|unconscious)\b"
    rf"|\b(?:i|we)(?:'ll| will|'m gonna|'m going to| am going to| are going to|'re gonna| gonna)? ?"
    rf"(?:kill|murder|stab|shoot|strangle|poison|drown|run over) {_YOUR} (?:little |lil |whole |stupid |fucking )?"
    rf"{_KIN_EN}\b"
    rf"|\baccidents (?:happen|can happen|do happen) to (?:people like {_YOU}|{_YOU}\b|people who)"
    rf"|\bbe careful (?:driving|walking|going|getting) home\b[^\n]{{0,60}}\b(?:brakes (?:fail|go)|accidents happen|"
    rf"things happen|people (?:disappear|go missing))"
    rf"|\b(?:walk|walking|go|going|drive|driving) (?:home )?alone\b[^.!?\n]{{0,25}}\b(?:just saying|anymore|"
    rf"if i were {_YOU})"
    rf"|\b(?:say|saying|said|tell(?: \w+){{1,2}}?) (?:your |my )?(?:goodbyes?|prayers)\b[^.!?\n]{{0,25}}"
    rf"\b(?:if i were {_YOU}|while {_YOU} (?:still )?can)"
    rf"|\bhope {_YOU}(?:'ve| have)? said {_YOUR} goodbyes\b"
    rf"|\b(?:no idea|don't know|dont know) what (?:i'm|im|i am|we're|we are) capable of\b[^\n]{{0,40}}"
    rf"\b(?:find out|you'll see|soon|learn|wait)"
    rf"|\b(?:nobody|no one|no1) (?:would|will|'d|'ll) (?:even )?(?:notice|miss {_YOU}|care) if {_YOU} "
    rf"(?:disappeared|vanished|went missing|died|were gone)\b"
    rf"|\bif (?:i|i can't|i cant) (?:can't|cant|cannot) have {_YOU},? (?:no one|nobody|no1) (?:else )?(?:will|can)\b"
    # time running out, a warning already given, menace by what others suffered "for less"
    rf"|\b(?:you've got|you have|you got) (?:one|a|two|three|\d+) (?:weeks?|days?|hours?)\b[^\n]{{0,20}}\btick[- ]?tock"
    rf"|\b(?:gone missing|disappeared|been (?:killed|hurt|stabbed|shot|buried)|killed (?:men|people|guys)|"
    rf"hurt (?:people|men|guys)|stabbed (?:people|men|guys)) for less\b"
    rf"|\b(?:i've|i have|we've|we have) been watching {_YOU}(?: (?:closely|for (?:a while|weeks|days|months)|"
    rf"every day|sleep))?(?= *(?:$|[.!;\n]|👀))"
    rf"|\brun while {_YOU} (?:still )?can\b"
    rf"|\bhope (?:{_YOU} (?:have|got|'ve got) (?:good |great )?life insurance|{_YOUR} (?:life )?insurance is paid up)"
    rf"|\b(?:last time|that|this|it) was (?:just |only )?a warning\b(?! (?:sign|light|label|shot))"
    rf"|\b{_YOU} (?:should|better|'d better|had better) be (?:very |really )?(?:afraid|scared|terrified)\b"
    rf"(?! (?:of|to|for|that|about)\b)"
    rf"|\b(?:won't|will not|isn't going to|is not going to|ain't gonna|not gonna) (?:end|go|turn out) (?:well|good) "
    rf"for {_YOU}\b"
    rf"|\bget (?:what's|whats|what is) coming (?:to|2) {_YOU}\b"
    rf"|\b(?:won't|will not|wont) (?:bark|meow|breathe) (?:much |for )?(?:longer|long)\b"
    rf"|\b(?:you're|you are|your|ur) lucky (?:i|we) (?:didn't|did not|wasn't|was not|don't|haven't) "
    rf"(?:come|find|catch|have my \w+|bring|hit|punch|kill|hurt|pull up|show up|stab|shoot)\b"
    # what the author did to the reader's property, or the weapon aimed: the tense is past, the threat is not
    rf"|\b(?:put|poured) (?:sugar|sand|bleach) in {_YOUR} (?:gas |petrol )?tank"
    rf"|\b(?:i|we) (?:slashed|keyed|smashed|broke|spray ?painted|egged|torched) {_YOUR} (?:car|tires|tyres|windows?|"
    rf"door|windshield|house|mirrors?)\b"
    rf"|\b{_YOUR} (?:face|head|kneecaps?|legs?|skull|neck) (?:is|are|'s) next\b(?! (?:to|in|on|week|time)\b)"
    rf"|\b{_ARMS_EN} (?:pointed|aimed) at {_YOUR}|\b(?:pointed|aimed) (?:a|my|the) {_ARMS_EN} at (?:{_YOU}\b|{_YOUR})"
    rf"|\b{_YOU} and {_YOUR} (?:whole )?{_KIN_EN} (?:are|r|'re|will be) (?:done|finished|dead|next|going down)\b"
    rf"(?! (?:with|for)\b)"
    rf"|\b(?:i|we) know {_YOUR} (?:route|routine|schedule|plate|license plate|number plate|movements)(?= *(?:$|[.!;\n]))"
    # advice in the first person that is a warning: "if i were you i'd watch my back"
    rf"|\bif i were {_YOU},? i(?:'d| would) (?:watch my back|leave town|move|sleep with one eye open|start running|"
    rf"lock my doors|be (?:very )?careful)\b"
    # the day set, the plan made, the hit ordered, the street words: "you die on friday", "i'll have you beaten"
    rf"|\b{_YOU} (?:die|bleed) (?:on |this |next )?{_DAY_EN}\b"
    rf"|\b(?:i was|i'm|im|i am|i've been|we were|we're) (?:planning|plotting|fixing)(?: on| to)? "
    rf"(?:kill|shoot|stab|murder|hurt|strangle|poison|beat|jump)\w* {_YOU}\b"
    rf"|\b(?:i'll|i will|i'm gonna|im gonna|i'm going to|gonna|imma|ima|i can|i could|we'll|we will) (?:\w+ )?"
    rf"(?:have|get) {_YOU} (?:killed|beaten|beat up|stabbed|jumped|hurt|whacked|taken care of|done in|merked)\b"
    rf"|\bcould(?: have|'ve|a) (?:broken|snapped|killed|stabbed|shot|strangled|ended|finished) (?:{_YOU}|{_YOUR} \w+)\b"
    rf"[^\n]{{0,40}}\b(?:and i will|next time|and i still|won't|will next)"
    rf"|\b(?:i've got|i have|i got|got) (?:a|my|the) {_ARMS_EN} and {_YOUR} (?:home )?address\b"
    rf"|\b{_ARMS_EN}\b[^\n]{{0,60}}\b(?:guess|you know|u know) who (?:it's|its|it is|they're|theyre) for\b"
    rf"|\b{_YOU}(?:'re| are| r)? (?:gon|gunna|gonna|finna|boutta|bout to|about to|going to) get (?:smoked|clapped|"
    rf"popped|merked|shot|stabbed|jumped|bodied|capped|wet|slumped|folded|shanked|whacked)\b"
    rf"|\b(?:imma|ima|i'ma|i'll|i will|we|we'll|we gon|gonna|finna|bout to|about to) (?:\w+ )?(?:slide|spin) "
    rf"(?:on {_YOU}\b|(?:on|thru|through) {_YOUR} (?:block|hood))"
    rf"|\b(?:pressing|press|smoke|smoking|beat|beating|hit|hitting|jump|jumping|whoop|whooping|rock|rocking|drop|"
    rf"dropping|slap|slapping|stab|stabbing|shoot|shooting|punch|punching) {_YOU} on sight\b"
    rf"|\b(?:(?:till|until|'til|til|when|once|if) (?:i|we)|let me|let us) (?:catch|find) {_YOU} alone\b(?! (?:at|for|to|with|so|and)\b)"
    rf"|\b(?:better|'d better|should|i'd) sleep with (?:the|your|ur) lights on\b"
    rf"|\bidentify(?:ing)? (?:{_YOU}|{_YOUR} body) (?:by|from|through) {_YOUR} (?:teeth|dental records)"
    # harm delegated: "my cousins will pay you a visit", "i'll have my crew jump you"
    rf"|\b{_CREW_EN}\b[^.!?\n]{{0,20}}\b(?:will|'ll|are going to|are gonna|gonna|gon|is going to|is gonna) "
    rf"(?:pay {_YOU} a (?:little |quick |late night )?visit|have a (?:little|quiet) (?:chat|talk|word) with {_YOU}|"
    rf"(?:find|jump|get|handle|deal with|take care of|sort) {_YOU}\b(?! (?:a|an|the|some|at|in|to|from|with)\b))"
    rf"|\b{_CREW_EN} (?:are|is|'re) (?:coming|comin) (?:for|after) {_YOU}\b(?! (?:to|at|in|on|with|guys)\b)"
    rf"|\b(?:i'll|i will|i'm gonna|im gonna|i'm going to|gonna) (?:have|send|get) {_CREW_EN} (?:to )?"
    rf"(?:jump|beat|visit|get|find|handle|take care of|deal with|pay)\w* {_YOU}\b"
    rf"|\b(?:one|a single) (?:phone )?call and {_YOU}(?:'ll| will|'re| are)\b"
)

_KIN_FR = (
    r"(?:enfants|gosses|gamins|fils|fille|femme|mari|mere|pere|famille|parents|soeur|frere|copine|copain|meuf|"
    r"daron|daronne|chien|chat|chienne|chiot)"
)
_CREW_FR = r"(?:(?:mes|nos) (?:cousins|freres|potes|gars|amis|reufs|khos|collegues|hommes)|des (?:potes|gars|amis)(?: a moi)?)"
_WEAPON_FR = r"(?:batte|couteau|flingue|fusil|lame|pistolet|machette|barre de fer|hache|surin|schlass)"

THREAT_FR = (
    # present, in wait: "je suis devant chez toi avec une batte"
    rf"\b(?:je suis|jsuis|j'suis|on est|je t'attends|on t'attend) (?:\w+ )?(?:devant|en bas de|a cote de|derriere) "
    rf"(?:chez (?:toi|vous)|ta maison|ton (?:boulot|taf|travail|immeuble|bureau|ecole|lycee))\b[^.!?\n]{{0,20}}"
    rf"\bavec (?:un|une|mon|ma|le|la) {_WEAPON_FR}"
    # what the author knows of the family's routine
    rf"|\bje sais (?:dans |a )?(?:quelle|quel) (?:ecole|bus|heure|college|lycee|creche|rue|immeuble|etage|club)"
    rf"(?: \w+)? (?:vont|va|prend|prennent|sort|sortent|finit|finissent|habite|habitent|rentre|rentrent) "
    rf"(?:tes|ta|ton|vos|votre) {_KIN_FR}"
    rf"|\bje sais a quelle heure (?:tu|vous) (?:finis|finissez|sors|sortez|rentres|rentrez)"
    # danger coming to the reader's family, pets or property
    rf"|\b(?:dommage|bete) (?:que|qu'|si) (?:ta|ton|tes|votre|vos) \w+ (?:prenne|prennent|brule|brulent|crame|"
    rf"disparaisse|explose|prenait|brulait|cramait)\w*"
    rf"|\b(?:dommage|bete) (?:qu'il|s'il|que quelque chose) (?:lui|leur) (?:arrive|arrivait|arriverait)\w*"
    rf"|\b(?:ton|ta|tes|votre|vos) {_KIN_FR} (?:va|vont|finira|finiront) (?:finir |terminer )?(?:dans (?:le|la|un|une) "
    rf"(?:canal|riviere|fosse|poubelle|seine|lac|sac|coffre)|a la morgue|au cimetiere)"
    rf"|\b(?:tu vas|vous allez|tu va) finir dans (?:le|la|un|une) (?:canal|riviere|fosse|poubelle|seine|lac|coffre)\b"
    rf"|\b(?:je|j'|on)(?: vais| va)? ?(?:foutre|mettre|bouter) le feu a (?:ta|ton|tes|votre|vos|chez (?:toi|vous))"
    rf"|\b(?:je|j'|on)(?: vais| va| te jure que je vais)? ?(?:tuer|buter|defoncer|tabasser|egorger|planter|cramer|"
    rf"massacrer|poignarder|empoisonner|noyer|etrangler) (?:ton|ta|tes|votre|vos) {_KIN_FR}\b"
    rf"|\bca va (?:\w+ ){{0,2}}mal (?:finir|se terminer|tourner) pour (?:toi|vous)\b"
    rf"|\bprofite[sz]?(?: bien)? de (?:ton|ta|votre) (?:dernier|derniere) (?:jour|week-end|weekend|soiree|nuit|semaine)\b"
    rf"(?! (?:avant|de|d'|en|a|chez|entre|au|aux|sans|sur|pour)\b)"
    rf"|\bles accidents (?:arrivent|sont vite arrives|peuvent arriver)(?: si vite| vite| a tout le monde| aux gens "
    rf"comme (?:toi|vous))"
    rf"|\bje ne (?:reponds|garantis|peux garantir|peux plus garantir) (?:plus|pas|rien) (?:de )?(?:votre|ta) securite"
    rf"|\b(?:ca|ça) (?:ne )?va pas (?:bien )?(?:se )?(?:finir|terminer|passer) pour (?:toi|vous)\b"
    rf"|\b(?:t'as|tu as|t'a|vous avez) (?:de la )?chance (?:que|qu') ?(?:je|j'|on) (?:ne )?(?:sois|soit|suis|sommes|ai|aie|t'aie|"
    rf"t'ai|l'ai) (?:pas |jamais )?(?:venu|venus|trouve|croise|vu|la|eu|chope|attrape)\b"
    rf"|\b(?:je|on) (?:connais|connait|sais) (?:ta|ton|tes|votre|vos) (?:trajet|horaires|emploi du temps|plaque|"
    rf"itineraire)\b"
    rf"|\bdormir (?:que d'un|d'un seul|avec un) (?:oeil|œil)"
    rf"|\b(?:a ta place|a votre place|si j'etais toi|si j'etais vous),? (?:moi )?(?:je|j') ?(?:surveillerais|ferais (?:gaffe|"
    rf"attention|tres attention)|demenagerais|quitterais la ville|dormirais (?:avec|que d'un)|regarderais derriere moi)"
    rf"|\bj'ai (?:un|une|mon|ma|des) {_WEAPON_FR}s? et (?:ton|ta|votre) adresse\b"
    # harm delegated: "mes cousins vont te rendre une petite visite", "des potes qui vont s'occuper de toi"
    rf"|\b{_CREW_FR} (?:qui )?(?:vont|va|viendront|vont venir) (?:te|vous) (?:rendre (?:une )?(?:petite )?visite|"
    rf"tomber dessus|trouver|chercher|regler)"
    rf"|\b{_CREW_FR} (?:qui )?(?:vont|va) s'occuper de (?:toi|vous)\b"
    rf"|\b{_CREW_FR} (?:t'|te |vous )attend(?:ent|ront)? (?:a la sortie|devant|en bas)"
)
