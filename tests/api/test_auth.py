"""Logins, sessions and CSRF, rate limiting, TOTP, API tokens (expired, revoked, scoped)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pyotp
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, update

from charte.api import create_app
from charte.service import drafts, targets, users
from charte.service.demo import system
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.settings import load_settings
from charte.store.models import ApiToken, AuditEntryRow, BrowserSession, Draft, LoginFailure, User
from tests.api.conftest import PASSWORD, World, bearer


@pytest.fixture(autouse=True)
def _clean_rate_limits(world: World) -> None:
    with world.app.state.sessionmaker() as session:
        session.execute(delete(LoginFailure))
        session.execute(update(User).values(totp_enabled=False, totp_secret=None, totp_last_step=None))
        session.commit()


def _login(client: TestClient, email: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post("/v1/auth/login", json={"email": email, "password": password, **extra})


def _session(client: TestClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    """Log in (a fresh session) and return the CSRF header that unsafe requests need."""
    response = _login(client, email, password)
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


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


def test_failures_look_the_same_whether_the_user_exists_or_not(
    world: World, client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    unknown = _login(client, "nobody@nowhere.example", "wrong password 123")
    wrong = _login(client, world.a.emails[Role.AUDITOR], "wrong password 123")
    assert unknown.status_code == wrong.status_code == 401
    strip = lambda r: {k: v for k, v in r.json().items() if k != "request_id"}  # noqa: E731
    assert strip(unknown) == strip(wrong)
    # Cost: the unknown e-mail pays for one argon2 verification, as a known one does (counted, not timed:
    # a wall-clock ratio flakes on a busy machine, the count does not).
    from charte.service import security

    real, calls = security._hasher, []

    class Counting:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def verify(self, password_hash: str, password: str) -> bool:
            calls.append(password_hash)
            return real.verify(password_hash, password)

    monkeypatch.setattr(security, "_hasher", Counting())
    _login(client, "nobody2@nowhere.example", "x")
    unknown_checks, calls[:] = len(calls), []
    _login(client, world.a.emails[Role.AUDITOR], "x")
    assert unknown_checks == len(calls) == 1


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
    email = world.a.emails[Role.POLICY_OWNER]
    csrf = _session(client, email)
    enrol = client.post("/v1/auth/totp/enrol", headers=csrf).json()
    assert enrol["otpauth_uri"].startswith("otpauth://totp/Charte:")
    totp = pyotp.TOTP(enrol["secret"])
    wrong = client.post(
        "/v1/auth/totp/confirm", json={"code": "000000" if totp.now() != "000000" else "111111"}, headers=csrf
    )
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "code"
    used = totp.now()
    confirm = client.post("/v1/auth/totp/confirm", json={"code": used}, headers=csrf)
    assert confirm.status_code == 200, confirm.text
    codes = confirm.json()["recovery_codes"]
    assert len(codes) == 10 and len(set(codes)) == 10

    needs = _login(client, email)
    assert needs.status_code == 401 and needs.json()["type"] == "urn:charte:problem:totp-required"
    bad = _login(client, email, totp_code="123456" if totp.now() != "123456" else "654321")
    assert bad.status_code == 401 and bad.json()["type"] == "urn:charte:problem:unauthenticated"
    # The code already used at confirmation cannot be replayed (the same code, even if its step has ended).
    replay = _login(client, email, totp_code=used)
    assert replay.status_code == 401
    # A recovery code works exactly once.
    assert _login(client, email, recovery_code=codes[0]).status_code == 200
    assert _login(client, email, recovery_code=codes[0]).status_code == 401


def test_recovery_codes_are_stored_hashed(world: World, client: TestClient) -> None:
    from sqlalchemy import select

    from charte.store.models import RecoveryCode

    csrf = _session(client, world.a.emails[Role.APPROVER])
    secret = client.post("/v1/auth/totp/enrol", headers=csrf).json()["secret"]
    codes = client.post(
        "/v1/auth/totp/confirm", json={"code": pyotp.TOTP(secret).now()}, headers=csrf
    ).json()["recovery_codes"]
    with world.app.state.sessionmaker() as session:
        stored = set(
            session.scalars(
                select(RecoveryCode.code_hash).where(RecoveryCode.user_id == world.a.users[Role.APPROVER])
            )
        )
    assert len(stored) == 10 and not stored & set(codes)


def _new_token(client: TestClient, world: World, role: Role, scopes: list[str], days: int = 1) -> dict:
    response = client.post(
        "/v1/tokens",
        json={"name": "t", "scopes": scopes, "expires_in_days": days},
        headers=bearer(world.a.tokens[role]),
    )
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
        session.execute(
            update(ApiToken)
            .where(ApiToken.id == created["id"])
            .values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
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
    response = client.post(
        "/v1/tokens",
        json={"name": "x", "scopes": ["users:write"], "expires_in_days": 1},
        headers=bearer(world.a.tokens[Role.EMPLOYEE]),
    )
    assert response.status_code == 422 and "users:write" in response.json()["detail"]
    unknown = client.post(
        "/v1/tokens",
        json={"name": "x", "scopes": ["root"], "expires_in_days": 1},
        headers=bearer(world.a.tokens[Role.EMPLOYEE]),
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "body.scopes.0"
    too_long = client.post(
        "/v1/tokens",
        json={"name": "x", "scopes": ["check"], "expires_in_days": 5000},
        headers=bearer(world.a.tokens[Role.EMPLOYEE]),
    )
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "expires_in_days"


def test_deactivating_a_user_revokes_their_access(world: World, client: TestClient) -> None:
    admin = bearer(world.a.tokens[Role.ADMIN])
    user = client.post(
        "/v1/users",
        json={"email": "leaver@alpha.example", "role": "employee", "password": PASSWORD},
        headers=admin,
    ).json()
    client.cookies.clear()
    _login(client, "leaver@alpha.example")
    assert client.get("/v1/me").status_code == 200
    assert (
        client.patch(f"/v1/users/{user['id']}", json={"is_active": False}, headers=admin).status_code == 200
    )
    assert client.get("/v1/me").status_code == 401
    assert _login(client, "leaver@alpha.example").status_code == 401


def test_the_last_admin_cannot_be_demoted(world: World, client: TestClient) -> None:
    admin_id = world.a.users[Role.ADMIN]
    response = client.patch(
        f"/v1/users/{admin_id}", json={"role": "employee"}, headers=bearer(world.a.tokens[Role.ADMIN])
    )
    assert response.status_code == 409 and "last active admin" in response.json()["detail"]


def test_change_password_checks_the_current_one_and_the_length(world: World, client: TestClient) -> None:
    csrf = _session(client, world.a.emails[Role.AUDITOR])
    wrong = client.post(
        "/v1/me/password", json={"current_password": "nope", "new_password": "x" * 20}, headers=csrf
    )
    assert wrong.status_code == 401
    short = client.post(
        "/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"}, headers=csrf
    )
    assert short.status_code == 422 and short.json()["errors"][0]["field"] == "new_password"


# --- Hardening (issue 10): account security, throttling, passwords, refusals --------------------------------


def _audit(world: World, org_id: int, action: str) -> list[AuditEntryRow]:
    with world.app.state.sessionmaker() as session:
        return list(
            session.scalars(
                select(AuditEntryRow)
                .where(AuditEntryRow.org_id == org_id, AuditEntryRow.action == action)
                .order_by(AuditEntryRow.seq)
            )
        )


def _person(world: World, role: Role = Role.EMPLOYEE) -> tuple[int, str]:
    """A new user of organisation A (tests that change credentials must not touch the shared ones)."""
    email = f"person-{uuid.uuid4().hex[:8]}@alpha.example"
    user = world.run(
        users.create,
        system(world.a.org_id),
        email=email,
        display_name="Test Person",
        role=role,
        password=PASSWORD,
    )
    return user.id, email


def _age_sessions(world: World, user_id: int, minutes: int) -> None:
    with world.app.state.sessionmaker() as session:
        session.execute(
            update(BrowserSession)
            .where(BrowserSession.user_id == user_id)
            .values(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes))
        )
        session.commit()


ACCOUNT_SECURITY = [
    ("/v1/auth/totp/enrol", None),
    ("/v1/auth/totp/confirm", {"code": "123456"}),
    ("/v1/auth/totp/disable", {"code": "123456"}),
    ("/v1/me/password", {"current_password": PASSWORD, "new_password": "a brand new passphrase 7"}),
    ("/v1/auth/reauth", {"password": PASSWORD}),
]


@pytest.mark.parametrize(("path", "body"), ACCOUNT_SECURITY, ids=[p for p, _ in ACCOUNT_SECURITY])
def test_account_security_refuses_every_api_token(
    world: World, client: TestClient, path: str, body: dict | None
) -> None:
    """A full-scope admin token, let alone a `check` token, cannot touch how its owner signs in."""
    before = len(_audit(world, world.a.org_id, "access.denied"))
    for token in (world.a.tokens[Role.ADMIN], _new_token(client, world, Role.ADMIN, ["check"])["token"]):
        response = client.post(path, json=body, headers=bearer(token))
        assert response.status_code == 403, response.text
        assert response.json()["type"] == "urn:charte:problem:reauthentication-required"
        assert "browser session" in response.json()["detail"]
    with world.app.state.sessionmaker() as session:
        user = session.get(User, world.a.users[Role.ADMIN])
        assert user is not None and not user.totp_enabled and user.totp_secret is None
    refusals = _audit(world, world.a.org_id, "access.denied")[before:]
    assert len(refusals) == 2 and all(e.details["refused"] == "reauthentication-required" for e in refusals)
    assert all(e.actor.startswith(f"user:{world.a.users[Role.ADMIN]}/token:") for e in refusals)


def test_an_old_session_must_type_its_password_again(world: World, client: TestClient) -> None:
    user_id, email = _person(world)
    csrf = _session(client, email)
    _age_sessions(world, user_id, world.settings.fresh_login_minutes + 1)
    stale = client.post("/v1/auth/totp/enrol", headers=csrf)
    assert stale.status_code == 403 and stale.json()["type"] == "urn:charte:problem:reauthentication-required"
    mint = client.post(
        "/v1/tokens", json={"name": "stolen", "scopes": ["check"], "expires_in_days": 365}, headers=csrf
    )  # a stolen cookie must not become a year-long token
    assert mint.status_code == 403 and mint.json()["type"] == "urn:charte:problem:reauthentication-required"
    old_cookie = client.cookies.get("charte_session")
    wrong = client.post("/v1/auth/reauth", json={"password": "not my password at all"}, headers=csrf)
    assert wrong.status_code == 401
    fresh = client.post("/v1/auth/reauth", json={"password": PASSWORD}, headers=csrf)
    assert fresh.status_code == 200, fresh.text
    new_csrf = {"X-CSRF-Token": fresh.json()["csrf_token"]}
    assert client.cookies.get("charte_session") != old_cookie  # the session was replaced, not extended
    assert client.post("/v1/auth/totp/enrol", headers=new_csrf).status_code == 200
    assert (
        client.post(
            "/v1/tokens", json={"name": "mine", "scopes": ["check"], "expires_in_days": 30}, headers=new_csrf
        ).status_code
        == 201
    )
    with TestClient(
        world.app, base_url="https://testserver", cookies={"charte_session": old_cookie or ""}
    ) as copy:
        assert copy.get("/v1/me").status_code == 401
    changes = [
        e.details["change"]
        for e in _audit(world, world.a.org_id, "auth.credential_change")
        if e.object_id == str(user_id)
    ]
    assert changes == ["totp_enrolment_started"]
    assert [e.object_id for e in _audit(world, world.a.org_id, "auth.reauth")].count(str(user_id)) == 1


def test_wrong_current_passwords_are_throttled_per_session_not_per_owner(world: World) -> None:
    user_id, email = _person(world)
    limit = world.settings.login_max_failures
    with TestClient(world.app, base_url="https://testserver") as thief:
        csrf = _session(thief, email)
        for _ in range(limit):
            wrong = thief.post(
                "/v1/me/password",
                json={"current_password": "guess guess guess", "new_password": "a brand new passphrase 7"},
                headers=csrf,
            )
            assert wrong.status_code == 401
        blocked = thief.post(
            "/v1/me/password",
            json={"current_password": PASSWORD, "new_password": "a brand new passphrase 7"},
            headers=csrf,
        )
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) >= 1
        totp = thief.post("/v1/auth/reauth", json={"password": PASSWORD}, headers=csrf)
        assert totp.status_code == 429  # every secret check of that session shares the budget
    with TestClient(world.app, base_url="https://testserver", client=("10.1.2.3", 4000)) as owner:
        csrf = _session(owner, email)
        changed = owner.post(
            "/v1/me/password",
            json={"current_password": PASSWORD, "new_password": "a brand new passphrase 7"},
            headers=csrf,
        )
        assert changed.status_code == 204, changed.text
    refused = [e for e in _audit(world, world.a.org_id, "access.denied") if e.object_id == str(user_id)]
    assert len(refused) >= limit and all(
        "current_password" not in str(e.details.get("password", "")) for e in refused
    )


def test_wrong_totp_codes_are_throttled(world: World, client: TestClient) -> None:
    user_id, email = _person(world)
    csrf = _session(client, email)
    secret = client.post("/v1/auth/totp/enrol", headers=csrf).json()["secret"]
    right = pyotp.TOTP(secret).now()
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(world.settings.login_max_failures):
        assert client.post("/v1/auth/totp/confirm", json={"code": wrong}, headers=csrf).status_code == 422
    assert client.post("/v1/auth/totp/confirm", json={"code": right}, headers=csrf).status_code == 429
    refused = [
        e.details for e in _audit(world, world.a.org_id, "access.denied") if e.actor == f"user:{user_id}"
    ]
    assert [d["refused"] for d in refused] == ["secret_check"] * world.settings.login_max_failures + [
        "rate-limited"
    ]
    assert all(right not in str(d) and wrong not in str(d) for d in refused)  # never the codes


def test_password_change_ends_other_sessions_revokes_tokens_and_is_audited(world: World) -> None:
    user_id, email = _person(world)
    with (
        TestClient(world.app, base_url="https://testserver") as laptop,
        TestClient(world.app, base_url="https://testserver") as phone,
    ):
        csrf = _session(laptop, email)
        _session(phone, email)
        token = laptop.post(
            "/v1/tokens", json={"name": "ci", "scopes": ["check"], "expires_in_days": 30}, headers=csrf
        ).json()["token"]
        assert laptop.get("/v1/me", headers=bearer(token)).status_code == 200
        changed = laptop.post(
            "/v1/me/password",
            json={"current_password": PASSWORD, "new_password": "a brand new passphrase 7"},
            headers=csrf,
        )
        assert changed.status_code == 204, changed.text
        assert laptop.get("/v1/me").status_code == 200  # the session that made the change stays
        assert phone.get("/v1/me").status_code == 401
        revoked = laptop.get("/v1/me", headers=bearer(token))
        assert revoked.status_code == 401 and "revoked" in revoked.json()["detail"]
    entry = [
        e for e in _audit(world, world.a.org_id, "auth.credential_change") if e.object_id == str(user_id)
    ][-1]
    assert entry.details == {"change": "password", "other_sessions_ended": True, "tokens_revoked": True}
    assert "passphrase" not in str(entry.details)


def test_totp_changes_are_audited(world: World, client: TestClient) -> None:
    user_id, email = _person(world)
    csrf = _session(client, email)
    totp = pyotp.TOTP(client.post("/v1/auth/totp/enrol", headers=csrf).json()["secret"])
    codes = client.post("/v1/auth/totp/confirm", json={"code": totp.now()}, headers=csrf).json()[
        "recovery_codes"
    ]
    assert client.post("/v1/auth/totp/disable", json={"code": codes[0]}, headers=csrf).status_code == 204
    changes = [
        e.details["change"]
        for e in _audit(world, world.a.org_id, "auth.credential_change")
        if e.object_id == str(user_id)
    ]
    assert changes == ["totp_enrolment_started", "totp_enabled", "totp_disabled"]


def test_a_token_cannot_mint_a_token_that_outlives_it_or_exceeds_its_scopes(
    world: World, client: TestClient
) -> None:
    parent = _new_token(client, world, Role.ADMIN, ["check", "tokens:write"], days=2)["token"]
    before = len(_audit(world, world.a.org_id, "access.denied"))
    longer = client.post(
        "/v1/tokens",
        json={"name": "child", "scopes": ["check"], "expires_in_days": 365},
        headers=bearer(parent),
    )
    assert longer.status_code == 422 and longer.json()["errors"][0]["field"] == "expires_in_days"
    assert "outlives" in longer.json()["detail"]
    wider = client.post(
        "/v1/tokens",
        json={"name": "child", "scopes": ["users:write"], "expires_in_days": 1},
        headers=bearer(parent),
    )
    assert wider.status_code == 422 and "users:write" in wider.json()["detail"]
    child = client.post(
        "/v1/tokens",
        json={"name": "child", "scopes": ["check"], "expires_in_days": 1},
        headers=bearer(parent),
    )
    assert child.status_code == 201, child.text
    refusals = _audit(world, world.a.org_id, "access.denied")[before:]
    assert [e.object_id for e in refusals] == ["POST /v1/tokens", "POST /v1/tokens"]
    assert refusals[0].details["fields"] == ["expires_in_days"] and refusals[1].details["fields"] == [
        "scopes"
    ]


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("Password1234", "too easy to guess"),
        ("qwertyuiop123456", "too easy to guess"),
        ("aaaaaaaaaaaaaaaa", "too easy to guess"),
        ("newcomer.jones@alpha.example", "e-mail"),
        ("newcomer.jones", "e-mail"),
        ("short", "at least 12"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(
    world: World, client: TestClient, password: str, why: str
) -> None:
    response = client.post(
        "/v1/users",
        json={
            "email": "newcomer.jones@alpha.example",
            "role": "employee",
            "display_name": "Newcomer Jones",
            "password": password,
        },
        headers=bearer(world.a.tokens[Role.ADMIN]),
    )
    assert response.status_code == 422, response.text
    error = response.json()["errors"][0]
    assert error["field"] == "password" and why in error["message"]
    assert password not in response.text.replace("newcomer.jones@alpha.example", "")  # never echoed


def test_creating_a_user_does_not_tell_whether_the_address_exists_elsewhere(
    world: World, client: TestClient
) -> None:
    """Alpha's admin creates an address Bravo already uses, and one nobody uses: the same answer."""
    admin = bearer(world.a.tokens[Role.ADMIN])
    taken = world.b.emails[Role.APPROVER]
    free = f"free-{uuid.uuid4().hex[:8]}@bravo.example"
    answers = [
        client.post(
            "/v1/users", json={"email": email, "role": "employee", "password": PASSWORD}, headers=admin
        )
        for email in (taken, free)
    ]
    assert [a.status_code for a in answers] == [201, 201], [a.text for a in answers]
    assert set(answers[0].json()) == set(answers[1].json())
    # Both people log in: with the same e-mail and password in two organisations, the slug decides.
    ambiguous = _login(client, taken)
    assert ambiguous.status_code == 401 and "organisation" in ambiguous.json()["detail"]
    alpha = _login(client, taken, organisation="alpha")
    bravo = _login(client, taken, organisation="bravo")
    assert alpha.status_code == bravo.status_code == 200
    assert alpha.json()["user"]["id"] != bravo.json()["user"]["id"]
    # In one's own organisation, a duplicate is still refused (the admin sees those users anyway).
    again = client.post(
        "/v1/users", json={"email": taken, "role": "employee", "password": PASSWORD}, headers=admin
    )
    assert again.status_code == 409


