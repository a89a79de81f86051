"""Contexts in which threat words threaten no one, FR and EN (issue #12's must-not-flag neighbours): a hazard
named ("watch your back on that ladder"), a threat received and reported by its victim ("my ex keeps texting
'watch your back'"), threats condemned or reported as news, a legal recourse ("you'll be hearing from my
lawyer"), a friendly occasion ("you won't see it coming, best surprise party ever") and idioms of eating,
burning CDs or dying of boredom.

Why a module of its own: ``threat_frames`` finds threats; these say when a finding, or the fast model's threat
score alone, is no threat where it stands. :func:`soft` separates the implicit threats (no verb of harm) that a
friendly context can undo from explicit ones it cannot ("I'll kill you, happy birthday" stays a threat).
All read the folded view (``’`` written ``'``); bounded alternations only.
"""

from __future__ import annotations

import re

from charte.detectors.support import threat_banter

# A physical hazard: the caution is about it ("careful on the ladder", "fais gaffe, l'échelle est bancale").
_HAZARD = re.compile(
    r"\b(?:ladders?|stairs|staircase|steps|ice|icy|slippery|wet floor|wobbly|sharp|traffic|roads?|cliff|"
    r"scaffold\w*|live wire|potholes?|echelle|escaliers?|verglas|glissant\w*|bancale?|coupant\w*|tranchant\w*|"
    r"route|falaise|coupe beaucoup|snow|storm|fog|flood\w*|highway|motorway|neige|tempete|brouillard|bleach|ammonia|"
    r"chemicals?|javel|marches|lifting|heavy|boxes|bend (?:your|ur) knees|cartons|plie[rz]? les genoux|posture)\b"
)
# Cautions and accidents a hazard turns into advice: "watch your back", "someone's going to break their neck".
_CAUTION = re.compile(
    r"\b(?:watch (?:your|ur) (?:back|step|head)|fais (?:gaffe|attention) a (?:toi|ton dos)|surveille tes arrieres|"
    r"break (?:his|her|their|your) (?:neck|legs?|arms?)|be careful|keep (?:your|ur) head on a swivel)\b"
)
_ACCIDENT = re.compile(
    r"\b(?:(?:you'll|you will|you're gonna|you're going to|you could|you might) (?:cut|hurt|burn|injure) yourself|"
    r"(?:you could|you might|you can) (?:kill|poison|gas) yourself|"
    r"(?:tu vas|vous allez|tu risques de|tu pourrais|tu peux|vous pouvez) (?:te|vous) (?:blesser|couper|bruler|faire mal|"
    r"casser|tuer|intoxiquer)|"
    r"(?:someone|somebody|quelqu'un)(?:'s| is| va| will|'ll)? (?:going to |gonna )?(?:break|hurt|se (?:blesser|casser)))"
)
# The threat was received: its victim quotes it to report it or to ask for help.
_RECEIVED = re.compile(
    r"\b(?:dm'?e?d me|got (?:a|an|this|the) (?:dm|message|text|email|letter|note|voicemail)|"
    r"(?:reported|blocked) and (?:blocked|reported)|messaged me|texted me|sent me|told me|wrote (?:to )?me|emailed me|"
    r"keeps? (?:texting|sending|messaging|saying|writing|telling me)|m'envoie|m'a (?:ecrit|envoye|dit|menace)|"
    r"m'ecrit|reported (?:it|him|her|them|again|to)|to the police|a la police|restraining order|screenshot\w*|"
    r"(?:i'm|im|i am) (?:scared|afraid|terrified)|what do i do|j'ai peur|porte plainte|harcel\w*)\b"
)
# Threatening condemned as such, or reported as news: "telling a woman you'll hurt her is never okay".
_CONDEMNED = re.compile(
    r"\b(?:is|are|'s) (?:never|not) (?:ok|okay|acceptable|funny|a joke|cool|normal)\b|\bis a threat\b|"
    r"\bblock and report\b|\bnever acceptable\b|\bn'est (?:jamais|pas) (?:une blague|acceptable|ok|drole|normal)\b|"
    r"\bc'est une menace\b|\bsignalez\b|\bthreats? (?:against|to|toward|towards|like)\b|"
    r"\b(?:was|were) reported to (?:the )?police\b|\bpolice (?:say|said)\b|\b(?:court|jury) (?:hears|heard|was told)\b|"
    r"\bthe (?:accused|defendant)\b|"
    r"\bprosecutors?\b|\b(?:nobody|no one|no1) deserves\b|\bpersonne ne merite\b|"
    r"\bharass\w* (?:has|needs|must) to (?:end|stop)\b|\bmenaces? (?:contre|envers)\b|\bselon (?:la police|le parquet|l'accusation)\b"
)
# A legal recourse, not violence: "you'll be hearing from my lawyer", "je saisis le tribunal".
_LEGAL = re.compile(
    r"\b(?:(?:my|our) (?:lawyers?|attorneys?|solicitors?)|see (?:you|u) in court|small claims|take (?:you|u) to court|"
    r"report(?:ing)? (?:you|u) to|(?:mon|notre) avocat|(?:saisi\w*|devant) (?:le )?tribunal|porter plainte|prud'?hommes)\b"
)
# A friendly occasion: a present, a party, a visit of people who like the reader, a favour asked.
_FRIENDLY = re.compile(
    r"\b(?:present|gift|birthday|drop (?:off|by)|pick (?:you|u) up|invite|invitation|housewarming|"
    r"(?:surprise|birthday|house|dinner|garden|pool|engagement|leaving|farewell|christmas|office) party|"
    r"thanks|thank you|cadeau|anniversaire|merci|cremaillere|deposer|surprise|cake|gateau|vacation|holiday|"
    r"vacances|new job|(?:walk|go|drive|ride) with (?:her|him|them)|je peux (?:l'|la |le |les )?(?:accompagner|recuperer|ramener)|"
    r"congrats|congratulations|felicitations|keep it quiet|carpool|covoiturage|"
    r"(?:could|can) mine|loved|love you|miss (?:you|u)|t'adorent|in town|quand ils passent|de passage|welcome|"
    r"bienvenue|can't wait|excited|trop contente?s?|ravie?s?|te chercher|cine|cinema|movies|resto|apero|coffee|"
    r"guest room|stay (?:with|at)|staying|depos\w*|birthday|parcel|package|colis|hugs?|kisses|cuddles|"
    r"sale|sales|discount|offer ends|sold out|promo\w*|black friday|soldes|promotion|raise|bonus|prize|reward|"
    r"cafeteria|canteen|menu|cantine)\b"
)
# A verb of harm or death in the threat's own words: a friendly context does not undo it (a weapon named
# alone can be a present: "that knife set? guess who it's for: my mom's birthday").
_HARM = re.compile(
    r"\b(?:kill|murder|stab|shoot|shot|hurt|beat|burn|torch|break|smash|dead|die|bleed|choke|"
    r"strangle|hang|hung|execut|lynch|firing|jump|merk|shank|punch|acid|ruin|wreck|slit|tuer|tue|bute|defonc|crev|feu|"
    r"mort|egorg|cass|frapp|saign|snap|incendi|safety|securite|integrite|saccag|explos|fracass|poison|empoisonn|"
    r"(?:might|could|may) be (?:your|ur) (?:very )?last|(?:ce sera|c'est|ca sera) (?:peut-etre |surement |sans doute |"
    r"probablement )?(?:le|la|les|ton|ta|tes) dernier)\w*"
)
# Food or a task as the object of a verb of harm: "i'm going to murder this pizza", "kill that exam".
_THINGS = (
    r"(?:this|that|the|these|those|my|some) (?:\w+ )?(?:pizza|burger|sandwich|cake|steak|pie|plate|meal|buffet|"
    r"burrito|taco|bowl|salad|dessert|breakfast|lunch|dinner|exam|test|workout|song|track|karaoke|level|playlist|"
    r"interview|essay|deadline|presentation|printer|laptop|computer|pc|phone|spreadsheet|code|weeds|alarm|inbox|"
    r"router|wifi|keyboard|mouse|car alarm|paperwork|homework|assignment)\b"
)
# Idioms of eating, burning CDs, birds and stones, or dying of boredom, that the model reads as violence.
_IDIOMS = re.compile(
    rf"\b(?:kill (?:two|2) birds|(?:dead|morte?) (?:to me|pour moi)\b|d(?:ie|ied|ying) (?:laughing|of laughter)|"
    r"(?:kill|murder) for (?:a|an|some|one|those|that|these)\b|(?:is|was|'s) (?:murder|killing me)\b|"
    r"(?:smother|drown|bury|shower) (?:you|u|him|her|them) (?:in|with) (?:hugs|kisses|love|gifts|compliments|work)|"
    r"broken? the (?:tackle|record|line|rules|ice|silence|news|deadlock|tie|press)|"
    rf"burn (?:some |a |the |my |those |these )?(?:cds?|dvds?|calories|bridges|"
    r"the midnight oil|rubber|incense|candles?|a playlist|toast)|"
    r"(?:i|i'll|i will|i'm going to|i'm gonna|im gonna|gonna) (?:literally |actually |just |probably )?die\b"
    r"(?! (?:for|on|at|in)\b)|(?:va|vont|sera|seront) (?:etre )?(?:ma|notre) (?:mort|perte)\b|"
    rf"(?:murder|kill|destroy|demolish|crush|devour|smash|annihilate|slaughter) {_THINGS})"
)
# The object of the "threat" is food or a task: "i'm going to murder this pizza".
_THING = re.compile(rf"\b{_THINGS}")


