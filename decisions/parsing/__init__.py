"""Parse a council's written statements of a decision: bytes in, frozen dataclasses out.

Pure Python with no Django import, so it can be tested and benchmarked on its own.
"""

from __future__ import annotations

from .errors import NoticeParseError
from .model import ParsedClause, ParsedNotice, SourceFormat
from .notice import parse_notice
from .text import MAX_NOTICE_BYTES

__all__ = [
    "MAX_NOTICE_BYTES",
    "NoticeParseError",
    "ParsedClause",
    "ParsedNotice",
    "SourceFormat",
    "parse_notice",
]
