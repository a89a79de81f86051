"""A draft that its target's network would refuse is refused when it is queued, the limit named (in the reader's
language), before anything is sent; the target's health shows in /v1/publish-targets."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from charte.connectors.base import ConnectorEnv, using
from charte.connectors.bluesky import clear_sessions
from charte.service.permissions import Role
from tests.api.conftest import Tenant, World, bearer
from tests.connectors.social_fakes import LOCAL, FakeMastodon, FakePDS

R = Role
SENTENCE = "Merci à toute l'équipe pour ce salon ! "
Api = Callable[..., dict]


@pytest.fixture(scope="module")
def tenant(world: World) -> Tenant:
    return world.a


@pytest.fixture()
def api(client: TestClient, tenant: Tenant) -> Iterator[Api]:
    def call(
        method: str, path: str, who: Role, json: object = None, status: int | None = None, lang: str = "en"
    ) -> dict:
        headers = {**bearer(tenant.tokens[who]), "Accept-Language": lang}
        response = client.request(method, path, json=json, headers=headers)
        if status is not None:
            assert response.status_code == status, response.text
        return response.json() if response.content else {}

    clear_sessions()
    with using(ConnectorEnv(memory=True, egress=LOCAL)):
        yield call
    clear_sessions()


def _approved(api: Api, text: str, **fields: object) -> dict:
    body = {"text": text, "platform": "bluesky", "lang": "fr", "account_kind": "personal", **fields}
    draft = api("POST", "/v1/drafts", R.SPOKESPERSON, body, 201)
    submitted = api("POST", f"/v1/drafts/{draft['id']}/submit", R.SPOKESPERSON, None, 200)
    if submitted["status"] == "in_review":
        api("POST", f"/v1/approvals/{draft['id']}/approve", R.APPROVER, {}, 200)
    return draft


def test_a_post_over_blueskys_300_graphemes_is_refused_with_the_limit_named(api: Api) -> None:
    with FakePDS() as pds:
        target = api(
            "POST",
            "/v1/publish-targets",
            R.ADMIN,
            {
                "name": "bsky-limits",
                "connector": "bluesky",
                "params": {"handle": "brand.example.com", "app_password": "app-pass-1234", "pds": pds.base},
            },
            201,
        )
        assert target["params"]["app_password"] == "********" and target["credentials_refused"] is False
        long_draft = _approved(api, SENTENCE * 9)  # 351 characters
        refused = api(
            "POST", f"/v1/drafts/{long_draft['id']}/publish", R.SPOKESPERSON, {"target_id": target["id"]}, 422
        )
        assert "Bluesky takes at most 300" in refused["detail"] and "351" in refused["detail"]
        french = api(
            "POST",
            f"/v1/drafts/{long_draft['id']}/publish",
            R.SPOKESPERSON,
            {"target_id": target["id"]},
            422,
            "fr",
        )
        assert "Bluesky en accepte au plus 300" in french["detail"]
        emoji = _approved(api, "🎉" * 300)  # 300 graphemes (1200 bytes): fits
        api("POST", f"/v1/drafts/{emoji['id']}/publish", R.SPOKESPERSON, {"target_id": target["id"]}, 202)


def test_media_a_network_refuses_are_named_before_sending(api: Api) -> None:
    with FakeMastodon() as instance:
        instance.configuration = {"statuses": {"max_characters": 500, "max_media_attachments": 2}}
        target = api(
            "POST",
            "/v1/publish-targets",
            R.ADMIN,
            {
                "name": "masto-limits",
                "connector": "mastodon",
                "params": {"instance": instance.base, "access_token": "good-token-1234"},
            },
            201,
        )
        media = [
            {"url": "https://cdn.example/flyer.pdf", "alt": "Flyer"},
            {"url": "https://cdn.example/a.png", "alt": "A flyer"},
            {"url": "https://cdn.example/b.png", "alt": "ok"},
        ]
        draft = _approved(api, "Bonjour", platform="mastodon", attachments=media)
        refused = api(
            "POST", f"/v1/drafts/{draft['id']}/publish", R.SPOKESPERSON, {"target_id": target["id"]}, 422
        )
        fields = {e["field"]: e["message"] for e in refused["errors"]}
        assert "Mastodon takes at most 2" in fields["attachments"]
        assert (
            "application/pdf" in fields["attachments[0].url"] and "image/png" in fields["attachments[0].url"]
        )
        listed = api("GET", "/v1/publish-targets", R.ADMIN, None, 200)["items"]
        shown = next(t for t in listed if t["id"] == target["id"])
        assert shown["params"]["access_token"] == "********"
        assert {"credentials_refused", "last_error", "last_error_at", "last_sent_at"} <= set(shown)
