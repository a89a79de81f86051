"""Personal accounts: the disclaimer a person puts on their own profile, and the do's and don'ts the active
policy sets for them (``personal_accounts``, its ``behaviour``, the confidential and quiet-period rules), in
their language. Read from the active version; nothing is stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from charte.engine.redaction import Redactor
from charte.i18n import N_, _, gettext, use_lang
from charte.policy.loader import parse_policy
from charte.policy.model import Policy
from charte.service import policies
from charte.service.errors import Invalid
from charte.service.principal import Principal
from charte.store.repositories import Store

LANGS = ("fr", "en")


@dataclass(frozen=True)
class Guidance:
    lang: str
    organisation: str
    disclaimer: str  # the policy's sentence, as written
    profile_line: str  # a line for the person's profile: who they work for, then the disclaimer
    when_required: str  # when the policy asks for it, in words
    disclosure_tags: tuple[str, ...]
    dos: tuple[str, ...]
    donts: tuple[str, ...]


@lru_cache(maxsize=16)
def _policy(sha256: str, text: str) -> Policy:
    return parse_policy(text, policies.SOURCE)


_WHEN = {
    "never": N_("The policy does not require a disclaimer on personal accounts."),
    "when_mentioning_employer": N_("Add it whenever you mention {org}, its brands or its products."),
    "always": N_("Add it to every personal account you use, whatever you post."),
}


def guidance(store: Store, actor: Principal, lang: str, today: dt.date | None = None) -> Guidance:
    """What the active policy asks of the person on their own accounts."""
    if lang not in LANGS:
        raise Invalid.one("lang", _("must be fr or en"))
    row = policies.active(store, actor)
    with use_lang(lang):
        return _guidance(_policy(row.sha256, row.yaml_text), lang, today or dt.date.today())


def _guidance(policy: Policy, lang: str, today: dt.date) -> Guidance:
    """The guidance, its messages in the current language (``use_lang``)."""
    org = policy.organisation.name
    pa = policy.personal_accounts
    disclaimer = pa.disclaimer.get(lang)
    dos: list[str] = []
    donts: list[str] = []
    if pa.disclaimer_required != "never":
        dos.append(gettext("Use the disclaimer: {disclaimer}", disclaimer=disclaimer))
    if pa.disclosure_tags:
        dos.append(
            gettext(
                "When you promote {org} or its products, say so with one of: {tags}",
                org=org,
                tags=", ".join(pa.disclosure_tags),
            )
        )
    if pa.behaviour.check_facts:
        dos.append(gettext("Check the facts and your sources before you share something."))
    if policy.legal.credit_sources:
        dos.append(gettext("Credit the sources of what you share (images, quotes, figures)."))
    if pa.behaviour.respect_law:
        donts.append(gettext("Don't break the law: privacy, copyright, defamation, harassment."))
    if pa.behaviour.no_disparagement:
        donts.append(gettext("Don't disparage competitors, customers or colleagues."))
    donts.append(gettext("Don't speak on behalf of {org}: only its spokespeople do.", org=org))
    if policy.legal.confidential.markers or policy.legal.confidential.terms:
        donts.append(gettext("Don't share anything confidential: internal documents, projects, figures."))
    if policy.legal.confidential.customer_data:
        donts.append(gettext("Don't share anything about customers."))
    for period in policy.legal.quiet_periods:
        if period.start <= today <= period.end:
            donts.append(
                gettext(
                    "Until {end}, don't post about: {topics} ({name}).",
                    end=period.end.isoformat(),
                    topics=", ".join(period.topics),
                    name=period.name,
                )
            )
    redactor = Redactor.for_policy(policy)
    marker = gettext("[confidential]")
    donts = [redactor.redact(d, marker) for d in donts]
    return Guidance(
        lang=lang,
        organisation=org,
        disclaimer=disclaimer,
        profile_line=gettext("I work at {org}. {disclaimer}", org=org, disclaimer=disclaimer),
        when_required=gettext(_WHEN[pa.disclaimer_required], org=org),
        disclosure_tags=tuple(pa.disclosure_tags),
        dos=tuple(dos),
        donts=tuple(donts),
    )
