"""Confidential policy terms reach the policy's owners only: every read path of a policy, for an employee and
an owner of the organisation, and for the same roles of another organisation.

The policy uploaded here names a code name in the YAML's confidential list (which the document never lists)
and also in a quiet period and in a confidential rule's extra terms (which the document would otherwise print):
each must come out of the document, in Markdown, HTML and PDF, in both languages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from charte.cli.demo import demo_policy_text
from charte.service.permissions import Role
from tests.api.conftest import World, bearer

SECRET = "Orion"  # the code name
EMBARGO = "rachat de Globex"  # an embargoed fact, declared as a confidential term


def _policy_text() -> str:
    text = demo_policy_text().replace('code_names: ["Phénix"]', f'code_names: ["Phénix", "{SECRET}"]')
    text = text.replace("    terms: []", f'    terms: ["{EMBARGO}"]', 1)
    assert f'terms: ["{EMBARGO}"]' in text
    quiet = (
        "quiet_periods:\n"
        f'    - name: "Lancement 0r1on"\n'  # the evasion spelling is caught too
        "      start: 2026-01-15\n"
        "      end: 2026-02-15\n"
        f'      topics: ["{EMBARGO}", résultats]\n'
    )
    return text.replace("quiet_periods: []", quiet, 1)


@pytest.fixture(scope="module")
def versions(world: World) -> tuple[int, int]:
    """Bravo's owner uploads and activates the policy above; (previous id, new id)."""
    with TestClient(world.app, base_url="https://testserver") as client:
        owner = bearer(world.b.tokens[Role.POLICY_OWNER])
        response = client.post("/v1/policies", json={"yaml": _policy_text(), "activate": True}, headers=owner)
        assert response.status_code == 201, response.text
        return world.b.policy_id, response.json()["id"]


def _leaks(text: str) -> list[str]:
    return [t for t in (SECRET, "0r1on", EMBARGO, "Phénix", "Ph\\u00e9nix", "code_names:") if t in text]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_employee_reads_the_document_without_any_confidential_term(
    world: World, client: TestClient, versions: tuple[int, int], lang: str
) -> None:
    old, new = versions
    employee = bearer(world.b.tokens[Role.EMPLOYEE])
    paths = [
        f"/v1/policies/active?lang={lang}",
        f"/v1/policies/{new}?lang={lang}",
        f"/v1/policies/{new}/diff?lang={lang}&against={old}",
        f"/v1/policies/active/document?format=md&lang={lang}",
        f"/v1/policies/active/document?format=html&lang={lang}",
        f"/v1/policies/{new}/document?format=md&lang={lang}",
    ]
    for path in paths:
        response = client.get(path, headers=employee)
        assert response.status_code == 200, (path, response.text)
        assert _leaks(response.text) == [], path
    document = client.get(f"/v1/policies/active?lang={lang}", headers=employee).json()
    assert document["yaml"] is None and document["comment"] is None
    marker = "[confidential]" if lang == "en" else "[confidentiel]"
    assert marker.replace("[", "\\[").replace("]", "\\]") in document["document"]  # the quiet period's row
    diff = client.get(f"/v1/policies/{new}/diff?against={old}", headers=employee).json()
    assert diff["diff_of"] == "document" and diff["changes"] == []


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext to read the PDF")
def test_the_pdf_an_employee_downloads_holds_no_confidential_term(
    world: World, client: TestClient, versions: tuple[int, int], tmp_path: Path
) -> None:
    response = client.get(
        "/v1/policies/active/document?format=pdf&lang=fr", headers=bearer(world.b.tokens[Role.EMPLOYEE])
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert response.headers["content-disposition"].endswith('-fr.pdf"')
    pdf = tmp_path / "policy.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Périodes de silence" in text or "silence" in text.lower()
    assert _leaks(text) == []
    assert "[confidentiel]" in text


def test_the_owner_reads_the_file_and_the_changes_but_publishes_the_same_document(
    world: World, client: TestClient, versions: tuple[int, int]
) -> None:
    old, new = versions
    owner = bearer(world.b.tokens[Role.POLICY_OWNER])
    detail = client.get("/v1/policies/active", headers=owner).json()
    assert SECRET in detail["yaml"] and _leaks(detail["document"]) == []
    diff = client.get(f"/v1/policies/{new}/diff?against={old}", headers=owner).json()
    assert diff["diff_of"] == "yaml" and any(c["after"] == SECRET for c in diff["changes"])
    employee_doc = client.get(
        "/v1/policies/active/document?format=md", headers=bearer(world.b.tokens[Role.EMPLOYEE])
    )
    owner_doc = client.get("/v1/policies/active/document?format=md", headers=owner)
    assert owner_doc.content == employee_doc.content


def test_policy_tests_run_for_owners_only(
    world: World, client: TestClient, versions: tuple[int, int]
) -> None:
    _, new = versions
    for role in (Role.EMPLOYEE, Role.APPROVER, Role.AUDITOR, Role.SPOKESPERSON):
        response = client.post(f"/v1/policies/{new}/tests", headers=bearer(world.b.tokens[role]))
        assert response.status_code == 403, role
        assert response.json()["permission"] == "policies:write"
        assert _leaks(response.text) == []
    run = client.post(f"/v1/policies/{new}/tests", headers=bearer(world.b.tokens[Role.POLICY_OWNER])).json()
    assert run["version"] > 1 and run["passed"] + run["failed"] == len(run["results"]) > 0
    assert all(r["passed"] == (r["problems"] == []) for r in run["results"])


def test_another_organisation_sees_nothing_of_the_policy(
    world: World, client: TestClient, versions: tuple[int, int]
) -> None:
    _, new = versions
    for role in (Role.EMPLOYEE, Role.POLICY_OWNER, Role.ADMIN):
        headers = bearer(world.a.tokens[role])
        for method, path in (
            ("GET", f"/v1/policies/{new}"),
            ("GET", f"/v1/policies/{new}/document?format=md"),
            ("GET", f"/v1/policies/{new}/diff"),
            ("POST", f"/v1/policies/{new}/tests"),
        ):
            response = client.request(method, path, headers=headers)
            assert response.status_code == 404, (role, path, response.status_code)
            assert _leaks(response.text) == []
        own = client.get("/v1/policies/active/document?format=md", headers=headers)
        assert own.status_code == 200 and SECRET not in own.text and EMBARGO not in own.text


def test_a_finding_quotes_only_what_the_author_wrote(
    world: World, client: TestClient, versions: tuple[int, int]
) -> None:
    """The check names the words at fault in the author's own spelling, never the listed term: an employee
    who types an evasion learns that it is confidential, not how the policy spells it."""
    response = client.post(
        "/v1/check",
        json={"text": "Bientôt 0r1on chez nous", "lang": "fr"},
        headers=bearer(world.b.tokens[Role.EMPLOYEE]),
    )
    body = response.json()
    assert body["verdict"] == "block"
    [finding] = [f for f in body["findings"] if f["entity"] == "CONFIDENTIAL_TERM"]
    assert "0r1on" in finding["message"] and SECRET not in response.text
