"""Illegal conduct: drugs, weapons, fraud, piracy, violence (policy clause 4.4).

There is no public dataset for this, so the evidence is a FR/EN lexicon on the folded view (leetspeak,
spacing and accents undone) combined with the ``illegal`` model head trained on weakly-labelled
templates. A strong phrase ("faux billets", "selling glocks no paperwork") is enough on its own; a
mere mention ("la police a saisi du cannabis") needs the model to agree that the post *offers or
encourages* the conduct. Limits are documented in docs/models.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import lang_tools
from charte.detectors.support.cues import everyday_compound, illegal_deals, rejoin_split_names
from charte.detectors.support.deal_acts import advice, everyday_sense, legal_frame, reported, toy_weapon
from charte.detectors.support.deal_shapes import licensed_weapon, own_loss, trade_dealer
from charte.domain import Finding, Fix, Span
from charte.i18n import N_
from charte.models.lexicons import illegal_hits
from charte.policy.model import Policy, Rule

Category = Literal["drugs", "weapons", "fraud", "piracy", "violence"]
#: Strength of an explicit offer or request: that of a strong phrase (a strong phrase found first keeps its span).
DEAL_STRENGTH = 0.9
# TRANSLATORS: completes "… suggests {what}" (French: « évoque une affaire {what} », so « de drogue »).
_LABELS = {
    "drugs": N_("drugs"),
    "weapons": N_("weapons"),
    "fraud": N_("fraud"),
    "piracy": N_("piracy"),
    "violence": N_("violence or theft"),
}


class IllegalParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    categories: list[Category] = list(get_args(Category))
    """Which kinds of illegal conduct to report."""
    threshold: float = Field(0.5, ge=0.0, le=1.0)
    """Model probability above which a lexicon mention counts as illegal conduct."""
    strong_alone: bool = True
    """A strong phrase (or an item next to an offer/how-to cue) is enough without the model."""
    model_alone: float = Field(0.95, ge=0.0, le=1.0)
    """Model probability above which the post is reported even with no lexicon hit (1.0 disables)."""


@register
class IllegalDetector(Detector[IllegalParams]):
    id = "illegal"
    category = "illegal"

    def __init__(self, rule: Rule, params: IllegalParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        self.categories = frozenset(params.categories)

    def detect(self, ctx: Context) -> Sequence[Finding]:
        scores = ctx.scores
        p = float(scores.get("illegal", 0.0))
        has_model = "illegal" in scores
        view = ctx.folded
        # split drug names joined ("coc aine"), offsets kept
        text, joined = rejoin_split_names(view.text)
        best: dict[str, tuple[float, int, int]] = {}
        hits = illegal_hits(text)
        if self.params.strong_alone:
            # An explicit offer or request ("vends beuh", "where can I buy coke") is enough on its own.
            hits += [
                (cat, start, end, DEAL_STRENGTH)
                for cat, start, end in illegal_deals(text)
                if not reported(text, start, end)
            ]
        licensed = None
        # "never share your cvv", "vérifiez vos billets": a warning, left to the model like reported news
        warned = advice(text)
        for cat, start, end, strength in hits:
            if cat not in self.categories or everyday_compound(text, end):
                continue  # "weed killer", "coke zero": an everyday thing, whatever the cue before it
            if everyday_sense(text, start, end):
                continue  # "paracetamol, no prescription needed", "weed delivery … pull the weeds out of your lawn"
            if cat == "fraud" and own_loss(text, start):
                continue  # "ma carte bancaire a été volée": the author's loss, not goods for sale
            if text.startswith("dealer", start) and (trade_dealer(text, start, end) or legal_frame(text)):
                continue  # "bullion dealer", "dealer for a used Audi", "authorized dealer, warranty": a trade
            if cat == "weapons":
                if licensed is None:
                    licensed = licensed_weapon(text) or toy_weapon(text)
                if licensed:
                    continue  # "fusil de chasse avec permis et papiers en règle", "flingue à eau": legal
            if strength < 0.8 and _a_name(ctx.text, view.to_original(start, end)):
                continue  # "Dinner with Molly tonight": a person, whatever the model reads in the name
            strong = (
                strength >= 0.9 or (strength >= 0.8 and (not has_model or p >= self.params.threshold / 2))
            ) and not (warned or (has_model and reported(text, start, end)))
            if not ((self.params.strong_alone and strong) or (has_model and p >= self.params.threshold)):
                continue
            if cat not in best or strength > best[cat][0]:
                best[cat] = (strength, start, end)
        out = []
        for cat, (strength, start, end) in best.items():
            for lo, hi in joined:  # a joined name is shown whole
                if start < hi and end > lo:
                    start, end = min(start, lo), max(end, hi)
            span = view.to_original(start, end)
            out.append(self._finding(ctx, cat, span, max(p, strength)))
        if not out and has_model and p >= self.params.model_alone:
            sents = lang_tools.sentences(ctx.text)
            if sents:
                out.append(self._finding(ctx, None, sents[0], p))
        return out

    def _finding(self, ctx: Context, cat: str | None, span: Span, score: float) -> Finding:
        words = ctx.text[span.start : span.end]
        what = ctx._(_LABELS[cat] if cat else N_("illegal conduct"))
        return self.finding(
            ctx,
            span,
            ctx._(
                "“{words}” suggests {what}; the policy forbids content suggesting illegal conduct.",
                words=words,
                what=what,
            ),
            entity=(cat or "illegal").upper(),
            score=round(score, 4),
            fix=Fix(
                "remove",
                ctx._("Remove this content; if it is news or prevention, say so explicitly."),
                span=span,
            ),
        )


def _a_name(text: str, span: Span) -> bool:
    """Whether the item at ``span`` is written as a name: capitalised (not all capitals) after a word of the
    same sentence ("Dinner with Molly", "Joyeux anniversaire Molly"). Only a mere mention is read so (an offer
    or a request near it is a deal however it is written: "anyone got Molly?")."""
    word = text[span.start : span.end]
    if not word[:1].isupper() or word.isupper():
        return False
    before = text[: span.start].rstrip()
    return bool(before) and before[-1] not in '.!?:;\n"«“(-•*#'
