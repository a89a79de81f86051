"""Threats composed from slots rather than written out (issue #12, fifth round): who is harmed (the reader, the
reader's body, family, partner, pets or property), what happens to them (a harm verb or an outcome: the hospital,
a wheelchair, "going missing", never walking again), and the modality that makes it a promise (future,
conditional, "or", a question offering it, "if I were you").

The four earlier rounds wrote sentence forms on dev sets and reached about 100 % there while the blind test did
not move: exact forms do not travel. Each alternative below is a product of small word lists, so a new phrasing
that fills the same slots ("that cat of yours is gonna go missing", "you'll be eating through a straw",
"ton gamin va finir à l'hôpital") is found without being written. Patterns run on the folded view (lower case, no
accents, texting spelt out, ``’`` written ``'``) through the threat book of
:mod:`charte.detectors.support.threat_frames`, so the same guards (games, fiction, quotes, hazards, banter) apply.
"""

from __future__ import annotations

from charte.detectors.support.threat_implicit import _BUSINESS_EN, _KIN_EN, _KIN_FR

_YOU = r"(?:you|u|ya)"
_YOUR = r"(?:your|ur|yo)"
#: The reader's own people and animals, with the pet words chat uses besides the family list.
_KIN = rf"(?:{_KIN_EN}|mutt|pup|kitty|pets?|girl|man|missus|misses|ex|kiddos?|little ones)"
_BODY = (
    r"(?:face|legs?|arms?|knees?|kneecaps?|jaw|neck|teeth|ribs|skull|head|nose|fingers?|hands?|spine|throat|"
    r"bones|eyes?|guts|brains?|ankles?|wrists?|mouth)"
)
_HARM_V = (
    r"(?:kill|murder|stab|shoot|strangle|choke|poison|drown|burn|torch|break|smash|snap|crush|bash|beat|hurt|cut|"
    r"slit|gut|bust|cave|kick|rip|stomp|shank|knife|bleed|blind|cripple|maim|whoop|pop)"
)
_HARMED = r"(?:kicked in|caved in|smashed in|bashed in|broken|broke|snapped|ripped out|knocked out|cut off|blown off)"
#: What happens to a person harmed: the place or state they end in.
_OUTCOME_EN = (
    r"(?:(?:eat|drink|sip|suck)(?:ing)? (?:through|with|from) a straw|in (?:a|the) (?:wheelchair|coffin|body ?bag|ditch|morgue|ground|dirt|"
    r"river|trunk)|(?:carried|wheeled|dragged) out\b[^.!?\n]{0,30}\b(?:feet first|in a bag|on a stretcher)|"
    r"need (?:a|an) (?:ambulance|surgeon|wheelchair)|bleeding (?:out|on the|in the)|six feet under|pushing up daisies)"
)
#: Outcomes that threaten only when denied: "you won't walk again" (but "you'll live to see your grandkids").
_DENIED_EN = (
    r"(?:walk again|(?:leave|get out of) (?:here|there|this \w+|that \w+) (?:alive|in one piece|breathing)|"
    r"(?:make|get) (?:it )?home (?:alive|in one piece)|live to see|be breathing|see (?:the|another) (?:sunrise|morning))"
)
_NOT_YOU = (
    rf"{_YOU}(?: won't| wont| will not| ain't gonna| can't| cant| cannot| will never|'ll never| ll never| might not|"
    rf" may not| are not going to| aren't going to|'re not going to| never)"
)
_WILL_YOU = (
    rf"{_YOU}(?:'ll| will| ll|'re gonna| are gonna| gonna| are going to|'re going to| won't| wont| will not|"
    rf" ain't gonna| can't| cant| cannot| will never|'ll never| might not| may not| could)"
)
_ME = r"(?:i|i'll|ill|i'm|im|imma|ima|i will|i am|we|we'll|we're|me|gonna|going to|finna)"
_DAMAGE = (
    r"(?:keyed|key|burned|burnt|burn|burns|torched|smashed|slashed|broke|broken|scratched|caught fire|catch fire|"
    r"went up in flames|go up in flames|got wrecked|vandali[sz]ed|trashed)"
)
_PROPERTY = rf"(?:{_BUSINESS_EN}|tires|tyres|windows?|windscreen|windshield|brakes|paint|bike|garden|fence)"

