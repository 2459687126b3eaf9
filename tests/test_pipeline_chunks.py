"""Chunks are bounded by bytes as well as by count, so memory follows the chunk."""

from __future__ import annotations

from decisions.importer import ImportResult
from decisions.pipeline import CHUNK_BYTES, SourceFile, _chunks


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
