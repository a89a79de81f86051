"""Secrets: passwords given in text, API keys and tokens, private keys, internal host names and URLs.

Matching runs on the ``basic`` view (NFKC, invisible characters removed), so a zero-width space
inside a token or full-width letters do not hide it; spans point into the original text. Known
token shapes (AWS, GitHub, GitLab, Slack, Stripe, Google, OpenAI, JWT…) are matched by prefix and
validated (a JWT header must decode to JSON with ``alg``); a value after ``key=`` / ``token:`` is
only reported when it looks random (Shannon entropy, letters and digits), so ordinary words pass.
Messages never repeat the secret.
"""

from __future__ import annotations

import base64
import binascii
import bisect
import ipaddress
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import ahocorasick_rs
import re2
from pydantic import BaseModel, ConfigDict, Field, field_validator

from charte.detectors.base import Context, Detector
from charte.detectors.registry import register
from charte.detectors.support import hosts as _hosts
from charte.domain import Finding, Fix, Span
from charte.i18n import N_
from charte.normalize import _HOMOGLYPHS
from charte.policy.model import Policy, Rule

MASK = "********"
#: Findings reported per post at most: past that the post is plainly a dump, and time stays bounded.
MAX_FINDINGS = 100

# Known token shapes: (group, name (a msgid), pattern). Prefixes are literal, so each
# alternative is tried only where its prefix occurs; every repetition is bounded.
_TOKEN_SHAPES: tuple[tuple[str, str, str], ...] = (
    (
        "aws",
        N_("an AWS access key ID"),
        r"\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[0-9A-Z]{16}\b",
    ),
    # 36 characters after the prefix as issued; a token cut short or mistyped by a few is still one.
    ("github", N_("a GitHub token"), r"\bgh[pousr]_[A-Za-z0-9]{30,255}\b"),
    ("github_pat", N_("a GitHub token"), r"\bgithub_pat_[A-Za-z0-9_]{22,255}\b"),
    ("gitlab", N_("a GitLab token"), r"\bgl(?:pat|dt|ptt|rt|cbt|soat)-[A-Za-z0-9_\-]{20,255}"),
    ("slack", N_("a Slack token"), r"\bxox[abposr]-[A-Za-z0-9\-]{10,255}"),
    (
        "slack_hook",
        N_("a Slack webhook URL"),
        r"https://hooks\.slack\.com/(?:services|workflows)/[A-Za-z0-9_/]{20,255}",
    ),
    ("stripe", N_("a Stripe secret key"), r"\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,255}\b"),
    ("google", N_("a Google API key"), r"\bAIza[0-9A-Za-z_\-]{35}(?![0-9A-Za-z_\-])"),
    (
        "openai",
        N_("an OpenAI or Anthropic API key"),
        r"\bsk-(?:proj-|svcacct-|admin-|ant-[a-z]{3,5}\d\d-)?[A-Za-z0-9_\-]{20,255}",
    ),
    ("npm", N_("an npm token"), r"\bnpm_[A-Za-z0-9]{36}\b"),
    ("digitalocean", N_("a DigitalOcean token"), r"\bdo[por]_v1_[a-f0-9]{64}\b"),
    ("shopify", N_("a Shopify access token"), r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b"),
    ("huggingface", N_("a Hugging Face token"), r"\bhf_[A-Za-z0-9]{30,40}\b"),
    # A bot's token in its API URL or alone: the bot's number, a colon, then "AA" and 33 characters.
    (
        "telegram",
        N_("a Telegram bot token"),
        r"(?:(?<=/bot)|(?<![\w:]))[0-9]{8,10}:AA[A-Za-z0-9_\-]{30,40}(?![\w\-])",
    ),
    (
        "discord_hook",
        N_("a Discord webhook URL"),
        r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_\-]{50,100}",
    ),
    ("azure_storage", N_("an Azure storage account key"), r"AccountKey=[A-Za-z0-9+/]{80,90}={0,2}"),
    ("pypi", N_("a PyPI token"), r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,255}"),
    ("sendgrid", N_("a SendGrid API key"), r"\bSG\.[A-Za-z0-9_\-]{20,24}\.[A-Za-z0-9_\-]{39,50}\b"),
    (
        "jwt",
        N_("a JSON Web Token"),
        r"\beyJ[A-Za-z0-9_\-]{8,1024}\.[A-Za-z0-9_\-]{4,4096}\.[A-Za-z0-9_\-]{8,1024}",
    ),
)
_TOKENS = re.compile("|".join(f"(?P<{name}>{pattern})" for name, _, pattern in _TOKEN_SHAPES))
_TOKEN_NAMES = {name: label for name, label, _ in _TOKEN_SHAPES}
# Short groups joined by single spaces, where a token written in groups hides ("AKIA Q7XK 3M9P…").
_GROUPED = re.compile(r"(?<![\w\-])[A-Za-z0-9_\-]{1,8}(?: [A-Za-z0-9_\-]{1,8}){2,}(?![\w\-])")
_GROUP = re.compile(r"[^ ]+")
#: Groups read from one start at most (a token is at most a few dozen groups: more is prose).
MAX_GROUPS = 64
# Literal pieces of every token shape: a post holding none of them skips the token pattern (fast `in` tests).
_TOKEN_HINTS = (
    "AKIA",
    "ASIA",
    "ABIA",
    "ACCA",
    "AGPA",
    "AIDA",
    "AROA",
    "AIPA",
    "ANPA",
    "ANVA",
    "APKA",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "gldt-",
    "glptt-",
    "glrt-",
    "glcbt-",
    "glsoat-",
    "xox",
    "hooks.slack",
    "k_live_",
    "k_test_",
    "AIza",
    "sk-",
    "npm_",
    "do_v1_",
    "dop_v1_",
    "dor_v1_",
    "shpat_",
    "shpca_",
    "shppa_",
    "shpss_",
    "sk_live_",
    "rk_live_",
    "sk_test_",
    "rk_test_",
    "hf_",
    ":AA",
    "discord",
    "AccountKey=",
    "pypi-",
    "SG.",
    "eyJ",
)
_HINT_FIRSTS = frozenset(hint[0] for hint in _TOKEN_HINTS)
# Words that must occur (lower case) before the generic and password patterns are worth running.
_GENERIC_HINTS = ("key", "token", "secret", "clé", "bearer", "authorization", "credential")
_PASSWORD_HINTS = (
    "pass",
    "mdp",
    "m.d.p",
    "pw",
    "p.w",
    "p a s",
    "p.a.s",
    "wifi",
    "wi-fi",
    "wlan",
    "pin",
    "code",
    "cred",
    "identifiant",
    "login",
    "acc",
    "combo",
    "combin",
    # misspelt and leetspeak forms of the password words ("pasword", "mot de pase", "p@ssw0rd", "m0t d3 p4ss3")
    "pasw",
    "psw",
    "pssw",
    "pase",
    "p@s",
    "p4s",
    "pa$",
    "p@$",
    "p4$",
    "pa5",
    "p45",
    "p@5",
    "réseau",
    "reseau",
    "sésame",
    "sesame",
    "network",
    "ssid",
    # a key emoji standing for the word ("🔑 : X")
    "🔑",
    "🔐",
    "🗝",
)
# The same gates as one Aho-Corasick scan each (any hint occurs iff the scan finds a match): ~0.5 µs
# a post instead of ~5 µs for the substring tests one hint at a time.
_TOKEN_GATE = ahocorasick_rs.AhoCorasick(list(_TOKEN_HINTS))
_GENERIC_GATE = ahocorasick_rs.AhoCorasick(list(_GENERIC_HINTS))
_PASSWORD_GATE = ahocorasick_rs.AhoCorasick(list(_PASSWORD_HINTS))

