"""Render the human-readable policy: Markdown, self-contained HTML, or PDF (WeasyPrint).

The content comes from :func:`charte.policy.document.build_document`; the layout lives in Jinja2
templates under ``render_templates/`` (HTML autoescaped), whose words go through Jinja's i18n extension
into the same gettext catalogues as every other message (``charte.i18n``). PDF is the HTML page printed by WeasyPrint,
imported only when a PDF is asked for, so the rest of Charte works without its system libraries.
"""

from __future__ import annotations

import re
from importlib import resources
from typing import Literal

import jinja2
import markupsafe

from charte import i18n
from charte.errors import RenderError
from charte.policy.document import PolicyDocument, build_document
from charte.policy.model import Policy

Format = Literal["md", "html", "pdf"]
FORMATS: tuple[str, ...] = ("md", "html", "pdf")

_TEMPLATES = resources.files("charte.policy") / "render_templates"
_MD_SPECIAL = re.compile(r"([\\`*\[\]<>])")
_FR_BEFORE = re.compile(r" ([:;!?»])")


def md_escape(text: str) -> str:
    """Escape the characters that would turn prose into Markdown markup."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def md_cell(text: str) -> str:
    """A table cell: escaped, on one line, with pipes protected."""
    return md_escape(text).replace("|", r"\|").replace("\n", " ")


def french_spacing(text: str) -> str:
    """No line break before « : ; ! ? » or after «, as French typography requires."""
    return _FR_BEFORE.sub("\u00a0\\1", text).replace("« ", "«\u00a0")


def _environment(autoescape: bool, lang: str) -> jinja2.Environment:
    def finalize(value: object) -> object:
        # Markup (a macro's output) is already-rendered HTML: leave it as it is.
        if lang == "fr" and isinstance(value, str) and not isinstance(value, markupsafe.Markup):
            return french_spacing(value)
        return value

    translations = i18n.translations(lang)  # templates use Jinja's %(name)s placeholders, filled by Jinja

    def shown(text: str) -> str:
        # Jinja trusts translations as Markup, which ``finalize`` leaves alone: space them here, and escape
        # them so that a catalogue cannot inject markup.
        text = french_spacing(text) if lang == "fr" else text
        return markupsafe.escape(text) if autoescape else text

    def gettext(message: str) -> str:
        return shown(translations.gettext(message))

    def ngettext(singular: str, plural: str, n: int) -> str:
        return shown(translations.ngettext(singular, plural, n))

    env = jinja2.Environment(
        extensions=["jinja2.ext.i18n"],
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=finalize,
    )
    # Added to the environment by the i18n extension at run time; jinja2's types do not declare it.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["md"] = md_escape
    env.filters["cell"] = md_cell
    return env


def render_markdown(doc: PolicyDocument) -> str:
    text = _environment(autoescape=False, lang=doc.lang).get_template("policy.md.j2").render(doc=doc)
    return re.sub(r"\n{3,}", "\n\n", text)


def render_html(doc: PolicyDocument) -> str:
    return _environment(autoescape=True, lang=doc.lang).get_template("policy.html.j2").render(doc=doc)


def render_pdf(doc: PolicyDocument) -> bytes:
    """Print the HTML document to PDF with WeasyPrint (needs Pango, see docs/policy.md)."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the Pango system libraries are missing
        raise RenderError(
            f"PDF output needs WeasyPrint and its system libraries ({exc}); install them with "
            "`pip install 'charte[pdf]'` and `apt-get install libpango-1.0-0 libpangoft2-1.0-0`, "
            "or render --format html and print it"
        ) from None
    result: bytes = weasyprint.HTML(string=render_html(doc), base_url=None).write_pdf()
    return result


def render_policy(policy: Policy, fmt: str, lang: str) -> bytes:
    """The document in ``fmt`` (md, html, pdf) and ``lang`` (fr, en), as bytes ready to write."""
    if fmt not in FORMATS:
        raise RenderError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    try:
        doc = build_document(policy, lang)
    except ValueError as exc:
        raise RenderError(str(exc)) from None
    if fmt == "pdf":
        return render_pdf(doc)
    text = render_markdown(doc) if fmt == "md" else render_html(doc)
    return text.encode("utf-8")
