"""Matching: the list page's own search over the run's new decisions, grouped alerts,
frequencies, and a bounded number of queries however many alerts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from decisions.alerts.emails import render_digest
from decisions.alerts.kinds import AlertKind, Frequency
from decisions.alerts.matching import queue_alerts
from decisions.alerts.models import ChangeEvent, OutboxMessage, Subscriber
from decisions.changes import decisions_changed
from decisions.vocabulary import ChangeKind
from tests.alerts.helpers import confirmed_alert
from tests.factories import first_council, make_councillor, make_decision

pytestmark = pytest.mark.django_db


def text_of(message: OutboxMessage) -> str:
    """The text part of a queued email, as it is rendered when sent."""
    return render_digest(message)["text"]


def arrive(**fields) -> int:
    """A decision the archive sees for the first time, as an import reports it."""
    decision = make_decision(**fields)
    decisions_changed([decision.pk], kind=ChangeKind.CREATED)
    return decision.pk


def test_the_derived_step_logs_each_change_but_not_a_restore() -> None:
    pk = arrive()
    decisions_changed([pk], kind=ChangeKind.CORRECTED)
    decisions_changed([pk], kind=ChangeKind.RESTORED)
    assert list(ChangeEvent.objects.values_list("kind", flat=True).order_by("pk")) == [
        "created",
        "corrected",
    ]


def test_a_search_alert_matches_as_the_list_page_does(client) -> None:
    confirmed_alert("a@example.org", querystring="q=school+transport")
    confirmed_alert("b@example.org", querystring="title=library&key=1")
    arrive(title="School transport policy", purpose="Home to school transport.")
    arrive(title="Library opening hours", is_key_decision=True)
    arrive(title="Library fines")  # not key

    assert queue_alerts().messages == 2

    for address, title in (("a@", "School transport"), ("b@", "Library opening hours")):
        text = text_of(OutboxMessage.objects.get(subscriber__email__startswith=address))
        assert title in text
    assert "Library fines" not in text_of(
        OutboxMessage.objects.get(subscriber__email="b@example.org")
    )
    # What the list page finds for the same query string:
    page = client.get("/decisions/?title=library&key=1").content.decode()
    assert "Library opening hours" in page and "Library fines" not in page


def test_a_decision_seen_before_the_alert_is_not_sent() -> None:
    arrive(title="Old school news")
    queue_alerts()
    confirmed_alert(querystring="q=school")
    assert queue_alerts().messages == 0


def test_changes_reach_only_alerts_that_ask_for_them() -> None:
    councillor = make_councillor("Diana Toynbee")
    pk = arrive(signatory=councillor)
    queue_alerts()
    confirmed_alert("plain@example.org", kind=AlertKind.COUNCILLOR, target="diana-toynbee")
    confirmed_alert(
        "changes@example.org",
        kind=AlertKind.COUNCILLOR,
        target="diana-toynbee",
        include_changes=True,
    )
    decisions_changed([pk], kind=ChangeKind.CORRECTED)

    assert queue_alerts().messages == 1
    assert "it was corrected" in text_of(
        OutboxMessage.objects.get(subscriber__email="changes@example.org")
    )


def test_a_daily_alert_waits_a_day_and_then_gets_everything_since() -> None:
    confirmed_alert(querystring="q=school", frequency=Frequency.DAILY)
    now = timezone.now()
    arrive(title="School one")
    assert queue_alerts(now=now).messages == 1
    arrive(title="School two")
    assert queue_alerts(now=now + timedelta(hours=1)).messages == 0
    arrive(title="School three")

    assert queue_alerts(now=now + timedelta(hours=24)).messages == 1

    latest = text_of(OutboxMessage.objects.latest("pk"))
    assert "School two" in latest and "School three" in latest and "School one" not in latest


def test_an_address_gets_one_email_holding_each_decision_once() -> None:
    councillor = make_councillor("Jonathan Lester")
    confirmed_alert(querystring="q=school")
    confirmed_alert(kind=AlertKind.COUNCILLOR, target="jonathan-lester")
    confirmed_alert(kind=AlertKind.COUNCIL, target="herefordshire")
    arrive(title="School meals", signatory=councillor)

    assert queue_alerts().messages == 1

    text = text_of(OutboxMessage.objects.get())
    assert text.count("School meals") == 1
    assert text.count("Why: ") == 3


def test_a_withdrawn_decision_is_not_announced_as_new() -> None:
    confirmed_alert(querystring="q=school")
    pk = arrive(title="School meals")
    decisions_changed([pk], kind=ChangeKind.WITHDRAWN)
    from decisions.models import Decision

    Decision.objects.filter(pk=pk).update(withdrawn_at=timezone.now())
    assert queue_alerts().messages == 0


def queries_to_match(n: int) -> list[str]:
    Subscriber.objects.all().delete()
    for i in range(n):
        confirmed_alert(f"reader{i}@example.org", querystring=f"q=school&year={2000 + i}")
        confirmed_alert(f"reader{i}@example.org", kind=AlertKind.COUNCIL, target="herefordshire")
        confirmed_alert(f"reader{i}@example.org", kind=AlertKind.COUNCILLOR, target=f"c-{i}")
    for i in range(3):
        arrive(title=f"School {i}")
    with CaptureQueriesContext(connection) as queries:
        queued = queue_alerts()
    assert queued.alerts_due == 3 * n and queued.messages == n
    return [query["sql"][:60] for query in queries]


def test_matching_takes_the_same_queries_for_1_and_50_alerts() -> None:
    # The lock, the run, the alerts, the events, one UNION of every search (up to 100),
    # one read of the candidates' councillors and councils, which of them are withdrawn,
    # the decisions, the subscribers,
    # the outbox and the alerts' new last run: none of them once an alert.
    one = queries_to_match(1)
    fifty = queries_to_match(50)
    assert len(one) == len(fifty) <= 14, fifty


def test_the_reused_filterset_gives_what_a_fresh_one_gives() -> None:
    from django.http import QueryDict

    from decisions.alerts.matching import _Searches
    from decisions.models import Decision
    from decisions.search.filters import DecisionFilter

    make_councillor("Diana Toynbee")
    for title, key in (("School meals", True), ("School roads", False), ("Library", True)):
        arrive(title=title, is_key_decision=key)
    arrive(title="Roads", signatory=make_councillor("Ann Other"))
    candidates = Decision.objects.published()
    reused = _Searches(candidates)
    for querystring in (
        "q=school",
        "date_from=31/02/2024",  # invalid: filters nothing, and must not leak into the next
        "q=school&key=1",
        "key=1",
        "q=-school",
        "councillor=ann-other",
        "title=roads&year=abc",
        "q=%22school+meals%22",
        "",
    ):
        fresh = DecisionFilter(QueryDict(querystring), queryset=candidates).matches
        assert sorted(reused.matches(querystring).values_list("pk", flat=True)) == sorted(
            fresh.values_list("pk", flat=True)
        ), querystring


def test_imported_text_and_the_search_are_escaped_in_the_html_part() -> None:
    from decisions.alerts.models import Subscriber as Address

    confirmed_alert(querystring="q=school&title=%3Cb%3Eschool")
    arrive(title="<b>School</b> <script>alert(1)</script>", purpose="School things.")
    queue_alerts()
    message = OutboxMessage.objects.get()
    message.subscriber = Address.objects.get()
    html = render_digest(message)["html"]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Title has: &lt;b&gt;school" in html


def test_a_timeline_alert_skips_a_decision_an_admin_removed_from_the_timeline() -> None:
    from decisions.timelines.models import Timeline, TimelineMembership

    timeline = Timeline.objects.create(council=first_council(), slug="meals", title="Meals")
    confirmed_alert(kind=AlertKind.TIMELINE, target=str(timeline.pk))
    kept, removed = arrive(title="School meals contract"), arrive(title="School meals fees")
    TimelineMembership.objects.create(timeline=timeline, decision_id=kept)
    TimelineMembership.objects.create(timeline=timeline, decision_id=removed, hidden=True)

    assert queue_alerts().messages == 1
    text = text_of(OutboxMessage.objects.get())
    assert "School meals contract" in text and "School meals fees" not in text
