"""Blind probe set (issue #12, "Judgement you can trust"): the whole check, finance starter policy.

* `benchmarks/data/probe2_dev.jsonl` (400 sentences) and `benchmarks/data/probe2_test.jsonl` (600) were
  written by a helper who had not read the rules, the models or the other functional sets, and were
  committed before any of them was run on them: they measure the rules, they were not shaped by them.
  Every row is hand-written except the `slur_variant` rows, drawn by `scripts/build_probe2_slur_variants.py`
  (fixed seed). Both languages, 60 % should-flag and 40 % must-not-flag in each language and split.
* Dev and test are split by author style and sentence frame (dev: tweets and formal statements; test: forum
  replies, SMS spelling, missing accents, sarcasm, franglais), so a test sentence is never a near-duplicate of
  a dev one. **Only dev may be read to improve the rules; test is never used for tuning** — its figures are
  the honest estimate, and they stop being one as soon as anyone reads its failures to change a rule.
* A sentence counts as flagged when the verdict is review or block. Intervals are 95 % Wilson score
  intervals (`scipy.stats.binomtest`); with 6 to 30 sentences per construction they are wide on purpose.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from benchmarks import functional_suite as fs

#: What this section measures (benchmarks/_measures.py): the whole check with the finance starters on the
#: blind probe set.
MEASURES = (
    "@checker",
    "@finance-policies",
    "benchmarks/eval_probe2.py",
    "benchmarks/functional_suite.py",
    "benchmarks/data/probe2_dev.jsonl",
    "benchmarks/data/probe2_test.jsonl",
)

DATA = fs.ROOT / "benchmarks" / "data"
SPLITS = ("dev", "test")
_FIELDS = frozenset({"text", "lang", "construction", "expected"})
_EXPECTED = ("flag", "allow")


@dataclass(frozen=True)
class Row:
    """One probe sentence and what a compliance reviewer expects of it."""

    text: str
    lang: str
    construction: str
    expected: str

    @property
    def must_flag(self) -> bool:
        return self.expected == "flag"


def path(split: str) -> Path:
    """The file of one split (``dev`` or ``test``)."""
    if split not in SPLITS:
        raise ValueError(f"unknown probe2 split {split!r}: expected one of {', '.join(SPLITS)}")
    return DATA / f"probe2_{split}.jsonl"


def validated(
    lines: Iterable[str], where: str, optional: frozenset[str] = frozenset()
) -> list[dict[str, str]]:
    """The rows of a probe file in JSON Lines (blank lines skipped): each an object whose fields are
    ``text``, ``lang``, ``construction``, ``expected`` and any of ``optional``, all non-empty strings; a bad
    row is an error naming its line and what is wrong with it. Shared by the probe sections."""
    rows: list[dict[str, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        at = f"{where}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{at}: not valid JSON ({exc.msg})") from None
        if not isinstance(raw, dict):
            raise ValueError(f"{at}: expected a JSON object, got {type(raw).__name__}")
        keys = set(raw)
        if not _FIELDS <= keys <= _FIELDS | optional:
            missing, extra = sorted(_FIELDS - keys), sorted(keys - _FIELDS - optional)
            raise ValueError(f"{at}: missing fields {missing}, unknown fields {extra}")
        if not all(isinstance(v, str) and v.strip() for v in raw.values()):
            raise ValueError(f"{at}: every field must be a non-empty string")
        if raw["lang"] not in fs.LANGS:
            raise ValueError(f"{at}: lang must be one of {list(fs.LANGS)}, not {raw['lang']!r}")
        if raw["expected"] not in _EXPECTED:
            raise ValueError(f"{at}: expected must be one of {list(_EXPECTED)}, not {raw['expected']!r}")
        rows.append(raw)
    return rows


def parse(lines: Iterable[str], where: str) -> list[Row]:
    """Validate JSON Lines rows; a bad row is an error naming its line and what is wrong with it."""
    return [Row(**raw) for raw in validated(lines, where)]


def load(split: str) -> list[Row]:
    """The validated rows of one split."""
    file = path(split)
    return parse(file.read_text(encoding="utf-8").splitlines(), file.name)


def wilson(successes: int, total: int) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion (NaN bounds for an empty sample)."""
    if total == 0:
        return float("nan"), float("nan")
    from scipy.stats import binomtest

    ci = binomtest(successes, total).proportion_ci(confidence_level=0.95, method="wilson")
    return float(ci.low), float(ci.high)


