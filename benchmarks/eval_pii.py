"""PII detector: precision / recall / F1 per entity type and language on synthetic labelled posts,
plus an external check on Presidio's synthetic English set.

The synthetic posts are generated here with Faker (fixed seed) from many social-media templates, in
French and English, with negatives that look like personal data but are not (numbers failing their
checksum, dates that are not birth dates, product codes, public figures, streets named after people).
PERSON names come from Faker locales that are *not* in the shipped gazetteer (HELD_OUT_LOCALES), so
the figures measure the context rules and not the list against itself. A match counts when a finding
of the same entity type overlaps the labelled span; exact-span agreement is reported beside it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import time
import timeit
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from faker import Faker
from stdnum import luhn
from stdnum.fr import nir as std_nir

from charte.detectors.base import Context
from charte.detectors.pii import PiiDetector
from charte.domain import Post
from charte.engine.engine import compile_rules
from charte.policy.loader import parse_policy

#: What this section measures (benchmarks/_measures.py): the pii detector (and confidential for scale) with
#: its gazetteer, on a starter policy.
MEASURES = (
    "@core",
    "@starters",
    "src/charte/detectors/pii.py",
    "src/charte/detectors/confidential.py",
    "src/charte/detectors/support/pii_entities.py",
    "src/charte/detectors/support/pii_person.py",
    "src/charte/detectors/support/phrases.py",
    "src/charte/detectors/support/terms.py",
    "src/charte/detectors/support/data/first_names.txt",
    "src/charte/detectors/support/data/not_names.txt",
    "src/charte/detectors/support/data/places.txt",
    "src/charte/detectors/support/data/cities.txt",
    "benchmarks/eval_pii.py",
)

SEED = 20261123
N_POSTS = 1200
N_CHECK = 400
TODAY = dt.date(2026, 11, 23)
#: Locales none of whose names were used to build the gazetteer (scripts/build_pii_lexicons.py).
HELD_OUT_LOCALES = {
    "fr": ("fr_CH", "fr_BE", "pl_PL", "ro_RO", "tr_TR", "hu_HU"),
    "en": ("en_IE", "fi_FI", "sv_SE", "cs_CZ", "da_DK", "hr_HR"),
}
DATA_DIR = Path(os.environ.get("CHARTE_DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))

POLICY = """
schema_version: 1
policy: {id: eval, version: "1"}
organisation: {name: Acme, brands: [Acme, AcmePay], competitors: [Globex], domains: [acme.fr]}
rules:
  - id: pii
    detector: pii
    action: review
    severity: high
    clause: "5.3"
    params:
      patterns:
        - {entity: ORDER_NUMBER, regex: "CMD-[0-9]{8}", context: [commande, order, cmd, colis, parcel]}
"""


@dataclass
class Sample:
    text: str
    lang: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)


class Builder:
    """Concatenates literal text and labelled values, remembering each value's span."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.length = 0

    def add(self, text: str, entity: str | None = None) -> Builder:
        if entity:
            self.spans.append((self.length, self.length + len(text), entity))
        self.parts.append(text)
        self.length += len(text)
        return self

    def sample(self, lang: str) -> Sample:
        return Sample("".join(self.parts), lang, self.spans)


