"""A decision withdrawn from the archive: every alert that asked for changes and matches
it hears so (search, councillor, council, timeline, decision), by its content; an alert
that did not ask hears nothing, and nobody is told of one that came and went unannounced."""

from __future__ import annotations

import pytest

from decisions.alerts.emails import render_digest
from decisions.alerts.kinds import AlertKind
from decisions.alerts.matching import queue_alerts
from decisions.alerts.models import OutboxMessage
from decisions.changes import decisions_changed
from decisions.models import Decision
from decisions.vocabulary import ChangeKind
from decisions.withdrawals import restore_decision, withdraw_decision
from tests.alerts.helpers import confirmed_alert
from tests.factories import first_council, make_councillor, make_decision

pytestmark = pytest.mark.django_db

REASON = "Published in error: it is another council's notice."


def arrive(**fields) -> Decision:
    decision = make_decision(**fields)
    decisions_changed([decision.pk], kind=ChangeKind.CREATED)
    return decision


def withdraw(decision: Decision) -> None:
    withdraw_decision(decision=decision, reason=REASON, user=None)


def text_for(address: str) -> str:
    message = OutboxMessage.objects.filter(subscriber__email=address).latest("pk")
    return render_digest(message)["text"]


def timeline_target(decision: Decision) -> str:
    from decisions.timelines.models import Timeline, TimelineMembership

    timeline = Timeline.objects.create(council=first_council(), slug="meals", title="Meals")
    TimelineMembership.objects.create(timeline=timeline, decision=decision)
    return str(timeline.pk)


@pytest.mark.parametrize(
    ("kind", "target", "querystring"),
    [
        (AlertKind.SEARCH, "", "q=school+meals"),
        (AlertKind.COUNCILLOR, "diana-toynbee", ""),
        (AlertKind.COUNCIL, "herefordshire", ""),
        (AlertKind.TIMELINE, "timeline", ""),
    ],
)
def test_an_alert_that_asked_for_changes_hears_of_a_withdrawal(
    client, kind, target, querystring
) -> None:
    decision = arrive(title="School meals", signatory=make_councillor("Diana Toynbee"))
    if kind == AlertKind.TIMELINE:
        target = timeline_target(decision)
    confirmed_alert(
        "changes@example.org",
        kind=kind,
        target=target,
        querystring=querystring,
        include_changes=True,
    )
    confirmed_alert("plain@example.org", kind=kind, target=target, querystring=querystring)
    assert queue_alerts().messages == 2  # both told it is new
    assert "Why: New: " in text_for("changes@example.org")

    withdraw(decision)

    assert queue_alerts().messages == 1
    text = text_for("changes@example.org")
    assert "School meals" in text
    assert ": it was withdrawn" in text and "New:" not in text
    assert "withdrawn from the archive on" in text
    link = f"/herefordshire/decisions/{decision.reference}/"
    assert link in text
    page = client.get(link)
    assert page.status_code == 410
    assert "This decision was withdrawn from the archive" in page.content.decode()
    assert REASON.split(":")[0] in page.content.decode()


def test_a_decision_alert_hears_of_its_withdrawal() -> None:
    decision = arrive(title="School meals")
    queue_alerts()
    confirmed_alert(kind=AlertKind.DECISION, target=str(decision.pk))
    withdraw(decision)
    assert queue_alerts().messages == 1
    assert "it was withdrawn" in text_for("reader@example.org")


def test_a_decision_that_came_and_went_in_one_run_is_never_announced() -> None:
    confirmed_alert(querystring="q=school", include_changes=True)
    withdraw(arrive(title="School meals"))
    assert queue_alerts().messages == 0


def test_a_withdrawn_decision_changed_later_is_not_sent_again() -> None:
    confirmed_alert(querystring="q=school", include_changes=True)
    decision = arrive(title="School meals")
    queue_alerts()
    withdraw(decision)
    queue_alerts()
    decisions_changed([decision.pk], kind=ChangeKind.CORRECTED)  # an admin's fix, unpublished
    assert queue_alerts().messages == 0


def test_a_restored_decision_is_news_of_a_change_not_of_a_withdrawal() -> None:
    confirmed_alert(querystring="q=school", include_changes=True)
    decision = arrive(title="School meals")
    queue_alerts()
    withdraw(decision)
    restore_decision(decision=decision, reason="It was ours after all.", user=None)

    assert queue_alerts().messages == 1
    text = text_for("reader@example.org")
    assert "its record changed" in text and "withdrawn" not in text
