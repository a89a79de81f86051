"""Functional tests per construction and language, and false positives on ordinary public posts, both
under the finance starter policy (policies/finance.{fr,en}.yaml) with the shipped models.

* The functional suite (tests/functional/cases_{fr,en}.yaml) is hand-written for Charte: every
  construction of "what must be caught" and "what must not be flagged", in many authors' styles, with
  the evasions. It was written by the author of the rules it tests, so it measures what the rules
  cover, not an independent judgement; the held-out suites of the issue are the independent measure.
* The ordinary posts (benchmarks/ordinary_posts.py) are posts others labelled neither offensive nor
  toxic nor abusive; any review or block on them counts as a false positive, whichever rule raised it.
  The positive and neutral sentiment tweets (XLM-T, SemEval) are also natural negatives of the toxicity,
  threat and illegal heads (their `train`/`dev` rows), so the XLM-T and bench-corpus rows here are partly
  posts those heads were trained on; OLID, ToxiFrench and CyberAgressionAdo rows likewise for toxicity.
* The held-out functional templates (section "Language models") were never trained on, but the rules of
  the second round were written while reading their failures, so the whole-engine figures there are
  optimistic; the probe sentences below were written after the rules were frozen and are the fairer
  estimate of what an unseen suite would show.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict

from benchmarks import functional_suite as fs
from benchmarks import ordinary_posts

#: What this section measures (benchmarks/_measures.py): the whole check with the finance starters on the
#: functional suite, probe set and ordinary posts.
MEASURES = (
    "@checker",
    "@finance-policies",
    "benchmarks/eval_functional.py",
    "benchmarks/functional_suite.py",
    "benchmarks/ordinary_posts.py",
    "benchmarks/corpus.py",
    "benchmarks/data/functional_probe.jsonl",
    "tests/functional/cases_en.yaml",
    "tests/functional/cases_fr.yaml",
)

#: The issue's ceiling on flags of ordinary public posts.
FP_TARGET = 0.02
#: Brand posts flagged by any rule but "link outside the allowed domains", the review the starter asks for
#: on every brand post that links to a site nobody has vetted (most of these posts held a link).
_NO_LINKS = "all, not counting links outside the allowed domains"


def _pct(x: float) -> str:
    return "—" if x != x else f"{100 * x:.1f} %"


def functional() -> str:
    results = [(c, fs.check(c)) for lang in fs.LANGS for c in fs.load(lang)]
    table = fs.by_construction(results)
    lines = [
        "### Functional tests per construction",
        "",
        f"{len(results)} hand-written cases ({sum(c.lang == 'fr' for c, _ in results)} FR, "
        f"{sum(c.lang == 'en' for c, _ in results)} EN). A case passes when the verdict is the expected one "
        "(and the expected rules are among the findings). *Tracked* constructions depend on the language "
        "models (not asserted by the tests).",
        "",
        "| construction | FR | EN | tracked cases |",
        "| --- | --- | --- | --- |",
    ]
    constructions = sorted({k[0] for k in table})
    for name in constructions:
        tracked = sum(c.tracked for c, _ in results if c.construction == name)
        cells = []
        for lang in fs.LANGS:
            flags = table.get((name, lang), [])
            cells.append(f"{sum(flags)}/{len(flags)}" if flags else "—")
        lines.append(f"| {name} | {cells[0]} | {cells[1]} | {tracked or ''} |")
    lines += [
        "",
        "| language | must be flagged: flagged | must not be flagged: allowed | all cases passed |",
        "| --- | --- | --- | --- |",
    ]
    for lang in fs.LANGS:
        mine = [(c, o) for c, o in results if c.lang == lang]
        bad = [o.verdict != "allow" for c, o in mine if c.must_flag]
        good = [o.verdict == "allow" for c, o in mine if not c.must_flag]
        lines.append(
            f"| {lang} | {_pct(fs.rate(bad))} ({sum(bad)}/{len(bad)}) | {_pct(fs.rate(good))} "
            f"({sum(good)}/{len(good)}) | {_pct(fs.rate([o.passed for _, o in mine]))} |"
        )
    failed = [(c, o) for c, o in results if not o.passed]
    if failed:
        lines += ["", "Cases not passed in this run:", ""]
        lines += [
            f"- `{c.id}` ({c.construction}{', tracked' if c.tracked else ''}): expected {c.expect}, got "
            f"{o.verdict} {list(o.rules)}"
            for c, o in failed
        ]
    return "\n".join(lines)


#: Sentences written after the rules of the second round were frozen and never used to tune them.
PROBE = fs.ROOT / "benchmarks" / "data" / "functional_probe.jsonl"


def probe() -> str:
    """The probe set through the finance starter policy: a check of how the rules and models generalise to
    sentences nobody tuned them on (still written by the rules' author, so not independent)."""
    import json

    from charte.domain import Post

    rows = [json.loads(line) for line in PROBE.read_text(encoding="utf-8").splitlines() if line.strip()]
    lines = [
        "### Probe sentences (written after the rules were frozen)",
        "",
        f"`{PROBE.relative_to(fs.ROOT)}`: {len(rows)} sentences in the issue's constructions, written once the "
        "rules of this round were fixed and never used to change them, so they show generalisation better than "
        "the cases above (they are still the rules' author's own phrasings).",
        "",
        "| language | must be flagged: flagged | must not be flagged: allowed |",
        "| --- | --- | --- |",
    ]
    for lang in fs.LANGS:
        mine = [r for r in rows if r["lang"] == lang]
        decisions = fs.engine(lang).check_many([Post(text=r["text"], lang=lang) for r in mine])  # type: ignore[arg-type]
        flagged = [(r["flag"], d.verdict.value != "allow") for r, d in zip(mine, decisions, strict=True)]
        bad = [f for want, f in flagged if want]
        good = [not f for want, f in flagged if not want]
        lines.append(
            f"| {lang} | {_pct(fs.rate(bad))} ({sum(bad)}/{len(bad)}) | {_pct(fs.rate(good))} "
            f"({sum(good)}/{len(good)}) |"
        )
    return "\n".join(lines)


def false_positives() -> str:
    from charte.domain import Post

    head = ["### False positives on ordinary public posts", ""]
    if not ordinary_posts.available():
        return "\n".join(
            [*head, f"Skipped: labelled data not found at `{ordinary_posts.DATA}` (set `CHARTE_DATA_DIR`)."]
        )
    posts = list(ordinary_posts.posts())
    rows: dict[tuple[str, str, str], list[bool]] = defaultdict(list)
    causes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    started = time.perf_counter()
    for account in ("personal", "brand"):
        for lang in fs.LANGS:
            mine = [p for p in posts if p.lang == lang]
            decisions = fs.engine(lang).check_many(
                [Post(text=p.text, lang=lang, account=account) for p in mine]
            )  # type: ignore[arg-type]
            for post, decision in zip(mine, decisions, strict=True):
                flagged = decision.verdict.value != "allow"
                rows[(account, lang, post.source)].append(flagged)
                rows[(account, lang, "all")].append(flagged)
                others = any(
                    f.entity != "LINK_OUTSIDE_ALLOWED" and f.action.value != "allow"
                    for f in decision.findings
                )
                rows[(account, lang, _NO_LINKS)].append(others)
                if flagged:
                    causes[(account, lang)].update(
                        {f"{f.rule_id} {f.entity or ''}".strip() for f in decision.findings}
                    )
    seconds = time.perf_counter() - started
    lines = [
        *head,
        f"{len(posts)} posts, each checked as a personal and as a brand post ({seconds:.0f} s). Target: at "
        f"most {_pct(FP_TARGET)} flagged. Sources and cleaning: `benchmarks/ordinary_posts.py`. On brand "
        "accounts the starter reviews every link outside the allowed domains by design; the rate without "
        "that rule is given too.",
        "",
        "| account | language | source | posts | flagged |",
        "| --- | --- | --- | --- | --- |",
    ]
    for (account, lang, source), flags in sorted(
        rows.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] != "all", kv[0][2] != _NO_LINKS, kv[0][2])
    ):
        if source == _NO_LINKS and account == "personal":
            continue  # personal posts are never flagged for a link outside the allowed domains
        label = "**all**" if source == "all" else source
        rate = _pct(fs.rate(flags))
        lines.append(
            f"| {account} | {lang} | {label} | {len(flags)} | "
            f"{'**' + rate + '**' if source in ('all', _NO_LINKS) else rate} |"
        )
    lines += ["", "Most frequent causes (rule and entity; a post may have several):", ""]
    for (account, lang), counter in sorted(causes.items()):
        top = ", ".join(f"{name} ({n})" for name, n in counter.most_common(6))
        lines.append(f"- {account}, {lang}: {top}")
    return "\n".join(lines)


def run() -> str:
    return "\n\n".join(
        [
            "## Functional tests and false positives (finance starter policy)",
            __doc__.split("\n\n", 1)[1].strip() if __doc__ else "",
            functional(),
            probe(),
            false_positives(),
        ]
    )
