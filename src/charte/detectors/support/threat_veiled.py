"""Veiled threats, FR and EN (issue #12, fourth round): menace by what the author has seen, what others will
suffer, what the reader had better not do, and what is coming to the reader's family, pets or property, with no
verb of harm by the author.

Why a module of its own: ``threat_implicit`` holds the fixed formulas ("accidents happen to people like you");
the forms here are open ones, each held by the tail that makes it ominous, so that their kind neighbours stay
out: "I saw you at the gym" needs "see you soon" after it, "your kids will pay for it" needs a condition on the
reader's conduct before it ("touch my money again and …"), "your dog will have an accident" needs an adjective
of harm and no carpet, "check under your car" needs "before you drive it". A friendly context or a hazard named
is handled by :func:`charte.detectors.support.threat_frames.dismissed`.

Read on the folded view with texting spellings spelt out ("u" → "you", "wouldnt" → "wouldn't") and ``’``
written ``'``. Alternations with bounded gaps only: linear on any input; the patterns go behind the same
Aho-Corasick pre-check as ``threat_frames`` (:class:`~charte.detectors.support.phrases.Phrases`).
"""

from __future__ import annotations

from charte.detectors.support.threat_implicit import _BUSINESS_EN, _KIN_EN, _KIN_FR

_YOU = r"(?:you|u|ya)"
_YOUR = r"(?:your|ur|yo)"
# What the reader is told: "see you soon" after "I saw you leave the gym", "demain c'est ton tour".
_SOON_EN = (
    r"(?:see (?:you|u) (?:soon|tonight|tomorrow|real soon|around)|be seeing (?:you|u)|tomorrow(?:'s| is) the day|"
    r"(?:it's|its) your turn|your turn (?:is )?(?:next|soon|tomorrow|tonight)|sleep tight|sweet dreams)"
)
_SOON_FR = (
    r"(?:a (?:tres )?bientot|a demain|a ce soir|(?:c'est|ce sera) ton tour|ton tour (?:arrive|viendra)|dors bien|"
    r"fais de beaux reves|demain c'est le jour)"
)
# The reader's conduct the threat is conditioned on: "again", "one more time", "keep this up".
_AGAIN_EN = r"(?:again|one more time|once more|ever again|keep (?:this|it|that) up|if (?:you|u) don't pay)"
_CONDITION_EN = rf"(?:if {_YOU}\b|unless {_YOU}\b|{_AGAIN_EN})"

