"""The policy detectors stay linear on hostile input: a 1 MB post finishes in bounded time.

The normalised views are built first (their cost belongs to ``normalize``), then each detector's
own work is timed.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from policykit import make_engine

from charte.detectors.base import Context
from charte.detectors.support.packs import PACKS
from charte.domain import Post

QUIET = [{"name": "Q", "start": "2026-01-01", "end": "2026-12-31", "topics": ["résultats"]}]
ENGINES = {
    "spokesperson": make_engine("spokesperson"),
    "disclosure": make_engine("disclosure"),
    "attribution": make_engine("attribution", {"min_quote_words": 1}),
    "regulated": make_engine("regulated", {"packs": list(PACKS)}),
    "quiet_period": make_engine("quiet_period", quiet=QUIET),
}
HOSTILE = {
    "unclosed quotes": "« " + "nous sommes vraiment " * 50_000,
    "many quotes": "« a b » " * 60_000 + '"a ' * 160_000,
    "digits and officials": ("12,5 % le ministre " + "x" * 30 + " ") * 20_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_one_megabyte_post_is_bounded(name: str) -> None:
    text = HOSTILE[name]
    engine = ENGINES["regulated"]
    ctx = Context(
        Post(text, account="personal", functions=frozenset({"engineer"})),
        "fr",
        engine.policy,
        today=dt.date(2026, 6, 1),
    )
    assert ctx.folded.text and ctx.basic.text
    for detector_id, engine in ENGINES.items():
        (detector,) = engine.detectors
        ctx.policy = engine.policy
        started = time.perf_counter()
        detector.detect(ctx)
        assert time.perf_counter() - started < 8, detector_id  # linear: about 3 s for regulated, all packs
