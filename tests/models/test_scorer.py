"""The shipped models: behaviour that matters, bad inputs, bad artefacts, load time."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from charte.errors import ModelError
from charte.models import features, scorer
from charte.models.scorer import MANIFEST_FILE, WEIGHTS_FILE, Scorer, load_default


@pytest.fixture(scope="module")
def score() -> Scorer:
    return load_default()


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Ferme ta gueule espèce de connard, t'es qu'une merde", "fr"),
        ("t'es vraiment un gros con", "fr"),
        ("Shut up you stupid bitch, nobody cares", "en"),
        ("You are a fucking idiot", "en"),
    ],
)
def test_clear_insults_are_toxic(score: Scorer, text: str, lang: str) -> None:
    assert score(text, lang)["toxicity"] >= 0.8


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("T'es un malade 🔥 ce concert était une dinguerie", "fr"),
        ("Merci à toute l'équipe pour ce beau projet", "fr"),
        ("You killed it tonight, proud of you", "en"),
        ("Our new store opens on Monday in Leeds", "en"),
    ],
)
def test_compliments_and_plain_posts_are_not_toxic(score: Scorer, text: str, lang: str) -> None:
    assert score(text, lang)["toxicity"] < 0.5


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("je vais te retrouver", "fr"),
        ("Je sais où tu habites, fais gaffe à toi", "fr"),
        ("I know where you live, watch your back", "en"),
    ],
)
def test_threats_are_threats(score: Scorer, text: str, lang: str) -> None:
    assert score(text, lang)["toxicity_types"]["threat"] >= 0.5


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Je vous rappelle demain, je vais te préparer le devis", "fr"),
        ("je vais finir par rater mon bus", "fr"),
        ("I'll find you a table by the window", "en"),
    ],
)
def test_everyday_future_tense_is_not_a_threat(score: Scorer, text: str, lang: str) -> None:
    assert score(text, lang)["toxicity_types"]["threat"] < 0.5


@pytest.mark.parametrize(
    ("text", "lang", "intent"),
    [
        # Written for these tests, not copied from the templates or the corpora.
        (
            "Ma machine à laver est tombée en panne au bout de 2 mois et votre SAV ne rappelle jamais",
            "fr",
            "complaint",
        ),
        ("my order arrived with a missing piece and nobody answers the chat", "en", "complaint"),
        ("Bonjour, le magasin de Lille est ouvert le 1er mai ?", "fr", "question"),
        ("does the blue jacket come in size M?", "en", "question"),
        ("Merci à la conseillère du magasin de Nantes, super accueil et de bons conseils", "fr", "praise"),
        ("great job to the support team, sorted my issue in minutes", "en", "praise"),
        ("Incendie en cours dans votre entrepôt de Rungis, la fumée envahit le quartier", "fr", "crisis"),
    ],
)
def test_intent(score: Scorer, text: str, lang: str, intent: str) -> None:
    probs = score(text, lang)["intent"]
    assert max(probs, key=probs.get) == intent


@pytest.mark.parametrize(
    ("text", "lang", "label"),
    [
        ("Ce film est génial, j'ai adoré chaque minute", "fr", "positive"),
        ("Service horrible, je suis très déçu", "fr", "negative"),
        ("I love this phone, best purchase this year", "en", "positive"),
        ("This is the worst update ever, everything is broken", "en", "negative"),
    ],
)
def test_sentiment(score: Scorer, text: str, lang: str, label: str) -> None:
    probs = score(text, lang)["sentiment"]
    assert max(probs, key=probs.get) == label


def test_illegal_offer_scores_high_and_news_low(score: Scorer) -> None:
    offer = score("je vends de la coke et de la beuh, livraison rapide dm", "fr")
    assert offer["illegal"] >= 0.5
    assert offer["illegal_categories"]["drugs"] >= 0.5
    assert score("Réunion d'équipe demain à 10h en salle B", "fr")["illegal"] < 0.2


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀🔥👍",
        "a" * 100_000,
        "x" * 3 + " 😡" * 30_000,
        "Great product mais le service client est nul, vraiment décevant",
        "\x00\u200b\ud800 broken surrogate",
        "مرحبا بكم في متجرنا",
    ],
)
def test_bad_inputs_give_sane_scores(score: Scorer, text: str) -> None:
    out = score(text, None)
    values = [
        out["toxicity"],
        out["illegal"],
        *out["sentiment"].values(),
        *out["intent"].values(),
        *out["toxicity_types"].values(),
        *out["illegal_categories"].values(),
    ]
    assert all(0.0 <= v <= 1.0 for v in values)
    assert abs(sum(out["sentiment"].values()) - 1.0) < 1e-3
    assert abs(sum(out["intent"].values()) - 1.0) < 1e-3
    assert out["lang"] in ("fr", "en", "other")


def test_scores_are_deterministic_and_lang_is_passed_through(score: Scorer) -> None:
    text = "Votre appli plante depuis la mise à jour"
    assert score(text, "fr") == score(text, "fr")
    assert score(text, "fr")["lang"] == "fr"
    assert score("Your app keeps crashing since the update", None)["lang"] == "en"


def test_featurise_is_stable_across_processes() -> None:
    """Python's hash() is salted per process; our features must not be."""
    code = "from charte.models.features import featurise; print(featurise('Bonjour le monde')[0].sum())"
    runs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    idx, values = features.featurise("Bonjour le monde")
    assert len(idx) == len(set(idx.tolist()))
    assert np.isclose(np.dot(values, values), 1.0)


