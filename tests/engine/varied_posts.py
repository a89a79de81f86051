"""A few thousand varied posts for equivalence tests: every starter policy's test cases, then tweets
or Faker sentences mixed with those triggers, personal data, links, secrets and evasions (leetspeak,
spaced letters, zero-width characters, homoglyphs, full-width digits). Deterministic for a seed."""

from __future__ import annotations

import random
from pathlib import Path

from faker import Faker

from charte.cli.demo import demo_policy_text
from charte.domain import Attachment, Post
from charte.engine.policy_tests import to_post
from charte.policy.loader import load_policy_file

POLICIES = Path(__file__).resolve().parents[2] / "policies"
#: The demo policy with a quiet period around TODAY and every regulated pack, so every detector runs.
EVERYTHING = (
    demo_policy_text()
    .replace(
        "  quiet_periods: []",
        """  quiet_periods:
    - name: "Résultats"
      start: 2026-05-15
      end: 2026-06-15
      topics: [résultats, chiffre d'affaires, results, revenue]""",
    )
    .replace("regulated_packs: []", "regulated_packs: [finance, health, alcohol, public-sector, pharma]")
)

EXTRAS = [
    "Voir https://acme.com/offres et https://acrne.com/login",
    "go to http://xn--acm-bla.com now",
    "lien bit.ly/3xYz12 ici",
    "serveur 10.0.0.12 en panne",
    "https://intranet.acme.local/rh",
    "password: Hunter2!Secret",
    "AKIAIOSFODNN7EXAMPLE",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "-----BEGIN RSA PRIVATE KEY-----",
    "mdp=Sup3rS3cret",
    "token sk-live-4f9aB8cD7eF6gH5iJ4kL",
    "CONFIDENTIEL",
    "c0nfidentiel",
    "c o n f i d e n t i e l",
    "interne uniquement",
    "internal only",
    "projet Phénix",
    "P h e n i x",
    "sous NDA",
    "Globex est une arnaque",
    "Acme c'est nul",
    "AcmePay rocks",
    "espèce de connard",
    "c0nnard",
    "you are an idiot",
    "je vais te retrouver",
    "I will find you",
    "vends weed pas cher",
    "faux billets dispo",
    "selling glocks no paperwork",
    "crack windows keygen",
    "nous annonçons un partenariat",
    "on behalf of Acme we promise a refund",
    "je travaille chez Acme",
    "#sponsorisé",
    "code promo ACME20",
    "« La vie est belle »",
    '"To be or not to be"',
    "rendement garanti de 12 %",
    "guérit le cancer",
    "buvez Acme bière",
    "votez pour lui",
    "résultats du trimestre en hausse de 20 %",
    "né le 12/03/1985",
    "SIRET 732 829 320 00074",
    "IP 192.168.1.20",
    "FR76 3000 6000 0112 3456 7890 189",
    "4111 1111 1111 1111",
    "😡😡 🔥🔥",
    "Merci pour tout !!!",
    "What???",
    "WTF is this",
    "",
]
EVASIONS = ["\u200b", "\u200d", "\ufeff", "\u00ad"]
HOMOGLYPHS = {"a": "а", "e": "е", "o": "о", "c": "с", "p": "р"}
FULLWIDTH = {str(d): chr(0xFF10 + d) for d in range(10)}


def _evade(text: str, rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind == 0 and text:
        i = rng.randrange(len(text))
        return text[:i] + rng.choice(EVASIONS) + text[i:]
    if kind == 1:
        return "".join(HOMOGLYPHS.get(c, c) if rng.random() < 0.3 else c for c in text)
    if kind == 2:
        return "".join(FULLWIDTH.get(c, c) for c in text)
    if kind == 3:
        return text.upper()
    return text


def policy_cases() -> list[Post]:
    """The test posts of every starter policy."""
    posts = []
    for path in sorted(POLICIES.glob("*.yaml")):
        posts += [to_post(case) for case in load_policy_file(str(path)).tests]
    return posts


def build(n: int = 3000, seed: int = 11) -> list[Post]:
    """``n`` posts: the starter policies' cases first, then random mixtures."""
    rng = random.Random(seed)
    cases = policy_cases()
    triggers = [p.text for p in cases] + EXTRAS
    fakes = {"fr": Faker("fr_FR"), "en": Faker("en_US")}
    for fake in fakes.values():
        fake.seed_instance(seed)
    posts = list(cases)
    while len(posts) < n:
        lang = rng.choice(["fr", "en"])
        fake = fakes[lang]
        parts = [fake.sentence(nb_words=rng.randint(3, 25)) for _ in range(rng.randint(0, 3))]
        for _ in range(rng.randint(0, 3)):
            parts.insert(rng.randint(0, len(parts)), _evade(rng.choice(triggers), rng))
        if rng.random() < 0.2:
            parts.append(
                rng.choice(
                    [
                        fake.name(),
                        fake.phone_number(),
                        fake.email(),
                        fake.iban(),
                        fake.address().replace("\n", ", "),
                        fake.credit_card_number(),
                    ]
                )
            )
        text = rng.choice([" ", ". ", "\n", " — "]).join(parts)
        if rng.random() < 0.02:
            text = text + "\ud83d"  # a lone surrogate, as JSON may carry
        attachments = (
            (Attachment(kind="image", credit=rng.choice([None, "AFP"])),) if rng.random() < 0.1 else ()
        )
        posts.append(
            Post(
                text=text,
                lang=rng.choice([lang, lang, None, "other"]),
                author=rng.choice([None, "alice", "press-office"]),
                account=rng.choice(["personal", "brand"]),
                attachments=attachments,
                in_reply_to_complaint=rng.random() < 0.1,
            )
        )
    return posts[:n]
