"""Threats by the form of the sentence rather than its verb's tense, FR and EN (issue #12, third round): the
conditional perfect held back ("you'd have been dead if my brother hadn't held me back"), the question that
offers harm ("want me to come break your jaw?", "do you know what happens to snitches?"), the imperative whose
object is the reader's body ("pray I don't find you", "kiss your kneecaps goodbye"), harm to family made
conditional on what the reader does ("your sister's gonna get hurt if you keep ignoring me"), the weapon with
the author on the way, property harmed in the passive, the street passive ("ur gettin wet up"), weapon emoji
aimed at the reader, and the funeral or the grave got ready for the reader.

Why a module of its own: ``threat_frames`` and ``threat_implicit`` hold the constructions the first two dev
sets named; these are the sentence forms the third (``benchmarks/data/threat_probe_dev3.jsonl``) found
missing, each written as subject + construction + the tail that makes it a threat, with the benign neighbour
it leaves out ("want me to come spot you at the gym?", "you'd have died laughing", "keep the kids away from
the pool, they could drown", "enjoy your last weekend before term starts").

Read on the folded view with texting spellings spelt out ("u" → "you", "ur" → "your") and ``’`` written
``'``. Alternations with bounded gaps only: linear on any input; the patterns go behind the same Aho-Corasick
pre-check as ``threat_frames`` (:class:`~charte.detectors.support.phrases.Phrases`).
"""

from __future__ import annotations

_YOU = r"(?:you|u|ya)"
_YOUR = r"(?:your|ur|yo)"
_KIN_EN = (
    r"(?:kids?|children|son|daughter|wife|husband|mom|mum|mother|dad|father|family|parents|sister|brother|"
    r"girlfriend|boyfriend|gf|bf|baby|grandma|grandmother|nan|dog|cat|puppy|fam)"
)
_BODY_EN = (
    r"(?:head|face|teeth|skull|neck|eyes?|throat|jaw|ribs|legs?|arms?|nose|spine|kneecaps?|knees|fingers?|hands?|"
    r"tongue|guts|brains?|back)"
)
# Verbs of harm in the base form, so any tense or modal in front of them works ("want me to", "I'd have").
_HARM_EN = (
    r"(?:kill|murder|stab|shoot|hurt|beat|strangle|choke|slit|cut|break|brake|snap|smash|cave in|stomp|bury|"
    r"burn|drown|shank|merk|smoke|end|knock out|beat up|fuck up|mess up|rip|torture)"
)
_HARMED_EN = (
    r"(?:killed|murdered|stabbed|shot|hurt|beaten|beat up|strangled|choked|cut|broken|broke|snapped|smashed|"
    r"stomped|buried|burned|burnt|drowned|shanked|merked|smoked|ended|knocked out|fucked up|messed up|slit|"
    r"torched|poisoned|jumped)"
)
_ARMS_EN = r"(?:gun|guns|knife|knives|pistol|rifle|shotgun|glock|9mm|machete|blade|strap|crowbar|axe|hatchet)"
_PLACE_EN = r"(?:house|home|place|door|work|job|school|office|building|apartment|flat|car|shop)"
_BUSINESS_EN = r"(?:house|home|car|place|shop|store|office|truck|apartment|flat|garage|van|windows?|windscreen|windshield)"
_DAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|the weekend|next week|christmas)"
)
_WHEN = r"(?:tonight|tomorrow|today|soon|later|at \d|on \w+day|this \w+|next)"