# The kitchen: knives, killing and beating are the cook's ("cut the chicken and beat the eggs").
_KITCHEN = re.compile(
    r"\b(?:tomato(?:es)?|chicken|eggs?|lobsters?|garlic|onions?|recipe|oven|frying pan|saucepan|slice|chop|dice|toast|"
    r"soup|bake|fillet|marinade|steak|veg|vegetables|tomates?|oeufs?|poulet|recette|homard|oignons?|ail|four|poele|"
    r"legumes|cook|cooking|cuisine|crabs?|fish|boil|boiling)\b"
)
# The author takes the words back as a joke, after them: "i'll kill you 😂 jk love u", "je te tue 😂 je rigole".
_RETRACTED = re.compile(
    r"(?<!not )(?<!no )(?<!pas )\b(?:jk|j/k|just kidding|just joking|kidding|not really|je rigole|je plaisante|"
    r"c'est pour rire|pour rire)\b"
)
_NOT_JOKING = re.compile(
    r"\b(?:not|no|ain't|isn't|wasn't|pas)(?: \w+)? (?:joking|kidding|a joke|une blague)\b|\bje rigole pas\b"
)
# Someone else will do the "killing": "ur so dead when mum sees the mess".
_OTHER_AGENT = re.compile(
    r"\b(?:dead|so dead|dead meat|in trouble|mort|morte) (?:\w+ )?(?:when|once|if) (?:your |my |our |ta |ton |the )?"
    r"(?:mum|mom|mother|dad|father|parents|boss|teacher|wife|husband|coach|landlord|mere|pere|prof|patron)\b"
)


