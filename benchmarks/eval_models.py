"""Accuracy of the shipped models (`make eval`): held-out rows, whole sources held out, functional sets, peers.

Four honest views, each one a table:

1. the ``val`` split of the training corpora (CRC-32 of the normalised text, never used for training,
   model choice or calibration), real posts only, per language, per domain and per corpus, with 95 %
   bootstrap intervals for the target figures;
2. **whole sources held out**: the head retrained without one corpus and scored on all of it, the
   closest estimate of a test set from elsewhere (the hidden suites are not in ``../shared/data``);
3. the **functional sets** (``charte.models.functional``) per construction, on the templates held out
   of training, through the whole engine with the finance starter policy (flagged = review or block);
4. the peers (alt-profanity-check, VADER) on the same posts.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks._report import ROOT

#: What this section measures (benchmarks/_measures.py): the shipped models (retrained per held-out source)
#: and the whole check with the finance starters.
MEASURES = (
    "@checker",
    "@finance-policies",
    "@training-data",
    "src/charte/models/evaluation.py",
    "src/charte/models/train.py",
    "benchmarks/eval_models.py",
)

#: Target figures of the issue "Judgement you can trust", measured here on our own held-out rows:
#: (head, lang, domain) -> (metric, goal).
TARGETS = {
    ("toxicity", "en", "tweets"): ("roc_auc", 0.88),
    ("toxicity", "fr", "tweets"): ("roc_auc", 0.80),
    ("toxicity", "fr", "forum"): ("roc_auc", 0.85),
    ("sentiment", "fr", "tweets"): ("macro_f1", 0.65),
    ("sentiment", "en", "tweets"): ("macro_f1", 0.65),
}
#: Sources held out whole, per head (retrained without them, scored on every row of them).
#: Kept to the sources closest to the hidden suites: each refit of the toxicity head takes a minute or two.
HELD_OUT_SOURCES = {
    "toxicity": ("olid", "mlma", "toxifrench"),
    "hate": ("toxigen",),
    "threat": ("threatgram",),
}


def _data_dir() -> Path:
    return Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))


def _fmt(value: object) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _metric(metric: str, y: np.ndarray, p: np.ndarray) -> float | None:
    from sklearn.metrics import f1_score, roc_auc_score

    if metric == "roc_auc":
        return float(roc_auc_score(y, p[:, 0])) if 0 < y.sum() < len(y) else None
    return float(f1_score(y, p.argmax(1), average="macro"))


def _interval(metric: str, y: np.ndarray, p: np.ndarray, rng: np.random.Generator) -> tuple[float, float]:
    stats = [
        v
        for _ in range(1000)
        if (v := _metric(metric, y[i := rng.integers(0, len(y), len(y))], p[i])) is not None
    ]
    lo, hi = np.percentile(stats, [2.5, 97.5])
    return float(lo), float(hi)


def _probs(model, name: str, rows) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.stack([model.head(model.logits(r.text), name, r.lang) for r in rows])


def _val_tables(model, data: Path, heads: dict[str, list]) -> list[str]:  # type: ignore[no-untyped-def]
    from charte.models import corpora
    from charte.models.evaluation import evaluate_head

    lines = [
        "Held-out `val` split (10 % of each corpus, never seen in training, selection or calibration); "
        "real posts only. Domains: tweets, forum (Stormfront sentences, ToxiFrench messages), chat "
        "(CyberAgressionAdo, ThreatGram Telegram replies), reviews, web (RTP-LX prompts), statements (ToxiGen). "
        "ECE = expected calibration error (15 bins; top-label for multi-class heads).\n",
        "| head | slice | n | ROC-AUC | F1 | macro-F1 | accuracy | ECE |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, rows in heads.items():
        if name == "illegal":
            continue  # reported with the functional sets: its real rows are one corpus of promotions
        val = [r for r in rows if r.split == "val" and not corpora.is_template(r.source)]
        metrics = evaluate_head(model, name, val)
        for group in sorted(metrics, key=lambda g: (g != "all", not g.startswith("lang"), g)):
            if group.startswith("lang=other") and name != "intent":
                continue
            m = metrics[group]
            lines.append(
                f"| {name} | {group} | {m['n']} | {_fmt(m.get('roc_auc'))} | {_fmt(m.get('f1'))} | "
                f"{_fmt(m.get('macro_f1'))} | {_fmt(m.get('accuracy'))} | {_fmt(m['ece'])} |"
            )
    rng = np.random.default_rng(0)
    lines += [
        "",
        "Target figures on our own `val` rows, with 95 % bootstrap intervals (1,000 resamples, seed 0). "
        "The issue's targets are set on hidden test suites; these slices are their closest kin here "
        "(OLID and TweetEval hate for English tweets, MLMA for French tweets, ToxiFrench for French forum "
        "comments, XLM-T and SemEval tweets for sentiment).",
        "",
        "| head | lang | domain | n | metric | value | 95 % interval | target |",
        "| --- | --- | --- | ---: | --- | ---: | --- | --- |",
    ]
    for (name, lang, domain), (metric, goal) in TARGETS.items():
        rows = [
            r
            for r in heads[name]
            if r.split == "val" and r.lang == lang and corpora.domain_of(r.source) == domain
        ]
        y = np.array([r.label for r in rows])
        p = _probs(model, name, rows)
        value = _metric(metric, y, p)
        lo, hi = _interval(metric, y, p, rng)
        mark = "✅" if value is not None and value >= goal else "❌"
        lines.append(
            f"| {name} | {lang} | {domain} | {len(rows)} | {metric} | {_fmt(value)} | {lo:.3f}–{hi:.3f} | "
            f"≥ {goal} {mark} |"
        )
    return lines


def _matrix(texts: list[str]):  # type: ignore[no-untyped-def]
    """Feature matrix of many texts through the batch path (same features as one post at a time)."""
    from scipy.sparse import csr_matrix

    from charte.models import features

    ids, vals, indptr = [], [], [0]
    for start in range(0, len(texts), 256):
        i, v, b = features.featurise_many(features.normalise_many(texts[start : start + 256]))
        ids.append(i)
        vals.append(v)
        indptr.extend((b[1:] + indptr[-1]).tolist())
    return csr_matrix(
        (np.concatenate(vals), np.concatenate(ids), np.asarray(indptr)),
        shape=(len(texts), (1 << features.BITS) + features.EXTRA),
        dtype=np.float32,
    )


def _sources_held_out(model, heads: dict[str, list]) -> list[str]:  # type: ignore[no-untyped-def]
    """Each head retrained (same variant and C as shipped, no calibration: ROC-AUC does not need it)
    without one source, then scored on every row of that source; beside it, the shipped model on that
    source's `val` rows (trained with the rest of it)."""
    from sklearn.metrics import roc_auc_score

    from charte.models import corpora, train

    lines = [
        "| head | source held out | lang | domain | n | ROC-AUC, source never seen | ROC-AUC, shipped model on its `val` rows |",
        "| --- | --- | --- | --- | ---: | ---: | ---: |",
    ]
    for name, sources in HELD_OUT_SOURCES.items():
        rows = heads[name]
        chosen = model.heads[name]["selection_on_dev"]["chosen"]  # e.g. "nb C=16"
        variant, c = chosen.split()[0], float(chosen.split("C=")[1])
        x = _matrix([r.text for r in rows])
        y = np.array([r.label for r in rows])
        for source in sources:
            fit = np.array([r.split != "val" and r.source != source for r in rows])
            w, b = train._fit_one(x[fit], y[fit], variant, c)
            for lang in ("en", "fr"):
                test = np.array([r.source == source and r.lang == lang for r in rows])
                if test.sum() == 0 or not 0 < y[test].sum() < test.sum():
                    continue
                auc = roc_auc_score(y[test], x[test] @ w + b)
                val = [r for r, t in zip(rows, test, strict=True) if t and r.split == "val"]
                yv = np.array([r.label for r in val])
                shipped = _fmt(_metric("roc_auc", yv, _probs(model, name, val))) if len(val) else "–"
                lines.append(
                    f"| {name} | {source} | {lang} | {corpora.domain_of(source)} | {int(test.sum())} | "
                    f"{auc:.3f} | {shipped} |"
                )
    return lines


