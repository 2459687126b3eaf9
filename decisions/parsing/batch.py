"""Parse many notices in one call: what a worker process runs beside the importer.

Pure, like the rest of the package, so a worker started with `spawn` imports the parser
and nothing of Django.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import NoticeParseError
from .model import ParsedNotice, SourceFormat
from .notice import parse_notice


def parse_each(
    items: Sequence[tuple[bytes, SourceFormat]],
) -> list[ParsedNotice | NoticeParseError]:
    """Each notice parsed, or the error that says why it could not be; in the given order."""
    results: list[ParsedNotice | NoticeParseError] = []
    for data, source_format in items:
        try:
            results.append(parse_notice(data, source_format=source_format))
        except NoticeParseError as error:
            results.append(error)
    return results