THREAT_EN = (
    # watched, followed, seen: "i saw you leave the gym at 9. see you soon"
    rf"\b(?:(?:(?:i|we) (?:watched|followed)|(?:(?:i|we)(?:'ve| have)? )?been (?:following|watching)) {_YOU}\b|"
    rf"(?:i|we) (?:saw|seen|watched) {_YOU} (?:leave|leaving|come out|coming out|get out|getting out|walk|walking|go into|going into)\b[^.!?\n]{{0,30}}\bat \d)[^\n]{{0,80}}\b{_SOON_EN}"
    # the reader will learn who they're dealing with, or what pain is
    rf"|\b(?:no idea|don't know|dont know) who (?:{_YOU}(?:'re| are| r)|your) (?:messing|dealing|fucking|playing|"
    rf"f\*+ing) (?:with|wit|wid)\b"
    rf"|\b{_YOU}(?:'ll| will|'re gonna|'re going to| are going to| gonna) (?:learn|know|find out|discover) "
    rf"(?:what (?:real |true )?(?:pain|suffering|fear) (?:is|means|feels like)|the meaning of (?:pain|fear))\b"
    rf"(?! (?:at|in|on|during|after)\b)"
    # others like the reader disappear; everyone can be found
    rf"|\bpeople (?:who|that) (?:\w+ ){{1,4}}(?:like {_YOU}|too much)\b[^.!?\n]{{0,25}}\b(?:tend to|always|usually|"
    rf"often|end up|have a way of|seem to)\b ?(?:\w+ )?(?:disappear\w*|go(?:ing)? missing|get(?:ting)? hurt|"
    rf"dead|hav(?:e|ing) accidents)"
    rf"|\bpeople like {_YOU} (?:tend to|always|usually|often|have a way of|seem to) (?:disappear|go missing|get hurt|"
    rf"have accidents|end up dead)"
    rf"|\b(?:everyone|everybody|every1) (?:has an address|can be found)\b[^.!?\n]{{0,20}}\b(?:yours|you too|even you|"
    rf"including you)"
    # advice the author would follow in the reader's place
    rf"|\b(?:wouldn't|would not|i'd not|i would not) (?:be (?:at )?home|go (?:home|out)|walk (?:home|alone))\b"
    rf"[^.!?\n]{{0,20}}\bif i (?:was|were) {_YOU}\b"
    rf"|\bif i (?:was|were) {_YOU},? i (?:wouldn't|would not) (?:be (?:at )?home|go (?:home|out)|walk (?:home|alone))\b"
    rf"|\b(?:i'd|i would|id) be (?:very |really |real |extra |super )?careful (?:crossing|walking|driving|going|getting|"
    rf"coming|leaving)\b[^.!?\n]{{0,30}}\bif i (?:was|were) {_YOU}\b"
    rf"|\b(?:start|keep|keeping|starting) watching {_YOUR} back\b"
    rf"|\bcheck under {_YOUR} (?:car|truck|van|bed) (?:before|next time|every (?:morning|day)|from now on)"
    # a weapon of sorts for the pet, the family's last days: "hope ur cat likes antifreeze"
    rf"|\bhope {_YOUR} (?:\w+ )?{_KIN_EN} (?:likes?|enjoys?) (?:antifreeze|rat poison|poison|bleach|the taste of)"
    rf"|\bhope {_YOUR} (?:\w+ )?(?:insurance|policy) is paid up\b"
    rf"|\btell {_YOUR} {_KIN_EN} to enjoy\b[^.!?\n]{{0,40}}\bwhile (?:she|he|they|it) (?:still )?can\b"
    rf"|\benjoy {_YOUR} (?:weekend|week|evening|night|holiday|birthday|day|life),? (?:it|it's|its|it could be|it might be|"
    rf"could be|might be|may be) (?:your|ur) (?:very )?last(?= *(?:$|[.!,;\n]|one\b))"
    # the family or the pet in danger: "your parents won't live to see christmas if you keep this up"
    rf"|\b{_YOUR} (?:\w+ )?{_KIN_EN} (?:won't|will not|wont|ain't gonna|are not going to|is not going to|aren't going to|"
    rf"aren't gonna|isn't going to|isn't gonna) (?:live to see|survive|make it (?:to|through|past|home)|come home|be coming home)\b[^.!?\n]{{0,40}}"
    rf"\b{_CONDITION_EN}"
    rf"|\b{_AGAIN_EN}\b[^.!?\n]{{0,30}}\band {_YOUR} (?:\w+ )?{_KIN_EN} (?:will|'ll|are gonna|is gonna|gonna|"
    rf"are going to|is going to) (?:pay|suffer|get hurt|bleed|regret)\b"
    rf"|\b{_YOUR} (?:whole |little |lil |baby |big )?{_KIN_EN}(?:'s| is|'re| are)? (?:gonna|going to|finna|about to|bout to|will) "
    rf"(?:get it|catch it|suffer|bleed)(?= *(?:$|[.!,;\n]|too\b|as well\b|every\b))"
    rf"|\b{_YOUR} (?:\w+ )?(?:{_KIN_EN}|{_BUSINESS_EN})(?:'s| is|'re| are)? (?:gonna|going to|about to|will|might|"
    rf"could) (?:have|meet with|suffer) (?:a |an )?(?:real |very |really )?(?:bad|nasty|terrible|unfortunate|tragic|"
    rf"serious|fatal|little) (?:accident|fall|fire)\b(?! (?:on|in) (?:the|my|your|ur) (?:carpet|rug|floor|house|crate))"
    rf"|\b(?:i|we) know {_YOUR} (?:\w+ )?{_KIN_EN} (?:lives?|stays?|sleeps?|walks?|is|are|gets? home) "
    rf"(?:alone|by (?:her|him|them)sel(?:f|ves)|on (?:her|his|their) own)\b"
    rf"|\b(?:get|getting|gets) a (?:little |late night |surprise )?visit from (?:me|us|my \w+)\b[^.!?\n]{{0,30}}"
    rf"\b(?:won't|wont|will not|ain't gonna) (?:like|enjoy|forget) it\b"
    # sent for: "they'll need dental records to identify you", a brother out of prison who knows about the reader
    rf"|\bdental records to identify {_YOU}\b"
    rf"|\b(?:gets|getting|get|comes|coming) out(?: of (?:jail|prison|lockup|the joint))?\b[^.!?\n]{{0,30}}[.,;]? "
    rf"*(?:and )?(?:he|she|they)(?:'s| has| have|'ve| is| are)? (?:been told|heard|knows?|know) (?:all |everything )?"
    rf"about {_YOU}\b"
    rf"|\b(?:regret|pay for) it physically\b"
)

