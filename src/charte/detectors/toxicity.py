"""Toxicity: insults, threats, hate, harassment and obscenity, FR and EN (policy clause 4.3).

The shipped models score the whole post (``toxicity``, ``toxicity_types.hate``/``threat``); the rules of
``support.abuse`` on the folded view say *what* it does and *where*: slurs and insults found through evasions
("c0nnard", "c o n n a r d", "conanrd", "🅱itch"), whom they are aimed at, hate against a protected group
without a rude word, threats in any tense, and the guards (counter-speech, reclaimed use, abuse of things).
The rules decide alone where they are reliable; the model adds what they cannot name. A slang
compliment ("t'es un malade 🔥") has no lexicon hit and a low model score, so it passes. When a
toxic span sits near a named person or company (a policy brand/competitor, or a capitalised name),
a defamation-risk finding is added: insulting a named party is a legal risk, not only a tone issue.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Sequence
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import abuse, hate_shapes, hospitality, lang_tools, threat_frames, threat_senses
from charte.detectors.support.cues import THREAT_RE
from charte.domain import Action, Finding, Fix, Severity, Span
from charte.i18n import N_
from charte.models.cascade import names_group
from charte.models.lexicons import Lexicon, compile_words
from charte.policy.model import Policy, Rule

#: At most this many offending words are reported per post (bounded output and cost on spam).
MAX_SPANS = 10
#: Score of a finding the rules made on their own (the model scored the post lower).
RULE_SCORE = 0.9
_MENTION = re.compile(r"@\w+")
_SECOND_PERSON = re.compile(r"(?<!\w)(?:(?:tu|toi|te|vous|you|u|ur|your|yours)(?!\w)|t['’])")
#: Whom a threat could be aimed at: the reader (and their own: "ta fille", "your kids") or an @account.
_AIMED = re.compile(
    r"@\w|(?<!\w)(?:(?:tu|toi|te|ta|ton|tes|vous|votre|vos|you|u|ur|your|yours|ya|yall|y'all)(?!\w)|t['’])"
)
#: Below this toxicity, the threat head alone (no threat word or pattern found) is read with care: the head was
#: trained on threats full of "hang", "execute", "Gitmo", so "hang out with me tonight?", "thanks for hanging
#: in there" and "our executive team met today" score 0.7-0.99 on it while the toxicity head reads them as the
#: harmless posts they are. Kept at 0.1 (commit 089bb66, not tuned): on ThreatGram train/dev the threats the
#: head alone reads and the everyday posts it misreads both sit at toxicity 0.0-0.15, so the number cannot
#: separate them; what separates them is the sense of the trigger word (``support.threat_senses``).
THREAT_ALONE_TOXICITY = 0.1
#: Below this toxicity, a trigger word of the threat head used in its everyday sense ("I'm going to hang the
#: painting in the hall": toxicity 0.11, threat 0.999) overrules the head alone; at or above it the toxicity
#: head reads something hostile there and the threat score stands. Chosen by judgement, then checked on
#: ThreatGram train/dev (rows with an everyday sense above 0.3 toxicity are mostly threats: "hang with the
#: rest"); with 0.3 no verdict of any other dev set changes (threat and ordinary sets, 22,446 rows).
EVERYDAY_SENSE_TOXICITY = 0.3


def _aimed_at_no_one(threats: Sequence[object], tox: float, ctx: Context) -> bool:
    """The threat head alone (no threat word or pattern), on a post the toxicity head reads as harmless (see
    :data:`THREAT_ALONE_TOXICITY`), is no threat when its trigger word is used in an everyday sense ("hang
    tight", "we executed the trade") or when the post names no one it could be aimed at and no violent
    punishment either. A punishment called for without a name ("Public hangings for treason", "Firing squad,
    it's that simple": ThreatGram's threats against politicians) still counts, as do implicit threats that
    name the reader ("hope you've updated your will"). The senses are read in English only. Read last: only a threat score above the threshold
    asks."""
    if threats or tox >= EVERYDAY_SENSE_TOXICITY:
        return False
    text = ctx.folded.text
    english = ctx.lang == "en"  # the senses are English words ("ordre exécuté" folds to "execute")
    if english and threat_senses.everyday(text):
        return True
    return (
        tox < THREAT_ALONE_TOXICITY
        and _AIMED.search(text) is None
        and not (english and threat_senses.punishment(text))
    )


class _Evidence(NamedTuple):
    tox: float
    p_threat: float
    p_hate: float
    insults: list[Span]
    threats: list[Span]
    is_threat: bool
    toxic: bool
    #: The rules alone found hate (a slur, a hostile statement about a protected group).
    hate: bool = False
    #: Nothing but a model score says the post is toxic / a threat (no word, pattern or statement found).
    model_only: bool = False


# Between two letters of a word: a mask or separator ("c*u*n*t", "c.o.n"), or a letter of another script.
_DISGUISE = re.compile(r"[^\W\d_][*#.\-_·•|/]+(?=[^\W\d_])|[^\x00-\u024f]")


def _disguised(written: str) -> bool:
    """Whether an insult is written to slip past a filter: the model, reading the disguise, scores it low,
    yet the writer meant the word (an insult said of no one in particular then needs no model agreement)."""
    return len(_DISGUISE.findall(written)) >= 2


class _Rules(NamedTuple):
    """What the rules of ``support.abuse`` found, spans in the original text."""

    spans: list[Span]  # abusive words and hateful statements that are used, not quoted
    hate: bool  # a slur or a hostile statement about a protected group
    aimed: bool  # an insult aimed at a person
    untargeted: bool  # insults said of no one in particular (left to the model)
    profanity: bool  # rude words only
    guarded: bool  # abuse quoted, reported, condemned, reclaimed, or said of a thing
    threats: list[Span]  # violence promised to a person
    weak_threats: list[Span]  # "je vais te retrouver": a threat only if the model agrees
    countered: bool = False  # a group named in quoted, condemned, negated or positive statements only
    nonprotected: bool = False  # "tax evaders are parasites": derogation of no protected group
    disguised: bool = False  # an insult spelt to slip past a filter ("c*u*n*t", "c.o.n.n.a.r.d")


class ToxicityParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    threshold: float = Field(0.8, ge=0.0, le=1.0)
    """Toxicity probability above which the post is flagged even without a lexicon hit."""
    lexicon_threshold: float = Field(0.45, ge=0.0, le=1.0)
    """Probability above which a post containing an insult word is flagged (the word alone is not enough:
    "this shit is fire" is praise)."""
    threat_threshold: float = Field(0.6, ge=0.0, le=1.0)
    """Threat probability above which a threat is reported; a threat pattern lowers it to half."""
    hate_threshold: float = Field(0.7, ge=0.0, le=1.0)
    """Hate probability above which the finding is labelled hate speech."""
    model_block: float = Field(0.95, ge=0.0, le=1.0)
    """Score from which a finding the models make alone (no rude word, threat pattern or hateful statement
    found by the rules) takes the rule's action; below it such a finding asks for review instead of
    blocking. A score alone misreads ordinary posts ("next time you come, bring the wine": threat 0.6), so
    it needs corroboration or a clear score to block; 1.0 never lets the model alone block."""
    defamation: bool = True
    """Report a defamation risk when the toxic words are near a named person or company."""
    defamation_window: int = Field(60, ge=0, le=500)
    """Characters around the toxic span searched for a name."""
    terms: list[str] = []
    """Extra insults for this organisation (folded, whole words; a trailing * allows endings)."""


def _weighed(ctx: Context, head: str) -> str:
    """ " Words that weighed most: …" from the models' explanation of ``head`` (empty without models or
    when the scorer cannot explain), so a reviewer sees why the model fired."""
    explain = getattr(getattr(ctx, "_scorer", None), "explain", None)
    if explain is None:
        return ""
    words = [w for w, _ in explain(ctx.text, head, ctx.lang)]
    if not words:
        return ""
    quoted = ", ".join(ctx._("“{word}”", word=w) for w in words)
    return ctx._(" Words that weighed most: {words}.", words=quoted)


# What each kind of abuse is called in messages (msgids).
_WHAT = {
    "HATE": N_("hateful content"),
    "HARASSMENT": N_("an insult aimed at someone (harassment)"),
    "INSULT": N_("insulting or obscene language"),
}


@register
class ToxicityDetector(Detector[ToxicityParams]):
    id = "toxicity"
    category = "toxicity"

    def __init__(self, rule: Rule, params: ToxicityParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        self.extra = compile_words(params.terms) if params.terms else None
        self.targets = lang_tools.gated_targets(
            [*policy.organisation.brands, *policy.organisation.competitors, policy.organisation.name]
        )

    def _spans(self, ctx: Context, pattern: Lexicon) -> list[Span]:
        view = ctx.folded
        return [
            view.to_original(m.start(), m.end())
            for m in itertools.islice(pattern.finditer(view.text), MAX_SPANS)
        ]

    def _worst_sentence(self, ctx: Context) -> Span:
        sents = lang_tools.sentences(ctx.text) or [Span(0, len(ctx.text))]
        if len(sents) == 1:
            return sents[0]
        scored = [
            (float(lang_tools.score(ctx, ctx.text[s.start : s.end]).get("toxicity", 0.0)), s) for s in sents
        ]
        return max(scored, key=lambda item: item[0])[1]

    def _rules(self, ctx: Context) -> _Rules:
        """The rule evidence (``support.abuse``): words, targets, hate, threats and their guards, read on the
        folded view with texting spellings spelt out (``ctx.texting``)."""
        view = ctx.texting
        text = view.text
        spans: list[Span] = []
        hate = aimed = untargeted = profanity = guarded = things = disguised = False
        reading = abuse.hate_reading(text, ctx.lang)
        for hit in itertools.islice(abuse.word_hits(text, ctx.lang), MAX_SPANS):
            span = view.to_original(hit.start, hit.end)
            if _in_title(ctx.text, span):
                # "The Bastard Executioner", "Dick Van Dyke": a title or a name, not an insult, and the
                # model, which reads the word alone, does not decide alone either.
                guarded = True
                continue
            if (
                abuse.reclaimed(text, hit)
                or abuse.mentioned(text, hit)
                or abuse.counter_speech(text, hit.start, hit.end)
                or any(
                    s <= hit.start and hit.end <= e for s, e in reading.negated
                )  # "… ne sont pas des ordures"
            ):
                guarded = True
                continue
            if hit.kind == "slur":
                hate = True
            elif abuse.self_directed(text, hit):
                things = True  # "I'm such an idiot": said of oneself, like a word said of a thing
                continue
            elif abuse.targeted(text, ctx.text, hit, (span.start, span.end)) and hit.kind == "insult":
                aimed = True
            elif abuse.aimed_at_thing(text, hit):
                things = True
                continue
            elif hit.kind == "insult":
                untargeted = True
                disguised = disguised or _disguised(ctx.text[span.start : span.end])
            else:
                profanity = True
            spans.append(span)
        hateful, countered = reading.hits, reading.countered
        if hateful:
            hate = True
            spans.extend(view.to_original(h.start, h.end) for h in hateful[:MAX_SPANS])
        elif countered:
            guarded = True
        countered = countered and not hateful
        threats: list[Span] = []
        weak: list[Span] = []
        for h in abuse.threat_hits(text):
            (threats if h.kind == "threat" else weak).append(view.to_original(h.start, h.end))
        if self.extra is not None:
            extra = self._spans(ctx, self.extra)
            spans.extend(extra)
            untargeted = untargeted or bool(extra)
        return _Rules(
            _merge(spans),
            hate,
            aimed,
            untargeted,
            profanity,
            guarded or things,
            threats,
            weak,
            countered,
            reading.nonprotected and not (hate or aimed),
            disguised,
        )

    def _evidence(self, ctx: Context) -> _Evidence | None:
        """Scores and lexicon spans, and what fires; ``None`` for a calm post (nothing can fire)."""
        key = (self, "evidence")
        if key not in ctx.memo:
            ctx.memo[key] = self._weigh(ctx)
        evidence: _Evidence | None = ctx.memo[key]  # the memo holds every detector's values: typed here
        return evidence

    def _weigh(self, ctx: Context) -> _Evidence | None:
        scores = ctx.scores
        has_model = "toxicity" in scores
        tox = float(scores.get("toxicity", 0.0))
        types = scores.get("toxicity_types", {})
        p_threat, p_hate = float(types.get("threat", 0.0)), float(types.get("hate", 0.0))
        p = self.params
        rules = self._rules(ctx)
        view = ctx.texting
        lexicon_threats = [
            view.to_original(m.start(), m.end())  # "t'es mort au poker" is about a game
            for m in itertools.islice(THREAT_RE.finditer(view.text), MAX_SPANS)
            if not abuse.game_talk(view.text, m.end())
            and not threat_frames.dismissed(view.text.replace("’", "'"), m.start(), m.end())
        ]
        # Violence said of pests and bugs alone ("faut tuer les bugs", "those wasps need to be exterminated"):
        # no threat and no hate, whatever the model or a pattern without its object reads there.
        pests = not rules.hate and not rules.spans and hate_shapes.pest_control(view.text, ctx.lang)
        if pests:
            rules = rules._replace(threats=[], weak_threats=[])
            lexicon_threats = []
        threats = rules.threats or lexicon_threats + rules.weak_threats
        invitation = not rules.threats and hospitality.hospitable(view.text)  # "bring the wine"
        # Quoted, condemned or negated violence ("X should never be attacked", "« … » : voilà la haine
        # qu'il faut combattre") with nothing else rude: the model's threat score alone is not a threat.
        benign = (
            (rules.countered and not rules.spans and not rules.threats)
            or (not rules.threats and not lexicon_threats and abuse.idiom(view.text))
            or (not rules.threats and abuse.reported_threat(view.text))  # "condamné pour avoir menacé de …"
            # a game, a film, a song, "kill the lights" (support.threat_frames)
            or (
                not rules.threats
                and (p_threat >= p.threat_threshold or bool(threats))  # read only when it can matter
                and (threat_frames.framed(view.text) or threat_frames.idiom(view.text))
            )
            or pests
            or invitation
        )
        is_threat = bool(
            rules.threats
            or (p_threat >= p.threat_threshold and not benign and not _aimed_at_no_one(threats, tox, ctx))
            or (
                threats
                and not benign
                and (p_threat >= p.threat_threshold / 2 or tox >= p.lexicon_threshold or not has_model)
            )
        )
        # The rules decide alone for hate, slurs and insults aimed at someone; an insult said of no one in
        # particular needs the model's agreement. The model alone decides at its full threshold, except when
        # the only rude words are quoted, condemned, reclaimed or said of a thing, or are profanity that
        # targets no one ("boring as fuck", "this is f***ing great").
        profanity_only = rules.profanity and not (rules.hate or rules.aimed or rules.untargeted)
        # Derogation of people who are no protected group ("tax evaders are parasites") is criticism the
        # policy allows; the model, which reads "parasites" as hate, does not decide alone there.
        model_says = (
            tox >= p.threshold
            and not (rules.guarded and not rules.spans)
            and not profanity_only
            and not rules.nonprotected
            and not (abuse.reported_threat(view.text) and not rules.spans)  # news of a condemned threat
            and not (
                not (rules.spans or rules.threats)
                and (threat_frames.framed(view.text) or threat_frames.idiom(view.text))
            )
            and not pests
            and not (not rules.spans and invitation)
        )
        toxic = bool(
            rules.hate
            or rules.aimed
            or model_says
            or (rules.untargeted and (tox >= p.lexicon_threshold or not has_model or rules.disguised))
        )
        if not (toxic or is_threat):
            return None
        threats = sorted(threats, key=lambda s: (s.start, s.end))
        model_only = not (rules.spans or threats or rules.hate or rules.aimed)
        return _Evidence(
            tox, p_threat, p_hate, rules.spans, threats, is_threat, toxic, rules.hate, model_only
        )

    def parts_to_score(self, ctx: Context) -> Sequence[str]:
        """The sentences :meth:`detect` will score (a toxic post with no offending word to point at)."""
        ev = self._evidence(ctx)
        if ev is None:
            return ()
        needs = (ev.is_threat and not ev.threats) or (ev.toxic and not ev.insults and not ev.is_threat)
        if not needs:
            return ()
        sents = lang_tools.sentences(ctx.text)
        return [ctx.text[s.start : s.end] for s in sents] if len(sents) > 1 else ()

    def detect(self, ctx: Context) -> Sequence[Finding]:
        ev = self._evidence(ctx)
        if ev is None:
            return []
        tox, p_threat, p_hate, insults, threats, is_threat, toxic, rule_hate, model_only = ev
        out: list[Finding] = []
        if is_threat:
            span = threats[0] if threats else self._worst_sentence(ctx)
            out.append(
                self.finding(
                    ctx,
                    span,
                    ctx._("This reads as a threat. Threats are never acceptable, even as a joke.")
                    + _weighed(ctx, "threat"),
                    entity="THREAT",
                    score=max(p_threat, tox),
                    severity=Severity.CRITICAL,
                    fix=Fix(
                        "rephrase", ctx._("Remove the threat; state the disagreement calmly."), span=span
                    ),
                )
            )
        if toxic and not (is_threat and not insults):
            spans = [s for s in insults if not any(s.overlaps(t) for t in threats)] if is_threat else insults
            spans = spans or [self._worst_sentence(ctx)]
            entity = (
                "HATE"
                if rule_hate or p_hate >= self.params.hate_threshold
                else (
                    "HARASSMENT"
                    if _MENTION.search(ctx.text) or _SECOND_PERSON.search(ctx.folded.text)
                    else "INSULT"
                )
            )
            what = ctx._(_WHAT[entity])
            toxic_by_model = tox >= self.params.lexicon_threshold
            why = _weighed(ctx, "hate" if entity == "HATE" else "toxicity")
            for span in spans:
                words = ctx.text[span.start : span.end]
                out.append(
                    self.finding(
                        ctx,
                        span,
                        ctx._(
                            "“{words}” is {what}; the policy asks for respect and courtesy.",
                            words=words,
                            what=what,
                        )
                        + why,
                        entity=entity,
                        score=round(
                            max(tox, p_hate, RULE_SCORE if rule_hate else 0.0)
                            if entity == "HATE"
                            else max(tox, RULE_SCORE if not toxic_by_model else 0.0),
                            4,
                        ),
                        fix=Fix(
                            "rephrase",
                            ctx._("Rephrase without insults: criticise facts, not people."),
                            span=span,
                        ),
                    )
                )
        if out and self.params.defamation:
            out.extend(self._defamation(ctx, out))
        if model_only and self.rule.action is Action.BLOCK:
            out = [
                f if self._corroborated(ctx, f) else dataclasses.replace(f, action=Action.REVIEW) for f in out
            ]
        return out

    def _corroborated(self, ctx: Context, finding: Finding) -> bool:
        """Whether a finding the models made alone may block: a clear score, or a post that names a group of
        people ("remettez les migrants dans les bateaux 🚢": hate the rules cannot word); anything else, a
        score on a dinner invitation or a family errand, asks for review."""
        return finding.score >= self.params.model_block or names_group(ctx.text)

    def _defamation(self, ctx: Context, toxic: list[Finding]) -> list[Finding]:
        text = ctx.text
        for finding in toxic:
            assert finding.span is not None
            window = Span(
                max(0, finding.span.start - self.params.defamation_window),
                min(len(text), finding.span.end + self.params.defamation_window),
            )
            named = [n for n in lang_tools.capitalised_names(text, window) if not n.overlaps(finding.span)]
            if self.targets is not None:
                view = ctx.folded
                for m in self.targets.finditer(view.text):
                    span = view.to_original(m.start(), m.end())
                    if span.overlaps(window):
                        named.insert(0, span)
            if named:
                target = named[0]
                name = text[target.start : target.end]
                span = Span(min(target.start, finding.span.start), max(target.end, finding.span.end))
                return [
                    self.finding(
                        ctx,
                        span,
                        ctx._(
                            "Attacking “{name}” by name is a defamation risk: insults or accusations "
                            "about a named person or company can be prosecuted.",
                            name=name,
                        ),
                        entity="DEFAMATION_RISK",
                        score=finding.score,
                        severity=Severity.CRITICAL,
                        fix=Fix(
                            "rephrase",
                            ctx._("Remove the accusation or the name; stick to verifiable facts."),
                            span=span,
                        ),
                    )
                ]
        return []


def _merge(spans: list[Span]) -> list[Span]:
    """Spans in order, overlapping ones merged (a slur inside a hateful statement is one finding)."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and span.start < out[-1].end:
            out[-1] = Span(out[-1].start, max(out[-1].end, span.end))
        else:
            out.append(span)
    return out[:MAX_SPANS]


_TITLE_WORD = re.compile(r"[A-Z][a-z'’]+|[A-Z]{1,2}(?![A-Za-z])|&|of|the|de|du|la|le|des")


def _in_title(text: str, span: Span) -> bool:
    """A capitalised word inside a run of capitalised words, not opening a sentence: a title or a name."""
    word = text[span.start : span.end]
    if not word[:1].isupper() or word.isupper():
        return False
    before = text[max(0, span.start - 40) : span.start].split()
    after = text[span.end : span.end + 40].split()
    prev = before[-1] if before else ""
    nxt = after[0].strip('.,;:!?"”»)') if after else ""
    opens_sentence = not prev or prev[-1] in '.!?:"“«'
    capitalised = [w for w in (prev, nxt) if w[:1].isupper() and w.isalpha() and not w.isupper()]
    return bool(capitalised) and not (opens_sentence and not (nxt[:1].isupper() and nxt.isalpha()))
