"""The page tests' shared world: the demo organisation and another one (Globex, its own admin), an application
over a fresh SQLite file, and a signed-in client (the session cookie and its CSRF token)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from charte.api import create_app
from charte.cli.demo import demo_policy_text
from charte.service import demo, organisations, policies, users
from charte.service.permissions import Role
from charte.settings import load_settings
from charte.store import migrate
from charte.store.repositories import Store

PASSWORD = demo.DEMO_PASSWORD
OTHER_PASSWORD = "another long and unusual passphrase 5521"
OTHER_ADMIN = "owner@globex.example"


def two_org_app(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    extra: Callable[[Store, demo.DemoSeed], None] | None = None,
) -> FastAPI:
    """The application with the demo organisation seeded and Globex beside it; ``extra`` adds to the demo
    organisation in the same transaction."""
    url = f"sqlite:///{Path(tmp_path_factory.mktemp(name)) / 'charte.db'}"
    migrate.upgrade(url)
    application = create_app(load_settings(None, database_url=url, memory_connector=True))
    with application.state.sessionmaker() as session:
        store = Store(session)
        seeded = demo.seed(store, demo_policy_text())
        if extra is not None:
            extra(store, seeded)
        other = organisations.create(store, "Globex", "globex")
        root = demo.system(other.id)
        users.create(
            store, root, email=OTHER_ADMIN, display_name="G", role=Role.ADMIN, password=OTHER_PASSWORD
        )
        policies.upload(store, root, demo_policy_text(), activate=True)
        session.commit()
    return application


def signed_in(
    app: FastAPI, email: str, lang: str = "en", password: str = PASSWORD, *, follow_redirects: bool = True
) -> tuple[TestClient, str]:
    """A client signed in as ``email`` in ``lang``, and the CSRF token its forms send."""
    client = TestClient(
        app,
        base_url="https://testserver",
        raise_server_exceptions=False,
        follow_redirects=follow_redirects,
        headers={"Accept-Language": lang},
    )
    response = client.post("/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return client, response.json()["csrf_token"]


def field_error(html: str, field: str) -> str:
    """The error shown beside a form field (the page's text, entities decoded)."""
    match = re.search(rf'id="f-{field}-error">(?:<span class="visually-hidden">[^<]*</span>)?([^<]+)<', html)
    assert match, f"no error beside {field}"
    return unescape(match.group(1))
