"""The approval page when the active policy changed since the author's check (its own database: it activates
another policy version), and attachments with their credit and description."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest

from charte.cli.demo import demo_policy_text
from charte.service import policies
from charte.service.demo import system
from tests.web.test_work_pages import Site, compose_form, csrf, make_site, signed_in


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A database of its own: this module activates another policy version."""
    yield from make_site(tmp_path_factory)


POST = "Notre concurrent Globex est nul et malhonnête."


def _draft(site: Site, **extra: str) -> int:
    author = signed_in(site, "spokesperson")
    data = {**compose_form(site, POST, **extra), "csrf_token": csrf(author, "/compose"), "action": "submit"}
    answer = author.post("/compose", data=data)
    assert "Submitted for approval." in answer.text
    return int(re.search(r"/drafts/(\d+)", str(answer.url)).group(1))  # type: ignore[union-attr]


def test_attachments_keep_their_credit_and_description(site: Site) -> None:
    draft_id = _draft(
        site,
        att_url_0="https://example.com/stand.jpg",
        att_credit_0="Photo: Ana Lima",
        att_alt_0="Our stand in Lyon",
    )
    page = signed_in(site, "approver").get(f"/approvals/{draft_id}").text
    assert (
        "https://example.com/stand.jpg" in page and "Photo: Ana Lima" in page and "Our stand in Lyon" in page
    )
    edit = signed_in(site, "spokesperson").get(f"/drafts/{draft_id}").text
    assert 'value="Photo: Ana Lima"' in edit


def test_the_approver_sees_the_policy_change_and_confirms(site: Site) -> None:
    draft_id = _draft(site)
    store = site.store()
    org = store.organisations.by_slug("acme")
    assert org is not None
    lenient = demo_policy_text().replace(
        "  - id: respect.negativity\n    detector: negativity\n    action: review",
        "  - id: respect.negativity\n    detector: negativity\n    action: allow",
    )
    assert lenient != demo_policy_text()
    policies.upload(store, system(org.id), lenient, comment="no review of negativity", activate=True)
    store.session.commit()
    approver = signed_in(site, "approver")
    shown = approver.get(f"/approvals/{draft_id}").text
    assert "The policy changed since the author's check" in unescape(shown)
    assert "said: Needs approval. The active policy (version" in shown and 'name="policy_version_id"' in shown
    refused = approver.post(
        f"/approvals/{draft_id}/approve", data={"csrf_token": csrf(approver, "/approvals")}
    )
    assert refused.status_code == 409 and "policy changed" in refused.text
    version = re.search(r'name="policy_version_id" value="(\d+)"', refused.text)
    assert version is not None
    done = approver.post(
        f"/approvals/{draft_id}/approve",
        data={"csrf_token": csrf(approver, "/approvals"), "policy_version_id": version.group(1)},
    )
    assert done.status_code == 200 and f"draft {draft_id} may now be published" in done.text
