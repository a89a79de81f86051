"""Built-in PII entities are declared once, by their recogniser's ``kind``; the detector reads the rest."""

from __future__ import annotations

import pytest
from policykit import make_engine

from charte.detectors import pii
from charte.detectors.base import Context
from charte.detectors.pii import PiiDetector, PiiParams
from charte.detectors.support import pii_entities as ent
from charte.domain import Post
from charte.errors import PolicyError
from charte.policy.model import Policy, Rule

RULE = Rule(id="pii.test", detector="pii", action="block", severity="high", clause="4.1")


def test_every_entity_is_declared_once_with_its_labels_and_a_distinct_rank() -> None:
    kinds = ent.kinds()
    assert list(kinds) == list(pii.ENTITIES)
    assert set(kinds) == {cls.kind.name for cls in ent.structured()} | {"PERSON"}
    assert len({k.rank for k in kinds.values()}) == len(kinds)
    assert [k.rank for k in kinds.values()] == sorted(k.rank for k in kinds.values())
    for kind in kinds.values():
        assert kind.a_label and kind.the_label, kind.name
    for cls in ent.structured():
        assert cls.entity == cls.kind.name


def test_two_recognisers_may_share_one_declaration() -> None:
    assert ent.AddressByCue.kind is ent.Address.kind
    assert [c for c in ent.structured() if c.kind.name == "ADDRESS"] == [ent.Address, ent.AddressByCue]


def test_a_conflicting_declaration_is_refused() -> None:
    iban = ent.kinds()["IBAN"]
    with pytest.raises(RuntimeError, match="two different declarations of the PII entity 'IBAN'"):
        ent.declare(ent.EntityKind("IBAN", "x", "x", rank=iban.rank))
    with pytest.raises(RuntimeError, match="has the rank 0 of another entity"):
        ent.declare(ent.EntityKind("PASSPORT", "a passport number", "the passport number", rank=0))
    assert "PASSPORT" not in ent.kinds()


def test_record_entities_come_from_the_declarations() -> None:
    assert {
        "EMAIL",
        "PHONE",
        "ADDRESS",
        "DATE_OF_BIRTH",
        "IBAN",
        "CREDIT_CARD",
        "FR_NIR",
        "US_SSN",
    } == pii._RECORD


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "this post contains a bank account number (IBAN) ("),
        ("fr", "ce message contient un numéro de compte bancaire (IBAN) ("),
    ],
)
def test_messages_use_the_declared_labels(demo_policy: Policy, lang: str, expected: str) -> None:
    detector = PiiDetector(RULE, PiiParams(entities=["IBAN"]), demo_policy)
    text = "IBAN FR76 3000 6000 0112 3456 7890 189"
    (finding,) = detector.detect(Context(Post(text, account="brand"), lang, demo_policy))
    assert expected in finding.message
    assert finding.fix is not None and finding.fix.description == (
        "Mask the bank account number (IBAN)."
        if lang == "en"
        else "Masquez le numéro de compte bancaire (IBAN)."
    )


def test_only_declared_entities_are_enabled(demo_policy: Policy) -> None:
    detector = PiiDetector(RULE, PiiParams(entities=["DATE_OF_BIRTH", "PHONE"]), demo_policy)
    assert sorted(r.entity for r in detector.recognizers) == ["DATE_OF_BIRTH", "PHONE"]
    assert detector.person is None


def test_an_unknown_entity_names_the_declared_ones() -> None:
    with pytest.raises(PolicyError) as info:
        make_engine("pii", {"entities": ["PASSPORT"]})
    message = str(info.value)
    assert "rules[0].params.entities.0" in message and "unknown entity 'PASSPORT'" in message
    assert all(name in message for name in pii.ENTITIES)
