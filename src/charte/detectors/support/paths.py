"""Paths named in a policy (model directories, cache files) are read from the policy file's directory."""

from __future__ import annotations

from pathlib import Path

from charte.policy.model import Policy


def beside_policy(policy: Policy, value: str) -> Path:
    """``value`` as a path; a relative one is taken from the policy file's directory when there is one,
    so ``charte check --policy /etc/charte/policy.yaml`` works from any directory."""
    path = Path(value).expanduser()
    source = Path(policy.source)
    if not path.is_absolute() and source.is_file():
        return source.parent / path
    return path
