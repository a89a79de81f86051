"""Confidential information: the policy's terms and code names, and classification markers.

Matching runs on the folded view, so "C0NFIDENTIEL", "c o n f i d e n t i e l" and Cyrillic
look-alikes are caught; spans point back into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from charte import normalize
from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support.phrases import gated
from charte.detectors.support.terms import term_pattern
from charte.domain import Finding, Fix
from charte.policy.model import Policy, Rule
from charte.prefilter import Gated

# Classification markers, French and English (folded: lower case, no accents).
MARKERS: dict[str, tuple[str, ...]] = {
    "fr": (
        "confidentiel",
        "strictement confidentiel",
        "usage interne",
        "a usage interne uniquement",
        "diffusion restreinte",
        "ne pas diffuser",
        "document interne",
        "interne uniquement",
        "sous nda",
        "sous embargo",
        "secret professionnel",
        "secret des affaires",
        "note interne",
        "presentation interne",
        "ne pas partager",
        "ne pas transmettre",
        "ne pas transferer",
        "ne pas faire suivre",
        "a ne pas divulguer",
        "ne pas divulguer",
        "pour vos yeux seulement",
        "pour vos yeux uniquement",
        "secret entreprise",
        "secret d entreprise",
        "pas pour diffusion externe",
        "diffusion externe interdite",
        "diffusion limitee",
    ),
    "en": (
        "confidential",
        "strictly confidential",
        "internal only",
        "for internal use",
        "internal use only",
        "do not share",
        "do not distribute",
        "do not forward",
        "restricted distribution",
        "under nda",
        "nda",
        "under embargo",
        "embargoed",
        "company confidential",
        "proprietary and confidential",
        "internal memo",
        "internal document",
        "internal deck",
        "internal slides",
        "internal presentation",
        "not for distribution",
        "do not disclose",
        "eyes only",
        "for your eyes only",
        "not for external distribution",
        "not for external use",
        "not for publication",
        "company restricted",
    ),
}


# Inside information: a cue that the news is not public yet, in the same post as a price-sensitive event
# of a company (folded text). Either alone is ordinary ("entre nous, ce film…", "the merger was announced").
LEAK_CUES = (
    r"pas encore (?:officiel|officielle|public|publique|annonce|annoncee|communique|connu|connue|sorti)",
    r"pas (?:encore )?(?:rendu|rendue) public",
    r"(?:avant|en avance sur) (?:l annonce|la publication|le communique)(?: officiel(?:le)?)?",
    r"personne ne (?:le )?sait (?:encore|pour l instant)",
    r"le marche ne (?:le )?sait pas(?: encore)?",
    r"entre nous|de source interne|officieusement|en avant-premiere|motus|chut|ne le repetez pas",
    r"not (?:yet )?(?:public|announced|official)(?: yet)?",
    r"(?:before|ahead of) (?:it s |it is |the )?(?:announcement|announced|official|public|press release)",
    r"(?:nobody|no one) knows (?:yet|about it yet)",
    r"the market (?:doesn t|does not|don t) know(?: yet)?",
    r"between (?:us|you and me)|off the record|keep (?:it|this) (?:quiet|to yourselves?|under wraps)|hush hush",
    r"(?:still |kept )?under wraps|(?:don t|do not|dont) tell anyone|keep (?:it|this) secret",
    r"ne (?:le )?(?:dis|dites) (?:rien|a personne)|garde(?:z|r)? (?:ca|le) pour (?:toi|vous)",
    r"unofficially|insider (?:info|tip|information)|heads up before",
    # Let out by someone who knows: "my boss let slip", "m'a glissé que"; a trade timed on it ("sell before
    # the call", "achetez avant jeudi").
    r"let (?:it )?slip|(?:m|nous) a (?:glisse|laisse (?:echapper|entendre)) que",
    r"(?:sell|buy|dump|vendez|achetez|vends|achete) (?:before|ahead of|avant) (?:the|it|la|le|l|jeudi|lundi|mardi"
    r"|mercredi|vendredi|monday|tuesday|wednesday|thursday|friday)",
    r"info(?:rmation)? exclusive|en exclusivite|scoop|exclusive|exclu",
    # Said before the date it comes out: "ça sortira mardi", "it comes out Tuesday", "sell now".
    r"(?:ca|ce sera|c est) (?:sortira|sort|tombera|annonce) (?:lundi|mardi|mercredi|jeudi|vendredi|demain|la semaine prochaine)",
    r"(?:it|they|this) (?:comes? out|will be out|drops?|goes public|will be announced) (?:on )?"
    r"(?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week)",
    r"(?:sell|buy|vendez|achetez) (?:now|maintenant|tout|everything|vite)",
    # Said before it is official, with a delay: "annonce officielle dans deux semaines", "official in two
    # weeks", "gets announced next week"; a tip passed on; a secret kept ("personne n'est au courant").
    r"(?:annonce |communique )?officiel(?:le)? (?:dans|d ici) (?:\d+|un|une|deux|trois|quatre|quelques) (?:jours?|semaines?|mois)",
    r"(?:official|announced|public) in (?:\d+|a|one|two|three|four|a few|a couple of) (?:days?|weeks?|months?)",
    r"(?:gets?|will be|is being|is) announced (?:on )?(?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week)",
    r"sera (?:annonce|annoncee|officiel|officielle|public|publique) (?:lundi|mardi|mercredi|jeudi|vendredi|demain|la semaine prochaine)",
    r"tuyau(?: perso| du jour)?|psst|personne n est (?:encore )?au courant|(?:nobody|no one) (?:else )?knows",
    r"(?:don t|do not|dont) (?:repeat|spread) (?:this|it)|ne (?:le )?(?:repete|repetez|repetes) (?:pas|a personne)",
    r"en off|en interne on (?:nous|m) a dit|rien n est (?:encore )?(?:annonce|officiel)|nothing (?:is|s) announced yet",
    r"(?:we re|we are|they re|they are) (?:about|going) to announce|on (?:va|s apprete a) annoncer",
    r"(?:it ll|it will|ce sera|ca sera) (?:be )?(?:public|official|announced|officiel|officielle|annonce)"
    r" (?:on )?(?:monday|tuesday|wednesday|thursday|friday|tomorrow|next week|lundi|mardi|mercredi|jeudi|vendredi"
    r"|demain|la semaine prochaine)",
)
MATERIAL_EVENTS = (
    r"rachat|racheter|rachete|acquisition|acquerir|fusion|fusionner|offre publique|opa|introduction en bourse",
    r"resultats (?:annuels|trimestriels|semestriels|financiers|du (?:t|q)[1-4]|du trimestre|de l exercice)",
    r"chiffre d affaires|benefice net|avertissement sur (?:resultats|benefices)|dividendes?|previsions annuelles",
    r"chiffres (?:du |de l )?(?:t|q|s)[1-4]|chiffres (?:trimestriels|annuels|semestriels)|va racheter|rachetons",
    r"licenciements?|plan social|suppressions? de postes|supprimer(?:a|ont)? \d+ postes|restructuration",
    r"plan de departs(?: volontaires)?|departs volontaires|(?:touche|concerne|menace) \d+ (?:postes|emplois)",
    r"cession|faillite|redressement judiciaire|augmentation de capital|levee de fonds",
    r"acquir(?:e|es|ing|ed)|takeover|merger|buyout|tender offer|ipo|going public|(?:we re|we are) buying",
    r"(?:annual|quarterly|half-year|financial|q[1-4]) (?:results|earnings|numbers|figures)",
    r"earnings|revenue|profit warning|guidance|dividends?",
    r"layoffs?|job cuts?|cut \d+ jobs|restructuring|redundanc(?:y|ies)|bankruptcy|capital raise|funding round",
    r"nom de code|code ?names?|codenamed?",
    # The head of the company leaving: "le PDG démissionne", "the CEO is stepping down".
    r"(?:pdg|dg|directeur general|directrice generale|president|presidente|ceo|cfo|coo|chairman|chairwoman)"
    r" (?:demissionne|va demissionner|quitte|va quitter|part|s en va|est limoge|sera remplace|sera remplacee"
    r"|is stepping down|steps down|will step down|is resigning|resigns|will resign|quits|is leaving|is being fired)",
    r"demission du (?:pdg|dg|president|ceo)",
    r"(?:pdg|dg|president|presidente|ceo|cfo|coo|chairman|chairwoman) (?:a demissionne|resigned|quit|stepped down|was fired)",
    # Branches closed, prices changed: "fermer 50 agences", "close 40 branches", "les frais vont doubler".
    r"ferme(?:r|ra|ront)? \d+ agences|fermetures? d agences|clos(?:e|ing) \d+ branch(?:es)?|branch closures",
    r"(?:frais|tarifs|taux|fees|prices|rates)(?: [a-z]+){0,4} (?:vont|va|will|are going to) (?:doubler|augmenter|baisser"
    r"|double|rise|go up|increase)",
    # A change of the company's own prices before it is public: "the rate hike on savings accounts".
    r"(?:rate|price|fee|tariff)s? (?:hike|cut|increase|rise)s?|(?:hausse|baisse) des (?:taux|tarifs|frais)",
)
# A project named by its code name, a capitalised name right after "projet" / "Project" (on the text as
# written: "my project for the weekend" names none): what it is may be the secret itself.
_CODE_NAMED_PROJECT = re.compile(
    r"(?<![\w-])(?:[Pp]rojet|[Pp]roject|[Oo]p[ée]ration|[Pp]rogramme|[Pp]rogram)\s[«“\"']?\s?[A-Z][\w-]{2,20}"
)


# "confidential" as a plain adjective after a negation or a quantifier speaks of confidential things in
# general ("aucun document confidentiel ne doit être publié", "no confidential documents", "never post
# anything confidential"): a rule quoted, not a document marked. Written in capitals it stays a marker.
_ADJECTIVES = frozenset({"confidentiel", "confidential"})
_IN_GENERAL = re.compile(
    r"(?<![a-z0-9])(?:aucune?|pas d|jamais|rien|sans|ni|interdit|interdits|no|never|not|nothing|anything|any|without)"
    r"(?![a-z0-9])[^.!?;:\n]{0,40}$"
)


def _alternation(fragments: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9])(?:{'|'.join(fragments)})(?![a-z0-9])")


# Behind their Aho-Corasick pre-check (``prefilter.Gated``): the leak cues' alternation, tried at every
# position, cost ~5 µs on every post, and fewer than one post in ten holds a word a cue needs.
_LEAK = Gated(_alternation(LEAK_CUES))
_EVENT = Gated(_alternation(MATERIAL_EVENTS))
# The folded view keeps punctuation: "l'annonce" and "doesn't" are read with a space for the apostrophe.
_APOSTROPHES = str.maketrans("'’", "  ")


class ConfidentialParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: list[str] = []
    """Extra terms on top of ``legal.confidential.terms`` and ``code_names``."""
    markers: bool | None = None
    """Detect classification markers; ``None`` follows ``legal.confidential.markers``."""
    inside_information: bool | None = None
    """Detect news given as not public yet ("pas encore officiel", "not announced yet") about a merger,
    results, layoffs, a project named by its code name…; ``None`` follows ``markers``."""


def _markers_pattern() -> re.Pattern[str]:
    """The built-in markers as one regex (fixed text, no repeated separators: safe to backtrack on)."""
    folded = sorted({normalize.folded(m).text for ms in MARKERS.values() for m in ms}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"[\s\-_.]*") for p in folded)
    return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")


_MARKERS = _markers_pattern()
# A Traffic Light Protocol label that restricts sharing ("TLP:RED", "TLP:AMBER+STRICT") heading a line of the
# post; the same words inside a sentence explain the protocol ("what's TLP:RED vs TLP:AMBER?").
_TLP = re.compile(r"(?:^|\n)[\s#*\[(]{0,3}tlp\s?[:\-]?\s?(?:red|amber|rouge|ambre)(?![a-z0-9])")
# "NDA" after an article or a possessive speaks of agreements ("what an NDA covers", "signer un NDA"); a post
# marked with it reads "under NDA", "NDA:", "[NDA]".
_ARTICLE_BEFORE = re.compile(
    r"(?<![a-z0-9])(?:a|an|the|this|that|my|your|our|their|un|une|le|la|l|les|ce|cet|mon|ton|votre|notre)[ ]$"
)


# "Confidential" in a title after a capitalised word ("L.A. Confidential", « Miami Confidential »), unless a
# colon or a dash makes it a heading; and the technical term "confidential computing".
_TITLE_BEFORE = re.compile(r"(?:[A-Z][\w.]*|[A-Z]\.)[ ]$")
_HEADING_AFTER = re.compile(r"\s{0,2}[:\-–—]")
_TECHNICAL_AFTER = re.compile(r"[ ](?:computing|compute)(?![a-z])")


def _in_general(folded: str, start: int, end: int, written: str, text: str = "", span_start: int = 0) -> bool:
    """Whether a bare "confidential" marker (``folded[start:end]``) is an adjective of a rule or a
    negation, a work's title or a technical term, not a marking."""
    if folded[start:end] == "nda":
        return _ARTICLE_BEFORE.search(folded[max(0, start - 8) : start].translate(_APOSTROPHES)) is not None
    if folded[start:end] not in _ADJECTIVES or written.isupper():
        return False
    if _TECHNICAL_AFTER.match(folded, end):
        return True
    span_end = span_start + len(written)
    if (
        written.istitle()
        and span_start > 0
        and _TITLE_BEFORE.search(text, max(0, span_start - 30), span_start) is not None
        and _HEADING_AFTER.match(text, span_end) is None
    ):
        return True
    before = folded[max(0, start - 48) : start].translate(_APOSTROPHES)
    return _IN_GENERAL.search(before) is not None


