"""Benchmarks (`make bench`) and accuracy evaluations (`make eval`)."""
