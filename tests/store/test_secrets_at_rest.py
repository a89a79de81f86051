"""TOTP seeds and connector secrets are encrypted at rest, rotate, and are never copied (issue 10).

The upgrade (0003) is tested on SQLite and PostgreSQL with plain rows written by 0002: they come out
encrypted, the copies of the webhook secret on publications are gone, and the downgrade gives them back.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.fernet import Fernet

from charte.connectors import base as connectors
from charte.connectors import registry as connector_registry
from charte.service import auth, organisations, targets, users
from charte.service.demo import system
from charte.service.principal import Principal
from charte.service.runtime import configure_process
from charte.settings import Settings, SettingsError, load_settings
from charte.store import migrate, sealing
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import PublishTarget, User, utcnow
from charte.store.repositories import Store
from charte.store.sealing import Keyring, SecretKeyError, reseal_all

TOTP = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
HOOK_SECRET = "webhook-shared-secret-4242"
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
K1, K2 = Fernet.generate_key(), Fernet.generate_key()


def _columns(engine: sa.Engine, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(engine).get_columns(table)}


def _every_value(engine: sa.Engine) -> str:
    """Every value of every table, as text: where a plain secret would show."""
    out = []
    with engine.connect() as connection:
        for name in sa.inspect(engine).get_table_names():
            out += [repr(tuple(row)) for row in connection.execute(sa.text(f'SELECT * FROM "{name}"'))]
    return "\n".join(out)


def _seed_0002(engine: sa.Engine) -> dict[str, int]:
    """Rows as revision 0002 stored them: plain TOTP seed, plain params, the secret copied per publication."""
    hook = {"url": "https://hooks.example.test/x", "secret": HOOK_SECRET, "timeout_seconds": 5}
    md = sa.MetaData()
    md.reflect(engine)
    t = md.tables
    with engine.begin() as c:
        org = c.execute(
            t["organisations"].insert().values(slug="sealed", name="Sealed", created_at=NOW)
        ).inserted_primary_key[0]
        user = c.execute(
            t["users"]
            .insert()
            .values(
                org_id=org,
                email="totp@sealed.example",
                display_name="T",
                role="admin",
                password_hash="x",
                is_active=True,
                totp_secret=TOTP,
                totp_enabled=True,
                created_at=NOW,
            )
        ).inserted_primary_key[0]
        target = c.execute(
            t["publish_targets"]
            .insert()
            .values(org_id=org, name="hook", connector="webhook", params=hook, created_at=NOW)
        ).inserted_primary_key[0]
        c.execute(
            t["publish_targets"]
            .insert()
            .values(org_id=org, name="twin", connector="memory", params={"name": "x"}, created_at=NOW)
        )
        draft = c.execute(
            t["drafts"]
            .insert()
            .values(
                org_id=org,
                author_id=user,
                last_editor_id=user,
                account_kind="personal",
                platform="x",
                text="t",
                attachments=[],
                status="publishing",
                version=1,
                verdict="allow",
                decision={},
                required_levels=0,
                approved_levels=0,
                created_at=NOW,
                updated_at=NOW,
            )
        ).inserted_primary_key[0]

        def publication(key: str, params: dict, status: str, draft_id: int | None = None) -> int:
            return c.execute(
                t["publications"]
                .insert()
                .values(
                    org_id=org,
                    draft_id=draft_id,
                    idempotency_key=key,
                    connector="webhook",
                    connector_params=params,
                    content={"text": "t"},
                    status=status,
                    due_at=NOW,
                    attempts=0,
                    max_attempts=5,
                    created_at=NOW,
                )
            ).inserted_primary_key[0]

        matched = publication("pub_matched", hook, "pending")
        changed = {**hook, "secret": "an-older-secret-value-1"}
        orphan = publication("pub_orphan", changed, "retrying", draft)
        c.execute(t["drafts"].update().where(t["drafts"].c.id == draft).values(publication_id=orphan))
        sent = publication("pub_sent", changed, "sent")
    return {
        "org": org,
        "user": user,
        "target": target,
        "draft": draft,
        "matched": matched,
        "orphan": orphan,
        "sent": sent,
    }


def _totp(session: sa.orm.Session, user_id: int) -> str | None:
    """The sealed column alone: the schema here is an old revision's, without the users' later columns."""
    return session.scalar(sa.select(User.totp_secret).where(User.id == user_id))


def test_upgrade_encrypts_plain_secrets_drops_copies_and_downgrade_restores(database_url: str) -> None:
    migrate.downgrade(database_url, "base")
    with sealing.using(Keyring([K1])):
        migrate.upgrade(database_url, "0002")
        engine = make_engine(database_url)
        try:
            ids = _seed_0002(engine)
            migrate.upgrade(database_url, "0003")
            everything = _every_value(engine)
            assert (
                TOTP not in everything
                and HOOK_SECRET not in everything
                and "an-older-secret" not in everything
            )
            assert "connector_params" not in _columns(engine, "publications")
            assert {"totp_secret", "params"}.isdisjoint(
                _columns(engine, "users") | _columns(engine, "publish_targets")
            )
            with engine.connect() as c:
                one = {"i": ids["user"]}
                raw = c.execute(sa.text("SELECT totp_secret_sealed FROM users WHERE id = :i"), one).scalar()
                pubs = {
                    r.id: r
                    for r in c.execute(sa.text("SELECT id, status, target_id, last_error FROM publications"))
                }
                draft_status = c.execute(
                    sa.text("SELECT status FROM drafts WHERE id = :i"), {"i": ids["draft"]}
                ).scalar()
            assert raw.startswith("fernet:")
            assert (
                pubs[ids["matched"]].target_id == ids["target"] and pubs[ids["matched"]].status == "pending"
            )
            orphan = pubs[ids["orphan"]]
            assert orphan.status == "failed" and "target was deleted or changed" in orphan.last_error
            assert draft_status == "failed"
            assert pubs[ids["sent"]].status == "sent" and pubs[ids["sent"]].target_id is None
            with make_sessionmaker(engine)() as session:  # the application reads plain values
                assert _totp(session, ids["user"]) == TOTP
                # the column alone: the model's later columns do not exist at 0003
                params = session.execute(
                    sa.select(PublishTarget.params).where(PublishTarget.id == ids["target"])
                ).scalar_one()
                assert params["secret"] == HOOK_SECRET

            # rotation: a new key first, re-encrypt, then the old key can go
            with engine.begin() as c:
                report = reseal_all(c, Keyring([K2, K1]))
            assert report.counts == {"users.totp_secret_sealed": 1, "publish_targets.params_sealed": 2}
            with sealing.using(Keyring([K2])), make_sessionmaker(engine)() as session:
                assert _totp(session, ids["user"]) == TOTP
            with (
                pytest.raises(SecretKeyError, match="cannot be decrypted"),
                make_sessionmaker(engine)() as session,
            ):
                _totp(session, ids["user"])  # K1 alone no longer opens it

            with sealing.using(Keyring([K2])):
                migrate.downgrade(database_url, "0002")
            with engine.connect() as c:
                assert c.execute(sa.text("SELECT totp_secret FROM users")).scalar() == TOTP
                rows = c.execute(sa.text("SELECT id, connector_params FROM publications"))
                params = {r.id: r.connector_params for r in rows}
            as_dict = {k: json.loads(v) if isinstance(v, str) else v for k, v in params.items()}
            assert as_dict[ids["matched"]]["secret"] == HOOK_SECRET and as_dict[ids["orphan"]] == {}
        finally:
            engine.dispose()
        with sealing.using(Keyring([K2])):
            migrate.upgrade(database_url)


@pytest.fixture()
def service_db(tmp_path: Path) -> Iterator[tuple[sa.Engine, Store]]:
    url = f"sqlite:///{tmp_path / 'svc.db'}"
    with sealing.using(Keyring([K1])):
        migrate.upgrade(url)
        engine = make_engine(url)
        with make_sessionmaker(engine)() as session:
            yield engine, Store(session)
        engine.dispose()


def test_service_writes_only_ciphertext(service_db: tuple[sa.Engine, Store]) -> None:
    engine, store = service_db
    org = organisations.create(store, "Ciphers", "ciphers")
    user = users.create(
        store,
        system(org.id),
        email="c@ciphers.example",
        display_name="C",
        role="admin",
        password="correct horse battery staple",
    )
    fresh = Principal.of(user.id, org.id, "admin", "session", credential_id=1, authenticated_at=utcnow())
    enrolment = auth.totp_enrol(store, Settings(), fresh)
    target = targets.create_target(
        store,
        system(org.id),
        name="hook",
        connector="webhook",
        account_id=None,
        params={"url": "https://hooks.example.test/x", "secret": HOOK_SECRET},
    )
    store.session.commit()
    everything = _every_value(engine)
    assert enrolment.secret not in everything and HOOK_SECRET not in everything
    assert store.session.get(PublishTarget, target.id).params["secret"] == HOOK_SECRET
    assert "connector_params" not in _columns(engine, "publications")


def test_a_plain_or_foreign_value_is_refused_not_passed_through() -> None:
    with pytest.raises(SecretKeyError, match="not encrypted"):
        Keyring([K1]).open(TOTP)
    with pytest.raises(SecretKeyError, match="cannot be decrypted"):
        Keyring([K2]).open(Keyring([K1]).seal(TOTP))
    assert Keyring([K2, K1]).open(Keyring([K1]).seal(TOTP)) == TOTP


@pytest.fixture()
def no_key_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No key in the environment, and whatever a test configures is undone afterwards."""
    with sealing.using(sealing.active()), connectors.using(connectors.current_env()):
        monkeypatch.delenv("CHARTE_SECRET_KEYS", raising=False)
        monkeypatch.delenv("CHARTE_SECRET_KEY_FILE", raising=False)
        yield


