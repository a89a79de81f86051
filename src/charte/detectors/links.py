"""Links: domains outside the allowed list, look-alikes of the organisation's domains, raw IPs, shorteners.

Every URL and bare domain ("acme-login.com", "www.x.fr/path", IDNs) is judged on its registrable
domain (public suffix list shipped in ``publicsuffixlist``: ``shop.acme.co.uk`` → ``acme.co.uk``).
Look-alikes of the organisation's own domains and brands are found by their *skeleton* (homoglyphs,
punycode, accents, leetspeak and rn/m-style swaps folded), by a small edit distance on the
registrable label, by the same name under another extension, and by a brand or an own domain used
inside someone else's domain (``acme-login.support``, ``acme.com.evil.io``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import defang
from charte.detectors.support import hosts as _hosts
from charte.detectors.support.intervals import Spans
from charte.domain import AccountKind, Finding, Fix
from charte.i18n import N_
from charte.policy.model import Policy, Rule

SHORTENERS = frozenset(
    [
        "bit.ly",
        "bitly.com",
        "t.co",
        "goo.gl",
        "tinyurl.com",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "cutt.ly",
        "shorturl.at",
        "rebrand.ly",
        "rb.gy",
        "tiny.cc",
        "t.ly",
        "s.id",
        "v.gd",
        "lnkd.in",
        "bl.ink",
        "short.io",
        "shorte.st",
        "adf.ly",
        "qrco.de",
        "tiny.one",
        "shorturl.com",
        "trib.al",
        "dlvr.it",
        "ift.tt",
        "urlz.fr",
        "kutt.it",
        "y2u.be",
        "wp.me",
        "fb.me",
        "amzn.to",
        "amzn.eu",
        "youtu.be",
        "1url.com",
        "snip.ly",
        "clck.ru",
        "lstu.fr",
        "frama.link",
    ]
)
# Each brand and own-domain label shorter than this is matched only exactly (no edit distance, no
# substring), because short names collide with ordinary words and other companies.
MIN_FUZZY_LENGTH = 4
# Names this long are distinctive: found anywhere inside another domain ("myacmepaystore"). Shorter
# ones only as a whole hyphen-separated part ("acme-login") or glued to one of the words below.
LONG_NAME = 7
PHISHING_WORDS = frozenset(
    [
        "login",
        "logon",
        "signin",
        "signon",
        "secure",
        "security",
        "verify",
        "verification",
        "account",
        "accounts",
        "support",
        "help",
        "helpdesk",
        "service",
        "services",
        "online",
        "web",
        "app",
        "mail",
        "webmail",
        "bank",
        "banking",
        "pay",
        "payment",
        "payments",
        "id",
        "auth",
        "sso",
        "update",
        "official",
        "team",
        "group",
        "portal",
        "client",
        "clients",
        "customer",
        "care",
        "connect",
        "access",
        "reset",
        "recovery",
        "wallet",
        "connexion",
        "compte",
        "aide",
        "securite",
        "paiement",
        "espace",
        "client",
    ]
)


class LinksParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    allowed_domains: list[str] = []
    """Extra allowed domains, on top of ``organisation.domains`` and ``security.allowed_link_domains``."""
    outside_allowed: bool = True
    """Report links to domains that are neither the organisation's nor allowed."""
    outside_allowed_accounts: list[AccountKind] = ["brand"]
    """Account kinds whose links outside the allowed domains are reported. A brand account speaks for the
    organisation, so where it sends people matters; a personal account sharing a news article is
    ordinary. Shorteners, look-alikes and raw IP addresses are reported for every account."""
    lookalikes: bool = True
    """Report domains imitating the organisation's domains or brands."""
    shorteners: Literal["report", "ignore"] = "report"
    """URL shorteners hide the destination: ``report`` them or ``ignore`` them."""
    extra_shorteners: list[str] = []
    raw_ips: bool = True
    """Report links to a raw IP address instead of a name."""
    max_edit_distance: int = Field(default=2, ge=0, le=3)
    """Largest edit distance between a registrable label and an own label that counts as typosquatting
    (labels of 5 characters or fewer use at most 1)."""

    @field_validator("allowed_domains", "extra_shorteners")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [_hosts.decode_idn(v.strip()) for v in value if v.strip()]


