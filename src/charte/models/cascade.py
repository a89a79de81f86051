"""The cascade: the fast n-gram model scores every post; the uncertain ones also go to stage 2.

Why: the fast model costs well under a millisecond but misses meaning (hate without profanity,
threats in unusual phrasing); the sentence-embedding heads of stage 2 see meaning but cost tens of
milliseconds. A post reaches stage 2 when the fast model's toxicity is inside the band tuned on
``dev`` (or its hate, threat or illegal score is not negligible), or when it is short and names a
group of people (where hate without swear words hides). Both opinions are then mixed with weights
chosen on ``dev``, band and weights for each language apart (French and English posts do not
look alike to either stage); the score keys stay those of the fast model, so the detectors read them as before.

If stage 2 cannot be loaded or fails, every post is scored by the fast model alone and the problem
is carried in :attr:`Cascade.warnings`, which the engine copies into each decision: never silently.
"""

from __future__ import annotations

import functools
import math
import os
import re
import threading
from collections.abc import Mapping, Sequence
from typing import Any

from charte.errors import ModelError
from charte.models import features
from charte.models import scorer as fast_model

#: Routing used when the manifest has none (the tuned values live in stage2.json).
DEFAULT_ROUTING: dict[str, Any] = {
    "toxicity": [0.5, 0.8],
    "hate": 0.35,
    "threat": 0.3,
    "illegal": 0.5,
    "group_max_chars": 200,
}
#: ``on`` / ``off`` turns the cascade on or off for the process (off: fast path only, no warning).
ENV_SWITCH = "CHARTE_STAGE2"
#: Off: with the per-language mixing it lifts English hate recall but lowers English non-hate allowed and
#: leaves French where the fast path is (docs/cascade.md, "Figures"); the routing now sends 2.6 % of the
#: bench_scan posts to stage 2 (was 17 %), about the 2 ms/post budget. Turn it on with ``CHARTE_STAGE2=on``
#: or ``CheckEngine(policy, cascade=True)``.
DEFAULT_ON = False

# Groups of people, FR and EN, on the normalised view (lower case, no accents, leetspeak undone).
_GROUP = re.compile(
    r"\b(?:muslims?|musulman(?:e|s|es)?|islam\w*|jews?|jewish|juif(?:s|ve|ves)?|blacks|black (?:people|folks?|"
    r"men|women|guys)|(?:les |des |ces )noir(?:e)?s|immigr\w+|migrants?|refugees?|refugie(?:e)?s|"
    r"asylum|demandeurs d asile|women|femmes|gays?|lesbi\w+|homos?(?:exuel\w*)?|trans(?:gender)?s?|"
    r"queers?|disabled|handicape(?:e)?s|autist\w*|arabs?|arabes?|roma|roms|gitans?|gypsies|africa\w+|"
    r"asians?|asiatiques?|chinese|chinois|mexicans?|latinos?|hispanics?|hindus?|sikhs?|pakistanis?|"
    r"somalis?|syri\w+|turcs?|turks?|kurdes?|kurds?|maghrebins?|algerien\w*|marocain\w*|senegalais|"
    r"comoriens?|foreigners?|etrangers?|christians?|chretiens?|catholi\w+|bisexu\w+|feminists?|"
    r"feministes?|negr\w+|niggers?|bougnoul\w*|youpin\w*)\b"
)


def names_group(text: str, norm: str | None = None) -> bool:
    """The post names a group of people (a protected characteristic), on the normalised view (``norm``:
    ``features.normalise(text)`` when the caller has it already)."""
    return _GROUP.search(features.normalise(text) if norm is None else norm) is not None


