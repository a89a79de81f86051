"""Accuracy of the shipped models on the held-out ``val`` split of the training corpora (`make eval`).

The split is deterministic (CRC-32 of the normalised text, see ``charte.models.corpora``); it was never
used for training, model choice or calibration. Template (synthetic) rows are excluded: the figures
are on real posts only.
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks._report import ROOT

TARGETS = {("toxicity", "en"): ("roc_auc", 0.92), ("toxicity", "fr"): ("roc_auc", 0.88),
           ("sentiment", "en"): ("macro_f1", 0.68), ("sentiment", "fr"): ("macro_f1", 0.62)}


def _data_dir() -> Path:
    return Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _intervals(model, data: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Bootstrap intervals of each target metric: small slices (224 EN sentiment posts) are noisy."""
    import numpy as np
    from sklearn.metrics import f1_score, roc_auc_score

    from charte.models import corpora

    rng = np.random.default_rng(0)
    out = []
    for (name, lang), (metric, _goal) in TARGETS.items():
        rows = [r for r in corpora.HEADS[name][0](data)
                if r.split == "val" and r.lang == lang and not r.source.startswith("synth")]
        y = np.array([r.label for r in rows])
        p = np.stack([model.head(model.logits(r.text), name, lang) for r in rows])
        stats = []
        for _ in range(1000):
            i = rng.integers(0, len(y), len(y))
            if metric == "roc_auc":
                if 0 < y[i].sum() < len(i):
                    stats.append(roc_auc_score(y[i], p[i, 0]))
            else:
                stats.append(f1_score(y[i], p[i].argmax(1), average="macro"))
        lo, hi = np.percentile(stats, [2.5, 97.5])
        out.append(f"{name} {lang} {metric} [{lo:.3f}, {hi:.3f}] (n={len(y)})")
    return out


def _sentiment_cv(model, data: Path) -> str:  # type: ignore[no-untyped-def]
    """English sentiment macro-F1 by 5-fold cross-validation over every non-`val` English tweet (2,185),
    same features and learner as the shipped head: ten times the posts of the `val` slice."""
    import numpy as np
    from sklearn.metrics import f1_score

    from charte.models import corpora, features, train

    chosen = model.heads["sentiment"]["selection_on_dev"]["chosen"]  # e.g. "plain C=4"
    variant, c = chosen.split()[0], float(chosen.split("C=")[1])
    rows = [r for r in corpora.sentiment(data) if r.split != "val"]
    x = train._matrix([features.featurise(r.text) for r in rows])
    y = np.array([r.label for r in rows])
    en = np.array([i for i, r in enumerate(rows) if r.lang == "en"])
    fr_train = np.array([i for i, r in enumerate(rows) if r.lang == "fr" and r.split == "train"])
    folds = np.array_split(np.random.default_rng(0).permutation(en), 5)
    scores = []
    for hold in folds:
        fit = np.concatenate([np.setdiff1d(en, hold), fr_train])
        heads = [train._fit_one(x[fit], (y[fit] == k).astype(int), variant, c) for k in range(3)]
        logits = np.stack([x[hold] @ w + b for w, b in heads], axis=1)
        scores.append(f1_score(y[hold], logits.argmax(1), average="macro"))
    return (f"English sentiment, 5-fold cross-validation over the {len(en)} non-`val` English tweets ({chosen}, "
            f"French training rows in every fold): macro-F1 {np.mean(scores):.3f} ± {np.std(scores):.3f} "
            "(mean ± sd over folds; not the reported target figure, a less noisy estimate beside it).")


def run() -> str:
    data = _data_dir()
    head = "## Language models (toxicity, sentiment, intent, sub-scores)\n\n"
    if not data.is_dir():
        return head + f"Skipped: training data not found at `{data}` (set `CHARTE_DATA_DIR`).\n"
    from charte.models import corpora
    from charte.models.evaluation import evaluate_head
    from charte.models.scorer import load_default

    model = load_default()
    lines = [head, "Held-out `val` split (10 % of each corpus, never seen in training, selection or calibration); "
             "real posts only. ECE = expected calibration error (15 bins; top-label for multi-class heads).\n"]
    lines.append("| head | slice | n | ROC-AUC | F1 | macro-F1 | accuracy | ECE | target |")
    lines.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for name, (loader, _labels) in corpora.HEADS.items():
        if name == "illegal":
            continue  # no real labelled data: see docs/models.md
        rows = [r for r in loader(data) if r.split == "val" and not r.source.startswith("synth")]
        metrics = evaluate_head(model, name, rows)
        for group in sorted(metrics, key=lambda g: (g != "all", not g.startswith("lang"), g)):
            if group == "lang=other" and name != "intent":
                continue
            m = metrics[group]
            target = ""
            if group.startswith("lang="):
                spec = TARGETS.get((name, group[5:]))
                if spec:
                    metric, goal = spec
                    reached = m.get(metric) is not None and m[metric] >= goal
                    target = f"{metric} ≥ {goal} {'✅' if reached else '❌'}"
            lines.append(f"| {name} | {group} | {m['n']} | {_fmt(m.get('roc_auc'))} | {_fmt(m.get('f1'))} | "
                         f"{_fmt(m.get('macro_f1'))} | {_fmt(m.get('accuracy'))} | {_fmt(m['ece'])} | {target} |")
    lines += ["", "Sampling noise of the target figures (95 % bootstrap interval over the same `val` posts, 1,000 "
              "resamples, seed 0): " + "; ".join(_intervals(model, data)) + ".", "", _sentiment_cv(model, data)]
    lines.append("\nIntent labels on real posts are weak labels (see docs/models.md): complaints corpus, Bitext "
                 "support requests, CrisisLex, positive/neutral sentiment tweets as praise/other. French intent "
                 "has no real complaint or question data, so its row covers praise/other/crisis only.")
    return "\n".join(lines) + "\n"
