"""Language identification (French, English, other) offline and within the speed budget.

A naive Bayes model over words, with character trigrams consulted only when the words leave the
answer open (few known words, or a close call). It is trained on labelled FR/EN tweets and
multilingual tweets (Spanish, Italian, Portuguese, German, Dutch, Tagalog as "other", plus
Faker's word lists of a dozen more languages) by ``python -m charte.models.train_lang`` and
shipped as ``lang_model.json.gz`` (about 200 KiB). Posts written mostly in non-Latin letters are
"other" at once. Each feature holds ``complex(fr - en, other - en)`` log-likelihood ratios, so a post is
scored by one ``sum(map(...))`` in C. ``benchmarks/eval_lang.py`` holds the measurements that
chose it over function-word counts and py3langid.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from itertools import repeat
from pathlib import Path

CLASSES = ("fr", "en", "other")
MODEL_PATH = Path(__file__).with_name("artefacts") / "lang_model.json.gz"

#: Only the head of a long post is read: language is settled long before, and time stays bounded.
MAX_CHARS = 1000
#: Below this margin (in nats) between the two best languages, trigrams are added to the words.
WORD_MARGIN = 3.0

# URLs, @mentions and HTML entities say nothing about the language; hashtags keep their word.
_NOISE = re.compile(r"(?:https?://|www\.)\S*|@\w+|&#?\w+;")
_WORD = re.compile(r"[^\W\d_]+")
# Letters outside the Latin blocks (Cyrillic, Greek, Arabic, CJK…): a post written mostly in them is "other".
_NON_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff]")


def tokens(text: str) -> list[str]:
    """Lower-case words of ``text`` (letters only), without URLs and mentions."""
    return _WORD.findall(_NOISE.sub(" ", text[:MAX_CHARS].lower()))


def trigrams(words: list[str]) -> list[str]:
    """Character trigrams of the words joined by single spaces, padded at both ends."""
    s = " " + " ".join(words) + " "
    return [s[i : i + 3] for i in range(len(s) - 2)]


@cache
def _model() -> tuple[dict[str, complex], dict[str, complex]]:
    with gzip.open(MODEL_PATH, "rt", encoding="utf-8") as handle:
        data = json.load(handle)
    if data.get("format") != 1 or tuple(data.get("classes", ())) != CLASSES:
        raise ValueError(
            f"{MODEL_PATH.name}: unexpected model format; retrain it with charte.models.train_lang"
        )
    return (
        {w: complex(*v) for w, v in data["words"].items()},
        {g: complex(*v) for g, v in data["trigrams"].items()},
    )


def _decide(z: complex) -> tuple[str, float]:
    """The best class for the score ``z`` and its margin over the runner-up."""
    scores = sorted(((z.real, "fr"), (0.0, "en"), (z.imag, "other")), reverse=True)
    return scores[0][1], scores[0][0] - scores[1][0]


def identify(text: str) -> str:
    """Return ``"fr"``, ``"en"`` or ``"other"`` for ``text`` (``"other"`` when there is nothing to judge)."""
    words_table, trigram_table = _model()
    words = tokens(text)
    if not words:
        return "other"
    joined = "".join(words)
    if not joined.isascii() and 2 * len(_NON_LATIN.findall(joined)) > len(joined):
        return "other"
    scores = list(map(words_table.get, words))
    known = len(words) - scores.count(None)
    z = sum(filter(None, scores), 0j)
    lang, margin = _decide(z)
    if known >= 2 and margin >= WORD_MARGIN:
        return lang
    grams = trigrams(words)
    tri = list(map(trigram_table.get, grams, repeat(None)))
    if known == 0 and tri.count(None) == len(tri):
        return "other"  # no feature seen in training: another script or language
    z += sum(filter(None, tri), 0j)
    return _decide(z)[0]


def vocabulary() -> frozenset[str]:
    """The words the model knows (lower case): a list of real FR/EN words that a misspelling rule must
    not take for something else."""
    return frozenset(_model()[0])
