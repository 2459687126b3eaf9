"""Timeline admins per council: a clerk given one council sees and changes only its timelines
and their memberships; posting to another council's is refused (403) and changes nothing, and
a timeline takes only its own council's decisions."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission

from decisions.councils import first_council, save_council
from decisions.models import Council, Decision
from decisions.timelines.models import Timeline, TimelineMembership
from tests.factories import make_decision
from tests.timelines.test_admin_membership import membership_form

pytestmark = pytest.mark.django_db

SLUG = "childrens-services-improvement"


@pytest.fixture
def two_timelines() -> tuple[Timeline, Timeline]:
    anyshire, _ = save_council("anyshire", name="Anyshire Council")
    ours, _ = Timeline.objects.update_or_create(  # the first council's, seeded
        council=first_council(), slug=SLUG, defaults={"title": "Ours"}
    )
    theirs = Timeline.objects.create(council=anyshire, slug=SLUG, title="Theirs")
    for timeline in (ours, theirs):
        decision = make_decision(council=timeline.council, decision_date=date(2024, 1, 1))
        TimelineMembership.objects.create(timeline=timeline, decision=decision)
    return ours, theirs


@pytest.fixture
def clerk(client, django_user_model, two_timelines):
    """A staff member given Herefordshire, who may curate timelines."""
    user = django_user_model.objects.create_user("clerk", password="pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="timelines",
            codename__in=[
                f"{action}_{model}"
                for action in ("view", "change", "add")
                for model in ("timeline", "timelinemembership")
            ],
        ),
        *Permission.objects.filter(codename="view_decision"),
    )
    first_council().admins.add(user)
    client.force_login(user)
    return client


def test_a_clerk_lists_only_their_councils_timelines(clerk, two_timelines) -> None:
    ours, theirs = two_timelines
    html = clerk.get("/admin/timelines/timeline/").content.decode()
    assert f"/admin/timelines/timeline/{ours.pk}/change/" in html
    assert f"/admin/timelines/timeline/{theirs.pk}/change/" not in html
    assert clerk.get(f"/admin/timelines/timeline/{ours.pk}/change/").status_code == 200
    assert clerk.get(f"/admin/timelines/timeline/{theirs.pk}/change/").status_code == 403


def test_a_clerk_cannot_change_another_councils_timeline_or_its_memberships(
    clerk, two_timelines
) -> None:
    _, theirs = two_timelines
    member = theirs.memberships.get()
    data = membership_form(theirs, **{member.decision.reference: True})
    data["title"] = "Renamed by a stranger"
    response = clerk.post(f"/admin/timelines/timeline/{theirs.pk}/change/", data)
    assert response.status_code == 403
    theirs.refresh_from_db()
    member.refresh_from_db()
    assert theirs.title == "Theirs"
    assert (member.hidden, member.origin) == (False, "rule")


def test_a_clerk_cannot_put_another_councils_decision_on_their_timeline(
    clerk, two_timelines
) -> None:
    ours, theirs = two_timelines
    stranger = theirs.memberships.get().decision
    response = clerk.post(
        f"/admin/timelines/timeline/{ours.pk}/change/", membership_form(ours, add=stranger)
    )
    assert response.status_code == 200  # the form again, with the error
    assert not TimelineMembership.objects.filter(timeline=ours, decision=stranger).exists()


def test_a_superuser_cannot_mix_councils_on_one_timeline(
    admin_client_logged_in, two_timelines
) -> None:
    ours, theirs = two_timelines
    stranger = theirs.memberships.get().decision
    response = admin_client_logged_in.post(
        f"/admin/timelines/timeline/{ours.pk}/change/", membership_form(ours, add=stranger)
    )
    assert response.status_code == 200
    assert "another council&#x27;s" in response.content.decode()
    assert not TimelineMembership.objects.filter(timeline=ours, decision=stranger).exists()


def test_a_clerk_adds_timelines_only_to_their_council(clerk, two_timelines) -> None:
    _, theirs = two_timelines
    form = {
        "title": "Street cleanliness",
        "slug": "street-cleanliness",
        "description": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    page = clerk.get("/admin/timelines/timeline/add/").content.decode()
    assert "Anyshire Council" not in page
    refused = clerk.post("/admin/timelines/timeline/add/", {**form, "council": theirs.council.pk})
    assert refused.status_code == 200
    assert not Timeline.objects.filter(slug="street-cleanliness").exists()
    made = clerk.post("/admin/timelines/timeline/add/", {**form, "council": first_council().pk})
    assert made.status_code == 302
    assert Timeline.objects.get(slug="street-cleanliness").council == first_council()
    assert Council.objects.count() == 2 and Decision.objects.count() == 2
