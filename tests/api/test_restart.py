"""A database that drops its connections (restart, failover) is reconnected to on the next request.

On PostgreSQL the server ends every backend of the test database (what a restart does to clients); this
fails without ``pool_pre_ping``. SQLite has no server: there the pooled connections are closed under
SQLAlchemy's feet, and the service must still answer.
"""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text

from charte.service.permissions import Role
from tests.api.conftest import World, bearer
from tests.conftest import PG_ADMIN_URL


def _kill_connections(world: World) -> None:
    engine = world.app.state.db
    if engine.dialect.name == "postgresql":
        import psycopg

        name = engine.url.database
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            ).fetchall()
        assert killed, "no connection was open to terminate"
    else:
        # SQLite has no server: close every pooled connection under SQLAlchemy's feet instead.
        pool = engine.pool
        held = [pool.connect() for _ in range(max(pool.checkedin(), 1))]
        for connection in held:
            connection.dbapi_connection.close()
        for connection in held:
            connection.close()


def test_next_request_succeeds_after_the_connections_die(world: World, client: TestClient) -> None:
    headers = bearer(world.a.tokens[Role.EMPLOYEE])
    assert client.post("/v1/check", json={"text": "avant"}, headers=headers).status_code == 200
    with world.app.state.db.connect() as connection:  # make sure the pool holds a connection
        connection.execute(text("SELECT 1"))
    _kill_connections(world)
    response = client.post("/v1/check", json={"text": "après"}, headers=headers)
    assert response.status_code == 200, response.text
    assert client.get("/healthz").json() == {"status": "ok"}
