"""Who sees what of a policy. The YAML holds confidential terms, code names and embargoed facts: only the
policy's owners (``policies:write``: admins and policy owners) read it, and only they run its tests (whose
example posts quote the terms). Everyone else reads the rendered, employee-facing document (Markdown, HTML or
PDF), which counts the protected terms but never lists them, and in which any term a policy owner wrote
elsewhere (a quiet period, a clause text) is replaced by a marker (:mod:`charte.engine.redaction`). Owners get
the same document: it is the one they publish. Checks use the compiled policy on the server and never need
the file."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from charte.engine.engine import CheckEngine
from charte.engine.policy_tests import TestResult, run_policy_tests
from charte.engine.redaction import Redactor
from charte.policy.document import PolicyDocument, build_document
from charte.policy.loader import parse_policy
from charte.policy.render import render_html, render_markdown, render_pdf
from charte.service import policies
from charte.service.permissions import Permission
from charte.service.principal import Principal
from charte.store.models import PolicyVersion
from charte.store.repositories import Store

LANGS = ("en", "fr")


def is_owner(actor: Principal) -> bool:
    return actor.can(Permission.POLICIES_WRITE)


@dataclass(frozen=True)
class PolicyView:
    row: PolicyVersion
    yaml: str | None  # None unless the reader owns the policy
    comment: str | None  # upload comments may name what changed: owners only
    document: str  # Markdown, in ``lang``
    lang: str


@lru_cache(maxsize=32)
def _public_document(sha256: str, text: str, lang: str | None) -> PolicyDocument:
    """The redacted document of a stored version; keyed by its hash so each renders once per language."""
    policy = parse_policy(text, policies.SOURCE)
    chosen = lang or (policy.policy.default_language if policy.policy.default_language in LANGS else "en")
    return Redactor.for_policy(policy).document(build_document(policy, chosen))


@lru_cache(maxsize=32)
def _document(sha256: str, text: str, lang: str | None) -> tuple[str, str]:
    """(Markdown, language) of a stored version's public document."""
    doc = _public_document(sha256, text, lang)
    return render_markdown(doc), doc.lang


@lru_cache(maxsize=8)
def _pdf(sha256: str, text: str, lang: str | None) -> bytes:
    return render_pdf(_public_document(sha256, text, lang))


@dataclass(frozen=True)
class DocumentFile:
    content: bytes
    media_type: str
    filename: str
    lang: str


MEDIA = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8", "pdf": "application/pdf"}


def document_file(
    store: Store, actor: Principal, policy_id: int | None, fmt: str, lang: str | None = None
) -> DocumentFile:
    """The public document of a version (``None``: the active one) as a file: Markdown, HTML or PDF."""
    row = policies.active(store, actor) if policy_id is None else policies.get(store, actor, policy_id)
    doc = _public_document(row.sha256, row.yaml_text, lang)
    if fmt == "pdf":
        content = _pdf(row.sha256, row.yaml_text, doc.lang)
    elif fmt == "html":
        content = render_html(doc).encode("utf-8")
    else:
        content = render_markdown(doc).encode("utf-8")
    return DocumentFile(content, MEDIA[fmt], f"policy-v{row.version}-{doc.lang}.{fmt}", doc.lang)


def public_document(
    store: Store, actor: Principal, policy_id: int | None, lang: str | None
) -> PolicyDocument:
    """The document as data, for a page that lays it out itself."""
    row = policies.active(store, actor) if policy_id is None else policies.get(store, actor, policy_id)
    return _public_document(row.sha256, row.yaml_text, lang)


def run_tests(store: Store, actor: Principal, policy_id: int) -> list[TestResult]:
    """Run a version's own test cases. Owners only: the example posts quote the confidential terms."""
    row = policies.get(store, actor, policy_id)
    actor.require(Permission.POLICIES_WRITE)
    return run_policy_tests(CheckEngine(parse_policy(row.yaml_text, policies.SOURCE)))


def view(actor: Principal, row: PolicyVersion, lang: str | None = None) -> PolicyView:
    owner = is_owner(actor)
    document, chosen = _document(row.sha256, row.yaml_text, lang)
    return PolicyView(row, row.yaml_text if owner else None, row.comment if owner else None, document, chosen)


def get(store: Store, actor: Principal, policy_id: int, lang: str | None = None) -> PolicyView:
    return view(actor, policies.get(store, actor, policy_id), lang)


def active(store: Store, actor: Principal, lang: str | None = None) -> PolicyView:
    return view(actor, policies.active(store, actor), lang)


@dataclass(frozen=True)
class DiffView:
    old: PolicyVersion | None
    new: PolicyVersion
    unified: str
    changes: list[dict[str, Any]]
    of: str  # "yaml" (owners) or "document" (everyone else)


def diff(store: Store, actor: Principal, policy_id: int, against: int | None, lang: str = "en") -> DiffView:
    """Owners: the YAML diff and the clause-by-clause changes (whose values may be confidential terms).
    Everyone else: the diff of the rendered documents, which hold nothing confidential."""
    if is_owner(actor):
        result = policies.diff(store, actor, policy_id, against, lang)
        return DiffView(result.old, result.new, result.unified, result.changes, "yaml")
    new = policies.get(store, actor, policy_id)
    old = (
        policies.get(store, actor, against)
        if against is not None
        else store.policies.previous(actor.org_id, new.version)
    )
    before = _document(old.sha256, old.yaml_text, lang)[0].splitlines(keepends=True) if old else []
    after = _document(new.sha256, new.yaml_text, lang)[0].splitlines(keepends=True)
    text = "".join(
        difflib.unified_diff(
            before, after, fromfile=f"v{old.version}" if old else "/dev/null", tofile=f"v{new.version}"
        )
    )
    return DiffView(old, new, text, [], "document")
