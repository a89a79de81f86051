"""Answering from the inbox, end to end and without network: a mention read by the real listening adapter (a
Mastodon status, a Bluesky post from Jetstream) is answered with a saved reply (variables filled), approved,
published by the in-process worker through the real Mastodon/Bluesky connector to a local fake server, which
receives a real reply (Mastodon: ``in_reply_to_id``; Bluesky: root and parent refs); the mention is answered and
the saved reply's use recorded. Also: a status read on another instance is answered by its address, an edit
over the network's limit is refused, a complaint answered by a non-responder needs review, and during a crisis
only the crisis team approves."""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from charte.cli.demo import demo_policy_text
from charte.connectors.base import ConnectorEnv, using
from charte.connectors.bluesky import clear_sessions
from charte.listening.adapters.jetstream import JetstreamAdapter
from charte.listening.adapters.mastodon import MastodonAdapter
from charte.listening.types import Batch, IncomingMention, SourceConfig
from charte.service import accounts, policies, teams
from charte.service.demo import system
from charte.service.ingestion import IngestionStore
from charte.service.permissions import Role
from charte.store.models import Mention, Source
from charte.store.repositories import Store
from tests.api.conftest import Tenant, World, bearer
from tests.connectors.social_fakes import LOCAL, FakeMastodon, FakePDS

R = Role
T = TypeVar("T")
Api = Callable[..., Any]


@pytest.fixture()
def api(client: TestClient, world: World) -> Iterator[Api]:
    def call(
        method: str,
        path: str,
        who: Role,
        json: object = None,
        status: int | None = None,
        t: Tenant | None = None,
    ) -> Any:
        response = client.request(method, path, json=json, headers=bearer((t or world.a).tokens[who]))
        if status is not None:
            assert response.status_code == status, response.text
        return response.json() if response.content else {}

    yield call


@pytest.fixture(autouse=True)
def _local_network(client: TestClient) -> Iterator[None]:
    """The connectors reach this machine only (the fake servers), the worker included (after the app's start,
    which configures the process from its settings)."""
    clear_sessions()
    with using(ConnectorEnv(memory=True, egress=LOCAL)):
        yield
    clear_sessions()


@pytest.fixture()
def mastodon() -> Iterator[FakeMastodon]:
    fake = FakeMastodon()
    with fake:
        yield fake


@pytest.fixture()
def pds() -> Iterator[FakePDS]:
    fake = FakePDS()
    with fake:
        yield fake


def _run(world: World, work: Callable[[Store], T]) -> T:
    """A use case in its own committed transaction."""
    with world.app.state.sessionmaker() as session:
        result = work(Store(session))
        session.commit()
        return result


THANKS = {
    "title": "Merci, nous regardons",
    "body": "Bonjour {first_name}, merci ! Nous regardons votre dossier {case_number}.",
    "lang": "fr",
    "intent": "question",
    "topic": "commande",
}


def _account(world: World, t: Tenant, platform: str) -> int:
    return int(
        _run(
            world,
            lambda store: (
                accounts.create(
                    store,
                    system(t.org_id),
                    platform=platform,
                    handle=f"@brand{uuid.uuid4().hex[:6]}",
                    display_name="Brand",
                    owner_ids=[t.users[R.ADMIN]],
                    poster_ids=[],
                    two_factor_attested=True,
                    last_rotation_at=None,
                ).id
            ),
        )
    )


def _source(world: World, t: Tenant, kind: str, settings: dict[str, Any]) -> int:
    def add(store: Store) -> int:
        row = Source(org_id=t.org_id, kind=kind, name=f"{kind}-{uuid.uuid4().hex[:8]}", settings=settings)
        store.session.add(row)
        store.session.flush()
        return int(row.id)

    return _run(world, add)


