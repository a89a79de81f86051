"""Threat probe (issue #12, "threats against a person, direct or conditional, in any tense"): the whole check
with the finance starter policy of each language on violent threats in chat style and on their look-alikes.

* `benchmarks/data/threat_probe_dev.jsonl` (286 sentences) and `benchmarks/data/threat_probe_test.jsonl` (122)
  were written by a helper before reading the threat rules or running the engine on them. Both languages,
  about two thirds English chat (gaming chat, Discord/Telegram, DMs, texting spelling) and one third French.
  Should-flag constructions: direct, conditional, past/present/future tense, implicit ("watch your back",
  "je sais où tu habites"), threats to family or property, weapons, an address given as a threat (doxxing),
  texting spelling. Must-not-flag: game-internal trash talk (a round, match or boss names the target as an
  avatar), hyperbole ("my mom will kill me"), idioms ("killing it"), news reports of threats, quoted lyrics,
  self-deprecation, fiction, lawful complaints ("my lawyer will be in touch") and ordinary look-alikes. Rows
  whose label needed a judgement carry a ``rationale``.
* `benchmarks/data/threat_probe_dev2.jsonl` (177 English, 67 French) was written by helper ``threats2`` before
  reading the threat rules: chat in many voices (texting, all caps, gamers, exes, neighbours, stalkers,
  workplace, formal menace, emoji), threats direct and conditional in any tense, implicit ones, threats to
  family, pets and property and through third parties ("my cousins will pay you a visit"); about 40 % are
  must-not-flag neighbours: idioms, sport and game talk, news, victims quoting a threat, counter-speech, film
  talk, safety warnings ("watch your back on that ladder") and the kind reading of the same words ("I know
  where you live, I'll drop off the cake"). Its rows repeat no dev or test sentence. It is a tuning split.
* `benchmarks/data/threat_probe_dev3.jsonl` (205 English, 43 French) was written by helper ``threats3`` before
  reading the threat rules, in voices the first two lack: long rambling messages with the threat in the middle,
  the conditional perfect and future perfect ("I would have broken your legs if …"), questions ("want me to
  come break your jaw?"), imperatives ("pray I don't find you"), family, weapons, property, AAVE / roadman /
  gamer slang, misspellings, all caps, weapon emoji and threats quoted by their own author; 41 % are
  must-not-flag neighbours (idioms, sport, games, cooking, fiction, reports, safety warnings, jokes between
  friends taken back with "jk", ordinary long messages). Its rows repeat no dev or dev2 sentence. It is a
  tuning split.
* `benchmarks/data/threat_probe_dev4.jsonl` (110 English, 59 French) was written by helper ``threats4`` before
  reading the threat rules, aimed at the constructions test still misses: veiled threats ("it would be a shame
  if…", "accidents happen", "sleep with one eye open", "je sais où tu habites"), family, property and pets,
  third parties, other tenses and conditionals, in chat, SMS spelling, unaccented French and formal letters;
  42 % are must-not-flag neighbours, many the kind reading of the very same veiled words (a friend offering to
  fetch the kids, "accidents happen" about a vase), plus sport, games, idioms, cooking, news and victims quoting a
  threat. Its rows repeat no dev, dev2 or dev3 sentence. It is a tuning split.
* `benchmarks/data/threat_probe_dev5.jsonl` (167 English, 60 French) was written by helper ``threats5`` before
  reading the threat rules, to measure generalisation rather than to be tuned phrase by phrase: chat in many
  voices (gamers, texting without punctuation, an angry ex, neighbours, the workplace, strangers, slang and
  typos); must-flag implicit and veiled threats, threats to family, partners and pets, conditionals, other
  tenses and questions offering harm; must-not-flag banter between friends, hyperbole about things and tasks,
  sport, games, news of threats, victims quoting a threat to condemn it, the kind reading of veiled words,
  fiction and parents' "sinon" (40 % in all). Its rows repeat no earlier dev sentence. It is a tuning split.
* Dev and test differ in voices (test: forum replies, longer DMs, SMS spelling, other frames). **Only dev may
  be read to improve the rules**; test was run once, at the end, and is the figure to quote.
* The threatgram table is the engine's verdict on the ``val`` rows (``charte.models.corpora.split_of``) of the
  Telegram threat corpus in ``CHARTE_DATA_DIR`` (violent threats vs calls for legal punishment and other
  replies); those rows are held out of training and of the rules' tuning. It is skipped when the data is absent.
* A sentence counts as flagged when the verdict is review or block. Intervals are 95 % Wilson score intervals.

History (2026-12-07): before any fix (main at 60d0e75), dev threats flagged / non-threats allowed were EN 64 % /
74 %, FR 78 % / 80 %, and threatgram `val` 82 % / 84 %. The dev failures were then fixed by families
(``charte.detectors.support.threat_frames``: present and upheld-past threats, family, property, weapons, the
passive, implicit threats, harm to the reader's body, doxxing; game, fiction, regret-of-a-purchase and idiom
frames), giving dev EN 98 % / 94 %, FR 100 % / 98 %, threatgram `val` 82 % / 84 % (349/428, 625/743). Test, run
once at the end: EN 45 % → 60 % (28/47) flagged and 84 % → 94 % (29/31) allowed, FR 77 % → 81 % (21/26) and
89 % → 94 % (17/18). The gap between dev and test in English is the honest size of what phrase rules
written on 106 threats generalise to; nothing was changed after the test run.

Second round (helper ``threats2``, 2026-12-07, main at 7a754f7): dev2 before any change EN 63 % (67/107)
flagged / 79 % (55/70) allowed, FR 63 % (26/41) / 85 % (22/26). Its failures, and fresh variations written
by the same helper, were fixed by frames (``charte.detectors.support.threat_implicit``: what the reader will
not survive, knowledge of the family's routine, danger "happening" to family, pets or property, harm
delegated to friends, weapons made ready, past acts on the reader's property, hits ordered, street words;
``charte.detectors.support.threat_guards``: hazards, victims quoting a threat, condemnation and news, legal
recourse, friendly occasions, idioms), giving dev2 100 % / 100 % in both languages (a tuning figure), dev
unchanged (EN 100 % / 94 %, FR 100 % / 98 %), threatgram `val` unchanged (350/428, 624/743) and the same
ordinary posts flagged. Test, run once at the end: EN 60 % → 66 % (31/47) flagged, 94 % (29/31) allowed;
FR 81 % → 85 % (22/26), 94 % (17/18). English threats on test remain under the 80 % target: implicit 3/8,
other tenses 2/5, family 2/4.

Third round (helper ``threats3``, 2026-12-07, main at c0c9fc7): dev3 before any change EN 55 % (66/121)
flagged / 81 % (68/84) allowed, FR 64 % (16/25) / 78 % (14/18). Its failures were fixed by sentence forms
(``charte.detectors.support.threat_forms``: the conditional perfect held back, harm watched or done until the
reader cannot stand, questions offering harm, imperatives aimed at the reader, family harmed on a condition,
a coffin for the reader, a weapon with the author on the way, property in the passive, the street passive,
weapon emoji, misspelt harm; a threat quoted by its own author is no counter-speech) and guards (cooking, a
joke taken back after the words, someone else's anger, kill-for idioms, chemical hazards; "boss" alone no
longer names a game), giving dev3 EN 99 % / 99 %, FR 100 % / 100 % (a tuning figure), dev and dev2 unchanged,
threatgram `val` 349/428, 624/743, and the same ordinary posts flagged (EN 1.9 %, FR 1.8 % personal). The
fast model's threat head was measured as a review band for short second-person messages and not used: of the
55 dev3 threats the rules missed before the fix, 9 score ≥ 0.3 while 26 of 84 look-alikes do (and 2 of 706 short
second-person ordinary posts). Test, run once
at the end: EN 66 % → 68 % (32/47) flagged, 94 % (29/31) allowed; FR unchanged 85 % (22/26), 94 % (17/18).
By construction on test EN: texting 3/5 → 4/5; implicit 3/8, other tenses 2/5, weapon/property 3/5, family
2/4 unchanged: forms written on a third dev set barely reach test's phrasings, and phrase rules alone do not
close the gap to 80 %.

Fourth round (helper ``threats4``, 2026-12-07, main at 2228d1f): dev4 before any change EN 64 % (41/64)
flagged / 83 % (38/46) allowed, FR 62 % (21/34) / 84 % (21/25). Its failures, and about 200 fresh variations
written by the same helper in other voices (formal letters, sarcasm, SMS spelling, other tenses), were fixed by
open forms (``charte.detectors.support.threat_veiled``: watching then "see you soon", who the reader is dealing
with, "in your place", the family harmed on a condition on the reader's conduct, pets and property "having an
accident", harm bought, the body never found, the weapon used "next time", safety no longer guaranteed, last
rites) and guards (lifting and boxes as hazards, "b site" and "every round" as games, a quoted threat condemned,
new neighbours and offers to walk someone home as friendly, reported speech of a villain, regret of not coming),
giving dev4 EN 100 % / 100 %, FR 100 % / 96 % (a tuning figure), dev, dev2 and dev3 unchanged, threatgram `val`
unchanged (349/428, 624/743) and the same ordinary posts flagged (EN 1.9 %, FR 1.8 % personal). The new forms
add under 1 µs per ordinary post behind the pre-check. Test, run once at the end: EN unchanged 68 % (32/47)
flagged, 94 % (29/31) allowed; FR 85 % → 88 % (23/26), 94 % (17/18). English implicit (3/8), family (2/4) and
other tenses (2/5) on test are unchanged: a fourth set of hand-written forms again does not reach test's
phrasings, which is the strongest sign yet that the English target needs a learned stage, not more phrases.

Fifth round (helper ``threats5``, 2026-12-07, main at 2118082): dev5 blind, before any change, EN 62 % (63/102)
flagged / 78 % (51/65) allowed, FR 71 % (24/34) / 88 % (23/26). Instead of sentence forms, threats composed from
slots (``charte.detectors.support.threat_compose``: who is harmed — the reader's body, family, partner, pets or
property — times what happens — a harm verb or an end state: a straw, a body bag, "going missing", never walking
again — times what makes it a promise: the future, a condition, "or", a question, "if I were you", a provocation
and "see what happens") and guards of the same kind (``threat_banter``: a trivial trigger such as fries, a spoiler
or a pun with no weapon, body part or family; a parent's "sinon … privé de dessert"; a pet as the agent; someone
else's threat reported; sales and bonuses). The wished-harm rule of ``abuse`` shares ``threat_implicit``'s kin
lists. Dev5 after: EN 96 % / 100 %, FR 97 % / 100 % (a tuning figure); dev to dev4 unchanged (dev4 FR allowed 96 %
→ 100 %); threatgram `val` unchanged (345/427, 622/743); ordinary posts flagged unchanged (EN 1.8 %, FR 1.8 %
personal). The model's threat head with a lower threshold plus a second-person or kin signal was measured on dev5's
blind misses and not used: 8 of 39 missed threats score ≥ 0.35 while 13 of 51 allowed look-alikes do (nearly all of
both address the reader, so the second signal separates nothing). Test: EN 68 % → 72 % (34/47) flagged, 94 %
(29/31) allowed; FR unchanged 88 % (23/26), 94 % (17/18). By construction on test EN: implicit 3/8 → 4/8, family
2/4 → 3/4, other tenses 2/5 unchanged. A scratch set of 25 fresh English threats and 15 look-alikes, written by the
same helper after the fix and never tuned on, is caught 10/25 (14/15 allowed) by main and by this round alike:
slots reach the phrasings their word lists name and little beyond, the same lesson as the earlier rounds; closing
the English gap needs a learned threat stage.

Sixth round (helper ``threat7``, 2026-12-08, main at 3705abd), on ThreatGram train/dev only: of the dev threats
missed, 50 scored ≥ 0.9 on the threat head and were vetoed by the "aimed at no one" guard (calls for punishment
of politicians name no reader: "Public hangings for treason"). The guard now reads the sense of the head's
trigger word (``charte.detectors.support.threat_senses``): a violent punishment counts without a name, an
everyday sense ("hang the painting", "executed the trade") overrules the head alone below toxicity 0.3; calls to
kill people by a pronoun or in the passive ("Assassinate him", "he has to be murdered") are threats. ThreatGram
dev 64 % → 77 % flagged, 86 % allowed unchanged; no verdict of the threat probe dev sets, ordinary posts, functional
suite or other dev sets changes. Read once at the end: threatgram `val` 71 % → 78 % (302 → 335/427) flagged, 84 %
(627 → 626/743) allowed; test unchanged (EN 72 % / 97 %, FR 88 % / 94 %).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import eval_probe2
from benchmarks import functional_suite as fs
from benchmarks.eval_probe2 import cell, flagged_texts, validated

#: What this section measures (benchmarks/_measures.py): the whole check with the finance starters on the
#: threat probe and on the held-out rows of the Telegram threat corpus.
MEASURES = (
    "@checker",
    "@finance-policies",
    "src/charte/models/corpora.py",
    "benchmarks/eval_threat_probe.py",
    "benchmarks/eval_probe2.py",
    "benchmarks/functional_suite.py",
    "benchmarks/data/threat_probe_dev.jsonl",
    "benchmarks/data/threat_probe_dev2.jsonl",
    "benchmarks/data/threat_probe_dev3.jsonl",
    "benchmarks/data/threat_probe_dev4.jsonl",
    "benchmarks/data/threat_probe_dev5.jsonl",
    "benchmarks/data/threat_probe_test.jsonl",
)

DATA = fs.ROOT / "benchmarks" / "data"
SPLITS = ("dev", "dev2", "dev3", "dev4", "dev5", "test")
#: The issue's targets on the hidden chat-threat suite: threats flagged, non-threats allowed.
TARGET = (0.80, 0.80)
_OPTIONAL = frozenset({"rationale"})
_THREATGRAM = "threatgram101_telegram_threats_en/train.csv"


@dataclass(frozen=True)
class Row(eval_probe2.Row):
    """One probe sentence, what a moderator expects of it, and why when the label needed a judgement."""

    rationale: str = ""


def path(split: str) -> Path:
    """The file of one split (``dev`` to ``dev5`` or ``test``)."""
    if split not in SPLITS:
        raise ValueError(f"unknown threat probe split {split!r}: expected one of {', '.join(SPLITS)}")
    return DATA / f"threat_probe_{split}.jsonl"


def parse(lines: Iterable[str], where: str) -> list[Row]:
    """Validate JSON Lines rows (``eval_probe2.validated``, a ``rationale`` allowed); a bad row is an error
    naming its line and what is wrong with it."""
    return [Row(**raw) for raw in validated(lines, where, _OPTIONAL)]


def load(split: str) -> list[Row]:
    """The validated rows of one split."""
    file = path(split)
    return parse(file.read_text(encoding="utf-8").splitlines(), file.name)


def threatgram_val(data: Path) -> list[tuple[str, bool]]:
    """The held-out (``val``) rows of the Telegram threat corpus: (text, is a violent threat)."""
    import csv

    from charte.models.corpora import split_of

    with (data / _THREATGRAM).open(encoding="utf-8", newline="") as handle:
        return [
            (r["text"], r["label"] == "violent_threat")
            for r in csv.DictReader(handle)
            if split_of(r["text"]) == "val"
        ]


def report(results: Mapping[str, Sequence[tuple[Row, bool]]]) -> str:
    """The per-language and per-construction tables from each split's (row, flagged) pairs."""
    return eval_probe2.report(
        results,
        ("threats: flagged", "non-threats: allowed"),
        "Share of sentences given the expected verdict, 95 % Wilson interval and count.",
        SPLITS,
    )


