"""Regenerate the PDF test fixtures in tests/fixtures/pdf/ from the text notices.

Usage:
    python -m decisions.bench.pdf_fixtures [--out tests/fixtures/pdf]

Every sample notice (tests/fixtures/samples/*.txt) is printed by two producers,
reportlab and Chromium, and each PDF is checked against its text twin's .expected.json
(tests/test_parsing_pdf.py). The output is deterministic enough to review, but byte-exact
only for reportlab: Chromium stamps a creation date into each PDF.
Variants are made from other text fixtures (their expected JSON is the twin's, with the
changes the variant makes written out here), and the bad PDFs are made from a good one.
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path
from typing import Any

from decisions.bench.pdf_producers import write_producer_fixtures
from decisions.bench.pdf_render import (
    ChromiumPrinter,
    NoticeDocument,
    document_from_text,
    render_reportlab,
)
from decisions.bench.scans import scan_pdf

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "tests" / "fixtures" / "notices"
SAMPLES = ROOT / "tests" / "fixtures" / "samples"


def text_twin(stem: str, suffix: str) -> Path:
    """The text notice a PDF fixture prints: a real sample (sample_NNN_...) or a variant."""
    if stem.startswith("sample_"):
        return SAMPLES / f"{stem.removeprefix('sample_')}{suffix}"
    return NOTICES / f"{stem}{suffix}"


OUT = ROOT / "tests" / "fixtures" / "pdf"
PRODUCERS = ("reportlab", "chromium")

# variant name -> (text twin, what changes in the printed document, changes to the JSON)
LONG_CLAUSES = tuple(
    f"the {topic} workstream of the improvement plan be delivered by the corporate director "
    f"for children and young people, reporting quarterly to the improvement board on progress "
    f"against each milestone, the risks to delivery and the resources committed to it"
    for topic in (
        "leadership",
        "early help",
        "front door",
        "assessment",
        "child protection",
        "children in care",
        "care leavers",
        "fostering",
        "adoption",
        "workforce",
        "quality assurance",
        "partnership",
        "voice of the child",
        "commissioning",
        "performance",
        "practice model",
        "training",
        "recruitment",
        "retention",
        "governance",
    )
)
_LETTERS = "abcdefghijklmnopqrst"


def _long_decision() -> tuple[list[str], dict[str, Any]]:
    """A decision of twenty clauses, long enough to run onto the second page."""
    paragraphs = ["That:"] + [
        f"{letter}) {text};" if n < len(LONG_CLAUSES) - 1 else f"{letter}) {text}."
        for n, (letter, text) in enumerate(zip(_LETTERS, LONG_CLAUSES, strict=True))
    ]
    paragraphs[-2] = paragraphs[-2] + " and"
    clauses = [
        {
            "label": letter,
            "text": text + ("." if n == len(LONG_CLAUSES) - 1 else ""),
            "parent": None,
        }
        for n, (letter, text) in enumerate(zip(_LETTERS, LONG_CLAUSES, strict=True))
    ]
    return paragraphs, {"decision_text": " ".join(paragraphs), "clauses": clauses}


def _variants() -> dict[str, tuple[str, NoticeDocument, dict[str, Any]]]:
    """Each variant: its text twin's stem, the document to print, and the expected changes."""
    variants: dict[str, tuple[str, NoticeDocument, dict[str, Any]]] = {}

    def document(stem: str) -> NoticeDocument:
        return document_from_text(text_twin(stem, ".txt").read_bytes())

    key = "variant_cp1252_key_decision"
    variants["variant_key_decision"] = (key, document(key), {})
    member = "variant_utf8_bom_single_member_dot_clauses"
    variants["variant_single_cabinet_member"] = (member, document(member), {})
    slash = "variant_slash_dates_paren_letter_clauses"
    call_in = "Call-in expiry date (decisions are not subject to call-in where special urgency "
    call_in += "provisions apply)"
    variants["variant_slash_and_ordinal_dates"] = (
        slash,
        document(slash).with_row(call_in, ["3rd March 2023"]),
        {"call_in_expiry": "2023-03-03"},
    )
    paragraphs, changes = _long_decision()
    variants["variant_decision_over_page_break"] = (
        "sample_000_8f1dfd1b4376d4cb",
        document("sample_000_8f1dfd1b4376d4cb").with_row("Decision", paragraphs),
        changes,
    )
    return variants


