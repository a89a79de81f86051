"""Recognisers for structured personal data: each declares its pattern and context words as data and
implements one ``validate`` hook (a checksum, a parse) that confirms or rejects a match.

A shape without a valid checksum is not a finding. Patterns run on the ``basic`` view (NFKC, no
zero-width characters) and use only bounded quantifiers, so a 1 MB post stays linear.

Each built-in entity is declared once, by the ``kind`` of its recogniser class (an :class:`EntityKind`:
name, message labels, whether it makes a person's record, overlap rank). Defining the class is all it
takes: the ``pii`` detector's params, messages, overlap order and recogniser list are read from these
declarations. PERSON, whose recogniser is :mod:`.pii_person`, is declared here too (:data:`PERSON`).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar, Protocol

import phonenumbers
import re2
from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.fr import nir as std_nir
from stdnum.fr import siren as std_siren
from stdnum.fr import siret as std_siret
from stdnum.us import ssn as std_ssn

from charte.i18n import N_


@dataclass(frozen=True, slots=True)
class Candidate:
    """A confirmed match in the ``basic`` view: where, what, how sure."""

    start: int
    end: int
    entity: str
    score: float
    #: False when the number has the shape but fails its check key and is kept only because the text
    #: names it explicitly ("numéro de sécu : …"): reported for review at a lower score, never blocked.
    checked: bool = True


@dataclass(frozen=True, slots=True)
class EntityKind:
    """A built-in kind of personal data, declared once as the ``kind`` of its recogniser class.

    ``a_label`` and ``the_label`` name it in messages, with the indefinite and the definite article
    (English msgids, translated through ``charte.i18n``). ``record``: a name next to it is somebody's record, so a bare name is reported
    too. ``rank`` breaks ties between overlapping matches of equal score and length: lower wins.
    """

    name: str
    a_label: str
    the_label: str
    rank: int
    record: bool = False


#: Rank of the policy's own identifiers (``patterns``) among overlapping matches: level with FR_SIREN.
CUSTOM_RANK = 5

_KINDS: dict[str, EntityKind] = {}
_STRUCTURED: list[type[Recognizer]] = []


def declare(kind: EntityKind) -> EntityKind:
    """Add ``kind`` to the built-in entities (done by defining a recogniser class with a ``kind``)."""
    known = _KINDS.get(kind.name)
    if known is not None and known != kind:
        raise RuntimeError(f"two different declarations of the PII entity {kind.name!r}")
    if any(k.rank == kind.rank and k.name != kind.name for k in _KINDS.values()):
        raise RuntimeError(f"PII entity {kind.name!r} has the rank {kind.rank} of another entity")
    _KINDS[kind.name] = kind
    return kind


def kinds() -> Mapping[str, EntityKind]:
    """Every built-in entity, by name, in rank order."""
    return {k.name: k for k in sorted(_KINDS.values(), key=lambda k: k.rank)}


def structured() -> tuple[type[Recognizer], ...]:
    """The recogniser classes of the built-in structured entities, in the order they are defined."""
    return tuple(_STRUCTURED)


PERSON = declare(EntityKind("PERSON", N_("a name"), N_("the name"), rank=11))


def context_regex(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern for a list of context words (lower case), matched as whole words."""
    if not words:
        return None
    body = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])")


Windows = list[tuple[int, int]]
Zones = tuple[tuple[int, int, int], ...]
# Runs of digits and the separators found inside numbers; every numeric entity contains one.
_DIGITS = re.compile(r"[0-9][0-9 \-./()]*")
_SEPARATORS = str.maketrans("", "", " -./()")


@lru_cache(maxsize=32)
def digit_zones(text: str) -> Zones:
    """``(start, end, digits)`` of every run of digits (with the separators found inside numbers).

    Cached: every ``pii`` rule of a policy asks for the zones of the same post.
    """
    return tuple((m.start(), m.end(), len(m.group().translate(_SEPARATORS))) for m in _DIGITS.finditer(text))


def windows(zones: Zones, margin: tuple[int, int], n: int, min_digits: int = 1) -> Windows:
    """Disjoint ranges around the zones with at least ``min_digits`` digits, widened by ``margin``.

    Numeric recognisers run only there, so a post without digits costs one scan, not one per pattern,
    and "3 times in 2024" never wakes up the card or IBAN patterns.
    """
    out: Windows = []
    left, right = margin
    for start, end, digits in zones:
        if digits < min_digits:
            continue
        lo, hi = max(0, start - left), min(n, end + right)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def _only_alnum(value: str) -> str:
    return "".join(c for c in value if c.isalnum()).upper()


def mask_keep(value: str, keep_start: int = 0, keep_end: int = 0, char: str = "*") -> str:
    """Replace letters and digits with ``char``, keeping separators and the first/last ``keep_*`` of them."""
    positions = [i for i, c in enumerate(value) if c.isalnum()]
    hidden = set(positions[keep_start : len(positions) - keep_end if keep_end else None])
    return "".join(char if i in hidden else c for i, c in enumerate(value))


