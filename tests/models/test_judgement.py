"""What the fast model must catch and must let through, per construction, in French and English.

Every sentence here was written for these tests: none comes from the templates in
``charte.models.functional`` nor from a published test suite. Checked through the whole engine with the
finance starter policy, as a user would meet them.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.models import features, functional
from charte.models.scorer import Scorer, load_default
from charte.policy.loader import load_policy_file

POLICIES = Path(__file__).resolve().parents[2] / "policies"
MODEL_RULES = {"respect.toxicity", "law.illegal-conduct"}


@pytest.fixture(scope="module")
def engines() -> dict[str, CheckEngine]:
    return {lang: CheckEngine(load_policy_file(POLICIES / f"finance.{lang}.yaml")) for lang in ("en", "fr")}


@pytest.fixture(scope="module")
def score() -> Scorer:
    return load_default()


def _fired(engines: dict[str, CheckEngine], text: str, lang: str) -> set[str]:
    return set(engines[lang].check(Post(text, lang=lang)).rule_ids) & MODEL_RULES


def _known_miss(reason: str) -> pytest.MarkDecorator:
    """A case the whole check (models and rules) misses today (measured): strict, so the test fails once it
    is caught and the mark must go. These are what the cascade's stage 2 is for."""
    return pytest.mark.xfail(strict=True, reason=f"missed today: {reason}")


FLAG = [
    # hate without profanity: derogation, contempt, dehumanisation, violence, negation, question,
    # opinion, subordinate clause, pronoun reference to a group named before
    ("en", "derogation", "Honestly Somalis are a filthy, backward people and always will be."),
    ("fr", "derogation", "Les Roms sont une population sale et arriérée, ça ne changera jamais."),
    ("en", "contempt", "I really despise gay people, they make me want to throw up."),
    ("fr", "contempt", "Je méprise profondément les musulmans, ils me dégoûtent."),
    ("en", "dehumanisation", "Immigrants are vermin crawling all over our towns."),
    ("fr", "dehumanisation", "Ces migrants sont de la vermine qui envahit nos quartiers."),
    ("en", "violence", "All Muslims should be rounded up and shot."),
    ("fr", "violence", "Il faudrait tous les fusiller, ces immigrés."),
    ("en", "negated positive", "Trans people are not real human beings and never will be."),
    (
        "fr",
        "negated positive",
        "Les femmes ne seront jamais aussi intelligentes que nous, elles ne valent rien.",
    ),
    ("en", "question", "Why are Jews always so greedy and sneaky?"),
    ("fr", "question", "Pourquoi les Arabes sont-ils toujours aussi sournois et menteurs ?"),
    ("en", "opinion", "In my view disabled people are a useless burden on everyone."),
    ("fr", "opinion", "À mon avis les handicapés sont un fardeau inutile pour tout le monde."),
    ("en", "subordinate", "Everybody knows deep down that black people are inferior."),
    ("fr", "subordinate", "Tout le monde sait bien que les Noirs sont inférieurs."),
    ("en", "pronoun", "Some refugees moved in next door. They are animals and should be kicked out."),
    ("fr", "pronoun", "Des réfugiés ont emménagé à côté. Ce sont des animaux, il faut les virer."),
    # threats against a person: direct, conditional, other tenses
    ("en", "threat direct", "I am going to stab you tomorrow morning, Kevin."),
    ("fr", "threat direct", "Je vais te planter demain matin, Kevin."),
    ("en", "threat conditional", "If you call the police I will break your neck."),
    ("fr", "threat conditional", "Si tu appelles les flics je te brise la nuque."),
    ("en", "threat past", "I should have strangled you last year when I had the chance."),
    ("fr", "threat past", "J'aurais dû t'étrangler l'an dernier quand j'en avais l'occasion."),
    # offers and requests of illegal goods
    ("en", "illegal offer", "Selling fresh coke and pills, delivery in 30 min, DM me."),
    ("fr", "illegal offer", "Je vends de la coke et des ecstas, livraison en 30 min, DM."),
    ("en", "illegal request", "Where can I buy a gun with no serial number around here?"),
    ("fr", "illegal request", "Qui a de la beuh pour ce soir sur Lyon ?"),
    # evasions the folded view undoes (Cyrillic і and о, leetspeak, dotted letters)
    ("fr", "homoglyph insult", "Ferme-la, espèce de соnnаrd, t'es qu'un іdіоt."),
    ("en", "leetspeak insult", "shut up you st00pid f4ggot"),
    ("fr", "dotted insult", "t'es qu'une s.a.l.o.p.e"),
]