_AGAIN_FR = r"(?:encore|une fois de plus|une autre fois|une seule fois|si jamais|si (?:tu|vous) (?:ne )?(?:payes?|payez))"

THREAT_FR = (
    # watched, followed: "je t'ai suivi toute la semaine, demain c'est ton tour"
    rf"\b(?:(?:je|j'|on) ?(?:t'ai|t'a|vous ai|vous a) (?:suivie?|observee?|surveillee?|espionnee?|piste)|"
    rf"(?:je|on) (?:t'observe|te surveille|te suis|t'espionne|vous observe|vous surveille))\b[^\n]{{0,80}}\b{_SOON_FR}"
    rf"|\b(?:comprendre|voir|savoir) (?:vite )?a qui (?:tu as|t'as|vous avez) affaire\b"
    rf"|\b(?:tu vas|vous allez) (?:connaitre|apprendre|decouvrir|savoir) (?:ce qu'est |ce que c'est (?:que )?)?"
    rf"(?:la (?:vraie )?(?:douleur|souffrance|peur))\b"
    # advice in the reader's place, looking behind oneself from now on
    rf"|\b(?:a ta place|a votre place|si j'etais toi|si j'etais vous),? (?:moi )?(?:je )?dormirais d'un (?:seul )?"
    rf"(?:oeil|œil)"
    rf"|\b(?:regarde[rsz]?|surveille[rsz]?) derriere (?:toi|vous)\b[^.!?\n]{{0,10}}\b(?:a partir de maintenant|"
    rf"desormais|dorenavant|a l'avenir|maintenant|quand (?:tu|vous) rentre)"
    rf"|\bprofite[sz]?(?: bien)? de (?:ton|ta|tes|votre|vos) [\w-]+,? (?:c'est|ce sera|ca sera|ca pourrait etre) "
    rf"(?:peut-etre |surement |sans doute |probablement )?(?:le|la|les|ton|ta|tes) (?:dernier|derniere|derniers|"
    rf"dernieres)\b"
    # the family or the pet in danger: "touche encore a mon fric et c'est ta fille qui paiera"
    rf"|\b{_AGAIN_FR}\b[^.!?\n]{{0,40}}\bet (?:c'est )?(?:ta|ton|tes|votre|vos) (?:\w+ )?{_KIN_FR} (?:qui )?"
    rf"(?:paiera|paieront|payera|payeront|va payer|vont payer|souffrira|souffriront|morflera|morfleront|"
    rf"prendra|prendront|va prendre|vont prendre)"
    rf"|\b(?:ta|ton|tes|votre|vos) (?:\w+ )?{_KIN_FR} (?:ne )?(?:rentrera|rentreront|reviendra|reviendront)"
    rf"(?: pas| plus| jamais)\b[^.!?\n]{{0,30}}\bsi (?:tu|vous)\b"
    rf"|\b(?:je|j'|on)(?: \w+){{0,2}} ?(?:faire|fera|ferai|ferais|ferons) du mal a (?:toi|vous|ta|ton|tes|votre|vos)\b"
    rf"|\b(?:ta|ton|tes|votre|vos|tu) (?:\w+ )?(?:{_KIN_FR} )?(?:ne )?(?:va|vont|vas|fera|feront) (?:pas|plus) "
    rf"(?:faire long feu|vivre (?:bien )?longtemps)\b(?! *,? *(?:s'il|si il|si elle|s'ils|avec|sans|a cause))"
    rf"|\b(?:je|j'|on)(?: vais| va| vas)? ?(?:defoncer|casser|exploser|bruler|cramer|saccager|fracasser|peter|"
    rf"briser|incendier) (?:ta|ton|tes|votre|vos) (?:vitrine|voiture|bagnole|caisse|maison|boutique|magasin|vitres?|"
    rf"fenetres?|porte|resto|restaurant|bureau|appart|garage|commerce|local|scooter|moto)\b"
    # sent for: a brother out of prison who knows about the reader; consequences for the body
    rf"|\bsort (?:de (?:prison|taule|zonzon)|bientot|le mois prochain|la semaine prochaine)\b[^.!?\n]{{0,40}}"
    rf"\b(?:il|elle|ils) (?:sait|savent|connait|connaissent) (?:tout de (?:toi|vous)|tout sur (?:toi|vous)|"
    rf"qui (?:tu es|vous etes)|ou (?:tu|vous))"
    rf"|\bregrett\w* physiquement\b"
    rf"|\bconsequences? (?:\w+ ){{0,2}}(?:pour|sur) (?:votre|ta|ton) integrite (?:physique|corporelle)"
)

