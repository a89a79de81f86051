"""What the shipped starters say to people: in the policy's own language, without file jargon, and
without one rule blocking what another requires (issue 10)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy
from charte.policy.model import Policy
from charte.policy.render import render_policy
from charte.policy.starters import EXAMPLES, LANGS, render_example

STARTERS = [(industry, lang) for industry in EXAMPLES for lang in LANGS]
# Mailbox names, one language each: an English policy has no juridique@, a French one no legal@.
MAILBOXES = {
    "fr": {
        "direction.communication",
        "communication",
        "juridique",
        "securite",
        "service.client",
        "presse",
        "communaute",
    },
    "en": {
        "head.communications",
        "communications",
        "legal",
        "security",
        "customer.service",
        "press",
        "community",
    },
}
# French law and French regulators: trusted sources for a French policy, not for an English one.
FRENCH_SOURCES = (
    "legifrance.gouv.fr",
    "service-public.fr",
    "gouv.fr",
    "amf-france.org",
    "has-sante.fr",
    "ansm.sante.fr",
    "alcool-info-service.fr",
)
# A path into the policy file ("legal.quiet_periods") is jargon in the document people read.
FIELD_PATH = re.compile(rf"\b(?:{'|'.join(Policy.model_fields)})\.[a-z_]+", re.IGNORECASE)


def _starter(industry: str, lang: str) -> Policy:
    return parse_policy(render_example(industry, lang), f"{industry}.{lang}.yaml")


def _addresses(policy: Policy) -> list[str]:
    members = [m for team in policy.conflict_plan.teams for m in team.members]
    return members + [c.contact for c in policy.document.contacts]


@pytest.mark.parametrize(("industry", "lang"), STARTERS)
def test_mailboxes_are_in_the_policy_language(industry: str, lang: str) -> None:
    other = "en" if lang == "fr" else "fr"
    locals_ = {address.split("@")[0] for address in _addresses(_starter(industry, lang))}
    assert locals_ <= MAILBOXES[lang], locals_ - MAILBOXES[lang]
    assert not locals_ & MAILBOXES[other]


@pytest.mark.parametrize("industry", list(EXAMPLES))
def test_english_starters_trust_no_french_legal_sources(industry: str) -> None:
    english = _starter(industry, "en").security.allowed_link_domains
    assert not [d for d in english if d.endswith(".fr") or d in FRENCH_SOURCES], english
    assert "legifrance.gouv.fr" in _starter(industry, "fr").security.allowed_link_domains


@pytest.mark.parametrize(("industry", "lang"), STARTERS)
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_rendered_documents_show_no_field_paths(industry: str, lang: str, fmt: str) -> None:
    policy = _starter(industry, lang)
    for doc_lang in LANGS:
        text = render_policy(policy, fmt, doc_lang).decode()
        assert not FIELD_PATH.findall(text), (doc_lang, sorted(set(FIELD_PATH.findall(text))))


WINDOW = "  quiet_periods:\n    - {name: Annual results, start: 2027-01-15, end: 2027-02-15, topics: [results, résultats]}\n"
IN_WINDOW = dt.date(2027, 1, 20)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "text",
    [
        "The fund returned 9% last year. Past performance is not a reliable indicator of future results; capital at risk.",
        "Notre fonds a progressé de 14 % en 2025. Les performances passées ne préjugent pas des résultats futurs. "
        "Risque de perte en capital.",
    ],
)
def test_quiet_period_does_not_block_the_mandatory_finance_warning(lang: str, text: str) -> None:
    yaml_text = render_example("finance", lang).replace("  quiet_periods: []\n", WINDOW, 1)
    engine = CheckEngine(parse_policy(yaml_text, "finance.yaml"), scorer=None)
    post = Post(text, functions=frozenset({"communications"}), account="brand")
    warned = engine.check(post, today=IN_WINDOW)
    assert not [f for f in warned.findings if f.rule_id == "quiet-period.topics"]
    blocked = engine.check(
        Post(
            "Our annual results will beat every forecast.",
            functions=frozenset({"communications"}),
            account="brand",
        ),
        today=IN_WINDOW,
    )
    assert "quiet-period.topics" in {f.rule_id for f in blocked.findings} and str(blocked.verdict) == "block"
