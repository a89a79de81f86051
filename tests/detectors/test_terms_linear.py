"""Policy-supplied terms never make the checker backtrack: hostile terms × hostile posts run in time
linear in the post, and the linear-time term patterns find exactly what the old regexes found."""

from __future__ import annotations

import random
import re
import time

import pytest

from benchmarks import bench_policy_limits as bombs
from charte import normalize
from charte.detectors.support.phrases import literal
from charte.detectors.support.terms import squeeze, term_pattern


def test_hostile_terms_against_hostile_posts_run_in_linear_time() -> None:
    # Today's main took minutes on 40 characters of these; linear matching takes milliseconds.
    short, long = 2_000, 20_000
    got = bombs.measure(
        bombs.hostile_policy(),
        {
            **{f"{k}@short": v for k, v in bombs.hostile_posts(short).items()},
            **{f"{k}@long": v for k, v in bombs.hostile_posts(long).items()},
        },
        timeout=120.0,
    )
    assert got["outcome"] == "loaded", got
    for name in bombs.hostile_posts(short):
        small, big = got["checks"][f"{name}@short"], got["checks"][f"{name}@long"]
        assert big < 3.0, (name, big)
        # Ten times the text: a linear check costs about ten times as much, a quadratic one a hundred.
        assert big < 40 * small + 0.3, (name, small, big)


def test_every_term_match_is_a_whole_word_occurrence_of_a_term() -> None:
    """Soundness on random terms and posts: each match, separators removed, is a term; it starts and ends
    on a word boundary; matches do not overlap; and a lone occurrence of a term is always found."""
    rng = random.Random(11)
    for _ in range(3000):
        terms = [
            "".join(rng.choice("ab -.x1") for _ in range(rng.randint(1, 6))) for _ in range(rng.randint(1, 4))
        ]
        compiled = term_pattern(terms)
        if compiled is None:
            continue
        text = "".join(rng.choice("ab -._é1\u00a0x€,") for _ in range(rng.randint(0, 30)))
        previous_end = 0
        for m in compiled.finditer(text):
            start, end = m.span()
            assert start >= previous_end and end > start, (terms, text)
            assert squeeze(text[start:end]) in compiled.keys, (terms, text, m.span())
            assert not (start and text[start - 1] in WORD) and not (end < len(text) and text[end] in WORD)
            previous_end = end
        first = normalize.folded(terms[0]).text.strip(" -.")
        alone = f"{rng.choice(['', 'z ', '(', 'é '])}{first}{rng.choice(['', ' z', ')', '!'])}"
        if squeeze(first):
            assert [m.group() for m in compiled.finditer(alone)], (terms, alone)


def test_term_count_does_not_change_the_cost_per_character() -> None:
    rng = random.Random(5)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(5, 12)))
        for _ in range(10_000)
    ]
    many = term_pattern(f"{a} {b}" for a, b in zip(words[::2], words[1::2], strict=True))
    assert many is not None and len(many.keys) > 4_900
    text = " ".join(rng.choice(words) for _ in range(20_000))  # ~180,000 characters full of near-misses
    started = time.perf_counter()
    found = sum(1 for _ in many.finditer(text))
    assert time.perf_counter() - started < 3.0 and found > 0


@pytest.mark.parametrize(
    ("terms", "text", "found"),
    [
        (["projet atlas"], "Le Projet-Atlas avance", ["projet-atlas"]),
        (["projet atlas"], "pro-jet at.las, enfin", ["pro-jet at.las"]),
        (["x - - - - y"], "x" + "-" * 5000 + "y", ["x" + "-" * 5000 + "y"]),
        (["projet atlas"], "projetatlas et projet_atlas", ["projetatlas", "projet_atlas"]),
        (["atlas"], "atlasien atlas", ["atlas"]),
        (["atlas v", "atlas"], "atlas va", ["atlas"]),
        (["orion"], "café orion, orion", ["orion", "orion"]),
    ],
)
def test_term_pattern_keeps_word_boundaries(terms: list[str], text: str, found: list[str]) -> None:
    compiled = term_pattern(terms)
    assert compiled is not None
    folded = text.lower()
    assert [m.group() for m in compiled.finditer(folded)] == found


WORD = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def test_user_phrase_gaps_do_not_overlap() -> None:
    fragment = literal("x ' ' ' ' y")
    assert fragment == r"x[\s'’]+y"
    assert (
        re.search(fragment, "x ' ' y")
        and re.search(literal("l'abus"), "l’abus")
        and re.search(literal("l'abus"), "l abus")
    )


def test_a_term_list_beyond_the_bound_is_refused_with_the_rule_named() -> None:
    from charte.detectors.support.terms import MAX_TERM_CHARS
    from charte.engine.engine import CheckEngine
    from charte.errors import PolicyError
    from charte.policy.loader import parse_policy

    terms = ", ".join(f'"code name {i:06d}"' for i in range(MAX_TERM_CHARS // 10))
    text = bombs.STARTER.read_text(encoding="utf-8").replace("    terms: []\n", f"    terms: [{terms}]\n", 1)
    with pytest.raises(PolicyError) as info:
        CheckEngine(parse_policy(text, "p.yaml"), scorer=None)
    issue = info.value.issues[0]
    assert issue.field.startswith("rules[") and "characters of terms" in issue.message and issue.line
