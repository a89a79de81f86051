"""Acknowledgements, quiz, personal guidance, password resets and the TOTP requirement, as use cases on a
migrated database of each backend, with the demo organisation (teams: crisis, approval, pr)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from charte.cli.demo import demo_policy_text
from charte.service import (
    acknowledgements,
    auth,
    delivery,
    demo,
    organisations,
    password_reset,
    personal,
    policies,
    reminders,
    training,
)
from charte.service.errors import (
    AuthenticationFailed,
    Conflict,
    Invalid,
    NoActivePolicy,
    NotFound,
    PermissionDenied,
    TooManyAttempts,
)
from charte.service.permissions import Role
from charte.service.principal import Principal
from charte.store import migrate
from charte.store.db import make_engine, make_sessionmaker
from charte.store.models import utcnow
from charte.store.repositories import Store
from tests.acks import policies as texts

STRONG = "plinth orbit walrus cascade"


@pytest.fixture()
def store(database_url: str) -> Iterator[Store]:
    migrate.upgrade(database_url)
    engine = make_engine(database_url)
    with make_sessionmaker(engine)() as session:
        _reset(session)
        s = Store(session)
        demo.seed(s, demo_policy_text())
        org = s.organisations.by_slug(demo.DEMO_SLUG)
        assert org is not None
        row = policies.upload(s, demo.system(org.id), texts.with_quiz(), activate=True)
        assert row.is_active
        session.commit()
        yield s
        session.rollback()
    engine.dispose()


def _reset(session: Session) -> None:
    """Each test starts from an empty database (the module's database is shared)."""
    from charte.store.models import Base

    for table in reversed(Base.metadata.sorted_tables):
        session.execute(table.delete())
    session.commit()


def who(store: Store, role: Role) -> Principal:
    email = next(e for r, e, _ in demo.DEMO_USERS if r == role)
    user = store.users.by_email(email)
    assert user is not None
    return Principal.of(user.id, user.org_id, user.role, "session")


def activate(store: Store, text: str) -> int:
    admin = who(store, Role.ADMIN)
    return policies.upload(store, demo.system(admin.org_id), text, activate=True).id


# ------------------------------------------------------------------------------------ acknowledgement


def test_acknowledge_records_who_which_hash_when_and_language(store: Store) -> None:
    emma = who(store, Role.EMPLOYEE)
    status = acknowledgements.status(store, emma)
    assert not status.done and acknowledgements.pending(store, emma)
    row, created = acknowledgements.acknowledge(
        store, emma, policy_version_id=status.active.id, lang="fr", sha256=status.active.sha256
    )
    assert created and row.user_id == emma.user_id and row.lang == "fr"
    assert row.policy_sha256 == status.active.sha256 and row.version_label == "2026.1-quiz"
    assert acknowledgements.status(store, emma).done and not acknowledgements.pending(store, emma)
    again, created_again = acknowledgements.acknowledge(
        store, emma, policy_version_id=status.active.id, lang="en"
    )
    assert not created_again and again.id == row.id and again.lang == "fr"  # idempotent: the first stands


def test_acknowledging_a_version_that_is_not_active_is_refused(store: Store) -> None:
    emma = who(store, Role.EMPLOYEE)
    old = store.policies.previous(emma.org_id, acknowledgements.status(store, emma).active.version)
    assert old is not None
    with pytest.raises(Conflict, match="not the active policy"):
        acknowledgements.acknowledge(store, emma, policy_version_id=old.id, lang="en")
    with pytest.raises(Conflict, match="not the active policy"):
        acknowledgements.acknowledge(store, emma, policy_version_id=999_999, lang="en")
    active = acknowledgements.status(store, emma).active
    with pytest.raises(Conflict, match="hash"):
        acknowledgements.acknowledge(store, emma, policy_version_id=active.id, lang="en", sha256="0" * 64)
    with pytest.raises(Invalid, match="lang"):
        acknowledgements.acknowledge(store, emma, policy_version_id=active.id, lang="de")
    assert store.acknowledgements.of_user(emma.org_id, emma.user_id) == []


def test_a_typo_in_the_preamble_keeps_acknowledgements_but_a_changed_clause_asks_again(store: Store) -> None:
    emma = who(store, Role.EMPLOYEE)
    first = acknowledgements.status(store, emma).active
    acknowledgements.acknowledge(store, emma, policy_version_id=first.id, lang="en")
    activate(store, texts.preamble_typo())
    status = acknowledgements.status(store, emma)
    assert status.active.id != first.id
    assert status.done and status.acknowledgement is not None
    assert status.acknowledgement.policy_version_id == first.id  # carried over: nothing material changed
    activate(store, texts.clause_changed())
    status = acknowledgements.status(store, emma)
    assert not status.done and status.changes == ("1.1",)
    acknowledgements.acknowledge(store, emma, policy_version_id=status.active.id, lang="en")
    assert acknowledgements.status(store, emma).done


def test_coverage_per_team_and_exports(store: Store) -> None:
    auditor, emma, sam = who(store, Role.AUDITOR), who(store, Role.EMPLOYEE), who(store, Role.SPOKESPERSON)
    active = acknowledgements.status(store, emma).active
    for person in (emma, sam):
        acknowledgements.acknowledge(store, person, policy_version_id=active.id, lang="fr")
    cov = acknowledgements.coverage(store, auditor)
    assert len(cov.people) == 6 and cov.acknowledged == 2
    teams = {t.team: (t.people, t.acknowledged) for t in cov.teams}
    crisis = next(name for name in teams if "risis" in name or "rise" in name)
    assert teams[crisis] == (2, 1)  # admin and the spokesperson; only the spokesperson acknowledged
    assert teams[acknowledgements.NO_TEAM][1] == 1  # Emma is in no team
    rows = list(csv.DictReader(io.StringIO(acknowledgements.export_csv(cov))))
    assert len(rows) == 6
    by_email = {r["email"]: r for r in rows}
    assert by_email["employee@acme.example"]["status"] == "acknowledged"
    assert by_email["employee@acme.example"]["acknowledged_sha256"] == active.sha256
    assert by_email["employee@acme.example"]["language"] == "fr"
    assert by_email["admin@acme.example"]["status"] == "outstanding"
    data = acknowledgements.export_json(cov)
    assert data["totals"] == {"people": 6, "acknowledged": 2, "outstanding": 4}
    assert data["active_version"]["sha256"] == active.sha256
    with pytest.raises(PermissionDenied):
        acknowledgements.coverage(store, emma)
    assert acknowledgements.coverage(store, who(store, Role.POLICY_OWNER)).acknowledged == 2


def test_csv_cells_never_start_a_formula(store: Store) -> None:
    emma = who(store, Role.EMPLOYEE)
    user = store.users.get(emma.org_id, emma.user_id)
    assert user is not None
    user.display_name = '=HYPERLINK("http://x")'
    text = acknowledgements.export_csv(acknowledgements.coverage(store, who(store, Role.AUDITOR)))
    assert "'=HYPERLINK" in text


def test_reminders_until_done(store: Store) -> None:
    sent: list[delivery.Message] = []

    class Outbox:
        def send(self, message: delivery.Message) -> bool:
            sent.append(message)
            return True

    emma = who(store, Role.EMPLOYEE)
    now = utcnow()
    assert reminders.run_all(store, now) == 6  # a request to everyone
    assert reminders.run_all(store, now + dt.timedelta(hours=1)) == 0  # not again so soon
    delivery.set_mailer(Outbox())
    try:
        later = now + dt.timedelta(days=reminders.REMINDER_DAYS, minutes=1)
        acknowledgements.acknowledge(
            store, emma, policy_version_id=acknowledgements.status(store, emma).active.id, lang="en"
        )
        assert reminders.run_all(store, later) == 5  # Emma is done
    finally:
        delivery.set_mailer(None)
    kinds = [(n.kind, n.emailed) for n in acknowledgements.notices(store, who(store, Role.ADMIN))]
    assert kinds == [("reminder", True), ("request", False)]
    assert [n.kind for n in acknowledgements.notices(store, emma)] == ["request"]
    assert len(sent) == 5 and all(m.kind == "policy_reminder" for m in sent)


def test_no_active_policy_is_a_clear_error(store: Store) -> None:
    emma = who(store, Role.EMPLOYEE)
    store.policies.deactivate_all(emma.org_id)
    with pytest.raises(NoActivePolicy):
        acknowledgements.status(store, emma)
    assert not acknowledgements.pending(store, emma)


# --------------------------------------------------------------------------------------------- quiz


def test_quiz_is_scored_on_the_server_and_every_attempt_recorded(store: Store) -> None:
    emma = who(store, Role.EMPLOYEE)
    quiz = training.get_quiz(store, emma, lang="fr")
    assert [q.id for q in quiz.questions] == ["phone", "speak"]
    assert quiz.questions[0].text == "Puis-je publier le numéro d'un client ?"
    result = training.answer(store, emma, {"phone": 1, "speak": 0}, lang="fr")
    assert (result.attempt.score, result.attempt.total) == (1, 2)
    assert result.correct == {"phone": True, "speak": False}
    section = training.answer(store, emma, {"speak": 1}, lang="en", clause="2.1")
    assert (section.attempt.score, section.attempt.total, section.attempt.clause) == (1, 1, "2.1")
    assert len(training.attempts(store, emma)) == 2
    assert training.sections(store, emma) == ["1.1", "2.1"]


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"phone": 2, "speak": 1}, "answers.phone"),  # out of range
        ({"phone": 1}, "answers.speak"),  # not answered
        ({"phone": 1, "speak": 1, "nope": 0}, "answers.nope"),  # unknown question
    ],
)
def test_bad_quiz_answers_name_the_question(store: Store, answers: dict[str, int], field: str) -> None:
    emma = who(store, Role.EMPLOYEE)
    with pytest.raises(Invalid) as caught:
        training.answer(store, emma, answers, lang="en")
    assert field in [e.field for e in caught.value.errors]
    assert training.attempts(store, emma) == []


