"""The hand-written functional suite (tests/functional/cases_{fr,en}.yaml): load, check, score.

Shared by the tests (tests/functional/test_functional.py asserts every case not marked ``tracked``)
and by ``make eval`` (benchmarks/eval_functional.py reports the pass rate per construction and
language, tracked cases included). Each case is checked with the finance starter policy of its
language and the shipped models, the way a user of the starter would see it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "tests" / "functional"
LANGS = ("fr", "en")
EXPECTS = frozenset({"allow", "review", "block", "flag"})
_KEYS = {"id", "construction", "style", "expect", "text", "account", "rules", "tracked", "lang"}


@dataclass(frozen=True)
class Case:
    id: str
    construction: str
    lang: str
    style: str
    expect: str
    text: str
    account: str = "personal"
    rules: tuple[str, ...] = ()
    tracked: bool = False

    @property
    def must_flag(self) -> bool:
        return self.expect != "allow"


@dataclass(frozen=True)
class Outcome:
    verdict: str
    rules: tuple[str, ...]
    passed: bool


def _case(raw: dict[str, Any], lang: str, where: str) -> Case:
    unknown = set(raw) - _KEYS
    if unknown:
        raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}")
    missing = {"id", "construction", "expect", "text"} - set(raw)
    if missing:
        raise ValueError(f"{where}: missing field(s) {sorted(missing)}")
    if raw["expect"] not in EXPECTS:
        raise ValueError(f"{where}: expect must be one of {sorted(EXPECTS)}, not {raw['expect']!r}")
    if raw.get("account", "personal") not in ("personal", "brand"):
        raise ValueError(f"{where}: account must be personal or brand")
    return Case(
        id=str(raw["id"]),
        construction=str(raw["construction"]),
        lang=raw.get("lang", lang),
        style=str(raw.get("style", "")),
        expect=raw["expect"],
        text=str(raw["text"]),
        account=raw.get("account", "personal"),
        rules=tuple(raw.get("rules", ())),
        tracked=bool(raw.get("tracked", False)),
    )


@cache
def load(lang: str) -> tuple[Case, ...]:
    """The cases of one language, validated (a bad case is an error naming it)."""
    path = CASES_DIR / f"cases_{lang}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = tuple(
        _case(raw, lang, f"{path.name}: case {i + 1} ({raw.get('id', '?')})")
        for i, raw in enumerate(data["cases"])
    )
    ids = [c.id for c in cases]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path.name}: duplicate ids {sorted({i for i in ids if ids.count(i) > 1})}")
    return cases


@cache
def engine(lang: str) -> Any:
    """The finance starter policy of ``lang`` with the shipped models."""
    import charte

    return charte.CheckEngine(charte.load_policy(ROOT / "policies" / f"finance.{lang}.yaml"))


def check(case: Case) -> Outcome:
    from charte.domain import Post

    decision = engine(case.lang).check(Post(text=case.text, lang=case.lang, account=case.account))  # type: ignore[arg-type]
    verdict = decision.verdict.value
    rules = tuple(dict.fromkeys(f.rule_id for f in decision.findings))
    ok = verdict in ("review", "block") if case.expect == "flag" else verdict == case.expect
    ok = ok and all(r in rules for r in case.rules)
    return Outcome(verdict, rules, ok)


def by_construction(results: Iterable[tuple[Case, Outcome]]) -> dict[tuple[str, str], list[bool]]:
    table: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for case, outcome in results:
        table[(case.construction, case.lang)].append(outcome.passed)
    return dict(sorted(table.items()))


def rate(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else float("nan")