_PRIVATE_KEY = re.compile(r"-----BEGIN[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----")
_PRIVATE_KEY_END = re.compile(r"-----END[A-Z0-9 ]{0,40}PRIVATE KEY(?: BLOCK)?-----")
_KEY_LINE = re.compile(r"[ \t]*(?:[A-Za-z0-9+/=]{1,200}|[A-Za-z-]{1,40}: [^\n]{0,200})[ \t]*(?=\n|$)")


def _key_body_end(s: str, pos: int) -> int:
    """End of a key block without its END line: the base64 (or header) lines that follow, up to a blank line."""
    end = pos
    for _ in range(400):
        if not s.startswith("\n", end) and end != pos:
            break
        start = end + 1 if s.startswith("\n", end) else end
        line = _KEY_LINE.match(s, start)
        if line is None or line.end() == start:
            break
        end = line.end()
    return end


# "key = value" / "token: value" / "Authorization: Bearer value": the value must look random.
_GENERIC = re.compile(
    r"(?<![\w-])(?P<kw>(?:[a-z0-9]{1,20}[_\-.]){0,3}(?:api[_\-]?key|apikey|secret|token|key|cl[ée]|passkey"
    r"|credentials?|authorization|bearer)(?:[_\-](?:access[_\-])?(?:id|key|secret))?)"
    r"(?:\s{1,3}(?:de\s{1,3}l['’]api|d['’]api|api|is|est|was|c['’]est)(?=[\s:=]))*"
    r"(?:\s{0,3}[\"']?\s{0,3}(?::|=|=>|->)\s{0,3}|\s{1,3})[\"'«“]?\s{0,3}(?:(?:bearer|basic|token)\s{1,3})?"
    r"(?P<value>[A-Za-z0-9+/_\-.=~]{8,512})",
    re.IGNORECASE,
)

