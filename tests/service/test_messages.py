"""Every message a use case refuses with is translated where it is raised (``_("…")`` in the request's
language): a literal English message, an f-string, or an error whose English message :mod:`charte.errors`
builds itself fails here, with the file and line to fix."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import charte.errors as tree
from charte import i18n
from charte.service import errors
from charte.service.permissions import Permission
from charte.service.principal import Principal

SERVICE = Path(errors.__file__).parent
#: The error classes a person reads the message of (a use case's refusals, and the InputError it turns into one).
ERRORS = {
    name
    for name, cls in vars(tree).items()
    if inspect.isclass(cls) and issubclass(cls, tree.ServiceError | tree.InputError | tree.FieldError)
}
#: Arguments that are identifiers for code, not messages: (class or ``Invalid.one``, positional index).
NOT_MESSAGES = {("Invalid.one", 0), ("FieldError", 0), ("NotFound", 0), ("TooManyAttempts", 1)}
#: Classes whose message :mod:`charte.errors` writes in English unless given one (``message=``, or the first
#: argument for AuthenticationFailed); NotFound and PermissionDenied have helpers (``not_found``, ``denied``).
NEEDS_MESSAGE = {"NotFound", "PermissionDenied", "TotpRequired", "TooManyAttempts", "NoActivePolicy"}


def _name(call: ast.Call) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "one" and isinstance(func.value, ast.Name):
        return f"{func.value.id}.one" if func.value.id == "Invalid" else None
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    return name if name in ERRORS else None


def _literal(node: ast.expr) -> bool:
    """An English text written in place: a string, an f-string, a sum or a format of one."""
    if (isinstance(node, ast.Constant) and isinstance(node.value, str)) or isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _literal(node.left) or _literal(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr == "format" and _literal(node.func.value)
    if isinstance(node, ast.IfExp):
        return _literal(node.body) or _literal(node.orelse)
    return False


def untranslated(source: str, filename: str) -> list[str]:
    """``file:line: what is wrong`` for each error made with an English message in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or (name := _name(node)) is None:
            continue
        where = f"{filename}:{node.lineno}: {name}"
        for index, arg in enumerate(node.args):
            if (name, index) not in NOT_MESSAGES and _literal(arg):
                found.append(f"{where}: English text in argument {index}: use _(…)")
        found += [
            f"{where}: English text in message=: use _(…)"
            for kw in node.keywords
            if kw.arg == "message" and _literal(kw.value)
        ]
        given = {kw.arg for kw in node.keywords}
        if name in NEEDS_MESSAGE and "message" not in given:
            found.append(f"{where}: its message is built in English: pass message=_(…) (or not_found/denied)")
        if name == "AuthenticationFailed" and not node.args and "message" not in given:
            found.append(f"{where}: the default message is English: pass _(…)")
    return found


def test_no_service_error_is_raised_with_an_english_message() -> None:
    found = []
    for path in sorted(SERVICE.glob("*.py")):
        if path.name != "errors.py":  # the helpers themselves pass the translated message
            found += untranslated(path.read_text(encoding="utf-8"), path.name)
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        'raise Conflict("a team with this key already exists")',
        'raise Conflict(f"a team with key {key!r} already exists")',
        'raise Invalid.one("key", "use lower-case letters")',
        'raise Invalid.one("key", "at most " + str(n))',
        'raise NotFound("team", 3)',
        'raise PermissionDenied("approve")',
        "raise TotpRequired()",
        "raise AuthenticationFailed()",
        'failed(AuthenticationFailed("the password is not right"))',
        'raise TooManyAttempts(3, "failed logins")',
    ],
)
def test_the_scan_sees_an_english_message(source: str) -> None:
    assert untranslated(source, "x.py"), source


@pytest.mark.parametrize(
    "source",
    [
        'raise Conflict(_("a team with key {key} already exists", key=key))',
        'raise Invalid.one("key", _("use lower-case letters"))',
        'raise not_found("team", 3)',
        'raise TotpRequired(message=_("a two-factor code is required"))',
        'raise AuthenticationFailed(_("the password is not right"), field="code")',
        "raise ValueError('a programming error, never shown')",
    ],
)
def test_the_scan_lets_a_translated_message_through(source: str) -> None:
    assert not untranslated(source, "x.py"), source


def test_the_helpers_speak_the_request_language() -> None:
    with i18n.use_lang("fr"):
        assert str(errors.not_found("team", 7)) == "équipe 7 introuvable"
        refused = errors.denied("tokens:manage")
    assert refused.permission == "tokens:manage"
    assert "tokens:manage" in str(refused) and "n'autorise pas" in str(refused)
    assert str(errors.not_found("team", 7)) == "team 7 not found"


def test_a_missing_permission_is_refused_in_the_request_language() -> None:
    actor = Principal.of(1, 1, "employee", "session")
    with i18n.use_lang("fr"), pytest.raises(errors.PermissionDenied) as refused:
        actor.require(Permission.TOKENS_MANAGE)
    assert refused.value.permission == "tokens:manage"  # the API's problem body and the audit keep the value
    assert str(refused.value) == "votre rôle ou votre jeton n'autorise pas «\u00a0tokens:manage\u00a0»"
