"""llm_judge against a real HTTP server on 127.0.0.1 that answers like an OpenAI-compatible endpoint."""

from __future__ import annotations

import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from charte.detectors.llm_judge import (
    ChatRequest,
    InMemoryJudgeClient,
    JudgeUnavailable,
    LLMJudgeDetector,
    locate,
    parse_verdict,
)
from charte.domain import Action, Post, Severity, Span
from charte.engine.engine import CheckEngine
from charte.errors import PolicyError
from charte.policy.loader import parse_policy

# A behaviour turns the request body into (status, response bytes, seconds to wait first).
Behaviour = Callable[[dict[str, Any]], tuple[int, bytes, float]]


def completion(content: str) -> bytes:
    return json.dumps(
        {
            "id": "cmpl-1",
            "object": "chat.completion",
            "model": "judge",
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
            ],
        }
    ).encode()


def answer(*findings: dict[str, Any]) -> Behaviour:
    return lambda body: (200, completion(json.dumps({"findings": list(findings)})), 0.0)


def text_answer(content: str) -> Behaviour:
    return lambda body: (200, completion(content), 0.0)


def status(code: int) -> Behaviour:
    return lambda body: (code, b'{"error": {"message": "boom"}}', 0.0)


def slow(seconds: float, then: Behaviour) -> Behaviour:
    return lambda body: (*then(body)[:2], seconds)


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakeEndpoint:
    """Plays ``script`` in order (the last behaviour repeats) and records every call."""

    server: ThreadingHTTPServer
    script: list[Behaviour] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def play(self, *behaviours: Behaviour) -> None:
        self.script = list(behaviours)
        self.calls.clear()

    def next(self, call: Call) -> Behaviour:
        with self.lock:
            self.calls.append(call)
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]