THREAT_EN = (
    # the conditional perfect held back: "you'd have been dead if my brother hadn't held me back"
    rf"\b{_YOU}(?:'d| would)(?: have|'ve| of)? be(?:en)? (?:dead|in (?:the|a) (?:hospital|grave|ground|coffin))"
    rf"[^.!?\n]{{0,40}}\b(?:(?:held|pulled|kept|dragged|stopped) me (?:back|off)|"
    rf"if (?:there (?:weren't|wasn't|hadn't been)|it (?:weren't|wasn't) for) (?:any )?(?:cameras|witnesses|the cops|police))"
    rf"|\b(?:i|we)(?:'d| would| could| should)(?: have|'ve| of| a) (?:\w+ )?{_HARMED_EN} (?:{_YOU}\b|{_YOUR} "
    rf"(?:\w+ )?{_BODY_EN}\b)[^\n]{{0,60}}\b(?:if|had|next time|again|still|not again|i will|when i had)"
    rf"|\b(?:waited|was waiting|sat|was sitting|parked|was parked|stood) (?:right )?(?:outside|in front of|across from|"
    rf"behind|by) {_YOUR} {_PLACE_EN}\b[^.!?\n]{{0,20}}\bwith (?:a|my|the) (?:{_ARMS_EN}|bat|hammer)\b"
    # harm watched, or done until the reader cannot stand
    rf"|\b(?:i|we|i'm|im|i'll|ill|we're|we'll)(?: \w+){{0,5}} (?:watch|see) {_YOU} (?:bleed|die|suffer|choke|beg)\b(?! (?:laughing|of laughter)\b)"
    rf"|\b(?:beat|hit|kick|punch|stomp|hurt) {_YOU} (?:until|till|til|so bad) {_YOU} (?:can't|cannot|cant|can not|won't) "
    rf"(?:stand|walk|breathe|move|see|talk)\b"
    rf"|\b(?:i'm|im|i am|we're|we are) putting {_YOU} (?:in (?:the|a) (?:hospital|ground|grave|coma|wheelchair)|six feet under)"
    rf"|\bscrap(?:e|ing) {_YOU} off (?:the )?(?:pavement|floor|road|street|ground|walls?)\b"
    rf"|\b{_YOU}(?:'ll| will|'re gonna| are going to| gonna) be (?:bleeding|bleeding out|lying) (?:out )?on (?:the|my|that) "
    rf"(?:floor|ground|pavement|street|carpet)\b"
    rf"|\bon fire with {_YOU} (?:inside|in it|still in)"
    rf"|\b{_YOU}(?: (?:won't|will not|wont)|'ll never| will never) (?:be able to|ever) (?:walk|breathe|talk|stand)(?: again)?"
    rf"(?= *(?:$|[.!,;\n]|again\b))"
    rf"|\bwhat happens (?:to (?:people|those|guys) )?when (?:you|they|people) (?:cross|mess with|disrespect|lie to|"
    rf"snitch on|fuck with|double[- ]cross) (?:me|us)\b"
    rf"|\bwhen (?:i|we) (?:come|get|find|catch|see) (?:for )?{_YOU}\b[^.!?\n]{{0,10}}\bwith (?:a|my|the) {_ARMS_EN}\b"
    # misspelt harm to the reader's body: "gonna find u n brake ur nose"
    rf"|\b(?:i|i'll|ill|i will|gonna|imma|ima|i'm gonna|im gonna|finna)\b[^.!?\n]{{0,30}}?\b(?:brake|brek|braek|smah|"
    rf"snapp|stabb|kil) {_YOUR} (?:\w+ )?{_BODY_EN}\b"
    # the question that offers harm: "want me to come break your jaw?", "do you know what happens to snitches?"
    rf"|\b(?:want|wanna) me to (?:come (?:and |over and |round and |down and )?|personally )?{_HARM_EN} "
    rf"(?:{_YOU}\b|{_YOUR} (?:\w+ )?{_BODY_EN}\b)"
    rf"|\b(?:want|wanna) (?:to )?see me {_HARM_EN} {_YOU}\b"
    rf"|\b(?:want|wanna) me to (?:come (?:and )?)?put {_YOU} (?:in (?:the|a) (?:ground|grave|hospital|coma)|six feet under)"
    rf"|\bwhat (?:happens|happened|i do|we do|i did|we did) to (?:snitches|rats|grasses|people (?:who|like {_YOU}|that)|"
    rf"guys (?:who|like {_YOU})|those who|the last (?:guy|person|one|girl))\b"
    rf"|\b{_YOU} (?:want|wanna|tryna|trying) (?:to )?(?:end up|wind up|be) (?:in (?:a|the) (?:ditch|grave|coffin|body ?bag|"
    rf"morgue|hospital|wheelchair|river)|six feet under)\b"
    rf"|\bwhat it(?:'s| is| feels| would feel| will feel) like to (?:have|get) {_YOUR} (?:\w+ )?{_BODY_EN} "
    rf"(?:broken|snapped|cut off|smashed|crushed|pulled out|knocked out|caved in)"
    rf"|\bhow many (?:stitches|broken bones|bones|teeth) {_YOU} (?:can|could|will|gonna|'ll)\b"
    rf"|\b{_YOU} (?:want to|wanna) die\b *\?"
    rf"|\b(?:think|thought|believe) (?:i|we) (?:won't|wouldn't|can't|will not|would not|ain't gonna) (?:\w+ )?"
    rf"{_HARM_EN} {_YOU}\b"
    rf"|\bkeep (?:going|it up|pushing|pushing me|testing me|trying me|talking|playing with me)(?: like this)?,? and "
    rf"(?:you'll |you will )?(?:find out|see what happens|see how long {_YOU})"
    rf"(?! to (?:your|ur|the|my) (?:follower\w*|ratings?|numbers|stats|grades?|scores?|career|sales|likes|views|"
    rf"account|reach|engagement)\b)"
    rf"|\bhow long {_YOU} (?:stay|keep|can keep|remain) (?:breathing|alive|standing|walking)\b"
    # the imperative aimed at the reader: "pray I don't find you", "kiss your kneecaps goodbye"
    rf"|\b(?:hope|pray) (?:to god )?(?:that )?(?:i|we|they) (?:never|don't|dont|do not) (?:find|catch|see|get hold of) {_YOU}\b"
    rf"|\bkiss {_YOUR} (?:\w+ )?(?:{_BODY_EN}|kids|family|life) goodbye\b"
    rf"|\bmake {_YOUR} peace with (?:god|{_YOUR} maker|the lord|jesus)\b"
    rf"|\b{_YOU} (?:won't|will not|wont) (?:see|live to see) {_DAY}(?= *(?:$|[.!,;\n]))"
    rf"|\b{_YOUR} (?:last|final) (?:day|days|hours|breath|night|weekend)(?: (?:on (?:this )?earth|alive))? "
    rf"(?:is|are|'s) (?:coming|near|close|soon|here|tomorrow)\b"
    rf"|\b{_YOU} (?:won't|will not|wont) (?:be|look) (?:so|as|that) (?:pretty|cute|handsome|tough|smug|cocky|brave) "
    rf"(?:after|when|once|by)\b"
    # family and the reader harmed if the reader does something: "your sister's gonna get hurt if you keep ignoring me"
    rf"|\b{_YOUR} (?:little |lil |baby |whole |\w+ )?{_KIN_EN}(?:'s| is| are|'re| will|'ll)? (?:gonna |going to |about to |gon )?"
    rf"(?:get|be|end up) (?:hurt|killed|stabbed|shot|beaten|beat up|burned|a bullet)\b[^.!?\n]{{0,40}}\bif {_YOU} "
    rf"(?:don't|dont|do not|keep|ever|tell|report|testify|call|talk|go to|snitch|say|ignore|block)\b"
    rf"|\b{_YOUR} (?:\w+ )?{_KIN_EN} (?:won't|will not|wont|might not|may not) (?:come|make it|get) (?:home|back)\b"
    rf"[^.!?\n]{{0,40}}\bif {_YOU} (?:don't|dont|do not|keep|ever|tell|report|testify|call|talk|go to|snitch)\b"
    rf"|\b(?:i'd|i would|would) hate for (?:them|him|her|{_YOU}|{_YOUR} \w+) (?:not to|to not|never to) (?:make it|come|get) "
    rf"(?:home|back)\b"
    rf"|\b(?:coffin|casket|headstone|tombstone|grave|burial plot) (?:ready )?for {_YOU}\b"
    rf"|\b(?:pick|picking|choose|choosing|shop|shopping|order|ordering) (?:out )?(?:for )?{_YOUR} (?:coffin|casket|headstone|"
    rf"tombstone)\b"
    rf"|\brecogni[sz]e {_YOU} (?:when|after|once) (?:i'm|im|i am|we're|i've|we've|i get|we get) (?:finished|done|through) "
    rf"with {_YOU}\b"
    # the weapon with the author on the way or the reader named: "bought a gun today. it's for you"
    rf"|\b{_ARMS_EN}\b[^\n]{{0,40}}\b(?:it's|its|it is|that's|this is) (?:just )?for {_YOU}(?= *(?:$|[.!,;\n]|😈|🔪|🔫))"
    rf"|\b(?:{_ARMS_EN}|bullet|hole|grave|ditch|coffin)(?: \w+){{0,4}} with {_YOUR} name (?:carved |written |engraved |"
    rf"scratched )?on it"
    rf"|\b(?:sharpen|sharpening|sharpened|loading|loaded|cleaning|oiling)(?: \w+){{0,2}} {_ARMS_EN}\b[^\n]{{0,30}}"
    rf"\b(?:see {_YOU}|c {_YOU}|cya) {_WHEN}"
    rf"|\b(?:{_ARMS_EN}|bat|baseball bat|hammer)\b[^\n]{{0,40}}\b(?:for people like {_YOU}|(?:on my way|omw|coming) "
    rf"(?:to|for) {_YOU}\b)"
    # property harmed in the passive: "your car's getting torched tonight", "your house will be ash by morning"
    rf"|\b{_YOUR} (?:\w+ )?{_BUSINESS_EN}(?:'s| is| are|'re)? (?:getting|gettin|gonna get|going to get|about to get) "
    rf"(?:torched|smashed|burned|burnt|bricked|firebombed|shot up|lit up)\b(?! by\b)"
    rf"|\b{_YOUR} {_BUSINESS_EN} (?:will be|'ll be|is gonna be|is going to be) (?:ash|ashes|rubble|a crater|on fire|"
    rf"in flames|burnt to the ground|burned to the ground)\b"
    rf"|\b(?:shame|pity) if (?:it|he|she|they|{_YOUR} \w+) (?:ate|eats|swallowed|drank|got fed|were fed|was fed) "
    rf"(?:something |some )?(?:poison|poisoned|bad|rat poison|antifreeze)"
    # the street passive and slang: "ur gettin wet up", "sliding on u tonight", "uninstall u irl"
    rf"|\b(?:your|ur|you|you're|you are|you r) (?:getting|gettin|gonna get|finna get|bout to get|about to get) "
    rf"(?:shanked|stabbed|shot|wet up|wetted|poked|sprayed|dropped|rushed|slumped|folded|bodied|merked|popped|clapped|"
    rf"smoked|jumped|rocked)\b"
    rf"|\b(?:i'm|im|i am|we're|we are|we) (?:sliding|slidin|spinning|spinnin) (?:on {_YOU}\b|(?:on|thru|through) {_YOUR} "
    rf"(?:block|hood|ends))"
    rf"|\b(?:uninstall|unalive|delete) {_YOU} (?:irl|in real life|for real|fr)\b"
    rf"|\b(?:friends|people|guys|lads|boys|mates|someone|somebody) who(?:'d| would|'ll| will) (?:do (?:it|you|that)|hurt {_YOU}|"
    rf"kill {_YOU}|do {_YOU} in) for (?:a |an |\d+ ?)?(?:few |hundred |couple |grand |ten |twenty |fifty |a hundred )?(?:quid|bucks|dollars|pounds|grand|"
    rf"hundred|k|euros)\b"
    rf"|\bpeople (?:go|have gone|went|keep going) missing (?:round|around|near) here\b"
    # weapon emoji aimed at the reader: "🔫 u next", "🔪🔪 c u 2nite", "keep talking 🔪"
    rf"|(?:🔪|🔫|🗡|⚰|🪦|💣)[^\w\n]{{0,12}}(?:(?:you|you're|you are|you r) next\b|(?:see you|c you|see ya) {_WHEN}|"
    rf"your (?:whole )?{_KIN_EN}\b)"
    rf"|\bkeep (?:talking|testing me|running {_YOUR} mouth|playing)[^\w\n]{{0,6}}(?:🔪|🔫|🩸|⚰|🪦)"
    rf"|\b(?:i'm|im|i am|we're|we are) (?:outside|at|in front of) {_YOUR} {_PLACE_EN}[^\w\n]{{0,6}}(?:🔪|🔫|🗡|💣|⚰)"
)

