"""A hostile policy file is refused quickly, in bounded memory, with the file, line and reason — never a
traceback. Each case runs in a child process capped in time and address space (see
benchmarks/bench_policy_limits.py), so a regression fails the test instead of exhausting the machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench_policy_limits as bombs
from charte.errors import PolicyError
from charte.policy.loader import MAX_DEPTH, MAX_NODES, MAX_POLICY_BYTES, load_policy_file, parse_policy

# The budget is 2 s and 200 MB on an idle machine; these bounds leave room for a busy one.
SECONDS = 8.0
PEAK_MB = 200.0


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (bombs.alias_bomb, "aliases"),
        (bombs.deep_flow, "nesting depth"),
        (bombs.deep_block, f"deeper than {MAX_DEPTH}"),
        (bombs.many_values, f"more than {MAX_NODES:,} values"),
        (bombs.oversize, f"larger than {MAX_POLICY_BYTES:,} bytes"),
        (bombs.long_integer, "too many digits"),
    ],
    ids=["alias-bomb", "deep-flow", "deep-block", "many-values", "oversize", "long-integer"],
)
def test_bomb_is_refused_within_budget(make, reason: str) -> None:  # type: ignore[no-untyped-def]
    got = bombs.measure(make(), timeout=30.0, memory_cap=2 << 30)
    assert got["outcome"].startswith("refused: ") and reason in got["outcome"], got
    assert got["seconds"] < SECONDS and got["peak_mb"] < PEAK_MB, got


def test_policy_with_hostile_terms_everywhere_loads_within_budget() -> None:
    got = bombs.measure(bombs.hostile_policy(), timeout=60.0)
    assert got["outcome"] == "loaded", got
    assert got["seconds"] < SECONDS and got["peak_mb"] < PEAK_MB, got


def _issue(text: str):  # type: ignore[no-untyped-def]
    with pytest.raises(PolicyError) as info:
        parse_policy(text, "p.yaml")
    assert len(info.value.issues) == 1
    return info.value.issues[0]


def test_alias_names_file_and_line() -> None:
    issue = _issue("a: &x [1, 2]\nb: 3\nc: *x\n")
    assert (issue.file, issue.line) == ("p.yaml", 3) and "*x" in issue.message and issue.hint


def test_depth_names_the_line_where_it_is_exceeded() -> None:
    issue = _issue(bombs.deep_block(MAX_DEPTH + 5))
    assert issue.line == MAX_DEPTH + 1 and f"deeper than {MAX_DEPTH}" in issue.message


def test_values_python_cannot_build_name_their_line() -> None:
    assert _issue("a: 1\nb: 2026-02-30\n").line == 2
    assert "too many digits" in _issue("a: 1\nb: " + "9" * 5000 + "\n").message


def test_lone_surrogate_is_an_error_not_a_crash() -> None:
    assert "Unicode" in _issue("a: \ud800\n").message


def test_file_over_the_bound_is_not_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(bombs.oversize(), encoding="utf-8")
    with pytest.raises(PolicyError, match="larger than"):
        load_policy_file(path)


def test_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="directory"):
        load_policy_file(tmp_path)


def test_anchor_without_alias_and_nesting_within_bounds_still_load() -> None:
    text = bombs.STARTER.read_text(encoding="utf-8").replace("schema_version: 1", "schema_version: &v 1", 1)
    assert parse_policy(text, "p.yaml").organisation.name
