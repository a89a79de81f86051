"""Offers and requests of illegal goods as a composition: a *trade act* near an *illicit good*, with guards.

The fixed cue-then-item patterns of :mod:`charte.detectors.support.cues` miss deals whose words come in
another order or another register ("the za 💨 $40 a quarter, pull up", "percs 10s and 30s available, tap in",
"qqun a du lean ? je paye bien", "hitman for hire, half up front"). Here the two halves are found apart and
combined when they are close:

* **Trade acts.** An offer: a price or a quantity ("$40", "20 for $100", "a quarter", "4oz"), availability
  ("in stock", "dispo", "just landed"), contact ("dm", "hmu", "tap in", "snap me", "mp"), delivery or
  payment ("drop off", "livraison", "escrow", "half up front"). A request: who has it, where to find it,
  looking for it or paying for it ("anyone got", "u know anybody w", "où trouver", "qqn a", "je paie").
* **Illicit goods.** The clear item words of the deal lexicon (passed in by ``cues``), and here the goods
  that only context makes illicit: street slang with an everyday sense ("za" pizza, "gas" cooking,
  "lean" meat or posture, "carts" golf, "pressies" presents, "loud" music, "bars" rap, "cc" a school test),
  each read as a drug only with a cue of that sense and no cue of the everyday one; weapons that a
  qualifier makes illegal ("untraceable 9mm", "flingue pas déclaré", "glock with the switch"); forgeries
  and counterfeits named by how real they look ("real-looking degrees", "1:1 replica rolex"); pirated
  streams; stolen-data slang ("fullz", "bank logs", "cvv" next to a price); and violence for hire
  ("hitman", "beat downs", "tabassage").
* **Guards.** A legal frame on goods that are legal somewhere (a prescription, a pharmacy, a licence,
  CBD, an official service) unless the post says the opposite ("sans ordonnance", "no script"); advice
  and warnings ("never share your cvv", "report stolen cards"); the author's own loss (``own_loss``).
  News of a seizure or a deal (``reported``, which the detector also applies to every deal).

Patterns are plain alternations with bounded gaps (linear time); a post with no act word skips the goods.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from charte.detectors.support.deal_shapes import ILLICIT_GATE, ILLICIT_GOODS_RE, licensed_weapon, own_loss
from charte.models.lexicons import Lexicon, compile_words

_WINDOW = 100  # characters between a good and the act that trades it

# --- trade acts ----------------------------------------------------------------------------------------
_MONEY = r"(?:[$£]\s?\d[\d,.]{0,12}k?|\d[\d,.]{0,12}k?\s?(?:\$|£|e|eur|euros?|balles|bucks|dollars?|quid)(?![\w/]))"
_OFFER_ACT = re.compile(
    r"(?<![\w'])(?:"
    + _MONEY
    + r"|\d+k?(?: \w+)? (?:for|pour) [$£]?\d+|\d+(?:\.\d)?\s?(?:g|gr|oz|mg)(?!\w)|3\.5|(?:a |the )?quarters?|halves|"
    r"zips?|qps?|8ths|eighths|(?:an|a|half an?) (?:8th|eighth)|(?:8th|eighth) of|pints?|\d+s and \d+s|"
    r"by the (?:\d+\w*|oz|ounce|gram|g|zip|pint|bottle|pill|tab)|"
    r"selling|sellin|sell|for sale|for hire|a vendre|vends?|je vends|available|in stock|en stock|dispo\w*|"
    r"we (?:offer|sell|supply|provide|have)|i (?:offer|sell|supply|provide)|offering|i got you|(?:je|on|nous) (?:propose|proposons|vend)|"
    r"fresh stock|new stock|stock frais|hit my line|pm me|pm|ping me|get your|order (?:yours|now|today)|buy now|"
    r"commandez|any (?:country|state|university|uni|brand|size|date|amount)|n'importe quel(?:le)? (?:pays|fac|universite)|"
    r"ready to (?:use|swipe|cash ?out|go)|prete?s? a l'emploi|high limits?|ask for (?:the )?(?:list|menu|prices?)|"
    r"price list|liste de prix|prix (?:imbattables?|casses?|cadeaux?|bas)|j'ecoule|ecoule|hiring out|half (?:the )?(?:shop |retail |store )?price|(?:a )?moitie prix|"
    r"below retail|"
    r"just landed|fresh batch|restock\w*|arrivage\w*|got (?:that|dat|the|some)|"
    r"dm|dms|hmu|hit me up|text me|snap me|snap|tele|telegram|tg|whatsapp|signal|wickr|tap in|pull up|"
    r"link in bio|in bio|en bio|mp|ecris-moi|ecrivez-moi|contact|inbox|menu|"
    r"delivery|deliver|delivered|drop off|meetups?|meet in person|ships?|shipped|shipping|livraison|livreur|livree?s?|"
    r"envoi|overnight|"
    r"discreet\w*|discret\w*|discretion|stealth|h24|24/7|7j/7|ouvert de|cash|cashapp|cash app|zelle|btc|"
    r"crypto|escrow|half up front|moitie avant|paiement|(?:la|par|a la) piece|bulk|serious (?:buyers|inquiries) only|"
    r"serieux uniquement|no lowballers|i do jobs|i can do|(?:je|jte|j'te) (?:te |vous )?(?:fais|fait) un prix|"
    r"passes the pen test|passent au stylo|revente garantie)(?![\w'])"
)
_REQUEST_ACT = re.compile(
    r"(?<![\w'])(?:"
    r"(?:anyone|anybody|any1|some1|someone|somebody) (?:got|have|has|selling|sell|know|knows)|(?:u|ya) got|"
    r"who(?:'s| is)? (?:got|has|have|sells|selling|does|can)|"
    r"where (?:can|do|could|to|would|should) (?:\w+ ){0,2}(?:buy|get|find|cop|score|order)|"
    r"looking (?:for|to buy|to get|to cop)|lf|wtb|need (?:a|some|someone|somebody|an)|"
    r"tryna (?:cop|get|buy|score|smoke)|know (?:anybody|anyone|a guy|someone) (?:w|with|who)|"
    r"connect for|recommend (?:a|an|me a) (?:vendor|seller|plug|site|dealer)|link for|links for|"
    r"how (?:do|can|could|would) (?:i|we|u|you|one) (?:get|buy|find|cop|score|order|make)|"
    r"how much (?:to|for)|paying well|will pay|i'?ll pay|ill pay|hook me up|who does that|"
    r"(?:qui|ki) (?:a|as|aurait|vend|peut|connait|(?:me|nous) (?:fait|fais|vend|trouve|procure))|"
    r"who (?:can )?(?:make|makes|do|does) (?:me )?|qqn|qqun|qq1|qlq|quelqu'un|"
    r"ou (?:trouver|acheter|se procurer|choper|pecho|je peux|on peut|j'peux|jpeux)|"
    r"(?:je |j)?cherche|recherche|besoin d'?|un plan|plan (?:pour|pr)|y'?a un|un contact|vous avez|"
    r"vs auriez|vous auriez|t'?aurais|lien pour|site pour|je paie|je paye|jpaye|me depanner|cash dispo)"
    r"(?![\w'])"
)

# --- goods that context makes illicit ------------------------------------------------------------------
# Each slang word: the category, what must be in the post for the drug sense (``None``: nothing more than
# the act) and what makes it the everyday sense. Both are searched in the whole post.
_DRUG_WORDS = (
    r"weed|beuh|kush|zaza|za|gas|loud|exotics?|wax|dabs?|edibles|thc|shrooms|molly|mdma|md|coke|cc|ket|"
    r"xans?|percs?|oxy|lean|carts?|pressies|pills?|blunts?|joints?|smoke|smoking|high|stoned|dry|a sec|"
    r"pochons?|barrettes?|shit|resine|beu"
)
_WEIGHT = r"(?:\d+(?:\.\d)?\s?(?:g|gr|oz)|3\.5|quarters?|halves|half|zips?|qps?|8ths|eighths|packs?|strains?)"
_DRUG_EMOJI = "🍃🌿💨💊❄🍄🔌💜🟣🇨🇴"


def _sense(words: str, emoji: str = "") -> re.Pattern[str]:
    emoji_part = f"|[{emoji}]" if emoji else ""
    return re.compile(rf"(?<![\w'])(?:{words})(?![\w']){emoji_part}")


_WEED_FOR = _sense(
    rf"{_WEIGHT}|smoke|smoking|roll|blunts?|joints?|high|dry|exotics?|strains?|thc|wax|"
    r"carts?|edibles|zaza|loud|gas|za|kush|weed|plug|a sec|tryna smoke",
    "🍃🌿💨🔌",
)
# "drugs" names illicit goods in a deal, not in talk about addiction, policy or a drugstore.
_DRUGS_AGAINST = _sense(
    r"stores?|drugstore|tests?|testing|policy|war|prevention|addiction|addicts?|abuse|"
    r"legali\w+|decriminali\w+|rehab|overdoses?|say no|anti|prescription|generic|doing|do|did|on|off"
)
# ... and only where they are bought or sold ("where to buy drugs", "acheter de la drogue sur le darknet"), not
# had ("i got drugs and hugs for you").
_DRUGS_TRADED = _sense(
    r"buy|buying|acheter|achete|sell|selling|sells|vend\w*|where|ou trouver|darknet|dark web|site|plug|"
    r"delivery|delivered|livraison|livre|order|commander|menu|vendor|fournisseur"
)
# A bag or a bar of sweets, a hair clip.
_POUCH_AGAINST = _sense(
    r"bonbons?|sucre\w*|billes|cheveux|hair|coiffure|boulangerie|chocolat|cereales|de riz"
)
_SLANG: dict[str, tuple[str, re.Pattern[str] | None, re.Pattern[str]]] = {
    "za": (
        "drugs",
        _WEED_FOR,
        _sense(r"pizzas?|slices?|pepperoni|cheese|crust|toppings?|dominos|oven|cold", "🍕"),
    ),
    "zaza": ("drugs", None, _sense(r"pizzas?|slices?", "🍕")),
    "gas": (
        "drugs",
        _WEED_FOR,
        _sense(
            r"gallons?|stations?|stove|oven|cooker|bills?|heating|boiler|leaks?|petrol|diesel|pumps?|tank|"
            r"electric|prices|cooking|is off|mask|fumes|car|cars",
            "⛽",
        ),
    ),
    "loud": ("drugs", _WEED_FOR, _sense(r"music|noise|volume|neighbou?rs?|speakers?|voice|party|bass")),
    "carts": ("drugs", None, _sense(r"golf|shopping|grocery|horses?|karts?|trolleys?|mario|course|store")),
    "lean": (
        "drugs",
        _sense(
            r"\d*oz|pints?|actavis|wock\w*|tris|codeine|promethazine|prometh|sprite|double cup|"
            r"drank|sip|bouteilles?|du lean|d lean|dla lean",
            "💜🟣",
        ),
        _sense(
            r"beef|meat|ground|turkey|chicken|protein|muscle|mass|bulking|posture|railing|wall|back|"
            r"forward|over|into|on|management|startup|lbs?|/lb|body|gains|six sigma|agile|manufacturing"
        ),
    ),
    "pressies": (
        "drugs",
        None,
        _sense(
            r"kids?|christmas|xmas|birthday|bday|wrapped|wrap|santa|tree|mum|mom|"
            r"dad|gifts?|presents?",
            "🎁🎄",
        ),
    ),
    "bars": (
        "drugs",
        _sense(r"xan\w*|2mg|pills?|pressed|pharma|percs?|💊"),
        _sense(
            r"verse|rap|spit|spitting|music|chocolate|candy|granola|protein|soap|gold|silver|signal", "🎤🎵"
        ),
    ),
    "cc": (
        "drugs",
        _sense(
            r"\d+\s?(?:le|la|l')\s?g|g|pure|coke|beuh|shit|weed|de la cc|d la cc|dla cc|plug|"
            r"livraison|💎",
            "❄🇨🇴",
        ),
        _sense(r"maths?|controle|exam|partiel|copie|note|ca va|tout le monde|mail|email"),
    ),
    "shit": (
        "drugs",
        _sense(
            r"barrettes?|pochons?|plaquettes?|jaune|marocain|beuh|weed|cc|\d+\s?e|du shit|"
            r"d shit|dshit|plan|g|\d+g",
            "🍫",
        ),
        _sense(r"show|happens|talk|post|load"),
    ),
    "plug": (
        "drugs",
        # "i'm the plug, link in bio": a dealer introducing himself
        _sense(
            rf"{_DRUG_WORDS}|a sec|dry|i'?m the|im the|i am the|i'?m your|je suis (?:le|ton|votre)|🔌|🍃|💨"
        ),
        _sense(
            r"adapters?|adaptateurs?|chargers?|chargeurs?|sockets?|outlets?|prises?|usb|headphones?|"
            r"spark|bath|sink|wall|guitare?|ampli|restos?|tickets?|sneakers|concerts?|ins|in's|play"
        ),
    ),
    "md": (
        "drugs",
        _sense(r"ket|beuh|coke|cc|mdma|ecsta\w*|molly|taz|g|\d+g|soiree|rave|festival|teuf", "💊❄"),
        _sense(r"doctor|dr|hospital|phd|maryland"),
    ),
    "drugs": ("drugs", _DRUGS_TRADED, _DRUGS_AGAINST),
    "drogue": ("drugs", _DRUGS_TRADED, _DRUGS_AGAINST),
    "pochon": ("drugs", None, _POUCH_AGAINST),
    "pochons": ("drugs", None, _POUCH_AGAINST),
    "barrette": ("drugs", None, _POUCH_AGAINST),
    "barrettes": ("drugs", None, _POUCH_AGAINST),
    "snow": (
        "drugs",
        _sense(
            r"premium|pure|uncut|fishscale|colombian|columbian|grade|g|\d+g|8balls?|lines?|bumps?|"
            r"plug|coke|molly|ket|score|cop|\$\d+|\d+\s?e|"
            # a dealer's ways ("fresh snow just landed, cash only, pull up")
            r"pull up|cash only|on deck|tap in|hmu|discreet\w*|drop ?offs?|nose|party favou?rs",
            "👃",
        ),
        _sense(
            r"roads?|day|days|storm|fall|falling|forecast|inches|cm|shovel\w*|snowman|flakes?|winter|cold|"
            r"ski\w*|boots?|tyres?|tires?|chains?|plows?|ploughs?|white christmas|weather|sled\w*|"
            r"mountains?|slopes?|alps|peaks?|hills?|blizzard|sky|peas|cones?|globes?|leopards?|owls?"
        ),
    ),
    "neige": (
        "drugs",
        _sense(
            r"pure|qualite|g|\d+g|lignes?|traces?|coke|cc|plug|\d+\s?e|un plan|plan neige|snap|cash|livr\w*",
            "👃",
        ),
        _sense(
            r"routes?|tombe\w*|chute\w*|flocons?|ski\w*|hiver|stations?|bonhomme|meteo|cm|centimetres?|"
            r"pneus|chaines|froid|blanche|paysage|vacances|montagne|pistes?|classes?|coco|sucre|"
            r"mairie|deneige\w*|salage|sel|prefecture|declenche|active|grand froid|"
            # after an elided article the word boundary above does not hold ("l'hiver")
            r"l'hiver|d'hiver|sapins?|noel"
        ),
    ),
    "blow": (
        "drugs",
        _sense(
            r"score|cop|lines?|g|\d+g|8balls?|coke|pure|bumps?|nose|some blow|the blow|of blow|"
            r"molly|ket|weed|plug|for sale",
            "❄💨",
        ),
        _sense(
            r"dry\w*|glass|job|torch|kiss\w*|candles?|balloons?|whistle|horn|mind|up|away|out|off|wind|"
            r"fuse|hair|nose his|a blow|low blow|blow to|blow for|blow by blow"
        ),
    ),
    "mollies": ("drugs", None, _sense(r"fish|aquarium|tank")),
    "crack": (
        "drugs",
        _sense(
            r"rocks?|pipe|cocaine|coke|heroin|dope|fiends?|plug|downtown|corner|dimes?|hmu|hit me up|\d+ for \$?\d+"
        ),
        _sense(
            r"screens?|windscreen|windshield|walls?|ceiling|glass|phones?|repairs?|jokes?|eggs?|knuckles?|codes?|"
            r"passwords?|open|smile|a crack|cracks|case|software|keygen|dawn|whip|fissure"
        ),
    ),
    "herbe": (
        "drugs",
        _sense(
            r"\d+\s?(?:g|grammes?)|grammes?|beuh|weed|fumer|joints?|pochons?|plan|barrettes?|bedos?|spliffs?|shit"
        ),
        _sense(
            r"tondre|tondeuse|jardin|pelouse|mauvaises?|aromatiques?|provence|chevres?|vaches?|lapins?|cochons? d'inde|"
            r"tisane|infusion|cuisine|recette"
        ),
    ),
    "coke": (
        "drugs",
        _sense(r"g|\d+g|8ball|lines?|ket|molly|mdma|beuh|weed|cop|pure|bumps?|md", "❄🇨🇴"),
        _sense(r"zero|diet|cans?|bottles?|pepsi|cola|fridge|glass|float|machine|thirsty|drink|a coke"),
    ),
}
# Euphemisms: read as drugs only next to a drug cue ("party favours … ❄️ discreet drop off", "white girl, 90 a
# gram"), never next to what the everyday sense is about (a birthday, a wedding; a song, a look).
_FAVOURS = (
    "drugs",
    _sense(
        r"snow|plug|nose|lines?|bumps?|g|\d+g|grams?|coke|molly|mdma|ket|pills?|discreet\w*|discret\w*",
        "❄👃💊",
    ),
    _sense(
        r"birthdays?|bday|kids?|child\w*|weddings?|baby|bridal|showers?|bags?|boxes|balloons?|handmade|etsy|"
        r"shop|personali[sz]ed|goodie|guests?|toys?|stickers?|bubbles|confetti|sweets|candy|craft\w*|"
        r"cotillons?|anniversaire|mariage",
        "🎈🎂🎁",
    ),
)
for _word in ("party favours", "party favour", "party favors", "party favor"):
    _SLANG[_word] = _FAVOURS
_SLANG["white girl"] = (
    "drugs",
    _sense(r"g|\d+g|grams?|plug|lines?|bumps?|8balls?|nose|pure|uncut|coke|snow", "❄👃"),
    _sense(
        r"basic|wasted|dating|dance|music|songs?|movies?|films?|hair|dress\w*|married|girlfriend|privilege|"
        r"tears|starter pack|name|costume"
    ),
)
# Medicines and their street words: illicit goods only without a prescription or next to a drug cue.
_RX_FOR = _sense(
    r"no (?:script|prescription|rx)|without (?:a )?(?:script|prescription|rx)|sans ordo\w*|"
    r"pas besoin d'ordo\w*|no questions asked|percs?|xans?|oxy|molly|weed|coke|plug|"
    r"pressed|m30s?|blues|benzos|opiates|opioids|stimulants|painkillers|roids|steroids",
    "💊",
)
_RX_AGAINST = _sense(r"vitamins?|supplements?|doctor|gp|medecin|pharmac\w*|vet|allergy|hayfever")
for _word in (
    "painkillers",
    "pain pills",
    "pills",
    "meds",
    "steroids",
    "benzos",
    "opioids",
    "opiates",
    "roids",
    "antidouleurs",
    "cachets",
    "medocs",
):
    _SLANG[_word] = ("drugs", _RX_FOR, _RX_AGAINST)
# "du shit-ake": a hyphen and letters after the word make another word
# Street and brand names the deal lexicon lacks: drugs whatever the words around them (a legal frame aside).
_NOTHING = re.compile(r"(?!x)x")
for _word in (
    "nose candy",
    "mary jane",
    "marijuana",
    "ganja",
    "skunk",
    "hashish",
    "percocets",
    "oxycontin",
    "roxies",
    "roxys",
    "m30s",
    "xannies",
    "xanies",
    "addies",
    "vyvanse",
    "ritalin",
    "modafinil",
    "dilaudid",
    "fentanyl",
    "crystal meth",
    "moonrocks",
    "psilocybin",
    "dmt",
    "mescaline",
):
    _SLANG[_word] = ("drugs", None, _NOTHING)
_SLANG_RE = re.compile(r"(?<!\w)(?:" + "|".join(sorted(_SLANG, key=len, reverse=True)) + r")(?![\w']|-\w)")

# Weapons made illegal by a qualifier, and compounds that are illegal in themselves.
_WEAPON = r"(?:guns?|pistols?|glocks?|9mm|\.?45|ar-?15s?|ak-?47s?|rifles?|handguns?|armes?|flingues?|pistolets?|kalash\w*|calibres?)"
_WEAPON_ILLEGAL = re.compile(
    r"(?<![\w'])(?:"
    rf"{_WEAPON}(?: \w+){{0,6}}?,? (?:untraceable|unregistered|never registered|no serial|with the switch|"
    r"switch(?:ed)?|auto sear|full auto|no paperwork|no papers|no background check|sans papiers|sans permis|"
    r"pas declaree?s?|non declaree?s?|intracables?|sans numero de serie)|"
    rf"(?:untraceable|unregistered|ghost|intracables?|non declaree?s?) {_WEAPON}|ghost guns?|ghost gun kits?|"
    rf"(?:une|un|des) {_WEAPON} (?:intracables?|non declaree?s?)|"
    r"silencers?|suppressors?|silencieux|auto sears?|glock switch(?:es)?|bump stocks?|extended mags)(?![\w'])"
)
# Forgeries named by how real they look, counterfeit goods, pirated streams, stolen-data slang.
_FAKES = re.compile(
    r"(?<![\w'])(?:"
    r"(?:real[- ]looking|realistic|scannable|novelty|1:1|indetectables?)(?: [\w']+){0,3}? (?:ids?|passports?|"
    r"degrees?|diplomas?|diplomes?|licen[cs]es?|permis|papiers|bills|notes|billets|rolex|jordans?|sneakers|"
    r"bags?|sacs?|watch(?:es)?|montres?|one)|new identity|nouvelle identite|"
    r"(?:fake|forged|faux|fausses?|fak3)(?: \w+){0,2}? (?:ids?|passports?|licen[cs]es?|doctor'?s notes?|sick notes?|pay ?stubs?|certificat\w*|"
    r"papers|documents?|docs|residence permits?|green cards?|visas?|work permits?|titres? de sejour|"
    r"certificates?|diplomes?|degrees?|bills|air jordans?|jordans?|yeezys?)|"
    r"(?:replica|reps|1:1)(?: \w+){0,2}? (?:rolex|ap|audemars|patek|omega|lv|louis vuitton|gucci|chanel|hermes|"
    r"dior|prada|cartier|jordans?|yeezys?|nike|balenciaga|birkin|bags?|watch(?:es)?)|"
    r"contrefacons?|counterfeits?|(?:copies|copie) (?:de )?\w+(?: \w+){0,3}? identiques?|"
    r"pass(?:es)? as real|identical to the real|"
    r"(?:diplomes?|diplomas?|degrees?)(?: [\w']+){0,3}?,? (?:(?:avec )?(?:de )?vrais? tampons?|tampons? officiels?|"
    r"real stamps?|official seals?|verified seals?|(?:de|from|of) (?:toutes? les|any|n'importe quelle) (?:facs?|"
    r"universites?|unis?|universit(?:y|ies)|schools?|ecoles?))|indistinguishable from (?:the )?(?:genuine|real|original)|"
    r"(?:rolex|omega|patek|cartier|gucci|chanel|louis vuitton|lv|hermes|dior|prada|nike|jordan|yeezy)s? "
    r"(?:replicas?|reps|fakes|copies)|"
    # stolen goods, not the author's loss ("my bike was stolen" is guarded by ``advice``)
    r"stolen (?:[\w-]+ ){0,2}(?:goods|laptops?|macbooks?|iphones?|phones?|tvs?|bikes?|cars?|electronics|tools?|"
    r"jewel\w*|consoles?|ps5s?|catalytic converters?|cameras?|watches|merch\w*|shoes|sneakers|trainers|clothes|"
    r"handbags?|bags?|perfumes?)|"
    r"stolen from (?:a|the) (?:\w+ )?(?:warehouse|truck|lorry|store|shop|depot|container|delivery van)|"
    r"(?:velos?|telephones?|iphones?|ordis?|ordinateurs?|marchandises?|scooters?|consoles?) voles?"
    r")(?![\w'])"
)
_DATA = re.compile(
    r"(?<![\w'])(?:fullz|(?:bank|snap|paypal|cashapp|chase|boa|netflix|ig|insta|onlyfans|email|fb|"
    r"bancaires?) logs|logs (?:bancaires?|with balance)|cloned cards?|cartes? clonee?s?|cb clonee?s?|"
    r"cc dumps?|dumps with pin)(?![\w'])"
)
_CVV = re.compile(r"(?<![\w'])(?:cvv|cvc|cryptogrammes?)(?![\w'])")
_CVV_FOR = _sense(
    r"fullz|dumps?|dob|ssn|bins?|logs|fresh|each|bulk|iban|piece|non vbv|vbv|\$\d+|\d+\s?e|vend\w*|sell\w*|"
    r"dates? d'expiration|expiry|exp dates?|numeros de cartes?|card numbers|cb etrangeres"
)
_PLATFORM = (
    r"netflix|spotify|disney\+?|hbo|max|prime|prime video|youtube premium|deezer|canal\+?|crunchyroll|onlyfans|"
    r"hulu|paramount\+?|apple tv\+?|chatgpt|nord ?vpn|dazn|bein"
)
_PIRACY = re.compile(
    r"(?<![\w'])(?:pirat\w+ (?:\w+ ){0,2}(?:streams?|ppv|links?|iptv|chaines|match|films?)|"
    r"(?:streaming|iptv|lien|liens|links?|streams?) pirates?|pirated|"
    rf"(?:comptes?|accounts?) (?:{_PLATFORM})(?: [\w+]+)? (?:a vie|lifetime)|"
    rf"(?:{_PLATFORM})(?: [\w+]+){{0,2}} (?:accounts?|comptes?) (?:a vie|lifetime)|"
    r"cracked (?:iptv|accounts?|software|streams?|copies)|pirated copies|copies pirat\w+|"
    # bootlegs are copies of films and software, not a vintage tour shirt
    r"bootleg (?:dvds?|movies?|films?|copies|streams?|software|games?|jeux)|"
    r"iptv (?:pirate|cracked|crack\w*))(?![\w'])"
)
_IPTV = re.compile(r"(?<![\w'])iptv(?![\w'])")
_IPTV_FOR = _sense(
    r"(?:all|every) (?:the )?(?:ppv|channels?)|ppv included|\d+k channels|no subscription|"
    r"sans abonnement|toutes les chaines|bein|canal\+?|sky sports|dazn|pirat\w*|crack\w*"
)
_VIOLENCE = re.compile(
    r"(?<![\w'])(?:hit ?m[ae]n|hired gun|tueurs? a gages|beat ?downs?|beat (?:\w+ ){0,2}up|"
    r"rough (?:\w+ ){0,3}up|rough up|(?:get|have) (?:someone|somebody|him|her|them) (?:hurt|beaten|jumped|handled)|"
    r"someone (?:hurt|handled|taken care of|dealt with)|tabass\w+|casser (?:la gueule|les jambes)|"
    r"(?:je m'occupe|on s'occupe|jm'occupe) de ceux qui|faire disparaitre|muscle for hire|"
    r"(?:hire|hiring out|rent) (?:some )?muscle|collect any debts?|faire peur a|intimider|intimidate|"
    r"scare (?:\w+ ){0,2}(?:off|straight))(?![\w'])"
)
_VIOLENCE_PAY = _sense(
    rf"{_MONEY}|pay|paying|paid|payer|paie|paye|jpaye|price|prix|how much|combien|for hire|"
    r"half up front|moitie avant|jobs?|serious inquiries|discretion|discret\w*|discreet|hire|hiring|"
    r"cash|tarifs?|dm"
)

# --- guards --------------------------------------------------------------------------------------------
_LEGAL_FRAME = re.compile(
    r"(?<![\w'])(?:legal\w*|legaux|licen[cs]ed|lab[- ]tested|prescri\w*|pharmac\w*|ordonnances?|doctor|"
    r"medecin|authori[sz]ed|certifi\w*|warranty|cbd|official|officiel(?:le)?|abonnement|subscription)(?![\w'])"
)
_ILLEGAL_FRAME = re.compile(
    r"(?<![\w'])(?:sans (?:ordo\w*|prescription)|no (?:script|prescription|rx)|without (?:a )?(?:prescription|"
    r"script)|pirat\w*|crack\w*|hacked|fake|faux|fausses?|tampon officiel|not legal|illegal\w*|no subscription|"
    r"sans abonnement|(?:my|extra|leftover|spare) (?:\w+ ){0,2}(?:prescription|script)s?)(?![\w'])"
)
_ADVICE = re.compile(
    r"(?<![\w'])(?:never (?:share|give|send|buy)|don'?t (?:share|buy|give)|report (?:\w+ ){0,3}to|"
    r"faites opposition|opposition sur|lost or stolen|stolen or lost|perdue? ou volee?|volee? ou perdue?|"
    r"(?:was|were|got|been|get|gets|is) stolen|(?:a|ont) ete volee?s?|m'a vole|on m'a|se faire voler|fait voler|"
    r"card[- ]blocking|block (?:your|the) card|bloquer (?:votre|sa|ma) carte|ne (?:partagez|donnez|achetez) jamais|verifiez|(?:is|are|c'est) (?:a |une )?(?:scam|arnaque)s?|"
    r"signalez|back of (?:your|the) card)(?![\w'])"
)


_PARTITIVE = re.compile(r"(?<![\w'])(?:du|de la|dla|d'la|d la|de l'|d'l'|dl')\s?$")


# A word that is also a first name ("molly and I are selling cookies", "molly's bake sale").
_NAME_AFTER = re.compile(r"(?:'s| and (?:i|me)| is| was| has| had| said| et moi| est| a dit)(?![\w'])")
#: A toy, a prop or a water pistol: "flingue à eau", "nerf gun", "prop gun for a shoot".
_TOY = re.compile(
    r"(?<![\w'])(?:a eau|water (?:guns?|pistols?)|toy|toys|jouets?|nerf|airsoft|paintball|prop (?:guns?|weapons?)|"
    r"props|costume|cosplay|deguisement|en plastique|plastic|bb guns?|cap guns?|a billes?)(?![\w'])"
)


#: Medicines sold over the counter: "no prescription needed" about them is a pharmacy's notice.
_OVER_THE_COUNTER = re.compile(
    r"(?<![\w'])(?:paracetamol|ibuprofen|ibuprofene|aspirine?|doliprane|dafalgan|efferalgan|advil|nurofen|tylenol|"
    r"antihistamines?|antihistaminiques?|vitamines?|vitamins?|throat lozenges|pastilles|sirop pour la toux|"
    r"cough syrup|nicotine patch\w*|patchs? nicotiniques?)(?![\w'])"
)
#: The garden's weeds: "weed delivery … we pull the weeds out of your lawn", "weed control service".
_GARDEN = re.compile(
    r"(?<![\w'])(?:gardens?|garden centre|garden center|gardening|lawns?|weeds|weeding|flower ?beds?|mow\w*|"
    r"allotments?|landscaping|jardin\w*|pelouse|desherb\w*|mauvaises herbes)(?![\w'])"
)
_RX_PHRASES = frozenset({"no prescription", "no script", "sans ordonnance"})


def everyday_sense(folded: str, start: int, end: int) -> bool:
    """Whether the illicit-goods words at ``start:end`` are here about everyday things: "no prescription needed"
    for paracetamol, "weed" in a gardening post."""
    word = folded[start:end]
    if word in _RX_PHRASES:
        return _OVER_THE_COUNTER.search(folded) is not None
    if word == "weed":
        return _GARDEN.search(folded) is not None
    return False


def toy_weapon(folded: str) -> bool:
    """Whether the post's weapon is a toy or a prop ("flingue à eau", "prop gun for a movie shoot")."""
    return _TOY.search(folded) is not None


