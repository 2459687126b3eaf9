"""The hand-off between a format's front end and the assembler: the notice as label/value rows.

A front end (one per source format, in formats/) reads a document into NoticeRows: each
template field's row with the line it starts on, the header, the signature block and the
document's text. The assembler (assemble.py) reads only NoticeRows, so it works the same
whatever the format, and a front end never decides what a field's value means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .model import SourceFormat

Row = tuple[int, tuple[str, ...]]  # (line number where the row starts, its value's cells)


@dataclass(frozen=True)
class NoticeRows:
    """The parts of a notice as a front end found them, each still as cells of text."""

    source_format: SourceFormat
    source_text: str  # the document as text: kept with the notice as its source
    fields: Mapping[str, Row] = field(default_factory=dict)  # field name -> its row
    header: str = ""  # the "Written statement of a … decision" line
    header_kind: str = ""  # "key", "non-key" or "" as the header says
    header_maker: str = ""  # the decision maker printed under or beside the header
    signature: str = ""  # the signature block joined into one line
    signature_line: int | None = None
    plain: str = ""  # every line as plain text, markup removed
    unlabelled: bool = False  # some rows had lost their labels
    continued: bool = False  # a row went on over tab-indented lines or past a blank line
    tab_rows: int = 0  # labelled rows whose label and value are separated by a tab
    html_markup: bool = False  # the rows hold bold, list or link markup (<b>, <li>, **)
    paragraph_markup: bool = False  # the rows hold <p> fragments
    table_rows: int = 0  # rows read straight from a table's label and value cells (PDF)
    positional: bool = False  # the table's rows were found from where the words sit
    # OCR: how sure the recognition was of each field (0-100), by ParsedNotice field name
    confidence: Mapping[str, float] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # how the file was read, for the import's report
