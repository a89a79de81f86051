"""A bounded schemathesis pass over the whole API, in process, with a fixed seed: no answer is a server error,
and every status code and media type the API answers is documented in its OpenAPI document.

Each case is sent with real credentials (an administrator's API token; a browser session with its CSRF header
on the account-security routes under ``/v1/auth`` and ``/v1/me``), so the routes are exercised past the 401.
A case may revoke, deactivate, demote or log out the very credentials the pass uses: after an answer that
could have done so, they are checked, and replaced by a fresh organisation's when they no longer work.
Every other case naming a row in its path is sent with the newest such row of the fuzzing organisation (which
starts with two drafts), so that it reaches the route's logic past the 404.
The longer pass is ``scripts/fuzz_api.sh`` (figures in docs/security.md).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.python.asgi import ASGIClient
from sqlalchemy import func, select

from charte.api import create_app
from charte.listening.types import Batch, IncomingMention
from charte.service import mentions, sources
from charte.service.ingestion import IngestionStore
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.settings import load_settings
from charte.store.models import (
    Alert,
    ApiToken,
    BrandAccount,
    Draft,
    Mention,
    PolicyVersion,
    PublishTarget,
    SavedReply,
    Source,
    Team,
    User,
)
from charte.store.repositories import Store
from tests.api.conftest import PASSWORD, World, _tenant
from tests.conftest import fresh_database

SEED = 20261206
# Fuzzed cases per operation and mode, besides the coverage phase's boundary values: ~2,900 requests in all,
# 30 s of CPU. CHARTE_FUZZ_EXAMPLES raises it for a longer run by hand.
MAX_EXAMPLES = int(os.environ.get("CHARTE_FUZZ_EXAMPLES", "12"))
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
]
SESSION_ROUTES = ("/v1/auth/", "/v1/me")  # account security: an interactive session, not a token
_slugs = itertools.count(1)


@dataclass
class Identity:
    """An administrator of a fuzzing organisation: an API token and a logged-in browser session."""

    org_id: int
    token: str
    cookie: str
    csrf: str


# Path parameters and the rows they name: every other case with one is sent with the newest such row of the
# fuzzing organisation instead of a random id, so that it reaches past the 404 into the route's logic.
ROWS: dict[str, type[Any]] = {
    "user_id": User,
    "team_id": Team,
    "account_id": BrandAccount,
    "policy_id": PolicyVersion,
    "token_id": ApiToken,
    "draft_id": Draft,
    "target_id": PublishTarget,
    "source_id": Source,
    "mention_id": Mention,
    "alert_id": Alert,
    "reply_id": SavedReply,
}
_turns = itertools.count()


class Credentials:
    """The credentials each case is sent with, checked after an answer that may have ended them."""

    def __init__(self, world: World, client: ASGIClient) -> None:
        self.world, self.client = world, client
        self.identity = self._new()
        self.suspect = False

    def _new(self) -> Identity:
        with self.world.app.state.sessionmaker() as session:
            n = next(_slugs)
            tenant = _tenant(Store(session), f"fuzz-{n}", f"Fuzz {n}")
            session.commit()
        login = self.client.post(
            "/v1/auth/login", json={"email": tenant.emails[Role.ADMIN], "password": PASSWORD}
        )
        assert login.status_code == 200, login.text
        for text in (
            "Merci à toute l'équipe pour ce salon !",
            "Our new office opens on Monday.",
        ):  # drafts to act on
            draft = self.client.post(
                "/v1/drafts",
                json={"text": text, "platform": "linkedin", "account_kind": "personal"},
                headers={"Authorization": f"Bearer {tenant.tokens[Role.ADMIN]}"},
            )
            assert draft.status_code == 201, draft.text
        self._listening(tenant)
        return Identity(
            tenant.org_id,
            tenant.tokens[Role.ADMIN],
            login.cookies["charte_session"],
            login.json()["csrf_token"],
        )

    def _listening(self, tenant: Any) -> None:
        """A webhook source with two mentions (one answering the other) and an alert, to act on."""
        sink = IngestionStore(self.world.app.state.sessionmaker, self.world.app.state.engines)
        with self.world.app.state.sessionmaker() as session:
            store = Store(session)
            admin = Principal.of(tenant.users[Role.ADMIN], tenant.org_id, Role.ADMIN, "system")
            source = sources.create_source(
                store, admin, kind="webhook", name="fuzz-hook", settings={}, secret="0123456789abcdef"
            ).id
            mentions.raise_alert(store, tenant.org_id, "spike", "fuzz")
            session.commit()
        now = dt.datetime.now(dt.UTC)
        sink.accept(
            source,
            Batch(
                [
                    IncomingMention("f1", "Votre service est nul !", "@a", now),
                    IncomingMention("f2", "Toujours rien", "@a", now, in_reply_to="f1"),
                ]
            ),
        )

    def existing(self, names: list[str]) -> dict[str, int]:
        found = {"org_id": self.identity.org_id}
        with self.world.app.state.sessionmaker() as session:
            for name in set(names) & ROWS.keys():
                row = ROWS[name]
                newest = session.scalar(select(func.max(row.id)).where(row.org_id == self.identity.org_id))
                if newest is not None:
                    found[name] = newest
        return {name: found[name] for name in names if name in found}

    def _works(self) -> bool:
        by_token = self.client.get("/v1/me", headers={"Authorization": f"Bearer {self.identity.token}"})
        by_session = self.client.get("/v1/me", headers={"Cookie": f"charte_session={self.identity.cookie}"})
        return all(
            r.status_code == 200 and r.json()["user"]["role"] == Role.ADMIN for r in (by_token, by_session)
        )

    def headers(self, path: str) -> dict[str, str]:
        if self.suspect and not self._works():
            self.identity = self._new()
        self.suspect = False
        if path.startswith(SESSION_ROUTES):
            return {"Cookie": f"charte_session={self.identity.cookie}", "X-CSRF-Token": self.identity.csrf}
        return {"Authorization": f"Bearer {self.identity.token}"}

    def after(self, method: str, status: int) -> None:
        """A refusal, or a change that succeeded, may mean the case touched our own credentials."""
        self.suspect = self.suspect or status in (401, 403) or (method != "GET" and status < 300)


@pytest.fixture(scope="module")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite only, to stay within the time budget of ``make test``: it is the backend where an unbounded
    integer breaks (its driver raises ``OverflowError``); test_bounds.py runs each bound on both backends."""
    with fresh_database("sqlite", tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture(scope="module")
def asgi_client(world: World) -> Iterator[ASGIClient]:
    """Requests reach the app in process; its lifespan (background jobs) is not started, and no cookie is
    kept between cases."""
    client = ASGIClient(world.app, base_url="http://testserver")
    yield client
    client.close()


@pytest.fixture(scope="module")
def credentials(world: World, asgi_client: ASGIClient) -> Credentials:
    return Credentials(world, asgi_client)


def _schema() -> schemathesis.schemas.BaseSchema:
    """The document of an app built only to read it (it opens no connection); the cases go to ``world.app``."""
    config = SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "generation": {
                "max-examples": MAX_EXAMPLES,
                "mode": "all",
                "no-shrink": True,
                "database": "none",
            },
            "phases": {"stateful": {"enabled": False}},
            "suppress-health-check": ["all"],
            "request-timeout": 120,  # a loaded 2-core machine can stall a request for seconds; slowness is not the test
            "base-url": "http://testserver",
        }
    )
    document = create_app(load_settings(None, database_url="sqlite://")).openapi()
    return schemathesis.openapi.from_dict(document, config=config)


schema = _schema()


@schema.parametrize()
def test_api_conforms_to_its_openapi(
    case: schemathesis.Case, credentials: Credentials, asgi_client: ASGIClient
) -> None:
    headers = credentials.headers(case.path)
    if case.path_parameters and next(_turns) % 2:
        case.path_parameters = {**case.path_parameters, **credentials.existing(list(case.path_parameters))}
    response = case.call(session=asgi_client, headers=headers)
    asgi_client.cookies.clear()
    credentials.after(case.method.upper(), response.status_code)
    case.validate_response(response, checks=CHECKS)
