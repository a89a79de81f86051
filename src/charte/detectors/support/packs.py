"""The regulated-industry rule packs, as data: one :class:`PackRule` per rule a finding can cite.

Patterns are folded-text regex fragments (lower case, no accents; see ``phrases``). A rule fires
on each span matching ``claims``, but only when ``context`` (if any) also matches somewhere in the
post, and never when ``unless`` matches (the warning or registration is already there). ``{org}``
stands for the organisation's names and domains. ``once`` rules report their first match only:
they are about something missing from the whole post (a health message, a risk warning).
"""

from __future__ import annotations

from dataclasses import dataclass

from charte.detectors.support.phrases import APOS as A
from charte.i18n import N_

PCT = r"\d{1,3}(?:[.,]\d{1,2})? ?%"


@dataclass(frozen=True)
class PackRule:
    id: str
    pack: str
    what: str
    """What is wrong (a msgid, translated in the finding's language)."""
    regulation: str
    """The regulation it enforces (a msgid)."""
    claims: tuple[str, ...]
    context: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    once: bool = False
    fix: str | None = None
    """Text the fix appends (a msgid); ``None``: the fix is to rephrase."""


RISK_WARNINGS = (
    r"performances? passees? ne (?:prejuge(?:nt)?|presage(?:nt)?|garanti(?:ssent|t)?|constitue(?:nt)?|sont pas)",
    r"risques? de perte (?:en |de |du |partielle ou totale (?:du |de |en )?)?capital",
    r"perte (?:partielle ou totale )?(?:en|du) capital|vous (?:pouvez|pourriez|risquez de) perdre",
    r"(?:investir|tout investissement|l.investissement) (?:comporte|presente|implique) des risques",
    r"past (?:performance|results) (?:is|are) (?:not|no) (?:a )?(?:reliable )?(?:guarantee|guide|indicat[a-z]*)",
    r"past performance does not (?:guarantee|predict|indicate)",
    r"capital (?:is )?at risk|risk of (?:capital )?loss|you (?:may|could|might) lose",
    r"investing involves risks?|value of (?:your )?investments? (?:can|may) (?:go down|fall)",
)
MARKET_CLOSE = (
    r"(?:cac ?40|sbf ?120|s ?(?:&|and)? ?p ?500|dow(?: jones)?|nasdaq|ftse(?: 100)?|dax|euro ?stoxx(?: 50)?|stoxx 600"
    r"|nikkei|hang seng|msci world|(?:l.)?indice [a-z0-9 ]{2,20}|[a-z0-9]{2,10} index)"
    r" (?:a )?(?:termine|cloture|clos|finit|ouvre|ouvert|closed|ended|finished|opened|ends|closes|opens)"
)
CRYPTO = r"(?:bitcoins?|btc|ethereum|eth|crypto(?:monnaie|currency|currencies|-actifs?|s)?|jetons?|tokens?|altcoins?|memecoins?|nfts?|coins?)"
ALCOHOL = (
    r"vins?|bieres?|champagnes?|whiske?y|rhums?|vodkas?|gins?|cocktails?|aperos?|aperitifs?|cognacs?|armagnacs?|"
    r"spiritueux|cidres?|liqueurs?|pastis|cuvees?|millesimes?|grands? crus?|alcools?|"
    r"wines?|beers?|ales?|lagers?|ipas?|rums?|spirits|liquors?|booze|bourbons?|tequilas?|mezcal|prosecco|sake|"
    r"brut|pinot|chardonnay|merlot"
)
EVIN = N_("loi Evin (French Public Health Code, art. L.3323-2 to L.3323-4)")
EVIN_OBJECTIVE = N_(
    "loi Evin (Public Health Code art. L.3323-4): alcohol advertising is limited to objective "
    "information — origin, composition, strength, production, taste"
)
FINRA_FAIR = N_(
    "FINRA Rule 2210(d)(1): fair and balanced, no promissory or exaggerated claims; AMF: clear, "
    "accurate and not misleading information"
)
RESERVE = N_(
    "duty of restraint and political neutrality of public servants (in France the obligation de réserve; "
    "in the US the Hatch Act)"
)
PHARMA_LAW = N_(
    "EU Directive 2001/83/EC art. 87 and FDA 21 CFR 202.1: within the approved indications, objective, "
    "with fair balance of risks"
)
DRUG_CONTEXT = (
    r"medicaments?|traitements?|molecules?|comprimes?|gelules?|vaccins?|therapies?|posologie|"
    r"ordonnance|sirop|drugs?|medications?|medicines?|treatments?|tablets?|pills?|capsules?|"
    r"therapy|vaccines?|doses?|prescription|{org}"
)
PARTIES = (
    r"rn|rassemblement national|lfi|la france insoumise|renaissance|les republicains|lr|ps|parti socialiste|"
    r"eelv|les ecologistes|reconquete|modem|horizons|pcf|nupes|nouveau front populaire|nfp|"
    r"democrats?|republicans?|gop|labour|tories|conservatives?|lib dems|snp|maga"
)
OFFICIALS = (
    r"maire|ministre|president|presidente|prefete?|deputee?|senat(?:eur|rice)|gouvernement|elus?|"
    r"conseil municipal|mayor|minister|governor|senator|congress(?:man|woman)|government|officials?|premier"
)

