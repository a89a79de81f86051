"""The optional backends must never be needed by anything else."""

from __future__ import annotations

import subprocess
import sys


def test_charte_imports_and_checks_without_loading_the_optional_backends() -> None:
    code = (
        "import sys, charte; from charte.detectors import registry; ids = registry.load(); "
        "assert {'hf_classifier', 'llm_judge'} <= set(ids), sorted(ids); "
        "heavy = [m for m in ('torch', 'transformers', 'httpx') if m in sys.modules]; "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