# A prepositional phrase after the keyword: "du compte", "de la boîte", "for the admin", "of @acme".
_OF_PHRASE = (
    # a space after the preposition ("to" does not start "toor2030"), or an elided "d'"
    r"\s(?:(?:du|de|des|of|for|pour|to|on|sur|at|chez|in|dans|à|au|aux)\s|d['’]\s?)"
    r"(?:(?:la|le|les|the|my|mon|ma|mes|notre|nos|our|son|sa|ses|this|ce|cet|cette|his|her|their|leur"
    r"|your|votre|ton|ta)\s|l['’])?[\w.\-@]{1,30}(?:['’]s)?"
)
_OF_PHRASE_RE = re.compile(_OF_PHRASE, re.IGNORECASE)
# "mot de passe : X", "mdp X", "password = X", "code wifi : X", "PIN: 1234".
_PASSWORD = re.compile(
    # An environment variable's name may come before the word ("DB_PASSWORD=X").
    r"(?:(?<![\w\-/.@#])|(?<=(?-i:[A-Z0-9])_))"
    r"(?P<kw>mots?[\s\-]?de[\s\-]?pass?e|mots?\s?2\s?pass?e?|mdp|m\.d\.p\.?|pass?[\s\-]?wo?rds?|passwd|pwd|pw"
    r"|p[a@]?s{1,2}w(?:o?r)?ds?"
    r"|p\.w\.d\.?|p\.w\.?|p[ .]a[ .]s[ .]s(?:[ .]w[ .]o[ .]r[ .]d)?|passphrase"
    r"|phrases?\s(?:de\spasse|secr[èe]tes?)|passcode"
    r"|codes?\s(?:wi-?fi|d['’]acc[eè]s|secret|pin)|(?:wi-?fi|wlan)\s(?:password|code|key|pass|mdp)"
    r"|cl[ée]\swi-?fi|pin|s[ée]same|pass|(?<!\S)(?:🔑|🔐|🗝))(?![\w-])"
    # What the password is for, in either word order: "du compte Twitter de la boîte", "for the admin
    # account", "du wifi invité", "of @acme's page" — up to five prepositional phrases or plain words.
    r"(?P<filler>(?:"
    + _OF_PHRASE
    + r"|\s(?!(?:est|is|was|c['’]est|etait|était)\b)@?[^\W\d_]{1,20}(?=[\s:=,])"
    r"|,(?=\s)){0,5})"
    # An emoji or two between the keyword and its separator ("mot de passe 🔑 ➜ X").
    r"(?:\s{0,2}[\U0001F300-\U0001FAFF\u2600-\u2775\u2794-\u279B\u279D-\u27A0\u27A2-\u27BF]\ufe0f?){0,2}"
    # A quoted key before its colon ("\"pass\": \"X\"" in JSON).
    r"(?:[\"'](?=\s{0,2}[:=]))?"
    r"\s{0,3}(?P<sep>:|=|->|=>|[→➜➡⇒](?:\ufe0f)?|(?:\best|\bis|\bwas|\b[ée]tait|\bc['’]est|\bc['’][ée]tait)\b(?:\s{0,3}:)?)?\s{0,3}"
    r"(?:[\"'«“‘`]\s?(?P<qvalue>[^\"'»”’`\n]{1,128}?)\s?[\"'»”’`]|(?P<value>[^\s\"'»”’`]{1,128}))",
    re.IGNORECASE,
)
# Words that follow "password:" in prose rather than a password ("mot de passe : oublié ?").
_NOT_A_PASSWORD = frozenset(
    [
        "oublié",
        "oublie",
        "perdu",
        "incorrect",
        "incorrecte",
        "invalide",
        "requis",
        "obligatoire",
        "expiré",
        "expire",
        "changé",
        "modifié",
        "réinitialisé",
        "réinitialiser",
        "changer",
        "modifier",
        "saisir",
        "entrer",
        "vide",
        "aucun",
        "masqué",
        "caché",
        "votre",
        "vos",
        "ton",
        "ta",
        "le",
        "la",
        "les",
        "un",
        "une",
        "de",
        "du",
        "trop",
        "pas",
        "fort",
        "faible",
        "sécurisé",
        "robuste",
        "complexe",
        "différent",
        "unique",
        "nouveau",
        "forgot",
        "forgotten",
        "lost",
        "required",
        "mandatory",
        "expired",
        "changed",
        "reset",
        "change",
        "update",
        "enter",
        "type",
        "empty",
        "none",
        "hidden",
        "your",
        "my",
        "the",
        "a",
        "an",
        "too",
        "not",
        "strong",
        "weak",
        "secure",
        "different",
        "unique",
        "new",
        "wrong",
        "manager",
        "managers",
        "protected",
        "policy",
        "policies",
        "rules",
        "requirements",
        "length",
        "reuse",
        "reused",
        "here",
        "below",
        "ici",
        "ci-dessous",
        "n/a",
        "null",
        "undefined",
        "example",
        "exemple",
        "xxx",
        # a password "comme X" / "like X" is an example, a "gestionnaire de mots de passe" a tool
        "comme",
        "like",
        "gestionnaire",
        "gestionnaires",
    ]
)
# An access code named by what it opens ("le code de l'alarme", "the door code", "digicode"), or a
# password word, whose value may follow in the next sentence ("… l'alarme. C'est 7391", "… again. It's 7391").
_THINGS = (
    r"alarmes?|alarm(?: system)?|portes?|doors?|portails?|gates?|immeubles?|buildings?|entr[ée]es?|entry|entrance"
    r"|coffres?(?:-forts?)?|safes?|cadenas|padlocks?|casiers?|lockers?|garages?|bureaux?|bureau|office|locaux|local"
    r"|salles?|acc[eè]s|access|badges?|keypad|bo[iî]tes? [àa] cl[ée]s|key ?box|lock ?box|wi-?fi|r[ée]seau|network"
    r"|cartes?(?: bleues?| bancaires?| de cr[ée]dit)?|cards?|cb|t[ée]l[ée]phones?|phones?|portables?|sim|mobiles?"
    r"|parking|ascenseur|[ée]tage|floor|interphone|intercom|vestiaires?|cave|box|rooms?|vaults?|strongrooms?"
)
_CODE_NAMED = re.compile(
    rf"(?<![\w-])(?:digicodes?|(?:{_THINGS})\s(?:access\s)?(?:codes?|pins?|combos?|combinations?|combinaisons?)"
    rf"|codes?\s(?:(?:secret|pin|d['’]acc[eè]s|d['’]entr[ée]e)\b|(?:de|du|des|d['’]|of|for|to)\s?(?:(?:la|le|les|the|l['’]|notre|our|my|mon|ma)\s?)?(?:(?:[^\W\d_]{{1,15}})\s){{0,2}}(?:{_THINGS})\b))",
    re.IGNORECASE,
)
_PASSWORD_NAMED = re.compile(
    r"(?<![\w-])(?:mots?[\s\-]?de[\s\-]?pass?e|mots?\s?2\s?pass?e?|mdp|m\.d\.p\.?|p\.w\.d\.?|pass?[\s\-]?wo?rds?|passwd"
    r"|pwd|pw|p\.w\.?|passphrase|phrase de passe|passcode"
    # The code of an account is its password ("le code du compte Facebook", "the code for the account").
    r"|codes?\s(?:du|de\sla|de\sl['’]|de|d['’]|of|for|to)\s?(?:(?:the|my|our|mon|notre|ce|cet)\s)?"
    r"(?:compte|comptes|account|accounts|session|appli|app|login)"
    r"|pass(?=\s{0,2}[:=]))(?![\w-])",
    re.IGNORECASE,
)
# The key of a network ("la clé c'est X", "Key is X" after "guest network"): a password when a network
# word stands within ``_NETWORK_REACH`` characters before it or right after it.
_KEY_WORD = re.compile(
    r"(?i)(?<![\w-])(?:cl[ée]|key|passkey)(?:\s(?:wpa2?|wep|wi-?fi|du\sr[ée]seau|r[ée]seau|network))?(?![\w-])"
)
_NETWORK = re.compile(
    r"(?i)(?<![\w-])(?:wi-?fi|wlan|ssid|r[ée]seaux?|networks?|hotspot|routeur|router|box|wpa2?|wep)(?![\w-])"
)
_NETWORK_REACH = 80
# Where the value is given, in the same sentence or the next one: "c'est 7391", "it's 7391", "is 7391".
_GIVEN = re.compile(
    r"(?:(?:[.!?…]\s{0,3}|\s|^)(?:c['’]est|it['’]s|it is|is|est|voici|voilà|here it is|here['’]s"
    # The new value of a changed password: "changé en X", "passé à X", "changed to X", "devient X".
    r"|(?:a\s(?:été\s)?|has\s(?:been\s)?|was\s)?(?:chang[ée]e?s?|modifi[ée]e?s?|pass[ée]e?s?|r[ée]initialis[ée]e?s?|remise?s?"
    r"|mise?s?)\s(?:en|pour|à|a)"
    # "vaut X", "vaut désormais X": what the password is worth is its value.
    r"|vaut"
    r"|(?:a\s(?:été\s)?)?remplac[ée]e?s?\spar|(?:changed|set|reset|updated|switched)\s(?:it\s)?to|devient|becomes"
    r"|became|devenue?s?)"
    # An adverb before the value: "is literally X", "c'est tout simplement X", "is now X"; "est devenu X",
    # "has become X" (the participle read like an adverb after "est" / "a" / "has").
    r"(?:\s{1,3}(?:maintenant|d[ée]sormais|now|[àa]\spr[ée]sent|toujours|still|always|encore|literally|actually"
    r"|just|simply|officially|litt[ée]ralement|simplement|tout\ssimplement|juste|officiellement|devenue?s?|become))?"
    r"(?:\s{0,3}:)?"
    r"|\s?:|\s?[→➜➡⇒])\s{1,3}(?:le |the |:\s?)?[\"'«“]?(?P<value>[^\s\"'»”]{3,64})",
    re.IGNORECASE,
)
# A password changed earlier in its sentence, its new value after "to" / "en": "I changed the page password
# to X", "j'ai changé le mot de passe du compte en X".
_CHANGE_BEFORE = re.compile(
    r"(?i)(?:chang|modifi|remplac|reset|updat|switch|(?<![\w-])set\b|mis\sà\sjour|mettre\sà\sjour)[^.!?\n]{0,60}$"
)
_CHANGE_BEFORE_ANY = re.compile(
    r"(?i)chang|modifi|remplac|reset|updat|switch|(?<![\w-])set\b|mis\sà\sjour|mettre\sà\sjour"
)
_TO_VALUE = re.compile(r"(?i)\s(?:to|into|en|pour|par)\s{1,3}[\"'«“]?(?P<value>[^\s\"'»”]{3,64})")
# The answer closing a riddle, last in its sentence: "c'est le nom du chien suivi de 1990, donc Rex1990."
_RIDDLE_END = re.compile(
    r"(?i),\s(?:donc|soit|so|i\.e\.|which gives|ce qui donne)\s{1,3}[\"'«“]?(?P<value>[^\s\"'»”]{3,64}?)"
    r"[\"'»”]?[.!?…)]?\s*$"
)
# A value given in pieces after its keyword: spelt with a spelling alphabet ("M comme Marcel, A comme Anatole,
# R, S, 7"), digits spaced out ("8 2 0 6"), words to be written "tout attaché" / "no spaces", two halves
# joined by "puis" / "then", or its start and its end ("commence par Cara, finit par mel99").
_SPELLING_ITEM = r"(?:[A-Za-z0-9]\s(?:comme|as\sin|like)\s[A-ZÀ-Ý][\w'’-]{1,20}|[A-Za-z0-9])"
_SPELLING = re.compile(rf"{_SPELLING_ITEM}(?:\s?,\s?(?:et\s|and\s)?{_SPELLING_ITEM}){{3,40}}(?![\w'’-])")
_SPACED_DIGITS = re.compile(r"[0-9](?: [0-9]){3,7}(?![\w-])")
_TO_GLUE = re.compile(
    r"(?P<value>(?:[^\s,()]{1,24} ){1,4}?[^\s,()]{1,24})\s?(?:,\s?)?(?:(?:mais|but|and|et)\s)?(?:tout attach[ée]e?s?"
    r"|sans (?:les )?espaces|all one word|no spaces|without (?:the )?spaces|en un (?:seul )?mot|coll[ée]e?s?)",
    re.IGNORECASE,
)
_HALVES = re.compile(
    r"[\"'«“]?(?P<a>[^\s,\"'»”]{2,32})[\"'»”]?,?\s(?:puis|then|and then|et ensuite|ensuite|followed by|suivi de)\s"
    r"[\"'«“]?(?P<b>[^\s,\"'»”]{1,32})",
    re.IGNORECASE,
)
#: The joining words of :data:`_HALVES`, each after a space: a text without one holds no halves.
_JOINER = re.compile(r"\s(?:puis|then|ensuite|followed by|suivi de)\s", re.IGNORECASE)
_ENDS = re.compile(
    r"(?:commence|d[ée]bute|starts?|begins?)\s(?:par|with|by)\s[\"'«“]?(?P<a>[^\s,\"'»”]{2,32})[\"'»”]?,?\s"
    r"(?:[^.!?\n]{0,12}?\s)?(?:finit|fini|termine|se termine|ends?|finishes)\s(?:par|with|by|in)\s"
    r"[\"'«“]?(?P<b>[^\s,\"'»”]{1,32})",
    re.IGNORECASE,
)


# A noun before "pass" that makes it a ticket ("season pass", "ski pass", "boarding pass: Gold-2026").
_TICKET_BEFORE = re.compile(
    r"(?i)(?<![\w'’.@-])(?:season|ski|boarding|bus|metro|métro|subway|tube|rail|train|travel|transit|day|week"
    r"|weekly|month|monthly|annual|yearly|festival|backstage|vip|press|all-access|museum|gym|parking|game|battle"
    r"|hall|free|mountain|concert|event|access-all-areas)\s+$"
)