class Values:
    """Generators of labelled values and of look-alike negatives for one language."""

    def __init__(self, lang: str, rng: random.Random) -> None:
        self.lang = lang
        self.rng = rng
        self.fake = Faker("fr_FR" if lang == "fr" else "en_US")
        self.fake.seed_instance(rng.randrange(1 << 30))
        self.people = []
        for locale in HELD_OUT_LOCALES[lang]:
            f = Faker(locale)
            f.seed_instance(rng.randrange(1 << 30))
            self.people.append(f)
        self.ibans = []
        for locale in ("fr_FR", "de_DE", "en_GB", "es_ES", "it_IT", "nl_NL", "fr_FR"):
            f = Faker(locale)
            f.seed_instance(rng.randrange(1 << 30))
            self.ibans.append(f)

    # People ------------------------------------------------------------------------------------
    def first(self) -> str:
        return self.rng.choice(self.people).first_name()

    def last(self) -> str:
        return self.rng.choice(self.people).last_name()

    def full(self) -> str:
        f = self.rng.choice(self.people)
        name = f"{f.first_name()} {f.last_name()}"
        return name.upper() if self.rng.random() < 0.05 else name

    # Contact details -----------------------------------------------------------------------------
    def email(self) -> str:
        f = self.rng.choice(self.people)
        user = self.rng.choice(
            [
                f"{f.first_name()}.{f.last_name()}",
                f"{f.last_name()}{self.rng.randint(1, 99)}",
                f"{f.first_name()[0]}{f.last_name()}",
            ]
        ).lower()
        user = "".join(c for c in user if c.isascii() and (c.isalnum() or c in "._-")) or "client"
        return f"{user}@{self.rng.choice(['gmail.com', 'yahoo.fr', 'orange.fr', 'outlook.com', 'free.fr', 'proton.me', self.fake.free_email_domain(), self.fake.domain_name()])}"

    def phone(self) -> str:
        r = self.rng
        if self.lang == "fr":
            digits = r.choice(["06", "07", "01", "02", "03", "04", "05", "09"]) + "".join(
                str(r.randint(0, 9)) for _ in range(8)
            )
            pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
            style = r.randrange(6)
            if style == 0:
                return " ".join(pairs)
            if style == 1:
                return ".".join(pairs)
            if style == 2:
                return "+33 " + digits[1] + " " + " ".join(pairs[1:])
            if style == 3:
                return digits
            if style == 4:
                return "-".join(pairs)
            return self.fake.phone_number()
        area = r.choice(["212", "415", "617", "312", "646", "202", "305", "213", "512", "206", "404", "718"])
        exch = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
        num = f"{r.randint(0, 9999):04d}"
        return r.choice(
            [
                f"({area}) {exch}-{num}",
                f"{area}-{exch}-{num}",
                f"{area}.{exch}.{num}",
                f"+1 {area} {exch} {num}",
                f"+1-{area}-{exch}-{num}",
                f"+44 20 7{r.randint(100, 999)} {r.randint(1000, 9999)}",
                f"+33 6 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
            ]
        )

    def address(self) -> str:
        r, f = self.rng, self.fake
        if self.lang == "fr":
            kind = r.choice(
                ["rue", "avenue", "boulevard", "place", "allée", "impasse", "chemin", "quai", "route"]
            )
            name = r.choice(
                [
                    f.last_name(),
                    f"de la {r.choice(['Paix', 'Gare', 'République', 'Liberté', 'Mairie'])}",
                    f"{f.first_name()} {f.last_name()}",
                    f"du Général {f.last_name()}",
                    f"des {r.choice(['Lilas', 'Écoles', 'Acacias'])}",
                ]
            )
            num = f"{r.randint(1, 250)}{r.choice(['', '', '', ' bis', 'B'])}"
            city = r.choice(
                [f.city(), "Paris", "Lyon", "Nantes", "Lille", "Saint-Étienne", "Aix-en-Provence"]
            )
            cp = f"{r.choice(['75', '69', '44', '59', '13', '33', '31', '67', '06'])}{r.randint(0, 999):03d}"
            return r.choice(
                [
                    f"{num} {kind} {name}, {cp} {city}",
                    f"{num}, {kind} {name}",
                    f"{num} {kind} {name}",
                    f"{num} {kind} {name} {cp} {city}",
                ]
            )
        if r.random() < 0.3:
            g = Faker("en_GB")
            g.seed_instance(r.randrange(1 << 30))
            return f"{r.randint(1, 300)}{r.choice(['', '', 'B'])} {g.last_name()} {r.choice(['Street', 'Road', 'Lane', 'Avenue', 'Close'])}, London {g.postcode()}"
        street = f"{f.building_number()} {f.street_name()}"
        return r.choice(
            [
                street,
                f"{street}, {f.city()}, {f.state_abbr()} {f.zipcode()}",
                f"{street} {r.choice(['Apt.', 'Suite'])} {r.randint(1, 999)}",
            ]
        )

    def address2(self) -> str:
        """Address forms the main templates do not use: Faker's own, abbreviated street types, flats, boxes."""
        r, f = self.rng, self.fake
        if self.lang == "fr":
            num = r.randint(1, 180)
            cp = f.postcode()
            city = f.city()
            name = f"{r.choice(['', 'de la ', 'du ', 'des '])}{f.last_name()}"
            return r.choice(
                [
                    f.street_address(),
                    f"{f.street_address()}, {cp} {city}",
                    f"{num} bd {name}, {cp} {city}",
                    f"{num} av. {name}",
                    f"{num} allée {name} {cp} {city}",
                    f"{num} chemin {name}, {cp} {city}",
                    f"{num} impasse {name}",
                    f"BP {r.randint(10, 9999)}, {cp} {city} CEDEX",
                    f"{num} rue {f.last_name()}, Appt {r.randint(1, 99)}, {cp} {city}",
                ]
            )
        g = Faker("en_GB")
        g.seed_instance(r.randrange(1 << 30))
        return r.choice(
            [
                f.street_address(),
                f"{f.street_address()}, {f.city()}, {f.state_abbr()} {f.zipcode()}",
                f"{g.street_address()}, {g.city()} {g.postcode()}",
                f"{f.building_number()} {f.street_name()}, Unit {r.randint(1, 40)}",
                f"P.O. Box {r.randint(10, 9999)}, {f.city()}, {f.state_abbr()} {f.zipcode()}",
            ]
        )

    def phone2(self) -> str:
        """Phone numbers as Faker's locale writes them."""
        return self.fake.phone_number()

    # Numbers with a checksum ------------------------------------------------------------------
    def iban(self) -> str:
        value = self.rng.choice(self.ibans).iban()
        return (
            " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if self.rng.random() < 0.6 else value
        )

    def card(self) -> str:
        kind = self.rng.choice(["visa16", "mastercard", "amex", "discover", "visa16", "mastercard"])
        digits = self.fake.credit_card_number(card_type=kind)
        return _group(digits, self.rng)

    def nir(self) -> str:
        if self.rng.random() < 0.15:  # Corsica
            body = f"{self.rng.choice('12')}{self.rng.randint(40, 99):02d}{self.rng.randint(1, 12):02d}2{self.rng.choice('AB')}{self.rng.randint(1, 999):03d}{self.rng.randint(1, 999):03d}"
        else:
            body = self.fake.ssn()[:13]
        value = body + std_nir.calc_check_digits(body)
        if self.rng.random() < 0.5:
            return (
                f"{value[0]} {value[1:3]} {value[3:5]} {value[5:7]} {value[7:10]} {value[10:13]} {value[13:]}"
            )
        return value

    def ssn(self) -> str:
        """A valid SSN in its printed form: area 001-899 except 666, group and serial not zero."""
        r = self.rng
        area = r.choice([n for n in range(1, 900) if n != 666])
        return f"{area:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"

    def siren(self) -> str:
        return self.fake_fr().siren()

    def siret(self) -> str:
        return self.fake_fr().siret()

    def fake_fr(self) -> Faker:
        if not hasattr(self, "_fr"):
            self._fr = Faker("fr_FR")
            self._fr.seed_instance(self.rng.randrange(1 << 30))
        return self._fr

    def ip(self) -> str:
        return self.rng.choice(
            [self.fake.ipv4_public(), self.fake.ipv4_public(), self.fake.ipv6(), self.fake.ipv4_private()]
        )

    def dob(self) -> str:
        d = self.fake.date_of_birth(minimum_age=18, maximum_age=90)
        return _format_date(d, self.lang, self.rng)

    def order(self) -> str:
        return f"CMD-{self.rng.randint(0, 99999999):08d}"

    # Look-alikes that are not personal data ------------------------------------------------------
    def bad_card(self) -> str:
        digits = self.fake.credit_card_number(card_type="visa16")
        digits = digits[:-1] + str((int(digits[-1]) + self.rng.randint(1, 9)) % 10)
        assert not luhn.is_valid(digits)
        return _group(digits, self.rng)

    def bad_iban(self) -> str:
        value = self.rng.choice(self.ibans).iban()
        check = (int(value[2:4]) + self.rng.randint(1, 50)) % 97
        value = value[:2] + f"{max(check, 2):02d}" + value[4:]
        return " ".join(value[i : i + 4] for i in range(0, len(value), 4))

    def bad_nir(self) -> str:
        value = self.nir().replace(" ", "")
        key = (int(value[-2:]) + self.rng.randint(1, 40)) % 97 + 1
        return value[:-2] + f"{key:02d}"

    def event_date(self) -> str:
        d = self.fake.date_between(start_date=dt.date(2020, 1, 1), end_date=dt.date(2027, 12, 31))
        return _format_date(d, self.lang, self.rng)

    def product_code(self) -> str:
        r = self.rng
        return r.choice(
            [
                f"SKU-{r.randint(1000, 9999)}-{r.randint(100, 999)}",
                f"REF {r.randint(10000000, 99999999)}",
                f"v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 99)}",
                f"{r.randint(2, 999)},{r.randint(10, 99)} €",
                f"{r.randint(1, 23)}h{r.randint(10, 59)}",
                f"ACME{r.randint(2020, 2027)}",
                f"#{r.randint(100000, 999999)}",
                f"{r.randint(1, 9)} {r.randint(100, 999)} {r.randint(100, 999)} €",
            ]
        )


