"""Personal accounts: the disclaimer when mentioning the employer, and disclosure when promoting it.

Two checks, chosen with ``checks`` so each can cite its own clause:

* ``disclaimer`` — a personal post that mentions the employer (organisation name, brands,
  products, own domains; matched on the folded view, so "ACME", "@acme" and "acme.fr" count)
  without the policy's disclaimer or a reasonable variant ("avis personnel", "opinions are my
  own", "views my own"), as ``personal_accounts.disclaimer_required`` asks;
* ``promotion`` — a personal post that promotes the employer's products (buy, try, discount,
  promo code, a link to the brand) without disclosing the employment relationship: FTC
  Endorsement Guides (#ad, #employee, "I work for…"), in France loi n° 2023-451 ("Publicité",
  "Collaboration commerciale"), the AMF's "#PUB" for financial products.

Brand accounts are the organisation itself and are never flagged. The fix inserts the text to add
at the end of the post, in the post's language.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import phrases as ph
from charte.domain import Finding, Fix, Span
from charte.policy.model import Localized, Policy, Rule

A = ph.APOS
DISCLAIMERS = (
    # French
    rf"(?:mes |ces |les )?(?:opinions?|propos|avis|points? de vue|posts?|publications?|tweets?|messages?|idees)"
    rf"(?: exprimee?s? ici)? n{A}(?:engagent|engage) que (?:moi|leur auteure?|moi-meme|son auteure?)",
    rf"(?:ceci |cela |ca )?n{A}engage(?:nt)? que moi",
    r"avis (?:strictement |purement )?personnels?|opinions? (?:strictement |purement )?personnelles?",
    r"propos personnels|points? de vue personnels?|(?:je m.exprime |je parle )?a titre (?:strictement )?personnel",
    rf"(?:ne reflete(?:nt)?|ne represente(?:nt)?|n{A}engage(?:nt)?) pas (?:forcement |necessairement )?"
    rf"(?:l{A}avis|la position|les positions|le point de vue|les opinions) de mon employeur",
    # English
    r"(?:all )?(?:views|opinions|thoughts|tweets|posts|words)(?: expressed)?(?: here)?(?: are)? (?:my own|mine|personal)",
    r"(?:my )?(?:views|opinions|thoughts) (?:are )?my own|my own (?:views|opinions)|personal (?:opinion|views?|capacity)",
    r"(?:do|does) not (?:necessarily )?(?:reflect|represent) (?:the (?:views|position|opinions) of )?my employer",
    r"not (?:speaking|writing|posting) (?:for|on behalf of) my employer",
    r"#(?:viewsmyown|opinionsmyown|viewsaremyown|mesopinions)",
)
DISCLOSURES = (
    rf"je (?:travaille|bosse|suis employee?|suis salariee?) (?:chez|pour|a|au sein d(?:e |{A}))",
    rf"(?:salariee?|employee?|collaborat(?:eur|rice)|membre de l{A}equipe) (?:de |d{A}|chez )",
    r"en tant que (?:salariee?|employee?|collaborat(?:eur|rice))|mon employeur|(?:lien|relation) d.emploi",
    r"publicite|collaboration commerciale|partenariat (?:remunere|commercial)|contenu sponsorise",
    r"#\s?(?:pub|publicite|collaborationcommerciale|partenariat|employe|salarie|sponsorise|partenaire)",
    rf"i (?:work|am working) (?:for|at|with)|i{A}m (?:an? )?(?:employee|engineer|intern|manager) (?:at|of|for)",
    r"(?:as an?|i am an?) (?:employee|staff member) (?:of|at)|my employer|(?:full )?disclosure ?:",
    r"paid partnership|sponsored|advertisement|#\s?(?:ad|ads|sponsored|employee|partner|paid|spon|advert)",
)
PROMOTION = (
    # French calls to action and offers
    r"achetez|achete[sz]?-le|commandez|essayez|testez|profitez|foncez|abonnez-vous|inscrivez-vous|telechargez|reservez",
    r"code (?:promo|de reduction|reduction|avantage|parrainage)|(?:avec|utilisez|utilise|entrez) (?:le |mon )?code",
    r"\d{1,2} ?% (?:de reduction|de remise|offerts?)|remise (?:de|exclusive)|en promo(?:tion)?|soldes",
    r"offre (?:speciale|exclusive|limitee|de lancement)|lien en bio|a decouvrir (?:sur|ici)|je vous (?:le |la |les )?recommande",
    r"livraison (?:offerte|gratuite)|disponible (?:des maintenant|des aujourd.hui|en magasin)",
    # English
    r"buy|order (?:now|yours|today)|get yours|grab (?:yours|one)|try(?! to)(?! and)",
    r"shop (?:now|the)|sign up|subscribe (?:now|today)|download (?:it|the app|now)|book (?:now|yours)",
    r"(?:promo|discount|coupon|referral) code|use (?:my |the )?code|with (?:my |the )?code|\d{1,2} ?% off",
    r"on sale|limited(?:-time)? offer|special offer|link in (?:bio|my bio)|(?:i )?highly recommend|must-have",
    r"free shipping|available now|don.t miss (?:out|it)",
)


class DisclosureParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    checks: list[Literal["disclaimer", "promotion"]] = ["disclaimer", "promotion"]
    disclaimers: list[str] = []
    """Extra accepted disclaimer wordings, beside ``personal_accounts.disclaimer`` and the built-in variants."""
    disclosures: list[str] = []
    """Extra accepted disclosures of the employment relationship, beside ``personal_accounts.disclosure_tags``."""
    promotion_phrases: list[str] = []
    """Extra calls to action that make a post a promotion."""
    mention_terms: list[str] = []
    """Extra words that identify the employer (a ticker, a nickname), beside names, brands, products, domains."""
    label: Localized | None = None
    """The disclosure the fix inserts; default "Publicité — je travaille chez …" / "#ad — I work for …"."""


@register
class DisclosureDetector(Detector[DisclosureParams]):
    id = "disclosure"
    category = "disclosure"

    def __init__(self, rule: Rule, params: DisclosureParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        pa = policy.personal_accounts
        self.book = ph.Phrases()
        self.mention = self.book.words(
            [*ph.employer_terms(policy), *(ph.literal(t) for t in params.mention_terms)]
        )
        own = [pa.disclaimer.fr or "", pa.disclaimer.en or "", *params.disclaimers]
        self.disclaimer = self.book.words(
            [*(ph.literal(d.rstrip(" .!")) for d in own if d.strip()), *DISCLAIMERS]
        )
        tags = [ph.hashtag_or_word(t) for t in [*pa.disclosure_tags, *params.disclosures] if t.strip()]
        self.disclosure = self.book.words([*tags, *DISCLOSURES])
        # A link to the brand's own site is itself a call to action (a bare domain is only a mention).
        domains = [
            rf"(?:https?://|www\.)(?:[a-z0-9-]+\.)*{re.escape(d)}|{re.escape(d)}/\S*"
            for d in policy.organisation.domains
        ]
        self.promotion = self.book.words(
            [*PROMOTION, *domains, *(ph.literal(t) for t in params.promotion_phrases)]
        )
        self.book.build()
        self.required = pa.disclaimer_required
        self.finance = policy.organisation.industry == "finance" or "finance" in policy.legal.regulated_packs

    def detect(self, ctx: Context) -> Sequence[Finding]:
        if ctx.post.account != "personal":
            return ()
        scan = self.book.scan(ctx.folded)
        mention = scan.first(self.mention)
        out: list[Finding] = []
        if (
            "disclaimer" in self.params.checks
            and self.required != "never"
            and (mention is not None or self.required == "always")
            and not scan.found(self.disclaimer)
        ):
            out.append(self._missing_disclaimer(ctx, mention))
        if "promotion" in self.params.checks and mention is not None:
            promo = scan.first(self.promotion)
            if promo is not None and not scan.found(self.disclosure):
                out.append(self._undisclosed(ctx, promo))
        return out

    def _end(self, ctx: Context, text: str) -> Fix:
        end = len(ctx.text.rstrip())
        sep = "\n\n" if "\n" in ctx.text.strip() else " "
        return Fix(
            "add_disclaimer",
            ctx._("Add “{text}” at the end.", text=text),
            replacement=sep + text,
            span=Span(end, end),
        )

    def _missing_disclaimer(self, ctx: Context, mention: Span | None) -> Finding:
        disclaimer = self.policy.personal_accounts.disclaimer.get(ctx.msg_lang)
        quoted = disclaimer.rstrip(" .")
        if mention is not None:
            name = ctx.text[mention.start : mention.end]
            message = ctx._(
                "This personal post mentions your employer (“{name}”) without the disclaimer “{disclaimer}”.",
                name=name,
                disclaimer=quoted,
            )
        else:
            message = ctx._(
                "Posts on personal accounts must carry the disclaimer “{disclaimer}”.", disclaimer=quoted
            )
        return self.finding(
            ctx, mention, message, entity="MISSING_DISCLAIMER", fix=self._end(ctx, disclaimer)
        )

    def _undisclosed(self, ctx: Context, promo: Span) -> Finding:
        org = self.policy.organisation.name
        if self.params.label is not None:
            label = self.params.label.get(ctx.msg_lang)
        else:
            label = (
                ctx.pgettext("finance", "#ad — I work for {org}.", org=org)
                if self.finance
                else ctx._("#ad — I work for {org}.", org=org)
            )
        rule = ctx._("FTC Endorsement Guides; in France loi n° 2023-451, art. 5")
        if self.finance:
            rule += ctx._("; AMF: label “#PUB”")
        message = ctx._(
            "Promoting {org}'s products from a personal account requires disclosing that you work "
            "there ({rule}).",
            org=org,
            rule=rule,
        )
        return self.finding(ctx, promo, message, entity="UNDISCLOSED_PROMOTION", fix=self._end(ctx, label))
