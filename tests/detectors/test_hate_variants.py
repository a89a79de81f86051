"""The misspelling variants of a form: the fast path for words without a doubled letter gives what squeezing
every variant gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charte.detectors.support import hate_words as hw


def _reference(word: str) -> set[str]:
    if len(word) < 5 or not word.isalpha():
        return set()
    out = {hw.squeeze(word)}
    for i in range(1, len(word)):
        out.add(hw.squeeze(word[:i] + word[i + 1 :]))
    for i in range(1, len(word) - 1):
        out.add(hw.squeeze(word[:i] + word[i + 1] + word[i] + word[i + 2 :]))
    return {v for v in out if len(v) >= 4}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_variants_of_every_form_are_the_squeezed_ones(lang: str) -> None:
    for form in hw.forms(lang):
        assert hw.variants(form) == _reference(form), form


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="abcé", min_size=0, max_size=9))
def test_variants_of_any_word_are_the_squeezed_ones(word: str) -> None:
    assert hw.variants(word) == _reference(word)
