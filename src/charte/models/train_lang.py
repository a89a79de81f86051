"""Train the shipped language model (``lang_model.json.gz``) from the labelled data folder.

Usage: ``python -m charte.models.train_lang --data ../shared/data``. Deterministic: the same
data gives the same file. One fifth of every source (chosen by a hash of the text, see
:func:`is_holdout`) is never trained on, so ``benchmarks/eval_lang.py`` can measure on it.

Languages the tweets lack (German beyond a few tweets, Polish, Czech, Danish, Vietnamese…) come into
the "other" class as sentences of random words from Faker's per-language word lists.

The model is two multinomial naive Bayes tables over three classes (fr, en, other): one over
words, one over character trigrams. Each feature stores its log-likelihood ratios against English
(``fr - en``, ``other - en``) so that scoring a post is a sum of complex numbers in C.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import json
import math
import zlib
from collections.abc import Iterator, Sized
from pathlib import Path

from charte.models.lang import CLASSES, MODEL_PATH, tokens, trigrams

#: (folder, file) pairs read for training; the ``lang`` column gives the label (anything not fr/en is other).
SOURCES: tuple[tuple[str, str], ...] = (
    ("xlmt_umsab_sentiment_fr", "train.csv"),
    ("xlmt_umsab_sentiment_en", "train.csv"),
    ("mlma_hate_fr_en", "train_fr.csv"),
    ("mlma_hate_fr_en", "train_en.csv"),
    ("fr_tv_reviews_sentiment", "train.csv"),
    ("crisislex_t26_crisis_tweets_multi", "train.csv"),
)
MIN_COUNT = 3
SMOOTHING = 0.5
#: Faker locales whose word lists add languages the tweets lack to the "other" class (weak labels:
#: random words of the language, fixed seed). French and English locales are never used.
OTHER_LOCALES = (
    "de_DE",
    "de_AT",
    "nl_NL",
    "nl_BE",
    "it_IT",
    "es_ES",
    "es_MX",
    "pl_PL",
    "cs_CZ",
    "da_DK",
    "tl_PH",
    "vi_VN",
    "az_AZ",
    "el_GR",
    "ru_RU",
    "uk_UA",
)
SYNTHETIC_PER_LOCALE = 300


def synthetic_other(per_locale: int = SYNTHETIC_PER_LOCALE, seed: int = 13) -> Iterator[str]:
    """Sentences of random words from Faker's word lists of other languages (needs the train extra)."""
    from faker import Faker

    for locale in OTHER_LOCALES:
        fake = Faker(locale)
        fake.seed_instance(seed)
        for _ in range(per_locale):
            yield fake.sentence(nb_words=12)


def is_holdout(text: str) -> bool:
    """One text in five is kept out of training, by a stable hash (same split in the benchmark)."""
    return zlib.crc32(text.encode("utf-8")) % 5 == 0


def label(lang: str) -> str:
    return lang if lang in ("fr", "en") else "other"


def read(data: Path, *, holdout: bool) -> Iterator[tuple[str, str, str]]:
    """``(source, text, label)`` rows of the training (or held-out) part of every source present."""
    csv.field_size_limit(1 << 24)
    for folder, name in SOURCES:
        path = data / folder / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = row.get("text") or ""
                if text and is_holdout(text) == holdout:
                    yield folder, text, label(row.get("lang") or "")


def _table(counts: dict[str, collections.Counter[str]]) -> dict[str, list[float]]:
    vocab = {g for c in CLASSES for g, n in counts[c].items() if n >= MIN_COUNT}
    totals = {c: sum(counts[c][g] for g in vocab) for c in CLASSES}
    size = len(vocab)
    table: dict[str, list[float]] = {}
    for g in sorted(vocab):
        logp = {c: math.log((counts[c][g] + SMOOTHING) / (totals[c] + SMOOTHING * size)) for c in CLASSES}
        table[g] = [round(logp["fr"] - logp["en"], 3), round(logp["other"] - logp["en"], 3)]
    return table


def train(data: Path) -> dict[str, object]:
    words: dict[str, collections.Counter[str]] = {c: collections.Counter() for c in CLASSES}
    tris: dict[str, collections.Counter[str]] = {c: collections.Counter() for c in CLASSES}
    rows: collections.Counter[str] = collections.Counter()
    for folder, text, lab in read(data, holdout=False):
        toks = tokens(text)
        words[lab].update(toks)
        tris[lab].update(trigrams(toks))
        rows[f"{folder}:{lab}"] += 1
    for text in synthetic_other():
        toks = tokens(text)
        words["other"].update(toks)
        tris["other"].update(trigrams(toks))
        rows["faker-word-lists:other"] += 1
    if not all(sum(words[c].values()) for c in CLASSES):
        raise SystemExit(f"no training text for some language in {data}; is it the shared data folder?")
    return {
        "format": 1,
        "classes": list(CLASSES),
        "trained_on": dict(sorted(rows.items())),
        "words": _table(words),
        "trigrams": _table(tris),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the labelled data folder")
    parser.add_argument("--output", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    model = train(args.data)
    payload = json.dumps(model, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    with args.output.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as out:
        out.write(payload)
    words, trigrams = model["words"], model["trigrams"]
    assert isinstance(words, Sized) and isinstance(trigrams, Sized)  # the two tables train() builds
    print(
        f"wrote {args.output} ({args.output.stat().st_size // 1024} KiB, {len(words)} words, {len(trigrams)} trigrams)"
    )


if __name__ == "__main__":
    main()
