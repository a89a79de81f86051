"""The batch path gives exactly what one post at a time gives: decisions, findings, spans and scores."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
import varied_posts

from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.models import scorer as scorer_module
from charte.policy.loader import parse_policy
from charte.policy.model import Policy

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(scope="module")
def full_engine() -> CheckEngine:
    return CheckEngine(parse_policy(varied_posts.EVERYTHING, "<every detector>"))


@pytest.fixture(scope="module")
def posts() -> list[Post]:
    return varied_posts.build(3000)


def _as_json(decisions: list) -> list[str]:  # type: ignore[type-arg]
    return [json.dumps(d.to_dict(), sort_keys=True, ensure_ascii=False) for d in decisions]


def test_the_varied_posts_exercise_every_detector(full_engine: CheckEngine, posts: list[Post]) -> None:
    fired = {f.detector for p in posts[:1500] for f in full_engine.check(p, today=TODAY).findings}
    assert fired >= {d.id for d in full_engine.detectors}


def test_score_many_equals_the_scorer_post_by_post(posts: list[Post]) -> None:
    scorer = scorer_module.load_default()
    texts = [p.text for p in posts] + [p.text + " " + q.text for p, q in itertools.pairwise(posts)][:500]
    langs = [p.lang for p in posts] + ["fr"] * 500
    one_by_one = [scorer(t, lang) for t, lang in zip(texts, langs, strict=True)]
    for size in (1, 5, 128, len(texts)):
        got = []
        for i in range(0, len(texts), size):
            got += scorer.score_many(texts[i : i + size], langs[i : i + size])
        assert got == one_by_one


@pytest.mark.parametrize("which", ["demo", "every detector"])
def test_check_many_equals_check(
    which: str, engine: CheckEngine, full_engine: CheckEngine, posts: list[Post]
) -> None:
    engine = engine if which == "demo" else full_engine
    assert engine._batch is not None  # the shipped models score batches
    one_by_one = _as_json([engine.check(p, today=TODAY) for p in posts])
    for size in (1, 64, 1000):
        batched = []
        for i in range(0, len(posts), size):
            batched += engine.check_many(posts[i : i + size], today=TODAY)
        assert _as_json(batched) == one_by_one


def test_check_many_without_models_and_with_another_scorer(demo_policy: Policy, posts: list[Post]) -> None:
    def fake(text: str, lang: str) -> dict[str, object]:
        return {"toxicity": 0.9 if "!" in text else 0.1, "sentiment": {"negative": 0.8}, "lang": lang}

    for scorer in (None, fake):
        engine = CheckEngine(demo_policy, scorer=scorer)
        assert engine._batch is None
        sample = posts[:400]
        assert _as_json(engine.check_many(sample, today=TODAY)) == _as_json(
            [engine.check(p, today=TODAY) for p in sample]
        )


def test_empty_batch(engine: CheckEngine) -> None:
    assert engine.check_many([]) == []
