"""The policy file's quiz (``document.quiz``): strict, with file and line in every error; and which changes
between two versions are material (they ask people to acknowledge again)."""

from __future__ import annotations

import pytest
import yaml

from charte.errors import PolicyError
from charte.policy.loader import parse_policy
from charte.policy.material import material_changes
from tests.acks import policies as texts


def _with(question: dict[str, object]) -> str:
    data = yaml.safe_load(texts.with_quiz())
    data["document"]["quiz"].append(question)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


GOOD = {
    "id": "x",
    "clause": "1.1",
    "question": {"en": "Q?"},
    "choices": [{"en": "a"}, {"en": "b"}],
    "answer": 0,
}


def test_a_quiz_loads() -> None:
    policy = parse_policy(texts.with_quiz(), "p.yaml")
    assert [q.id for q in policy.document.quiz] == ["phone", "speak"]
    assert policy.document.quiz[1].choices[1].get("fr") == "Les porte-parole"


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"answer": 2}, "document.quiz[2]", "not one of the 2 choices"),
        ({"answer": -1}, "document.quiz[2].answer", "greater than or equal to 0"),
        ({"clause": "9.9"}, "document.quiz[2].clause", "not in the policy"),
        ({"id": "phone"}, "document.quiz[2].id", "already used"),
        ({"choices": [{"en": "only one"}]}, "document.quiz[2].choices", "at least 2"),
        ({"question": {"de": "Frage?"}}, "document.quiz[2].question.de", "Extra inputs"),
        ({"hint": "extra"}, "document.quiz[2].hint", "Extra inputs"),
    ],
)
def test_bad_quiz_questions_name_the_line(change: dict[str, object], field: str, words: str) -> None:
    text = _with({**GOOD, **change})
    with pytest.raises(PolicyError) as caught:
        parse_policy(text, "p.yaml")
    issue = next(i for i in caught.value.issues if i.field.startswith(field))
    assert words in issue.message + issue.hint
    assert issue.file == "p.yaml" and issue.line is not None
    assert text.splitlines()[issue.line - 1].strip()  # the line points into the quiz entry


def test_materiality() -> None:
    base = parse_policy(texts.with_quiz(), "a")
    assert material_changes(base, parse_policy(texts.preamble_typo(), "b")) == []  # preamble, label, quiz
    assert material_changes(base, parse_policy(texts.clause_changed(), "c")) == ["1.1"]
    data = yaml.safe_load(texts.with_quiz())
    data["approvals"] = {"levels": [{"id": "legal"}, {"id": "review"}], "by_severity": {"critical": 2}}
    assert material_changes(base, parse_policy(yaml.safe_dump(data, allow_unicode=True), "d")) == [
        "approvals"
    ]
    data = yaml.safe_load(texts.with_quiz())
    data["security"]["credential_rotation_days"] = 30
    assert material_changes(base, parse_policy(yaml.safe_dump(data, allow_unicode=True), "e")) == [
        "security.credential_rotation_days"
    ]
    data = yaml.safe_load(texts.with_quiz())
    data["document"]["acknowledgement"]["en"] = "I accept everything."
    assert material_changes(base, parse_policy(yaml.safe_dump(data, allow_unicode=True), "f")) == [
        "document.acknowledgement"
    ]