def _sensed(folded: str, word: str, start: int, end: int) -> bool:
    """Whether the slang ``word`` at ``start:end`` is read in its drug sense here."""
    _cat, for_re, against_re = _SLANG[word]
    rest = folded[:start] + " " + folded[end:]
    if against_re.search(rest) is not None:
        return False
    if _PARTITIVE.search(folded, max(0, start - 8), start) is not None and for_re is not None:
        return True  # "du lean", "de la cc": a substance, where "le lean" or "ma cc" are not
    return for_re is None or for_re.search(rest) is not None


def _goods(folded: str, clear: Mapping[str, Lexicon]) -> list[tuple[str, int, int]]:
    """``(category, start, end)`` of the illicit goods the post names, clear or made so by context."""
    found = [
        (cat, m.start(), m.end())
        for cat, lexicon in clear.items()
        for m in lexicon.finditer(folded)
        if _NAME_AFTER.match(folded, m.end()) is None
    ]
    found += [
        ("drugs", m.start(), m.end())
        for m in _SLANG_RE.finditer(folded)
        if _sensed(folded, m.group(), m.start(), m.end())
    ]
    if not licensed_weapon(folded) and not toy_weapon(folded):
        found += [("weapons", m.start(), m.end()) for m in _WEAPON_ILLEGAL.finditer(folded)]
    found += [
        ("fraud", m.start(), m.end())
        for pattern in (_FAKES, _DATA, ILLICIT_GOODS_RE)
        for m in pattern.finditer(folded)
        if not own_loss(folded, m.start())
    ]
    found += [
        ("fraud", m.start(), m.end())
        for m in _CVV.finditer(folded)
        if _CVV_FOR.search(folded[: m.start()] + folded[m.end() :]) is not None
    ]
    found += [("piracy", m.start(), m.end()) for m in _PIRACY.finditer(folded)]
    if _IPTV_FOR.search(folded) is not None:
        found += [("piracy", m.start(), m.end()) for m in _IPTV.finditer(folded)]
    if _VIOLENCE_PAY.search(folded) is not None:
        found += [("violence", m.start(), m.end()) for m in _VIOLENCE.finditer(folded)]
    return sorted(found, key=lambda hit: hit[1])


