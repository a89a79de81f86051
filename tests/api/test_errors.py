"""Bad requests get a problem+json naming what is wrong; nothing leaks (tracebacks, post texts)."""

from __future__ import annotations

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from charte.api import create_app
from charte.service.permissions import Role
from charte.settings import load_settings
from tests.api.conftest import World, bearer

PROBLEM = "application/problem+json"


def _admin(world: World) -> dict[str, str]:
    return {**bearer(world.a.tokens[Role.ADMIN]), "Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ('{"text": ', "not valid JSON"),
        ('{"text": "a",}', "not valid JSON"),
        ("\xff\xfe", "not valid JSON"),
    ],
)
def test_malformed_json(world: World, client: TestClient, body: str, fragment: str) -> None:
    response = client.post("/v1/check", content=body.encode("latin-1"), headers=_admin(world))
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert fragment in problem["detail"] and problem["request_id"] == response.headers["x-request-id"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"text": 42}, ["body.text"]),
        ({"text": "ok", "account": "company"}, ["body.account"]),
        ({"text": "ok", "lang": "French"}, ["body.lang"]),
        ({}, ["body.text"]),
        ({"text": ["a"], "in_reply_to_complaint": "yes"}, ["body.text", "body.in_reply_to_complaint"]),
        ([1, 2], ["body"]),
    ],
)
def test_wrong_types_name_each_field(
    world: World, client: TestClient, body: object, fields: list[str]
) -> None:
    response = client.post("/v1/check", json=body, headers=_admin(world))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert [e["field"] for e in response.json()["errors"]] == fields


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/v1/check", {"text": "hi", "colour": "red"}, "body.colour"),
        ("/v1/teams", {"key": "k1", "name": "n", "admin": True}, "body.admin"),
        (
            "/v1/users",
            {"email": "a@b.example", "role": "employee", "password": "x" * 12, "is_superuser": True},
            "body.is_superuser",
        ),
        ("/v1/accounts", {"platform": "x", "handle": "@h", "password": "hunter2"}, "body.password"),
        ("/v1/tokens", {"name": "n", "scopes": ["check"], "org_id": 2}, "body.org_id"),
        ("/v1/policies", {"yaml": "x: 1", "activate": True, "force": True}, "body.force"),
    ],
)
def test_unknown_fields_are_refused(
    world: World, client: TestClient, path: str, body: dict, field: str
) -> None:
    response = client.post(path, json=body, headers=_admin(world))
    assert response.status_code == 422, response.text
    assert field in [e["field"] for e in response.json()["errors"]]


def test_oversized_body_by_content_length(world: World, client: TestClient) -> None:
    text = "a" * (world.settings.max_body_bytes + 10)
    response = client.post("/v1/check", json={"text": text}, headers=_admin(world))
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert str(world.settings.max_body_bytes) in response.json()["detail"]


def test_oversized_body_streamed_without_length(world: World, client: TestClient) -> None:
    chunk = b"a" * 65536

    def stream():
        yield b'{"text": "'
        for _ in range(world.settings.max_body_bytes // len(chunk) + 2):
            yield chunk
        yield b'"}'

    response = client.post("/v1/check", content=stream(), headers=_admin(world))
    assert response.status_code == 413


def test_unknown_route_and_method_are_problems(world: World, client: TestClient) -> None:
    missing = client.get("/v1/nothing-here", headers=_admin(world))
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM
    method = client.put("/v1/check", headers=_admin(world))
    assert method.status_code == 405 and method.headers["content-type"] == PROBLEM


def test_bad_query_parameters(world: World, client: TestClient) -> None:
    response = client.get("/v1/users?limit=1000&offset=-1&role=king", headers=_admin(world))
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"query.limit", "query.offset", "query.role"}


def test_no_traceback_reaches_the_client_and_the_log_keeps_no_values(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app: FastAPI = create_app(load_settings(None, database_url="sqlite://"))

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret customer " + "06" + "12345678" + " in an error message")

    with TestClient(app, raise_server_exceptions=False) as client, caplog.at_level(logging.INFO):
        response = client.get("/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["request_id"] == response.headers["x-request-id"]
    assert "Traceback" not in response.text and "0612345678" not in response.text
    assert "RuntimeError" in caplog.text and body["request_id"] in caplog.text
    assert "0612345678" not in caplog.text


def test_post_texts_are_never_logged(
    world: World, client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    text = "Mon numéro perso est 06 12 34 56 78, projet Phénix"
    with caplog.at_level(logging.DEBUG):
        response = client.post("/v1/check", json={"text": text}, headers=_admin(world))
        client.post(
            "/v1/auth/login", json={"email": "someone.private@alpha.example", "password": "pw-123456789"}
        )
    assert response.status_code == 200
    for secret in ("06 12 34 56 78", "Phénix", "someone.private", "pw-123456789", world.a.tokens[Role.ADMIN]):
        assert secret not in caplog.text
    assert "check 200" in caplog.text


def test_request_ids_are_echoed_when_safe(world: World, client: TestClient) -> None:
    given = client.get("/healthz", headers={"X-Request-ID": "abc12345-trace"})
    assert given.headers["x-request-id"] == "abc12345-trace"
    hostile = client.get("/healthz", headers={"X-Request-ID": "x\r\nSet-Cookie: a=b"})
    assert hostile.headers["x-request-id"] != "x\r\nSet-Cookie: a=b"
