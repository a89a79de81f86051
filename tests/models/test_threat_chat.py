"""The chat-threat training rows of stage 2's threat head, and re-training one head alone (``--refit``)."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("sklearn")

from benchmarks import eval_threat_probe
from charte.models import stage2, stage2_fit, threat_chat, train_stage2
from charte.models.stage2_data import HEADS, Item


def test_the_chat_threat_rows_are_many_varied_and_repeat_no_probe_sentence() -> None:
    rows = threat_chat.rows()
    assert len(rows) >= 400
    count = {
        (lang, y): sum(r.lang == lang and r.label == y for r in rows) for lang in ("en", "fr") for y in (0, 1)
    }
    assert min(count.values()) >= 40 and count["en", 1] + count["en", 0] > 2 * (
        count["fr", 1] + count["fr", 0]
    )
    assert {r.split for r in rows} == {"train", "dev"} and all(r.source == threat_chat.SOURCE for r in rows)
    probe = {
        r.text.strip().casefold() for split in eval_threat_probe.SPLITS for r in eval_threat_probe.load(split)
    }
    assert sum(r.text.casefold() in probe for r in rows) == 0  # the probe stays held out


def test_train_stage2_gives_the_chat_rows_to_the_threat_head_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(train_stage2.stage2_data, "all_rows", lambda data: {h: [] for h in HEADS})
    monkeypatch.setattr(train_stage2, "functional_rows", lambda: {h: [] for h in HEADS})
    rows = train_stage2.collect(Path("unused"), chat_threats=True)
    assert rows["threat"] == threat_chat.rows()
    assert all(not rows[h] for h in HEADS if h != "threat")
    # not shipped yet: by default the training command reproduces the shipped heads, without them
    assert all(not rows for rows in train_stage2.collect(Path("unused")).values())


class _Cache:
    """A stand-in embedding cache: a fixed vector per text, threats pointing one way."""

    def __init__(self, sha: str) -> None:
        pass

    @staticmethod
    def _vec(text: str) -> np.ndarray:
        rng = np.random.default_rng(zlib.crc32(text.encode()))
        v = rng.normal(size=8).astype(np.float32)
        v[0] += 0.8 if text.startswith("threat") else -0.8
        return v

    def has(self, text: str) -> bool:
        return True

    def matrix(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vec(t) for t in texts])


def _shipped(folder: Path) -> None:
    heads = {h: {"kind": "binary", "columns": [i]} for i, h in enumerate(HEADS[:-1])}
    heads["sentiment"] = {
        "kind": "softmax",
        "columns": [4, 5, 6],
        "labels": ["negative", "neutral", "positive"],
    }
    np.savez(folder / stage2.WEIGHTS_FILE, weights=np.ones((8, 7), np.float32), bias=np.zeros(7, np.float32))
    routing = {"toxicity": [0.75, 0.8], "hate": 0.9, "threat": 0.3, "illegal": 0.5, "group_max_chars": 60}
    manifest = {
        "heads": heads,
        "training": {h: {"kept": True} for h in HEADS},
        "mixing": {lang: {h: {"alpha": 0.5} for h in HEADS} for lang in ("en", "fr")},
        "mixing_on_dev": {},
        "routing": {"en": routing, "fr": routing},
    }
    (folder / stage2.MANIFEST_FILE).write_text(json.dumps(manifest), encoding="utf-8")


def test_refit_retrains_one_head_keeps_the_rest_and_gives_the_same_bytes_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stage2_fit.stage2_embed, "model_path", lambda: tmp_path / "model.bin")
    monkeypatch.setattr(stage2_fit.stage2_embed, "file_sha256", lambda path: "0" * 64)
    monkeypatch.setattr(stage2_fit.stage2_cache, "Cache", _Cache)
    monkeypatch.setattr(
        stage2_fit,
        "fast_scores",
        lambda rows: [{"toxicity": 0.5, "toxicity_types": {"threat": 0.4, "hate": 0.0}} for _ in rows],
    )
    rows = [
        Item(f"{kind} {i} {lang}", int(kind == "threat"), lang, source, split)
        for kind in ("threat", "calm")
        for i in range(40)
        for lang in ("en", "fr")
        for source, split in ((threat_chat.SOURCE, "dev" if i % 4 == 0 else "train"),)
    ]
    rows += [
        Item(f"{k} real {i} {lang}", int(k == "threat"), lang, "threatgram", "dev")
        for k in ("threat", "calm")
        for i in range(30)
        for lang in ("en", "fr")
    ]
    outputs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        _shipped(folder)
        stage2_fit.refit({**{h: [] for h in HEADS}, "threat": rows}, folder, ["threat"])
        outputs.append(
            ((folder / stage2.WEIGHTS_FILE).read_bytes(), (folder / stage2.MANIFEST_FILE).read_bytes())
        )
    assert outputs[0] == outputs[1]
    manifest = json.loads(outputs[0][1])
    with np.load(tmp_path / "a" / stage2.WEIGHTS_FILE) as npz:
        weights = npz["weights"]
    threat_col = manifest["heads"]["threat"]["columns"][0]
    assert weights[0, threat_col] > 0 and not np.allclose(weights[:, threat_col], 1.0)  # learned
    assert np.allclose(np.delete(weights, threat_col, axis=1), 1.0)  # the other heads are kept
    assert manifest["routing"]["en"]["group_max_chars"] == 60 and manifest["refit"] == ["threat"]
    assert manifest["mixing"]["en"]["hate"] == {"alpha": 0.5}
