"""The intent a mention is routed on: the model's probabilities, corrected by cues written for two cases it gets
wrong (docs/listening.md, "Intent").

- **Replies by a brand's own agents** ("Sorry to hear that – please DM us", "Nous sommes désolés, écrivez-nous en
  MP", a signature such as ``*MS`` or ``^JD``) sound like customer care, and the intent head, trained on
  customers' posts, reads them as complaints or crises. A mention written by one of the organisation's own
  accounts is never a complaint (``from_brand``); one whose wording is an agent's (a service phrase in the first
  person plural, addressed to the customer) is ``other`` instead of a complaint (or of a crisis the model is not
  sure of) unless it also carries a customer's complaint cue.
- **Complaints the model misses**: short, exclamatory or ironic complaints ("still waiting for my refund",
  "toujours aucune réponse", "broadband gone off again", "#fixit", "3rd time I call", "where is my order??",
  "thanks for nothing"). A complaint cue (English or French, in families: ``FAMILIES``) makes a mention a
  complaint when the model gives a complaint at least ``CUE_FLOOR`` and reads it as ``other`` or ``question``, or
  is not sure of another reading (a crisis stays a crisis; a clear praise stays praise).
- **Complaints the model sees where there are none**: thanks for a fix ("thank you for resolving my issue") and
  plain requests for information ("when are your December flights released?") without any complaint cue, and
  not negative for the sentiment head, are praise and questions.

The cues were written from the ``dev`` and ``train`` tenths of the complaints corpus and three brands' agent
replies; the evaluation (benchmarks/eval_routing.py) reports on the ``val`` tenth and on the other brands only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from charte.prefilter import AnyOf

INTENTS = ("complaint", "question", "praise", "crisis", "other")

#: The least complaint probability a complaint cue needs (a cue alone in a praise is not a complaint).
CUE_FLOOR = 0.05
#: Above this probability another intent (crisis, praise) wins over a complaint cue.
SURE = 0.6
#: Below this negative probability (sentiment head) a praise cue undoes the model's complaint reading. Promoting
#: negative posts (with a question mark or not) the model half reads as complaints was tried on the ``dev`` tenth:
#: no recall gained, precision lost (docs/listening.md), so sentiment only guards the praise cue.
NEGATIVE = 0.5

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def _compile(patterns: tuple[str, ...]) -> AnyOf:
    """The cues as one case-insensitive test; a literal prefilter picks the few worth searching (``re`` alone
    tries every alternative at every position: about 0.1 ms a post, the most of ingestion's own work)."""
    return AnyOf(patterns, re.IGNORECASE)


# A customer's complaint, in English and French: waiting, silence, something broken, money, strong judgement.
# These also keep a customer quoting an agent's wording a complaint (see ``decide``).
_JUDGEMENT_PATTERNS: tuple[str, ...] = (
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
_JUDGEMENT = _compile(_JUDGEMENT_PATTERNS)

#: Complaint cue families written from the ``dev`` and ``train`` tenths of the complaints corpus (never its ``val``
#: tenth, which eval_routing reports on) and, for French, from the project's own probe wording habits. Each is a
#: customer reporting a problem without a judgement word: the problem itself is the complaint.
FAMILIES: dict[str, tuple[str, ...]] = {
    "delay": (
        # English
        r"\b(?:\d+|ten|fifteen|twenty|thirty|forty|few|several|two|three) (?:mins?|minutes|hours?|hrs?|days?|weeks?)"
        r" (?:late|delayed|overdue|behind)\b|\bdays late\b",
        r"\b(?:delayed|late|cancell?ed) again\b|\b(?:another|yet another) (?:delay|cancell?ation)\b",
        r"\b(?:it's|its|it has|it's been|its been|been|it's now|now) (?:like |over |almost |nearly |more than )?"
        r"(?:\d+|two|three|four|five|six|several|many) (?:days|weeks|months|hours)\b",
        r"\bshould have (?:been )?(?:arrived|dispatched|delivered|shipped|been here|come)\b",
        r"\bstill (?:in (?:the )?shop|on hold|pending|processing|not here|hasn't arrived|waiting)\b",
        r"\b(?:on hold|waiting|queued?) for (?:over |more than |almost |nearly )?(?:an? |\d+ |two |three )?"
        r"(?:hours?|hrs?|mins?|minutes)\b",
        # French
        r"\b(?:\d+|dix|quinze|vingt|trente|deux|trois) (?:min|minutes|heures?|h|jours?|semaines?) de retard\b",
        r"\b(?:encore|toujours|de nouveau|une fois de plus) (?:en retard|annulée?s?|supprimée?s?|bloquée?s?)\b",
        r"\b(?:ça|cela) fait (?:plus de |presque |bientôt |déjà )?(?:\d+|deux|trois|quatre|cinq|six|plusieurs) "
        r"(?:jours|semaines|mois|heures)\b",
        r"\bdepuis (?:plus de |presque |bientôt |déjà )?(?:\d+|deux|trois|quatre|cinq|six|plusieurs) "
        r"(?:jours|semaines|mois)\b",
        r"\btoujours (?:en attente|bloquée?|en cours de traitement|pas livrée?)\b|\bretard (?:de|du|sur) (?:ma|mon|la|le)\b",
    ),
    "repeated_contact": (
        # English
        r"\b(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|umpteenth|another) (?:time|call|email|attempt|request)"
        r"\b.{0,30}\b(?:call|calling|called|ask|asking|asked|email|emailing|contact|chase|chasing|tweet|write|writing)",
        r"\b(?:\d+(?:st|nd|rd|th)|second|third|fourth|fifth|umpteenth) time (?:i|i've|ive|we|we've|now)\b",
        r"\b(?:called|rang|emailed|e-mailed|messaged|dm'd|dmed|contacted|tweeted|chased|tried|asked) "
        r"(?:you |them |your team |support )?(?:\d+|two|three|four|five|several|multiple|many|numerous|countless) "
        r"times\b",
        r"\b(?:tried|trying) (?:\d+|two|three|four|five|several|multiple|many) times\b",
        r"\b(?:already|i've|ive|i have) (?:already )?(?:sent|dm'd|dmed|messaged|emailed|called|explained|"
        r"contacted|reported)\b.{0,40}(?:\?|!|still|nothing|no )",
        r"\bhow many (?:more )?times\b|\b(?:any|an) (?:answer|update|response|reply|news) (?:on|to|about|regarding) my\b",
        r"\btalked for (?:an )?hours?\b|\b(?:spent|wasted) (?:\d+|an|two|three|hours|an hour)\b.{0,20}"
        r"\b(?:phone|hold|call|chat)\b",
        # French
        r"\b(?:\d+e|\d+ème|deuxième|troisième|quatrième|énième|nième) (?:fois|appel|relance|mail|message|courrier)\b",
        r"\b(?:appelé|relancé|écrit|contacté|envoyé|téléphoné|essayé) (?:\w+ )?(?:\d+|deux|trois|quatre|cinq|"
        r"plusieurs|dix|mille) fois\b",
        r"\bj'ai (?:déjà|pourtant) (?:envoyé|appelé|écrit|relancé|expliqué|signalé|fait)\b|\bcombien de fois\b",
        r"\b(?:je vous |vous )?relance\b|\bje relance\b|\bsans (?:aucune )?suite\b",
    ),
    "missing_broken": (
        # English
        r"\bwhere(?:'s| is| are|s) (?:my|our|the) (?:order|package|parcel|refund|delivery|money|bill|item|stuff|"
        r"luggage|bag|suitcase|replacement|card)\b",
        r"\b(?:missing|damaged|smashed|crushed|broken|cracked|wrong|faulty|defective|empty) (?:item|order|parcel|"
        r"package|box|screen|size|product|delivery|bag|luggage|part)s?\b",
        r"\b(?:arrived|came|delivered|turned up) (?:damaged|broken|smashed|crushed|late|open|opened|empty|wrong|"
        r"cold|missing)\b|\bnever (?:came|showed up|turned up|arrived)\b|\b(?:lost|lose) my (?:bag|luggage|parcel|"
        r"package|order|suitcase)\b",
        r"\bcancell?ed (?:again|without|at the last|last minute|on me)\b|\b(?:item|order|parcel|package) (?:is |was )?"
        r"missing\b",
        r"\b(?:stopped|stop) working\b|\bkeeps? (?:crashing|freezing|disconnecting|dropping|failing|restarting|"
        r"logging me out|cutting out)\b",
        # French
        r"\boù (?:est|en est|sont) (?:mon|ma|mes|le|la|les) (?:colis|commande|remboursement|livraison|argent|"
        r"valise|bagage|carte|facture)s?\b",
        r"\b(?:colis|commande|article|produit|valise|bagage|écran|livraison)s? (?:perdue?s?|endommagée?s?|abîmée?s?|"
        r"cassée?s?|incomplète?s?|manquante?s?|introuvables?|défectueu(?:x|se)s?|égarée?s?)\b",
        r"\b(?:reçu|arrivée?|livrée?) (?:cassée?|abîmée?|endommagée?|ouverte?|vide|incomplète?|en retard)\b",
        r"\b(?:annulée?s?|supprimée?s?) sans\b|\b(?:vol|train|commande|rendez-vous|rdv) (?:annulée?|supprimée?)\b",
        r"\bil manque\b|\bmanquant\b|\bplante (?:tout le temps|sans arrêt|encore)\b",
    ),
    "money": (
        # English
        r"\b(?:charged|billed|debited) (?:me )?(?:twice|double|again|two times|for (?:something|nothing|a|an))\b|"
        r"\bdouble[- ]charged\b|\bovercharg",
        r"\bhidden (?:fee|charge)s?\b|\btook my money\b|\bwant my money back\b|\b(?:still|yet to) (?:no |not )?"
        r"(?:receive|received|get|got|see|seen) (?:my |a |the )?refund\b",
        r"\brefund (?:still|yet|never|is taking|has not|hasn't|hasnt)\b|\bno sign of (?:my |the )?refund\b",
        # French
        r"\b(?:débitée?|prélevée?|facturée?) (?:deux fois|à tort|en double|sans)\b|\bdouble (?:prélèvement|débit)\b",
        r"\bfrais (?:cachés|abusifs|injustifiés)\b|\b(?:toujours|jamais|pas encore) (?:pas )?(?:été )?remboursée?s?\b",
        r"\brendez(?:-| )moi mon argent\b|\btrop[- ]perçu\b",
    ),
    "no_answer": (
        # English
        r"\bpick (?:up )?the (?:phone|damn phone)\b|\banswer (?:the|your) (?:phone|emails?|messages?|dms?)\b",
        r"\b(?:nobody|no one|noone|no-one) (?:answers|replies|responds|picks|is answering|gets back|called back|"
        r"has (?:replied|answered|responded|got back|called))\b",
        r"\b(?:why|when) (?:haven't|hasn't|havent|hasnt|don't|dont|won't|wont|can't|cant) (?:you|anyone|anybody) "
        r"(?:reply|replied|answer|answered|respond|responded|get back|call)\b",
        r"\bnever (?:got|get|received|heard) (?:a |any )?(?:reply|response|answer|call ?back|back)\b|"
        r"\b(?:hear|heard) nothing\b",
        # French
        r"\bpersonne (?:ne )?(?:répond|rappelle|décroche|me rappelle|m'a (?:répondu|rappelé))\b|\binjoignables?\b",
        r"\b(?:aucun|sans) (?:retour|rappel|suivi)\b|\b(?:jamais|toujours pas) (?:eu de |reçu de )?(?:réponse|"
        r"rappel|retour)\b",
        r"\bvous (?:ne )?(?:répondez|rappelez) (?:jamais|pas|plus)\b|\bdécrochez\b",
    ),
    "outage": (
        # English
        r"\b(?:site|website|app|server|servers|service|network|internet|wifi|broadband|system|platform|login|"
        r"checkout|payment) (?:is |are |was |keeps going |seems )?(?:down|offline|unavailable|crashing|broken)\b",
        r"\b(?:another|yet another|major|total|power|network|internet) outage\b|\boutage (?:again|in|since)\b",
        r"\bno (?:internet|power|electricity|water|phone line|connection|tv|dial tone|network|4g|data)\b",
        r"\b(?:fans?|heating|lights?|toilets?|air ?con|a/c|wifi|power) (?:are |is )?(?:switched |turned )?"
        r"(?:off|out|not working|broken)\b",
        # French
        r"\b(?:site|appli|application|serveur|réseau|internet|box|wifi|connexion|paiement) (?:est |encore |toujours )*"
        r"(?:en panne|hs|h\.s\.|inaccessible|indisponible|planté|coupée?|tombée?)\b",
        r"\b(?:encore|nouvelle|énième) (?:une )?(?:panne|coupure)\b|\bcoupure (?:de|d')\b|\bplus (?:d'internet|"
        r"de réseau|de connexion|d'électricité|de courant|de chauffage|d'eau)\b",
    ),
    "verdict": (
        # English: a blunt verdict on the brand without the first cues' words
        r"\b(?:absolute|total|complete|such a|what a|is a|a bad) joke\b|\bjoke that\b|\bpiece of (?:crap|junk|shit)\b",
        r"\b(?:get|getting) (?:your|their|its) (?:shit|act|stuff) together\b|\bfull of lies\b|#smh\b|#\w*fail\b",
        r"\b(?:wasn't|wasnt|not|isn't|isnt|weren't) (?:very |at all |really )?helpful\b|\blet down\b|"
        r"\b(?:is|are|so) (?:so |very |really )?slow\b",
        r"\b(?:last|final) time (?:i|we) (?:buy|fly|order|use|shop|eat|book|stay)\b|\bprice (?:increase|hike)s?\b",
        # French
        r"\bc'est une (?:blague|plaisanterie)\b|\bon se moque de qui\b|\bon (?:nous|me) prend pour\b",
        r"\b(?:plus jamais|dernière fois que) (?:je|j'|on)\b|\b(?:hausse|augmentation) (?:de prix|des prix|du prix|"
        r"de \d+ ?%)",
        r"\bpas (?:du tout |très )?(?:aidée?|utile|aimable|professionnel)\b|\bnulle? à chier\b",
    ),
    "cannot": (
        # English: the customer cannot do what they paid for
        r"\bunable to (?:log|login|sign|use|access|open|connect|pay|dm|order|book|check ?in|cancel|reach|get)\b",
        r"\b(?:no|without) (?:call|reply|response|confirmation|email|update|delivery) (?:till|until|as of|yet)\b|"
        r"\b(?:found|shipped|sent|processed|received|fixed) my (?:order|parcel|package|refund|item|claim) yet\b",
        # French
        r"\bimpossible (?:de|d') ?(?:me |se )?(?:connecter|payer|joindre|résilier|commander|accéder|utiliser|"
        r"réserver|annuler|avoir|obtenir|ouvrir|télécharger)",
        r"\bje (?:n'arrive|n'y arrive|ne peux) (?:pas|plus) (?:à )?(?:me connecter|payer|joindre|accéder|utiliser|"
        r"commander|résilier|ouvrir)",
    ),
    "sarcasm": (
        # English
        r"\bthanks? (?:you )?for (?:nothing|ruining|wasting|making me wait|losing|the (?:delay|wait|cold))\b|"
        r"\bthanks a lot\b.{0,40}(?:not|never|late|broken|nothing)",
        r"\b(?:love|loving|enjoy|enjoying) (?:waiting|being on hold|standing|paying|the delay)\b",
        r"\b(?:great|nice|awesome|brilliant|fantastic|amazing|wonderful) (?:job|work|service)\b.{0,40}"
        r"(?:\bnot\b|#not|late|again|broken|smashed|never)",
        r"#not\b|#fail\b|#epicfail|fail\b.{0,3}$|#(?:customer)?servicefail|#badservice|#neveragain|#notfeelingit|"
        r"#disappointed|#annoyed|#unhappy|#frustrated|#fuming",
        r"\b(?:wtf|fed up|sick of|tired of|sick and tired|no chill|doesn't sound right|not fair)\b",
        # French
        r"\bmerci (?:pour rien|du cadeau|bien pour rien|de rien du tout)\b|\bbravo (?:pour|à|au|la|le) "
        r"(?:service|sncf|retard|panne|livraison|suivi)\b",
        r"\bj'adore (?:attendre|payer|être en attente)\b|\bsuper (?:le|ce) service\b.{0,30}(?:encore|retard|panne|"
        r"pas)|\bmerci (?:encore )?(?:à|a) (?:vous|toi) pour (?:ce|le|la) (?:retard|panne)\b",
        r"\b(?:j'en ai|on en a) (?:marre|assez|ras le bol)\b|\bj'en peux plus\b|\bc'est pas normal\b|\bpas normal\b|"
        r"\bpas sérieux\b|\bfoutage de gueule\b|\bfoutez\b|\bdégoûtée?\b|\bgalère\b",
    ),
}

_FAMILY = {name: _compile(patterns) for name, patterns in FAMILIES.items()}
#: Every complaint cue, old and new, as one test (one prefilter pass instead of eight).
_COMPLAINT = _compile(_JUDGEMENT_PATTERNS + tuple(p for patterns in FAMILIES.values() for p in patterns))

# A request for information, opening the post (after the @handles and a greeting): "@Acme when are the December
# flights released?", "@Acme quels sont vos horaires ?". Undoes a complaint reading without a cue.
_ASKING = re.compile(
    r"^\W*(?:[@.]\w+[\s,:]*)*(?:(?:hi|hello|hey|bonjour|salut|bonsoir)\b[^a-z]*(?:\w+[,!]\s*)?)?"
    r"(?:when (?:are|does|do)|what time|which|how (?:much|long) (?:i|we|you)|how (?:do|can) (?:i|we) (?:book|add|"
    r"change|get|order|buy|use|find|pay)|are there|do you (?:have|sell|ship|deliver|know|offer)"
    r"|please can you tell|any idea when|quand|quel(?:le)?s? (?:sont|est)|est-ce que (?:vous|je|on)|comment (?:faire|"
    r"puis-je|ajouter|changer|activer)|pouvez-vous (?:me dire|m'indiquer))\b",
    re.IGNORECASE,
)

# A satisfied customer: thanks for a fix, praise of the service. Undoes a complaint reading without a cue.
_PRAISE = _compile(
    (
        # English
        r"\bthank(?:s| you)(?: so much| very much| again)? for (?:resolving|sorting|fixing|your help|the help|"
        r"helping|the quick|your quick|getting back|replacing|the refund|my refund)",
        r"\b(?:best|great|excellent|amazing|brilliant|fantastic|superb|outstanding|quick|fast) "
        r"(?:customer )?(?:service|support|help)\b",
        r"\b(?:has|have) been (?:great|brilliant|amazing|fantastic|excellent|so helpful)\b|\bno worries\b",
        r"\b(?:issue|problem|it)(?:'s| is| has been| was| got) (?:now )?(?:resolved|sorted|fixed)\b|"
        r"\b(?:driver|update|fix|that) worked\b",
        r"#goodcustomerservice|#greatservice|#kindcommunication|#happycustomer|\bthanks? (?:you )?for (?:the help|"
        r"listening|your help)\b|\bi'm happy\b|\bhuge props\b|\bshout ?out to\b",
        # French
        r"\bmerci (?:beaucoup |bien )?(?:pour|de) (?:votre aide|la rapidité|votre réactivité|le suivi|le geste|"
        r"avoir (?:résolu|réglé|répondu))",
        r"\b(?:super|excellent|très bon|top) (?:service|sav|accueil)\b|\bau top\b|\bproblème (?:résolu|réglé)\b|"
        r"\b(?:ça|tout) (?:marche|fonctionne) (?:à nouveau|de nouveau|enfin|parfaitement)\b",
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
    """Whether ``text`` carries a customer's complaint cue (English or French), of any family."""
    return _COMPLAINT.search(_straight(text))


def cue_families(text: str) -> list[str]:
    """The names of the cue families (``FAMILIES``, plus ``judgement`` for the first cues) ``text`` carries:
    for tests and error analysis; :func:`decide` uses the one combined test."""
    text = _straight(text)
    found = ["judgement"] if _JUDGEMENT.search(text) else []
    return found + [name for name, cue in _FAMILY.items() if cue.search(text)]


def praise_cue(text: str) -> bool:
    """Whether ``text`` thanks or praises the service ("thank you for resolving my issue", "merci pour votre
    aide")."""
    return _PRAISE.search(_straight(text))


def agent_reply(text: str) -> bool:
    """Whether ``text`` reads like a brand agent's reply to a customer (English or French)."""
    return _agent(_straight(text))


def _agent(plain: str) -> bool:
    """:func:`agent_reply` of a text already made straight."""
    return _AGENT.search(plain) or _signed(plain)


def _signed(text: str) -> bool:
    """``_SIGNATURE.search(text)``, searched from the end only: a signature is at most 6 characters before the
    trailing white space, and a search from the start tried it at every position of the post."""
    end = len(text.rstrip())  # str.rstrip and re's \s agree on what white space is (Py_UNICODE_ISSPACE)
    return _SIGNATURE.search(text, max(0, end - _SIGNATURE_REACH)) is not None


#: How far before the last non-space character ``_SIGNATURE`` can start (its longest body and one space, plus
#: a margin).
_SIGNATURE_REACH = 8


def _negative(sentiment: Mapping[str, float] | None) -> float:
    return float(sentiment.get("negative", 0.0)) if sentiment else 0.0


def decide(
    text: str,
    probabilities: Mapping[str, float] | None,
    *,
    from_brand: bool = False,
    sentiment: Mapping[str, float] | None = None,
) -> str | None:
    """The intent to store and route on: the model's top class, corrected by the cues (see the module).

    ``from_brand``: the author is one of the organisation's own accounts. ``sentiment``: the sentiment head's
    probabilities (``negative``…), when scored; a negative post the model half reads as a complaint is one.
    ``None`` when nothing was scored.
    """
    if not probabilities:
        return None
    top = max(probabilities, key=lambda k: probabilities[k])
    sure = float(probabilities.get(top, 0.0))
    complaint = float(probabilities.get("complaint", 0.0))
    if from_brand:
        return "other" if top in ("complaint", "crisis") else top
    if top != "complaint" and complaint < CUE_FLOOR and not (top == "crisis" and sure < SURE):
        # What every branch below returns for such a reading, agent or not, cue or not: the searches skipped.
        return top
    plain = _straight(text)
    agent = _agent(plain)
    if agent and not _JUDGEMENT.search(plain):
        # Only the first, customer-worded cues keep an agent-like post a complaint: an agent's reply often
        # names the problem ("sorry your parcel arrived damaged"). A sure crisis stays one: a news agency's
        # signed flash ("… death toll rises. -MM") reads like an agent.
        if top == "complaint" or (top == "crisis" and float(probabilities["crisis"]) < SURE):
            return "other"
        return top
    negative = _negative(sentiment)
    if top == "complaint":
        # Thanks for a fix read as a complaint by the model (it learnt "issue", "customer service"…).
        if negative < NEGATIVE and not _COMPLAINT.search(plain):
            if praise_cue(plain):
                return "praise"
            if _ASKING.search(plain):
                return "question"
        return top
    if complaint < CUE_FLOOR:
        return top
    # "other" and "question" are no competing reading: a problem reported, even as a question, is a complaint
    # (not so in an agent's wording: "sorry to hear this isn't working" names the customer's problem).
    open_reading = (top in ("other", "question") and not agent) or sure < SURE
    if open_reading and _COMPLAINT.search(plain):
        return "complaint"
    return top
