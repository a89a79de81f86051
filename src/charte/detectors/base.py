"""The detector contract: one class per detector, one instance per policy rule.

A detector names its params model as the type argument of :class:`Detector` (``class
LinksDetector(Detector[LinksParams])``): the registry validates a rule's ``params`` against it when
the policy loads, not per post, and ``self.params`` is typed as that model. It implements
``detect(ctx)``, which is pure: it reads the post and the precomputed views in ``ctx`` and returns
findings already stamped with the rule's id, clause, action and severity.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict

from charte import i18n, normalize
from charte.domain import Finding, Fix, Post, Severity, Span
from charte.plugins import bind_params
from charte.policy.model import Policy, Rule


class NoParams(BaseModel):
    """The params of a detector that takes none: any key in the rule's ``params`` is an error."""

    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=BaseModel)


Scorer = Callable[[str, str], Mapping[str, Any]]


class BatchScorer(Protocol):
    """A scorer that also scores many texts at once (the shipped models): ``score_many(texts, langs)``
    equals ``[scorer(t, l) for t, l in zip(texts, langs)]``; the engine's batch path relies on that."""

    def __call__(self, text: str, lang: str, /) -> Mapping[str, Any]: ...

    def score_many(
        self, texts: Sequence[str], langs: Sequence[str | None], /
    ) -> Sequence[Mapping[str, Any]]: ...


class Context:
    """Everything a detector may read about one post, each view computed at most once."""

    def __init__(
        self,
        post: Post,
        lang: str,
        policy: Policy,
        *,
        today: dt.date | None = None,
        scorer: Scorer | None = None,
        scores: Mapping[str, Any] | None = None,
    ) -> None:
        self.post = post
        self.text = post.text
        self.lang = lang
        self.policy = policy
        self.today = today or dt.date.today()
        self._scorer = scorer
        #: Scores of parts of the post (sentences, clauses) that the engine computed in a batch beforehand.
        self.part_scores: dict[str, Mapping[str, Any]] = {}
        #: What a detector worked out about this post, kept for its own later call (see ``parts_to_score``).
        self.memo: dict[tuple[object, str], Any] = {}
        if scores is not None:  # computed for a whole batch by the engine: the same as scorer(text, lang)
            self.__dict__["scores"] = scores

    @property
    def msg_lang(self) -> str:
        """The language messages are written in: French for French posts, English otherwise."""
        return "fr" if self.lang == "fr" else "en"

    @cached_property
    def basic(self) -> normalize.View:
        return normalize.basic(self.text)

    @cached_property
    def folded(self) -> normalize.View:
        return normalize.folded(self.text)

    @cached_property
    def texting(self) -> normalize.View:
        """The folded view with texting spellings spelt out ("jsuis", "c des", "u r", "theyre"): what the
        hate and threat rules read, so forum and SMS writing meet the rules written for tweets."""
        from charte.detectors.support import texting

        return texting.texting(self.folded, self.lang)

    @cached_property
    def scores(self) -> Mapping[str, Any]:
        """Model scores (toxicity, sentiment, intent…); empty when no models are installed."""
        return self._scorer(self.text, self.lang) if self._scorer is not None else {}

    def _(self, message: str, /, **params: object) -> str:
        """``message`` (an English msgid) in the post's language, placeholders filled (see charte.i18n)."""
        return i18n.gettext(message, lang=self.msg_lang, **params)

    def ngettext(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        """The singular or plural form for ``n`` in the post's language."""
        return i18n.ngettext(singular, plural, n, lang=self.msg_lang, **params)

    def pgettext(self, context: str, message: str, /, **params: object) -> str:
        """``message`` in the post's language where its translation depends on ``context``."""
        return i18n.pgettext(context, message, lang=self.msg_lang, **params)


class Detector(ABC, Generic[P]):
    """Base of every detector. Subclasses name their params model as the type argument, set ``id`` and
    ``category``, and implement ``detect``::

        @register
        class LinksDetector(Detector[LinksParams]):
            id = "links"
            category = "links"

    ``Params`` (what the engine validates a rule's ``params`` with) is taken from that argument, so the
    model is declared once and ``self.params`` is typed: no cast or ``isinstance`` in the subclass.
    """

    id: ClassVar[str]
    category: ClassVar[str]
    Params: ClassVar[type[BaseModel]]
    #: Which post languages the detector understands; others still run language-neutral checks.
    languages: ClassVar[tuple[str, ...]] = ("fr", "en")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        bind_params(cls, Detector)

    def __init__(self, rule: Rule, params: P, policy: Policy) -> None:
        if not isinstance(params, self.Params):
            raise TypeError(
                f"{type(self).__name__} takes {self.Params.__name__}, not {type(params).__name__}"
            )
        self.rule = rule
        self.params: P = params
        self.policy = policy

    @abstractmethod
    def detect(self, ctx: Context) -> Sequence[Finding]:
        """Return the findings for one post. Must not do I/O or keep state between posts."""

    def parts_to_score(self, ctx: Context) -> Sequence[str]:
        """Parts of the post that :meth:`detect` will send to the scorer, so that a batch of posts can
        score them all at once first (``ctx.part_scores``). Only a speed hint: a part left out is
        scored when asked for."""
        return ()

    def finding(
        self,
        ctx: Context,
        span: Span | None,
        message: str,
        *,
        entity: str | None = None,
        score: float = 1.0,
        fix: Fix | None = None,
        category: str | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding stamped with this rule's id, clause, action and severity."""
        return Finding(
            detector=self.id,
            rule_id=self.rule.id,
            category=category or self.category,
            clause=self.rule.clause,
            severity=severity or self.rule.severity,
            action=self.rule.action,
            span=span,
            message=message,
            entity=entity,
            score=score,
            fix=fix,
        )
