"""Benchmarks that print figures; run them with `python -m decisions.bench`.

`synthetic` makes the notices they import, and the pipeline tests use it too.
"""