class Recognizer:
    """Base: a pattern (data), context words (data) and one ``validate`` hook.

    ``score`` is the confidence of a validated match; ``context_score`` applies when one of the
    ``context`` words occurs within ``window`` characters before or after it. ``needs`` is a
    character the text must contain for the pattern to be worth running (a cheap prefilter).
    """

    #: The entity this recogniser finds; set on a built-in one from its ``kind``.
    entity: ClassVar[str]
    #: The declaration of a built-in entity (absent on the policy's own patterns).
    kind: ClassVar[EntityKind]
    pattern: ClassVar[re.Pattern[str]]
    context: ClassVar[tuple[str, ...]] = ()
    score: ClassVar[float] = 0.9
    context_score: ClassVar[float] = 1.0
    window: ClassVar[int] = 40
    needs: ClassVar[str] = "digit"
    #: How many letters/digits the mask keeps at the start and the end.
    keep: ClassVar[tuple[int, int]] = (0, 0)
    #: How many trailing groups may be dropped from a match that fails validation.
    trim: ClassVar[int] = 0
    #: How far (left, right) around a run of digits a match may reach.
    margin: ClassVar[tuple[int, int]] = (4, 4)
    #: The fewest digits a run must hold for a match to start there.
    min_digits: ClassVar[int] = 1
    #: Whether ``find`` may match outside the windows it is given (then it is called even with none).
    beyond_windows: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("kind")
        if kind is not None:
            cls.entity = declare(kind).name
            _STRUCTURED.append(cls)

    def __init__(self) -> None:
        self._context = context_regex(self.context)

    @classmethod
    def for_regions(cls, regions: tuple[str, ...]) -> Recognizer:
        """An instance for a policy whose numbers without a +code are read in ``regions`` (only
        :class:`Phone` uses them)."""
        return cls()

    @property
    def config(self) -> tuple[object, ...]:
        """What this instance's matches depend on besides the text: two with the same ``config`` find
        the same candidates, so a post's second ``pii`` rule may reuse the first one's."""
        return (type(self),)

    def validate(self, value: str, text: str, start: int, end: int) -> float | None:
        """The score of a confirmed match, or ``None`` to reject it. Default: accept."""
        return self.score

    def unchecked(self, value: str) -> float | None:
        """The score of a match that fails validation but sits right after its explicit context word
        (a typo in a real number is still personal data), or ``None`` (default) to reject it."""
        return None

    def has_context(self, text: str, start: int, end: int) -> bool:
        if self._context is None:
            return False
        window = (
            text[max(0, start - self.window) : start].lower()
            + " | "
            + text[end : end + self.window // 2].lower()
        )
        return self._context.search(window) is not None

    def matches(self, text: str, windows: Windows) -> Iterator[re.Match[str]]:
        for lo, hi in windows:
            yield from self.pattern.finditer(text, lo, hi)

    def find(self, text: str, windows: Windows) -> list[Candidate]:
        out = []
        for m in self.matches(text, windows):
            start, value = m.start(), m.group()
            # A greedy match may have swallowed a following group ("06 12 34 56 78 12"): try shorter ends.
            for cut in _shorter_ends(value, self.trim):
                end = start + len(cut)
                score = self.validate(cut, text, start, end)
                if score is None:
                    if cut == value and self.has_context(text, start, end):
                        unchecked = self.unchecked(cut)
                        if unchecked is not None:
                            out.append(Candidate(start, end, self.entity, unchecked, checked=False))
                            break
                    continue
                if self.has_context(text, start, end):
                    score = max(score, self.context_score)
                out.append(Candidate(start, end, self.entity, score))
                break
        return out

    def find_in(self, text: str, windows: Windows, today: dt.date) -> list[Candidate]:
        """:meth:`find`, for a post checked on ``today`` (only dates of birth depend on it)."""
        return self.find(text, windows)

    def mask(self, value: str) -> str:
        return mask_keep(value, *self.keep)


class Email(Recognizer):
    kind = EntityKind("EMAIL", N_("an e-mail address"), N_("the e-mail address"), rank=6, record=True)
    # Bounded parts, so each start position costs at most ~64 steps: linear in the text.
    pattern = re.compile(
        r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}\.){1,8}[A-Za-z]{2,24}"
        r"(?![A-Za-z0-9\-])"
    )
    context = ("mail", "email", "e-mail", "courriel", "adresse", "contact", "écrire", "write")
    score = 0.95
    needs = "@"

    def find(self, text: str, windows: Windows) -> list[Candidate]:
        out = []
        for m in self.pattern.finditer(text):
            value = m.group().rstrip(".")
            start, end = m.start(), m.start() + len(value)
            if self.validate(value, text, start, end) is not None:
                out.append(Candidate(start, end, self.entity, self.score))
        return out

    def validate(self, value: str, text: str, start: int, end: int) -> float | None:
        local, _, domain = value.rpartition("@")
        if local.startswith(".") or ".." in value or domain.startswith("-"):
            return None
        if _placeholder_address(local.lower(), domain.lower()):
            return None
        return self.score

    def mask(self, value: str) -> str:
        local, _, domain = value.rpartition("@")
        return local[:1] + "*" * max(3, len(local) - 1) + "@" + domain


#: Top-level domains reserved for tests and documentation (RFC 2606, RFC 6761): nobody's mailbox. Not
#: ``example.com`` and its siblings: data generators (Faker) give them to the people they invent, and a
#: post that names one stands for a person's address in the PII benchmarks.
PLACEHOLDER_SUFFIXES = (".example", ".test", ".invalid", ".localhost")

#: Local parts that describe the shape of an address rather than give one ("prenom.nom@…").
PLACEHOLDER_LOCALS = frozenset(
    [
        "prenom.nom",
        "prénom.nom",
        "nom.prenom",
        "nom.prénom",
        "firstname.lastname",
        "first.last",
        "lastname.firstname",
        "votre.nom",
        "votrenom",
        "your.name",
        "yourname",
        "votre.email",
        "votre.adresse",
        "your.email",
        "your.address",
    ]
)
#: Generic local parts that are a template only at a documentation domain: "name@example.com" shows a format,
#: "name@gmail.com" may be a spelt-out address ("that name at gmail dot com").
_GENERIC_LOCALS = frozenset(
    ["name", "nom", "email", "mail", "user", "username", "utilisateur", "you", "vous"]
)
_DOC_DOMAINS = ("example.", "exemple.")


def _placeholder_address(local: str, domain: str) -> bool:
    """An address written to show the format ("prenom.nom@exemple.fr", "you@example.com"), not to give one."""
    return (
        domain.endswith(PLACEHOLDER_SUFFIXES)
        or local in PLACEHOLDER_LOCALS
        or (local in _GENERIC_LOCALS and domain.startswith(_DOC_DOMAINS))
    )