def _under(host: str, domains: Sequence[str]) -> str | None:
    """The entry of ``domains`` that ``host`` is, or is a sub-domain of."""
    for domain in domains:
        if host == domain or host.endswith("." + domain):
            return domain
    return None


def _typo(candidate: str, own: str, max_distance: int) -> bool:
    """A typo of ``own``: within the edit distance (1 for names of 5 letters or fewer). For names of
    4 letters, only added, doubled or swapped letters count ("acmee", "amce"), because dropping or
    changing one letter of a short name lands on unrelated names ("ace", "acne")."""
    limit = min(max_distance, 1 if len(own) <= 5 else max_distance)
    if not limit or _hosts.edit_distance(candidate, own, limit) > limit:
        return False
    if len(own) <= 4:
        return all(candidate.count(c) >= own.count(c) for c in set(own))
    return True


def _affixed(candidate: str, own: str) -> bool:
    """``own`` glued to a phishing word ("acmelogin", "secureacme"), or a long name anywhere inside."""
    if len(own) >= LONG_NAME and own in candidate:
        return True
    if candidate.startswith(own):
        return candidate[len(own) :] in PHISHING_WORDS
    if candidate.endswith(own):
        return candidate[: -len(own)] in PHISHING_WORDS
    return False


_HOSTS = (_hosts.find_hosts, "hosts")


