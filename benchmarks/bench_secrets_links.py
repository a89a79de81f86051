"""Cost per post of the ``secrets`` and ``links`` detectors and of language identification.

Posts: FR/EN tweets from the labelled data folder when present (else a built-in set of sentences),
a fixed-seed fifth of them with a link appended (ours, allowed, outside, look-alike, shortener) and a
twentieth with a secret, so that both the quick exit and the full path are timed. The ``basic`` view
is built once per post and shared by the detectors (as in the engine); its cost is its own row.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks._report import ROOT
from charte import normalize
from charte.cli.demo import demo_policy_text
from charte.detectors.base import Context
from charte.detectors.links import LinksDetector, LinksParams
from charte.detectors.secrets import SecretsDetector, SecretsParams
from charte.domain import Post
from charte.models import lang
from charte.policy.loader import parse_policy
from charte.policy.model import Rule

#: What this section measures (benchmarks/_measures.py): the secrets and links detectors and language
#: identification, with the demo policy.
MEASURES = (
    "@core",
    "@demo-policy",
    "src/charte/detectors/links.py",
    "src/charte/detectors/secrets.py",
    "src/charte/detectors/support/hosts.py",
    "benchmarks/bench_secrets_links.py",
)

DATA = Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))
N_POSTS = 4000
FALLBACK = (
    "Très fière de notre équipe qui a terminé le salon de Lyon ! Merci à tous pour votre accueil.",
    "Great panel today on accessible design. Slides are on our website, come and say hello.",
    "Le service client ne répond pas depuis trois jours, c'est vraiment décevant.",
    "Just landed in Montréal for the conference, can't wait to meet everyone tomorrow morning.",
)
LINKS = (
    "https://www.acme.com/offres",
    "linkedin.com/company/acme",
    "https://globex.com/news/2026",
    "acme-login.support",
    "https://bit.ly/3xK9abc",
    "www.lemonde.fr/economie/article.html",
)
SECRETS = (
    "mdp : Soleil2024!",
    "token ghp_4fK9LmQ2xR7tV1bN8cZ3wY6pD0sH5jA2eU9i",
    "see https://jira.acme.com/browse/OPS-12",
    "api_key=9f8e7d6c5b4a39281706f5e4d3c2b1a0",
)


def posts() -> tuple[list[str], str]:
    texts: list[str] = []
    source = "built-in sentences"
    for folder in ("xlmt_umsab_sentiment_fr", "xlmt_umsab_sentiment_en"):
        path = DATA / folder / "train.csv"
        if path.is_file():
            with path.open(encoding="utf-8", newline="") as handle:
                texts += [
                    row["text"] for row, _ in zip(csv.DictReader(handle), range(N_POSTS // 2), strict=False)
                ]
            source = "FR/EN tweets of xlmt_umsab_sentiment"
    if not texts:
        texts = [FALLBACK[i % len(FALLBACK)] for i in range(N_POSTS)]
    rng = random.Random(7)
    out = []
    for text in texts:
        roll = rng.random()
        if roll < 0.2:
            text = f"{text} {rng.choice(LINKS)}"
        elif roll < 0.25:
            text = f"{text} {rng.choice(SECRETS)}"
        out.append(text)
    return out, source


def _time(fn: Callable[[object], object], items: list) -> list[float]:
    for item in items[:50]:
        fn(item)
    times = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        times.append(time.perf_counter() - started)
    return times


def run() -> str:
    policy = parse_policy(demo_policy_text(), "<demo policy>")
    secrets = SecretsDetector(
        Rule(id="s", detector="secrets", action="block", severity="critical", clause="6.1"),
        SecretsParams(),
        policy,
    )
    links = LinksDetector(
        Rule(id="l", detector="links", action="review", severity="low", clause="6.2"), LinksParams(), policy
    )
    texts, source = posts()

    def contexts() -> list[Context]:
        """Fresh contexts whose ``basic`` view is already built, as when detectors share it in the engine."""
        out = [Context(Post(text), "fr", policy) for text in texts]
        for ctx in out:
            _ = ctx.basic
        return out

    rows = [
        ("secrets (basic view shared)", _time(secrets.detect, contexts())),
        ("links (basic view shared)", _time(links.detect, contexts())),
        ("basic view, built once per post for all detectors", _time(normalize.basic, texts)),
        ("language identification", _time(lang.identify, texts)),
    ]
    lines = [
        "## Secrets, links and language identification: cost per post\n",
        f"{len(texts):,} posts ({source}, median {statistics.median(map(len, texts)):.0f} characters; "
        "a fifth with a link appended, a twentieth with a secret), one process, one post at a time.\n",
        "| step | median µs | mean µs | p99 µs | posts/s (mean) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, times in rows:
        ordered = sorted(times)
        mean = statistics.fmean(times)
        lines.append(
            f"| {name} | {statistics.median(times) * 1e6:.1f} | {mean * 1e6:.1f} | "
            f"{ordered[int(0.99 * (len(ordered) - 1))] * 1e6:.1f} | {1 / mean:,.0f} |"
        )
    return "\n".join(lines) + "\n"
