"""Notices rendered as PDFs, as a council would publish them: a two-column table of
label and value cells, the header above it and the signature block and footnotes below.

Two producers, so the PDF front end is built for a family of PDFs and not for one:
reportlab (a report writer; rows that do not fit are split over the page break) and
Chromium printing an HTML page (as a browser's "Save as PDF" does). A notice's content comes
from its text extract: the text front end's rows, with markup removed, become the cells.

Dev and bench only: reportlab and Playwright are dev dependencies, imported when used.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

from decisions.parsing.fields import TEMPLATE
from decisions.parsing.formats.plain_text import read_notice_rows
from decisions.parsing.reference import find_issue_reference

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FOOTNOTES = (
    "- a record of any conflict of interest declared by any executive member who is "
    "consulted by the member which relates to the decision; and",
    "- in respect of any declared conflict of interest, a note of dispensation granted.",
)


@dataclass(frozen=True)
class NoticeDocument:
    """What a notice prints: header lines, (label, paragraphs) rows, signature, footnotes."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, tuple[str, ...]], ...]
    signature: tuple[str, ...]
    footnotes: tuple[str, ...] = FOOTNOTES

    def with_row(self, label: str, paragraphs: Sequence[str]) -> NoticeDocument:
        """The document with one row's paragraphs replaced (by its printed label)."""
        rows = tuple((lab, tuple(paragraphs) if lab == label else ps) for lab, ps in self.rows)
        return replace(self, rows=rows)


def document_from_text(data: bytes) -> NoticeDocument:
    """The printed document behind a text extract: its rows, each under its template label."""
    rows = read_notice_rows(data)
    header = [rows.header or "Written statement of a decision"]
    if rows.header_maker and rows.header_maker not in header[0]:
        header.append(rows.header_maker)
    reference = find_issue_reference(rows.plain)
    if reference:
        header.append(f"Issue reference: {reference}")
    printed = tuple(
        (label, tuple(rows.fields[name][1])) for name, label, _ in TEMPLATE if name in rows.fields
    )
    return NoticeDocument(tuple(header), printed, (rows.signature,) if rows.signature else ())


def render_reportlab(document: NoticeDocument) -> bytes:
    """The document as a PDF made by reportlab, with table rows split over page breaks."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11, spaceAfter=5)
    bold = ParagraphStyle("bold", parent=body, fontName="Helvetica-Bold")
    title = ParagraphStyle("title", parent=bold, fontSize=12, leading=15)

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(html.escape(text), style)

    story: list = [para(line, title if i == 0 else bold) for i, line in enumerate(document.header)]
    story.append(Spacer(1, 8))
    data = [
        [para(label, bold), [para(text, body) for text in paragraphs] or ""]
        for label, paragraphs in document.rows
    ]
    table = Table(data, colWidths=[130, 385], splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [table, Spacer(1, 12)]
    story += [para(line, body) for line in document.signature]
    story.append(Spacer(1, 8))
    story += [para(line, body) for line in document.footnotes]
    out = io.BytesIO()
    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=40,
        rightMargin=40,
        topMargin=40,
        bottomMargin=40,
        invariant=1,
    )
    pdf.build(story)
    return out.getvalue()


def document_html(document: NoticeDocument) -> str:
    """The document as an HTML page, the way a committee system shows a notice."""
    esc = html.escape
    rows = "".join(
        f"<tr><th scope='row'>{esc(label)}</th><td>"
        + "".join(f"<p>{esc(text)}</p>" for text in paragraphs)
        + "</td></tr>"
        for label, paragraphs in document.rows
    )
    header = "".join(
        f"<h1>{esc(line)}</h1>" if i == 0 else f"<p class='h'>{esc(line)}</p>"
        for i, line in enumerate(document.header)
    )
    # The signature block sits in a table of its own, as in many committee systems.
    signature = "".join(f"<tr><td>{esc(line)}</td></tr>" for line in document.signature)
    footnotes = "".join(f"<p>{esc(line)}</p>" for line in document.footnotes)
    style = (
        "body{font-family:'DejaVu Sans',sans-serif;font-size:9pt}"
        "h1{font-size:13pt}.h{font-weight:bold}"
        "table{border-collapse:collapse;width:100%;margin-bottom:12pt}"
        "th,td{border:0.5pt solid #000;vertical-align:top;text-align:left;padding:3pt}"
        "th{width:28%}p{margin:0 0 4pt 0}"
    )
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><style>{style}</style>"
        f"</head><body>{header}<table>{rows}</table><table class='sig'>{signature}</table>"
        f"{footnotes}</body></html>"
    )


class ChromiumPrinter:
    """Prints HTML pages to PDF with Debian's Chromium (one browser for many pages)."""

    def __enter__(self) -> ChromiumPrinter:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        self._page = self._browser.new_page()
        return self

    def print_document(self, document: NoticeDocument) -> bytes:
        """The document printed to an A4 PDF."""
        return self.print_html(document_html(document))

    def print_html(self, page: str) -> bytes:
        """An HTML page printed to an A4 PDF."""
        self._page.set_content(page)
        return self._page.pdf(
            format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"}
        )

    def __exit__(self, *exc: object) -> None:
        self._browser.close()
        self._playwright.stop()
