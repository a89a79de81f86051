"""The type checker's ground rules (issue "One house"): `make test` runs mypy over src/ in strict mode, and
nothing in the configuration or the code switches it off wholesale. mypy itself runs in `make test`, not here
(a cold run takes minutes); these tests keep the rules it runs under from being loosened quietly."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORE = re.compile(r"#\s*type:\s*ignore(?P<codes>\[[^\]]*\])?(?P<after>.*)$")
#: How far above an ignore its reason may be written (a comment over a short block of ignored lines).
REASON_REACH = 4


def _mypy_config() -> dict[str, object]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert isinstance(config, dict)
    return config


def test_strict_over_all_of_src_and_run_by_make_test() -> None:
    config = _mypy_config()
    assert config["strict"] is True
    assert config["files"] == ["src/charte"]
    codes = config["enable_error_code"]
    assert isinstance(codes, list) and "ignore-without-code" in codes
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    test_target = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "$(VENV)/bin/mypy" in test_target


def test_no_blanket_ignore_in_the_configuration() -> None:
    """Only libraries that publish no types are excused, and only from having them (not from being checked)."""
    config = _mypy_config()
    loosened = {
        "ignore_errors",
        "disable_error_code",
        "allow_untyped_defs",
        "allow_any_generics",
        "follow_imports",
    }
    assert not loosened & set(config)
    overrides = config.get("overrides", [])
    assert isinstance(overrides, list)
    for override in overrides:
        assert set(override) == {"module", "ignore_missing_imports"}, override
        assert not any(module.startswith("charte") for module in override["module"]), override


def _ignores_without_reason(source: str) -> list[int]:
    lines = source.splitlines()
    missing = []
    for number, line in enumerate(lines, 1):
        found = IGNORE.search(line)
        if found is None:
            continue
        if not found["codes"]:
            missing.append(number)  # mypy refuses these too (ignore-without-code)
            continue
        above = lines[max(0, number - 1 - REASON_REACH) : number - 1]
        commented_above = any(prior.strip().startswith("#") for prior in above)
        if not (found["after"].strip().startswith("#") or commented_above):
            missing.append(number)
    return missing


def test_every_type_ignore_in_src_names_its_code_and_says_why() -> None:
    offenders = {
        str(path.relative_to(ROOT)): lines
        for path in sorted((ROOT / "src").rglob("*.py"))
        if (lines := _ignores_without_reason(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}, f"a `# type: ignore[code]` needs a comment saying why: {offenders}"


def test_the_reason_rule_can_fail() -> None:
    assert _ignores_without_reason("x = f()  # type: ignore\n") == [1]
    assert _ignores_without_reason("a = 1\nb = 2\nx = f()  # type: ignore[arg-type]\n") == [3]
    assert _ignores_without_reason("x = f()  # type: ignore[arg-type]  # f's stub is wrong\n") == []
    assert _ignores_without_reason("# f's stub is wrong\nx = f()  # type: ignore[arg-type]\n") == []
