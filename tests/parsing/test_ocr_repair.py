"""The repairs of text recognition's known mistakes on these notices; none adds a field."""

from __future__ import annotations

import pytest

from decisions.parsing.formats.ocr_repair import (
    join_url_spaces,
    repair_line,
    repair_list_labels,
    repair_reference,
)

URL = "http://councillors.herefordshire.gov.uk/mgIssueHistoryHome.aspx?IId=50042913"


@pytest.mark.parametrize(
    ("recognised", "repaired"),
    [
        (
            "at http://councillors. herefordshire.gov.uk/mgIssue HistoryHome.aspx?IId= 50042913",
            f"at {URL}",
        ),
        (
            "at http : //councillors.herefordshire.gov.uk/ mgIssueHistoryHome.aspx?IId=50042913",
            f"at {URL}",
        ),
        (f"see {URL}. Then the board", f"see {URL}. Then the board"),
    ],
)
def test_it_takes_the_spaces_out_of_a_url(recognised: str, repaired: str) -> None:
    assert join_url_spaces(recognised) == repaired


@pytest.mark.parametrize(
    ("recognised", "repaired"),
    [
        (URL.replace("mgIssue", "mglssue"), URL),
        (URL.replace("mgIssue", "mg1ssue"), URL),
        (URL.replace("mgIssue", "mglIssue"), URL),
        (URL.replace("mgIssue", "mglIssue"), URL),
        (URL.replace("IId=", "Ild="), URL),
        (URL.replace("IId=", "!ld="), URL),
        (URL.replace("IId=", "!D="), URL.replace("IId=", "ID=")),
        (URL.replace("IId=", "Il\\d="), URL),
        (URL.replace("IId=", "ld="), URL.replace("IId=", "Id=")),
        ("on 15 december 2022 and 3rd march 2023", "on 15 December 2022 and 3rd March 2023"),
        ("to Ofsted — this is not an option", "to Ofsted – this is not an option"),
    ],
)
def test_it_repairs_the_known_misreadings(recognised: str, repaired: str) -> None:
    assert repair_line(recognised) == repaired


def test_it_keeps_what_is_no_known_misreading() -> None:
    assert repair_line(URL) == URL
    assert repair_line(URL.replace("IId=", "Id=")) == URL.replace("IId=", "Id=")
    assert repair_line("in December 2022") == "in December 2022"
    assert repair_line("well—being") == "well—being"  # an unspaced dash is as printed


@pytest.mark.parametrize("misread", ["l50042913", "|50042913", "I 50042913"])
def test_it_reads_a_misread_i_of_the_reference_as_i(misread: str) -> None:
    assert repair_reference([f"Issue reference: {misread}"]) == ["Issue reference: I50042913"]


def test_it_reads_a_leading_1_as_the_i_only_when_the_url_agrees() -> None:
    agreeing = repair_reference(["Issue reference: 150042913", f"available at {URL}"])
    alone = repair_reference(["Issue reference: 150042913"])
    other = repair_reference(["Issue reference: 150042913", f"at {URL.replace('42913', '11111')}"])

    assert agreeing[0] == "Issue reference: I50042913"
    assert alone == ["Issue reference: 150042913"]
    assert other[0] == "Issue reference: 150042913"


@pytest.mark.parametrize(
    ("recognised", "repaired"),
    [
        ("j) x; k) y; |) z; m) w", "j) x; k) y; l) z; m) w"),
        ("k) y; 1) z", "k) y; l) z"),
        ("n) y; 0) z; p) w", "n) y; o) z; p) w"),
        ("a) y; |) z", "a) y; |) z"),  # b) comes after a): a | is no l here
        ("1) first; 2) second", "1) first; 2) second"),  # a numbered list is left alone
        ("see (1) above", "see (1) above"),
    ],
)
def test_it_repairs_a_clause_label_misread_as_a_look_alike(recognised: str, repaired: str) -> None:
    assert repair_list_labels(recognised) == repaired