def needs_stage2(
    text: str, fast: Mapping[str, Any], routing: Mapping[str, Any], norm: str | None = None
) -> bool:
    """Whether the fast model's scores leave this post uncertain enough for stage 2 (``norm``: see
    :func:`names_group`). A rule set to ``None`` never routes (see :func:`without_idle_rules`)."""
    band = routing["toxicity"]
    types = fast.get("toxicity_types", {})
    hate, threat, illegal = routing["hate"], routing["threat"], routing["illegal"]
    if (
        (band is not None and band[0] <= fast["toxicity"] <= band[1])
        or (hate is not None and types.get("hate", 0.0) >= hate)
        or (threat is not None and types.get("threat", 0.0) >= threat)
        or (illegal is not None and fast.get("illegal", 0.0) >= illegal)
    ):
        return True
    # Optional: the fast model's sentiment is unsure (its top class below this probability).
    if (
        routing.get("sentiment", 0.0) > 0
        and "sentiment" in fast
        and max(fast["sentiment"].values()) < routing["sentiment"]
    ):
        return True
    return 0 < len(text) <= routing["group_max_chars"] and names_group(text, norm)


#: The heads each routing rule is there for: a rule whose heads all give stage 2 no weight in a language only
#: costs time there (stage 2 would run and its opinion be mixed in at weight 0).
RULE_HEADS: dict[str, tuple[str, ...]] = {
    "toxicity": ("toxicity",),
    "hate": ("hate",),
    "threat": ("threat",),
    "illegal": ("illegal",),
    "group_max_chars": ("hate", "toxicity"),
    "sentiment": ("sentiment",),
}


def _weight(blend: Any) -> float:
    return float(blend) if isinstance(blend, int | float) else float(blend.get("alpha", 0.0))


def without_idle_rules(routing: Mapping[str, Any], mixing: Mapping[str, Any]) -> dict[str, Any]:
    """``routing`` (one table, or one per language) with the rules switched off whose heads stage 2 carries
    no weight for in ``mixing`` (the blend of that language): e.g. French toxicity, where the fast score
    stands (α = 0), no longer sends posts in the toxicity band to stage 2. A head missing from the mixing is
    not mixed (weight 0). The posts a kept rule routes are scored and mixed exactly as before."""
    if "en" in routing:
        return {
            lang: without_idle_rules(table, for_language(mixing, lang)) for lang, table in routing.items()
        }
    if "en" in mixing:
        mixing = for_language(mixing, None)
    out = dict(routing)
    for rule, heads in RULE_HEADS.items():
        if rule in out and not any(_weight(mixing.get(head, 0.0)) > 0 for head in heads):
            out[rule] = 0 if rule in ("group_max_chars", "sentiment") else None
    return out


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


def _fast_value(name: str, fast: Mapping[str, Any]) -> Any:
    return fast["toxicity_types"][name] if name in ("hate", "threat") else fast[name]


def for_language(table: Mapping[str, Any], lang: str | None) -> Mapping[str, Any]:
    """The entry of a per-language table (``{"en": …, "fr": …}``) for ``lang``, English for any other
    language; a table without language keys is returned as it is (one setting for every language)."""
    if "en" not in table:
        return table
    entry: Mapping[str, Any] = table.get(lang or "en") or table["en"]
    return entry


def mix_one(
    name: str, fast: Mapping[str, Any], slow: Mapping[str, Any], blend: float | Mapping[str, float]
) -> Any:
    """One head's mixed opinion. ``blend`` is the weight ``alpha`` of stage 2, or ``{"alpha", "a", "b"}``:
    the logits averaged with weight ``alpha`` on stage 2, then recalibrated as ``a·z + b`` (fitted on
    held-out posts of that language). Sentiment mixes probabilities with weight ``alpha``."""
    spec = {"alpha": float(blend)} if isinstance(blend, int | float) else blend
    alpha = spec["alpha"]
    f, s = _fast_value(name, fast), slow[name]
    if name == "sentiment":
        return {k: alpha * s[k] + (1 - alpha) * f[k] for k in f}
    z = alpha * _logit(s) + (1 - alpha) * _logit(f)
    return _sigmoid(spec.get("a", 1.0) * z + spec.get("b", 0.0))


def combine(fast: Mapping[str, Any], slow: Mapping[str, Any], mixing: Mapping[str, Any]) -> dict[str, Any]:
    """The fast scores with each stage-2 head mixed in; same keys, same rounding. ``mixing`` is one
    blend per head, or one such table per language (chosen by the fast model's ``lang``)."""
    out = dict(fast)
    types = dict(fast["toxicity_types"])
    for name, blend in for_language(mixing, fast.get("lang")).items():
        if name not in slow:
            continue
        value = mix_one(name, fast, slow, blend)
        if name == "sentiment":
            out[name] = {k: round(v, 4) for k, v in value.items()}
        elif name in ("hate", "threat"):
            types[name] = round(value, 4)
        else:
            out[name] = round(value, 4)
    out["toxicity_types"] = types
    return out