class Phone(Recognizer):
    """Phone numbers validated by libphonenumber's metadata, national forms parsed per region."""

    kind = EntityKind("PHONE", N_("a phone number"), N_("the phone number"), rank=7, record=True)
    pattern = re.compile(
        r"(?<![\w+/.,-])"
        r"(?:(?:\+|00)\d{1,3}[ .\-]?(?:\(0\)[ .\-]?)?)?"  # +33, 0033, +33 (0)
        r"(?:\(\d{1,4}\)[ .\-]?)?"  # (555) or (0)
        r"\d{1,4}(?:[ .\-]?\d{1,4}){1,5}"  # the number, grouped
        r"(?:[ ]?(?:x|ext\.?|poste)[ ]?\d{1,5})?"  # an extension
        r"(?![\w/])(?!\.\d)(?!,\d)"
    )
    context = (
        "tel",
        "tél",
        "téléphone",
        "telephone",
        "phone",
        "portable",
        "mobile",
        "cell",
        "appel",
        "appelez",
        "appeler",
        "call",
        "joindre",
        "whatsapp",
        "sms",
        "texto",
        "text me",
        "text",
        "txt",
        "hmu",
        "fax",
        "reach",
        "ring",
        "joignable",
        "rappelez",
        "rappeler",
        # "my number is 4155550137": the writer's own number ("my order number is …" does not say it; nor
        # does "mon numéro", which is as often "mon numéro de sécu" or "mon numéro client").
        "my number",
    )
    min_digits = 2
    score = 0.9
    context_score = 0.95
    window = 30
    trim = 2

    def __init__(self, regions: tuple[str, ...] = ("FR", "US")) -> None:
        super().__init__()
        self.regions = regions

    @classmethod
    def for_regions(cls, regions: tuple[str, ...]) -> Phone:
        return cls(regions)

    @property
    def config(self) -> tuple[object, ...]:
        return (type(self), self.regions)

    def validate(self, value: str, text: str, start: int, end: int) -> float | None:
        digits = sum(c.isdigit() for c in value)
        if not 7 <= digits <= 15 + 5:
            return None
        core = re.split(r"(?:x|ext\.?|poste)", value)[0].strip()
        core_digits = sum(c.isdigit() for c in core)
        if 7 <= core_digits <= 15 and _business_line(core, self.regions):
            return None  # a freephone, shared-cost or premium line is a company's, never a person's
        if (
            7 <= core_digits <= 15
            and self._service_line(text, start, end)
            and not _mobile(core, self.regions)
        ):
            return None  # "le service opposition au 09 69 …, appel non surtaxé": a company's landline
        if self._labelled(text, start, end) and 7 <= core_digits <= 15:
            # Right after "Phone:", "Mobile:", "Tél :" (or before "-Office", " fax"): a local or foreign
            # number in any grouping the label vouches for; libphonenumber's regions need not know it.
            verdict = _phone_verdict(core, self.regions)
            return self.score if verdict == "valid" else 0.7
        if not 8 <= core_digits <= 15:
            return None
        if (
            value[0] not in "+0("
            and not any(c in value for c in " .-")
            and not self.has_context(text, start, end)
        ):
            # A bare run of digits not starting with 0 or + is an amount or an id, not a phone number,
            # unless the text says it is one ("call 7185550192").
            return None
        verdict = _phone_verdict(core, self.regions)
        if verdict == "valid":
            return self.score
        # Valid digits grouped like no phone number is ("6863 1445 24"), or a possible number with an
        # unassigned area code: a phone number only when the text says so.
        if verdict == "misgrouped" and core.startswith(("+", "00")):
            return 0.75  # a valid number behind its country code, however grouped ("+44 7911.123.456")
        if verdict in ("misgrouped", "possible") and self.has_context(text, start, end):
            return 0.75 if verdict == "misgrouped" else 0.7
        return None

    _LABEL_BEFORE = re.compile(
        r"(?i:\b(?:phone|mobile|cell|desk|office|home|work|fax|tel|tél|téléphone|telephone|portable|fixe|"
        r"mob|ph|gsm|whatsapp)\.?[ ]?(?:n(?:o|°|um(?:ber|éro)?)\.?[ ]?)?(?:[:#][ ]?|[ ]))$"
    )
    _LABEL_AFTER = re.compile(r"(?i:[ ]?[-(]?[ ]?(?:office|fax|mobile|cell|home|work|tel|portable|fixe)\b)")

    # "number is 4155550137", "the number: …", "son numéro c'est …": a bare "number" (or one owned by a
    # person) right before the digits names a phone number; a qualified one ("my order number is",
    # "numéro de commande") names an identifier, so a qualifier word before "number" or after "numéro" is not
    # this cue.
    _NUMBER_IS = re.compile(
        r"(?i:(?:^\s*|[,;:!?(.\n]\s*|(?:^|\s)(?:my|the|his|her|our|their|your|new|mon|ma|le|son|sa|notre|votre|"
        r"ton|nouveau)\s+)(?:number|num[ée]ro|num|no\.|n°)\s*(?:is|'s|c'est|c est|est|=|:)?\s*)$"
    )

    def has_context(self, text: str, start: int, end: int) -> bool:
        if super().has_context(text, start, end):
            return True
        return self._NUMBER_IS.search(text[max(0, start - self.window) : start]) is not None

    # Words that say a number is a company's service line: its desk, its price, its opening hours. Within
    # the number's sentence; they make a landline or internet line nobody's (a mobile stays a person's).
    _SERVICE = re.compile(
        r"(?i:\b(?:service (?:client|clients|clientèle|opposition|consommateurs?|après-vente)|non surtax[ée]e?|"
        r"appel (?:gratuit|non surtax[ée]|local)|prix d'un appel|hotline|helpline|customer (?:service|care|support)|"
        r"support line|card line|standard téléphonique|centre d'appels?|call cent(?:er|re)|"
        r"ligne (?:d[ée]di[ée]e|directe) (?:aux|à nos|a nos) (?:professionnels|entreprises|clients)|"
        r"(?:business|customer|advice) (?:banking )?(?:line|helpline)|"
        r"(?:free|local) call|lines? (?:are )?open)\b)"
    )

    # "sur votre fixe au 01…", "on your home number": the line is the reader's, whoever calls it.
    _OWNED_LINE = re.compile(
        r"(?i:\b(?:votre|vos|your|ton|ta|mon|ma|my|his|her|son|sa|leur|their) (?:fixe|num[ée]ro|number|ligne|"
        r"landline|home|domicile|portable|mobile|cell)\b)"
    )

    def _service_line(self, text: str, start: int, end: int) -> bool:
        lo = max(0, start - 80)
        if self._OWNED_LINE.search(text, max(0, start - 40), start) is not None:
            return False
        return self._SERVICE.search(text[lo : min(len(text), end + 60)]) is not None

    def _labelled(self, text: str, start: int, end: int) -> bool:
        """Whether a phone label sits right before or right after the number."""
        before = text[max(0, start - 16) : start]
        return bool(self._LABEL_BEFORE.search(before) or self._LABEL_AFTER.match(text, end))

    def mask(self, value: str) -> str:
        return mask_keep(value, 0, 2)


#: Regions whose national numbers are written with their trunk prefix 0 ("07911 123456"): a number without
#: it is not read there (unless the region is the organisation's own), so that any ten digits are not British.
TRUNK_ZERO_REGIONS = frozenset({"GB", "BE", "CH"})


#: Numbers the regulators set aside for films, books and examples (Ofcom's drama numbers, national
#: significant numbers by country code). They are written exactly like real numbers and libphonenumber calls
#: some of them unassigned; a post that gives one gives a phone number in form, so it counts as valid.
FICTION_RANGES: Mapping[int, tuple[str, ...]] = {
    44: (
        "7700900",
        "1632960",
        "1134960",
        "1144960",
        "1154960",
        "1164960",
        "1174960",
        "1184960",
        "1214960",
        "1314960",
        "1414960",
        "1514960",
        "1614960",
        "1914980",
        "2079460",
        "2920180",
        "2896496",
        "8081570",
        "9098790",
        "3069990",
    ),
}


def _fiction(number: phonenumbers.PhoneNumber) -> bool:
    """Whether ``number`` has a possible length and lies in a range reserved for fiction."""
    prefixes = FICTION_RANGES.get(number.country_code or 0)
    if not prefixes or not phonenumbers.is_possible_number(number):
        return False
    return phonenumbers.national_significant_number(number).startswith(prefixes)


@lru_cache(maxsize=4096)
def _phone_verdict(core: str, regions: tuple[str, ...]) -> str:
    """ "valid", "misgrouped", "possible" or "no" for a phone-shaped string (cached: parsing is slow)."""
    intl = core.startswith(("+", "00"))
    possible = False
    misgrouped = False
    trunk = core.lstrip("(").startswith("0")
    for region in (None,) if intl else regions:
        if region in TRUNK_ZERO_REGIONS and not trunk and region != regions[0]:
            continue  # "12 34 56 78 90" is no British number: one written nationally starts with its 0
        try:
            number = phonenumbers.parse("+" + core[2:] if core.startswith("00") else core, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) or _fiction(number):
            if _grouped_as_written(core, number, intl):
                return "valid"
            # Valid here but grouped as another region writes its numbers ("079 384 12 56" is Swiss, not
            # French): the next region may read it as written.
            misgrouped = True
            continue
        possible = possible or phonenumbers.is_possible_number(number)
    return "misgrouped" if misgrouped else "possible" if possible else "no"


#: Number types that belong to organisations: freephone (0800, 1-800), shared cost, premium rate (08 92…),
#: universal access numbers. A customer-service line is published on purpose and is nobody's personal data.
_BUSINESS_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
        phonenumbers.PhoneNumberType.UAN,
    }
)