ALLOW = [
    ("en", "counter-speech", "People who call immigrants vermin are spreading hate, and I reject it."),
    ("fr", "counter-speech", "Ceux qui traitent les migrants de vermine propagent la haine, je m'y oppose."),
    ("en", "counter-speech quote", "He tweeted that Muslims are rats. That is vile and he should be banned."),
    (
        "fr",
        "counter-speech quote",
        "Il a écrit que les musulmans sont des rats. C'est ignoble, il faut le bannir.",
    ),
    ("en", "reclaimed", "Proud queer and loving it, see you all at the march!"),
    ("fr", "reclaimed", "Gouine et fière, on se voit à la marche !"),
    ("en", "profanity untargeted", "Holy fuck, this new album is so good."),
    ("fr", "profanity untargeted", "Putain, ce nouvel album est vraiment génial."),
    ("en", "object abuse", "This piece of shit laptop froze again during my call."),
    ("fr", "object abuse", "Cet ordi de merde a encore planté pendant mon appel."),
    ("en", "group positive", "Muslims and Jews joined hands at the charity run this morning."),
    ("fr", "group positive", "Musulmans et juifs ont couru ensemble pour l'association ce matin."),
    ("en", "group neutral", "Women make up 45% of our engineering teams this year."),
    ("fr", "group neutral", "Les femmes représentent 45 % de nos équipes d'ingénieurs cette année."),
    ("en", "news", "The central bank left interest rates unchanged on Thursday."),
    ("fr", "news", "La banque centrale a laissé ses taux inchangés jeudi."),
    ("en", "everyday future", "I'm going to catch you at the station tomorrow at nine."),
    ("fr", "everyday future", "Je vais te récupérer à la gare demain à neuf heures."),
    ("en", "legal purchase", "Where can I buy a decent standing desk around here?"),
    ("fr", "legal purchase", "Qui a de la monnaie pour le parcmètre ?"),
]


def _ids(cases: list) -> list[str]:  # type: ignore[type-arg]
    values = [c.values if hasattr(c, "marks") else c for c in cases]
    return [f"{v[1]}-{v[0]}" for v in values]


@pytest.mark.parametrize(("lang", "construction", "text"), FLAG, ids=_ids(FLAG))
def test_caught(engines: dict[str, CheckEngine], lang: str, construction: str, text: str) -> None:
    assert _fired(engines, text, lang), f"{construction} not caught: {text}"


@pytest.mark.parametrize(("lang", "construction", "text"), ALLOW, ids=_ids(ALLOW))
def test_not_flagged(engines: dict[str, CheckEngine], lang: str, construction: str, text: str) -> None:
    assert not _fired(engines, text, lang), f"{construction} flagged: {text}"


@pytest.mark.parametrize(
    ("plain", "evasion"),
    [
        ("connard", "соnnаrd"),  # Cyrillic о and а
        ("idiot", "іdіоt"),  # Cyrillic і and о
        ("connard", "c.o.n.n.a.r.d"),
        ("connard", "c o n n a r d"),
        ("salope", "s4l0pe"),
        ("salope", "ｓａｌｏｐｅ"),  # full-width
        ("fuck you", "f\u200bu\u200bc\u200bk you"),  # zero-width spaces
    ],
)
def test_models_read_the_folded_view(score: Scorer, plain: str, evasion: str) -> None:
    assert features.normalise(evasion) == features.normalise(plain)
    assert score(f"t'es un {evasion}", "fr")["toxicity"] == score(f"t'es un {plain}", "fr")["toxicity"]