PACK_RULES: tuple[PackRule, ...] = (
    # ---------------------------------------------------------------- finance
    PackRule(
        "FINANCE_GUARANTEED_RETURN",
        "finance",
        N_("promises a return or the absence of risk"),
        FINRA_FAIR,
        claims=(
            r"(?:rendements?|rentabilites?|performances?|gains?|profits?|benefices?|revenus?|interets?|plus-values?)"
            rf"(?: de {PCT})? garanti(?:e|s|es)?",
            rf"{PCT} (?:par an |l.an |annuels? |net )?garanti(?:e|s|es)?",
            r"sans (?:aucun |le moindre )?risques?|zero risque|risque zero|aucun risque|a coup sur",
            r"gagner a tous les coups|vous ne pouvez (?:pas perdre|que gagner)|impossible de perdre|argent facile",
            r"devenir riche|doublez (?:votre|ton|vos) (?:argent|capital|mise|epargne)",
            rf"guaranteed (?:returns?|profits?|gains?|income|yields?|interest|payouts?|{PCT})",
            rf"{PCT} (?:a year |per year |annual |yearly )?guaranteed",
            r"risk[- ]free|no risk|zero risk|without (?:any )?risk",
            r"you (?:can(?:no|')?t|cannot|won.t|will not) lose|can.t go wrong|double your (?:money|investment|savings)",
            r"get rich|easy money|sure (?:bet|thing|profit)",
        ),
    ),
    PackRule(
        "FINANCE_PERFORMANCE_NO_WARNING",
        "finance",
        N_("shows past performance without the risk warning"),
        N_(
            "Commission Delegated Regulation (EU) 2017/565 art. 44 (past performance is not a reliable indicator); "
            "SEC Marketing Rule; FINRA Rule 2210(d)(1)"
        ),
        claims=(
            r"(?:performances?|rendements?|rentabilite|hausse|progression|gains?|plus-values?)"
            rf"(?: annuelles?| moyennes?| nettes?| annualisees?)? (?:de |d.environ |d.)?\+?{PCT}",
            rf"(?:a|ont) (?:rapporte|progresse|gagne|pris|bondi|grimpe|delivre|affiche) (?:de |plus de )?\+?{PCT}",
            rf"\+{PCT} (?:en|sur|depuis|cette annee|l.an|par an|annualise)",
            rf"(?:returned|gained|grew|rose|(?<!make )(?<!makes )(?<!made )(?<!making )up|delivered|yielded|returns? of|"
            rf"performance of|yield of|growth of) \+?{PCT}",
            rf"\+{PCT} (?:in|over|since|this year|ytd|year to date|annuali[sz]ed|a year|per year|last year)",
            rf"{PCT} (?:annual(?:i[sz]ed)? |average |yearly )?returns?",
        ),
        # A market index's close ("le CAC 40 termine en hausse de 0,8 %") is market news, not the past
        # performance of something offered.
        unless=(*RISK_WARNINGS, MARKET_CLOSE),
        once=True,
        fix=N_("Past performance is not a reliable indicator of future results. Your capital is at risk."),
    ),
    PackRule(
        "FINANCE_UNBALANCED_CLAIM",
        "finance",
        N_("praises an investment without its risks (not fair and balanced)"),
        FINRA_FAIR,
        claims=(
            r"placement (?:sur|miracle|ideal|parfait|sans danger)|investissement (?:sur|miracle|sans danger|ideal)",
            r"meilleur (?:placement|investissement)|ne (?:peut|peuvent) que (?:monter|grimper|augmenter|progresser)",
            r"mieux qu.un livret a|aussi sur qu.un livret|rendement exceptionnel|opportunite unique",
            r"to the moon|can only go up|(?:safe|safest|best|perfect|sure) investment|once[- ]in[- ]a[- ]lifetime opportunity",
            r"(?:safe|secure) as a bank|better than (?:a|your) savings account|(?:huge|massive|insane) returns",
        ),
        unless=RISK_WARNINGS,
    ),
    PackRule(
        "FINANCE_CRYPTO_UNREGISTERED",
        "finance",
        N_("promotes crypto-asset services without stating their registration"),
        N_(
            "MiCA, Regulation (EU) 2023/1114 (CASP authorisation) and, in France, PSAN registration with the AMF "
            "(loi PACTE; loi n° 2023-451 art. 4)"
        ),
        claims=(
            r"(?:achetez|achete[sz]?|investissez|investis|placez|tradez|misez|stakez) (?:du |de la |des |en |dans "
            rf"(?:le |la |les )?|sur (?:le |la |les )?)?{CRYPTO}",
            rf"(?:buy|invest in|trade|stake|get|grab|ape into) (?:some |the |your )?{CRYPTO}",
            r"ico|ido|presale|pre-sale|prevente|token sale|vente de jetons|airdrop|launchpad",
            rf"staking (?:a|at|with) {PCT}|{PCT} (?:apy|apr)",
        ),
        unless=(
            r"psan|casp|mica|enregistree? (?:aupres de|par) l.amf|agreee? (?:par|aupres de) l.amf",
            r"registered with the (?:sec|fca|amf|finra)|licensed by the|authori[sz]ed by the (?:fca|amf)",
        ),
    ),
    # ---------------------------------------------------------------- health
    PackRule(
        "HEALTH_CURE_CLAIM",
        "health",
        N_("claims a cure or a certain efficacy"),
        N_(
            "FTC Act §§ 5 and 12 (health claims need competent and reliable scientific evidence) and FDA rules on "
            "disease claims"
        ),
        claims=(
            r"gueri(?:t|ssent|ra|ront|ssez)|guerison (?:garantie|assuree|totale|definitive)|permet de guerir",
            r"soigne(?:nt)? (?:definitivement|tous|toutes|a coup sur)",
            r"(?:elimine|supprime|fait disparaitre|vient a bout de|previent) (?:le |la |les |l.|votre |vos |du |des )?"
            r"(?:cancer|diabete|covid|depression|arthrose|alzheimer|maladie|douleurs? chroniques?|infections?)s?",
            r"100 ?% efficace|efficace a 100 ?%|remede (?:miracle|naturel contre)|traitement miracle|miraculeu(?:x|se)",
            r"cures(?! for)|cure (?:cancer|diabetes|covid|depression|arthritis|your|the|all|any|it)|(?:a|the) cure for",
            r"cured (?:my|her|his|their|of)|heals? (?:cancer|diabetes|any|all|your)|100 ?% effective",
            r"guaranteed to (?:work|heal|cure)|miracle (?:cure|pill|treatment|remedy)|clinically proven to cure",
            r"(?:eliminates|reverses|prevents|wipes out) (?:cancer|diabetes|covid|alzheimer.s|depression|arthritis|infections?)",
        ),
    ),
    PackRule(
        "HEALTH_PATIENT_INFO",
        "health",
        N_("confirms a patient's presence, condition or treatment"),
        N_(
            "HIPAA Privacy Rule (45 CFR Part 164): even confirming that someone is a patient is protected information"
        ),
        claims=(
            r"(?:notre|mon|ma) (?:patiente?|petite patiente|jeune patiente?) (?:[a-z]+ )?(?:a ete|est|etait) "
            r"(?:hospitalisee?|operee?|admise?|soignee?|traitee?|pris(?:e)? en charge|decedee?|sortie?|diagnostiquee?|"
            r"en (?:chimio|reanimation|soins intensifs))",
            r"(?:a ete|est) (?:bien |actuellement |toujours )?(?:hospitalisee?|operee?|admise?|pris(?:e)? en charge|soignee?|traitee?) (?:chez nous|dans "
            r"(?:notre|nos) (?:service|clinique|hopital|etablissement|centre|unite)s?|ici|par (?:nos|notre) equipes?)",
            rf"(?:je|nous) (?:confirme|confirmons|pouvons confirmer) (?:que |qu{A})[^.!?\n]{{0,60}}"
            r"(?:patient|hospitalis|soign|trait|admis|oper|suivi)[a-z]*",
            r"(?:our|my) patient (?:[a-z]+ )?(?:was|is|has been|had) (?:admitted|treated|hospitali[sz]ed|operated|"
            r"discharged|diagnosed|seen|in (?:icu|surgery|chemo))",
            r"(?:was|is|has been) (?:admitted|treated|hospitali[sz]ed|operated on|seen) (?:here|at our|in our|by our|"
            r"at (?:the|this) (?:clinic|hospital))",
            r"(?:i|we) (?:can )?confirm (?:that )?[^.!?\n]{0,60}(?:patient|treated|admitted|hospitali|diagnos|surgery)[a-z]*",
            r"(?:i|we) (?:treated|operated on|saw|diagnosed) (?:mr|mrs|ms|miss)\.? ",
        ),
    ),
    # ---------------------------------------------------------------- alcohol (France)
    PackRule(
        "ALCOHOL_HEALTH_MESSAGE",
        "alcohol",
        N_("mentions alcohol without the mandatory health message"),
        EVIN,
        claims=(ALCOHOL,),
        unless=(
            rf"l{A}abus d{A}alcool est dangereux pour la sante",
            r"alcohol abuse is dangerous (?:for|to) (?:your )?health",
        ),
        once=True,
        fix=N_(
            "L'abus d'alcool est dangereux pour la santé, à consommer avec modération. "
            "(Alcohol abuse is dangerous for your health.)"
        ),
    ),
    PackRule(
        "ALCOHOL_SPORT",
        "alcohol",
        N_("associates alcohol with sport"),
        EVIN_OBJECTIVE,
        claims=(
            r"sports?|sportifs?|sportives?|matchs?|football|foot|rugby|tennis|cyclisme|marathon|stade|supporters?|"
            r"coupe du monde|troisieme mi-temps|mi-temps|workout|gym|game day|match day|world cup|super bowl|"
            r"halftime|after the game|finish line|tailgate",
        ),
        context=(ALCOHOL,),
        once=True,
    ),
    PackRule(
        "ALCOHOL_YOUTH",
        "alcohol",
        N_("associates alcohol with young people"),
        EVIN_OBJECTIVE,
        claims=(
            r"jeunes|jeunesse|etudiante?s?|soirees? etudiantes?|lyceen(?:ne)?s?|ados?|adolescente?s?|bizutage|"
            r"teens?|teenagers?|students?|college|spring break|campus|freshers?",
        ),
        context=(ALCOHOL,),
        once=True,
    ),
    PackRule(
        "ALCOHOL_SUCCESS",
        "alcohol",
        N_("associates alcohol with success or seduction"),
        EVIN_OBJECTIVE,
        claims=(
            r"succes|reussite|reussir|gagnante?s?|seduction|seduire|seduisante?|sexy|conquerir|"
            r"success|successful|winners?|seduce|seductive|irresistible|get lucky|be the boss",
        ),
        context=(ALCOHOL,),
        once=True,
    ),
    PackRule(
        "ALCOHOL_PARTY",
        "alcohol",
        N_("associates alcohol with partying"),
        EVIN_OBJECTIVE,
        claims=(
            r"fetes?|feter|fetons|fetez|faire la fete|teuf|soirees? (?:arrosees?|entre potes|de folie|festives?)|cul sec|binge|"
            r"open bar|shots?|bringue|beuverie|party|parties|partying|clubbing|get wasted|wasted|drinking games?|"
            r"beer pong|bottoms up|all night long|let.s get drunk",
        ),
        context=(ALCOHOL,),
        once=True,
    ),
    # ---------------------------------------------------------------- public sector
    PackRule(
        "PUBLIC_VOTING_ADVICE",
        "public-sector",
        N_("gives voting advice"),
        RESERVE,
        claims=(
            r"(?:votez|votons|je vote|je voterai|j.ai vote|allez voter|vote for|vote against|voting for|i voted for|"
            r"i.ll vote for|i will vote for|go vote for) (?:pour |contre )?(?:le |la |les |l.|the |a |an |our )?(?:[a-z-]+ ){0,2}"
            rf"(?:candidat|candidate|liste|list|parti|party|maire|mayor|depute|president|senator|senateur|{PARTIES})",
            r"ne votez pas|n.allez pas voter|don.t vote for|do not vote for|appel(?:le|ons)? a voter (?:pour|contre)",
            r"consigne de vote|faites barrage|vote (?:yes|no) on|votez (?:oui|non) (?:au|a la)",
        ),
    ),
    PackRule(
        "PUBLIC_POLITICAL_POSITION",
        "public-sector",
        N_("takes a political position"),
        RESERVE,
        claims=(
            rf"je (?:soutiens|milite pour|suis militante? (?:de|du|chez)|suis adherente? (?:de|du|au)) (?:le |la |les |l.)?"
            rf"(?:candidat|candidate|liste|parti|{PARTIES})",
            rf"(?:i support|i.m backing|i endorse|proud supporter of|proud member of|i campaign for) (?:the )?"
            rf"(?:candidate|party|{PARTIES})",
            r"je suis (?:contre|pour) (?:la|cette) (?:reforme|loi|politique)|a bas (?:le gouvernement|la reforme)",
            r"(?:i(?: am|.m) against|i oppose|i stand against) (?:the|this) (?:reform|bill|law|government|policy)",
            r"#(?:macrondemission|teammacron|nupes|maga|resist|votezrn|votezlfi|jevote)",
        ),
    ),
    PackRule(
        "PUBLIC_OFFICIAL_CRITICISM",
        "public-sector",
        N_("gives an opinion on elected officials"),
        RESERVE,
        claims=(
            rf"(?:{OFFICIALS})(?: [^.!?\n]{{0,40}})? (?:incompetente?s?|nuls?|nulle|une honte|honteux|honteuse|"
            r"lamentables?|catastrophiques?|menteurs?|menteuse|corrompue?s?|pathetiques?|ridicules?|scandaleux|"
            r"irresponsables?|minables?|a cote de la plaque|doit demissionner|incompetent|useless|a disgrace|"
            r"disgraceful|corrupt|liars?|pathetic|clueless|must resign|should resign|a joke|idiots?|a failure)",
        ),
    ),
    # ---------------------------------------------------------------- pharma
    PackRule(
        "PHARMA_OFF_LABEL",
        "pharma",
        N_("promotes a use outside the approved indications (off-label)"),
        PHARMA_LAW,
        claims=(
            r"hors amm|hors autorisation de mise sur le marche|hors indications?|usage hors (?:amm|indication|etiquette)",
            r"en dehors de (?:son|ses) indications?|non (?:autorisee?|approuvee?|indiquee?) (?:pour|dans|chez)",
            r"(?:marche|fonctionne) (?:aussi|egalement) (?:pour|contre|sur)|peut (?:aussi|egalement) (?:traiter|soigner|servir)",
            r"off[- ]label|not (?:approved|indicated) for|unapproved (?:use|indication)|also (?:works|helps) (?:for|with|against)",
            r"can also (?:treat|be used for|help with)|outside (?:its|the) (?:label|approved indications?)",
        ),
    ),
    PackRule(
        "PHARMA_UNBALANCED",
        "pharma",
        N_("states a medicine's benefits without its risks"),
        PHARMA_LAW,
        claims=(
            r"(?:efficace|soulage|reduit|diminue|ameliore|elimine|stoppe|bloque|traite)(?: [^.!?\n]{0,40})? "
            rf"(?:{PCT}|douleurs?|symptomes?|risques?|crises?|migraines?|tension|cholesterol|glycemie|poussees?)",
            r"(?:effective|relieves|reduces|lowers|improves|eliminates|stops|treats|works)(?: [^.!?\n]{0,40})? "
            rf"(?:{PCT}|pain|symptoms|risks?|attacks|migraines?|blood pressure|cholesterol|blood sugar|flares?)",
        ),
        context=(DRUG_CONTEXT,),
        unless=(
            r"effets? (?:indesirables?|secondaires?)|contre-indications?|precautions d.emploi|lisez (?:attentivement )?la notice",
            r"demandez (?:conseil|l.avis) (?:a|de) votre (?:medecin|pharmacien)|side effects?|adverse (?:events?|reactions?|effects?)",
            r"important safety information|contraindications?|(?:full )?prescribing information|(?:talk to|ask) your (?:doctor|pharmacist)",
        ),
        once=True,
    ),
    PackRule(
        "PHARMA_SAFETY_CLAIM",
        "pharma",
        N_("claims a medicine has no risk"),
        PHARMA_LAW,
        claims=(
            r"sans (?:aucun )?effets? (?:secondaires?|indesirables?)|aucun effet (?:secondaire|indesirable)",
            r"(?:totalement|completement|100 ?%) (?:sur|sans danger|inoffensif)|sans aucun danger",
            r"no side effects?|zero side effects?|(?:completely|totally|100 ?%|perfectly) (?:safe|harmless)",
        ),
    ),
)

PACKS: tuple[str, ...] = tuple(sorted({r.pack for r in PACK_RULES}))
RULE_IDS: tuple[str, ...] = tuple(r.id for r in PACK_RULES)