@lru_cache(maxsize=4096)
def _business_line(core: str, regions: tuple[str, ...]) -> bool:
    """Whether ``core`` is a valid number of an organisation's line type in the first region that reads it."""
    intl = core.startswith(("+", "00"))
    trunk = core.lstrip("(").startswith("0")
    for region in (None,) if intl else regions:
        if region in TRUNK_ZERO_REGIONS and not trunk and region != regions[0]:
            continue
        try:
            number = phonenumbers.parse("+" + core[2:] if core.startswith("00") else core, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.number_type(number) in _BUSINESS_TYPES
    return False


@lru_cache(maxsize=4096)
def _mobile(core: str, regions: tuple[str, ...]) -> bool:
    """Whether ``core`` is a valid mobile number (or one the metadata cannot tell from a mobile) in the
    first region that reads it: a mobile is a person's line whatever words stand around it. A number no
    region validates is no mobile (a service line cut short, "09 69 39 99")."""
    intl = core.startswith(("+", "00"))
    for region in (None,) if intl else regions:
        try:
            number = phonenumbers.parse("+" + core[2:] if core.startswith("00") else core, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return phonenumbers.number_type(number) in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
                phonenumbers.PhoneNumberType.PERSONAL_NUMBER,
            )
    return False


def _grouped_as_written(written: str, number: phonenumbers.PhoneNumber, intl: bool) -> bool:
    """Whether the digit groups of ``written`` match the ones the number's country uses."""
    groups = [g for g in re.split(r"[^0-9]+", written.replace("(0)", " ")) if g]
    if len(groups) <= 1:
        return True  # written without separators
    style = phonenumbers.PhoneNumberFormat.INTERNATIONAL if intl else phonenumbers.PhoneNumberFormat.NATIONAL
    expected = [g for g in re.split(r"[^0-9]+", phonenumbers.format_number(number, style)) if g]
    if intl and groups[0].startswith("00"):
        groups[0] = groups[0][2:]
    if groups == expected:
        return True
    # Also accepted: pairs of digits (the French way), whatever the country.
    return all(len(g) == 2 for g in groups[1:]) and len(groups[0]) <= 3


class Iban(Recognizer):
    kind = EntityKind(
        "IBAN", N_("a bank account number (IBAN)"), N_("the bank account number (IBAN)"), rank=0, record=True
    )
    pattern = re.compile(
        r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ .\-]?[A-Za-z0-9]{4}){2,7}(?:[ .\-]?[A-Za-z0-9]{1,4})?"
        r"(?![A-Za-z0-9])"
    )
    context = ("iban", "rib", "virement", "bank", "banque", "compte", "account", "transfer")
    min_digits = 2
    score = 0.95
    keep = (4, 4)
    trim = 2
    margin = (6, 40)

    def validate(self, value: str, text: str, start: int, end: int) -> float | None:
        compact = _only_alnum(value)
        if len(set(compact[4:])) <= 1:
            return None  # "FR76 0000 0000 …": a form to fill in passes the check, and is nobody's account
        return self.score if _iban_valid(compact) else None


@lru_cache(maxsize=1024)
def _iban_valid(compact: str) -> bool:
    """python-stdnum's IBAN check (mod 97 and the country's BBAN format, read from its database: slow),
    cached: a post's IBAN is asked again by the evasion view and by the split-number stage."""
    return bool(std_iban.is_valid(compact))


def _shorter_ends(value: str, trim: int) -> list[str]:
    """``value``, then ``value`` without its last separated group, up to ``trim`` times."""
    out = [value]
    stripped = value
    while len(out) <= trim:
        cut = max(stripped.rfind(" "), stripped.rfind("-"))
        if cut <= 0:
            break
        stripped = stripped[:cut]
        out.append(stripped)
    return out


# Issuer identification ranges (first digits, lengths) of the card networks in use.
_CARD_RANGES: tuple[tuple[int, int, frozenset[int]], ...] = (
    (4, 4, frozenset({13, 16, 19})),  # Visa (and Carte Bancaire co-branded)
    (51, 55, frozenset({16})),
    (2221, 2720, frozenset({16})),  # Mastercard
    (34, 34, frozenset({15})),
    (37, 37, frozenset({15})),  # American Express
    (6011, 6011, frozenset(range(16, 20))),
    (644, 649, frozenset(range(16, 20))),
    (65, 65, frozenset(range(16, 20))),
    (300, 305, frozenset(range(14, 20))),
    (36, 36, frozenset(range(14, 20))),
    (38, 39, frozenset(range(16, 20))),
    (3528, 3589, frozenset(range(16, 20))),
    (2131, 2131, frozenset({15})),
    (1800, 1800, frozenset({15})),  # JCB
    (62, 62, frozenset(range(16, 20))),  # UnionPay
    (50, 50, frozenset(range(12, 20))),
    (56, 69, frozenset(range(12, 20))),  # Maestro
)


def known_card_range(digits: str) -> bool:
    for low, high, lengths in _CARD_RANGES:
        width = len(str(low))
        if low <= int(digits[:width]) <= high and len(digits) in lengths:
            return True
    return False


class CreditCard(Recognizer):
    kind = EntityKind(
        "CREDIT_CARD", N_("a payment card number"), N_("the payment card number"), rank=1, record=True
    )
    pattern = re.compile(r"(?<![\d\-.])\d(?:[ .\-]?\d){11,18}(?![\d])(?![\-.]\d)")
    context = ("carte", "card", "cb", "visa", "mastercard", "amex", "credit", "crédit", "paiement", "payment")
    min_digits = 12
    score = 0.95
    keep = (0, 4)
    trim = 2

    # How card numbers are printed: 4-4-4-4(-3), Amex 4-6-5, Diners 4-6-4.
    _GROUPINGS = ((4, 6, 5), (4, 6, 4))

    def validate(self, value: str, text: str, start: int, end: int) -> float | None:
        digits = _only_alnum(value)
        if not 12 <= len(digits) <= 19 or not known_card_range(digits) or not luhn.is_valid(digits):
            return None
        if len(set(digits)) < 2:
            return None
        if "." in value and len(set(re.findall(r"[ .\-]", value))) > 1:
            return None  # dots only as the one separator ("4970.1000.0000.3182"), not inside an amount
        groups = tuple(len(g) for g in re.split(r"[ .\-]", value))
        if len(groups) > 1 and groups not in self._GROUPINGS and any(g != 4 for g in groups[:-1]):
            return None  # "732 829 320 00074" is a SIRET, not a card
        return self.score


#: Score of an identifier whose check key fails but that the text names explicitly.
UNCHECKED_SCORE = 0.6


class FrNir(Recognizer):
    """French social security number: 13 digits and a 2-digit key (97 - n mod 97); 2A/2B for Corsica."""

    kind = EntityKind(
        "FR_NIR",
        N_("a French social security number"),
        N_("the French social security number"),
        rank=2,
        record=True,
    )
    pattern = re.compile(
        r"(?<![\w])[1-478][ .\-]?\d{2}[ .\-]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .\-]?(?:\d{2}|2[ABab])"
        r"[ .\-]?\d{3}[ .\-]?\d{3}[ .\-]?\d{2}(?![\w])"
    )
    context = (
        "sécurité sociale",
        "securite sociale",
        "sécu",
        "secu",
        "nir",
        "insee",
        "ameli",
        "vitale",
        "social security",
        "n° ss",
        "no ss",
        "num ss",
        "numéro ss",
    )
    min_digits = 1
    score = 0.95
    # Fifteen digits shaped like a NIR (sex, month, department) are rare enough that a cue anywhere in the
    # clause before them names them: "n° de sécurité sociale de ma fille pour l'inscription : …".
    window = 70

    def validate(self, value: str, text: str, start: int, end: int) -> float | None:
        return self.score if std_nir.is_valid(_only_alnum(value)) else None

    def unchecked(self, value: str) -> float | None:
        digits = _only_alnum(value)
        return UNCHECKED_SCORE if len(set(digits)) >= 3 else None


