"""Versions of the demo policy for the acknowledgement tests: with a quiz, with a typo fixed in the preamble
(not material), with a clause changed (material)."""

from __future__ import annotations

from typing import Any

import yaml

from charte.cli.demo import demo_policy_text

QUIZ = [
    {
        "id": "phone",
        "clause": "1.1",
        "question": {
            "fr": "Puis-je publier le numéro d'un client ?",
            "en": "May I post a customer's phone number?",
        },
        "choices": [{"fr": "Oui", "en": "Yes"}, {"fr": "Non", "en": "No"}],
        "answer": 1,
    },
    {
        "id": "speak",
        "clause": "2.1",
        "question": {"fr": "Qui parle au nom de l'entreprise ?", "en": "Who speaks for the company?"},
        "choices": [
            {"fr": "Tout le monde", "en": "Everyone"},
            {"fr": "Les porte-parole", "en": "Spokespeople"},
            {"fr": "Personne", "en": "Nobody"},
        ],
        "answer": 1,
    },
]


def _data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(demo_policy_text())
    return data


def _dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def with_quiz(label: str = "2026.1-quiz") -> str:
    data = _data()
    data["policy"]["version"] = label
    data["document"]["quiz"] = QUIZ
    return _dump(data)


def preamble_typo(label: str = "2026.1-typo") -> str:
    """The quiz version with one word of the preamble changed and a new label: nothing material."""
    data = yaml.safe_load(with_quiz())
    data["policy"]["version"] = label
    data["document"]["preamble"]["en"] = data["document"]["preamble"]["en"].replace("plainly", "clearly")
    data["document"]["quiz"][0]["question"]["en"] = "Can I post a customer's phone number?"
    return _dump(data)


def clause_changed(label: str = "2026.2") -> str:
    """The quiz version with a clause's text changed: material."""
    data = yaml.safe_load(with_quiz())
    data["policy"]["version"] = label
    data["clauses"][0]["text"]["en"] = (
        data["clauses"][0]["text"]["en"] + " This now includes e-mail addresses."
    )
    return _dump(data)
