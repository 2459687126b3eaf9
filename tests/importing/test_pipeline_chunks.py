"""Chunks are bounded by bytes as well as by count, so memory follows the chunk."""

from __future__ import annotations

import pytest

from decisions.importing.pipeline import CHUNK_BYTES, SourceFile, _chunks
from decisions.importing.writer import ImportResult


def sizes(chunks: list[list]) -> list[list[int]]:
    return [[len(item.data) if isinstance(item, SourceFile) else 0 for item in c] for c in chunks]


def test_a_chunk_ends_before_it_would_pass_the_byte_limit() -> None:
    files = [SourceFile(f"{n}.txt", b"x" * 400) for n in range(5)]
    assert sizes(list(_chunks(files, 500, 1000))) == [[400, 400], [400, 400], [400]]


def test_a_chunk_still_ends_at_the_count() -> None:
    files = [SourceFile(f"{n}.txt", b"x") for n in range(5)]
    assert sizes(list(_chunks(files, 2, 1000))) == [[1, 1], [1, 1], [1]]


def test_a_file_larger_than_the_limit_gets_a_chunk_of_its_own() -> None:
    items = [
        SourceFile("a.txt", b"x" * 10),
        SourceFile("big.txt", b"x" * 3000),
        ImportResult("failed", "missing.txt"),
    ]
    assert sizes(list(_chunks(items, 500, 1000))) == [[10], [3000, 0]]


def test_three_hundred_one_megabyte_notices_never_share_a_chunk_beyond_the_limit() -> None:
    files = (SourceFile(f"{n}.txt", b"x" * 990_000) for n in range(300))
    assert max(sum(c) for c in sizes(list(_chunks(files, 500, CHUNK_BYTES)))) <= CHUNK_BYTES


@pytest.mark.django_db
def test_a_growing_import_refreshes_the_planner_statistics_as_the_rows_double(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from decisions.importing import pipeline
    from decisions.importing.pipeline import SourceFile, import_sources
    from tests.conftest import SAMPLES

    monkeypatch.setattr(pipeline, "CHUNK", 2)
    sources = [SourceFile(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.txt"))]
    with CaptureQueriesContext(connection) as queries:
        import_sources(sources, jobs=0)  # chunks of 2, 2, 1: created 2, 4, 5
        import_sources(sources, jobs=0, dry_run=True)  # a dry run leaves them alone
    analyses = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        assert len(analyses) == 2  # after 2 (the first rows) and 4 (doubled), not after 5
        assert "decisions_decision" in analyses[0] and "decisions_clause" in analyses[0]
    else:
        assert analyses == []