class UsSsn(Recognizer):
    kind = EntityKind(
        "US_SSN", N_("a US social security number"), N_("the US social security number"), rank=4, record=True
    )
    pattern = re.compile(r"(?<![\w\-.])\d{3}([\- .]?)\d{2}\1\d{4}(?![\w])(?![\-.]\d)")
    context = ("ssn", "s.s.n", "social security", "social-security", "sécurité sociale américain")
    min_digits = 3
    score = 0.85
    context_score = 0.95
    keep = (0, 4)

    def validate(self, value: str, text: str, start: int, end: int) -> float | None:
        digits = _only_alnum(value)
        if not std_ssn.is_valid(digits) or len(set(digits)) < 3:
            return None
        if value.isdigit() or "." in value:
            # Nine bare digits, or dotted like a version or an amount, are an SSN only when the text says so.
            return self.score if self.has_context(text, start, end) else None
        if " " in value and not self.has_context(text, start, end):
            return 0.6
        return self.score

    def unchecked(self, value: str) -> float | None:
        digits = _only_alnum(value)
        return UNCHECKED_SCORE if len(set(digits)) >= 3 and digits[:3] != "000" else None


class FrSiren(Recognizer):
    kind = EntityKind("FR_SIREN", N_("a SIREN company number"), N_("the SIREN company number"), rank=5)
    pattern = re.compile(r"(?<![\w\-.])\d{3}([ .]?)\d{3}\1\d{3}(?![\w])(?![\-.,]\d)(?![ .]\d{5}(?!\d))")
    context = (
        "siren",
        "siret",
        "rcs",
        "société",
        "societe",
        "entreprise",
        "auto-entrepreneur",
        "micro-entreprise",
        "immatriculation",
        "company",
    )
    min_digits = 9
    score = 0.5
    context_score = 0.9

    def validate(self, value: str, text: str, start: int, end: int) -> float | None:
        if not std_siren.is_valid(_only_alnum(value)):
            return None
        return 0.8 if " " in value else self.score


class FrSiret(Recognizer):
    kind = EntityKind(
        "FR_SIRET", N_("a SIRET establishment number"), N_("the SIRET establishment number"), rank=3
    )
    pattern = re.compile(r"(?<![\w\-.])\d{3}[ .]?\d{3}[ .]?\d{3}[ .]?\d{5}(?![\w])(?![\-.,]\d)")
    context = FrSiren.context
    min_digits = 14
    score = 0.6
    context_score = 0.95

    def validate(self, value: str, text: str, start: int, end: int) -> float | None:
        if not std_siret.is_valid(_only_alnum(value)):
            return None
        return 0.85 if " " in value else self.score


class IpAddress(Recognizer):
    kind = EntityKind("IP_ADDRESS", N_("an IP address"), N_("the IP address"), rank=8)
    pattern = re.compile(r"\d(?<![\w.:]\d)\d{0,2}(?:\.\d{1,3}){3}(?![\w]|\.\d)")
    v6 = re.compile(
        r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])"
    )
    context = ("ip", "adresse ip", "ip address", "address", "connexion", "login", "connecté", "logged")
    # Version numbers look like dotted quads.
    _VERSION = re.compile(r"(?:\bv|version|ver\.?|release|build)\s*$", re.IGNORECASE)
    score = 0.9
    min_digits = 4  # for IPv4; IPv6 is looked for separately
    beyond_windows = True  # IPv6 is searched in the whole text

    def matches(self, text: str, windows: Windows) -> Iterator[re.Match[str]]:
        yield from super().matches(text, windows)
        if text.count(":") >= 2:  # IPv6: rare enough to scan the whole text when colons are there
            yield from (m for m in self.v6.finditer(text) if m.group().count(":") >= 2)

    def validate(self, value: str, text: str, start: int, end: int) -> float | None:
        try:
            ip = ipaddress.ip_address(value)
        except ValueError:
            return None
        if ip.is_unspecified or ip.is_loopback:
            return None
        if ip.version == 4 and self._VERSION.search(text[max(0, start - 12) : start]):
            return None
        if ip.version == 6 and (sum(c.isalnum() for c in value) < 4 or value.count(":") < 2):
            return None
        return self.score

    def mask(self, value: str) -> str:
        sep = "." if "." in value and ":" not in value else ":"
        head, _, _ = value.partition(sep)
        return head + "".join(sep + "*" if c == sep else "" for c in value[len(head) + 1 :]) + sep + "*"


_MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "fév": 2, "fev": 2, "mar": 3, "apr": 4, "avr": 4, "jun": 6, "jul": 7, "juil": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12, "déc": 12,
}  # fmt: skip
_MONTH_RE = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))


class DateOfBirth(Recognizer):
    """A real past date with birth context just before it ("né le", "DOB:", "born on")."""

    kind = EntityKind("DATE_OF_BIRTH", N_("a date of birth"), N_("the date of birth"), rank=9, record=True)
    pattern = re.compile(
        rf"(?<![\w/.\-])(?:"
        rf"(?P<d1>\d{{1,2}})(?P<s>[/.\-])(?P<m1>\d{{1,2}})(?P=s)(?P<y1>\d{{4}}|\d{{2}})"
        rf"|(?P<y2>\d{{4}})-(?P<m2>\d{{1,2}})-(?P<d2>\d{{1,2}})"
        rf"|(?P<d3>\d{{1,2}})(?:er|st|nd|rd|th)?\s(?:of\s)?(?P<m3>{_MONTH_RE})\.?,?\s(?P<y3>\d{{4}})"
        rf"|(?P<m4>{_MONTH_RE})\.?\s(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?\s(?P<y4>\d{{4}})"
        rf")(?![\w/])",
        re.IGNORECASE,
    )
    _BIRTH = re.compile(
        r"(?:\bnée?s?\b|\bné\(e\)|naissance|\bddn\b|\bdob\b|d\.o\.b\.?|date of birth|birth ?date|date de naiss|"
        r"\bborn\b|birthday|anniversaire|\bnaît\b|\bnait\b)[^.!?\n]{0,18}$",
        re.IGNORECASE,
    )
    score = 0.9
    margin = (14, 14)

    # Cheap test run first (substring tests): without one of these there is no birth context in the text.
    _CUES = ("né", "naiss", "naît", "nait", "ddn", "dob", "d.o.b", "birth", "born", "anniv")

    def find_in(self, text: str, windows: Windows, today: dt.date) -> list[Candidate]:
        out: list[Candidate] = []
        low = text.lower()
        if not any(cue in low for cue in self._CUES):
            return out
        for m in self.matches(text, windows):
            start, end = m.span()
            if self._BIRTH.search(text, max(0, start - 40), start) is None:
                continue
            date = self._date(m, today)
            if date is None:
                continue
            out.append(Candidate(start, end, self.entity, self.score))
        return out

    def find(self, text: str, windows: Windows) -> list[Candidate]:
        return self.find_in(text, windows, dt.date.today())

    @staticmethod
    def _date(m: re.Match[str], today: dt.date) -> dt.date | None:
        g = m.groupdict()
        for d, mo, y in (("d1", "m1", "y1"), ("d2", "m2", "y2"), ("d3", "m3", "y3"), ("d4", "m4", "y4")):
            if g[y] is None:
                continue
            month_text = g[mo]
            month = (
                int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower().rstrip("."), 0)
            )
            year = int(g[y])
            if year < 100:
                year += 1900 if year > today.year % 100 else 2000
            # Day first (FR, UK) or month first (US): either reading makes it a date.
            readings = [(int(g[d]), month)] + ([(month, int(g[d]))] if d == "d1" else [])
            for day, mon in readings:
                try:
                    date = dt.date(year, mon, day)
                except ValueError:
                    continue
                if dt.date(1900, 1, 1) <= date < today:
                    return date
            return None
        return None

    def mask(self, value: str) -> str:
        return mask_keep(value)


