"""The positional reader: a table's rows from where its words sit, with no ruling lines."""

from __future__ import annotations

from decisions.parsing.formats.positional import (
    CellRow,
    PageWords,
    Word,
    drop_running_items,
    drop_running_lines,
    is_label_start,
    page_lines,
    read_positional,
)

LABEL_X, VALUE_X, LINE = 40.0, 150.0, 12.0


def _line(y: float, label: str = "", value: str = "", x: float = LABEL_X) -> list[Word]:
    """Words at height y: label words from x, value words from the value column."""
    words: list[Word] = []
    for text, start in ((label, x), (value, VALUE_X)):
        cursor = start
        for part in text.split():
            width = 5.0 * len(part)
            words.append(Word(part, cursor, y, cursor + width, y + 10))
            cursor += width + 3
    return words


def _page(*lines: list[Word], height: float = 800.0) -> PageWords:
    return PageWords(600.0, height, tuple(word for line in lines for word in line))


def test_it_joins_a_label_wrapped_over_two_lines_before_matching_it() -> None:
    page = _page(
        _line(100, "Title", "Ofsted plan"),
        _line(112, "Decision", "Cabinet"),
        _line(124, "maker", "of the council"),
        _line(140, "Date of", "15 December 2022"),
        _line(152, "decision"),
        _line(170, "Decision", "That the plan be agreed"),
    )

    items = read_positional([page])

    assert items == [
        CellRow(("Title",), ("Ofsted plan",)),
        CellRow(("Decision", "maker"), ("Cabinet", "of the council")),
        CellRow(("Date of", "decision"), ("15 December 2022",)),
        CellRow(("Decision",), ("That the plan be agreed",)),
    ]


def test_it_carries_a_row_over_a_page_break_and_drops_running_lines() -> None:
    first = _page(
        _line(20, "Herefordshire Council"),
        _line(100, "Title", "Ofsted plan"),
        _line(112, "Purpose", "To agree"),
        _line(124, "Decision", "That: a) the plan"),
        _line(780, "Page 1 of 2"),
    )
    second = _page(
        _line(20, "Herefordshire Council"),
        _line(100, value="b) the budget"),
        _line(112, "Options considered", "None"),
        _line(780, "Page 2 of 2"),
    )

    items = read_positional([first, second])

    assert items == [
        CellRow(("Title",), ("Ofsted plan",)),
        CellRow(("Purpose",), ("To agree",)),
        CellRow(("Decision",), ("That: a) the plan", "b) the budget")),
        CellRow(("Options considered",), ("None",)),
    ]


def test_it_keeps_a_line_at_the_top_of_only_one_page() -> None:
    pages = [_page(_line(20, "Written statement of a decision")), _page(_line(20, "Other"))]
    lines = [line for n, page in enumerate(pages) for line in page_lines(page, n)]

    kept = drop_running_lines(pages, lines)

    assert [line.text for line in kept] == ["Written statement of a decision", "Other"]


def test_it_finds_no_table_when_no_value_column_holds_labelled_lines() -> None:
    page = _page(
        _line(100, "Title: Ofsted plan"),
        _line(112, "Purpose: To agree"),
        _line(124, "Decision: That the plan be agreed"),
    )

    assert read_positional([page]) is None


def test_it_tells_a_label_start_from_other_text() -> None:
    assert is_label_start("Decision")
    assert is_label_start("Call-in expiry date (decisions are")
    assert is_label_start(
        "General exception or special urgency (as defined in the cons", partial=True
    )
    assert not is_label_start("General exception or special urgency (as defined in the cons")
    assert not is_label_start("A notice was served")


def test_it_drops_a_grids_running_header_and_footer_but_not_the_notices_header() -> None:
    row = CellRow(("Title",), ("Ofsted plan",))
    pages = [
        ["Herefordshire Council", "Written statement of a decision", row, "Page 1 of 2"],
        ["Herefordshire Council", CellRow((), ("more",)), "Councillor: X", "Page 2 of 2"],
    ]

    assert drop_running_items(pages) == [
        "Written statement of a decision",
        row,
        CellRow((), ("more",)),
        "Councillor: X",
    ]
