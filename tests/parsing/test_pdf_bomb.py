"""A decompression-bomb PDF: the worker's memory is bounded, the file is reported, and the
files after it are read as usual."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.bench.pdf_bomb import bomb_pdf
from decisions.parsing import NoticeParseError, SourceFormat, parse_notice
from decisions.parsing.formats import pdf_worker
from tests.conftest import ROOT

NOTICE = ROOT / "tests/fixtures/pdf/sample_000_8f1dfd1b4376d4cb.reportlab.pdf"
# Past the worker's limit (512 MB) by enough to show it; about 600 KB of PDF.
INFLATED = 640 * 1024 * 1024


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return bomb_pdf(INFLATED)


def test_a_bomb_is_reported_and_the_next_notice_is_read(bomb: bytes) -> None:
    with pytest.raises(NoticeParseError, match="decompression bomb"):
        parse_notice(bomb, source_format=SourceFormat.PDF)
    parsed = parse_notice(NOTICE.read_bytes(), source_format=SourceFormat.PDF)
    assert parsed.reference == "I50043387"


def test_the_worker_caps_its_own_address_space() -> None:
    worker = pdf_worker.PdfWorker(extract=_address_space_limit, memory_limit=300 * 2**20)
    try:
        assert worker.extract(b"") == 300 * 2**20
    finally:
        worker.stop()


def _address_space_limit(data: bytes) -> int:
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0]


def test_a_small_bomb_under_the_limit_still_reads() -> None:
    """The bound is on memory, not on compression: a PDF inflating to 50 MB is read."""
    with pytest.raises(NoticeParseError, match="no title found"):
        parse_notice(bomb_pdf(50 * 1024 * 1024), source_format=SourceFormat.PDF)


@pytest.mark.django_db
def test_four_bombs_in_one_admin_upload_are_each_reported(
    admin_client_logged_in, settings, tmp_path, bomb: bytes
) -> None:
    settings.IMPORT_STAGING_DIR = tmp_path / "staging"
    files = [SimpleUploadedFile(f"bomb{n}.pdf", bomb) for n in range(4)]
    files.append(SimpleUploadedFile(NOTICE.name, NOTICE.read_bytes()))
    response = admin_client_logged_in.post("/admin/decisions/decision/import/", {"files": files})
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("decompression bomb") == 4
    assert "I50043387" in text
