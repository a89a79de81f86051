"""The squeezed word pairs of ``group_mentions``' gate, built from the squeezed words, are the very strings
squeezing each joined pair gives (the gate must open on exactly the posts it opened on before)."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from charte.detectors.support import hate_clause, hate_words

#: Few letters, so that runs and doubled letters where two words meet are common.
_WORDS = st.lists(st.text(alphabet="aabsz9", min_size=1, max_size=6), max_size=8)


@given(_WORDS)
def test_pairs_equal_squeezing_each_pair(raw: list[str]) -> None:
    squeezed = [hate_words.squeeze_word(w) for w in raw]
    expected = [hate_words.squeeze(a + b) for a, b in itertools.pairwise(raw)]
    assert hate_clause._squeezed_pairs(squeezed) == expected


def test_pairs_on_words_of_every_letter() -> None:
    """Exhaustive over two-letter words of the alphabet the gate reads (``[a-z0-9]`` after leet)."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
    words = [a + b for a in alphabet for b in "asz"] + list(alphabet) + ["aa", "ss", "mus", "slims", "sslims"]
    for a in words:
        for b in words:
            pair = hate_clause._squeezed_pairs([hate_words.squeeze(a), hate_words.squeeze(b)])
            assert pair == [hate_words.squeeze(a + b)], (a, b)
