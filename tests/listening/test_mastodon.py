"""The Mastodon adapter (Mastodon.py) against a local HTTP server answering like an instance."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from charte.errors import AuthExpired, ConnectorError, InputError, RateLimited, TransientError
from charte.listening.adapters.mastodon import MastodonAdapter
from charte.listening.types import SourceConfig
from tests.listening.fakes import LOCAL, Answer, FakeHTTP, json_answer, paged, status

TOKEN = "user-token-9f8e7d"


class Instance(FakeHTTP):
    """A Mastodon instance: a hashtag timeline, the token owner's mentions, search; the token is checked."""

    def __init__(self) -> None:
        super().__init__()
        self.tagged: list[dict[str, Any]] = []
        self.notified: list[dict[str, Any]] = []
        self.found: list[dict[str, Any]] = []
        self.routes = {
            "/api/v1/instance": lambda q, h: json_answer({"uri": "mastodon.example", "version": "4.3.0"}),
            "/api/v2/instance": lambda q, h: json_answer(
                {"domain": "mastodon.example", "version": "4.3.0", "api_versions": {"mastodon": 2}}
            ),
            "/api/v1/timelines/tag/acme": lambda q, h: json_answer(paged(self.tagged, q)),
            "/api/v1/notifications": self._notifications,
            "/api/v2/search": self._search,
        }

    def _authorised(self, headers: dict[str, str]) -> bool:
        return headers.get("authorization") == f"Bearer {TOKEN}"

    def _notifications(self, query: dict[str, list[str]], headers: dict[str, str]) -> Answer:
        if not self._authorised(headers):
            return json_answer({"error": "The access token is invalid"}, 401)
        assert query.get("types[]") == ["mention"]
        return json_answer(paged(self.notified, query))

    def _search(self, query: dict[str, list[str]], headers: dict[str, str]) -> Answer:
        if not self._authorised(headers):
            return json_answer({"error": "The access token is invalid"}, 401)
        assert query["type"] == ["statuses"]
        return json_answer({"accounts": [], "hashtags": [], "statuses": paged(self.found, query)})


def config(base: str, secret: str | None = TOKEN, **settings: object) -> SourceConfig:
    return SourceConfig(
        id=2,
        organisation_id=1,
        kind="mastodon",
        settings={"instance_url": base, "hashtags": ["acme"], **settings},
        secret=secret,
        watch=("acme",),
    )


def test_hashtag_mentions_and_search_are_read_after_their_last_id() -> None:
    with Instance() as server:
        server.tagged = [status(i, f"#acme post {i}") for i in range(100, 190)]  # more than two pages
        server.notified = [
            {"id": "7", "type": "mention", "status": status(500, "@acme help", acct="bob@other.example")}
        ]
        server.found = [status(600, "acme <b>broke</b> it<br>again", reply=500)]
        adapter = MastodonAdapter(config(server.base, mentions=True, searches=["acme coffee"]), LOCAL)
        positions: dict[str, str] = {}
        batch = adapter.poll(positions)
        # No stored position: the newest page of each feed (a backfill of 40), then only what is new.
        assert len(batch.mentions) == 40 + 1 + 1
        assert json.loads(batch.cursor or "") == {
            "tag:acme": "189",
            "mentions": "7",
            "search:acme coffee": "600",
        }
        server.tagged += [status(i, f"#acme post {i}") for i in range(190, 280)]  # 90 new: three pages
        again = adapter.poll(positions)
        assert [m.external_id for m in again.mentions] == [str(i) for i in range(190, 280)]
        assert adapter.poll(positions).mentions == ()
    by_id = {m.external_id: m for m in batch.mentions}
    bob = by_id["500"]
    assert bob.author_handle == "@bob@other.example" and bob.text == "@acme help"
    searched = by_id["600"]
    assert searched.text == "acme broke it\nagain" and searched.in_reply_to == "500"
    assert by_id["189"].author_handle == "@alice@127.0.0.1" and by_id["189"].author_name == "Alice"
    assert by_id["189"].url == "https://mastodon.example/@alice/189" and by_id["189"].lang == "en"


def test_resuming_from_a_cursor_reads_only_what_follows() -> None:
    with Instance() as server:
        server.tagged = [status(i, "#acme") for i in range(1, 11)]
        adapter = MastodonAdapter(config(server.base), LOCAL)
        batch = adapter.poll({"tag:acme": "7"})
    assert [m.external_id for m in batch.mentions] == ["8", "9", "10"]


@pytest.mark.parametrize(
    ("fault", "error", "text"),
    [
        ((429, {"Retry-After": "12"}, b"{}"), RateLimited, "retry after 12 s"),
        ((503, {}, b"<html>down</html>"), TransientError, "5xx"),
        ((200, {"Content-Type": "application/json"}, b"<html>not json"), ConnectorError, "mastodon"),
        ((401, {"Content-Type": "application/json"}, b'{"error":"nope"}'), AuthExpired, "401"),
    ],
)
def test_faults_become_errors_the_runner_understands(
    fault: Answer, error: type[Exception], text: str
) -> None:
    with Instance() as server:
        adapter = MastodonAdapter(config(server.base), LOCAL)
        adapter.poll({})  # the instance's version and API level are read (and kept) before the fault
        server.faults = [fault]
        with pytest.raises(error, match=text) as caught:
            adapter.poll({})
    assert TOKEN not in str(caught.value)
    if isinstance(caught.value, RateLimited):
        assert caught.value.retry_after == 12


