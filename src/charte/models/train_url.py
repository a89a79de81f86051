"""Train the phishing URL classifier: ``python -m charte.models.train_url --data DIR`` (``make models``).

Data: the two phishing sets of the shared data folder (``SOURCES``), read as hostile strings (never opened).
Leakage is kept out three ways: URLs are deduplicated across both sources (scheme, ``www.`` and a trailing
slash ignored; a URL labelled both ways is dropped); every URL of one registrable domain lands in the same
split (``crc32(domain) % 10``: 0 = ``val``, reported; 1 = ``dev``, selection and calibration; else ``train``),
so no site is learnt and then tested; and at most ``PER_DOMAIN`` URLs of one domain and label are kept, so a
few large sites (one torrent index holds 1,000 benign URLs of one source) cannot teach a shortcut.

The model is a logistic regression (scikit-learn, training only) with C chosen on ``dev`` by ROC-AUC, Platt
calibrated on ``dev``, quantised to int8 and scored back through :class:`UrlModel` (the inference path) for
the figures. The threshold is the lowest whose ``dev`` precision reaches ``TARGET_PRECISION``. Deterministic:
no randomness, liblinear is deterministic on the same input.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import re
import sys
import time
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from charte.models import url_features, url_model

#: The folders of the shared data read for the URL model, and their short names.
SOURCES = {
    "phishtank2021": "phishing_urls_phishtank2021",
    "iscx2016_phishtank2020": "phishing_urls_iscx2016_phishtank2020",
}
PER_DOMAIN = 20
CANDIDATE_C = (0.5, 1.0, 4.0)
#: Flag a link only where the classifier is this precise on ``dev``: the inbox should not cry wolf.
TARGET_PRECISION = 0.95
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]{0,15}://", re.IGNORECASE)

#: A scipy.sparse CSR matrix (scipy publishes no type information).
Sparse = Any


@dataclass(frozen=True, slots=True)
class Row:
    url: str
    label: int  # 1 = phishing
    source: str
    domain: str
    split: str  # train, dev or val


def dedupe_key(url: str) -> str:
    """What two spellings of one address share: no scheme, no ``www.``, no trailing slash, lower case."""
    key = _SCHEME.sub("", url.strip().strip('"').lower())
    key = key.removeprefix("www.")
    return key.rstrip("/")


def domain_of(url: str) -> str:
    """The registrable domain of ``url`` (the host itself for IPs and unknown suffixes)."""
    _, host, *_ = url_features._split(url)
    host = url_features._decode_idn(host)
    return (url_features._psl().privatesuffix(host) if host else None) or host


def split_of(domain: str) -> str:
    bucket = zlib.crc32(domain.encode("utf-8", "surrogatepass")) % 10
    return "val" if bucket == 0 else "dev" if bucket == 1 else "train"


def load_rows(data: Path) -> list[Row]:
    """Every source's rows, deduplicated across sources, capped per domain, each with its split."""
    labels: dict[str, set[int]] = {}
    raw: list[tuple[str, int, str, str]] = []
    for source, folder in SOURCES.items():
        with (data / folder / "train.csv").open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                url = (record.get("text") or "").strip()
                if not url or record.get("label") not in ("phishing", "benign"):
                    continue
                label = int(record["label"] == "phishing")
                key = dedupe_key(url)
                labels.setdefault(key, set()).add(label)
                raw.append((url, label, source, key))
    seen: set[str] = set()
    per_domain: Counter[tuple[str, int]] = Counter()
    rows: list[Row] = []
    for url, label, source, key in raw:
        if key in seen or len(labels[key]) > 1:
            continue
        seen.add(key)
        domain = domain_of(url)
        per_domain[(domain, label)] += 1
        if per_domain[(domain, label)] > PER_DOMAIN:
            continue
        rows.append(Row(url, label, source, domain, split_of(domain)))
    return rows


def matrix(urls: Sequence[str]) -> Sparse:
    from scipy.sparse import csr_matrix

    feats = [url_features.featurise(u) for u in urls]
    indptr = np.zeros(len(feats) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(i) for i, _ in feats])
    indices = np.concatenate([i for i, _ in feats]) if feats else np.zeros(0, np.int64)
    data = np.concatenate([v for _, v in feats]) if feats else np.zeros(0, np.float32)
    return csr_matrix((data, indices, indptr), shape=(len(feats), 1 << url_features.BITS), dtype=np.float32)


