"""`make eval`: accuracy of every detector and model, written to docs/evaluation.md.

Each ``benchmarks/eval_*.py`` module contributes one section through ``run() -> str``.
"""

from benchmarks._report import ROOT, run_sections

if __name__ == "__main__":
    run_sections(
        "eval_",
        "Charte — evaluation",
        "make eval",
        ROOT / "docs" / "evaluation.md",
        "Accuracy measured on labelled sets the project builds or holds out from its training data. "
        "Every figure here was produced by the command below; rerun it to check.",
    )
