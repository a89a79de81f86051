"""The whole-source-held-out loop: the held-out source never reaches the fit, and scores are per language."""

from __future__ import annotations

from pathlib import Path

import pytest

from charte.models import corpora, features, held_out, train


def _rows() -> list[corpora.Row]:
    rows = []
    for i in range(40):
        rows.append(corpora.Row(f"you are a stupid idiot number {i}", 1, "en", "a", "train"))
        rows.append(corpora.Row(f"have a lovely day number {i}", 0, "en", "a", "train"))
        rows.append(corpora.Row(f"t'es un gros con numero {i}", 1, "fr", "a", "train"))
        rows.append(corpora.Row(f"bonne journee a tous numero {i}", 0, "fr", "a", "train"))
    for i in range(10):
        rows.append(corpora.Row(f"what a stupid idiot, take {i}", 1, "en", "b", "train"))
        rows.append(corpora.Row(f"a lovely morning, take {i}", 0, "en", "b", "train"))
        rows.append(corpora.Row(f"quel gros con, essai {i}", 1, "fr", "b", "val"))
        rows.append(corpora.Row(f"bonne journee, essai {i}", 0, "fr", "b", "val"))
    return rows


def test_parse_candidates() -> None:
    assert held_out.parse_candidates("nb:16, plain:4") == [("nb", 16.0), ("plain", 4.0)]
    with pytest.raises(ValueError):
        held_out.parse_candidates("svm:1")
    with pytest.raises(ValueError):
        held_out.parse_candidates("nb")


def test_source_scores_per_language_without_the_source(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _rows()
    x = train._matrix([features.featurise(r.text) for r in rows])
    seen: list[int] = []
    fit_one = train._fit_one

    def spy(xf, yf, variant, c):  # type: ignore[no-untyped-def]
        seen.append(xf.shape[0])
        return fit_one(xf, yf, variant, c)

    monkeypatch.setattr(train, "_fit_one", spy)
    scores = held_out.source_scores(x, rows, "b", "nb", 4.0)
    assert seen == [160]  # only source "a" (its 160 rows); "b" never fitted, train or val
    assert set(scores) == {"en", "fr"}  # val rows of the held-out source are scored too
    assert all(v > 0.9 for v in scores.values())


def test_unknown_source_is_an_error() -> None:
    rows = _rows()
    x = train._matrix([features.featurise(r.text) for r in rows])
    with pytest.raises(ValueError):
        held_out.source_scores(x, rows, "nope", "plain", 1.0)


def test_main_prints_one_line_per_candidate_and_source(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    heads = {"toy": (lambda data: _rows(), ("no", "yes")), "multi": (lambda data: [], ("a", "b", "c"))}
    monkeypatch.setattr(corpora, "HEADS", heads)
    args = ["--data", str(tmp_path), "--head", "toy", "--sources", "a,b", "--candidates", "plain:1,nb:4"]
    assert held_out.main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["plain C=1 a", "plain C=1 b", "nb C=4 a", "nb C=4 b"]
    assert "en=" in lines[1] and "fr=" in lines[1]
    assert held_out.main(["--data", str(tmp_path), "--head", "multi"]) == 2
