"""The audit chain: appends, every kind of tampering named at the right entry, retention, concurrency."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from charte.audit.chain import GENESIS_HASH, EntryData, check_details, entry_hash, verify_chain
from charte.audit.store import AuditLog
from charte.errors import InputError
from charte.store.models import Base as AuditBase

KEY = b"test-audit-key"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(hours=1)
        return self.now


@pytest.fixture()
def factory(tmp_path: Path) -> sessionmaker[Session]:
    engine = create_engine(f"sqlite:///{tmp_path / 'audit.db'}", connect_args={"timeout": 30})
    AuditBase.metadata.create_all(engine)
    return sessionmaker(engine, expire_on_commit=False)


def fill(factory: sessionmaker[Session], n: int, org: int = 1, clock: Clock | None = None) -> None:
    with factory() as s, s.begin():
        log = AuditLog(s, clock or Clock())
        for i in range(n):
            log.append(org, f"user:{i % 3}", "draft.edit", "draft", i, {"verdict": "allow", "findings": i})


def verify(factory: sessionmaker[Session], org: int = 1, key: bytes | None = None):
    with factory() as s:
        return AuditLog(s).verify(org, key)


def test_intact_chain_verifies_and_links(factory: sessionmaker[Session]) -> None:
    fill(factory, 5)
    with factory() as s:
        entries = AuditLog(s).query(1)
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in pairwise(entries))
    assert all(entry_hash(e) == e.hash for e in entries)
    report = verify(factory)
    assert report.ok and report.entries == 5 and report.last_seq == 5


def test_chains_are_per_organisation(factory: sessionmaker[Session]) -> None:
    fill(factory, 3, org=1)
    fill(factory, 2, org=2)
    with factory() as s:
        reports = AuditLog(s).verify_all()
    assert [(r.org_id, r.entries, r.ok) for r in reports] == [("1", 3, True), ("2", 2, True)]


TAMPERING = [
    # (SQL, first bad seq, words in the reason)
    (
        'UPDATE audit_entries SET details = \'{"verdict": "block", "findings": 2}\' WHERE seq = 3',
        3,
        "modified",
    ),
    ("UPDATE audit_entries SET actor = 'user:9' WHERE seq = 1", 1, "modified"),
    ("UPDATE audit_entries SET at_text = '2020-01-01T00:00:00.000000Z' WHERE seq = 4", 4, "modified"),
    ("DELETE FROM audit_entries WHERE seq = 3", 3, "missing"),
    ("DELETE FROM audit_entries WHERE seq = 1", 1, "missing"),
    ("DELETE FROM audit_entries WHERE seq = 5", 5, "missing"),
    # reorder: entries 2 and 3 swap places in storage order (ids swapped)
    (
        "UPDATE audit_entries SET id = 102 WHERE id = 2; UPDATE audit_entries SET id = 2 WHERE id = 3;"
        " UPDATE audit_entries SET id = 3 WHERE id = 102",
        3,
        "reordered",
    ),
    # reorder by renumbering: 2 and 3 swap their sequence numbers
    (
        "UPDATE audit_entries SET seq = 102 WHERE seq = 2; UPDATE audit_entries SET seq = 2 WHERE seq = 3;"
        " UPDATE audit_entries SET seq = 3 WHERE seq = 102",
        3,
        "reordered",
    ),
    # an entry copied from another organisation's chain
    (
        "INSERT INTO audit_entries (id, org_id, seq, at, at_text, actor, action, object_type, object_id, details,"
        " prev_hash, hash) SELECT 100, org_id, 6, at, at_text, actor, action, object_type, object_id, details,"
        " prev_hash, hash FROM audit_entries WHERE seq = 2",
        6,
        "",
    ),
]


@pytest.mark.parametrize(("sql", "bad_seq", "word"), TAMPERING)
def test_tampering_is_detected_at_first_bad_entry(
    factory: sessionmaker[Session], sql: str, bad_seq: int, word: str
) -> None:
    fill(factory, 5)
    with factory() as s, s.begin():
        for statement in sql.split(";"):
            s.execute(text(statement))
    report = verify(factory)
    assert not report.ok
    assert report.problem is not None
    assert report.problem.seq == bad_seq, str(report.problem)
    assert word in report.problem.reason


def test_rehashed_modification_is_caught_at_next_link(factory: sessionmaker[Session]) -> None:
    """Someone who edits an entry and recomputes its hash still breaks the next entry's link."""
    fill(factory, 4)
    with factory() as s, s.begin():
        row = s.execute(
            text(
                "SELECT org_id, seq, at_text, actor, action, object_type, object_id, details, "
                "prev_hash FROM audit_entries WHERE seq = 2"
            )
        ).one()
        forged = EntryData(
            org_id=str(row[0]),
            seq=row[1],
            at=row[2],
            actor="user:evil",
            action=row[4],
            object_type=row[5],
            object_id=row[6],
            details={"verdict": "allow", "findings": 1},
            prev_hash=row[8],
        )
        s.execute(
            text("UPDATE audit_entries SET actor = 'user:evil', hash = :h WHERE seq = 2"),
            {"h": entry_hash(forged)},
        )
    report = verify(factory)
    assert report.problem is not None and report.problem.seq == 3