def test_valence_features_follow_negation_and_but(score: Scorer) -> None:
    """The shipped valence table (VADER-derived) gives graded polarity features; a negator flips them."""

    def compound_bin(text: str) -> int | None:
        tokens = features._TOKEN.findall(features.normalise(text))
        ids = features._valence_features(tokens, [features._word_hash("w " + t) for t in tokens])
        bins = [i - (1 << features.BITS) for i in ids if i - (1 << features.BITS) < 10]
        return bins[0] if bins else None

    assert compound_bin("Our store opens on Monday") is None
    assert compound_bin("this is good") >= 5 > compound_bin("this is not good")
    assert compound_bin("Service horrible, je suis très déçu") < 3
    assert compound_bin("the staff were lovely but the food was awful") < 5


def test_valence_features_sit_after_the_hashed_buckets() -> None:
    idx, values = features.featurise("I love this phone, best purchase this year")
    assert len(idx) == len(set(idx.tolist()))
    extra = idx >= (1 << features.BITS)
    assert extra.any() and (idx < (1 << features.BITS) + features.EXTRA).all()
    assert np.isclose(np.dot(values[~extra], values[~extra]), 1.0)


def test_language_column_is_used_for_its_language(score: Scorer) -> None:
    spec = score.heads["toxicity"]
    z = score.logits("t'es vraiment un gros con")
    for lang, cols in spec.get("by_lang", {}).items():
        assert np.isclose(score.head(z, "toxicity", lang)[0], 1 / (1 + np.exp(-z[cols[0]])))
        assert score("t'es vraiment un gros con", lang)["toxicity"] == round(
            float(score.head(z, "toxicity", lang)[0]), 4
        )
    assert np.isclose(score.head(z, "toxicity", "en")[0], 1 / (1 + np.exp(-z[spec["columns"][0]])))


def test_leetspeak_and_accents_share_features() -> None:
    assert features.normalise("C0NNARD") == features.normalise("connard")
    assert features.normalise("Déçu") == features.normalise("decu")


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "artefacts"
    shutil.copytree(scorer.ARTEFACTS, target)
    return target


def test_missing_weights_names_the_file(copy: Path) -> None:
    (copy / WEIGHTS_FILE).unlink()
    with pytest.raises(ModelError, match=rf"missing: .*{WEIGHTS_FILE}"):
        Scorer.load(copy)


def test_missing_manifest_names_the_file(copy: Path) -> None:
    (copy / MANIFEST_FILE).unlink()
    with pytest.raises(ModelError, match=rf"missing: .*{MANIFEST_FILE}"):
        Scorer.load(copy)


def test_corrupt_weights_name_the_file(copy: Path) -> None:
    path = copy / WEIGHTS_FILE
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    path.write_bytes(bytes(blob))
    with pytest.raises(ModelError, match=rf"corrupt: .*{WEIGHTS_FILE}"):
        Scorer.load(copy)


