"""The RSS/Atom adapter against a local HTTP server: conditional requests, new entries only, broken feeds."""

from __future__ import annotations

import json

import pytest

from charte.errors import InputError, RateLimited, TransientError
from charte.listening.adapters.rss import FeedAdapter, FeedCursor
from charte.listening.types import SourceConfig
from tests.listening.fakes import LOCAL, Answer, FakeHTTP

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Acme news watch</title><link>https://news.example/</link><language>fr</language>
  <item>
    <title>Acme Coffee rappelle un lot de capsules</title>
    <link>https://news.example/2024/09/acme-rappel</link>
    <guid>https://news.example/?p=101</guid>
    <pubDate>Mon, 09 Sep 2024 08:00:00 +0000</pubDate>
    <description>&lt;p&gt;Le fabricant &lt;b&gt;Acme&lt;/b&gt; rappelle&amp;nbsp;un lot.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Un café à Lyon</title>
    <link>https://news.example/2024/09/lyon</link>
    <guid>https://news.example/?p=100</guid>
    <pubDate>Sun, 08 Sep 2024 08:00:00 +0000</pubDate>
    <description>Rien à voir.</description>
  </item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Support forum</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-09-09T18:30:02Z</updated>
  <entry>
    <title>Acme grinder stopped working</title>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <link href="https://forum.example/t/1"/>
    <updated>2024-09-09T18:30:02Z</updated>
    <author><name>Marie</name></author>
    <content type="html">&lt;p&gt;Mine died after &lt;em&gt;two&lt;/em&gt; days.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>No id, no link</title>
    <updated>2024-09-09T18:00:00Z</updated>
  </entry>