# An everyday consequence warned of: "hurry up or you'll miss the bus", "sinon tu seras en retard". The harm
# is the reader's own mishap, not something the author will do ("or you'll regret it" is no such mishap); a
# fall needs a caution before it ("slow down or you'll trip": "keep talking or you'll fall" is a threat).
_OR = r"(?:\bor|\botherwise|\bsinon|\bou)(?: else)?,? "
_YOU_WILL = (
    r"(?:you'll|you will|you're gonna|you're going to|you might|you could|u'll|"
    r"tu vas|tu seras|tu risques de|tu n'auras|vous allez|vous serez|vous n'aurez)(?: never| jamais| encore)? "
)
_MISSED = (
    r"(?:the |your |le |la |l'|ton |ta |votre )?(?:bus|train|flight|plane|tram|ferry|boat|show|start|beginning|"
    r"film|movie|deadline|kick-?off|concert|class|lesson|appointment|dinner|lunch|sale|avion|metro|debut|cours|"
    r"rendez-vous|rdv|match|spectacle|diner|dejeuner|soldes)"
)
_EVERYDAY = re.compile(
    rf"{_OR}{_YOU_WILL}(?:(?:miss|rater|louper|manquer) {_MISSED}|be late|be cold|be freezing|"
    r"catch (?:a )?(?:cold|chill|the flu)|get (?:wet|lost|cold|sunburnt|sunburned)|forget|"
    r"get a (?:table|seat|ticket|place)|run out|oversleep|en retard|avoir froid|"
    r"attraper (?:froid|un rhume|la creve)|te mouiller|te perdre|oublier|plus de (?:place|table|billets?)|de place)\b"
)
_FALL = re.compile(
    rf"\b(?:slow down|careful|hold on|hold the|tie (?:your|ur) laces|look where|watch where|ralenti\w*|"
    rf"fais attention|faites attention|tiens la|tiens-toi)[^.!?]{{0,30}}{_OR}{_YOU_WILL}"
    r"(?:trip|slip|fall|tomber|glisser|tr[eé]bucher)\b"
)
# Whom the chore is done to: a person ("deal with you", "s'occuper de ton frère") undoes the chore.
_DEALT_PERSON = re.compile(
    r"\b(?:deal with|take care of|sort out|sort|handle|see to|occuper de|occupe de|regler son compte a|"
    r"regler leur compte a)(?: (?:the|your|his|her|their|ton|ta|tes|son|sa|ses|leur|ce|cette) ?)?"
    r"(?:you|u|him|her|them|toi|lui|eux|elle|elles|vous|brother|sister|husband|wife|son|daughter|kids|children|"
    r"family|mum|mom|dad|boyfriend|girlfriend|friend|guy|neighbou?r|boss|frere|soeur|mari|femme|fils|fille|"
    r"enfants|famille|mere|pere|copain|copine|pote|voisin|patron|mec|type)\b"
)
# A plant or pet that needs care: "water the plants or they'll die".
_TENDED = re.compile(
    r"\b(?:water|feed|arroser?|arrosez|nourris|nourrissez) (?:the|your|my|les|tes|mes|ta|ton|ma|mon) "
    r"(?:plants?|flowers?|seedlings?|garden|lawn|tomatoes|basil|fish|cat|dog|plantes?|fleurs?|jardin|pelouse|"
    r"basilic|tomates|poissons?|chat|chien)\b"
)
# A chore as the object of "deal with" / "take care of": the leak, the roof, the paperwork, not a person.
_CHORE = re.compile(
    r"\b(?:deal with|take care of|sort out|handle|fix|see to|s'occuper (?:de la|du|des|de l')|m'occupe (?:de la|du|des|de l')|"
    r"s'occupe (?:de la|du|des|de l')|regler (?:le probleme (?:de la|du|des|de l')|la|le|les))(?: (?:the|my|our|this|that|these|those))? ?"
    r"(?:leak|leaks|roof|pipes?|plumbing|boiler|heating|paperwork|papers|taxes|tax return|garden|lawn|gutters?|"
    r"mou?ld|damp|drains?|sink|toilet|repairs?|mess|bins|laundry|dishes|car|engine|wiring|fence|shed|"
    r"fuite|toit|tuyaux?|plomberie|chaudiere|chauffage|papiers|impots|jardin|pelouse|gouttieres?|moisissures?|"
    r"humidite|evier|toilettes|reparations?|bazar|poubelles|linge|vaisselle|dossier|formalites|voiture|moteur|"
    r"cloture|cabanon|demenagement)\b"
)
# A warm wish about the reader's family or school year: "j'espère que tes enfants passent une bonne rentrée".
_WARM_WISH = re.compile(
    r"\b(?:bonne|belle|excellente|super) (?:rentree|annee|journee|semaine|soiree|fete)\b|"
    r"\b(?:have|has|had) (?:a |an )?(?:great|good|lovely|wonderful|fantastic|safe|fun|nice|happy|brilliant) "
    r"(?:\w+ )?(?:day|time|year|term|trip|week|holiday|journey|start)\b|"
    r"\b(?:settles? in well|wishing (?:your|you|them)|a (?:lovely|great|happy|good) (?:school )?year)\b|"
    r"\b(?:va|vont) adorer\b|\bs'eclatent\b|"
    # recovery wished: "j'espère que ta mère va mieux", "hope your dad feels better soon"
    r"\b(?:j'espere|on espere|hope|hoping|wish) (?:que |qu')?[^.!?]{0,40}\b(?:va(?:s|)? mieux|aille(?:s|nt)? mieux|"
    r"vont mieux|se remet(?:te|tent)?|guerisse(?:nt)?|se retablisse(?:nt)?|gets? better|feels? better|"
    r"recovers?|gets? well|is (?:doing )?(?:ok|okay|alright|better|well))\b|"
    r"\b(?:bon retablissement|prompt retablissement|get well soon|speedy recovery|prompt recovery)\b"
)