class _Handler(BaseHTTPRequestHandler):
    endpoint: FakeEndpoint

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        behaviour = self.endpoint.next(Call(self.path, dict(self.headers), body))
        code, payload, wait = behaviour(body)
        if wait:
            time.sleep(wait)
        try:
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting
            pass

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def endpoint() -> Iterator[FakeEndpoint]:
    handler = type("Handler", (_Handler,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    fake = FakeEndpoint(server)
    handler.endpoint = fake  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


CLAUSES = [
    {
        "id": "3.1",
        "title": {"en": "Respect", "fr": "Respect"},
        "text": {
            "en": "Never insult customers or colleagues.",
            "fr": "N'insultez jamais clients ni collègues.",
        },
    },
    {
        "id": "5.2",
        "title": {"en": "Confidentiality", "fr": "Confidentialité"},
        "text": {
            "en": "Never disclose unreleased products.",
            "fr": "Ne divulguez aucun produit non annoncé.",
        },
    },
]


def engine_for(params: dict[str, Any], *, action: str = "block", clause: str = "3.1") -> CheckEngine:
    doc = {
        "policy": {"id": "judge-test", "version": "1"},
        "organisation": {"name": "Acme"},
        "clauses": CLAUSES,
        "rules": [
            {
                "id": "judge.respect",
                "detector": "llm_judge",
                "action": action,
                "severity": "high",
                "clause": clause,
                "params": params,
            }
        ],
    }
    return CheckEngine(parse_policy(yaml.safe_dump(doc, allow_unicode=True), "judge.yaml"), scorer=None)


def base(endpoint: FakeEndpoint, **extra: Any) -> dict[str, Any]:
    return {
        "base_url": endpoint.base_url,
        "model": "judge-7b",
        "retries": 0,
        "backoff": 0,
        "timeout": 5,
        **extra,
    }


INSULT = {
    "clause": "3.1",
    "category": "insult",
    "severity": "high",
    "evidence": "you idiot",
    "explanation": "Insults a customer.",
}
POST = "Thanks for waiting, you idiot."


def test_good_answer_gives_an_exact_span_and_the_rule_action(
    endpoint: FakeEndpoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JUDGE_KEY", "s3cret-value")
    endpoint.play(answer(INSULT))
    decision = engine_for(base(endpoint, api_key_env="JUDGE_KEY")).check(Post(text=POST, lang="en"))
    (finding,) = decision.findings
    assert decision.verdict == Action.BLOCK
    assert finding.span == Span(POST.index("you idiot"), POST.index("you idiot") + len("you idiot"))
    assert (finding.detector, finding.rule_id, finding.clause) == ("llm_judge", "judge.respect", "3.1")
    assert (finding.category, finding.entity, finding.severity) == ("insult", "INSULT", Severity.HIGH)
    assert finding.message == "AI review: Insults a customer."
    assert finding.fix is not None and finding.fix.kind == "rephrase" and finding.fix.span == finding.span
    (call,) = endpoint.calls
    assert call.path == "/v1/chat/completions"
    assert call.headers["Authorization"] == "Bearer s3cret-value"
    assert call.body["model"] == "judge-7b" and call.body["temperature"] == 0
    assert call.body["response_format"] == {"type": "json_object"}
    system, user = call.body["messages"]
    assert (
        system["role"] == "system"
        and "3.1 — Respect: Never insult customers or colleagues." in system["content"]
    )
    assert "5.2" not in system["content"]  # only the rule's clauses are sent
    assert user["role"] == "user" and POST in user["content"]


def test_french_post_gets_french_clauses_and_explanations(endpoint: FakeEndpoint) -> None:
    endpoint.play(answer({**INSULT, "evidence": "espèce d'idiot", "explanation": "Insulte un client."}))
    text = "Merci d'avoir patienté, espèce d'idiot."
    decision = engine_for(base(endpoint)).check(Post(text=text, lang="fr"))
    (finding,) = decision.findings
    assert finding.span == Span(text.index("espèce"), text.index("espèce") + len("espèce d'idiot"))
    assert finding.message == "Revue IA : Insulte un client."
    system = endpoint.calls[0].body["messages"][0]["content"]
    assert "N'insultez jamais clients ni collègues." in system and "in French" in system


def test_several_clauses_and_the_cited_clause_is_kept(endpoint: FakeEndpoint) -> None:
    leak = {
        "clause": "5.2",
        "category": "confidential",
        "severity": "critical",
        "evidence": "Project Falcon",
        "explanation": "Names an unreleased product.",
    }
    endpoint.play(answer(leak, {**INSULT, "clause": "9.9"}))
    text = "Project Falcon ships soon, you idiot"
    decision = engine_for(base(endpoint, clauses=["3.1", "5.2"])).check(Post(text=text, lang="en"))
    assert [(f.clause, f.category, f.span) for f in decision.findings] == [
        ("5.2", "confidential", Span(0, 14)),
        ("3.1", "insult", Span(text.index("you idiot"), len(text))),  # unknown clause 9.9: the rule's clause
    ]
    system = endpoint.calls[0].body["messages"][0]["content"]
    assert "Never insult" in system and "Never disclose unreleased products." in system


def test_no_findings_means_no_finding(endpoint: FakeEndpoint) -> None:
    endpoint.play(answer())
    assert engine_for(base(endpoint)).check(Post(text="Lovely day!", lang="en")).findings == ()


@pytest.mark.parametrize(
    "content",
    [
        "I think this post is fine.",
        '{"findings": "none"}',
        '["not", "an", "object"]',
        '{"verdict": []}',
        "",
    ],
)
def test_malformed_answer_asks_for_review_and_is_not_cached(endpoint: FakeEndpoint, content: str) -> None:
    endpoint.play(text_answer(content))
    engine = engine_for(base(endpoint))
    for _ in range(2):
        (finding,) = engine.check(Post(text=POST, lang="en")).findings
        assert (finding.entity, finding.action, finding.severity, finding.span) == (
            "JUDGE_UNAVAILABLE",
            Action.REVIEW,
            Severity.INFO,
            None,
        )
        assert "did not answer with a JSON object" in finding.message
    assert len(endpoint.calls) == 2


def test_malformed_findings_are_dropped_with_a_logged_reason(
    endpoint: FakeEndpoint, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint.play(
        answer(
            INSULT,
            {**INSULT, "severity": "extreme"},
            {"category": "insult", "severity": "low"},
            "just a string",
            {**INSULT, "category": "!!!"},
        )
    )
    with caplog.at_level(logging.WARNING, logger="charte.detectors.llm_judge"):
        decision = engine_for(base(endpoint)).check(Post(text=POST, lang="en"))
    assert [f.entity for f in decision.findings] == ["INSULT"]
    (record,) = caplog.records
    message = record.getMessage()
    assert "judge.respect dropped 4 finding(s)" in message
    assert "finding 1: severity" in message and "finding 2: explanation: Field required" in message
    assert "finding 3: finding: Input should be a valid dictionary" in message
    assert "finding 4: category: Value error, category has no letters or digits" in message
    assert "idiot" not in message and "extreme" not in message  # no post text, no model input echoed


def test_evidence_not_in_the_post_keeps_the_finding_without_span(endpoint: FakeEndpoint) -> None:
    endpoint.play(answer({**INSULT, "evidence": "you moron"}))
    (finding,) = engine_for(base(endpoint)).check(Post(text=POST, lang="en")).findings
    assert finding.span is None and finding.fix is None
    assert finding.message == "AI review: Insults a customer. (the quoted evidence is not in the post)"


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        ("Thanks, you idiot.", "you idiot", "you idiot"),
        ("Thanks, you idiot.", "“you idiot”", "you idiot"),
        ("Thanks, you idiot.", "...you idiot…", "you idiot"),
        ("Thanks,   YOU\nIdiot.", "you idiot", "YOU\nIdiot"),
        ("C'est NUL à chier", "nul a chier", "NUL à chier"),
        ("c0nfidentiel : le projet", "confidentiel", "c0nfidentiel"),
        ("Thanks, you idiot.", "you moron", None),
        ("Thanks, you idiot.", "  ", None),
        ("Thanks, you idiot.", '""', None),
    ],
)
def test_locate(text: str, quote: str, expected: str | None) -> None:
    span = locate(text, quote)
    assert (text[span.start : span.end] if span else None) == expected


def test_timeout_retries_then_asks_for_review(endpoint: FakeEndpoint) -> None:
    endpoint.play(slow(3.0, answer(INSULT)))
    engine = engine_for(base(endpoint, timeout=0.3, retries=1, backoff=0.05))
    start = time.perf_counter()
    (finding,) = engine.check(Post(text=POST, lang="en")).findings
    assert time.perf_counter() - start < 2.5
    assert len(endpoint.calls) == 2
    assert finding.action == Action.REVIEW and finding.entity == "JUDGE_UNAVAILABLE"
    assert "did not answer within 0.3 s, after 2 attempt(s)" in finding.message


def test_server_error_then_success_is_retried(endpoint: FakeEndpoint) -> None:
    endpoint.play(status(500), status(503), answer(INSULT))
    decision = engine_for(base(endpoint, retries=2, backoff=0.01)).check(Post(text=POST, lang="en"))
    assert [f.entity for f in decision.findings] == ["INSULT"]
    assert len(endpoint.calls) == 3


def test_persistent_server_error_gives_up_after_the_retries(endpoint: FakeEndpoint) -> None:
    endpoint.play(status(500))
    (finding,) = (
        engine_for(base(endpoint, retries=2, backoff=0.01)).check(Post(text=POST, lang="fr")).findings
    )
    assert len(endpoint.calls) == 3
    assert finding.message.startswith("Le juge IA n'a pas pu relire ce message (127.0.0.1:")
    assert "answered HTTP 500, after 3 attempt(s)" in finding.message


def test_refused_credentials_are_not_retried_and_the_key_is_never_shown(
    endpoint: FakeEndpoint, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("JUDGE_KEY", "s3cret-value")
    endpoint.play(status(401))
    with caplog.at_level(logging.DEBUG):
        (finding,) = (
            engine_for(base(endpoint, api_key_env="JUDGE_KEY", retries=3))
            .check(Post(text=POST, lang="en"))
            .findings
        )
    assert len(endpoint.calls) == 1
    assert "refused the credentials (HTTP 401)" in finding.message
    assert "s3cret" not in finding.message and "s3cret" not in caplog.text


def test_not_an_openai_completion(endpoint: FakeEndpoint) -> None:
    endpoint.play(lambda body: (200, b'{"result": "ok"}', 0.0))
    (finding,) = engine_for(base(endpoint)).check(Post(text=POST, lang="en")).findings
    assert "did not return an OpenAI chat completion" in finding.message


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize(
    ("on_error", "verdict", "count"),
    [
        ("review", Action.REVIEW, 1),
        ("block", Action.BLOCK, 1),
        ("allow", Action.ALLOW, 0),
    ],
)
def test_endpoint_down_follows_on_error(
    on_error: str, verdict: Action, count: int, caplog: pytest.LogCaptureFixture
) -> None:
    params = {
        "base_url": f"http://127.0.0.1:{_closed_port()}/v1",
        "model": "m",
        "retries": 1,
        "backoff": 0,
        "on_error": on_error,
    }
    with caplog.at_level(logging.INFO, logger="charte.detectors.llm_judge"):
        decision = engine_for(params).check(Post(text=POST, lang="en"))
    assert decision.verdict == verdict and len(decision.findings) == count
    (record,) = caplog.records
    assert "judge.respect could not review a post: cannot reach 127.0.0.1" in record.getMessage()
    # Fail-open leaves no finding, so it warns; otherwise the finding carries the news and the log is info.
    assert record.levelno == (logging.WARNING if on_error == "allow" else logging.INFO)


def test_cache_hit_skips_the_endpoint(endpoint: FakeEndpoint) -> None:
    endpoint.play(answer(INSULT))
    engine = engine_for(base(endpoint))
    first = engine.check(Post(text=POST, lang="en"))
    second = engine.check(Post(text=POST, lang="en"))
    assert first.findings == second.findings and len(endpoint.calls) == 1
    engine.check(Post(text=POST + " Bye.", lang="en"))
    assert len(endpoint.calls) == 2
    uncached = engine_for(base(endpoint, cache_size=0))
    uncached.check(Post(text=POST, lang="en"))
    uncached.check(Post(text=POST, lang="en"))
    assert len(endpoint.calls) == 4


def test_cache_is_keyed_by_model(endpoint: FakeEndpoint) -> None:
    endpoint.play(answer(INSULT))
    engine = engine_for(base(endpoint))
    judge = engine.detectors[0]
    assert isinstance(judge, LLMJudgeDetector)
    assert (
        judge.request(POST, "en").cache_key()
        != ChatRequest("other-model", judge.request(POST, "en").messages).cache_key()
    )


def test_sqlite_cache_survives_a_new_engine(endpoint: FakeEndpoint, tmp_path: Path) -> None:
    endpoint.play(answer(INSULT))
    params = base(endpoint, cache_path=str(tmp_path / "judge.sqlite"))
    first = engine_for(params).check(Post(text=POST, lang="en"))
    second = engine_for(params).check(Post(text=POST, lang="en"))
    assert first.findings == second.findings and len(endpoint.calls) == 1


def test_long_post_is_cut_and_the_rest_flagged(endpoint: FakeEndpoint) -> None:
    endpoint.play(answer())
    text = "Lovely day. " * 50
    decision = engine_for(base(endpoint, max_chars=100)).check(Post(text=text, lang="en"))
    sent = endpoint.calls[0].body["messages"][1]["content"]
    assert text[:100] in sent and text[:101] not in sent
    (finding,) = decision.findings
    assert finding.span == Span(100, len(text)) and finding.action == Action.REVIEW
    assert "only the first 100 characters are sent (max_chars)" in finding.message


def test_categories_and_min_severity_filter(endpoint: FakeEndpoint) -> None:
    low = {**INSULT, "severity": "low", "category": "tone"}
    endpoint.play(answer(INSULT, low, {**INSULT, "category": "spam"}))
    decision = engine_for(base(endpoint, categories=["Insult", "tone"], min_severity="medium")).check(
        Post(text=POST, lang="en")
    )
    assert [(f.category, f.severity) for f in decision.findings] == [("insult", Severity.HIGH)]
    assert "<insult|tone>" in endpoint.calls[0].body["messages"][0]["content"]


def test_json_mode_off_and_fenced_answers(endpoint: FakeEndpoint) -> None:
    endpoint.play(text_answer("```json\n" + json.dumps({"findings": [INSULT]}) + "\n```"))
    decision = engine_for(base(endpoint, json_mode=False)).check(Post(text=POST, lang="en"))
    assert [f.entity for f in decision.findings] == ["INSULT"]
    assert "response_format" not in endpoint.calls[0].body


def test_languages_limit_what_is_sent(endpoint: FakeEndpoint) -> None:
    endpoint.play(answer(INSULT))
    engine = engine_for(base(endpoint, languages=["fr"]))
    assert engine.check(Post(text=POST, lang="en")).findings == ()
    assert endpoint.calls == []


def test_in_memory_twin() -> None:
    engine = engine_for({"base_url": "http://127.0.0.1:9/v1", "model": "m"})
    judge = engine.detectors[0]
    assert isinstance(judge, LLMJudgeDetector)
    twin = InMemoryJudgeClient(json.dumps({"findings": [INSULT]}))
    judge.client = twin
    (finding,) = engine.check(Post(text=POST, lang="en")).findings
    assert finding.entity == "INSULT" and len(twin.requests) == 1
    assert twin.requests[0].messages[1][1].endswith(f"<<<\n{POST}\n>>>")


def test_parse_verdict_caps_findings() -> None:
    verdict = parse_verdict(json.dumps({"findings": [INSULT] * 5}), max_findings=2)
    assert len(verdict.findings) == 2 and len(verdict.dropped) == 3
    with pytest.raises(JudgeUnavailable):
        parse_verdict("{}")


def _errors(params: dict[str, Any], **kwargs: Any) -> str:
    with pytest.raises(PolicyError) as exc:
        engine_for(params, **kwargs)
    return str(exc.value)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"base_url": "localhost:11434", "model": "m"}, "is not an http(s) URL"),
        ({"base_url": "http://user:pw@localhost/v1", "model": "m"}, "do not put credentials in base_url"),
        (
            {"base_url": "http://localhost/v1", "model": "m", "api_key_env": "sk-live-1234"},
            "never the key itself",
        ),
        (
            {"base_url": "http://localhost/v1", "model": "m", "api_key_env": "CHARTE_TEST_UNSET_KEY"},
            "environment variable CHARTE_TEST_UNSET_KEY (api_key_env) is not set",
        ),
        (
            {"base_url": "http://localhost/v1", "model": "m", "clauses": ["7.7"]},
            "clause '7.7' is not defined",
        ),
        ({"base_url": "http://localhost/v1", "model": "m", "timeout": 0}, "rules[0].params.timeout"),
        ({"base_url": "http://localhost/v1", "model": "m", "on_error": "ignore"}, "rules[0].params.on_error"),
        ({"base_url": "http://localhost/v1", "model": "m", "api_key": "sk-1"}, "rules[0].params.api_key"),
        ({"base_url": "http://localhost/v1"}, "rules[0].params.model"),
        ({"base_url": "http://localhost/v1", "model": "m", "categories": ["!!"]}, "a category needs letters"),
    ],
)
def test_bad_params_are_policy_errors(params: dict[str, Any], expected: str) -> None:
    message = _errors(params)
    assert expected in message and message.startswith("judge.yaml:")


def test_unusable_cache_path_names_the_path(tmp_path: Path) -> None:
    bad = tmp_path / "missing-dir" / "judge.sqlite"
    message = _errors({"base_url": "http://localhost/v1", "model": "m", "cache_path": str(bad)})
    assert f"cannot use {str(bad)!r} as the judge's cache" in message


def test_relative_cache_path_is_beside_the_policy(
    endpoint: FakeEndpoint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from charte.policy.loader import load_policy_file

    doc = {
        "policy": {"id": "rel", "version": "1"},
        "organisation": {"name": "Acme"},
        "clauses": CLAUSES,
        "rules": [
            {
                "id": "j",
                "detector": "llm_judge",
                "action": "review",
                "severity": "high",
                "clause": "3.1",
                "params": base(endpoint, cache_path="judge.sqlite"),
            }
        ],
    }
    (tmp_path / "policy.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    monkeypatch.chdir(tmp_path.parent)
    endpoint.play(answer(INSULT))
    CheckEngine(load_policy_file(tmp_path / "policy.yaml"), scorer=None).check(Post(text=POST, lang="en"))
    assert (tmp_path / "judge.sqlite").is_file() and not (tmp_path.parent / "judge.sqlite").exists()
