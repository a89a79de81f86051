"""Cost of the optional backends (docs/backends.md): hf_classifier and llm_judge, per post, one core.

The Hugging Face figure uses a DistilBERT-shaped model (6 layers, hidden 768, 12 heads) with
random weights built here — no model is downloaded; the compute cost of a forward pass does not
depend on the weights. The LLM judge figure is Charte's own overhead around the model call
(prompt, hash, cache, JSON validation, evidence spans), measured with the in-memory client: the
model's own latency depends on the user's server and is not Charte's to measure.
"""

from __future__ import annotations

import collections
import json
import os
import statistics
import tempfile
import time
from pathlib import Path

import yaml

from benchmarks import corpus
from charte.detectors.llm_judge import ChatRequest, InMemoryJudgeClient, LLMJudgeDetector
from charte.domain import Post
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy

#: What this section measures (benchmarks/_measures.py): the two optional backends' detectors in an engine
#: without models, on the bench corpus.
MEASURES = (
    "@core",
    "src/charte/detectors/llm_judge.py",
    "src/charte/detectors/hf_classifier.py",
    "src/charte/detectors/support/paths.py",
    "benchmarks/bench_backends.py",
    "benchmarks/corpus.py",
)

N_POSTS = 300


def _one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _engine(rule: dict[str, object]) -> CheckEngine:
    doc = {
        "policy": {"id": "bench", "version": "1"},
        "organisation": {"name": "Acme"},
        "clauses": [
            {
                "id": "3.1",
                "title": {"en": "Respect", "fr": "Respect"},
                "text": {"en": "Never insult anyone.", "fr": "N'insultez personne."},
            }
        ],
        "rules": [{"id": "backend", "action": "review", "severity": "high", "clause": "3.1", **rule}],
    }
    return CheckEngine(parse_policy(yaml.safe_dump(doc, allow_unicode=True), "bench.yaml"), scorer=None)


def _per_post_ms(engine: CheckEngine, posts: list[Post]) -> tuple[float, float]:
    for post in posts[:10]:
        engine.check(post)
    times = []
    for post in posts:
        t0 = time.perf_counter_ns()
        engine.check(post)
        times.append(time.perf_counter_ns() - t0)
    times.sort()
    return statistics.median(times) / 1e6, times[int(0.99 * (len(times) - 1))] / 1e6


def _build_distilbert_shaped(directory: Path, texts: list[str]) -> None:
    import torch
    import transformers
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

    words = collections.Counter(w for t in texts for w in t.lower().split())
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *[w for w, _ in words.most_common(5000)]]
    core = Tokenizer(models.WordLevel(vocab={w: i for i, w in enumerate(vocab)}, unk_token="[UNK]"))
    core.normalizer = normalizers.BertNormalizer(lowercase=True)
    core.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    core.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", special_tokens=[("[CLS]", 2), ("[SEP]", 3)]
    )
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=core,
        unk_token="[UNK]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        sep_token="[SEP]",
        mask_token="[MASK]",
    )
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=768,
        num_hidden_layers=6,
        num_attention_heads=12,
        intermediate_size=3072,
        num_labels=2,
        id2label={0: "ok", 1: "toxic"},
        label2id={"ok": 0, "toxic": 1},
    )
    torch.manual_seed(0)
    transformers.utils.logging.disable_progress_bar()
    transformers.BertForSequenceClassification(config).save_pretrained(directory)
    tokenizer.save_pretrained(directory)


def _hf_rows(posts: list[Post]) -> list[str]:
    try:
        import torch
    except ImportError:
        return [
            "| hf_classifier | not measured: torch/transformers not installed (`pip install 'charte[hf]'`) "
            "| | |"
        ]
    torch.set_num_threads(1)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        _build_distilbert_shaped(Path(tmp), [p.text for p in posts])
        for span in ("post", "sentence"):
            started = time.perf_counter()
            engine = _engine(
                {
                    "detector": "hf_classifier",
                    "params": {"path": tmp, "labels": {"toxic": {}}, "span": span, "max_length": 128},
                }
            )
            load_s = time.perf_counter() - started
            p50, p99 = _per_post_ms(engine, posts)
            rows.append(
                f"| hf_classifier, DistilBERT-shaped, span: {span} (load {load_s:.1f} s) "
                f"| {p50:.1f} | {p99:.1f} | {1000 / p50:,.0f} |"
            )
    return rows


def _judge_rows(posts: list[Post]) -> list[str]:
    engine = _engine({"detector": "llm_judge", "params": {"base_url": "http://127.0.0.1:9/v1", "model": "m"}})
    judge = engine.detectors[0]
    assert isinstance(judge, LLMJudgeDetector)

    def quote_first_words(request: ChatRequest) -> str:
        post = request.messages[1][1].split("<<<\n", 1)[1].rsplit("\n>>>", 1)[0]
        evidence = " ".join(post.split()[:3])
        return json.dumps(
            {
                "findings": [
                    {
                        "clause": "3.1",
                        "category": "insult",
                        "severity": "medium",
                        "evidence": evidence,
                        "explanation": "Bench finding.",
                    }
                ]
            }
        )

    judge.client = InMemoryJudgeClient(quote_first_words)
    judge.cache.size = 0
    miss = _per_post_ms(engine, posts)
    judge.cache.size = 10_000
    for post in posts:
        engine.check(post)
    hit = _per_post_ms(engine, posts)
    return [
        f"| llm_judge overhead, cache miss (model time excluded) | {miss[0]:.3f} | {miss[1]:.3f} | "
        f"{1000 / miss[0]:,.0f} |",
        f"| llm_judge, cache hit | {hit[0]:.3f} | {hit[1]:.3f} | {1000 / hit[0]:,.0f} |",
    ]


def run() -> str:
    _one_core()
    load = os.getloadavg()[0]
    records = corpus.build(N_POSTS)
    posts = [Post(text=str(r["text"]), lang=str(r["lang"])) for r in records]
    lines = [
        "## Optional backends: cost per post (one core)",
        "",
        f"{len(posts)} posts from the benchmark corpus (mean {statistics.mean(len(p.text) for p in posts):.0f} "
        "characters). Both backends are off by default; the starter policy does not use them.",
        "",
        "| backend | p50 ms/post | p99 ms/post | posts/s |",
        "| --- | ---: | ---: | ---: |",
        *_hf_rows(posts),
        *_judge_rows(posts),
        "",
        f"Load average when the section started: {load:.1f} on {os.cpu_count()} cores (other jobs share "
        "the machine; figures are upper bounds).",
        "",
        "A transformer costs tens of milliseconds per post or more, far above the default check's budget "
        "(≥ 3,000 posts/s, ≤ 0.33 ms per post); an LLM judge adds the model's own latency (seconds per post "
        "on a local server). Use them for pre-publication review of single posts, not bulk scans.",
    ]
    return "\n".join(lines)