# Menace by what may "happen" and by time running out: "something bad is going to happen to you", "it's only a
# matter of time before i get you", "you'll never see it coming", with the mafia compliment ("nice family you
# have, would hate to see something happen to them").
_KIND_WORD = r"(?:nice|pretty|lovely|cute|beautiful|sweet|adorable)"
THREAT_MORE_EN = (
    rf"\bsomething (?:bad|terrible|awful|nasty|very bad|really bad) (?:is going to|is gonna|'s gonna|will|'ll) "
    rf"happen to {_YOU}\b(?! (?:if|when|unless) {_YOU} (?:eat|drink|smoke|skip|don't sleep|forget)\b)"
    rf"|\b{_KIND_WORD} (?:\w+ ){{0,3}}(?:you(?:'ve| have)? (?:have|got)|of yours)\b[^\n]{{0,40}}\b(?:hate|shame|pity|terrible|awful)"
    rf"\b[^.!?\n]{{0,30}}\b(?:happen(?:ed|s)?|got lost|went missing|got hurt)\b"
    rf"|\b(?:i'd|i would|would) hate (?:for |to see |it if )?(?:anything|something) (?:bad )?(?:to )?happen(?:ed)? to "
    rf"(?:that|those|this) (?:\w+ ){{0,3}}of yours\b"
    rf"|\b{_YOUR} (?:\w+ )?(?:{_KIN_EN}|girl|boy|princess) (?:is|are|'s) (?:so |really |very )?{_KIND_WORD}\b[^.!?\n]{{0,5}}[.,]? *(?:it )?"
    rf"(?:would|'d|it'd) (?:be )?(?:a )?(?:terrible|awful|shame|pity|sad|tragic)\w* if (?:she|he|they|it) "
    rf"(?:ever )?(?:got|went|were|was) (?:lost|missing|hurt|taken)\b"
    rf"|\b(?:only )?a matter of time (?:before|till|until) (?:i|we|they|my \w+) (?:get|find|catch|kill|hurt|"
    rf"deal with|come for|get to) {_YOU}\b"
    rf"|\b{_YOU}(?:'ll| will) never see (?:it|me|us) coming(?= *(?:$|[.!\n]))"
    rf"|\b(?:i'll|i will|i'm gonna|im gonna|i'm going to|we'll|we will|we're gonna) (?:go|come|be coming|be going) "
    rf"after {_YOUR} (?:\w+ )?{_KIN_EN}\b"
    rf"|\bmake {_YOUR} (?:\w+ ){{0,2}}(?:orphans?|a widow|a widower)\b|\b{_YOUR} (?:wife|husband) (?:becomes?|will be|"
    rf"is gonna be|is going to be) a (?:widow|widower)\b"
    rf"|\b(?:people|men|guys) (?:have |'ve )?(?:died|been killed|disappeared|gone missing|ended up dead) for less\b"
    rf"|\bdon't make me (?:come|go|get)(?: \w+){{0,3}} (?:and|to) (?:hurt|kill|beat|stab|shoot|smack|hit|slap|punch) "
    rf"{_YOU}\b"
    rf"|\bhope {_YOU} (?:like|love|enjoy) (?:hospitals?|the hospital|the morgue|the icu|cemeteries|wheelchairs|"
    rf"crutches|casts|pain)(?= *(?:$|[.!\n]|😈|🔪))"
    rf"|\b(?:we|they) (?:will|'ll|are going to|gonna) find {_YOU}[.,]? *(?:we|they) always (?:do|find)\b"
)
THREAT_MORE_FR = (
    r"\bil (?:va|risque de|pourrait) (?:t'|vous )arriver (?:des bricoles|malheur|quelque chose de grave|des ennuis|"
    r"un (?:gros )?(?:accident|malheur))"
    r"|\b(?:je|j'|on)(?: vais| va)? ?(?:m'en prendre|s'en prendre|m'attaquer|s'attaquer) a (?:toi|vous|ta|ton|tes|votre|"
    r"vos)\b"
    r"|\b(?:tes|vos) (?:enfants|gosses|gamins) (?:seront|vont etre|vont finir) orphelins|\b(?:ta|votre) femme (?:sera|va etre) "
    r"veuve\b"
    r"|\bprie[sz]? pour que (?:je|j'|on) (?:ne )?(?:te |t'|vous )(?:trouve|retrouve|attrape|croise|chope)\w* (?:jamais|pas)\b"
    r"|\bquestion de temps avant (?:que |qu')(?:je |j'|on )(?:ne )?(?:te |t'|vous )(?:trouve|retrouve|attrape|chope|croise|regle)"
    r"|\b(?:tu|vous) (?:ne )?(?:le |me |nous )?(?:verras|verrez) (?:pas|jamais|rien) venir(?= *(?:$|[.!\n]))"
    r"|\bon (?:finit|fini) toujours par (?:te |vous )?retrouver\b"
    r"|\bton heure (?:approche|arrive|a sonne|viendra)\b"
    r"|\b(?:continue|continuez|recommence|recommencez)\w*(?: \w+){0,3} et (?:tu vas|vous allez|on va) voir"
    r"(?= *(?:$|[.!,;\n]|ce qui))"
    r"|\b(?:tu vas|vous allez|tu va) (?:te|vous) faire (?:defoncer|tabasser|buter|planter|eclater|fumer|frapper|"
    r"agresser|lyncher|casser la (?:gueule|figure))"
)

