"""Optional backend: a Hugging Face sequence-classification model read from a local directory.

Off by default and never downloads: the policy names a directory holding ``config.json``, the
weights and the tokenizer (what ``save_pretrained`` writes), and the model is loaded once when the
policy compiles. ``torch`` and ``transformers`` are imported only then, so nothing else in Charte
needs them (``pip install 'charte[hf]'``). Remote code in the model directory is never executed.

Each label the policy maps fires when its probability reaches the threshold; the finding's span
is the sentence that scored highest (``span: sentence``) or the whole post (``span: post``).
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support.paths import beside_policy
from charte.domain import Finding, Span
from charte.policy.model import Policy, Rule

INSTALL_HINT = "pip install 'charte[hf]'"

# A sentence ends at . ! ? … (possibly repeated, possibly closed by a quote or bracket) followed by
# white space, or at a line break. No nested quantifiers: linear on any input.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”»)\]]?(?=\s)|\n")


class LabelMap(BaseModel):
    """What a model label becomes in a finding."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    category: str | None = None
    """The finding's category; the rule's detector category (``model``) when omitted."""
    entity: str | None = None
    """The finding's entity; the label name in upper case when omitted."""
    threshold: float | None = Field(default=None, ge=0.0, le=1.0)
    """Overrides the rule-wide ``threshold`` for this label."""


class HFClassifierParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    path: str = Field(min_length=1)
    """Directory written by ``save_pretrained`` (model and tokenizer); a relative path is read from
    the policy file's directory."""
    labels: dict[str, LabelMap] = Field(min_length=1)
    """The model labels that fire (names from the model's ``id2label``), each mapped to a finding."""
    threshold: float = Field(default=0.5, ge=0.0, le=1.0)
    max_length: int = Field(default=256, ge=8, le=8192)
    """Tokens per input; longer inputs are truncated."""
    span: Literal["sentence", "post"] = "sentence"
    max_sentences: int = Field(default=32, ge=1, le=1024)
    """Longer posts have neighbouring sentences grouped so at most this many inputs run per post."""
    activation: Literal["auto", "softmax", "sigmoid"] = "auto"
    """``auto``: sigmoid for multi-label models (``problem_type``), softmax otherwise."""
    languages: list[Literal["fr", "en", "other"]] = []
    """Post languages the model understands; empty means every language."""
    name: str | None = None
    """How messages name the model; the directory name when omitted."""

    @field_validator("labels")
    @classmethod
    def _label_names(cls, value: dict[str, LabelMap]) -> dict[str, LabelMap]:
        for label in value:
            if not label.strip():
                raise ValueError("a label name is empty")
        return value


@dataclass(frozen=True, slots=True)
class _Loaded:
    """A model, its tokenizer and the torch module, held together once loaded."""

    torch: Any
    model: Any
    tokenizer: Any
    id2label: dict[int, str]
    sigmoid: bool


def _import_backend() -> tuple[Any, Any]:
    """``(torch, transformers)``, or a ``ValueError`` saying what to install."""
    try:
        import torch
        import transformers
    except ImportError as exc:
        raise ValueError(
            f"the hf_classifier detector needs torch and transformers ({exc.name} is not "
            f"installed): {INSTALL_HINT}"
        ) from None
    return torch, transformers


def load_model(path: Path, activation: str = "auto") -> _Loaded:
    """Load a sequence-classification model and its tokenizer from ``path``, offline.

    Raises ``ValueError`` naming the path when it is missing, not a model, or the libraries are absent.
    """
    if not path.exists():
        raise ValueError(
            f"model directory {str(path)!r} does not exist; give the directory written by "
            "save_pretrained (config.json, weights, tokenizer)"
        )
    if not path.is_dir():
        raise ValueError(f"{str(path)!r} is a file; give the model's directory (with config.json)")
    if not (path / "config.json").is_file():
        raise ValueError(f"{str(path)!r} is not a Hugging Face model directory: config.json is missing")
    # Never reach the network, whatever the user's environment says.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    torch, transformers = _import_backend()
    transformers.utils.logging.disable_progress_bar()
    transformers.utils.logging.set_verbosity_error()
    try:
        tokenizer = transformers.AutoTokenizer.from_pretrained(
            str(path), local_files_only=True, trust_remote_code=False
        )
        model = transformers.AutoModelForSequenceClassification.from_pretrained(
            str(path), local_files_only=True, trust_remote_code=False
        )
    except Exception as exc:  # the loaders raise many types (OSError, SafetensorError…): all name the path
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ValueError(
            f"cannot load a sequence-classification model from {str(path)!r}: {reason}"
        ) from None
    model.eval()
    id2label = {int(k): str(v) for k, v in model.config.id2label.items()}
    if activation == "auto":
        sigmoid = model.config.problem_type == "multi_label_classification" or len(id2label) == 1
    else:
        sigmoid = activation == "sigmoid"
    return _Loaded(torch, model, tokenizer, id2label, sigmoid)


