"""Starter policies written by ``charte policy init``, rendered from Jinja2 templates.

Rules, test cases and extra clauses come in fragments (``templates/rules/<group>.rules.yaml.j2``,
``<group>.tests.yaml.j2``, ``<group>.clauses.yaml.j2``), one group per detector family; groups
named ``industry-<industry>.*`` are included only for that industry. Adding a detector adds files
rather than editing one long template.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import resources

import jinja2

from charte.policy.model import INDUSTRIES

_TEMPLATES = resources.files("charte.policy") / "templates"


def yaml_value(value: object) -> str:
    """A flow-style YAML value (JSON is valid YAML) that keeps accents readable: "Société", not "Soci\\u00e9t\\u00e9".

    Characters that are not printable (and the Unicode line separators YAML treats as line breaks) stay escaped.
    """
    text = json.dumps(value, ensure_ascii=False)
    return "".join(ch if ch.isprintable() or ch.isascii() else f"\\u{ord(ch):04x}" for ch in text)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters["tojson"] = yaml_value
    return env


def _fragments(suffix: str, industry: str) -> list[str]:
    """Fragments for every detector group, plus the industry's own pack when there is one."""
    names = sorted(p.name for p in (_TEMPLATES / "rules").iterdir() if p.name.endswith(suffix))
    general = [n for n in names if not n.startswith("industry-")]
    pack = [n for n in names if n.startswith(f"industry-{industry}.")]
    return [f"rules/{n}" for n in general + pack]


def render_starter(
    *,
    org: str,
    brands: list[str],
    competitors: list[str],
    domains: list[str],
    industry: str = "generic",
    lang: str = "fr",
    filename: str = "policy.yaml",
    today: dt.date | None = None,
) -> str:
    """The YAML text of a complete, commented starter policy for ``org``."""
    if industry not in INDUSTRIES:
        raise ValueError(f"unknown industry {industry!r}; choose one of {', '.join(INDUSTRIES)}")
    if lang not in ("fr", "en"):
        raise ValueError(f"unknown language {lang!r}; choose fr or en")
    for name in [org, *brands, *competitors, *domains]:
        if not name.strip() or not name.isprintable():
            raise ValueError(
                f"{name!r} is not a usable name: write it on one line, without control characters"
            )
    policy_id = re.sub(r"[^a-z0-9]+", "-", org.lower()).strip("-") or "policy"
    env = _environment()
    return env.get_template("starter.yaml.j2").render(
        org=org,
        brands=brands or [org],
        competitors=competitors,
        domains=domains,
        industry=industry,
        lang=lang,
        filename=filename,
        policy_id=policy_id,
        today=today or dt.date.today(),
        rule_fragments=_fragments(".rules.yaml.j2", industry),
        test_fragments=_fragments(".tests.yaml.j2", industry),
        clause_fragments=_fragments(".clauses.yaml.j2", industry),
        examples={
            "brand": (brands or [org])[0],
            "domain": (domains or ["example.com"])[0],
            "competitor": (competitors or ["Globex"])[0],
        },
    )
