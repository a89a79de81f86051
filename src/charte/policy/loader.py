"""YAML → :class:`Policy`, strictly, with errors that name the file, the line and the field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from charte.errors import PolicyError, PolicyIssue
from charte.policy.model import Policy

Path_ = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as dates and refuses duplicate keys."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice in the same mapping", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _lines(node: yaml.Node, path: Path_ = ()) -> Iterator[tuple[Path_, int]]:
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            yield (*path, key), key_node.start_mark.line + 1
            for sub_path, line in _lines(value_node, (*path, key)):
                if sub_path != (*path, key):
                    yield sub_path, line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _lines(item, (*path, index))


def _field(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _hint(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return "remove it or check its spelling"
    if kind == "missing":
        return "add this field"
    if kind == "literal_error":
        return f"write one of {ctx.get('expected', '')}"
    if kind == "enum":
        return f"write one of {ctx.get('expected', '')}"
    if kind.startswith("date"):
        return "write a date as YYYY-MM-DD"
    return ""


def parse_policy(text: str, source: str = "<policy>") -> Policy:
    """Parse and validate a policy given as YAML text. Raises :class:`PolicyError`."""
    try:
        root = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise PolicyError([PolicyIssue(source, line, "", f"YAML syntax error: {problem}",
                                       "check indentation and quoting on this line")]) from None
    if not isinstance(data, dict) or root is None:
        raise PolicyError([PolicyIssue(source, 1, "", "the policy must be a YAML mapping",
                                       "start from `charte policy init`")])
    lines = dict(_lines(root))
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        issues = []
        for error in exc.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            loc = tuple(p for p in loc if p not in ("literal['personal','brand']",))
            line = next((lines[loc[:n]] for n in range(len(loc), -1, -1) if loc[:n] in lines), None)
            message = error["msg"].removeprefix("Value error, ")
            issues.append(PolicyIssue(source, line, _field(loc), message, _hint(error)))
        raise PolicyError(issues) from None
    policy._source = source
    policy._lines = lines
    issues = list(_cross_checks(policy))
    if issues:
        raise PolicyError(issues)
    return policy


def _cross_checks(policy: Policy) -> Iterator[PolicyIssue]:
    """Checks that span several fields, each reported at the line of the offending entry."""
    src = policy.source
    for section, ids in (("rules", [r.id for r in policy.rules]), ("clauses", [c.id for c in policy.clauses])):
        first: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in first:
                yield PolicyIssue(src, policy.line_of((section, index, "id")), f"{section}[{index}].id",
                                  f"id {item_id!r} is already used by {section}[{first[item_id]}]",
                                  "give each entry its own id")
            first.setdefault(item_id, index)
    known = {c.id for c in policy.clauses}
    if known:
        for index, rule in enumerate(policy.rules):
            if rule.clause not in known:
                yield PolicyIssue(src, policy.line_of(("rules", index, "clause")), f"rules[{index}].clause",
                                  f"clause {rule.clause!r} is not defined in clauses",
                                  f"cite one of {', '.join(sorted(known))} or add the clause")


def load_policy_file(path: str | Path) -> Policy:
    """Read and validate a policy file (detector parameters are checked by the engine)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PolicyError([PolicyIssue(str(path), None, "", "file not found", "check the path")]) from None
    except UnicodeDecodeError:
        raise PolicyError([PolicyIssue(str(path), None, "", "not UTF-8 text", "save the file as UTF-8")]) from None
    except OSError as exc:
        raise PolicyError([PolicyIssue(str(path), None, "", f"cannot read: {exc.strerror}", "")]) from None
    return parse_policy(text, str(path))
