"""The front end for plain-text notices: bytes to clean text, then the text's lines to rows.

Handles the notice as a whole before any field is looked at: decoding (UTF-8 with or
without a BOM, UTF-16 with a BOM, else Windows-1252), refusing empty, binary and oversized
files, repairing mojibake, and evening out line endings and odd whitespace. The cleaned
lines go to the line reader (lines.py), which knows nothing about encodings.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..errors import NoticeParseError
from ..lines import split_rows
from ..model import SourceFormat
from ..rows import NoticeRows
from .limits import MAX_NOTICE_BYTES, size_problem

_BOM = "\ufeff"
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _cp1252_char(byte: int) -> str:
    """The character a byte becomes when UTF-8 is wrongly read as Windows-1252."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined: latin-1 keeps them
        return chr(byte)


_TO_BYTE = {_cp1252_char(b): b for b in range(0x80, 0x100)}
_C1_AS_CP1252 = {b: _cp1252_char(b) for b in range(0x80, 0xA0)}
_CONT = "".join(re.escape(_cp1252_char(b)) for b in range(0x80, 0xC0))
# A UTF-8 lead byte followed by the right number of continuation bytes, all read as cp1252.
_MOJIBAKE_RE = re.compile(
    f"[\u00c2-\u00df][{_CONT}]|[\u00e0-\u00ef][{_CONT}]{{2}}|[\u00f0-\u00f4][{_CONT}]{{3}}|\u00c2 "
)
_MOJIBAKE_LEAD_RE = re.compile("[\u00c2-\u00f4]")

_WHITESPACE_TABLE = {
    **dict.fromkeys(map(ord, "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"), " "),
    **dict.fromkeys(map(ord, "\u2007\u2008\u2009\u200a\u202f\u205f\u3000"), " "),
    **dict.fromkeys(map(ord, "\x0b\x0c\x1c\x1d\x1e\x1f\x85\u2028\u2029"), " "),
    **dict.fromkeys(range(0x00, 0x09), " "),
    **dict.fromkeys(range(0x0E, 0x1C), " "),
    **dict.fromkeys(range(0x7F, 0xA0), " "),  # DEL and the C1 controls: never text
    **dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None),
}

_ODD_CHAR_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in _WHITESPACE_TABLE) + "]")


def read_notice_rows(data: bytes | str) -> NoticeRows:
    """Read a plain-text notice into its rows; raise NoticeParseError when it is not text.
    A file that is not valid UTF-8 is read as Windows-1252, and its rows say so."""
    source, notes = decode_notice_noting(data)
    lines = clean_text(source).split("\n")
    rows = split_rows(lines, source_text=source, source_format=SourceFormat.PLAIN_TEXT)
    return replace(rows, notes=notes) if notes else rows


def decode_notice(data: bytes | str) -> str:
    """Decode a notice (UTF-8, else Windows-1252, else Latin-1) and drop a BOM; else raise."""
    return decode_notice_noting(data)[0]


def decode_notice_noting(data: bytes | str) -> tuple[str, tuple[str, ...]]:
    """The decoded notice, and a note when it was not valid UTF-8 (read as Windows-1252)."""
    notes: tuple[str, ...] = ()
    if isinstance(data, str):
        size = len(data) if len(data) * 4 <= MAX_NOTICE_BYTES else _utf8_size(data)
        _check_size(size)
        text = data
    else:
        _check_size(len(data))
        text, note = _decode_bytes(data)
        notes = (note,) if note else ()
    text = text.removeprefix(_BOM)
    if not text:
        raise NoticeParseError("file is empty")
    if "\x00" in text or _looks_binary(text):
        raise NoticeParseError("file looks binary, not text")
    if not text.strip():
        raise NoticeParseError("file has no text, only whitespace")
    return text, notes


def _utf8_size(text: str) -> int:
    """Size of the text in UTF-8 bytes, counting unpaired surrogates too."""
    return len(text.encode("utf-8", "surrogatepass"))


def _check_size(size: int) -> None:
    """Refuse empty and oversized files before doing any work on them."""
    if size == 0:
        raise NoticeParseError("file is empty")
    problem = size_problem(size, SourceFormat.PLAIN_TEXT)
    if problem is not None:
        raise NoticeParseError(problem)


def _decode_bytes(data: bytes) -> tuple[str, str]:
    """UTF-8 (with or without BOM) first, else Windows-1252 with Latin-1 for its gaps; with
    a note naming the first byte that is not UTF-8 when it came to that."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError as error:
        note = (
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}): "
            "read as Windows-1252"
        )
    # Windows-1252, keeping its five undefined bytes as their Latin-1 characters.
    return data.decode("latin-1").translate(_C1_AS_CP1252), note


def _looks_binary(text: str) -> bool:
    """True when control characters are common, as in images, archives or office files."""
    sample = text[:8192]
    controls = len(_CONTROL_RE.findall(sample))
    return controls > 8 and controls * 20 > len(sample)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252: 'â€“' -> '–', 'â€¢' -> '•', 'Â ' -> ' '."""
    if text.isascii() or not _MOJIBAKE_LEAD_RE.search(text):  # the full pattern scans slowly
        return text
    return _MOJIBAKE_RE.sub(_unmangle, text)


def _unmangle(match: re.Match[str]) -> str:
    """Re-encode one mangled sequence and decode it as UTF-8, keeping it when that fails."""
    chars = match.group()
    if chars == "\u00c2 ":
        return " "
    try:
        return bytes(_TO_BYTE[c] for c in chars).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return chars


def clean_text(text: str) -> str:
    """Repair mojibake, turn CRLF/CR into LF, odd spaces into spaces, drop zero-width chars."""
    text = repair_mojibake(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # str.translate is slow on long text, and most notices have no odd characters at all.
    return _ODD_CHAR_RE.sub(_replace_odd_char, text)


def _replace_odd_char(match: re.Match[str]) -> str:
    """The plain space (or nothing) an odd whitespace or control character becomes."""
    return _WHITESPACE_TABLE[ord(match.group())] or ""
