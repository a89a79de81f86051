"""Roles and functions through the API (issue 11): the application role says what a user may do in Charte, the
policy's functions (granted by teams) say who may speak for the brand; a post is checked with its author's."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from charte.cli.demo import demo_policy_text
from charte.connectors.memory import outbox
from charte.service import accounts, demo, policies, tokens
from charte.service.demo import system
from charte.service.permissions import ROLE_PERMISSIONS, Role
from charte.service.principal import Principal
from charte.store.repositories import Store
from tests.api.conftest import World, bearer

ANNOUNCE = "Nous annonçons aujourd'hui le lancement de la nouvelle application Acme !"
STATEMENT = "spokesperson.statements"

Call = Callable[..., Any]


@pytest.fixture()
def call(client: TestClient) -> Iterator[Call]:
    def request(method: str, path: str, token: str, json: object = None, status: int | None = None) -> Any:
        response = client.request(method, path, json=json, headers=bearer(token))
        if status is not None:
            assert response.status_code == status, response.text
        return response.json() if response.content else {}

    yield request


def _rules(decision: dict[str, Any]) -> set[str]:
    return {f["rule_id"] for f in decision["findings"]}


def _token(world: World, user_id: int, org_id: int, role: Role) -> str:
    actor = Principal.of(user_id, org_id, role, "system")
    return world.run(
        tokens.create,
        actor,
        name=f"functions-{user_id}",
        scopes=sorted(ROLE_PERMISSIONS[role]),
        expires_in_days=1,
        max_days=30,
    ).secret


def _brand_check(call: Call, token: str, text: str = ANNOUNCE) -> dict[str, Any]:
    return call(
        "POST",
        "/v1/check",
        token,
        {"text": text, "lang": "fr", "account": "brand", "platform": "linkedin"},
        200,
    )


# -- the demo ------------------------------------------------------------------------------------------


def test_the_demo_spokesperson_posts_on_the_brand_account_he_may_post_to(world: World, call: Call) -> None:
    """The bug of issue 11: Sam Spokesperson was refused on the demo's brand account. His public relations team
    gives him the ``communications`` function; Emma, an employee given access to the same account, holds none."""
    with world.app.state.sessionmaker() as session:
        seeded = demo.seed(Store(session), demo_policy_text())
        session.commit()
    org_id = seeded.org.id
    store = world.store()
    try:
        sam = store.users.in_org_by_email(org_id, "spokesperson@acme.example")
        emma = store.users.in_org_by_email(org_id, "employee@acme.example")
        account = store.accounts.find(org_id, "linkedin", "acme")
        assert sam is not None and emma is not None and account is not None
        sam_id, emma_id, account_id = sam.id, emma.id, account.id
        poster_ids = [p.user_id for p in account.posters]
    finally:
        store.session.close()
    sam_token = _token(world, sam_id, org_id, Role.SPOKESPERSON)
    teams = call("GET", "/v1/teams?key=pr", sam_token, None, 200)["items"]
    assert teams[0]["functions"] == ["communications"] and sam_id in teams[0]["member_ids"]
    me = call("GET", "/v1/me", sam_token, None, 200)
    assert me["user"]["role"] == "spokesperson" and me["functions"] == ["communications"]
    assert "drafts:publish" in me["permissions"]  # the role: what he may do in Charte

    body = {
        "text": ANNOUNCE,
        "platform": "linkedin",
        "account_kind": "brand",
        "account_id": account_id,
        "lang": "fr",
    }
    draft = call("POST", "/v1/drafts", sam_token, body, 201)
    assert draft["verdict"] == "allow" and STATEMENT not in _rules(draft["decision"])
    assert call("POST", f"/v1/drafts/{draft['id']}/submit", sam_token, None, 200)["status"] == "approved"
    box = outbox("demo", org_id)
    box.reset()
    target = next(
        t
        for t in call("GET", "/v1/publish-targets", sam_token, None, 200)["items"]
        if t["name"] == demo.DEMO_TARGET
    )
    call("POST", f"/v1/drafts/{draft['id']}/publish", sam_token, {"target_id": target["id"]}, 202)
    deadline = time.monotonic() + 20
    while (done := call("GET", f"/v1/drafts/{draft['id']}", sam_token, None, 200))["status"] not in (
        "published",
        "failed",
    ) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert done["status"] == "published" and [p.text for p in box.posts.values()] == [ANNOUNCE]

    # Emma may post on the account (access), but no team gives her a function: the same words need review.
    world.run(
        accounts.update,
        system(org_id),
        account_id,
        display_name=None,
        poster_ids=[*poster_ids, emma_id],
        owner_ids=None,
        two_factor_attested=None,
        last_rotation_at=None,
    )
    emma_token = _token(world, emma_id, org_id, Role.EMPLOYEE)
    refused = call("POST", "/v1/drafts", emma_token, body, 201)
    assert refused["verdict"] == "review" and STATEMENT in _rules(refused["decision"])
    finding = next(f for f in refused["decision"]["findings"] if f["rule_id"] == STATEMENT)
    assert "« aucune »" in finding["message"]  # the author is known to hold no function


# -- granting a function -------------------------------------------------------------------------------


def test_a_team_grants_a_function_and_taking_it_back_refuses_again(world: World, call: Call) -> None:
    a = world.a
    owner, employee = a.tokens[Role.POLICY_OWNER], a.tokens[Role.EMPLOYEE]
    assert STATEMENT in _rules(_brand_check(call, employee))  # no team, no function
    team = call(
        "POST",
        "/v1/teams",
        owner,
        {
            "key": "press-office",
            "name": "Press office",
            "member_ids": [a.users[Role.EMPLOYEE]],
            "functions": ["communications"],
        },
        201,
    )
    assert team["functions"] == ["communications"] and team["undefined_functions"] == []
    assert STATEMENT not in _rules(_brand_check(call, employee))
    # A function only for brand accounts does not cover a personal post; communications covers both.
    call("PATCH", f"/v1/teams/{team['id']}", owner, {"functions": ["community_manager"]}, 200)
    personal = call("POST", "/v1/check", employee, {"text": ANNOUNCE, "lang": "fr"}, 200)
    assert STATEMENT in _rules(personal) and STATEMENT not in _rules(_brand_check(call, employee))
    call("PATCH", f"/v1/teams/{team['id']}", owner, {"functions": []}, 200)
    assert STATEMENT in _rules(_brand_check(call, employee))
    call("DELETE", f"/v1/teams/{team['id']}", owner, None, 204)


def test_a_function_the_policy_does_not_define_is_refused_with_the_known_ones(
    world: World, call: Call
) -> None:
    owner = world.a.tokens[Role.POLICY_OWNER]
    bad = call(
        "PATCH", f"/v1/teams/{world.a.team_id}", owner, {"functions": ["communications", "astronaut"]}, 422
    )
    (error,) = bad["errors"]
    assert error["field"] == "functions" and "'astronaut'" in error["message"]
    assert "communications, community_manager, customer_service, executive" in error["message"]
    twice = call(
        "PATCH", f"/v1/teams/{world.a.team_id}", owner, {"functions": ["executive", "executive"]}, 422
    )
    assert "repeated: executive" in str(twice)
    assert call("GET", f"/v1/teams/{world.a.team_id}", owner, None, 200)["functions"] == []  # nothing changed
    # Functions are a permission change: only roles that manage teams may grant them.
    call(
        "PATCH",
        f"/v1/teams/{world.a.team_id}",
        world.a.tokens[Role.SPOKESPERSON],
        {"functions": ["executive"]},
        403,
    )


def test_a_check_request_cannot_claim_functions(world: World, call: Call) -> None:
    employee = world.a.tokens[Role.EMPLOYEE]
    claimed = call(
        "POST",
        "/v1/check",
        employee,
        {"text": ANNOUNCE, "account": "brand", "functions": ["communications"]},
        422,
    )
    assert claimed["errors"][0]["field"] == "functions" and "your teams" in claimed["errors"][0]["message"]
    old = call("POST", "/v1/check", employee, {"text": ANNOUNCE, "role": "communications"}, 422)
    assert 'write "functions"' in str(old)


def test_activating_a_policy_without_a_mapped_function_warns_and_the_name_grants_nothing(
    world: World, call: Call
) -> None:
    a = world.a
    owner, employee = a.tokens[Role.POLICY_OWNER], a.tokens[Role.EMPLOYEE]
    team = call(
        "POST",
        "/v1/teams",
        owner,
        {
            "key": "execs",
            "name": "Executives",
            "functions": ["executive"],
            "member_ids": [a.users[Role.EMPLOYEE]],
        },
        201,
    )
    text = demo_policy_text()
    without = text.replace("    - role: executive\n      accounts: [brand, personal]\n", "", 1)
    assert without != text
    row = world.run(policies.upload, system(a.org_id), without, comment="no executives", activate=True)
    try:
        shown = call("GET", f"/v1/teams/{team['id']}", owner, None, 200)
        assert shown["functions"] == ["executive"] and shown["undefined_functions"] == ["executive"]
        assert STATEMENT in _rules(_brand_check(call, employee))
        entries = call("GET", "/v1/audit?action=policy.change&limit=500", a.tokens[Role.ADMIN], None, 200)[
            "items"
        ]
        (activated,) = [
            e["details"]
            for e in entries
            if e["details"].get("change") == "activated" and e["object_id"] == str(row.id)
        ]
        assert activated["teams_with_undefined_functions"] == ["execs"]
        assert activated["undefined_functions"] == ["executive"]
    finally:
        world.run(policies.activate, system(a.org_id), a.policy_id)
        call("DELETE", f"/v1/teams/{team['id']}", owner, None, 204)


# -- one organisation never sees another's ---------------------------------------------------------------


def test_functions_stay_inside_their_organisation(world: World, call: Call) -> None:
    a, b = world.a, world.b
    team = call(
        "POST",
        "/v1/teams",
        a.tokens[Role.ADMIN],
        {
            "key": "alpha-voice",
            "name": "Alpha voice",
            "member_ids": [a.users[Role.SPOKESPERSON]],
            "functions": ["communications"],
        },
        201,
    )
    try:
        assert STATEMENT not in _rules(_brand_check(call, a.tokens[Role.SPOKESPERSON]))
        assert STATEMENT in _rules(_brand_check(call, b.tokens[Role.SPOKESPERSON]))
        call("GET", f"/v1/teams/{team['id']}", b.tokens[Role.ADMIN], None, 404)
        call(
            "PATCH",
            f"/v1/teams/{team['id']}",
            b.tokens[Role.ADMIN],
            {"member_ids": [b.users[Role.SPOKESPERSON]]},
            404,
        )
        listed = call("GET", "/v1/teams", b.tokens[Role.ADMIN], None, 200)["items"]
        assert "alpha-voice" not in {t["key"] for t in listed}
        # Bravo cannot put Alpha's people on its own team to hand them a function either.
        call(
            "POST",
            "/v1/teams",
            b.tokens[Role.ADMIN],
            {
                "key": "bravo-voice",
                "name": "Bravo voice",
                "member_ids": [a.users[Role.EMPLOYEE]],
                "functions": ["communications"],
            },
            422,
        )
        assert STATEMENT in _rules(_brand_check(call, a.tokens[Role.EMPLOYEE]))
    finally:
        call("DELETE", f"/v1/teams/{team['id']}", a.tokens[Role.ADMIN], None, 204)


def test_an_approver_editing_a_draft_does_not_change_whose_functions_check_it(
    world: World, call: Call
) -> None:
    """The author still speaks when an approver rewords their post: the edit is checked with the author's
    functions, not the approver's (who holds none here)."""
    a = world.a
    owner, author, approver = a.tokens[Role.POLICY_OWNER], a.tokens[Role.EMPLOYEE], a.tokens[Role.APPROVER]
    team = call(
        "POST",
        "/v1/teams",
        owner,
        {
            "key": "comms-desk",
            "name": "Comms desk",
            "functions": ["communications"],
            "member_ids": [a.users[Role.EMPLOYEE]],
        },
        201,
    )
    try:
        # Personal post naming the employer without the disclaimer: in review, but no statement finding.
        draft = call(
            "POST",
            "/v1/drafts",
            author,
            {"text": ANNOUNCE, "platform": "linkedin", "account_kind": "personal", "lang": "fr"},
            201,
        )
        assert draft["verdict"] == "review" and STATEMENT not in _rules(draft["decision"])
        assert call("POST", f"/v1/drafts/{draft['id']}/submit", author, None, 200)["status"] == "in_review"
        edited = call(
            "PATCH",
            f"/v1/drafts/{draft['id']}",
            approver,
            {"text": ANNOUNCE + " À lundi !", "version": 1},
            200,
        )
        assert edited["version"] == 2 and edited["last_editor_id"] == a.users[Role.APPROVER]
        assert STATEMENT not in _rules(edited["decision"])
        # The approver's own words would not pass: they hold no function.
        assert STATEMENT in _rules(call("POST", "/v1/check", approver, {"text": ANNOUNCE, "lang": "fr"}, 200))
    finally:
        call("DELETE", f"/v1/teams/{team['id']}", owner, None, 204)