def sentences(text: str) -> list[Span]:
    """Spans of the sentences of ``text``, white space trimmed, empty ones dropped."""
    spans: list[Span] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        spans.append(Span(start, m.end()))
        start = m.end()
    spans.append(Span(start, len(text)))
    return [s for s in (_trim(text, s) for s in spans) if s.end > s.start]


def _trim(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _group(spans: list[Span], limit: int) -> list[Span]:
    """Merge neighbouring spans so that at most ``limit`` remain, each covering similar counts."""
    if len(spans) <= limit:
        return spans
    size = math.ceil(len(spans) / limit)
    return [
        Span(spans[i].start, spans[min(i + size, len(spans)) - 1].end) for i in range(0, len(spans), size)
    ]


@register
class HFClassifierDetector(Detector[HFClassifierParams]):
    id = "hf_classifier"
    category = "model"
    languages = ("fr", "en", "other")

    def __init__(self, rule: Rule, params: HFClassifierParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        path = beside_policy(policy, params.path)
        self.loaded = load_model(path, params.activation)
        by_name = {name: index for index, name in self.loaded.id2label.items()}
        unknown = [label for label in params.labels if label not in by_name]
        if unknown:
            raise ValueError(
                f"label {unknown[0]!r} is not a label of the model in {str(path)!r}; "
                f"its labels are {', '.join(sorted(by_name))}"
            )
        self.targets = [
            (
                name,
                by_name[name],
                mapping,
                params.threshold if mapping.threshold is None else mapping.threshold,
            )
            for name, mapping in params.labels.items()
        ]
        self.model_name = params.name or path.resolve().name
        self._lock = threading.Lock()

    def _spans(self, text: str) -> list[Span]:
        if self.params.span == "post":
            whole = _trim(text, Span(0, len(text)))
            return [whole] if whole.end > whole.start else []
        return _group(sentences(text), self.params.max_sentences)

    def probabilities(self, texts: list[str]) -> list[list[float]]:
        """Per text, the probability of every model label (index order of ``id2label``)."""
        torch = self.loaded.torch
        # Fast tokenizers change their padding/truncation state per call ("Already borrowed" when two
        # threads share one), so one post at a time per rule; torch parallelises inside the call.
        with self._lock, torch.inference_mode():
            enc = self.loaded.tokenizer(
                texts, padding=True, truncation=True, max_length=self.params.max_length, return_tensors="pt"
            )
            logits = self.loaded.model(**enc).logits
        probs = torch.sigmoid(logits) if self.loaded.sigmoid else torch.softmax(logits, dim=-1)
        scores: list[list[float]] = probs.tolist()  # torch is imported at run time, so untyped here
        return scores

    def detect(self, ctx: Context) -> Sequence[Finding]:
        params = self.params
        if params.languages and ctx.lang not in params.languages:
            return []
        spans = self._spans(ctx.text)
        if not spans:
            return []
        probs = self.probabilities([ctx.text[s.start : s.end] for s in spans])
        out = []
        for name, index, mapping, threshold in self.targets:
            best = max(range(len(spans)), key=lambda i: probs[i][index])
            score = probs[best][index]
            if score < threshold:
                continue
            where = (
                ctx._("this sentence") if params.span == "sentence" and len(spans) > 1 else ctx._("this post")
            )
            message = ctx._(
                "The classifier “{model}” rates {where} “{label}” ({score:.0%}).",
                model=self.model_name,
                where=where,
                label=name,
                score=score,
            )
            out.append(
                self.finding(
                    ctx,
                    spans[best],
                    message,
                    entity=mapping.entity or name.upper(),
                    score=score,
                    category=mapping.category,
                )
            )
        return out
