"""A hostile policy upload gets a 422 naming the line, never a 500 or a stalled server."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from benchmarks import bench_policy_limits as bombs
from charte.service.permissions import Role
from tests.api.conftest import World, bearer


@pytest.mark.parametrize(
    "text",
    [bombs.alias_bomb(), bombs.deep_block(1_000)[:400_000], bombs.deep_flow(1_000), bombs.long_integer()],
    ids=["alias-bomb", "deep-block", "deep-flow", "long-int"],
)
def test_hostile_policy_upload_is_a_422_with_its_line(world: World, client: TestClient, text: str) -> None:
    started = time.perf_counter()
    response = client.post(
        "/v1/policies", json={"yaml": text}, headers=bearer(world.b.tokens[Role.POLICY_OWNER])
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["line"]
    assert time.perf_counter() - started < 5.0