# A parent's "or else": the punishment is a lost treat or being grounded ("range ta chambre sinon tu finis privé
# de dessert", "eat your greens or no tv tonight").
_HOUSE_RULES = re.compile(
    rf"{_OR}[^.!?\n]{{0,30}}\b(?:privee?s? de|pas de (?:dessert|tele|television|console|sortie|telephone|portable|"
    r"ecrans?|gouter|tablette|jeux?(?: video)?)|puni(?:e|s|es)?\b|no (?:dessert|tv|telly|screen time|phone|ipad|"
    r"games|pocket money|sweets|candy)|grounded)"
)


def everyday(folded: str) -> bool:
    """Whether the post warns of an everyday mishap, tends a plant or pet, hands a chore over ("deal with the
    leak"), or wishes the reader's family well, and names no act of harm of the author's: what the model's
    threat or toxicity score alone must not flag."""
    if _DEALT_PERSON.search(folded) is not None:
        return False
    if _TENDED.search(folded) is not None and _HARM.search(folded.replace("die", "")) is None:
        return True
    return _HARM.search(folded) is None and (
        _EVERYDAY.search(folded) is not None
        or _FALL.search(folded) is not None
        or _CHORE.search(folded) is not None
        or _WARM_WISH.search(folded) is not None
        or _HOUSE_RULES.search(folded) is not None
    )


