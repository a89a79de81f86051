"""Pydantic's validation errors in the caller's language.

FastAPI reports a bad request body or query with pydantic's English sentences. The API answers in the
``Accept-Language`` language (:class:`charte.api.middleware.ApiLanguage`), so each error type a client can
meet gets a catalogue message here, filled from the error's context (``max_length``, ``expected``…). In
English pydantic's own sentence is kept; an error type not listed here, or a ``value_error`` raised by our
own validators (its text is ours, in English), keeps pydantic's text in every language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from charte import i18n
from charte.i18n import N_, gettext, pgettext

#: pydantic error ``type`` → message; ``{name}`` placeholders come from the error's ``ctx``.
MESSAGES: dict[str, str] = {
    "missing": N_("This field is required."),
    "extra_forbidden": N_("This field is not accepted here."),
    "string_type": N_("Give a text."),
    "string_too_short": N_("Give at least {min_length} characters."),
    "string_too_long": N_("Give at most {max_length} characters."),
    "string_pattern_mismatch": N_("This value does not have the expected form."),
    "int_type": N_("Give a whole number."),
    "int_parsing": N_("Give a whole number."),
    "int_from_float": N_("Give a whole number."),
    "float_type": N_("Give a number."),
    "float_parsing": N_("Give a number."),
    "bool_type": N_("Give true or false."),
    "bool_parsing": N_("Give true or false."),
    "greater_than": N_("Give a number greater than {gt}."),
    "greater_than_equal": N_("Give a number of at least {ge}."),
    "less_than": N_("Give a number less than {lt}."),
    "less_than_equal": N_("Give a number of at most {le}."),
    "literal_error": N_("Give one of: {expected}."),
    "enum": N_("Give one of: {expected}."),
    "list_type": N_("Give a list."),
    "too_short": N_("Give at least {min_length} items."),
    "too_long": N_("Give at most {max_length} items."),
    "dict_type": N_("Give an object."),
    "model_type": N_("Give an object."),
    "model_attributes_type": N_("Give an object."),
    "date_parsing": N_("Give a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": N_("Give a date as YYYY-MM-DD."),
    "date_type": N_("Give a date as YYYY-MM-DD."),
    "datetime_parsing": N_("Give a date and time as YYYY-MM-DDTHH:MM:SSZ."),
    "datetime_from_date_parsing": N_("Give a date and time as YYYY-MM-DDTHH:MM:SSZ."),
    "datetime_type": N_("Give a date and time as YYYY-MM-DDTHH:MM:SSZ."),
    "timezone_aware": N_("Give a time zone, e.g. Z or +01:00."),
    "url_parsing": N_("Give a valid web address."),
    "url_scheme": N_("Give an address starting with {expected_schemes}."),
    "url_type": N_("Give a valid web address."),
    "uuid_parsing": N_("Give a valid UUID."),
}


def message(error: Mapping[str, Any]) -> str:
    """The message of one pydantic error in the current language (see the module docstring)."""
    original = str(error.get("msg", ""))
    template = MESSAGES.get(str(error.get("type", "")))
    if template is None or i18n.current_lang() == "en":
        return original
    ctx = error.get("ctx") or {}
    params = {key: str(value) for key, value in ctx.items() if isinstance(key, str)}
    if "expected" in params:  # pydantic joins the choices in English: "'a', 'b' or 'c'"
        word = pgettext("choices", "or")
        params["expected"] = params["expected"].replace(" or ", f" {word} ")
    try:
        return gettext(template, **params)
    except (KeyError, IndexError, ValueError):  # a context without the value the message names
        return original
