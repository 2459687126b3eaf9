"""One front end per source format: each turns a document's bytes into NoticeRows.

A front end knows how its format is decoded and where the rows, header and signature are;
it knows nothing about what a field's value means, which is the assembler's job. This
package also says which format a file is in (by its content first, then its name), which
file names a folder import looks for, and how large a file of each format may be.

Adding a format is one module here with a `read_notice_rows(data) -> NoticeRows` function,
and its entry in FRONT_ENDS; folder imports then look for its SUFFIXES too.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import NoticeParseError
from ..model import SourceFormat
from ..rows import NoticeRows
from . import pdf, plain_text
from .limits import MAX_BYTES, MAX_NOTICE_BYTES, size_problem

FrontEnd = Callable[[bytes | str], NoticeRows]

FRONT_ENDS: dict[SourceFormat, FrontEnd] = {
    SourceFormat.PLAIN_TEXT: plain_text.read_notice_rows,
    SourceFormat.PDF: pdf.read_notice_rows,
}
# The file names of each format, as a folder import finds them.
SUFFIXES: dict[SourceFormat, tuple[str, ...]] = {
    SourceFormat.PLAIN_TEXT: (".txt",),
    SourceFormat.PDF: (".pdf",),
}
PDF_MAGIC = pdf.PDF_MAGIC
# detect_format needs no more than this many bytes from the start of a file.
HEAD_BYTES = len(PDF_MAGIC)

__all__ = [
    "FRONT_ENDS",
    "HEAD_BYTES",
    "MAX_BYTES",
    "MAX_NOTICE_BYTES",
    "SUFFIXES",
    "FrontEnd",
    "detect_format",
    "notice_suffixes",
    "read_notice_rows",
    "size_problem",
]


def detect_format(data: bytes, name: str) -> SourceFormat:
    """The format a file is in: a PDF by its %PDF- signature whatever its name, else by suffix."""
    if data.startswith(PDF_MAGIC):
        return SourceFormat.PDF
    lowered = name.lower()
    for source_format, suffixes in SUFFIXES.items():
        if lowered.endswith(suffixes):
            return source_format
    return SourceFormat.PLAIN_TEXT


def notice_suffixes() -> tuple[str, ...]:
    """The suffixes of the files a folder import reads: those of every format with a front end."""
    return tuple(suffix for fmt in FRONT_ENDS for suffix in SUFFIXES[fmt])


def read_notice_rows(data: bytes | str, source_format: SourceFormat) -> NoticeRows:
    """Read a document with its format's front end; raise NoticeParseError when it has none."""
    source_format = SourceFormat(source_format)
    front_end = FRONT_ENDS.get(source_format)
    if front_end is None:
        raise NoticeParseError(f"{source_format.label} notices are not supported yet")
    return front_end(data)
