"""Integers are bounded at the edge: an id, offset, cursor or version too big for the database is a 422 naming
the parameter, never a 500 (``OverflowError`` in the SQLite driver, an out-of-range error in PostgreSQL).

The cases come from the OpenAPI document, so a new route or field with an unbounded integer fails here.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from charte.api import create_app
from charte.api.schemas import DB_INT_MAX, MAX_IDS
from charte.service.permissions import Role
from charte.settings import load_settings
from tests.api.conftest import World, bearer

PROBLEM = "application/problem+json"
HUGE = 2**64  # what the fuzzer sent: past SQLite's 64-bit INTEGER
ECHOED = {
    ("POST", "/v1/check", "id")
}  # the post's own id (a number or a text) comes back as sent, never stored
DOCUMENT = create_app(load_settings(None, database_url="sqlite://")).openapi()


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return DOCUMENT["components"]["schemas"][ref.rsplit("/", 1)[1]] if ref else schema


def _integers(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The integer schemas in ``schema`` (through ``anyOf``, array items and ``$ref``), not in properties."""
    schema = _resolve(schema)
    if schema.get("type") == "integer":
        return [schema]
    if schema.get("type") == "array":
        return _integers(schema.get("items", {}))
    return [found for option in schema.get("anyOf", []) for found in _integers(option)]


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, op) for path, ops in DOCUMENT["paths"].items() for method, op in ops.items()
    ]


def _parameters() -> list[tuple[str, str, str, str]]:
    return [
        (method, path, p["in"], p["name"])
        for method, path, op in _operations()
        for p in op.get("parameters", [])
        if _integers(p["schema"])
    ]


def _body_fields() -> list[tuple[str, str, str, bool]]:
    found = []
    for method, path, op in _operations():
        content = op.get("requestBody", {}).get("content", {}).get("application/json")
        if content is None:
            continue
        for name, field in _resolve(content["schema"]).get("properties", {}).items():
            if _integers(field) and (method, path, name) not in ECHOED:
                is_list = any(_resolve(o).get("type") == "array" for o in [field, *field.get("anyOf", [])])
                found.append((method, path, name, is_list))
    return found


def _url(path: str, **values: object) -> str:
    for segment in path.split("/"):
        if segment.startswith("{"):
            path = path.replace(segment, str(values.get(segment[1:-1], 1)))
    return path


def test_every_integer_of_the_api_is_bounded() -> None:
    """Class test: every integer a client can send (path, query, body) has a maximum the database can hold."""
    sent = [
        (f"{method} {path} {p['in']}.{p['name']}", p["schema"])
        for method, path, op in _operations()
        for p in op.get("parameters", [])
    ]
    sent += [
        (f"{component}.{name}", field)
        for component, body in DOCUMENT["components"]["schemas"].items()
        if component.endswith(("Create", "Update", "In")) and component != "PostIn"
        for name, field in body.get("properties", {}).items()
    ]
    unbounded = [
        where
        for where, schema in sent
        for found in _integers(schema)
        if found.get("maximum", float("inf")) > DB_INT_MAX
    ]
    assert _parameters() and _body_fields()
    assert unbounded == []


@pytest.mark.parametrize(
    ("method", "path", "where", "name"),
    _parameters(),
    ids=[f"{m} {p} {w}.{n}" for m, p, w, n in _parameters()],
)
def test_an_oversized_parameter_is_a_422_naming_it(
    world: World, client: TestClient, method: str, path: str, where: str, name: str
) -> None:
    url = _url(path, **({name: HUGE} if where == "path" else {}))
    params = {name: HUGE} if where == "query" else None
    headers = {**bearer(world.a.tokens[Role.ADMIN]), "Content-Type": "application/json"}
    response = client.request(
        method, url, params=params, headers=headers, content=b"{}" if method != "GET" else None
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    problem = response.json()
    assert f"{where}.{name}" in [e["field"] for e in problem["errors"]]
    assert f"{where}.{name}: Input should be less than or equal to" in problem["detail"]


@pytest.mark.parametrize(
    ("method", "path", "name", "is_list"),
    _body_fields(),
    ids=[f"{m} {p} body.{n}" for m, p, n, _ in _body_fields()],
)
def test_an_oversized_body_integer_is_a_422_naming_it(
    world: World, client: TestClient, method: str, path: str, name: str, is_list: bool
) -> None:
    value = [HUGE] if is_list else HUGE
    response = client.request(
        method, _url(path), json={name: value}, headers=bearer(world.a.tokens[Role.ADMIN])
    )
    assert response.status_code == 422, response.text
    fields = [e["field"] for e in response.json()["errors"]]
    assert (f"body.{name}.0" if is_list else f"body.{name}") in fields


@pytest.mark.parametrize("offset", [DB_INT_MAX, 0])
def test_the_largest_accepted_offset_still_answers(world: World, client: TestClient, offset: int) -> None:
    """The bound is not too tight: the largest offset and cursor the API accepts reach the database and answer."""
    headers = bearer(world.a.tokens[Role.ADMIN])
    for url, params in (
        ("/v1/drafts", {"offset": offset}),
        ("/v1/users", {"offset": offset}),
        ("/v1/audit", {"after_seq": offset}),
    ):
        response = client.get(url, params=params, headers=headers)
        assert response.status_code == 200, (url, response.text)


# Lists of ids (people on a team or an account): each change is audited with the whole list, and the audit
# refuses more than 200 items, so 500 repeated ids passed validation and failed in the audit (500).
ID_LISTS = [(m, p, n) for m, p, n, is_list in _body_fields() if is_list]


def test_every_id_list_is_distinct_and_auditable() -> None:
    """Class test: every list of ids a client can send declares distinct items and at most MAX_IDS."""
    for method, path, name in ID_LISTS:
        body = _resolve(
            DOCUMENT["paths"][path][method.lower()]["requestBody"]["content"]["application/json"]["schema"]
        )
        field = body["properties"][name]
        array = next(
            _resolve(o) for o in [field, *field.get("anyOf", [])] if _resolve(o).get("type") == "array"
        )
        assert array.get("uniqueItems") is True and array.get("maxItems", 10**9) <= MAX_IDS, (
            method,
            path,
            name,
        )


@pytest.mark.parametrize(
    ("method", "path", "name"), ID_LISTS, ids=[f"{m} {p} body.{n}" for m, p, n in ID_LISTS]
)
@pytest.mark.parametrize("shape", ["repeated", "too-many"])
def test_an_id_list_the_audit_cannot_record_is_a_422(
    world: World, client: TestClient, method: str, path: str, name: str, shape: str
) -> None:
    me = world.a.users[Role.ADMIN]
    ids = [me] * (MAX_IDS + 1) if shape == "too-many" else [me, world.a.users[Role.EMPLOYEE], me]
    body = (
        {"key": "fuzz", "name": "n", "platform": "x", "handle": "@fuzz", "summary": "fuzz", name: ids}
        if method == "POST"
        else {name: ids}
    )
    body = {
        k: v
        for k, v in body.items()
        if k
        in _resolve(
            DOCUMENT["paths"][path][method.lower()]["requestBody"]["content"]["application/json"]["schema"]
        )["properties"]
    }
    url = _url(path, team_id=world.a.team_id, account_id=world.a.account_id)
    response = client.request(method, url, json=body, headers=bearer(world.a.tokens[Role.ADMIN]))
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == [f"body.{name}"]
    assert ("repeated: " + str(me) if shape == "repeated" else f"at most {MAX_IDS} items") in response.json()[
        "detail"
    ]