def _ingest(world: World, source: int, incoming: IncomingMention, **values: object) -> int:
    IngestionStore(world.app.state.sessionmaker, world.app.state.engines).accept(source, Batch([incoming]))
    with world.app.state.sessionmaker() as session:
        ident = session.scalar(select(Mention.id).where(Mention.source_id == source))
        assert ident is not None
        session.execute(update(Mention).where(Mention.id == ident).values(**values))
        session.commit()
    return int(ident)


def _mastodon_status(fake: FakeMastodon, text: str, url: str | None = None) -> dict[str, Any]:
    """A status someone posted on ``fake`` (as the instance's API gives it to the listening adapter)."""
    status = fake.add_status(f"<p>{text}</p>")
    status.update(
        created_at="2026-12-07T07:55:00.000Z",
        language="fr",
        account={"id": "2", "acct": "camille", "username": "camille", "display_name": "Camille Martin"},
    )
    if url is not None:
        status["url"] = url
    return status


def _mastodon_mention(world: World, t: Tenant, fake: FakeMastodon, status: dict[str, Any]) -> int:
    settings = {"instance_url": fake.base, "hashtags": ["brand"]}
    source = _source(world, t, "mastodon", settings)
    config = SourceConfig(id=source, organisation_id=t.org_id, kind="mastodon", settings=settings)
    incoming = MastodonAdapter(config, egress=LOCAL).mention(status)
    assert isinstance(incoming, IncomingMention)
    return _ingest(world, source, incoming, intent="question")


def _bluesky_mention(world: World, t: Tenant, pds: FakePDS) -> tuple[int, str, str]:
    """A reply by Alice in a thread rooted elsewhere, read from Jetstream: (mention, its URI, the root's URI)."""
    root_uri, root_cid = pds.add_post("did:plc:brand", "3root", "Nouvelle collection !")
    rkey = f"3k{uuid.uuid4().hex[:10]}"
    record: dict[str, Any] = {
        "$type": "app.bsky.feed.post",
        "text": "@brand.example.com où est ma commande ?",
        "createdAt": "2026-12-07T07:55:00.000Z",
        "langs": ["fr"],
        "reply": {"root": {"uri": root_uri, "cid": root_cid}, "parent": {"uri": root_uri, "cid": root_cid}},
    }
    uri, _cid = pds.add_post("did:plc:alice", rkey, record["text"], reply=record["reply"])
    source = _source(world, t, "bluesky", {})
    config = SourceConfig(id=source, organisation_id=t.org_id, kind="bluesky", watch=["brand.example.com"])
    event = {
        "did": "did:plc:alice",
        "time_us": 1_765_000_000_000_000,
        "kind": "commit",
        "commit": {"operation": "create", "collection": "app.bsky.feed.post", "rkey": rkey, "record": record},
    }
    _stamp, incoming = JetstreamAdapter(config, egress=LOCAL).handle(json.dumps(event))
    assert isinstance(incoming, IncomingMention) and incoming.external_id == uri
    return _ingest(world, source, incoming, intent="question"), uri, root_uri


def _saved_reply(api: Api) -> int:
    created = api("POST", "/v1/replies", R.SPOKESPERSON, {**THANKS, "title": uuid.uuid4().hex[:8]}, 201)
    api("POST", f"/v1/replies/{created['id']}/versions/1/approve", R.APPROVER, {"comment": "ok"}, 200)
    return int(created["id"])


def _target(api: Api, connector: str, params: dict[str, Any], account: int) -> int:
    body = {"name": f"{connector}-{uuid.uuid4().hex[:6]}", "connector": connector, "params": params}
    return int(api("POST", "/v1/publish-targets", R.ADMIN, {**body, "account_id": account}, 201)["id"])