class ByteMatch(Protocol):
    def start(self) -> int: ...

    def end(self) -> int: ...


class BytesPattern(Protocol):
    """A compiled pattern over UTF-8 bytes: ``re2.compile(pattern.encode())`` (re2 publishes no types)."""

    def finditer(self, data: bytes, /) -> Iterator[ByteMatch]: ...


class PolicyPattern(Recognizer):
    """An identifier the policy defines (order or customer numbers), matched with RE2 (linear time)."""

    needs = ""

    def __init__(
        self, entity: str, regex: BytesPattern, context: tuple[str, ...], score: float, keep_end: int
    ) -> None:
        # A built-in recogniser declares these per class; a policy's pattern is made per policy, so it sets
        # them per instance (the ignores: a ClassVar assigned through an instance, on purpose).
        self.entity = entity  # type: ignore[misc]
        self.context = tuple(w.lower() for w in context)  # type: ignore[misc]
        self.keep = (0, keep_end)  # type: ignore[misc]
        self.score = score  # type: ignore[misc]
        self.regex = regex
        self._context = context_regex(self.context)

    @property
    def config(self) -> tuple[object, ...]:
        """A policy's own pattern is never shared between rules: the instance is its configuration."""
        return (self,)

    def find(self, text: str, windows: Windows) -> list[Candidate]:
        # RE2 runs on UTF-8 bytes: passing bytes skips the wrapper's offset bookkeeping (2-3× faster).
        data = text.encode("utf-8", "surrogatepass")
        ascii_only = len(data) == len(text)
        out = []
        for m in self.regex.finditer(data):
            start, end = m.start(), m.end()
            if not ascii_only:
                start = len(data[:start].decode("utf-8", "surrogatepass"))
                end = start + len(data[m.start() : m.end()].decode("utf-8", "surrogatepass"))
            if end <= start or (self._context is not None and not self.has_context(text, start, end)):
                continue
            out.append(Candidate(start, end, self.entity, self.score))
        return out


# Street types: French (before the name) and English (after it). USPS Publication 28 suffixes, the
# common ones scoring higher because "3 Green Valley" is more often prose than "3 Green Street".
_FR_STREET = (
    "rue",
    "avenue",
    "av.",
    "bd",
    "bd.",
    "boulevard",
    "place",
    "allée",
    "allee",
    "impasse",
    "chemin",
    "route",
    "quai",
    "cours",
    "square",
    "passage",
    "rond-point",
    "faubourg",
    "fbg",
    "sentier",
    "esplanade",
    "résidence",
    "residence",
    "cité",
    "cite",
    "lieu-dit",
    "hameau",
    "voie",
    "promenade",
    "villa",
    "parvis",
    "ruelle",
    "mail",
    "montée",
    "traverse",
    "sente",
)
_EN_COMMON = (
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Road",
    "Rd",
    "Boulevard",
    "Blvd",
    "Lane",
    "Ln",
    "Drive",
    "Dr",
    "Court",
    "Ct",
    "Place",
    "Pl",
    "Square",
    "Sq",
    "Terrace",
    "Ter",
    "Way",
    "Parkway",
    "Pkwy",
    "Circle",
    "Cir",
    "Highway",
    "Hwy",
    "Close",
    "Crescent",
    "Grove",
    "Gardens",
    "Row",
    "Mews",
    "Walk",
    "Trail",
    "Alley",
    "Plaza",
    "Expressway",
    "Freeway",
    "Turnpike",
    "Pike",
    "Loop",
    "Path",
)
_EN_RARE = (
    "Branch",
    "Bridge",
    "Brook",
    "Brooks",
    "Burg",
    "Burgs",
    "Bypass",
    "Camp",
    "Canyon",
    "Cape",
    "Causeway",
    "Center",
    "Centers",
    "Circles",
    "Cliff",
    "Cliffs",
    "Club",
    "Common",
    "Corner",
    "Corners",
    "Course",
    "Courts",
    "Cove",
    "Coves",
    "Creek",
    "Crest",
    "Crossing",
    "Crossroad",
    "Curve",
    "Dale",
    "Dam",
    "Divide",
    "Drives",
    "Estate",
    "Estates",
    "Extension",
    "Extensions",
    "Fall",
    "Falls",
    "Ferry",
    "Field",
    "Fields",
    "Flat",
    "Flats",
    "Ford",
    "Fords",
    "Forest",
    "Forge",
    "Forges",
    "Fork",
    "Forks",
    "Fort",
    "Garden",
    "Gateway",
    "Glen",
    "Glens",
    "Green",
    "Greens",
    "Groves",
    "Harbor",
    "Harbors",
    "Haven",
    "Heights",
    "Hill",
    "Hills",
    "Hollow",
    "Inlet",
    "Island",
    "Islands",
    "Isle",
    "Junction",
    "Junctions",
    "Key",
    "Keys",
    "Knoll",
    "Knolls",
    "Lake",
    "Lakes",
    "Land",
    "Landing",
    "Light",
    "Lights",
    "Loaf",
    "Lock",
    "Locks",
    "Lodge",
    "Mall",
    "Manor",
    "Manors",
    "Meadow",
    "Meadows",
    "Mill",
    "Mills",
    "Mission",
    "Motorway",
    "Mount",
    "Mountain",
    "Mountains",
    "Neck",
    "Orchard",
    "Oval",
    "Overpass",
    "Park",
    "Parks",
    "Parkways",
    "Pass",
    "Passage",
    "Pine",
    "Pines",
    "Plain",
    "Plains",
    "Point",
    "Points",
    "Port",
    "Ports",
    "Prairie",
    "Radial",
    "Ramp",
    "Ranch",
    "Rapid",
    "Rapids",
    "Rest",
    "Ridge",
    "Ridges",
    "River",
    "Roads",
    "Route",
    "Rue",
    "Run",
    "Shoal",
    "Shoals",
    "Shore",
    "Shores",
    "Skyway",
    "Spring",
    "Springs",
    "Spur",
    "Spurs",
    "Squares",
    "Station",
    "Stravenue",
    "Stream",
    "Streets",
    "Summit",
    "Throughway",
    "Trace",
    "Track",
    "Trafficway",
    "Tunnel",
    "Underpass",
    "Union",
    "Unions",
    "Valley",
    "Valleys",
    "Via",
    "Viaduct",
    "View",
    "Views",
    "Village",
    "Villages",
    "Ville",
    "Vista",
    "Wall",
    "Ways",
    "Well",
    "Wells",
)


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_UP = "A-ZÀ-ÖØ-Þ"
_CAP = rf"[{_UP}][\w'’]{{0,25}}(?:-[\w'’]{{1,25}}){{0,2}}"
_FR_PART = r"(?:de|du|des|la|le|les|l'|l’|d'|d’|aux|au|et|sur|sous|en|à|a)"
_FR_NAME = rf"(?:{_FR_PART}[ ]?){{0,3}}(?:{_CAP}|\d{{1,4}}(?!\d))(?:[ \-](?:{_FR_PART}[ ]?){{0,3}}(?:{_CAP}|\d{{1,4}}(?!\d))){{0,5}}"
_CITY = rf"{_CAP}(?:[ \-](?:(?:sur|sous|en|le|la|les|de|du|lès|les)[ \-])?(?![Cc][Ee][Dd][Ee][Xx]\b){_CAP}){{0,3}}(?:[ ]+[Cc][Ee][Dd][Ee][Xx](?:[ ]\d{{1,2}})?)?"
_EN_WORD = rf"(?:[{_UP}][\w'’\-]{{0,25}}|\d{{1,3}}(?:st|nd|rd|th))\.?"