def test_quiz_of_an_unknown_clause_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        training.get_quiz(store, who(store, Role.EMPLOYEE), lang="en", clause="9.9")


# --------------------------------------------------------------------------------- personal accounts


def test_personal_guidance_in_french(store: Store) -> None:
    g = personal.guidance(store, who(store, Role.EMPLOYEE), "fr")
    assert g.disclaimer == "Mes opinions n'engagent que moi."
    assert g.profile_line.endswith("Mes opinions n'engagent que moi.") and "Acme" in g.profile_line
    assert "#employé" in g.disclosure_tags
    assert any("dénigr" in d for d in g.donts)
    assert any("faits" in d for d in g.dos)
    assert personal.guidance(store, who(store, Role.EMPLOYEE), "en").disclaimer == "Views are my own."
    with pytest.raises(Invalid):
        personal.guidance(store, who(store, Role.EMPLOYEE), "de")


# ------------------------------------------------------------------------------------ password reset


def test_admin_issued_link_resets_once_and_revokes_sessions(store: Store) -> None:
    admin, emma = who(store, Role.ADMIN), who(store, Role.EMPLOYEE)
    issued = password_reset.issue(store, admin, emma.user_id)
    row = store.password_resets.by_hash(password_reset.security.sha256_hex(issued.token))
    assert row is not None and row.token_hash != issued.token  # only the hash is stored
    with pytest.raises(Invalid) as weak:
        password_reset.complete(store, issued.token, "password1234")
    assert weak.value.errors[0].field == "password"
    assert password_reset.check(store, issued.token).id == emma.user_id  # a weak password spends nothing
    result = auth.login(
        store,
        _settings(),
        email="employee@acme.example",
        password=demo.DEMO_PASSWORD,
        totp_code=None,
        recovery_code=None,
        client="test",
    )
    password_reset.complete(store, issued.token, STRONG)
    with pytest.raises(Exception, match="expired"):
        auth.from_session(store, result.session_token)  # every session ended
    with pytest.raises(Invalid, match="already been used"):
        password_reset.complete(store, issued.token, STRONG + " again")
    user = store.users.get(emma.org_id, emma.user_id)
    assert user is not None and password_reset.security.verify_password(user.password_hash, STRONG)


