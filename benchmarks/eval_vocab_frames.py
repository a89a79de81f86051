"""Real words in neutral frames: how often an everyday word alone makes the check cry wolf (issue #12).

Every word the language identifier knows (``src/charte/models/artefacts/lang_model.json.gz``, ~17,700
words of FR/EN tweets, shipped with the package) that the model holds for clearly French or clearly English
is put in a few neutral sentences of its language ("Did you see the X yesterday?", "Mon X est en panne") and
checked with the finance starter policy (``policies/finance.{lang}.yaml``) as a personal account. A frame says
nothing rude, so a flag comes from the word alone: a word the rules take for abuse (a misspelling rule, a
stem, a threat pattern) or a word the models score high. Words the abuse table lists (``connard``, ``fuck``)
are set apart and counted on their own (those should be flagged). Needs nothing outside the repository.

A flagged post is *rule-based* when the same check without the language models (``scorer=None``) flags it
too, *model-only* otherwise. The rule-based flags are the ones the word lists and their vetoes can fix; the
model-only ones are left to the models' training (hard negatives). The sample is deterministic (every word
when the vocabulary is small enough, otherwise a seeded sample of ``SAMPLE`` words per language).

The same vocabulary vetoes the misspelling rules of the abuse table (``abuse._collisions``), so those rules
cannot misread these exact words: what this finds is the other rules (illegal goods, threats) and the
models. First run (the first four frames), main at 3705abd: FR 35/14,880 posts flagged (0.2 %, 11 rule-based: "attentat",
"fusillade", "stupide", "armée", "voler"…), EN 29/19,384 (0.1 %, 4 rule-based: "stupidity", "armed"…).
"""

from __future__ import annotations

import gzip
import json
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from benchmarks import functional_suite as fs

#: What this section measures (benchmarks/_measures.py): the whole check with the finance starters, on the
#: language identifier's vocabulary (part of @checker).
MEASURES = (
    "@checker",
    "@finance-policies",
    "benchmarks/eval_vocab_frames.py",
    "benchmarks/functional_suite.py",
    "src/charte/detectors/support/data/first_names.txt",
    "src/charte/detectors/support/data/places.txt",
)

VOCABULARY = fs.ROOT / "src" / "charte" / "models" / "artefacts" / "lang_model.json.gz"
#: A word belongs to a language when the identifier prefers it by this many nats over both others.
MARGIN = 1.0
#: Words per language at most (a seeded sample beyond); the whole vocabulary fits today.
SAMPLE = 6000
SEED = 12
#: The issue's ceiling on flags of ordinary public posts.
FP_TARGET = 0.02

FRAMES = {
    "en": (
        "Did you see the {w} yesterday?",
        "I love my new {w}",
        "My {w} is broken again",
        "Looking for a good {w} this weekend, any ideas?",
        "We're going to {w} this weekend",  # a verb's frame: "shoot", "hunt" (no object, no victim)
    ),
    "fr": (
        "Tu as vu le {w} hier ?",
        "J'adore mon nouveau {w}",
        "Mon {w} est en panne",
        "Je cherche un bon {w} pour ce week-end, des idées ?",
        "On va {w} ce week-end",
    ),
}


#: First names and places the PII detector ships (built from Faker's lists): a name is no slur, a town no crime.
NAMES = fs.ROOT / "src" / "charte" / "detectors" / "support" / "data" / "first_names.txt"
PLACES = fs.ROOT / "src" / "charte" / "detectors" / "support" / "data" / "places.txt"
NAME_FRAMES = {
    "en": ("Happy birthday {w}!", "Dinner with {w} tonight, can't wait"),
    "fr": ("Joyeux anniversaire {w} !", "Dîner avec {w} ce soir, trop hâte"),
}
PLACE_FRAMES = {
    "en": ("Heading to {w} tomorrow morning", "Beautiful view over {w} today"),
    "fr": ("On part à {w} demain matin", "Vue magnifique sur {w} aujourd'hui"),
}


