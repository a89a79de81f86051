"""The connector registry: discovered once, closed afterwards, typed params, no import circle with ``base``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict

import charte.connectors.base as base_module
from charte.connectors import registry
from charte.connectors.base import Connector, ConnectorEnv, Publication, PublishResult, using
from charte.connectors.bluesky import BlueskyConnector
from charte.connectors.mastodon import MastodonConnector
from charte.connectors.memory import MemoryConnector, MemoryParams
from charte.connectors.webhook import WebhookConnector, WebhookParams
from charte.errors import InputError


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = "x"


def test_the_registry_holds_every_connector_module_and_is_closed() -> None:
    loaded = registry.load()
    assert dict(loaded) == {
        "memory": MemoryConnector,
        "webhook": WebhookConnector,
        "mastodon": MastodonConnector,
        "bluesky": BlueskyConnector,
    }

    class Late(Connector[_Params]):
        id = "late"

        def publish(self, publication: Publication) -> PublishResult:
            return PublishResult("x")

    with pytest.raises(RuntimeError, match="connector 'late' registered after the registry was closed"):
        registry.register(Late)
    with pytest.raises(TypeError):
        loaded["late"] = Late  # type: ignore[index]
    assert "late" not in registry.load()


def test_the_test_only_twin_is_offered_only_when_the_operator_allows_it() -> None:
    with using(ConnectorEnv(memory=False)):
        assert set(registry.registered()) == {"bluesky", "mastodon", "webhook"}
        with pytest.raises(InputError, match="unknown connector 'memory'; known: bluesky, mastodon, webhook"):
            registry.get_connector("memory")
        # Still known to mask the parameters of a target made while it was on.
        assert registry.public_params("memory", {"name": "a"}) == {"name": "a"}
    with using(ConnectorEnv(memory=True)):
        assert set(registry.registered()) == {"bluesky", "mastodon", "memory", "webhook"}
        built = registry.build_connector("memory", {"name": "box"}, org_id=3)
        assert isinstance(built, MemoryConnector) and built.params == MemoryParams(name="box")


def test_params_are_bound_from_the_type_argument() -> None:
    assert WebhookConnector.Params is WebhookParams and MemoryConnector.Params is MemoryParams
    with pytest.raises(TypeError, match="MemoryConnector takes MemoryParams, not _Params"):
        MemoryConnector(_Params())  # type: ignore[arg-type]


def test_a_connector_must_name_its_params_model_once() -> None:
    with pytest.raises(
        TypeError, match=r"Bare must name its params model: class Bare\(Connector\[BareParams\]\)"
    ):

        class Bare(Connector):  # type: ignore[type-arg]
            id = "bare"

    with pytest.raises(TypeError, match=r"name the params model as Connector\[_Params\]"):

        class Old(Connector[_Params]):
            id = "old"
            Params = _Params


def test_base_imports_no_connector_and_no_registry() -> None:
    tree = ast.parse(Path(base_module.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert not {m for m in imported if m.startswith("charte.connectors.")} - {"charte.connectors.egress"}


def test_importing_the_contract_loads_no_connector() -> None:
    code = (
        "import sys, charte.connectors.base; "
        "print(sorted(m for m in sys.modules if m.startswith('charte.connectors.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    # The package re-exports the registry's functions, but no connector module is imported before load().
    assert (
        out.strip() == "['charte.connectors.base', 'charte.connectors.egress', 'charte.connectors.registry']"
    )