def test_missing_or_corrupt_valence_table_names_the_file(copy: Path) -> None:
    path = copy / features.VALENCE_FILE
    blob = path.read_bytes()
    path.write_bytes(blob[:-10])
    with pytest.raises(ModelError, match=rf"corrupt: .*{features.VALENCE_FILE}"):
        Scorer.load(copy)
    path.unlink()
    with pytest.raises(ModelError, match=rf"missing: .*{features.VALENCE_FILE}"):
        Scorer.load(copy)


def test_truncated_manifest_names_the_file(copy: Path) -> None:
    path = copy / MANIFEST_FILE
    path.write_text(path.read_text()[:100])
    with pytest.raises(ModelError, match=rf"unreadable: .*{MANIFEST_FILE}"):
        Scorer.load(copy)


def test_load_works_in_a_fresh_process_and_is_cached() -> None:
    """The shipped artefacts load on their own (no cache, no network); the load time is measured by bench_models."""
    code = (
        "from charte.models.scorer import Scorer; s = Scorer.load(); "
        "print(s('Merci pour votre aide', 'fr')['lang'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "fr"
    assert load_default() is load_default()


def test_manifest_records_provenance_and_metrics(score: Scorer) -> None:
    m = score.manifest
    assert set(m["heads"]) == {"toxicity", "hate", "threat", "illegal", "sentiment", "intent"}
    for folder, info in m["data"].items():
        assert info["licence"], folder
    assert "metrics_val" in m


BATCH_TEXTS = [
    ("", "fr"),
    ("   ", "en"),
    ("!", "en"),
    ("a", "fr"),
    ("Franchement @acme votre service client est nul, 3 jours sans réponse !!! https://t.co/x", "fr"),
    ("I love this so much 😍😍 thanks Acme, best delivery ever", "en"),
    ("not bad at all, but not great either… where is my order #12345?", "en"),
    ("t'es qu'un c0nnard, je vais te retrouver", "fr"),
    ("Ｃｏｎｆｉｄｅｎｔｉｅｌ : résultats du T3 en hausse de 12 %", "fr"),
    ("a\ue000b, the batch separator inside a post", "en"),
    ("ceci est un très long message, pas mal du tout " * 90, "fr"),
    ("\u0416\u0443\u043a \u4e2d\u6587 \ufffd", "other"),
]


@pytest.mark.parametrize("size", [1, 3, len(BATCH_TEXTS)])
def test_score_many_equals_one_call_per_text(score: Scorer, size: int) -> None:
    """The batch path the engine uses for `charte scan` gives exactly the one-post scores, language
    columns and valence features included (a text holding the batch separator falls back safely)."""
    texts = [t for t, _ in BATCH_TEXTS]
    langs = [lang for _, lang in BATCH_TEXTS]
    got = []
    for i in range(0, len(texts), size):
        got += score.score_many(texts[i : i + size], langs[i : i + size])
    assert got == [score(t, lang) for t, lang in BATCH_TEXTS]
    assert score.score_many([]) == []
    assert score.score_many(["bonjour à tous"]) == [score("bonjour à tous")]  # language identified


def test_featurise_many_equals_featurise_normalised() -> None:
    norms = features.normalise_many([t for t, _ in BATCH_TEXTS])
    assert norms == [features.normalise(t) for t, _ in BATCH_TEXTS]
    ids, values, bounds = features.featurise_many(norms)
    for i, norm in enumerate(norms):
        one_ids, one_values = features.featurise_normalised(norm)
        assert ids[bounds[i] : bounds[i + 1]].tolist() == one_ids.tolist()
        assert values[bounds[i] : bounds[i + 1]].tobytes() == one_values.tobytes()


def test_featurising_without_a_valence_table_names_the_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Featurising outside Scorer.load (benchmarks, evaluation) with no table fails loudly, rather than
    featurising posts without their valence features."""
    missing = tmp_path / features.VALENCE_FILE
    monkeypatch.setattr(features, "_VALENCE", None)
    monkeypatch.setattr(features, "_VALENCE_PATH", missing)
    with pytest.raises(ModelError, match=rf"valence table missing or unreadable: .*{features.VALENCE_FILE}"):
        features.featurise("this is great")
