"""The human-readable policy: content (clause numbers, rules, names), formats, and bad inputs."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from charte.policy.document import build_document, clause_sort_key, format_date, format_minutes
from charte.policy.loader import parse_policy
from charte.policy.model import Policy
from charte.policy.render import RenderError, french_spacing, md_cell, md_escape, render_policy
from charte.policy.starters import render_example

MINIMAL = """\
policy: {id: tiny, version: "3"}
organisation: {name: "Tiny & <Co>", brands: ["T*ny"], domains: [tiny.example]}
security: {incident_playbook: [{en: "Lock it", fr: "Verrouiller"}]}
clauses:
  - id: "10.2"
    title: {en: "Second custom clause"}
    text: {en: "Text two."}
  - id: "10.10"
    title: {en: "Tenth custom clause"}
    text: {en: "Text ten."}
  - id: "5.2"
    title: {en: "Secrets"}
    text: {en: "Keep secrets."}
rules:
  - {id: conf, detector: confidential, action: review, severity: medium, clause: "5.2", params: {terms: [x]}}
  - {id: conf-off, detector: confidential, action: block, severity: low, clause: "10.10", enabled: false,
     description: {en: "A custom check", fr: "Une vérification maison"}}
"""


@pytest.fixture(scope="module")
def starter() -> Policy:
    return parse_policy(render_example("finance", "fr"), "finance.fr.yaml")


@pytest.fixture(scope="module")
def minimal() -> Policy:
    return parse_policy(MINIMAL, "tiny.yaml")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_clause_numbers_are_the_clause_ids_and_every_rule_sits_under_its_clause(
    starter: Policy, lang: str
) -> None:
    doc = build_document(starter, lang)
    clauses = [c for ch in doc.chapters for c in ch.clauses]
    assert [c.id for c in clauses] == sorted((c.id for c in starter.clauses), key=clause_sort_key)
    assert [ch.number for ch in doc.chapters] == ["1", "2", "3", "4", "5", "6"]
    for rule in starter.rules:
        holder = next(c for c in clauses if c.id == rule.clause)
        assert rule.id in [r.id for r in holder.rules]
    assert doc.organisation == "Banque Carmin" and "Banque Carmin" in doc.title
    assert doc.effective == ("1er décembre 2026" if lang == "fr" else "1 December 2026")


def test_facts_are_written_under_their_clause(starter: Policy) -> None:
    doc = build_document(starter, "en")
    facts = {c.id: c.facts for ch in doc.chapters for c in ch.clauses}
    assert facts["4.1"][0].value == '"Views are my own." — required when the post mentions the employer'
    assert [row[0] for row in facts["3.2"][0].rows] == [
        "Crisis response",
        "Message approval",
        "Customer service",
        "Public relations",
        "Social engagement",
    ]
    assert facts["3.2"][0].rows[0][3] == "30 min" and facts["3.2"][0].rows[1][3] == "4 h"
    assert (
        facts["3.3"][0].items[0] == "If intent is crisis or toxicity ≥ 0.9: Crisis response (urgent priority)"
    )
    assert facts["3.3"][0].items[-1] == "Otherwise: Social engagement"
    assert facts["6.3"][0].items == ("Credential rotation: every 90 days", "Access review: every 90 days")
    assert facts["5.5"][0].value == "finance"
    french = {c.id: c.facts for ch in build_document(starter, "fr").chapters for c in ch.clauses}
    assert french["3.3"][0].items[2] == "Si l'intention est réclamation : Service client (priorité haute)"


def test_custom_numbering_orders_naturally_and_keeps_facts_and_rules(minimal: Policy) -> None:
    doc = build_document(minimal, "en")
    assert [(ch.number, [c.id for c in ch.clauses]) for ch in doc.chapters] == [
        ("1", []),
        ("4", []),
        ("5", ["5.2"]),
        ("6", []),
        ("10", ["10.2", "10.10"]),
    ]
    assert doc.chapters[-1].title == "Chapter 10"
    # Values whose clause the policy does not define land at the end of their chapter.
    security = doc.chapters[3]
    assert [f.label for f in security.facts][-1] == "Compromised-account playbook"
    ten = doc.chapters[-1].clauses[1]
    assert ten.rules[0].checks == "A custom check" and not ten.rules[0].enabled
    five = doc.chapters[2].clauses[0]
    assert five.rules[0].action == "the post is sent for review"
    assert [r[0] for r in doc.rule_index] == ["conf"]  # disabled rules are not in the index


def test_markdown_has_title_toc_clauses_and_rules(starter: Policy) -> None:
    md = render_policy(starter, "md", "en").decode()
    assert md.startswith("# Banque Carmin social media policy\n")
    assert "Version 2026.1 · Effective from 1 December 2026" in md
    assert "  - [5.2 Confidential information](#c-5-2)" in md
    assert '<a id="c-5-2"></a>\n\n### 5.2 Confidential information' in md
    assert (
        "> - `confidential.terms-and-markers` — " in md and "**The post is blocked** (severity: high)." in md
    )
    assert "| `confidential.terms-and-markers` | [5.2](#c-5-2) | the post is blocked |" in md
    assert "\n\n\n" not in md


def test_french_output_uses_french_spacing(starter: Policy) -> None:
    md = render_policy(starter, "md", "fr").decode()
    assert "**Mention de non-responsabilité**\u00a0: «\u00a0Mes opinions n'engagent que moi.\u00a0»" in md
    assert " :" not in md.replace("\u00a0:", "")


def test_markdown_escapes_names(minimal: Policy) -> None:
    md = render_policy(minimal, "md", "en").decode()
    assert "**Tiny & \\<Co\\>**" in md and "T\\*ny" in md
    assert md_cell("a|b*c") == "a\\|b\\*c" and md_escape("[x](y)") == "\\[x\\](y)"


def test_html_is_escaped_and_self_contained(minimal: Policy, starter: Policy) -> None:
    html = render_policy(minimal, "html", "en").decode()
    assert "<h1>Tiny &amp; &lt;Co&gt; social media policy</h1>" in html
    assert "<Co>" not in html
    full = render_policy(starter, "html", "fr").decode()
    assert full.startswith("<!DOCTYPE html>") and '<html lang="fr">' in full
    assert not re.search(r"<(link|script|img)\b", full) and "http" not in full.split("<body>")[0]
    assert '<article id="c-5-2">' in full and "@media print" in full
    assert full.count("<h3>") == len(starter.clauses)


def test_french_spacing() -> None:
    assert french_spacing("Note : « oui » ; non ?") == "Note\u00a0: «\u00a0oui\u00a0»\u00a0; non\u00a0?"


@pytest.mark.parametrize(
    ("day", "lang", "text"),
    [
        (dt.date(2026, 12, 1), "fr", "1er décembre 2026"),
        (dt.date(2027, 2, 14), "fr", "14 février 2027"),
        (dt.date(2027, 8, 3), "en", "3 August 2027"),
    ],
)
def test_format_date(day: dt.date, lang: str, text: str) -> None:
    assert format_date(day, lang) == text


@pytest.mark.parametrize(
    ("minutes", "lang", "text"),
    [
        (30, "en", "30 min"),
        (120, "en", "2 h"),
        (90, "fr", "90 min"),
        (1440, "fr", "1 jour"),
        (2880, "en", "2 days"),
    ],
)
def test_format_minutes(minutes: int, lang: str, text: str) -> None:
    assert format_minutes(minutes, lang) == text


@pytest.mark.parametrize(
    ("fmt", "lang", "message"),
    [
        ("docx", "en", "unknown format 'docx'; choose one of md, html, pdf"),
        ("md", "de", "unknown language 'de'; choose fr or en"),
    ],
)
def test_bad_format_or_language_is_refused(minimal: Policy, fmt: str, lang: str, message: str) -> None:
    with pytest.raises(RenderError, match=re.escape(message)):
        render_policy(minimal, fmt, lang)


def test_pdf_without_weasyprint_says_how_to_install(minimal: Policy, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import now raises ImportError
    with pytest.raises(RenderError, match=re.escape("pip install 'charte[pdf]'")):
        render_policy(minimal, "pdf", "en")


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


@pytest.mark.slow
def test_pdf_renders_with_french_accents(starter: Policy, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="PDF output needs WeasyPrint (pip install 'charte[pdf]')")
    pdf = tmp_path / "policy.pdf"
    pdf.write_bytes(render_policy(starter, "pdf", "fr"))
    assert pdf.read_bytes().startswith(b"%PDF-")
    subprocess.run(
        [_need("pdftoppm"), "-f", "1", "-l", "1", "-r", "50", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    png = next(tmp_path.glob("page*.png"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 5_000
    text = subprocess.run(
        [_need("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    first_page = " ".join(text.split("\f")[0].split())
    assert "Charte réseaux sociaux de Banque Carmin" in first_page
    assert "Sommaire" in first_page and "1er décembre 2026" in first_page
    assert "5.2" in text and "Informations confidentielles" in text and "Sécurité" in text
    pages = text.count("\f")
    assert 6 <= pages <= 20, pages


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_confidential_terms_are_never_printed(demo_policy: Policy, fmt: str) -> None:
    assert demo_policy.legal.confidential.code_names == ["Phénix"]
    text = render_policy(demo_policy, fmt, "fr").decode()
    assert "Phénix" not in text and "Ph&eacute;nix" not in text
    assert "1 terme(s) et nom(s) de code" in text


@pytest.mark.parametrize(
    ("document", "field", "message"),
    [
        ("document: {preface: {en: x}}", "document.preface", "Extra inputs are not permitted"),
        ("document: {contacts: [{topic: {en: Press}}]}", "document.contacts[0].contact", "Field required"),
        ("document: {acknowledgement: {}}", "document.acknowledgement", "at least one language"),
    ],
)
def test_document_section_is_strict(document: str, field: str, message: str) -> None:
    from charte.errors import PolicyError

    with pytest.raises(PolicyError) as info:
        parse_policy(MINIMAL + document + "\n", "tiny.yaml")
    issue = info.value.issues[0]
    assert issue.field == field and message in issue.message and issue.line == MINIMAL.count("\n") + 1