# Words between a password word and what follows that make it talk about passwords ("password manager tip:
# Dashlane then 1Password"), not give one.
_ABOUT_PASSWORDS = frozenset(
    ["manager", "managers", "gestionnaire", "gestionnaires", "policy", "policies", "rules", "requirements",
     "tip", "tips", "conseil", "conseils", "comme", "like", "example", "exemple", "app", "apps", "appli"]
)  # fmt: skip


def _in_pieces(s: str, pos: int) -> tuple[int, str] | None:
    """A value given in pieces at ``pos`` (right after the keyword's separator): (start, text)."""
    spelt = _SPELLING.match(s, pos)
    if spelt is not None and re.search(r"\s(?:comme|as\sin|like)\s", spelt.group()):
        return pos, spelt.group()
    digits = _SPACED_DIGITS.match(s, pos)
    if digits is not None:
        return pos, digits.group()
    for pattern in (_TO_GLUE, _HALVES):
        m = pattern.match(s, pos)
        if m is None:
            continue
        joined = "".join(m.group("value").split()) if pattern is _TO_GLUE else m.group("a") + m.group("b")
        if _looks_like_password(joined.rstrip(_VALUE_TRAIL)):
            return pos, s[pos : m.end()]
    return None


def _start_and_end(s: str, pos: int) -> tuple[int, str] | None:
    """A password given by its start and its end in the 80 characters after ``pos``."""
    m = _ENDS.search(s, pos, pos + 80)
    if m is None or not _looks_like_password((m.group("a") + m.group("b")).rstrip(_VALUE_TRAIL)):
        return None
    return m.start("a"), s[m.start("a") : m.end("b")]


_ASKED = re.compile(r"\s{0,3}\?\s{1,3}[\"'«“]?(?P<value>[^\s\"'»”]{3,64})")
# An access code spelt digit by digit, French or English: "neuf quatre deux six", "sept-trois-huit-un",
# "four seven two nine" (four to eight digit words; "un"/"one" alone or a pair of words is prose).
_DIGIT_WORD = r"(?:z[ée]ro|un|deux|trois|quatre|cinq|six|sept|huit|neuf|zero|oh|one|two|three|four|five|seven|eight|nine)"
_SPELT_CODE = re.compile(rf"(?i){_DIGIT_WORD}(?:[ ,\-]{{1,3}}{_DIGIT_WORD}){{3,7}}(?![\w-])")
_DIGITS_CODE = re.compile(r"[0-9]{4,8}[#*]?|[0-9A-D#*]{4,8}|[0-9]{1,2}(?:[-–][0-9]{1,2}){2,3}")
# "creds for the dashboard -> jsmith / Tr0ub4dor&3", "identifiants : jdupont / Soleil2026".
_CREDENTIAL_PAIR = re.compile(
    r"(?<![\w-])(?:creds|credentials?|identifiants?|logins?|log-?in (?:info|details)|acc[eè]s|access"
    r"|infos? de connexion|codes? d['’]acc[eè]s|account details)(?![\w-])"
    r"[^\n.!?:=>→➜➡]{0,40}?\s{0,3}(?::|->|=>|=|—|–|→|➜|➡)\s{0,3}"
    # each half may carry its own short label ("u: qa_bot / p: X", "user: jdoe, pass: X")
    r"(?:(?:u|user|username|login|id|identifiant)\s?:\s?)?"
    r"(?P<user>[\w.@+\-]{2,64})(?:\s{0,2}(?:/|\||,)\s{0,2}|\s(?:et|and|&)\s)"
    r"(?:(?:p|pw|pwd|pass|mdp)\s?:\s?)?(?P<value>[^\s,]{4,64})",
    re.IGNORECASE,
)
# The value first, the password named after it: "#FamilyMovieNight99 is the password", "Soleil#26 c'est
# le mot de passe du wifi". A hashtag counts here (the writer says it is the password).
# The password named after "is the": found first (literal words), then the value read backwards from it.
_VALUE_FIRST = re.compile(
    r"(?<=\s)(?:is|was|est|c['’]est|sera|will be)\s{1,2}(?:the|my|our|le|mon|notre|ton|your|votre)\s{1,2}"
    r"(?:new\s|nouveau\s)?(?:password|passcode|passphrase|mot de passe|mdp|pwd|wi-?fi password|code wi-?fi)(?![\w-])",
    re.IGNORECASE,
)
_VALUE_BEFORE = re.compile(r"(?<![^\s(])(?P<value>#?[^\s\"'«»“”]{4,64})[\"'»”]?\s{1,2}$")
# A menu path after "mot de passe :" ("Paramètres > Sécurité > Réinitialiser"): directions, not a value.
_MENU_PATH = re.compile(r"\s{0,2}(?:>|›|→|»)\s{0,2}[^\W\d_]")
_PLACEHOLDER = frozenset("*•●·.-_xX#?")
# A value spelt out one character at a time, single spaces between (six characters or more).
_SPACED_VALUE = re.compile(r"[^\s\"'»”’`](?: [^\s\"'»”’`]){5,63}(?!\S)")
# "scheme://user:password@host": the password of a URL's user part.
_URL_CREDENTIALS = re.compile(
    r"(?i)(?<![\w+.\-])[a-z][a-z0-9+.\-]{1,15}://[^\s:/@]{1,64}:(?P<value>[^\s/@]{3,128})@(?=[\w\[])"
)
_URL_PLACEHOLDERS = frozenset(
    ["password", "passwd", "pass", "pwd", "secret", "motdepasse", "mdp", "xxx", "changeme"]
)
_KEY_EMOJI = frozenset(["🔑", "🔐", "🗝"])
_ARROWS = frozenset("→➜➡⇒")
_VALUE_TRAIL = ".,;:)]}»”’'\""  # "!" and "?" stay: common in passwords, and masking one more is safe

# Sub-domain labels of the organisation's own domains that mean an internal service.
INTERNAL_LABELS = frozenset(
    [
        "intranet",
        "intra",
        "internal",
        "interne",
        "jira",
        "confluence",
        "gitlab",
        "git",
        "jenkins",
        "ci",
        "build",
        "vpn",
        "admin",
        "administration",
        "backoffice",
        "back-office",
        "wiki",
        "sharepoint",
        "grafana",
        "kibana",
        "vault",
        "staging",
        "preprod",
        "pre-prod",
        "recette",
        "uat",
        "dev",
        "nexus",
        "artifactory",
        "sonar",
        "sonarqube",
        "portainer",
        "k8s",
        "kube",
        "rancher",
        "argocd",
        "rdp",
        "citrix",
        "owa",
        "corp",
        "extranet",
        "bastion",
        "ldap",
        "ad",
        "sso-admin",
        "phpmyadmin",
        "db",
        "database",
        "mysql",
        "postgres",
        "redis",
        "elastic",
    ]
)
# Top-level names reserved or used for private networks (never reachable from the internet).
INTERNAL_SUFFIXES = (
    "local",
    "internal",
    "corp",
    "lan",
    "intra",
    "intranet",
    "localdomain",
    "home.arpa",
    "private",
    "localnet",
)


# Networks that only exist inside an organisation (RFC 1918, carrier-grade NAT, link-local, IPv6 unique
# local and link-local). Not ``ipaddress.is_private``, which also counts documentation ranges and loopback.
PRIVATE_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in (
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "100.64.0.0/10",
        "169.254.0.0/16",
        "fc00::/7",
        "fe80::/10",
    )
)


