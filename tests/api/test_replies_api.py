"""Saved replies and replies from the inbox through the API: governed versions (editors, maker-checker, only an
approved version used), variables checked at save and filled at use, suggestions best first, the complaint rule
fed by the inbox, the SLA flag, publishing as a reply and the mention answered; bad inputs and other
organisations."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from charte.cli.demo import demo_policy_text
from charte.connectors.memory import outbox
from charte.listening.types import Batch, IncomingMention
from charte.service import accounts, policies, sources, teams
from charte.service.demo import system
from charte.service.ingestion import IngestionStore
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.store.models import AuditEntryRow, Mention, PublicationRow, Source
from tests.api.conftest import Tenant, World, bearer

R = Role
Api = Callable[..., Any]


@pytest.fixture()
def api(client: TestClient, world: World) -> Iterator[Api]:
    def call(
        method: str,
        path: str,
        who: Role,
        json: object = None,
        status: int | None = None,
        tenant: Tenant | None = None,
    ) -> Any:
        t = tenant or world.a
        response = client.request(method, path, json=json, headers=bearer(t.tokens[who]))
        if status is not None:
            assert response.status_code == status, response.text
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")
        return response.json() if response.content else {}

    yield call


def _source(world: World, tenant: Tenant, kind: str = "import") -> int:
    admin = Principal.of(tenant.users[R.ADMIN], tenant.org_id, R.ADMIN, "system")
    if kind == "import":
        return world.run(
            sources.create_source,
            admin,
            kind="import",
            name=f"src-{uuid.uuid4().hex[:8]}",
            settings={},
            secret=None,
        ).id

    def add(store: Any) -> int:
        row = Source(org_id=tenant.org_id, kind=kind, name=f"{kind}-{uuid.uuid4().hex[:8]}", settings={})
        store.session.add(row)
        store.session.flush()
        return int(row.id)

    return int(world.run(add))


def _mention(
    world: World, tenant: Tenant, text: str, *, kind: str = "import", name: str = "Camille Martin"
) -> int:
    source = _source(world, tenant, kind)
    external = f"ext-{uuid.uuid4().hex[:10]}"
    mention = IncomingMention(
        external, text, "@camille", dt.datetime.now(dt.UTC), author_name=name, lang="fr"
    )
    IngestionStore(world.app.state.sessionmaker, world.app.state.engines).accept(source, Batch([mention]))
    with world.app.state.sessionmaker() as session:
        ident = session.scalar(select(Mention.id).where(Mention.source_id == source))
    assert ident is not None
    return int(ident)


def _set(world: World, mention_id: int, **values: object) -> None:
    with world.app.state.sessionmaker() as session:
        session.execute(update(Mention).where(Mention.id == mention_id).values(**values))
        session.commit()


def _saved(
    api: Api, body: dict[str, Any], *, approve: bool = True, who: Role = R.SPOKESPERSON
) -> dict[str, Any]:
    created = api("POST", "/v1/replies", who, body, 201)
    if approve:
        api("POST", f"/v1/replies/{created['id']}/versions/1/approve", R.APPROVER, {"comment": "ok"}, 200)
    return created


REFUND = {
    "title": "Remboursement en cours",
    "body": "Bonjour {first_name}, votre remboursement (dossier {case_number}) est en cours. {agent_name}",
    "lang": "fr",
    "intent": "complaint",
    "topic": "remboursement",
}


def test_a_saved_reply_is_versioned_and_used_only_once_approved(api: Api, world: World) -> None:
    created = api("POST", "/v1/replies", R.SPOKESPERSON, REFUND, 201)
    assert created["latest"]["status"] == "in_review" and created["approved_version"] is None
    assert created["latest"]["variables"] == ["first_name", "case_number", "agent_name"]
    assert created["latest"]["required_levels"] >= 1
    rid = created["id"]
    mention = _mention(world, world.a, "Je veux être remboursé, votre service est nul")
    body = {"saved_reply_id": rid, "values": {"case_number": "A-77"}, "account_id": world.a.account_id}
    early = api("POST", f"/v1/mentions/{mention}/reply", R.ADMIN, body, 409)
    assert "no approved version" in early["detail"]
    # maker-checker: the author does not approve (a spokesperson has no approvals:act either; the admin wrote v2)
    own = api("PATCH", f"/v1/replies/{rid}", R.ADMIN, {**REFUND, "title": "Remboursement", "version": 1}, 200)
    assert own["latest_version"] == 2
    assert api("GET", f"/v1/replies/{rid}/versions", R.AUDITOR, None, 200)[1]["status"] == "withdrawn"
    api("POST", f"/v1/replies/{rid}/versions/2/approve", R.ADMIN, {}, 403)
    api("POST", f"/v1/replies/{rid}/versions/1/approve", R.APPROVER, {}, 409)  # withdrawn, not in review
    stale = api("PATCH", f"/v1/replies/{rid}", R.SPOKESPERSON, {**REFUND, "version": 1}, 409)
    assert "version 2" in stale["detail"]
    approved = api("POST", f"/v1/replies/{rid}/versions/2/approve", R.APPROVER, {}, 200)
    assert approved["approved_version"] == 2 and approved["approved"]["approvals"][0]["level"] == 1
    api("POST", f"/v1/replies/{rid}/versions/2/approve", R.APPROVER, {}, 409)  # already approved
    # a new version waits for approval while the approved one stays in use
    api("PATCH", f"/v1/replies/{rid}", R.SPOKESPERSON, {**REFUND, "body": "Bonjour {first_name}."}, 200)
    reply = api("POST", f"/v1/mentions/{mention}/reply", R.ADMIN, body, 201)
    assert reply["text"].startswith("Bonjour Camille, votre remboursement (dossier A-77) est en cours.")
    assert reply["reply_to_mention_id"] == mention and reply["in_reply_to_complaint"] is True
    got = api("GET", f"/v1/replies/{rid}", R.SPOKESPERSON, None, 200)
    assert got["use_count"] == 1 and got["last_used_at"] and got["approved_version"] == 2
    assert got["latest"]["status"] == "in_review"
    api("POST", f"/v1/replies/{rid}/versions/3/reject", R.APPROVER, {"reason": "trop court"}, 200)
    assert (
        api("GET", f"/v1/replies/{rid}/versions", R.APPROVER, None, 200)[0]["reject_reason"] == "trop court"
    )
    with world.app.state.sessionmaker() as session:
        actions = set(
            session.scalars(
                select(AuditEntryRow.action).where(
                    AuditEntryRow.org_id == world.a.org_id, AuditEntryRow.object_id == str(rid)
                )
            )
        )
    assert {"reply.saved", "reply.used"} <= actions
    api("DELETE", f"/v1/replies/{rid}", R.SPOKESPERSON, None, 204)
    gone = api("POST", f"/v1/mentions/{mention}/reply", R.ADMIN, body, 409)
    assert "archived" in gone["detail"]


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"body": "Bonjour {prenom}, merci."}, "body", "prenom"),
        ({"body": "Bonjour {first_name.upper}"}, "body", "first_name.upper"),
        ({"body": "Bonjour {first_name"}, "body", "brace"),
        ({"body": "x" * 2001}, "body", "2000"),
        ({"body": ""}, "body", None),
        ({"title": ""}, "title", None),
        ({"lang": "de"}, "lang", None),
        ({"intent": "anger"}, "intent", None),
    ],
)
def test_bad_saved_replies_are_refused_naming_the_field(
    api: Api, change: dict[str, Any], field: str, words: str | None
) -> None:
    problem = api("POST", "/v1/replies", R.SPOKESPERSON, {**REFUND, **change}, 422)
    error = problem["errors"][0]
    assert error["field"] in (field, f"body.{field}"), problem  # the service's check, or the schema's
    if words is not None:
        assert words in error["message"], problem


def test_roles_and_organisations(api: Api, world: World) -> None:
    api("POST", "/v1/replies", R.EMPLOYEE, REFUND, 403)
    api("POST", "/v1/replies", R.APPROVER, REFUND, 403)  # not one of replies.editors
    api("GET", "/v1/replies", R.EMPLOYEE, None, 403)
    mine = _saved(api, {**REFUND, "title": "Alpha only"})
    for path in ("", "/versions"):
        api("GET", f"/v1/replies/{mine['id']}{path}", R.ADMIN, None, 404, tenant=world.b)
    api("PATCH", f"/v1/replies/{mine['id']}", R.ADMIN, REFUND, 404, tenant=world.b)
    api("POST", f"/v1/replies/{mine['id']}/versions/1/approve", R.ADMIN, {}, 404, tenant=world.b)
    assert all(
        r["id"] != mine["id"] for r in api("GET", "/v1/replies", R.ADMIN, None, 200, tenant=world.b)["items"]
    )
    theirs = _mention(world, world.b, "Bravo: où est ma commande ?")
    api("POST", f"/v1/mentions/{theirs}/reply", R.ADMIN, {"text": "Bonjour"}, 404)
    api("GET", f"/v1/replies/suggestions?mention_id={theirs}", R.ADMIN, None, 404)
    # another organisation's saved reply cannot be used on one's own mention
    own = _mention(world, world.a, "Où est ma commande ?")
    body = {"saved_reply_id": mine["id"], "values": {"case_number": "1"}, "account_id": world.a.account_id}
    api("POST", f"/v1/mentions/{own}/reply", R.ADMIN, body, 404, tenant=world.b)
    api(
        "POST", f"/v1/mentions/{own}/reply", R.SPOKESPERSON, {"text": "Bonjour"}, 404
    )  # not its team's mention


def test_reply_bad_inputs(api: Api, world: World) -> None:
    saved = _saved(api, {**REFUND, "title": "Dossier"})
    mention = _mention(world, world.a, "Toujours pas de remboursement")
    path = f"/v1/mentions/{mention}/reply"
    account = world.a.account_id
    missing = api("POST", path, R.ADMIN, {"saved_reply_id": saved["id"], "account_id": account}, 422)
    assert (
        missing["errors"][0]["field"] == "values.case_number"
        and "case_number" in missing["errors"][0]["message"]
    )
    unknown = api(
        "POST",
        path,
        R.ADMIN,
        {"saved_reply_id": saved["id"], "values": {"colour": "x"}, "account_id": account},
        422,
    )
    assert unknown["errors"][0]["field"] == "values.colour"
    wrong_lang = {
        "saved_reply_id": saved["id"],
        "values": {"case_number": "1"},
        "account_id": account,
        "lang": "en",
    }
    assert api("POST", path, R.ADMIN, wrong_lang, 422)["errors"][0]["field"] == "lang"
    api("POST", path, R.ADMIN, {"text": "Bonjour", "lang": "de", "account_id": account}, 422)
    both = api(
        "POST", path, R.ADMIN, {"text": "x", "saved_reply_id": saved["id"], "account_id": account}, 422
    )
    assert both["errors"][0]["field"] == "text"
    api("POST", path, R.ADMIN, {"account_id": account}, 422)
    api("POST", path, R.ADMIN, {"text": "", "account_id": account}, 422)
    long_value = {"saved_reply_id": saved["id"], "values": {"case_number": "9" * 201}, "account_id": account}
    assert api("POST", path, R.ADMIN, long_value, 422)["errors"][0]["field"] == "values.case_number"
    api("POST", path, R.ADMIN, {"text": "Bonjour", "account_id": 2_000_000}, 404)


def test_suggestions_best_first_and_holding_statements_first_in_a_crisis(api: Api, world: World) -> None:
    tag = uuid.uuid4().hex[:6]
    delivery = _saved(
        api,
        {
            "title": f"Livraison {tag}",
            "body": "Bonjour {first_name}, votre colis est en route : suivez la livraison ici {contact_url}",
            "lang": "fr",
            "intent": "question",
            "topic": "livraison colis",
        },
    )
    password = _saved(
        api,
        {
            "title": f"Mot de passe {tag}",
            "body": "Bonjour {first_name}, pour réinitialiser votre mot de passe, suivez ce lien.",
            "lang": "fr",
            "intent": "question",
            "topic": "compte",
        },
    )
    english = _saved(
        api,
        {
            "title": f"Parcel {tag}",
            "body": "Hi {first_name}, your parcel delivery is on its way.",
            "lang": "en",
            "intent": "question",
        },
    )
    holding = _saved(
        api,
        {
            "title": f"Incident {tag}",
            "body": "Nous avons connaissance d'un incident et vous tiendrons informés.",
            "lang": "fr",
            "intent": "crisis",
            "holding_statement": True,
        },
    )
    unapproved = _saved(api, {**REFUND, "title": f"Colis {tag}", "topic": "colis livraison"}, approve=False)
    mention = _mention(world, world.a, "Mon colis n'est toujours pas arrivé, où en est la livraison ?")
    _set(world, mention, intent="question", language="fr")
    got = api("GET", f"/v1/replies/suggestions?mention_id={mention}&limit=10", R.ADMIN, None, 200)
    ids = [s["reply_id"] for s in got]
    assert ids[0] == delivery["id"] and "livraison" in got[0]["matched"]
    assert unapproved["id"] not in ids
    assert ids.index(password["id"]) < ids.index(english["id"])  # same language before another language
    assert got[0]["intent_match"] and got[0]["lang_match"]
    crisis = api("GET", f"/v1/replies/suggestions?mention_id={mention}&crisis=true", R.ADMIN, None, 200)
    assert crisis[0]["reply_id"] == holding["id"] and crisis[0]["holding_statement"]
    # left out, the order follows the organisation's crisis mode: declared, holding statements come first
    api("POST", "/v1/crisis", R.ADMIN, {"summary": "Panne générale"}, 201)
    during = api("GET", f"/v1/replies/suggestions?mention_id={mention}&limit=10", R.ADMIN, None, 200)
    assert during[0]["reply_id"] == holding["id"]
    forced = api("GET", f"/v1/replies/suggestions?mention_id={mention}&crisis=false", R.ADMIN, None, 200)
    assert forced[0]["reply_id"] == delivery["id"]
    api("POST", "/v1/crisis/current/end", R.ADMIN, {"rest": "resume"}, 200)
    api("GET", f"/v1/replies/suggestions?mention_id={mention}&limit=0", R.ADMIN, None, 422)


def test_complaint_answered_only_by_responders_and_the_sla_flag(api: Api, world: World) -> None:
    complaint = _mention(world, world.a, "Votre service est nul, je veux être remboursé !")
    _set(world, complaint, intent="complaint", due_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
    text = {"text": "Merci pour votre message, nous revenons vers vous.", "account_id": world.a.account_id}
    late = api("POST", f"/v1/mentions/{complaint}/reply", R.ADMIN, text, 201)
    assert late["in_reply_to_complaint"] and late["reply_late"]
    rules = {f["rule_id"] for f in late["decision"]["findings"]}
    assert any(f["detector"] == "spokesperson" for f in late["decision"]["findings"]), rules
    assert late["verdict"] != "allow"
    # the same words to a question: no complaint rule (the words alone do not read as a complaint answer)
    question = _mention(world, world.a, "Quels sont vos horaires ?")
    _set(world, question, intent="question", due_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    fine = api("POST", f"/v1/mentions/{question}/reply", R.ADMIN, text, 201)
    assert not fine["in_reply_to_complaint"] and not fine["reply_late"]
    assert not any(f["detector"] == "spokesperson" for f in fine["decision"]["findings"])
    assert api("GET", f"/v1/mentions/{question}", R.ADMIN, None, 200)["status"] == "assigned"
    # a complaint responder (the admin in a customer-service team) answers without the finding
    admin = system(world.a.org_id)
    world.run(
        teams.create,
        admin,
        key=f"care-{uuid.uuid4().hex[:6]}",
        name="Care",
        member_ids=[world.a.users[R.ADMIN]],
        function_names=["customer_service"],
    )
    answered = api("POST", f"/v1/mentions/{complaint}/reply", R.ADMIN, text, 201)
    assert not any(f["detector"] == "spokesperson" for f in answered["decision"]["findings"])
    listed = api("GET", f"/v1/mentions/{complaint}/replies", R.ADMIN, None, 200)
    assert {answered["id"], late["id"]} <= {d["id"] for d in listed}


def test_a_reply_goes_out_on_the_mentions_network_and_answers_it(api: Api, world: World) -> None:
    admin = system(world.a.org_id)
    mastodon = world.run(
        accounts.create,
        admin,
        platform="mastodon",
        handle=f"@brand{uuid.uuid4().hex[:6]}@mastodon.example",
        display_name="Brand",
        owner_ids=[world.a.users[R.ADMIN]],
        poster_ids=[],
        two_factor_attested=True,
        last_rotation_at=None,
    ).id
    mention = _mention(world, world.a, "Is the app down?", kind="mastodon")
    _set(world, mention, intent="question", due_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1))
    wrong = api(
        "POST",
        f"/v1/mentions/{mention}/reply",
        R.ADMIN,
        {"text": "Hi", "account_id": world.a.account_id},
        422,
    )
    assert wrong["errors"][0]["field"] == "account_id" and "mastodon" in wrong["errors"][0]["message"]
    too_long = api(
        "POST", f"/v1/mentions/{mention}/reply", R.ADMIN, {"text": "x" * 501, "account_id": mastodon}, 422
    )
    assert "500" in too_long["errors"][0]["message"]
    draft = api(
        "POST", f"/v1/mentions/{mention}/reply", R.ADMIN, {"text": "We are on it, sorry!", "lang": "en"}, 201
    )
    assert (
        draft["account_id"] == mastodon and draft["platform"] == "mastodon"
    )  # the one account on that network
    api("POST", f"/v1/drafts/{draft['id']}/submit", R.ADMIN, None, 200)
    status = api("GET", f"/v1/drafts/{draft['id']}", R.ADMIN, None, 200)["status"]
    if status == "in_review":
        api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 200)
    name = f"replies-{uuid.uuid4().hex[:6]}"
    box = outbox(name, world.a.org_id)
    box.reset()
    target = api(
        "POST",
        "/v1/publish-targets",
        R.ADMIN,
        {"name": name, "connector": "memory", "params": {"name": name}, "account_id": mastodon},
        201,
    )
    api("POST", f"/v1/drafts/{draft['id']}/publish", R.ADMIN, {"target_id": target["id"]}, 202)
    deadline = time.monotonic() + 20
    while api("GET", f"/v1/drafts/{draft['id']}", R.ADMIN, None, 200)["status"] != "published":
        assert time.monotonic() < deadline, "the reply was not published"
        time.sleep(0.1)
    with world.app.state.sessionmaker() as session:
        row = session.scalar(select(PublicationRow).where(PublicationRow.draft_id == draft["id"]))
        external = session.scalar(select(Mention.external_id).where(Mention.id == mention))
    assert row is not None and row.reply_to == external
    sent = next(iter(box.posts.values()))
    assert sent.reply_to == external and sent.text == "We are on it, sorry!"
    after = api("GET", f"/v1/mentions/{mention}", R.ADMIN, None, 200)
    assert after["status"] == "answered" and after["answered_at"] and after["answered_late"] is False


def test_the_policy_checks_the_words_when_saved_and_again_when_approved(api: Api, world: World) -> None:
    blocked = {**REFUND, "body": "Bonjour {first_name}, le projet Phénix arrive."}
    refused = api("POST", "/v1/replies", R.SPOKESPERSON, blocked, 409, tenant=world.b)
    assert "Phénix" not in refused["detail"] and "rephrase" in refused["detail"]
    later = {**REFUND, "body": "Bonjour {first_name}, le projet Atlas arrive."}
    made = api("POST", "/v1/replies", R.SPOKESPERSON, later, 201, tenant=world.b)
    text = demo_policy_text().replace('code_names: ["Phénix"]', 'code_names: ["Phénix", "Atlas"]')
    world.run(policies.upload, system(world.b.org_id), text, comment="Atlas", activate=True)
    again = api("POST", f"/v1/replies/{made['id']}/versions/1/approve", R.APPROVER, {}, 409, tenant=world.b)
    assert "reject this version" in again["detail"]
    version = api("GET", f"/v1/replies/{made['id']}/versions", R.APPROVER, None, 200, tenant=world.b)[0]
    assert version["status"] == "in_review" and version["approvals"] == []  # a refusal changes nothing


def test_only_the_roles_the_policy_names_edit_saved_replies(api: Api, world: World) -> None:
    """Last in the module: it activates a policy naming only admins as editors for Bravo."""
    text = demo_policy_text() + "\nreplies:\n  editors: [admin]\n"
    world.run(policies.upload, system(world.b.org_id), text, comment="editors", activate=True)
    refused = api("POST", "/v1/replies", R.SPOKESPERSON, REFUND, 403, tenant=world.b)
    assert "replies.editors" in refused["detail"]
    api("POST", "/v1/replies", R.ADMIN, REFUND, 201, tenant=world.b)
