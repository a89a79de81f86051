"""The in-memory twin: a connector that keeps what it "published", for tests and the demo.

Like a well-behaved platform it deduplicates on the idempotency key, and it can be told to fail
the next N calls (transiently or permanently) to exercise the retry path.

It keeps every post in the server's memory, so it is offered only when the operator turns it on
(``CHARTE_MEMORY_CONNECTOR``: tests, ``charte serve --demo``), and each organisation's outboxes are
its own: the outbox ``name`` of organisation 3 is ``outbox(name, 3)``.
"""

from __future__ import annotations

import threading
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from charte.connectors.base import Connector, Publication, PublishResult
from charte.connectors.registry import register
from charte.errors import ConnectorError, TransientError


class MemoryParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(default="default", max_length=64, description="Which in-memory outbox to use")


class MemoryOutbox:
    """What the twin has published, shared by every MemoryConnector with the same name."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.posts: dict[str, Publication] = {}
        self.calls = 0
        self.fail_next: list[ConnectorError] = []

    def reset(self) -> None:
        with self.lock:
            self.posts.clear()
            self.calls = 0
            self.fail_next.clear()


OUTBOXES: dict[tuple[int | None, str], MemoryOutbox] = {}
_OUTBOXES_LOCK = threading.Lock()


def outbox(name: str = "default", org_id: int | None = None) -> MemoryOutbox:
    """The outbox ``name`` of organisation ``org_id`` (``None``: a connector made outside any organisation)."""
    with _OUTBOXES_LOCK:
        return OUTBOXES.setdefault((org_id, name), MemoryOutbox())


@register
class MemoryConnector(Connector[MemoryParams]):
    id: ClassVar[str] = "memory"
    test_only: ClassVar[bool] = True

    @property
    def box(self) -> MemoryOutbox:
        return outbox(self.params.name, self.org_id)

    def publish(self, publication: Publication) -> PublishResult:
        box = self.box
        with box.lock:
            box.calls += 1
            if box.fail_next:
                raise box.fail_next.pop(0)
            box.posts.setdefault(publication.idempotency_key, publication)
        return PublishResult(external_id=f"mem-{publication.idempotency_key}")

    def find(self, idempotency_key: str) -> PublishResult | None:
        with self.box.lock:
            found = idempotency_key in self.box.posts
        return PublishResult(external_id=f"mem-{idempotency_key}") if found else None


def fail_next(name: str, *errors: ConnectorError, org_id: int | None = None) -> None:
    """Make the next calls of outbox ``name`` (of organisation ``org_id``) raise these errors, in order."""
    box = outbox(name, org_id)
    with box.lock:
        box.fail_next.extend(errors)


__all__ = ["MemoryConnector", "MemoryOutbox", "TransientError", "fail_next", "outbox"]
