"""Admins add, edit and remove timeline events and members; the rules then leave them be."""

from __future__ import annotations

import pytest

from decisions.timelines.models import DecisionLink, Timeline, TimelineEvent, TimelineMembership
from decisions.timelines.services import reapply_timeline_rules, update_timelines
from tests.factories import make_decision

pytestmark = pytest.mark.django_db

OFSTED = {
    "title": "Inspection of children's services",
    "purpose": "To note the Ofsted inspection of children's services in July 2022 and the "
    "improvement plan.",
}


@pytest.fixture
def member():
    decision = make_decision(**OFSTED)
    update_timelines([decision.pk])
    return decision


def test_deleting_an_extracted_event_hides_it_for_good(admin_client_logged_in, member) -> None:
    event = TimelineEvent.objects.get(kind="inspection", decision=member)
    response = admin_client_logged_in.post(
        f"/admin/timelines/timelineevent/{event.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.hidden
    update_timelines([member.pk])
    assert not TimelineEvent.objects.visible().filter(kind="inspection").exists()


def test_an_event_an_admin_adds_is_marked_and_kept(admin_client_logged_in, member) -> None:
    timeline = Timeline.objects.get()
    response = admin_client_logged_in.post(
        "/admin/timelines/timelineevent/add/",
        {
            "timeline": timeline.pk,
            "date": "2024-02-21",
            "end_date": "2024-02-22",
            "precision": "day",
            "date_basis": "stated",
            "kind": "monitoring_visit",
            "title": "Ofsted monitoring visit",
            "decision": "",
            "clause": "",
            "source_sentence": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    added = TimelineEvent.objects.get(kind="monitoring_visit")
    assert added.origin == "admin"
    reapply_timeline_rules()
    assert TimelineEvent.objects.filter(pk=added.pk).exists()
    admin_client_logged_in.post(
        f"/admin/timelines/timelineevent/{added.pk}/delete/", {"post": "yes"}
    )
    assert not TimelineEvent.objects.filter(pk=added.pk).exists()


def test_editing_an_extracted_event_marks_it(admin_client_logged_in, member) -> None:
    event = TimelineEvent.objects.get(kind="inspection", decision=member)
    response = admin_client_logged_in.post(
        f"/admin/timelines/timelineevent/{event.pk}/change/",
        {
            "timeline": event.timeline_id,
            "date": "2022-07-11",
            "end_date": "2022-07-22",
            "precision": "day",
            "date_basis": "stated",
            "kind": "inspection",
            "title": "Ofsted ILACS inspection",
            "decision": member.pk,
            "clause": "",
            "source_sentence": event.source_sentence,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert event.edited_by_admin
    update_timelines([member.pk])
    event.refresh_from_db()
    assert (event.title, event.precision) == ("Ofsted ILACS inspection", "day")


def test_an_admin_dates_a_fact_by_a_notice_only_with_its_known_by_date(
    admin_client_logged_in, member
) -> None:
    form = {
        "timeline": Timeline.objects.get().pk,
        "date": "2022-09-29",
        "precision": "day",
        "date_basis": "inferred",
        "kind": "statutory_direction",
        "title": "Statutory direction issued",
        "decision": "",
        "clause": "",
        "source_sentence": "",
    }
    response = admin_client_logged_in.post("/admin/timelines/timelineevent/add/", form)
    assert response.status_code == 200
    assert b"An inferred or tied date needs the date it was known by." in response.content
    response = admin_client_logged_in.post(
        "/admin/timelines/timelineevent/add/", {**form, "known_by": "2022-09-29"}
    )
    assert response.status_code == 302
    added = TimelineEvent.objects.get(kind="statutory_direction")
    assert (added.date_basis, str(added.known_by)) == ("inferred", "2022-09-29")


def test_removing_a_member_in_the_timeline_admin_sticks(admin_client_logged_in, member) -> None:
    timeline = Timeline.objects.get()
    membership = TimelineMembership.objects.get()
    response = admin_client_logged_in.post(
        f"/admin/timelines/timeline/{timeline.pk}/change/",
        {
            "title": timeline.title,
            "slug": timeline.slug,
            "description": timeline.description,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": membership.pk,
            "memberships-0-timeline": timeline.pk,
            "memberships-0-decision": member.pk,
            "memberships-0-hidden": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    membership.refresh_from_db()
    assert (membership.hidden, membership.origin) == (True, "admin")
    update_timelines([member.pk])
    membership.refresh_from_db()
    assert membership.hidden
    assert not TimelineEvent.objects.visible().exists()


def test_deleting_a_rule_made_link_hides_it(admin_client_logged_in) -> None:
    link = DecisionLink.objects.create(
        timeline=Timeline.objects.get(), earlier=make_decision(), later=make_decision()
    )
    admin_client_logged_in.post(f"/admin/timelines/decisionlink/{link.pk}/delete/", {"post": "yes"})
    link.refresh_from_db()
    assert link.hidden


def test_a_timeline_admin_edit_changes_the_open_data_etag(admin_client_logged_in, member) -> None:
    before = admin_client_logged_in.get("/api/decisions/")["ETag"]
    modified = admin_client_logged_in.get(
        f"/api/decisions/herefordshire/{member.reference}/"
    ).json()["modified"]
    event = TimelineEvent.objects.get(kind="inspection", decision=member)

    response = admin_client_logged_in.post(
        f"/admin/timelines/timelineevent/{event.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert admin_client_logged_in.get("/api/decisions/")["ETag"] != before
    record = admin_client_logged_in.get(f"/api/decisions/herefordshire/{member.reference}/").json()
    assert record["modified"] > modified
    assert "inspection" not in [e["kind"] for e in record["events"]]


def test_a_membership_edit_changes_the_open_data_etag(admin_client_logged_in, member) -> None:
    timeline = Timeline.objects.get()
    membership = TimelineMembership.objects.get(decision=member)
    before = admin_client_logged_in.get("/decisions/export.csv")["ETag"]

    response = admin_client_logged_in.post(
        f"/admin/timelines/timeline/{timeline.pk}/change/",
        {
            "title": timeline.title,
            "slug": timeline.slug,
            "description": timeline.description,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": membership.pk,
            "memberships-0-timeline": timeline.pk,
            "memberships-0-decision": member.pk,
            "memberships-0-hidden": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert admin_client_logged_in.get("/decisions/export.csv")["ETag"] != before
