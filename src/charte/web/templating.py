"""Jinja2 templates: one environment, autoescaped, whose words go through Jinja's i18n extension into the
same gettext catalogue as every other message (``charte.i18n``), and whose dates and numbers Babel formats
in the page's language.

In a template: ``{{ _("Sign in") }}``, ``{{ _("Hello, %(name)s", name=viewer.name) }}``,
``{% trans count=n %}{{ count }} draft{% pluralize %}{{ count }} drafts{% endtrans %}``,
``{{ when|datetime }}``, ``{{ n|number }}``, ``{{ share|percent }}``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from importlib import resources
from typing import Any

import jinja2
from babel import dates, numbers
from jinja2.runtime import Context
from starlette.requests import Request
from starlette.responses import HTMLResponse

from charte import i18n
from charte.web import flash
from charte.web.deps import host_state
from charte.web.language import LANGUAGES, request_lang
from charte.web.permissions import nav_items, permission_in_words, role_in_words
from charte.web.security import PRESESSION_COOKIE, new_presession_token
from charte.web.session import Viewer


def babel_locale(lang: str) -> str:
    """Babel's locale for a page language: British English (day before month, as Charte's users in Europe
    write dates) or French."""
    return "fr_FR" if lang == "fr" else "en_GB"


def _lang(context: Context) -> str:
    lang = context.get("lang")
    return lang if isinstance(lang, str) else i18n.current_lang()


@jinja2.pass_context
def _gettext(context: Context, message: str) -> str:
    return i18n.translations(_lang(context)).gettext(message)


@jinja2.pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return i18n.translations(_lang(context)).ngettext(singular, plural, n)


@jinja2.pass_context
def _pgettext(context: Context, ctx: str, message: str) -> str:
    return i18n.translations(_lang(context)).pgettext(ctx, message)


def _as_utc(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


@jinja2.pass_context
def format_datetime(context: Context, value: dt.datetime | None, format: str = "medium") -> str:
    """A date and time in the page's language, in UTC (named, so nobody reads it as local time)."""
    if value is None:
        return ""
    return (
        dates.format_datetime(_as_utc(value), format, tzinfo=dt.UTC, locale=babel_locale(_lang(context)))
        + " UTC"
    )


@jinja2.pass_context
def format_date(context: Context, value: dt.date | dt.datetime | None, format: str = "medium") -> str:
    if value is None:
        return ""
    return dates.format_date(value, format, locale=babel_locale(_lang(context)))


@jinja2.pass_context
def format_number(context: Context, value: float | int | None) -> str:
    return "" if value is None else numbers.format_decimal(value, locale=babel_locale(_lang(context)))


@jinja2.pass_context
def format_percent(context: Context, value: float | None, digits: int = 0) -> str:
    if value is None:
        return ""
    # The locale's own pattern ("25 %" in French, "25%" in English), with ``digits`` decimals kept.
    return numbers.format_percent(
        round(value, digits + 2), locale=babel_locale(_lang(context)), decimal_quantization=digits == 0
    )


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resources.files("charte.web") / "templates")),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,  # a misspelt variable fails the page's test, not silently blank
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        _gettext, _ngettext, newstyle=True, pgettext=_pgettext
    )
    env.filters.update(
        datetime=format_datetime, date=format_date, number=format_number, percent=format_percent
    )
    env.globals.update(
        permission_in_words=permission_in_words, role_in_words=role_in_words, LANGUAGES=LANGUAGES
    )
    return env


ENV = _environment()


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    viewer: Viewer | None = None,
    status: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """The page ``template`` with what every page needs: the viewer, the language, the navigation they may
    see, the CSRF token of its forms, and the messages waiting for them (cleared once shown)."""
    presession = request.cookies.get(PRESESSION_COOKIE)
    new_token = None
    if not presession:  # the double-submit token of the forms shown before sign-in (docs/web.md)
        presession = new_token = new_presession_token()
    csrf_token = viewer.csrf_token if viewer else presession
    lang = request_lang(request)
    values: dict[str, Any] = {
        "request": request,
        "viewer": viewer,
        "lang": lang,
        "csrf_token": csrf_token,  # the page's forms
        "presession_token": presession,  # the language switcher (the same before and after sign-in)
        "nav": [item for item in nav_items() if viewer and viewer.can_any(item.needs)],
        "flashes": flash.pending(request),
        "path": request.url.path,
        "errors": {},
        **(context or {}),
    }
    with i18n.use_lang(lang):
        body = ENV.get_template(template).render(values)
    response = HTMLResponse(body, status_code=status, headers=dict(headers or {}))
    flash.clear(request, response)
    if new_token is not None:
        response.set_cookie(
            PRESESSION_COOKIE,
            new_token,
            path="/",
            httponly=True,
            samesite="strict",
            secure=host_state(request).settings.cookie_secure,
        )
    return response
