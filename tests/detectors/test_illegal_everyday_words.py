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


@pytest.mark.parametrize(
    "text",
    [
        "Je cherche un club pour voler en parapente ce week-end",
        "Comment faire pour voler en deltaplane ?",
        "Tuto : comment voler en drone sans casser l'hélice",
        "Astuce pour voler moins cher : réservez tôt",
        "Je cherche une héroïne de roman pour mon prochain livre",
        "Qui a vu la nouvelle héroïne de Marvel ? Je cherche des avis",
    ],
)
def test_flying_and_a_heroine_are_no_illegal_conduct(text: str) -> None:
    """'voler' is also to fly and 'héroïne' a heroine: a how-to or a request near them is no crime for the
    rules (the illegal head alone still reads "comment faire pour voler en deltaplane" as a how-to: a
    model-only flag, left to its training)."""
    policy = charte.load_policy(ROOT / "policies" / "finance.fr.yaml")
    findings = charte.CheckEngine(policy, scorer=None).check(Post(text=text, lang="fr")).findings
    assert [f.entity for f in findings if f.detector == "illegal"] == []


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("Je cherche de l'héroïne, quelqu'un a un plan ?", "DRUGS"),
        ("qui vend de l'heroine sur Lyon", "DRUGS"),
        ("Tuto : comment voler des parfums sans se faire prendre", "VIOLENCE"),
        ("astuce pour voler dans les magasins", "VIOLENCE"),
    ],
)
def test_heroin_and_stealing_are_still_illegal_conduct_without_the_model(text: str, entity: str) -> None:
    policy = charte.load_policy(ROOT / "policies" / "finance.fr.yaml")
    findings = charte.CheckEngine(policy, scorer=None).check(Post(text=text, lang="fr")).findings
    assert entity in [f.entity for f in findings if f.detector == "illegal"]


@pytest.mark.parametrize(
    "text", ["vends héroïne pure, livraison rapide", "qui a de l'héroïne ?", "10g d'héroïne dispo"]
)
def test_heroin_sold_bare_is_still_a_deal(text: str) -> None:
    assert [c for c, _ in deals(text)] == ["drugs"]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Dinner with Molly tonight, can't wait", "en"),
        ("Joyeux anniversaire Molly !", "fr"),
        ("Had a coffee with Molly and Charlie this morning", "en"),
    ],
)
def test_a_name_mentioned_is_no_drug(text: str, lang: str) -> None:
    """An item written as a name (capitalised inside a sentence) with no deal around it is a person: the
    illegal head's score cannot make "Dinner with Molly" a drug post."""
    policy = charte.load_policy(ROOT / "policies" / f"finance.{lang}.yaml")
    findings = charte.CheckEngine(policy).check(Post(text=text, lang=lang, account="personal")).findings  # type: ignore[arg-type]
    assert [f.entity for f in findings if f.detector == "illegal"] == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [("anyone got Molly for tonight? dm me", "en"), ("Molly dispo ce soir, mp", "fr")],
)
def test_a_capitalised_drug_in_a_deal_is_still_a_deal(text: str, lang: str) -> None:
    policy = charte.load_policy(ROOT / "policies" / f"finance.{lang}.yaml")
    findings = charte.CheckEngine(policy).check(Post(text=text, lang=lang, account="personal")).findings  # type: ignore[arg-type]
    assert "DRUGS" in [f.entity for f in findings if f.detector == "illegal"]