_BODY_FR = r"(?:dents|jambes|genoux|rotules|doigts|bras|gueule|tete|nez|machoire|cotes|yeux)"

THREAT_FR = (
    # the question and the imperative: "tu sais ce qui arrive aux balances ?", "prie pour que je te trouve pas"
    r"\b(?:tu sais|vous savez|sais-tu|savez-vous|tu devines) ce qui arrive aux? (?:balances|traitres|mouchards|poucaves|"
    r"gens comme (?:toi|vous)|gens qui)\b"
    r"|\bpri(?:e|ez) (?:pour )?que (?:je|j'|on) (?:ne )?(?:te|vous) (?:trouve|croise|chope|retrouve)\w*"
    rf"|\bdi(?:s|tes)[- ](?:adieu|au revoir) a (?:tes|ta|ton|vos|votre) {_BODY_FR}\b"
    r"|\b(?:ton|ta|votre) (?:dernier|derniere) (?:jour|week-end|weekend|soiree|nuit|semaine) en vie\b"
    r"|\b(?:tu|vous) (?:ne )?(?:marcheras|remarcheras|marcherez|respireras|respirerez) (?:plus|plus jamais)"
    r"(?= *(?:$|[.!,;\n]))"
    # harm to the reader's body with a number in between: "je te casse les deux jambes"
    rf"|\b(?:je|j'|on)\b[^.!?\n]{{0,20}}?\b(?:t'|te )(?:casse|casser|pete|peter|brise|briser|explose|exploser|arrache|arracher)\w* (?:les |tes )(?:deux |dix )?{_BODY_FR}\b"
    # family and pets: "ce serait dommage qu'ils rentrent pas", "qu'il mange un truc empoisonne"
    r"|\b(?:dommage|bete) (?:qu'ils|qu'il|qu'elle|qu'elles|que (?:tes|ta|ton) \w+) (?:ne )?(?:rentre|reviennent|revienne|"
    r"rentrent)\w* (?:pas|jamais|plus)\b"
    r"|\b(?:dommage|bete) (?:qu'il|qu'elle|qu'ils|s'il|si elle) (?:mange|avale|bouffe)\w*[^.!?\n]{0,25}"
    r"(?:empoisonn\w*|poison|mort aux rats|antigel)"
    # property in the future: "ta caisse va cramer cette nuit"
    r"|\b(?:ta|ton|votre) (?:caisse|voiture|bagnole|maison|baraque|boutique|magasin|appart|appartement|garage|resto) "
    r"(?:va|risque de|pourrait) (?:cramer|bruler|partir en fumee|exploser|flamber)\b"
)
