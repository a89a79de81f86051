"""The labelled rows the stage-2 heads learn from, one list per head, with source and domain.

Why a reader of its own rather than ``corpora``: stage 2 is trained on sentence embeddings, which
cost ~20-100 ms per text on a shared CPU, so large corpora are subsampled (deterministically, by a
CRC-32 of the text) and the newer folders are read here with their own label mapping. The split is
``corpora.split_of`` — the fast model's — so both stages hold out the very same ``val`` rows.
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from charte.models.corpora import split_of

SENTIMENT = ("negative", "neutral", "positive")
#: Binary heads first, then the softmax one; the order of the shipped weight columns.
HEADS = ("toxicity", "hate", "threat", "illegal", "sentiment")
#: Domain of each source, for per-domain figures: tweets, reviews, forum comments, chat, other.
DOMAIN = {
    "davidson": "tweets",
    "olid": "tweets",
    "tweeteval_hate": "tweets",
    "mlma": "tweets",
    "ftr_racism": "tweets",
    "semeval": "tweets",
    "xlmt": "tweets",
    "illicit_promotion": "tweets",
    "complaints": "tweets",
    "crisislex": "tweets",
    "fr_tv_reviews": "reviews",
    "stormfront": "forum",
    "toxifrench": "forum",
    "toxigen": "statements",
    "rtplx": "web",
    "cyberagressionado": "chat",
    "threatgram": "chat",
}


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    label: int
    lang: str
    source: str
    split: str  # train | dev | val (corpora.split_of)

    @property
    def domain(self) -> str:
        return "synthetic" if self.source.startswith("synth") else DOMAIN.get(self.source, "other")


def _read(path: Path) -> Iterator[dict[str, str]]:
    if not path.is_file():
        raise FileNotFoundError(f"missing training file {path}")
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _keep(text: str, per_mille: int) -> bool:
    """A deterministic subsample independent of the split's hash (different salt)."""
    return (
        per_mille >= 1000 or zlib.crc32(b"stage2:" + text.encode("utf-8", "surrogatepass")) % 1000 < per_mille
    )


def _rows(
    data: Path,
    folder: str,
    files: tuple[str, ...],
    source: str,
    label: Callable[[dict[str, str]], int | None],
    per_mille: int = 1000,
    lang: str | None = None,
    positives: int | None = None,
) -> list[Item]:
    """Rows of ``folder``; ``per_mille`` of them kept (``positives``: another rate for label 1)."""
    out: list[Item] = []
    for name in files:
        for r in _read(data / folder / name):
            text = r["text"]
            row_lang = lang or r.get("lang", "other")
            if row_lang not in ("fr", "en") or not text.strip():
                continue
            y = label(r)
            if y is not None and _keep(text, positives if y == 1 and positives is not None else per_mille):
                out.append(Item(text, y, row_lang, source, split_of(text)))
    return out


def toxicity(data: Path) -> list[Item]:
    rows = _rows(
        data,
        "davidson_hate_offensive_en",
        ("train.csv",),
        "davidson",
        lambda r: int(r["label"] != "neither"),
        150,
    )
    rows += _rows(
        data, "olid_offenseval2019_en", ("train.csv",), "olid", lambda r: int(r["label"] == "OFF"), 300
    )
    rows += _rows(
        data,
        "tweeteval_hate_en",
        ("train.csv", "val.csv"),
        "tweeteval_hate",
        lambda r: int(r["label"] == "hate"),
        150,
        positives=400,
    )
    rows += _rows(
        data, "mlma_hate_fr_en", ("train_en.csv",), "mlma", lambda r: int(r["label"] == "toxic"), 300
    )
    rows += _rows(
        data,
        "mlma_hate_fr_en",
        ("train_fr.csv",),
        "mlma",
        lambda r: int(r["label"] == "toxic"),
        1000,
        positives=600,
    )
    rows += _rows(data, "ftr_racism_fr", ("train.csv",), "ftr_racism", lambda r: int(r["label"] == "racist"))
    rows += _rows(
        data,
        "cyberagressionado_v1_fr",
        ("train.csv",),
        "cyberagressionado",
        lambda r: int(r["abusive"] == "abusive"),
    )
    rows += _rows(
        data,
        "stormfront_hate_sentences_en",
        ("train.csv",),
        "stormfront",
        lambda r: {"hate": 1, "not_hate": 0}.get(r["label"]),
        200,
        positives=1000,
    )
    rows += _rows(
        data, "toxigen_seed_statements_en", ("train.csv",), "toxigen", lambda r: int(r["label"] == "hate")
    )
    rows += _rows(
        data, "toxifrench_benchmark_fr", ("train.csv",), "toxifrench", lambda r: int(r["label"] == "toxic")
    )
    rows += _rows(data, "rtplx_toxicity_fr", ("train.csv",), "rtplx", lambda r: int(r["label"] == "toxic"))
    # Violent threats are toxic; the other Telegram replies are political talk of every tone, so left out.
    rows += _rows(
        data,
        "threatgram101_telegram_threats_en",
        ("train.csv",),
        "threatgram",
        lambda r: 1 if r["label"] == "violent_threat" else None,
        150,
    )
    return rows