# A pet or a toddler does the "menacing": "sleep with one eye open, the cat likes to jump on faces".
_PET_AGENT = re.compile(
    r"\b(?:the|my|our|le|la|mon|ma|notre) (?:cat|dog|puppy|kitten|baby|toddler|parrot|chat|chien|chiot|bebe|perroquet)"
    r" (?:likes|loves|tends|keeps|will|jumps|bites|wakes|aime|adore|saute|mord|reveille)\b"
)


# Someone else's threat reported: "she told police he said he'd burn the house down".
_REPORTED_SPEECH = re.compile(
    r"\b(?:he|she|they|my ex|a man|a guy|the man|the guy) (?:said|says|told (?:me|her|him|them|police|the police|"
    r"everyone|us))(?: that)? (?:he|she|they)(?:'d| would| will|'ll| was going to| is going to| wanted to)\b"
)


def pet_agent(folded: str) -> bool:
    """Whether a pet or a toddler is the agent of what the post warns about (and no act of harm is named)."""
    # a cat "jumps on" faces: that jump is no assault
    return _PET_AGENT.search(folded) is not None and _HARM.search(folded.replace("jump", "")) is None


def kitchen(folded: str) -> bool:
    """Whether the post is about cooking (what a knife or a beating is for there)."""
    return _KITCHEN.search(folded) is not None


