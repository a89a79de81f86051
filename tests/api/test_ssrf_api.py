"""An organisation admin cannot point a webhook target at the server's own network (issue 10, severe 1).

Name resolution is stubbed for the whole run (tests/conftest.py): nothing here connects anywhere.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from charte.service.permissions import Role
from tests.api.conftest import World, bearer

SECRET = "0123456789abcdef0123"
REFUSED = [
    "http://127.0.0.1:6379/",
    "http://localhost:5432/",
    "http://0.0.0.0:8000/",
    "http://10.0.0.8/",
    "http://192.168.0.1/admin",
    "http://169.254.169.254/latest/meta-data/iam/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://[::1]:8000/",
    "http://[fd00::2]/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",
    "http://127.1/",
    "http://0x7f.1/",
    "http://no-such-host.invalid/",
]


@pytest.mark.parametrize("url", REFUSED)
def test_webhook_targets_to_internal_addresses_are_refused(
    client: TestClient, world: World, url: str
) -> None:
    response = client.post(
        "/v1/publish-targets",
        headers=bearer(world.a.tokens[Role.ADMIN]),
        json={
            "name": f"probe-{abs(hash(url))}",
            "connector": "webhook",
            "params": {"url": url, "secret": SECRET},
        },
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert "does not resolve to a public address" in body["detail"] and SECRET not in response.text
    listed = client.get("/v1/publish-targets", headers=bearer(world.a.tokens[Role.ADMIN])).json()["items"]
    assert all(t["name"] != f"probe-{abs(hash(url))}" for t in listed)


def test_a_public_webhook_target_is_accepted(client: TestClient, world: World) -> None:
    response = client.post(
        "/v1/publish-targets",
        headers=bearer(world.a.tokens[Role.ADMIN]),
        json={
            "name": "public-hook",
            "connector": "webhook",
            "params": {"url": "https://hooks.example.test/charte", "secret": SECRET},
        },
    )
    assert response.status_code == 201, response.text
    assert response.json()["params"]["secret"] == "********"


def test_credentials_in_the_url_are_refused(client: TestClient, world: World) -> None:
    response = client.post(
        "/v1/publish-targets",
        headers=bearer(world.a.tokens[Role.ADMIN]),
        json={
            "name": "userinfo",
            "connector": "webhook",
            "params": {"url": "https://127.0.0.1:80@hooks.example.test/", "secret": SECRET},
        },
    )
    assert response.status_code == 422 and "user name or password" in response.json()["detail"]
