"""YAML → :class:`Policy`, strictly, with errors that name the file, the line and the field.

A policy comes from people who may not be trusted with the server (any organisation admin can upload
one), so the loader bounds its own cost before building anything: the text is at most
:data:`MAX_POLICY_BYTES`, a first pass over libyaml's event stream refuses aliases (an alias bomb of a
few hundred bytes expands without bound), nesting deeper than :data:`MAX_DEPTH` (the composer and the
validators recurse) and more than :data:`MAX_NODES` values. Only then is the document composed, by
libyaml, once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from charte.errors import PolicyError, PolicyFileError, PolicyIssue
from charte.policy.model import Policy

Path_ = tuple[str | int, ...]


#: Largest policy accepted, in bytes of UTF-8 (a shipped starter is about 57 KB).
MAX_POLICY_BYTES = 1_000_000
#: Deepest nesting of mappings and lists (a starter nests 8 levels).
MAX_DEPTH = 64
#: Most scalars, mappings and lists in one policy (a starter holds about 2,400; 20,000 bounds the
#: cost of compiling the terms a 1 MB file can list).
MAX_NODES = 20_000

# libyaml's loader when PyYAML was built with it. Both share SafeConstructor, the only part overridden here,
# so the checker is shown the pure-Python one (a base class chosen at run time cannot be typed otherwise).
if TYPE_CHECKING:
    _BaseLoader = yaml.SafeLoader
else:
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """Safe loader (libyaml when available) that keeps dates as dates and refuses duplicate keys.

    A value Python cannot build (an integer of 5,000 digits, a date such as 2026-02-30) becomes a YAML
    error at its line instead of escaping as a ``ValueError``.
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError, TypeError) as exc:
            reason = "too many digits" if "digits" in str(exc) else str(exc)
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read the value {_preview(node)}: {reason}", node.start_mark
            ) from None


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


def _line(event: yaml.Event) -> int | None:
    """The 1-based line an event starts on (libyaml always gives a mark; the stubs allow None)."""
    return event.start_mark.line + 1 if event.start_mark is not None else None


def _preview(node: yaml.Node) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else node.tag
    text = str(value)
    return repr(text if len(text) <= 40 else text[:37] + "...")