def cell(hits: Sequence[bool]) -> str:
    """``rate [low–high] (k/n)`` for a table, or a dash when there is nothing to count."""
    if not hits:
        return "—"
    k, n = sum(hits), len(hits)
    low, high = wilson(k, n)
    return f"{100 * k / n:.0f} % [{100 * low:.0f}–{100 * high:.0f}] ({k}/{n})"


def flagged_texts(texts: Sequence[tuple[str, str]]) -> list[bool]:
    """Whether the finance starter of each (text, language) flags it (verdict review or block)."""
    from charte.domain import Post

    out: dict[int, bool] = {}
    for lang in fs.LANGS:
        mine = [(i, t) for i, (t, lg) in enumerate(texts) if lg == lang]
        decisions = fs.engine(lang).check_many([Post(text=t, lang=lang) for _, t in mine])
        for (i, _), decision in zip(mine, decisions, strict=True):
            out[i] = decision.verdict.value != "allow"
    return [out[i] for i in range(len(texts))]


def flagged(rows: Sequence[Row]) -> list[bool]:
    """Whether the finance starter of each row's language flags it (verdict review or block)."""
    return flagged_texts([(r.text, r.lang) for r in rows])


def correct(row: Row, was_flagged: bool) -> bool:
    """A should-flag row is right when flagged, a must-not-flag row when allowed."""
    return was_flagged if row.must_flag else not was_flagged


#: What the per-construction table's cells are, as the blind probe words it.
CONSTRUCTION_NOTE = (
    "Share of sentences given the expected verdict (flagged for *flag* constructions, allowed for *allow* ones), "
    "95 % Wilson interval and count."
)


def report(
    results: Mapping[str, Sequence[tuple[Row, bool]]],
    labels: tuple[str, str] = ("should be flagged: flagged", "must not be flagged: allowed"),
    note: str = CONSTRUCTION_NOTE,
    splits: Sequence[str] = SPLITS,
) -> str:
    """The Markdown tables of a probe section from each split's (row, flagged) pairs: per language (``labels``
    head the flag and allow columns) and per construction (``note`` says what a cell is), for ``splits`` in
    that order (a section with more splits than dev and test passes its own)."""
    lines = [
        "### Per language",
        "",
        f"| split | language | {labels[0]} | {labels[1]} |",
        "| --- | --- | --- | --- |",
    ]
    for split in splits:
        for lang in fs.LANGS:
            mine = [(r, f) for r, f in results[split] if r.lang == lang]
            bad = [f for r, f in mine if r.must_flag]
            good = [not f for r, f in mine if not r.must_flag]
            lines.append(f"| {split} | {lang} | {cell(bad)} | {cell(good)} |")
    table: dict[tuple[str, str], dict[tuple[str, str], list[bool]]] = defaultdict(lambda: defaultdict(list))
    for split in splits:
        for row, was in results[split]:
            table[(row.expected, row.construction)][(split, row.lang)].append(correct(row, was))
    columns = [(s, lang) for lang in fs.LANGS for s in splits]
    lines += [
        "",
        "### Per construction",
        "",
        note,
        "",
        "| expected | construction | " + " | ".join(f"{lang} {s}" for s, lang in columns) + " |",
        "| --- | --- | " + " | ".join("---" for _ in columns) + " |",
    ]
    for expected, construction in sorted(table, key=lambda k: (k[0] != "flag", k[1])):
        cells = [cell(table[(expected, construction)].get(c, [])) for c in columns]
        lines.append(f"| {expected} | {construction} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def run() -> str:
    results: dict[str, list[tuple[Row, bool]]] = {}
    for split in SPLITS:
        rows = load(split)
        results[split] = list(zip(rows, flagged(rows), strict=True))
    sizes = ", ".join(f"{split} {len(results[split])}" for split in SPLITS)
    return "\n\n".join(
        [
            "## Blind probe set (finance starter policy)",
            __doc__.split("\n\n", 1)[1].strip() if __doc__ else "",
            f"Sentences: {sizes}.",
            report(results),
        ]
    )
