"""Councillor names as printed in notices: normalising them and deciding when two
spellings ("JG Lester", "Jonathan Lester") are the same person. Pure Python."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_TITLES = re.compile(r"^(?:councillor|cllr\.?|cllr|mr|mrs|ms|miss|dr)\s+", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[A-Z]\.?){1,4}$")


@dataclass(frozen=True)
class PersonName:
    """A name split into given-name parts and a surname."""

    given: tuple[str, ...]  # full names ("Jonathan") or single letters for initials ("J", "G")
    surname: str

    @property
    def fullness(self) -> tuple[int, int]:
        """How complete the name is: full given names beat initials, then more parts win."""
        return (sum(len(part) > 1 for part in self.given), len(self.given))


def strip_format_characters(text: str) -> str:
    """Drop invisible formatting characters (Unicode category Cf): bidi overrides and
    isolates, zero-width spaces and joiners, soft hyphens. In a name they only make a
    look-alike of another name ('Jonathan Lester' with an RTL override inside)."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


# Both are pure and called for every notice and, on each chunk of an import, for every
# councillor the registry loads: the same few thousand names, over and over.
@lru_cache(maxsize=65_536)
def clean_name(raw: str) -> str:
    """Strip titles and collapse whitespace: 'Councillor  Jonathan Lester' -> 'Jonathan Lester'."""
    name = " ".join(strip_format_characters(raw).replace("\u00a0", " ").split()).strip(" .,;:()")
    previous = None
    while previous != name:
        previous, name = name, _TITLES.sub("", name)
    return name


@lru_cache(maxsize=65_536)
def parse_person_name(raw: str) -> PersonName | None:
    """Split a printed name; initials written together ('JG') become separate letters."""
    parts = clean_name(raw).split()
    if not parts:
        return None
    *given_parts, surname = parts
    given: list[str] = []
    for part in given_parts:
        if _INITIALS.match(part):
            given.extend(letter for letter in part if letter.isalpha())
        else:
            given.append(part.strip("."))
    return PersonName(given=tuple(given), surname=surname)


def same_person(a: PersonName, b: PersonName) -> bool:
    """Same surname, compatible initials, and never two different full first names."""
    if a.surname.lower() != b.surname.lower():
        return False
    if not a.given or not b.given:
        return True
    for left, right in zip(a.given, b.given, strict=False):
        if left[0].lower() != right[0].lower():
            return False
        if len(left) > 1 and len(right) > 1 and left.lower() != right.lower():
            return False
    return True


def best_display_name(names: list[str]) -> str:
    """Pick the most complete spelling as the canonical name (ties: the first seen)."""
    best = names[0]
    best_score = (-1, -1)
    for name in names:
        parsed = parse_person_name(name)
        score = parsed.fullness if parsed else (-1, -1)
        if score > best_score:
            best, best_score = name, score
    return clean_name(best)


# Letters NFKD does not take apart into an ASCII letter and accents.
_ASCII_LETTERS = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d",
     "Đ": "D", "þ": "th", "Þ": "Th", "œ": "oe", "Œ": "OE", "ı": "i"}
)  # fmt: skip


def ascii_letters(name: str) -> str:
    """Spell a name in ASCII letters for a URL: 'Siân Davies' -> 'Sian Davies'."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_ASCII_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))
