"""Toxicity, illegal conduct and negativity detectors on the demo policy (Acme; competitor Globex)."""

from __future__ import annotations

import pytest

from charte.domain import Post, Span
from charte.engine.engine import CheckEngine
from charte.errors import PolicyError
from charte.policy.loader import parse_policy
from charte.policy.model import Policy


def _findings(
    engine: CheckEngine, text: str, lang: str, detector: str
) -> list[tuple[str | None, Span | None]]:
    decision = engine.check(Post(text, lang=lang))
    return [(f.entity, f.span) for f in decision.findings if f.detector == detector]


def _at(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


TOXIC = [
    ("Franchement t'es vraiment un gros con.", "fr", [("HARASSMENT", "con")]),
    ("C0NNARD, va.", "fr", [("INSULT", "C0NNARD")]),
    ("Shut up, you are a fucking idiot.", "en", [("HARASSMENT", "fucking"), ("HARASSMENT", "idiot")]),
    ("Je sais où tu habites, je vais te retrouver.", "fr", [("THREAT", "Je sais où tu habites")]),
    ("je vais te retrouver", "fr", [("THREAT", "je vais te retrouver")]),
    ("I know where you live. Watch your back.", "en", [("THREAT", "I know where you live")]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), TOXIC)
def test_toxic_posts_give_exact_spans(
    engine: CheckEngine, text: str, lang: str, expected: list[tuple[str, str]]
) -> None:
    found = _findings(engine, text, lang, "toxicity")
    assert found == [(entity, _at(text, part)) for entity, part in expected]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("T'es un malade, ce concert était une dinguerie 🔥", "fr"),
        ("Ce film m'a tué, j'ai trop ri", "fr"),
        ("You killed it on stage tonight, that was sick!", "en"),
        ("Nous recrutons des développeurs à Lyon.", "fr"),
        ("Je vous rappelle demain pour le devis, je vais te l'envoyer par mail.", "fr"),
        ("Troisième retard de train cette semaine, je vais finir par perdre mon boulot", "fr"),
        ("Je vais te retrouver à la gare, j'arrive dans 10 minutes", "fr"),
        ("I'll find you a table by the window, see you at 8", "en"),
        ("On se voit à la sortie du métro ?", "fr"),
        ("Nous sommes désolés pour ce retard, envoyez-nous un message privé.", "fr"),
        ("Une douche froide pour les marchés ce matin.", "fr"),
        ("Great talk on Dickens and the pros and cons of adaptation", "en"),
        ("", "fr"),
        ("😀🔥👍", "other"),
    ],
)
def test_slang_compliments_and_plain_posts_pass(engine: CheckEngine, text: str, lang: str) -> None:
    assert _findings(engine, text, lang, "toxicity") == []


def test_insult_near_a_competitor_is_a_defamation_risk(engine: CheckEngine) -> None:
    text = "Le PDG de Globex est un escroc."
    found = _findings(engine, text, "fr", "toxicity")
    assert ("DEFAMATION_RISK", Span(text.index("Globex"), text.index("escroc") + len("escroc"))) in found


def test_insult_near_a_person_name_is_a_defamation_risk(engine: CheckEngine) -> None:
    text = "Honestly Mark Dupont is a liar and a crook."
    found = dict(_findings(engine, text, "en", "toxicity"))
    assert found["DEFAMATION_RISK"] == Span(text.index("Mark"), text.index("liar") + len("liar"))


ILLEGAL = [
    ("Je vends de la beuh, livraison rapide en DM", "fr", [("DRUGS", "beuh")]),
    ("s3lling gl0cks, no paperwork, cash only", "en", [("WEAPONS", "no paperwork")]),
    ("Faux billets de 50 dispo, qualité top", "fr", [("FRAUD", "Faux billets")]),
    ("compte netflix cracké à 2€, écrivez-moi", "fr", [("PIRACY", "compte netflix cracké")]),
]


@pytest.mark.parametrize(("text", "lang", "expected"), ILLEGAL)
def test_illegal_conduct(engine: CheckEngine, text: str, lang: str, expected: list[tuple[str, str]]) -> None:
    found = _findings(engine, text, lang, "illegal")
    assert found == [(entity, _at(text, part)) for entity, part in expected]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("La police a saisi 200 kg de cannabis au port du Havre.", "fr"),
        ("Great heist movie last night, loved the soundtrack", "en"),
        ("Mon écran est fissuré, où le faire réparer ?", "fr"),
        ("How to protect yourself from bank fraud: never share your code.", "en"),
    ],
)
def test_news_and_everyday_mentions_pass(engine: CheckEngine, text: str, lang: str) -> None:
    assert _findings(engine, text, lang, "illegal") == []


