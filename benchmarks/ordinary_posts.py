"""Ordinary public posts: the false-positive set of the finance starter policy.

Posts that people wrote with no intent to offend or to break a law, labelled so by others: the
posts of the labelled sets in ``../shared/data`` that others labelled neither offensive nor toxic nor
abusive (tweets for sentiment, tweets labelled not offensive, forum comments labelled not toxic, chat
messages labelled not abusive), plus the bench corpus's posts before personal data is added to them.
Sets labelled only "not hateful" or "not racist" are left out: their posts may still be insults.

Artefacts of how the tweets were collected are undone, because an author writing a post never types
them: the CSV export's quoting (a whole tweet wrapped in quotes, inner quotes doubled or backslashed,
``\\uXXXX`` escapes), and hidden links: Twitter substitutes a ``t.co`` address for every link at
publication and the XLM-T sets replace links by "http"; a link to a news site is put back for both.

A flag on one of these posts (review or block) is counted as a false positive, whichever rule raised
it; the rate is given per language, per source and per account kind.
"""

from __future__ import annotations

import csv
import os
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))

#: (source name, file, language, labels counted as ordinary). Held-out splits (val) where there is one.
SOURCES: tuple[tuple[str, str, str, frozenset[str]], ...] = (
    (
        "tweets: sentiment (TweetEval)",
        "tweeteval_sentiment_en/val.csv",
        "en",
        frozenset({"positive", "neutral", "negative"}),
    ),
    (
        "tweets: sentiment (XLM-T)",
        "xlmt_umsab_sentiment_en/val.csv",
        "en",
        frozenset({"positive", "neutral", "negative"}),
    ),
    ("tweets: not offensive (OLID)", "olid_offenseval2019_en/train.csv", "en", frozenset({"NOT"})),
    (
        "tweets: sentiment (XLM-T)",
        "xlmt_umsab_sentiment_fr/val.csv",
        "fr",
        frozenset({"positive", "neutral", "negative"}),
    ),
    ("forum: not toxic (ToxiFrench)", "toxifrench_benchmark_fr/train.csv", "fr", frozenset({"not_toxic"})),
    (
        "chat: not abusive (CyberAgressionAdo)",
        "cyberagressionado_v1_fr/train.csv",
        "fr",
        frozenset({"not_hate"}),
    ),
)
#: Posts drawn per source at most (a fixed seed: every run sees the same posts).
PER_SOURCE = 1000


@dataclass(frozen=True)
class Ordinary:
    source: str
    lang: str
    text: str


def available() -> bool:
    return any((DATA / path).is_file() for _, path, _, _ in SOURCES)


def posts(per_source: int = PER_SOURCE, seed: int = 12) -> Iterator[Ordinary]:
    """Up to ``per_source`` ordinary posts of each source present, sampled with a fixed seed."""
    for name, path, lang, labels in SOURCES:
        file = DATA / path
        if not file.is_file():
            continue
        with file.open(encoding="utf-8", newline="") as handle:
            rows = [
                row["text"]
                for row in csv.DictReader(handle)
                if row.get("label") in labels and (row.get("text") or "").strip()
            ]
        if path.startswith("cyberagressionado"):
            with file.open(encoding="utf-8", newline="") as handle:
                rows = [
                    row["text"]
                    for row in csv.DictReader(handle)
                    if row.get("abusive") == "not_abusive"
                    and row.get("verbal_abuse") == "none"
                    and (row.get("text") or "").strip()
                ]
        rng = random.Random(f"{seed}:{path}")
        for text in rng.sample(rows, min(per_source, len(rows))):
            yield Ordinary(name, lang, clean(text))
    yield from _bench_corpus(per_source, seed)


def _bench_corpus(per_source: int, seed: int) -> Iterator[Ordinary]:
    """The bench corpus's source posts (benchmarks/corpus.py) before personal data is inserted, those of
    its sources labelled neither hateful nor offensive."""
    from benchmarks import corpus

    ordinary = {
        "tweeteval_sentiment_en/train.csv": None,
        "xlmt_umsab_sentiment_fr/train.csv": None,
        "complaints_twitter_en/train.csv": None,
    }
    for lang, files in corpus.SOURCES.items():
        texts: list[str] = []
        for name in files:
            if name not in ordinary or not (corpus.DATA / name).is_file():
                continue
            with (corpus.DATA / name).open(encoding="utf-8") as handle:
                texts += [row["text"] for row in csv.DictReader(handle) if row.get("text")]
        rng = random.Random(f"{seed}:bench:{lang}")
        for text in rng.sample(texts, min(per_source, len(texts))):
            yield Ordinary("bench corpus (no PII inserted)", lang, clean(text))


_TCO = re.compile(r"https?://t\.co/\w+")
# Where the collected text replaced a link by "http" (XLM-T), or Twitter by a t.co address: a link stood
# there, so one is put back (a domain outside the starter's allowed list, as most shared links are).
LINK = "https://www.example-news.com/article"
_LINK_PLACEHOLDER = re.compile(r"(?<![\w/])http(?![\w:/])")
_ESCAPED = re.compile(r"\\u([0-9a-fA-F]{4})")  # "\u2019" left escaped in some exports


def clean(text: str) -> str:
    """The post as its author typed it: without the export's wrapping quotes, doubled or backslashed inner
    quotes and ``\\uXXXX`` escapes, and with a link where Twitter or the export hid one."""
    text = text.strip()
    if len(text) > 1 and text[0] == '"' and text.rstrip().endswith('"') and (text.count('"') % 2 == 0):
        text = text[1:-1].strip()
    text = _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text.replace('\\""', '"').replace('\\"', '"'))
    text = text.replace('""', '"')
    return _LINK_PLACEHOLDER.sub(LINK, _TCO.sub(LINK, text))
