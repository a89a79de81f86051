"""hf_classifier: a local Hugging Face model through the detector contract (tiny hand-weighted BERT)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from charte.detectors.hf_classifier import HFClassifierDetector, sentences
from charte.domain import Action, Post, Span
from charte.engine.engine import CheckEngine
from charte.errors import PolicyError
from charte.policy.loader import parse_policy

pytest.importorskip("torch", reason="the hf extra is not installed: pip install 'charte[hf]'")
pytest.importorskip("transformers", reason="the hf extra is not installed: pip install 'charte[hf]'")

import hf_tiny_model


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hf_tiny_model.build(tmp_path_factory.mktemp("tiny-bert"))


@pytest.fixture(scope="module")
def multilabel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hf_tiny_model.build(
        tmp_path_factory.mktemp("tiny-bert-ml"), problem_type="multi_label_classification"
    )


def engine_for(params: dict[str, Any], *, action: str = "review") -> CheckEngine:
    doc = {
        "policy": {"id": "hf-test", "version": "1"},
        "organisation": {"name": "Acme"},
        "clauses": [{"id": "3.1", "title": {"en": "Respect"}, "text": {"en": "Be respectful."}}],
        "rules": [
            {
                "id": "model.toxicity",
                "detector": "hf_classifier",
                "action": action,
                "severity": "high",
                "clause": "3.1",
                "params": params,
            }
        ],
    }
    return CheckEngine(parse_policy(yaml.safe_dump(doc, allow_unicode=True), "hf.yaml"), scorer=None)


def check(engine: CheckEngine, text: str, lang: str = "en") -> list[tuple[str | None, str, Span | None]]:
    decision = engine.check(Post(text=text, lang=lang))
    return [(f.entity, f.category, f.span) for f in decision.findings]


def span_of(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part))


INSULT = {"insult": {"category": "toxicity", "entity": "INSULT"}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Have a nice day. You are an idiot! Thanks.", "You are an idiot!"),
        ("you are an idiot", "you are an idiot"),
        ("  Hello team.\n\nTu es un cretin  ", "Tu es un cretin"),
        ("Thanks friend. What a moron... See you tomorrow!", "What a moron..."),
    ],
)
def test_sentence_span_is_the_highest_scoring_sentence(model_dir: Path, text: str, expected: str) -> None:
    engine = engine_for({"path": str(model_dir), "labels": INSULT})
    assert check(engine, text) == [("INSULT", "toxicity", span_of(text, expected))]


def test_post_span_covers_the_trimmed_post(model_dir: Path) -> None:
    engine = engine_for({"path": str(model_dir), "labels": INSULT, "span": "post"})
    text = " Have a nice day. You are an idiot! "
    assert check(engine, text) == [("INSULT", "toxicity", Span(1, len(text) - 1))]


@pytest.mark.parametrize("text", ["Have a nice day.", "Thanks, the team is great!", "🙂🙂", "   "])
def test_clean_posts_give_no_finding(model_dir: Path, text: str) -> None:
    engine = engine_for({"path": str(model_dir), "labels": INSULT})
    assert check(engine, text) == []


def test_only_mapped_labels_fire_with_their_category_and_entity(model_dir: Path) -> None:
    engine = engine_for({"path": str(model_dir), "labels": {"threat": {"category": "violence"}}})
    assert check(engine, "you are an idiot") == []
    text = "Hello. I will kill you tomorrow."
    assert check(engine, text) == [("THREAT", "violence", span_of(text, "I will kill you tomorrow."))]


def test_several_labels_each_get_their_best_sentence(model_dir: Path) -> None:
    engine = engine_for({"path": str(model_dir), "labels": {"insult": {}, "threat": {}}})
    text = "You are an idiot. I will kill you."
    assert sorted(check(engine, text), key=str) == sorted(
        [
            ("INSULT", "model", span_of(text, "You are an idiot.")),
            ("THREAT", "model", span_of(text, "I will kill you.")),
        ],
        key=str,
    )


@pytest.mark.parametrize(
    ("params", "fires"),
    [
        ({"threshold": 0.5}, True),
        ({"threshold": 0.99}, False),
        ({"threshold": 0.99, "labels": {"insult": {"threshold": 0.5}}}, True),
        ({"threshold": 0.1, "labels": {"insult": {"threshold": 0.99}}}, False),
    ],
)
def test_thresholds_rule_wide_and_per_label(model_dir: Path, params: dict[str, Any], fires: bool) -> None:
    engine = engine_for({"path": str(model_dir), "labels": INSULT, **params})
    assert bool(check(engine, "hello " * 9 + "idiot")) is fires  # scores about 0.98


def test_score_message_and_action_in_the_post_language(model_dir: Path) -> None:
    engine = engine_for({"path": str(model_dir), "labels": INSULT, "name": "tox-mini"}, action="block")
    decision = engine.check(Post(text="Merci. Tu es un cretin.", lang="fr"))
    assert decision.verdict == Action.BLOCK
    (finding,) = decision.findings
    assert finding.message.startswith("Le classifieur « tox-mini » juge cette phrase « insult »")
    assert (
        finding.detector == "hf_classifier"
        and finding.rule_id == "model.toxicity"
        and finding.clause == "3.1"
    )
    assert 0.5 < finding.score <= 1.0
    english = engine.check(Post(text="you are an idiot", lang="en")).findings[0].message
    assert english.startswith("The classifier “tox-mini” rates this post “insult”")


def test_languages_restricts_which_posts_run(model_dir: Path) -> None:
    engine = engine_for({"path": str(model_dir), "labels": INSULT, "languages": ["en"]})
    assert check(engine, "tu es un cretin", lang="fr") == []
    assert check(engine, "you are an idiot", lang="en") != []


def test_multilabel_model_uses_sigmoid_so_labels_fire_together(multilabel_dir: Path) -> None:
    engine = engine_for({"path": str(multilabel_dir), "labels": {"insult": {}, "threat": {}}, "span": "post"})
    text = "idiot, I will kill you"
    assert sorted(e for e, _, _ in check(engine, text)) == ["INSULT", "THREAT"]
    forced = engine_for(
        {
            "path": str(multilabel_dir),
            "labels": {"insult": {}, "threat": {}},
            "span": "post",
            "activation": "softmax",
        }
    )
    assert len(check(forced, text)) <= 1


def test_long_post_groups_neighbouring_sentences(model_dir: Path) -> None:
    parts = [f"Have a nice day {i}." for i in range(40)]
    parts[17] = "You are an idiot."
    text = " ".join(parts)
    engine = engine_for({"path": str(model_dir), "labels": INSULT, "max_sentences": 8})
    # 40 sentences in at most 8 inputs: groups of 5, the insult is in the fourth (sentences 15 to 19).
    expected = Span(text.index(parts[15]), text.index(parts[19]) + len(parts[19]))
    assert check(engine, text) == [("INSULT", "toxicity", expected)]


def test_a_megabyte_post_finishes_in_bounded_time(model_dir: Path) -> None:
    text = "Have a nice day. " * 60_000
    engine = engine_for({"path": str(model_dir), "labels": INSULT, "max_sentences": 4})
    start = time.perf_counter()
    assert check(engine, text) == []
    assert time.perf_counter() - start < 20


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Wait... what?! ok", ["Wait...", "what?!", "ok"]),
        ("line one\nline two\n\n", ["line one", "line two"]),
        ("« Bonjour. » Merci…  Fin", ["« Bonjour.", "» Merci…", "Fin"]),
        ('He said "stop." Then left', ['He said "stop."', "Then left"]),
        ("version 2.0 is out", ["version 2.0 is out"]),
        ("", []),
        ("   ", []),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in sentences(text)] == expected


def _errors(params: dict[str, Any]) -> str:
    with pytest.raises(PolicyError) as exc:
        engine_for(params)
    return str(exc.value)


def test_missing_directory_names_the_path_and_the_rule_line(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    message = _errors({"path": str(missing), "labels": INSULT})
    assert str(missing) in message and "does not exist" in message
    assert message.startswith("hf.yaml:") and "rules[0].params" in message


def test_a_file_instead_of_a_directory(tmp_path: Path) -> None:
    file = tmp_path / "model.bin"
    file.write_bytes(b"\x00")
    assert "is a file" in _errors({"path": str(file), "labels": INSULT})


def test_directory_without_config(tmp_path: Path) -> None:
    assert "config.json is missing" in _errors({"path": str(tmp_path), "labels": INSULT})


def test_corrupt_model_directory(tmp_path: Path, model_dir: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("config.json", "tokenizer.json", "tokenizer_config.json"):
        (broken / name).write_bytes((model_dir / name).read_bytes())
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    message = _errors({"path": str(broken), "labels": INSULT})
    assert f"cannot load a sequence-classification model from {str(broken)!r}" in message
    (broken / "config.json").write_text("{not json", encoding="utf-8")
    assert str(broken) in _errors({"path": str(broken), "labels": INSULT})


def test_unknown_label_lists_the_model_labels(model_dir: Path) -> None:
    message = _errors({"path": str(model_dir), "labels": {"toxic": {}}})
    assert "label 'toxic' is not a label of the model" in message and "insult, neutral, threat" in message


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"labels": INSULT}, "params.path"),
        ({"path": "x"}, "params.labels"),
        ({"path": "x", "labels": {}}, "params.labels"),
        ({"path": "x", "labels": INSULT, "threshold": 2}, "params.threshold"),
        ({"path": "x", "labels": INSULT, "span": "word"}, "params.span"),
        ({"path": "x", "labels": {"insult": {"colour": "red"}}}, "params.labels.insult.colour"),
        ({"path": "x", "labels": INSULT, "device": "cuda"}, "params.device"),
    ],
)
def test_bad_params_name_the_field(params: dict[str, Any], field: str) -> None:
    assert f"rules[0].{field}" in _errors(params)


def test_missing_libraries_say_what_to_install(model_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "transformers", None)
    message = _errors({"path": str(model_dir), "labels": INSULT})
    assert "pip install 'charte[hf]'" in message and "transformers is not installed" in message


def test_loading_never_goes_online(model_dir: Path) -> None:
    engine = engine_for({"path": str(model_dir), "labels": INSULT})
    detector = engine.detectors[0]
    assert isinstance(detector, HFClassifierDetector)
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_one_engine_shared_by_threads(model_dir: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    engine = engine_for({"path": str(model_dir), "labels": INSULT})
    texts = ["you are an idiot", "have a nice day", "Thanks. Tu es un cretin."] * 20
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda t: len(check(engine, t)), texts))
    assert results == [1, 0, 1] * 20


def test_relative_path_is_read_from_the_policy_directory(
    model_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from charte.policy.loader import load_policy_file

    shutil.copytree(model_dir, tmp_path / "models" / "tox")
    policy_file = tmp_path / "policy.yaml"
    doc = {
        "policy": {"id": "rel", "version": "1"},
        "organisation": {"name": "Acme"},
        "rules": [
            {
                "id": "m",
                "detector": "hf_classifier",
                "action": "review",
                "severity": "high",
                "clause": "3.1",
                "params": {"path": "models/tox", "labels": INSULT},
            }
        ],
    }
    policy_file.write_text(yaml.safe_dump(doc), encoding="utf-8")
    monkeypatch.chdir(tmp_path.parent)  # somewhere else
    engine = CheckEngine(load_policy_file(policy_file), scorer=None)
    assert check(engine, "you are an idiot") == [("INSULT", "toxicity", Span(0, 16))]
