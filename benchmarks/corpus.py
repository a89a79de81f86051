"""The benchmark corpus: 10,000 realistic FR/EN posts, a third carrying personal data.

Real tweets from ../shared/data when it is present (what Charte meets in production), otherwise
Faker sentences; personal data is inserted with Faker (fr_FR / en_US) under a fixed seed, so every
run and every tool sees exactly the same posts.
"""

from __future__ import annotations

import csv
import json
import os
import random
from pathlib import Path

from faker import Faker

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))
SOURCES = {
    "fr": ["xlmt_umsab_sentiment_fr/train.csv", "mlma_hate_fr_en/train_fr.csv", "ftr_racism_fr/train.csv"],
    "en": [
        "tweeteval_sentiment_en/train.csv",
        "complaints_twitter_en/train.csv",
        "olid_offenseval2019_en/train.csv",
    ],
}
PII = {
    "fr": [
        "Appelez {name} au {phone}",
        "son mail : {email}",
        "IBAN {iban}",
        "chez {name}, {address}",
        "carte {card}",
        "client n° sécu {nir}",
    ],
    "en": [
        "call {name} at {phone}",
        "email me at {email}",
        "card {card}",
        "{name} lives at {address}",
        "SSN {ssn}",
        "account {iban}",
    ],
}


def _texts(lang: str, fake: Faker, n: int) -> list[str]:
    texts: list[str] = []
    for name in SOURCES[lang]:
        path = DATA / name
        if path.is_file():
            with path.open(encoding="utf-8") as handle:
                texts += [row["text"] for row in csv.DictReader(handle) if row.get("text")]
    if not texts:
        texts = [fake.paragraph(nb_sentences=3) for _ in range(n)]
    return texts


def build(n: int = 10_000, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    posts: list[dict[str, object]] = []
    for lang, locale in (("fr", "fr_FR"), ("en", "en_US")):
        fake = Faker(locale)
        fake.seed_instance(seed)
        texts = _texts(lang, fake, n)
        for i in range(n // 2):
            text = rng.choice(texts)
            if rng.random() < 0.33:
                values = {
                    "name": fake.name(),
                    "phone": fake.phone_number(),
                    "email": fake.email(),
                    "iban": fake.iban(),
                    "card": fake.credit_card_number(),
                    "address": fake.address().replace("\n", ", "),
                    "nir": fake.ssn(),
                    "ssn": fake.ssn(),
                }
                text = f"{text} {rng.choice(PII[lang]).format(**values)}"
            posts.append({"id": f"{lang}-{i}", "text": text, "lang": lang})
    rng.shuffle(posts)
    return posts


def write(path: Path, n: int = 10_000) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for post in build(n):
            handle.write(json.dumps(post, ensure_ascii=False) + "\n")
    return path