@register
class LinksDetector(Detector[LinksParams]):
    id = "links"
    category = "security"
    languages = ("fr", "en", "other")

    def __init__(self, rule: Rule, params: LinksParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        self.own = tuple(_hosts.decode_idn(d) for d in policy.organisation.domains)
        self.allowed = tuple(
            dict.fromkeys(
                [
                    *self.own,
                    *(_hosts.decode_idn(d) for d in policy.security.allowed_link_domains),
                    *params.allowed_domains,
                ]
            )
        )
        self.shorteners = SHORTENERS | set(params.extra_shorteners)
        self._names: tuple[dict[str, str], dict[str, str | None]] | None = None

    def _own_names(self) -> tuple[dict[str, str], dict[str, str | None]]:
        """Own registrable labels ("acme" for acme.com and acme.co.uk) -> the real domain to suggest, and
        brand names -> the same, as skeletons. Built on the first link judged, not in ``__init__``: it needs
        the public suffix list (~0.05 s to load), which a run without links never reads (two threads may
        both build it: the same tables, harmless)."""
        if self._names is None:
            own_labels: dict[str, str] = {}
            for domain in self.own:
                registrable, suffix = _hosts.psl().privatesuffix(domain), _hosts.psl().publicsuffix(domain)
                if registrable and suffix:
                    own_labels.setdefault(_hosts.skeleton(registrable[: -len(suffix) - 1]), registrable)
            default = self.own[0] if self.own else None
            brands: dict[str, str | None] = {}
            for brand in self.policy.organisation.brands:
                key = _hosts.skeleton(brand)
                if key:
                    brands.setdefault(key, own_labels.get(key, default))
            self._names = own_labels, brands
        return self._names

    def detect(self, ctx: Context) -> Sequence[Finding]:
        if (
            "." not in ctx.text
            and "．" not in ctx.text
            and "://" not in ctx.text
            and not defang.maybe(ctx.text)
        ):
            return []
        out: list[Finding] = []
        hosts = ctx.memo.get(_HOSTS)  # found once per post for every links rule of the policy
        if hosts is None:
            plain = _hosts.find_hosts(ctx.basic)
            hosts = ctx.memo[_HOSTS] = plain + self._defanged(ctx, plain)
        for host in hosts:
            finding = self._judge(ctx, host)
            if finding is not None:
                out.append(finding)
        return out

    @staticmethod
    def _defanged(ctx: Context, found: list[_hosts.Host]) -> list[_hosts.Host]:
        """Links written so as not to be links ("bit[.]ly/x", "hxxps://", "bit dot ly slash x"), as links."""
        parts = defang.refanged_parts(ctx.basic, lambda name: _hosts.psl().privatesuffix(name) is not None)
        if not parts:
            return []
        plain = Spans((p.span.start, p.span.end) for p in found)
        return [
            h
            for part in parts  # only around the links written back: elsewhere it is ``basic``, scanned
            for h in _hosts.scan(part)
            if (h.has_scheme or h.ip is not None or h.suffix is not None)
            and not plain.overlaps(h.span.start, h.span.end)
        ]

    def _judge(self, ctx: Context, host: _hosts.Host) -> Finding | None:
        shown = ctx.text[host.span.start : host.span.end]
        remove = Fix("remove_link", ctx._("Remove the link."), replacement="", span=host.span)
        if host.ip is not None:
            if not self.params.raw_ips:
                return None
            return self.finding(
                ctx,
                host.span,
                ctx._("“{link}” links to a raw IP address: the destination cannot be checked.", link=shown),
                entity="RAW_IP_LINK",
                fix=remove,
            )
        name = host.host
        registrable = host.registrable or name
        if _under(name, self.own):
            return None
        if self.params.shorteners == "report" and (registrable in self.shorteners or name in self.shorteners):
            return self.finding(
                ctx,
                host.span,
                ctx._(
                    "“{link}” is a shortened link: it hides where it leads. Use the full address.", link=shown
                ),
                entity="URL_SHORTENER",
                fix=remove,
            )
        if _under(name, self.allowed):
            return None
        if self.params.lookalikes:
            imitated = self._imitates(host)
            if imitated is not None:
                reason, real = imitated
                fix = (
                    Fix(
                        "replace",
                        ctx._("Use the real address {real}.", real=real),
                        replacement=real,
                        span=host.span,
                    )
                    if real
                    else remove
                )
                return self.finding(
                    ctx,
                    host.span,
                    ctx._(
                        "“{link}” imitates our domain ({reason}): it may be a phishing site.",
                        link=shown,
                        reason=ctx._(reason),
                    ),
                    entity="LOOKALIKE_DOMAIN",
                    fix=fix,
                    score=0.95,
                )
        if not self.params.outside_allowed or ctx.post.account not in self.params.outside_allowed_accounts:
            return None
        return self.finding(
            ctx,
            host.span,
            ctx._(
                "“{link}” links outside the allowed domains ({domain}): check that the site is trustworthy.",
                link=shown,
                domain=registrable,
            ),
            entity="LINK_OUTSIDE_ALLOWED",
            fix=remove,
            score=0.6,
        )

    def _imitates(self, host: _hosts.Host) -> tuple[str, str | None] | None:
        """Why ``host`` looks like one of ours (a msgid) and the real domain, or ``None``."""
        label = host.label
        key = _hosts.skeleton(label)
        own_labels, brands = self._own_names()
        targets = {**brands, **own_labels}
        if host.userinfo:
            info = _hosts.skeleton(host.userinfo)
            for own, real in targets.items():
                if len(own) >= MIN_FUZZY_LENGTH and own in info:
                    return N_("our name before “@”: the browser goes to the site after it"), real
        if not key:
            return None
        if key in targets:
            if label.isascii() and label.replace("-", "") == key:
                return N_("same name, other extension"), targets[key]
            return N_("look-alike characters"), targets[key]
        parts = [_hosts.skeleton(part) for part in label.split("-")]
        for own, real in targets.items():
            if len(own) < MIN_FUZZY_LENGTH:
                continue
            if _typo(key, own, self.params.max_edit_distance):
                return N_("a letter or two changed"), real
            if own in parts or _affixed(key, own):
                return N_("our name inside another domain"), real
        for sub in host.subdomain_labels:
            sub_key = _hosts.skeleton(sub)
            if sub_key in targets and (len(sub_key) >= MIN_FUZZY_LENGTH or sub_key in own_labels):
                return N_("our name as a sub-domain of another site"), targets[sub_key]
        for own_domain in self.own:
            if f".{own_domain}." in f".{host.host}":
                return N_("our domain as a sub-domain of another site"), own_domain
        return None
