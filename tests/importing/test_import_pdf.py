"""Importing PDF notices: provenance (bytes, hash, format), and re-imports as for text."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from decisions.bench.pdf_render import document_from_text, render_reportlab
from decisions.bench.scans import blank_scan, long_scan
from decisions.models import Correction, Decision, SourceDocument
from decisions.parsing.formats.ocr_engine import tesseract_path
from tests.conftest import SAMPLES
from tests.importing.test_import_command import import_notices

pytestmark = pytest.mark.django_db

PDFS = Path(__file__).resolve().parent.parent / "fixtures" / "pdf"
SAMPLE = "000_8f1dfd1b4376d4cb"
SAMPLE_PDF = f"sample_{SAMPLE}"


def test_it_imports_a_folder_of_pdfs_from_two_producers(tmp_path: Path) -> None:
    for path in PDFS.glob("sample_*.pdf"):
        producer = path.name.split(".")[1]
        (tmp_path / producer).mkdir(exist_ok=True)
        shutil.copy(path, tmp_path / producer / path.name)

    # Each notice comes from both producers: one decision each, the second file an update.
    # (Two files with one reference in a single run are refused as a conflict, so that the
    # record does not flip between them on every run; hence two runs.)
    out, err, code = import_notices(str(tmp_path / "chromium"))
    assert code == 0, err
    assert "Imported: created 5, updated 0, unchanged 0, failed 0" in out
    out, err, code = import_notices(str(tmp_path / "reportlab"))
    assert code == 0, err
    assert "Imported: created 0, updated 5, unchanged 0, failed 0" in out
    assert Decision.objects.count() == 5
    assert set(Decision.objects.values_list("source_format", flat=True)) == {"pdf"}


def test_it_keeps_the_pdfs_bytes_hash_format_and_name(tmp_path: Path) -> None:
    path = tmp_path / "notices" / f"{SAMPLE_PDF}.chromium.pdf"
    path.parent.mkdir()
    shutil.copy(PDFS / path.name, path)
    data = path.read_bytes()

    import_notices(str(path))

    decision = Decision.objects.get(reference="I50043387")
    document = decision.source_document
    assert bytes(document.data) == data
    assert document.sha256 == hashlib.sha256(data).hexdigest() == decision.source_sha256
    assert (document.source_format, decision.source_format) == ("pdf", "pdf")
    assert document.file_name == f"{SAMPLE_PDF}.chromium.pdf"
    assert document.size == len(data)
    assert decision.source_text.startswith("Written statement of a key decision\n")
    assert decision.title == "Ofsted Improvement Action Plan"


def test_the_same_pdf_again_is_unchanged(tmp_path: Path) -> None:
    path = PDFS / f"{SAMPLE_PDF}.reportlab.pdf"
    import_notices(str(path))

    out, _, code = import_notices(str(path))

    assert code == 0
    assert "created 0, updated 0, unchanged 1, failed 0" in out


def test_a_changed_pdf_updates_the_record_and_keeps_a_correction(tmp_path: Path) -> None:
    document = document_from_text((SAMPLES / f"{SAMPLE}.txt").read_bytes())
    path = tmp_path / "notice.pdf"
    path.write_bytes(render_reportlab(document))
    import_notices(str(path))
    decision = Decision.objects.get()
    Correction.objects.create(decision=decision, field="exemption_class", new_value="Open")
    decision.exemption_class = "Open (corrected)"
    decision.save()
    changed = document.with_row("Title", ["Ofsted Improvement Action Plan (revised)"])
    path.write_bytes(render_reportlab(changed.with_row("Report exemption class", ["Exempt"])))

    out, _, code = import_notices(str(path))

    assert code == 0
    assert "updated 1" in out
    assert "kept 1 corrected field" in out
    decision.refresh_from_db()
    assert decision.title == "Ofsted Improvement Action Plan (revised)"
    assert decision.exemption_class == "Open (corrected)"
    assert bytes(decision.source_document.data) == path.read_bytes()
    assert SourceDocument.objects.count() == 1


def test_a_text_extract_and_a_pdf_of_one_notice_are_one_decision() -> None:
    import_notices(str(SAMPLES / f"{SAMPLE}.txt"))
    text_hash = Decision.objects.get().source_sha256

    out, _, code = import_notices(str(PDFS / f"{SAMPLE_PDF}.chromium.pdf"))

    assert code == 0
    assert "updated 1" in out
    decision = Decision.objects.get()
    assert decision.source_format == "pdf"
    assert decision.source_sha256 != text_hash
    assert decision.source_document.source_format == "pdf"
    assert decision.clauses.count() == 3


def test_a_bad_pdf_is_named_and_the_batch_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("decisions.parsing.formats.ocr.tesseract_path", lambda: None)
    for name in ("bad_scanned.pdf", "bad_encrypted.pdf", f"{SAMPLE_PDF}.reportlab.pdf"):
        shutil.copy(PDFS / name, tmp_path / name)
    (tmp_path / "huge.pdf").write_bytes(b"%PDF-1.7\n" + b"0" * 20_000_001)

    out, err, code = import_notices(str(tmp_path))

    assert code == 1
    assert "Imported: created 1, updated 0, unchanged 0, failed 3" in out
    assert (
        f"{tmp_path}/bad_scanned.pdf: no text layer: the PDF looks scanned; install Tesseract"
        in err
    )
    assert f"{tmp_path}/bad_encrypted.pdf: the PDF is encrypted" in err
    assert f"{tmp_path}/huge.pdf: file is 20,000,010 bytes; PDFs are at most 20 MB" in err


def test_a_pdf_over_20_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from decisions.importing.pipeline import read_sources
    from decisions.importing.writer import ImportResult

    huge = tmp_path / "huge.pdf"
    huge.write_bytes(b"%PDF-1.7\n" + b"0" * 25_000_000)

    # An ImportResult, not a SourceFile: only the first bytes were read, to tell the format.
    assert list(read_sources([huge])) == [
        ImportResult("failed", str(huge), message="file is 25.0 MB; PDFs are at most 20 MB")
    ]


@pytest.mark.skipif(tesseract_path() is None, reason="Tesseract is not installed")
def test_it_imports_born_digital_pdfs_and_scans_and_names_each_bad_scan(tmp_path: Path) -> None:
    for name in (
        f"{SAMPLE_PDF}.reportlab.pdf",  # reportlab, grid
        "sample_001_aabf650a3fba3ef6.chromium.pdf",  # Chromium, grid
        "producers/sample_002_c2dc0a9885e8cadb.enscript.pdf",  # enscript listing
        "producers/sample_004_7bdb559c16b9bd7d.groff.pdf",  # groff listing
        "scans/sample_003_83578647f8bd2a97.chromium.scan.pdf",  # a scan
    ):
        shutil.copy(PDFS / name, tmp_path / Path(name).name)
    (tmp_path / "blank.pdf").write_bytes(blank_scan(1))
    (tmp_path / "long.pdf").write_bytes(long_scan(300))

    out, err, code = import_notices(str(tmp_path))

    assert code == 1
    assert "Imported: created 5, updated 0, unchanged 0, failed 2" in out
    assert f"{tmp_path}/blank.pdf: the scan holds no text that can be read" in err
    assert f"{tmp_path}/long.pdf: the PDF has 300 pages; notices are at most 50" in err
    scanned = Decision.objects.get(reference="I50027300")
    assert scanned.source_format == "ocr"
    assert scanned.source_document.source_format == "ocr"
    assert scanned.field_confidence["title"] > 50
    assert set(Decision.objects.values_list("source_format", flat=True)) == {"pdf", "ocr"}
    assert all(not d.field_confidence for d in Decision.objects.filter(source_format="pdf"))


@pytest.mark.skipif(tesseract_path() is None, reason="Tesseract is not installed")
def test_a_field_an_admin_checked_on_a_scan_is_kept_by_a_re_import(tmp_path: Path) -> None:
    from decisions.corrections import corrections_by_decision
    from decisions.ocr_checks import check_field

    scan = tmp_path / "scan.pdf"
    shutil.copy(PDFS / "scans" / "sample_003_83578647f8bd2a97.chromium.scan.pdf", scan)
    import_notices(str(scan))
    decision = Decision.objects.get()
    check_field(decision_id=decision.pk, field="reference", corrected=None, user=None)
    check_field(
        decision_id=decision.pk, field="title", corrected="Checked title", user=None, reason="r"
    )

    out, err, code = import_notices(str(scan), "--reparse")

    assert code == 0, err
    assert "kept 1 corrected field" in out
    assert Decision.objects.get().title == "Checked title"
    assert corrections_by_decision([decision.pk])[decision.pk].fields == {"reference", "title"}
