"""The evasion stages do bounded work on hostile 1 MB posts (counted, never timed): each stage makes at
most ``MAX_EDITS`` edits, the e-mail and split-number stages ask at most ``MAX_LOOKUPS`` questions, the
defanged links written back are capped, and the span lookups that replaced n·m scans answer as the scans did.
"""

from __future__ import annotations

import random

import pytest

from charte.detectors.support import defang, pii_evasions
from charte.detectors.support.intervals import Spans
from charte.normalize import basic

HOSTILE = {
    "defang": "hxxps://bit[.]ly/ " * 60000,
    "homoglyphs": "gmаil.com пароль 06 12 34 56 78 " * 30000,
    "words": "zéro six douze trente quatre " * 35000,
    "gaps": "12\n34\u200b56 " * 100000,
    "spaced": "0 6 1 2 " * 130000,
    "emails": "jean point martin arobase gmail point com " * 25000,
    "split": "numéro 06 98. La suite : 76 54 32 " * 30000,
}


def _count(calls: list[str]) -> object:
    def check(value: str) -> bool:
        calls.append(value)
        return True

    return check


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_evasion_view_of_a_hostile_post_makes_bounded_edits(name: str) -> None:
    text = HOSTILE[name][:1_000_000]
    domains: list[str] = []
    numbers: list[str] = []
    view, changed = pii_evasions.evasion_changes(
        basic(text),
        "fr",
        _count(domains),
        lambda v: numbers.append(v) is not None,  # type: ignore[arg-type]
    )
    assert len(changed) <= 7 * pii_evasions.MAX_EDITS
    assert len(domains) <= pii_evasions.MAX_LOOKUPS
    assert len(numbers) <= 3 * pii_evasions.MAX_LOOKUPS
    assert len(view.text) <= 2 * len(text)


def test_defanged_links_are_capped() -> None:
    lookups: list[str] = []
    edits = defang.edits(HOSTILE["defang"][:1_000_000], _count(lookups))  # type: ignore[arg-type]
    assert len(edits) <= 2 * defang.MAX_LINKS
    assert len(lookups) <= defang.MAX_LOOKUPS


def test_a_run_of_number_words_is_read_in_bounded_pieces() -> None:
    words = "zéro six douze trente quatre " * 2000
    edits = pii_evasions._numbers(basic(words), "fr")
    assert 0 < len(edits) <= pii_evasions.MAX_NUMBER_RUNS
    assert all(len(words[s:e].split()) <= pii_evasions.MAX_RUN_WORDS for s, e, _ in edits)


def test_ordinary_evasions_are_still_undone() -> None:
    view = pii_evasions.evasion_view(
        basic("appelle le zéro six douze trente quatre cinquante six soixante dix huit"),
        "fr",
        lambda d: True,
        lambda v: False,
    )
    assert "0612345678" in view.text.replace(" ", "")
    assert "bit.ly/x" in defang.refanged(basic("voir bit[.]ly/x"), lambda d: True).text


def test_spans_answers_as_a_scan_does() -> None:
    rng = random.Random(7)
    spans = [(a, a + rng.randint(0, 30)) for a in (rng.randint(0, 500) for _ in range(80))]
    index = Spans(spans)
    for _ in range(2000):
        s = rng.randint(0, 540)
        e = s + rng.randint(0, 20)
        assert index.overlaps(s, e) == any(a < e and s < b for a, b in spans)
    assert not Spans([]).overlaps(0, 10)


def test_refanged_parts_are_short_and_map_back_to_the_original() -> None:
    text = "x " * 300_000 + "voir bit[.]ly/abc " + "y " * 300_000
    parts = defang.refanged_parts(basic(text), lambda d: True)
    assert len(parts) == 1
    part = parts[0]
    assert "bit.ly/abc" in part.text
    assert len(part.text) < 2 * (defang.AROUND + 50)
    i = part.text.index("bit.ly/abc")
    span = part.to_original(i, i + len("bit.ly/abc"))
    assert text[span.start : span.end] == "bit[.]ly/abc"
    assert defang.refanged_parts(basic("nothing here"), lambda d: True) == []


def test_hostile_defanged_post_gives_a_bounded_number_of_parts() -> None:
    parts = defang.refanged_parts(basic(HOSTILE["defang"][:1_000_000]), lambda d: True)
    assert sum(len(p.text) for p in parts) <= 2 * defang.MAX_LINKS * (2 * defang.AROUND + 100)
