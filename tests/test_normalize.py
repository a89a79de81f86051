from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from charte import normalize
from charte.normalize import basic, folded


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("C0NFIDENTIEL", "confidentiel", (0, 12)),
        ("voir c o n f i d e n t i e l ici", "confidentiel", (5, 28)),
        ("Сonfidentiel", "confidentiel", (0, 12)),  # Cyrillic Es
        ("con\u200bfidentiel", "confidentiel", (0, 13)),  # zero-width space
        ("Ｃｏｎｆｉｄｅｎｔｉｅｌ", "confidentiel", (0, 12)),  # full-width
        ("le projet Phœnix", "phoenix", (10, 16)),
        ("un doc c.o.n.f.i.d.e.n.t.i.e.l", "confidentiel", (7, 30)),
    ],
)
def test_folded_defeats_evasions_and_maps_back(text: str, needle: str, expected: tuple[int, int]) -> None:
    view = folded(text)
    start = view.text.index(needle)
    span = view.to_original(start, start + len(needle))
    assert (span.start, span.end) == expected


@pytest.mark.parametrize("text", ["mp3 et covid19", "Windows 10", "il y a 3 ans", "2024"])
def test_numbers_are_not_taken_for_leetspeak(text: str) -> None:
    assert folded(text).text == text.lower()


def test_basic_keeps_case_and_folds_width() -> None:
    view = basic("Tél : ０６ １２")
    assert view.text == "Tél : 06 12"


@given(st.text())
def test_views_map_every_character_inside_the_original(text: str) -> None:
    for view in (basic(text), folded(text)):
        for i in range(len(view.text)):
            span = view.to_original(i, i + 1)
            assert 0 <= span.start < span.end <= len(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("@Acme rocks", "@acme rocks"), ("h@te", "hate"), ("@m0ron", "@moron")]
)
def test_a_leading_at_sign_is_a_handle_not_leetspeak(text: str, expected: str) -> None:
    assert folded(text).text == expected


@given(st.text(alphabet="abz0123456789@$!|.-_ é", max_size=16))
def test_the_leetspeak_skip_only_skips_substitutions_that_change_nothing(text: str) -> None:
    if not normalize._LEET_CHANGE.search(text):
        assert normalize._LEET_RE.sub(normalize._unleet, text) == text


@pytest.mark.parametrize(
    ("text", "needle", "expected"),
    [
        ("🅲🅾🅺🅴 dispo", "coke", (0, 4)),  # negative squared capitals
        ("la 🅜🅓🅜🅐 ici", "mdma", (3, 7)),  # negative circled capitals
        ("got 🇨🇴🇰🇪 tonight", "coke", (4, 8)),  # regional indicators: one code point a letter
        ("Ⓒⓞⓚⓔ", "coke", (0, 4)),  # circled: NFKC
        ("🄺🄴🅃🄰", "keta", (0, 4)),  # squared (NFKC) and negative squared mixed
        ("𝐦𝐞𝐭𝐡 𝚌𝚘𝚔𝚎", "coke", (5, 9)),  # mathematical bold and monospace: NFKC
    ],
)
def test_folded_reads_emoji_letters(text: str, needle: str, expected: tuple[int, int]) -> None:
    view = folded(text)
    start = view.text.index(needle)
    span = view.to_original(start, start + len(needle))
    assert (span.start, span.end) == expected


@pytest.mark.parametrize("text", ["🇫🇷 contre 🇦🇷 ce soir", "allez 🇫🇷🇫🇷🇫🇷", "🅰️"])
def test_flags_stay_flags(text: str) -> None:
    """A flag (two regional indicators) or one flag repeated spells no word; a lone "🅰️" becomes "a"."""
    out = folded(text).text
    assert out == ("a" if text == "🅰️" else text.lower())


def test_the_models_read_emoji_letters() -> None:
    from charte.models.features import normalise, normalise_many

    assert normalise("🅲🅾🅺🅴 dispo") == "coke dispo"
    assert normalise_many(["got 🇨🇴🇰🇪", "Ⓒⓞⓚⓔ"]) == ["got coke", "coke"]