def retracted(folded: str, end: int) -> bool:
    """Whether the author takes the words back as a joke after ``end``, and never says they are not joking."""
    return _RETRACTED.search(folded, end) is not None and _NOT_JOKING.search(folded) is None


def other_agent(folded: str) -> bool:
    """Whether the reader will be "dead" at someone else's hands, a parent's or a boss's ("so dead when mum sees")."""
    return _OTHER_AGENT.search(folded) is not None


_QUOTE = re.compile(r"(?:^|[\s(:])['\"«“]")


# Dying of laughter, "dead to me": the words after the hit make it an idiom.
_IDIOM_AFTER = re.compile(
    r" *(?:laughing|of (?:laughter|boredom|embarrassment|shame|cringe)|to me\b|de rire|de honte|d'ennui)"
)


def idiom_after(folded: str, end: int) -> bool:
    """Whether the words right after a threat make it an idiom ("you'll die laughing", "you're dead to me")."""
    return _IDIOM_AFTER.match(folded, end) is not None


# A price after "pay": "you'll pay less tax", "u will pay a fee", "vous allez payer plus cher l'essence"
# (not "you'll pay the price", "tu vas le payer cher": those are the threat's own words).
_PRICE_AFTER = re.compile(
    r" +(?:(?:a )?(?:lot |bit )?(?:less|more|extra)\b|the same\b|nothing\b|double\b|twice\b|[£$€\d]|"
    r"(?:a |an |the |no |any |your |in )?(?:fees?|tax(?:es)?|vat|rent|bills?|interest|premium|deposit|fares?|tolls?|"
    r"postage|shipping|tuition|full price|council tax|cash|instalments?|installments?)\b|"
    r"(?:moins|plus|rien|le double)\b|le meme prix|(?:des|les|vos|tes|aucun|pas de|de l') ?(?:frais|impots?|taxes?)\b|"
    r"la tva|(?:ton|votre) loyer|en (?:especes|liquide|plusieurs fois))"
)
# The same price anywhere in the post, for the model's threat score alone ("ta famille va payer moins d'impôts"):
# not after "le"/"la" ("tu vas le payer plus cher" is the threat's own words).
_PRICED_PAY = re.compile(r"(?<!\ble )(?<!\bla )(?<!\bl')\b(?:pay|payer)" + _PRICE_AFTER.pattern)
# The weather or the traffic as the agent of a passive: "you're gonna get smoked by this heat" (the sun burns).
_WEATHER = (
    r"(?:heat ?waves?|heat|sun|cold|frost|wind|rain|storms?|snow|hail|weather|humidity|traffic|mosquito(?:e)?s|midges|"
    r"chaleur|canicule|soleil|froid|gel|pluie|vent|orages?|grele|neige|moustiques|bouchons)"
)
_AGENT = (
    rf" +(?:by|in|from|par|avec|sous) (?:the |this |that |all this |today's |la |le |les |l'|cette |ce |cet )?(?:\w+ )?"
    rf"{_WEATHER}\b"
)
_PASSIVE_VERB = r"\b(?:get|gets|getting|got|gotten|se faire|te faire|vous faire)"
_PASSIVE = re.compile(rf"{_PASSIVE_VERB}\b")
_WEATHER_AGENT = re.compile(_AGENT)
# Not the reader's fate: the weather's doing, or where the author, an animal or the weather "will end up"
# ("my cat will end up on the roof", "I'll end up broke", "the storm will end up flooding the garden"; not the
# author in prison, which can say what they will do to the reader).
_CREATURES = (
    r"(?:cats?|dogs?|kittens?|pupp(?:y|ies)|pups?|birds?|parrots?|hamsters?|rabbits?|horses?|cows?|sheep|goats?|"
    r"hens?|chickens?|ducks?|fish|tortoises?|pets?|squirrels?|plants?|tomatoes|garden|chats?|chiens?|chatons?|"
    r"chiots?|oiseaux?|lapins?|chevaux|cheval|poules?|plantes?|jardin)"
)
_NOT_THE_READER = re.compile(
    rf"{_PASSIVE_VERB} \w+{_AGENT}|"
    rf"\b(?:i|i'm|im|we|we're|(?:my|our|the|this|that|these|those|his|her|their|mon|ma|mes|notre|nos|le|la|les|ce|"
    rf"cette|ces) (?:\w+ )?(?:{_CREATURES}|{_WEATHER}))(?:'ll| will| might| could| would| always| probably| just| is|"
    rf" are|'s|'re| gonna| going to)* (?:end|ends|ended|ending) up\b(?! (?:in|behind) (?:jail|prison|bars|a cell)\b)|"
    rf"\b(?:mon|ma|mes|notre|nos|le|la|les|ce|cette|ces) (?:\w+ )?(?:{_CREATURES}|{_WEATHER}) (?:va|vont) finir "
    rf"(?:sur|dans|par|au|a|en)\b"
)


