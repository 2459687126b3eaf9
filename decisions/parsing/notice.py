"""The whole notice: the front end for its source format, then the assembler.

The front end (formats/) turns the document into NoticeRows and the assembler (assemble.py)
turns those rows into a ParsedNotice, so the fields are read the same way from every format.
"""

from __future__ import annotations

from .assemble import assemble_notice
from .formats import read_notice_rows
from .model import ParsedNotice, SourceFormat


def parse_notice(
    data: bytes | str, *, source_format: SourceFormat = SourceFormat.PLAIN_TEXT
) -> ParsedNotice:
    """Parse one written statement of a decision; raise NoticeParseError when it cannot."""
    return assemble_notice(read_notice_rows(data, source_format))