class Cascade:
    """A scorer with the fast :class:`Scorer`'s interface (``__call__``, ``score_many``) and its score keys."""

    def __init__(self, fast: fast_model.Scorer, stage2: Any | None, *, warning: str | None = None) -> None:
        self.fast = fast
        self.stage2 = stage2
        #: Routing and mixing, each one table for every language or one per language (``en``, ``fr``).
        self.mixing: Mapping[str, Any] = stage2.manifest.get("mixing", {}) if stage2 else {}
        #: The tuned routing without the rules whose heads stage 2 gives no weight (:func:`without_idle_rules`).
        self.routing: Mapping[str, Any] = without_idle_rules(
            (stage2.manifest.get("routing") or DEFAULT_ROUTING) if stage2 else DEFAULT_ROUTING, self.mixing
        )
        self._warnings: list[str] = [warning] if warning else []
        self._lock = threading.Lock()
        #: Posts scored and posts sent to stage 2 since load (for benchmarks and monitoring).
        self.scored = 0
        self.routed = 0

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(self._warnings)

    def __call__(self, text: str, lang: str | None = None) -> dict[str, Any]:
        # The fast model's one-post path (the API's): the same scores as its batch path, ~0.1 ms cheaper.
        return self._route([text], [self.fast(text, lang)])[0]

    def explain(
        self, text: str, head: str = "toxicity", lang: str | None = None, k: int = 3
    ) -> list[tuple[str, float]]:
        """The words that weighed most, from the fast model (stage 2 sees a whole sentence, not words)."""
        return self.fast.explain(text, head, lang, k)

    def score_many(
        self, texts: Sequence[str], langs: Sequence[str | None] | None = None
    ) -> list[dict[str, Any]]:
        return self._route(texts, self.fast.score_many(texts, langs))

    def _route(self, texts: Sequence[str], results: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The fast model's ``results`` with stage 2 mixed in for the posts it is unsure about."""
        stage2 = self.stage2
        self.scored += len(texts)
        if stage2 is None:
            return results
        recent = getattr(self.fast, "_recent", {})  # the normalised texts the fast model just computed
        chosen = [
            i
            for i, (text, r) in enumerate(zip(texts, results, strict=True))
            if needs_stage2(
                text, r, for_language(self.routing, r.get("lang")), (recent.get(text) or (None,))[0]
            )
        ]
        if not chosen:
            return results
        self.routed += len(chosen)
        try:
            slow = stage2.predict([texts[i] for i in chosen])
        except (ModelError, OSError, RuntimeError, ValueError) as exc:
            self._disable(f"stage-2 model failed, fast model only from now on: {exc}")
            return results
        for i, s in zip(chosen, slow, strict=True):
            results[i] = combine(results[i], s, self.mixing)
        return results

    def _disable(self, message: str) -> None:
        with self._lock:
            self.stage2 = None
            if message not in self._warnings:
                self._warnings.append(message)


def enabled_by_env() -> bool:
    value = os.environ.get(ENV_SWITCH, "").strip().lower()
    if not value:
        return DEFAULT_ON
    return value not in ("0", "off", "false", "no")


def build(fast: fast_model.Scorer, loader: Any = None) -> Cascade:
    """The cascade over ``fast``; if stage 2 does not load, a fast-only cascade carrying the reason."""
    from charte.models import stage2 as stage2_module

    try:
        model = (loader or stage2_module.load_default)()
    except ModelError as exc:
        return Cascade(fast, None, warning=f"stage-2 model unavailable, fast model only: {exc}")
    return Cascade(fast, model)


@functools.lru_cache(maxsize=1)
def load_default() -> Cascade:
    """The shipped fast model and stage 2, loaded once per process (stage 2 failures become warnings)."""
    return build(fast_model.load_default())
