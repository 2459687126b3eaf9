"""Timeline membership, events and follow-up links, kept in step with imports and admins."""

from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from decisions.models import Decision
from decisions.timelines.models import DecisionLink, Timeline, TimelineEvent, TimelineMembership
from decisions.timelines.services import reapply_timeline_rules, update_timelines
from tests.conftest import ROOT, SAMPLES
from tests.factories import make_decision

pytestmark = pytest.mark.django_db

SLUG = "childrens-services-improvement"
NOTICE_FIXTURES = ROOT / "tests" / "fixtures" / "notices"


@pytest.fixture
def notices(tmp_path: Path) -> Path:
    """A writable copy of the seed notices, imported."""
    folder = tmp_path / "notices"
    shutil.copytree(SAMPLES, folder)
    call_command("import_notices", str(folder), stdout=io.StringIO())
    return folder


def reimport(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    call_command("import_notices", str(folder), stdout=io.StringIO())


def events_of(reference: str) -> list[tuple[str, str, str | None, str]]:
    return [
        (e.kind, e.date.isoformat(), e.end_date and e.end_date.isoformat(), e.precision)
        for e in TimelineEvent.objects.visible().filter(decision__reference=reference)
    ]


def test_the_data_migration_made_the_first_timeline() -> None:
    timeline = Timeline.objects.get(slug=SLUG)
    assert timeline.title == "Children's services improvement"


def test_every_seed_joins_the_childrens_services_timeline(notices: Path) -> None:
    members = TimelineMembership.objects.current().filter(timeline__slug=SLUG)
    assert members.count() == 5


def test_each_member_is_a_decision_event_with_its_first_clause(notices: Path) -> None:
    event = TimelineEvent.objects.get(kind="decision", decision__reference="I50043387")
    assert event.date == date(2022, 12, 15)
    assert event.clause.label == "a"
    assert event.title == "Ofsted Improvement Action Plan"


def test_events_lead_back_to_their_clause(notices: Path) -> None:
    deadline = TimelineEvent.objects.get(kind="deadline", decision__reference="I50043387")
    assert deadline.date == date(2022, 12, 20)
    assert deadline.clause.label == "c"
    assert "no later than 20 December 2022" in deadline.source_sentence
    assert ("inspection", "2025-11-10", "2025-11-21", "day") in events_of("I50053845")
    assert ("inspection", "2018-06-04", "2018-06-22", "day") in events_of("I50027300")


def test_follow_ups_link_the_seeds(notices: Path) -> None:
    links = set(DecisionLink.objects.values_list("earlier__reference", "later__reference"))
    assert links == {("I50042913", "I50043387"), ("I50052101", "I50053845")}


def test_unrelated_decisions_stay_off_the_timeline() -> None:
    litter = make_decision(
        title="Litter enforcement contract",
        purpose="To award a two-year contract for litter and dog-fouling enforcement.",
        clauses=("Cabinet approve the award of the litter enforcement contract.",),
    )
    update_timelines([litter.pk])
    assert not TimelineMembership.objects.exists()
    assert not TimelineEvent.objects.exists()


def test_an_admins_removal_survives_a_reimport(notices: Path) -> None:
    membership = TimelineMembership.objects.get(decision__reference="I50027300")
    membership.hidden = True
    membership.origin = "admin"
    membership.save()
    reimport(notices, "003_83578647f8bd2a97.txt", "24 October 2018", "26 October 2018")
    assert Decision.objects.get(reference="I50027300").call_in_expiry == date(2018, 10, 26)
    membership.refresh_from_db()
    assert membership.hidden
    assert events_of("I50027300") == []


def test_admin_event_changes_survive_a_reimport(notices: Path) -> None:
    edited = TimelineEvent.objects.get(kind="meeting", decision__reference="I50042913")
    edited.title = "Extraordinary full council"
    edited.edited_by_admin = True
    edited.save()
    hidden = TimelineEvent.objects.get(kind="deadline", decision__reference="I50042913")
    hidden.hidden = True
    hidden.save()
    added = TimelineEvent.objects.create(
        timeline=Timeline.objects.get(slug=SLUG),
        date=date(2024, 2, 21),
        end_date=date(2024, 2, 22),
        kind="monitoring_visit",
        title="Ofsted monitoring visit",
        origin="admin",
    )
    reimport(notices, "002_c2dc0a9885e8cadb.txt", "5 October 2022", "6 October 2022")
    edited.refresh_from_db()
    assert edited.title == "Extraordinary full council"
    hidden.refresh_from_db()
    assert hidden.hidden
    assert TimelineEvent.objects.filter(pk=added.pk).exists()
    assert (
        TimelineEvent.objects.filter(kind="deadline", decision__reference="I50042913").count() == 1
    )


def test_a_hidden_follow_up_link_is_not_recreated(notices: Path) -> None:
    link = DecisionLink.objects.get(earlier__reference="I50042913")
    link.hidden = True
    link.save()
    reapply_timeline_rules()
    assert DecisionLink.objects.get(pk=link.pk).hidden
    assert DecisionLink.objects.filter(earlier__reference="I50042913").count() == 1


def test_a_reimport_of_unchanged_notices_changes_no_events(notices: Path) -> None:
    before = list(TimelineEvent.objects.values_list("pk", "title", "date"))
    out = io.StringIO()
    # --reparse writes every notice again, so the refresh really runs over all five.
    call_command("import_notices", str(notices), "--reparse", stdout=out)
    assert "updated 5" in out.getvalue()
    assert list(TimelineEvent.objects.values_list("pk", "title", "date")) == before


def test_a_refresh_follows_a_tie_the_text_now_makes() -> None:
    decision = make_decision(
        title="Children's services improvement plan",
        purpose="To agree the children's services improvement plan answering the Ofsted "
        "judgement of inadequate.",
        decision_date=date(2022, 12, 15),
    )
    update_timelines([decision.pk])
    judgement = TimelineEvent.objects.get(kind="judgement")
    assert (judgement.date, judgement.date_basis, judgement.known_by, judgement.tied_to) == (
        date(2022, 12, 15),
        "inferred",
        date(2022, 12, 15),
        "",
    )
    decision.purpose += " It follows the inspection in July 2022."
    decision.save()
    update_timelines([decision.pk])
    judgement = TimelineEvent.objects.get(kind="judgement")
    assert (judgement.date, judgement.date_basis, judgement.known_by, judgement.tied_to) == (
        date(2022, 7, 1),
        "tied",
        date(2022, 12, 15),
        "inspection",
    )


def test_an_event_in_a_roman_sub_clause_links_to_that_sub_clause(tmp_path: Path) -> None:
    # The layout has a letter clause "i" and, under "j", a roman sub-clause "i" too.
    layout = NOTICE_FIXTURES / "variant_letters_past_h_with_roman_subclauses.txt"
    text = (
        layout.read_text(encoding="utf-8")
        .replace("Annual review of council-owned smallholdings", "Ofsted improvement plan")
        .replace(
            "To review the smallholdings estate and agree actions for the coming year.",
            "To agree the children's services improvement plan after the Ofsted inspection.",
        )
        .replace(
            "the condition survey results;",
            "the improvement plan be sent to Ofsted no later than 31 March 2023;",
        )
    )
    (tmp_path / "notice.txt").write_text(text, encoding="utf-8")
    call_command("import_notices", str(tmp_path), stdout=io.StringIO())

    deadline = TimelineEvent.objects.get(kind="deadline", date=date(2023, 3, 31))

    assert deadline.clause.text.startswith("the improvement plan be sent to Ofsted")
    assert (deadline.clause.key, deadline.clause.anchor) == ("j-i", "clause-j-i")