@pytest.mark.parametrize(
    ("fault", "error", "text"),
    [
        (
            (200, {"Content-Type": "text/html"}, b"<html>a blog</html>"),
            ConnectorError,
            "like a Mastodon instance",
        ),
        ((429, {"Retry-After": "30"}, b""), RateLimited, "retry after 30 s"),
        ((502, {}, b""), TransientError, "HTTP 502"),
    ],
)
def test_an_address_that_is_no_instance_is_said_so(fault: Answer, error: type[Exception], text: str) -> None:
    with Instance() as server:
        server.faults = [fault]
        with pytest.raises(error, match=text):
            MastodonAdapter(config(server.base), LOCAL).poll({})


def test_a_malformed_status_is_skipped_with_a_reason() -> None:
    with Instance() as server:
        good, bad = status(2, "#acme fine"), status(3, "#acme")
        del bad["account"]
        server.tagged = [good, bad]
        batch = MastodonAdapter(config(server.base), LOCAL).poll({})
    assert [m.external_id for m in batch.mentions] == ["2"]
    assert [s.reason for s in batch.skipped] == ["malformed status"]


def test_the_egress_guard_applies_to_the_instance() -> None:
    from charte.connectors.egress import Egress
    from charte.errors import EgressRefused

    with Instance() as server:
        adapter = MastodonAdapter(config(server.base), Egress())
        with pytest.raises(EgressRefused):
            adapter.poll({})
        assert server.seen == []


@pytest.mark.parametrize(
    ("settings", "secret", "field"),
    [
        ({"instance_url": "not a url"}, TOKEN, "settings.instance_url"),
        ({"hashtags": ["two words"]}, TOKEN, "settings.hashtags"),
        ({"hashtags": []}, TOKEN, "nothing to read"),
        ({"mentions": True}, None, "secret"),
        ({"poll_interval_seconds": 0}, TOKEN, "settings.poll_interval_seconds"),
    ],
)
def test_bad_settings_name_the_field(settings: dict[str, object], secret: str | None, field: str) -> None:
    with pytest.raises(InputError, match=field):
        MastodonAdapter(config("https://mastodon.example", secret, **settings), LOCAL)


def sse(*events: tuple[str, object]) -> bytes:
    """A Server-Sent Events body as Mastodon's streaming server writes it, heartbeats included."""
    parts = [":)\n\n"]
    for name, data in events:
        payload = data if isinstance(data, str) else json.dumps(data)
        parts.append(f"event: {name}\ndata: {payload}\n\n:thump\n\n")
    return "".join(parts).encode()


def read_live(adapter: MastodonAdapter) -> list[Any]:
    batches: list[Any] = []

    async def consume() -> None:
        async for batch in adapter.stream(None):
            batches.append(batch)

    with pytest.raises(TransientError, match="stream ended"):
        asyncio.run(asyncio.wait_for(consume(), 10))
    return batches


def test_streaming_follows_a_hashtag_after_catching_up() -> None:
    def live(query: dict[str, list[str]], headers: dict[str, str]) -> Answer:
        assert query == {"tag": ["acme"]} and headers["authorization"] == f"Bearer {TOKEN}"
        body = sse(
            ("update", status(3, "#acme already polled")),
            ("update", status(4, "#acme <i>live</i>")),
            ("delete", "3"),
            ("update", "{broken"),
            ("status.update", status(4, "#acme edited")),
            ("update", status(5, "#acme again", acct="carol@elsewhere.example")),
        )
        return 200, {"Content-Type": "text/event-stream"}, body

    with Instance() as server:
        server.tagged = [status(i, "#acme") for i in (1, 2, 3)]
        server.routes["/api/v1/streaming/hashtag"] = live
        batches = read_live(MastodonAdapter(config(server.base, streaming=True), LOCAL))
    polled, *streamed = batches
    assert [m.external_id for m in polled.mentions] == ["1", "2", "3"]
    assert [m.external_id for b in streamed for m in b.mentions] == ["4", "5"]
    assert [m.text for b in streamed for m in b.mentions] == ["#acme live", "#acme again"]
    assert [s.reason for b in streamed for s in b.skipped] == ["malformed status"]
    assert json.loads(streamed[-1].cursor or "") == {"tag:acme": "5"}


def test_streaming_mentions_come_from_the_notification_stream() -> None:
    def live(query: dict[str, list[str]], headers: dict[str, str]) -> Answer:
        body = sse(
            ("notification", {"id": "8", "type": "favourite", "status": status(40, "fav")}),
            (
                "notification",
                {"id": "9", "type": "mention", "status": status(41, "@acme hello", acct="bob@x.example")},
            ),
        )
        return 200, {"Content-Type": "text/event-stream"}, body

    with Instance() as server:
        server.routes["/api/v1/streaming/user/notification"] = live
        adapter = MastodonAdapter(config(server.base, hashtags=[], mentions=True, streaming=True), LOCAL)
        _, *streamed = read_live(adapter)
    assert [(m.external_id, m.author_handle) for b in streamed for m in b.mentions] == [
        ("41", "@bob@x.example")
    ]
    assert json.loads(streamed[-1].cursor or "") == {"mentions": "9"}


def test_a_stream_refusing_the_token_says_so() -> None:
    with Instance() as server:
        server.routes["/api/v1/streaming/hashtag"] = lambda q, h: json_answer({"error": "no"}, 401)
        adapter = MastodonAdapter(config(server.base, streaming=True), LOCAL)

        async def consume() -> None:
            async for _ in adapter.stream(None):
                pass

        with pytest.raises(AuthExpired, match="stream"):
            asyncio.run(asyncio.wait_for(consume(), 10))


def test_searches_cannot_be_streamed() -> None:
    with pytest.raises(InputError, match="streaming: searches"):
        MastodonAdapter(config("https://m.example", searches=["acme"], streaming=True), LOCAL)
