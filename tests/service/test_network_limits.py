"""Each network's limits, checked before sending: text counted as the network counts it, media count, type and
alt text; each problem names its field and the limit, in the reader's language."""

from __future__ import annotations

from charte.connectors.bluesky import BlueskyConnector, BlueskyParams
from charte.connectors.registry import build_connector
from charte.i18n import use_lang
from charte.service.network_limits import problems


def bluesky() -> BlueskyConnector:
    return BlueskyConnector(BlueskyParams(handle="brand.example.com", app_password="app-pass-1234"))


def test_bluesky_counts_graphemes_not_bytes_or_code_points() -> None:
    family = "👩‍👩‍👧"  # five code points, eighteen bytes, one grapheme
    connector = bluesky()
    try:
        assert problems(connector, family * 300, []) == []
        [problem] = problems(connector, family * 301, [])
    finally:
        connector.close()
    assert problem.field == "text" and "301" in problem.message and "at most 300" in problem.message


def test_media_count_type_and_alt_text_are_each_named() -> None:
    connector = bluesky()
    media = [{"url": f"https://cdn.example/{i}.png", "alt": "ok"} for i in range(4)]
    media += [{"url": "https://cdn.example/clip.mp4", "alt": "é" * 2001}]
    try:
        found = {p.field: p.message for p in problems(connector, "Bonjour", media)}
        with use_lang("fr"):
            french = {p.field: p.message for p in problems(connector, "Bonjour", media)}
    finally:
        connector.close()
    assert set(found) == {"attachments", "attachments[4].url", "attachments[4].alt"}
    assert "5 media files; Bluesky takes at most 4" in found["attachments"]
    assert "video/mp4" in found["attachments[4].url"] and "image/jpeg" in found["attachments[4].url"]
    assert "2001" in found["attachments[4].alt"] and "2000" in found["attachments[4].alt"]
    assert "au plus 4 par publication" in french["attachments"]


def test_a_webhook_forwards_anything() -> None:
    connector = build_connector("webhook", {"url": "https://hooks.example.test/x", "secret": "s" * 16})
    try:
        media = [{"url": "https://cdn.example/a.exe", "alt": "x" * 5000}] * 30
        assert problems(connector, "x" * 100_000, media) == []
    finally:
        connector.close()
