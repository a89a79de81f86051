"""Phishing links: the URL classifier per source on held-out domains, across sources, and the rules alone.

Rows come from ``charte.models.train_url.load_rows`` (both phishing sets, deduplicated across sources,
split by registrable domain, at most 20 URLs per domain and label). Reported on the ``val`` split of each
source, which no model here was trained or tuned on:

- the shipped classifier (trained on both sources' ``train`` split), at its shipped threshold;
- the same recipe trained on the *other* source alone (cross-source generalisation), threshold chosen on
  that source's ``dev`` split;
- the rules of ``charte.listening.links`` without the classifier: look-alike of a brand's domain, known
  shortener, raw IP. A rule needs to know which organisation is imitated; here every brand of
  ``BRANDS`` (brands phishing commonly targets) is taken as the organisation at once;
- the rules or the classifier, as ``check_links`` flags by default.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np

from benchmarks._report import ROOT

#: What this section measures (benchmarks/_measures.py).
MEASURES = (
    "src/charte/models/__init__.py",
    "src/charte/models/url_features.py",
    "src/charte/models/url_model.py",
    "src/charte/models/train_url.py",
    "src/charte/models/url_artefacts/",
    "src/charte/listening/links.py",
    "src/charte/listening/lookalike.py",
    "src/charte/detectors/support/hosts.py",
    "benchmarks/eval_phishing.py",
)

DATA = Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))

#: Brands phishing commonly imitates, with their main domain: the "organisation" of the rules baseline.
BRANDS = {
    "PayPal": "paypal.com",
    "Apple": "apple.com",
    "Microsoft": "microsoft.com",
    "Outlook": "outlook.com",
    "Office": "office.com",
    "Amazon": "amazon.com",
    "Netflix": "netflix.com",
    "Facebook": "facebook.com",
    "Instagram": "instagram.com",
    "WhatsApp": "whatsapp.com",
    "Google": "google.com",
    "Chase": "chase.com",
    "Wells Fargo": "wellsfargo.com",
    "Bank of America": "bankofamerica.com",
    "DHL": "dhl.com",
    "FedEx": "fedex.com",
    "USPS": "usps.com",
    "La Poste": "laposte.fr",
    "Ameli": "ameli.fr",
    "Orange": "orange.fr",
    "Adobe": "adobe.com",
    "Dropbox": "dropbox.com",
    "DocuSign": "docusign.com",
    "LinkedIn": "linkedin.com",
    "Steam": "steampowered.com",
    "Coinbase": "coinbase.com",
    "Binance": "binance.com",
    "eBay": "ebay.com",
    "Yahoo": "yahoo.com",
    "AOL": "aol.com",
    "Bradesco": "bradesco.com.br",
    "Itau": "itau.com.br",
    "Santander": "santander.com",
    "HSBC": "hsbc.com",
    "Credit Agricole": "credit-agricole.fr",
    "Societe Generale": "societegenerale.fr",
}


def _cell(m: dict[str, float | int]) -> str:
    return f"{m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}"


def run() -> str:
    title = "## Phishing links: URL classifier and look-alike rules\n\n"
    from charte.models import train_url

    if any(not (DATA / f / "train.csv").is_file() for f in train_url.SOURCES.values()):
        return title + f"Skipped: the phishing sets were not found in `{DATA}` (set CHARTE_DATA_DIR).\n"
    from charte.listening.links import check_links
    from charte.listening.lookalike import Identity
    from charte.models import url_model

    started = time.perf_counter()
    rows = train_url.load_rows(DATA)
    x = train_url.matrix([r.url for r in rows])
    y = np.array([r.label for r in rows])
    split = np.array([r.split for r in rows])
    source = np.array([r.source for r in rows])
    shipped = url_model.load_default()
    sources = list(train_url.SOURCES)
    val = {s: np.nonzero((split == "val") & (source == s))[0] for s in sources}
    results: dict[str, dict[str, dict[str, float | int]]] = {s: {} for s in sources}
    flags_model = {s: [shipped.score(rows[i].url) >= shipped.threshold for i in val[s]] for s in sources}
    for s in sources:
        results[s]["shipped classifier (both sources)"] = train_url.metrics(
            flags_model[s], y[val[s]].tolist()
        )
    cross: dict[str, float] = {}
    # The single-source models reuse the shipped model's C (chosen on dev) rather than search it again.
    chosen_c = float(shipped.manifest["selection_on_dev"]["chosen"].removeprefix("C="))
    for trained_on in sources:
        tr = np.nonzero((split == "train") & (source == trained_on))[0]
        dv = np.nonzero((split == "dev") & (source == trained_on))[0]
        weights, scale, bias, report = train_url.fit(x[tr], y[tr], x[dv], y[dv], (chosen_c,))
        cross[trained_on] = report["threshold"]
        w = weights.astype(np.float32) * scale
        for s in sources:
            probs = 1.0 / (1.0 + np.exp(-(x[val[s]] @ w + bias)))
            label = "same source only" if s == trained_on else "other source only (cross-source)"
            results[s][f"classifier trained on {label}"] = train_url.metrics(
                (probs >= report["threshold"]).tolist(), y[val[s]].tolist()
            )
    identity = Identity(brands=list(BRANDS), domains=list(BRANDS.values()))
    domains = list(BRANDS.values())
    for s in sources:
        checks = [check_links(rows[i].url, domains, identity=identity, use_classifier=False) for i in val[s]]
        rules = [any(c.flagged for c in cs) for cs in checks]
        results[s]["rules alone (look-alike, shortener, raw IP)"] = train_url.metrics(
            rules, y[val[s]].tolist()
        )
        both = [a or b for a, b in zip(rules, flags_model[s], strict=True)]
        results[s]["rules or shipped classifier (check_links)"] = train_url.metrics(both, y[val[s]].tolist())
    elapsed = time.perf_counter() - started
    lines = [
        title,
        "Held-out `val` split of each source: registrable domains never seen in training (split by "
        "`crc32(domain) % 10`), URLs deduplicated across both sources, at most 20 per domain and label. "
        "Cells: precision / recall / F1 for the *phishing* class.\n",
        "| method | "
        + " | ".join(f"{s} (val: {len(val[s]):,} URLs, {int(y[val[s]].sum()):,} phishing)" for s in sources)
        + " |",
        "| --- | " + " | ".join("---:" for _ in sources) + " |",
    ]
    for method in results[sources[0]]:
        lines.append(f"| {method} | " + " | ".join(_cell(results[s][method]) for s in sources) + " |")
    lines.append(
        f"\nThresholds: shipped {shipped.threshold:.3f} (lowest with precision ≥ "
        f"{train_url.TARGET_PRECISION} on the pooled `dev` split); single-source models "
        + ", ".join(f"{k} {v:.3f}" for k, v in cross.items())
        + f" (same rule on their own `dev`). The rules baseline takes {len(BRANDS)} brands phishing "
        "commonly targets as the organisation. Both sets hold 17–30 % phishing; in real mentions phishing "
        "is rarer, so expect a lower precision there for the same recall. "
        f"Run time {elapsed:.0f} s, mostly featurising {len(rows):,} URLs in Python.\n"
    )
    return "\n".join(lines) + "\n"
