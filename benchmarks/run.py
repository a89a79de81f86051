"""`make bench`: speed of Charte against peers measured in the same run, written to docs/benchmarks.md.

Each ``benchmarks/bench_*.py`` module contributes one section through ``run() -> str``.
"""

from benchmarks._report import ROOT, run_sections

if __name__ == "__main__":
    run_sections(
        "bench_",
        "Charte — benchmarks",
        "make bench",
        ROOT / "docs" / "benchmarks.md",
        "Throughput and latency measured on this machine; each peer runs on the same inputs in the "
        "same run. Medians of repeated runs unless stated.",
    )