def _act_near(folded: str, start: int, end: int) -> bool:
    """Whether an offer or a request, outside the good's own words, is within ``_WINDOW`` characters."""
    lo, hi = max(0, start - _WINDOW), min(len(folded), end + _WINDOW)
    for pattern in (_OFFER_ACT, _REQUEST_ACT):
        for m in pattern.finditer(folded, lo, hi):
            if m.end() <= start or m.start() >= end:
                return True
    return False


# A deal reported, not made: "a network selling coke was dismantled", "un réseau qui vendait des faux
# papiers démantelé", "arrested for selling guns". The model still decides on such posts.
REPORTED = re.compile(
    r"\b(?:network|ring|gang|cartel|dealers? who|suspects?|police|cops|arrested|charged|jailed|sentenced|convicted|"
    r"dismantled|busted|seized|raid|trial|court|reseau|trafic|trafiquants?|filiere|gendarmes?|policiers?|"
    r"interpelle\w*|arrete\w*|demantele\w*|saisi\w*|condamne\w*|mis en examen|proces|tribunal|descente|news|"
    r"breaking|selon|according to|beware|watch out|warning|warns?|alerte?|mefiez|prudents?|signalez|report it)\b"
)


def reported(folded: str, start: int, end: int) -> bool:
    """Whether the words at ``start:end`` are news of a deal or a warning about one, not a deal."""
    return REPORTED.search(folded, max(0, start - 80), min(len(folded), end + 60)) is not None


