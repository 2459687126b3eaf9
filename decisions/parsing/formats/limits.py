"""How large a notice may be, and the one message for a file too large.

The limits are checked before any work is done on a file: by the front ends on the bytes
they are given, and by the import pipeline on a file's size before it is read. Each
format's limit is its `max_bytes` in the formats table (table.py).
"""

from __future__ import annotations

from ..model import SourceFormat
from .table import FORMATS, MEGABYTE

MAX_NOTICE_BYTES = FORMATS[SourceFormat.PLAIN_TEXT].max_bytes


def size_problem(size: int, source_format: SourceFormat) -> str | None:
    """'file is 1.6 MB; notices are at most 1 MB' for a file over its format's limit, else None."""
    facts = FORMATS[source_format]
    limit = facts.max_bytes
    if size <= limit:
        return None
    megabytes = f"{size / MEGABYTE:.1f}"
    # A size that would round down to the limit itself is given exactly, in bytes.
    shown = f"{megabytes} MB" if float(megabytes) > limit / MEGABYTE else f"{size:,} bytes"
    return f"file is {shown}; {facts.plural} are at most {limit / MEGABYTE:g} MB"
