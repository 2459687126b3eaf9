"""Parse a council's written statements of a decision: bytes in, a ParsedNotice out.

This package owns only that step. A front end per source format (formats/) reads the
document into NoticeRows, and the assembler (assemble.py) turns the rows into frozen
dataclasses. Nothing here writes to a database or knows about the archive built from the
notices. Pure Python with no Django import, so it can be tested and benchmarked on its own.
"""

from __future__ import annotations

from .assemble import assemble_notice
from .errors import NoticeParseError
from .formats import MAX_NOTICE_BYTES
from .model import ParsedClause, ParsedNotice, SourceFormat
from .notice import parse_notice
from .rows import NoticeRows

__all__ = [
    "MAX_NOTICE_BYTES",
    "NoticeParseError",
    "NoticeRows",
    "ParsedClause",
    "ParsedNotice",
    "SourceFormat",
    "assemble_notice",
    "parse_notice",
]
