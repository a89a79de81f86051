"""Speaking for the organisation: official statements and complaint answers by roles not allowed to.

Three kinds of phrasing, French and English, matched on the folded view:

* *strong* statements that commit the organisation whatever the context: "au nom de Acme",
  "on behalf of the company", promises of refunds or compensation ("nous vous rembourserons",
  "we will refund you"), "Acme is pleased to announce";
* *headline announcements* ("Annonce : …", "Official: …"), counted only when the post names the
  organisation;
* *announcements* in the organisation's voice ("nous annonçons", "we are thrilled to announce",
  "officially launching"), counted only when the post is about the organisation (its names,
  domains, or business words such as launch, partnership, customers) so that "we are excited to
  announce our wedding" passes;
* *complaint answers* ("nous sommes désolés pour la gêne", "please DM us your order number").

A statement is fine when one of the author's functions (``Post.functions``; in the service, from their
teams) is a spokesperson function for this account kind and platform (``spokespeople.roles``). A
complaint answer — or any post flagged ``in_reply_to_complaint`` — is fine when one of them is in
``complaint_responders`` or has ``may_answer_complaints``. Words inside
quotation marks are someone else's and never count: sharing "Acme a annoncé : « … »" is allowed.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import phrases as ph
from charte.domain import Finding, Fix, Span
from charte.policy.model import Policy, Rule

A = ph.APOS
# The employer named by what it is rather than by its name: "la banque", "toute la maison", "our firm".
_KINDS_FR = r"(?:entreprise|societe|banque|boite|maison|groupe|marque|equipe|direction|enseigne|mutuelle|compagnie|clinique|mairie|collectivite)"
_KINDS_EN = r"(?:company|bank|firm|group|brand|team|business|organi[sz]ation|employer|management)"
_ORG_WORDS = rf"(?:l{A}entreprise|la societe|la direction|(?:toute )?(?:la|notre|ma) {_KINDS_FR}|toute l{A}(?:equipe|entreprise)|(?:du|le|tout le) groupe)"
_ORG_WORDS_EN = rf"(?:management|(?:the|our|my) (?:whole |entire )?{_KINDS_EN})"
_HAPPY_FR = rf"(?:heureux|heureuse|heureuses|fiers|fieres|fier|fiere|ravis|ravie|ravies|ravi|enchantes|le plaisir|l{A}honneur|la joie)"
_HAPPY_EN = r"(?:pleased|happy|proud|thrilled|excited|delighted|glad|honou?red)"

#: ``{org}`` is replaced by the employer alternation; all fragments are folded text.
STRONG = (
    rf"au nom (?:de |d{A}|du |des )(?:{{org}}|{_ORG_WORDS})",
    rf"on behalf of (?:{{org}}|{_ORG_WORDS_EN})",
    rf"(?:{{org}}) (?:a|est) (?:{_HAPPY_FR}) (?:de |d{A}|a )?(?:vous )?(?:annoncer|presenter|devoiler|informer)",
    rf"(?:{{org}}) (?:is|are) (?:{_HAPPY_EN}) to (?:announce|introduce|unveil|share|confirm)",
    rf"(?:j{A}ai|nous avons) (?:le plaisir|l{A}honneur|la joie) (?:de vous |d{A})annoncer (?:que |qu{A})(?:{{org}})",
    rf"i(?: am|{A}m) (?:{_HAPPY_EN}) to announce (?:that )?(?:{{org}})",
    r"communique officiel|declaration officielle|official statement|press release from us",
    # Promises of refunds or compensation.
    r"nous (?:allons |pouvons |vous )?(?:vous )?(?:rembourser|rembourserons|dedommager|dedommagerons|indemniser|indemniserons)",
    r"je (?:vais |peux )?vous (?:rembourse|rembourserai|rembourser|dedommagerai|dedommager)",
    r"vous (?:serez|allez etre|etes) (?:integralement |entierement |totalement )?(?:rembourses?|remboursee?s?|dedommagee?s?|indemnisee?s?)",
    r"(?:nous vous (?:offrons|accordons|proposons)|vous recevrez) (?:un |une )?(?:avoir|geste commercial|remboursement|dedommagement|bon d.achat|compensation|indemnisation)",
    rf"(?:we|i)(?: will|{A}ll| are going to| can| shall) (?:fully )?(?:refund|reimburse|compensate)(?: you)?",
    rf"you(?: will|{A}ll) (?:be )?(?:fully )?(?:refunded|reimbursed|compensated|get (?:a )?(?:full )?(?:refund|reimbursement|compensation))",
    r"we (?:guarantee|promise) (?:you )?(?:a )?(?:full )?(?:refund|reimbursement|compensation)",
    # The promise made about the customers rather than to "you": "chaque client touché sera remboursé".
    r"(?:chaque|tout|tous les|toutes les|les|nos) (?:[a-z]+ )?(?:clients?|clientes?|usagers?|abonnes?|titulaires?|souscripteurs?)"
    r"(?: [a-z]+){0,3} (?:sera|seront) (?:integralement |entierement |totalement |bien )?(?:rembourse|indemnise|dedommage)e?s?",
    r"(?:every|each|all|our)(?: [a-z]+)? (?:customers?|clients?|account holders?|users?|members?|policyholders?)"
    r"(?: [a-z]+){0,3} will be (?:fully |entirely )?(?:refunded|reimbursed|compensated)",
    # Confirming or guaranteeing in the organisation's name: "je vous confirme officiellement que…",
    # "je vous garantis que vos frais seront remboursés", "notre banque s'engage à rembourser".
    r"(?:je|nous) (?:vous )?(?:confirme|confirmons|annonce|annoncons) officiellement",
    r"i (?:can )?officially (?:confirm|announce)|we (?:can )?officially confirm",
    r"(?:je|nous) (?:vous )?(?:garantis|garantissons|promets|promettons) (?:que |qu.)(?:vos|votre|tes|ton|les|chaque|tous|toutes)"
    r"(?: [a-z]+){0,5} (?:seront|sera) (?:integralement |entierement |bien )?(?:rembourse|indemnise|dedommage|pris en charge)e?s?",
    r"(?:i|we) (?:guarantee|promise)(?: you)?(?: that)? (?:your|all|every|each|the)(?: [a-z]+){0,5} will be "
    r"(?:fully )?(?:refunded|reimbursed|compensated|covered)",
    rf"(?:(?:notre|la) {_KINDS_FR}|nous nous) (?:s{A}engage|engageons) a (?:rembourser|indemniser|dedommager)",
    r"we(?: at [a-z]+(?: [a-z]+)?)? (?:commit|are committed|pledge) to (?:fully )?(?:refunding|reimbursing|compensating)",
)
ANNOUNCE = (
    r"nous (?:annoncons|annoncerons|lancons|devoilons|confirmons officiellement)",
    rf"nous (?:sommes|etions) (?:tres |si )?(?:{_HAPPY_FR}) (?:de |d{A})(?:vous )?(?:annoncer|presenter|devoiler|lancer|accueillir)",
    rf"(?:c{A}est avec (?:plaisir|fierte|joie) que )?nous (?:avons )?(?:le plaisir|l{A}honneur|la joie|la fierte) (?:de |d{A})(?:vous )?(?:annoncer|presenter|devoiler)",
    rf"(?:j{A}ai|je suis) (?:le plaisir|l{A}honneur|la joie|{_HAPPY_FR}) (?:de |d{A})(?:vous )?annoncer (?:que |qu{A})(?:nous|notre|nos)",
    r"officiellement (?:lance|lancee|lances|annonce|annoncee|ouvert|ouverte|disponible)s?",
    r"(?:nous lancons|nous annoncons|nous ouvrons) officiellement",
    rf"we(?: are|{A}re) (?:(?:very|so|really) )?(?:{_HAPPY_EN} to )?(?:announc|launch|unveil|introduc)(?:e|es|ing)?",
    r"we (?:announce|hereby announce|are officially|officially (?:announce|launch|open|confirm))",
    r"officially (?:announce|announcing|launch|launching|launched|open|opening|confirm|confirming|available)",
    rf"i(?: am|{A}m) (?:{_HAPPY_EN}) to announce (?:that )?(?:we|our)",
)
#: Announcements put as a headline ("Annonce : …", "Official: …", "C'est officiel : …"), counted only when
#: the post names the organisation: "Annonce : vends vélo" is a classified ad, "Annonce : à partir de
#: janvier, Banque Carmin supprime les frais" speaks for the bank, disclaimer or not.
HEADLINE = (
    rf"(?:annonce|annonce officielle|officiel|c{A}est officiel|information officielle|breaking|announcement"
    rf"|official announcement|official|it{A}s official|news) ?:",
)
#: Business words that make a first-person announcement an organisation's one.
BUSINESS = (
    r"lancement|produit|produits|offre|offres|clients?|partenariat|partenaire|acquisition|rachat|fusion|resultats|"
    r"service|application|appli|magasin|boutique|usine|site|agence|collection|gamme|version|fonctionnalite|"
    r"recrutons|embauchons|prix|tarifs?|frais|commissions?|abonnements?|comptes?|"
    r"launch|product|products|offer|customers?|clients?|partnership|partner|acquisition|merger|results|app|store|"
    r"shop|plant|office|collection|range|release|feature|pricing|prices?|hiring|funding|series [abc]|"
    r"fees|charges|subscriptions?|accounts?"
)
COMPLAINT = (
    rf"nous sommes (?:vraiment |sincerement |tres |profondement )?(?:desole|navre|confus)e?s? (?:pour|de|d{A}|que|qu{A}|du|des|par)",
    r"nous (?:nous excusons|vous presentons nos excuses|vous prions de nous excuser)",
    r"toutes nos (?:excuses|confuses)|veuillez (?:nous )?(?:excuser|accepter nos excuses)",
    r"desole(?:e|s|es)? pour (?:la gene|le desagrement|ce desagrement|cette gene|le retard|l.attente)",
    r"nous comprenons (?:votre|vos) (?:frustration|mecontentement|deception|agacement|colere)",
    r"(?:envoyez|ecrivez)[ -]nous (?:un |en )?(?:message prive|mp|dm|message)|(?:contactez|contacte)[ -]nous en (?:mp|prive|dm)",
    r"(?:votre|ta) (?:commande|reclamation|dossier|demande|ticket|colis) (?:a ete|est) (?:transmise?|prise? en charge|escalade?e?|remontee?)",
    r"nous (?:regardons|examinons|traitons) (?:votre|ta) (?:reclamation|dossier|demande|commande|situation)",
    rf"we(?: are|{A}re) (?:(?:so|very|really|truly|terribly) )?sorry (?:for|to hear|about|that)",
    r"we (?:sincerely |deeply |truly )?apologi[sz]e(?: for| about)?|(?:our|my) (?:sincere |deepest )?apologies(?: for| about)?|"
    r"please accept our apologies|"
    r"sorry for (?:the|any) (?:inconvenience|trouble|delay|wait)",
    r"we understand (?:your|the) (?:frustration|disappointment|concern|annoyance)",
    r"(?:please )?(?:send|dm|message) us (?:a |your )?(?:dm|direct message|private message|pm|order number|details)|please dm us",
    r"your (?:order|case|ticket|complaint|claim|request) (?:has been|is being|was) (?:escalated|forwarded|passed on|looked into|handled)",
    rf"(?:our team|we)(?: are|{A}re| is)? (?:looking into|investigating) (?:this|it|your)",
    # Customer-care voice
    rf"(?:we|i)(?:{A}d| would)? (?:be )?(?:happy|glad|delighted|more than happy) to (?:help|assist|look into)",
    rf"(?:glad|happy) to assist|we(?: want|{A}d like| would like) to help|(?:thanks|thank you) for reaching out",
    r"(?:please )?(?:submit|create|open|raise) a (?:support )?(?:ticket|request|case)",
    r"so (?:that )?we (?:can|may|could) (?:assist|help|investigate|look into)|we can look into (?:this|it|that)",
    rf"(?:we{A}re |we are |i{A}m )?sorry (?:to hear|to know|for this|for the trouble|about that)",
    rf"(?:send|write|drop) us an? (?:email|e-mail|line)|we{A}ll keep you (?:posted|updated)",
    r"nous (?:serions|sommes|serons) (?:ravis|heureux|ravie|heureuse) de vous aider|merci de nous avoir contacte(?:e|s|es)?",
    rf"(?:desole|navre)(?:e|s|es)? d{A}apprendre|n{A}hesitez pas a nous (?:contacter|ecrire|envoyer)",
    r"pouvez-vous nous (?:envoyer|communiquer|preciser|indiquer)|merci de nous (?:communiquer|envoyer|preciser|indiquer)",
)


class SpokespersonParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    statements: list[str] = []
    """Extra phrases that commit the organisation (matched as literals, accents and case ignored)."""
    complaint_phrases: list[str] = []
    """Extra phrases that answer a complaint."""
    check_statements: bool = True
    check_complaints: bool = True
    unknown_role_may_speak: bool | None = None
    """When the author's functions are not known (``Post.functions`` is ``None``): ``None`` (default) trusts brand accounts (their access is restricted)
    and not personal ones; ``True`` / ``False`` decide for both."""


class _Quoted:
    """The post's quotations, found only if a match needs checking against them."""

    __slots__ = ("ranges", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.ranges: list[Span] | None = None

    def holds(self, span: Span) -> bool:
        if self.ranges is None:
            self.ranges = [whole for whole, _ in ph.quotations(self.text)]
        return ph.inside(span, self.ranges)


def _sub_org(patterns: Sequence[str], org: str) -> list[str]:
    return [p.replace("{org}", org) for p in patterns]


@register
class SpokespersonDetector(Detector[SpokespersonParams]):
    id = "spokesperson"
    category = "spokesperson"

    def __init__(self, rule: Rule, params: SpokespersonParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        org = "|".join(ph.employer_terms(policy)) or "(?!x)x"
        self.book = ph.Phrases()
        self.strong = self.book.words([*_sub_org(STRONG, org), *(ph.literal(s) for s in params.statements)])
        self.announce = self.book.words(ANNOUNCE)
        self.headline = self.book.words(HEADLINE)
        self.org_named = self.book.words([org])
        self.context = self.book.words([org, BUSINESS])
        self.complaint = self.book.words([*COMPLAINT, *(ph.literal(s) for s in params.complaint_phrases)])
        self.book.build()
        sp = policy.spokespeople
        self.roles = {r.role.casefold(): r for r in sp.roles}
        self.responders = {r.casefold() for r in sp.complaint_responders} | {
            r.role.casefold() for r in sp.roles if r.may_answer_complaints
        }

    # -- who may speak -----------------------------------------------------------------------
    def _unknown_role(self, ctx: Context) -> bool:
        if self.params.unknown_role_may_speak is not None:
            return self.params.unknown_role_may_speak
        return ctx.post.account == "brand"

    def _may_speak(self, ctx: Context) -> bool:
        functions = ctx.post.functions
        if functions is None:
            return self._unknown_role(ctx)
        platform = (ctx.post.platform or "").casefold()
        for name in functions:
            entry = self.roles.get(name.casefold())
            if (
                entry is not None
                and ctx.post.account in entry.accounts
                and (not entry.platforms or platform in {p.casefold() for p in entry.platforms})
            ):
                return True
        return False

    def _may_answer(self, ctx: Context) -> bool:
        functions = ctx.post.functions
        if functions is None:
            return self._unknown_role(ctx)
        for name in (f.casefold() for f in functions):
            entry = self.roles.get(name)
            if name in self.responders and (entry is None or ctx.post.account in entry.accounts):
                return True
        return False

    @staticmethod
    def _who(ctx: Context) -> str:
        """The author's functions as the message names them."""
        if ctx.post.functions is None:
            return ctx._("unknown")
        return ", ".join(sorted(ctx.post.functions)) or ctx.pgettext("functions", "none")

    def _allowed_roles(self, complaints: bool, account: str) -> str:
        """The roles that could have posted this on this kind of account."""
        names = self.responders if complaints else set(self.roles)
        usable = sorted(n for n in names if n not in self.roles or account in self.roles[n].accounts)
        return ", ".join(usable) or "—"

    # -- detection -----------------------------------------------------------------------------
    @staticmethod
    def _matches(pattern: ph.Matcher | None, scan: ph.Scan, quoted: _Quoted) -> list[Span]:
        return [s for s in scan.spans(pattern) if not quoted.holds(s)]

    def detect(self, ctx: Context) -> Sequence[Finding]:
        out: list[Finding] = []
        scan = self.book.scan(ctx.folded)
        if not scan.opened and not ctx.post.in_reply_to_complaint:
            return out
        quoted = _Quoted(ctx.text)
        if self.params.check_statements and not self._may_speak(ctx):
            spans = self._matches(self.strong, scan, quoted)
            announce = self._matches(self.announce, scan, quoted)
            if announce and scan.found(self.context):
                spans += announce
            headline = self._matches(self.headline, scan, quoted)
            if headline and scan.found(self.org_named):
                spans.append(headline[0])  # a post has one headline: "Annonce : … Official: …" is one claim
            for span in sorted(set(spans), key=lambda s: s.start):
                out.append(self._statement(ctx, span))
        if self.params.check_complaints and not self._may_answer(ctx):
            spans = self._matches(self.complaint, scan, quoted)
            if spans or ctx.post.in_reply_to_complaint:
                out.append(self._complaint(ctx, spans[0] if spans else None))
        return out

    def _statement(self, ctx: Context, span: Span) -> Finding:
        words = ctx.text[span.start : span.end]
        role = self._who(ctx)
        fix = Fix(
            "rephrase",
            ctx._(
                "Let a spokesperson publish it, or share the official announcement with its source "
                '("as announced by …").'
            ),
        )
        roles = self._allowed_roles(False, ctx.post.account)
        message = (
            ctx._(
                "“{words}” speaks for the organisation; the role “{role}” may not do so on a personal account "
                "(spokespeople: {roles}).",
                words=words,
                role=role,
                roles=roles,
            )
            if ctx.post.account == "personal"
            else ctx._(
                "“{words}” speaks for the organisation; the role “{role}” may not do so on a brand account "
                "(spokespeople: {roles}).",
                words=words,
                role=role,
                roles=roles,
            )
        )
        return self.finding(ctx, span, message, entity="UNAUTHORISED_STATEMENT", fix=fix)

    def _complaint(self, ctx: Context, span: Span | None) -> Finding:
        role = self._who(ctx)
        fix = Fix("rephrase", ctx._("Do not answer the complaint yourself: pass it to customer service."))
        message = ctx._(
            "This answers a customer complaint in public; the role “{role}” may not (allowed: {roles}).",
            role=role,
            roles=self._allowed_roles(True, ctx.post.account),
        )
        return self.finding(ctx, span, message, entity="UNAUTHORISED_COMPLAINT_ANSWER", fix=fix)