def test_the_active_policy_is_found_in_one_place(world: World) -> None:
    """engines.active_policy serves checks, approvals and teams alike: the compiled engine's policy when a cache
    is given, the same policy parsed alone otherwise, and NoActivePolicy saying what needed it when there is none."""
    from charte.errors import NoActivePolicy
    from charte.service import engines, organisations, teams

    org_id = world.run(lambda store: organisations.create(store, "Charlie Org", "charlie-functions").id)
    with pytest.raises(NoActivePolicy, match="functions are the names it defines"):
        world.run(
            teams.create,
            system(org_id),
            key="press",
            name="Press",
            member_ids=[],
            function_names=["communications"],
        )
    with pytest.raises(NoActivePolicy, match="no active policy"):
        world.run(engines.active_policy, None, org_id)
    cache = engines.EngineCache()
    a = world.a.org_id

    def both(store: Store) -> tuple[object, object, object]:
        compiled = engines.active_engine(store, cache, a)[1]
        return engines.active_policy(store, cache, a), engines.active_policy(store, None, a), compiled.policy

    cached, parsed, compiled = world.run(both)
    assert cached is compiled and parsed == cached and parsed is not cached


def test_a_membership_change_takes_effect_on_the_next_check_everywhere(world: World, call: Call) -> None:
    """The hot path reads the caller's functions with their token (one query, no cache): joining or leaving a
    team changes the next check, by token and by browser session, in this process and in another worker's."""
    from fastapi.testclient import TestClient as Client

    from charte.api import create_app
    from charte.store.db import make_engine
    from tests.api.conftest import PASSWORD

    a = world.a
    owner, employee = a.tokens[Role.POLICY_OWNER], a.tokens[Role.EMPLOYEE]
    member = a.users[Role.EMPLOYEE]
    engine = make_engine(world.url)
    other = Client(create_app(world.settings, engine=engine), base_url="https://testserver")
    browser = Client(world.app, base_url="https://testserver")
    try:
        csrf = browser.post(
            "/v1/auth/login", json={"email": a.emails[Role.EMPLOYEE], "password": PASSWORD}
        ).json()["csrf_token"]

        def statements() -> list[bool]:
            """Whether the statement rule fires: by token here, by token in another worker, by session."""
            post = {"text": ANNOUNCE, "lang": "fr", "account": "brand", "platform": "linkedin"}
            by_other = other.post("/v1/check", json=post, headers=bearer(employee))
            by_session = browser.post("/v1/check", json=post, headers={"X-CSRF-Token": csrf})
            assert by_other.status_code == by_session.status_code == 200, (by_other.text, by_session.text)
            return [
                STATEMENT in _rules(_brand_check(call, employee)),
                STATEMENT in _rules(by_other.json()),
                STATEMENT in _rules(by_session.json()),
            ]

        assert statements() == [True, True, True]  # no team yet (and every worker has checked once)
        press = call(
            "POST",
            "/v1/teams",
            owner,
            {"key": "press", "name": "Press", "member_ids": [], "functions": ["communications"]},
            201,
        )
        assert statements() == [True, True, True]  # a team without the employee grants nothing
        call("PATCH", f"/v1/teams/{press['id']}", owner, {"member_ids": [member]}, 200)
        assert statements() == [False, False, False]  # joined: covered at once
        # A second team without the function: the union still holds it.
        other_team = call(
            "POST",
            "/v1/teams",
            owner,
            {"key": "care-desk", "name": "Care", "member_ids": [member], "functions": []},
            201,
        )
        assert statements() == [False, False, False]
        call("PATCH", f"/v1/teams/{press['id']}", owner, {"member_ids": []}, 200)
        assert statements() == [True, True, True]  # left: refused again at once
        call("DELETE", f"/v1/teams/{other_team['id']}", owner, None, 204)
        call("DELETE", f"/v1/teams/{press['id']}", owner, None, 204)
    finally:
        other.close()
        browser.close()
        engine.dispose()
