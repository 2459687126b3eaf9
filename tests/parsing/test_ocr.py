"""Scanned notices read by text recognition (Tesseract), checked field by field.

The scans in tests/fixtures/pdf/scans are PDF fixtures rasterised at 200 dpi in grey, turned
by a degree, with noise (decisions/bench/scans.py); more are made here from other fixtures.
Target: at least 95% of the fields right, and the reference right in every one.

A field is right when it is its text twin's value, or that value with the repairs OCR makes
(ocr_repair.repair_line): the twins were themselves extracted from real notices by tools
that made the same misreadings (`mglssueHistoryHome.aspx?lld=` in 002 and 003), which the
repairs turn back into what the council printed. The bench (`python -m decisions.bench ocr`)
also gives the strict figure.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from decisions.bench.ocr_bench import same_after_repair
from decisions.bench.scans import blank_scan, long_scan, photo_scan, scan_pdf, text_page_scan
from decisions.parsing import NoticeParseError, SourceFormat, parse_notice
from decisions.parsing.formats import ocr
from decisions.parsing.formats.ocr_engine import parse_tsv, skew_angle, tesseract_path
from decisions.parsing.formats.pdf_extract import PdfProblem
from decisions.parsing.formats.pdf_worker import PdfWorker
from decisions.parsing.formats.positional import PageWords, Word
from tests.parsing.test_notices import COMPARED_FIELDS, as_json
from tests.parsing.test_pdf import PDFS, expected_for

SCANS = sorted((PDFS / "scans").glob("*.scan.pdf"))
needs_tesseract = pytest.mark.skipif(tesseract_path() is None, reason="Tesseract is not installed")
# Fields whose value is the same whatever the layout; the layout is named by the reader.
FIELDS = [name for name in COMPARED_FIELDS if name != "layout"]


def _twin(scan: Path) -> Path:
    return PDFS / scan.name.replace(".scan.pdf", ".pdf")


def _right_fields(expected: dict, notice: dict) -> int:
    return sum(same_after_repair(expected[name], notice[name]) for name in FIELDS)


@needs_tesseract
def test_it_reads_the_committed_scans_to_the_target() -> None:
    right = total = 0
    for scan in SCANS:
        expected = expected_for(_twin(scan))
        notice = parse_notice(scan.read_bytes(), source_format=SourceFormat.PDF)
        got = as_json(notice)

        assert notice.reference == expected["reference"], scan.name
        assert notice.source_format == SourceFormat.OCR
        assert notice.layout == "positional"
        right += _right_fields(expected, got)
        total += len(FIELDS)
    assert len(SCANS) == 2
    assert right / total >= 0.95, f"{right} of {total} fields right"


@needs_tesseract
def test_it_keeps_each_fields_confidence() -> None:
    notice = parse_notice(SCANS[0].read_bytes(), source_format=SourceFormat.PDF)
    confidence = dict(notice.field_confidence)

    assert {"title", "decision_date", "decision_text", "reference"} <= set(confidence)
    assert all(0 <= value <= 100 for value in confidence.values())
    assert confidence["title"] > 80


@needs_tesseract
def test_it_reads_a_scan_of_a_borderless_table_with_wrapped_labels() -> None:
    born_digital = PDFS / "producers" / "sample_004_7bdb559c16b9bd7d.wrapped-labels.pdf"
    expected = expected_for(PDFS / "sample_004_7bdb559c16b9bd7d.reportlab.pdf")

    scan = scan_pdf(born_digital.read_bytes(), skew=-1.2, seed=7)
    notice = parse_notice(scan, source_format=SourceFormat.PDF)

    assert notice.reference == expected["reference"]
    assert _right_fields(expected, as_json(notice)) / len(FIELDS) >= 0.9


def test_it_says_how_to_enable_ocr_without_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_path", lambda: None)

    with pytest.raises(NoticeParseError) as caught:
        parse_notice(SCANS[0].read_bytes(), source_format=SourceFormat.PDF)

    assert str(caught.value) == (
        "no text layer: the PDF looks scanned; install Tesseract to read scans: "
        "apt-get install tesseract-ocr tesseract-ocr-eng"
    )


@needs_tesseract
@pytest.mark.parametrize(
    ("make", "message"),
    [
        (blank_scan, "the scan holds no text that can be read: the pages look blank"),
        (photo_scan, "the scan holds no text that can be read: the pages look blank"),
        (
            lambda: text_page_scan(["Minutes of the Scrutiny Committee", "Present: Cllr A Bevan"]),
            "not a written statement of a decision",
        ),
        (long_scan, "the PDF has 300 pages; notices are at most 50"),
    ],
    ids=["blank", "photo", "not-a-notice", "300-pages"],
)
def test_it_says_what_is_wrong_with_a_bad_scan(make, message: str) -> None:
    with pytest.raises(NoticeParseError) as caught:
        parse_notice(make(), source_format=SourceFormat.PDF)

    assert str(caught.value) == message


def test_it_refuses_a_scan_longer_than_ocr_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_path", lambda: "/usr/bin/tesseract")

    with pytest.raises(NoticeParseError) as caught:
        parse_notice(long_scan(12), source_format=SourceFormat.PDF)

    assert str(caught.value) == "the scan has 12 pages; scanned notices are read up to 10 pages"


def test_it_reads_tesseract_tsv_words_and_leaves_out_noise() -> None:
    tsv = "\n".join(
        [
            "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext",
            "1\t1\t0\t0\t0\t0\t0\t0\t1654\t2339\t-1\t",
            "5\t1\t1\t1\t1\t1\t100\t200\t80\t30\t96.5\tTitle",
            "5\t1\t1\t1\t1\t2\t300\t200\t900\t30\t10.6\thttp://example.gov.uk/x?IId=1",
            "5\t1\t1\t1\t1\t3\t1300\t200\t10\t10\t5.0\t~",
        ]
    )

    page = parse_tsv(tsv, width=1654, height=2339)

    assert [(w.text, w.x0, w.top, w.x1, w.bottom, w.confidence) for w in page.words] == [
        ("Title", 100.0, 200.0, 180.0, 230.0, 96.5),
        ("http://example.gov.uk/x?IId=1", 300.0, 200.0, 1200.0, 230.0, 10.6),
    ]


def test_it_measures_the_skew_of_a_scanned_page() -> None:
    from decisions.bench.scans import rasterise

    page = rasterise((PDFS / "sample_001_aabf650a3fba3ef6.reportlab.pdf").read_bytes())[0]
    turned = page.rotate(-1.5, fillcolor=255)

    assert skew_angle(page) == 0
    assert abs(skew_angle(turned) - 1.5) <= 0.25


def _recognise_slowly(data: bytes, page: int) -> PageWords:
    time.sleep(60)
    return PageWords(1, 1, ())


def _recognise_thread_limit(data: bytes, page: int) -> PageWords:
    limit = os.environ.get("OMP_THREAD_LIMIT", "unset")
    return PageWords(1, 1, (Word(f"{limit}:{page}", 0, 0, 1, 1, 99.0),))


def test_it_stops_a_scanned_page_that_runs_over_its_time() -> None:
    worker = PdfWorker(recognise=_recognise_slowly)
    try:
        with pytest.raises(PdfProblem, match="reading scanned page 2 took longer than"):
            worker.recognise(b"%PDF-", 1, time_limit=0.1)
        assert worker._process is None  # killed; the next page gets a fresh worker
    finally:
        worker.stop()


def test_it_recognises_one_page_at_a_time_with_one_thread() -> None:
    worker = PdfWorker(recognise=_recognise_thread_limit)
    try:
        words = [worker.recognise(b"%PDF-", page).words[0].text for page in range(2)]
    finally:
        worker.stop()

    assert words == ["1:0", "1:1"]


def test_it_joins_a_word_hyphenated_at_a_line_end_and_reads_the_rows_by_position() -> None:
    def line(y: float, label: str, value: str) -> list[Word]:
        words = [Word(label, 40, y, 40 + 8 * len(label), y + 20, 95.0)] if label else []
        x = 400.0
        for text in value.split():
            words.append(Word(text, x, y, x + 9 * len(text), y + 20, 80.0))
            x += 9 * len(text) + 8
        return words

    rows = [
        line(100, "Title", "Ofsted plan"),
        line(130, "Decision maker", "Cabinet"),
        line(160, "Purpose", "The multi-"),
        line(190, "", "agency board and the well -"),
        line(220, "", "being board"),
        line(250, "Decision", "That: k) one; |) two"),
    ]
    page = PageWords(1654, 2339, tuple(word for words in rows for word in words))

    notice_rows = ocr.rows_from_words([page])

    assert notice_rows.fields["purpose"][1] == (
        "The multi-agency board and the well - being board",
    )
    assert notice_rows.fields["decision"][1] == ("That: k) one; l) two",)
    assert notice_rows.confidence["title"] == pytest.approx((95 + 80 + 80) / 3)
    assert notice_rows.source_format == SourceFormat.OCR


def test_a_scanned_listing_read_line_by_line_gives_each_field_the_scans_confidence() -> None:
    def line(y: float, text: str, confidence: float) -> list[Word]:
        words, x = [], 40.0
        for part in text.split():
            words.append(Word(part, x, y, x + 9 * len(part), y + 20, confidence))
            x += 9 * len(part) + 8
        return words

    lines = [
        line(100, "Title: Ofsted plan", 90.0),
        line(130, "Date of decision: 15 december 2022", 70.0),
        line(160, "Decision: That the plan be agreed", 80.0),
    ]
    page = PageWords(1654, 2339, tuple(word for words in lines for word in words))

    rows = ocr.rows_from_words([page])

    assert rows.fields["decision_date"][1] == ("15 December 2022",)
    mean = (90 * 3 + 70 * 6 + 80 * 6) / 15  # by words
    assert rows.confidence == {name: pytest.approx(mean) for name in rows.fields}
