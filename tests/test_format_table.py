"""The formats table (decisions/parsing/formats/table.py) drives every consumer of its facts.

Each test changes one row of the table and sees the consumer follow: the folder import,
the size check, the admin's upload form, the parse pool and the original download.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from decisions.admin.import_view import UploadForm, upload_problem
from decisions.importing.parse_pool import POOL_MIN, ParsePool
from decisions.importing.pipeline import find_notice_files
from decisions.models import SourceDocument
from decisions.parsing import SourceFormat
from decisions.parsing.formats import FORMATS, detect_format, size_problem
from tests.conftest import SAMPLES
from tests.factories import make_decision

TEXT, PDF = SourceFormat.PLAIN_TEXT, SourceFormat.PDF


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch):
    """Change a row of the table for one test: table(format, field=value, ...)."""

    def change(source_format: SourceFormat, **facts: object) -> None:
        monkeypatch.setitem(
            FORMATS, source_format, dataclasses.replace(FORMATS[source_format], **facts)
        )

    return change


def test_every_format_has_a_row() -> None:
    assert set(FORMATS) == set(SourceFormat)


def test_the_folder_import_and_detection_read_the_suffixes(tmp_path: Path, table) -> None:
    (tmp_path / "a.notice").write_bytes((SAMPLES / "000_8f1dfd1b4376d4cb.txt").read_bytes())
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    table(TEXT, suffixes=(".notice",))

    files, _ = find_notice_files([tmp_path])

    assert [path.name for path in files] == ["a.notice"]
    assert detect_format(b"%PDF-1.7", "x.notice") == PDF  # the signature still wins
    table(PDF, suffixes=(".pdfx",))
    assert detect_format(b"not a pdf", "scan.PDFX") == PDF


def test_the_size_check_reads_the_limit(table) -> None:
    table(PDF, max_bytes=2_000_000, plural="scans")

    assert size_problem(2_000_000, PDF) is None
    assert size_problem(2_500_000, PDF) == "file is 2.5 MB; scans are at most 2 MB"


@pytest.mark.django_db  # the form offers the admin's councils
def test_the_upload_form_reads_suffixes_and_media_types(table) -> None:
    table(PDF, suffixes=(".pdf", ".pdfa"), media_type="application/x-pdf")

    accept = UploadForm().fields["files"].widget.attrs["accept"]

    assert accept == ".txt,.pdf,.pdfa,text/plain,application/x-pdf"
    assert upload_problem(SimpleUploadedFile("scan.pdfa", b"%PDF-")) is None
    assert upload_problem(SimpleUploadedFile("a.doc", b"x")) == (
        "a.doc: only .pdf, .pdfa and .txt files can be imported"
    )


def test_the_parse_pool_sends_only_pool_formats_to_its_workers(table) -> None:
    items = dict.fromkeys(range(POOL_MIN), (b"notice", TEXT))
    table(TEXT, in_parse_pool=False)

    with ParsePool(jobs=1) as pool:
        job = pool.start(items)
        started = pool._executor is not None

    assert (job._pending, started) == ({}, False)


@pytest.mark.django_db
def test_the_download_reads_the_media_type_and_suffix(client, table) -> None:
    SourceDocument.objects.create(
        decision=make_decision(reference="I50000001"),
        data=b"notice",
        sha256="0" * 64,
        size=6,
        source_format=TEXT,
        file_name="n.txt",
    )
    table(TEXT, media_type="text/x-notice", download_suffix="notice")

    response = client.get("/herefordshire/decisions/I50000001/original/")

    assert response["Content-Type"] == "text/x-notice; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="I50000001.notice"'
    table(TEXT, textual=False)
    assert (
        client.get("/herefordshire/decisions/I50000001/original/")["Content-Type"]
        == "text/x-notice"
    )