def _functional(data: Path) -> list[str]:
    """Every construction through the whole engine (finance starter, the post's language): held-out
    templates (never trained on) beside trained templates (`dev` rows: fillers and styles unseen)."""
    from charte.domain import Post
    from charte.engine.engine import CheckEngine
    from charte.models import corpora, functional
    from charte.policy.loader import load_policy_file

    engines = {
        lang: CheckEngine(load_policy_file(ROOT / "policies" / f"finance.{lang}.yaml"))
        for lang in ("en", "fr")
    }
    rows = {
        (r.text, r.lang): r
        for head in ("toxicity", "threat", "illegal", "hate")
        for r in corpora.functional_rows(head)
    }
    groups: dict[tuple[str, str, str], list[bool]] = defaultdict(list)
    for lang in ("en", "fr"):
        mine = [r for (_, lg), r in rows.items() if lg == lang and r.split in ("val", "dev")]
        decisions = engines[lang].check_many([Post(r.text, lang=lang) for r in mine])
        for r, d in zip(mine, decisions, strict=True):
            groups[(r.source.removeprefix("functional_"), lang, r.split)].append(str(d.verdict) != "allow")
    lines = [
        "| construction | should be | lang | held-out templates: n | flagged | trained templates (`dev`): n | flagged |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    summary: dict[tuple[bool, str], list[bool]] = defaultdict(list)
    for name, spec in functional.CONSTRUCTIONS.items():
        for lang in ("en", "fr"):
            held, dev = groups.get((name, lang, "val"), []), groups.get((name, lang, "dev"), [])
            summary[(spec.flag, lang)] += held
            lines.append(
                f"| {name} | {'flagged' if spec.flag else 'allowed'} | {lang} | {len(held)} | "
                f"{_share(held)} | {len(dev)} | {_share(dev)} |"
            )
    lines += [
        "",
        "Pooled over the held-out templates: "
        + "; ".join(
            f"{lang.upper()} {'should-flag posts flagged' if flag else 'must-not-flag posts allowed'} "
            f"{(np.mean(v) if flag else 1 - np.mean(v)):.1%} (n={len(v)})"
            for (flag, lang), v in sorted(summary.items())
        )
        + ".",
    ]
    return lines


def _share(flags: list[bool]) -> str:
    return f"{np.mean(flags):.1%}" if flags else "–"


def _threats(data: Path, heads: dict[str, list]) -> list[str]:
    """ThreatGram `val` replies through the finance starter: violent threats flagged, the rest allowed."""
    from charte.domain import Post
    from charte.engine.engine import CheckEngine
    from charte.policy.loader import load_policy_file

    engine = CheckEngine(load_policy_file(ROOT / "policies" / "finance.en.yaml"))
    rows = [r for r in heads["threat"] if r.source == "threatgram" and r.split == "val"]
    decisions = engine.check_many([Post(r.text, lang="en") for r in rows])
    flagged = np.array([str(d.verdict) != "allow" for d in decisions])
    y = np.array([r.label for r in rows], dtype=bool)
    return [
        f"ThreatGram `val` replies (English Telegram chat), finance starter policy: violent threats flagged "
        f"{flagged[y].mean():.1%} (n={int(y.sum())}); other replies (no threat, calls for legal punishment) "
        f"allowed {1 - flagged[~y].mean():.1%} (n={int((~y).sum())}). Targets on the hidden suite: ≥ 80 % / ≥ 80 %."
    ]


def _ordinary(heads: dict[str, list]) -> list[str]:  # type: ignore[type-arg]
    """Cry-wolf rate: ordinary public posts (the `val` sentiment tweets and reviews, customer tweets) that
    the finance starter flags through the model-backed rules. A few of these posts are rude, so this is
    an upper bound of the false-positive rate."""
    from charte.domain import Post
    from charte.engine.engine import CheckEngine
    from charte.models import corpora
    from charte.policy.loader import load_policy_file

    lines = [
        "| lang | domain | posts | flagged by `respect.toxicity` | by `law.illegal-conduct` | by any rule |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    rows = [r for r in heads["sentiment"] if r.split == "val"]
    rows += [r for r in heads["intent"] if r.split == "val" and not corpora.is_template(r.source)]
    for (lang, domain), part in sorted(_by_slice(rows).items()):
        engine = CheckEngine(load_policy_file(ROOT / "policies" / f"finance.{lang}.yaml"))
        decisions = engine.check_many([Post(r.text, lang=lang) for r in part])
        tox = np.mean([any(f.rule_id == "respect.toxicity" for f in d.findings) for d in decisions])
        ill = np.mean([any(f.rule_id == "law.illegal-conduct" for f in d.findings) for d in decisions])
        anyr = np.mean([str(d.verdict) != "allow" for d in decisions])
        lines.append(f"| {lang} | {domain} | {len(part)} | {tox:.1%} | {ill:.1%} | {anyr:.1%} |")
    return lines


def _peers(model, heads: dict[str, list]) -> list[str]:  # type: ignore[no-untyped-def]
    from sklearn.metrics import f1_score, roc_auc_score

    from charte.models import corpora

    lines = [
        "| task | lang | domain | n | Charte | alt-profanity-check | VADER |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    try:
        import profanity_check
    except ImportError:
        profanity_check = None
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        vader = SentimentIntensityAnalyzer()
    except ImportError:
        vader = None
    tox = [r for r in heads["toxicity"] if r.split == "val" and not corpora.is_template(r.source)]
    for (lang, domain), rows in sorted(_by_slice(tox).items()):
        y = np.array([r.label for r in rows])
        if not 0 < y.sum() < len(y):
            continue
        ours = roc_auc_score(y, _probs(model, "toxicity", rows)[:, 0])
        peer = (
            f"{roc_auc_score(y, profanity_check.predict_prob([r.text for r in rows])):.3f}"
            if profanity_check
            else "–"
        )
        lines.append(f"| toxicity ROC-AUC | {lang} | {domain} | {len(rows)} | {ours:.3f} | {peer} | – |")
    sent = [r for r in heads["sentiment"] if r.split == "val"]
    for (lang, domain), rows in sorted(_by_slice(sent).items()):
        y = np.array([r.label for r in rows])
        ours = f1_score(y, _probs(model, "sentiment", rows).argmax(1), average="macro")
        peer = "–"
        if vader:
            compound = np.array([vader.polarity_scores(r.text)["compound"] for r in rows])
            peer = f"{f1_score(y, np.where(compound >= 0.05, 2, np.where(compound <= -0.05, 0, 1)), average='macro'):.3f}"
        lines.append(f"| sentiment macro-F1 | {lang} | {domain} | {len(rows)} | {ours:.3f} | – | {peer} |")
    return lines


def _by_slice(rows: list) -> dict[tuple[str, str], list]:  # type: ignore[type-arg]
    from charte.models import corpora

    out: dict[tuple[str, str], list] = defaultdict(list)  # type: ignore[type-arg]
    for r in rows:
        if r.lang in ("en", "fr"):
            out[(r.lang, corpora.domain_of(r.source))].append(r)
    return out


def run() -> str:
    data = _data_dir()
    head = "## Language models (toxicity, hate, threat, sentiment, intent)\n\n"
    if not data.is_dir():
        return head + f"Skipped: training data not found at `{data}` (set `CHARTE_DATA_DIR`).\n"
    from charte.models import corpora
    from charte.models.scorer import load_default

    model = load_default()
    heads: dict[str, list[Any]] = {name: loader(data) for name, (loader, _labels) in corpora.HEADS.items()}
    lines = [head, *_val_tables(model, data, heads)]
    lines += [
        "",
        "### Whole sources held out",
        "",
        "Each head retrained without one corpus (same variant and C as shipped; pooled column only, "
        "no calibration) and scored on every row of it: what to expect on text from elsewhere.",
        "",
        *_sources_held_out(model, heads),
    ]
    lines += [
        "",
        "### Functional sets, per construction (finance starter policy, whole engine)",
        "",
        "Rows of `charte.models.functional`; one template in five is never trained on (`held-out "
        "templates`), the others are trained on but their `dev` rows have unseen filler combinations "
        "and styles. Flagged = verdict review or block.",
        "",
        *_functional(data),
    ]
    lines += ["", "### Threats in chat", "", *_threats(data, heads)]
    lines += [
        "",
        "### Ordinary public posts flagged (cry-wolf rate, target ≤ 2 %)",
        "",
        "The `val` sentiment tweets and reviews and the customer-service tweets through the finance "
        "starter (the post's language). Some of these posts are rude or hostile, so the figures bound the "
        "false-positive rate from above.",
        "",
        *_ordinary(heads),
    ]
    lines += [
        "",
        "### Peers on the same `val` posts",
        "",
        "alt-profanity-check (English bag-of-words SVM) and VADER (English lexicon; compound ≥ 0.05 "
        "positive, ≤ −0.05 negative) on the same posts, per language and domain.",
        "",
        *_peers(model, heads),
    ]
    lines.append(
        "\nIntent labels on real posts are weak labels (see docs/models.md). The `illegal` head is "
        "trained on templates and the promotions of `illicit_promotion_tweets_multi`; see the functional "
        "sets for offers and requests."
    )
    return "\n".join(lines) + "\n"
