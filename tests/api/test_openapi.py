"""The OpenAPI document declares every error the API answers, as the problem+json it really sends."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from charte.api import create_app
from charte.service.permissions import Role
from charte.settings import load_settings
from tests.api.conftest import World, bearer

PROBLEM = "application/problem+json"
DOCUMENT = create_app(load_settings(None, database_url="sqlite://")).openapi()
OPERATIONS = [
    (method.upper(), path, op) for path, ops in DOCUMENT["paths"].items() for method, op in ops.items()
]


def test_every_error_response_is_a_problem() -> None:
    wrong = [
        f"{method} {path} {status}"
        for method, path, op in OPERATIONS
        for status, response in op["responses"].items()
        if int(status) >= 400 and list(response.get("content", {})) != [PROBLEM]
    ]
    assert wrong == []
    assert "HTTPValidationError" not in DOCUMENT["components"]["schemas"]  # FastAPI's 422 shape, never sent


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("GET", "/healthz", {500}),
        ("POST", "/v1/auth/login", {400, 401, 413, 422, 429, 500}),
        ("GET", "/v1/drafts", {401, 403, 422, 500}),
        ("GET", "/v1/drafts/{draft_id}", {401, 403, 404, 422, 500}),
        ("POST", "/v1/drafts/{draft_id}/publish", {400, 401, 403, 404, 409, 413, 422, 500}),
        ("GET", "/v1/me", {401, 403, 404, 500}),
        ("POST", "/v1/me/password", {400, 401, 403, 404, 409, 413, 422, 429, 500}),
    ],
)
def test_errors_follow_what_the_route_takes(method: str, path: str, expected: set[int]) -> None:
    operation = DOCUMENT["paths"][path][method.lower()]
    assert {int(s) for s in operation["responses"] if int(s) >= 400} == expected


def test_the_documented_problem_is_what_is_sent(world: World, client: TestClient) -> None:
    """The Problem schema's required members are in a real 404 and a real 422."""
    required = DOCUMENT["components"]["schemas"]["Problem"]["required"]
    headers = bearer(world.a.tokens[Role.ADMIN])
    for url in ("/v1/drafts/999999", "/v1/drafts/x"):
        response = client.get(url, headers=headers)
        assert response.headers["content-type"] == PROBLEM
        assert set(required) <= set(response.json()), url
        assert str(response.status_code) in DOCUMENT["paths"]["/v1/drafts/{draft_id}"]["get"]["responses"]