# Other tenses: what the author did or almost did, and what will be left of the reader ("I was going to let you
# live", "I had a knife in my pocket the whole time. next time I'll use it", "by the time I'm done with you your
# own mother won't recognise you"), harm bought ("I've paid someone to take care of you"), the body never found.
_ARMS = r"(?:gun|knife|blade|pistol|rifle|shotgun|glock|machete|strap|couteau|flingue|lame|pistolet|fusil|surin|schlass)"
THREAT_TENSE_EN = (
    rf"\b(?:i was going to|i was gonna|i'd have|i would have|i was about to) (?:let {_YOU} live|spare {_YOU})\b"
    rf"|\b(?:done|finished) with {_YOU}\b[^.!?\n]{{0,40}}\b(?:(?:won't|will not|wont|can't|will never) (?:even )?|"
    rf"(?:nobody|no one|no1) (?:will|'ll|would) (?:ever )?)recogni[sz]e {_YOU}\b"
    rf"|\b(?:i was|i've been|i stood|i sat|i waited|we were) (?:right )?(?:outside|under|below|at) {_YOUR} "
    rf"(?:bedroom )?(?:window|door)\b[^\n]{{0,60}}\b(?:{_YOU} (?:looked|were|seemed) (?:so )?(?:peaceful|asleep|"
    rf"cute sleeping)|{_YOU} (?:were )?sleeping|asleep|sleep (?:well|tight))"
    rf"|\b{_ARMS}\b[^\n]{{0,60}}\bnext time (?:i'll|i will|i'm gonna|i'm going to|ill) use it\b"
    rf"|\b(?:i'll|i will|i'm gonna|i'm going to) take (?:everything|everyone) (?:from {_YOU}|{_YOU} (?:love|have|care about))"
    rf"|\b(?:picking|scraping|fishing|finding|collecting) (?:pieces|bits|parts) of {_YOU}\b"
    rf"|\bhope {_YOUR} brakes (?:work|hold|are working)(?: (?:tomorrow|tonight|today|this time))?(?= *(?:$|[.!\n]|😈|😉|😏))"
    rf"|\bhate for {_YOUR} (?:\w+ )?{_KIN_EN} to (?:grow up without|lose) (?:a|their|your) (?:father|mother|dad|mom|mum|"
    rf"parent)"
    rf"|\b(?:surprised|shame|pity|sad|terrible) if {_YOUR} (?:\w+ )?{_KIN_EN} (?:doesn't|don't|didn't|never|won't|"
    rf"doesnt|dont|didnt) (?:comes?|makes? it|gets?) (?:home|back)\b"
    rf"|\b(?:paid|hired|paying|hiring|i'll pay|i'll hire) (?:someone|somebody|a guy|some guys|guys|a couple of guys|"
    rf"people|a man|men|some men|some people) to "
    rf"(?:take care of|deal with|handle|hurt|kill|get|visit|find|jump) (?:{_YOU}|{_YOUR} (?:\w+ )?{_KIN_EN})\b"
    rf"(?! (?:while|when|during|for (?:a|the|an)|until|after school|this (?:summer|weekend)))"
    rf"|\bif i (?:ever )?(?:catch|see|find) {_YOU}\b[^.!?\n]{{0,40}}\b(?:they|nobody|no one|the police|the cops)"
    rf"(?:'ll| will| would|'d) (?:never|not) (?:ever )?find {_YOU}\b"
    rf"|\b(?:nobody|no one|no1|they) (?:will|'ll) (?:ever )?find {_YOUR} body\b"
)
THREAT_TENSE_FR = (
    r"\bfini avec (?:toi|vous)\b[^.!?\n]{0,40}\b(?:te|vous) reconnaitr\w* (?:plus|pas)"
    r"|\b(?:j'etais|j'ai attendu|j'etais juste) (?:sous|devant|derriere) (?:ta|votre) fenetre\b[^\n]{0,40}"
    r"\b(?:tu dormais|vous dormiez|dormir|tu avais l'air)"
    rf"|\b{_ARMS}\b[^\n]{{0,60}}\bla prochaine fois (?:je m'en sers|je m'en servirai|je l'utilise)"
    r"|\bje vais (?:tout te prendre|te prendre tout ce que tu (?:aimes|as))"
    r"|\bj'espere que (?:tes|vos) freins (?:marchent|tiennent|fonctionnent)(?: bien)?(?: demain| ce soir)?(?= *(?:$|[.!\n]))"
    r"|\b(?:tes|vos) (?:enfants|gosses) (?:vont )?grandir sans (?:leur )?(?:pere|mere)"
    r"|\b(?:j'ai|on a) (?:paye|engage) (?:quelqu'un|des gars|un gars|un mec|des mecs|un type|des types|des gens) pour "
    rf"(?:s'occuper de (?:toi|vous|(?:ton|ta|tes|votre|vos) (?:\w+ )?{_KIN_FR})\b"
    r"(?! (?:pendant|quand|le temps|cet ete|ce week-end|apres l'ecole))|(?:te|vous) (?:regler|buter|tabasser|trouver|"
    r"faire la peau))"
    r"|\bsi je (?:te |vous )(?:revois|recroise|chope|vois|croise|attrape)\b[^.!?\n]{0,40}\b(?:on|personne) (?:ne )?"
    r"(?:te |vous )?retrouvera (?:jamais|plus|ton corps)"
    r"|\bpersonne (?:ne )?retrouvera (?:jamais )?ton corps"
    r"|\b(?:t'as|tu as|vous avez) interet a (?:avoir )?(?:disparu|etre parti|te cacher|courir|fuir|demenager)\b"
    r"|\b(?:je|on) (?:t'|vous )attend(?:ra|rai|rons)? a la sortie (?:du|de|des) (?:boulot|taf|lycee|college|bureau|"
    r"travail|ecole|cours)"
    r"|\b(?:des gens|des gars|quelqu'un|mes gars|nos gars|des potes) (?:qui )?surveill\w* (?:ta|ton|tes|votre|vos) "
    r"(?:maison|appart|immeuble|famille|enfants|femme|boutique|domicile)"
    r"|\bje (?:m'assure|vais m'assurer|ferai en sorte|vais faire en sorte) que (?:tu|vous) (?:ne )?(?:remarche|marche|"
    r"revoie|parle|respire)\w* (?:plus|jamais)"
)

