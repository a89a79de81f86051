"""Local stand-ins for a Mastodon instance and a Bluesky PDS, answering like the real ones on 127.0.0.1.

Each keeps what was posted so a test can count posts; ``faults`` are answered first, one per request whose
path starts with the given prefix (HTTP 429 with Retry-After, 401, 500…), to exercise the connectors' errors.
The same server also serves web pages and media files (``pages``) for link cards and attachments.
Nothing here reaches the network.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

from charte.connectors.egress import Egress

#: What the tests let the connectors reach: this machine only.
LOCAL = Egress(networks=(ipaddress.ip_network("127.0.0.0/8"),))

Answer = tuple[int, dict[str, str], bytes]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def json_answer(value: object, status: int = 200, headers: dict[str, str] | None = None) -> Answer:
    return (
        status,
        {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        json.dumps(value).encode(),
    )


def xrpc_error(status: int, error: str, message: str = "", headers: dict[str, str] | None = None) -> Answer:
    return json_answer({"error": error, "message": message or error}, status, headers)


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body or b"{}")

    def form(self) -> dict[str, list[str]]:
        kind = self.headers.get("content-type", "")
        if kind.startswith("application/json"):
            data = self.json()
            return {k: v if isinstance(v, list) else [v] for k, v in data.items() if v is not None}
        if kind.startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(
                b"Content-Type: " + kind.encode() + b"\r\n\r\n" + self.body
            )
            found: dict[str, list[Any]] = {}
            for part in message.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True)
                value: Any = payload if part.get_filename() else payload.decode()
                found.setdefault(str(name), []).append(value)
                if part.get_filename():
                    found.setdefault(f"{name}.type", []).append(part.get_content_type())
            return found
        return {k: v for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class FakeServer:
    """An HTTP server on 127.0.0.1 that hands each request to ``answer`` (faults first)."""

    faults: list[tuple[str, Answer]] = field(default_factory=list)
    pages: dict[str, Answer] = field(default_factory=dict)
    seen: list[tuple[str, str]] = field(default_factory=list)
    delay: float = 0.0
    #: Paths (prefixes) whose next request is carried out but whose answer is lost (the client sees a 502).
    lose_answer: list[str] = field(default_factory=list)

    def answer(self, request: Request) -> Answer:
        raise NotImplementedError

    def fail_next(self, prefix: str, *answers: Answer) -> None:
        self.faults.extend((prefix, a) for a in answers)

    def _dispatch(self, request: Request) -> Answer:
        self.seen.append((request.method, request.path))
        for i, (prefix, fault) in enumerate(self.faults):
            if request.path.startswith(prefix):
                del self.faults[i]
                return fault
        if request.path in self.pages:
            return self.pages[request.path]
        answer = self.answer(request)
        for i, prefix in enumerate(self.lose_answer):
            if request.path.startswith(prefix):
                del self.lose_answer[i]
                return 502, {"Content-Type": "text/plain"}, b"bad gateway"
        return answer

    def __enter__(self) -> FakeServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                size = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(size) if size else b""
                request = Request(
                    self.command,
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                if fake.delay:
                    time.sleep(fake.delay)
                with fake.lock:
                    status, headers, payload = fake._dispatch(request)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _serve

            def log_message(self, *args: Any) -> None:
                pass

        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def page(self, path: str, html: str) -> str:
        self.pages[path] = (200, {"Content-Type": "text/html; charset=utf-8"}, html.encode())
        return self.base + path

    def media(self, path: str, data: bytes, mime: str) -> str:
        self.pages[path] = (200, {"Content-Type": mime}, data)
        return self.base + path


# ------------------------------------------------------------------------------------------ Mastodon


@dataclass
class FakeMastodon(FakeServer):
    """A Mastodon instance: statuses (with Idempotency-Key), media (v2, with description), instance, search."""

    tokens: set[str] = field(default_factory=lambda: {"good-token-1234"})
    configuration: dict[str, Any] | None = None
    statuses: dict[str, dict[str, Any]] = field(default_factory=dict)
    media_files: dict[str, dict[str, Any]] = field(default_factory=dict)
    idempotency: dict[tuple[str, str], str] = field(default_factory=dict)
    ids: Any = field(default_factory=lambda: itertools.count(109_000))

    def status_url(self, ident: str) -> str:
        return f"{self.base}/@brand/{ident}"

    def answer(self, request: Request) -> Answer:
        path = request.path.rstrip("/")
        if path in ("/api/v2/instance", "/api/v1/instance"):
            return json_answer(
                {"domain": "127.0.0.1", "version": "4.3.0", "configuration": self.configuration or {}}
            )
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return json_answer({"error": "The access token is invalid"}, 401)
        if path == "/api/v1/statuses" and request.method == "POST":
            return self._post_status(request, token)
        if path == "/api/v2/media" and request.method == "POST":
            form = request.form()
            data = form["file"][0]
            ident = str(next(self.ids))
            self.media_files[ident] = {
                "id": ident,
                "type": "image",
                "url": f"{self.base}/media/{ident}",
                "description": (form.get("description") or [None])[0],
                "size": len(data),
                "mime": form["file.type"][0],
            }
            return json_answer(self.media_files[ident])
        if path.startswith("/api/v1/media/"):
            return json_answer(self.media_files[path.rsplit("/", 1)[1]])
        if path.startswith("/api/v1/statuses/"):
            found = self.statuses.get(path.rsplit("/", 1)[1])
            return json_answer(found) if found else json_answer({"error": "Record not found"}, 404)
        if path == "/api/v2/search":
            q = request.query.get("q", [""])[0]
            hits = [s for s in self.statuses.values() if s["url"] == q]
            return json_answer({"accounts": [], "statuses": hits, "hashtags": []})
        return json_answer({"error": "Not Found"}, 404)

    def _post_status(self, request: Request, token: str) -> Answer:
        key = request.headers.get("idempotency-key")
        if key and (token, key) in self.idempotency:
            return json_answer(self.statuses[self.idempotency[(token, key)]])
        form = request.form()
        text = form.get("status", [""])[0]
        limit = (self.configuration or {}).get("statuses", {}).get("max_characters", 500)
        if len(text) > limit:
            return json_answer({"error": f"Validation failed: Text character limit of {limit} exceeded"}, 422)
        reply = form.get("in_reply_to_id", [None])[0]
        if reply is not None and reply not in self.statuses:
            return json_answer({"error": "Record not found"}, 404)
        media_ids = form.get("media_ids[]", form.get("media_ids", []))
        ident = str(next(self.ids))
        self.statuses[ident] = {
            "id": ident,
            "uri": f"{self.base}/users/brand/statuses/{ident}",
            "url": self.status_url(ident),
            "created_at": "2026-12-07T08:00:00.000Z",
            "content": f"<p>{text}</p>",
            "text_sent": text,
            "in_reply_to_id": reply,
            "visibility": form.get("visibility", ["public"])[0],
            "language": form.get("language", [None])[0],
            "media_attachments": [self.media_files[m] for m in media_ids],
            "account": {"id": "1", "username": "brand", "acct": "brand", "url": f"{self.base}/@brand"},
            "mentions": [],
            "tags": [],
            "emojis": [],
        }
        if key:
            self.idempotency[(token, key)] = ident
        return json_answer(self.statuses[ident])

    def add_status(self, text: str) -> dict[str, Any]:
        ident = str(next(self.ids))
        self.statuses[ident] = {
            "id": ident,
            "url": self.status_url(ident),
            "uri": self.status_url(ident),
            "content": text,
            "account": {"id": "2", "acct": "someone"},
        }
        return self.statuses[ident]

    @property
    def posted(self) -> list[dict[str, Any]]:
        return [s for s in self.statuses.values() if "text_sent" in s]


# ------------------------------------------------------------------------------------------ Bluesky


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def fake_jwt(did: str, lifetime: float = 7200) -> str:
    """An unsigned JWT: atproto reads its ``exp`` to know when to refresh the session."""
    claims = {
        "sub": did,
        "scope": "com.atproto.appPass",
        "exp": int(time.time() + lifetime),
        "iat": int(time.time()),
        "jti": base64.b32encode(hashlib.sha256(str(time.time_ns()).encode()).digest()[:10]).decode(),
    }
    return f"{_b64({'typ': 'at+jwt', 'alg': 'ES256K'})}.{_b64(claims)}.c2lnbmF0dXJl"


def fake_cid(data: bytes) -> str:
    return "bafyrei" + base64.b32encode(hashlib.sha256(data).digest()).decode().lower().rstrip("=")


@dataclass
class FakePDS(FakeServer):
    """A PDS: sessions (app passwords), records by key (a second create on a key is refused), blobs, posts."""

    accounts: dict[str, tuple[str, str]] = field(
        default_factory=lambda: {
            "brand.example.com": ("did:plc:brand", "app-pass-1234"),
            "alice.example.com": ("did:plc:alice", "alice-pass-1234"),
        }
    )
    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # at:// URI → {"cid", "value"}
    blobs: dict[str, tuple[str, int]] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)  # access token → did
    logins: int = 0
    refreshes: int = 0
    conflict_status: int = 400
    #: Seconds an access token lives (under 15 minutes, atproto refreshes it before each call).
    access_lifetime: float = 7200
    refresh_tokens: dict[str, str] = field(default_factory=dict)  # refresh token → did

    def answer(self, request: Request) -> Answer:
        name = request.path.removeprefix("/xrpc/")
        if name == "com.atproto.server.createSession":
            body = request.json()
            handle = str(body.get("identifier", "")).lower()
            account = self.accounts.get(handle)
            if account is None or account[1] != body.get("password"):
                return xrpc_error(401, "AuthenticationRequired", "Invalid identifier or password")
            self.logins += 1
            return self._new_session(handle, account[0])
        if name == "com.atproto.server.refreshSession":
            did = self.refresh_tokens.pop(
                request.headers.get("authorization", "").removeprefix("Bearer "), None
            )
            if did is None:
                return xrpc_error(400, "ExpiredToken", "Token has expired")
            self.refreshes += 1
            handle = next(h for h, (d, _) in self.accounts.items() if d == did)
            return self._new_session(handle, did)
        if name == "com.atproto.identity.resolveHandle":
            handle = request.query.get("handle", [""])[0]
            if handle in self.accounts:
                return json_answer({"did": self.accounts[handle][0]})
            return xrpc_error(400, "InvalidRequest", "Unable to resolve handle")
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        did = self.sessions.get(token)
        if did is None:
            return xrpc_error(401, "AuthenticationRequired", "Invalid token")
        if name == "com.atproto.repo.createRecord":
            body = request.json()
            if body.get("repo") != did:
                return xrpc_error(403, "InvalidRequest", "not your repo")
            uri = f"at://{did}/{body['collection']}/{body['rkey']}"
            if uri in self.records:
                return xrpc_error(self.conflict_status, "InvalidRequest", "Record already exists")
            cid = fake_cid(json.dumps(body["record"], sort_keys=True).encode())
            self.records[uri] = {"cid": cid, "value": body["record"]}
            return json_answer({"uri": uri, "cid": cid})
        if name == "com.atproto.repo.getRecord":
            q = {k: v[0] for k, v in request.query.items()}
            uri = f"at://{q['repo']}/{q['collection']}/{q['rkey']}"
            if uri not in self.records:
                return xrpc_error(400, "RecordNotFound", f"Could not locate record: {uri}")
            return json_answer({"uri": uri, **self.records[uri]})
        if name == "com.atproto.repo.uploadBlob":
            if len(request.body) > 1_000_000:
                return xrpc_error(400, "BlobTooLarge", "too large")
            cid = "bafkrei" + fake_cid(request.body)[7:]
            self.blobs[cid] = (request.headers.get("content-type", ""), len(request.body))
            return json_answer(
                {
                    "blob": {
                        "$type": "blob",
                        "ref": {"$link": cid},
                        "mimeType": request.headers.get("content-type", ""),
                        "size": len(request.body),
                    }
                }
            )
        if name == "app.bsky.feed.getPosts":
            posts = []
            for uri in request.query.get("uris", []):
                if uri in self.records:
                    author = uri.split("/")[2]
                    posts.append(
                        {
                            "uri": uri,
                            "cid": self.records[uri]["cid"],
                            "author": {"did": author, "handle": "someone.example.com"},
                            "record": self.records[uri]["value"],
                            "indexedAt": "2026-12-07T08:00:00.000Z",
                        }
                    )
            return json_answer({"posts": posts})
        return xrpc_error(501, "MethodNotImplemented", name)

    def _new_session(self, handle: str, did: str) -> Answer:
        token, refresh = fake_jwt(did, self.access_lifetime), fake_jwt(did, 86400)
        self.sessions[token] = did
        self.refresh_tokens[refresh] = did
        return json_answer(
            {"accessJwt": token, "refreshJwt": refresh, "handle": handle, "did": did, "active": True}
        )

    def add_post(
        self, did: str, rkey: str, text: str, reply: dict[str, Any] | None = None
    ) -> tuple[str, str]:
        """A post already on the network (someone else's, to answer); returns (uri, cid)."""
        uri = f"at://{did}/app.bsky.feed.post/{rkey}"
        value: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": text,
            "createdAt": "2026-12-07T07:00:00.000Z",
        }
        if reply:
            value["reply"] = reply
        cid = fake_cid(uri.encode())
        self.records[uri] = {"cid": cid, "value": value}
        return uri, cid

    def posts_of(self, did: str) -> list[dict[str, Any]]:
        return [
            r["value"] for u, r in self.records.items() if u.startswith(f"at://{did}/app.bsky.feed.post/")
        ]
