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
              "resamples, seed 0): " + "; ".join(_intervals(model, data)) + "."]
    lines.append("\nIntent labels on real posts are weak labels (see docs/models.md): complaints corpus, Bitext "
                 "support requests, CrisisLex, positive/neutral sentiment tweets as praise/other. French intent "
                 "has no real complaint or question data, so its row covers praise/other/crisis only.")
    return "\n".join(lines) + "\n"
