"""The pipeline's file end: finding notice files, reading them, and the format they are in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from decisions.importing.pipeline import SourceFile, find_notice_files, import_sources, read_sources
from decisions.importing.writer import ImportResult
from decisions.parsing import SourceFormat
from decisions.parsing.formats import FRONT_ENDS
from tests.conftest import SAMPLES

PDF_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with a text notice, a PDF and a file of another kind, one of them nested."""
    (tmp_path / "nested").mkdir()
    shutil.copy(SAMPLES / "000_8f1dfd1b4376d4cb.txt", tmp_path / "b_notice.txt")
    (tmp_path / "nested" / "a_notice.pdf").write_bytes(PDF)
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    return tmp_path


def test_it_finds_the_text_and_pdf_files_in_a_folder(folder: Path) -> None:
    files, missing = find_notice_files([folder])

    assert files == [folder / "b_notice.txt", folder / "nested" / "a_notice.pdf"]
    assert missing == []


def test_it_leaves_out_the_files_of_a_format_without_a_front_end(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(FRONT_ENDS, SourceFormat.PDF)

    files, _ = find_notice_files([folder])

    assert files == [folder / "b_notice.txt"]


def test_it_takes_a_named_file_of_any_kind(folder: Path) -> None:
    files, missing = find_notice_files([folder / "nested" / "a_notice.pdf", folder / "gone.txt"])

    assert files == [folder / "nested" / "a_notice.pdf"]
    assert missing == [
        ImportResult("failed", str(folder / "gone.txt"), message="no such file or folder")
    ]


def test_a_source_file_knows_its_format_by_content_then_name() -> None:
    assert SourceFile("notice.txt", b"Title\tx").source_format == SourceFormat.PLAIN_TEXT
    assert SourceFile("notice.txt", PDF).source_format == SourceFormat.PDF
    assert SourceFile("notice.pdf", b"").source_format == SourceFormat.PDF


def test_it_refuses_a_text_file_over_the_text_limit_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "large.txt"
    path.write_bytes(b"Title\tx\n" * 200_000)

    assert list(read_sources([path])) == [
        ImportResult("failed", str(path), message="file is 1.6 MB; notices are at most 1 MB")
    ]


def test_it_reads_a_pdf_over_the_text_limit_as_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "scanned.txt"
    data = PDF + b"\x00" * 2_000_000
    path.write_bytes(data)

    (source,) = read_sources([path])

    assert source == SourceFile(str(path), data)
    assert source.source_format == SourceFormat.PDF


@pytest.mark.django_db
def test_a_txt_that_is_really_a_pdf_is_read_as_a_pdf(tmp_path: Path) -> None:
    from decisions.models import Decision

    broken = tmp_path / "broken.txt"
    broken.write_bytes(PDF + bytes(range(256)) * 4)
    notice = tmp_path / "notice.txt"
    shutil.copy(PDF_FIXTURES / "sample_000_8f1dfd1b4376d4cb.reportlab.pdf", notice)

    summary = import_sources(read_sources([broken, notice]))

    assert [(r.status, r.message) for r in summary.failures] == [
        ("failed", "the PDF is truncated or corrupt: it has no end-of-file marker")
    ]
    assert Decision.objects.get().source_format == SourceFormat.PDF


@pytest.mark.django_db
def test_it_imports_a_text_notice_as_text(tmp_path: Path) -> None:
    from decisions.models import Decision

    path = tmp_path / "notice.txt"
    shutil.copy(SAMPLES / "000_8f1dfd1b4376d4cb.txt", path)

    summary = import_sources(read_sources([path]))

    assert summary.counts["created"] == 1
    assert Decision.objects.get().source_format == SourceFormat.PLAIN_TEXT


def test_a_chunk_ends_at_its_count_or_its_bytes() -> None:
    from decisions.importing.pipeline import _chunks

    sources = [SourceFile(f"{n}.pdf", b"x" * 40) for n in range(5)]

    assert [len(c) for c in _chunks(sources, 2, max_bytes=1000)] == [2, 2, 1]
    assert [len(c) for c in _chunks(sources, 500, max_bytes=100)] == [2, 2, 1]
    big = [SourceFile("big.pdf", b"x" * 500), *sources[:2]]
    assert [len(c) for c in _chunks(big, 500, max_bytes=100)] == [1, 2]  # alone if too big


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["bulk", "one by one"])
def test_it_hashes_each_new_file_once(monkeypatch, path: str) -> None:
    """The pipeline hashes every file to find the unchanged ones; the writer reuses that
    hash (it used to hash each new file about three times more)."""
    import hashlib

    from django.db import IntegrityError

    from decisions.importing import writer

    def bulk_write_fails(batch, registry):
        raise IntegrityError("as if one row of the batch broke a constraint")

    if path == "one by one":  # the bulk write failed and each notice is retried alone
        monkeypatch.setattr(writer, "_bulk_create", bulk_write_fails)
    files, _ = find_notice_files([SAMPLES])
    sources = list(read_sources(files))
    contents = {source.data for source in sources}
    hashed: list[bytes] = []
    real = hashlib.sha256

    def counting(data: bytes = b"", **kwargs):
        if data in contents:
            hashed.append(data)
        return real(data, **kwargs)

    monkeypatch.setattr(hashlib, "sha256", counting)
    summary = import_sources(sources, jobs=0)

    assert summary.counts["created"] == len(contents) == 5
    assert sorted(hashed) == sorted(contents)  # each once