THREAT_EN = (
    # harm done by the author to the reader's body, in any tense or as a question: "want me to smash your face in?"
    rf"\b{_ME}(?: (?!(?:you|u|ya|didn't|didnt|don't|dont|not|never|hope|hopefully|if|when|saw|heard)\b)[\w']+)"
    rf"{{0,5}}? {_HARM_V}\w*(?: \w+)? {_YOUR} (?:\w+ )?{_BODY}\b(?! (?:with|in) (?:kisses|hugs|love|cake|pie|makeup))"
    rf"|\bget (?:{_YOUR}|{_YOU}r) (?:\w+ )?{_BODY} {_HARMED}"
    rf"|\b(?:knife|blade|bullet|bat|brick|hammer|screwdriver|bottle) (?:in|through|to|across|against) {_YOUR} "
    rf"(?:\w+ )?{_BODY}\b"
    rf"|\b(?:how many|which) (?:bones|teeth|fingers|ribs)\b[^.!?\n]{{0,40}}\b(?:break|snap|knock|pull)\w*"
    # what the reader will end as: "you'll be eating through a straw", "you won't walk again"
    rf"|\b{_WILL_YOU}(?: \w+){{0,2}}? (?:be )?{_OUTCOME_EN}"
    rf"|\b{_NOT_YOU}(?: \w+){{0,2}}? {_DENIED_EN}"
    # the reader's people or pets harmed or gone: "that cat of yours is gonna go missing"
    rf"|\b(?:{_YOUR} (?:\w+ ){{0,2}}{_KIN}|(?:that|this) (?:\w+ )?{_KIN} of yours)(?:'s| is| are|'re| will|'ll)?"
    rf"(?: \w+){{0,3}}? (?:go(?:es|ing)? missing|disappear\w*|(?:won't|will not|wont|never|ain't) (?:be )?"
    rf"(?:coming|come) (?:home|back)|(?:end|ends|ending|wind|winds) up (?:dead|hurt|missing|in (?:a|the) (?:hospital|"
    rf"ditch|grave|morgue|coffin|river|wheelchair|pieces))|get(?:s|ting)? (?:poisoned|stabbed|shot)|"
    rf"(?:won't|will not|wont|isn't|ain't) (?:be )?safe)\b"
    rf"|\b{_YOUR} (?:\w+ ){{0,2}}{_KIN}\b[^.!?\n]{{0,50}}\b(?:i'm|im|i'll|ill|i will|i am|we'll|we're|imma|ima|gonna)"
    rf"(?: \w+)? (?:poison|kill|shoot|drown|hurt|stab|run over|strangle|choke|skin|gut|feed it|snap)\w*"
    rf" (?:it|him|her|them|\w+ neck)\b"
    rf"|\bsay (?:goodbye|bye|your goodbyes) to {_YOUR} (?:\w+ ){{0,2}}{_KIN}\b[^.!?\n]{{0,20}}\b(?:while (?:you|u) "
    rf"(?:still )?can|for good|forever)"
    rf"|\b(?:should|shall|can|could) (?:i|we) (?:pay|give) {_YOUR} (?:\w+ ){{0,2}}{_KIN} a (?:little )?visit"
    # the reader's people watched at a routine, said with a stranger's menace
    rf"|\b{_YOUR} (?:\w+ ){{0,2}}{_KIN} (?:\w+ )?(?:walks?|leaves?|gets? (?:out|off|home)|comes? home|finish\w*|"
    rf"jogs?|runs?|drives?|takes?)\b[^.!?\n]{{0,40}}(?:alone|\bat \d+|every \w+day)\b[^.!?\n]{{0,25}}"
    rf"(?:right\b|\?|shame|pity|just saying|think about it|noted)"
    # property harmed on a wish, with a "shame": "be a shame if somebody keyed it", "would hate to see it burn"
    rf"|\b(?:shame|pity|sad|terrible|awful|tragic)(?: \w+)? if (?:some(?:one|body)|any(?:one|body)|something|it|that|"
    rf"they)(?: \w+)? {_DAMAGE}\b(?! (?:down|up)\b)"
    rf"|\bhate to see (?:it|that|this|{_YOUR} \w+)(?: \w+)? (?:burn|go up in flames|catch fire|get (?:torched|wrecked|"
    rf"smashed|burned))"
    rf"|\b{_YOUR} (?:\w+ ){{0,2}}{_PROPERTY} (?:won't|will not|wont|isn't gonna|ain't gonna|is not going to) "
    rf"(?:survive|last|make it through|be standing)\b(?! (?:the winter|another winter|long with|much longer if))"
    # advice that is a menace: "i'd start looking over my shoulder if i was u", "lock your doors tonight if I were you"
    rf"|\b(?:i'd|id|i would)(?: \w+){{0,4}} (?:careful (?:walking|going out|out there|at night|alone)|lock\w*|looking over|look over|check\w* under|sleep|leave town|"
    rf"move|get a (?:gun|dog|bodyguard))\b[^.!?\n]{{0,40}}\bif i (?:were|was) {_YOU}\b"
    rf"|\bif i (?:were|was) {_YOU},? i'?d(?: \w+){{0,3}} (?:careful (?:walking|going out|out there|at night|alone)|lock\w*|looking over|look over|check\w* under|"
    rf"leave town|move|get a (?:gun|dog|bodyguard))"
    rf"|\b(?:start|better|should|gotta|have to|need to)(?: \w+)? check\w* under {_YOUR} (?:car|truck|van|bed)"
    rf"|\bhope {_YOU} (?:have|got|'ve got|ve got) (?:good |great |enough |some )?(?:life |fire |home |health )?insurance"
    rf"(?! (?:for|before) (?:the|your|ur) (?:trip|flight|holiday|vacation|storm|hurricane))"
    rf"|\benjoy\w* (?:breathing|being alive|(?:your|ur) (?:life|legs|teeth|face|kids|family)|walking)\b[^.!?\n]{{0,15}}"
    rf"\bwhile (?:it lasts|{_YOU} (?:still )?can)"
    rf"|\benjoy (?:your|ur) (?:last|final) (?:\w+ ){{0,2}}(?:of peace|of freedom|alive|on earth|breathing|in peace)"
    rf"|\b(?:think|thinking|believe) {_YOU}(?:'re| are| r|re)? (?:so |really )?(?:safe|untouchable|protected)\b"
    rf"(?! to\b)[^.!\n]{{0,30}}\b(?:cute|think again|for now|lol|lmao|haha)"
    # who crosses the author regrets it: "people who cross me tend to regret it", "accidents happen to snitches"
    rf"|\b(?:people|guys|folks|anyone|those|everyone) (?:who|that) (?:cross|crossed|mess with|messed with|talk|snitch|"
    rf"rat|disrespect|run their mouth|open their mouth|fuck with|play with) (?:\w+ )?(?:me|us|too much|on me)?\b"
    rf"[^.!?\n]{{0,25}}\b(?:regret|end up|get hurt|go missing|disappear|have accidents|don't last|dont last)"
    rf"|\b(?:accidents|bad things|things|stuff) (?:tend to |always |often |have a way of )?(?:happen|go wrong|go bad)"
    rf"\w* (?:to|for) (?:snitches|rats|grasses|people who (?:talk|snitch|cross|run their mouth)|people like {_YOU})"
    rf"|\b(?:i|we) (?:got|have|know) (?:people|friends|guys|boys)\b[^.!?\n]{{0,30}}\b(?:meet|visit|see|find) {_YOU}\b"
    rf"[^.!?\n]{{0,20}}(?:in person|real soon|very soon|personally)"
    rf"|\b(?:pray|hope) (?:we|i) never (?:run into|meet|bump into|cross paths|see each other)"
    rf"|\b(?:i've|ive|i have|we've|i've been|been)(?: been)? (?:parked|sitting|watching)(?: \w+){{0,2}} "
    rf"(?:outside|across from|in front of) {_YOUR} (?:place|house|home|flat|apartment|door|work|office)\b"
    rf"[^!?\n]{{0,30}}\b(?:nice|cute|lovely|pretty) (?:curtains|car|door|garden|kids|windows|house|place)"
    rf"|\b(?:only|last|final) warning\b[^!?\n]{{0,5}}\bnext time (?:there won't|there will be no|it won't be|"
    rf"{_YOU} won't)"
    rf"|\b(?:i|we) (?:kno|know|knw) (?:where|when) {_YOU} (?:stay|park|leave|sleep|jog|run|get off)\b"
    # the author's own acts: "or I start shooting", "I'm beating your ass", "ill pop you"
    rf"|\bor (?:i|we) (?:start|will start|'ll start|ll start|am gonna start|are gonna start) (?:shooting|stabbing|"
    rf"swinging|cutting)"
    rf"|\b(?:i'm|im|i am|i'll|ill|imma|ima|i will|we're|we'll) (?:\w+ )?(?:beating|kicking|whooping|busting) "
    rf"{_YOUR} (?:ass|butt|face|head)"
    rf"|\b(?:i'll|ill|imma|ima|i will|gonna|i'm gonna|im gonna|we'll) (?:\w+ )?pop {_YOU}\b"
    rf"(?! (?:a|an|up|over|by|in|round|some|the|off|on|back)\b)"
    # the reader's people watched, gone or lost: "we've been following your wife", "you'll never see your kids again"
    rf"|\b(?:i've|ive|we've|i have|we have|been|i|we) (?:been )?(?:following|watching|watched|followed|tracking|"
    rf"photographing) {_YOUR} (?:\w+ ){{0,2}}{_KIN}\b(?! (?:play|perform|sing|dance|grow|on (?:tv|stage)))"
    rf"|\b{_YOUR} (?:\w+ ){{0,2}}{_KIN} (?:is|are|'s|'re|will be) (?:gone|dead|history|finished|done for)\b"
    rf"(?! (?:for|to|on|until|till|away|out|abroad|from|with|at|in|shopping|already|since)\b)"
    rf"|\b{_YOU}(?:'ll| will| ll) never see {_YOUR} (?:\w+ )?{_KIN} (?:again|alive)"
    rf"|\b(?:tell|have) {_YOUR} (?:\w+ ){{0,2}}{_KIN} to (?:kiss|hug|say goodbye|say bye)|\bkiss {_YOUR} (?:\w+ )?{_KIN} "
    rf"goodbye"
    # an ominous close after a compliment of the reader's people or things: "nice family photo. be a shame"
    rf"|\b(?:{_YOUR}|nice|cute|lovely|pretty|beautiful) (?:\w+ ){{0,3}}(?:{_KIN}|family|photo|pics?|house|home|car|"
    rf"smile|face)\b[^!?\n]{{0,60}}\b(?:(?:it'd|it would|would|that'd|that would) )?(?:be )?(?:a )?(?:real |such a |so )?"
    rf"(?:shame|pity|sad|tragic)(?: to see (?:it|them|him|her) go| if anything happened)?\W*$"
    # provocation, then what happens: "cross me again and see who's left standing", "keep runnin ur mouth n see"
    rf"|\b(?:keep (?:talking|talkin|running|runnin|pushing|pushin|testing|testin|it up|playing|mouthing|"
    rf"disrespecting)|cross me|test me|try me|touch me|say that again|do that again|come (?:at|near) me)\b"
    rf"[^.!?\n]{{0,30}}\b(?:and|n|an|&) (?:see|find out|watch) (?:what happens|who's left|whos left|who is left|"
    rf"what i do|what i'll do|what ill do)"
    rf"|\b{_YOU} (?:won't|wont|will not|ain't gonna|aint gonna) like what (?:happens|i do|comes next|i'll do|ill do)"
    rf"|\b(?:or|otherwise) (?:i|we)(?:'ll| will| ll) (?:shut|close) it for {_YOU}"
    rf"|\b(?:want|wanna|like)\w* (?:to get )?{_YOUR} (?:\w+ )?{_BODY} {_HARMED}"
    rf"|\bsee how (?:tough|hard|brave|big|bad|funny) {_YOU} (?:really )?(?:are|r|'re|is)\b"
    rf"|\b{_YOU} (?:won't|wont|will not|ain't gonna|aint gonna) be (?:so |as )?lucky (?:next time|again|twice)"
    rf"|\bwarning\b[^!?\n]{{0,25}}\bnext (?:one|time) (?:won't|wont|will not|i won't|i wont|we won't|i will not)"
    rf"|\bnext time (?:i|we) (?:won't|wont|will not) (?:brake|miss|stop|hold back|go easy|warn (?:you|u))\b"
    rf"|\b(?:see|seeing) {_YOU}\b[^.!?\n]{{0,20}}\b(?:count on it|mark my words|bet on it|one way or another)"
    rf"|\bone (?:phone call|call|word|text|click)(?: from me)? and {_YOUR} (?:\w+ ){{0,2}}(?:{_KIN}|life|house|car)\b"
    rf"|\bnext (?:time|one)(?:'s| is|, it's|, it'll be| it's| it'll be| it will be) (?:for )?(?:you|u|your "
    rf"(?:face|head|skull|kids?))\b"
    rf"(?! (?:who|that|pick|choose|turn|go|drive|buy|pay|host|bring|cook)\b)"
)