class Address(Recognizer):
    """A postal address: French (12 rue de la Paix, 75002 Paris) or English (221B Baker Street; US street + ZIP)."""

    kind = EntityKind("ADDRESS", N_("a postal address"), N_("the postal address"), rank=10, record=True)
    pattern = re.compile(
        rf"(?<![\w.,])(?:"
        # French: [number[ bis], ]type name[, postcode city]
        rf"(?:(?P<fnum>\d{{1,4}})(?:[ ]?(?:bis|ter|quater|[A-Da-d])(?![\w]))?,?[ ]+)?"
        rf"(?P<ftype>(?i:{_alt(_FR_STREET)}))[ ]+(?P<fname>{_FR_NAME})"
        rf"(?:,?[ ]+(?:Appt\.?|Apt\.?|Bât\.?|Bâtiment|Bat\.?|Esc\.?|Escalier|Étage|Porte)[ ]?[\w\-]{{1,4}})?"
        rf"(?:,?[ ]*\n?[ ]*(?P<fcp>(?:0[1-9]|[1-8]\d|9[0-8])\d{{3}})[ ]+(?P<fcity>{_CITY}))?"
        rf"|"
        # English: number name... suffix[.][, Apt 4][, City, ST 12345 | UK postcode]
        rf"(?P<enum>\d{{1,5}}[A-Za-z]?)[ ]+(?P<ename>(?:{_EN_WORD}[ ]+){{0,3}})"
        rf"(?P<esuffix>{_alt(_EN_COMMON)}|{_alt(_EN_RARE)})\.?(?![\w])"
        rf"(?P<esec>,?[ ]*(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|\#)[ ]?[\w\-]{{1,6}})?"
        rf"(?:,?[ ]*\n?[ ]*(?P<ecity>{_CAP}(?:[ ]{_CAP}){{0,2}}),?[ ]+"
        rf"(?P<epost>[A-Z]{{2}}[ ]+\d{{5}}(?:-\d{{4}})?|[A-Z]{{1,2}}\d[A-Z\d]?[ ]?\d[A-Z]{{2}}))?"
        rf")"
    )
    context = (
        "adresse",
        "address",
        "habite",
        "live at",
        "lives at",
        "domicile",
        "domicilié",
        "livraison",
        "delivery",
        "ship to",
        "chez",
    )
    score = 0.85
    margin = (0, 0)  # runs of digits themselves: a house number or a postcode
    _EN_COMMON_SET = frozenset(_EN_COMMON)
    _POSTCODE = re.compile(r"\d{5}(?!\d)")
    _RUN = re.compile(r"(?<!\d)\d")
    # Cheap check before the full pattern: a number, then a word.
    _START = re.compile(r"\d{1,5}[A-Za-z]?(?:[ ]?(?:bis|ter|quater))?,?[ ]+[^\W\d_]")

    def matches(self, text: str, windows: Windows) -> Iterator[re.Match[str]]:
        last_end = -1
        for lo, hi in windows:
            if lo < last_end:
                continue
            # An address starts with its house number, the first digit of a run...
            m = None
            for run in self._RUN.finditer(text, lo, hi):
                if run.start() >= last_end and self._START.match(text, run.start()):
                    m = self.pattern.match(text, run.start())
                    if m is not None:
                        break
            if m is None and self._POSTCODE.search(text, lo, hi):
                # ...or, unnumbered, with its street type up to 70 characters before a postcode.
                m = self.pattern.search(text, max(last_end, lo - 70), min(len(text), hi + 60))
            if m is not None and m.start() >= last_end:
                last_end = m.end()
                yield m

    def find(self, text: str, windows: Windows) -> list[Candidate]:
        out = []
        for m in self.matches(text, windows):
            score = self._score(m)
            if score is None:
                continue
            start, end = m.span()
            if self.has_context(text, start, end):
                score = max(score, 0.9)
            out.append(Candidate(start, end, self.entity, score))
        return out

    def _score(self, m: re.Match[str]) -> float | None:
        if m.group("ftype") is not None:
            if m.group("fnum") is None and m.group("fcp") is None:
                return None  # "la rue de la Paix" is a street, not somebody's address
            if m.group("fname")[:1].islower() and not re.search(rf"[{_UP}\d]", m.group("fname")):
                return None
            return 0.95 if m.group("fcp") else 0.85
        name = m.group("ename") or ""
        if not name.strip() and m.group("esuffix") not in ("Broadway",):
            return None
        if m.group("epost") or m.group("esec"):
            return 0.95
        return 0.85 if m.group("esuffix") in self._EN_COMMON_SET else 0.55

    def mask(self, value: str) -> str:
        return "[…]"


# Street names of other countries, written name-then-number ("Harjukuja 54", "Via delle Coste 41").
_INTL_SUFFIX = (
    "strasse",
    "straße",
    "gasse",
    "weg",
    "vej",
    "gade",
    "gata",
    "gatan",
    "vägen",
    "katu",
    "kuja",
    "tie",
    "straat",
    "laan",
    "plein",
    "gracht",
    "utca",
    "ulica",
    "allee",
    "platz",
    "ring",
    "damm",
    "stræde",
    "vænget",
)
_INTL_PREFIX = (
    "Via",
    "Viale",
    "Piazza",
    "Corso",
    "Rua",
    "Avenida",
    "Calle",
    "Carrer",
    "Plaza",
    "Praça",
    "Paseo",
    "Largo",
    "ul.",
    "ulica",
    "C/",
    "Travessa",
    "Rambla",
    "Strada",
)
# Words that may sit inside an address chunk though not capitalised, and labels that end one.
_ADDR_INNER = frozenset(
    {
        "de",
        "du",
        "des",
        "la",
        "le",
        "les",
        "l'",
        "d'",
        "del",
        "della",
        "delle",
        "do",
        "da",
        "dos",
        "das",
        "e",
        "y",
        "van",
        "von",
        "der",
        "den",
        "am",
        "an",
        "nad",
        "na",
        "sur",
        "sous",
        "en",
        "lès",
        "bis",
        "ter",
        "rue",
        "avenue",
        "av.",
        "bd",
        "bd.",
        "boulevard",
        "allée",
        "chemin",
        "impasse",
        "place",
        "quai",
        "route",
        "cours",
        "apt",
        "apt.",
        "ste",
        "ste.",
        "str.",
        "st.",
        "street",
        "bte",
        "box",
        "cedex",
        "and",
        "et",
        "ul.",
        "trg",
    }
)
_ADDR_STOP = frozenset(
    {
        "mobile",
        "phone",
        "desk",
        "fax",
        "tel",
        "tel.",
        "tél",
        "tél.",
        "email",
        "e-mail",
        "website",
        "web",
        "téléphone",
        "portable",
        "courriel",
        "name",
        "nom",
        "card",
        "carte",
    }
)


