"""Rebuild the PII detector's word lists from Faker's locale data (Faker is MIT licensed).

    .venv/bin/python scripts/build_pii_lexicons.py

Writes ``src/charte/detectors/support/data/first_names.txt`` (given names, one per line, lower case) and
``places.txt`` (countries, French departments and regions, US states): names that start with a
capital letter but are not people. The output is sorted, so a rebuild with the same Faker version
gives the same files. The locales below are the gazetteer; the evaluation draws PERSON names from
*other* locales (``benchmarks/eval_pii.py``, HELD_OUT_LOCALES) so it does not test the list against itself.
"""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path

import faker

#: Locales whose given names form the gazetteer: the customers of a French or English-speaking organisation.
GAZETTEER_LOCALES = (
    "fr_FR",
    "fr_CA",
    "fr_QC",
    "fr_DZ",
    "en_US",
    "en_GB",
    "en_NZ",
    "de_DE",
    "es_ES",
    "it_IT",
    "pt_PT",
    "pt_BR",
    "nl_NL",
    "ar_DZ",
)
OUT = Path(__file__).resolve().parents[1] / "src" / "charte" / "detectors" / "support" / "data"


def _latin(name: str) -> bool:
    return all(c.isalpha() or c in "-'’ " for c in name) and all(
        "LATIN" in unicodedata.name(c, "") for c in name if c.isalpha()
    )


def first_names() -> list[str]:
    names: set[str] = set()
    for locale in GAZETTEER_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ModuleNotFoundError:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            values = getattr(provider, attr, ())
            for name in values.keys() if isinstance(values, dict) else values:
                name = name.strip()
                if 2 <= len(name) <= 20 and _latin(name):
                    names.add(name.casefold())
    return sorted(names)


def places() -> list[str]:
    fr = importlib.import_module("faker.providers.address.fr_FR").Provider
    en = importlib.import_module("faker.providers.address.en_US").Provider
    values = {*fr.countries, *fr.regions, *(name for _, name in fr.departments), *en.countries, *en.states}
    return sorted({v.casefold() for v in values if _latin(v)})


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    header = (
        f"# Built by scripts/build_pii_lexicons.py from Faker {faker.VERSION} (MIT); do not edit by hand.\n"
    )
    for name, values in (("first_names.txt", first_names()), ("places.txt", places())):
        (OUT / name).write_text(header + "\n".join(values) + "\n", encoding="utf-8")
        print(f"{name}: {len(values)} entries")


if __name__ == "__main__":
    main()
