"""Timeline membership: the five real notices, and notice-like texts written to test the edges."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from decisions.parsing import parse_notice
from decisions.timelines.rules import (
    CHILDRENS_SERVICES_IMPROVEMENT,
    DecisionSummary,
    registered,
)
from tests.conftest import SAMPLES

ROOT = Path(__file__).resolve().parent.parent.parent
NOTICES = sorted(SAMPLES.glob("*.txt"))
CASES = sorted((ROOT / "tests" / "fixtures" / "membership").glob("*.json"))


def parse_timelines(
    *, title: str, purpose: str, decision_text: str, options_considered: str
) -> tuple[str, ...]:
    """The slugs of the registered timelines whose membership test takes these texts."""
    summary = DecisionSummary(
        reference="",
        decision_date=date.min,  # membership never reads the date
        title=title,
        purpose=purpose,
        clauses=(),
        options_considered=options_considered,
        decision_text=decision_text,
    )
    return tuple(rules.slug for rules in registered() if rules.is_member(summary))


@pytest.mark.parametrize("path", NOTICES, ids=[path.stem for path in NOTICES])
def test_it_puts_each_seed_notice_on_the_childrens_services_timeline(path: Path) -> None:
    notice = parse_notice(path.read_bytes())
    timelines = parse_timelines(
        title=notice.title,
        purpose=notice.purpose,
        decision_text=notice.decision_text,
        options_considered=notice.options_considered,
    )
    assert timelines == (CHILDRENS_SERVICES_IMPROVEMENT,)


@pytest.mark.parametrize("path", CASES, ids=[path.stem for path in CASES])
def test_it_decides_membership_of_written_cases(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    timelines = parse_timelines(
        title=case["title"],
        purpose=case["purpose"],
        decision_text=case["decision_text"],
        options_considered=case["options_considered"],
    )
    assert timelines == tuple(case["expected"]), case["why"]


def test_it_needs_children_services_not_just_an_inspection() -> None:
    timelines = parse_timelines(
        title="Food hygiene inspection programme",
        purpose="To approve the food hygiene inspection programme and its improvement plan, "
        "following the Food Standards Agency audit that judged the service inadequate.",
        decision_text="That the programme be approved.",
        options_considered="",
    )
    assert timelines == ()


def test_it_needs_the_subject_to_be_improvement_not_a_passing_mention() -> None:
    timelines = parse_timelines(
        title="Children's services fostering allowances 2024/25",
        purpose="To set the allowances paid to foster carers for 2024/25.",
        decision_text="That the allowances be increased by 6.7%, as the Ofsted inspection and "
        "the improvement plan recommended.",
        options_considered="",
    )
    assert timelines == ()


def test_it_does_not_count_a_job_title_as_the_subject() -> None:
    timelines = parse_timelines(
        title="Ofsted inspection of the adult learning service: action plan",
        purpose="To approve the action plan answering the Ofsted inspection of adult learning, "
        "judged inadequate, and the monitoring visit that follows it.",
        decision_text="That the Corporate Director for Children and Young People and the "
        "Cabinet member children and families be consulted on the action plan.",
        options_considered="",
    )
    assert timelines == ()


def test_it_returns_an_empty_tuple_for_empty_text() -> None:
    assert parse_timelines(title="", purpose="", decision_text="", options_considered="") == ()


@pytest.mark.parametrize(
    ("title", "purpose"),
    [
        (
            "Response to the improvement notice for children's social care",
            "To agree the council's response to the notice.",
        ),
        (
            "Terms of reference for the commissioner appointed by the Secretary of State",
            "To agree the support the council gives the commissioner reviewing children's "
            "services.",
        ),
        (
            "Recommendations of the DfE adviser",
            "To agree the actions answering the adviser's review of children's social care.",
        ),
        (
            "Compliance with the direction under section 497A of the Education Act 1996",
            "To agree how the council complies with the direction on children's services.",
        ),
    ],
)
def test_a_title_naming_an_instrument_of_intervention_is_enough(title: str, purpose: str) -> None:
    timelines = parse_timelines(
        title=title,
        purpose=purpose,
        decision_text="That the report be agreed.",
        options_considered="",
    )
    assert timelines == (CHILDRENS_SERVICES_IMPROVEMENT,)


@pytest.mark.parametrize(
    ("title", "purpose"),
    [
        (
            "Response to the Children's Commissioner's report on children in care",
            "To note the report of the Children's Commissioner for England on the experiences "
            "of children in care, and the council's response for children's services.",
        ),
        (
            "Police and Crime Commissioner's precept",
            "To note the precept the Police and Crime Commissioner set, and its improvement plan.",
        ),
        (
            "Response to the improvement notice at the leisure centre",
            "To agree the works the Health and Safety Executive's improvement notice requires.",
        ),
    ],
)
def test_a_commissioner_or_notice_of_another_kind_is_not_an_intervention(
    title: str, purpose: str
) -> None:
    timelines = parse_timelines(
        title=title,
        purpose=purpose,
        decision_text="That the report be noted.",
        options_considered="",
    )
    assert timelines == ()


def test_funding_the_plan_counts_but_a_budget_that_funds_it_does_not() -> None:
    funding = {
        "purpose": "To approve £1 million to fund the delivery of the children's services "
        "improvement plan.",
        "decision_text": "That the funding be approved.",
        "options_considered": "",
    }
    assert parse_timelines(title="Improvement plan: funding for 2025/26", **funding) == (
        CHILDRENS_SERVICES_IMPROVEMENT,
    )
    assert parse_timelines(title="Revenue budget 2025/26", **funding) == ()