NEGATIVE = [
    (
        "Globex c'est une arnaque, leurs produits sont nuls.",
        "fr",
        "COMPETITOR",
        "Globex c'est une arnaque, leurs produits sont nuls",
    ),
    ("Il fait beau mais Globex est vraiment nul.", "fr", "COMPETITOR", "Globex est vraiment nul"),
    (
        "Honestly Acme is a scam, the worst service I have ever seen.",
        "en",
        "BRAND",
        "Honestly Acme is a scam, the worst service I have ever seen",
    ),
]


@pytest.mark.parametrize(("text", "lang", "entity", "clause"), NEGATIVE)
def test_negativity_is_about_the_target(
    engine: CheckEngine, text: str, lang: str, entity: str, clause: str
) -> None:
    assert _findings(engine, text, lang, "negativity") == [(entity, _at(text, clause))]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Quel temps pourri aujourd'hui, mais la conférence Acme était passionnante.", "fr"),
        ("Globex is not bad at all, congrats on the launch.", "en"),
        ("Très fiers du lancement d'AcmePay, bravo à toute l'équipe !", "fr"),
        ("The weather is awful today.", "en"),
    ],
)
def test_negativity_ignores_tone_not_aimed_at_a_target(engine: CheckEngine, text: str, lang: str) -> None:
    assert _findings(engine, text, lang, "negativity") == []


def test_without_models_the_lexicon_still_works(demo_policy: Policy) -> None:
    engine = CheckEngine(demo_policy, scorer=None)
    assert [e for e, _ in _findings(engine, "t'es qu'un connard", "fr", "toxicity")] == ["HARASSMENT"]
    assert [e for e, _ in _findings(engine, "je vends de la coke, dm", "fr", "illegal")] == ["DRUGS"]
    assert [e for e, _ in _findings(engine, "Globex est une arnaque", "fr", "negativity")] == ["COMPETITOR"]
    assert engine.check(Post("bonjour", lang="fr")).scores == {}


def test_messages_follow_the_post_language(engine: CheckEngine) -> None:
    fr = engine.check(Post("t'es qu'un connard", lang="fr")).findings
    en = engine.check(Post("you are a moron", lang="en")).findings
    assert any("charte" in f.message for f in fr if f.detector == "toxicity")
    assert any("policy" in f.message for f in en if f.detector == "toxicity")


def test_scores_are_in_every_decision(engine: CheckEngine) -> None:
    scores = engine.check(Post("Bonjour, vous livrez en Belgique ?")).scores
    assert set(scores) >= {"toxicity", "sentiment", "intent", "illegal", "lang"}
    assert scores["lang"] == "fr"


@pytest.mark.parametrize(
    ("detector", "params", "field"),
    [
        ("toxicity", "{threshold: 1.5}", "threshold"),
        ("illegal", "{categories: [gambling]}", "categories"),
        ("negativity", "{unknown: 1}", "unknown"),
    ],
)
def test_bad_params_name_the_field(demo_policy: Policy, detector: str, params: str, field: str) -> None:
    from charte.cli.demo import demo_policy_text

    text = demo_policy_text()
    marker = f"    detector: {detector}\n"
    start = text.index(marker)
    params_line = text.index("    params:", start)
    end = text.index("\n", params_line)
    bad = text[:params_line] + f"    params: {params}" + text[end:]
    with pytest.raises(PolicyError, match=field):
        CheckEngine(parse_policy(bad, "bad.yaml"))


@pytest.mark.parametrize(
    "text",
    [
        "connard " + "a " * 500_000,
        "😡" * 50_000,
        "Globex " * 20_000 + "est nul",
        "je vends " + "coke " * 50_000,
    ],
)
def test_hostile_inputs_finish_without_crashing(engine: CheckEngine, text: str) -> None:
    import time

    started = time.perf_counter()
    decision = engine.check(Post(text))
    assert time.perf_counter() - started < 10
    assert decision.verdict in ("allow", "review", "block")