_RE2_QUIET = re2.Options()
_RE2_QUIET.log_errors = False
_SECONDARY = r"(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Appt\.?|Bât\.?|Bâtiment)[ ]?\d{1,5}(?!\d)"


class AddressByCue(Recognizer):
    """Addresses the street-type patterns miss: military and post-office boxes, other countries' forms
    (name then number), and any numbered chunk of address-like words right after "address:", "lives at",
    "adresse :", "habite au"."""

    kind = Address.kind
    score = 0.8
    margin = (70, 40)  # every form holds a number: look only around runs of digits
    pattern = re.compile(
        r"(?<![\w.])(?:"
        r"(?:PSC|Unit|CMR)[ ]\d{3,5},?[ ]+Box[ ]\d{3,5}\s+[ADF]PO[ ]A[AEP][ ]\d{5}"
        r"|USS[ ][A-Z][a-z]+\s+FPO[ ]A[AEP][ ]\d{5}"
        r"|(?:P\.?[ ]?O\.?[ ]Box|B\.?P\.?|Boîte[ ]postale|C\.?S\.?)[ ]\d{1,6}(?:,?[ ]+\d{5}[ ]+"
        + _CITY
        + r")?"
        r"|(?:\d{1,5}[ ]+)?(?:"
        r"(?:"
        + _alt(_INTL_PREFIX)
        + r")[ ](?:(?:[a-z]{1,5}[ ]){0,3}"
        + _CAP
        + r"[ ]){1,4}\d{1,4}[a-zA-Z]?(?!\d)"
        r"|" + _CAP + r"(?i:" + _alt(_INTL_SUFFIX) + r")[ ]\d{1,4}[a-zA-Z]?(?![\d,.]\d)"
        # number, name, number, then a flat or a suite: "4596 Tylova 285 Suite 578"
        r"|\d{1,5}[ ]+(?:" + _CAP + r"[ ]){1,3}\d{1,4}[a-zA-Z]?(?=[ ,]{1,3}" + _SECONDARY + r")"
        r")(?:[ ,]{1,3}" + _SECONDARY + r")?"
        r")"
    )
    # Words after which an address follows ("lives at 5 ...", "adresse : ..."), lower case, found with
    # str.find (far cheaper than one case-insensitive regex), then the filler words after them.
    _CUES = (
        "address",
        "adresse",
        "lives at",
        "live at",
        "living at",
        "located at",
        "moved to",
        "is at",
        "arrived at",
        "lives on",
        "is on",
        "off at",
        "taxi to",
        "send to",
        "send it to",
        "ship to",
        "ship it to",
        "deliver to",
        "deliver it to",
        "livrer au",
        "livrer à",
        "envoyer au",
        "envoyer à",
        "livraison au",
        "livraison à",
        "renvoyer au",
        "habite",
        "domicilié",
        "domiciliée",
        "situé au",
        "située au",
        "déménagé au",
    )
    _CUE_TAIL = re.compile(
        r"(?:es)?(?:[ ]+(?:is|was|to|with|of|at|est|postale|de|au|à|a|e)(?!\w)|[ ]*:)*[ ]*"
    )
    _TOKEN = re.compile(r"[^\s,]+")

    # Cheap gates before the Python regexes, in RE2 on UTF-8 bytes (a DFA: a few µs for a post): a word
    # that each form holds, and the cue words.
    _FORM_GATE = re2.compile(
        (
            "(?i)(?:\\b(?:"
            + _alt(
                (
                    *_INTL_PREFIX,
                    "box",
                    "uss",
                    "bp",
                    "boîte",
                    "cs",
                    "apt",
                    "suite",
                    "unit",
                    "flat",
                    "appt",
                    "bât",
                )
            )
            + ")(?:[^a-z0-9]|$)|\\bb\\.p|(?:"
            + _alt(_INTL_SUFFIX)
            + ") [0-9])"
        ).encode(),
        options=_RE2_QUIET,
    )
    _CUE_GATE = re2.compile(("(?i)" + _alt(_CUES)).encode(), options=_RE2_QUIET)

    def find(self, text: str, windows: Windows) -> list[Candidate]:
        out: list[Candidate] = []
        for lo, hi in windows:
            raw = text[lo:hi].encode()
            if self._FORM_GATE.search(raw) is not None:
                out.extend(
                    Candidate(m.start(), m.end(), self.entity, 0.85)
                    for m in self.pattern.finditer(text, lo, hi)
                )
            if self._CUE_GATE.search(raw) is None:
                continue
            low = text[lo:hi].lower()
            for cue in self._CUES:
                at = low.find(cue)
                while at != -1:
                    before = lo + at - 1  # the character before the cue must not be a letter or digit
                    if before < 0 or not text[before].isalnum():
                        tail = self._CUE_TAIL.match(text, lo + at + len(cue))
                        span = self._chunk(text, tail.end()) if tail is not None else None
                        if span is not None:
                            out.append(Candidate(span[0], span[1], self.entity, self.score))
                    at = low.find(cue, at + 1)
        return out

    def _chunk(self, text: str, pos: int) -> tuple[int, int] | None:
        """The run of address-like words from ``pos``: capitalised, numbered or address words, up to 100
        characters; it must hold a house number or a postcode and at least one capitalised word that is not
        a month ("is on 20th June 2017" is a date, not an address)."""
        start = end = None
        digits = caps = 0
        for tok in self._TOKEN.finditer(text, pos, min(len(text), pos + 100)):
            word = tok.group().rstrip(".;:!?)\"'»")
            if not word:
                break
            gap = text[end if end is not None else pos : tok.start()]
            if start is not None and ("\n\n" in gap or "." in gap or gap.count(",") > 1):
                break
            low = word.lower()
            if low in _ADDR_STOP:
                break
            if any(c.isdigit() for c in word):
                digits += 1
            elif word[0].isupper():
                caps += low.rstrip(".") not in _MONTHS
            elif low not in _ADDR_INNER:
                break
            if start is None:
                if not (word[0].isdigit() or word[0].isupper()):
                    return None  # the chunk must start with a number or a name
                start = tok.start()
            end = tok.start() + len(word)
            if (
                tok.group() != word
                and tok.group()[len(word) :][:1] in ".;!?"
                and not low.endswith(("apt", "st", "str", "ste"))
            ):
                break  # the end of the sentence
        if start is None or end is None or not digits or not caps:
            return None
        return start, end
