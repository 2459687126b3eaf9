"""How large a notice may be in each source format, and the one message for a file too large.

The limits are checked before any work is done on a file: by the front ends on the bytes
they are given, and by the import pipeline on a file's size before it is read.
"""

from __future__ import annotations

from ..model import SourceFormat

_MEGABYTE = 1_000_000

MAX_BYTES: dict[SourceFormat, int] = {
    SourceFormat.PLAIN_TEXT: 1 * _MEGABYTE,
    SourceFormat.PDF: 20 * _MEGABYTE,  # a PDF carries its fonts and images as well as the text
}
MAX_NOTICE_BYTES = MAX_BYTES[SourceFormat.PLAIN_TEXT]


def size_problem(size: int, source_format: SourceFormat) -> str | None:
    """'file is 1.6 MB; notices are at most 1 MB' for a file over its format's limit, else None."""
    limit = MAX_BYTES[source_format]
    if size <= limit:
        return None
    megabytes = f"{size / _MEGABYTE:.1f}"
    # A size that would round down to the limit itself is given exactly, in bytes.
    shown = f"{megabytes} MB" if float(megabytes) > limit / _MEGABYTE else f"{size:,} bytes"
    kind = "notices" if source_format == SourceFormat.PLAIN_TEXT else f"{source_format.label}s"
    return f"file is {shown}; {kind} are at most {limit / _MEGABYTE:g} MB"
