"""The collisions list (``data/abuse_collisions.txt``) is what ``scripts/build_abuse_collisions.py`` builds,
so a rebuild changes nothing; spellings of listed insults are no collisions ("conard", "conase"), and an
insult said of a person through an article is aimed at them ("Le conard de la voisine …")."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from charte import normalize
from charte.detectors.support import abuse

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_abuse_collisions.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_abuse_collisions", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_list_is_what_a_rebuild_gives() -> None:
    script = _script()
    if any(not p.is_file() for p in script.DICTS):
        pytest.skip("Debian word lists (wamerican, wbritish, wfrench) not installed")
    assert script.main(["--check"]) == 0


def test_hand_words_are_kept_and_listed_spellings_are_not() -> None:
    script = _script()
    assert "conrad" in script.build([], hand=("conrad",))
    assert "conrad" not in script.build([], hand=())
    built = script.build(["conard", "conasse", "canard"], hand=("conard",))
    assert "conard" not in built  # a listed insult ("conard*"), whatever the dictionary says


@pytest.mark.parametrize(
    "text",
    [
        "Le conard de la voisine a encore garé sa voiture devant chez moi.",
        "l'abruti du voisin",
        "quelle conase celle-là",
    ],
)
def test_insults_said_of_a_person_are_aimed(text: str) -> None:
    folded = normalize.folded(text).text
    found = abuse.word_hits(folded, "fr")
    assert found and all(abuse.targeted(folded, folded, h, (h.start, h.end)) for h in found)


def test_rightly_is_no_agreement_with_a_report() -> None:
    folded = normalize.folded(
        "The poster claimed black people are inferior. That's racist nonsense and he was rightly banned."
    ).text
    assert abuse.hate_reading(folded, "en").hits == []
