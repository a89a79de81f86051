"""/v1/acknowledgements, the quiz, personal guidance, password resets and the TOTP requirement over HTTP,
with two organisations: nobody sees or acts on the other's records."""

from __future__ import annotations

import csv
import io

import pyotp
import pytest
from fastapi.testclient import TestClient

from charte.service import delivery, policies
from charte.service.demo import system
from charte.service.permissions import Role
from tests.acks import policies as texts
from tests.api.conftest import PASSWORD, World, bearer

STRONG = "plinth orbit walrus cascade"


@pytest.fixture(scope="module", autouse=True)
def quiz_policy(world: World) -> int:
    """Alpha's active version has a quiz."""
    return world.run(
        lambda s: policies.upload(s, system(world.a.org_id), texts.with_quiz(), activate=True).id
    )


def _session(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


def test_acknowledge_the_active_version_once(world: World, client: TestClient, quiz_policy: int) -> None:
    token = bearer(world.a.tokens[Role.APPROVER])
    before = client.get("/v1/acknowledgements/me", headers=token)
    assert before.status_code == 200 and before.json()["done"] is False
    sha = before.json()["active_sha256"]
    assert before.json()["active_policy_id"] == quiz_policy
    body = {"policy_version_id": quiz_policy, "lang": "fr", "sha256": sha}
    first = client.post("/v1/acknowledgements", json=body, headers=token)
    assert first.status_code == 201, first.text
    assert first.json()["policy_sha256"] == sha and first.json()["lang"] == "fr"
    again = client.post("/v1/acknowledgements", json=body, headers=token)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    after = client.get("/v1/acknowledgements/me", headers=token).json()
    assert after["done"] is True and len(after["history"]) == 1


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"lang": "en", "policy_version_id": "OLD"}, 409, "not the active policy"),
        ({"lang": "de", "policy_version_id": "ACTIVE"}, 422, "lang"),
        ({"lang": "en", "policy_version_id": "ACTIVE", "sha256": "0" * 64}, 409, "hash"),
        ({"lang": "en", "policy_version_id": "ACTIVE", "sha256": "nothex"}, 422, "sha256"),
        ({"lang": "en", "policy_version_id": "BRAVO"}, 409, "not the active policy"),
    ],
)
def test_bad_acknowledgements(
    world: World, client: TestClient, quiz_policy: int, body: dict[str, object], status: int, words: str
) -> None:
    ids = {"OLD": world.a.policy_id, "ACTIVE": quiz_policy, "BRAVO": world.b.policy_id}
    sent = {**body, "policy_version_id": ids[str(body["policy_version_id"])]}
    response = client.post("/v1/acknowledgements", json=sent, headers=bearer(world.a.tokens[Role.EMPLOYEE]))
    assert response.status_code == status, response.text
    assert words in response.text
    if body["policy_version_id"] == "BRAVO":
        assert "Bravo" not in response.text and "version 1 " not in response.text  # nothing of bravo's shows


def test_coverage_and_exports_stay_in_the_organisation(
    world: World, client: TestClient, quiz_policy: int
) -> None:
    auditor = bearer(world.a.tokens[Role.AUDITOR])
    client.post(
        "/v1/acknowledgements",
        json={"policy_version_id": quiz_policy, "lang": "en"},
        headers=bearer(world.a.tokens[Role.SPOKESPERSON]),
    )
    cov = client.get("/v1/acknowledgements/coverage", headers=auditor)
    assert cov.status_code == 200, cov.text
    emails = {r["email"] for r in cov.json()["records"]}
    assert world.a.emails[Role.SPOKESPERSON] in emails and not any("bravo" in e for e in emails)
    team = next(t for t in cov.json()["teams"] if t["team"] == "Alpha Org team")
    assert team == {"team": "Alpha Org team", "people": 1, "acknowledged": 1, "outstanding": 0}
    exported = client.get("/v1/acknowledgements/export?format=csv", headers=auditor)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert "attachment" in exported.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert {r["status"] for r in rows} == {"acknowledged", "outstanding"}
    assert all("bravo" not in r["email"] for r in rows)
    as_json = client.get("/v1/acknowledgements/export?format=json", headers=auditor)
    assert as_json.json()["totals"]["people"] == len(rows)
    bravo = client.get("/v1/acknowledgements/coverage", headers=bearer(world.b.tokens[Role.AUDITOR])).json()
    assert not any("alpha" in r["email"] for r in bravo["records"]) and bravo["acknowledged"] == 0
    assert (
        client.get("/v1/acknowledgements/coverage", headers=bearer(world.a.tokens[Role.EMPLOYEE])).status_code
        == 403
    )
    assert client.get("/v1/acknowledgements/export?format=xml", headers=auditor).status_code == 422


