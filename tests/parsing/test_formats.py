"""Source formats: detecting a file's format, one front end per format, and the assembler seam."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from decisions.parsing import (
    NoticeParseError,
    NoticeRows,
    ParsedNotice,
    SourceFormat,
    assemble_notice,
    parse_notice,
)
from decisions.parsing.formats import (
    FORMATS,
    FRONT_ENDS,
    detect_format,
    notice_suffixes,
    plain_text,
    size_problem,
)
from tests.conftest import SAMPLES

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "notices"
NOTICES = sorted(FIXTURES.glob("*.txt"))
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


def test_it_detects_a_pdf_by_its_signature_even_when_named_txt() -> None:
    assert detect_format(PDF, "notice.txt") == SourceFormat.PDF


def test_it_detects_a_pdf_by_its_suffix() -> None:
    assert detect_format(b"", "notice.pdf") == SourceFormat.PDF
    assert detect_format(b"not really a pdf", "NOTICE.PDF") == SourceFormat.PDF


def test_it_detects_plain_text() -> None:
    text = (SAMPLES / "000_8f1dfd1b4376d4cb.txt").read_bytes()

    assert detect_format(text, "000_8f1dfd1b4376d4cb.txt") == SourceFormat.PLAIN_TEXT
    assert detect_format(text, "notice") == SourceFormat.PLAIN_TEXT
    assert detect_format(b"Title\t%PDF-1.7 in a row", "notice.txt") == SourceFormat.PLAIN_TEXT


def test_it_reads_a_pdf_with_the_pdf_front_end() -> None:
    with pytest.raises(NoticeParseError, match=r"^the PDF is truncated or corrupt: it has no end"):
        parse_notice(PDF, source_format=SourceFormat.PDF)


def test_it_refuses_a_format_without_a_front_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(FRONT_ENDS, SourceFormat.PDF)

    with pytest.raises(NoticeParseError, match=r"^PDF notices are not supported yet$"):
        parse_notice(PDF, source_format=SourceFormat.PDF)


def test_it_reads_a_pdf_as_text_only_when_told_to() -> None:
    with pytest.raises(NoticeParseError, match=r"^file looks binary, not text$"):
        parse_notice(PDF + bytes(range(32)) * 8)


def test_it_has_a_front_end_for_plain_text_pdf_and_ocr() -> None:
    assert set(FRONT_ENDS) == {SourceFormat.PLAIN_TEXT, SourceFormat.PDF, SourceFormat.OCR}
    assert notice_suffixes() == (".txt", ".pdf")  # a scan is found as a .pdf


def test_it_looks_only_for_the_files_of_formats_with_a_front_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(FRONT_ENDS, SourceFormat.PDF)

    assert notice_suffixes() == (".txt",)


@pytest.mark.parametrize("path", NOTICES, ids=[p.stem for p in NOTICES])
def test_the_plain_text_front_end_and_the_assembler_make_what_parse_notice_makes(
    path: Path,
) -> None:
    data = path.read_bytes()

    rows = plain_text.read_notice_rows(data)

    assert isinstance(rows, NoticeRows)
    assert rows.source_format == SourceFormat.PLAIN_TEXT
    assert assemble_notice(rows) == parse_notice(data)


def test_the_front_end_hands_over_rows_not_fields() -> None:
    data = (SAMPLES / "000_8f1dfd1b4376d4cb.txt").read_bytes()

    rows = plain_text.read_notice_rows(data)

    assert rows.fields["decision_date"] == (8, ("15 December 2022",))  # text, not yet a date
    assert rows.header == "Written statement of a key decision"
    assert rows.signature.startswith("Councillor: ..... Cabinet member children and families")
    assert rows.source_text == data.decode("utf-8")
    with pytest.raises(dataclasses.FrozenInstanceError):
        rows.header = "changed"


def test_the_assembler_records_the_format_the_front_end_read() -> None:
    data = (SAMPLES / "000_8f1dfd1b4376d4cb.txt").read_bytes()
    rows = dataclasses.replace(plain_text.read_notice_rows(data), source_format=SourceFormat.PDF)

    notice = assemble_notice(rows)

    assert isinstance(notice, ParsedNotice)
    assert notice.source_format == SourceFormat.PDF


def test_each_format_has_its_own_size_limit() -> None:
    limits = {fmt: facts.max_bytes for fmt, facts in FORMATS.items()}

    assert limits == {
        SourceFormat.PLAIN_TEXT: 1_000_000,
        SourceFormat.PDF: 20_000_000,
        SourceFormat.OCR: 20_000_000,
        SourceFormat.MODERNGOV: 2_000_000,
    }


@pytest.mark.parametrize(
    ("size", "source_format", "expected"),
    [
        (1_000_000, SourceFormat.PLAIN_TEXT, None),
        (1_000_001, SourceFormat.PLAIN_TEXT, "file is 1,000,001 bytes; notices are at most 1 MB"),
        (1_600_000, SourceFormat.PLAIN_TEXT, "file is 1.6 MB; notices are at most 1 MB"),
        (5_000_000, SourceFormat.PDF, None),
        (20_000_001, SourceFormat.PDF, "file is 20,000,001 bytes; PDFs are at most 20 MB"),
        (25_000_000, SourceFormat.PDF, "file is 25.0 MB; PDFs are at most 20 MB"),
    ],
)
def test_it_says_how_large_a_file_is_and_may_be(
    size: int, source_format: SourceFormat, expected: str | None
) -> None:
    assert size_problem(size, source_format) == expected
