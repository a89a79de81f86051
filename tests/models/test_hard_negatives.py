"""The hand-written hard negatives (``charte.models.hard_negatives``) and the French forum repeats of the
toxicity head's own column (``train.LANGUAGE_REPEATS``)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from charte.models import corpora, hard_negatives, train


def test_at_least_400_training_rows_per_language_in_every_topic_but_the_held_out_one() -> None:
    rows = hard_negatives.training_rows()
    for lang in ("fr", "en"):
        assert sum(lg == lang for _, lg in rows) >= 400
    held = {t for t, _ in hard_negatives.held_out_rows()}
    assert len(held) >= 60 and not held & {t for t, _ in rows}
    groups = (hard_negatives.EN, hard_negatives.FR)
    assert all(hard_negatives.HELD_OUT_TOPIC in g and len(g) >= 10 for g in groups)


def test_no_row_uses_the_frames_another_evaluation_probes() -> None:
    frames = re.compile(
        r"did you see the .* yesterday|tu as vu (le|la|les) .* hier|i love my new |^mon .* est en panne", re.I
    )
    texts = [t for g in (hard_negatives.EN, hard_negatives.FR) for ts in g.values() for t in ts]
    assert not [t for t in texts if frames.search(t)]


@pytest.mark.parametrize("head", ["toxicity", "threat", "hate"])
def test_the_three_heads_get_them_as_train_negatives(head: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpora, "HARD_NEGATIVES", True)
    rows = corpora.hard_negative_rows(head)
    assert len(rows) == len(hard_negatives.training_rows())
    assert all(r.label == 0 and r.split == "train" and corpora.is_template(r.source) for r in rows)


def test_other_heads_and_the_switch_leave_them_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpora, "HARD_NEGATIVES", True)
    assert corpora.hard_negative_rows("illegal") == corpora.hard_negative_rows("sentiment") == []
    monkeypatch.setattr(corpora, "HARD_NEGATIVES", False)
    assert corpora.hard_negative_rows("toxicity") == []


def test_threat_loader_appends_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpora, "HARD_NEGATIVES", True)
    for name in ("_read", "sentiment", "intent", "functional_rows", "_synth"):
        monkeypatch.setattr(corpora, name, lambda *a, **k: [])
    rows = corpora.threat(Path("unused"))
    assert rows == corpora.hard_negative_rows("threat") and rows


def _row(text: str, lang: str, source: str) -> corpora.Row:
    return corpora.Row(text, 0, lang, source, "train")


def test_repeats_list_a_source_rows_n_times_in_a_language_column() -> None:
    rows = [
        _row("a", "fr", "toxifrench"),
        _row("b", "en", "olid"),
        _row("c", "fr", "mlma"),
        _row("d", "en", "toxifrench"),
    ]
    picked = train._repeated(rows, "fr", ("toxifrench", 10))
    assert sorted(np.bincount(picked, minlength=4).tolist()) == [0, 0, 1, 10]
    assert np.bincount(picked, minlength=4).tolist() == [10, 0, 1, 0]
    assert train._repeated(rows, "fr", None).tolist() == [0, 2]