def _approve_and_publish(api: Api, draft: int, target: int, approver: Role = R.APPROVER) -> None:
    if api("POST", f"/v1/drafts/{draft}/submit", R.ADMIN, None, 200)["status"] == "in_review":
        api("POST", f"/v1/approvals/{draft}/approve", approver, {}, 200)
    api("POST", f"/v1/drafts/{draft}/publish", R.ADMIN, {"target_id": target}, 202)
    deadline = time.monotonic() + 30
    while (status := api("GET", f"/v1/drafts/{draft}", R.ADMIN, None, 200)["status"]) != "published":
        assert status not in ("failed", "paused", "held"), status
        assert time.monotonic() < deadline, f"the reply was not published ({status})"
        time.sleep(0.1)


def _reply_with(api: Api, mention: int, saved: int, account: int, **values: str) -> dict[str, Any]:
    suggested = api("GET", f"/v1/replies/suggestions?mention_id={mention}", R.ADMIN, None, 200)
    assert saved in [s["reply_id"] for s in suggested]
    body = {"saved_reply_id": saved, "values": {"case_number": "A-42", **values}, "account_id": account}
    draft: dict[str, Any] = api("POST", f"/v1/mentions/{mention}/reply", R.ADMIN, body, 201)
    assert draft["text"] == "Bonjour Camille, merci ! Nous regardons votre dossier A-42."
    return draft


def _answered_and_used(api: Api, mention: int, saved: int) -> None:
    after = api("GET", f"/v1/mentions/{mention}", R.ADMIN, None, 200)
    assert after["status"] == "answered" and after["answered_at"]
    assert api("GET", f"/v1/replies/{saved}", R.ADMIN, None, 200)["use_count"] == 1


def test_a_mastodon_mention_is_answered_with_a_saved_reply_on_the_instance(
    api: Api, world: World, mastodon: FakeMastodon
) -> None:
    account = _account(world, world.a, "mastodon")
    target = _target(api, "mastodon", {"instance": mastodon.base, "access_token": "good-token-1234"}, account)
    status = _mastodon_status(mastodon, "#brand ma commande n'est pas arrivée")
    mention = _mastodon_mention(world, world.a, mastodon, status)
    with world.app.state.sessionmaker() as session:
        assert session.scalar(select(Mention.external_id).where(Mention.id == mention)) == status["id"]
    saved = _saved_reply(api)
    draft = _reply_with(api, mention, saved, account)
    # an edit is held to the network's limit too, named before anything is submitted
    edit = {"text": "x" * 501, "platform": "mastodon", "account_id": account, "version": draft["version"]}
    refused = api("PATCH", f"/v1/drafts/{draft['id']}", R.ADMIN, edit, 422)
    assert refused["errors"][0]["field"] == "text" and "500" in refused["errors"][0]["message"]
    _approve_and_publish(api, draft["id"], target)
    sent = mastodon.posted
    assert len(sent) == 1 and sent[0]["in_reply_to_id"] == status["id"]
    assert sent[0]["text_sent"] == draft["text"] and sent[0]["language"] == "fr"
    _answered_and_used(api, mention, saved)


def test_a_status_read_on_another_instance_is_answered_by_its_address(
    api: Api, world: World, mastodon: FakeMastodon
) -> None:
    """The listening instance's status id means nothing on the brand's instance: the reply names the status's
    address, which the brand's instance resolves to its own copy."""
    elsewhere = FakeMastodon()
    with elsewhere:
        elsewhere.add_status("an earlier status")  # the two instances number their statuses differently
        original = _mastodon_status(elsewhere, "#brand ma commande n'est pas arrivée")
        copy = _mastodon_status(mastodon, "#brand ma commande n'est pas arrivée", url=original["url"])
        assert copy["id"] != original["id"]
        account = _account(world, world.a, "mastodon")
        params = {"instance": mastodon.base, "access_token": "good-token-1234"}
        target = _target(api, "mastodon", params, account)
        mention = _mastodon_mention(world, world.a, elsewhere, original)
        draft = _reply_with(api, mention, _saved_reply(api), account)
        _approve_and_publish(api, draft["id"], target)
    sent = mastodon.posted
    assert len(sent) == 1 and sent[0]["in_reply_to_id"] == copy["id"]
    assert not elsewhere.posted


