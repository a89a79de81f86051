"""Charte: check social media posts against an organisation's policy.

>>> import charte
>>> policy = charte.load_policy("policy.yaml")
>>> charte.check("Mon IBAN FR76 3000 6000 0112 3456 7890 189", policy=policy).verdict
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from charte.domain import AccountKind, Action, Attachment, Decision, Finding, Fix, Post, Severity, Span
from charte.engine.engine import CheckEngine
from charte.errors import CharteError, PolicyError
from charte.policy.loader import load_policy_file, parse_policy
from charte.policy.model import Policy

__all__ = [
    "Action",
    "Attachment",
    "CharteError",
    "CheckEngine",
    "Decision",
    "Finding",
    "Fix",
    "Policy",
    "PolicyError",
    "Post",
    "Severity",
    "Span",
    "check",
    "load_policy",
    "parse_policy",
]


def load_policy(path: str | Path) -> Policy:
    """Load and fully validate a policy file, detector parameters included."""
    policy = load_policy_file(path)
    _engine(policy)
    return policy


_ENGINES: dict[int, tuple[Policy, CheckEngine]] = {}


def _engine(policy: Policy) -> CheckEngine:
    """The compiled engine for ``policy``, compiled once per policy object."""
    cached = _ENGINES.get(id(policy))
    if cached is None or cached[0] is not policy:
        if len(_ENGINES) >= 8:
            _ENGINES.pop(next(iter(_ENGINES)))
        cached = (policy, CheckEngine(policy))
        _ENGINES[id(policy)] = cached
    return cached[1]


def check(
    text: str,
    *,
    policy: Policy | str | Path,
    author: str | None = None,
    functions: Iterable[str] | None = None,
    account: AccountKind = "personal",
    lang: str | None = None,
    platform: str | None = None,
) -> Decision:
    """Check one post against ``policy`` (a loaded policy or a path to its YAML file).

    ``functions``: the author's functions as the policy names them (``["communications"]``); leave it out when
    they are not known."""
    if not isinstance(policy, Policy):
        policy = load_policy(policy)
    post = Post(
        text=text,
        lang=lang,
        author=author,
        account=account,
        functions=None if functions is None else frozenset(functions),
        platform=platform,
    )
    return _engine(policy).check(post)
