"""The literal prefilter of the intent cues (``charte.prefilter.AnyOf``) answers exactly as the plain alternation
would: on the cues themselves, on texts in English and French, in any case, with accents composed or not, and
with the characters ``re.IGNORECASE`` matches to a letter though ``str.lower`` does not give it."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charte.listening import intent
from charte.prefilter import AnyOf

PATTERNS = (
    r"\bstill (?:waiting|no\b|not\b)",
    r"\b(?:been|kept) waiting\b",
    r"(?<!you )\b(?:getting|got) (?:this|an) error\b",
    r"\bunacceptable\b|\bridiculous\b|#fix ?it\b",
    r"\bj'attends (?:depuis|toujours)\b|\bça fait \w+ (?:jours|mois)\b",
    r"\b(?:no|zero) (?:reply|answer)\b",  # no literal of 3 letters required by every match: always searched
    r"[|(]x|y\b",  # "|" and "(" inside a class are not alternatives
    r"[]|]z|w\b|[^]|]v",  # nor after a class's opening "]" or "^]"
    r"\bİstanbul\b|\bοδοσ\b|\bſtop\b",  # literals whose case has more than two forms
)
TEXTS = (
    "I am STILL WAITING for my order",
    "still nothing",
    "you got an error there",
    "I got an error again",
    "this is \u017ftill waiting",  # the long s: re.IGNORECASE reads it as s
    "RIDICULOUS",
    "#FixIt now",
    "j'attends depuis lundi",
    "Ça fait trois MOIS",
    "zero reply",
    "no answers",
    "a (x) and y",
    "a |z and ]v",
    "nothing to see",
    "ISTANBUL",
    "ıstanbul",  # the dotless i
    "İSTANBUL",
    "ΟΔΟΣ",  # a final capital sigma: str.lower writes ς, the literal has σ
    "οδος",
    "STOP",
    "",
)


def _plain(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


@pytest.mark.parametrize("text", TEXTS)
def test_same_answer_as_the_alternation(text: str) -> None:
    assert AnyOf(PATTERNS).search(text) == (_plain(PATTERNS).search(text) is not None)


def test_unusable_literals_are_always_searched() -> None:
    found = AnyOf((r"\b(?:no|zero) (?:reply|answer)\b", r"\bk\w+"))
    assert found.search("ZERO REPLY") and found.search("Kelvin") and not found.search("nothing")


def test_a_bad_pattern_is_refused_with_re_message() -> None:
    with pytest.raises(re.error, match="missing \\)"):
        AnyOf((r"\bstill (waiting",))


def test_intent_cues_still_found() -> None:
    assert intent.complaint_cue("Still waiting for my refund!!")
    assert intent.complaint_cue("toujours aucune réponse")
    assert not intent.complaint_cue("lovely coffee this morning")
    assert intent.agent_reply("So sorry to hear that, please DM us *MS")
    assert not intent.agent_reply("the queue took forever")


def _cue_sets() -> dict[str, AnyOf]:
    found = {name: value for name, value in vars(intent).items() if isinstance(value, AnyOf)}
    found.update({f"family {name}": cues for name, cues in intent._FAMILY.items()})
    return found


CUE_SETS = _cue_sets()
PLAIN = {
    name: re.compile("|".join(p.pattern for p in s.patterns), re.IGNORECASE) for name, s in CUE_SETS.items()
}
#: Pieces of mentions, cue words among them, that the texts below are made of.
PIECES = (
    "still waiting",
    "toujours aucune réponse",
    "ne marche pas",
    "merci pour rien",
    "j'en ai marre",
    "been waiting for 3 hours",
    "no reply",
    "sorry to hear that",
    "nous sommes désolés",
    "écrivez-nous en MP",
    "please DM us",
    "thank you for resolving my issue",
    "where is my order??",
    "#fixit",
    "broadband gone off again",
    "3rd time I call",
    "dégoûtée",
    "pas sérieux",
    "galère",
    "c'est une honte",
    "inadmissible",
    "the",
    "café",
    "!!",
    "@Acme",
    "\u017f",  # the long s
    "\u212a",  # the Kelvin sign
    "\u0130",  # the dotted capital I
    "\u0131",  # the dotless i
    "\u03a3",
    "\u00df",
    "\u1e9e",  # the capital sharp s
    "\u0301",  # a combining acute accent
)


def _variant(text: str, how: int) -> str:
    return (
        text,
        text.upper(),
        text.swapcase(),
        unicodedata.normalize("NFD", text),
        text.replace("s", "\u017f").replace("k", "\u212a").replace("i", "\u0131"),
        text.title(),
    )[how]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=6),
    st.sampled_from([" ", "", ", ", "\n"]),
    st.integers(0, 5),
)
def test_every_cue_set_answers_as_its_plain_alternation(pieces: list[str], glue: str, how: int) -> None:
    text = _variant(glue.join(pieces), how)
    for name, cues in CUE_SETS.items():
        assert cues.search(text) == (PLAIN[name].search(text) is not None), (name, text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", categories=("L", "M", "Zs", "P")), max_size=40))
def test_any_unicode_text_gets_the_plain_answer(text: str) -> None:
    for name, cues in CUE_SETS.items():
        assert cues.search(text) == (PLAIN[name].search(text) is not None), (name, text)


def test_the_cue_sets_found_are_the_modules() -> None:
    assert "_COMPLAINT" in CUE_SETS and len(CUE_SETS) >= 10
