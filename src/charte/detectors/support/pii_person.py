"""PERSON: names of private people in French and English posts, without a statistical model.

What generalises, strongest first:

1. a title or a role word right before capitalised words: "M. Dupont", "Mme Leroy", "Mr Smith",
   "la cliente Sophie Martin", "customer John Smith", "mon collègue Karim", "s'appelle Inès",
   "my name is Sarah";
2. a known given name (a gazetteer built from Faker's locale lists, see ``data/PROVENANCE.md``)
   followed by a capitalised surname ("Julie Moreau", "Julie MOREAU"), or a capitalised surname in
   upper case before it ("MOREAU Julie").

What is not a private person: the organisation's own names, brands and competitors, places, days and
months, words after a street type ("rue Victor Hugo") or a public title ("le président …"). A given
name alone, with nothing that says it is a person, is not reported: a first name does not identify
anyone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources

import ahocorasick_rs

from charte.detectors.support.pii_entities import _EN_COMMON, _EN_RARE, Candidate

# Titles before a name (lower case, without the final dot).
HONORIFICS = (
    "m",
    "mr",
    "mrs",
    "ms",
    "mme",
    "mmes",
    "mlle",
    "mlles",
    "mm",
    "dr",
    "pr",
    "me",
    "miss",
    "mister",
    "monsieur",
    "madame",
    "mademoiselle",
    "messieurs",
    "docteur",
    "doctor",
    "professeur",
    "maître",
    "maitre",
    "sir",
    "dame",
    "mx",
)
# Words that make the capitalised word after them a person's name, even a single one.
STRONG_INTRODUCERS = (
    "client",
    "cliente",
    "le client",
    "la cliente",
    "notre client",
    "notre cliente",
    "patient",
    "patiente",
    "collègue",
    "collegue",
    "s'appelle",
    "s’appelle",
    "m'appelle",
    "m’appelle",
    "nommé",
    "nommée",
    "prénommé",
    "prénommée",
    "dénommé",
    "dénommée",
    "mon nom est",
    "customer",
    "colleague",
    "coworker",
    "co-worker",
    "my name is",
    "name is",
    "i'm called",
    "named",
    "name:",
    "nom :",
    "nom:",
    "prénom",
    "prénom :",
    "full name",
    "first name",
    "last name",
    "surname",
    # Family: "my son Jack", "ma fille Inès".
    "my son",
    "my daughter",
    "my kid",
    "my child",
    "my wife",
    "my husband",
    "my mother",
    "my father",
    "my mom",
    "my mum",
    "my dad",
    "my brother",
    "my sister",
    "my partner",
    "my boyfriend",
    "my girlfriend",
    "mon fils",
    "ma fille",
    "mon enfant",
    "ma femme",
    "mon mari",
    "ma mère",
    "mon père",
    "mon frère",
    "ma soeur",
    "ma sœur",
    "mon compagnon",
    "ma compagne",
    "mon copain",
    "ma copine",
)
# Words that announce a person: a single word after them needs to be a known given name.
INTRODUCERS = (
    # French
    "client",
    "cliente",
    "clients",
    "clientes",
    "le client",
    "la cliente",
    "notre client",
    "notre cliente",
    "patient",
    "patiente",
    "collègue",
    "collegue",
    "mon collègue",
    "ma collègue",
    "mon collegue",
    "ma collegue",
    "s'appelle",
    "s’appelle",
    "m'appelle",
    "m’appelle",
    "je m'appelle",
    "je m’appelle",
    "il s'appelle",
    "elle s'appelle",
    "nommé",
    "nommée",
    "prénommé",
    "prénommée",
    "dénommé",
    "dénommée",
    "mon nom est",
    "nom",
    "prénom",
    "nom :",
    "abonné",
    "abonnée",
    "adhérent",
    "adhérente",
    "locataire",
    "voisin",
    "voisine",
    "salarié",
    "salariée",
    "employé",
    "employée",
    "stagiaire",
    "conseiller",
    "conseillère",
    "technicien",
    "technicienne",
    "livreur",
    "livreuse",
    "bénéficiaire",
    "titulaire",
    "destinataire",
    "expéditeur",
    "contactez",
    "demandez",
    "de la part de",
    "signé",
    "cordialement",
    # English
    "customer",
    "customers",
    "our customer",
    "the customer",
    "client's",
    "patient's",
    "colleague",
    "coworker",
    "co-worker",
    "my colleague",
    "my coworker",
    "my name is",
    "name is",
    "i'm called",
    "named",
    "name:",
    "full name",
    "first name",
    "last name",
    "surname",
    "account holder",
    "holder",
    "cardholder",
    "tenant",
    "neighbour",
    "neighbor",
    "employee",
    "intern",
    "agent",
    "technician",
    "driver",
    "courier",
    "beneficiary",
    "recipient",
    "sender",
    "contact",
    "ask for",
    "regards",
    "sincerely",
    "signed",
    "merci à",
    "user",
    "utilisateur",
    "utilisatrice",
    "member",
    "membre",
    "passenger",
    "passager",
    "passagère",
    # Greetings and thanks addressed to someone (GREETINGS below): two capitalised words after them are
    # usually a name. Not "thanks to": in English it mostly says why ("thanks to Amazon Prime").
    "merci",
    "merci à",
    "bravo",
    "bravo à",
    "félicitations à",
    "bonjour",
    "salut",
    "coucou",
    "cher",
    "chère",
    "thanks",
    "thank you",
    "thx",
    "shoutout to",
    "shout out to",
    "kudos to",
    "congrats to",
    "hello",
    "hi",
    "hey",
    "dear",
    "welcome",
    "bienvenue à",
)
# Introducers that greet or thank the person addressed: a first name alone after them ("thanks Chris") is
# the reader, not somebody's record, even when the post also holds a phone number (the sender's own).
GREETINGS = (
    "merci",
    "merci à",
    "bravo",
    "bravo à",
    "félicitations à",
    "bonjour",
    "salut",
    "coucou",
    "cher",
    "chère",
    "thanks",
    "thank you",
    "thx",
    "shoutout to",
    "shout out to",
    "kudos to",
    "congrats to",
    "hello",
    "hi",
    "hey",
    "dear",
    "welcome",
    "bienvenue à",
    "regards",
    "sincerely",
    "cordialement",
)
# Words after which two or more capitalised words are a name, but one word is not ("directed by Ann
# Lee", "add Tünde Hoffmann as a beneficiary"; bare prepositions are too loose: "to Foo Fighters").
PAIR_INTRODUCERS = (
    "called",
    "add",
    "ask for",
    "tell",
    "meet",
    "met",
    "starring",
    "directed by",
    "written by",
    "sung by",
    "produced by",
    "producer",
    "commenter",
    "tribute to",
    "grandfather",
    "grandmother",
    "founders",
    "follow up with",
    "speak to",
    "talk to",
    "change it to",
    "on behalf of",
    "assistant to",
    "replaced by",
    "de la part de",
    "appelé",
    "appelée",
    "ajouter",
    "rencontré",
    "rencontrer",
    "auprès de",
    "signé par",
    "remplacé par",
    "au nom de",
    "hommage à",
    "grand-père",
    "grand-mère",
    "fondateurs",
)
# Public roles: a name after these is a public figure, not customer data.
PUBLIC_TITLES = (
    "président",
    "présidente",
    "president",
    "ministre",
    "minister",
    "premier ministre",
    "prime minister",
    "député",
    "députée",
    "sénateur",
    "sénatrice",
    "senator",
    "maire",
    "mayor",
    "pape",
    "pope",
    "roi",
    "reine",
    "king",
    "queen",
    "prince",
    "princesse",
    "princess",
    "saint",
    "sainte",
    "st",
    "général",
    "general",
    "chancelier",
    "chancellor",
    "gouverneur",
    "governor",
    "lycée",
    "collège",
    "école",
    "université",
    "hôpital",
    "hopital",
    "stade",
    "gare",
    "station",
    "prix",
    "fondation",
    "musée",
    "institut",
    "centre",
    "théâtre",
    "metro",
    "métro",
    "avenue",
    "rue",
    "boulevard",
    "place",
    "quai",
    "allée",
    "impasse",
    "chemin",
    "route",
    "square",
    "cours",
    "street",
    "pont",
    "aéroport",
    "airport",
    "ceo",
    "pdg",
    "acteur",
    "actrice",
    "actor",
    "actress",
    "chanteur",
    "chanteuse",
    "singer",
    "rappeur",
    "rapper",
    "écrivain",
    "author",
    "auteur",
    "romancier",
    "philosophe",
    "footballeur",
    "joueur",
    "player",
    "coach",
    "entraîneur",
    "star",
    "@",
)

_KEEP_AS_PLACES = frozenset({"paris", "london", "londres"})


@lru_cache(maxsize=65536)
def _plain(word: str) -> str:
    """Lower case without accents, for comparisons with the word lists."""
    word = word.casefold().replace("’", "'")
    if word.isascii():
        return word
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()


@cache
def _lexicon(name: str) -> frozenset[str]:
    text = (resources.files("charte.detectors.support") / "data" / name).read_text(encoding="utf-8")
    return frozenset(_plain(line) for line in text.splitlines() if line and not line.startswith("#"))


def _words(name: str) -> frozenset[str]:
    return frozenset(w for line in _lexicon(name) for w in line.split())


def not_names() -> frozenset[str]:
    """Capitalised words that are not names (``data/not_names.txt``)."""
    return _words("not_names.txt")


def first_names() -> frozenset[str]:
    """The given-name gazetteer (lower case, no accents), minus words that are mostly not names."""
    return _lexicon("first_names.txt") - not_names() - _KEEP_AS_PLACES


def places() -> frozenset[str]:
    """Countries, regions and states; a place that is also a given name (Virginia) counts as a name."""
    return ((_lexicon("places.txt") | _words("cities.txt")) - first_names()) | _KEEP_AS_PLACES


def _char_class(predicate: str) -> str:
    """A regex class of the Latin letters (with accents and extensions) for which ``str.<predicate>`` holds."""
    chars = [
        chr(c)
        for r in ((0x41, 0x250), (0x1E00, 0x1F00))
        for c in range(*r)
        if chr(c).isalpha() and getattr(chr(c), predicate)()
    ]
    return "".join(re.escape(c) for c in chars)


# Upper- and lower-case Latin letters, Polish, Turkish, Romanian and Vietnamese ones included.
_UP = _char_class("isupper")
_LOW = _char_class("islower")
# A name token: Capitalised or UPPER, with hyphens and apostrophes (Jean-Pierre, O'Brien, N'Diaye),
# or a middle initial ("R.").
_TOKEN_REST = rf"(?:(?:['’][{_UP}])?[{_LOW}{_UP}]{{1,24}}(?:['’\-][{_UP}][{_LOW}{_UP}]{{1,24}}){{0,2}}|\.|(?=[ ][{_UP}]))"
_TOKEN = rf"[{_UP}]{_TOKEN_REST}"
_PARTICLE = r"(?:de|du|des|de la|del|della|van|von|der|den|di|da|dos|das|ben|bin|el|al|le|la|mac|ter|ten|zu|d'|d’|l'|l’)"
# A run of capitalised words. It starts with a character class (fast to scan for); the look-behind
# after it checks the character before the first letter.
_SEQUENCE = re.compile(
    rf"[{_UP}](?<![\w@#'’\-.].){_TOKEN_REST}"
    rf"(?:(?:[ ]{{1,2}}|[ ]?{_PARTICLE}[ ]|[ ]?d['’]|[ ]?O['’])(?:{_TOKEN})){{0,4}}(?![\w@\-])(?!['’](?!s(?!\w)))"
)


def _phrases(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_plain(w).rstrip(" :") for w in words)


_HONORIFIC_SET = _phrases(HONORIFICS)
_STRONG_SET = _phrases(STRONG_INTRODUCERS)
_WEAK_SET = _phrases(INTRODUCERS)
_PUBLIC_SET = _phrases(PUBLIC_TITLES)
_PAIR_SET = _phrases(PAIR_INTRODUCERS)
_GREETING_SET = _phrases(GREETINGS)
# Labels that introduce a name only when followed by a colon ("Nom : Dupont", "Name: Smith").
_COLON_ONLY = frozenset({"name", "nom", "prenom", "full name", "first name", "last name", "surname"})
# Single words that are cues, not names, when capitalised at the start of a sentence ("Contactez", "Customer").
_CUE_WORDS = frozenset(w for w in _HONORIFIC_SET | _STRONG_SET | _WEAK_SET | _PUBLIC_SET if " " not in w)
_LOWER_PARTICLES = frozenset({"de", "du", "des", "la", "le", "les", "l'", "d'", "of", "the"})
# The last word of every cue: ``left_context`` returns early unless the word before a name is one.
_LAST_WORDS = (
    _PUBLIC_SET
    | _HONORIFIC_SET
    | frozenset(p.rsplit(" ", 1)[-1] for p in _STRONG_SET | _WEAK_SET | _PAIR_SET)
)
_QUOTES = '"«»“”()[]*_'


# Verbs that give a name ("s'appelle", "nommé") and the things and animals they often name: with one of
# those as the sentence's subject, the name is a network's, a pet's or a shop's, not a person's.
_NAMING_VERBS = frozenset({"s'appelle", "s’appelle", "nommé", "nommée", "nomme", "nommee", "named", "called"})
_NAMED_THING = re.compile(
    r"(?i)(?<![\w-])(?:wi-?fi|r[ée]seau|network|hotspot|box|routeur|router|chien(?:ne)?|chat(?:te)?|chaton|dog|"
    r"puppy|cat|kitten|cheval|horse|lapin|rabbit|hamster|poisson|bateau|boat|voiture|car|appli|app|projet|"
    r"project|groupe|band|podcast|blog|cha[îi]ne|channel|resto|restaurant|bar|caf[ée]|boutique|shop|store|"
    r"soci[ée]t[ée]|entreprise|company|startup|asso(?:ciation)?|club|[ée]quipe|team|film|movie|livre|book|"
    r"album|chanson|song|jeu|game|serveur|server|robot|bot|ia|ai)(?![\w-])[^.!?\n]{0,50}$"
)
_NAMED_THING_REACH = 80


def left_context(before: str) -> str | None:
    """What the words right before a name say about it: "strong", "weak", "greeting" (a weak cue that
    addresses the person), "pair", "public" or ``None``."""
    tail = before.rstrip()
    if not tail or tail[-1] in '!?…\n#@"”»)]':
        return None  # the start of a sentence or of the text: nothing before can be a cue
    colon = tail[-1] in ":,"
    tail = tail.rstrip(":,").rstrip().removesuffix("(e)")
    if not tail or not (tail[-1].isalpha() or tail[-1] in ".'’"):
        return None
    raw = tail.split()[-3:]
    last = _plain(raw[-1].strip(_QUOTES)).rstrip(".")
    if last not in _LAST_WORDS:
        # No cue ends with this word (most capitalised words follow ordinary prose): only a public
        # title two words back remains possible ("le président dit Macron").
        if (
            len(raw) > 1
            and _plain(raw[-2].strip(_QUOTES)).rstrip(".") in _PUBLIC_SET
            and (last in _LOWER_PARTICLES or tail[-len(last) :].islower())
        ):
            return "public"
        return None
    words = [_plain(w.strip(_QUOTES)) for w in raw]
    if last in _PUBLIC_SET or (
        len(words) > 1
        and words[-2].rstrip(".") in _PUBLIC_SET
        and (last in _LOWER_PARTICLES or tail[-len(last) :].islower())
    ):
        return "public"
    if last in _HONORIFIC_SET and (len(last) > 3 or tail.split()[-1][:1].isupper()):
        return "strong"  # "M.", "Me", "Dr" are titles only when capitalised ("giving me LIFE")
    phrases = [" ".join(words[-k:]).rstrip(".") for k in (3, 2, 1) if len(words) >= k]
    if any(p in _STRONG_SET and (colon or p not in _COLON_ONLY) for p in phrases):
        if last in _NAMING_VERBS and _NAMED_THING.search(before[-_NAMED_THING_REACH:]) is not None:
            return None  # "le wifi de la médiathèque s'appelle Biblio-Public", "my dog is named Rex"
        return "strong"
    if any(p in _WEAK_SET for p in phrases):
        return "greeting" if any(p in _GREETING_SET for p in phrases) else "weak"
    if any(p in _PAIR_SET for p in phrases):
        return "pair"
    return None


# A verb of speaking or living right after two capitalised words ("Ada Lenz said", "Ada Lenz lives at").
_RIGHT_CUE = re.compile(
    r",?[ ](?:said|says|told|asked|explained|wrote|lives|lived|spent|listed|emailed|texted|replied|"
    r"a dit|dit|explique|habite|raconte|répond|a écrit|écrit)(?!\w)"
)
# An apposition right after a name says who the person is. A job held at the organisation or a
# relation to it (", le responsable du rayon", ", the store manager", ", notre cliente") makes the name a
# private person's, whatever cue stands before it; a public office or a public role (", CEO of Acme",
# ", chef de la direction de …", ", le conseiller général") makes it a public figure's, not customer data.
_PRIVATE_ROLES = (
    # "conseiller" alone or as a bank's or a shop's, not "conseiller régio[nal]…" cut off by a link.
    r"responsable|manager|g[ée]rante?|vendeur|vendeuse|caissi[èe]re?|"
    r"conseill[èe]re?(?=[ ]?[,.;:!?)]|$|[ ](?:client|bancaire|de[ ]vente|financi))|technicien(?:ne)?|"
    r"employ[ée]e?|salari[ée]e?|stagiaire|livreur|livreuse|client(?:e)?|locataire|voisine?|coll[èe]gue|"
    r"infirmi[èe]re?|secr[ée]taire|comptable|r[ée]ceptionniste|assistante?|superviseur(?:e)?|"
    r"h[ôo]tesse|chef[ ]de[ ]rayon|clerk|cashier|employee|intern|customer|tenant|neighbou?r|colleague|"
    r"co-?worker|technician|driver|courier|nurse|secretary|receptionist|accountant|supervisor|"
    r"associate|sales[ ]rep(?:resentative)?|agent|patiente?"
)
_PUBLIC_ROLES = (
    r"ceo|pdg|cfo|coo|cto|pr[ée]sident(?:e)?|ministre|minister|chef[ ]de[ ]la[ ]direction|"
    r"directeur[ ]g[ée]n[ée]ral|directrice[ ]g[ée]n[ée]rale|director[ ]general|d[ée]put[ée]e?|"
    r"s[ée]nat(?:eur|rice)|senator|maire|mayor|porte-parole|spokes(?:person|man|woman)|"
    r"repr[ée]sentante?[ ]d[eu']|representative[ ]of|conseill[èe]re?[ ](?:g[ée]n[ée]ral|municipal|r[ée]gional|"
    r"d[ée]partemental|d['’][ée]tat)e?|secr[ée]taire[ ]d['’][ée]tat|secretary[ ]of|fondat(?:eur|rice)|"
    r"co-?fondat(?:eur|rice)|co-?founder|founder|chair(?:man|woman|person)?[ ]of|chairman|chairwoman|"
    r"gouverneur|governor|ambassad(?:eur|rice|or)|candidat(?:e)?|candidate|champion(?:ne)?|"
    r"acteur|actrice|actor|actress|chanteu(?:r|se)|singer|rappeur|rapper|[ée]crivain(?:e)?|writer|author|"
    r"auteur|autrice|footballeur|joueu(?:r|se)|player|coach|entra[îi]neu(?:r|se)|journaliste|journalist"
)
_APPOSITION = re.compile(
    r",?[ ](?:(?:le|la|l['’]|the|our|notre|nos|my|mon|ma|your|votre|son|sa|his|her|un|une|a|an|ex-?)[ ]?)?"
    rf"(?:(?P<public>{_PUBLIC_ROLES})|(?:[a-zà-ÿ\-]{{2,20}}[ ])?(?P<private>{_PRIVATE_ROLES}))(?![\w\-])",
    re.IGNORECASE,
)


# An institution right after a name ("Dr Priya Shah of the LSE", "Pr Jean Roux, de l'Institut Pasteur",
# "Anne Leroy du CNRS"): the person is named in a professional, public capacity (a lecture, a study, an
# interview), not as a customer. Institutions by an acronym or a word that names one.
_INSTITUTIONS = (
    r"university|universit[ée]|institute|institut|school|[ée]cole|college|coll[èe]ge|academy|acad[ée]mie|"
    r"museum|mus[ée]e|foundation|fondation|laboratory|laboratoire|observatory|observatoire|"
    r"hospital|h[ôo]pital|chu|think[ ]tank|research[ ]cent(?:er|re)|centre[ ]de[ ]recherche|faculty|facult[ée]"
)
_AFFILIATION = re.compile(
    r",?[ ](?:of|from|at|de|du|de[ ]la|des)[ ]?(?:the[ ]|l['’][ ]?|la[ ])?"
    rf"(?:[A-Z][A-Z&]{{1,5}}(?![\w\-])|(?:[A-Z][\w\-]+[ ]){{0,3}}(?i:{_INSTITUTIONS})(?![\w\-]))"
)


def right_context(text: str, end: int) -> str | None:
    """What an apposition right after a name (ending at ``end``) says: "private", "public" or ``None``."""
    if text[end : end + 1] not in (",", " "):
        return None  # both patterns open with ``,?[ ]``: a name before a full stop, a bracket or the end
    m = _APPOSITION.match(text, end)
    if m is None:
        return "public" if _AFFILIATION.match(text, end) is not None else None
    return "public" if m.group("public") is not None else "private"


# Letters that English and French words do not use but many surnames do (Ž, ő, ø, ł, ñ, ß, ð...): two
# or three capitalised words holding one are a foreign name far more often than anything else.
_FOREIGN = frozenset(
    c
    for c in (_UP + _LOW).replace("\\", "")
    if not c.isascii() and c.isalpha() and c.lower() not in "àâäçéèêëîïôöùûüÿœæ"
)
# A house number right before capitalised words: a street named after someone ("2322 Patrick Landing").
_STREET_SUFFIXES = frozenset(w.lower() for w in (*_EN_COMMON, *_EN_RARE))
_AFTER_NUMBER = re.compile(r"(?<![\w.,])\d{1,5}[A-Za-z]?,?[ ]$")
_SPLIT = re.compile(rf"(?P<tok>{_TOKEN})")


# A source credited by name: the author of what is shared is named *as its source*, which the policy asks
# for (clause 5.1), not a private person exposed. The cue opens a zone that runs to the end of the
# sentence or line; capitalised words starting in it are not reported as PERSON.
# "Photo de Julie" is a photo *of* Julie: pictures take only "by", "par", ":", "©"; texts also "de", "from".
# "Signé par" alone signs a letter or a form ("Signé par Jean Dupont, le responsable du rayon"): a credit
# only after a text noun ("tribune signée par …").
_PICTURE_NOUNS = (
    r"photos?|images?|illustrations?|vid[ée]os?|cr[ée]dits?(?:[ ]photos?)?|sources?|clich[ée]s?|"
    r"films?|montage|cover|edit|design|music|musique"
)
_TEXT_NOUNS = (
    r"auteur|autrice|authors?|textes?|texts?|articles?|reportage|interview|entretien|tribune|chronique|"
    r"thread|podcast|dessins?|infographies?|graphics?|cartoon|column|op-ed|story|report|[ée]tude|study"
)
# A public talk or a book, thanked for by its speaker's or author's name ("merci à X pour cette conférence",
# "thanks to Dr X for the excellent talk"): the speaker is credited, not exposed.
_TALK_NOUNS = (
    r"conf[ée]rences?|talks?|lectures?|keynotes?|pr[ée]sentations?|webinaires?|webinars?|expos[ée]s?|"
    r"speech|discours|masterclass|panel|s[ée]minaires?|seminars?|workshops?|ateliers?|livres?|books?|"
    # a part taken in a public event: "merci à X pour son intervention", "for her contribution to the panel"
    r"interventions?|t[ée]moignages?|contributions?|tables?[ ]rondes?|round[ ]?tables?|sessions?|cours|courses?"
)
_CREDIT = re.compile(
    rf"(?:(?<![\w])(?:{_PICTURE_NOUNS}|{_TEXT_NOUNS})(?:[ ]?(?::|-|–|—|/)[ ]?|(?:[ ][a-zà-ÿ]{{1,15}}){{0,3}}"
    rf"[ ](?:by|par|credit|©)[ ]|[ ]?©[ ]?)"
    rf"|(?<![\w])(?:{_TEXT_NOUNS})[ ](?:de|d['’]|from)[ ]?"
    rf"|(?<![\w])(?:photo|cr[ée]dits?(?:[ ]photo)?|credits?|source)[ ](?-i:(?=[{_UP}]))"
    r"|(?<![\w])(?:via|h/t|hat[ ]tip(?:[ ]to)?|shot[ ]by|photographed[ ]by|written[ ]by|filmed[ ]by|courtesy[ ]of|"
    r"[ée]crit[ ]par|r[ée]alis[ée]e?[ ]par|photographi[ée]e?[ ]par|film[ée]e?[ ]par|"
    r"avec[ ]l['’]aimable[ ]autorisation[ ]de|selon|according[ ]to|d['’]apr[èe]s)[ ]"
    r"|©[ ]?|\(c\)[ ]|📷[ ]?|📸[ ]?|🎥[ ]?"
    # "Article signé Sophie Bernard", "a column written by…"
    rf"|(?<![\w])(?:{_TEXT_NOUNS})[ ](?:sign[ée]e?s?|written|publi[ée]e?s?)(?:[ ]par|[ ]by)?[ ]"
    # Thanks for a shared work name its author: "merci à Jean Dupont pour cette photo", "thanks to X for this shot",
    # "shoutout to X for the photo".
    r"|(?<![\w])(?:merci|thanks|thank[ ]you|kudos|bravo|shout-?outs?|shout[ ]outs?|props|big[ ]up|cheers)"
    r"(?:[ ](?:à|a|to))?[ ]"
    # "merci à X, qui a pris cette photo", "thanks to X, who took this shot".
    r"(?=[^.!?\n]{0,60}[ ](?:pour|for|qui[ ]a[ ](?:pris|fait|r[ée]alis[ée]|dessin[ée]|[ée]crit|film[ée])"
    r"|who[ ](?:took|made|shot|drew|wrote|filmed))[ ](?:(?:cette|ce|cet|la|le|les|sa|son|ses|this|the|her|his|their|that)[ ]"
    r"|l['’])"
    rf"(?:[a-zà-ÿ]{{1,12}}[ ]){{0,2}}(?:{_PICTURE_NOUNS}|{_TEXT_NOUNS}|{_TALK_NOUNS}|shot|pic|picture|photos?)))",
    re.IGNORECASE,
)
_CREDIT_END = re.compile(r"[.!?](?:[ ]|$)|\n|[|•]")


# Every credit cue holds one of these (lower case): a post with none skips the cue pattern.
_CREDIT_GATE = ahocorasick_rs.AhoCorasick(
    [
        "photo",
        "image",
        "illustr",
        "vid",
        "crédit",
        "credit",
        "source",
        "cliché",
        "cliche",
        "film",
        "montage",
        "cover",
        "edit",
        "design",
        "music",
        "musique",
        "auteur",
        "autrice",
        "author",
        "text",
        "article",
        "reportage",
        "interview",
        "entretien",
        "tribune",
        "chronique",
        "thread",
        "podcast",
        "dessin",
        "infograph",
        "graphic",
        "cartoon",
        "column",
        "op-ed",
        "story",
        "report",
        "tude",
        "study",
        "via",
        "merci",
        "thank",
        "kudos",
        "bravo",
        "h/t",
        "hat tip",
        "shot by",
        "photograph",
        "written",
        "filmed",
        "courtesy",
        "crit par",
        "réalis",
        "realis",
        "autorisation",
        "selon",
        "according",
        "d'apr",
        "d’apr",
        "©",
        "(c)",
        "📷",
        "📸",
        "🎥",
    ]
)


@lru_cache(maxsize=256)
def credit_zones(text: str) -> list[tuple[int, int]]:
    """Where a credited source's name may stand: from each credit cue to the end of its sentence or line
    (at most 120 characters). Cached: each PII rule of a policy asks for the same post."""
    zones: list[tuple[int, int]] = []
    if not _CREDIT_GATE.find_matches_as_indexes(text.lower()):
        return zones
    for m in _CREDIT.finditer(text):
        end = _CREDIT_END.search(text, m.end(), m.end() + 120)
        zones.append((m.end(), end.start() if end else min(len(text), m.end() + 120)))
    return zones


#: Score of a name found by its shape alone (no title, role or introducer before it).
BARE_NAME_SCORE = 0.6
#: Score of a first name alone after a role or a request ("ask for Nora", "demandez Nora"), and of a name
#: after a loose cue ("tribute to"): found, below the default PERSON threshold (0.7); like a bare name it
#: is reported next to contact details or identifiers (``pii.NEEDS_RECORD``).
WEAK_SCORE = 0.65
#: Score of a first name alone after a greeting or thanks ("thanks Chris", "hi Liz"): the reader, never
#: reported by default, not even next to a phone number (most often the sender's own).
GREETING_SCORE = 0.62
#: Score of two or more name-like words followed by a job at the organisation (", the store manager").
ROLE_SCORE = 0.85


def _is_initial(token: str) -> bool:
    return len(token.rstrip(".")) == 1


class PersonRecognizer:
    """Finds names of private people; ``exclude`` holds names that are not private people."""

    entity = "PERSON"

    def __init__(self, exclude: frozenset[str] = frozenset()) -> None:
        self.first = first_names()
        self.places = places() | (not_names() - self.first)
        plain = {" ".join(_plain(x).split()) for x in exclude if x.strip()}
        self.exclude = frozenset(x for x in plain if " " not in x)
        self.exclude_phrases = tuple(x for x in plain if " " in x)
        #: What its matches depend on besides the text (see ``Recognizer.config``).
        self.config: tuple[object, ...] = (PersonRecognizer, self.exclude, frozenset(self.exclude_phrases))

    def _is_word(self, token: str) -> bool:
        plain = _plain(token)
        if _is_initial(token):
            return False
        if token.isupper() and 2 <= len(token) <= 3:
            return True  # REF, SKU, USA: acronyms, not names
        return plain in self.places or plain in self.exclude or plain.rstrip(".") in _CUE_WORDS

    def _is_first(self, token: str) -> bool:
        plain = _plain(token)
        if plain in self.first:
            return True
        head = plain.split("-", 1)[0]
        return "-" in plain and head in self.first

    def find(self, text: str) -> list[Candidate]:
        out: list[Candidate] = []
        credits = credit_zones(text)
        for m in _SEQUENCE.finditer(text):
            if credits and any(lo <= m.start() < hi for lo, hi in credits):
                continue  # "Photo : Jean Dupont", "source: Le Monde / Marie Curie": attribution, not a leak
            out.extend(self._judge(text, m.start(), m.group()))
        return out

    def _judge(self, text: str, start: int, seq: str) -> list[Candidate]:
        if " " not in seq:
            # One word: a name only after a title or an introducer ("Mme Leroy", "my name is Sarah").
            if self._is_word(seq) or len(seq.rstrip(".")) < 2:
                return []
            where = left_context(text[max(0, start - 40) : start])
            if where not in ("strong", "weak", "greeting") and not self._is_first(seq):
                # Only a job after it ("Nora, the store manager") makes a word with no cue before it a
                # name, as a first name (``_score`` of one word after a weak cue): not the "The" or "Merci"
                # that open most sentences, which skip the apposition patterns below.
                return []
            after = right_context(text, start + len(seq))
            if after == "public":
                return []  # "Mme FALL, représentante de la BAD": a public figure
            if after == "private" and where not in ("strong", "weak"):
                where = "weak"  # "Signé par Dupont, le responsable du rayon"
            if where not in ("strong", "weak", "greeting") or _AFTER_NUMBER.search(
                text, max(0, start - 8), start
            ):
                return []  # ``_score`` accepts a single word only after a strong or a weak cue
            score = self._score([(start, start + len(seq), seq)], where)
            return [Candidate(start, start + len(seq), self.entity, score)] if score is not None else []
        tokens = [(start + t.start(), start + t.end(), t.group()) for t in _SPLIT.finditer(seq)]
        plain_seq = " ".join(_plain(seq).split())
        if plain_seq in self.exclude or any(p in plain_seq for p in self.exclude_phrases):
            return []
        # Cut the sequence into runs of name-like tokens (words such as "Merci" or "Paris" break it).
        runs: list[list[tuple[int, int, str]]] = [[]]
        for tok in tokens:
            if self._is_word(tok[2]):
                runs.append([])
            elif (
                tok[2] == "M."
                and runs[-1]
                and not self._is_first(runs[-1][-1][2])
                and not _is_initial(runs[-1][-1][2])
            ):
                runs.append(
                    [tok]
                )  # "Appelez M. Jean Dupont": the title opens a new run (not "Jean M. Dupont")
            else:
                runs[-1].append(tok)
        out = []
        for run in runs:
            # A run that opened the sequence keeps the sequence's left context; later runs start after a word.
            while run:  # one pass; ``break`` leaves it
                while run and _is_initial(run[0][2]):
                    run = run[1:]  # a leading initial is not a name on its own
                if not run:
                    break
                s, e = run[0][0], run[-1][1]
                where = left_context(text[max(0, s - 40) : s])
                if where == "public" or _AFTER_NUMBER.search(text, max(0, s - 8), s):
                    break
                after = right_context(text, e)
                if after == "public":
                    break  # "M. Richard Legault, chef de la direction de …": a public figure
                bare = where is None and after is None
                if where is None and len(run) >= 2 and _RIGHT_CUE.match(text, e):
                    where = "pair"
                score = self._score(run, where)
                if after == "private" and sum(not _is_initial(t[2]) for t in run) >= 2:
                    # "Signé par Haliye Akçay, le responsable du rayon": the job names a private person.
                    score = max(score or 0.0, ROLE_SCORE)
                if score is not None:
                    # A name with nothing before it saying who it is ("Floyd Mayweather says…") is most
                    # often a public figure: kept at a score below the default threshold.
                    out.append(Candidate(s, e, self.entity, min(score, BARE_NAME_SCORE) if bare else score))
                break
        return out

    def _score(self, run: list[tuple[int, int, str]], where: str | None) -> float | None:
        words = [t[2] for t in run]
        if sum(not _is_initial(w) for w in words) > 3:
            return None  # four capitalised words in a row: a title or a brand, not a person
        if where == "strong":
            return 0.9
        if where in ("weak", "greeting") and len(words) >= 2:
            return 0.85
        if where == "greeting" and self._is_first(words[0]):
            return (
                GREETING_SCORE  # "thanks Chris", "hi Liz": the reader; a first name alone identifies no one
            )
        if where == "weak" and self._is_first(words[0]):
            return WEAK_SCORE  # "ask for Nora": a first name alone identifies no one without a record
        if (
            where == "pair"
            and sum(not _is_initial(w) for w in words) >= 2
            and not all(w.isupper() for w in words)
        ):
            return WEAK_SCORE  # "tribute to George Harrison": mostly public figures
        if len(words) >= 2:
            if self._is_first(words[0]) and not words[1].endswith("."):
                return 0.85
            if self._is_first(words[0]) and len(words) >= 3:
                return 0.85  # Mohamed R. Vizirov
            if (
                len(words) == 3
                and _is_initial(words[1])
                and not _is_initial(words[0])
                and not _is_initial(words[2])
            ):
                return 0.85  # the shape of a name: Stefanía K. Oddgeirsdóttir, Ryan P Costa
            if words[0].isupper() and len(words[0]) > 2 and self._is_first(words[1]):
                return 0.8  # DUPONT Jean
            if (
                where is None
                and len(words) <= 3
                and words[-1].lower().rstrip(".") not in _STREET_SUFFIXES
                and not any(w.isupper() for w in words)
                and any(c in _FOREIGN for w in words for c in w)
            ):
                return 0.8  # Miklós Hajdu, Tünde Hoffmann
        return None
