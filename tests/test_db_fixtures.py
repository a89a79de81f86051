"""The PostgreSQL test fixtures: skip with the reason on a user's machine, fail loudly under CI."""

from __future__ import annotations

import pytest
from _pytest.outcomes import Failed, Skipped

from tests.conftest import _pg_unavailable


@pytest.mark.parametrize(
    ("ci", "outcome"), [("true", Failed), ("1", Failed), ("", Skipped), ("false", Skipped)]
)
def test_unreachable_postgres(monkeypatch: pytest.MonkeyPatch, ci: str, outcome: type[BaseException]) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome) as caught:
        _pg_unavailable("cannot connect to postgresql://x@127.0.0.1:1/postgres")
    assert "127.0.0.1:1" in str(caught.value)
