"""The Mastodon connector against a local fake instance: post, reply, media with alt text, the instance's limits,
rate limits, refused tokens, server errors, idempotent retries, the egress guard and secrets never shown."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from charte.connectors.base import Attachment, Publication
from charte.connectors.egress import Egress
from charte.connectors.mastodon import MastodonConnector, MastodonParams
from charte.connectors.registry import build_connector, public_params
from charte.errors import AuthExpired, ConnectorError, InputError, MediaRefused, RateLimited, TransientError
from tests.connectors.social_fakes import JPEG, LOCAL, PNG, FakeMastodon, json_answer

TOKEN = "good-token-1234"
_OPEN: list[MastodonConnector] = []


@pytest.fixture(autouse=True)
def _close_connectors() -> Iterator[None]:
    yield
    while _OPEN:
        _OPEN.pop().close()


@pytest.fixture()
def instance() -> Iterator[FakeMastodon]:
    with FakeMastodon() as fake:
        yield fake


def connector(fake: FakeMastodon, token: str = TOKEN, egress: Egress = LOCAL) -> MastodonConnector:
    made = MastodonConnector(MastodonParams(instance=fake.base, access_token=token), egress=egress)
    _OPEN.append(made)
    return made


def pub(text: str = "Bonjour à tous", key: str = "pub-1", **kw: object) -> Publication:
    return Publication(key, 1, 7, "mastodon", "@brand", text, **kw)  # type: ignore[arg-type]


def test_a_post_goes_out_with_its_language_and_visibility(instance: FakeMastodon) -> None:
    result = connector(instance).publish(pub(lang="fr"))
    [status] = instance.posted
    assert status["text_sent"] == "Bonjour à tous" and status["language"] == "fr"
    assert status["visibility"] == "public"
    assert result.external_id == status["id"] and result.url == status["url"]


def test_a_reply_answers_the_status_given_by_id_or_by_url(instance: FakeMastodon) -> None:
    parent = instance.add_status("my parcel never came")
    by_id = connector(instance).publish(pub("Sorry!", key="a", reply_to=parent["id"]))
    by_url = connector(instance).publish(pub("Sorry again!", key="b", reply_to=parent["url"]))
    assert instance.statuses[by_id.external_id]["in_reply_to_id"] == parent["id"]
    assert instance.statuses[by_url.external_id]["in_reply_to_id"] == parent["id"]
    with pytest.raises(ConnectorError, match="cannot be found"):
        connector(instance).publish(pub("?", key="c", reply_to=f"{instance.base}/@nobody/1"))
    with pytest.raises(ConnectorError, match="neither a status id nor a status URL"):
        connector(instance).publish(pub("?", key="d", reply_to="at://did:plc:x/app.bsky.feed.post/1"))


def test_media_are_uploaded_with_their_alt_text_then_attached(instance: FakeMastodon) -> None:
    png = instance.media("/m/cat.png", PNG, "image/png")
    jpg = instance.media("/m/dog", JPEG, "application/octet-stream")  # the type is read from the bytes
    connector(instance).publish(
        pub(attachments=(Attachment(png, alt="A grey cat asleep"), Attachment(jpg, alt="A dog")))
    )
    [status] = instance.posted
    media = status["media_attachments"]
    assert [m["description"] for m in media] == ["A grey cat asleep", "A dog"]
    assert [m["mime"] for m in media] == ["image/png", "image/jpeg"]
    assert ("POST", "/api/v2/media") in instance.seen


def test_media_of_a_wrong_type_or_size_are_refused_with_the_reason(instance: FakeMastodon) -> None:
    instance.configuration = {"media_attachments": {"image_size_limit": 50}}
    pdf = instance.media("/m/flyer.pdf", b"%PDF-1.7 flyer", "application/pdf")
    big = instance.media("/m/big.png", PNG, "image/png")  # 72 bytes, over the instance's 50
    with pytest.raises(MediaRefused, match="application/pdf; Mastodon accepts image/avif"):
        connector(instance).publish(pub(key="a", attachments=(Attachment(pdf),)))
    with pytest.raises(MediaRefused, match="is 72 bytes; Mastodon accepts image/png up to 50 bytes"):
        connector(instance).publish(pub(key="b", attachments=(Attachment(big),)))
    assert instance.posted == [] and not isinstance(MediaRefused("x"), TransientError)


def test_limits_come_from_the_instance_and_default_to_mastodons(instance: FakeMastodon) -> None:
    instance.configuration = {
        "statuses": {"max_characters": 1000, "max_media_attachments": 8, "characters_reserved_per_url": 30},
        "media_attachments": {"supported_mime_types": ["image/png", "video/mp4"], "image_size_limit": 1000},
    }
    limits = connector(instance).limits()
    assert (limits.text_max, limits.media_count) == (1000, 8)
    assert limits.rule_for("image/png") is not None and limits.rule_for("image/gif") is None
    assert connector(instance).text_length("see https://example.com/a/very/long/path/indeed") == 4 + 30
    with FakeMastodon() as broken:
        broken.fail_next("/api/v2/instance", json_answer({"error": "down"}, 503))
        fallback = connector(broken)
        assert fallback.limits().text_max == 500 and fallback.limits().media_count == 4


def test_mastodon_counts_a_remote_mention_without_its_domain_and_emoji_as_one(instance: FakeMastodon) -> None:
    assert connector(instance).text_length("@alice@mastodon.social 👩‍👩‍👧") == len("@alice ") + 1


def test_a_429_waits_as_long_as_the_instance_says(instance: FakeMastodon) -> None:
    instance.fail_next(
        "/api/v1/statuses", json_answer({"error": "Too many requests"}, 429, {"Retry-After": "30"})
    )
    with pytest.raises(RateLimited) as caught:
        connector(instance).publish(pub())
    assert caught.value.retry_after == 30.0 and "429" in str(caught.value)


def test_a_refused_token_is_not_retried_and_says_so(instance: FakeMastodon) -> None:
    with pytest.raises(AuthExpired, match="access token was refused"):
        connector(instance, token="revoked-token-0000").publish(pub())
    instance.fail_next("/api/v1/statuses", json_answer({"error": "This action is not allowed"}, 403))
    with pytest.raises(AuthExpired, match="403"):
        connector(instance).publish(pub())
    assert not issubclass(AuthExpired, TransientError) and instance.posted == []


def test_a_server_error_is_transient_and_the_retry_posts_once(instance: FakeMastodon) -> None:
    instance.fail_next("/api/v1/statuses", json_answer({"error": "oops"}, 500), json_answer({}, 502))
    for _ in range(2):
        with pytest.raises(TransientError, match="HTTP 50"):
            connector(instance).publish(pub())
    connector(instance).publish(pub())
    connector(instance).publish(pub())  # a repeat of a publication that went out: the same status
    assert len(instance.posted) == 1


def test_the_idempotency_key_is_sent_and_deduplicates(instance: FakeMastodon) -> None:
    first = connector(instance).publish(pub(key="same"))
    again = connector(instance).publish(pub("another text, same publication", key="same"))
    other = connector(instance).publish(pub(key="other"))
    assert first.external_id == again.external_id != other.external_id
    assert len(instance.posted) == 2


def test_a_validation_refusal_is_permanent_and_names_the_reason(instance: FakeMastodon) -> None:
    with pytest.raises(ConnectorError, match="character limit of 500") as caught:
        connector(instance).publish(pub("x" * 501))
    assert not isinstance(caught.value, TransientError)


def test_the_egress_guard_refuses_an_internal_instance() -> None:
    with FakeMastodon() as fake:
        guarded = connector(fake, egress=Egress())
        with pytest.raises(InputError, match=r"instance: 127\.0\.0\.1 does not resolve to a public address"):
            guarded.preflight()
        with pytest.raises(ConnectorError) as caught:
            guarded.publish(pub())
        assert not isinstance(caught.value, TransientError) and fake.seen == []


def test_the_access_token_is_a_secret_never_shown() -> None:
    params = {"instance": "https://mastodon.example", "access_token": "tok-secret-999"}
    built = build_connector("mastodon", params)
    built.close()
    assert "tok-secret-999" not in repr(built.params)
    assert public_params("mastodon", params)["access_token"] == "********"
    assert MastodonConnector.secret_fields() == {"access_token"}
    with pytest.raises(InputError, match="instance"):
        build_connector(
            "mastodon", {"instance": "https://u:p@mastodon.example", "access_token": "tok-secret-999"}
        )
    with pytest.raises(InputError, match="instance"):
        build_connector(
            "mastodon", {"instance": "https://mastodon.example/@brand", "access_token": "tok-secret-9"}
        )