# The formal and the sarcastic menace: safety that "can no longer be guaranteed", backing off "for the sake of your
# family's safety", "or you'll disappear", "wouldn't want your kids to get hurt, would we".
_BACK_OFF = (
    r"(?:reconsider|withdraw|drop|back off|stay quiet|keep quiet|keep (?:your|ur) mouth shut|forget|let (?:it|this) go|"
    r"leave town)"
)
THREAT_FORMAL_EN = (
    rf"\b{_BACK_OFF}\w*\b[^.!?\n]{{0,40}}\bfor (?:the sake of )?{_YOUR} (?:own |family's |children's |kids' |wife's |"
    rf"husband's |loved ones' )?(?:safety|wellbeing|well-being)\b"
    rf"|\b(?:can|could) no longer (?:guarantee|vouch for|ensure) {_YOUR} (?:own )?safety\b"
    rf"|\b{_YOUR} (?:own )?safety (?:is|can) no longer (?:be )?guaranteed\b"
    rf"|\bor (?:else )?{_YOU}(?:'ll| will|'re gonna| are gonna|'re going to| are going to) (?:disappear|vanish|go missing|"
    rf"bleed|get hurt|end up (?:dead|in (?:a|the) (?:hospital|ditch|river|morgue)))\b"
    rf"|\b(?:i'd|i would|id) (?:sleep with|keep) (?:the|your|my) doors? locked\b[^.!?\n]{{0,20}}\bif i (?:was|were) {_YOU}"
    rf"|\b(?:wouldn't|would not|don't|do not) want {_YOUR} (?:\w+ )?{_KIN_EN} (?:to get|getting) (?:hurt|harmed|injured)"
    rf"(?= *(?:$|[.!?\n]|,? (?:would we|now would we|right|would you)\b))"
)
THREAT_FORMAL_FR = (
    r"\b(?:reconsiderer|retirer|abandonner|oublier|laisser tomber|vous taire|te taire|quitter la ville)\b"
    r"[^.!?\n]{0,40}\bpour (?:la|votre|ta) securite (?:de (?:votre|ta) (?:famille|femme|fille|fils|enfants|mari))?"
    r"|\bje ne (?:peux )?(?:plus |pas )?(?:reponds|garantis|garantir|repondre) (?:plus |pas |rien )?(?:de )?(?:votre|ta) "
    r"securite"
    r"|\b(?:dommage|bete) que (?:ta|ton|tes|votre|vos) (?:\w+ )?"
    + _KIN_FR
    + r" (?:se fassent mal|se fasse mal|"
    r"soit blesse\w*|soient blesse\w*|ait un accident|aient un accident)"
    r"|\b(?:t'as|tu as|vous avez) (?:de la )?chance (?:d'etre|que tu sois|que vous soyez) (?:encore|toujours) "
    r"(?:en vie|vivante?s?|debout)"
    r"|\bce qui est arrive (?:au dernier|a la derniere personne|aux derniers|au dernier mec|au dernier gars) qui "
    r"(?:a essaye|m'a|a ose|a fait)"
    r"|\bou (?:sinon )?(?:tu vas|vous allez) (?:disparaitre|saigner|finir a l'hopital|finir dans (?:le|la|un) \w+)"
    # the same on a condition, in the present or the future: "rembourse-moi sinon tu finis à l'hôpital"
    r"|\b(?:sinon|ou bien|ou sinon),? (?:tu|vous) (?:vas finir|allez finir|finis|finiras|finissez|finirez|"
    r"termines|termineras) (?:a l'hopital|aux urgences|au cimetiere|a la morgue|six pieds sous terre|en morceaux|"
    r"dans (?:le|la|un|une) (?:fosse|canal|riviere|coffre|cercueil|tombe|fauteuil roulant|coma|sac))"
)

