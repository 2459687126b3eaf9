"""Month names have one table (parsing/dates.MONTHS): every date the archive writes reads it.

strftime's %B follows the process's locale; the table does not.
"""

from __future__ import annotations

from datetime import date

import pytest

from decisions.parsing import dates
from decisions.records import long_date
from decisions.timelines.display import format_event_date
from decisions.timelines.rules.events import extract_events
from decisions.timelines.rules.followups import _long_date

WELSH = (
    "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
    "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
)  # fmt: skip


def test_it_names_the_months_in_english() -> None:
    assert dates.MONTHS[0] == "January" and dates.MONTHS[11] == "December"
    assert dates.month_year(date(2022, 7, 1)) == "July 2022"


def test_every_written_date_reads_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dates, "MONTHS", WELSH)

    assert long_date(date(2022, 12, 21)) == "21 Rhagfyr 2022"
    assert format_event_date(date(2022, 7, 1), None, "month") == "Gorffennaf 2022"
    assert format_event_date(date(2025, 11, 30), date(2025, 12, 2), "day") == (
        "30 Tachwedd – 2 Rhagfyr 2025"
    )
    assert _long_date(date(2022, 12, 20), "day") == "20 Rhagfyr 2022"


def test_the_event_dates_read_every_spelling_of_the_table() -> None:
    for number, name in enumerate(dates.MONTHS, start=1):
        for spelling in {name, name[:3], "Sept" if number == 9 else name}:
            [event] = extract_events(
                decision_date=date(2024, 1, 10),
                purpose=f"The plan is due by 3 {spelling} 2024.",
                clauses=(),
                options_considered="",
            )
            assert event.date == date(2024, number, 3), spelling
