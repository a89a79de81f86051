"""Everyday words that only start like an illegal good or name an event ("stupid", "armée", "fusillade",
"attentat") are no deal and no illegal conduct on their own (issue #12: benchmarks/eval_vocab_frames.py put
the language identifier's vocabulary in neutral frames and found them)."""

from __future__ import annotations

from pathlib import Path

import pytest
from policykit import deals

import charte
from charte.domain import Post

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text",
    [
        "looking for a stupid comedy tonight",
        "need a stupidly simple recipe for tonight",
        "je cherche une armée de bénévoles pour samedi",
        "looking for armed forces veterans to mentor our students",
        "je cherche des infos sur la fusillade d'hier",
        "qui vend des places pour le match ? je suis stupéfait des prix",
    ],
)
def test_words_that_start_like_a_good_are_no_deal(text: str) -> None:
    assert deals(text) == []


@pytest.mark.parametrize(
    ("text", "category", "words"),
    [
        ("vends armes, mp", "weapons", "armes"),
        ("qui a des stups ce soir ?", "drugs", "stups"),
        ("je cherche des stupéfiants, mp", "drugs", "stupéfiants"),
        ("vends fusil à pompe sans papiers", "weapons", "fusil"),
    ],
)
def test_the_goods_themselves_are_still_deals(text: str, category: str, words: str) -> None:
    found = deals(text)
    assert found and found[0][0] == category and words.startswith(found[0][1].split()[0]), found


@pytest.mark.parametrize("scorer", ["models", "none"])
@pytest.mark.parametrize(
    "text",
    [
        "Nos pensées vont aux victimes de l'attentat de Nice.",
        "Tu as vu l'attentat hier ? Terrible.",
        "Mon documentaire sur l'attentat de 1995 sort demain.",
    ],
)
def test_news_of_an_attack_is_no_illegal_conduct(text: str, scorer: str) -> None:
    policy = charte.load_policy(ROOT / "policies" / "finance.fr.yaml")
    engine = charte.CheckEngine(policy) if scorer == "models" else charte.CheckEngine(policy, scorer=None)
    findings = engine.check(Post(text=text, lang="fr", account="personal")).findings
    assert [f.entity for f in findings if f.detector == "illegal"] == []


@pytest.mark.parametrize(
    "text", ["On prépare un attentat contre la mairie.", "ils veulent commettre un attentat"]
)
def test_planning_an_attack_is_still_illegal_conduct_without_the_model(text: str) -> None:
    policy = charte.load_policy(ROOT / "policies" / "finance.fr.yaml")
    findings = charte.CheckEngine(policy, scorer=None).check(Post(text=text, lang="fr")).findings
    assert "VIOLENCE" in [f.entity for f in findings if f.detector == "illegal"]