def test_expired_and_replaced_links_are_refused(store: Store) -> None:
    admin, emma = who(store, Role.ADMIN), who(store, Role.EMPLOYEE)
    past = utcnow() - dt.timedelta(hours=password_reset.ADMIN_LINK_HOURS + 1)
    old = password_reset.issue(store, admin, emma.user_id, now=past)
    with pytest.raises(Invalid, match="expired"):
        password_reset.complete(store, old.token, STRONG)
    first = password_reset.issue(store, admin, emma.user_id)
    password_reset.issue(store, admin, emma.user_id)
    with pytest.raises(Invalid, match="used or replaced"):
        password_reset.complete(store, first.token, STRONG)
    with pytest.raises(Invalid, match="not valid"):
        password_reset.complete(store, "chr_nothing", STRONG)


def test_only_admins_issue_links_and_only_in_their_organisation(store: Store) -> None:
    emma = who(store, Role.EMPLOYEE)
    with pytest.raises(PermissionDenied):
        password_reset.issue(store, emma, emma.user_id)
    other = organisations.create(store, "Other", "other-org")
    stranger = Principal.of(emma.user_id, other.id, "admin", "system")
    with pytest.raises(NotFound):
        password_reset.issue(store, stranger, emma.user_id)


def test_self_service_without_email_sends_nothing_and_is_rate_limited(store: Store) -> None:
    assert not password_reset.email_configured()
    for _ in range(password_reset.MAX_REQUESTS_PER_EMAIL):
        password_reset.request(
            store, email="employee@acme.example", client="c1", base_url="https://x/", lang="en"
        )
    assert store.password_resets.by_hash("x") is None
    with pytest.raises(TooManyAttempts):
        password_reset.request(
            store, email="employee@acme.example", client="c2", base_url="https://x/", lang="en"
        )
    with pytest.raises(Invalid):
        password_reset.request(store, email="not-an-address", client="c3", base_url="https://x/", lang="en")


