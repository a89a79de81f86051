"""The early return of ``PersonRecognizer._judge`` for one capitalised word with no cue before it: the
apposition after it ("Nora, the store manager") can only make it a name as a first name, since ``_score``
of one word after a weak cue is ``None`` for any other word. That is what the gate skips on."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from charte.detectors.support.pii_person import PersonRecognizer, first_names

_REC = PersonRecognizer(frozenset())
_FIRST = sorted(first_names())
_WORD = st.one_of(
    st.sampled_from(_FIRST).map(str.capitalize),
    st.from_regex(r"[A-ZÉÀ][a-zéèàç'\-]{0,12}\.?|[A-Z]{1,5}\.?", fullmatch=True),
)


@given(_WORD)
def test_one_word_after_a_job_is_a_name_only_as_a_first_name(word: str) -> None:
    span = [(0, len(word), word)]
    assert _REC._is_first(word) or _REC._score(span, "weak") is None


def test_a_first_name_before_a_job_is_still_found() -> None:
    for text in (
        "Merci pour tout. Nora, la responsable du rayon, m'a aidé.",
        "Thank you. Nora, the store manager, helped.",
    ):
        assert any(text[c.start : c.end] == "Nora" for c in _REC.find(text)), text
    assert _REC.find("The end, the store manager said.") == []
