"""Benchmarks of Tadrib, run by ``make bench`` (``python -m bench``); figures in docs/benchmarks.md."""
