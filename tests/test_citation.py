"""The decision citation, a pure function of the record and the day it was read."""

from __future__ import annotations

from datetime import date

from decisions.citation import citation_text


def test_it_gives_maker_year_title_reference_date_address_and_access_date() -> None:
    text = citation_text(
        council="Herefordshire Council",
        reference="I50042913",
        title="Inspection of Herefordshire Children's Services.",
        decision_maker="Cabinet member children and young people",
        decision_date=date(2022, 9, 29),
        url="https://decisions.example.gov.uk/decisions/I50042913/",
        accessed=date(2026, 12, 1),
    )
    assert text == (
        "Herefordshire Council, Cabinet member children and young people (2022) Inspection "
        "of Herefordshire Children's Services. Decision I50042913, 29 September 2022. "
        "Cabinet decisions archive. Available at: "
        "https://decisions.example.gov.uk/decisions/I50042913/ (Accessed: 1 December 2026)."
    )


def test_it_names_the_council_executive_when_no_decision_maker_is_given() -> None:
    text = citation_text(
        council="Anyshire Council",
        reference="I1",
        title="Budget",
        decision_maker=" ",
        decision_date=date(2020, 1, 2),
        url="u",
        accessed=date(2020, 1, 3),
    )
    assert text.startswith(
        "Anyshire Council, executive (2020) Budget. Decision I1, 2 January 2020."
    )