def test_batch_normalisation_folds_like_one_post() -> None:
    texts = [
        "соnnаrd @bob http://x.y/a",
        "c.o.n.n.a.r.d",
        "ＡＢＣ ǅ ﬁ",
        "",
        "d\u200bu\u200bm\u200bb",
        "wow!!! 1d10t",
    ]
    assert features.normalise_many(texts) == [features.normalise(t) for t in texts]


def test_explanation_names_the_words_that_weighed(score: Scorer) -> None:
    words = [w for w, _ in score.explain("Ferme ta gueule espèce de соnnаrd", "toxicity", "fr")]
    assert "connard" in words or "gueule" in words
    assert all(v > 0 for _, v in score.explain("You are a fucking idiot", "toxicity", "en"))
    assert score.explain("", "toxicity", "en") == []
    with pytest.raises(ValueError, match="binary"):
        score.explain("hello", "sentiment", "en")


def test_findings_say_which_words_weighed(engines: dict[str, CheckEngine]) -> None:
    decision = engines["fr"].check(Post("Ferme ta gueule, espèce de gros connard.", lang="fr"))
    messages = [f.message for f in decision.findings if f.rule_id == "respect.toxicity"]
    assert messages and all("Mots qui ont le plus pesé : « " in m for m in messages)
    decision = engines["en"].check(Post("I will find you and I will kill you, Tom.", lang="en"))
    messages = [f.message for f in decision.findings if f.rule_id == "respect.toxicity"]
    assert messages and any("Words that weighed most: “" in m for m in messages)


def test_functional_sets_are_seeded_and_hold_out_whole_templates() -> None:
    first, again = functional.examples(per_template=3), functional.examples(per_template=3)
    assert first == again
    for name, spec in functional.CONSTRUCTIONS.items():
        for lang in ("en", "fr"):
            rows = [e for e in first if e.construction == name and e.lang == lang]
            held = {e.template for e in rows if e.held_out}
            trained = {e.template for e in rows if not e.held_out}
            assert held and trained and not held & trained, (name, lang)
            assert len(spec.templates[lang]) >= 8


def test_functional_fillers_make_grammatical_french() -> None:
    texts = [e.text.lower() for e in functional.examples(per_template=5) if e.lang == "fr"]
    for bad in (r"\bde une? ", r"\bte [aeéiou]", r"\bque (?:ils|elles)\b", r"\bde de\b", r"\bde d'"):
        assert not any(re.search(bad, t) for t in texts), bad


@pytest.mark.parametrize("text", ["idiot", "CONNARD", "вitch"])
def test_word_shares_add_up_to_the_score(score: Scorer, text: str) -> None:
    """One word, no n-gram across words: its share is exactly the head's score minus bias and valence."""
    norm = features.normalise(text)
    ids, values = features.featurise_normalised(norm)
    col = score.heads["toxicity"]["columns"][0]
    contrib = values * score.weights[ids, col].astype(np.float32) * score.scales[col]
    shares = features.contributions(norm, ids, contrib)
    ngrams = ids < (1 << features.BITS)
    assert sum(v for w, v in shares.items()) == pytest.approx(float(contrib[ngrams].sum()), abs=1e-4)
    assert float(contrib.sum()) + score.bias[col] == pytest.approx(score.logits(text)[col], abs=1e-3)


_PIECES = st.sampled_from(
    [
        "h3ll0",
        "1d10t",
        "@bob",
        "$",
        "a@b",
        "&amp;",
        "&lt;3",
        "noo",
        "!!!",
        " ",
        "  ",
        "\t",
        "\n",
        "\u00a0",
        "\u2003",
        "\x1c",
        "é",
        "ﬁ",
        "www.x.y",
        "http://a.b/c",
        "42",
        "7",
        "ok",
        "_",
        "c.o.n",
        "соn",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_PIECES, max_size=8).map("".join), min_size=1, max_size=6))
def test_batch_normalisation_equals_one_post_on_any_mix(texts: list[str]) -> None:
    """The batch skips the leetspeak pass on posts without a leet character and collapses spaces without
    a regex: still ``normalise`` post by post, whatever the mix of leet, entities and white space."""
    assert features.normalise_many(texts) == [features.normalise(t) for t in texts]
