"""The Bluesky connector against a local fake PDS: post with facets (UTF-8 byte offsets), reply with root and
parent, images with alt text, link cards through the egress guard, rate limits, refused app passwords, server
errors, and one record per publication whatever the retries (the record key comes from the idempotency key)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from charte.connectors.base import Attachment, Publication
from charte.connectors.bluesky import BlueskyConnector, BlueskyParams, clear_sessions, find_facets, record_key
from charte.connectors.egress import Egress
from charte.connectors.registry import build_connector, public_params
from charte.errors import AuthExpired, ConnectorError, InputError, MediaRefused, RateLimited, TransientError
from tests.connectors.social_fakes import JPEG, LOCAL, PNG, FakePDS, xrpc_error

BRAND = "did:plc:brand"
_OPEN: list[BlueskyConnector] = []


@pytest.fixture()
def pds() -> Iterator[FakePDS]:
    clear_sessions()
    with FakePDS() as fake:
        yield fake
    while _OPEN:
        _OPEN.pop().close()
    clear_sessions()


def connector(fake: FakePDS, password: str = "app-pass-1234", egress: Egress = LOCAL) -> BlueskyConnector:
    made = BlueskyConnector(
        BlueskyParams(handle="brand.example.com", app_password=password, pds=fake.base), egress=egress
    )
    _OPEN.append(made)
    return made


def pub(text: str = "Bonjour à tous", key: str = "pub-1", **kw: object) -> Publication:
    return Publication(key, 1, 7, "bluesky", "@brand", text, **kw)  # type: ignore[arg-type]


def sliced(text: str, facet: dict[str, object]) -> str:
    index = facet["index"]
    assert isinstance(index, dict)
    return text.encode("utf-8")[index["byteStart"] : index["byteEnd"]].decode("utf-8")


def test_a_post_carries_facets_at_utf8_byte_offsets(pds: FakePDS) -> None:
    text = "Café 🎉 lisez https://example.com/été?x=1 #Rentrée @alice.example.com @ghost.example.com"
    result = connector(pds).publish(pub(text, lang="fr"))
    [post] = pds.posts_of(BRAND)
    assert post["text"] == text and post["langs"] == ["fr"]
    features = {f["features"][0]["$type"].rsplit("#", 1)[1]: f for f in post["facets"]}
    assert sliced(text, features["link"]) == "https://example.com/été?x=1"
    assert features["link"]["features"][0]["uri"] == "https://example.com/été?x=1"
    assert sliced(text, features["tag"]) == "#Rentrée" and features["tag"]["features"][0]["tag"] == "Rentrée"
    assert sliced(text, features["mention"]) == "@alice.example.com"
    assert features["mention"]["features"][0]["did"] == "did:plc:alice"
    assert len(post["facets"]) == 3  # the handle that does not resolve stays plain text
    assert result.external_id == f"at://{BRAND}/app.bsky.feed.post/{record_key('pub-1')}"
    assert result.url == f"https://bsky.app/profile/brand.example.com/post/{record_key('pub-1')}"


def test_facets_leave_anchors_and_addresses_inside_links_alone() -> None:
    found = find_facets("voir https://ex.com/a#part et mail@ex.com #1 #ok")
    assert [(f.kind, f.value) for f in found] == [("link", "https://ex.com/a#part"), ("tag", "ok")]


def test_a_reply_to_a_top_level_post_has_it_as_root_and_parent(pds: FakePDS) -> None:
    uri, cid = pds.add_post("did:plc:alice", "3kabc", "where is my parcel?")
    connector(pds).publish(pub("We are on it", reply_to=uri))
    [post] = pds.posts_of(BRAND)
    assert post["reply"]["parent"] == {"uri": uri, "cid": cid, "$type": "com.atproto.repo.strongRef"}
    assert post["reply"]["root"]["uri"] == uri


def test_a_reply_to_a_reply_keeps_the_threads_root(pds: FakePDS) -> None:
    root_uri, root_cid = pds.add_post("did:plc:alice", "3kroot", "complaint")
    ref = {"root": {"uri": root_uri, "cid": root_cid}, "parent": {"uri": root_uri, "cid": root_cid}}
    mid_uri, mid_cid = pds.add_post("did:plc:alice", "3kmid", "still waiting", reply=ref)
    # given as the bsky.app address with a handle: resolved to the DID first
    connector(pds).publish(pub("Sorry", reply_to="https://bsky.app/profile/alice.example.com/post/3kmid"))
    [post] = pds.posts_of(BRAND)
    assert post["reply"]["parent"]["uri"] == mid_uri and post["reply"]["parent"]["cid"] == mid_cid
    assert post["reply"]["root"]["uri"] == root_uri and post["reply"]["root"]["cid"] == root_cid


def test_a_reply_to_a_missing_or_malformed_post_is_refused(pds: FakePDS) -> None:
    with pytest.raises(ConnectorError, match="cannot be found"):
        connector(pds).publish(pub(key="a", reply_to="at://did:plc:alice/app.bsky.feed.post/3knope"))
    with pytest.raises(ConnectorError, match="not an at:// post URI"):
        connector(pds).publish(pub(key="b", reply_to="109000"))
    assert pds.posts_of(BRAND) == []


def test_images_are_uploaded_as_blobs_with_their_alt_text(pds: FakePDS) -> None:
    png = pds.media("/m/a.png", PNG, "image/png")
    jpg = pds.media("/m/b", JPEG, "application/octet-stream")
    connector(pds).publish(
        pub(attachments=(Attachment(png, alt="Le logo"), Attachment(jpg, alt="")), text="x https://ex.com")
    )
    [post] = pds.posts_of(BRAND)
    images = post["embed"]["images"]
    assert [i["alt"] for i in images] == ["Le logo", ""]
    assert [i["image"]["mimeType"] for i in images] == ["image/png", "image/jpeg"]
    assert {v[0] for v in pds.blobs.values()} == {"image/png", "image/jpeg"}
    assert post["embed"]["$type"] == "app.bsky.embed.images"  # images win over the link card


def test_images_over_the_limits_are_refused_with_the_reason(pds: FakePDS) -> None:
    big = pds.media("/m/big.png", PNG + b"\x00" * 1_000_000, "image/png")
    video = pds.media("/m/v.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 32, "video/mp4")
    png = pds.media("/m/a.png", PNG, "image/png")
    with pytest.raises(MediaRefused, match="larger than 1,000,000 bytes"):
        connector(pds).publish(pub(key="a", attachments=(Attachment(big),)))
    with pytest.raises(MediaRefused, match="video/mp4; Bluesky accepts image/gif, image/jpeg"):
        connector(pds).publish(pub(key="b", attachments=(Attachment(video),)))
    with pytest.raises(ConnectorError, match="5 images; a post takes at most 4"):
        connector(pds).publish(pub(key="c", attachments=tuple(Attachment(png) for _ in range(5))))
    assert pds.posts_of(BRAND) == [] and pds.blobs == {}


def test_a_link_card_takes_the_pages_opengraph_title_and_description(pds: FakePDS) -> None:
    page = pds.page(
        "/news",
        '<html><head><title>Fallback</title><meta property="og:title" content="Nos horaires d&#39;été">'
        '<meta property="og:description" content="Ouvert  tout l’été"></head><body></body></html>',
    )
    connector(pds).publish(pub(f"Nouveau : {page}"))
    [post] = pds.posts_of(BRAND)
    assert post["embed"]["external"] == {
        "uri": page,
        "title": "Nos horaires d'été",
        "description": "Ouvert tout l’été",
        "$type": "app.bsky.embed.external#external",
    }


def test_a_card_falls_back_to_the_url_and_never_fetches_outside_the_egress_rules(pds: FakePDS) -> None:
    missing = f"{pds.base}/gone"
    connector(pds).publish(pub(f"voir {missing}", key="a"))
    internal = "http://10.1.2.3/intranet"  # private: refused by the egress guard, never fetched
    connector(pds).publish(pub(f"voir {internal}", key="b"))
    cards = {p["embed"]["external"]["uri"]: p["embed"]["external"] for p in pds.posts_of(BRAND)}
    assert cards[missing]["title"] == missing and cards[missing]["description"] == ""
    assert cards[internal]["title"] == internal


def test_a_429_waits_until_the_rate_limit_resets(pds: FakePDS) -> None:
    connector(pds).publish(pub(key="warm"))  # signed in already
    pds.fail_next(
        "/xrpc/com.atproto.repo.createRecord",
        xrpc_error(429, "RateLimitExceeded", headers={"Retry-After": "42"}),
    )
    with pytest.raises(RateLimited) as caught:
        connector(pds).publish(pub())
    assert caught.value.retry_after == 42.0


def test_a_refused_app_password_is_not_retried_and_says_so(pds: FakePDS) -> None:
    with pytest.raises(AuthExpired, match="app password was refused"):
        connector(pds, password="revoked-pass-0000").publish(pub())
    assert not issubclass(AuthExpired, TransientError) and pds.posts_of(BRAND) == []


def test_the_session_is_reused_and_renewed_when_the_pds_drops_it(pds: FakePDS) -> None:
    connector(pds).publish(pub(key="a"))
    connector(pds).publish(pub(key="b"))
    assert pds.logins == 1  # createSession is rate-limited per account: one sign-in for both
    pds.sessions.clear()  # the PDS forgot the session (revoked, restarted)
    connector(pds).publish(pub(key="c"))
    assert pds.logins == 2 and len(pds.posts_of(BRAND)) == 3


def test_a_server_error_is_transient(pds: FakePDS) -> None:
    connector(pds).publish(pub(key="warm"))
    pds.fail_next("/xrpc/com.atproto.repo.createRecord", xrpc_error(500, "InternalServerError"))
    with pytest.raises(TransientError, match="HTTP 500"):
        connector(pds).publish(pub())
    pds.fail_next("/xrpc/com.atproto.repo.createRecord", xrpc_error(503, "Unavailable"))
    with pytest.raises(TransientError, match="HTTP 503"):
        connector(pds).publish(pub())


@pytest.mark.parametrize("conflict_status", [400, 409])
def test_a_lost_answer_then_a_retry_makes_one_record(pds: FakePDS, conflict_status: int) -> None:
    pds.conflict_status = conflict_status
    pds.lose_answer.append("/xrpc/com.atproto.repo.createRecord")  # created, but the answer never arrives
    with pytest.raises(TransientError):
        connector(pds).publish(pub())
    assert len(pds.posts_of(BRAND)) == 1
    again = connector(pds).publish(pub())  # the same record key: refused as existing, read back
    assert again.external_id.endswith(record_key("pub-1")) and len(pds.posts_of(BRAND)) == 1
    assert connector(pds).find("pub-1") == again and connector(pds).find("pub-2") is None


def test_record_keys_are_deterministic_tids() -> None:
    keys = {record_key(f"pub_{i}") for i in range(2000)}
    assert len(keys) == 2000 and record_key("pub_1") == record_key("pub_1")
    assert all(re.fullmatch(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}", k) for k in keys)


def test_the_app_password_is_a_secret_never_shown(pds: FakePDS) -> None:
    params = {"handle": "@Brand.example.com", "app_password": "abcd-efgh-ijkl-mnop"}
    built = build_connector("bluesky", params)
    built.close()
    assert built.params.handle == "brand.example.com"
    assert "abcd-efgh" not in repr(built.params)
    assert public_params("bluesky", params)["app_password"] == "********"
    with pytest.raises(InputError, match="handle"):
        build_connector("bluesky", {"handle": "not a handle", "app_password": "abcd-efgh-ijkl"})
    guarded = connector(pds, egress=Egress())
    with pytest.raises(InputError, match=r"pds: 127\.0\.0\.1 does not resolve to a public address"):
        guarded.preflight()
    with pytest.raises(ConnectorError) as caught:
        guarded.publish(pub())
    assert not isinstance(caught.value, TransientError) and pds.seen == []


def test_a_text_the_lexicon_refuses_fails_cleanly_without_posting(pds: FakePDS) -> None:
    with pytest.raises(ConnectorError, match=r"does not fit a record \(text\)") as caught:
        connector(pds).publish(pub("x" * 3001))
    assert not isinstance(caught.value, TransientError) and pds.posts_of(BRAND) == []


def test_a_session_is_refreshed_and_signed_in_again_when_its_refresh_is_refused(pds: FakePDS) -> None:
    pds.access_lifetime = 60  # atproto refreshes an access token that expires within 15 minutes
    connector(pds).publish(pub(key="a"))
    assert pds.logins == 1 and pds.refreshes >= 1
    pds.refresh_tokens.clear()  # the refresh token was revoked: the next refresh is refused (ExpiredToken)
    connector(pds).publish(pub(key="b"))
    assert pds.logins == 2 and len(pds.posts_of(BRAND)) == 2
