"""Settings: environment first, then .env, then defaults; bad values stop the start with the variable named."""

from __future__ import annotations

from pathlib import Path

import pytest

from charte.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "CHARTE_DATABASE_URL",
        "CHARTE_SESSION_HOURS",
        "CHARTE_COOKIE_SECURE",
        "CHARTE_AUTO_MIGRATE",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_need_nothing(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.env")
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.is_sqlite and settings.migrate_at_start and settings.cookie_secure


def test_env_file_then_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = tmp_path / ".env"
    env.write_text("CHARTE_SESSION_HOURS=4\nCHARTE_DATABASE_URL=sqlite:///from-file.db\n", encoding="utf-8")
    assert load_settings(env).session_hours == 4
    monkeypatch.setenv("CHARTE_SESSION_HOURS", "6")
    settings = load_settings(env)
    assert settings.session_hours == 6 and settings.database_url == "sqlite:///from-file.db"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql://u@db:5432/charte", "postgresql+psycopg://u@db:5432/charte"),
        ("postgresql+psycopg://u@db/charte", "postgresql+psycopg://u@db/charte"),
    ],
)
def test_postgres_urls_use_psycopg3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, expected: str
) -> None:
    monkeypatch.setenv("CHARTE_DATABASE_URL", url)
    settings = load_settings(tmp_path / "none")
    assert settings.database_url == expected and not settings.is_sqlite and not settings.migrate_at_start


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("CHARTE_DATABASE_URL", "mysql://x/y", "CHARTE_DATABASE_URL"),
        ("CHARTE_DATABASE_URL", "postgresql+psycopg2://x/y", "psycopg 3"),
        ("CHARTE_SESSION_HOURS", "zero", "CHARTE_SESSION_HOURS"),
        ("CHARTE_COOKIE_SECURE", "perhaps", "CHARTE_COOKIE_SECURE"),
    ],
)
def test_bad_values_name_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings(tmp_path / "none")
    assert fragment in str(caught.value)