def test_postgresql_without_a_key_refuses_to_start(no_key_env: None) -> None:
    settings = load_settings(None, database_url="postgresql+psycopg://u@127.0.0.1:5432/charte")
    with pytest.raises(SettingsError, match="CHARTE_SECRET_KEYS"):
        configure_process(settings)


def test_sqlite_gets_an_owner_only_key_file_beside_the_database(no_key_env: None, tmp_path: Path) -> None:
    settings = load_settings(None, database_url=f"sqlite:///{tmp_path / 'dev.db'}")
    first = sealing.keyring_for(settings)
    path = tmp_path / "dev.db.keys"
    assert path.exists() and stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sealing.keyring_for(settings).open(first.seal("x")) == "x"  # the same key, read back
    explicit = load_settings(None, secret_key_file=tmp_path / "keys" / "charte.keys")
    assert sealing.keyring_for(explicit).open(sealing.keyring_for(explicit).seal("y")) == "y"
    memory = sealing.keyring_for(load_settings(None, database_url="sqlite://"))
    assert memory.open(memory.seal("z")) == "z"


@pytest.mark.parametrize("value", ["not-a-key", "", K1.decode() + ",short"])
def test_a_bad_key_stops_the_service_naming_the_variable(value: str) -> None:
    with pytest.raises(SettingsError, match="CHARTE_SECRET_KEYS"):
        load_settings(None, secret_keys=value)