def test_a_bluesky_mention_is_answered_with_root_and_parent_refs(
    api: Api, world: World, pds: FakePDS
) -> None:
    account = _account(world, world.a, "bluesky")
    params = {"handle": "brand.example.com", "app_password": "app-pass-1234", "pds": pds.base}
    target = _target(api, "bluesky", params, account)
    mention, uri, root_uri = _bluesky_mention(world, world.a, pds)
    saved = _saved_reply(api)
    # Jetstream gives no display name: the agent fills the first name the inbox cannot know
    draft = _reply_with(api, mention, saved, account, first_name="Camille")
    _approve_and_publish(api, draft["id"], target)
    posts = [p for p in pds.posts_of("did:plc:brand") if p["text"] == draft["text"]]
    assert len(posts) == 1
    reply = posts[0]["reply"]
    assert reply["parent"]["uri"] == uri and reply["parent"]["cid"] == pds.records[uri]["cid"]
    assert reply["root"]["uri"] == root_uri  # the thread's root, not the post answered
    _answered_and_used(api, mention, saved)


def test_a_complaint_needs_review_and_in_a_crisis_only_the_crisis_team_approves(
    api: Api, world: World, mastodon: FakeMastodon
) -> None:
    """Bravo's organisation: its policy names a crisis team (it changes who approves for the whole world)."""
    t = world.b
    account = _account(world, t, "mastodon")
    params = {"instance": mastodon.base, "access_token": "good-token-1234"}
    target = _target_for(api, t, params, account)
    complaint = _mastodon_mention(world, t, mastodon, _mastodon_status(mastodon, "#brand service nul !"))
    _set_intent(world, complaint, "complaint")
    text = {"text": "Nous sommes désolés, nous revenons vers vous.", "account_id": account}
    draft = api("POST", f"/v1/mentions/{complaint}/reply", R.ADMIN, text, 201, t)
    assert draft["in_reply_to_complaint"] and draft["verdict"] != "allow"
    assert api("POST", f"/v1/drafts/{draft['id']}/submit", R.ADMIN, None, 200, t)["status"] == "in_review"
    # the crisis: declared, every approval goes to the crisis team; the approver signs only once a member
    policy = demo_policy_text() + "\ncrisis:\n  declare_roles: [admin]\n  team: crisis\n"
    _run(
        world, lambda store: policies.upload(store, system(t.org_id), policy, comment="crisis", activate=True)
    )
    _crisis_team(world, t, R.SPOKESPERSON)
    question = _mastodon_mention(world, t, mastodon, _mastodon_status(mastodon, "#brand c'est grave ?"))
    api("POST", "/v1/crisis", R.ADMIN, {"summary": "Panne générale"}, 201, t)
    try:
        during = api("POST", f"/v1/mentions/{question}/reply", R.ADMIN, text, 201, t)
        assert (
            api("POST", f"/v1/drafts/{during['id']}/submit", R.ADMIN, None, 200, t)["status"] == "in_review"
        )
        api("POST", f"/v1/approvals/{during['id']}/approve", R.APPROVER, {}, 403, t)
        _crisis_team(world, t, R.APPROVER)
        api("POST", f"/v1/approvals/{during['id']}/approve", R.APPROVER, {}, 200, t)
        api("POST", f"/v1/drafts/{during['id']}/publish", R.ADMIN, {"target_id": target}, 202, t)
        deadline = time.monotonic() + 30
        while api("GET", f"/v1/drafts/{during['id']}", R.ADMIN, None, 200, t)["status"] != "published":
            assert time.monotonic() < deadline, "the statement approved by the crisis team did not go out"
            time.sleep(0.1)
        assert [s["in_reply_to_id"] for s in mastodon.posted] == [_external(world, question)]
    finally:
        api("POST", "/v1/crisis/current/end", R.ADMIN, {"rest": "resume"}, 200, t)


