"""Train the stage-2 heads: logistic regressions over multilingual-e5-small sentence embeddings.

``python -m charte.models.train_stage2 --data ../shared/data`` (``make models``) embeds the rows
(cached under ``~/.cache/charte``, see ``stage2_cache``), trains one head per task on ``train``, picks
the regularisation and calibrates on ``dev``, reports ``val``, and writes
``artefacts/stage2.npz`` + ``artefacts/stage2.json`` (checksums, data, figures). Deterministic: same
data and embeddings give the same weights (lbfgs from zeros, no randomness).
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

from charte.models import functional, stage2_cache, stage2_data, stage2_embed, threat_chat
from charte.models.stage2_data import HEADS, Item

ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
#: Sentences per functional template (each construction has 5-20 templates per language).
PER_TEMPLATE = 6


def functional_rows() -> dict[str, list[Item]]:
    """The functional sets as rows of each head they label; held-out templates form ``val``."""
    out: dict[str, list[Item]] = {head: [] for head in HEADS}
    for ex in functional.examples(PER_TEMPLATE):
        labels = functional.CONSTRUCTIONS[ex.construction].labels
        split = (
            "val" if ex.held_out else ("dev" if zlib.crc32(ex.text.encode("utf-8")) % 10 == 1 else "train")
        )
        for head, label in labels.items():
            if head in out:
                out[head].append(Item(ex.text, label, ex.lang, f"synth_{ex.construction}", split))
    return out


def collect(data: Path, *, chat_threats: bool = False) -> dict[str, list[Item]]:
    """Every head's rows. ``chat_threats`` adds the hand-written chat threats (``threat_chat``) to the threat
    head: measured and not shipped yet (docs/cascade.md), so the default reproduces the shipped artefacts."""
    rows = stage2_data.all_rows(data)
    for head, extra in functional_rows().items():
        rows[head] += extra
    if chat_threats:
        rows["threat"] += threat_chat.rows()
    return rows


def widest_routing() -> dict[str, object]:
    """A band that routes every post any band tried at training time would route."""
    from charte.models import cascade, stage2_fit

    return {
        **cascade.DEFAULT_ROUTING,
        "toxicity": [
            min((*stage2_fit.TOX_LO, cascade.DEFAULT_ROUTING["toxicity"][0])),
            max(stage2_fit.TOX_HI),
        ],
        "hate": min((*stage2_fit.HATE_AT, cascade.DEFAULT_ROUTING["hate"])),
        "group_max_chars": max(stage2_fit.GROUP_CHARS),
        "sentiment": 0.0,
    }


def embedding_order(rows: dict[str, list[Item]]) -> list[str]:
    """Every distinct text, in the order that makes an interrupted run most useful: first the ``dev``
    then the ``val`` posts some band could send to stage 2 (all the mixing, the routing and the
    cascade's figures need), then those routed for an unsure sentiment, then the other ``dev``/``val``
    posts (stage 2's figures alone), then the scarce training rows (functional sets, French), then the
    rest by hash, so what is cached is always a balanced subsample."""
    from charte.models import cascade, stage2_fit
    from charte.models.scorer import Scorer

    held: dict[str, Item] = {}
    for items in rows.values():
        for it in items:
            if it.split in ("dev", "val"):
                held.setdefault(it.text, it)
    texts = list(held)
    fast = Scorer.load().score_many(texts, [held[t].lang for t in texts])
    wide = widest_routing()
    unsure = {**wide, "sentiment": max(stage2_fit.SENT_AT)}
    tier: dict[str, int] = {}
    for text, f in zip(texts, fast, strict=True):
        first = 0 if held[text].split == "dev" else 1
        tier[text] = (
            first
            if cascade.needs_stage2(text, f, wide)
            else 2
            if cascade.needs_stage2(text, f, unsure)
            else 3
        )
    for items in rows.values():
        for it in items:
            t = 4 if it.source.startswith("synth") else 5 if it.lang == "fr" else 6
            tier[it.text] = min(tier.get(it.text, 9), t)
    return sorted(tier, key=lambda t: (tier[t], zlib.crc32(t.encode("utf-8", "surrogatepass"))))


def embed(data: Path, shard: tuple[int, int], limit: int | None, *, chat_threats: bool = False) -> None:
    rows = collect(data, chat_threats=chat_threats)
    texts = embedding_order(rows)
    if limit is not None:
        texts = texts[:limit]
    index, count = shard
    texts = [t for i, t in enumerate(texts) if i % count == index]
    encoder = stage2_embed.Encoder()
    cache = stage2_cache.Cache(encoder.sha256)
    start = time.monotonic()

    def progress(done: int, total: int) -> None:
        rate = done / max(time.monotonic() - start, 1e-9)
        print(f"embedded {done}/{total} ({rate:.1f}/s)", file=sys.stderr, flush=True)

    cache.fill(texts, encoder.encode, progress)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=ARTEFACTS)
    parser.add_argument("--embed-only", action="store_true", help="fill the embedding cache and stop")
    parser.add_argument(
        "--shard", default="0/1", help="i/n: embed every n-th text from the i-th (parallel runs)"
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="embed at most this many texts (in priority order)"
    )
    parser.add_argument(
        "--no-embed",
        action="store_true",
        help="train on the texts already in the cache only (the others are left out and counted)",
    )
    parser.add_argument(
        "--keep-heads",
        action="store_true",
        help="keep the shipped heads and re-fit only the mixing and routing (needs the dev rows only)",
    )
    parser.add_argument(
        "--chat-threats",
        action="store_true",
        help="give the threat head the hand-written chat threats too (an experiment: the shipped heads do not "
        "have them, see docs/cascade.md)",
    )
    parser.add_argument(
        "--refit",
        default="",
        help="comma-separated heads to re-train alone on the embedded rows (implies --no-embed), keeping "
        "the other heads, their blends and the routing of --out",
    )
    args = parser.parse_args(argv)
    i, n = (int(x) for x in args.shard.split("/"))
    if args.refit:
        from charte.models import stage2_fit

        names = [h.strip() for h in args.refit.split(",") if h.strip()]
        unknown = sorted(set(names) - set(HEADS))
        if unknown:
            parser.error(f"unknown head(s) {', '.join(unknown)}: expected some of {', '.join(HEADS)}")
        stage2_fit.refit(collect(args.data, chat_threats=args.chat_threats), args.out, names)
        return 0
    if not args.no_embed:
        embed(args.data, (i, n), args.limit, chat_threats=args.chat_threats)
    if args.embed_only:
        return 0
    from charte.models import stage2_fit

    stage2_fit.train(
        collect(args.data, chat_threats=args.chat_threats), args.out, args.data, keep_heads=args.keep_heads
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
