"""The policy, dashboard, audit, tokens, people and accounts pages in a real browser, in English and French:
read the policy and download its PDF, upload an invalid then a valid version as its owner, see the changes, run
the tests, activate; an employee never sees a confidential term; an admin's new token is shown once; the audit
chain verifies; the dashboard draws its charts with their tables; small screens do not scroll sideways."""

from __future__ import annotations

import re
from typing import Any

import pytest

from charte.service import drafts
from charte.service.demo import DEMO_USERS
from charte.service.principal import Principal
from charte.store.repositories import Store
from tests.web.conftest import Server, screenshot, sign_in

EMAILS = {str(role): email for role, email, _name in DEMO_USERS}
CODE_NAMES = {"en": "Orion", "fr": "Véga"}
TITLES = {
    "policy": {"en": "The social media policy", "fr": "La charte réseaux sociaux"},
    "dashboard": {"en": "Dashboard", "fr": "Tableau de bord"},
    "audit": {"en": "Audit record", "fr": "Journal d'audit"},
}


def _sign_in(page: Any, server: Server, role: str, next_path: str = "/") -> None:
    email = EMAILS[role]
    code = server.totp_code(email) if email in server.totp else ""  # another test may have turned it on
    sign_in(page, email, code=code, next_path=next_path)


def _no_sideways_scroll(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_policy_owner_uploads_checks_and_activates_a_version(
    new_page: Any, server: Server, lang: str
) -> None:
    page = new_page(lang)
    page.on("dialog", lambda dialog: dialog.accept())  # "Make version n the policy every check uses?"
    _sign_in(page, server, "policy_owner", "/policy/upload")
    page.wait_for_url(re.compile(r"/policy/upload$"))
    active = page.input_value("#f-yaml_text")
    assert "code_names:" in active  # the owner edits the active version's file

    page.fill("#f-yaml_text", active.replace("  default_language:", "   default_language:", 1))
    page.click("form.stack button[type=submit]")
    assert page.get_attribute("#f-yaml_text", "aria-invalid") == "true"
    assert page.is_visible(".error-summary a[href='#f-yaml_text']")
    assert re.search(r"(Line|Ligne) \d+", page.inner_text(".issues"))
    screenshot(page, f"policy-upload-errors.{lang}")

    name = CODE_NAMES[lang]
    page.fill("#f-yaml_text", active.replace("code_names: [", f'code_names: ["{name}", ', 1))
    page.fill("#f-comment", f"code name {name}")
    page.click("form.stack button[type=submit]")
    page.wait_for_url(re.compile(r"/policy/versions/\d+$"))
    changes = page.inner_text("table.changes")
    assert name in changes  # the owner sees the confidential change, clause by clause
    page.click("form[action$='/tests'] button")
    page.wait_for_selector("#tests-title")
    assert re.search(r"(All \d+ tests passed|Les \d+ tests sont réussis)", page.inner_text(".tests"))
    screenshot(page, f"policy-version.{lang}")
    page.click("form[action$='/activate'] button")
    page.wait_for_url(re.compile(r"/policy$"))
    assert page.is_visible(".flash-success")
    assert name not in page.inner_text("article.policy-doc")  # the document the owner publishes: no code name

    employee = new_page(lang)
    _sign_in(employee, server, "employee", "/policy")
    employee.wait_for_url(re.compile(r"/policy$"))
    text = employee.content()
    assert employee.inner_text("h1") == TITLES["policy"][lang]
    for secret in (*CODE_NAMES.values(), "Phénix", "code_names"):
        assert secret not in text
    assert employee.locator("a[href='/policy/upload']").count() == 0
    employee.goto("/policy/upload")
    assert "upload and activate policy versions" in employee.inner_text(
        "main"
    ) or "déposer et activer" in employee.inner_text("main")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_everyone_reads_the_policy_and_downloads_the_pdf(new_page: Any, server: Server, lang: str) -> None:
    page = new_page(lang)
    _sign_in(page, server, "spokesperson", "/policy")
    page.wait_for_url(re.compile(r"/policy$"))
    assert page.inner_text("h1") == TITLES["policy"][lang]
    assert page.get_attribute("article.policy-doc", "lang") == lang
    screenshot(page, f"policy.{lang}")
    with page.expect_download(timeout=90_000) as download:  # the first PDF loads WeasyPrint: slow on 2 cores
        page.click(f"a[href='/policy/document.pdf?lang={lang}']")
    assert download.value.suggested_filename.endswith(f"-{lang}.pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"


def test_an_admin_creates_a_token_shown_once(new_page: Any, server: Server) -> None:
    page = new_page("en")
    _sign_in(page, server, "admin", "/tokens")
    page.wait_for_url(re.compile(r"/tokens$"))
    page.fill("#f-name", "")
    page.click("form[action='/tokens'] button[type=submit]")
    assert page.get_attribute("#f-name", "aria-invalid") == "true"
    page.fill("#f-name", "newsroom CMS")
    page.check("input[name=scopes][value='drafts:write']")
    page.click("form[action='/tokens'] button[type=submit]")
    secret = page.input_value("#new-secret")
    assert secret.startswith("chk_")
    screenshot(page, "tokens.en")
    page.goto("/tokens")
    assert secret not in page.content()
    assert "newsroom CMS" in page.inner_text("table")


@pytest.mark.parametrize(("lang", "role"), [("en", "auditor"), ("fr", "admin")])
def test_the_audit_chain_verifies_and_exports(new_page: Any, server: Server, lang: str, role: str) -> None:
    page = new_page(lang)
    _sign_in(page, server, role, "/audit")
    page.wait_for_url(re.compile(r"/audit$"))
    assert page.inner_text("h1") == TITLES["audit"][lang]
    page.click("#verify-title + form button, section[aria-labelledby=verify-title] form button")
    page.wait_for_selector(".status-ok")
    assert re.search(r"(intact)", page.inner_text(".status-ok"))
    page.select_option("#f-action", "auth.login")
    page.click("form.filters button")
    actions = {a.strip() for a in page.locator("tbody td:nth-child(4)").all_inner_texts()}
    assert actions == {"auth.login"}
    screenshot(page, f"audit.{lang}")
    with page.expect_download() as download:
        page.click("a[href^='/audit/export.csv']")
    assert download.value.suggested_filename.endswith(".csv")


def _activity(server: Server) -> None:
    """A few drafts written through the service, so the charts have something to draw."""

    def work(store: Store) -> None:
        author = store.users.by_email(EMAILS["employee"])
        assert author is not None
        actor = Principal.of(author.id, author.org_id, author.role, "system")
        for text in (
            "Belle journée à tous",
            "Appelez le client au 06 12 34 56 78",
            "Le projet Phénix sort lundi",
        ):
            drafts.create(
                store,
                actor,
                server.app.state.engines,
                drafts.DraftInput(text, "linkedin", account_kind="personal", lang="fr"),
            )

    server.run(work)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_dashboard_draws_its_charts_with_tables(new_page: Any, server: Server, lang: str) -> None:
    _activity(server)
    page = new_page(lang)
    _sign_in(page, server, "approver", "/dashboard")
    page.wait_for_url(re.compile(r"/dashboard$"))
    assert page.inner_text("h1") == TITLES["dashboard"][lang]
    charts = page.locator("svg.chart[role=img]")
    assert charts.count() >= 2
    for i in range(charts.count()):
        labelled = charts.nth(i).get_attribute("aria-labelledby") or ""
        assert all(page.locator(f"[id='{part}']").count() == 1 for part in labelled.split())
    assert page.locator(".chart-card details table").count() == charts.count()
    screenshot(page, f"dashboard.{lang}")
    page.evaluate("document.querySelector('#f-since').type = 'text'")
    page.fill("#f-since", "not a date")
    page.click("form.filters button")
    assert page.get_attribute("#f-since", "aria-invalid") == "true"

    phone = new_page(lang, width=375, height=740)
    _sign_in(phone, server, "approver", "/dashboard")
    phone.wait_for_url(re.compile(r"/dashboard$"))
    assert _no_sideways_scroll(phone)
    screenshot(phone, f"dashboard-phone.{lang}")


@pytest.mark.parametrize(("path", "name"), [("/people", "people"), ("/accounts", "accounts")])
def test_the_register_pages_render_for_an_admin_and_refuse_an_employee(
    new_page: Any, server: Server, path: str, name: str
) -> None:
    page = new_page("fr")
    _sign_in(page, server, "admin", path)
    page.wait_for_url(re.compile(f"{path}$"))
    assert page.locator("table").count() >= 1
    screenshot(page, f"{name}.fr")
    employee = new_page("en")
    _sign_in(employee, server, "employee", path)
    assert "You need permission to see" in employee.inner_text("main")