_POSS_FR = r"(?:ta|ton|tes|votre|vos)"
THREAT_FR = (
    # the reader's people or pets harmed: "ton gamin va finir à l'hôpital", "ton chien va finir empoisonné"
    rf"\b{_POSS_FR} (?:\w+ )?{_KIN_FR} (?:va|vont|risque|risquent|pourrait|pourraient|finira|finiront)"
    rf"(?: \w+)?(?: (?:finir|terminer|se retrouver|atterrir))? (?:a l'hopital|a l'hosto|"
    rf"aux urgences|dans un fosse|en morceaux|empoisonnee?s?|sous terre|au cimetiere|disparaitre|par disparaitre)"
    rf"|\b(?:dommage|triste|bete|malheureux|con)\b[^.!?\n]{{0,25}}\b(?:qu'il|s'il) (?:leur|lui|t'|te|vous) "
    rf"(?:arrive|arrivait|arrivent)"
    rf"|\b{_POSS_FR} (?:\w+ )?{_KIN_FR} (?:rentre|rentrent|sort|sortent|finit|finissent|marche|part)\b"
    rf"[^.!?\n]{{0,30}}(?:seule?s?|a \d+ ?h|tous les)\b[^.!?\n]{{0,20}}(?:hein|dommage|n'est-ce pas|pas vrai|\?)"
    rf"|\b(?:je passe|je suis passee?|on passe|je me gare|je reste) devant chez (?:toi|vous)\b[^.!?\n]{{0,30}}"
    rf"(?:tous les (?:soirs|jours|matins)|chaque (?:soir|jour|nuit)),? (?:jolie?|belle|sympa|mignonne?)"
    # what the reader will end as: "tu pourras plus marcher", "vous ne rentrerez pas chez vous entier"
    rf"|\b(?:si|sinon|ou)\b[^.!?\n]{{0,60}}\b(?:tu|vous) (?:ne )?(?:pourras|pourrez|pourrais|pourriez) "
    rf"(?:plus|pas|jamais plus) (?:jamais )?(?:marcher|remarcher|courir|parler|manger|te lever|vous lever)"
    rf"|\b(?:tu|vous) (?:ne )?(?:rentreras|rentrerez|sortiras|sortirez|repartiras|repartirez) (?:pas|jamais|plus)"
    rf"(?: [\w']+){{0,3}} (?:entiere?s?|vivante?s?|en un seul morceau|debout|sur (?:tes|vos) (?:deux )?jambes)"
    rf"|\b(?:tu|vous) (?:seras|serez|vas etre|allez etre|finiras|finirez) (?:a l'hosto|au cimetiere|six pieds sous terre|"
    rf"dans un fosse|dans le coma|en fauteuil roulant|en reanimation|a la morgue)"
    rf"|\bla prochaine fois,? (?:c'est|ce sera|ca sera|ca va etre) (?:toi|vous|ta (?:tete|gueule|mere|fille|femme)|"
    rf"ton (?:crane|fils|gosse|chien|chat)|tes (?:jambes|dents|genoux|gosses|enfants))\b"
    rf"(?! (?:qui|que|qu')\b)"
    rf"|\bou (?:je|on) (?:viens|vient|va venir|vais venir|passe) (?:te|vous|t') ?(?:chercher|trouver|voir|regler)"
    rf"(?! (?:en voiture|a la gare|a l'ecole|au travail|a \d|vers|demain))"
    rf"|\b(?:tu vas|vous allez|tu va) (?:le |la )?payer (?:ca )?(?:bien |beaucoup )?plus cher que (?:tu |vous |t')"
    rf"(?:crois|croyez|penses|pensez|imagines|imaginez)"
)
