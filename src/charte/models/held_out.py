"""Whole sources held out: the fast loop for choosing a head's learner across corpora.

``python -m charte.models.held_out --data DIR --head toxicity --sources olid,mlma,toxifrench
--candidates nb:16,nb:64`` refits the head once per (candidate, source) on every non-``val`` row of the
*other* sources and prints the ROC-AUC on every row of the held-out source, per language.

Why: the hidden test suites come from other sources than the training data, and the pooled ``dev``
split rewards memorising each corpus' own words and label habits; a source never seen is the honest
proxy (the same protocol as the "Whole sources held out" table of ``benchmarks/eval_models.py``).
Training only (needs scikit-learn); nothing here runs at inference.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from charte.models import corpora, features, train


def parse_candidates(text: str) -> list[tuple[str, float]]:
    """``"nb:16,plain:4"`` -> ``[("nb", 16.0), ("plain", 4.0)]``; rejects unknown variants."""
    out = []
    for item in text.split(","):
        variant, _, c = item.strip().partition(":")
        if variant not in ("nb", "plain") or not c:
            raise ValueError(f"candidate {item!r}: expected nb:C or plain:C")
        out.append((variant, float(c)))
    return out


def source_scores(
    x: train.Sparse,
    rows: Sequence[corpora.Row],
    source: str,
    variant: str,
    c: float,
) -> dict[str, float]:
    """ROC-AUC per language on every row of ``source``, the head fitted without it (and without any
    ``val`` row). A language whose rows hold one class only is left out."""
    from sklearn.metrics import roc_auc_score

    y = np.array([r.label for r in rows])
    if not any(r.source == source for r in rows):
        raise ValueError(f"no row of source {source!r}")
    fit = np.array([r.split != "val" and r.source != source for r in rows])
    w, b = train._fit_one(x[fit], y[fit], variant, c)
    out = {}
    for lang in sorted({r.lang for r in rows if r.source == source}):
        test = np.array([r.source == source and r.lang == lang for r in rows])
        if 0 < y[test].sum() < test.sum():
            out[lang] = float(roc_auc_score(y[test], x[test] @ w + b))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="ROC-AUC of a binary head on whole sources held out.")
    parser.add_argument("--data", type=Path, required=True, help="folder with the labelled corpora")
    parser.add_argument("--head", default="toxicity", help="a binary head of charte.models.corpora.HEADS")
    parser.add_argument("--sources", default="olid,mlma,toxifrench", help="comma-separated sources")
    parser.add_argument("--candidates", default="nb:16", help="comma-separated variant:C")
    args = parser.parse_args(argv)
    loader, labels = corpora.HEADS[args.head]
    if len(labels) != 2:
        print(f"error: {args.head} is not a binary head", file=sys.stderr)
        return 2
    rows = loader(args.data)
    x = train._matrix([features.featurise(r.text) for r in rows])
    for variant, c in parse_candidates(args.candidates):
        for source in args.sources.split(","):
            started = time.process_time()
            scores = source_scores(x, rows, source, variant, c)
            text = " ".join(f"{lang}={auc:.3f}" for lang, auc in scores.items())
            print(
                f"{variant} C={c:g} {source}: {text} ({time.process_time() - started:.0f} s CPU)", flush=True
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
