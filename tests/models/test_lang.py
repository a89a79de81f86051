"""Language identification: clear French and English, other languages and scripts, empty input, mixes."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from charte.models.lang import identify


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bonjour à tous, merci pour votre accueil chaleureux !", "fr"),
        ("Je ne comprends pas pourquoi le service client ne répond jamais.", "fr"),
        ("Merci !", "fr"),
        ("Très contente de rejoindre l'équipe @user #nouveaudépart https://t.co/xyz", "fr"),
        ("Thanks for the great support, you guys rock!", "en"),
        ("I can't believe the delivery is late again.", "en"),
        ("Thanks!", "en"),
        ("Excited to join the team @user #newjob https://t.co/xyz", "en"),
        ("Hola, ¿cómo estás? Muy bien, gracias por preguntar.", "other"),
        ("Oggi è una bella giornata, andiamo al mare con gli amici.", "other"),
        ("Obrigado pela ajuda, o atendimento foi muito bom.", "other"),
        ("Ich bin heute sehr müde und gehe früh schlafen.", "other"),
        ("Wij gaan morgen naar het strand met de kinderen.", "other"),
        ("Dziękuję bardzo za pomoc, wszystko działa.", "other"),
        ("RT @news: [最新]新加坡上午10点的空气污染指数为49点 #sghaze", "other"),
        ("Привет, как дела? Всё хорошо.", "other"),
        ("今日はとても良い天気ですね", "other"),
        ("", "other"),
        ("   \n\t ", "other"),
        ("🎉🎉🎉 🙏", "other"),
        ("12345 !!! ???", "other"),
        ("https://example.com @someone", "other"),
    ],
)
def test_identify(text: str, expected: str) -> None:
    assert identify(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Mixed posts go to the language that carries the sentence.
        ("Super meeting today avec toute l'équipe, on a vraiment bien avancé sur le projet", "fr"),
        ("Great launch event yesterday, c'est la vie, we are so proud of the whole team", "en"),
    ],
)
def test_mixed_posts_follow_the_main_language(text: str, expected: str) -> None:
    assert identify(text) == expected


def test_long_post_is_bounded() -> None:
    text = "Le conseil a voté la nouvelle charte. " * 30_000  # about 1 MB
    started = time.perf_counter()
    assert identify(text) == "fr"
    assert time.perf_counter() - started < 0.05


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_one_of_three_answers(text: str) -> None:
    assert identify(text) in ("fr", "en", "other")
