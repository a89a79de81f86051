"""Customers' personal data (policy clause "customer data"): names, contact details, bank and identity
numbers, validated rather than shaped.

Every structured entity is a recogniser in ``support.pii_entities`` (pattern and context words as data,
one ``validate`` hook: Luhn, IBAN mod 97, NIR key, SIREN/SIRET, phone metadata by region, ``ipaddress``)
that declares its entity once (``kind = EntityKind(...)``); PERSON is ``support.pii_person``. Matching
runs on the ``basic`` view, so full-width digits and zero-width characters do not hide a number, and
spans are mapped back to the original text. Order or customer
numbers come from the policy (``patterns``), compiled with RE2 so a user's regex runs in linear time.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Mapping, Sequence
from typing import Annotated

import phonenumbers
import re2
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import hosts as _hosts
from charte.detectors.support import pii_entities as ent
from charte.detectors.support import pii_evasions
from charte.detectors.support.intervals import Spans
from charte.detectors.support.pii_person import BARE_NAME_SCORE, WEAK_SCORE, PersonRecognizer, _plain
from charte.domain import Action, Finding, Fix, Span
from charte.i18n import N_
from charte.normalize import View
from charte.policy.model import Policy, Rule

#: The built-in entities, declared by their recognisers (``support.pii_entities``), in overlap rank order.
KINDS: Mapping[str, ent.EntityKind] = ent.kinds()
ENTITIES: tuple[str, ...] = tuple(KINDS)


def _builtin(value: str) -> str:
    if value not in KINDS:
        raise ValueError(f"unknown entity {value!r}; use one of {', '.join(ENTITIES)}")
    return value


#: A built-in entity name, checked when the policy loads.
Entity = Annotated[str, AfterValidator(_builtin)]

#: How a policy identifier (``patterns``) is named in messages, like ``EntityKind`` labels.
_CUSTOM_LABELS = (N_("a customer identifier ({entity})"), N_("the customer identifier ({entity})"))


_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False
_RE2_OPTIONS.max_mem = 8 << 20


class PatternParams(BaseModel):
    """An identifier of the organisation's own (order, customer, contract number)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,39}$")
    regex: str = Field(min_length=1)
    context: list[str] = []
    """When given, a match counts only with one of these words within 40 characters."""
    score: float = Field(default=0.9, ge=0, le=1)
    keep: int = Field(default=2, ge=0, le=8)
    """Characters kept at the end when masking."""

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            compiled = re2.compile(value, options=_RE2_OPTIONS)
        except re2.error as exc:
            reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
            raise ValueError(
                f"invalid regular expression {value!r}: {reason} (RE2 syntax: no look-arounds "
                "or back-references)"
            ) from None
        if compiled.search("") is not None:
            raise ValueError(
                f"regular expression {value!r} matches the empty string; make it match an identifier"
            )
        return value


class PiiParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    entities: list[Entity] | None = None
    """Built-in entity types to detect; ``None`` (the default) means all of them."""
    patterns: list[PatternParams] = []
    allow: list[str] = []
    """Values never reported: the switchboard number, the press e-mail, a public figure's name."""
    min_score: dict[str, float] = {}
    """Minimum score per entity type, ``default`` for the others (0.5 unless set; PERSON 0.7 unless
    ``PERSON`` or ``default`` is set)."""
    phone_regions: list[str] | None = None
    """Regions for numbers written without +code; default: the organisation's country, then FR and US."""

    @field_validator("phone_regions")
    @classmethod
    def _regions(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        bad = [r for r in value if r.upper() not in phonenumbers.SUPPORTED_REGIONS]
        if bad:
            raise ValueError(
                f"unknown phone region(s) {', '.join(bad)}; use ISO country codes such as FR, BE, US, GB"
            )
        return [r.upper() for r in value]

    @model_validator(mode="after")
    def _scores(self) -> PiiParams:
        known = {*ENTITIES, *(p.entity for p in self.patterns), "default"}
        for key, value in self.min_score.items():
            if key not in known:
                raise ValueError(
                    f"min_score has unknown entity {key!r}; use one of {', '.join(sorted(known))}"
                )
            if not 0 <= value <= 1:
                raise ValueError(f"min_score.{key} must be between 0 and 1, not {value}")
        return self


#: Default minimum score of PERSON: names after a title, a role or an introducer ("Mme", "our customer",
#: "merci à"); a bare "Firstname Lastname" (score 0.6) is most often a public figure in a post, and is
#: reported only next to personal data (then 0.85) or when the policy lowers ``min_score.PERSON``.
PERSON_MIN_SCORE = 0.7
NAME_WITH_RECORD_SCORE = 0.85
#: Scores of names reported only next to personal data: a bare "Firstname Lastname", a first name alone
#: after a role or a request ("ask for Nora"). A first name after a greeting is not among them.
NEEDS_RECORD = frozenset({BARE_NAME_SCORE, WEAK_SCORE})
_RECORD = frozenset(name for name, kind in KINDS.items() if kind.record)

#: Entities the evasion view may reveal (numbers and addresses written so that a pattern misses them).
_EVASION_ENTITIES = frozenset({"IBAN", "CREDIT_CARD", "FR_NIR", "US_SSN", "PHONE", "EMAIL"})
#: Regions whose national numbers (written without +code) are read, after the organisation's country: the
#: French-speaking neighbours and the main English-speaking ones (UK mobiles "07911 123456").
DEFAULT_PHONE_REGIONS = ("FR", "US", "GB", "BE", "CH", "CA")
#: Words of role mailboxes (RFC 2142 and their French usual names): an address of the organisation's own
#: made only of them (``presse@``, ``service.client@``, ``customer.service@``) is nobody's personal data.
ROLE_MAILBOX_WORDS = frozenset(
    [
        "abuse",
        "accueil",
        "admin",
        "administration",
        "aide",
        "billing",
        "careers",
        "client",
        "clients",
        "clientele",
        "communication",
        "communications",
        "compliance",
        "conformite",
        "contact",
        "contacts",
        "customer",
        "customers",
        "care",
        "dpo",
        "emploi",
        "emplois",
        "facturation",
        "help",
        "helpdesk",
        "hello",
        "hr",
        "info",
        "infos",
        "information",
        "informations",
        "investor",
        "investors",
        "investisseurs",
        "ir",
        "jobs",
        "juridique",
        "legal",
        "marketing",
        "media",
        "medias",
        "mediation",
        "news",
        "newsletter",
        "noreply",
        "no",
        "reply",
        "office",
        "partenaires",
        "partners",
        "postmaster",
        "press",
        "presse",
        "privacy",
        "recrutement",
        "relations",
        "reclamation",
        "reclamations",
        "rgpd",
        "rh",
        "sales",
        "secretariat",
        "securite",
        "security",
        "service",
        "services",
        "social",
        "support",
        "team",
        "equipe",
        "webmaster",
    ]
)


def _is_domain(name: str) -> bool:
    """Whether ``name`` is a registrable domain under a public suffix (``gmail.com``, ``yahoo.co.uk``)."""
    return _hosts.psl().privatesuffix(name) is not None


def _policy_addresses(policy: Policy) -> frozenset[str]:
    """E-mail addresses written in the policy itself (its contacts, its teams' members): published ones."""
    found: set[str] = set()
    for contact in policy.document.contacts:
        found.add(contact.contact.strip().lower())
    for team in policy.conflict_plan.teams:
        found.update(m.strip().lower() for m in team.members)
    return frozenset(a for a in found if "@" in a)


#: Characters of the evasion view read on each side of an edit (context cues, a number around it), and
#: the margin at a window's cut edge within which a candidate may be a piece of a longer one.
_AROUND_EDIT = 300
_EDGE = 60


def _windows(view: View, changed: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``view`` (offsets in it, merged, in order) within ``_AROUND_EDIT`` characters of what
    the edits replaced (``changed``: spans of the original text, sorted)."""
    n = len(view.text)
    starts = view.starts
    out: list[tuple[int, int]] = []
    for lo, hi in changed:
        i = bisect.bisect_left(starts, lo) if starts is not None else lo
        j = bisect.bisect_left(starts, hi) if starts is not None else hi
        a, b = max(0, i - _AROUND_EDIT), min(n, j + _AROUND_EDIT)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


# A value its sentence presents as an example or a test value, not as anyone's: "exemple d'IBAN : …",
# "format : …", "test card 4242…", "… (not a real account)", "numéro fictif". Not "par exemple" nor "for
# example", which are fillers ("appelle-moi par exemple au 06…").
_EXAMPLE_CUE = re.compile(
    r"(?i)(?<![\w-])(?:(?<!par )exemples?\s?(?:de(?![\w-])|d['’]|:)|(?<!for )examples?\s?(?:of(?![\w-])|:)"
    r"|formats?\s?:|(?:example\s(?:iban|card|number|address|e-?mail|phone|account)|fictifs?|fictives?"
    r"|fictitious|factices?|placeholder|for testing"
    r"|pour (?:les )?tests|de test"
    r"|test (?:card|number|iban|account|data)|sandbox|not a real|pas (?:un|une) vra(?:i|ie)"
    r"|n['’]est pas (?:un|une) vra(?:i|ie))(?![\w-]))"
)
_SENTENCE_STOP = re.compile(r"[.!?…\n](?=\s|$)")
#: Entities whose values are written as examples in documentation and help posts.
_EXAMPLE_ENTITIES = frozenset({"IBAN", "CREDIT_CARD", "FR_NIR", "US_SSN", "PHONE", "EMAIL"})


#: Characters around a value within which its example cue must stand ("Exemple d'IBAN : …", "… (fictif)"):
#: close, so that "l'exemple de la Cité … appelez Lucy au 04…" gives no example.
_EXAMPLE_REACH = 28


def shown_as_example(text: str, start: int, end: int) -> bool:
    """Whether the words right around ``text[start:end]``, in its sentence, present it as an example or a
    test value."""
    lo = max(
        (m.end() for m in _SENTENCE_STOP.finditer(text, max(0, start - _EXAMPLE_REACH), start)), default=0
    )
    stop = _SENTENCE_STOP.search(text, end, min(len(text), end + _EXAMPLE_REACH))
    hi = stop.start() if stop is not None else min(len(text), end + _EXAMPLE_REACH)
    return (
        _EXAMPLE_CUE.search(text, max(lo, start - _EXAMPLE_REACH), start) is not None
        or _EXAMPLE_CUE.search(text, end, hi) is not None
    )


def _recognizers(
    params: PiiParams, policy: Policy
) -> tuple[tuple[str, ...], list[ent.Recognizer], PersonRecognizer | None]:
    """The phone regions, the structured recognisers and the person finder of a ``pii`` rule."""
    enabled = set(params.entities if params.entities is not None else ENTITIES)
    org = policy.organisation
    regions = params.phone_regions or list(dict.fromkeys([org.country.upper(), *DEFAULT_PHONE_REGIONS]))
    regions = [r for r in regions if r in phonenumbers.SUPPORTED_REGIONS]
    recognizers = [cls.for_regions(tuple(regions)) for cls in ent.structured() if cls.kind.name in enabled]
    not_people = [org.name, *org.brands, *org.products, *org.competitors, *params.allow]
    person = PersonRecognizer(frozenset(not_people)) if "PERSON" in enabled else None
    return tuple(regions), recognizers, person


def _other_configs(rule: Rule, policy: Policy) -> set[tuple[object, ...]]:
    """The configurations (``Recognizer.config``) of what the policy's other enabled ``pii`` rules run; a
    rule whose parameters are invalid is left out (its own compilation reports them)."""
    out: set[tuple[object, ...]] = set()
    for other in policy.rules:
        if other.detector != PiiDetector.id or other.id == rule.id or not other.enabled:
            continue
        try:
            _, recognizers, person = _recognizers(PiiParams.model_validate(other.params), policy)
        except ValidationError:
            continue
        out.update(r.config for r in recognizers)
        if person is not None:
            out.add(person.config)
    return out


# Overlaps: the higher score wins, then the longer span, then the entity's declared rank.
_RANK = {name: kind.rank for name, kind in KINDS.items()}


@register
class PiiDetector(Detector[PiiParams]):
    id = "pii"
    category = "pii"

    def __init__(self, rule: Rule, params: PiiParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        org = policy.organisation
        self.regions, self.recognizers, self.person = _recognizers(params, policy)
        # Recognisers that another ``pii`` rule of the policy runs too, configured alike: what they find in
        # a view is kept in the post's memo, so the second rule reuses it (each rule filters it its own way).
        others = _other_configs(rule, policy)
        self._runs: list[tuple[ent.Recognizer, tuple[object, ...] | None]] = [
            (r, r.config if r.config in others else None) for r in self.recognizers
        ]
        self._person_config = (
            self.person.config if self.person is not None and self.person.config in others else None
        )
        self.numeric = any(r.needs == "digit" for r in self.recognizers)
        #: Recognisers of the numbers a writer may split over two sentences (every rule checks all of them,
        #: whatever its own ``entities``: the view is shared by the policy's ``pii`` rules).
        self.number_recognizers = [
            cls.for_regions(tuple(dict.fromkeys([org.country.upper(), *DEFAULT_PHONE_REGIONS])))
            for cls in ent.structured()
            if cls.kind.name in ("PHONE", "CREDIT_CARD", "IBAN", "FR_NIR")
        ]
        self.custom = [
            ent.PolicyPattern(
                p.entity,
                re2.compile(p.regex.encode(), options=_RE2_OPTIONS),
                tuple(p.context),
                p.score,
                p.keep,
            )
            for p in params.patterns
        ]
        #: The key of this rule's evasion view in the post's memo (shared by rules with the same regions).
        self._evasions_key = (PiiDetector, "evasions:" + ",".join(self.regions))
        self.org_domains = tuple(d.lower().strip(".") for d in org.domains)
        self.org_addresses = _policy_addresses(policy)
        self.allow = {key for value in params.allow for key in self._keys(value)}
        default = params.min_score.get("default", 0.5)
        self.min_score = {
            e: params.min_score.get(e, default) for e in (*ENTITIES, *(p.entity for p in params.patterns))
        }
        if "PERSON" not in params.min_score and "default" not in params.min_score:
            self.min_score["PERSON"] = PERSON_MIN_SCORE

    def _keys(self, value: str) -> set[str]:
        """Canonical forms of a value for the allow-list: letters and digits, and E.164 for phones."""
        keys = {"".join(c for c in value if c.isalnum()).upper(), _plain(value).strip()}
        if sum(c.isdigit() for c in value) >= 6:
            for region in (None, *self.regions):
                try:
                    number = phonenumbers.parse(value, region)
                except phonenumbers.NumberParseException:
                    continue
                keys.add(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
                break
        return keys

    def candidates(self, text: str, ctx: Context) -> list[ent.Candidate]:
        """Every confirmed match in ``text`` (a view), before overlaps and thresholds."""
        found: list[ent.Candidate] = []
        zones = ent.digit_zones(text) if self.numeric else ()
        n = len(text)
        whole = [(0, n)]
        # Recognisers share margins: each set of windows is computed once. A recogniser that looks only
        # inside its windows is not called without any (most posts hold no run of 9 or 12 digits).
        most = max(digits for _, _, digits in zones) if zones else 0
        shared: dict[tuple[tuple[int, int], int], ent.Windows] = {}
        memo = ctx.memo
        for recognizer, config in self._runs:
            if config is not None and (hit := memo.get((config, text))) is not None:
                found.extend(hit)  # found by another ``pii`` rule (candidates are frozen: shared as they are)
                continue
            got: list[ent.Candidate] = []
            need = recognizer.needs
            if need == "digit":
                if zones and (most >= recognizer.min_digits or recognizer.beyond_windows):
                    key = (recognizer.margin, recognizer.min_digits)
                    wins = shared.get(key)
                    if wins is None:
                        wins = shared[key] = ent.windows(zones, recognizer.margin, n, recognizer.min_digits)
                    if wins or recognizer.beyond_windows:
                        got = recognizer.find_in(text, wins, ctx.today)
            elif not need or need in text:
                got = recognizer.find_in(text, whole, ctx.today)
            if config is not None:
                memo[(config, text)] = got
            found.extend(got)
        if self.person is not None:
            config = self._person_config
            if config is None:
                found.extend(self.person.find(text))
            else:
                if (people := memo.get((config, text))) is None:
                    people = memo[(config, text)] = self.person.find(text)
                found.extend(people)
        for pattern in self.custom:
            found.extend(pattern.find(text, whole))
        return found

    def _evasions(self, ctx: Context) -> tuple[View, list[tuple[int, int]]]:
        """The evasion view of the post and the windows of it to read (view offsets), computed once for
        every ``pii`` rule with the same regions."""
        key = self._evasions_key
        found = ctx.memo.get(key)
        if found is None:
            view, changed = pii_evasions.evasion_changes(ctx.basic, ctx.lang, _is_domain, self._is_number)
            found = ctx.memo[key] = (view, _windows(view, changed))
        return found

    def _evasion_candidates(
        self, view: View, windows: list[tuple[int, int]], ctx: Context
    ) -> list[ent.Candidate]:
        """Candidates of the evasion view, read only in ``windows`` around its edits: elsewhere it is
        ``basic``, already read. A candidate near a cut edge of a window may be a piece of a longer
        number, and is left out (it is far from every edit, so ``basic`` holds it whole)."""
        out: list[ent.Candidate] = []
        n = len(view.text)
        for lo, hi in windows:
            for c in self.candidates(view.text[lo:hi], ctx):
                if (lo > 0 and c.start < _EDGE) or (hi < n and c.end > hi - lo - _EDGE):
                    continue
                out.append(dataclasses.replace(c, start=c.start + lo, end=c.end + lo))
        return out

    def _is_number(self, value: str) -> bool:
        """Whether ``value`` alone is a whole valid phone, card, IBAN or social security number."""
        whole = [(0, len(value))]
        return any(
            c.start == 0 and c.end == len(value) and c.checked
            for recognizer in self.number_recognizers
            for c in recognizer.find(value, whole)
        )

    def detect(self, ctx: Context) -> Sequence[Finding]:
        # Candidates of the ``basic`` view, then those of the evasion view that ``basic`` does not hold
        # (numbers in words, spelt-out e-mails…), all in original-text offsets with the value as read.
        basic = ctx.basic
        found: list[tuple[ent.Candidate, str]] = []
        evasions, windows = self._evasions(ctx)
        for view in (basic,) if evasions is basic else (basic, evasions):
            # What ``basic`` found, per entity, asked in O(log n) (a list scan per candidate was n·m).
            plain = {
                entity: Spans((c.start, c.end) for c, _ in found if c.entity == entity)
                for entity in {c.entity for c, _ in found}
            }
            read = (
                self.candidates(view.text, ctx)
                if view is basic
                else self._evasion_candidates(view, windows, ctx)
            )
            for c in read:
                if view is not basic and c.entity not in _EVASION_ENTITIES:
                    continue
                span = view.to_original(c.start, c.end)
                if (
                    view is not basic
                    and (seen := plain.get(c.entity))
                    and seen.overlaps(span.start, span.end)
                ):
                    continue  # what ``basic`` found stands as it was read there
                if span.end > span.start:
                    value = view.text[c.start : c.end]
                    if (span.start, span.end) != (c.start, c.end):
                        c = dataclasses.replace(c, start=span.start, end=span.end)
                    found.append((c, value))
        if not found:
            return []  # most posts: nothing to rank, mask or report
        values = {(c.start, c.end, c.entity): value for c, value in found}
        candidates = [c for c, _ in found]
        candidates = [c for c in candidates if not self._functional(c, values[(c.start, c.end, c.entity)])]

        def allowed(c: ent.Candidate) -> bool:
            return bool(self.allow) and bool(self._keys(values[(c.start, c.end, c.entity)]) & self.allow)

        if any(
            c.entity in _RECORD and c.score >= self.min_score.get(c.entity, 0.5) and not allowed(c)
            for c in candidates
        ):
            # A name next to contact details or identifiers is somebody's record, whoever they are (the
            # organisation's own allowed switchboard number or press e-mail is nobody's record).
            upgraded = []
            for c in candidates:
                if c.entity == "PERSON" and c.score in NEEDS_RECORD:
                    value = values[(c.start, c.end, c.entity)]
                    c = ent.Candidate(c.start, c.end, c.entity, NAME_WITH_RECORD_SCORE)
                    values[(c.start, c.end, c.entity)] = value
                upgraded.append(c)
            candidates = upgraded
        kept: list[ent.Candidate] = []
        starts: list[int] = []  # starts of ``kept``, which never overlap, in order
        for cand in sorted(
            candidates,
            key=lambda c: (-c.score, c.start - c.end, _RANK.get(c.entity, ent.CUSTOM_RANK), c.start),
        ):
            if cand.score < self.min_score.get(cand.entity, 0.5):
                continue
            i = bisect.bisect_left(starts, cand.start)
            if (i and kept[i - 1].end > cand.start) or (i < len(kept) and kept[i].start < cand.end):
                continue
            if allowed(cand):
                continue
            starts.insert(i, cand.start)
            kept.insert(i, cand)
        return [
            self._finding(ctx, cand, Span(cand.start, cand.end), values[(cand.start, cand.end, cand.entity)])
            for cand in kept
            if not (cand.entity in _EXAMPLE_ENTITIES and shown_as_example(ctx.text, cand.start, cand.end))
        ]

    def _functional(self, cand: ent.Candidate, value: str) -> bool:
        """An e-mail address of the organisation's own that is no person's: written in the policy (its
        contacts and teams), or a role mailbox on one of its domains (``presse@``, ``customer.service@``)."""
        if cand.entity != "EMAIL":
            return False
        address = value.lower()
        if address in self.org_addresses:
            return True
        local, _, domain = address.rpartition("@")
        if not any(domain == d or domain.endswith("." + d) for d in self.org_domains):
            return False
        parts = [p for p in re.split(r"[._+\-]", local) if p and not p.isdigit()]
        return bool(parts) and all(p in ROLE_MAILBOX_WORDS for p in parts)

    def _mask(self, entity: str, value: str) -> str:
        if entity == "PERSON":
            return " ".join(w[0] + "." for w in value.split() if w[:1].isalpha())
        for recognizer in (*self.recognizers, *self.custom):
            if recognizer.entity == entity:
                return recognizer.mask(value)
        return ent.mask_keep(value)

    def _finding(self, ctx: Context, cand: ent.Candidate, span: Span, value: str) -> Finding:
        kind = KINDS.get(cand.entity)
        labels = (kind.a_label, kind.the_label) if kind is not None else _CUSTOM_LABELS
        a_label, the_label = (ctx._(label, entity=cand.entity) for label in labels)
        masked = ctx._("‹address›") if cand.entity == "ADDRESS" else self._mask(cand.entity, value)
        message = ctx._(
            "Personal data: this post contains {entity} ({masked}). Customers' and colleagues' "
            "personal data must not be published.",
            entity=a_label,
            masked=masked,
        )
        fix = Fix("mask", ctx._("Mask {entity}.", entity=the_label), replacement=masked, span=span)
        if not cand.checked:
            message += ctx._(" Its check key does not match (a typo?): sent for review.")
        found = self.finding(ctx, span, message, entity=cand.entity, score=cand.score, fix=fix)
        if not cand.checked and found.action.rank > Action.REVIEW.rank:
            found = dataclasses.replace(found, action=Action.REVIEW)
        return found
