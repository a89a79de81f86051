"""The starter policies shipped in ``policies/``: one example organisation per industry, FR and EN.

They are what ``charte policy init`` writes for a realistic organisation, with the date pinned so the
files are reproducible. Regenerate them after changing a template::

    python -m charte.policy.starters policies      # or: make policies

A test checks that the committed files equal this output, so the two never drift apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from charte.policy.templates import render_starter

#: The effective date written into the shipped starters.
STARTER_DATE = dt.date(2026, 12, 1)
LANGS: tuple[str, ...] = ("fr", "en")


@dataclass(frozen=True)
class ExampleOrg:
    org: str
    brands: tuple[str, ...]
    competitors: tuple[str, ...]
    domains: tuple[str, ...]


EXAMPLES: dict[str, ExampleOrg] = {
    "generic": ExampleOrg(
        "Lumio", ("Lumio", "Lumio Home"), ("Brightway", "Nordika"), ("lumio.fr", "lumio-home.com")
    ),
    "finance": ExampleOrg(
        "Banque Carmin",
        ("Carmin", "Carmin Invest"),
        ("Azur Banque", "Nordbank"),
        ("banque-carmin.fr", "carmin-invest.com"),
    ),
    "health": ExampleOrg("Clinique Helia", ("Helia", "Helia Care"), ("Medivia",), ("clinique-helia.fr",)),
    "public-sector": ExampleOrg("Ville de Valserein", ("Valserein",), (), ("valserein.fr",)),
}


def starter_name(industry: str, lang: str) -> str:
    return f"{industry}.{lang}.yaml"


def render_example(industry: str, lang: str) -> str:
    """The YAML text of the shipped starter for ``industry`` in ``lang``."""
    ex = EXAMPLES[industry]
    return render_starter(
        org=ex.org,
        brands=list(ex.brands),
        competitors=list(ex.competitors),
        domains=list(ex.domains),
        industry=industry,
        lang=lang,
        filename=starter_name(industry, lang),
        today=STARTER_DATE,
    )


def write_all(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for industry in EXAMPLES:
        for lang in LANGS:
            path = directory / starter_name(industry, lang)
            path.write_text(render_example(industry, lang), encoding="utf-8")
            written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Regenerate the shipped starter policies.")
    parser.add_argument("directory", type=Path, nargs="?", default=Path("policies"))
    args = parser.parse_args(argv)
    for path in write_all(args.directory):
        print(path)


if __name__ == "__main__":
    main()
