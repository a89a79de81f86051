"""The shipped starter policies: reproducible from the templates, valid, and tested by their own cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from charte.engine.engine import CheckEngine
from charte.engine.policy_tests import run_policy_tests
from charte.policy.loader import load_policy_file
from charte.policy.starters import EXAMPLES, LANGS, render_example, starter_name, write_all

ROOT = Path(__file__).resolve().parents[2]
POLICIES = ROOT / "policies"
STARTERS = [(industry, lang) for industry in EXAMPLES for lang in LANGS]
MIN_CASES = 25
# The detectors whose rule and test fragments complete the starters (issue 4).


def test_every_industry_of_the_spec_ships_in_both_languages() -> None:
    assert set(EXAMPLES) == {"generic", "finance", "health", "public-sector"}
    assert sorted(p.name for p in POLICIES.glob("*.yaml")) == sorted(
        starter_name(i, lang) for i, lang in STARTERS
    )


@pytest.mark.parametrize(("industry", "lang"), STARTERS)
def test_committed_starter_equals_the_generator_output(industry: str, lang: str) -> None:
    committed = (POLICIES / starter_name(industry, lang)).read_text(encoding="utf-8")
    assert committed == render_example(industry, lang), (
        f"policies/{starter_name(industry, lang)} is stale: run `make policies` and commit the result"
    )


def test_write_all_regenerates_every_file(tmp_path: Path) -> None:
    written = write_all(tmp_path)
    assert len(written) == len(STARTERS)
    for path in written:
        assert path.read_text(encoding="utf-8") == (POLICIES / path.name).read_text(encoding="utf-8")


@pytest.mark.parametrize(("industry", "lang"), STARTERS)
def test_starter_loads_and_fills_in_the_organisation(industry: str, lang: str) -> None:
    policy = load_policy_file(POLICIES / starter_name(industry, lang))
    engine = CheckEngine(policy, scorer=None)
    ex = EXAMPLES[industry]
    assert policy.organisation.name == ex.org and policy.organisation.industry == industry
    assert policy.policy.default_language == lang
    assert engine.detectors
    # Every SPEC §1 section is filled in, in both languages.
    assert policy.spokespeople.roles and policy.spokespeople.complaint_responders
    assert {t.kind for t in policy.conflict_plan.teams} == {
        "crisis_response",
        "message_approval",
        "customer_service",
        "public_relations",
        "social_engagement",
    }
    assert policy.conflict_plan.routing and policy.security.incident_playbook
    assert policy.document.preamble and policy.document.contacts and policy.document.acknowledgement
    for clause in policy.clauses:
        assert clause.text.fr and clause.text.en and clause.title.fr and clause.title.en, clause.id
        assert ex.org in clause.text.fr or clause.id not in ("1.1", "2.1", "4.1"), clause.id
    ids = {c.id for c in policy.clauses}
    assert {
        "1.1",
        "2.1",
        "2.2",
        "3.1",
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "5.1",
        "5.2",
        "5.3",
        "5.4",
        "5.5",
        "6.1",
        "6.2",
    } <= ids
    if industry != "generic":
        assert policy.legal.regulated_packs == [industry]


@pytest.mark.parametrize(("industry", "lang"), STARTERS)
def test_starter_passes_its_own_test_cases(industry: str, lang: str) -> None:
    engine = CheckEngine(load_policy_file(POLICIES / starter_name(industry, lang)))
    results = run_policy_tests(engine)
    failed = [f"{r.case.name}: {', '.join(r.problems)}" for r in results if not r.passed]
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize(("industry", "lang"), STARTERS)
def test_starter_has_at_least_25_test_cases(industry: str, lang: str) -> None:
    policy = load_policy_file(POLICIES / starter_name(industry, lang))
    count = len(policy.tests)
    assert count >= MIN_CASES, (
        f"{starter_name(industry, lang)} has only {count} test cases; write at least {MIN_CASES}"
    )


def test_charte_policy_init_writes_the_committed_starter(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from charte.cli.main import main
    from charte.policy.starters import STARTER_DATE

    ex = EXAMPLES["finance"]
    out = tmp_path / starter_name("finance", "en")
    args = [
        "policy",
        "init",
        "--org",
        ex.org,
        "--industry",
        "finance",
        "--lang",
        "en",
        "--effective",
        STARTER_DATE.isoformat(),
        "-o",
        str(out),
    ]
    for flag, values in (("--brand", ex.brands), ("--competitor", ex.competitors), ("--domain", ex.domains)):
        for value in values:
            args += [flag, value]
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 0, capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == (POLICIES / out.name).read_text(encoding="utf-8")


@pytest.mark.parametrize("industry", ["generic", "finance", "health", "public-sector", "alcohol", "pharma"])
@pytest.mark.parametrize("org", ["Société Générale d'Été", "Q&A <Co> # 1: x", "- Dash", "*Star"])
def test_any_printable_organisation_name_gives_a_valid_starter(industry: str, org: str) -> None:
    from charte.policy.loader import parse_policy
    from charte.policy.templates import render_starter

    text = render_starter(
        org=org, brands=[org], competitors=["Globex"], domains=["acme.com"], industry=industry
    )
    policy = parse_policy(text)
    assert policy.organisation.name == org and policy.policy.title is not None
    assert policy.policy.title.fr == f"Charte réseaux sociaux de {org}"
    assert org in policy.clause("1.1").text.fr and org in policy.clause("5.6").text.en  # type: ignore[union-attr]
    assert "\\u00e9" not in text  # accents stay readable in the YAML


@pytest.mark.parametrize("org", ["Line\nbreak", "Tab\there", "Sep\u2028arator", "   "])
def test_unusable_organisation_name_is_refused(org: str) -> None:
    from charte.policy.templates import render_starter

    with pytest.raises(ValueError, match="is not a usable name"):
        render_starter(org=org, brands=[], competitors=[], domains=[])
