"""``charte policy render`` and ``charte policy diff`` from the command line, including bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from charte.cli.main import main
from charte.policy.starters import render_example


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, " ".join(err.split())  # rich wraps long error lines


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("policies")
    base = render_example("health", "en")
    paths = {
        "old": root / "old.yaml",
        "same": root / "same.yaml",
        "new": root / "new.yaml",
        "bad": root / "bad.yaml",
        "bad_rule": root / "bad_rule.yaml",
    }
    paths["old"].write_text(base, encoding="utf-8")
    paths["same"].write_text(base, encoding="utf-8")
    paths["new"].write_text(
        base.replace('version: "2026.1"', 'version: "2026.2"').replace(
            "credential_rotation_days: 90", "credential_rotation_days: 30"
        ),
        encoding="utf-8",
    )
    paths["bad"].write_text(base.replace("    action: block", "    action: blok", 1), encoding="utf-8")
    paths["bad_rule"].write_text(
        base.replace("    params: {}", "    params: {colour: red}", 1), encoding="utf-8"
    )
    return paths


@pytest.mark.parametrize(
    ("fmt", "suffix", "lang", "needle"),
    [
        ("md", "md", "en", "# Clinique Helia social media policy"),
        ("md", "md", "fr", "# Charte réseaux sociaux de Clinique Helia"),
        ("html", "html", "fr", "<h1>Charte réseaux sociaux de Clinique Helia</h1>"),
        (None, "html", None, '<html lang="en">'),  # format from the extension, language from the policy
    ],
)
def test_render_writes_the_document(
    capsys: pytest.CaptureFixture[str],
    files: dict[str, Path],
    tmp_path: Path,
    fmt: str | None,
    suffix: str,
    lang: str | None,
    needle: str,
) -> None:
    out = tmp_path / f"policy.{suffix}"
    args = ["policy", "render", str(files["old"]), "-o", str(out)]
    args += ["--format", fmt] if fmt else []
    args += ["--lang", lang] if lang else []
    code, _, err = run(capsys, *args)
    assert code == 0, err
    assert needle in out.read_text(encoding="utf-8")
    assert f"Wrote {out}" in err


def test_render_to_stdout(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, _ = run(capsys, "policy", "render", str(files["old"]), "--lang", "fr")
    assert code == 0 and out.startswith("# Charte réseaux sociaux de Clinique Helia\n")
    assert "### 5.5 Règles propres à notre secteur" in out and "secret médical" in out


@pytest.mark.slow
def test_render_pdf(capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path) -> None:
    pytest.importorskip("weasyprint", reason="PDF output needs WeasyPrint (pip install 'charte[pdf]')")
    small = (
        tmp_path / "small.yaml"
    )  # a short policy keeps the test fast; the full one is rendered in tests/policy
    small.write_text(
        'policy: {id: s, version: "1"}\norganisation: {name: Été}\nclauses:\n'
        '  - {id: "5.2", title: {fr: Secrets}, text: {fr: "Pas de secrets."}}\n'
        'rules:\n  - {id: c, detector: confidential, action: block, severity: high, clause: "5.2"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "policy.pdf"
    code, _, err = run(
        capsys, "policy", "render", str(small), "--format", "pdf", "-o", str(out), "--lang", "fr"
    )
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--format", "docx"], 64, "'docx' is not one of 'md', 'html', 'pdf'"),
        (["--lang", "de"], 64, "'de' is not one of 'fr', 'en'"),
    ],
)
def test_render_bad_options(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], args: list[str], code: int, message: str
) -> None:
    got, _, err = run(capsys, "policy", "render", str(files["old"]), *args)
    assert got == code and message in err and "Traceback" not in err


def test_render_unwritable_output(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "policy", "render", str(files["old"]), "-o", str(tmp_path / "missing" / "p.md")
    )
    assert code == 73 and "cannot write" in err and "No such file or directory" in err
    if os.geteuid() != 0:  # root can write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        code, _, err = run(capsys, "policy", "render", str(files["old"]), "-o", str(locked / "p.md"))
        assert code == 73


@pytest.mark.parametrize(
    ("name", "needle"), [("bad", "bad.yaml:"), ("bad_rule", "params.colour"), ("missing", "file not found")]
)
def test_render_invalid_policy(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path, name: str, needle: str
) -> None:
    path = files.get(name, tmp_path / "missing.yaml")
    code, _, err = run(capsys, "policy", "render", str(path), "-o", str(tmp_path / "x.md"))
    assert code == (66 if name == "missing" else 65) and needle in err and "Traceback" not in err
    assert not (tmp_path / "x.md").exists()


def test_diff_identical_exits_0(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, _ = run(capsys, "policy", "diff", str(files["old"]), str(files["same"]))
    assert code == 0 and "The two versions are identical." in out


def test_diff_text_lists_changes_and_exits_1(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    code, out, _ = run(capsys, "policy", "diff", str(files["old"]), str(files["new"]))
    assert code == 1
    assert "(version 2026.1 → 2026.2)" in out and "2 changes: 2 changed" in out
    assert "  ~ credential rotation (days)\n      before: 90\n      after: 30\n" in out


def test_diff_french_markdown(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, _ = run(
        capsys, "policy", "diff", str(files["old"]), str(files["new"]), "--format", "md", "--lang", "fr"
    )
    assert code == 1
    assert out.startswith("# Modifications de la charte\n")
    assert (
        "## Sécurité\n\n- **modification** — renouvellement des identifiants (jours)\n  > *avant* : 90" in out
    )


def test_diff_json(capsys: pytest.CaptureFixture[str], files: dict[str, Path]) -> None:
    code, out, _ = run(capsys, "policy", "diff", str(files["old"]), str(files["new"]), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["identical"] is False and data["counts"]["changed"] == 2
    assert [c["key"] for c in data["changes"]] == ["policy.version", "security.credential_rotation_days"]
    assert data["old"]["version"] == "2026.1" and data["new"]["version"] == "2026.2"


@pytest.mark.parametrize(
    ("which", "code", "needle"),
    [("bad", 65, "bad.yaml:"), ("missing", 66, "file not found"), ("format", 64, "'xml' is not one of")],
)
def test_diff_bad_input(
    capsys: pytest.CaptureFixture[str],
    files: dict[str, Path],
    tmp_path: Path,
    which: str,
    code: int,
    needle: str,
) -> None:
    args = {
        "bad": [str(files["old"]), str(files["bad"])],
        "missing": [str(tmp_path / "nope.yaml"), str(files["old"])],
        "format": [str(files["old"]), str(files["new"]), "--format", "xml"],
    }[which]
    got, _, err = run(capsys, "policy", "diff", *args)
    assert got == code and needle in err and "Traceback" not in err
