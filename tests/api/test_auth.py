"""Logins, sessions and CSRF, rate limiting, TOTP, API tokens (expired, revoked, scoped)."""

from __future__ import annotations

import datetime as dt
import time

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, update

from charte.service.permissions import Role
from charte.store.models import ApiToken, LoginFailure, User
from tests.api.conftest import PASSWORD, World, bearer


@pytest.fixture(autouse=True)
def _clean_rate_limits(world: World) -> None:
    with world.app.state.sessionmaker() as session:
        session.execute(delete(LoginFailure))
        session.execute(update(User).values(totp_enabled=False, totp_secret=None, totp_last_step=None))
        session.commit()


def _login(client: TestClient, email: str, password: str = PASSWORD, **extra: str) -> object:
    return client.post("/v1/auth/login", json={"email": email, "password": password, **extra})


def test_login_sets_a_secure_httponly_samesite_cookie(world: World, client: TestClient) -> None:
    response = _login(client, world.a.emails[Role.EMPLOYEE])
    assert response.status_code == 200, response.text
    cookie = next(h for h in response.headers.get_list("set-cookie") if h.startswith("charte_session="))
    lowered = cookie.lower()
    assert "httponly" in lowered and "secure" in lowered and "samesite=strict" in lowered
    assert response.json()["user"]["email"] == world.a.emails[Role.EMPLOYEE]
    assert "password" not in response.text.lower() or "password_hash" not in response.text
    me = client.get("/v1/me")
    assert me.status_code == 200 and me.json()["authenticated_by"] == "session"