def test_cut_tail_is_detected_through_the_head(factory: sessionmaker[Session]) -> None:
    fill(factory, 4)
    with factory() as s, s.begin():
        s.execute(text("DELETE FROM audit_entries WHERE seq >= 3"))
    report = verify(factory)
    assert report.problem is not None and report.problem.seq == 3 and "head" in report.problem.reason


def test_retention_checkpoint_keeps_chain_verifiable(factory: sessionmaker[Session]) -> None:
    clock = Clock()
    fill(factory, 10, clock=clock)  # one entry per hour
    with factory() as s, s.begin():
        clock.now += timedelta(days=2, hours=-5)  # entries 1..5 are now older than two days
        result = AuditLog(s, clock).prune(1, timedelta(days=2), KEY)
    assert (result.removed, result.removed_through_seq, result.checkpoint_seq) == (5, 5, 11)
    report = verify(factory, key=KEY)
    assert report.ok, report.problem
    assert (report.first_seq, report.last_seq, report.entries) == (6, 11, 6)
    # a second prune removes the first checkpoint too and writes a new one
    with factory() as s, s.begin():
        fill_log = AuditLog(s, clock)
        fill_log.append(1, "user:1", "draft.edit", "draft", 99)
        clock.now += timedelta(days=3)
        result = fill_log.prune(1, timedelta(days=2), KEY)
    assert result.removed_through_seq == 12
    assert verify(factory, key=KEY).ok
    # a wrong key is reported on the checkpoint
    report = verify(factory, key=b"other key")
    assert report.problem is not None and "signature" in report.problem.reason


def test_removal_after_checkpoint_without_new_one_is_detected(factory: sessionmaker[Session]) -> None:
    clock = Clock()
    fill(factory, 10, clock=clock)
    with factory() as s, s.begin():
        clock.now += timedelta(days=2, hours=-5)
        AuditLog(s, clock).prune(1, timedelta(days=2), KEY)
    with factory() as s, s.begin():
        s.execute(text("DELETE FROM audit_entries WHERE seq IN (6, 7)"))
    report = verify(factory, key=KEY)
    assert (
        report.problem is not None
        and report.problem.seq == 6
        and "retention checkpoint" in report.problem.reason
    )


def test_prefix_removed_without_checkpoint_is_detected(factory: sessionmaker[Session]) -> None:
    fill(factory, 6)
    with factory() as s, s.begin():
        s.execute(text("DELETE FROM audit_entries WHERE seq <= 2"))
    report = verify(factory)
    assert report.problem is not None and report.problem.seq == 1 and "missing" in report.problem.reason


def test_concurrent_appends_never_fork_the_chain(factory: sessionmaker[Session]) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(15):
                with factory() as s, s.begin():
                    AuditLog(s).append(1, f"user:{n}", "draft.check", "draft", i)
        except BaseException as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    report = verify(factory)
    assert report.ok and report.entries == 60 and report.last_seq == 60


@pytest.mark.parametrize(
    ("details", "words"),
    [
        ({"text": "hello"}, "'text'"),
        ({"email": "a@b.c"}, "'email'"),
        ({"note": "x" * 301}, "longer than 300"),
        ({"Bad-Key": 1}, "snake_case"),
        ({"a": {"b": {"c": {"d": 1}}}}, "nested too deeply"),
        ({"when": datetime(2026, 1, 1)}, "type datetime"),
        ({"nested": {"body": "x"}}, "'body'"),
    ],
)
def test_details_refuse_text_and_personal_data(details: dict, words: str) -> None:
    with pytest.raises(InputError, match=words):
        check_details(details)


def test_verify_empty_chain_with_head_reports_missing() -> None:
    report = verify_chain("1", [], head=(3, "ab" * 32))
    assert report.problem is not None and report.problem.seq == 1
    assert verify_chain("1", []).ok