def hate(data: Path) -> list[Item]:
    rows = _rows(
        data,
        "davidson_hate_offensive_en",
        ("train.csv",),
        "davidson",
        lambda r: int(r["label"] == "hate_speech"),
        150,
    )
    rows += _rows(
        data,
        "tweeteval_hate_en",
        ("train.csv", "val.csv"),
        "tweeteval_hate",
        lambda r: int(r["label"] == "hate"),
        150,
        positives=400,
    )
    rows += _rows(
        data, "mlma_hate_fr_en", ("train_en.csv",), "mlma", lambda r: int("hateful" in r["hostility"]), 300
    )
    rows += _rows(
        data, "mlma_hate_fr_en", ("train_fr.csv",), "mlma", lambda r: int("hateful" in r["hostility"])
    )
    rows += _rows(data, "ftr_racism_fr", ("train.csv",), "ftr_racism", lambda r: int(r["label"] == "racist"))
    rows += _rows(
        data,
        "cyberagressionado_v1_fr",
        ("train.csv",),
        "cyberagressionado",
        lambda r: int(r["label"] == "hate"),
    )
    rows += _rows(
        data,
        "stormfront_hate_sentences_en",
        ("train.csv",),
        "stormfront",
        lambda r: {"hate": 1, "not_hate": 0}.get(r["label"]),
        200,
        positives=1000,
    )
    rows += _rows(
        data, "toxigen_seed_statements_en", ("train.csv",), "toxigen", lambda r: int(r["label"] == "hate")
    )
    return rows


def threat(data: Path) -> list[Item]:
    rows = _rows(
        data,
        "threatgram101_telegram_threats_en",
        ("train.csv",),
        "threatgram",
        lambda r: int(r["label"] == "violent_threat"),
        300,
    )
    rows += _rows(
        data,
        "cyberagressionado_v1_fr",
        ("train.csv",),
        "cyberagressionado",
        lambda r: int(r["verbal_abuse"] == "threat"),
    )
    rows += _rows(
        data,
        "olid_offenseval2019_en",
        ("train.csv",),
        "olid",
        lambda r: 0 if r["subtask_b"] != "TIN" else None,
        150,
    )
    rows += _rows(data, "mlma_hate_fr_en", ("train_fr.csv",), "mlma", lambda r: 0, 400)
    rows += _rows(data, "toxifrench_benchmark_fr", ("train.csv",), "toxifrench", lambda r: 0, 500)
    return rows


def illegal(data: Path) -> list[Item]:
    rows = _rows(
        data,
        "illicit_promotion_tweets_multi",
        ("train.csv",),
        "illicit_promotion",
        lambda r: int(r["label"] == "illicit_promotion"),
        500,
    )
    # Ordinary posts as negatives (the illicit corpus' negatives are hashtag spam of one kind).
    rows += _rows(data, "semeval2013_2016_sentiment_en", ("train.csv",), "semeval", lambda r: 0, 25)
    rows += _rows(data, "xlmt_umsab_sentiment_fr", ("train.csv",), "xlmt", lambda r: 0, 300)
    rows += _rows(data, "crisislex_t26_crisis_tweets_multi", ("train.csv",), "crisislex", lambda r: 0, 40)
    rows += _rows(data, "complaints_twitter_en", ("train.csv",), "complaints", lambda r: 0, 200)
    return rows


def sentiment(data: Path) -> list[Item]:
    index = {name: i for i, name in enumerate(SENTIMENT)}
    rows = _rows(
        data, "semeval2013_2016_sentiment_en", ("train.csv",), "semeval", lambda r: index[r["label"]], 110
    )
    rows += _rows(
        data, "xlmt_umsab_sentiment_en", ("train.csv", "val.csv"), "xlmt", lambda r: index[r["label"]]
    )
    rows += _rows(
        data, "xlmt_umsab_sentiment_fr", ("train.csv", "val.csv"), "xlmt", lambda r: index[r["label"]]
    )
    rows += _rows(
        data,
        "fr_tv_reviews_sentiment",
        ("train.csv", "dev.csv"),
        "fr_tv_reviews",
        lambda r: index[r["label"]],
        400,
        lang="fr",
    )
    seen: set[str] = set()
    out = []
    for row in rows:  # XLM-T's English tweets are mostly inside the SemEval pool
        if row.text not in seen:
            seen.add(row.text)
            out.append(row)
    return out


READERS: dict[str, Callable[[Path], list[Item]]] = {
    "toxicity": toxicity,
    "hate": hate,
    "threat": threat,
    "illegal": illegal,
    "sentiment": sentiment,
}


def all_rows(data: Path) -> dict[str, list[Item]]:
    """Every head's rows (real data only; the functional sets are added by ``train_stage2``)."""
    return {head: READERS[head](data) for head in HEADS}
