"""Policy upload (JSON and raw YAML), validation errors with lines, versions, activation, diff, /v1/check."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from charte.cli.demo import demo_policy_text
from charte.service.permissions import Role
from tests.api.conftest import World, bearer


def _owner(world: World) -> dict[str, str]:
    return bearer(world.b.tokens[Role.POLICY_OWNER])


def test_yaml_syntax_error_comes_back_with_its_line(world: World, client: TestClient) -> None:
    text = "schema_version: 1\npolicy:\n  id: x\n   version: [oops\n"
    response = client.post("/v1/policies", json={"yaml": text}, headers=_owner(world))
    assert response.status_code == 422
    problem = response.json()
    assert problem["type"] == "urn:charte:problem:invalid-policy"
    assert problem["errors"][0]["line"] == 4
    assert "YAML syntax error" in problem["errors"][0]["message"]


def test_schema_errors_name_the_field_and_line(world: World, client: TestClient) -> None:
    text = demo_policy_text().replace("  default_language: fr", "  default_language: klingon", 1)
    line = text.splitlines().index("  default_language: klingon") + 1
    response = client.post(
        "/v1/policies", content=text.encode(), headers={**_owner(world), "Content-Type": "application/yaml"}
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors == [e for e in errors if e["field"] == "policy.default_language"]
    assert errors[0]["line"] == line


def test_unknown_detector_is_refused_by_the_engine(world: World, client: TestClient) -> None:
    text = demo_policy_text().replace("detector: confidential", "detector: telepathy", 1)
    response = client.post("/v1/policies", json={"yaml": text}, headers=_owner(world))
    assert response.status_code == 422
    issue = response.json()["errors"][0]
    assert issue["field"].endswith(".detector") and "telepathy" in issue["message"] and issue["line"]


def test_versions_history_activation_and_diff(world: World, client: TestClient) -> None:
    headers = _owner(world)
    before = client.get("/v1/policies", headers=headers).json()["total"]
    v_a = client.post(
        "/v1/policies", json={"yaml": demo_policy_text(), "comment": "same again"}, headers=headers
    ).json()
    changed = demo_policy_text().replace('code_names: ["Phénix"]', 'code_names: ["Phénix", "Orion"]')
    v_b = client.post(
        "/v1/policies?activate=true&comment=orion",
        content=changed.encode(),
        headers={**headers, "Content-Type": "application/yaml"},
    ).json()
    assert v_b["version"] == v_a["version"] + 1 and v_b["is_active"] and v_b["comment"] == "orion"
    history = client.get("/v1/policies", headers=headers).json()
    assert history["total"] == before + 2
    assert [p["version"] for p in history["items"]] == sorted(
        (p["version"] for p in history["items"]), reverse=True
    )
    actives = client.get("/v1/policies?active=true", headers=headers).json()["items"]
    assert [p["id"] for p in actives] == [v_b["id"]]
    assert client.get("/v1/policies/active", headers=headers).json()["id"] == v_b["id"]

    diff = client.get(f"/v1/policies/{v_b['id']}/diff", headers=headers).json()
    assert diff["from_id"] == v_a["id"]
    assert '+    code_names: ["Phénix", "Orion"]' in diff["diff"]
    assert '-    code_names: ["Phénix"]' in diff["diff"]
    [change] = diff["changes"]
    assert (change["section"], change["kind"], change["key"], change["label"], change["after"]) == (
        "legal",
        "added",
        "legal.confidential.code_names",
        "code names",
        "Orion",
    )
    french = client.get(f"/v1/policies/{v_b['id']}/diff?lang=fr", headers=headers).json()["changes"]
    assert french[0]["label"] == "noms de code"
    assert client.get(f"/v1/policies/{v_b['id']}/diff?lang=de", headers=headers).status_code == 422

    check = {"text": "Le projet Orion avance bien", "lang": "fr"}
    employee = bearer(world.b.tokens[Role.EMPLOYEE])
    assert client.post("/v1/check", json=check, headers=employee).json()["verdict"] == "block"
    # Going back to the older version: the check follows the active version at once.
    assert client.post(f"/v1/policies/{v_a['id']}/activate", headers=headers).status_code == 200
    assert client.post("/v1/check", json=check, headers=employee).json()["verdict"] == "allow"
    assert len(client.get("/v1/policies?active=true", headers=headers).json()["items"]) == 1


def test_check_answers_like_the_command_line(world: World, client: TestClient, tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from charte.cli.main import cli

    text = "Note CONFIDENTIEL : le projet Phénix sort lundi"
    api = client.post(
        "/v1/check", json={"text": text, "lang": "fr"}, headers=bearer(world.a.tokens[Role.EMPLOYEE])
    )
    assert api.status_code == 200
    policy = tmp_path / "policy.yaml"
    policy.write_text(demo_policy_text(), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", text, "--policy", str(policy), "--lang", "fr", "--json"])
    assert json.loads(result.output) == api.json()
    assert [(f["start"], f["end"]) for f in api.json()["findings"]] == [(5, 17), (30, 36)]
