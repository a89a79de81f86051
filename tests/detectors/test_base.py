"""The detector contract: ``Detector[P]`` names its params model once, the registry holds only detectors."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Sequence
from typing import get_args, get_origin

import pytest
from policykit import make_engine
from pydantic import BaseModel, ConfigDict

import charte.detectors as package
import charte.detectors.support as support
from charte.detectors import registry
from charte.detectors.base import Context, Detector, NoParams
from charte.detectors.links import LinksDetector, LinksParams
from charte.detectors.secrets import SecretsParams
from charte.domain import Finding
from charte.errors import PolicyError
from charte.policy.model import Policy, Rule

RULE = Rule(id="t", detector="links", action="review", severity="medium", clause="1")


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    limit: int = 3


class _Probe(Detector[_Params]):
    id = "probe"
    category = "test"

    def detect(self, ctx: Context) -> Sequence[Finding]:
        return ()


def test_the_type_argument_is_the_params_model() -> None:
    assert _Probe.Params is _Params
    assert LinksDetector.Params is LinksParams


def test_every_registered_detector_names_a_pydantic_params_model() -> None:
    detectors = registry.load()
    assert len(detectors) >= 14
    for detector_id, cls in detectors.items():
        assert cls.id == detector_id
        (declared,) = [
            get_args(base)[0] for base in vars(cls)["__orig_bases__"] if get_origin(base) is Detector
        ]
        assert cls.Params is declared and issubclass(declared, BaseModel), detector_id
        assert declared.__name__ == cls.__name__.removesuffix("Detector") + "Params", detector_id


def test_params_are_kept_typed_on_the_instance(demo_policy: Policy) -> None:
    params = LinksParams(allowed_domains=["example.org"])
    detector = LinksDetector(RULE, params, demo_policy)
    assert detector.params is params and detector.params.allowed_domains == ["example.org"]


def test_the_wrong_params_model_is_refused(demo_policy: Policy) -> None:
    with pytest.raises(TypeError, match="LinksDetector takes LinksParams, not SecretsParams"):
        LinksDetector(RULE, SecretsParams(), demo_policy)  # type: ignore[arg-type]


def test_a_subclass_of_a_detector_keeps_its_params() -> None:
    class Stricter(_Probe):
        pass

    assert Stricter.Params is _Params


def test_a_detector_without_params_says_noparams() -> None:
    class Plain(Detector[NoParams]):
        id = "plain"
        category = "test"

        def detect(self, ctx: Context) -> Sequence[Finding]:
            return ()

    assert Plain.Params is NoParams


def test_a_detector_must_name_its_params_model() -> None:
    with pytest.raises(
        TypeError, match=r"Bare must name its params model: class Bare\(Detector\[BareParams\]\)"
    ):

        class Bare(Detector):  # type: ignore[type-arg]
            id = "bare"
            category = "test"


def test_params_as_an_attribute_is_refused() -> None:
    with pytest.raises(TypeError, match=r"name the params model as Detector\[_Params\]"):

        class Old(Detector[_Params]):
            id = "old"
            category = "test"
            Params = _Params


def test_the_type_argument_must_be_a_pydantic_model() -> None:
    with pytest.raises(TypeError, match="takes a pydantic model"):

        class Wrong(Detector[int]):  # type: ignore[type-var]
            id = "wrong"
            category = "test"


def test_policy_params_are_validated_against_the_type_argument() -> None:
    with pytest.raises(PolicyError, match="allowed_domains"):
        make_engine("links", {"allowed_domains": "not a list"})


def test_only_top_level_modules_are_detectors_and_support_registers_nothing() -> None:
    top = {info.name for info in pkgutil.iter_modules(package.__path__) if not info.ispkg}
    modules = {cls.__module__.rsplit(".", 1)[-1] for cls in registry.load().values()}
    assert modules == top - {"base", "registry"}
    for info in pkgutil.iter_modules(support.__path__):
        module = importlib.import_module(f"charte.detectors.support.{info.name}")
        assert not any(
            isinstance(v, type) and issubclass(v, Detector) and v is not Detector
            for v in vars(module).values()
        ), info.name
