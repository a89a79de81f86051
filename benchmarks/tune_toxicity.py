"""Choose the toxicity detector's thresholds for the starter policies on `dev` rows only (never `val`).

``python -m benchmarks.tune_toxicity`` checks, for each candidate setting of the finance starter's
``respect.toxicity`` rule, the `dev` rows of the toxicity corpora and of the functional sets (should
flag / must not flag), and ordinary posts (`dev` sentiment tweets and reviews: the cry-wolf rate).
The held-out `val` rows and templates stay untouched for ``make eval``.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import numpy as np

from benchmarks._report import ROOT

_PARAMS = re.compile(r"params: \{threshold: [0-9.]+, lexicon_threshold: [0-9.]+, threat_threshold: [0-9.]+\}")


def main() -> None:
    from charte.domain import Post
    from charte.engine.engine import CheckEngine
    from charte.models import corpora
    from charte.models.scorer import load_default
    from charte.policy.loader import parse_policy

    data = Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))
    scorer = load_default()
    tox = [r for r in corpora.toxicity(data) if r.split == "dev"]
    real = [r for r in tox if not corpora.is_template(r.source)]
    templ = [r for r in tox if r.source.startswith("functional_")]
    ordinary = [r for r in corpora.sentiment(data) if r.split == "dev"]
    sets = {
        "real toxic flagged": [r for r in real if r.label == 1],
        "real non-toxic allowed": [r for r in real if r.label == 0],
        "functional should-flag flagged": [r for r in templ if r.label == 1],
        "functional must-not-flag allowed": [r for r in templ if r.label == 0],
        "ordinary posts allowed": ordinary,
    }
    print("threshold lexicon threat | " + " | ".join(f"{k} (n={len(v)})" for k, v in sets.items()))
    texts = {
        lang: (ROOT / "policies" / f"finance.{lang}.yaml").read_text(encoding="utf-8")
        for lang in ("en", "fr")
    }
    for threshold, lexicon, threat in itertools.product((0.7, 0.8, 0.85), (0.45, 0.6, 0.75), (0.6, 0.7)):
        params = (
            f"params: {{threshold: {threshold}, lexicon_threshold: {lexicon}, threat_threshold: {threat}}}"
        )
        engines = {
            lang: CheckEngine(parse_policy(_PARAMS.sub(params, text)), scorer=scorer)
            for lang, text in texts.items()
        }
        shares = []
        for name, rows in sets.items():
            flagged = []
            for lang in ("en", "fr"):
                mine = [r for r in rows if r.lang == lang]
                flagged += [
                    any(f.rule_id == "respect.toxicity" for f in d.findings)
                    for d in engines[lang].check_many([Post(r.text, lang=lang) for r in mine])
                ]
            share = float(np.mean(flagged))
            shares.append(share if "flagged" in name else 1 - share)
        print(f"{threshold} {lexicon} {threat} | " + " | ".join(f"{s:.1%}" for s in shares), flush=True)


if __name__ == "__main__":
    main()
