"""Admins add a decision to a timeline and take one off it, in the timeline admin, and a
forced re-import (import_notices --reparse) keeps both."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from decisions.models import Decision
from decisions.timelines.models import Timeline, TimelineEvent, TimelineMembership
from tests.fixtures_archive import SAMPLES, import_seed_notices

pytestmark = pytest.mark.django_db

# A children's-services decision the rules leave off the timeline: an admin adds it.
SHORT_BREAKS = (
    Path(__file__).resolve().parent.parent
    / "fixtures"
    / "notices"
    / "variant_utf8_bom_single_member_dot_clauses.txt"
)
TAKEN_OFF = "I50027300"  # the 2018 ILACS outcome, on the timeline by the rules


@pytest.fixture
def archive() -> Timeline:
    import_seed_notices()
    call_command("import_notices", str(SHORT_BREAKS), stdout=StringIO())
    return Timeline.objects.get(slug="childrens-services-improvement")


def membership_form(timeline: Timeline, *, add: Decision | None = None, **hidden: bool) -> dict:
    """The timeline change form's POST: every membership as it is, `hidden` by reference,
    and a new row for `add`."""
    memberships = list(timeline.memberships.select_related("decision").order_by("pk"))
    data: dict[str, Any] = {
        "title": timeline.title,
        "slug": timeline.slug,
        "description": timeline.description,
        "memberships-TOTAL_FORMS": str(len(memberships) + (1 if add else 0)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    for n, membership in enumerate(memberships):
        data.update(
            {
                f"memberships-{n}-id": membership.pk,
                f"memberships-{n}-timeline": timeline.pk,
                f"memberships-{n}-decision": membership.decision_id,
            }
        )
        if hidden.get(membership.decision.reference, membership.hidden):
            data[f"memberships-{n}-hidden"] = "on"
    if add:
        n = len(memberships)
        data.update({f"memberships-{n}-timeline": timeline.pk, f"memberships-{n}-decision": add.pk})
    return data


def membership(reference: str) -> TimelineMembership:
    return TimelineMembership.objects.get(decision__reference=reference)


def test_an_added_and_a_removed_decision_survive_a_forced_reimport(
    admin_client_logged_in, archive
) -> None:
    short_breaks = Decision.objects.get(title__startswith="Short breaks")
    assert not TimelineMembership.objects.filter(decision=short_breaks).exists()

    response = admin_client_logged_in.post(
        f"/admin/timelines/timeline/{archive.pk}/change/",
        membership_form(archive, add=short_breaks, **{TAKEN_OFF: True}),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    added, removed = membership(short_breaks.reference), membership(TAKEN_OFF)
    assert (added.origin, added.hidden) == ("admin", False)
    assert (removed.origin, removed.hidden) == ("admin", True)

    call_command("import_notices", str(SAMPLES), str(SHORT_BREAKS), "--reparse", stdout=StringIO())

    added, removed = membership(short_breaks.reference), membership(TAKEN_OFF)
    assert (added.origin, added.hidden) == ("admin", False)
    assert (removed.origin, removed.hidden) == ("admin", True)
    on_page = admin_client_logged_in.get("/herefordshire/timelines/childrens-services-improvement/")
    html = on_page.content.decode()
    assert f"/herefordshire/decisions/{short_breaks.reference}/" in html
    assert f"/herefordshire/decisions/{TAKEN_OFF}/" not in html
    assert TimelineEvent.objects.visible().filter(decision=short_breaks).exists()
    assert not TimelineEvent.objects.visible().filter(decision__reference=TAKEN_OFF).exists()


def test_putting_a_removed_decision_back_sticks(admin_client_logged_in, archive) -> None:
    url = f"/admin/timelines/timeline/{archive.pk}/change/"
    admin_client_logged_in.post(url, membership_form(archive, **{TAKEN_OFF: True}))
    response = admin_client_logged_in.post(url, membership_form(archive, **{TAKEN_OFF: False}))
    assert response.status_code == 302
    call_command("import_notices", str(SAMPLES), "--reparse", stdout=StringIO())
    assert (membership(TAKEN_OFF).origin, membership(TAKEN_OFF).hidden) == ("admin", False)


def test_adding_a_decision_already_on_the_timeline_is_a_form_error(
    admin_client_logged_in, archive
) -> None:
    already = Decision.objects.get(reference=TAKEN_OFF)
    response = admin_client_logged_in.post(
        f"/admin/timelines/timeline/{archive.pk}/change/", membership_form(archive, add=already)
    )
    assert response.status_code == 200
    assert "Please correct the duplicate data for decision." in response.content.decode()
    assert TimelineMembership.objects.filter(decision=already).count() == 1
