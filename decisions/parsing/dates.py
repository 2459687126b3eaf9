"""Dates as notices write them: '15 December 2022', '12th January 2026', 'Sept', '23/02/2023'.

Used for the date of decision, the call-in expiry date and the date beside the signature.
Numeric dates are always day first, as in the UK.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# Every spelling of a month that notices use: full names and abbreviations such as "Sept".
_MONTH_WORD = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
# English month names, the archive's one table of them: fixed here, so that no wording
# depends on the process's locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def month_name(value: date) -> str:
    """'July': the date's month in English, whatever the process's locale."""
    return MONTHS[value.month - 1]


def month_year(value: date) -> str:
    """'July 2022'."""
    return f"{month_name(value)} {value.year}"


# A month's number from the first three letters of any spelling: "sept" and "Sep." are 9.
MONTH_NUMBERS = {name[:3].lower(): number for number, name in enumerate(MONTHS, start=1)}
_ORDINAL = r"(?:st|nd|rd|th)?"
DATE_PATTERN = (
    rf"(?<!\d)(?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})(?!\d)"
    rf"|(?<!\d)(?P<wd>\d{{1,2}}){_ORDINAL}\s*(?:of\s+)?(?P<wm>{_MONTH_WORD})\b\.?,?\s*"
    rf"(?P<wy>\d{{4}}|\d{{2}})(?!\d)"
    rf"|\b(?P<mm>{_MONTH_WORD})\b\.?\s+(?P<md>\d{{1,2}}){_ORDINAL},?\s+(?P<my>\d{{4}})(?!\d)"
    rf"|(?<!\d)(?P<nd>\d{{1,2}})\s?(?P<sep>[/.-])\s?(?P<nm>\d{{1,2}})\s?(?P=sep)\s?"
    rf"(?P<ny>\d{{4}}|\d{{2}})(?!\d)"
)
_DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE | re.ASCII)
_WEEKDAYS_RE = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b|[\s,.;:()-]+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMatch:
    """A date found in text: the words as written and the date they name."""

    text: str  # as written, e.g. "31 February 2022"
    value: date | None  # None when no such day exists
    start: int
    end: int


def find_date(text: str) -> DateMatch | None:
    """The first date written in the text, or None when it holds no date."""
    match = _DATE_RE.search(text)
    if match is None:
        return None
    return DateMatch(match.group(), _to_date(match), match.start(), match.end())


def is_only_date(text: str) -> bool:
    """True when the text is a date and nothing else but perhaps a weekday."""
    found = find_date(text)
    if found is None:
        return False
    rest = text[: found.start] + text[found.end :]
    return not _WEEKDAYS_RE.sub("", rest)


def _to_date(match: re.Match[str]) -> date | None:
    """Turn the groups of a date match into a date, or None when the day does not exist."""
    groups = match.groupdict()
    if groups["iy"]:
        year, month, day = int(groups["iy"]), int(groups["im"]), int(groups["id"])
    elif groups["wd"]:
        day, month, year = int(groups["wd"]), _month_number(groups["wm"]), groups["wy"]
        year = _full_year(year)
    elif groups["md"]:
        day, month, year = int(groups["md"]), _month_number(groups["mm"]), int(groups["my"])
    else:
        day, month, year = int(groups["nd"]), int(groups["nm"]), _full_year(groups["ny"])
    if not 1900 <= year <= 2199 or not 1 <= month <= 12 or day < 1:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_number(word: str) -> int:
    """The number of a month, however it is spelt ('Dec', 'December', 'sept')."""
    return MONTH_NUMBERS[word[:3].lower()]


def _full_year(digits: str) -> int:
    """Expand a two-digit year into this century (or the last, for 70 and above)."""
    year = int(digits)
    if len(digits) == 2:
        return year + (1900 if year >= 70 else 2000)
    return year