def _throttled_app(world: World, **limits: Any) -> FastAPI:
    settings = load_settings(None, database_url=world.url, **limits)
    return create_app(settings, engine=world.app.state.db)


def _attempt(app: FastAPI, address: str, email: str, password: str, **headers: str) -> int:
    with TestClient(app, base_url="https://testserver", client=(address, 5000)) as c:
        return c.post(
            "/v1/auth/login", json={"email": email, "password": password}, headers=headers
        ).status_code


def test_an_attacker_elsewhere_cannot_lock_the_owner_out(world: World) -> None:
    """Failures count per (account, address): five wrong passwords from one place block that place only."""
    _user_id, email = _person(world)
    app = _throttled_app(world, login_max_failures=3)
    for _ in range(3):
        assert _attempt(app, "192.0.2.66", email, "wrong wrong wrong") == 401
    assert _attempt(app, "192.0.2.66", email, PASSWORD) == 429  # the attacker's place waits
    assert _attempt(app, "198.51.100.7", email, PASSWORD) == 200  # the owner, elsewhere, does not


def test_a_known_browser_passes_the_per_account_and_per_address_limits(world: World) -> None:
    """Many addresses guessing one account, or one address spraying many: new browsers wait, the owner's
    browser (its device cookie) does not, and still has its own small limit."""
    _user_id, email = _person(world)
    app = _throttled_app(
        world, login_max_failures=3, login_max_failures_per_account=4, login_max_failures_per_ip=6
    )
    with TestClient(app, base_url="https://testserver", client=("198.51.100.7", 5000)) as owner:
        assert owner.post("/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
        device = owner.cookies.get("charte_device")
        assert device and device.startswith("chd_")
        for i in range(4):  # a botnet: four addresses, one guess each
            assert _attempt(app, f"203.0.113.{i + 1}", email, "wrong wrong wrong") == 401
        assert _attempt(app, "203.0.113.99", email, PASSWORD) == 429  # a new browser waits
        owner.cookies.delete("charte_session")
        assert owner.post("/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
        for _ in range(3):  # the device's own limit
            assert (
                owner.post("/v1/auth/login", json={"email": email, "password": "typo typo typo"}).status_code
                == 401
            )
        assert owner.post("/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 429
    # Spraying from one address: after six failures on other accounts, that address waits for new accounts...
    for i in range(6):
        assert _attempt(app, "192.0.2.200", f"nobody{i}@alpha.example", "wrong wrong wrong") == 401
    _other_id, other = _person(world)
    assert _attempt(app, "192.0.2.200", other, PASSWORD) == 429
    assert _attempt(app, "198.51.100.8", other, PASSWORD) == 200  # ...not the people behind other addresses


def test_x_forwarded_for_is_believed_only_from_configured_proxies(world: World) -> None:
    _user_id, email = _person(world)
    direct = _throttled_app(world, login_max_failures=2)
    for spoofed in ("203.0.113.1", "203.0.113.2"):  # a client rotating the header still counts as itself
        assert (
            _attempt(direct, "192.0.2.50", email, "wrong wrong wrong", **{"X-Forwarded-For": spoofed}) == 401
        )
    assert _attempt(direct, "192.0.2.50", email, PASSWORD, **{"X-Forwarded-For": "203.0.113.3"}) == 429
    proxied = _throttled_app(world, login_max_failures=2, trusted_proxies=["10.0.0.0/8"])
    _other_id, other = _person(world)
    for _ in range(2):  # behind the proxy: one real client fails twice...
        assert (
            _attempt(
                proxied,
                "10.0.0.5",
                other,
                "wrong wrong wrong",
                **{"X-Forwarded-For": "203.0.113.9, 10.0.0.7"},
            )
            == 401
        )
    assert _attempt(proxied, "10.0.0.5", other, PASSWORD, **{"X-Forwarded-For": "203.0.113.9"}) == 429
    # ...and another client behind the same proxy is not blocked.
    assert _attempt(proxied, "10.0.0.5", other, PASSWORD, **{"X-Forwarded-For": "198.51.100.20"}) == 200


def test_reaching_a_login_limit_is_audited_once(world: World) -> None:
    user_id, email = _person(world)
    app = _throttled_app(world, login_max_failures=2)
    for _ in range(2):
        _attempt(app, "192.0.2.77", email, "wrong wrong wrong")
    assert _attempt(app, "192.0.2.77", email, PASSWORD) == 429
    throttled = [
        e for e in _audit(world, world.a.org_id, "auth.login_throttled") if e.object_id == str(user_id)
    ]
    failed = [e for e in _audit(world, world.a.org_id, "auth.login_failed") if e.object_id == str(user_id)]
    assert len(throttled) == 1 and len(failed) == 2


def test_logout_deletes_the_cookies_with_the_login_attributes(world: World, client: TestClient) -> None:
    csrf = _session(client, world.a.emails[Role.EMPLOYEE])
    response = client.post("/v1/auth/logout", headers=csrf)
    assert response.status_code == 204
    deleted = [h.lower() for h in response.headers.get_list("set-cookie")]
    assert len(deleted) == 2
    for header in deleted:
        assert "max-age=0" in header and "secure" in header and "samesite=strict" in header
        assert "samesite=lax" not in header
    assert any(h.startswith("charte_session=") and "httponly" in h for h in deleted)


def test_a_403_names_the_permission_readably(world: World, client: TestClient) -> None:
    response = client.get("/v1/approvals", headers=bearer(world.a.tokens[Role.EMPLOYEE]))
    assert response.status_code == 403
    body = response.json()
    assert body["detail"] == "your role or token does not grant 'approvals:act'"
    assert body["permission"] == "approvals:act" and "Permission." not in response.text


def _review_draft(world: World, author_role: Role, status: str) -> int:
    author = Principal.of(world.a.users[author_role], world.a.org_id, author_role, "system")
    data = drafts.DraftInput(
        text="Merci à toute l'équipe pour ce salon !", platform="linkedin", account_kind="personal", lang="fr"
    )
    draft = world.run(lambda store: drafts.create(store, author, world.app.state.engines, data))
    with world.app.state.sessionmaker() as session:
        session.execute(update(Draft).where(Draft.id == draft.id).values(status=status, required_levels=1))
        session.commit()
    return draft.id


def test_self_approval_and_publishing_before_approval_are_audited(world: World, client: TestClient) -> None:
    """A compliance reviewer sees the attempts that were refused, not only what happened."""
    own = _review_draft(world, Role.APPROVER, "in_review")
    before = len(_audit(world, world.a.org_id, "access.denied"))
    approve = client.post(
        f"/v1/approvals/{own}/approve", json={}, headers=bearer(world.a.tokens[Role.APPROVER])
    )
    assert approve.status_code == 403 and "maker-checker" in approve.json()["detail"]
    unapproved = _review_draft(world, Role.SPOKESPERSON, "draft")
    target = world.run(
        targets.create_target,
        system(world.a.org_id),
        name=f"mem-{uuid.uuid4().hex[:8]}",
        connector="memory",
        params={"name": "refusals"},
        account_id=None,
    )
    publish = client.post(
        f"/v1/drafts/{unapproved}/publish",
        json={"target_id": target.id},
        headers=bearer(world.a.tokens[Role.SPOKESPERSON]),
    )
    assert publish.status_code == 409
    refused = _audit(world, world.a.org_id, "access.denied")[before:]
    assert [(e.object_id, e.details["status"]) for e in refused] == [
        ("POST /v1/approvals/{draft_id}/approve", 403),
        ("POST /v1/drafts/{draft_id}/publish", 409),
    ]
    assert refused[0].details["ids"] == {"draft_id": str(own)}
    assert refused[0].actor.startswith(f"user:{world.a.users[Role.APPROVER]}/token:")
    assert refused[1].actor.startswith(f"user:{world.a.users[Role.SPOKESPERSON]}/token:")
    assert "Merci" not in str([e.details for e in refused])  # never the post


def test_serve_leaves_x_forwarded_for_to_the_trusted_proxies_setting(tmp_path: Any, monkeypatch: Any) -> None:
    """uvicorn believes X-Forwarded-For from loopback by default: `charte serve` turns that off, so only
    CHARTE_TRUSTED_PROXIES decides (the TrustedProxies middleware)."""
    import logging.config

    import uvicorn
    from click.testing import CliRunner

    from charte.cli.service import serve

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: seen.update(kwargs))
    monkeypatch.setattr(logging.config, "dictConfig", lambda _config: None)  # keep pytest's log handlers
    monkeypatch.setenv("CHARTE_DATABASE_URL", f"sqlite:///{tmp_path}/serve.db")
    result = CliRunner().invoke(serve, [])
    assert result.exit_code == 0, result.output
    assert seen["proxy_headers"] is False


@pytest.mark.parametrize(
    ("raw", "networks"),
    [("", []), ("10.0.0.0/8, ::1", ["10.0.0.0/8", "::1/128"]), ('["192.0.2.0/24"]', ["192.0.2.0/24"])],
)
def test_trusted_proxies_setting_forms(monkeypatch: Any, raw: str, networks: list[str]) -> None:
    monkeypatch.setenv("CHARTE_TRUSTED_PROXIES", raw)
    assert [str(n) for n in load_settings(None).trusted_proxies] == networks


def test_a_bad_trusted_proxy_is_named(monkeypatch: Any) -> None:
    from charte.settings import SettingsError

    monkeypatch.setenv("CHARTE_TRUSTED_PROXIES", "10.0.0.0/8,proxy.internal")
    with pytest.raises(SettingsError, match="CHARTE_TRUSTED_PROXIES"):
        load_settings(None)