def advice(folded: str) -> bool:
    """Whether the post advises or warns about the goods ("never share your cvv", "vérifiez vos billets"):
    a lexicon phrase there is no offer unless the model says so."""
    return _ADVICE.search(folded) is not None


def legal_frame(folded: str) -> bool:
    """Whether the post frames its goods as legal (a prescription, a licence, CBD, an official service) and
    nothing in it says the opposite ("sans ordonnance", "no script", "pirated")."""
    return _LEGAL_FRAME.search(folded) is not None and _ILLEGAL_FRAME.search(folded) is None


#: Literal prefilter of the goods patterns above (one Aho-Corasick/RE2 pass): a word every match contains. A post
#: naming none of them, nor a clear item, skips the act patterns (most posts).
_GOODS_GATE = compile_words(
    [
        *_SLANG,
        # weapons and their illegal accessories
        *(
            "gun*",
            "pistol*",
            "glock*",
            "9mm",
            "45",
            "ar15*",
            "ar-15*",
            "ak47*",
            "ak-47*",
            "rifle*",
            "handgun*",
        ),
        *(
            "arme",
            "armes",
            "flingue*",
            "kalash*",
            "calibre*",
            "ghost",
            "silencer*",
            "suppressor*",
            "silencieux",
        ),
        *("auto sear*", "bump stock*", "extended mags"),
        # forgeries, counterfeits, stolen goods, stolen data
        *(
            "real-looking",
            "real looking",
            "realistic",
            "scannable",
            "novelty",
            "1:1",
            "indetectable*",
            "fak3",
        ),
        *("new identity", "nouvelle identite", "fake*", "forged", "faux", "fausse*", "replica*", "reps"),
        *(
            "contrefacon*",
            "counterfeit*",
            "copie*",
            "pass as real",
            "passes as real",
            "identical to the real",
        ),
        *(
            "indistinguishable",
            "diplome*",
            "diploma*",
            "degree*",
            "stolen",
            "vole*",
            "fullz",
            "logs",
            "cloned",
        ),
        *("clone*", "dump*", "cvv", "cvc", "cryptogramme*"),
        # piracy
        *("pirat*", "iptv", "cracked", "bootleg", "lifetime", "a vie"),
        # violence for hire
        *("hitman", "hit man", "hitmen", "hit men", "hired gun", "gages", "beat*", "rough", "hurt", "beaten"),
        *("jumped", "handled", "taken care", "dealt", "tabass*", "casser", "occupe", "disparaitre", "muscle"),
        *("debt*", "peur", "intimid*", "scare"),
    ]
)


def _names_goods(folded: str, clear: Mapping[str, Lexicon]) -> bool:
    """Whether the post holds a word that some illicit good contains (the prefilter of ``composed_deals``)."""
    return (
        next(_GOODS_GATE.finditer(folded), None) is not None
        or next(ILLICIT_GATE.finditer(folded), None) is not None
        or any(next(lexicon.finditer(folded), None) is not None for lexicon in clear.values())
    )


def composed_deals(folded: str, clear: Mapping[str, Lexicon]) -> list[tuple[str, int, int]]:
    """The first ``(category, start, end)`` good that a trade act is near, or ``[]``; ``clear`` maps each
    category to the lexicon of its item words that name illicit goods whatever the words around them."""
    if not _names_goods(folded, clear):
        return []
    if _OFFER_ACT.search(folded) is None and _REQUEST_ACT.search(folded) is None:
        return []
    if advice(folded) or legal_frame(folded):
        return []
    for cat, start, end in _goods(folded, clear):
        if _act_near(folded, start, end) and not reported(folded, start, end):
            return [(cat, start, end)]
    return []
