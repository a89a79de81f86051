"""Flag rate on the held-out topic group of the hand-written hard negatives (``charte.models.hard_negatives``).

The group ``HELD_OUT_TOPIC`` is never trained on: everyday posts that harmlessly use words the fast heads
over-read ("kill time", "dead battery", "la chambre était sale"). Reported per language:

- models alone: share with toxicity >= 0.8, threat >= 0.6 or hate >= 0.7 (the toxicity detector's default
  thresholds), from the artefacts of ``--artefacts`` (the shipped ones by default);
- pipeline: share not allowed by the finance starter of the language, personal account (as
  ``ordinary_dev2`` does), with the shipped artefacts.

Run: ``PYTHONPATH=src:. python -m benchmarks.hard_negatives_heldout [--artefacts DIR] [--show]``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from charte.models import hard_negatives, scorer

THRESHOLDS = {"toxicity": 0.8, "threat": 0.6, "hate": 0.7}


def models_alone(folder: Path, show: bool = False) -> dict[str, tuple[int, int]]:
    model = scorer.Scorer.load(folder)
    out: dict[str, tuple[int, int]] = {}
    for lang in ("fr", "en"):
        texts = [t for t, lg in hard_negatives.held_out_rows() if lg == lang]
        flagged = 0
        for text, s in zip(texts, model.score_many(texts, [lang] * len(texts)), strict=True):
            values = {"toxicity": s["toxicity"], **s["toxicity_types"]}
            hits = {h: round(float(values[h]), 2) for h, t in THRESHOLDS.items() if float(values[h]) >= t}
            flagged += bool(hits)
            if show and hits:
                print(f"  model {lang} {hits} :: {text}")
        out[lang] = (flagged, len(texts))
    return out


def pipeline(show: bool = False) -> dict[str, tuple[int, int]]:
    from benchmarks import functional_suite as fs
    from charte.domain import Post

    out: dict[str, tuple[int, int]] = {}
    for lang in fs.LANGS:
        texts = [t for t, lg in hard_negatives.held_out_rows() if lg == lang]
        decisions = fs.engine(lang).check_many([Post(text=t, lang=lang, account="personal") for t in texts])
        flagged = 0
        for text, d in zip(texts, decisions, strict=True):
            if d.verdict.value != "allow":
                flagged += 1
                if show:
                    print(
                        f"  pipeline {lang} {d.verdict.value} {sorted({f.rule_id for f in d.findings})} :: {text}"
                    )
        out[lang] = (flagged, len(texts))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--artefacts", type=Path, default=scorer.ARTEFACTS)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--no-pipeline", action="store_true")
    args = parser.parse_args(argv)
    print(f"held-out topic: {hard_negatives.HELD_OUT_TOPIC}")
    for name, result in (("models alone", models_alone(args.artefacts, args.show)),) + (
        () if args.no_pipeline else (("pipeline", pipeline(args.show)),)
    ):
        print(name, {lang: f"{f}/{n} ({100 * f / n:.1f} %)" for lang, (f, n) in result.items()})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