# Last rites and accidents wished on the family: "better get your affairs in order", "i hope you've made peace with
# god", "shame if he fell down the stairs", "your family is gonna be crying at your funeral".
THREAT_RITES_EN = (
    rf"\b(?:better|should|might want to|'d better|time to) (?:get|put) {_YOUR} affairs in order(?= *(?:$|[.!\n]))"
    rf"|\b(?:made|make|making) (?:your )?peace with (?:god|{_YOUR} (?:god|maker)|the lord|jesus)(?= *(?:$|[.!\n]))"
    rf"|\b(?:shame|pity|tragedy|terrible|awful) if (?:he|she|they|{_YOUR} (?:\w+ )?{_KIN_EN}) (?:fell|had (?:a|an) "
    rf"(?:\w+ )?(?:accident|fall)|got hurt)\b"
    rf"|\b(?:shame|pity|tragedy|terrible|awful) if (?:the|{_YOUR}) brakes (?:failed|gave out|went)\b"
    rf"|\b(?:shame|pity|tragedy|terrible|awful) if {_YOUR} (?:\w+ )?{_BUSINESS_EN} had (?:a|an) (?:gas leak|fire|explosion)"
    rf"|\b{_KIN_EN} (?:is |are |'s |'re )?(?:gonna|going to|will) (?:be )?(?:crying|cry|mourning|weeping) "
    rf"(?:at|over) {_YOUR} (?:funeral|grave|coffin)"
    # the family will pay for the reader's deed: "your family are gonna pay for this" (not "pay for dinner")
    rf"|\b{_YOUR} (?:\w+ )?{_KIN_EN} (?:is |are |'s |'re )?(?:gonna|going to|will|'ll) pay (?:for (?:this|that)"
    rf"(?= *(?:$|[.!,\n]))|for what {_YOU}(?:'ve| have)? (?:did|done|said|wrote)\b|the price\b(?! (?:of|for) (?:the|a|an)\b))"
    rf"|\b(?:hope )?(?:{_YOUR} (?:\w+ )?{_KIN_EN}(?:'s| is|'re| are)|{_YOU}(?:'re| are)) ready for what(?:'s| is) "
    rf"coming(?= *(?:$|[.!\n]))"
    rf"|\bknow where (?:she|he|they) (?:\w+ ){{0,2}}(?:too|as well)\b"
    rf"|\b(?:we|i) (?:have|got|know) {_YOUR} (?:home )?address,? (?:and )?{_YOUR} (?:license plate|plate|car|wife's|mom's|"
    rf"mum's|kids'|daughter's|son's|workplace)"
)
THREAT_RITES_FR = (
    r"\b(?:mets|mettez|range) (?:tes|vos) affaires en ordre(?= *(?:$|[.!\n]))"
    r"|\b(?:prepare|previens)\w* (?:ta|votre) (?:famille|mere|femme|daronne)\b[^.!?\n]{0,20}\b(?:ton|votre) enterrement"
    r"|\bje (?:ne )?(?:reponds|repondrai) plus de (?:rien|moi)\b"
    r"|\b(?:aboiera|miaulera|respirera) plus (?:pour )?longtemps\b"
)
