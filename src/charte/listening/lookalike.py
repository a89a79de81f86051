"""Look-alikes of the organisation's own handles, display names, brands and domains (impersonation watch).

A name is compared with the organisation's through its *skeleton*: Unicode NFKC, then every character
from another script mapped to the Latin letter it is confusable with (Unicode TR39 confusables data, as
shipped by ``confusable-homoglyphs``), then Charte's folding (accents, leetspeak ``4cme``, ``rn``→``m``),
separators dropped. Equal skeletons with different spellings are look-alike characters. Otherwise a
name is flagged when it is a typo of ours (optimal-string-alignment distance through ``rapidfuzz``: one
edit for names of 5 letters or fewer, two beyond; for 4-letter names only added, doubled or swapped
letters), or our name plus words impostors add (``acme-support``, ``acmehelp_official``,
``service_client_acme``), possibly misspelt, or a long name (7 letters or more) found inside another.

Names shorter than :data:`MIN_NAME` are matched exactly only: short names are ordinary words. The
organisation's own handles never match. Each result carries a reason a person can read (gettext).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from confusable_homoglyphs import confusables as _confusables
from rapidfuzz.distance import OSA

from charte.detectors.support import hosts as _hosts
from charte.i18n import N_, gettext
from charte.policy.model import Organisation

#: Own names shorter than this match only exactly (no edit distance, no name inside another).
MIN_NAME = 4
#: Own names this long are distinctive enough to be flagged anywhere inside another name.
LONG_NAME = 7
#: Words impostors put around a brand, in English and French (compared on skeletons).
IMPERSONATION_WORDS = frozenset(
    [
        "support",
        "help",
        "helpdesk",
        "helpline",
        "official",
        "officiel",
        "officielle",
        "service",
        "services",
        "team",
        "care",
        "customer",
        "customers",
        "customercare",
        "client",
        "clients",
        "clientele",
        "info",
        "infos",
        "contact",
        "hq",
        "real",
        "the",
        "verified",
        "verify",
        "security",
        "secure",
        "securite",
        "admin",
        "staff",
        "assist",
        "assistance",
        "aide",
        "sav",
        "equipe",
        "serviceclient",
        "relation",
        "relations",
        "desk",
        "news",
        "global",
        "fr",
        "france",
        "en",
        "uk",
        "us",
        "usa",
        "intl",
        "online",
        "live",
        "app",
        "login",
        "account",
        "accounts",
        "compte",
        "refund",
        "refunds",
        "rembourse",
        "remboursement",
        "giveaway",
        "promo",
        "bot",
        "inc",
        "corp",
        "co",
        "ltd",
        "sa",
        "sas",
        "group",
        "groupe",
        "de",
        "du",
        "la",
        "le",
    ]
)
_PARTS = re.compile(r"[\s_.\-|·•:/]+|(?<=[a-z])(?=[A-Z])")
Kind = Literal["confusable", "same_name", "typo", "brand_and_words", "inside", "subdomain", "userinfo"]

_REASONS: dict[Kind, str] = {
    "confusable": N_("look-alike characters imitate “{target}”"),
    "same_name": N_("the same name as our “{target}”, elsewhere"),
    "typo": N_("a letter or two away from “{target}”"),
    "brand_and_words": N_("our name “{target}” with words impostors add (“{words}”)"),
    "inside": N_("our name “{target}” inside another name"),
    "subdomain": N_("our name “{target}” as a sub-domain of another site"),
    "userinfo": N_("our name “{target}” before “@”: the browser goes to the site after it"),
}


@dataclass(frozen=True, slots=True)
class Lookalike:
    """Why a name imitates one of ours: the kind of imitation, the own name imitated, the added words."""

    kind: Kind
    target: str
    words: tuple[str, ...] = ()

    def reason(self, lang: str | None = None) -> str:
        """The explanation a person reads, in ``lang`` (English or French)."""
        return gettext(_REASONS[self.kind], lang=lang, target=self.target, words=" ".join(self.words))


@lru_cache(maxsize=4096)
def _latin(char: str) -> str:
    """The ASCII letter or digit ``char`` is confusable with (TR39 data), or ``char`` itself."""
    for entry in _confusables.confusables_data.get(char, ()):
        glyph = entry["c"]
        if glyph.isascii() and glyph.isalnum():
            return str(glyph).lower()
    return char


@lru_cache(maxsize=16384)
def skeleton(text: str) -> str:
    """What ``text`` looks like: NFKC, confusables of other scripts mapped to Latin, folded, letters only."""
    nfkc = unicodedata.normalize("NFKC", text)
    latin = "".join(c if c.isascii() else _latin(c) for c in nfkc)
    return _hosts.skeleton(latin)


@lru_cache(maxsize=1)
def _word_keys() -> dict[str, str]:
    """Impersonation words by skeleton (``client`` reads ``dient`` once ``cl``→``d`` is folded)."""
    return {skeleton(w): w for w in sorted(IMPERSONATION_WORDS)}


def _parts(name: str) -> list[str]:
    """The words of a handle or display name: split on separators and lower-to-upper case changes."""
    return [p for p in (skeleton(x) for x in _PARTS.split(name)) if p]


def _local(handle: str) -> str:
    """The user part of a handle: ``@alice@mastodon.social`` → ``alice``, ``alice.bsky.social`` → ``alice``."""
    handle = handle.strip().lstrip("@")
    user, _, _ = handle.partition("@")
    return user.split(".", 1)[0] if "." in user else user


def _normal_handle(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


def _typo(candidate: str, own: str) -> bool:
    """A typo of ``own`` (skeletons): within one edit for names of 5 letters or fewer, two beyond; for
    names of 5 letters or fewer only added, doubled or swapped letters ("acmee", "amce"), since dropping or
    changing a letter of a short name lands on ordinary words ("acne", "zeno")."""
    if candidate == own or len(own) < MIN_NAME:
        return False
    limit = 1 if len(own) <= 5 else 2
    if OSA.distance(candidate, own, score_cutoff=limit) > limit:
        return False
    if len(own) <= 5:
        return all(candidate.count(c) >= own.count(c) for c in set(own))
    return True


def _segment(rest: str) -> tuple[str, ...] | None:
    """``rest`` cut into impersonation words ("helpofficial" → help, official), or None."""
    if not rest:
        return ()
    words = _word_keys()
    best: list[tuple[str, ...] | None] = [()] + [None] * len(rest)
    for end in range(1, len(rest) + 1):
        for start in range(max(0, end - 16), end):
            head = best[start]
            if head is not None and rest[start:end] in words:
                best[end] = (*head, words[rest[start:end]])
                break
    return best[len(rest)]


@dataclass
class Identity:
    """The organisation's own names: handles (any platform), display names, brands and domains."""

    handles: Sequence[str] = ()
    names: Sequence[str] = ()
    brands: Sequence[str] = ()
    domains: Sequence[str] = ()
    _own_handles: frozenset[str] = field(init=False, repr=False)
    _targets: dict[str, str] = field(init=False, repr=False)  # skeleton -> the own name shown

    def __post_init__(self) -> None:
        self._own_handles = frozenset(_normal_handle(h) for h in self.handles if h.strip())
        targets: dict[str, str] = {}
        for name in [*self.brands, *self.names, *(_local(h) for h in self.handles)]:
            key = skeleton(name)
            if key:
                targets.setdefault(key, name.strip())
        for domain in self.domains:
            host = _hosts.decode_idn(domain.strip())
            registrable, suffix = _hosts.psl().privatesuffix(host), _hosts.psl().publicsuffix(host)
            if registrable and suffix:
                targets.setdefault(skeleton(registrable[: -len(suffix) - 1]), registrable)
        self._targets = targets

    @classmethod
    def from_organisation(cls, organisation: Organisation, handles: Sequence[str] = ()) -> Identity:
        """The identity a policy declares (its name, brands and domains) plus the accounts' handles."""
        return cls(
            handles=handles,
            names=[organisation.name],
            brands=organisation.brands,
            domains=organisation.domains,
        )

    def is_own(self, handle: str) -> bool:
        return _normal_handle(handle) in self._own_handles

    def check_name(self, name: str) -> Lookalike | None:
        """Whether ``name`` (a user name, a display name or a domain label) imitates one of ours."""
        key = skeleton(name)
        if not key:
            return None
        target = self._targets.get(key)
        if target is not None:
            plain = "".join(c for c in name.lower() if c.isalnum())
            if plain.isascii() and plain == key:
                return Lookalike("same_name", target)
            return Lookalike("confusable", target)
        parts = _parts(name)
        for own, shown in self._targets.items():
            if len(own) < MIN_NAME:
                continue
            if _typo(key, own):
                return Lookalike("typo", shown)
            found = self._with_words(key, parts, own, shown)
            if found is not None:
                return found
            if len(own) >= LONG_NAME and own in key:
                return Lookalike("inside", shown)
        return None

    @staticmethod
    def _with_words(key: str, parts: list[str], own: str, shown: str) -> Lookalike | None:
        """Our name (or a typo of it) as one word among impersonation words, or glued to them."""
        for i, part in enumerate(parts):
            if part == own or _typo(part, own):
                others = parts[:i] + parts[i + 1 :]
                words = [_segment(p) for p in others]
                if others and all(w is not None for w in words):
                    return Lookalike("brand_and_words", shown, tuple(x for w in words if w for x in w))
        for start in (key.find(own), key.rfind(own)):
            if start < 0:
                continue
            before, after = _segment(key[:start]), _segment(key[start + len(own) :])
            if before is not None and after is not None and (before or after):
                return Lookalike("brand_and_words", shown, (*before, *after))
        # A misspelt name glued to the words ("nodbankhelp", "officielmistrall"): cut near its length.
        for cut in range(max(MIN_NAME, len(own) - 2), len(own) + 3):
            if cut >= len(key):
                break
            for name, rest in ((key[:cut], key[cut:]), (key[-cut:], key[:-cut])):
                # The edit distance first: it is cheap, and rarely passes (most names are nothing like ours).
                if _typo(name, own) and (added := _segment(rest)):
                    return Lookalike("brand_and_words", shown, added)
        return None

    def check_account(self, handle: str, display_name: str = "") -> Lookalike | None:
        """Whether an account imitates ours, by its handle or its display name; never for our own handles."""
        if self.is_own(handle):
            return None
        # A did:plc identifier (Bluesky's author when its handle is not known yet) is a hash nobody chooses:
        # it imitates no one, and reading it as a name cost more than every other incoming check.
        chosen = handle.strip() and not handle.strip().startswith("did:plc:")
        found = self.check_name(_local(handle)) if chosen else None
        if found is None and "." in handle.strip().lstrip("@").partition("@")[0]:
            found = self.check_domain(handle.strip().lstrip("@").partition("@")[0])  # a domain handle
        if found is None and display_name.strip():
            found = self.check_name(display_name)
        return found

    def check_domain(self, host: str, userinfo: str = "") -> Lookalike | None:
        """Whether ``host`` (a host name, Unicode or punycode) imitates one of our domains or names."""
        host = _hosts.decode_idn(host.strip())
        if not host or any(host == d or host.endswith("." + d) for d in self._own_domains()):
            return None
        if userinfo:
            info = skeleton(userinfo)
            for own, shown in self._targets.items():
                if len(own) >= MIN_NAME and own in info:
                    return Lookalike("userinfo", shown)
        registrable, suffix = _hosts.psl().privatesuffix(host), _hosts.psl().publicsuffix(host)
        label = registrable[: -len(suffix) - 1] if registrable and suffix else host.split(".", 1)[0]
        found = self.check_name(label)
        if found is not None:
            return found
        head = host[: -len(registrable)].rstrip(".") if registrable else ""
        for sub in head.split(".") if head else ():
            imitated = self._targets.get(skeleton(sub))
            if imitated is not None and len(skeleton(sub)) >= MIN_NAME:
                return Lookalike("subdomain", imitated)
        return None

    def _own_domains(self) -> Iterable[str]:
        return (_hosts.decode_idn(d.strip()) for d in self.domains if d.strip())
