"""One way to translate what people read: gettext catalogues managed with Babel.

Code holds English message ids (``_("Remove the link.")``); French lives in
``charte/locale/fr/LC_MESSAGES/charte.po``. Placeholders are named and brace-formatted
(``_("Use the real address {real}.", real=...)``) so a translation may reorder them.

The language is chosen per call, never per process, so concurrent checks and requests in different
languages cannot leak into each other: pass ``lang=`` explicitly, or set it for a block of code with
``use_lang(lang)`` (a context variable: each thread and each asyncio task sees its own value).
Strings defined at import time are marked with ``N_()`` and translated where they are shown.

The catalogue is read from the ``.po`` file at run time (parsed by Babel the first time a French message
is asked for, then cached for the process) rather than compiled to ``.mo`` at build time: the ``.po`` is the
single source of truth, so an editable install (``pip install -e .``) and a plain wheel both work with no
build hook and no generated binary to keep in sync. A fuzzy (unchecked) entry is left out: English shows.
"""

from __future__ import annotations

import gettext as _stdlib_gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

LANGS: tuple[str, ...] = ("en", "fr")
DEFAULT_LANG = "en"
DOMAIN = "charte"

_current: ContextVar[str] = ContextVar("charte_lang", default=DEFAULT_LANG)


def normalise(lang: str | None) -> str:
    """The catalogue language for ``lang``: French for ``fr``/``fr-CA``…, English for anything else."""
    return "fr" if lang and lang.lower().split("-")[0].split("_")[0] == "fr" else DEFAULT_LANG


def current_lang() -> str:
    """The language set by the innermost :func:`use_lang` in this thread or task (English by default)."""
    return _current.get()


@contextmanager
def use_lang(lang: str | None) -> Iterator[str]:
    """Translate into ``lang`` inside the block (for this thread or task only)."""
    token = _current.set(normalise(lang))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def catalogue_path(lang: str) -> Traversable:
    """Where the ``.po`` catalogue of ``lang`` lives inside the package."""
    return resources.files("charte") / "locale" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def translations(lang: str | None) -> _stdlib_gettext.NullTranslations:
    """The translations of ``lang``: English is the message ids themselves; others come from their ``.po``."""
    return _load(normalise(lang))


@cache  # keyed by the normalised language only: at most one entry per catalogue
def _load(lang: str) -> _stdlib_gettext.NullTranslations:
    if lang == DEFAULT_LANG:
        return _stdlib_gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_path(lang).open("rb") as fp:
        catalog = read_po(fp, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _stdlib_gettext.GNUTranslations(buffer)


def _format(text: str, params: dict[str, object]) -> str:
    return text.format(**params) if params else text


def gettext(message: str, /, *, lang: str | None = None, **params: object) -> str:
    """``message`` in ``lang`` (default: :func:`current_lang`), with ``{name}`` placeholders filled."""
    return _format(translations(lang or _current.get()).gettext(message), params)


def ngettext(singular: str, plural: str, n: int, /, *, lang: str | None = None, **params: object) -> str:
    """The singular or plural form for ``n`` in ``lang``; ``{n}`` is filled unless given otherwise."""
    params.setdefault("n", n)
    return _format(translations(lang or _current.get()).ngettext(singular, plural, n), params)


def pgettext(context: str, message: str, /, *, lang: str | None = None, **params: object) -> str:
    """Like :func:`gettext` for a message whose translation depends on where it is used."""
    return _format(translations(lang or _current.get()).pgettext(context, message), params)


def N_(message: str, /) -> str:
    """Mark a string defined at import time for extraction; translate it where it is shown with ``_()``."""
    return message


_ = gettext

__all__ = [
    "DEFAULT_LANG",
    "LANGS",
    "N_",
    "_",
    "current_lang",
    "gettext",
    "ngettext",
    "normalise",
    "pgettext",
    "translations",
    "use_lang",
]