def test_quiz_over_http(world: World, client: TestClient) -> None:
    token = bearer(world.a.tokens[Role.EMPLOYEE])
    quiz = client.get("/v1/acknowledgements/quiz?lang=fr", headers=token)
    assert quiz.status_code == 200, quiz.text
    assert [q["id"] for q in quiz.json()["questions"]] == ["phone", "speak"]
    assert "answer" not in quiz.text  # the right answers stay on the server
    scored = client.post(
        "/v1/acknowledgements/quiz", json={"answers": {"phone": 1, "speak": 1}, "lang": "fr"}, headers=token
    )
    assert scored.status_code == 201 and (scored.json()["score"], scored.json()["total"]) == (2, 2)
    bad = client.post(
        "/v1/acknowledgements/quiz", json={"answers": {"phone": 5, "speak": 1}, "lang": "fr"}, headers=token
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "answers.phone"
    negative = client.post(
        "/v1/acknowledgements/quiz", json={"answers": {"phone": -1, "speak": 1}, "lang": "fr"}, headers=token
    )
    assert negative.status_code == 422
    bravo = client.get("/v1/acknowledgements/quiz?lang=en", headers=bearer(world.b.tokens[Role.EMPLOYEE]))
    assert bravo.status_code == 200 and bravo.json()["questions"] == []  # bravo's policy has no quiz
    nothing = client.post(
        "/v1/acknowledgements/quiz",
        json={"answers": {"phone": 1}, "lang": "en"},
        headers=bearer(world.b.tokens[Role.EMPLOYEE]),
    )
    assert nothing.status_code == 422 and "no quiz" in nothing.text


def test_personal_guidance(world: World, client: TestClient) -> None:
    fr = client.get("/v1/acknowledgements/personal?lang=fr", headers=bearer(world.a.tokens[Role.EMPLOYEE]))
    assert fr.status_code == 200 and fr.json()["disclaimer"] == "Mes opinions n'engagent que moi."
    assert fr.json()["dos"] and fr.json()["donts"]
    assert (
        client.get(
            "/v1/acknowledgements/personal?lang=de", headers=bearer(world.a.tokens[Role.EMPLOYEE])
        ).status_code
        == 422
    )


def test_admin_reset_link_then_reset(world: World, client: TestClient) -> None:
    admin = bearer(world.a.tokens[Role.ADMIN])
    target = world.a.bystander
    assert (
        client.post(
            f"/v1/users/{target}/password-reset", headers=bearer(world.a.tokens[Role.EMPLOYEE])
        ).status_code
        == 403
    )
    assert client.post(f"/v1/users/{world.b.bystander}/password-reset", headers=admin).status_code == 404
    issued = client.post(f"/v1/users/{target}/password-reset", headers=admin)
    assert issued.status_code == 201, issued.text
    token = issued.json()["token"]
    assert issued.json()["url"].endswith(f"/reset-password?token={token}")
    weak = client.post(
        "/v1/auth/password-reset/complete", json={"token": token, "new_password": "password1234"}
    )
    assert weak.status_code == 422 and weak.json()["errors"][0]["field"] == "password"
    done = client.post("/v1/auth/password-reset/complete", json={"token": token, "new_password": STRONG})
    assert done.status_code == 204, done.text
    reused = client.post(
        "/v1/auth/password-reset/complete", json={"token": token, "new_password": STRONG + "x"}
    )
    assert reused.status_code == 422 and "already been used" in reused.text
    login = client.post("/v1/auth/login", json={"email": "bystander@alpha.example", "password": STRONG})
    assert login.status_code == 200


def test_self_service_reset_says_plainly_without_email(world: World, client: TestClient) -> None:
    response = client.post("/v1/auth/password-reset/request", json={"email": world.a.emails[Role.EMPLOYEE]})
    assert response.status_code == 200 and response.json()["email_configured"] is False
    assert "not set up" in response.json()["detail"]

    class Outbox:
        def send(self, message: delivery.Message) -> bool:
            return True

    delivery.set_mailer(Outbox())
    try:
        known = client.post("/v1/auth/password-reset/request", json={"email": world.a.emails[Role.AUDITOR]})
        unknown = client.post("/v1/auth/password-reset/request", json={"email": "ghost@alpha.example"})
        assert known.status_code == unknown.status_code == 202 and known.json() == unknown.json()
        assert known.json()["email_configured"] is True
        for _ in range(4):  # three an hour per address
            last = client.post("/v1/auth/password-reset/request", json={"email": "ghost2@alpha.example"})
        assert last.status_code == 429 and "retry-after" in {k.lower() for k in last.headers}
    finally:
        delivery.set_mailer(None)


def test_required_totp_sends_sessions_to_enrolment_and_leaves_tokens_alone(
    world: World, client: TestClient
) -> None:
    admin_token = bearer(world.b.tokens[Role.ADMIN])
    org = client.patch(
        f"/v1/organisations/{world.b.org_id}", json={"require_totp": True}, headers=admin_token
    )
    assert org.status_code == 200 and org.json()["require_totp"] is True
    assert (
        client.patch(
            f"/v1/organisations/{world.b.org_id}", json={"require_totp": "yes"}, headers=admin_token
        ).status_code
        == 422
    )
    try:
        csrf = _session(client, world.b.emails[Role.EMPLOYEE])
        refused = client.get("/v1/drafts")
        assert refused.status_code == 403 and "two-factor" in refused.json()["detail"]
        assert client.get("/v1/me").status_code == 200
        enrol = client.post("/v1/auth/totp/enrol", headers=csrf)
        assert enrol.status_code == 200, enrol.text
        code = pyotp.TOTP(enrol.json()["secret"]).now()
        assert client.post("/v1/auth/totp/confirm", json={"code": code}, headers=csrf).status_code == 200
        assert client.get("/v1/drafts").status_code == 200  # enrolled: everything opens
        token = client.get("/v1/drafts", headers=bearer(world.b.tokens[Role.APPROVER]))
        assert token.status_code == 200  # API tokens are unaffected
        alpha = client.get("/v1/drafts", headers=bearer(world.a.tokens[Role.EMPLOYEE]))
        assert alpha.status_code == 200
        assert (
            client.patch(
                f"/v1/organisations/{world.b.org_id}",
                json={"require_totp": True},
                headers=bearer(world.b.tokens[Role.EMPLOYEE]),
            ).status_code
            == 403
        )
    finally:
        client.patch(f"/v1/organisations/{world.b.org_id}", json={"require_totp": False}, headers=admin_token)