def _target_for(api: Api, t: Tenant, params: dict[str, Any], account: int) -> int:
    body = {
        "name": f"m-{uuid.uuid4().hex[:6]}",
        "connector": "mastodon",
        "params": params,
        "account_id": account,
    }
    return int(api("POST", "/v1/publish-targets", R.ADMIN, body, 201, t)["id"])


def _set_intent(world: World, mention: int, intent: str) -> None:
    with world.app.state.sessionmaker() as session:
        session.execute(
            update(Mention)
            .where(Mention.id == mention)
            .values(intent=intent, due_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
        )
        session.commit()


def _external(world: World, mention: int) -> str | None:
    with world.app.state.sessionmaker() as session:
        found: str | None = session.scalar(select(Mention.external_id).where(Mention.id == mention))
        return found


def _crisis_team(world: World, t: Tenant, member: Role) -> None:
    """The organisation's team ``crisis`` (the policy's crisis team) has ``member`` alone."""

    def put(store: Store) -> None:
        team = store.teams.by_key(t.org_id, "crisis")
        if team is None:
            teams.create(store, system(t.org_id), key="crisis", name="Crisis", member_ids=[t.users[member]])
        else:
            store.teams.set_members(team, [t.users[member]])

    _run(world, put)


def test_the_limit_before_submission_is_the_one_at_publish_time(
    api: Api, world: World, mastodon: FakeMastodon, pds: FakePDS
) -> None:
    """An instance that takes 1,000 characters: a 600-character reply is accepted from the inbox (its bound
    target's limit, not Mastodon's default 500) and goes out; 1,001 is refused naming 1,000. And a reply goes out
    only through a target on its mention's network."""
    mastodon.configuration = {"statuses": {"max_characters": 1000}}
    account = _account(world, world.a, "mastodon")
    target = _target(api, "mastodon", {"instance": mastodon.base, "access_token": "good-token-1234"}, account)
    mention = _mastodon_mention(world, world.a, mastodon, _mastodon_status(mastodon, "#brand une question"))
    too_long = {"text": "x" * 1001, "account_id": account, "lang": "fr"}
    refused = api("POST", f"/v1/mentions/{mention}/reply", R.ADMIN, too_long, 422)
    assert refused["errors"][0]["field"] == "text" and "1000" in refused["errors"][0]["message"]
    words = "Merci pour votre question, nous regardons. " * 14  # 602 characters
    draft = api(
        "POST", f"/v1/mentions/{mention}/reply", R.ADMIN, {"text": words.strip(), "account_id": account}, 201
    )
    elsewhere = {"handle": "brand.example.com", "app_password": "app-pass-1234", "pds": pds.base}
    bluesky = int(
        api(
            "POST",
            "/v1/publish-targets",
            R.ADMIN,
            {"name": f"b-{uuid.uuid4().hex[:6]}", "connector": "bluesky", "params": elsewhere},
            201,
        )["id"]
    )
    if api("POST", f"/v1/drafts/{draft['id']}/submit", R.ADMIN, None, 200)["status"] == "in_review":
        api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 200)
    wrong = api("POST", f"/v1/drafts/{draft['id']}/publish", R.ADMIN, {"target_id": bluesky}, 409)
    assert "network of the mention" in wrong["detail"]
    api("POST", f"/v1/drafts/{draft['id']}/publish", R.ADMIN, {"target_id": target}, 202)
    deadline = time.monotonic() + 30
    while api("GET", f"/v1/drafts/{draft['id']}", R.ADMIN, None, 200)["status"] != "published":
        assert time.monotonic() < deadline, "the reply was not published"
        time.sleep(0.1)
    assert [len(s["text_sent"]) for s in mastodon.posted] == [len(words.strip())]
    assert not pds.posts_of("did:plc:brand")