def _lines(path: object) -> list[str]:
    from pathlib import Path

    text = Path(str(path)).read_text(encoding="utf-8")
    return sorted({w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")})


def _title(word: str) -> str:
    return " ".join(p[:1].upper() + p[1:] for p in word.split(" "))


def names_and_places(lang: str) -> list[tuple[str, str]]:
    """``(word, post)``: every shipped first name and place, capitalised, in the frames of ``lang``."""
    names = [_title(n) for n in _lines(NAMES)]
    places = [_title(p) for p in _lines(PLACES)]
    return [(w, f.format(w=w)) for w in names for f in NAME_FRAMES[lang]] + [
        (w, f.format(w=w)) for w in places for f in PLACE_FRAMES[lang]
    ]


def words(lang: str) -> list[str]:
    """The identifier's words that are clearly ``lang`` (letters only, 3 or more), sorted, sampled."""
    with gzip.open(VOCABULARY, "rt", encoding="utf-8") as handle:
        table = json.load(handle)["words"]
    out = []
    for word, (fr, other) in table.items():  # log-likelihood ratios against English
        if len(word) < 3 or not word.isalpha():
            continue
        mine = fr - max(0.0, other) >= MARGIN if lang == "fr" else -max(fr, other) >= MARGIN
        if mine:
            out.append(word)
    out.sort()
    if len(out) > SAMPLE:
        out = sorted(random.Random(SEED).sample(out, SAMPLE))
    return out


def listed(words: set[str]) -> set[str]:
    """The ``words`` the abuse table lists (a form or an ending of a listed stem): a flag there is right."""
    from charte.detectors.support import abuse, hate_words

    table = abuse.abuse_table(frozenset())
    return {w for w in words if table.is_abusive(hate_words.fold(w))}


@dataclass
class Outcome:
    lang: str
    word: str
    text: str
    flagged: bool
    rule_based: bool
    causes: tuple[str, ...]


def check(lang: str, texts: list[tuple[str, str]] | None = None) -> list[Outcome]:
    """Every ``(word, post)`` (default: every word of ``lang`` in every frame), checked with and without the
    models."""
    import charte
    from charte.domain import Post

    if texts is None:
        texts = [(w, f.format(w=w)) for w in words(lang) for f in FRAMES[lang]]
    posts = [Post(text=t, lang=lang, account="personal") for _, t in texts]  # type: ignore[arg-type]
    full = fs.engine(lang)
    bare = charte.CheckEngine(full.policy, scorer=None)
    decisions = full.check_many(posts)
    flagged = [i for i, d in enumerate(decisions) if d.verdict.value != "allow"]
    by_rules = bare.check_many([posts[i] for i in flagged])
    rules_flag = {i: d.verdict.value != "allow" for i, d in zip(flagged, by_rules, strict=True)}
    out = []
    for i, ((word, text), decision) in enumerate(zip(texts, decisions, strict=True)):
        causes = tuple(
            sorted(
                {
                    f"{f.rule_id} {f.entity or ''}".strip()
                    for f in decision.findings
                    if f.action.value != "allow"
                }
            )
        )
        out.append(Outcome(lang, word, text, i in rules_flag, rules_flag.get(i, False), causes))
    return out


def _pct(n: int, d: int) -> str:
    return "—" if not d else f"{100 * n / d:.1f} %"


def run() -> str:
    started = time.perf_counter()
    results = {lang: check(lang) for lang in fs.LANGS}
    seconds = time.perf_counter() - started
    lines = [
        "## Real words in neutral frames (finance starter policy, personal account)",
        __doc__.split("\n\n", 1)[1].strip() if __doc__ else "",
        f"{sum(len(r) for r in results.values())} posts ({seconds:.0f} s). Frames: "
        + "; ".join(
            f"{lang}: " + ", ".join(f"“{f.format(w='X')}”" for f in FRAMES[lang]) for lang in fs.LANGS
        )
        + f". Target: at most {100 * FP_TARGET:.0f} % flagged.",
        "",
        "| language | words | posts | flagged | rule-based | model-only | words flagged in any frame "
        "| listed abuse words: posts flagged |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    details: list[str] = []
    for lang in fs.LANGS:
        rows = results[lang]
        abusive = listed({r.word for r in rows})
        plain = [r for r in rows if r.word not in abusive]
        bad = [r for r in rows if r.word in abusive]
        flagged = [r for r in plain if r.flagged]
        rule = [r for r in flagged if r.rule_based]
        model = [r for r in flagged if not r.rule_based]
        n_words = len({r.word for r in plain})
        any_word = {r.word for r in flagged}
        lines.append(
            f"| {lang} | {n_words} | {len(plain)} | **{_pct(len(flagged), len(plain))}** ({len(flagged)}) | "
            f"{_pct(len(rule), len(plain))} ({len(rule)}) | {_pct(len(model), len(plain))} ({len(model)}) | "
            f"{_pct(len(any_word), n_words)} ({len(any_word)}) | "
            f"{_pct(sum(r.flagged for r in bad), len(bad))} ({len(abusive)} words) |"
        )
        for kind, mine in (("rule-based", rule), ("model-only", model)):
            if not mine:
                continue
            per_word: dict[str, int] = defaultdict(int)
            for r in mine:
                per_word[r.word] += 1
            top = sorted(per_word.items(), key=lambda kv: (-kv[1], kv[0]))
            causes = Counter(c for r in mine for c in r.causes)
            shown = 40 if kind == "rule-based" else 30
            details += [
                f"- {lang}, {kind}: {len(per_word)} words; rules: "
                + ", ".join(f"{c} ({n})" for c, n in causes.most_common(5)),
                "  - words (frames flagged): "
                + ", ".join(f"{w} ({n})" for w, n in top[:shown])
                + (f", … (+{len(top) - shown})" if len(top) > shown else ""),
            ]
    return "\n".join(
        [
            *lines,
            "",
            "What was flagged (words of the vocabulary, not the listed abuse words):",
            "",
            *details,
            "",
            *names_section(),
        ]
    )


def names_section() -> list[str]:
    """The shipped first names and places in their own frames: the same split, every flag listed."""
    started = time.perf_counter()
    results = {lang: check(lang, names_and_places(lang)) for lang in fs.LANGS}
    seconds = time.perf_counter() - started
    lines = [
        "### First names and places",
        "",
        f"The {len(_lines(NAMES))} first names and {len(_lines(PLACES))} places the PII detector ships "
        "(`src/charte/detectors/support/data/`), capitalised, in two frames each: "
        + "; ".join(
            f"{lang}: " + ", ".join(f"“{f.format(w='X')}”" for f in (*NAME_FRAMES[lang], *PLACE_FRAMES[lang]))
            for lang in fs.LANGS
        )
        + f" ({sum(len(r) for r in results.values())} posts, {seconds:.0f} s).",
        "",
        "| language | posts | flagged | rule-based | model-only |",
        "| --- | --- | --- | --- | --- |",
    ]
    flags: list[str] = []
    for lang in fs.LANGS:
        rows = results[lang]
        flagged = [r for r in rows if r.flagged]
        rule = [r for r in flagged if r.rule_based]
        lines.append(
            f"| {lang} | {len(rows)} | **{_pct(len(flagged), len(rows))}** ({len(flagged)}) | "
            f"{_pct(len(rule), len(rows))} ({len(rule)}) | "
            f"{_pct(len(flagged) - len(rule), len(rows))} ({len(flagged) - len(rule)}) |"
        )
        flags += [
            f"- {lang}, {'rule-based' if r.rule_based else 'model-only'}: “{r.text}” ({', '.join(r.causes)})"
            for r in flagged[:20]
        ]
    return [*lines, "", *(flags or ["Nothing flagged."])]


if __name__ == "__main__":
    print(run())
