"""One front end per source format: each turns a document's bytes into NoticeRows.

A front end knows how its format is decoded and where the rows, header and signature are;
it knows nothing about what a field's value means, which is the assembler's job. This
package also says which format a file is in (by its content first, then its name); the
facts of each format (suffixes, media type, size limit, ...) are its row in FORMATS
(table.py), which the importer, the admin's upload form and the download read.

Adding a format is one module here with a `read_notice_rows(data) -> NoticeRows` function,
its entry in FRONT_ENDS, and its row in FORMATS.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import NoticeParseError
from ..model import SourceFormat
from ..rows import NoticeRows
from . import pdf, plain_text
from .limits import MAX_NOTICE_BYTES, size_problem
from .table import FORMATS, FormatFacts, facts_of

FrontEnd = Callable[[bytes | str], NoticeRows]

FRONT_ENDS: dict[SourceFormat, FrontEnd] = {
    SourceFormat.PLAIN_TEXT: plain_text.read_notice_rows,
    SourceFormat.PDF: pdf.read_notice_rows,
}
PDF_MAGIC = pdf.PDF_MAGIC
# detect_format needs no more than this many bytes from the start of a file.
HEAD_BYTES = len(PDF_MAGIC)

__all__ = [
    "FORMATS",
    "FRONT_ENDS",
    "HEAD_BYTES",
    "MAX_NOTICE_BYTES",
    "FormatFacts",
    "FrontEnd",
    "accepted_upload_types",
    "detect_format",
    "facts_of",
    "notice_suffixes",
    "read_notice_rows",
    "size_problem",
]


def detect_format(data: bytes, name: str) -> SourceFormat:
    """The format a file is in: a PDF by its %PDF- signature whatever its name, else by suffix."""
    if data.startswith(PDF_MAGIC):
        return SourceFormat.PDF
    lowered = name.lower()
    for source_format, facts in FORMATS.items():
        if lowered.endswith(facts.suffixes):
            return source_format
    return SourceFormat.PLAIN_TEXT


def notice_suffixes() -> tuple[str, ...]:
    """The suffixes of the files a folder import reads: those of every format with a front end."""
    return tuple(suffix for fmt in FRONT_ENDS for suffix in FORMATS[fmt].suffixes)


def accepted_upload_types() -> tuple[str, ...]:
    """What a file input accepts: every readable format's suffixes, then its media types."""
    media_types = dict.fromkeys(FORMATS[fmt].media_type for fmt in FRONT_ENDS)
    return (*notice_suffixes(), *media_types)


def read_notice_rows(data: bytes | str, source_format: SourceFormat) -> NoticeRows:
    """Read a document with its format's front end; raise NoticeParseError when it has none."""
    source_format = SourceFormat(source_format)
    front_end = FRONT_ENDS.get(source_format)
    if front_end is None:
        raise NoticeParseError(f"{source_format.label} notices are not supported yet")
    return front_end(data)
