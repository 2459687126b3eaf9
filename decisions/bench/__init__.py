"""Benchmarks that print figures; run them with `python -m decisions.bench`."""
