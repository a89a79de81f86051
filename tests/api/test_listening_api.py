"""/v1/sources, the signed inbound webhook, /v1/mentions and /v1/alerts: the main path, bad inputs, and one
organisation never reaching another's sources, mentions or alerts."""

from __future__ import annotations

import json
import time

from fastapi.testclient import TestClient

from charte.connectors.webhook import sign
from charte.service import mentions
from charte.service.permissions import Role
from tests.api.conftest import World, bearer

SECRET = "a-webhook-secret-of-32-characters"


def _hook(client: TestClient, world: World, name: str = "hook") -> int:
    r = client.post(
        "/v1/sources",
        json={"kind": "webhook", "name": name, "settings": {}, "secret": SECRET},
        headers=bearer(world.a.tokens[Role.ADMIN]),
    )
    assert r.status_code == 201, r.text
    assert "secret" not in r.json() and r.json()["has_secret"] is True
    assert SECRET not in r.text
    return int(r.json()["id"])


def _post(client: TestClient, source: int, payload: object, *, ts: int | None = None, secret: str = SECRET):
    body = json.dumps(payload).encode()
    stamp = int(time.time()) if ts is None else ts
    return client.post(
        f"/v1/sources/{source}/events",
        content=body,
        headers={
            "Content-Type": "application/json",
            "Charte-Timestamp": str(stamp),
            "Charte-Signature": sign(secret.encode(), stamp, body),
        },
    )


