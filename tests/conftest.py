"""Shared fixtures: a starter policy for the demo organisation, and the training data location."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from charte.cli.demo import demo_policy_text
from charte.engine.engine import CheckEngine
from charte.policy.loader import parse_policy
from charte.policy.model import Policy

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("CHARTE_DATA_DIR", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def demo_policy() -> Policy:
    return parse_policy(demo_policy_text(), "<demo policy>")


@pytest.fixture(scope="session")
def engine(demo_policy: Policy) -> CheckEngine:
    return CheckEngine(demo_policy)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    if not DATA_DIR.is_dir():
        pytest.skip(f"training data not found at {DATA_DIR} (set CHARTE_DATA_DIR); a user's clone has none")
    return DATA_DIR