def test_the_memory_connector_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHARTE_MEMORY_CONNECTOR", raising=False)
    assert load_settings(None).memory_connector is False
    with connectors.using(connectors.ConnectorEnv.from_settings(load_settings(None))):
        assert "memory" not in connector_registry.registered()


def test_rotate_secrets_command(no_key_env: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from charte.cli.main import cli

    url = f"sqlite:///{tmp_path / 'rotate.db'}"
    monkeypatch.setenv("CHARTE_DATABASE_URL", url)
    monkeypatch.setenv("CHARTE_SECRET_KEYS", K1.decode())
    with sealing.using(Keyring([K1])):
        migrate.upgrade(url)
        engine = make_engine(url)
        with make_sessionmaker(engine)() as session:
            org = organisations.create(Store(session), "Rotate", "rotate")
            targets.create_target(
                Store(session),
                system(org.id),
                name="hook",
                connector="webhook",
                account_id=None,
                params={"url": "https://hooks.example.test/x", "secret": HOOK_SECRET},
            )
            session.commit()
    monkeypatch.setenv("CHARTE_SECRET_KEYS", f"{K2.decode()},{K1.decode()}")
    result = CliRunner().invoke(cli, ["db", "rotate-secrets"])
    assert result.exit_code == 0, result.output
    assert "re-encrypted 1 secrets" in result.output
    with (
        sealing.using(Keyring([K2])),
        make_sessionmaker(engine)() as session,
    ):  # the old key is no longer needed
        assert session.get(PublishTarget, 1).params["secret"] == HOOK_SECRET
    engine.dispose()