def threatgram_report(data: Path) -> str:
    """Threats flagged / non-threats allowed on the held-out Telegram rows, or why it was skipped."""
    if not (data / _THREATGRAM).is_file():
        return f"Threatgram: skipped, `{_THREATGRAM}` not found under CHARTE_DATA_DIR."
    rows = threatgram_val(data)
    hits = flagged_texts([(t, "en") for t, _ in rows])
    threats = [f for (_, y), f in zip(rows, hits, strict=True) if y]
    others = [not f for (_, y), f in zip(rows, hits, strict=True) if not y]
    return "\n".join(
        [
            "### Telegram threats (threatgram `val` rows, English)",
            "",
            f"Target on the hidden chat-threat suite: ≥ {TARGET[0]:.0%} / ≥ {TARGET[1]:.0%}.",
            "",
            "| threats: flagged | non-threats: allowed |",
            "| --- | --- |",
            f"| {cell(threats)} | {cell(others)} |",
        ]
    )


def run() -> str:
    results: dict[str, list[tuple[Row, bool]]] = {}
    for split in SPLITS:
        rows = load(split)
        results[split] = list(zip(rows, flagged_texts([(r.text, r.lang) for r in rows]), strict=True))
    sizes = ", ".join(f"{split} {len(results[split])}" for split in SPLITS)
    data = Path(os.environ.get("CHARTE_DATA_DIR", fs.ROOT.parent / "shared" / "data"))
    return "\n\n".join(
        [
            "## Threat probe (finance starter policy)",
            __doc__.split("\n\n", 1)[1].strip() if __doc__ else "",
            f"Sentences: {sizes}.",
            report(results),
            threatgram_report(data),
        ]
    )
