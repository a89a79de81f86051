"""Crediting sources: quotations and media shared without saying whose they are.

* Attachments (images, videos…) must carry a ``credit`` or ``source``, unless the text itself
  credits them ("Photo : Jeanne Martin", "📷 @jmartin", "© AFP").
* A quotation of some length (« … », “ … ”, "…") that stands as a statement of its own (it opens the
  post, a sentence or a line, or follows a colon, a comma, a verb of saying or "que"/"that") must be
  attributed: a dash and a name after it
  ("— Victor Hugo"), "selon", "d'après", "according to", "via", "source :", "©", "(c)", an
  @handle or a link, or a speaker introduced before it ("As Ada Lovelace wrote: “…”",
  "Comme le disait Coluche, « … »").

What is not a quotation to credit: words quoted inside a sentence as a phrase of it ('the "LA Galaxy
where…"', 'parce que « … »', 'who "couldn't see past…"'), whose speaker is the sentence's subject or
nobody; the poster voicing someone ('be like, "…"', '*sings* “…”'); and straight quotes whose marks do
not pair (an odd count, or a first mark that closes: dialogue pasted from a story or a thread).

Nothing is checked when the policy's ``legal.credit_sources`` is false.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import phrases as ph
from charte.domain import Finding, Fix, Span
from charte.policy.model import Policy, Rule

_I = re.IGNORECASE
_VERBS = (
    r"said|says|wrote|writes|tweeted|posted|declared|stated|explained|put it|reminds us|noted|replied|"
    r"told (?:me|us|them)|asked|m['’]a dit|nous a dit|a répondu|répond|"
    r"a dit|dit|disait|a déclaré|déclare|déclarait|a écrit|écrit|écrivait|explique|a expliqué|affirme|"
    r"rappelle|souligne|martèle|confie|a confié|a tweeté|résume|estime|ajoute|assure|assurait|a assuré|"
    r"lâche|lance|confirme|annonce|prévient|juge|insiste|tranche|dixit|raconte|témoigne|"
    r"warns|insists|adds|added|claims|claimed|tells|admits|admitted|recalls|argues|argued"
)
# Who may be named in lower case after a dash: kin, a possessive, an article before a role.
_KIN = (
    r"(?:my|mon|ma|mes|our|notre|nos|his|her|their|son|sa|ses|dad|daddy|mum|mom|papa|maman|grand-?m[eè]re"
    r"|grand-?p[eè]re|grandma|grandpa|granny|nan|nana|tonton|tata|uncle|auntie|the|le|la|l['’]|un|une|a|an)(?![\w'’-])"
)
# Right after the closing mark: a dash and something, a credit word, a verb of saying, a handle.
_AFTER_START = re.compile(
    # A dash counts when a name, a handle or a source follows it ("— Victor Hugo", "- @jdoe"), not a comment
    # of the poster's ("- so true", "— tellement vrai").
    # (the spaces after the dash are all read before the look-ahead: "— so true" is a comment); a person
    # named in lower case is a credit too ("— dad at karaoke", "— ma grand-mère").
    r"^[\s,.;:!?…]*(?:[—–~]\s{0,2}(?!\s|(?!https?|www|" + _KIN + r")[a-zà-ÿ])"
    r"|-{1,2}\s{1,2}(?!\s|(?!https?|www|" + _KIN + r")[a-zà-ÿ])|\(\s*[A-Z@©]"
    rf"|(?i:as|comme)\s+(?:[\w'’.-]+\s+){{0,4}}?(?:{_VERBS}|put it|used to say|aimait à dire|aimait dire)(?![\w])"
    r"|(?i:selon|d['’]apr[eè]s|according to|via|source|sources|cf\.?|"
    rf"cr[ée]dits?|credit|©|\(c\)|{_VERBS})(?![\w])|@\w|(?i:by|de|par|d['’])\s*[A-ZÀ-Ý@])"
)
# Anywhere in the window after the quote: an unambiguous source marker.
_AFTER_ANY = re.compile(
    r"(?:selon|d['’]apr[eè]s|according to|source\s*:|sources\s*:|©|\(c\)\s*\w|https?://|"
    r"\bvia\s+\S|\bdixit\b|\b(?:sur|on|by|par|chez|from|de)\s+@\w"
    # "la formule est de l'économiste Jean Fourastié", "the line is from Orwell"
    r"|\b(?:formule|phrase|citation|quote|line|words)\s+(?:est|is|are|was|vient)\s+(?:de|d['’]|by|from)\b)",
    _I,
)
# Before the opening mark: "selon X", "according to X" anywhere in the window; a verb of saying or
# a name with a colon just before the quote.
_BEFORE_ANY = re.compile(
    r"(?:\bselon\b|d['’]apr[eè]s\b|according to\b|\bas\s+\w+(?:\s\w+)?\s+(?:said|says|put it|wrote)"
    r"|in the words of|pour reprendre (?:les mots|la formule) d|comme dirait"
    r"|comme (?:le |la |l['’])?(?:dit|disait|disent|a dit|écrit|écrivait|rappelle|chantait))",
    _I,
)
# A claim quoted to discuss it ("Dire que « … », c'est faux", "people who say "…""): no author to credit.
_BEFORE_END = re.compile(
    rf"(?:(?:{_VERBS}|dire|disent|disant|pr[ée]tendre|saying|say|claim(?:s|ing)?|"
    r"hear(?:ing)?|entendre)(?:\s+(?:que|qu['’]|that))?\s*[:,]?|@\w+\s*:|\bsource\s*:"
    # A template to fill in, not anyone's words: "Modèle de courrier : « … »", "Template: "…"".
    r"|\b(?:mod[èe]les?|templates?|exemples?|examples?|formulaires?|script)(?:\s+(?:de|d['’]|of)\s*\w+)?\s*:)\s*$",
    _I,
)
_NAME_COLON = re.compile(r"(?:[A-ZÀ-Ý][\w'’.-]+\s){0,3}([A-ZÀ-Ý][\w'’.-]+)\s*(?:\([^()]{0,40}\)\s*)?:\s*$")
# A name right after the closing mark, then the end of the sentence or of the line, or more of the credit.
# One capitalised word followed by lower-case words opens the next sentence ("« … » Bonne semaine à
# tous", "“…” Have a great week"): a credit followed by more text needs two capitalised words
# ("« … » Victor Hugo dans Les Misérables").
_NAME_AFTER = re.compile(
    r"[ \t]{1,3}([A-ZÀ-Ý][\w'’.-]{1,30})(?P<more>(?:[ \t]+(?:&amp;|&|and|et|de|du|von|van|[A-ZÀ-Ý][\w'’.-]{1,30})){0,4})"
    r"[ \t]*(?:(?P<end>$|[\n.,;:!?)(#@*\"“«])|[ \t]+[a-zà-ÿ0-9(])"
)
# The words right before an opening mark that make what follows a quoted statement: a verb of saying, a
# conjunction that introduces speech or continues a list of quotations, a hashtag label.
_INTRO_WORD = re.compile(
    rf"(?:(?<![\w'’])(?:{_VERBS}|say|dire|disent|disant|dis|goes|go|went|dictates|et|and|ou|or)"
    # "que"/"that" after a verb, not the conjunctions "parce que", "so that"…
    r"|(?<![\w'’])(?<!parce )(?<!alors )(?<!bien )(?<!afin )(?<!avant )(?<!tandis )(?<!sans )"
    r"(?<!so )(?<!now )(?<!such )(?:que|qu['’]|that)"
    r"|#\w+)$",
    _I,
)
# A generic speaker is no author: "they say", "on dit que", "il paraît que", "as the saying goes" introduce
# a saying whose author the post should name.
_GENERIC_SAYING = re.compile(
    r"(?:(?<![\w'’])(?:they|people|on|ils|les gens)\s+(?:(?:always|often|souvent|toujours)\s+)?"
    r"(?:say|said|dit|disent|disait)|il para[iî]t|as the saying goes|comme dit le proverbe)"
    r"(?:\s+(?:que|qu['’]|that))?\s*[:,]?\s*$",
    _I,
)
# The poster voicing someone: "and be like, "…"", "genre « … »", "*sings* “…”".
_QUOTATIVE = re.compile(r"(?:(?<![\w'’])(?:like|genre|en mode)\s*[:,]?|\*)\s*$", _I)
_STRAIGHT_RUN = re.compile(r'"+')
_HANDLE_BEFORE = re.compile(
    r"(?:^|[\s.])@\w+(?:\s+(?:sur|on|about|à propos de|re)\s+[^.!?\n«“\"]{1,40})?\s*[:,]?\s*$"
)
#: Capitalised words that start a sentence rather than name an author.
_NOT_AUTHORS = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "and",
        "but",
        "or",
        "so",
        "then",
        "now",
        "i",
        "it",
        "we",
        "he",
        "she",
        "they",
        "you",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "a",
        "an",
        "what",
        "who",
        "why",
        "when",
        "where",
        "how",
        "if",
        "in",
        "on",
        "at",
        "for",
        "to",
        "of",
        "is",
        "are",
        "was",
        "were",
        "le",
        "la",
        "les",
        "l",
        "un",
        "une",
        "des",
        "et",
        "mais",
        "ou",
        "donc",
        "puis",
        "je",
        "il",
        "elle",
        "on",
        "nous",
        "vous",
        "ils",
        "elles",
        "ce",
        "cette",
        "ces",
        "mon",
        "ma",
        "mes",
        "ton",
        "ta",
        "tes",
        "son",
        "sa",
        "ses",
        "notre",
        "votre",
        "leur",
        "qui",
        "que",
        "quoi",
        "pourquoi",
        "quand",
        "comment",
        "si",
        "dans",
        "sur",
        "pour",
        "avec",
        "sans",
        "c",
        "est",
    ]
)
#: Capitalised words that introduce a quotation without naming anyone ("Rappel : « … »").
_LABELS = frozenset(
    [
        "rappel",
        "reminder",
        "citation",
        "quote",
        "quotes",
        "note",
        "conseil",
        "tip",
        "tips",
        "devise",
        "motto",
        "pensée",
        "pensee",
        "thought",
        "info",
        "ps",
        "bref",
        "morale",
        "moral",
        "leçon",
        "lecon",
        "lesson",
        "question",
        "réponse",
        "reponse",
        "answer",
        "update",
        "important",
        "attention",
        "astuce",
        "bonus",
        "résumé",
        "resume",
        "summary",
        "spoiler",
        "aujourd'hui",
        "today",
        "rule",
        "règle",
        "regle",
        "mantra",
        "inspiration",
        "motivation",
    ]
)
_MEDIA_CREDIT = re.compile(
    r"(?i:cr[ée]dits?(?:\s+photos?)?|photos?(?:\s+cr[ée]dits?)?|images?|illustration|visuel|vid[ée]o|source|sources)"
    r"\s*:\s*\S|📷|📸|🎥|©|(?i:\(c\))\s*\w|"
    r"(?i:photo|image|video|vidéo|picture|pic|shot|crédit|credit)s?\s+(?i:by|de|par|from|via|d['’])\s*(?:@\w|[A-ZÀ-Ý])"
)
_WORD = re.compile(r"\w+")
# A quoted retweet names its author inside the marks: "@jdoe: …", "RT @jdoe …".
_RETWEET = re.compile(r"\s*(?:RT\s+)?@\w+\s*:?", re.IGNORECASE)
#: A post never holds more real quotations than this; the cap keeps hostile input linear.
MAX_QUOTES = 50


class AttributionParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    min_quote_words: int = Field(default=6, ge=1)
    """Quotations shorter than this (scare quotes, titles) are not checked."""
    window: int = Field(default=80, ge=10, le=400)
    """How many characters before and after a quotation may hold its attribution."""
    check_quotes: bool = True
    check_attachments: bool = True


def straight_marks_pair(text: str) -> bool:
    """Whether the straight double quotes of ``text`` pair up: an even number of marks (a run such as the
    doubled ``""`` of an export counts once) and a first mark that opens rather than closes. Otherwise
    the post holds dialogue or a quotation cut off, and which words are quoted cannot be told."""
    runs = list(_STRAIGHT_RUN.finditer(text))
    if len(runs) % 2:
        return False
    if not runs:
        return True
    first = runs[0]
    before = text[first.start() - 1] if first.start() else " "
    after = text[first.end()] if first.end() < len(text) else " "
    return not (not before.isspace() and before not in "([{/—–-" and (after.isspace() or after in ".,;:!?)"))


def stands_alone(text: str, start: int) -> bool:
    """Whether the quotation opening at ``start`` is a statement of its own, not words quoted inside a
    sentence: it opens the text, a sentence or a line, or follows a colon, a comma, a dash, an emoji, a
    verb of saying, "que"/"that", a conjunction, a hashtag or a label ("citation", "quote of the day"); the
    poster voicing it ("be like, “…”",
    "*sings* “…”") is no quotation to credit."""
    line = text[max(0, start - 60) : start].rsplit("\n", 1)[-1]
    before = line.rstrip()
    if not before:
        return True
    if _QUOTATIVE.search(before):
        return False
    last = before[-1]
    if not (last.isalnum() or last in "'’_"):
        return True  # after punctuation, a dash, an emoji or a closing mark
    if any(w.casefold() in _LABELS for w in _WORD.findall(before)[-4:]):
        return True  # "Ma citation préférée « … »", "Quote of the day “…”"
    return _INTRO_WORD.search(before) is not None


@register
class AttributionDetector(Detector[AttributionParams]):
    id = "attribution"
    category = "attribution"

    def __init__(self, rule: Rule, params: AttributionParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        self.active = policy.legal.credit_sources

    def detect(self, ctx: Context) -> Sequence[Finding]:
        if not self.active:
            return ()
        out: list[Finding] = []
        text = ctx.text
        if self.params.check_quotes and any(q in text for q in '«“"„'):
            straight = '"' not in text or straight_marks_pair(text)
            for whole, inner in ph.quotations(text)[:MAX_QUOTES]:
                if text[whole.start] == '"' and not straight:
                    continue
                if (
                    self._long(text[inner.start : inner.end])
                    and stands_alone(text, whole.start)
                    and not self._attributed(text, whole)
                ):
                    out.append(self._quote(ctx, whole))
        if self.params.check_attachments and ctx.post.attachments and not _MEDIA_CREDIT.search(ctx.text):
            missing = [
                f"{n} ({a.kind})"
                for n, a in enumerate(ctx.post.attachments, 1)
                if not ((a.credit or "").strip() or (a.source or "").strip())
            ]
            if missing:
                out.append(self._media(ctx, ", ".join(missing), len(missing)))
        return out

    def _long(self, inner: str) -> bool:
        return any(n >= self.params.min_quote_words for n, _ in enumerate(_WORD.finditer(inner), 1))

    def _attributed(self, text: str, whole: Span) -> bool:
        if _RETWEET.match(text, whole.start + 1):
            return True
        after = text[whole.end : whole.end + self.params.window]
        if _AFTER_START.match(after.lstrip('"”»')) or _AFTER_ANY.search(after):
            return True  # a doubled closing mark (""…"": @user) does not hide the credit after it
        name = _NAME_AFTER.match(after)
        if (
            name is not None
            and name.group(1).casefold() not in _NOT_AUTHORS
            and (name.group("end") is not None or name.group("more").strip())
        ):
            return True  # “…” Bob Marley, « … » Victor Hugo
        before = text[max(0, whole.start - self.params.window) : whole.start]
        if _BEFORE_ANY.search(before):
            return True
        end = before[-40:]
        if _BEFORE_END.search(end) and not _GENERIC_SAYING.search(end):
            return True  # "As Ada said: …", "Dire que « … », c'est faux"; not "They say "…""
        if _HANDLE_BEFORE.search(before[-60:]):
            return True  # ".@user « … »", "@user sur l'écotaxe : « … »": the handle is the speaker
        name = _NAME_COLON.search(before)
        return name is not None and name.group(1).casefold() not in _LABELS

    def _quote(self, ctx: Context, whole: Span) -> Finding:
        credit = ctx._(" — Source: [name]")
        fix = Fix(
            "add_credit",
            ctx._("Say who said or wrote it, right after the quotation."),
            replacement=credit,
            span=Span(whole.end, whole.end),
        )
        message = ctx._("This quotation does not say who said or wrote it: credit its author or source.")
        return self.finding(ctx, whole, message, entity="UNCREDITED_QUOTE", fix=fix)

    def _media(self, ctx: Context, which: str, count: int) -> Finding:
        """One finding for every uncredited attachment (``which``: "1 (image), 3 (video)")."""
        fix = Fix(
            "add_credit",
            ctx.ngettext(
                "Fill in the credit of attachment {which}, or add “Photo: [author]” to the text.",
                "Fill in the credit of attachments {which}, or add “Photo: [author]” to the text.",
                count,
                which=which,
            ),
            replacement=ctx._("Photo: [author]"),
        )
        message = ctx.ngettext(
            "Attachment {which} has no credit or source.",
            "Attachments {which} have no credit or source.",
            count,
            which=which,
        )
        return self.finding(ctx, None, message, entity="UNCREDITED_MEDIA", fix=fix)
