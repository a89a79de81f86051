"""Precision and recall of the policy detectors (spokesperson, disclosure, attribution, regulated,
quiet_period) on a hand-labelled FR/EN set, with each detector's cost per post.

The set (``benchmarks/data/policy_detectors_eval.jsonl``) is written for this evaluation and kept apart
from the unit tests and the starter policies' test cases: other sentences, another organisation
("Lumio"), near misses that must not fire (the press officer speaking, a disclaimer already there, a
credited quote, a topic outside its quiet period). It was written by the detectors' author, so it
measures what the patterns cover, not an independent annotator's judgement.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from charte.detectors.base import Context
from charte.domain import Attachment, Post
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy

DATA = Path(__file__).resolve().parent / "data" / "policy_detectors_eval.jsonl"
DETECTORS = ("spokesperson", "disclosure", "attribution", "regulated", "quiet_period")

POLICY = """\
schema_version: 1
policy: {{id: eval, version: "1"}}
organisation:
  name: Lumio
  brands: [Lumio, LumioPay, LumioBox]
  competitors: [Globex]
  domains: [lumio.fr, lumio.com]
  industry: {industry}
spokespeople:
  roles:
    - {{role: communications, accounts: [brand, personal], may_answer_complaints: true}}
    - {{role: executive, accounts: [personal], platforms: [linkedin]}}
    - {{role: customer_service, accounts: [brand], may_answer_complaints: true}}
  complaint_responders: [communications, customer_service]
legal:
  quiet_periods:
    - {{name: "Résultats annuels", start: 2027-01-10, end: 2027-02-05,
        topics: ["résultats", "chiffre d'affaires", "acquisition"]}}
rules:
  - {{id: eval, detector: {detector}, action: review, severity: medium, clause: "1"}}
"""


def load_cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def engine_for(detector: str, industry: str = "generic") -> CheckEngine:
    text = POLICY.format(detector=detector, industry=industry)
    return CheckEngine(parse_policy(text, f"<eval {detector} {industry}>"), scorer=None)


def to_post(case: dict[str, Any]) -> Post:
    return Post(text=case["text"], lang=case["lang"], role=case.get("role"), account=case.get("account", "personal"),
                platform=case.get("platform"), in_reply_to_complaint=case.get("in_reply_to_complaint", False),
                attachments=tuple(Attachment(**a) for a in case.get("attachments", ())))


def evaluate(cases: list[dict[str, Any]]) -> tuple[dict[tuple[str, str], dict[str, int]], list[str]]:
    """Counts per (detector, lang) and a line per error."""
    engines: dict[tuple[str, str], CheckEngine] = {}
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
    errors = []
    for case in cases:
        key = (case["detector"], case.get("pack", "generic"))
        engine = engines.get(key) or engines.setdefault(key, engine_for(*key))
        today = dt.date.fromisoformat(case["today"]) if "today" in case else None
        findings = engine.check(to_post(case), today=today).findings
        entities = {f.entity for f in findings}
        fired = bool(findings) if not case.get("expect") else case["expect"] in entities
        c = counts[(case["detector"], case["lang"])]
        label = bool(case["label"])
        outcome = {(True, True): "tp", (False, True): "fp", (True, False): "fn", (False, False): "tn"}[(label, fired)]
        c[outcome] += 1
        if outcome in ("fp", "fn"):
            got = ", ".join(sorted(e or "?" for e in entities)) or "nothing"
            errors.append(f"| {case['detector']} | {case['lang']} | {outcome.upper()} | {case['text'][:90]} | {got} |")
    return counts, errors


def cost_per_post(cases: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Median and 95th percentile µs of ``detect`` per post, over every post of the set (views pre-built)."""
    configs = {"spokesperson": "generic", "disclosure": "generic", "attribution": "generic",
               "regulated": "finance", "quiet_period": "generic"}
    out = {}
    for detector, industry in configs.items():
        engine = engine_for(detector, industry)
        (rule,) = engine.detectors
        samples = []
        for case in cases:
            ctx = Context(to_post(case), case["lang"], engine.policy, today=dt.date(2027, 1, 20))
            _ = ctx.folded
            runs = []
            for _ in range(5):
                started = time.perf_counter_ns()
                for _ in range(20):
                    rule.detect(ctx)
                runs.append((time.perf_counter_ns() - started) / 20 / 1000)
            samples.append(min(runs))
        samples.sort()
        out[f"{detector} ({industry})" if detector == "regulated" else detector] = (
            statistics.median(samples), samples[int(len(samples) * 0.95)])
    return out


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.2f}" if b else "—"


def run() -> str:
    cases = load_cases()
    counts, errors = evaluate(cases)
    lines = ["## Policy detectors (spokesperson, disclosure, attribution, regulated, quiet_period)", "",
             f"Hand-labelled set `benchmarks/data/policy_detectors_eval.jsonl`: {len(cases)} posts, French and "
             "English, positives and near misses that must not fire (a spokesperson speaking, a disclaimer "
             "already present, a credited quote, a warning already given, a topic outside its quiet period). "
             "Written by the detectors' author apart from the tests: it shows coverage, not independent accuracy. "
             "A regulated positive counts only when the expected pack rule fires.", "",
             "| detector | lang | cases | positives | TP | FP | FN | precision | recall |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for detector in DETECTORS:
        for lang in ("fr", "en", "all"):
            keys = [(detector, lang)] if lang != "all" else [(detector, "fr"), (detector, "en")]
            c = {k: sum(counts[key][k] for key in keys) for k in ("tp", "fp", "fn", "tn")}
            total = sum(c.values())
            lines.append(f"| {detector} | {lang} | {total} | {c['tp'] + c['fn']} | {c['tp']} | {c['fp']} | {c['fn']} "
                         f"| {_ratio(c['tp'], c['tp'] + c['fp'])} | {_ratio(c['tp'], c['tp'] + c['fn'])} |")
    lines += ["", "Cost of `detect()` per post over the same posts (normalised views built beforehand, as the "
              "engine shares them between detectors; best of 5 × 20 calls per post):", "",
              "| detector | median µs/post | p95 µs/post |", "| --- | ---: | ---: |"]
    for name, (median, p95) in cost_per_post(cases).items():
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} |")
    if errors:
        lines += ["", "<details><summary>Misclassified posts</summary>", "",
                  "| detector | lang | error | text | findings |", "| --- | --- | --- | --- | --- |", *errors,
                  "", "</details>"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(run())
