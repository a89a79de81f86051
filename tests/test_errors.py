"""One exception tree: every exception class Charte defines lives in ``charte.errors``, drawn in its docstring
with the right parents, and the API answers each service error with the status the drawing gives."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import charte.errors as errors

SRC = Path(errors.__file__).parent
#: Classes that are exceptions but not Charte's to raise: each stays inside its module.
PRIVATE = {
    "policy/loader.py": {"_Limits"}
}  # a yaml.YAMLError the YAML pre-pass raises and the loader catches
_BRANCH = re.compile(r"^(?P<indent>[ │]*)[├└]── (?P<name>\w+)(?:\s+\[(?P<status>\d{3})\])?")


def drawn_tree() -> dict[str, tuple[str, int | None]]:
    """Each class drawn in the docstring -> (its parent as drawn, the HTTP status written beside it)."""
    lines = (errors.__doc__ or "").splitlines()
    parents: dict[int, str] = {}
    tree: dict[str, tuple[str, int | None]] = {}
    for line in lines:
        if line.strip() == "CharteError":
            parents = {0: "CharteError"}
            continue
        match = _BRANCH.match(line.strip("\n")[4:])  # the tree is indented by four spaces
        if match is None:
            continue
        depth = len(match["indent"]) // 4 + 1
        tree[match["name"]] = (parents[depth - 1], int(match["status"]) if match["status"] else None)
        parents[depth] = match["name"]
    return tree


def exception_classes_outside_errors() -> list[str]:
    """``file:Class`` for every class in src/charte deriving from something named like an exception."""
    tree_names = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, BaseException)
    }
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel == "errors.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = [b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases]
            if any(
                b in tree_names or b.endswith(("Error", "Exception")) for b in bases
            ) and node.name not in PRIVATE.get(rel, set()):
                found.append(f"{rel}:{node.name}")
    return found


def test_every_exception_class_is_defined_in_charte_errors() -> None:
    assert exception_classes_outside_errors() == []


def test_the_docstring_draws_every_class_with_its_real_parent() -> None:
    classes = {
        name: value
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.CharteError)
    }
    tree = drawn_tree()
    assert set(tree) == set(classes) - {"CharteError"}
    for name, (parent, _) in tree.items():
        assert classes[name].__bases__ == (classes[parent],), f"{name} is drawn under {parent}"


def test_the_api_answers_each_service_error_with_the_status_drawn() -> None:
    pytest.importorskip("fastapi", reason="the API needs charte[server]")
    from charte.api.problems import PROBLEMS, problem_kind

    tree = drawn_tree()
    service = [
        cls
        for cls in vars(errors).values()
        if isinstance(cls, type) and issubclass(cls, errors.ServiceError) and cls is not errors.ServiceError
    ]
    assert service
    for cls in service:
        drawn = tree[cls.__name__][1]
        kind = next((PROBLEMS[c] for c in cls.__mro__ if c in PROBLEMS), None)
        assert kind is not None and kind.status == drawn, f"{cls.__name__}: drawn [{drawn}], answered {kind}"
    assert problem_kind(errors.CsrfFailed()).slug == "forbidden"
    assert problem_kind(errors.NoActivePolicy()).status == 409
    assert problem_kind(errors.ModelError("x")) is None  # not the caller's fault: the middleware's 500


def test_safe_traceback_names_types_and_lines_but_never_messages() -> None:
    def inner() -> None:
        raise ValueError("token=s3cret in https://user:pw@example.org")

    try:
        try:
            inner()
        except ValueError as exc:
            raise errors.JobFailed("job publish failed: ValueError s3cret") from exc
    except errors.JobFailed as exc:
        text = errors.safe_traceback(exc)
    assert "s3cret" not in text and "pw@" not in text
    assert "charte.errors.JobFailed" in text and "builtins.ValueError" in text and "caused by:" in text
    assert "in inner" in text