</feed>"""


def config(url: str, **settings: object) -> SourceConfig:
    return SourceConfig(
        id=3, organisation_id=1, kind="rss", settings={"url": url, **settings}, watch=("acme",)
    )


def serve(body: str, content_type: str, etag: str = '"v1"') -> FakeHTTP:
    def answer(query: dict[str, list[str]], headers: dict[str, str]) -> Answer:
        if headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"Content-Type": content_type, "ETag": etag}, body.encode("utf-8")

    return FakeHTTP(routes={"/feed": answer})


def test_rss_entries_once_then_304_with_the_etag() -> None:
    with serve(RSS, "application/rss+xml") as server:
        adapter = FeedAdapter(config(server.base + "/feed"), LOCAL)
        batch, state = adapter.poll(FeedCursor())
        again, state = adapter.poll(state)
        assert server.seen[1][1].get("if-none-match") == '"v1"'
    first, second = batch.mentions
    assert (first.external_id, second.external_id) == (
        "https://news.example/?p=100",
        "https://news.example/?p=101",
    )
    assert second.text == "Acme Coffee rappelle un lot de capsules\n\nLe fabricant Acme rappelle\xa0un lot."
    assert second.lang == "fr" and second.author_handle == "Acme news watch"
    assert second.created_at.isoformat() == "2024-09-09T08:00:00+00:00"
    assert second.url == "https://news.example/2024/09/acme-rappel"
    assert again.mentions == () and again.cursor is None
    cursor = json.loads(batch.cursor or "")
    assert cursor["etag"] == '"v1"' and cursor["newest"] == "2024-09-09T08:00:00+00:00"


def test_entries_already_seen_are_not_handed_over_again_even_when_the_feed_changes() -> None:
    with serve(RSS, "application/rss+xml", etag='"v1"') as server:
        batch, _ = FeedAdapter(config(server.base + "/feed"), LOCAL).poll(FeedCursor())
    changed = RSS.replace(
        "<item>",
        "<item><title>Acme again</title><guid>https://news.example/?p=102</guid>"
        "<pubDate>Tue, 10 Sep 2024 08:00:00 +0000</pubDate></item><item>",
        1,
    )
    with serve(changed, "application/rss+xml", etag='"v2"') as server:
        later, _ = FeedAdapter(config(server.base + "/feed"), LOCAL).poll(FeedCursor.load(batch.cursor))
    assert [m.external_id for m in later.mentions] == ["https://news.example/?p=102"]


def test_atom_entries_and_a_malformed_entry() -> None:
    with serve(ATOM, "application/atom+xml") as server:
        batch, _ = FeedAdapter(config(server.base + "/feed"), LOCAL).poll(FeedCursor())
    [entry] = batch.mentions
    assert entry.external_id == "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a"
    assert entry.text == "Acme grinder stopped working\n\nMine died after two days."
    assert entry.author_handle == "Marie" and entry.url == "https://forum.example/t/1"
    assert [(s.reason, s.detail) for s in batch.skipped] == [("malformed entry", "no id and no link")]


def test_only_watched_keeps_the_entries_naming_the_organisation() -> None:
    with serve(RSS, "application/rss+xml") as server:
        batch, _ = FeedAdapter(config(server.base + "/feed", only_watched=True), LOCAL).poll(FeedCursor())
    assert [m.external_id for m in batch.mentions] == ["https://news.example/?p=101"]


@pytest.mark.parametrize(
    "body",
    [
        "this is not a feed at all \x00\x01",
        '<?xml version="1.0"?><rss><channel><title>cut',
        "<html><body><h1>Welcome</h1></body></html>",
    ],
)
def test_a_broken_feed_is_skipped_with_a_reason(body: str) -> None:
    with serve(body, "application/xml") as server:
        batch, _ = FeedAdapter(config(server.base + "/feed"), LOCAL).poll(FeedCursor())
    assert batch.mentions == ()
    [skipped] = batch.skipped
    assert skipped.reason == "malformed feed" and skipped.detail


def test_broken_xml_keeps_the_entries_it_could_read() -> None:
    broken = RSS.replace("</channel></rss>", "<item><title>Acme & co <b>unclosed</title>")
    with serve(broken, "application/rss+xml") as server:
        batch, _ = FeedAdapter(config(server.base + "/feed"), LOCAL).poll(FeedCursor())
    assert "https://news.example/?p=101" in [m.external_id for m in batch.mentions]


@pytest.mark.parametrize(
    ("fault", "error", "text"),
    [
        ((429, {"Retry-After": "Wed, 21 Oct 2099 07:28:00 GMT"}, b""), RateLimited, "HTTP 429"),
        ((503, {}, b""), TransientError, "HTTP 503"),
    ],
)
def test_http_faults(fault: Answer, error: type[Exception], text: str) -> None:
    with serve(RSS, "application/rss+xml") as server:
        server.faults = [fault]
        with pytest.raises(error, match=text) as caught:
            FeedAdapter(config(server.base + "/feed"), LOCAL).poll(FeedCursor())
    if isinstance(caught.value, RateLimited):
        assert caught.value.retry_after is not None and caught.value.retry_after > 1e9


def test_a_feed_larger_than_max_bytes_is_refused() -> None:
    with (
        serve(RSS + " " * 5000, "application/rss+xml") as server,
        pytest.raises(TransientError, match="max_bytes"),
    ):
        FeedAdapter(config(server.base + "/feed", max_bytes=2048), LOCAL).poll(FeedCursor())


def test_the_egress_guard_applies_to_feeds() -> None:
    from charte.connectors.egress import Egress
    from charte.errors import EgressRefused

    with serve(RSS, "application/rss+xml") as server:
        with pytest.raises(EgressRefused):
            FeedAdapter(config(server.base + "/feed"), Egress()).poll(FeedCursor())
        assert server.seen == []


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"url": "ftp://files.example/feed"}, "settings.url"),
        ({"url": "https://x.example/f", "poll_interval_seconds": 0.1}, "settings.poll_interval_seconds"),
        ({"url": "https://x.example/f", "colour": "blue"}, "settings.colour"),
        ({}, "settings.url"),
    ],
)
def test_bad_settings_name_the_field(settings: dict[str, object], field: str) -> None:
    cfg = SourceConfig(id=3, organisation_id=1, kind="rss", settings=settings)
    with pytest.raises(InputError, match=field):
        FeedAdapter(cfg, LOCAL)


def test_a_garbled_cursor_starts_afresh() -> None:
    assert FeedCursor.load("{not json") == FeedCursor()
    assert FeedCursor.load('["a"]') == FeedCursor()