def test_sources_are_managed_by_admins_of_their_organisation(client: TestClient, world: World) -> None:
    source = _hook(client, world, "managed")
    assert client.get(f"/v1/sources/{source}", headers=bearer(world.b.tokens[Role.ADMIN])).status_code == 404
    r = client.post(
        "/v1/sources",
        json={"kind": "import", "name": "x", "settings": {}},
        headers=bearer(world.a.tokens[Role.SPOKESPERSON]),
    )
    assert r.status_code == 403
    r = client.post(
        "/v1/sources",
        json={"kind": "rss", "name": "feed", "settings": {"url": "not a url"}},
        headers=bearer(world.a.tokens[Role.ADMIN]),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "settings.url"
    r = client.post(
        "/v1/sources",
        json={"kind": "webhook", "name": "nokey", "settings": {}},
        headers=bearer(world.a.tokens[Role.ADMIN]),
    )
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "secret"
    r = client.patch(
        f"/v1/sources/{source}", json={"enabled": False}, headers=bearer(world.b.tokens[Role.ADMIN])
    )
    assert r.status_code == 404
    health = client.get(f"/v1/sources/{source}/health", headers=bearer(world.a.tokens[Role.ADMIN]))
    assert health.status_code == 200 and health.json()["events_count"] == 0
    assert (
        client.delete(f"/v1/sources/{source}", headers=bearer(world.b.tokens[Role.ADMIN])).status_code == 404
    )
    assert (
        client.delete(f"/v1/sources/{source}", headers=bearer(world.a.tokens[Role.ADMIN])).status_code == 204
    )


def test_webhook_signed_stored_once_and_refusals(client: TestClient, world: World) -> None:
    source = _hook(client, world)
    item = {"id": "w1", "text": "Votre service est nul, je veux être remboursé !", "author": "@client"}
    r = _post(client, source, [item, {"id": "w2", "text": "Merci !", "in_reply_to": "w1"}])
    assert r.status_code == 202, r.text
    assert r.json() == {"received": 2, "stored": 2}
    assert _post(client, source, item).json() == {"received": 1, "stored": 0}  # a replay stores nothing
    assert _post(client, source, item, secret="another-secret-of-enough-length").status_code == 401
    assert _post(client, source, item, ts=int(time.time()) - 600).status_code == 401  # older than 5 minutes
    assert _post(client, 999_999, item).status_code == 401  # same answer: tells a stranger nothing
    r = _post(client, source, [item, {"id": "w3"}, {"id": "w4", "text": 5}])
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["body[1]", "body[2]"]
    assert r.headers["content-type"].startswith("application/problem+json")
    unsigned = client.post(f"/v1/sources/{source}/events", content=b"{}")
    assert unsigned.status_code == 401


def test_inbox_list_assign_status_notes_thread(client: TestClient, world: World) -> None:
    source = _hook(client, world, "inbox")
    _post(
        client,
        source,
        [
            {"id": "i1", "text": "Mon colis n'est jamais arrivé, c'est scandaleux", "author": "@a"},
            {
                "id": "i2",
                "text": "Toujours rien, votre service est nul, je veux être remboursé !",
                "author": "@a",
                "in_reply_to": "i1",
            },
        ],
    )
    admin = bearer(world.a.tokens[Role.ADMIN])
    page = client.get("/v1/mentions", params={"source_id": source, "intent": "complaint"}, headers=admin)
    assert page.status_code == 200, page.text
    items = page.json()["items"]
    assert {m["external_id"] for m in items} == {"i1", "i2"}
    assert all(m["team"] == "care" and m["due_at"] for m in items)
    reply = next(m for m in items if m["external_id"] == "i2")
    thread = client.get(f"/v1/mentions/{reply['id']}/thread", headers=admin).json()
    assert [m["external_id"] for m in thread["ancestors"]] == ["i1"]
    spokesperson = world.a.users[Role.SPOKESPERSON]
    r = client.post(f"/v1/mentions/{reply['id']}/assign", json={"assignee_id": spokesperson}, headers=admin)
    assert r.status_code == 200 and r.json()["status"] == "assigned"
    r = client.post(f"/v1/mentions/{reply['id']}/status", json={"status": "lost"}, headers=admin)
    assert r.status_code == 422
    r = client.post(f"/v1/mentions/{reply['id']}/status", json={"status": "answered"}, headers=admin)
    assert r.json()["status"] == "answered"
    r = client.post(f"/v1/mentions/{reply['id']}/notes", json={"text": "Refund sent"}, headers=admin)
    assert r.status_code == 201
    assert client.get(f"/v1/mentions/{reply['id']}/notes", headers=admin).json()[0]["text"] == "Refund sent"
    assert client.get("/v1/mentions", params={"sort": "sideways"}, headers=admin).status_code == 422
    assert client.get("/v1/mentions", params={"cursor": "bad"}, headers=admin).status_code == 422
    # another organisation: nothing, everywhere
    other = bearer(world.b.tokens[Role.ADMIN])
    assert client.get(f"/v1/mentions/{reply['id']}", headers=other).status_code == 404
    assert (
        client.post(
            f"/v1/mentions/{reply['id']}/status", json={"status": "closed"}, headers=other
        ).status_code
        == 404
    )
    assert (
        client.post(f"/v1/mentions/{reply['id']}/notes", json={"text": "x"}, headers=other).status_code == 404
    )
    assert all(m["source_id"] != source for m in client.get("/v1/mentions", headers=other).json()["items"])
    # an employee has no inbox
    assert client.get("/v1/mentions", headers=bearer(world.a.tokens[Role.EMPLOYEE])).status_code == 403


def test_alerts_listed_and_acknowledged_in_their_organisation(client: TestClient, world: World) -> None:
    alert = world.run(lambda s: mentions.raise_alert(s, world.a.org_id, "spike", "Negative mentions x4").id)
    admin = bearer(world.a.tokens[Role.ADMIN])
    listed = client.get("/v1/alerts", params={"acknowledged": False}, headers=admin).json()["items"]
    assert alert in [a["id"] for a in listed]
    assert (
        client.post(f"/v1/alerts/{alert}/acknowledge", headers=bearer(world.b.tokens[Role.ADMIN])).status_code
        == 404
    )
    assert (
        client.post(
            f"/v1/alerts/{alert}/acknowledge", headers=bearer(world.a.tokens[Role.AUDITOR])
        ).status_code
        == 403
    )
    r = client.post(f"/v1/alerts/{alert}/acknowledge", headers=admin)
    assert r.status_code == 200 and r.json()["acknowledged"] is True


def test_flagged_and_impersonation_filters_and_adapter_settings(client: TestClient, world: World) -> None:
    source = _hook(client, world, "flags")
    _post(
        client,
        source,
        [
            {"id": "f1", "text": "Support officiel : écrivez-nous en privé", "author": "@Acme_Support"},
            {"id": "f2", "text": "Merci pour le café", "author": "@marie"},
        ],
    )
    admin = bearer(world.a.tokens[Role.ADMIN])
    found = client.get("/v1/mentions", params={"source_id": source, "flags": "impersonation"}, headers=admin)
    assert found.status_code == 200, found.text
    items = found.json()["items"]
    assert [m["external_id"] for m in items] == ["f1"]
    assert items[0]["flag"] == "account" and items[0]["flags"]["account"]["target"]
    flagged = client.get("/v1/mentions", params={"source_id": source, "flags": "flagged"}, headers=admin)
    assert [m["external_id"] for m in flagged.json()["items"]] == ["f1"]
    assert client.get("/v1/mentions", params={"flags": "odd"}, headers=admin).status_code == 422
    other = bearer(world.b.tokens[Role.ADMIN])
    theirs = client.get("/v1/mentions", params={"flags": "flagged"}, headers=other).json()["items"]
    assert all(m["source_id"] != source for m in theirs)
    # what an admin saves is the adapter's own settings (plus the watch fields), checked field by field
    r = client.post(
        "/v1/sources",
        json={
            "kind": "bluesky",
            "name": "bsky",
            "settings": {
                "url": "wss://jetstream.example/subscribe",
                "keywords": ["acme"],
                "rewind_seconds": 30,
            },
        },
        headers=admin,
    )
    assert r.status_code == 201, r.text
    assert r.json()["settings"]["rewind_seconds"] == 30 and r.json()["settings"]["keywords"] == ["acme"]
    r = client.post(
        "/v1/sources",
        json={"kind": "bluesky", "name": "bad", "settings": {"jetstream_url": "wss://x/subscribe"}},
        headers=admin,
    )
    assert r.status_code == 422 and "settings.jetstream_url" in r.text


def test_lookalike_accounts_listed_once_filtered_and_reviewed(client: TestClient, world: World) -> None:
    source = _hook(client, world, "impostors")
    handle = "@Acme_Helpdesk"
    for i in range(3):
        r = _post(client, source, [{"id": f"l{i}", "text": "DM us your card number", "author": handle}])
        assert r.status_code == 202, r.text
    admin = bearer(world.a.tokens[Role.ADMIN])
    r = client.get("/v1/lookalikes", params={"q": handle[1:], "status": "unreviewed"}, headers=admin)
    assert r.status_code == 200, r.text
    [row] = r.json()["items"]
    assert row["handle"] == handle and row["seen_count"] == 3 and row["verdict"] is None
    assert row["kind"] == "brand_and_words" and row["reason"] and 0 < row["score"] <= 1
    assert client.get("/v1/lookalikes", params={"status": "maybe"}, headers=admin).status_code == 422
    bad = client.post(f"/v1/lookalikes/{row['id']}/review", json={"verdict": "ok"}, headers=admin)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "body.verdict"
    other = bearer(world.b.tokens[Role.ADMIN])
    assert client.get(f"/v1/lookalikes/{row['id']}", headers=other).status_code == 404
    assert all(r["handle"] != handle for r in client.get("/v1/lookalikes", headers=other).json()["items"])
    auditor = bearer(world.a.tokens[Role.AUDITOR])
    assert client.get(f"/v1/lookalikes/{row['id']}", headers=auditor).status_code == 200
    denied = client.post(
        f"/v1/lookalikes/{row['id']}/review", json={"verdict": "legitimate"}, headers=auditor
    )
    assert denied.status_code == 403
    done = client.post(f"/v1/lookalikes/{row['id']}/review", json={"verdict": "legitimate"}, headers=admin)
    assert done.status_code == 200 and done.json()["verdict"] == "legitimate" and done.json()["reviewed_at"]
    _post(client, source, [{"id": "l9", "text": "Rendez-vous samedi", "author": handle}])
    flagged = client.get(
        "/v1/mentions", params={"source_id": source, "flags": "impersonation"}, headers=admin
    )
    assert "l9" not in [m["external_id"] for m in flagged.json()["items"]]
