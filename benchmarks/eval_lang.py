"""Language identification: accuracy per source and language, and cost per post, on held-out tweets.

Compares the shipped model (``charte.models.lang``) with the function-word counter it replaced
and, when installed (``pip install py3langid``, part of the ``train`` extra), py3langid, on the fifth
of each source that the training script never sees (``charte.models.train_lang.is_holdout``).
"""

from __future__ import annotations

import collections
import os
import re
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks._report import ROOT
from charte.models import lang
from charte.models import train_lang as _lang_train

#: What this section measures (benchmarks/_measures.py): language identification and its held-out split.
MEASURES = (
    "src/charte/models/__init__.py",
    "src/charte/models/lang.py",
    "src/charte/models/train_lang.py",
    "src/charte/models/artefacts/lang_model.json.gz",
    "benchmarks/eval_lang.py",
)

DATA = Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))

# The function-word counter Charte used before the model (kept here as the baseline).
_FW_WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœæ']+")
_FW_FR = frozenset(
    [
        "le",
        "la",
        "les",
        "un",
        "une",
        "des",
        "du",
        "de",
        "et",
        "est",
        "sont",
        "pas",
        "ne",
        "je",
        "tu",
        "il",
        "elle",
        "nous",
        "vous",
        "ils",
        "elles",
        "on",
        "que",
        "qui",
        "quoi",
        "dans",
        "pour",
        "avec",
        "sur",
        "par",
        "mais",
        "ou",
        "donc",
        "car",
        "ce",
        "cette",
        "ces",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "son",
        "sa",
        "ses",
        "notre",
        "nos",
        "votre",
        "vos",
        "leur",
        "leurs",
        "au",
        "aux",
        "très",
        "plus",
        "moins",
        "tout",
        "tous",
        "toute",
        "bien",
        "merci",
        "bonjour",
        "oui",
        "non",
        "être",
        "avoir",
        "fait",
        "faire",
        "c'est",
        "j'ai",
        "n'est",
        "qu'il",
        "d'un",
        "d'une",
        "l'on",
        "aussi",
        "comme",
        "même",
        "encore",
        "déjà",
        "ici",
        "là",
        "où",
    ]
)
_FW_EN = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "is",
        "are",
        "was",
        "were",
        "not",
        "no",
        "i",
        "you",
        "he",
        "she",
        "we",
        "they",
        "it",
        "that",
        "which",
        "what",
        "in",
        "on",
        "for",
        "with",
        "by",
        "but",
        "or",
        "so",
        "this",
        "these",
        "those",
        "my",
        "your",
        "his",
        "her",
        "our",
        "their",
        "to",
        "of",
        "at",
        "from",
        "very",
        "more",
        "less",
        "all",
        "well",
        "thanks",
        "thank",
        "hello",
        "yes",
        "be",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "it's",
        "i'm",
        "don't",
        "can",
        "will",
        "would",
        "should",
        "just",
        "also",
        "like",
        "even",
        "still",
        "already",
        "here",
        "there",
        "where",
    ]
)


def function_words(text: str) -> str:
    fr = en = 0
    for word in _FW_WORD.findall(text.lower()):
        fr += word in _FW_FR
        en += word in _FW_EN
    if fr == en:
        return "other" if fr == 0 else "en"
    return "fr" if fr > en else "en"


def _py3langid() -> Callable[[str], str] | None:
    try:
        import py3langid
    except ImportError:
        return None

    def classify(text: str) -> str:
        code = py3langid.classify(text)[0]
        return code if code in ("fr", "en") else "other"

    return classify


def _measure(fn: Callable[[str], str], rows: list[tuple[str, str, str]]) -> tuple[dict, list[float]]:
    fn("warm up")
    hits: dict[tuple[str, str], list[int]] = collections.defaultdict(lambda: [0, 0])
    times = []
    for source, text, gold in rows:
        started = time.perf_counter()
        got = fn(text)
        times.append(time.perf_counter() - started)
        cell = hits[(source, gold)]
        cell[0] += got == gold
        cell[1] += 1
    return hits, times


def run() -> str:
    title = "## Language identification (fr / en / other)\n\n"
    if not (DATA / "xlmt_umsab_sentiment_fr").is_dir():
        return title + f"Skipped: the labelled data folder was not found at `{DATA}` (set CHARTE_DATA_DIR).\n"
    rows = list(_lang_train.read(DATA, holdout=True))
    candidates: list[tuple[str, Callable[[str], str]]] = [
        ("shipped model (words + trigrams NB)", lang.identify),
        ("function words (previous)", function_words),
    ]
    other = _py3langid()
    if other is not None:
        candidates.append(("py3langid 97 languages", other))
    results = {name: _measure(fn, rows) for name, fn in candidates}
    cells = sorted({cell for hits, _ in results.values() for cell in hits})
    lines = [
        title,
        f"Held-out fifth of each source (never trained on): {len(rows):,} posts, median length "
        f'{statistics.median(len(t) for _, t, _ in rows):.0f} characters. "other" is every language '
        "but French and English (Spanish, Italian, Tagalog, Portuguese, German, Dutch in crisislex).\n",
        "| source | gold | posts | " + " | ".join(results) + " |",
        "| --- | --- | ---: | " + " | ".join("---:" for _ in results) + " |",
    ]
    for cell in cells:
        n = next(hits[cell][1] for hits, _ in results.values() if cell in hits)
        accs = [
            f"{hits[cell][0] / hits[cell][1]:.3f}" if cell in hits else "–" for hits, _ in results.values()
        ]
        lines.append(f"| {cell[0]} | {cell[1]} | {n:,} | " + " | ".join(accs) + " |")
    for label, pick in (("accuracy (all posts)", None), ("macro accuracy over fr / en / other", "macro")):
        values = []
        for hits, _ in results.values():
            if pick is None:
                values.append(sum(h[0] for h in hits.values()) / sum(h[1] for h in hits.values()))
            else:
                per = collections.defaultdict(lambda: [0, 0])
                for (_, gold), (ok, n) in hits.items():
                    per[gold][0] += ok
                    per[gold][1] += n
                values.append(statistics.mean(ok / n for ok, n in per.values()))
        lines.append(f"| **{label}** | | | " + " | ".join(f"**{v:.3f}**" for v in values) + " |")
    for label, stat in (
        ("µs per post, median", statistics.median),
        ("µs per post, mean", statistics.fmean),
        ("µs per post, p99", lambda ts: sorted(ts)[int(0.99 * (len(ts) - 1))]),
    ):
        lines.append(
            f"| {label} | | | " + " | ".join(f"{stat(ts) * 1e6:.1f}" for _, ts in results.values()) + " |"
        )
    if other is None:
        lines.append("\npy3langid is not installed, so it is not compared (`pip install py3langid`).")
    lines.append(
        '\nThe crisislex `lang` column comes from tweet metadata and is noisy: most of its "other" and '
        '"fr" rows the shipped model calls English are English tweets ("Photos: Deadly NYC Train '
        'Derailment", "#PrayForTexas"), so those cells understate every method.'
    )
    lines.append(
        "\nTimes are wall-clock on the machine above, one call at a time, text as given (the shipped "
        "model reads at most the first 1,000 characters). Retrain the model with "
        "`python -m charte.models.train_lang --data ../shared/data`."
    )
    return "\n".join(lines) + "\n"
