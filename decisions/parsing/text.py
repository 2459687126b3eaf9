"""Bytes to clean text: decoding, mojibake repair, odd whitespace, and HTML/markdown fragments.

Handles the notice as a whole before any field is looked at, and turns each line into its
cells: the tab-separated columns of the PDF table, with HTML block boundaries (<p>, <li>, <br>)
treated as further cell boundaries and all markup removed.
"""

from __future__ import annotations

import html
import re

from .errors import NoticeParseError

MAX_NOTICE_BYTES = 1_000_000

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

_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b([^<>]*)>")
_ANCHOR_RE = re.compile(
    # The link text may hold other tags but not another link, so a stray <a> fails fast.
    r"""<a\b[^<>]*?\bhref\s*=\s*["']?([^"'\s<>]*)["']?[^<>]*>((?:[^<]|<(?!/?a\b))*)</a\s*>""",
    re.IGNORECASE,
)
_BLOCK_TAG_NAMES = (
    "p br div tr td th table tbody thead li ol ul dl dt dd blockquote hr h1 h2 h3 h4 h5 h6"
)
_BLOCK_TAGS = frozenset(_BLOCK_TAG_NAMES.split())
_LIST_TYPE_RE = re.compile(
    r"""list-style-type\s*:\s*([a-z-]+)|\btype\s*=\s*["']?([aAiI1])""", re.IGNORECASE
)
_LIST_START_RE = re.compile(r"""\bstart\s*=\s*["']?(\d{1,3})""", re.IGNORECASE)
_HAS_LABEL_RE = re.compile(r"\s*\(?(?:[a-zA-Z]|[ivxIVX]{1,5}|\d{1,2})[).](?:\s|$)")
_TYPE_STYLES = {"a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
_ROMANS = ("", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix")
_ROMAN_TENS = ("", "x", "xx", "xxx")


def decode_notice(data: bytes | str) -> str:
    """Decode a notice (UTF-8, else Windows-1252, else Latin-1) and drop a BOM; else raise."""
    if isinstance(data, str):
        size = len(data) if len(data) * 4 <= MAX_NOTICE_BYTES else _utf8_size(data)
        _check_size(size)
        text = data
    else:
        _check_size(len(data))
        text = _decode_bytes(data)
    text = text.removeprefix(_BOM)
    if not text:
        raise NoticeParseError("file is empty")
    if "\x00" in text or _looks_binary(text):
        raise NoticeParseError("file looks binary, not text")
    if not text.strip():
        raise NoticeParseError("file has no text, only whitespace")
    return text


def _utf8_size(text: str) -> int:
    """Size of the text in UTF-8 bytes, counting unpaired surrogates too."""
    return len(text.encode("utf-8", "surrogatepass"))


def _check_size(size: int) -> None:
    """Refuse empty and oversized files before doing any work on them."""
    if size == 0:
        raise NoticeParseError("file is empty")
    if size > MAX_NOTICE_BYTES:
        shown = f"{size / 1_000_000:.1f} MB" if size >= 1_050_000 else f"{size:,} bytes"
        raise NoticeParseError(f"file is {shown}; notices are at most 1 MB")


def _decode_bytes(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, else Windows-1252 with Latin-1 for its gaps."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Windows-1252, keeping its five undefined bytes as their Latin-1 characters.
    return data.decode("latin-1").translate(_C1_AS_CP1252)


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


def line_cells(line: str) -> list[str]:
    """Split a line into its non-empty cells: tab columns and HTML blocks, markup removed."""
    if "<" in line:
        line = html_to_tabbed(line)
    if "&" in line:
        line = html.unescape(line)
    if "**" in line:
        line = line.replace("**", "")
    if "\t" not in line:
        cell = " ".join(line.split())
        return [cell] if cell else []
    return [cell for cell in (" ".join(part.split()) for part in line.split("\t")) if cell]


def html_to_tabbed(fragment: str) -> str:
    """Replace HTML block tags by tabs, links by their text, and drop other tags."""
    if "</a" in fragment or "</A" in fragment:
        fragment = _ANCHOR_RE.sub(_anchor_text, fragment)
    out: list[str] = []
    lists: list[list] = []  # [style, counter] per open <ol>/<ul>
    pos = 0
    for match in _TAG_RE.finditer(fragment):
        out.append(fragment[pos : match.start()])
        pos = match.end()
        closing, name = match.group(1), match.group(2).lower()
        if name not in _BLOCK_TAGS:
            continue
        out.append("\t")
        if name in ("ol", "ul"):
            if closing:
                if lists:
                    lists.pop()
            else:
                lists.append([_list_style(name, match.group(3)), _list_start(match.group(3))])
        elif name == "li" and not closing and lists and lists[-1][0] not in ("none", "disc"):
            lists[-1][1] += 1
            end = fragment.find("<", pos)
            if not _HAS_LABEL_RE.match(fragment[pos : end if end >= 0 else None]):
                out.append(f"{_list_label(lists[-1][0], lists[-1][1])}) ")
    out.append(fragment[pos:])
    return "".join(out)


def _anchor_text(match: re.Match[str]) -> str:
    """A link becomes its visible text, or its address when the text is empty."""
    text = _TAG_RE.sub("", match.group(2)).strip()
    return f" {text or match.group(1)} "


def _list_style(name: str, attrs: str) -> str:
    """The numbering style of an HTML list: 'decimal', 'lower-alpha', 'none', 'disc', ..."""
    found = _LIST_TYPE_RE.search(attrs)
    if found and found.group(1):
        return found.group(1).lower()
    if found and found.group(2):
        return _TYPE_STYLES.get(found.group(2), "decimal")
    return "decimal" if name == "ol" else "disc"


def _list_start(attrs: str) -> int:
    """The counter value before the first item of a list (start="3" gives 2)."""
    found = _LIST_START_RE.search(attrs)
    return int(found.group(1)) - 1 if found else 0


def _list_label(style: str, number: int) -> str:
    """The label an HTML list shows for its n-th item."""
    if style in ("lower-alpha", "lower-latin", "upper-alpha", "upper-latin") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return letter.upper() if style.startswith("upper") else letter
    if style in ("lower-roman", "upper-roman") and 1 <= number < 40:
        roman = _ROMAN_TENS[number // 10] + _ROMANS[number % 10]
        return roman.upper() if style.startswith("upper") else roman
    return str(number)