class _Limits(yaml.YAMLError):
    """A policy over one of the loader's bounds, raised from the event pre-pass."""

    def __init__(self, line: int | None, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.message, self.hint = line, message, hint


def _check_events(text: str) -> None:
    """One streaming pass over the parser's events, stopping at the first bound exceeded.

    Cheap (no node is built) and bounded: it stops after at most :data:`MAX_NODES` values, so a
    1 MB file of tiny values is refused in a fraction of a second.
    """
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            raise _Limits(
                _line(event),
                f"YAML aliases (*{event.anchor}) are not allowed in a policy",
                "write the value out in full where it is used",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Limits(
                    _line(event),
                    f"the policy nests deeper than {MAX_DEPTH} levels",
                    "flatten the structure: a policy needs fewer than ten levels",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            nodes += 1
            if nodes > MAX_NODES:
                raise _Limits(
                    _line(event),
                    f"the policy holds more than {MAX_NODES:,} values",
                    "move long lists (terms, examples) to fewer, shorter entries",
                )


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data, composed once."""
    _check_events(text)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()
    return root, data


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


def _hint(error: ErrorDetails) -> str:
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
    size = len(text) if len(text) > MAX_POLICY_BYTES else len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_POLICY_BYTES:
        raise PolicyError(
            [
                PolicyIssue(
                    source,
                    None,
                    "",
                    f"the policy is larger than {MAX_POLICY_BYTES:,} bytes",
                    "a policy is a few dozen kilobytes: move examples and long lists out",
                )
            ]
        )
    try:
        root, data = _compose(text)
    except _Limits as exc:
        raise PolicyError([PolicyIssue(source, exc.line, "", exc.message, exc.hint)]) from None
    except UnicodeError:
        raise PolicyError(
            [
                PolicyIssue(
                    source, None, "", "not valid Unicode text (a lone surrogate)", "save the file as UTF-8"
                )
            ]
        ) from None
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise PolicyError(
            [PolicyIssue(source, line, "", str(exc.problem), "quote the value to keep it as text")]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise PolicyError(
            [
                PolicyIssue(
                    source,
                    line,
                    "",
                    f"YAML syntax error: {problem}",
                    "check indentation and quoting on this line",
                )
            ]
        ) from None
    if not isinstance(data, dict) or root is None:
        raise PolicyError(
            [
                PolicyIssue(
                    source, 1, "", "the policy must be a YAML mapping", "start from `charte policy init`"
                )
            ]
        )
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
    for section, ids in (
        ("rules", [r.id for r in policy.rules]),
        ("clauses", [c.id for c in policy.clauses]),
    ):
        first: dict[str, int] = {}
        for index, item_id in enumerate(ids):
            if item_id in first:
                yield PolicyIssue(
                    src,
                    policy.line_of((section, index, "id")),
                    f"{section}[{index}].id",
                    f"id {item_id!r} is already used by {section}[{first[item_id]}]",
                    "give each entry its own id",
                )
            first.setdefault(item_id, index)
    known = {c.id for c in policy.clauses}
    yield from _quiz_checks(policy, known)
    if known:
        for index, rule in enumerate(policy.rules):
            if rule.clause not in known:
                yield PolicyIssue(
                    src,
                    policy.line_of(("rules", index, "clause")),
                    f"rules[{index}].clause",
                    f"clause {rule.clause!r} is not defined in clauses",
                    f"cite one of {', '.join(sorted(known))} or add the clause",
                )


def _quiz_checks(policy: Policy, clauses: set[str]) -> Iterator[PolicyIssue]:
    """Quiz questions: unique ids, and each about a clause the policy defines (or a rule cites)."""
    src = policy.source
    known = clauses | {r.clause for r in policy.rules}
    seen: dict[str, int] = {}
    for index, question in enumerate(policy.document.quiz):
        if question.id in seen:
            yield PolicyIssue(
                src,
                policy.line_of(("document", "quiz", index, "id")),
                f"document.quiz[{index}].id",
                f"id {question.id!r} is already used by document.quiz[{seen[question.id]}]",
                "give each question its own id",
            )
        seen.setdefault(question.id, index)
        if question.clause not in known:
            yield PolicyIssue(
                src,
                policy.line_of(("document", "quiz", index, "clause")),
                f"document.quiz[{index}].clause",
                f"clause {question.clause!r} is not in the policy",
                f"ask about one of {', '.join(sorted(known, key=str))}",
            )


def load_policy_file(path: str | Path) -> Policy:
    """Read and validate a policy file (detector parameters are checked by the engine)."""
    path = Path(path)
    try:
        with path.open("rb") as handle:  # never read more than the bound (a device, a huge file)
            raw = handle.read(MAX_POLICY_BYTES + 1)
        if len(raw) > MAX_POLICY_BYTES:
            raise PolicyError(
                [
                    PolicyIssue(
                        str(path),
                        None,
                        "",
                        f"the policy is larger than {MAX_POLICY_BYTES:,} bytes",
                        "a policy is a few dozen kilobytes: move examples and long lists out",
                    )
                ]
            )
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise PolicyFileError(
            [PolicyIssue(str(path), None, "", "file not found", "check the path")]
        ) from None
    except UnicodeDecodeError:
        raise PolicyError(
            [PolicyIssue(str(path), None, "", "not UTF-8 text", "save the file as UTF-8")]
        ) from None
    except IsADirectoryError:
        raise PolicyFileError(
            [PolicyIssue(str(path), None, "", "is a directory, not a file", "check the path")]
        ) from None
    except OSError as exc:
        raise PolicyFileError(
            [PolicyIssue(str(path), None, "", f"cannot read: {exc.strerror}", "")]
        ) from None
    return parse_policy(text, str(path))
