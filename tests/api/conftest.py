"""An API over a migrated database (each backend), two organisations with a user of every role in each."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from charte.api import create_app
from charte.cli.demo import demo_policy_text
from charte.service import accounts, organisations, policies, teams, tokens, users
from charte.service.demo import system
from charte.service.permissions import ROLE_PERMISSIONS, Role
from charte.service.principal import Principal
from charte.settings import Settings, load_settings
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.repositories import Store

PASSWORD = "correct horse battery staple"


@dataclass
class Tenant:
    """One organisation of the test world: ids of its rows and a full-scope token per role."""

    org_id: int
    name: str
    users: dict[Role, int] = field(default_factory=dict)
    emails: dict[Role, str] = field(default_factory=dict)
    tokens: dict[Role, str] = field(default_factory=dict)
    bystander: int = 0  # an employee whose tokens others try to revoke
    team_id: int = 0
    account_id: int = 0
    policy_id: int = 0
    handle: str = ""


@dataclass
class World:
    app: FastAPI
    settings: Settings
    url: str
    a: Tenant
    b: Tenant

    def store(self) -> Store:
        return Store(self.app.state.sessionmaker())

    def run(self, fn, *args, **kwargs):
        """Call a use case in its own committed transaction."""
        with self.app.state.sessionmaker() as session:
            result = fn(Store(session), *args, **kwargs)
            session.commit()
            return result

    def principal(self, tenant: Tenant, role: Role) -> Principal:
        return Principal.of(tenant.users[role], tenant.org_id, role, "system")


def _tenant(store: Store, slug: str, name: str) -> Tenant:
    org = organisations.create(store, name, slug)
    tenant = Tenant(org.id, name)
    root = system(org.id)
    for role in Role:
        email = f"{role.value}@{slug}.example"
        user = users.create(
            store, root, email=email, display_name=f"{name} {role.value}", role=role, password=PASSWORD
        )
        tenant.users[role], tenant.emails[role] = user.id, email
        actor = Principal.of(user.id, org.id, role, "system")
        issued = tokens.create(
            store,
            actor,
            name="matrix",
            scopes=sorted(ROLE_PERMISSIONS[role]),
            expires_in_days=30,
            max_days=365,
        )
        tenant.tokens[role] = issued.secret
    tenant.bystander = users.create(
        store,
        root,
        email=f"bystander@{slug}.example",
        display_name=f"{name} bystander",
        role=Role.EMPLOYEE,
        password=PASSWORD,
    ).id
    tenant.policy_id = policies.upload(
        store, root, demo_policy_text(), comment=f"{name} policy", activate=True
    ).id
    tenant.team_id = teams.create(
        store, root, key="matrix-team", name=f"{name} team", member_ids=[tenant.users[Role.SPOKESPERSON]]
    ).id
    tenant.handle = f"@{slug}-secret-handle"
    tenant.account_id = accounts.create(
        store,
        root,
        platform="linkedin",
        handle=tenant.handle,
        display_name=name,
        owner_ids=[tenant.users[Role.ADMIN]],
        poster_ids=[],
        two_factor_attested=True,
        last_rotation_at=None,
    ).id
    return tenant


@pytest.fixture(scope="module")
def world(database_url: str) -> Iterator[World]:
    migrate.upgrade(database_url)
    settings = load_settings(
        None, database_url=database_url, login_max_failures=3, login_max_failures_per_ip=1000
    )
    engine = make_engine(database_url)
    app = create_app(settings, engine=engine)
    with make_sessionmaker(engine)() as session:
        store = Store(session)
        a = _tenant(store, "alpha", "Alpha Org")
        b = _tenant(store, "bravo", "Bravo Org")
        session.commit()
    yield World(app, settings, database_url, a, b)
    engine.dispose()


@pytest.fixture()
def client(world: World) -> Iterator[TestClient]:
    """HTTPS so that the Secure session cookie is sent back."""
    with TestClient(world.app, base_url="https://testserver", raise_server_exceptions=False) as test_client:
        yield test_client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
