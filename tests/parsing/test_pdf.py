"""PDF notices from two producers parse to the same values as their text twins.

The PDFs in tests/fixtures/pdf are made by `python -m decisions.bench.pdf_fixtures` with
reportlab and with Chromium printing an HTML page. The samples are compared field by field
with their text twin's .expected.json; the variants with the JSON beside them.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decisions.parsing import NoticeParseError, SourceFormat, parse_notice
from decisions.parsing.formats.pdf import join_lines, rows_from_pages
from decisions.parsing.formats.pdf_extract import CellRow, PdfPage, PdfProblem
from decisions.parsing.formats.pdf_worker import WORKER, PdfWorker
from tests.conftest import SAMPLES
from tests.parsing.test_notices import as_json, describe_differences

PDFS = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
GOOD = sorted(p for p in PDFS.glob("*.pdf") if not p.name.startswith("bad_"))


def expected_for(pdf: Path) -> dict:
    """The expected JSON: the text twin's for a sample, else the one beside the PDF."""
    stem = pdf.name.split(".")[0]
    is_sample = stem.startswith("sample_")
    twin = SAMPLES / f"{stem.removeprefix('sample_')}.expected.json"
    path = twin if is_sample else PDFS / f"{stem}.expected.json"
    expected = json.loads(path.read_text(encoding="utf-8"))
    if is_sample:
        expected["layout"] = "table"  # the text twin names its text layout; a PDF has cells
    return expected


def parse_pdf(path: Path):
    return parse_notice(path.read_bytes(), source_format=SourceFormat.PDF)


def test_it_has_every_sample_from_both_producers_and_every_variant() -> None:
    names = {p.name for p in GOOD}
    for text in SAMPLES.glob("*.txt"):
        assert f"sample_{text.stem}.reportlab.pdf" in names
        assert f"sample_{text.stem}.chromium.pdf" in names
    for variant in (
        "variant_key_decision",
        "variant_single_cabinet_member",
        "variant_decision_over_page_break",
        "variant_slash_and_ordinal_dates",
    ):
        assert {f"{variant}.reportlab.pdf", f"{variant}.chromium.pdf"} <= names


@pytest.mark.parametrize("path", GOOD, ids=[p.name for p in GOOD])
def test_it_parses_the_pdf_as_its_text_twin(path: Path) -> None:
    expected = expected_for(path)

    notice = parse_pdf(path)

    differences = describe_differences(expected, as_json(notice))
    assert not differences, f"{path.name} differs from its expected JSON:\n{differences}"
    assert notice.source_format == SourceFormat.PDF


def test_it_keeps_the_extracted_text_as_the_source_text() -> None:
    notice = parse_pdf(PDFS / "sample_000_8f1dfd1b4376d4cb.chromium.pdf")

    assert notice.source_text.startswith("Written statement of a key decision\nCabinet\n")
    assert "\nTitle\tOfsted Improvement Action Plan\n" in notice.source_text
    assert "%PDF" not in notice.source_text


def test_it_reads_the_variant_facts_the_fixtures_are_for() -> None:
    key = parse_pdf(PDFS / "variant_key_decision.chromium.pdf")
    member = parse_pdf(PDFS / "variant_single_cabinet_member.reportlab.pdf")
    dates = parse_pdf(PDFS / "variant_slash_and_ordinal_dates.chromium.pdf")
    long = parse_pdf(PDFS / "variant_decision_over_page_break.chromium.pdf")

    assert key.is_key_decision is True
    assert member.decision_maker == "Cabinet member children and young people"
    assert (dates.decision_date.isoformat(), dates.call_in_expiry.isoformat()) == (
        "2023-02-23",
        "2023-03-03",
    )
    assert [c.label for c in long.clauses] == list("abcdefghijklmnopqrst")
    assert long.reason.startswith("As set out in the report.")  # the row after the break


def test_it_reads_a_table_without_ruling_lines_from_its_word_positions() -> None:
    notice = parse_pdf(PDFS / "borderless_table.reportlab.pdf")

    assert notice.layout == "positional"
    assert notice.title == "Children and Young Persons' Improvement Plan - Phase 3"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "bad_encrypted.pdf",
            "the PDF is encrypted (password protected); save an unprotected copy",
        ),
        ("bad_truncated.pdf", "the PDF is truncated or corrupt: it has no end-of-file marker"),
        ("bad_not_a_notice.pdf", "not a written statement of a decision"),
    ],
)
def test_it_says_what_is_wrong_with_a_bad_pdf(name: str, message: str) -> None:
    with pytest.raises(NoticeParseError) as caught:
        parse_pdf(PDFS / name)

    assert str(caught.value) == message