def expected_for(stem: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The text twin's expected JSON with the variant's changes."""
    expected = json.loads(text_twin(stem, ".expected.json").read_text(encoding="utf-8"))
    expected["layout"] = "table"
    expected.update(changes)
    return expected


def scanned_pdf(pdf: bytes) -> bytes:
    """The first page of a PDF as an image in a PDF of its own: a scan, with no text layer."""
    import pypdfium2 as pdfium
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    document = pdfium.PdfDocument(pdf)
    image = document[0].render(scale=1.5).to_pil().convert("L")
    document.close()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.drawImage(ImageReader(image), 0, 0, width=A4[0], height=A4[1])
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def encrypted_pdf(document: NoticeDocument) -> bytes:
    """The notice as a PDF that opens only with a password."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    encryption = StandardEncryption("secret", "owner-secret")
    canvas = Canvas(out, pagesize=A4, encrypt=encryption, invariant=1)
    y = 800
    for line in (*document.header, *(label for label, _ in document.rows)):
        canvas.drawString(40, y, line)
        y -= 14
    canvas.save()
    return out.getvalue()


def not_a_notice_pdf() -> bytes:
    """A PDF with a text layer that is not a written statement of a decision."""
    document = NoticeDocument(
        header=("Minutes of the meeting of the Children and Young People Scrutiny Committee",),
        rows=(
            ("Present", ("Councillors A Ashdown, B Bevan and C Castellan",)),
            ("Apologies", ("Councillor D Driscoll",)),
        ),
        signature=(),
        footnotes=("The meeting ended at 4.15 pm.",),
    )
    return render_reportlab(document)


def borderless_pdf(document: NoticeDocument) -> bytes:
    """The notice's table printed without ruling lines: read from lines, not cells."""
    from reportlab.platypus import Table

    original = Table.setStyle

    def without_grid(self: Table, style: Any) -> None:
        original(self, [cmd for cmd in style.getCommands() if cmd[0] != "GRID"])

    Table.setStyle = without_grid  # type: ignore[method-assign]
    try:
        return render_reportlab(document)
    finally:
        Table.setStyle = original  # type: ignore[method-assign]


def write_fixtures(out: Path) -> list[Path]:
    """Write every PDF fixture and its expected JSON; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def save(name: str, data: bytes | str) -> None:
        path = out / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        written.append(path)

    # The samples are checked against their text twin's own expected JSON, so none is written.
    jobs: list[tuple[str, NoticeDocument, dict[str, Any] | None]] = [
        (f"sample_{text.stem}", document_from_text(text.read_bytes()), None)
        for text in sorted(SAMPLES.glob("*.txt"))
    ]
    for name, (stem, document, changes) in _variants().items():
        jobs.append((name, document, expected_for(stem, changes)))
    with ChromiumPrinter() as chromium:
        for name, document, expected in jobs:
            save(f"{name}.reportlab.pdf", render_reportlab(document))
            save(f"{name}.chromium.pdf", chromium.print_document(document))
            if expected is not None:
                text = json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
                save(f"{name}.expected.json", text)
    sample = document_from_text((SAMPLES / "001_aabf650a3fba3ef6.txt").read_bytes())
    borderless = expected_for("sample_001_aabf650a3fba3ef6", {"layout": "positional"})
    save("borderless_table.reportlab.pdf", borderless_pdf(sample))
    save("borderless_table.expected.json", json.dumps(borderless, indent=2) + "\n")
    good = render_reportlab(sample)
    save("bad_scanned.pdf", scanned_pdf(good))
    save("bad_encrypted.pdf", encrypted_pdf(sample))
    save("bad_truncated.pdf", good[: len(good) // 2])
    save("bad_not_a_notice.pdf", not_a_notice_pdf())
    # More producers and table styles, each document as its text twin prints it.
    producers = {name: document for name, document, _ in jobs}
    long = "variant_decision_over_page_break"
    written += write_producer_fixtures(
        out / "producers",
        {k: v for k, v in producers.items() if k.startswith("sample_") or k == long},
    )
    # Scans of two of them (a few, to keep the repository small; tests make more).
    scans = out / "scans"
    scans.mkdir(exist_ok=True)
    for name in ("sample_000_8f1dfd1b4376d4cb.reportlab", "sample_003_83578647f8bd2a97.chromium"):
        path = scans / f"{name}.scan.pdf"
        path.write_bytes(scan_pdf((out / f"{name}.pdf").read_bytes(), skew=1.0, seed=1))
        written.append(path)
    return written


def main() -> None:
    """Parse arguments and write the fixtures."""
    parser = argparse.ArgumentParser(prog="python -m decisions.bench.pdf_fixtures")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    for path in write_fixtures(args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()
