"""The use cases' errors, re-exported from :mod:`charte.errors` (the one tree, drawn there) so that service
modules keep importing them from their own layer.

Every message a person reads is translated where the error is raised, in the request's language
(``charte.i18n.use_lang``, set per request by the API and the pages): ``Conflict(_("…", name=…))``,
``Invalid.one(field, _("…"))``. The classes whose message :mod:`charte.errors` would build in English (it sits
below the catalogue) are raised through :func:`not_found` and :func:`denied`, or given ``message=_("…")``.
``tests/service/test_messages.py`` fails on a literal English message.
"""

from charte.errors import (
    AuthenticationFailed,
    Conflict,
    CsrfFailed,
    EnrolmentRequired,
    FieldError,
    Invalid,
    NoActivePolicy,
    NotFound,
    PermissionDenied,
    PolicyChanged,
    ReauthenticationRequired,
    ServiceError,
    TooManyAttempts,
    TotpRequired,
)
from charte.i18n import N_, gettext

#: What a person reads when an object is missing, by the kind the code tests (``NotFound.what``).
_MISSING: dict[str, str] = {
    "account": N_("brand account {id} not found"),
    "brand account": N_("brand account {id} not found"),
    "draft": N_("draft {id} not found"),
    "organisation": N_("organisation {id} not found"),
    "policy version": N_("policy version {id} not found"),
    "active policy": N_("your organisation has no active policy"),
    "publication": N_("publication {id} not found"),
    "publish target": N_("publish target {id} not found"),
    "team": N_("team {id} not found"),
    "token": N_("token {id} not found"),
    "user": N_("user {id} not found"),
}


def not_found(what: str, ident: object) -> NotFound:
    """:class:`NotFound` for an object of kind ``what`` (a key of ``_MISSING``), its message in the request's
    language."""
    return NotFound(what, ident, gettext(_MISSING[what], id=ident))


def denied(permission: str, actor: object | None = None) -> PermissionDenied:
    """:class:`PermissionDenied` for ``permission`` (a permission's value, or what was refused, already in the
    request's language), its message in that language too."""
    text = str(permission)
    return PermissionDenied(
        text, actor, gettext("your role or token does not grant '{permission}'", permission=text)
    )


__all__ = [
    "AuthenticationFailed",
    "Conflict",
    "CsrfFailed",
    "EnrolmentRequired",
    "FieldError",
    "Invalid",
    "NoActivePolicy",
    "NotFound",
    "PermissionDenied",
    "PolicyChanged",
    "ReauthenticationRequired",
    "ServiceError",
    "TooManyAttempts",
    "TotpRequired",
    "denied",
    "not_found",
]
