"""The style-shifted dev probe (issue #12): does the hate judgement carry across writing styles?

``benchmarks/data/probe_styles_dev.jsonl`` (112 EN + 112 FR, 62 % should-flag) holds the hate constructions of
``probe2_dev.jsonl`` and their must-not-flag counterparts written as forum replies, SMS and texting ("jsuis pas
raciste mais", "c des rats", "u r", "theyre"), without accents, in capitals, franglais, and as long rambling
sentences with the hate in the middle. It was written before the rules were read and is a *dev* set: it may be
read to improve the rules. The held-out measure stays ``probe2_test.jsonl`` (``eval_probe2``), never read here.

Not a section of ``make eval`` (it has none of the finance constructions of the probe2 splits); run it with
``CHARTE_DATA_DIR=… PYTHONPATH=src:. python -m benchmarks.probe_styles [--misses]``.

The same report reads the other hand-written dev sets with ``--set NAME`` (a file ``benchmarks/data/NAME.jsonl``
in the probe row format), e.g. ``--set probe6_dev``: 154 EN/FR offers and requests of illegal goods (drugs,
weapons, fake documents, stolen cards and accounts, counterfeits) in SMS, slang, emoji and vendor styles, and
42 % must-not-flag look-alikes (seizure news, police appeals, pharmacies, bullion and car dealers, legalisation
debate, harm reduction, snow, weeds, game items, jokes), written by helper ``illegal2`` before reading the
illegal-goods rules; ``--set probe8_dev``: 176 EN/FR hate cases (derogation without profanity,
dehumanisation, calls for violence, negated positives, questions and opinions, subordinate clauses, pronouns
across sentences) and 40 % must-not-flag mirrors (counter-speech that quotes or condemns, news and study
reports, reclaimed words, neutral mentions, pronouns whose antecedent is no group), written by helper
``hate7`` before reading the hate rules (blind first run: EN 94 % flagged / 77 % allowed, FR 91 % / 74 %);
``--set probe9_dev``: 213 more illegal-goods cases (120 must-flag offers and requests, 93 must-not-flag legal
shops, pharmacies, hunting shops, collectors, slang look-alikes such as pizza "za", cooking "gas", posture "lean",
news, harm reduction and jokes), written by helper ``illegal3`` before reading the rules, for generalisation;
``--set probe10_dev``: 200 more EN/FR hate cases (121 EN, 79 FR; 60 % should-flag), weighted to pronouns
across sentences and the English constructions, with slur spellings and the must-not-flag mirrors
(counter-speech, reclaimed words, profanity at no one, abuse of things and pests, neutral mentions, pronouns
for no group), written by helper ``hate8`` before reading the hate rules (blind first run: EN 95 % flagged /
96 % allowed, FR 94 % / 100 %);
``--set probe11_dev``: 154 EN/FR spelling evasions (120 must-flag): offers and requests written in emoji letters
("🅲🅾🅺🅴", regional indicators "🇨🇴🇰🇪", circled, squared, full-width and mathematical letters), Cyrillic
homoglyphs, split names ("coc aine", "mé tha"), euphemisms next to a trade cue ("party favours", "snow",
"de la neige", "white girl") and a few slurs in emoji letters; must-not-flag: party favours for a birthday,
snowfall, "c'est de la bombe", pharmacies, cannabis news, emoji-decorated ordinary posts. Written by helper
``illegal4`` before reading the detectors (blind first run: EN 75 % flagged / 89 % allowed, FR 85 % / 100 %).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from benchmarks import eval_probe2 as p2

PATH = p2.DATA / "probe_styles_dev.jsonl"


def load(path: Path = PATH) -> list[p2.Row]:
    """The validated rows of the style dev set (or of another dev set in the same format)."""
    return p2.parse(path.read_text(encoding="utf-8").splitlines(), path.name)


def report(rows: list[p2.Row], flagged: list[bool], misses: bool = False) -> str:
    """Per language and per construction: the share given the expected verdict (Wilson 95 % interval)."""
    table: dict[tuple[str, str, str], list[bool]] = defaultdict(list)
    for row, was in zip(rows, flagged, strict=True):
        ok = p2.correct(row, was)
        table[(row.lang, row.expected, "all")].append(ok)
        table[(row.lang, row.expected, row.construction)].append(ok)
    lines = ["| language | expected | construction | right |", "| --- | --- | --- | --- |"]
    for key in sorted(table, key=lambda k: (k[0], k[1] != "flag", k[2] != "all", k[2])):
        lines.append(f"| {key[0]} | {key[1]} | {key[2]} | {p2.cell(table[key])} |")
    if misses:
        lines += [""] + [
            f"- {r.lang} {r.construction} ({r.expected}): {r.text}"
            for r, was in zip(rows, flagged, strict=True)
            if not p2.correct(r, was)
        ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    name = argv[argv.index("--set") + 1] if "--set" in argv[:-1] else None
    rows = load(p2.DATA / f"{name}.jsonl") if name else load()
    print(report(rows, p2.flagged(rows), misses="--misses" in argv))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
