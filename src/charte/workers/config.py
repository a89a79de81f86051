"""Settings of the workflow: background work, publishing and the audit record (``CHARTE_*`` variables)."""

from __future__ import annotations

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from charte.errors import CharteError


class WorkflowSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CHARTE_", env_file=".env", env_file_encoding="utf-8",
                                      extra="ignore", frozen=True)

    database_url: str = Field(default="sqlite:///./charte.db")
    jobs: str = Field(default="embedded", pattern=r"^(embedded|celery)$",
                      description="embedded: jobs run in threads inside `charte serve`; celery: in `charte worker`")
    broker_url: str = Field(default="redis://127.0.0.1:6379/0",
                            description="redis://host:6379/0 or amqp://user:pass@host:5672// (RabbitMQ)")
    broker_visibility_timeout: int = Field(default=3600, ge=5, description="Redis: seconds before an "
                                           "unacknowledged job is given to another worker")
    queue_name: str = Field(default="charte", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    worker_threads: int = Field(default=2, ge=1, le=64, description="Threads of the embedded runner")
    publish_max_attempts: int = Field(default=5, ge=1, le=20)
    publish_backoff_seconds: float = Field(default=2.0, gt=0, le=3600)
    publish_lease_seconds: float = Field(default=120.0, ge=1, description="After this, a send left by a "
                                         "dead worker is resumed (must exceed the connector timeout)")
    scheduler_interval_seconds: float = Field(default=5.0, gt=0, le=3600)
    audit_key: SecretStr | None = Field(default=None, description="Signs retention checkpoints (32+ chars)")
    audit_retention_days: int | None = Field(default=None, ge=1, description="Unset: keep every entry")

    @field_validator("broker_url")
    @classmethod
    def _known_broker(cls, value: str) -> str:
        if not value.startswith(("redis://", "rediss://", "amqp://", "amqps://", "memory://")):
            raise ValueError("write redis://host:6379/0 (Redis) or amqp://user:pass@host:5672// (RabbitMQ)")
        return value

    @field_validator("audit_key")
    @classmethod
    def _long_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("use at least 32 characters (e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`)")
        return value


def load_workflow_settings(**overrides: object) -> WorkflowSettings:
    try:
        return WorkflowSettings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        lines = [f"CHARTE_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg'].removeprefix('Value error, ')}"
                 for e in exc.errors()]
        raise CharteError("invalid settings:\n  " + "\n  ".join(lines)) from None
