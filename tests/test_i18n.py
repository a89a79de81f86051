"""One translation mechanism: every user-facing string is an English msgid with a French translation in
``src/charte/locale/fr/LC_MESSAGES/charte.po``, and the language is chosen per call, never per process."""

from __future__ import annotations

import ast
import asyncio
import contextlib
import re
import string
import threading
from configparser import RawConfigParser
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

import charte
from charte import i18n
from charte.policy.document import build_document
from charte.policy.loader import load_policy_file
from charte.policy.render import render_html, render_markdown

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "charte"
PO = SRC / "locale" / "fr" / "LC_MESSAGES" / "charte.po"


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    """The extraction rules of babel.cfg, as ``make i18n`` reads them."""
    parser = RawConfigParser()
    parser.read(ROOT / "babel.cfg")
    method_map, options = [], {}
    for section in parser.sections():
        method, pattern = (part.strip() for part in section.split(":", 1))
        method_map.append((pattern, method))
        options[pattern] = dict(parser.items(section))
    return method_map, options


def _extracted() -> dict[tuple[str | None, str | tuple[str, ...]], str]:
    """Every message the code marks for translation: (context, msgid or (singular, plural)) → file."""
    method_map, options = _method_map()
    out: dict[tuple[str | None, str | tuple[str, ...]], str] = {}
    for filename, _lineno, message, _comments, context in extract_from_dir(
        str(SRC), method_map, options, keywords=DEFAULT_KEYWORDS
    ):
        key = message if isinstance(message, str) else tuple(message)
        out[(context, key)] = filename
    return out


@pytest.fixture(scope="module")
def extracted() -> dict[tuple[str | None, str | tuple[str, ...]], str]:
    return _extracted()


@pytest.fixture(scope="module")
def catalogue():  # type: ignore[no-untyped-def]
    with PO.open("rb") as fp:
        return read_po(fp, locale="fr", domain=i18n.DOMAIN)


def test_the_code_marks_its_messages(extracted: dict) -> None:
    # Detectors, the policy document and its templates, the diff and the check report all go through gettext.
    files = set(extracted.values())
    for expected in (
        "detectors/pii.py",
        "detectors/secrets.py",
        "policy/document.py",
        "policy/diff.py",
        "policy/render_templates/policy.html.j2",
        "cli/report.py",
        "cli/policy_diff.py",
        "web/templates/base.html",  # the web interface's templates, through Jinja's i18n extension
        "web/templates/auth/sign_in.html",
        "web/permissions.py",
    ):
        assert any(f.replace("\\", "/").endswith(expected) for f in files), expected
    assert len(extracted) > 300


def test_every_message_has_a_french_translation(extracted: dict, catalogue) -> None:  # type: ignore[no-untyped-def]
    missing, fuzzy, empty = [], [], []
    for (context, msgid), filename in extracted.items():
        entry = catalogue.get(msgid, context=context)
        if entry is None:
            missing.append(f"{filename}: {msgid!r}")
        elif entry.fuzzy:
            fuzzy.append(f"{filename}: {msgid!r}")
        elif not all(entry.string if isinstance(entry.string, tuple) else (entry.string,)):
            empty.append(f"{filename}: {msgid!r}")
    assert not missing, "not in the French catalogue (run `make i18n`, then translate):\n" + "\n".join(
        missing
    )
    assert not fuzzy, "fuzzy (unchecked) French translations:\n" + "\n".join(fuzzy)
    assert not empty, "empty French translations:\n" + "\n".join(empty)


def test_the_catalogue_holds_no_stale_message(extracted: dict, catalogue) -> None:  # type: ignore[no-untyped-def]
    stale = [
        m.id
        for m in catalogue
        if m.id and (m.context, m.id if isinstance(m.id, str) else tuple(m.id)) not in extracted
    ]
    assert not stale, "translations of messages the code no longer uses (run `make i18n`):\n" + "\n".join(
        map(repr, stale)
    )


def _placeholders(text: str) -> set[str]:
    names = set(re.findall(r"%\((\w+)\)[sd]", text))  # Jinja templates
    with contextlib.suppress(ValueError):  # not a brace format (a lone "{" in prose)
        names |= {
            field.split(".")[0].split("[")[0]
            for _, field, _, _ in string.Formatter().parse(text)
            if field is not None
        }
    return names


def test_placeholders_match_between_english_and_french(catalogue) -> None:  # type: ignore[no-untyped-def]
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set().union(*(_placeholders(i) for i in ids))
        wrong += [f"{message.id!r} → {s!r}" for s in strings if _placeholders(s) != expected]
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_placeholder_check_catches_a_mistranslation() -> None:
    assert _placeholders("Mask {entity}.") != _placeholders("Masquez {entite}.")
    assert _placeholders("{until:%Y-%m-%d}") == _placeholders("{until:%d/%m/%Y}") == {"until"}
    assert _placeholders("%(name)s: %(value)s") == {"name", "value"}


