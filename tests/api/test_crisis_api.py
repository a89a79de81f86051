"""``/v1/crisis`` over HTTP: declaring pauses the organisation's scheduled posts (status and reason visible on the
draft), one active crisis at a time, ending needs a decision for each paused post, the report is a PDF whose text
holds the timeline; roles the policy does not name are refused (403) and another organisation sees nothing (404)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from charte.service.permissions import Role
from tests.api.conftest import Tenant, World, bearer

R = Role
Api = Callable[..., dict]


@pytest.fixture()
def api(client: TestClient) -> Iterator[Api]:
    def call(
        method: str, path: str, t: Tenant, who: Role, json: object = None, status: int | None = None
    ) -> dict:
        response = client.request(method, path, json=json, headers=bearer(t.tokens[who]))
        if status is not None:
            assert response.status_code == status, response.text
        return response.json() if response.content and "json" in response.headers["content-type"] else {}

    yield call


def _scheduled(api: Api, t: Tenant, box: str) -> tuple[int, int]:
    """An admin's brand post, approved and scheduled for tomorrow through a memory target: (draft, publication)."""
    target = api(
        "POST",
        "/v1/publish-targets",
        t,
        R.ADMIN,
        {"name": f"t-{box}", "connector": "memory", "params": {"name": box}, "account_id": t.account_id},
        201,
    )["id"]
    draft = api(
        "POST",
        "/v1/drafts",
        t,
        R.ADMIN,
        {
            "text": "Merci à toute l'équipe !",
            "platform": "linkedin",
            "account_kind": "brand",
            "account_id": t.account_id,
        },
        201,
    )
    if api("POST", f"/v1/drafts/{draft['id']}/submit", t, R.ADMIN, None, 200)["status"] == "in_review":
        api("POST", f"/v1/approvals/{draft['id']}/approve", t, R.APPROVER, {}, 200)
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    published = api(
        "POST",
        f"/v1/drafts/{draft['id']}/publish",
        t,
        R.ADMIN,
        {"target_id": target, "scheduled_at": when},
        202,
    )
    return draft["id"], published["id"]


def test_declare_pause_end_and_report(api: Api, world: World, tmp_path: Path) -> None:
    a, b = world.a, world.b
    draft, publication = _scheduled(api, a, "crisis-a")
    _, theirs = _scheduled(api, b, "crisis-b")
    body = {"summary": "Rappel produit"}
    for role in (R.APPROVER, R.EMPLOYEE, R.SPOKESPERSON, R.AUDITOR):  # the policy names admin only
        api("POST", "/v1/crisis", a, role, body, 403)
    refused = api("POST", "/v1/crisis", a, R.ADMIN, {**body, "account_ids": [b.account_id]}, 422)
    assert "account_ids[0]" in str(refused)
    api("POST", "/v1/crisis", a, R.ADMIN, {"summary": ""}, 422)
    api("POST", "/v1/crisis/current/end", a, R.ADMIN, {"rest": "resume"}, 409)  # nothing to end
    declared = api("POST", "/v1/crisis", a, R.ADMIN, body, 201)
    assert declared["active"] and declared["scope"] == "all" and declared["paused_count"] == 1
    assert [p["publication_id"] for p in declared["paused"]] == [publication]
    api("POST", "/v1/crisis", a, R.ADMIN, body, 409)
    shown = api("GET", f"/v1/drafts/{draft}", a, R.ADMIN, None, 200)
    assert shown["status"] == "paused" and shown["publication"]["status"] == "paused"
    assert "crisis" in shown["publication"]["last_error"]
    assert api("GET", "/v1/crisis/current", a, R.EMPLOYEE, None, 200)["crisis"]["id"] == declared["id"]
    assert api("GET", "/v1/crisis/current", b, R.ADMIN, None, 200)["crisis"] is None  # b's posts go on
    api("GET", f"/v1/crisis/{declared['id']}", b, R.ADMIN, None, 404)
    api("GET", f"/v1/crisis/{declared['id']}/report.pdf", b, R.ADMIN, None, 404)
    api("GET", f"/v1/crisis/{declared['id']}", a, R.EMPLOYEE, None, 403)
    # ending: a decision for a post this crisis did not pause, none at all, a past time: each refused
    foreign = {"decisions": [{"publication_id": theirs, "choice": "cancel"}], "rest": "resume"}
    assert "decisions[0].publication_id" in str(
        api("POST", "/v1/crisis/current/end", a, R.ADMIN, foreign, 422)
    )
    assert "rest" in str(api("POST", "/v1/crisis/current/end", a, R.ADMIN, {}, 422))
    past = {
        "decisions": [
            {
                "publication_id": publication,
                "choice": "reschedule",
                "scheduled_at": "2020-01-01T00:00:00+00:00",
            }
        ]
    }
    api("POST", "/v1/crisis/current/end", a, R.ADMIN, past, 422)
    api("POST", "/v1/crisis/current/end", a, R.APPROVER, {"rest": "resume"}, 403)
    ended = api(
        "POST",
        "/v1/crisis/current/end",
        a,
        R.ADMIN,
        {"decisions": [{"publication_id": publication, "choice": "cancel"}]},
        200,
    )
    assert not ended["active"] and ended["outcome"] == {"resume": 0, "reschedule": 0, "cancel": 1}
    assert api("GET", f"/v1/drafts/{draft}", a, R.ADMIN, None, 200)["status"] == "approved"
    api("POST", "/v1/crisis/current/end", a, R.ADMIN, {"rest": "resume"}, 409)
    assert [c["id"] for c in api("GET", "/v1/crisis", a, R.AUDITOR, None, 200)["items"]] == [declared["id"]]
    assert api("GET", "/v1/crisis", b, R.ADMIN, None, 200)["items"] == []
    client = TestClient(world.app, base_url="https://testserver")
    pdf = client.get(f"/v1/crisis/{declared['id']}/report.pdf", headers=bearer(a.tokens[R.AUDITOR]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (tmp_path / "r.pdf").write_bytes(pdf.content)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True
        ).stdout.split()
    )
    assert "Crisis report" in text and "Rappel produit" in text
    for change in ("Crisis declared", "Scheduled posts paused", "Decision on paused posts", "Crisis ended"):
        assert change in text
    assert "posts_paused" not in text and "scope: every account" in text  # words, not the record's codes
    assert "1 cancelled" in text
    french = client.get(
        f"/v1/crisis/{declared['id']}/report.pdf?lang=fr", headers=bearer(a.tokens[R.AUDITOR])
    )
    (tmp_path / "fr.pdf").write_bytes(french.content)
    texte = " ".join(
        subprocess.run(
            ["pdftotext", str(tmp_path / "fr.pdf"), "-"], capture_output=True, text=True
        ).stdout.split()
    )  # table cells wrap
    for change in ("Crise déclarée", "Publications programmées suspendues", "Décision sur les publications"):
        assert change in texte
    assert "posts_paused" not in texte and "portée : tous les comptes" in texte
