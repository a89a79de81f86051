"""Policy-supplied terms never make the checker backtrack: hostile terms × hostile posts run in time
linear in the post, and the linear-time term patterns find exactly what the old regexes found."""

from __future__ import annotations

import random
import re

import pytest

from benchmarks import bench_policy_limits as bombs
from charte.detectors._phrases import literal
from charte.detectors._terms import TermPattern, term_pattern


def test_hostile_terms_against_hostile_posts_run_in_linear_time() -> None:
    # Today's main took minutes on 40 characters of these; linear matching takes milliseconds.
    short, long = 2_000, 20_000
    got = bombs.measure(bombs.hostile_policy(), {**{f"{k}@short": v for k, v in bombs.hostile_posts(short).items()},
                                                **{f"{k}@long": v for k, v in bombs.hostile_posts(long).items()}},
                        timeout=120.0)
    assert got["outcome"] == "loaded", got
    for name in bombs.hostile_posts(short):
        small, big = got["checks"][f"{name}@short"], got["checks"][f"{name}@long"]
        assert big < 3.0, (name, big)
        # Ten times the text: a linear check costs about ten times as much, a quadratic one a hundred.
        assert big < 40 * small + 0.3, (name, small, big)


def _python_reference(pattern: TermPattern) -> re.Pattern[str]:
    return re.compile(pattern.pattern)


def test_term_pattern_finds_what_the_backtracking_regex_found() -> None:
    rng = random.Random(11)
    for _ in range(3000):
        terms = sorted({"".join(rng.choice("ab -.x1") for _ in range(rng.randint(1, 5))).strip()
                        for _ in range(rng.randint(1, 3))} - {""}, key=len, reverse=True)
        if not terms:
            continue
        compiled = TermPattern(terms)
        text = "".join(rng.choice("ab -._é1\u00a0x€") for _ in range(rng.randint(0, 24)))
        expected = [m.span() for m in _python_reference(compiled).finditer(text)]
        assert [m.span() for m in compiled.finditer(text)] == expected, (terms, text)


@pytest.mark.parametrize(("terms", "text", "found"), [
    (["projet atlas"], "Le Projet-Atlas avance", ["projet-atlas"]),
    (["projet atlas"], "projetatlas et projet_atlas", ["projetatlas", "projet_atlas"]),
    (["atlas"], "atlasien atlas", ["atlas"]),
    (["atlas v", "atlas"], "atlas va", ["atlas"]),
    (["orion"], "café orion, orion", ["orion", "orion"]),
])
def test_term_pattern_keeps_word_boundaries(terms: list[str], text: str, found: list[str]) -> None:
    compiled = term_pattern(terms)
    assert compiled is not None
    folded = text.lower()
    assert [m.group() for m in compiled.finditer(folded)] == found


def test_user_phrase_gaps_do_not_overlap() -> None:
    fragment = literal("x ' ' ' ' y")
    assert fragment == r"x[\s'’]+y"
    assert re.search(fragment, "x ' ' y") and re.search(literal("l'abus"), "l’abus") and re.search(
        literal("l'abus"), "l abus")
