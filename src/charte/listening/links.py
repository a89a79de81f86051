"""Links in what comes in (mentions, direct messages): look-alikes of our domains, shorteners, phishing URLs.

URLs and bare domains are found by the checker's own extraction (``detectors.support.hosts``: IDNs and
punycode decoded, invisible characters ignored, trailing punctuation trimmed, at most 1,000 per text).
Each link not under one of the organisation's domains is flagged when

- it imitates one of the organisation's domains, brands or handles (:mod:`charte.listening.lookalike`);
- its domain is a known URL shortener (the list the ``links`` detector documents, plus any given), which
  hides where it leads;
- it points at a raw IP address;
- the phishing URL classifier (:mod:`charte.models.url_model`, lexical features only: nothing is fetched)
  scores it at or above its threshold, chosen on held-out data for a precision of 0.95 there.

Nothing is ever opened: the links are hostile strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from charte.detectors.links import SHORTENERS
from charte.detectors.support import hosts as _hosts
from charte.i18n import N_, gettext
from charte.listening.lookalike import Identity, Lookalike
from charte.models import url_model

#: Links per text the classifier scores (the other checks see every link found): bounds the time of a
#: text stuffed with links; later links still get the look-alike, shortener and IP checks.
MAX_SCORED = 200

FlagKind = Literal["lookalike", "shortener", "raw_ip", "classifier"]


@dataclass(frozen=True, slots=True)
class LinkCheck:
    """One link of a text and what is wrong with it (``flags`` empty: nothing found)."""

    link: str  # as written in the text
    start: int
    end: int
    host: str  # lower-case Unicode host name, or the IP address
    flags: tuple[FlagKind, ...]
    score: float | None  # the classifier's phishing probability; None when not scored
    lookalike: Lookalike | None = None

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def reasons(self, lang: str | None = None) -> list[str]:
        """One sentence per flag, in ``lang`` (English or French)."""
        out = []
        for kind in self.flags:
            if kind == "lookalike" and self.lookalike is not None:
                out.append(
                    gettext(
                        N_("“{link}” imitates our domain ({reason}): it may be a phishing site."),
                        lang=lang,
                        link=self.link,
                        reason=self.lookalike.reason(lang),
                    )
                )
            elif kind == "shortener":
                out.append(
                    gettext(
                        N_("“{link}” is a shortened link: it hides where it leads."),
                        lang=lang,
                        link=self.link,
                    )
                )
            elif kind == "raw_ip":
                out.append(
                    gettext(
                        N_("“{link}” links to a raw IP address: the destination cannot be checked."),
                        lang=lang,
                        link=self.link,
                    )
                )
            elif kind == "classifier":
                out.append(
                    gettext(
                        N_("“{link}” looks like a phishing address ({score}% by the URL classifier)."),
                        lang=lang,
                        link=self.link,
                        score=round(100 * (self.score or 0.0)),
                    )
                )
        return out


def check_links(
    text: str,
    org_domains: Sequence[str],
    *,
    identity: Identity | None = None,
    model: url_model.UrlModel | None = None,
    threshold: float | None = None,
    extra_shorteners: Iterable[str] = (),
    use_classifier: bool = True,
) -> list[LinkCheck]:
    """Every link of ``text`` with its flags, in order.

    ``identity`` holds the organisation's names to compare with (default: its domains only); ``model`` the
    URL classifier (default: the shipped one) and ``threshold`` its cut (default: the one chosen on
    held-out data, ``model.threshold``). Links under ``org_domains`` are never flagged.
    """
    if use_classifier and model is None:
        model = url_model.load_default()
    cut = threshold if threshold is not None else (model.threshold if model is not None else 1.0)
    out: list[LinkCheck] = []
    hosts = _hosts.find_hosts(text)
    if not hosts:
        return out  # most posts have no link: the domains and shorteners below are not prepared for them
    own = tuple(_hosts.decode_idn(d.strip()) for d in org_domains if d.strip())
    identity = identity if identity is not None else Identity(domains=own)
    shorteners = SHORTENERS | {_hosts.decode_idn(s.strip()) for s in extra_shorteners if s.strip()}
    scored: dict[str, float] = {}
    for host in hosts:
        link = text[host.span.start : host.span.end]
        name = host.host
        if any(name == d or name.endswith("." + d) for d in own):
            out.append(LinkCheck(link, host.span.start, host.span.end, name, (), None))
            continue
        flags: list[FlagKind] = []
        found = identity.check_domain(name, host.userinfo) if host.ip is None else None
        if found is not None:
            flags.append("lookalike")
        if (host.registrable or name) in shorteners or name in shorteners:
            flags.append("shortener")
        if host.ip is not None:
            flags.append("raw_ip")
        score = None
        if model is not None and (link in scored or len(scored) < MAX_SCORED):
            score = scored.get(link)
            if score is None:
                score = scored[link] = model.score(link)
            if score >= cut:
                flags.append("classifier")
        out.append(LinkCheck(link, host.span.start, host.span.end, name, tuple(flags), score, found))
    return out