class SecretsParams(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    passwords: bool = True
    """Passwords, Wi-Fi codes and PINs given in text."""
    tokens: bool = True
    """API keys and tokens of known shape, JWTs, and high-entropy values after ``key=`` / ``token:``."""
    private_keys: bool = True
    """PEM / PGP private key blocks."""
    internal_hosts: bool = True
    """Internal host names and URLs, and private IP addresses."""
    min_entropy: float = Field(default=3.0, ge=1.0, le=6.0)
    """Shannon entropy (bits per character) a ``key=`` / ``token:`` value needs to be reported."""
    min_length: int = Field(default=16, ge=8, le=128)
    """Shortest ``key=`` / ``token:`` value reported."""
    internal_domains: list[str] = []
    """Extra domains that are internal (``acme-corp.net``): any host under them is reported."""
    internal_labels: list[str] = []
    """Extra sub-domain labels that mark an internal service under the organisation's domains."""
    patterns: list[str] = []
    """Extra secret patterns (RE2 syntax, linear time), e.g. your own token prefix ``acme_[A-Za-z0-9]{32}``."""

    @field_validator("internal_domains", "internal_labels")
    @classmethod
    def _lower(cls, value: list[str]) -> list[str]:
        return [v.strip().lower().strip(".") for v in value if v.strip()]


def shannon_entropy(value: str) -> float:
    """Bits per character of ``value``: random keys score high, words and repeated characters low."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def _valid_jwt(token: str) -> bool:
    header = token.split(".", 1)[0]
    try:
        data = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return False
    return isinstance(data, dict) and "alg" in data


def _looks_random(value: str, min_length: int, min_entropy: float) -> bool:
    """A machine-made secret: long enough, letters and digits mixed, and high entropy."""
    core = value.strip("=.-_~")
    if len(core) < min_length:
        return False
    if not (any(c.isdigit() for c in core) and any(c.isalpha() for c in core)):
        return False
    return shannon_entropy(core) >= min_entropy


# The documentation's sample keys ("AKIAIOSFODNN7EXAMPLE") and masks in a token's shape ("ghp_xxxx…").
_FILLER_RUN = re.compile(r"([A-Za-z0-9*])\1{7}")


_SAMPLE_WORDS = re.compile(
    r"(?i)(?<![\w-])(?:samples?|examples?|exemples?|docs?|documentation|placeholders?|fictive?s?|fictifs?)(?![\w-])"
)


def _placeholder_token(token: str, s: str = "", start: int = 0) -> bool:
    """A key of known shape that is a run of one filler character ("ghp_xxxx…"), or a documented example
    ("…EXAMPLE") that the sentence calls a sample, not a key."""
    if _FILLER_RUN.search(token) is not None:
        return True
    if "example" not in token.lower():
        return False
    end = start + len(token)
    return _SAMPLE_WORDS.search(s[max(0, start - 60) : start] + " " + s[end : end + 60]) is not None


def _credential_shaped(value: str) -> bool:
    """Letters, digits and a capital or a symbol ("RhPortail!2027"): what a portal's "code d'accès" is when
    it is not a keypad's digits. Stricter than :func:`_looks_like_password`, since an access code may also
    name a door, whose "code" can be a word."""
    core = value.rstrip(_VALUE_TRAIL + "!?")
    return (
        len(core) >= 6
        and any(c.isdigit() for c in core)
        and any(c.isalpha() for c in core)
        and (any(c.isupper() for c in core) or any(not c.isalnum() for c in core))
    )


def _looks_like_password(value: str) -> bool:
    """Not a plain word: a digit, a symbol inside it, or mixed case with a capital after the first letter.
    Mentions and hashtags (``@gmail``), and words in capitals (``PERCHE'``), are not passwords."""
    core = value.rstrip(_VALUE_TRAIL + "!?")
    if len(core) < 4 or core[0] in "@#":
        return False
    if core.islower() and core.replace("-", "").replace("'", "").replace("’", "").isalpha():
        return False  # a word of prose with a hyphen or an apostrophe: "e-mail", "peut-être", "aujourd'hui"
    if any(c.isdigit() for c in core) or any(not c.isalnum() for c in core[1:-1]):
        return True
    return any(c.isupper() for c in core[1:]) and any(c.islower() for c in core)


# Words written in leetspeak ("m0t d3 p4ss3", "p@ssw0rd"): each one is read with its digits and symbols
# as letters, and replaced only if it then is a word of the password phrases (same length: offsets hold).
_LEET_WORD = re.compile(
    r"(?<![\w@$])[A-Za-z]*[0-9@$][A-Za-z0-9@$]*[A-Za-z][A-Za-z0-9@$]*|(?<![\w@$])[A-Za-z]+[0-9@$]+(?![\w@$])"
)
_UNLEET = str.maketrans("013457@$", "oieasta" + "s")
# Letters of another script that look like one Latin letter (one for one, so offsets hold), both cases.
_LATIN_TWINS = str.maketrans(
    {k: v for k, v in _HOMOGLYPHS.items() if len(v) == 1 and not k.isascii() and k.isalpha()}
    | {
        k.upper(): v.upper()
        for k, v in _HOMOGLYPHS.items()
        if len(v) == 1 and len(k.upper()) == 1 and k.isalpha()
    }
)
# A password word spelt letter by letter with dashes, dots, underscores or spaces ("p-a-s-s-w-o-r-d",
# "m-o-t d-e p-a-s-s-e", "P_A_S_S"): joined, and padded before with spaces to keep the length.
_SPELT_SEP = " .\\-_*~·"
_SPELT_KEYWORD = re.compile(
    rf"(?<![\w@$])(?:[A-Za-z0-9@$][{_SPELT_SEP}]{{1,3}}){{2,24}}[A-Za-z0-9@$](?![\w@$])"
)
_SPELT_KEYWORD_GATE = re.compile(
    rf"(?<![\w@$])[A-Za-z0-9@$][{_SPELT_SEP}]{{1,3}}[A-Za-z0-9@$][{_SPELT_SEP}]{{1,3}}[A-Za-z0-9@$]"
)
_SPELT_WORDS = frozenset(
    ["motdepasse", "motsdepasse", "password", "passwd", "pwd", "mdp", "passcode", "passphrase", "motdepass"]
)


def _join_keyword(m: re.Match[str]) -> str:
    run = m.group()
    joined = re.sub(f"[{_SPELT_SEP}]", "", run)
    if joined.lower().translate(_UNLEET) not in _SPELT_WORDS:
        return run
    return " " * (len(run) - len(joined)) + joined.lower().translate(_UNLEET)


#: Password words spelt out per post at most: a 1 MB post of "p@ssw0rd" costs what one of "password" does.
MAX_LEET_KEYWORDS = 200
_KEYWORD_PIECES = frozenset(
    ["mot", "mots", "de", "passe", "pase", "password", "passwords", "pasword", "passwd", "pwd", "mdp", "pass",
     "passphrase", "passcode", "code", "codes", "wifi"]
)  # fmt: skip


def keyword_view(text: str) -> str:
    """``text`` with the leetspeak forms of the password words spelt out ("m0t d3 p4ss3" -> "mot de
    passe", "p@ssw0rd" -> "password") and Cyrillic or Greek letters shaped like Latin ones read as those
    ("mоt de pаsse" with a Cyrillic "о" and "а"), character for character: keywords are matched on it,
    values are read on ``text`` itself (a password "Pa55word!" is not rewritten there)."""
    if not text.isascii():
        text = text.translate(_LATIN_TWINS)
    if _SPELT_KEYWORD_GATE.search(text) is not None:
        text = _SPELT_KEYWORD.sub(_join_keyword, text)
    if not any(c in text for c in "013457@$"):
        return text
    left = [MAX_LEET_KEYWORDS]

    def plain(m: re.Match[str]) -> str:
        word = m.group()
        read = word.translate(_UNLEET)
        if left[0] <= 0 or read.lower() not in _KEYWORD_PIECES:
            return word
        left[0] -= 1
        return read

    return _LEET_WORD.sub(plain, text)


#: Function words, French and English: a run of plain words holding none of them is a passphrase
#: ("correct horse battery staple"), one holding some is prose ("way too long to remember").
_FUNCTION_WORDS = frozenset(
    [
        "a", "an", "the", "of", "to", "in", "on", "at", "by", "for", "from", "with", "and", "or", "but", "not",
        "no", "is", "are", "was", "be", "been", "it", "its", "this", "that", "my", "your", "our", "their", "his",
        "her", "me", "we", "you", "they", "i", "so", "too", "very", "just", "only", "also", "still", "now",
        "then", "here", "there", "if", "as", "into", "than", "will", "would", "can", "could", "should", "must",
        "do", "does", "did", "done", "has", "have", "had", "please", "le", "la", "les", "l", "un", "une", "des",
        "du", "de", "d", "au", "aux", "et", "ou", "mais", "ni", "pas", "ne", "plus", "que", "qui", "quoi",
        "dont", "ce", "cet", "cette", "ces", "mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre",
        "nos", "votre", "vos", "leur", "leurs", "je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles",
        "est", "sont", "était", "être", "a", "ont", "avait", "en", "dans", "sur", "sous", "pour", "par", "avec",
        "sans", "chez", "très", "trop", "aussi", "encore", "déjà", "puis", "ici", "si", "comme", "tout", "tous",
        "toute", "toutes",
    ]
)  # fmt: skip
_PHRASE_WORDS = re.compile(r"[^\W\d_]{2,24}(?:[ \t]+[^\W\d_]{2,24}){2,7}(?=[ \t]*(?:[.!?,;)\n]|$))")


# A password shown as one not to use: "exemple de mot de passe à ne pas utiliser : 123456", "never use
# passwords like 'password123'", "évitez les mots de passe faibles comme azerty".
_BAD_EXAMPLE = re.compile(
    r"(?i)(?<![\w-])(?:exemples?|examples?|e\.g\.|par ex|never use|do not use|don['’]t use|dont use|avoid"
    r"|[ée]vite[rz]?|[àa] [ée]viter|[àa] ne (?:jamais|pas) utiliser|n['’]utilise[rz]? (?:jamais|pas)|ne jamais utiliser"
    r"|weak(?:est)?|faibles?|worst|pires?|most common|les plus (?:courants|utilis[ée]s)|interdits?|banned|forbidden)"
    r"(?![\w-])"
)
_SENTENCE_STOP = re.compile(r"[.!?…\n](?:\s|$)")


def _bad_example(text: str, span: Span) -> bool:
    """Whether the sentence holding ``span`` shows the password as an example to avoid (before it)."""
    start = max(
        (m.end() for m in _SENTENCE_STOP.finditer(text, max(0, span.start - 200), span.start)), default=0
    )
    return _BAD_EXAMPLE.search(text, max(start, span.start - 200), span.start) is not None


def _password_message(ctx: Context) -> str:
    return ctx._("A password appears in this post. Never publish a password: mask it and change it now.")


#: One finding before it is built: span, entity, message, fix kind, fix.
_Found = tuple[Span, str, str, str, Fix]


@register
class SecretsDetector(Detector[SecretsParams]):
    id = "secrets"
    category = "security"
    languages = ("fr", "en", "other")

    def __init__(self, rule: Rule, params: SecretsParams, policy: Policy) -> None:
        super().__init__(rule, params, policy)
        self.org_domains = tuple(d.lower().strip(".") for d in policy.organisation.domains)
        self.internal_labels = INTERNAL_LABELS | set(params.internal_labels)
        self.internal_domains = tuple(params.internal_domains)
        self.extra: list[Any] = []  # compiled RE2 patterns
        for pattern in params.patterns:
            try:
                self.extra.append(re2.compile(pattern))
            except Exception as exc:  # re2 raises its own error type
                raise ValueError(f"pattern {pattern!r} is not a valid RE2 expression: {exc}") from exc

    def detect(self, ctx: Context) -> Sequence[Finding]:
        text = ctx.text
        if not text:
            return []
        view = ctx.basic
        s = view.text
        found: list[_Found] = []
        if self.params.private_keys and "PRIVATE KEY" in s:
            self._private_keys(ctx, s, found)
        low = s.lower()
        if self.params.tokens:
            # A token with a Cyrillic or Greek letter in it ("ghр_…") is read with the Latin twin.
            latin = s if s.isascii() else s.translate(_LATIN_TWINS)
            if _TOKEN_GATE.find_matches_as_indexes(latin):
                self._tokens(ctx, latin, found)
                self._token_halves(ctx, latin, found)
            if " " in s and _TOKEN_GATE.find_matches_as_indexes(s.replace(" ", "")):
                self._grouped_tokens(ctx, s, found)
            if _GENERIC_GATE.find_matches_as_indexes(low):
                self._generic(ctx, s, found)
            for pattern in self.extra:
                for m in pattern.finditer(s):
                    if m.end() > m.start():
                        self._add(
                            ctx,
                            found,
                            view.to_original(m.start(), m.end()),
                            "API_KEY",
                            ctx._("This matches a secret pattern of the policy."),
                        )
        keywords: str | None = None
        password_hint = self.params.passwords and bool(
            _PASSWORD_GATE.find_matches_as_indexes(low if s.isascii() else low.translate(_LATIN_TWINS))
        )
        if self.params.passwords and not password_hint and _SPELT_KEYWORD_GATE.search(s) is not None:
            keywords = keyword_view(s)  # "p-a-s-s-w-o-r-d", "m-o-t d-e p-a-s-s-e": no hint until joined
            password_hint = bool(_PASSWORD_GATE.find_matches_as_indexes(keywords.lower()))
        if self.params.passwords and "://" in s and "@" in s:
            self._url_credentials(ctx, s, found)
        if password_hint:
            keywords = keywords if keywords is not None else keyword_view(s)
            self._passwords(ctx, s, keywords, found)
            self._given_later(ctx, s, keywords, found)
            self._value_first(ctx, s, found)
            found = [f for f in found if f[1] != "PASSWORD" or not _bad_example(ctx.text, f[0])]
        if self.params.internal_hosts:
            self._internal(ctx, found)
        return [
            self.finding(ctx, span, message, entity=entity, fix=fix)
            for span, entity, message, _, fix in sorted(found, key=lambda f: f[0].start)
        ]

    # -- helpers ---------------------------------------------------------------------------------

    def _add(
        self,
        ctx: Context,
        found: list[_Found],
        span: Span,
        entity: str,
        message: str,
        *,
        remove: bool = False,
    ) -> None:
        if len(found) >= MAX_FINDINGS or any(span.overlaps(other[0]) for other in found):
            return
        if remove:
            fix = Fix("remove", ctx._("Remove it from the post."), replacement="", span=span)
        else:
            fix = Fix(
                "mask", ctx._("Mask the secret, then change or revoke it."), replacement=MASK, span=span
            )
        found.append((span, entity, message, "remove" if remove else "mask", fix))

    def _private_keys(self, ctx: Context, s: str, found: list[_Found]) -> None:
        ends = [m for m in _PRIVATE_KEY_END.finditer(s)]
        ends_at = [m.start() for m in ends]
        covered_to = -1
        for m in _PRIVATE_KEY.finditer(s):
            if m.start() < covered_to:
                continue
            index = bisect.bisect_left(ends_at, m.end())
            if index < len(ends) and ends_at[index] - m.end() <= 20000:
                end = ends[index].end()
            else:
                end = _key_body_end(s, m.end())
            covered_to = end
            self._add(
                ctx,
                found,
                ctx.basic.to_original(m.start(), end),
                "PRIVATE_KEY",
                ctx._("A private key appears in this post: remove it and replace the key at once."),
                remove=True,
            )

    def _tokens(self, ctx: Context, s: str, found: list[_Found]) -> None:
        for m in _TOKENS.finditer(s):
            kind = m.lastgroup or ""
            token = m.group()
            if _placeholder_token(token, s, m.start()):
                continue
            if kind == "jwt":
                if not _valid_jwt(token):
                    continue
            elif kind == "openai" and not _looks_random(token[3:], 20, self.params.min_entropy):
                continue
            entity = "JWT" if kind == "jwt" else "API_KEY"
            self._add(
                ctx,
                found,
                ctx.basic.to_original(m.start(), m.end()),
                entity,
                ctx._(
                    "This looks like {secret}: anyone who reads the post can use it. Remove it and revoke "
                    "it.",
                    secret=ctx._(_TOKEN_NAMES[kind]),
                ),
            )

    def _token_halves(self, ctx: Context, s: str, found: list[_Found]) -> None:
        """A token given in two pieces joined by "puis" / "then" ("sk_live_51NqR8 puis Xk2mP9…")."""
        if _JOINER.search(s) is None:
            return  # no joining word: the pieces' regex would try every position of a long text for nothing
        for m in itertools.islice(_HALVES.finditer(s), MAX_FINDINGS):
            token = _TOKENS.fullmatch(m.group("a") + m.group("b"))
            if token is None or token.lastgroup == "jwt" or _placeholder_token(token.group(), s, m.start()):
                continue
            self._add(
                ctx,
                found,
                ctx.basic.to_original(m.start("a"), m.end("b")),
                "API_KEY",
                ctx._(
                    "This looks like {secret}: anyone who reads the post can use it. Remove it and revoke it.",
                    secret=ctx._(_TOKEN_NAMES[token.lastgroup or ""]),
                ),
            )

    def _url_credentials(self, ctx: Context, s: str, found: list[_Found]) -> None:
        """The password in a URL's user part ("postgres://app:Wq9!zT4p@db…", "https://admin:S3cret@…"),
        not a placeholder ("${DB_PASSWORD}", "<password>", "****")."""
        for m in itertools.islice(_URL_CREDENTIALS.finditer(s), MAX_FINDINGS):
            value = m.group("value")
            if set(value) <= _PLACEHOLDER or value[0] in "$<{%[" or value.lower() in _URL_PLACEHOLDERS:
                continue
            self._add_password(ctx, found, (m.start("value"), value))

    def _grouped_tokens(self, ctx: Context, s: str, found: list[_Found]) -> None:
        """A token of known shape written in groups or letter by letter ("AKIA Q7XK 3M9P LR2T VW4N",
        "A K I A Q 7 X K …"): runs of short groups joined by single spaces are read without the spaces,
        from a group that starts like a token, and reported when some groups make exactly one."""
        starts = 0
        for run in itertools.islice(_GROUPED.finditer(s), MAX_FINDINGS):
            text, base = run.group(), run.start()
            for group in _GROUP.finditer(text):
                gi = group.start()
                if text[gi] not in _HINT_FIRSTS or not text[gi : gi + 40].replace(" ", "").startswith(
                    _TOKEN_HINTS
                ):
                    continue
                starts += 1
                if starts > MAX_FINDINGS:
                    return
                joined = ""
                # Read from this group on only: at most MAX_GROUPS groups of at most 8 characters.
                for k, piece in enumerate(_GROUP.finditer(text, gi, gi + 9 * MAX_GROUPS)):
                    joined += piece.group()
                    m = _TOKENS.fullmatch(joined) if k else None
                    if m is None or m.lastgroup == "jwt":
                        continue
                    if m.lastgroup == "openai" and not _looks_random(joined[3:], 20, self.params.min_entropy):
                        continue
                    self._add(
                        ctx,
                        found,
                        ctx.basic.to_original(base + gi, base + piece.end()),
                        "API_KEY",
                        ctx._(
                            "This looks like {secret}: anyone who reads the post can use it. Remove it and "
                            "revoke it.",
                            secret=ctx._(_TOKEN_NAMES[m.lastgroup or ""]),
                        ),
                    )
                    break

    def _generic(self, ctx: Context, s: str, found: list[_Found]) -> None:
        for m in _GENERIC.finditer(s):
            value = m.group("value").rstrip(".=-~")
            if not _looks_random(value, self.params.min_length, self.params.min_entropy):
                continue
            start = m.start("value")
            self._add(
                ctx,
                found,
                ctx.basic.to_original(start, start + len(value)),
                "SECRET",
                ctx._(
                    "The value after “{keyword}” looks like a secret key or token. Remove it and revoke it.",
                    keyword=m.group("kw"),
                ),
            )

    def _passwords(self, ctx: Context, s: str, keywords: str, found: list[_Found]) -> None:
        """Phrase by phrase, matched on ``keywords`` (:func:`keyword_view`), values read on ``s``."""
        for m in _PASSWORD.finditer(keywords):
            keyword = m.group("kw").lower()
            sep = (m.group("sep") or "").lower()
            if sep.endswith(":") or sep.rstrip("\ufe0f") in _ARROWS:
                sep = ":"  # "le mot de passe est : X" is as explicit as "mot de passe : X"
            quoted = m.group("qvalue") is not None
            group = "qvalue" if quoted else "value"
            value = s[m.start(group) : m.end(group)]
            value = value if quoted else value.rstrip(_VALUE_TRAIL)
            if not quoted and sep and len(value) == 1:
                spaced = _SPACED_VALUE.match(s, m.start(group))
                if spaced is not None:  # "MDP : P e r v e n c h e 4 4", spelt letter by letter
                    self._add_password(ctx, found, (spaced.start(), spaced.group()))
                    continue
            if not value or set(value) <= _PLACEHOLDER or value.lower() in _NOT_A_PASSWORD:
                continue
            if not quoted and _MENU_PATH.match(s, m.end(group)) is not None:
                continue  # "mot de passe : Paramètres > Sécurité": where to click
            filler = _OF_PHRASE_RE.sub(" ", m.group("filler")).replace(",", " ").lower().split()
            if any(word in _NOT_A_PASSWORD for word in filler):
                continue  # "mot de passe oublié : …" is about a password, not one
            if keyword in _KEY_EMOJI and not sep:
                continue  # a key emoji stands for "password" only before ":" / "=" / an arrow
            if keyword == "pass" and (
                _TICKET_BEFORE.search(s, max(0, m.start() - 24), m.start()) is not None
                or (not quoted and not (sep and _credential_shaped(value)))
            ):
                continue  # "pass" alone is an everyday word ("boarding pass"): only "the pass: Xk9!…" counts
            if not quoted and sep and (not _looks_like_password(value) or len(value) == 1):
                pieces = _in_pieces(s, m.start(group))
                if pieces is not None:
                    self._add_password(ctx, found, pieces)
                    continue
            # "PIN" is an everyday word: only "PIN: 1234" (4 to 8 digits after a separator) counts.
            if keyword.endswith("pin") and not (sep and value.isdigit() and 4 <= len(value) <= 8):
                continue
            if keyword.startswith(("passphrase", "phrase")) and sep and not quoted:
                phrase = _PHRASE_WORDS.match(s, m.start(group))
                if phrase is not None and not any(
                    w.lower() in _FUNCTION_WORDS or w.lower() in _NOT_A_PASSWORD
                    for w in phrase.group().split()
                ):
                    # A passphrase of plain words ("correct horse battery staple"): none of them is prose.
                    self._add_password(ctx, found, (phrase.start(), phrase.group()))
                    continue
            if quoted:
                pass
            elif sep in (":", "=", "->", "=>"):
                after = s[m.end(group) : m.end(group) + 40]
                prose = (
                    value.replace("-", "").isalpha()
                    and value.islower()
                    and re.match(r"\s+[^\W\d_]{2}", after)
                )
                if prose or len(value) < 3:
                    continue
            elif not _looks_like_password(value) or (not sep and len(value) < 6):
                continue
            self._add_password(ctx, found, (m.start(group), value))

    def _value_first(self, ctx: Context, s: str, found: list[_Found]) -> None:
        """A password given before it is named ("#FamilyMovieNight99 is the password")."""
        for tail in itertools.islice(_VALUE_FIRST.finditer(s), MAX_FINDINGS):
            lo = max(0, tail.start() - 70)
            m = _VALUE_BEFORE.search(s, lo, tail.start())
            if m is None:
                continue
            value = m.group("value")
            if not _looks_like_password(value.lstrip("#")) or value.lower() in _NOT_A_PASSWORD:
                continue
            self._add(
                ctx,
                found,
                ctx.basic.to_original(m.start("value"), m.end("value")),
                "PASSWORD",
                _password_message(ctx),
            )

    def _given_later(self, ctx: Context, s: str, keywords: str, found: list[_Found]) -> None:
        """Credentials the phrase-by-phrase pattern misses: an access code named by what it opens, or a
        password, whose value comes after "c'est" / "it's" / "changé en" in the same or the next sentence,
        or after "to" when the sentence changed it ("I changed the password to X"); and a user name and
        password given as a pair after "identifiants", "creds", "accès"."""
        # Asked once per post: most posts change no password and name no network.
        changed = _CHANGE_BEFORE_ANY.search(s) is not None
        for pattern, numeric in ((_CODE_NAMED, True), (_PASSWORD_NAMED, False)):
            for m in pattern.finditer(keywords):
                if m.group().lower() == "pass" and _TICKET_BEFORE.search(
                    s, max(0, m.start() - 24), m.start()
                ):
                    continue  # "Season pass: Gold-2026", a ticket
                given = self._value_given(
                    s, m.end(), numeric, right_after=not numeric and m.group().lower() != "pass"
                )
                if given is None and not numeric and changed:
                    given = self._changed_to(s, m.start(), m.end())
                if given is None and not numeric:
                    given = _start_and_end(s, m.end())
                self._add_password(ctx, found, given)
        for m in _KEY_WORD.finditer(keywords) if _NETWORK.search(s) is not None else ():
            if _NETWORK.search(s, max(0, m.start() - _NETWORK_REACH), m.end()) is not None:
                self._add_password(ctx, found, self._value_given(s, m.end(), False, right_after=False))
        if "/" in s or "|" in s or "," in s or " et " in s or " and " in s or " & " in s:
            for m in _CREDENTIAL_PAIR.finditer(s):
                value = m.group("value").rstrip(_VALUE_TRAIL)
                if _looks_like_password(value) and value.lower() not in _NOT_A_PASSWORD:
                    self._add_password(ctx, found, (m.start("value"), value))

    def _add_password(self, ctx: Context, found: list[_Found], given: tuple[int, str] | None) -> None:
        """Report the password ``given`` as (start in the basic view, value), if there is one."""
        if given is not None:
            start, value = given
            self._add(
                ctx,
                found,
                ctx.basic.to_original(start, start + len(value)),
                "PASSWORD",
                _password_message(ctx),
            )

    @staticmethod
    def _changed_to(s: str, start: int, end: int) -> tuple[int, str] | None:
        """The new value of a password changed earlier in its sentence: "I changed the page password to
        X", "j'ai modifié le mot de passe du compte en X"."""
        if _CHANGE_BEFORE.search(s, max(0, start - 80), start) is None:
            return None
        window = s[end : end + 80]
        stop = next(
            (
                i
                for i, c in enumerate(window)
                if c in ".!?…\n" and (i + 1 == len(window) or window[i + 1].isspace())
            ),
            len(window),
        )
        to = _TO_VALUE.search(window, 0, stop)
        if to is None:
            return None
        value = to.group("value").rstrip(_VALUE_TRAIL)
        if value.lower() in _NOT_A_PASSWORD or not _looks_like_password(value):
            return None
        return end + to.start("value"), value

    @staticmethod
    def _value_given(s: str, pos: int, numeric: bool, right_after: bool) -> tuple[int, str] | None:
        """The first value given after ``pos`` in the rest of this sentence or in the next one;
        ``right_after``: a value right after the keyword and a colon is left to the phrase pattern."""
        window = s[pos : pos + 120]
        ends = [
            i
            for i, c in enumerate(window)
            if c in ".!?…\n" and (i + 1 == len(window) or window[i + 1].isspace())
        ]
        if len(ends) >= 2:
            window = window[: ends[1]]
        asked = _ASKED.match(window)  # "The password? Sunshine2026!"
        riddle = _RIDDLE_END.search(window)
        candidates = [m for m in (asked, *_GIVEN.finditer(window), riddle) if m is not None]
        for given in candidates:
            if (
                right_after
                and given is not asked
                and given.start() == 0
                and given.group().lstrip().startswith(":")
            ):
                continue  # "mot de passe : X" right after the keyword is the phrase pattern's to judge
            spelt = _SPELT_CODE.match(window, given.start("value")) if numeric else None
            if spelt is not None:
                return pos + spelt.start(), spelt.group()  # "c'est neuf quatre deux six"
            value = given.group("value").rstrip(_VALUE_TRAIL)
            if value.lower() in _NOT_A_PASSWORD or set(value) <= _PLACEHOLDER:
                continue
            if not numeric and not _looks_like_password(value):
                halves = _HALVES.match(window, given.start("value"))
                between = re.findall(r"[^\W\d_]+", window[: given.start("value")].lower())
                if (
                    halves is not None
                    and not any(word in _ABOUT_PASSWORDS for word in between)
                    and _looks_like_password(halves.group("a") + halves.group("b"))
                ):
                    return pos + halves.start(), halves.group()  # "Albatros puis 2026!"
            if not numeric and value.replace("-", "").isalpha() and value.islower():
                continue  # a word of prose ("changez-le"), not a password
            if numeric:
                if (
                    _DIGITS_CODE.fullmatch(value) is None or not any(c.isdigit() for c in value)
                ) and not _credential_shaped(value):
                    continue  # an access code is digits, or a password-like word ("RhPortail!2027")
            elif not _looks_like_password(value):
                continue
            return pos + given.start("value"), value
        return None

    def _internal(self, ctx: Context, found: list[_Found]) -> None:
        for host in _hosts.find_hosts(ctx.basic, bare_unknown=True):
            name = host.host
            shown = ctx.text[host.span.start : host.span.end]
            if host.ip is not None:
                if not any(host.ip in net for net in PRIVATE_NETWORKS if net.version == host.ip.version):
                    continue
                bare = not host.has_scheme and not any(c in shown for c in ":/")
                if bare and shown.startswith("10."):
                    continue  # "10.2.0.1" alone is as likely a version number as an address
                self._add(
                    ctx,
                    found,
                    host.span,
                    "PRIVATE_IP",
                    ctx._("“{host}” is a private network address: do not publish it.", host=shown),
                    remove=True,
                )
                continue
            if not self._is_internal(name):
                continue
            self._add(
                ctx,
                found,
                host.span,
                "INTERNAL_HOST",
                ctx._("“{host}” is an internal address: it must not be published.", host=shown),
                remove=True,
            )

    def _is_internal(self, name: str) -> bool:
        labels = name.split(".")
        if len(labels) < 2:
            return False
        if (
            any(name == s or name.endswith("." + s) for s in INTERNAL_SUFFIXES)
            and _hosts.psl().publicsuffix(name) is None
        ):
            return True
        if any(name == d or name.endswith("." + d) for d in self.internal_domains):
            return True
        if labels[0] in ("intranet", "intra"):
            return True
        for domain in self.org_domains:
            if name.endswith("." + domain):
                sub = labels[: -len(domain.split("."))]
                if any(
                    label in self.internal_labels
                    or label.rstrip("0123456789-") in self.internal_labels
                    or label.split("-", 1)[0] in self.internal_labels
                    for label in sub
                ):
                    return True
        return False
