"""The facts of each source format, in one table: what every consumer asks about a format.

The folder import finds files by `suffixes`; the admin's upload form accepts those suffixes
and media types; the size check reads `max_bytes`; the import's parse pool sends a notice
to its worker processes only when `in_parse_pool` (a PDF's front end runs in a worker
process of its own, with a time limit); and the original download is served with
`media_type` under `<reference>.<download_suffix>`. Adding a format is its row here and
its front end in FRONT_ENDS (formats/__init__.py), besides its name in the SourceFormat
vocabulary (parsing/model.py, which the table is keyed by).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import SourceFormat

MEGABYTE = 1_000_000


@dataclass(frozen=True)
class FormatFacts:
    """What the archive knows about one source format, outside its front end."""

    suffixes: tuple[str, ...]  # file names a folder import and the upload form take
    media_type: str  # as served for download and accepted by the upload form
    download_suffix: str  # the original is downloaded as <reference>.<download_suffix>
    max_bytes: int  # larger files are refused before they are read
    in_parse_pool: bool  # parsed by the import's worker pool (else in its own worker)
    textual: bool  # text: served with "charset=utf-8" when it decodes as UTF-8
    plural: str  # what files of this format are called in messages: "PDFs are at most…"
    called: str  # what one original is called on its download link: "the original (PDF)"


FORMATS: dict[SourceFormat, FormatFacts] = {
    SourceFormat.PLAIN_TEXT: FormatFacts(
        suffixes=(".txt",),
        media_type="text/plain",
        download_suffix="txt",
        max_bytes=1 * MEGABYTE,
        in_parse_pool=True,
        textual=True,
        plural="notices",
        called="text file",
    ),
    SourceFormat.PDF: FormatFacts(
        suffixes=(".pdf",),
        media_type="application/pdf",
        download_suffix="pdf",
        max_bytes=20 * MEGABYTE,  # a PDF carries its fonts and images as well as the text
        in_parse_pool=False,
        textual=False,
        plural="PDFs",
        called="PDF",
    ),
    # A scan is a PDF: found and uploaded as one (no suffixes of its own), read by OCR.
    SourceFormat.OCR: FormatFacts(
        suffixes=(),
        media_type="application/pdf",
        download_suffix="pdf",
        max_bytes=20 * MEGABYTE,
        in_parse_pool=False,
        textual=False,
        plural="scanned PDFs",
        called="PDF",
    ),
    # A ModernGov decision page is harvested, never uploaded (no suffixes), and read by
    # its own front end (moderngov_page.py) straight into a ParsedNotice.
    SourceFormat.MODERNGOV: FormatFacts(
        suffixes=(),
        media_type="text/html",
        download_suffix="html",
        max_bytes=2 * MEGABYTE,
        in_parse_pool=True,
        textual=True,
        plural="ModernGov pages",
        called="ModernGov web page",
    ),
}


def facts_of(source_format: SourceFormat | str) -> FormatFacts:
    """The table's row for a format (a stored value such as "pdf" will do)."""
    return FORMATS[SourceFormat(source_format)]
