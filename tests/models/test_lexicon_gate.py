"""Every ``Lexicon`` runs RE2 only on texts holding one of the substrings its matches must contain (an
Aho-Corasick pre-check derived from the pattern): on the hand-written cases and on texts built to hit each
lexicon, the matches are those of RE2 alone."""

from __future__ import annotations

import pytest

from benchmarks import functional_suite as fs
from charte import normalize
from charte.detectors.support import abuse, cues
from charte.models import features, lexicons

LEXICONS = {
    name: value
    for module in (lexicons, abuse, cues)
    for name, value in vars(module).items()
    if isinstance(value, lexicons.Lexicon)
}
LEXICONS.update(
    {
        f"{name}[{key}]": value
        for module in (lexicons, cues)
        for name, table in vars(module).items()
        if isinstance(table, dict)
        for key, value in table.items()
        if isinstance(value, lexicons.Lexicon)
    }
)
TEXTS = [c.text for lang in fs.LANGS for c in fs.load(lang)] + [
    "je vends de la beuh, dm moi",
    "where can I buy a glock",
    "faux billets dispo",
    "i will kill you",
    "je vais te retrouver",
    "les immigrés sont des rats",
    "c0ca1ne pas cher",
    "keygen + warez",
    "",
    "on va braquer la banque",
    "fake ids and money laundering",
    "a pipe bomb",
    "drug dealing",
    "hack wifi",
    "coc aine dispo",
]


def _spans(matches) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return [(m.start(), m.end()) for m in matches]


@pytest.mark.parametrize("name", sorted(LEXICONS))
def test_gate_keeps_every_match(name: str) -> None:
    lexicon = LEXICONS[name]
    assert lexicon.gate is not None, "each shipped lexicon has a selective pre-check"
    views = [v for t in TEXTS for v in (normalize.folded(t).text, features.normalise(t))]
    for view in views:
        gated = _spans(lexicon.finditer(view))
        lexicon_gate, lexicon.gate = lexicon.gate, None
        try:
            plain = _spans(lexicon.finditer(view))
        finally:
            lexicon.gate = lexicon_gate
        assert gated == plain, view
    assert any(_spans(lexicon.finditer(v)) for v in views), "no text exercises this lexicon"