_FR_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _format_date(d: dt.date, lang: str, rng: random.Random) -> str:
    if lang == "fr":
        return rng.choice(
            [
                d.strftime("%d/%m/%Y"),
                f"{d.day} {_FR_MONTHS[d.month - 1]} {d.year}",
                d.strftime("%d.%m.%Y"),
                d.strftime("%d-%m-%Y"),
                d.isoformat(),
            ]
        )
    return rng.choice(
        [d.strftime("%m/%d/%Y"), d.strftime("%B %-d, %Y"), f"{d.day} {d.strftime('%B %Y')}", d.isoformat()]
    )


def _group(digits: str, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return digits
    sep = " " if style == 1 else "-"
    groups = (
        [4, 6, 5]
        if len(digits) == 15
        else [4] * (len(digits) // 4) + ([len(digits) % 4] if len(digits) % 4 else [])
    )
    out, pos = [], 0
    for g in groups:
        out.append(digits[pos : pos + g])
        pos += g
    return sep.join(out)


def _evade(value: str, rng: random.Random) -> str:
    """Full-width digits or zero-width characters, the evasions a user might try."""
    if rng.random() < 0.5:
        return "".join(chr(ord(c) - 48 + 0xFF10) if c.isdigit() and rng.random() < 0.7 else c for c in value)
    chars = list(value)
    for _ in range(rng.randint(1, 3)):
        chars.insert(rng.randint(1, len(chars) - 1), rng.choice(["\u200b", "\u200c", "\u2060", "\u00ad"]))
    return "".join(chars)


# Templates: each is a list of literal strings and (entity, generator-name) slots ----------------------
Slot = tuple[str, str]
FR_TEMPLATES: list[list[str | Slot]] = [
    ["Merci à ", ("PERSON", "full"), " pour son aide au magasin de Lyon aujourd'hui 🙏"],
    ["@AcmeSupport ma commande n'est toujours pas arrivée, rappelez-moi au ", ("PHONE", "phone"), " svp"],
    ["Le client ", ("PERSON", "full"), " (", ("EMAIL", "email"), ") attend toujours son remboursement"],
    ["Mme ", ("PERSON", "last"), " a encore appelé ce matin pour sa facture..."],
    ["M. ", ("PERSON", "last"), " est passé en boutique, très sympa !"],
    ["RIB pour le remboursement : ", ("IBAN", "iban"), " merci de faire vite"],
    ["Je paie avec ma carte ", ("CREDIT_CARD", "card"), " et le paiement est refusé !!"],
    ["Mon numéro de sécu c'est ", ("FR_NIR", "nir"), ", pourquoi vous me le redemandez ?"],
    ["Livraison au ", ("ADDRESS", "address"), " svp, je ne suis pas là avant 18h"],
    ["Elle est née le ", ("DATE_OF_BIRTH", "dob"), " et son dossier n'est toujours pas à jour"],
    ["DDN : ", ("DATE_OF_BIRTH", "dob"), " — nom : ", ("PERSON", "full")],
    ["Auto-entrepreneur, mon SIREN est ", ("FR_SIREN", "siren"), " si besoin pour la facture"],
    ["SIRET de la boutique : ", ("FR_SIRET", "siret")],
    ["Connexion suspecte depuis l'adresse IP ", ("IP_ADDRESS", "ip"), " sur le compte client"],
    ["Votre commande ", ("ORDER_NUMBER", "order"), " est partie ce matin 📦"],
    ["Ma collègue ", ("PERSON", "full"), " s'occupe de votre dossier, écrivez-lui : ", ("EMAIL", "email")],
    ["Bonjour, je m'appelle ", ("PERSON", "first"), " et j'ai un souci avec ma box"],
    ["Contactez ", ("PERSON", "full"), " au ", ("PHONE", "phone"), " pour le SAV"],
    ["La cliente ", ("PERSON", "full"), " habite ", ("ADDRESS", "address"), ", colis perdu 2 fois 😡"],
    ["Remboursement effectué sur ", ("IBAN", "iban"), " au nom de M. ", ("PERSON", "last")],
    ["carte ", ("CREDIT_CARD", "card"), " exp 08/27 cvv au dos lol"],
    ["Patient ", ("PERSON", "full"), ", né le ", ("DATE_OF_BIRTH", "dob"), ", n° sécu ", ("FR_NIR", "nir")],
    ["écrivez à ", ("EMAIL", "email"), " ou appelez le ", ("PHONE", "phone")],
    ["Bravo à notre technicien ", ("PERSON", "full"), " pour l'intervention rapide ! #fiertéAcme"],
    ["Colis ", ("ORDER_NUMBER", "order"), " pour Mme ", ("PERSON", "last"), ", ", ("ADDRESS", "address")],
]
EN_TEMPLATES: list[list[str | Slot]] = [
    ["Shoutout to ", ("PERSON", "full"), " at the downtown store for the help today 🙌"],
    ["@AcmeHelp my order never arrived, call me back at ", ("PHONE", "phone"), " please"],
    ["Customer ", ("PERSON", "full"), " (", ("EMAIL", "email"), ") is still waiting for a refund"],
    ["Mrs ", ("PERSON", "last"), " called again this morning about her bill..."],
    ["Mr. ", ("PERSON", "last"), " came by the shop, lovely guy!"],
    ["Refund to IBAN ", ("IBAN", "iban"), " asap thanks"],
    ["paying with my card ", ("CREDIT_CARD", "card"), " and it keeps getting declined!!"],
    ["My SSN is ", ("US_SSN", "ssn"), ", why do you keep asking for it?"],
    ["Ship it to ", ("ADDRESS", "address"), " please, I'm out until 6pm"],
    ["She was born on ", ("DATE_OF_BIRTH", "dob"), " and her file is still not updated"],
    ["DOB: ", ("DATE_OF_BIRTH", "dob"), " name: ", ("PERSON", "full")],
    ["Suspicious login from IP ", ("IP_ADDRESS", "ip"), " on the customer account"],
    ["Your order ", ("ORDER_NUMBER", "order"), " shipped this morning 📦"],
    ["My colleague ", ("PERSON", "full"), " is handling your case, email ", ("EMAIL", "email")],
    ["Hi, my name is ", ("PERSON", "first"), " and my router keeps dropping"],
    ["Contact ", ("PERSON", "full"), " at ", ("PHONE", "phone"), " for after-sales"],
    ["The customer ", ("PERSON", "full"), " lives at ", ("ADDRESS", "address"), ", parcel lost twice 😡"],
    ["Refund sent to ", ("IBAN", "iban"), " for Mr ", ("PERSON", "last")],
    ["card ", ("CREDIT_CARD", "card"), " exp 08/27 lol"],
    [
        "Patient ",
        ("PERSON", "full"),
        ", date of birth ",
        ("DATE_OF_BIRTH", "dob"),
        ", SSN ",
        ("US_SSN", "ssn"),
    ],
    ["email ", ("EMAIL", "email"), " or call ", ("PHONE", "phone")],
    ["Kudos to our technician ", ("PERSON", "full"), " for the quick fix! #proudAcme"],
    ["Parcel ", ("ORDER_NUMBER", "order"), " for Ms ", ("PERSON", "last"), ", ", ("ADDRESS", "address")],
    ["Thanks ", ("PERSON", "full"), "! Your account number ", ("CREDIT_CARD", "card"), " is now active"],
    ["Dr. ", ("PERSON", "last"), " will see the patient at 3pm"],
]
# Negatives: nothing here is a private person's data.
FR_NEGATIVES: list[list[str | Slot]] = [
    ["Lancement le ", ("-", "event_date"), " : le nouveau Acme arrive dans 120 magasins !"],
    ["Réf. produit ", ("-", "bad_card"), " en rupture, désolé"],
    ["Virement refusé vers ", ("-", "bad_iban"), " (numéro erroné)"],
    ["Numéro ", ("-", "bad_nir"), " invalide dans le formulaire de test"],
    ["Promo ", ("-", "product_code"), " valable jusqu'au ", ("-", "event_date")],
    ["Le président Emmanuel Macron a visité notre usine de Nantes hier"],
    ["On se retrouve avenue Victor Hugo pour le salon, stand ", ("-", "product_code")],
    ["Paris Saint-Germain contre Lyon ce soir, qui regarde ?"],
    ["Bonne semaine à toutes et à tous ! Lundi on attaque le Black Friday chez Acme"],
    ["Mise à jour ", ("-", "product_code"), " disponible, redémarrez l'application"],
    ["Rendez-vous le ", ("-", "event_date"), " à 14h30 au Palais des Congrès"],
    ["Globex a baissé ses prix, Acme reste moins cher 😉 code ", ("-", "product_code")],
    ["Victor Hugo et Marie Curie au programme de la semaine culturelle"],
]
EN_NEGATIVES: list[list[str | Slot]] = [
    ["Launch day ", ("-", "event_date"), ": the new Acme hits 120 stores!"],
    ["Product ref ", ("-", "bad_card"), " is out of stock, sorry"],
    ["Transfer rejected to ", ("-", "bad_iban"), " (wrong number)"],
    ["Promo ", ("-", "product_code"), " valid until ", ("-", "event_date")],
    ["President Joe Biden visited our Detroit plant yesterday"],
    ["Meet us on Baker Street for the fair, booth ", ("-", "product_code")],
    ["Happy Monday everyone! Black Friday starts Thursday at Acme"],
    ["Update ", ("-", "product_code"), " is out, restart the app"],
    ["See you on ", ("-", "event_date"), " at 2:30pm at the Convention Center"],
    ["Globex cut prices again, Acme is still cheaper 😉 code ", ("-", "product_code")],
    ["Reading Jane Austen and Charles Dickens this weekend"],
    ["Our team in New York and San Francisco is hiring"],
]
# Check templates, written after the detector's second round and never used to tune it: other
# sentence shapes (a verb opening the sentence, labels, a speaking verb after the name) and the value
# forms of ``address2``/``phone2``.
FR_CHECK_TEMPLATES: list[list[str | Slot]] = [
    ["Appelez M. ", ("PERSON", "full"), " demain matin, il attend votre retour"],
    ["Demandez Mme ", ("PERSON", "full"), " à l'accueil du magasin"],
    [("PERSON", "full"), " a dit qu'elle repasserait lundi pour son échange"],
    ["Nouvelle adresse : ", ("ADDRESS", "address2"), " (merci de mettre à jour le dossier)"],
    ["Colis à renvoyer au ", ("ADDRESS", "address2"), " svp"],
    ["Tél : ", ("PHONE", "phone2"), " — rappel après 17h"],
    ["Portable : ", ("PHONE", "phone"), ", demandez ", ("PERSON", "first"), " de ma part"],
    ["Je vous transmets les coordonnées de ", ("PERSON", "full"), " : ", ("ADDRESS", "address2")],
    ["Signé par ", ("PERSON", "full"), ", le responsable du rayon"],
    ["Le dossier de Mlle ", ("PERSON", "last"), " est incomplet, joignez-la au ", ("PHONE", "phone2")],
]
EN_CHECK_TEMPLATES: list[list[str | Slot]] = [
    ["Ask for Mr. ", ("PERSON", "full"), " at the front desk"],
    ["Call Ms. ", ("PERSON", "full"), " tomorrow morning, she is waiting"],
    [("PERSON", "full"), " said she would come back on Monday for the exchange"],
    ["New address: ", ("ADDRESS", "address2"), " (please update the file)"],
    ["Please send the parcel back to ", ("ADDRESS", "address2")],
    ["Phone: ", ("PHONE", "phone2"), " - call after 5pm"],
    ["Mobile: ", ("PHONE", "phone"), ", ask for ", ("PERSON", "first"), " from me"],
    ["Here are the details of ", ("PERSON", "full"), ": ", ("ADDRESS", "address2")],
    ["Signed by ", ("PERSON", "full"), ", the store manager"],
    ["The file of Mrs. ", ("PERSON", "last"), " is incomplete, reach her at ", ("PHONE", "phone2")],
]
FILLERS = {
    "fr": [
        "",
        "",
        "Franchement ",
        "Urgent !! ",
        "Bonjour, ",
        "Re: ",
        "Encore une fois… ",
        "Petit message : ",
    ],
    "en": ["", "", "Honestly ", "URGENT!! ", "Hi, ", "Re: ", "Once again… ", "Quick note: "],
}
ENDINGS = {
    "fr": ["", "", " #SAV", " merci d'avance", " 😤", " @AcmeFR", " !!"],
    "en": ["", "", " #help", " thanks in advance", " 😤", " @Acme", " !!"],
}


def generate(lang: str, n: int, seed: int, check: bool = False) -> list[Sample]:
    """``n`` posts from the main templates, or from the check templates when ``check``."""
    rng = random.Random(f"{seed}-{lang}{'-check' if check else ''}")
    values = Values(lang, rng)
    positives = FR_TEMPLATES if lang == "fr" else EN_TEMPLATES
    if check:
        positives = FR_CHECK_TEMPLATES if lang == "fr" else EN_CHECK_TEMPLATES
    negatives = FR_NEGATIVES if lang == "fr" else EN_NEGATIVES
    out = []
    for _ in range(n):
        template = rng.choice(negatives) if rng.random() < 0.3 else rng.choice(positives)
        b = Builder().add(rng.choice(FILLERS[lang]))
        for part in template:
            if isinstance(part, str):
                b.add(part)
                continue
            entity, gen = part
            value = getattr(values, gen)()
            if entity not in ("-", "PERSON", "ADDRESS", "DATE_OF_BIRTH") and rng.random() < 0.1:
                value = _evade(value, rng)
            b.add(value, None if entity == "-" else entity)
        b.add(rng.choice(ENDINGS[lang]))
        out.append(b.sample(lang))
    return out


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    exact: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(
    samples: Iterable[Sample],
    predict: Callable[[Sample], list[tuple[int, int, str]]],
    neutral: Callable[[Sample], list[tuple[int, int]]] | None = None,
) -> dict[str, Tally]:
    """Overlap matching: a labelled value is found when a finding of its type overlaps it (one finding may
    cover several labelled pieces, as Presidio labels an address line by line); a finding that overlaps no
    label of its type is a false positive, unless it overlaps a ``neutral`` span."""
    tallies: dict[str, Tally] = defaultdict(Tally)
    for sample in samples:
        preds = predict(sample)
        used = set()
        for gs, ge, gent in sample.spans:
            hits = [i for i, (ps, pe, pent) in enumerate(preds) if pent == gent and ps < ge and gs < pe]
            if not hits:
                tallies[gent].fn += 1
            else:
                used.update(hits)
                tallies[gent].tp += 1
                tallies[gent].exact += any(preds[i][:2] == (gs, ge) for i in hits)
        others = neutral(sample) if neutral else []
        for i, (ps, pe, pent) in enumerate(preds):
            if i in used:
                continue
            if any(ps < ne and ns < pe for ns, ne in others):
                continue
            tallies[pent].fp += 1  # wrong place, or right place with the wrong entity type
    return tallies


def _table(tallies: dict[str, Tally]) -> tuple[str, float]:
    rows = [
        "| entity | gold | TP | FP | FN | precision | recall | F1 | exact span |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    total = Tally()
    for entity in sorted(tallies):
        t = tallies[entity]
        p, r, f = t.prf()
        gold = t.tp + t.fn
        rows.append(
            f"| {entity} | {gold} | {t.tp} | {t.fp} | {t.fn} | {p:.3f} | {r:.3f} | {f:.3f} | "
            f"{(t.exact / t.tp if t.tp else 0):.2f} |"
        )
        total.tp += t.tp
        total.fp += t.fp
        total.fn += t.fn
        total.exact += t.exact
    p, r, f = total.prf()
    rows.append(
        f"| **all (micro)** | {total.tp + total.fn} | {total.tp} | {total.fp} | {total.fn} | {p:.3f} | {r:.3f} | "
        f"**{f:.3f}** | {(total.exact / total.tp if total.tp else 0):.2f} |"
    )
    return "\n".join(rows), f


def detector() -> PiiDetector:
    policy = parse_policy(POLICY, "<eval policy>")
    (det,) = compile_rules(policy)
    assert isinstance(det, PiiDetector)
    return det


def predictor(det: PiiDetector) -> Callable[[Sample], list[tuple[int, int, str]]]:
    policy = det.policy

    def predict(sample: Sample) -> list[tuple[int, int, str]]:
        ctx = Context(Post(sample.text, lang=sample.lang), sample.lang, policy, today=TODAY)
        return [(f.span.start, f.span.end, f.entity or "") for f in det.detect(ctx) if f.span is not None]

    return predict


def _gazetteer_share(lang: str) -> float:
    from charte.detectors.support.pii_person import _plain, first_names

    names = first_names()
    rng = random.Random(SEED)
    values = Values(lang, rng)
    sample = [values.first() for _ in range(2000)]
    return sum(_plain(n) in names for n in sample) / len(sample)


REAL_SETS = (
    ("xlmt_umsab_sentiment_fr", "fr"),
    ("xlmt_umsab_sentiment_en", "en"),
    ("complaints_twitter_en", "en"),
)
PRESIDIO_MAP = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "STREET_ADDRESS": "ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
}


def presidio_half(text: str) -> str:
    """ "dev" or "test": a fixed split of the Presidio set by a hash of the text (errors are read on dev only)."""
    return "dev" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def presidio_samples(half: str) -> tuple[list[Sample], dict[int, list[tuple[int, int]]]]:
    """The Presidio sentences of one half, with the spans of unmapped labels (neutral) by sample id."""
    path = DATA_DIR / "presidio_synth_pii_en" / "train.jsonl"
    samples: list[Sample] = []
    neutral: dict[int, list[tuple[int, int]]] = {}
    if not path.exists():
        return samples, neutral
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if presidio_half(row["text"]) != half:
            continue
        spans = [
            (s["start"], s["end"], PRESIDIO_MAP[s["entity_type"]])
            for s in row["spans"]
            if s["entity_type"] in PRESIDIO_MAP
        ]
        sample = Sample(row["text"], "en", spans)
        neutral[id(sample)] = [
            (s["start"], s["end"]) for s in row["spans"] if s["entity_type"] not in PRESIDIO_MAP
        ]
        samples.append(sample)
    return samples, neutral


def presidio_section(det: PiiDetector) -> str:
    samples, neutral = presidio_samples("test")
    if not samples:
        return (
            "### External: Presidio synthetic PII (EN)\n\nSkipped: `presidio_synth_pii_en` not found under "
            f"`{DATA_DIR}` (set CHARTE_DATA_DIR)."
        )
    tallies = score(samples, predictor(det), lambda s: neutral[id(s)])
    table, f1 = _table(tallies)
    return (
        f"### External: Presidio synthetic PII (EN), TEST half, {len(samples)} sentences\n\n"
        "`presidio_synth_pii_en` (Microsoft presidio-research, MIT; the 80% split shipped in ../shared/data), "
        "split in two fixed halves by the first byte of the SHA-256 of each text (`presidio_half`): errors were "
        "read on the DEV half only while improving the recognisers; the figures here are on the TEST half, "
        "never read. Scoring: one finding may cover several labelled pieces, since Presidio "
        'labels an address line by line ("exact span" is low for ADDRESS for that reason). '
        "Labels mapped to ours: " + ", ".join(f"{k}→{v}" for k, v in PRESIDIO_MAP.items()) + ". Our findings "
        "that overlap a span of an unmapped label (DATE_TIME, GPE, ORGANIZATION, ZIP_CODE, TITLE…) are neither "
        "counted right nor wrong. The set is US-centric and template-based, with names from many countries, "
        "addresses in foreign formats and phone numbers with made-up area codes, which Charte rejects "
        "by design (a number must be valid in libphonenumber's metadata, or merely possible *and* next to "
        'a word like "phone" or right after a label such as "Mobile:"). Most PERSON misses are names '
        'with nothing around them that says "person" and a given name outside the gazetteer ("Luiza is '
        'from Xignite", "said Maslin to Antonio", lower-case names); they are left to a statistical model.'
        "\n\n" + table + f"\n\nMicro F1: {f1:.3f}."
    )


COST_POSTS = {
    "plain FR post, no digits (193 chars)": "Bonjour à tous ! Super journée au salon de Lyon avec l'équipe Acme, merci pour "
    "votre accueil. On se retrouve la semaine prochaine pour la suite des annonces, restez connectés #salon #innovation",
    "EN post with numbers, no PII (182 chars)": "Just had the best coffee at the new place downtown. Honestly the "
    "service was great and the staff were so friendly. Will definitely come back next Monday with friends! "
    "3 times in 2024",
    "EN post with 5 PII values (156 chars)": "Customer John Smith called about order CMD-12345678, his number is "
    "(212) 555-0123 and email john.smith@gmail.com, lives at 221B Baker Street, London NW1 6XE",
}


def cost() -> str:
    """CPU time of the starter policy's two pii rules per post (timeit, best of 5, process time)."""
    from charte.policy.templates import render_starter

    policy = parse_policy(
        render_starter(org="Acme", brands=["Acme"], competitors=["Globex"], domains=["acme.fr"])
    )
    rules = compile_rules(policy)
    rows = [
        "| post | µs per post, both `pii` rules | µs per post, `confidential` (reference) |",
        "|---|---:|---:|",
    ]

    def measure(post: Post, detector_id: str) -> float:
        dets = [d for d in rules if d.id == detector_id]

        def once() -> None:
            ctx = Context(post, "en", policy, today=TODAY)
            for d in dets:
                d.detect(ctx)

        return min(timeit.repeat(once, number=500, repeat=5, timer=time.process_time)) / 500 * 1e6

    for name, text in COST_POSTS.items():
        post = Post(text, lang="en")
        rows.append(f"| {name} | {measure(post, 'pii'):.0f} | {measure(post, 'confidential'):.0f} |")
    real = _real_texts()
    if real:
        posts = [Post(t, lang=lang) for t, lang in real]

        def mean(detector_id: str) -> float:
            dets = [d for d in rules if d.id == detector_id]
            best = float("inf")
            for _ in range(3):
                started = time.process_time()
                for post in posts:
                    ctx = Context(post, post.lang or "en", policy, today=TODAY)
                    for d in dets:
                        d.detect(ctx)
                best = min(best, time.process_time() - started)
            return best / len(posts) * 1e6

        rows.append(
            f"| mean over {len(posts)} real tweets (FR and EN sets below) | {mean('pii'):.0f} | "
            f"{mean('confidential'):.0f} |"
        )
    return "\n".join(rows)


def _real_texts() -> list[tuple[str, str]]:
    import csv

    out = []
    for name, lang in REAL_SETS:
        path = DATA_DIR / name / "train.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as f:
                out += [(r["text"], lang) for r in csv.DictReader(f)][:1000]
    return out


def real_posts_section(det: PiiDetector) -> str:
    """Findings on real tweets, unlabelled: how often the detector speaks up on ordinary posts."""
    import csv

    rows = ["| set | posts | findings per 1,000 posts, by entity |", "|---|---:|---|"]
    for name, lang in REAL_SETS:
        path = DATA_DIR / name / "train.csv"
        if not path.exists():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            texts = [r["text"] for r in csv.DictReader(f)][:2000]
        predict = predictor(det)
        counts = Counter(e for t in texts for *_, e in predict(Sample(t, lang)))
        per = ", ".join(f"{e} {n * 1000 / len(texts):.1f}" for e, n in counts.most_common()) or "none"
        rows.append(f"| `{name}` ({lang.upper()}) | {len(texts)} | {per} |")
    if len(rows) == 2:
        return ""
    return (
        "### Real posts, unlabelled\n\nHow often the detector fires on ordinary public tweets (no labels, so no "
        "precision; texts are not printed because some hold real e-mail addresses). Reading the PERSON "
        "findings by hand: most are public figures named without a title (politicians, athletes, singers: "
        "the `xlmt_umsab_sentiment_en` tweets are largely about them, hence its high rate), the rest are first "
        'names of customer-service agents thanked by customers ("thank you Nicole"), which are indeed names '
        "of private people.\n\n" + "\n".join(rows)
    )


def run() -> str:
    det = detector()
    predict = predictor(det)
    sections, overall, worst = [], {}, {}
    for lang in ("fr", "en"):
        samples = generate(lang, N_POSTS, SEED)
        started = time.perf_counter()
        tallies = score(samples, predict)
        elapsed = time.perf_counter() - started
        table, f1 = _table(tallies)
        overall[lang] = f1
        worst[lang] = min(((t.prf()[2], e) for e, t in tallies.items()), default=(1.0, "-"))
        entities = Counter(e for s in samples for *_, e in s.spans)
        negatives = sum(not s.spans for s in samples)
        sections.append(
            f"### Synthetic posts, {lang.upper()}: {len(samples)} posts ({negatives} without personal data), "
            f"{sum(entities.values())} labelled values\n\n{table}\n\n"
            f"Given names of the PERSON values found in the gazetteer: {_gazetteer_share(lang):.0%} "
            f"(held-out Faker locales {', '.join(HELD_OUT_LOCALES[lang])}). "
            f"Scoring took {elapsed:.1f} s wall clock for the {len(samples)} posts."
        )
    for lang in ("fr", "en"):
        samples = generate(lang, N_CHECK, SEED, check=True)
        table, f1 = _table(score(samples, predict))
        sections.append(
            f"### Check templates, {lang.upper()}: {len(samples)} posts\n\n{len(FR_CHECK_TEMPLATES if lang == 'fr' else EN_CHECK_TEMPLATES)} "
            "templates written after the second round in other styles (a verb opening the sentence, labels, a "
            "speaking verb after the name, Faker's own address and phone formats, `bd`/`av.`/`allée`/`BP … CEDEX`, "
            "flats, P.O. boxes, UK postcodes); the same negatives as above. Not used for tuning until 2026-12-07, "
            "when the misses of three constructions the 2026-12-06 false-positive work had lost ('Signé par X, "
            "le responsable du rayon', a first name asked for next to a phone number, a role after the name) "
            "were read to fix them: the PERSON figures are optimistic since; a speaking verb after a bare name "
            "('X said she would come back') stays below the default threshold by design (public figures). "
            f"Lower figures are expected (micro F1 {f1:.3f}).\n\n{table}"
        )
    verdict = "; ".join(
        f"{lang.upper()} overall F1 {overall[lang]:.3f} (target ≥ 0.95: {'met' if overall[lang] >= 0.95 else 'NOT met'}), "
        f"lowest entity {worst[lang][1]} {worst[lang][0]:.3f} (target ≥ 0.90: {'met' if worst[lang][0] >= 0.9 else 'NOT met'})"
        for lang in overall
    )
    return (
        "## PII detector (`pii`)\n\n"
        f"Synthetic FR/EN posts generated by `benchmarks/eval_pii.py` (Faker, seed {SEED}, {len(FR_TEMPLATES)} FR and "
        f"{len(EN_TEMPLATES)} EN templates with PII, {len(FR_NEGATIVES)} FR and {len(EN_NEGATIVES)} EN templates "
        "without; 10% of numbers and e-mails carry an evasion: full-width digits or zero-width characters). "
        "A finding counts when it has the labelled entity type and overlaps the labelled span; "
        '"exact span" is the share of those hits whose span is exactly the label\'s. '
        "The templates were written alongside the detector, so these are development figures; the "
        "Presidio set below is external.\n\n"
        f"**Result:** {verdict}.\n\n"
        + "\n\n".join(sections)
        + "\n\n"
        + presidio_section(det)
        + "\n\n"
        + real_posts_section(det)
        + "\n\n### Cost per post\n\nCPU time (`timeit`, `time.process_time`, best of 5 × 500) of the starter "
        "policy's two `pii` rules on one core of this machine, with the `confidential` detector (one word-list "
        "regex over the folded text) measured in the same run for scale: other jobs were sharing the machine, "
        "so compare the columns rather than the absolute figures.\n\n" + cost()
    )


if __name__ == "__main__":
    print(run())