def priced_or_weather(folded: str, words: str, end: int) -> bool:
    """Whether what follows the threat ``words`` (ending at ``end``) makes them none: a price after "pay"
    ("you'll pay less tax") or the weather as the agent of a passive ("you're gonna get smoked by this heat")."""
    if (
        words.rstrip().endswith(("pay", "payer"))
        and _PRICE_AFTER.match(folded, end) is not None
        and not words.rstrip().endswith(
            ("le payer", "la payer", "l'payer", "l' payer")
        )  # "tu vas le payer plus cher"
    ):
        return True
    return _PASSIVE.search(words) is not None and _WEATHER_AGENT.match(folded, end) is not None


def soft(words: str) -> bool:
    """Whether the threat words name no act, weapon or death (an implicit threat a context can undo)."""
    return _HARM.search(words) is None


def hazard(folded: str, words: str) -> bool:
    """Whether the words are a caution or an accident and the post names the hazard they warn about."""
    return (_CAUTION.search(words) is not None or _ACCIDENT.search(words) is not None) and (
        _HAZARD.search(folded) is not None
    )


def friendly(folded: str) -> bool:
    """Whether the post names a friendly occasion (a present, a party, people who like the reader)."""
    return _FRIENDLY.search(folded) is not None


def received(folded: str) -> bool:
    """Whether the post is its victim's report of a threat received."""
    return _RECEIVED.search(folded) is not None


def condemned(folded: str) -> bool:
    """Whether the post condemns threatening, or reports it as news ("nobody deserves messages like …")."""
    return _CONDEMNED.search(folded) is not None


def eaten(words: str) -> bool:
    """Whether the "threat" is made to food or a task ("murder this pizza", "kill that exam")."""
    return _THING.search(words) is not None


def benign(folded: str) -> bool:
    """Whether the post frames violence so that the model's threat score alone decides nothing: an accident
    warned of, a threat received or condemned or reported, a legal recourse, an idiom, or no fate of the
    reader's (the weather's doing, where the author, an animal or the weather "will end up")."""
    return (
        (
            (_ACCIDENT.search(folded) is not None or _CAUTION.search(folded) is not None)
            and _HAZARD.search(folded) is not None
        )
        or (_RECEIVED.search(folded) is not None and _QUOTE.search(folded) is not None)
        or _CONDEMNED.search(folded) is not None
        or _LEGAL.search(folded) is not None
        or _IDIOMS.search(folded) is not None
        or (_KITCHEN.search(folded) is not None and _NOT_JOKING.search(folded) is None)
        or retracted(folded, 0)
        or threat_banter.banter(folded)
        or pet_agent(folded)
        or _REPORTED_SPEECH.search(folded) is not None
        or other_agent(folded)
        or _NOT_THE_READER.search(folded) is not None
        or everyday(folded)
        or ("pay" in folded and _PRICED_PAY.search(folded) is not None)
    )