@register
class ConfidentialDetector(Detector[ConfidentialParams]):
    id = "confidential"
    category = "confidential"

    def __init__(self, rule: Rule, params: ConfidentialParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        legal = policy.legal.confidential
        self.terms = gated(term_pattern([*legal.terms, *legal.code_names, *params.terms]))
        use_markers = legal.markers if params.markers is None else params.markers
        self.markers = gated(_MARKERS) if use_markers else None
        inside = use_markers if params.inside_information is None else params.inside_information
        self.inside = bool(inside)

    def detect(self, ctx: Context) -> Sequence[Finding]:
        view = ctx.folded
        out = []
        for pattern, entity in ((self.terms, "CONFIDENTIAL_TERM"), (self.markers, "CLASSIFICATION_MARKER")):
            if pattern is None:
                continue
            for m in pattern.finditer(view.text):
                span = view.to_original(m.start(), m.end())
                if entity == "CLASSIFICATION_MARKER" and _in_general(
                    view.text, m.start(), m.end(), ctx.text[span.start : span.end], ctx.text, span.start
                ):
                    continue
                if entity == "CONFIDENTIAL_TERM":
                    message = ctx._(
                        "“{term}” is a confidential term (code name or internal project) and must not "
                        "be published.",
                        term=ctx.text[span.start : span.end],
                    )
                else:
                    message = ctx._("This post carries a classification marker: the content looks internal.")
                fix = Fix("remove", ctx._("Remove the confidential information."), replacement="", span=span)
                out.append(self.finding(ctx, span, message, entity=entity, fix=fix))
        if self.markers is not None and not out:
            label = _TLP.search(view.text)
            if label is not None:
                span = view.to_original(label.end() - len(label.group().lstrip()), label.end())
                message = ctx._("This post carries a classification marker: the content looks internal.")
                fix = Fix("remove", ctx._("Remove the confidential information."), replacement="", span=span)
                out.append(self.finding(ctx, span, message, entity="CLASSIFICATION_MARKER", fix=fix))
        if self.inside and not out:
            text = view.text.translate(_APOSTROPHES)
            cue = next(_LEAK.finditer(text), None)
            if cue is not None and (
                next(_EVENT.finditer(text), None) is not None
                or _CODE_NAMED_PROJECT.search(ctx.text) is not None
            ):
                span = view.to_original(cue.start(), cue.end())
                message = ctx._(
                    "This post gives news that is not public yet (a deal, results, job cuts…): inside "
                    "information is published first by the company, through its disclosure procedure."
                )
                fix = Fix("remove", ctx._("Remove the confidential information."), replacement="", span=span)
                out.append(self.finding(ctx, span, message, entity="INSIDE_INFORMATION", fix=fix))
        return out
