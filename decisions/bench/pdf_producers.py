"""More producers and table styles for the PDF fixtures: tables the ruling lines do not give.

Councils print the notice with whatever they have, so the positional reader is tested on:
- reportlab tables with no rules at all, with rules only between rows, with a narrow label
  column that wraps its labels, and with a grey header band and a "Page N of M" footer;
- Chromium printing the HTML table without borders (a browser's "Save as PDF");
- monospace "Label: value" listings printed through Ghostscript, by enscript and by groff.

Dev and bench only: reportlab, Chromium, enscript, groff and ghostscript are used here, in
the fixture generator, never when a notice is imported.
"""

from __future__ import annotations

import html
import io
import subprocess
import textwrap
from pathlib import Path
from typing import Any

from decisions.bench.pdf_render import NoticeDocument, document_html

COUNCIL = "Herefordshire Council"
LISTING_WIDTH = 78  # characters on a line of a monospace listing


def render_reportlab_styled(
    document: NoticeDocument,
    *,
    rules: str = "none",
    label_width: float = 130,
    running_lines: bool = False,
) -> bytes:
    """The notice printed by reportlab with the table style given.

    rules: "none" (no ruling lines), "rows" (a rule under each row only) or "grid".
    running_lines: a grey band with the council's name at the top of every page, and
    "Page N of M" at the foot.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11, spaceAfter=5)
    bold = ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold")
    title = ParagraphStyle("title", parent=bold, fontSize=12, leading=15)

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(html.escape(text), style)

    def build(total: int) -> tuple[bytes, int]:
        story: list[Any] = [
            para(line, title if i == 0 else bold) for i, line in enumerate(document.header)
        ]
        story.append(Spacer(1, 8))
        data = [
            [para(label, bold), [para(text, body) for text in paragraphs] or ""]
            for label, paragraphs in document.rows
        ]
        table = Table(data, colWidths=[label_width, 515 - label_width], splitInRow=1)
        style: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
        if rules == "grid":
            style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        elif rules == "rows":
            style.append(("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey))
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 12)]
        story += [para(line, body) for line in document.signature]
        story.append(Spacer(1, 8))
        story += [para(line, body) for line in document.footnotes]

        def decorate(canvas: Any, doc: Any) -> None:
            if not running_lines:
                return
            width, height = A4
            canvas.saveState()
            canvas.setFillColor(colors.lightgrey)
            canvas.rect(0, height - 30, width, 30, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            canvas.setFont("Helvetica-Bold", 10)
            canvas.drawString(40, height - 20, COUNCIL)
            canvas.setFont("Helvetica", 8)
            canvas.drawRightString(width - 40, 20, f"Page {doc.page} of {total}")
            canvas.restoreState()

        out = io.BytesIO()
        pdf = SimpleDocTemplate(
            out,
            pagesize=A4,
            leftMargin=40,
            rightMargin=40,
            topMargin=50 if running_lines else 40,
            bottomMargin=40,
            invariant=1,
        )
        pdf.build(story, onFirstPage=decorate, onLaterPages=decorate)
        return out.getvalue(), pdf.page

    data, pages = build(0)
    return build(pages)[0] if running_lines else data


def borderless_html(document: NoticeDocument) -> str:
    """The notice's HTML page with its table's borders taken away."""
    page = document_html(document)
    return page.replace("border:0.5pt solid #000", "border:none")


def listing_text(document: NoticeDocument) -> str:
    """The notice as a monospace listing: the header, `Label: value` lines, the signature.

    Long values wrap with a hanging indent, as a report writer's plain listing does.
    """
    lines: list[str] = [*document.header, ""]
    for label, paragraphs in document.rows:
        lines += textwrap.wrap(
            f"{label}: {' '.join(paragraphs)}",
            LISTING_WIDTH,
            subsequent_indent="    ",
            break_long_words=False,
            break_on_hyphens=False,
        )
    lines.append("")
    for line in (*document.signature, *document.footnotes):
        lines += textwrap.wrap(line, LISTING_WIDTH, break_long_words=False) or [""]
    return "\n".join(lines) + "\n"


def _latin1(text: str) -> bytes:
    """enscript and groff read Latin-1: typographic characters become their ASCII forms."""
    table = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})
    return text.translate(table).encode("latin-1", errors="replace")


def _ps2pdf(postscript: bytes) -> bytes:
    """PostScript to PDF through Ghostscript."""
    done = subprocess.run(
        ["ps2pdf", "-dDeterministic=true", "-sPAPERSIZE=a4", "-", "-"],
        input=postscript,
        capture_output=True,
        check=True,
    )
    return done.stdout


def render_enscript(document: NoticeDocument) -> bytes:
    """The listing printed by enscript (Courier 9 pt, no page header) through Ghostscript."""
    done = subprocess.run(
        ["enscript", "-B", "-q", "-f", "Courier9", "-M", "A4", "-p", "-"],
        input=_latin1(listing_text(document)),
        capture_output=True,
        check=True,
    )
    return _ps2pdf(done.stdout)


def render_groff(document: NoticeDocument) -> bytes:
    """The listing typeset by groff in a fixed-width font, through Ghostscript."""
    body = listing_text(document)
    escaped = "\n".join(
        ("\\&" if line.startswith((".", "'")) else "") + line.replace("\\", "\\e")
        for line in body.splitlines()
    )
    source = ".ft CR\n.ps 9\n.vs 11\n.nf\n" + escaped + "\n"
    done = subprocess.run(
        ["groff", "-Tps", "-P-pa4"],
        input=_latin1(source),
        capture_output=True,
        check=True,
    )
    return _ps2pdf(done.stdout)


# How a listing printer prints characters it has no glyph for, or prints differently: the
# fixtures' expected values are their text twin's with these changes, and nothing else.
LISTING_CHARACTERS = str.maketrans({"'": "’", "‘": "’", "–": "-", "—": "-", "“": '"', "”": '"'})

# style -> (how it is printed, the layout the parser names, whether characters change)
STYLES: dict[str, tuple[str, str, bool]] = {
    "borderless": ("reportlab, no ruling lines", "positional", False),
    "row-rules": ("reportlab, a rule under each row only", "positional", False),
    "wrapped-labels": ("reportlab, no rules, a narrow label column", "positional", False),
    "band-footer": ("reportlab grid, a header band and a page footer", "table", False),
    "band-footer-borderless": (
        "reportlab, band, footer, wrapped labels",
        "positional",
        False,
    ),
    "chromium-borderless": (
        "Chromium, the HTML table without borders",
        "positional",
        False,
    ),
    "enscript": ("a Label: value listing through enscript and Ghostscript", "", True),
    "groff": ("a Label: value listing through groff and Ghostscript", "", True),
}


def render_style(style: str, document: NoticeDocument, chromium: Any) -> bytes:
    """The document printed in one of STYLES (chromium: a ChromiumPrinter, for its style)."""
    if style == "borderless":
        return render_reportlab_styled(document)
    if style == "row-rules":
        return render_reportlab_styled(document, rules="rows")
    if style == "wrapped-labels":
        return render_reportlab_styled(document, label_width=62)
    if style == "band-footer":
        return render_reportlab_styled(document, rules="grid", running_lines=True)
    if style == "band-footer-borderless":
        return render_reportlab_styled(document, label_width=62, running_lines=True)
    if style == "chromium-borderless":
        return chromium.print_html(borderless_html(document))
    if style == "enscript":
        return render_enscript(document)
    if style == "groff":
        return render_groff(document)
    raise ValueError(f"unknown style {style!r}")


def write_producer_fixtures(out: Path, documents: dict[str, NoticeDocument]) -> list[Path]:
    """Print every document (by its fixture stem) in every style into out; return the paths."""
    from decisions.bench.pdf_render import ChromiumPrinter

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with ChromiumPrinter() as chromium:
        for stem, document in documents.items():
            for style in STYLES:
                path = out / f"{stem}.{style}.pdf"
                path.write_bytes(render_style(style, document, chromium))
                written.append(path)
    return written