def test_cookie_requests_that_change_something_need_the_csrf_header(world: World, client: TestClient) -> None:
    csrf = _login(client, world.a.emails[Role.EMPLOYEE]).json()["csrf_token"]
    body = {"name": "from browser", "scopes": ["check"], "expires_in_days": 1}
    refused = client.post("/v1/tokens", json=body)
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["detail"]
    wrong = client.post("/v1/tokens", json=body, headers={"X-CSRF-Token": csrf + "x"})
    assert wrong.status_code == 403
    accepted = client.post("/v1/tokens", json=body, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 201, accepted.text
    assert client.get("/v1/tokens").status_code == 200  # safe methods need no header


def test_logout_ends_the_session(world: World, client: TestClient) -> None:
    csrf = _login(client, world.a.emails[Role.APPROVER]).json()["csrf_token"]
    assert client.post("/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/v1/me").status_code == 401


def test_failures_look_the_same_whether_the_user_exists_or_not(world: World, client: TestClient) -> None:
    unknown = _login(client, "nobody@nowhere.example", "wrong password 123")
    wrong = _login(client, world.a.emails[Role.AUDITOR], "wrong password 123")
    assert unknown.status_code == wrong.status_code == 401
    strip = lambda r: {k: v for k, v in r.json().items() if k != "request_id"}  # noqa: E731
    assert strip(unknown) == strip(wrong)
    # Timing: the unknown e-mail also pays for an argon2 verification (within a generous factor).
    started = time.perf_counter()
    _login(client, "nobody2@nowhere.example", "x")
    t_unknown = time.perf_counter() - started
    started = time.perf_counter()
    _login(client, world.a.emails[Role.AUDITOR], "x")
    t_known = time.perf_counter() - started
    assert t_unknown > t_known / 4


@pytest.mark.parametrize("exists", [True, False])
def test_login_is_rate_limited_per_email(world: World, client: TestClient, exists: bool) -> None:
    email = world.a.emails[Role.SPOKESPERSON] if exists else "ghost@alpha.example"
    limit = world.settings.login_max_failures
    for _ in range(limit):
        assert _login(client, email, "not the password").status_code == 401
    blocked = _login(client, email, PASSWORD)  # even the right password waits
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1
    assert blocked.json()["type"] == "urn:charte:problem:rate-limited"


def test_totp_enrol_confirm_then_login_needs_a_code(world: World, client: TestClient) -> None:
    token = world.a.tokens[Role.POLICY_OWNER]
    email = world.a.emails[Role.POLICY_OWNER]
    enrol = client.post("/v1/auth/totp/enrol", headers=bearer(token)).json()
    assert enrol["otpauth_uri"].startswith("otpauth://totp/Charte:")
    totp = pyotp.TOTP(enrol["secret"])
    wrong = client.post("/v1/auth/totp/confirm", json={"code": "000000" if totp.now() != "000000" else "111111"},
                        headers=bearer(token))
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "code"
    confirm = client.post("/v1/auth/totp/confirm", json={"code": totp.now()}, headers=bearer(token))
    assert confirm.status_code == 200, confirm.text
    codes = confirm.json()["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10

    needs = _login(client, email)
    assert needs.status_code == 401 and needs.json()["type"] == "urn:charte:problem:totp-required"
    bad = _login(client, email, totp_code="123456" if totp.now() != "123456" else "654321")
    assert bad.status_code == 401 and bad.json()["type"] == "urn:charte:problem:unauthenticated"
    # The code already used at confirmation cannot be replayed within its time step.
    replay = _login(client, email, totp_code=totp.now())
    assert replay.status_code == 401
    # A recovery code works exactly once.
    assert _login(client, email, recovery_code=codes[0]).status_code == 200
    assert _login(client, email, recovery_code=codes[0]).status_code == 401


def test_recovery_codes_are_stored_hashed(world: World, client: TestClient) -> None:
    from sqlalchemy import select

    from charte.store.models import RecoveryCode

    token = world.a.tokens[Role.APPROVER]
    secret = client.post("/v1/auth/totp/enrol", headers=bearer(token)).json()["secret"]
    codes = client.post("/v1/auth/totp/confirm", json={"code": pyotp.TOTP(secret).now()},
                        headers=bearer(token)).json()["recovery_codes"]
    with world.app.state.sessionmaker() as session:
        stored = set(session.scalars(select(RecoveryCode.code_hash).where(
            RecoveryCode.user_id == world.a.users[Role.APPROVER])))
    assert len(stored) == 10 and not stored & set(codes)


def _new_token(client: TestClient, world: World, role: Role, scopes: list[str], days: int = 1) -> dict:
    response = client.post("/v1/tokens", json={"name": "t", "scopes": scopes, "expires_in_days": days},
                           headers=bearer(world.a.tokens[role]))
    assert response.status_code == 201, response.text
    return response.json()


def test_token_secret_is_shown_once_and_stored_hashed(world: World, client: TestClient) -> None:
    from sqlalchemy import select

    created = _new_token(client, world, Role.EMPLOYEE, ["check"])
    assert created["token"].startswith("chk_")
    listed = client.get("/v1/tokens", headers=bearer(world.a.tokens[Role.EMPLOYEE])).json()["items"]
    assert all("token" not in item for item in listed)
    with world.app.state.sessionmaker() as session:
        hashes = set(session.scalars(select(ApiToken.token_hash)))
    assert created["token"] not in hashes


def test_expired_token_is_refused(world: World, client: TestClient) -> None:
    created = _new_token(client, world, Role.EMPLOYEE, ["check"])
    assert client.get("/v1/me", headers=bearer(created["token"])).status_code == 200
    with world.app.state.sessionmaker() as session:
        session.execute(update(ApiToken).where(ApiToken.id == created["id"])
                        .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
        session.commit()
    response = client.get("/v1/me", headers=bearer(created["token"]))
    assert response.status_code == 401 and "expired" in response.json()["detail"]


def test_revoked_token_is_refused(world: World, client: TestClient) -> None:
    created = _new_token(client, world, Role.SPOKESPERSON, ["check"])
    revoke = client.delete(f"/v1/tokens/{created['id']}", headers=bearer(created["token"]))
    assert revoke.status_code == 200 and revoke.json()["revoked_at"]
    response = client.post("/v1/check", json={"text": "hi"}, headers=bearer(created["token"]))
    assert response.status_code == 401 and "revoked" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Bearer chk_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "chk_x"])
def test_bad_authorization_headers(world: World, client: TestClient, header: str) -> None:
    response = client.get("/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_scopes_narrow_what_a_token_can_do(world: World, client: TestClient) -> None:
    check_only = _new_token(client, world, Role.ADMIN, ["check"])["token"]
    assert client.post("/v1/check", json={"text": "hi"}, headers=bearer(check_only)).status_code == 200
    denied = client.get("/v1/accounts", headers=bearer(check_only))
    assert denied.status_code == 403 and denied.json()["permission"] == "accounts:read"


def test_a_token_cannot_grant_more_than_its_creator_has(world: World, client: TestClient) -> None:
    response = client.post("/v1/tokens", json={"name": "x", "scopes": ["users:write"], "expires_in_days": 1},
                           headers=bearer(world.a.tokens[Role.EMPLOYEE]))
    assert response.status_code == 422 and "users:write" in response.json()["detail"]
    unknown = client.post("/v1/tokens", json={"name": "x", "scopes": ["root"], "expires_in_days": 1},
                          headers=bearer(world.a.tokens[Role.EMPLOYEE]))
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "body.scopes.0"
    too_long = client.post("/v1/tokens", json={"name": "x", "scopes": ["check"], "expires_in_days": 5000},
                           headers=bearer(world.a.tokens[Role.EMPLOYEE]))
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "expires_in_days"


def test_deactivating_a_user_revokes_their_access(world: World, client: TestClient) -> None:
    admin = bearer(world.a.tokens[Role.ADMIN])
    user = client.post("/v1/users", json={"email": "leaver@alpha.example", "role": "employee",
                                          "password": PASSWORD}, headers=admin).json()
    client.cookies.clear()
    _login(client, "leaver@alpha.example")
    assert client.get("/v1/me").status_code == 200
    assert client.patch(f"/v1/users/{user['id']}", json={"is_active": False}, headers=admin).status_code == 200
    assert client.get("/v1/me").status_code == 401
    assert _login(client, "leaver@alpha.example").status_code == 401


def test_the_last_admin_cannot_be_demoted(world: World, client: TestClient) -> None:
    admin_id = world.a.users[Role.ADMIN]
    response = client.patch(f"/v1/users/{admin_id}", json={"role": "employee"},
                            headers=bearer(world.a.tokens[Role.ADMIN]))
    assert response.status_code == 409 and "last active admin" in response.json()["detail"]


def test_change_password_checks_the_current_one_and_the_length(world: World, client: TestClient) -> None:
    token = bearer(world.a.tokens[Role.AUDITOR])
    wrong = client.post("/v1/me/password", json={"current_password": "nope", "new_password": "x" * 20},
                        headers=token)
    assert wrong.status_code == 401
    short = client.post("/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"},
                        headers=token)
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "new_password"
