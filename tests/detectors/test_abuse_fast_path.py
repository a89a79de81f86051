"""``_abuse.word_hits`` ends early when no token can be an abusive word (``_cannot_hit``): on every
hand-written case and on evasions of each kind, it finds exactly what the full token loop finds."""

from __future__ import annotations

import pytest

from benchmarks import functional_suite as fs
from charte import normalize
from charte.detectors.support import abuse

EVASIONS = [
    "con nard",
    "sal ope",
    "f*ck you",
    "b***h",
    "c o n n a r d",
    "c.o.n.n.a.r.d",
    "b itch",
    "you fagot!",
    "t'es un conard",
    "fils de pute",
    "filsdepute",
    "a f a g g o t",
    "youpieceofshit",
    "salepute",
    "connnnard",
    "biiiitch",
    "🅱itch",
    "sh❗t",
    "ferme ta gueule",
    "piece of shit",
    "@DICKS",
    "retard",
    "le train a du retard",
    "conne",
    "cone",
    "canard",
    "t es une salope",
    "ta gueule",
    "espece de con",
    "gtfo",
    "this is f***ing great",
]
TEXTS = EVASIONS + [c.text for lang in fs.LANGS for c in fs.load(lang)]


@pytest.mark.parametrize("lang", ["fr", "en", None])
def test_fast_path_finds_what_the_loop_finds(lang: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    folded = [normalize.folded(t).text for t in TEXTS]
    fast = [abuse.word_hits(f, lang) for f in folded]
    monkeypatch.setattr(abuse, "_cannot_hit", lambda text, words: False)
    slow = [abuse.word_hits(f, lang) for f in folded]
    assert fast == slow
    assert any(fast)  # the cases hold abuse: the comparison is not between empty lists only


def test_fast_path_ends_early_on_a_calm_post() -> None:
    text = normalize.folded("Merci pour ce bel accueil, à bientôt au salon de Lyon !").text
    assert abuse._cannot_hit(abuse._emoji_letters(text), abuse._words())
    assert not abuse._cannot_hit("t'es un conard", abuse._words())