def test_it_refuses_a_corrupt_pdf_that_ends_like_one() -> None:
    data = b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n"

    with pytest.raises(NoticeParseError, match="corrupt or truncated and cannot be opened"):
        parse_notice(data, source_format=SourceFormat.PDF)


def test_it_refuses_a_pdf_over_20_mb_before_reading_it() -> None:
    data = b"%PDF-1.7\n" + b"0" * 20_000_000

    with pytest.raises(
        NoticeParseError, match=r"^file is 20,000,009 bytes; PDFs are at most 20 MB$"
    ):
        parse_notice(data, source_format=SourceFormat.PDF)


def test_it_refuses_a_file_that_is_not_a_pdf() -> None:
    with pytest.raises(NoticeParseError, match="not a PDF: the file does not start with %PDF-"):
        parse_notice(b"Title\tNot really a PDF\n", source_format=SourceFormat.PDF)


def test_it_refuses_a_pdf_given_as_text() -> None:
    with pytest.raises(NoticeParseError, match="a PDF is binary"):
        parse_notice("%PDF-1.7", source_format=SourceFormat.PDF)


def test_it_reads_a_pdf_by_its_content_whatever_its_name() -> None:
    from decisions.parsing.formats import detect_format

    data = (PDFS / "sample_001_aabf650a3fba3ef6.reportlab.pdf").read_bytes()

    assert detect_format(data[:5], "notice.txt") == SourceFormat.PDF


def _sleep_forever(data: bytes) -> list:
    import time

    time.sleep(60)
    return []


def _crash(data: bytes) -> list:
    os._exit(3)


def test_it_stops_an_extraction_that_runs_over_its_time() -> None:
    worker = PdfWorker(extract=_sleep_forever)
    try:
        with pytest.raises(PdfProblem, match="took longer than 0.5 seconds"):
            worker.extract(b"%PDF-", time_limit=0.5)
        assert worker._process is None  # killed; the next file gets a fresh worker
    finally:
        worker.stop()


def test_it_reports_a_worker_that_died_on_a_file() -> None:
    worker = PdfWorker(extract=_crash)
    try:
        with pytest.raises(PdfProblem, match="the PDF reader stopped on this file"):
            worker.extract(b"%PDF-", time_limit=20)
    finally:
        worker.stop()


def test_it_goes_on_reading_after_a_bad_file() -> None:
    with pytest.raises(NoticeParseError):
        parse_pdf(PDFS / "bad_encrypted.pdf")

    assert WORKER.extract((PDFS / "sample_004_7bdb559c16b9bd7d.reportlab.pdf").read_bytes())


@pytest.mark.parametrize(
    ("lines", "joined"),
    [
        (
            ("The plan agreed by the multi\x02", "agency board"),
            "The plan agreed by the multi-agency board",
        ),
        (
            ("at http://example.gov.uk/mgIssue.aspx?", "IId=5"),
            "at http://example.gov.uk/mgIssue.aspx?IId=5",
        ),
        (("two words", "on two lines"), "two words on two lines"),
        (("ends with a question?", "Yes"), "ends with a question? Yes"),
    ],
)
def test_it_joins_a_cells_wrapped_lines(lines: tuple[str, ...], joined: str) -> None:
    assert join_lines(lines) == joined


def test_it_refuses_a_pdf_of_more_pages_than_a_notice_has() -> None:
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    out = BytesIO()
    canvas = Canvas(out, invariant=1)
    for number in range(51):
        canvas.drawString(72, 720, f"Page {number + 1}")
        canvas.showPage()
    canvas.save()

    with pytest.raises(NoticeParseError, match=r"^the PDF has 51 pages; notices are at most 50$"):
        parse_notice(out.getvalue(), source_format=SourceFormat.PDF)


SAMPLE_PDF = (PDFS / "sample_002_c2dc0a9885e8cadb.reportlab.pdf").read_bytes()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(SAMPLE_PDF) - 1), st.binary(min_size=1, max_size=64))
def test_a_damaged_pdf_raises_only_the_parsers_error(position: int, junk: bytes) -> None:
    damaged = SAMPLE_PDF[:position] + junk + SAMPLE_PDF[position + len(junk) :]

    try:
        notice = parse_notice(damaged, source_format=SourceFormat.PDF)
    except NoticeParseError:
        return
    assert notice.reference


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.builds(
                CellRow,
                st.lists(st.text(max_size=40), max_size=3).map(tuple),
                st.lists(st.text(max_size=60), max_size=3).map(tuple),
            ),
        ),
        max_size=20,
    )
)
def test_any_cells_assemble_or_raise_only_the_parsers_error(items: list) -> None:
    from decisions.parsing.assemble import assemble_notice

    with contextlib.suppress(NoticeParseError):
        assemble_notice(rows_from_pages([PdfPage(items=items)]))