def fit(
    x_train: Sparse,
    y_train: np.ndarray,
    x_dev: Sparse,
    y_dev: np.ndarray,
    candidates: Sequence[float] = CANDIDATE_C,
) -> tuple[np.ndarray, float, float, dict[str, Any]]:
    """Weights (int8), their scale, the bias and a report: C chosen on ``dev``, Platt scaling, threshold."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    fitted: dict[float, tuple[np.ndarray, float, float]] = {}
    for c in candidates:
        model = LogisticRegression(C=c, solver="liblinear", max_iter=300)
        model.fit(x_train, y_train)
        w, b = model.coef_[0].astype(np.float32), float(model.intercept_[0])
        fitted[c] = (w, b, float(roc_auc_score(y_dev, x_dev @ w + b)))
    best = max(fitted, key=lambda k: fitted[k][2])
    w, b, _ = fitted[best]
    platt = LogisticRegression(C=1.0)
    platt.fit((x_dev @ w + b).reshape(-1, 1), y_dev)
    a, c0 = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    w, b = w * a, b * a + c0
    scale = float(np.abs(w).max() / 127.0) or 1.0
    quantised = np.round(w / scale).astype(np.int8)
    probs = 1.0 / (1.0 + np.exp(-(x_dev @ (quantised.astype(np.float32) * scale) + b)))
    report = {
        "dev ROC-AUC by C": {f"C={k:g}": round(v[2], 4) for k, v in fitted.items()},
        "chosen": f"C={best:g}",
        "platt": [round(a, 4), round(c0, 4)],
    }
    return quantised, scale, b, report | {"threshold": choose_threshold(probs, y_dev)}


def choose_threshold(probs: np.ndarray, y: np.ndarray) -> float:
    """The lowest probability cut whose precision reaches ``TARGET_PRECISION`` (else the best-F1 cut)."""
    order = np.argsort(-probs, kind="stable")
    hits = np.cumsum(y[order])
    precision = hits / np.arange(1, len(y) + 1)
    recall = hits / max(int(y.sum()), 1)
    ok = np.nonzero(precision >= TARGET_PRECISION)[0]
    if len(ok):
        return round(float(probs[order][ok[-1]]), 4)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-9)
    return round(float(probs[order][int(np.argmax(f1))]), 4)


def metrics(flags: Sequence[bool], labels: Sequence[int]) -> dict[str, float | int]:
    """Precision, recall and F1 of ``flags`` against ``labels`` (1 = phishing), with the counts."""
    tp = sum(1 for f, y in zip(flags, labels, strict=True) if f and y)
    fp = sum(1 for f, y in zip(flags, labels, strict=True) if f and not y)
    fn = sum(1 for f, y in zip(flags, labels, strict=True) if not f and y)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "n": len(labels), "tp": tp}


def save(out: Path, weights: np.ndarray, scale: float, bias: float, manifest: dict[str, Any]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    npz = out / url_model.WEIGHTS_FILE
    np.savez_compressed(npz, weights=weights, scale=np.float32(scale), bias=np.float32(bias))
    manifest["files"] = {url_model.WEIGHTS_FILE: hashlib.sha256(npz.read_bytes()).hexdigest()}
    (out / url_model.MANIFEST_FILE).write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _provenance(data: Path) -> dict[str, dict[str, str]]:
    out = {}
    for folder in SOURCES.values():
        text = (data / folder / "PROVENANCE.md").read_text(encoding="utf-8")
        fields = dict(re.findall(r"^- \*\*(Source repository|Commit|License):\*\* (.+)$", text, re.M))
        out[folder] = {
            "source": fields.get("Source repository", ""),
            "commit": fields.get("Commit", "").strip("`"),
            "licence": fields.get("License", ""),
        }
    return out


def train(data: Path, out: Path) -> dict[str, Any]:
    started = time.perf_counter()
    rows = load_rows(data)
    parts = {s: [r for r in rows if r.split == s] for s in ("train", "dev", "val")}
    print({s: len(rs) for s, rs in parts.items()}, file=sys.stderr, flush=True)
    x = {s: matrix([r.url for r in rs]) for s, rs in parts.items() if s != "val"}
    y = {s: np.array([r.label for r in rs]) for s, rs in parts.items()}
    print(f"features in {time.perf_counter() - started:.0f}s", file=sys.stderr, flush=True)
    weights, scale, bias, report = fit(x["train"], y["train"], x["dev"], y["dev"])
    manifest: dict[str, Any] = {
        "format": url_model.FORMAT_VERSION,
        "features": {
            "bits": url_features.BITS,
            "char_ngrams": list(url_features.CHAR_NGRAMS),
            "max_chars": url_features.MAX_CHARS,
        },
        "threshold": report["threshold"],
        "threshold_rule": f"lowest probability with dev precision >= {TARGET_PRECISION}",
        "selection_on_dev": report,
        "rows": {s: len(rs) for s, rs in parts.items()},
        "rows_by_source": {
            src: {s: sum(r.source == src for r in rs) for s, rs in parts.items()} for src in SOURCES
        },
        "split": "crc32(registrable domain) % 10: 0 = val (reported), 1 = dev (selection, calibration), else "
        f"train; URLs deduplicated across sources, at most {PER_DOMAIN} per domain and label",
        "trained": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d"),
        "data": _provenance(data),
    }
    save(out, weights, scale, bias, manifest)
    model = url_model.UrlModel.load(out)
    manifest["metrics_val"] = {
        src: metrics(
            [model.score(r.url) >= model.threshold for r in parts["val"] if r.source == src],
            [r.label for r in parts["val"] if r.source == src],
        )
        for src in SOURCES
    }
    save(out, weights, scale, bias, manifest)
    url_model.load_default.cache_clear()
    size = (out / url_model.WEIGHTS_FILE).stat().st_size
    print(
        f"wrote {out / url_model.WEIGHTS_FILE} ({size / 1e3:.0f} KB) in {time.perf_counter() - started:.0f}s"
    )
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train Charte's phishing URL classifier.")
    parser.add_argument("--data", type=Path, required=True, help="folder with the labelled corpora")
    parser.add_argument("--out", type=Path, default=url_model.ARTEFACTS, help="where to write the artefacts")
    args = parser.parse_args(argv)
    missing = [f for f in SOURCES.values() if not (args.data / f / "train.csv").is_file()]
    if missing:
        print(f"error: {', '.join(missing)} not found in {args.data}", file=sys.stderr)
        return 2
    manifest = train(args.data, args.out)
    print(json.dumps(manifest["metrics_val"], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