def test_no_second_translation_mechanism_is_left() -> None:
    """The three old ways: ``ctx.t(en, fr)``, ``"X" if fr else "Y"`` and ``{"en": …, "fr": …}`` literals."""
    found = []
    for path in SRC.rglob("*.py"):
        if (
            "models" in path.relative_to(SRC).parts
        ):  # training-data generators: text in each language by design
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.relative_to(SRC)}:{getattr(node, 'lineno', 0)}"
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "t"
                and len(node.args) == 2
            ):
                found.append(f"{where}: .t(en, fr)")
            elif isinstance(node, ast.IfExp) and isinstance(node.test, ast.Name) and node.test.id == "fr":
                found.append(f"{where}: … if fr else …")
            elif (
                isinstance(node, ast.Dict)
                and {getattr(k, "value", None) for k in node.keys} == {"en", "fr"}
                and all(isinstance(v, ast.Constant) and isinstance(v.value, str) for v in node.values)
            ):
                found.append(f"{where}: {{'en': …, 'fr': …}}")
    assert not found, "\n".join(found)


POLICY = ROOT / "policies" / "generic.fr.yaml"


def test_a_french_check_answers_in_french_and_an_english_one_in_english() -> None:
    policy = charte.load_policy(POLICY)
    fr = charte.check(
        "Mon IBAN : FR76 3000 6000 0112 3456 7890 189, le mot de passe est Azerty123!",
        policy=policy,
        lang="fr",
    )
    en = charte.check(
        "My IBAN is FR76 3000 6000 0112 3456 7890 189 and the password is Azerty123!",
        policy=policy,
        lang="en",
    )
    fr_iban = next(f for f in fr.findings if f.entity == "IBAN")
    en_iban = next(f for f in en.findings if f.entity == "IBAN")
    assert fr_iban.message.startswith(
        "Donnée personnelle : ce message contient un numéro de compte bancaire (IBAN)"
    )
    assert (
        fr_iban.fix is not None and fr_iban.fix.description == "Masquez le numéro de compte bancaire (IBAN)."
    )
    assert en_iban.message.startswith("Personal data: this post contains a bank account number (IBAN)")
    assert en_iban.fix is not None and en_iban.fix.description == "Mask the bank account number (IBAN)."


def test_the_policy_document_is_translated_through_the_same_catalogue() -> None:
    policy = load_policy_file(POLICY)
    fr, en = build_document(policy, "fr"), build_document(policy, "en")
    assert (
        fr.chapters[0].title
        == i18n.gettext("Purpose, scope and responsibilities", lang="fr")
        != en.chapters[0].title
    )
    html = render_html(fr)
    assert '<h2 id="toc" class="toc">Sommaire</h2>' in html
    # French typography (no break before « : ») applies to translated labels too, and they are escaped.
    assert "numéros d&#39;article" in html and "Nom\u00a0: ____" in render_markdown(fr)
    assert "## Contents" in render_markdown(en)


def test_plural_forms() -> None:
    assert i18n.ngettext("{n} day", "{n} days", 1, lang="fr") == "1 jour"
    assert i18n.ngettext("{n} day", "{n} days", 3, lang="fr") == "3 jours"
    assert i18n.ngettext("{n} day", "{n} days", 3, lang="en") == "3 days"


def test_unknown_languages_fall_back_to_english() -> None:
    assert i18n.normalise("fr-CA") == "fr" and i18n.normalise("de") == "en" and i18n.normalise(None) == "en"
    assert i18n.gettext("Remove the link.", lang="de") == "Remove the link."
    assert i18n.gettext("a message nobody translated", lang="fr") == "a message nobody translated"
    # One parsed catalogue per language, whatever spelling callers (or requests) use.
    assert i18n.translations("fr-CA") is i18n.translations("fr_FR") is i18n.translations("fr")


def test_the_language_of_one_thread_never_leaks_into_another() -> None:
    barrier = threading.Barrier(2)
    seen: dict[str, list[str]] = {"fr": [], "en": []}

    def work(lang: str) -> None:
        with i18n.use_lang(lang):
            for _ in range(50):
                barrier.wait()
                seen[lang].append(i18n.gettext("Remove the link."))

    threads = [threading.Thread(target=work, args=(lang,)) for lang in ("fr", "en")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(seen["fr"]) == {"Retirez le lien."} and set(seen["en"]) == {"Remove the link."}
    assert i18n.current_lang() == "en"


def test_concurrent_tasks_keep_their_own_language() -> None:
    async def task(lang: str) -> list[str]:
        out = []
        with i18n.use_lang(lang):
            for _ in range(20):
                await asyncio.sleep(0)
                out.append(i18n.gettext("Remove the link."))
        return out

    async def main() -> tuple[list[str], list[str]]:
        return tuple(await asyncio.gather(task("fr"), task("en")))  # type: ignore[return-value]

    fr, en = asyncio.run(main())
    assert set(fr) == {"Retirez le lien."} and set(en) == {"Remove the link."}