def test_self_service_with_email_sends_a_link_and_says_nothing_about_unknown_addresses(store: Store) -> None:
    sent: list[delivery.Message] = []

    class Outbox:
        def send(self, message: delivery.Message) -> bool:
            sent.append(message)
            return True

    delivery.set_mailer(Outbox())
    try:
        password_reset.request(
            store, email="nobody@acme.example", client="c", base_url="https://x/", lang="fr"
        )
        assert sent == []
        password_reset.request(
            store, email="Employee@acme.example", client="c", base_url="https://x/", lang="fr"
        )
    finally:
        delivery.set_mailer(None)
    assert len(sent) == 1 and sent[0].to == "employee@acme.example"
    token = sent[0].body.split("token=")[1].split()[0]
    assert password_reset.complete(store, token, STRONG).email == "employee@acme.example"


def test_command_line_reset_for_a_locked_out_admin(store: Store) -> None:
    user = password_reset.reset_by_email(store, "ADMIN@acme.example", STRONG)
    assert password_reset.security.verify_password(user.password_hash, STRONG)
    with pytest.raises(NotFound):
        password_reset.reset_by_email(store, "ghost@acme.example", STRONG)
    with pytest.raises(Invalid):
        password_reset.reset_by_email(store, "admin@acme.example", "short")


# ------------------------------------------------------------------------------------- TOTP required


def test_required_totp_marks_sessions_without_it_and_cannot_be_turned_off(store: Store) -> None:
    admin = who(store, Role.ADMIN)
    result = auth.login(
        store,
        _settings(),
        email="employee@acme.example",
        password=demo.DEMO_PASSWORD,
        totp_code=None,
        recovery_code=None,
        client="test",
    )
    assert not auth.from_session(store, result.session_token)[0].needs_totp
    with pytest.raises(PermissionDenied):
        organisations.set_require_totp(store, who(store, Role.EMPLOYEE), True)
    organisations.set_require_totp(store, admin, True)
    assert auth.from_session(store, result.session_token)[0].needs_totp
    token = auth.token_context  # API tokens are not affected: their principal never carries the flag
    assert token is not None


def test_a_session_is_authenticated_in_one_query(store: Store) -> None:
    """The session, its user and the organisation's two-factor rule come in one query (every page and every
    browser API call pays it); an expired session or a deactivated user is still refused."""
    result = auth.login(
        store,
        _settings(),
        email="employee@acme.example",
        password=demo.DEMO_PASSWORD,
        totp_code=None,
        recovery_code=None,
        client="test",
    )
    store.session.commit()
    store.session.expire_all()
    statements: list[str] = []
    bind = store.session.get_bind()

    def count(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(bind, "before_cursor_execute", count)
    try:
        principal, _row = auth.from_session(store, result.session_token)
    finally:
        event.remove(bind, "before_cursor_execute", count)
    assert [s.split()[0] for s in statements] == ["SELECT"]
    assert principal.user_id == result.user.id and not principal.needs_totp
    later = utcnow() + dt.timedelta(hours=_settings().session_hours + 1)
    with pytest.raises(AuthenticationFailed):
        auth.from_session(store, result.session_token, now=later)
    user = store.users.by_id(result.user.id)
    assert user is not None
    user.is_active = False
    store.session.flush()
    with pytest.raises(AuthenticationFailed):
        auth.from_session(store, result.session_token)


def _settings():  # type: ignore[no-untyped-def]
    from charte.settings import load_settings

    return load_settings(None, login_max_failures_per_ip=1000)
